// Tables and charts wider than the page scroll inside their box. A box that scrolls must be reachable from the
// keyboard (axe-core: scrollable-region-focusable), so each one that overflows gets a tab stop; one that fits
// gets none. Runs after Material has wrapped the Markdown tables.
(function () {
  var SELECTOR = ".rc-table, .rc-chart-wrap, .md-typeset__scrollwrap, .md-typeset table:not([class]), .tabbed-labels";
  function focusable() {
    document.querySelectorAll(SELECTOR).forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else if (box.getAttribute("tabindex") === "0") box.removeAttribute("tabindex");
    });
  }
  function start() { focusable(); window.addEventListener("resize", focusable); }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
