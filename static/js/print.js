/*
 * The "Print" button of the accountability report. Without JavaScript the button stays
 * hidden and the page tells readers to use the browser's print function instead.
 */
(function () {
  "use strict";

  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
