/*
 * Paragraph threads: progressive enhancement only. Every form works without this file.
 *
 * - a live character counter under each comment textarea (announced politely, after a pause)
 * - "Reply" opens the reply form inline (cloned from <template id="reply-template">)
 *   instead of going to the reply page
 * - support buttons and reply forms send with fetch and update the page in place; the
 *   server answers JSON when it sees the header "X-Requested-With: fetch"
 * - success messages stand beside the comment they are about, in a role="status" element,
 *   and are spoken: the one the server put there after an action, and those of the
 *   actions sent in place
 * - anything unexpected (network error, other status, no JSON) submits the form normally
 */
(function () {
  "use strict";

  var live = document.getElementById("comments-live");
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
  var ANNOUNCE_DELAY_MS = 900;
  var LOW_WARNING = 100;

  function announce(text) {
    if (!live || !text) return;
    // Clearing first makes screen readers repeat an identical message.
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  /* --- success messages beside their comment ---------------------------------------- */

  var MESSAGE_CLASS = "message message--success comment__message";

  // A live region speaks changes, not what it held when the page loaded: so its text is
  // put in (again) a moment after the region exists.
  function speak(region, text) {
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 100);
  }

  function showMessage(article, text) {
    if (!article || !text) return;
    var message = article.querySelector(".comment__message");
    if (!message) {
      message = document.createElement("p");
      message.className = MESSAGE_CLASS;
      message.setAttribute("role", "status");
      article.insertBefore(message, article.firstChild);
    }
    speak(message, text);
  }

  function speakLoadedMessages() {
    var messages = document.querySelectorAll(".comment__message[role=status]");
    for (var i = 0; i < messages.length; i++) speak(messages[i], messages[i].textContent);
  }

  /* --- character counter ------------------------------------------------------- */

  function counterParts(textarea) {
    var counter = document.getElementById(textarea.getAttribute("data-counter"));
    if (!counter || !counter.getAttribute("data-template")) return null;
    var spoken = counter.nextElementSibling;
    if (!spoken || !spoken.classList.contains("comment-counter__live")) {
      spoken = document.createElement("span");
      spoken.className = "comment-counter__live visually-hidden";
      spoken.setAttribute("aria-live", "polite");
      counter.insertAdjacentElement("afterend", spoken);
    }
    return { counter: counter, spoken: spoken };
  }

  function counterText(textarea, counter) {
    var max = parseInt(counter.getAttribute("data-max"), 10) || textarea.maxLength;
    var left = Math.max(0, max - textarea.value.length);
    counter.classList.toggle("comment-counter--low", left < LOW_WARNING);
    return counter.getAttribute("data-template").replace("%(count)s", numbers.format(left));
  }

  function updateCounter(textarea, speak) {
    var parts = counterParts(textarea);
    if (!parts) return;
    var text = counterText(textarea, parts.counter);
    parts.counter.textContent = text;
    window.clearTimeout(textarea._counterTimer);
    if (speak) {
      textarea._counterTimer = window.setTimeout(function () {
        parts.spoken.textContent = text;
      }, ANNOUNCE_DELAY_MS);
    }
  }

  function initCounters(root) {
    var areas = root.querySelectorAll("textarea[data-counter]");
    for (var i = 0; i < areas.length; i++) updateCounter(areas[i], false);
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("textarea[data-counter]")) {
      updateCounter(target, true);
    }
  });

  /* --- sending forms in place ---------------------------------------------------- */

  function send(form) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    return window.fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: {
        "X-Requested-With": "fetch",
        "X-CSRFToken": token ? token.value : "",
        "Accept": "application/json"
      }
    });
  }

  function readJson(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") === -1) throw new Error("not json");
    return response.json();
  }

  function submitNormally(form) {
    // HTMLFormElement.submit() does not fire "submit" again, so this cannot loop.
    HTMLFormElement.prototype.submit.call(form);
  }

  function toggleSupport(form) {
    return send(form).then(function (response) {
      if (!response.ok) throw new Error("status " + response.status);
      return readJson(response).then(function (data) {
        var button = form.querySelector("button[aria-pressed]");
        button.setAttribute("aria-pressed", data.supported ? "true" : "false");
        // The next press asks for the other state (sent twice, it changes nothing more).
        var wanted = form.querySelector("input[name=supported]");
        if (wanted) wanted.value = data.supported ? "0" : "1";
        var article = form.closest("article");
        var count = article && article.querySelector("[data-support-count]");
        // No "0 supports": the count shows only once there is one.
        if (count) {
          count.textContent = data.count ? data.count_text : "";
          count.hidden = !data.count;
        }
        showMessage(article, data.message);
      });
    });
  }

  function showError(form, message) {
    var textarea = form.querySelector("textarea");
    var errors = form.querySelector(".field__errors");
    if (!textarea || !errors) throw new Error("no error slot");
    errors.textContent = "";
    var item = document.createElement("li");
    item.textContent = message;
    errors.appendChild(item);
    errors.hidden = false;
    var field = errors.closest(".field");
    if (field) field.classList.add("field--error");
    textarea.setAttribute("aria-invalid", "true");
    var described = (textarea.getAttribute("aria-describedby") || "").split(/\s+/);
    if (described.indexOf(errors.id) === -1) described.unshift(errors.id);
    textarea.setAttribute("aria-describedby", described.join(" ").trim());
    textarea.focus();
    announce(message);
  }

  function clearError(form) {
    var textarea = form.querySelector("textarea");
    var errors = form.querySelector(".field__errors");
    if (errors) {
      errors.textContent = "";
      errors.hidden = true;
      var field = errors.closest(".field");
      if (field) field.classList.remove("field--error");
    }
    if (textarea) {
      textarea.removeAttribute("aria-invalid");
      if (errors) {
        var described = (textarea.getAttribute("aria-describedby") || "").split(/\s+/)
          .filter(function (id) { return id && id !== errors.id; });
        textarea.setAttribute("aria-describedby", described.join(" "));
      }
    }
  }

  function insertReply(form, data) {
    var parentItem = form.closest("li.comment-item");
    if (!parentItem) throw new Error("no thread");
    var list = null;
    for (var i = 0; i < parentItem.children.length; i++) {
      if (parentItem.children[i].classList.contains("comment-replies")) list = parentItem.children[i];
    }
    if (!list) {
      list = document.createElement("ol");
      list.className = "comment-replies";
      list.setAttribute("role", "list");
      parentItem.appendChild(list);
    }
    var template = document.createElement("template");
    template.innerHTML = data.html.trim();
    var item = template.content.firstElementChild;
    list.appendChild(item);
    initCounters(item);
    initReplyLinks(item);

    closeReply(form, false);
    var article = item.querySelector("article");
    showMessage(article, data.message);
    if (article) article.focus();
  }

  function sendReply(form) {
    return send(form).then(function (response) {
      return readJson(response).then(function (data) {
        if (response.status === 400 && data.error) {
          showError(form, data.error);
          return;
        }
        if (response.status !== 201 || !data.html) throw new Error("status " + response.status);
        insertReply(form, data);
      });
    });
  }

  /* --- inline reply forms ------------------------------------------------------------- */

  function newToken() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // a version 4 UUID
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = "";
    for (var i = 0; i < bytes.length; i++) hex += (bytes[i] + 0x100).toString(16).slice(1);
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  }

  var replyTemplate = document.getElementById("reply-template");

  function openReply(link) {
    var id = link.getAttribute("data-reply");
    var existing = document.getElementById("reply-" + id + "-text");
    if (existing) {
      existing.focus();
      return;
    }
    var box = replyTemplate.content.firstElementChild.cloneNode(true);
    // The template's ids carry the placeholder "reply-new"; make them unique per comment.
    var attributes = ["id", "for", "aria-describedby", "data-counter"];
    var elements = box.querySelectorAll("[id], [for], [aria-describedby], [data-counter]");
    for (var i = 0; i < elements.length; i++) {
      for (var j = 0; j < attributes.length; j++) {
        var value = elements[i].getAttribute(attributes[j]);
        if (value) elements[i].setAttribute(attributes[j], value.replace(/reply-new/g, "reply-" + id));
      }
    }
    var form = box.querySelector("form");
    form.action = link.href;
    // Each reply form gets a token of its own: a token is used once, for one comment.
    var submission = form.querySelector("input[name=submission]");
    if (submission) submission.value = newToken();
    box.setAttribute("data-reply-box", id);
    link.setAttribute("aria-expanded", "true");
    link.closest(".comment__actions").insertAdjacentElement("afterend", box);
    initCounters(box);
    box.querySelector("textarea").focus();
  }

  function closeReply(element, restoreFocus) {
    var box = element.closest("[data-reply-box]");
    if (!box) return;
    var link = document.querySelector('[data-reply="' + box.getAttribute("data-reply-box") + '"]');
    box.remove();
    if (link) {
      link.setAttribute("aria-expanded", "false");
      if (restoreFocus) link.focus();
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || !target.closest) return;
    var link = target.closest("a[data-reply]");
    if (link && replyTemplate && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      openReply(link);
      return;
    }
    var cancel = target.closest("[data-cancel-reply]");
    if (cancel) closeReply(cancel, true);
  });

  var handlers = { support: toggleSupport, reply: sendReply };

  // A form sent the ordinary way: its button rests until the next page, so that a second
  // click does not send it again (the server would find the first send by its token anyway).
  function holdButton(form) {
    var button = form.querySelector("button[type=submit]");
    if (!button) return;
    window.setTimeout(function () { button.disabled = true; }, 0);
    form.setAttribute("aria-busy", "true");
  }

  // Back to a page from the browser's cache: its buttons work again.
  window.addEventListener("pageshow", function () {
    var held = document.querySelectorAll("form.comment-form[aria-busy=true]");
    for (var i = 0; i < held.length; i++) {
      held[i].removeAttribute("aria-busy");
      var button = held[i].querySelector("button[type=submit]");
      if (button) button.disabled = false;
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var handler = form && form.getAttribute && handlers[form.getAttribute("data-enhance")];
    if (!handler || !window.fetch || !window.FormData) {
      if (form && form.classList && form.classList.contains("comment-form")) {
        if (form.getAttribute("aria-busy") === "true") {
          event.preventDefault();
          return;
        }
        holdButton(form);
      }
      return;
    }
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return;
    form.setAttribute("aria-busy", "true");
    // aria-disabled rather than disabled: a disabled button would lose the keyboard focus.
    var button = form.querySelector("button[type=submit]");
    if (button) button.setAttribute("aria-disabled", "true");
    handler(form)
      .catch(function () { submitNormally(form); })
      .then(function () {
        form.removeAttribute("aria-busy");
        if (button) button.removeAttribute("aria-disabled");
      });
  });

  // Reply links open a disclosure only when the inline form exists; say so up front.
  function initReplyLinks(root) {
    if (!replyTemplate) return;
    var links = root.querySelectorAll("a[data-reply]");
    for (var i = 0; i < links.length; i++) links[i].setAttribute("aria-expanded", "false");
  }

  initCounters(document);
  initReplyLinks(document);
  speakLoadedMessages();
})();
