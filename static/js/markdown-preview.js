/* The Markdown preview below a textarea, without reloading the page.

   Asks the staff-only preview endpoint, which renders with the site's own sanitising
   renderer (participation.markdown.render_markdown), shows the answer below the field and
   moves the focus there. Without this script the button submits the form, and pages that
   handle it render the preview on the server; elsewhere the button stays hidden. */
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-markdown-preview]").forEach((box) => {
    const button = box.querySelector("button[name=_preview]");
    const output = box.querySelector(".markdown-preview__output");
    const text = output.querySelector("[data-preview-text]");
    const form = button.form;
    const textarea = form.elements[button.value];
    button.addEventListener("click", async (event) => {
      event.preventDefault();
      const body = new FormData();
      body.append("content", textarea.value);
      body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
      const response = await fetch(box.dataset.markdownPreview, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "XMLHttpRequest" },
      });
      const html = response.ok ? await response.text() : "";
      if (html.trim()) {
        text.innerHTML = html; // sanitised by the site's allow-list renderer
      } else {
        const note = document.createElement("p");
        note.textContent = response.ok ? text.dataset.emptyText : text.dataset.errorText;
        text.replaceChildren(note);
      }
      output.hidden = false;
      output.focus();
    });
    button.hidden = false;
  });
});
