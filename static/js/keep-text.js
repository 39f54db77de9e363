/*
 * Keeps what a person types into a form marked with data-keep-text until the form has
 * really been sent. Progressive enhancement only: without it the error pages still show
 * the posted text (participation.views.kept_texts).
 *
 * - Every textarea of such a form is copied to sessionStorage while typing (this tab
 *   only; passwords and other inputs never are), under the form's address and the
 *   field's name.
 * - Sending the form marks its copy "sent". The page that follows decides: a page with a
 *   success message (.message--success; every comment action redirects to one) deletes
 *   the sent copies; any other page (an error page, the sign-in page, the form returned
 *   with a problem) keeps them as unsent.
 * - When a page shows such a form with an empty textarea and a copy exists, the text is
 *   filled in again and a note says so.
 * - A form a script sends in place (data-enhance, comments.js) keeps its text on the
 *   page; if that fails, the script sends it normally and the error page shows it. Its
 *   copy is dropped when the script takes it over.
 */
(function () {
  "use strict";

  var PREFIX = "keep-text:";
  var script = document.currentScript;
  var restoredNote = (script && script.getAttribute("data-restored")) || "";
  var storage;
  try {
    storage = window.sessionStorage;
    storage.getItem(PREFIX); // Throws where storage is blocked.
  } catch (error) {
    return;
  }

  function keyFor(textarea) {
    var form = textarea.form;
    if (!form || !form.hasAttribute("data-keep-text") || !textarea.name) return null;
    return PREFIX + new URL(form.action, window.location.href).pathname + "|" + textarea.name;
  }

  function read(key) {
    try {
      return JSON.parse(storage.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function write(key, text, sent) {
    try {
      if (text.trim()) storage.setItem(key, JSON.stringify({ text: text, sent: sent }));
      else storage.removeItem(key);
    } catch (error) {
      // Storage full or blocked: the error pages still show the text.
    }
  }

  function storedKeys() {
    var keys = [];
    for (var i = 0; i < storage.length; i++) {
      var key = storage.key(i);
      if (key && key.indexOf(PREFIX) === 0) keys.push(key);
    }
    return keys;
  }

  /* --- the page after a submission ---------------------------------------------------- */

  var succeeded = document.querySelector(".message--success") !== null;
  storedKeys().forEach(function (key) {
    var entry = read(key);
    if (!entry || !entry.sent) return;
    if (succeeded) storage.removeItem(key);
    else write(key, entry.text, false);
  });

  /* --- filling in again --------------------------------------------------------------- */

  function restore(textarea) {
    var key = keyFor(textarea);
    var entry = key && read(key);
    if (!entry || textarea.value.trim()) return;
    textarea.value = entry.text;
    var details = textarea.closest("details");
    if (details) details.open = true;
    if (!restoredNote || !textarea.id) return;
    var note = document.createElement("p");
    note.className = "field__help keep-text-note";
    note.id = textarea.id + "-restored";
    note.textContent = restoredNote;
    textarea.insertAdjacentElement("beforebegin", note);
    var described = textarea.getAttribute("aria-describedby");
    textarea.setAttribute("aria-describedby", (note.id + " " + (described || "")).trim());
  }

  var areas = document.querySelectorAll("form[data-keep-text] textarea");
  for (var i = 0; i < areas.length; i++) restore(areas[i]);

  /* --- typing and sending ------------------------------------------------------------- */

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!target || target.tagName !== "TEXTAREA") return;
    var key = keyFor(target);
    if (key) write(key, target.value, false);
  });

  // On window, after the document's listeners (comments.js): by then a form it sends in
  // place, or a second click it ignores, has its default prevented.
  window.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-keep-text")) return;
    var inPlace = form.hasAttribute("data-enhance");
    if (event.defaultPrevented && !inPlace) return;
    var fields = form.querySelectorAll("textarea");
    for (var j = 0; j < fields.length; j++) {
      var key = keyFor(fields[j]);
      if (!key) continue;
      if (event.defaultPrevented) storage.removeItem(key);
      else write(key, fields[j].value, true);
    }
  });
})();
