/* The Subscribe block's "Copy feed address" button: shown only where the browser can
   copy (the address stays visible as a plain link everywhere else). */
(function () {
  "use strict";
  function show(root) {
    if (!navigator.clipboard) return;
    root.querySelectorAll("[data-podsite-copy]").forEach(function (button) { button.hidden = false; });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-podsite-copy]");
    if (!button) return;
    var status = button.parentNode.querySelector(".podsite-copy__status");
    navigator.clipboard.writeText(button.getAttribute("data-podsite-copy")).then(
      function () { if (status) status.textContent = "Feed address copied"; },
      function () { if (status) status.textContent = "Could not copy: select the address above"; }
    );
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { show(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { show(document); });
  }
})();
