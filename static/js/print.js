/*
 * The accountability report on paper.
 *
 * The "Print" button: without JavaScript it stays hidden and the page tells readers to
 * use the browser's print function instead.
 *
 * The running title: report.css prints page numbers in the page margin; the title of the
 * report is the page's own, so it is added here as an @top-left margin box to that same
 * stylesheet (a rule added through the CSSOM needs no inline style, which the
 * Content-Security-Policy forbids). Without JavaScript the printout has the page
 * numbers, and the title on its first page only.
 */
(function () {
  "use strict";

  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  function cssString(text) {
    return '"' + text.replace(/[\\"]/g, "\\$&").replace(/\s+/g, " ").trim() + '"';
  }

  var report = document.querySelector("[data-running-title]");
  var link = document.querySelector("link[data-running-header]");
  if (!report || !link || !link.sheet) { return; }
  try {
    link.sheet.insertRule(
      "@page { @top-left { content: " + cssString(report.dataset.runningTitle) +
      "; font-size: 8pt; color: #333; } }",
      link.sheet.cssRules.length
    );
  } catch (error) {
    // A browser that does not know margin boxes rejects the rule: it prints without it.
  }
})();
