/* Site search with Pagefind: the header button (or "/") opens a dialog; the first
 * open loads pagefind.js from site/pagefind/ (nothing is loaded before), and the
 * results are drawn from the templates in partials/search.html.
 *
 * Results are deep links: each sub-result (a chapter, or the whole transcript when
 * the episode has no chapters) opens the page at the transcript line where the
 * best match was said (#t=HH:MM:SS, the line's id), and its title shows that time.
 *
 * Plain JavaScript, registered once; works with Material's instant navigation
 * (the dialog is part of every page, so it is looked up each time).
 */
(function () {
  "use strict";

  // site/assets/podsite/search.js -> site/pagefind/ and the site root, wherever the site is served
  var here = document.currentScript ? document.currentScript.src : location.href;
  var bundle = new URL("../../pagefind/", here).href;
  var siteRoot = new URL("../../", here).pathname;
  var PAGE = 5; // results drawn at a time ("More results" draws the next ones)
  var SUBRESULTS = 3; // the best-matching chapters of a result, shown in page order
  var engine = null;
  var current = { query: "", results: [], shown: 0, seq: 0 };

  function loadEngine() {
    if (!engine) {
      engine = import(bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ baseUrl: siteRoot }).then(function () {
          pagefind.init();
          return pagefind;
        });
      });
      engine.catch(function () { engine = null; }); // try again on the next open
    }
    return engine;
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

  function part(box, name) {
    return box.querySelector("[data-podsite-search-" + name + "]");
  }

  // Pagefind's excerpt is HTML with <mark> around the matched words: keep the text and
  // the marks, nothing else (parsed in an inert template, so nothing in it runs or loads).
  function fillExcerpt(el, html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html || "";
    el.textContent = "";
    tpl.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        el.appendChild(mark);
      } else {
        el.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function weight(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, w) { return sum + w.balanced_score; }, 0);
  }

  // The chapters worth showing under a result: not the page itself, the best few, in page order.
  function subResults(data) {
    var page = data.url.split("#")[0];
    var subs = (data.sub_results || []).filter(function (sub) { return sub.url !== page; });
    var order = subs.slice();
    var best = subs.slice().sort(function (a, b) { return weight(b) - weight(a); }).slice(0, SUBRESULTS);
    return order.filter(function (sub) { return best.indexOf(sub) >= 0; });
  }

  function drawResult(box, data) {
    var item = part(box, "result").content.firstElementChild.cloneNode(true);
    var link = item.querySelector("[data-link]");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    var subs = subResults(data);
    var excerpt = item.querySelector("[data-excerpt]");
    if (subs.length) excerpt.remove(); // each chapter below shows its own
    else fillExcerpt(excerpt, data.excerpt);
    var list = item.querySelector("[data-subresults]");
    subs.forEach(function (sub) {
      var row = part(box, "subresult").content.firstElementChild.cloneNode(true);
      var a = row.querySelector("[data-link]");
      a.href = sub.url;
      a.textContent = sub.title;
      fillExcerpt(row.querySelector("[data-excerpt]"), sub.excerpt);
      list.appendChild(row);
    });
    if (!subs.length) list.remove();
    return item;
  }

  // Draw the next PAGE results of the current query.
  function drawMore(box) {
    var seq = current.seq;
    var next = current.results.slice(current.shown, current.shown + PAGE);
    current.shown += next.length;
    var more = part(box, "more");
    more.hidden = true;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (all) {
      if (seq !== current.seq) return; // a newer query has been typed
      var list = part(box, "results");
      all.forEach(function (data) { list.appendChild(drawResult(box, deepLink(data))); });
      more.hidden = current.shown >= current.results.length;
    });
  }

  function say(box, text) {
    part(box, "message").textContent = text;
  }

  function runQuery(box, query) {
    var seq = ++current.seq;
    current.query = query;
    if (!query) {
      current.results = [];
      current.shown = 0;
      part(box, "results").textContent = "";
      part(box, "more").hidden = true;
      say(box, "");
      return Promise.resolve();
    }
    return loadEngine().then(function (pagefind) {
      return pagefind.debouncedSearch(query, {}, 250);
    }).then(function (search) {
      if (search === null || seq !== current.seq) return; // superseded by a newer query
      current.results = search.results;
      current.shown = 0;
      part(box, "results").textContent = "";
      var n = search.results.length;
      say(box, n ? n + (n === 1 ? " result" : " results") + " for \u201c" + query + "\u201d"
                 : "No results for \u201c" + query + "\u201d");
      return drawMore(box);
    }).catch(function (err) {
      say(box, "Search is not available: the search index was not found (" + err.message + ").");
    });
  }

  function open() {
    var box = dialog();
    if (!box) return;
    if (!box.open) box.showModal();
    var input = part(box, "input");
    if (!box.dataset.podsiteReady) {
      box.dataset.podsiteReady = "1";
      input.addEventListener("input", function () { runQuery(box, input.value.trim()); });
      part(box, "form").addEventListener("submit", function (ev) {
        ev.preventDefault(); // Enter opens the first result
        var first = box.querySelector(".podsite-search__result-link");
        if (first) first.click();
      });
      part(box, "more").addEventListener("click", function () { drawMore(box); });
    }
    input.focus();
    input.select();
    loadEngine().catch(function (err) {
      say(box, "Search is not available: the search index was not found (" + err.message + ").");
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
