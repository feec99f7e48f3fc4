// Progressive enhancement only: every page works without this script.
// - The market table refreshes itself (the same server-rendered fragment) every few seconds.
// - A live run page reloads when the run's status changes, and shows its progress meanwhile.
(function () {
  "use strict";
  var PERIOD = 3000;

  function marketLive() {
    var box = document.getElementById("market-live");
    if (!box) return;
    var status = document.getElementById("market-status");
    var last = box.innerHTML;
    function tick() {
      fetch(box.getAttribute("data-fragment"), { headers: { "Accept": "text/html" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html !== null && html !== last) {
            box.innerHTML = html;
            last = html;
            box.classList.remove("updated"); void box.offsetWidth; box.classList.add("updated");
            if (status) status.textContent = "Market table updated at " + new Date().toLocaleTimeString();
          }
        })
        .catch(function () {})
        .then(function () { setTimeout(tick, PERIOD); });
    }
    setTimeout(tick, PERIOD);
  }

  function runLive() {
    var box = document.getElementById("run-status");
    if (!box || !box.getAttribute("data-live")) return;
    var url = box.getAttribute("data-live");
    var progress = document.getElementById("progress");
    function tick() {
      fetch(url, { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (run) {
          if (!run) return setTimeout(tick, PERIOD);
          if (run.status !== "queued" && run.status !== "running") { window.location.reload(); return; }
          if (progress) progress.textContent = run.results_count + (run.total ? " of " + run.total : "") + " results so far";
          setTimeout(tick, PERIOD);
        })
        .catch(function () { setTimeout(tick, PERIOD); });
    }
    setTimeout(tick, PERIOD);
  }

  document.addEventListener("DOMContentLoaded", function () { marketLive(); runLive(); });
})();
