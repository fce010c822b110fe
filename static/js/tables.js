/* Tables wider than the screen scroll inside their `.table-wrap`. A region that scrolls must be reachable by keyboard
   (WCAG 2.1.1, axe's scrollable-region-focusable): while it scrolls it is focusable and named after its table;
   when it fits, it is not a tab stop. Re-checked on resize and after htmx swaps a table in. */
(function () {
  "use strict";
  function mark(root) {
    (root || document).querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        var table = wrap.querySelector("table");
        var labelledBy = table && table.getAttribute("aria-labelledby");
        var caption = table && table.caption ? table.caption.textContent.trim() : "";
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        if (labelledBy) {
          wrap.setAttribute("aria-labelledby", labelledBy);
        } else {
          wrap.setAttribute("aria-label", caption || table && table.getAttribute("aria-label") || "Table");
        }
      } else {
        ["tabindex", "role", "aria-labelledby", "aria-label"].forEach(function (name) { wrap.removeAttribute(name); });
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { mark(); });
  window.addEventListener("resize", function () { mark(); });
  document.addEventListener("htmx:afterSwap", function () { mark(); });
})();
