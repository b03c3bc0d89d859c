/* Site search with Pagefind: the header button (or "/") opens a dialog; the first
 * open loads Pagefind's own UI from site/pagefind/ (nothing is loaded before).
 *
 * Results are deep links: each sub-result (a chapter, or the whole transcript when
 * the episode has no chapters) opens the page at the transcript line where the
 * best match was said (#t=HH:MM:SS, the line's id), and its title shows that time.
 *
 * Plain JavaScript, registered once; works with Material's instant navigation.
 */
(function () {
  "use strict";

  // site/assets/podsite/search.js -> site/pagefind/ and the site root, wherever the site is served
  var here = document.currentScript ? document.currentScript.src : location.href;
  var bundle = new URL("../../pagefind/", here).pathname;
  var siteRoot = new URL("../../", here).pathname;
  var loading = null;
  var ui = null;

  function addScript(src) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      el.src = src;
      el.onload = resolve;
      el.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(el);
    });
  }

  function loadUI() {
    if (!loading) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = bundle + "pagefind-ui.css";
      document.head.appendChild(css);
      loading = addScript(bundle + "pagefind-ui.js");
    }
    return loading;
  }

  // "t=00:12:34" or "t=01:02:03-2" -> "12:34" / "1:02:03"
  function clockOf(id) {
    var m = /^t=(\d+):(\d{2}):(\d{2})/.exec(id);
    if (!m) return "";
    var h = parseInt(m[1], 10);
    return h ? h + ":" + m[2] + ":" + m[3] : parseInt(m[2], 10) + ":" + m[3];
  }

  // The transcript line (anchor with a t= id) that holds word `location`.
  function lineAt(lines, location) {
    var lo = 0, hi = lines.length - 1, found = null;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (lines[mid].location <= location) { found = lines[mid]; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  // The word of a sub-result that weighs most (the excerpt is built around it).
  function bestLocation(sub) {
    var best = null;
    (sub.weighted_locations || []).forEach(function (w) {
      if (!best || w.balanced_score > best.balanced_score) best = w;
    });
    if (best) return best.location;
    return sub.locations && sub.locations.length ? sub.locations[0] : null;
  }

  function deepLink(result) {
    var lines = (result.anchors || [])
      .filter(function (a) { return /^t=/.test(a.id || ""); })
      .sort(function (a, b) { return a.location - b.location; });
    if (!lines.length) return result;
    (result.sub_results || []).forEach(function (sub) {
      var location = bestLocation(sub);
      if (location === null) return;
      var line = lineAt(lines, location);
      // a match in the title or show notes comes before the first line: keep the heading link
      if (!line || (sub.anchor && line.location < sub.anchor.location)) return;
      sub.url = sub.url.split("#")[0] + "#" + line.id;
      sub.title = sub.title + " · " + clockOf(line.id);
    });
    return result;
  }

  function dialog() {
    return document.querySelector("dialog[data-podsite-search]");
  }

  function open() {
    var box = dialog();
    if (!box) return;
    if (!box.open) box.showModal();
    loadUI().then(function () {
      var target = box.querySelector("[data-podsite-search-ui]");
      if (!ui || !document.contains(target) || !target.firstChild) {
        ui = new window.PagefindUI({
          element: target,
          bundlePath: bundle,
          baseUrl: siteRoot,
          showSubResults: true,
          showImages: false,
          resetStyles: false,
          autofocus: true,
          processResult: deepLink
        });
      }
      var input = target.querySelector("input");
      if (input) input.focus();
    }).catch(function (err) {
      var target = box.querySelector("[data-podsite-search-ui]");
      target.textContent = "Search is not available: the search index was not found (" + err.message + ").";
    });
  }

  function close() {
    var box = dialog();
    if (box && box.open) box.close();
  }

  // Capture phase on window: runs even when another handler keeps the click from the document.
  window.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("[data-podsite-search-open]");
    if (button) { ev.preventDefault(); open(); return; }
    var box = dialog();
    if (!box || !box.open) return;
    if (ev.target === box) { close(); return; } // a click on the backdrop
    var link = ev.target.closest && ev.target.closest("a[href]");
    if (link && box.contains(link)) close(); // the result opens; the dialog goes away
  }, true);
  window.addEventListener("hashchange", close);

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var el = document.activeElement;
    if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
    ev.preventDefault();
    open();
  });
})();
