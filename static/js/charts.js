// Draws every chart on the page from its JSON data island (see templates/includes/chart.html).
(function () {
  function draw() {
    if (!window.Plotly) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var island = document.getElementById(el.getAttribute("data-chart"));
      if (!island || el.dataset.drawn) { return; }
      var spec = JSON.parse(island.textContent);
      el.dataset.drawn = "1";
      window.Plotly.newPlot(el, spec.data, spec.layout, { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"] });
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
  window.drawCharts = draw;
})();
