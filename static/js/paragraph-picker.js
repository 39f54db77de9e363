/* The paragraph picker of the response forms: a filter field above the checkboxes.

   Without this script every paragraph is listed as a labelled checkbox. With it, typing
   words shows only the paragraphs whose label or text contains all of them (checked ones
   stay visible), and a status line says how many are shown. */
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-paragraph-picker]").forEach((picker) => {
    const filter = picker.querySelector(".paragraph-picker__filter");
    const field = filter.querySelector("input[type=search]");
    const status = filter.querySelector("[role=status]");
    const items = Array.from(picker.querySelectorAll("li"));
    const normal = (text) => text.toLocaleLowerCase("de").normalize("NFKD").replace(/\p{M}/gu, "");
    const texts = items.map((item) => normal(item.textContent));
    const show = () => {
      const words = normal(field.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      items.forEach((item, index) => {
        const checked = item.querySelector("input").checked;
        const match = checked || words.every((word) => texts[index].includes(word));
        item.hidden = !match;
        shown += match ? 1 : 0;
      });
      picker.querySelectorAll("fieldset").forEach((group) => {
        group.hidden = !group.querySelector("li:not([hidden])");
      });
      status.textContent = words.length
        ? status.dataset.countText.replace("{shown}", shown).replace("{total}", items.length)
        : "";
    };
    field.addEventListener("input", show);
    // Enter in the filter field would submit the whole form.
    field.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
    filter.hidden = false;
  });
});
