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

// Django's inlines.js renumbers a formset's rows (their ids, names and "for") when a row is
// added or removed, but not aria-describedby: an added row's fields would name the help
// text of the hidden template row ("…-__prefix__-…_helptext"), a renumbered row's those of
// another row. Each field's description follows the field's own id again.
const followRowIds = (prefix) => {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const row = `${escaped}-(\\d+|__prefix__)-`;
  const group = document.getElementById(`${prefix}-group`);
  if (!group) {
    return;
  }
  group.querySelectorAll("[id][aria-describedby]").forEach((field) => {
    const own = field.id.match(new RegExp(row));
    if (own) {
      const described = field.getAttribute("aria-describedby");
      const renumbered = described.replace(new RegExp(row, "g"), `${prefix}-${own[1]}-`);
      field.setAttribute("aria-describedby", renumbered);
    }
  });
};
document.addEventListener("formset:added", (event) => followRowIds(event.detail.formsetName));
document.addEventListener("formset:removed", (event) => followRowIds(event.detail.formsetName));
