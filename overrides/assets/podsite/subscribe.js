/* The Subscribe block's "Copy feed address" button: shown only where the browser can
   copy (the address stays visible as a plain link everywhere else). */
(function () {
  "use strict";
  // the labels of the show's language, which player.js reads from assets/podsite/shell.js
  function tr(key) { return window.podsiteText ? window.podsiteText(key) : key; }
  function show(root) {
    if (!navigator.clipboard) return;
    root.querySelectorAll("[data-podsite-copy]").forEach(function (button) { button.hidden = false; });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-podsite-copy]");
    if (!button) return;
    var status = button.parentNode.querySelector(".podsite-copy__status");
    navigator.clipboard.writeText(button.getAttribute("data-podsite-copy")).then(
      function () { if (status) status.textContent = tr("feed_copied"); },
      function () { if (status) status.textContent = tr("feed_not_copied"); }
    );
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { show(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { show(document); });
  }
})();
