// The credit office dashboard's charts (templates/admin/core/dashboard.html). The data comes
// from json_script blocks, never from inline script (the Content-Security-Policy forbids it);
// each <canvas data-chart="ID"> draws the JSON of the element #ID. The tables on the page carry
// the same numbers, so nothing is lost where scripts do not run.
(function () {
  "use strict";
  function draw() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute("data-chart"));
      if (!source) {
        return;
      }
      var data = JSON.parse(source.textContent);
      var percent = data.unit === "%";
      new window.Chart(canvas, {
        type: data.type || "bar",
        data: {
          labels: data.labels,
          datasets: [{ label: data.label, data: data.values, backgroundColor: "#417690" }],
        },
        options: {
          animation: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, max: percent ? 100 : undefined, ticks: { precision: 0 } } },
        },
      });
      canvas.setAttribute("data-drawn", "true");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
