/* Fixes of markup that Django admin's own scripts make, for the staff area. */
"use strict";

// SelectFilter2 (the two-box choosers of groups and permissions) names its filter inputs
// through an aria-label on a role-less <span>, which ARIA does not allow. The same words
// as visually hidden text inside the <label> name the input as well. Its scripts run on
// "load" and were registered before this deferred one, so they have run by now.
window.addEventListener("load", () => {
  document.querySelectorAll("span.search-label-icon[aria-label]").forEach((icon) => {
    const text = document.createElement("span");
    text.className = "visually-hidden";
    text.textContent = icon.getAttribute("aria-label");
    icon.removeAttribute("aria-label");
    icon.after(text);
  });
});
