/* The episode player: timestamps and chapters seek the audio, deep links
 * (#t=HH:MM:SS or #t=<seconds>) land on a line, and the current line and
 * chapter are marked while the audio plays (follow-along without scrolling).
 *
 * Plain JavaScript, no dependencies. Works with Material's instant navigation:
 * the page is set up again on every `document$` emission, and links within the
 * episode page are kept from it (it would re-load the page and stop the audio).
 * Without JavaScript every timestamp is still an ordinary anchor link.
 */
(function () {
  "use strict";

  var page = null; // state of the episode page on screen

  function parseFragment(hash) {
    var value = decodeURIComponent((hash || "").replace(/^#/, ""));
    var m = /^t=(\d+(?:\.\d+)?)$/.exec(value);
    if (m) return { seconds: parseFloat(m[1]), id: null };
    m = /^t=(?:(\d+):)?(\d{1,2}):(\d{2})(?:-\d+)?$/.exec(value);
    if (m) {
      return {
        seconds: (parseInt(m[1] || "0", 10) * 3600) + parseInt(m[2], 10) * 60 + parseInt(m[3], 10),
        id: value
      };
    }
    return null;
  }

  function setup() {
    var audio = document.querySelector("audio[data-podsite-player]");
    if (!audio) { page = null; return; }
    var lines = Array.prototype.slice.call(document.querySelectorAll(".podsite-transcript span[data-t]"));
    var order = lines.map(function (el) { return { t: parseFloat(el.getAttribute("data-t")), el: el }; })
      .sort(function (a, b) { return a.t - b.t; });
    var chapters = Array.prototype.slice.call(document.querySelectorAll(".podsite-chapters li[data-chapter]"))
      .map(function (li) {
        var link = li.querySelector("[data-t]");
        return { t: parseFloat(link.getAttribute("data-t")), li: li, title: link.textContent.replace(/^\s*\S+\s*/, "") };
      });
    page = { audio: audio, order: order, chapters: chapters, current: null, chapter: null, pending: null,
      now: document.querySelector("[data-podsite-now]"), path: location.pathname };
    audio.addEventListener("timeupdate", follow);
    audio.addEventListener("seeked", follow);
    audio.addEventListener("loadedmetadata", function () {
      if (page && page.audio === audio && page.pending !== null) {
        audio.currentTime = page.pending;
        page.pending = null;
      }
    });
    audio.addEventListener("play", function () {
      if (page && page.audio === audio && page.pending !== null) {
        if (Math.abs(audio.currentTime - page.pending) > 0.5) audio.currentTime = page.pending;
        page.pending = null;
      }
    });
    landOnFragment(location.hash, false);
  }

  // the last line whose start is at or before t
  function lineAt(t) {
    if (!page) return null;
    var lo = 0, hi = page.order.length - 1, found = null;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (page.order[mid].t <= t + 0.001) { found = page.order[mid].el; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function follow() {
    if (!page) return;
    var t = page.audio.currentTime;
    var line = lineAt(t);
    if (line !== page.current) {
      if (page.current) page.current.classList.remove("podsite-playing");
      if (line) line.classList.add("podsite-playing");
      page.current = line;
    }
    var chapter = null;
    for (var i = 0; i < page.chapters.length; i++) {
      if (page.chapters[i].t <= t + 0.001) chapter = page.chapters[i];
    }
    if (chapter !== page.chapter) {
      if (page.chapter) { page.chapter.li.classList.remove("podsite-playing"); page.chapter.li.removeAttribute("aria-current"); }
      if (chapter) { chapter.li.classList.add("podsite-playing"); chapter.li.setAttribute("aria-current", "true"); }
      page.chapter = chapter;
      if (page.now) {
        page.now.hidden = !chapter;
        page.now.textContent = chapter ? "Now: " + chapter.title : "";
      }
    }
  }

  function mark(el) {
    var old = document.querySelectorAll(".podsite-target");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("podsite-target");
    if (el) el.classList.add("podsite-target");
  }

  // Scroll to the line a fragment names, mark it, and seek there on play.
  function landOnFragment(hash, play) {
    var frag = parseFragment(hash);
    if (!frag || !page) return;
    var el = (frag.id && document.getElementById(frag.id)) || lineAt(frag.seconds);
    if (el) {
      mark(el);
      el.scrollIntoView({ block: "center" });
    }
    seek(frag.seconds, play);
  }

  // Seek now if the audio knows its duration, else when it does (a seek kept
  // waiting after it happened would pull a later resume back to this moment).
  function seek(seconds, play) {
    var audio = page.audio;
    if (audio.readyState >= 1) {
      audio.currentTime = seconds;
      page.pending = null;
    } else {
      page.pending = seconds;
    }
    if (play) {
      var p = audio.play();
      if (p && p.catch) p.catch(function () { /* autoplay refused: the pending seek waits for the play button */ });
    }
    follow();
  }

  // A link to this very page (Material's instant navigation makes every href absolute).
  function onThisPage(link) {
    var url = new URL(link.href, location.href);
    return url.origin === location.origin && url.pathname === location.pathname && url.search === location.search
      ? url : null;
  }

  // One listener for the whole site, registered once; it works on whatever page is on screen.
  window.addEventListener("click", function (ev) {
    if (!page || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    var link = ev.target.closest && ev.target.closest("a[href]");
    if (!link || !document.contains(link) || link.target || link.hasAttribute("download")) return;
    var url = onThisPage(link);
    if (!url || !url.hash) return;
    var seconds = parseFloat(link.getAttribute("data-t"));
    // Any in-page link is kept from Material's instant navigation, which re-loads the
    // page on the first one after a full load and so would stop the playing episode;
    // the browser scrolls to the anchor itself.
    ev.stopPropagation();
    if (isNaN(seconds)) return;
    ev.preventDefault(); // a timestamp seeks instead of scrolling
    var id = url.hash ? decodeURIComponent(url.hash.slice(1)) : null;
    var target = (id && document.getElementById(id)) || lineAt(seconds);
    if (id) history.replaceState(history.state, "", "#" + id);
    mark(target);
    seek(seconds, true);
  }, true);

  // A new fragment on the same episode page (typed, or Back after an anchor link) is
  // not a new page: keep it from Material, which would re-load the page and the audio.
  // Back and Forward within the page restore the reading position Material stored.
  window.addEventListener("popstate", function (ev) {
    if (!page || location.pathname !== page.path) return;
    ev.stopImmediatePropagation();
    var offset = history.state;
    if (offset && typeof offset.y === "number") window.scrollTo(offset.x || 0, offset.y);
  });

  window.addEventListener("hashchange", function () { landOnFragment(location.hash, false); });

  // This script runs before Material's bundle (see main.html), so that its popstate
  // listener comes first; Material's `document$` exists once the document is parsed.
  function start() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(setup);
    } else {
      setup();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
