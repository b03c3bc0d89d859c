/* The site's audio player: one <audio> element in a bar that Material's instant
 * navigation never replaces (partials/player.html), so an episode plays on from page
 * to page. On an episode page its timestamps, chapters and transcript drive that
 * same audio; on other pages the bar stays while an episode is loaded.
 *
 * Also: chapter marks and menu, skip buttons, remembered speed, keyboard shortcuts,
 * resume and "played" marks (localStorage only, bounded), deep links in Podlove's
 * form (#t=1:02:03, #t=3723, #t=12.5, ranges #t=0:10,0:14, and the lines' own
 * #t=HH:MM:SS ids), the Media Session API, and the transcript's follow-along and
 * find box. Plain JavaScript, no dependencies; without JavaScript the episode page
 * keeps the browser's own player and every timestamp is an anchor link.
 */
(function () {
  "use strict";

  var KEY = "podsite-player"; // localStorage: {rate, episodes: {path: {t, done, at}}}
  var KEEP = 300; // episodes remembered at most (the least recently heard are dropped)
  var RATES = [0.75, 1, 1.25, 1.5, 1.75, 2];
  var BACK = 15, FORWARD = 30;

  var bar = null, audio = null; // the persistent player
  var current = null; // the episode in the player: {data, path, chapters}
  var page = null; // the episode page on screen (its box, lines, chapter list)
  var pending = null; // a seek waiting for the audio's metadata
  var stopAt = null, stopTimer = null; // the end of a #t=a,b range
  var chapterIndex = -1, lastSave = 0, lastHref = -1, dragging = false;
  var follow = { on: false, line: null };
  var find = { marks: [], at: -1, timer: 0 };

  // What every page shares, in the show's language: assets/podsite/shell.js (loaded just
  // before this script) holds the bar's controls, the search dialog and the labels the
  // scripts show. Put in place at once, before anything looks for them; a page keeps
  // only the empty bar (partials/player.html) and the header's search button.
  var shell = window.podsiteShell || {};
  (function mount() {
    var box = document.querySelector("[data-podsite-bar]");
    if (box && !box.firstElementChild && shell.bar) box.innerHTML = shell.bar;
    var open = document.querySelector("[data-podsite-search-open]");
    if (open && shell.search && !document.querySelector("[data-podsite-search]")) {
      open.insertAdjacentHTML("afterend", shell.search);
    }
  })();

  // The labels it shows: shell.strings, never a table here. tr("resume", {time: "1:02"});
  // a label with plural forms takes a count, picked by the language's rules (Intl.PluralRules).
  var strings = shell.strings || {};
  function tr(key, values, count) {
    var s = strings[key];
    values = values || {};
    if (s && typeof s === "object") {
      var form = "other";
      try { form = new Intl.PluralRules(strings.lang).select(count); } catch (e) { /* an unknown language */ }
      s = s[form] || s.other;
      if (values.count === undefined) values.count = number(count);
    }
    if (typeof s !== "string") return key;
    return s.replace(/\{(\w+)\}/g, function (m, name) { return name in values ? String(values[name]) : m; });
  }
  function number(n) {
    try { return n.toLocaleString(strings.lang); } catch (e) { return String(n); }
  }
  window.podsiteText = tr; // for search.js and subscribe.js, which show the same labels

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  function clock(t) {
    t = Math.max(0, Math.floor(t || 0));
    var h = Math.floor(t / 3600), m = Math.floor(t / 60) % 60, s = t % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }

  function parseTime(text) {
    var parts = text.split(":");
    if (parts.length > 3 || parts.some(function (p) { return !/^\d+(\.\d+)?$/.test(p); })) return null;
    return parts.reduce(function (sum, p) { return sum * 60 + parseFloat(p); }, 0);
  }

  // #t=1:02:03, #t=3723, #t=12.5, #t=0:10,0:14, and the lines' ids #t=00:26:01(-2)
  function parseFragment(hash) {
    var value;
    try { value = decodeURIComponent((hash || "").replace(/^#/, "")); } catch (e) { return null; }
    var m = /^t=([\d:.]+?)(?:-\d+)?(?:,([\d:.]+))?$/.exec(value);
    if (!m) return null;
    var start = parseTime(m[1]), end = m[2] ? parseTime(m[2]) : null;
    if (start === null) return null;
    return { start: start, end: end !== null && end > start ? end : null, id: value };
  }

  // --- storage: bounded, this browser only ------------------------------------------
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save(fn) {
    try {
      var state = load();
      state.episodes = state.episodes || {};
      fn(state);
      var paths = Object.keys(state.episodes);
      if (paths.length > KEEP) {
        paths.sort(function (a, b) { return state.episodes[a].at - state.episodes[b].at; });
        paths.slice(0, paths.length - KEEP).forEach(function (p) { delete state.episodes[p]; });
      }
      localStorage.setItem(KEY, JSON.stringify(state));
    } catch (e) { /* storage refused (private mode, a framed page): nothing is kept */ }
  }
  function record(path) { return (load().episodes || {})[path] || null; }
  function keepPosition(done) {
    if (!current) return;
    var t = audio.currentTime, d = audio.duration || current.data.duration || 0;
    save(function (s) {
      var old = s.episodes[current.path] || {};
      s.episodes[current.path] = { t: done ? 0 : Math.round(t), done: done || old.done ? 1 : 0, at: Date.now() };
    });
    lastSave = Date.now();
    if (!done && d && t > 0 && d - t < 1) keepPosition(true);
  }

  // --- the episode in the player ---------------------------------------------------
  function readEpisode(box) {
    var json = box && box.getAttribute("data-podsite-episode");
    if (!json) return null;
    var data = JSON.parse(json);
    ["url", "src", "image"].forEach(function (k) { if (data[k]) data[k] = new URL(data[k], location.href).href; });
    data.chapters = (data.chapters || []).slice().sort(function (a, b) { return a.t - b.t; });
    return data;
  }
  function pathOf(url) { return new URL(url, location.href).pathname; }
  function isCurrent(data) { return !!(current && data && current.data.src === data.src); }

  function ui(name) { return $("[data-podsite-" + name + "]", bar); }

  function setEpisode(data) {
    current = { data: data, path: pathOf(data.url) };
    chapterIndex = -1; pending = null; clearRange();
    bar.removeAttribute("data-error");
    ui("error").hidden = true;
    audio.preload = "metadata";
    audio.src = data.src;
    audio.playbackRate = rate();
    ui("title").textContent = data.title;
    ui("title").href = data.url;
    if (bar.classList.contains("podsite-bar--inline")) ui("title").target = "_blank";
    ui("download").href = data.src;
    ui("error-link").href = data.src;
    bar.toggleAttribute("data-chapters", data.chapters.length > 0);
    drawMarks();
    drawMenu();
    bar.hidden = false;
    mediaSession();
    update();
  }

  function rate() {
    var r = parseFloat(load().rate);
    return RATES.indexOf(r) >= 0 ? r : 1;
  }
  function setRate(r) {
    r = Math.min(2, Math.max(0.75, r));
    audio.playbackRate = r;
    ui("speed").value = String(r);
    save(function (s) { s.rate = r; });
    announce(tr("speed", { rate: number(r) }));
    scheduleStop();
  }

  function play() {
    if (!current) return;
    var p = audio.play();
    if (p && p.catch) p.catch(function () { /* refused (no gesture) or failed: the error handler speaks */ });
  }
  function toggle() { if (!current) return; if (audio.paused) play(); else audio.pause(); }

  // Seek now if the audio knows its duration, else as soon as it does.
  function seekTo(t) {
    if (!current) return;
    t = Math.max(0, t);
    if (audio.readyState >= 1) {
      audio.currentTime = Math.min(t, audio.duration || t);
      pending = null;
    } else {
      pending = t;
    }
    update();
  }
  function skip(delta) { if (current) seekTo((pending !== null ? pending : audio.currentTime) + delta); }

  function clearRange() { stopAt = null; clearTimeout(stopTimer); }
  function scheduleStop() {
    clearTimeout(stopTimer);
    if (stopAt === null || audio.paused) return;
    var left = (stopAt - audio.currentTime) / (audio.playbackRate || 1);
    if (left <= 0.05) { audio.pause(); clearRange(); return; }
    stopTimer = setTimeout(scheduleStop, Math.min(left * 1000, 1000));
  }

  // --- chapters ----------------------------------------------------------------------
  function chapterAt(t) {
    var list = current ? current.data.chapters : [], found = -1;
    for (var i = 0; i < list.length; i++) if (list[i].t <= t + 0.001) found = i;
    return found;
  }
  function toChapter(delta) {
    if (!current || !current.data.chapters.length) return;
    var t = audio.currentTime, i = chapterAt(t);
    // "previous" restarts the chapter first, as players do, unless it just began
    if (delta < 0 && i >= 0 && t - current.data.chapters[i].t > 3) delta = 0;
    var j = Math.max(0, Math.min(current.data.chapters.length - 1, i + delta));
    seekTo(current.data.chapters[j].t);
  }
  function drawMarks() {
    var box = ui("marks"), d = duration();
    box.textContent = "";
    if (!d) return;
    current.data.chapters.forEach(function (c) {
      if (c.t <= 0 || c.t >= d) return;
      var mark = document.createElement("span");
      mark.className = "podsite-bar__mark";
      mark.style.left = (100 * c.t / d) + "%";
      box.appendChild(mark);
    });
  }
  function drawMenu() {
    var list = ui("menu-list");
    list.textContent = "";
    current.data.chapters.forEach(function (c, i) {
      var li = document.createElement("li"), b = document.createElement("button");
      b.type = "button";
      b.setAttribute("data-podsite-chapter-index", i);
      var time = document.createElement("span");
      time.className = "podsite-time";
      time.textContent = clock(c.t);
      b.appendChild(time);
      b.appendChild(document.createTextNode(" " + c.title));
      li.appendChild(b);
      list.appendChild(li);
    });
  }
  function openMenu(open) {
    var menu = ui("menu"), button = $("[data-podsite-do=menu]", bar);
    menu.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      var here = $("[aria-current]", menu) || $("button", menu);
      if (here) { here.focus(); if (here.scrollIntoView) here.scrollIntoView({ block: "nearest" }); }
    }
  }

  // --- what the bar and the page show --------------------------------------------------
  function duration() {
    var d = audio.duration;
    return isFinite(d) && d > 0 ? d : (current && current.data.duration) || 0;
  }
  function update() {
    if (!current) return;
    var t = pending !== null ? pending : audio.currentTime, d = duration();
    var seek = ui("seek");
    if (!dragging) { seek.max = String(d || 0); seek.value = String(t); }
    seek.style.setProperty("--podsite-progress", d ? (100 * t / d) + "%" : "0%");
    ui("time").textContent = clock(t) + " / " + (d ? clock(d) : "–:––");
    var i = chapterAt(t), chapter = i >= 0 ? current.data.chapters[i] : null;
    seek.setAttribute("aria-valuetext", tr("time_of", { time: clock(t), total: clock(d) }) + (chapter ? ", " + chapter.title : ""));
    if (i !== chapterIndex) {
      var known = chapterIndex !== -1 || !audio.paused;
      chapterIndex = i;
      ui("chapter").textContent = chapter ? chapter.title : "";
      $$("[data-podsite-chapter-index]", bar).forEach(function (b, k) {
        if (k === i) b.setAttribute("aria-current", "true"); else b.removeAttribute("aria-current");
      });
      if (chapter && known) announce(tr("chapter", { title: chapter.title }));
      if (chapter && "mediaSession" in navigator && window.MediaMetadata) mediaSession();
    }
    // the title links back to the episode at this moment
    var second = Math.floor(t);
    if (second !== lastHref) {
      lastHref = second;
      ui("title").href = current.data.url.split("#")[0] + (second > 0 ? "#t=" + clock(second) : "");
    }
    // the current line is marked once the audio has been started (or resumes somewhere)
    if (page && isCurrent(page.data) && (t > 0 || !audio.paused)) markPage(t);
  }

  function markPage(t) {
    var line = lineAt(t);
    if (line !== page.line) {
      if (page.line) page.line.classList.remove("podsite-playing");
      if (line) line.classList.add("podsite-playing");
      page.line = line;
      if (line && follow.on) keepInView(line);
    }
    if (page.words === undefined) loadWords(page);
    markWord(page.words ? line : null, t);
    var chapter = null;
    page.chapters.forEach(function (c) { if (c.t <= t + 0.001) chapter = c; });
    if (chapter !== page.chapter) {
      if (page.chapter) { page.chapter.li.classList.remove("podsite-playing"); page.chapter.li.removeAttribute("aria-current"); }
      if (chapter) { chapter.li.classList.add("podsite-playing"); chapter.li.setAttribute("aria-current", "true"); }
      page.chapter = chapter;
    }
  }

  // The spoken word of a word-level transcript (words.json, named by the transcript's
  // data-words): marked as a CSS highlight, a range of the line's text, so the page
  // needs no element per word. Browsers without CSS.highlights mark the line only.
  function loadWords(p) {
    var section = $("[data-words]");
    p.words = null;
    if (!section || !window.CSS || !CSS.highlights || !window.Highlight || !window.fetch) return;
    fetch(section.getAttribute("data-words"))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || data.version !== 1) return;
        p.words = data.lines;
        if (p === page && current && isCurrent(page.data)) markPage(audio.currentTime); // mark it now, even paused
      })
      .catch(function () {});
  }
  function textPoint(el, offset) {
    var walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), node;
    while ((node = walk.nextNode())) {
      if (offset <= node.length) return [node, offset];
      offset -= node.length;
    }
    return null;
  }
  function markWord(line, t) {
    var words = line && page.words[line.id], word = null;
    if (words) {
      for (var i = 0; i < words.length && words[i][0] <= t + 0.05; i++) word = words[i];
      if (word && t > word[1] + 0.5) word = null; // a pause: no word is being said
    }
    var key = word ? line.id + ":" + word[2] : null;
    if (key === page.wordKey) return;
    page.wordKey = key;
    if (!window.CSS || !CSS.highlights) return;
    var from = word && textPoint(line, word[2]), to = word && textPoint(line, word[3]);
    if (!from || !to) { CSS.highlights.delete("podsite-word"); return; }
    var range = document.createRange();
    range.setStart(from[0], from[1]);
    range.setEnd(to[0], to[1]);
    CSS.highlights.set("podsite-word", new Highlight(range));
  }

  function announce(text) {
    var status = ui("status");
    if (status) { status.textContent = ""; setTimeout(function () { status.textContent = text; }, 50); }
  }

  function showError() {
    bar.setAttribute("data-error", "");
    ui("error").hidden = false;
    if (page && isCurrent(page.data) && page.actions) page.actions.hidden = true;
  }

  // --- Media Session: lock screen, headset and car controls ----------------------------
  function mediaSession() {
    if (!("mediaSession" in navigator) || !window.MediaMetadata || !current) return;
    var d = current.data, c = chapterIndex >= 0 ? d.chapters[chapterIndex] : null;
    try {
      navigator.mediaSession.metadata = new MediaMetadata({
        title: d.title, artist: d.show, album: c ? c.title : d.show,
        artwork: d.image ? [{ src: d.image }] : []
      });
    } catch (e) { /* an old browser without artwork support */ }
  }
  function mediaHandlers() {
    if (!("mediaSession" in navigator)) return;
    var handlers = {
      play: play,
      pause: function () { audio.pause(); },
      seekbackward: function (e) { skip(-((e && e.seekOffset) || BACK)); },
      seekforward: function (e) { skip((e && e.seekOffset) || FORWARD); },
      seekto: function (e) { if (e && typeof e.seekTime === "number") seekTo(e.seekTime); },
      previoustrack: function () { toChapter(-1); },
      nexttrack: function () { toChapter(1); }
    };
    Object.keys(handlers).forEach(function (name) {
      try { navigator.mediaSession.setActionHandler(name, handlers[name]); } catch (e) { /* unsupported action */ }
    });
  }
  function positionState() {
    if (!("mediaSession" in navigator) || !navigator.mediaSession.setPositionState) return;
    var d = audio.duration;
    if (!isFinite(d) || d <= 0) return;
    try {
      navigator.mediaSession.setPositionState({ duration: d, position: Math.min(audio.currentTime, d), playbackRate: audio.playbackRate });
    } catch (e) { /* a position outside the duration while seeking */ }
  }

  // --- the episode page on screen --------------------------------------------------------
  function lineAt(t) {
    if (!page) return null;
    var order = page.order, lo = 0, hi = order.length - 1, found = null;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (order[mid].t <= t + 0.001) { found = order[mid].el; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }
  function target(el) {
    $$(".podsite-target").forEach(function (o) { o.classList.remove("podsite-target"); });
    if (el) el.classList.add("podsite-target");
  }

  // Put the page's episode into the player (if another one is there) and play from `t`.
  function playPage(t, end) {
    if (!page) return;
    if (!isCurrent(page.data)) setEpisode(page.data);
    if (typeof t === "number") seekTo(t);
    if (typeof end === "number") { stopAt = end; } else { clearRange(); }
    play();
  }

  // Where a transcript line or timestamp link starts, in seconds: its data-t, which the
  // page writes only when the line's id (t=HH:MM:SS; for a timestamp link, the line it
  // links to) does not already say it exactly. NaN for anything else.
  var LINE = ".podsite-transcript span[id^='t=']";
  function startOf(el) {
    var t = el.getAttribute("data-t");
    if (t !== null) return parseFloat(t);
    var said = el.matches(LINE) ? el.id : el.matches("a.podsite-ts") ? el.hash : null; // hash: Material makes hrefs absolute
    var frag = said && parseFragment(said);
    return frag ? frag.start : NaN;
  }

  function setupPage(box) {
    var data = readEpisode(box);
    if (!data) return;
    var lines = $$(LINE);
    page = {
      data: data, box: box, line: null, chapter: null, path: location.pathname,
      actions: $("[data-podsite-actions]", box),
      order: lines.map(function (el) { return { t: startOf(el), el: el }; })
        .sort(function (a, b) { return a.t - b.t; }),
      chapters: $$(".podsite-chapters li[data-chapter]").map(function (li) {
        return { t: parseFloat($("[data-t]", li).getAttribute("data-t")), li: li };
      })
    };
    // Nothing playing: this page's episode goes into the player (paused).
    var fresh = !current || (audio.paused && !isCurrent(data));
    if (fresh) setEpisode(data);
    var frag = parseFragment(location.hash);
    var kept = record(current && isCurrent(data) ? current.path : pathOf(data.url));
    page.resume = !frag && kept && !kept.done && kept.t > 5 && (fresh || audio.paused && audio.currentTime < 1) ? kept.t : null;
    if (page.resume !== null && isCurrent(data)) seekTo(page.resume);
    if (page.actions) page.actions.hidden = false;
    $$("[data-podsite-share], [data-podsite-do=copy-embed]", box).forEach(function (el) { el.hidden = false; });
    drawStart();
    setupTools();
    if (frag) land(frag, false);
    update();
  }

  // The page's big button: Play episode / Resume at 12:34 / Pause, and Start over.
  function drawStart() {
    if (!page || !page.actions) return;
    var start = $("[data-podsite-do=start]", page.box), restart = $("[data-podsite-do=restart]", page.box);
    var mine = isCurrent(page.data), playing = mine && !audio.paused;
    start.textContent = playing ? tr("pause") : page.resume !== null && !(mine && audio.currentTime > page.resume + 1)
      ? tr("resume", { time: clock(page.resume) })
      : mine && audio.currentTime > 1 ? tr("continue", { time: clock(audio.currentTime) }) : tr("play_episode");
    restart.hidden = !(page.resume !== null || (mine && audio.currentTime > 1));
    page.box.toggleAttribute("data-playing", playing);
  }

  // A fragment names a moment: scroll to its line, mark it, and seek there (now, or on play).
  function land(frag, playNow) {
    var el = (frag.id && document.getElementById(frag.id)) || lineAt(frag.start);
    if (el) { target(el); el.scrollIntoView({ block: "center" }); }
    if (isCurrent(page.data) && !audio.paused && Math.abs(audio.currentTime - frag.start) < 2) return; // the bar's own link
    if (playNow || isCurrent(page.data) && !audio.paused) { playPage(frag.start, frag.end); return; }
    if (isCurrent(page.data)) { seekTo(frag.start); stopAt = frag.end; }
    page.fragment = frag;
  }

  // --- transcript tools: follow along, find -------------------------------------------------
  function setupTools() {
    var tools = $("[data-podsite-tools]");
    follow.on = false; follow.line = null;
    find.marks = []; find.at = -1;
    if (!tools) return;
    tools.hidden = false;
    var box = $("[data-podsite-follow]", tools);
    box.setAttribute("aria-pressed", "false");
  }
  function setFollow(on, why) {
    follow.on = on;
    var button = $("[data-podsite-follow]");
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
    if (on && page && page.line) keepInView(page.line);
    if (why) announce(why);
  }
  function keepInView(line) {
    var r = line.getBoundingClientRect(), top = window.innerHeight * 0.25, bottom = window.innerHeight * 0.6;
    if (r.top >= top && r.bottom <= bottom) return;
    follow.scrolling = Date.now();
    window.scrollBy({ top: r.top - window.innerHeight * 0.35, behavior: "auto" });
  }
  function stopFollowing() { if (follow.on) setFollow(false, tr("follow_scrolled")); }

  function clearFind() {
    find.marks.forEach(function (m) {
      var parent = m.parentNode;
      if (!parent) return;
      parent.replaceChild(document.createTextNode(m.textContent), m);
      parent.normalize();
    });
    find.marks = []; find.at = -1;
  }
  function runFind(query) {
    clearFind();
    var status = $("[data-podsite-find-status]");
    query = query.trim().toLowerCase();
    if (query.length < 2) { if (status) status.textContent = ""; return; }
    var nodes = [];
    $$(LINE).forEach(function (span) {
      var walker = document.createTreeWalker(span, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) if (walker.currentNode.nodeValue.toLowerCase().indexOf(query) >= 0) nodes.push(walker.currentNode);
    });
    nodes.forEach(function (node) {
      var text = node.nodeValue, lower = text.toLowerCase(), at = 0, i, frag = document.createDocumentFragment();
      while ((i = lower.indexOf(query, at)) >= 0 && find.marks.length < 2000) {
        frag.appendChild(document.createTextNode(text.slice(at, i)));
        var mark = document.createElement("mark");
        mark.className = "podsite-match";
        mark.textContent = text.slice(i, i + query.length);
        frag.appendChild(mark);
        find.marks.push(mark);
        at = i + query.length;
      }
      frag.appendChild(document.createTextNode(text.slice(at)));
      node.parentNode.replaceChild(frag, node);
    });
    if (status) status.textContent = find.marks.length ? tr("matches", null, find.marks.length) : tr("no_match");
  }
  function stepFind(delta) {
    if (!find.marks.length) return;
    if (find.at >= 0) find.marks[find.at].classList.remove("podsite-match--current");
    find.at = (find.at + delta + find.marks.length) % find.marks.length;
    var mark = find.marks[find.at];
    mark.classList.add("podsite-match--current");
    stopFollowing();
    mark.scrollIntoView({ block: "center" });
    var status = $("[data-podsite-find-status]");
    if (status) status.textContent = tr("match_of", { at: number(find.at + 1), count: number(find.marks.length) });
  }

  // --- copying -------------------------------------------------------------------------
  function copy(text, done) {
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
      document.body.appendChild(area); area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      announce(ok ? done : window.podsiteText("copy_this", { text: text }));
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { announce(done); }, fallback);
    } else { fallback(); }
  }
  function momentLink() {
    var data = current ? current.data : page && page.data;
    if (!data) return location.href;
    var t = current && isCurrent(data) ? audio.currentTime : 0;
    return data.url.split("#")[0] + (t >= 1 ? "#t=" + clock(t) : "");
  }

  // --- events ----------------------------------------------------------------------------
  function act(name, el) {
    switch (name) {
      case "toggle": toggle(); break;
      case "back": skip(-BACK); break;
      case "forward": skip(FORWARD); break;
      case "prev": toChapter(-1); break;
      case "next": toChapter(1); break;
      case "menu": openMenu(ui("menu").hidden); break;
      case "copy": copy(momentLink(), tr("link_copied")); break;
      case "help": help(); break;
      case "start":
        if (!page) break;
        if (isCurrent(page.data) && !audio.paused) { audio.pause(); break; }
        if (!isCurrent(page.data)) {
          var frag = page.fragment;
          playPage(page.resume !== null ? page.resume : frag ? frag.start : 0, frag ? frag.end : undefined);
        } else { play(); }
        break;
      case "restart":
        if (page) { page.resume = null; playPage(0); }
        break;
      case "copy-embed":
        var code = page && $("[data-podsite-embed-code]", page.box);
        if (code) copy(code.value, tr("embed_copied"));
        break;
    }
    drawStart();
    return el;
  }

  function help() {
    var dialog = ui("help");
    if (!dialog || !dialog.showModal) return;
    if (dialog.open) dialog.close(); else dialog.showModal();
  }

  function typing(el) {
    return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || !!el.closest("dialog[open]"));
  }

  function onKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
    var el = document.activeElement;
    if (ev.key === "Escape" && !ui("menu").hidden) { openMenu(false); $("[data-podsite-do=menu]", bar).focus(); return; }
    if (ev.target && ev.target.closest && ev.target.closest("[data-podsite-find]") && ev.key === "Enter") {
      ev.preventDefault(); stepFind(ev.shiftKey ? -1 : 1); return;
    }
    if (typing(el) || !current || bar.hidden) return;
    var key = ev.key, done = true;
    if (key === "k" || (key === " " && !(el && el.closest && el.closest("a, button, summary, [role=button], audio, video")))) toggle();
    else if (key === "j") skip(-BACK);
    else if (key === "l") skip(FORWARD);
    else if (key === ">") setRate(RATES[Math.min(RATES.length - 1, RATES.indexOf(audio.playbackRate) + 1)] || 1);
    else if (key === "<") setRate(RATES[Math.max(0, RATES.indexOf(audio.playbackRate) - 1)] || 1);
    else if (key === "?") help();
    else done = false;
    if (done) { ev.preventDefault(); drawStart(); }
  }

  function onThisPage(link) {
    var url = new URL(link.href, location.href);
    return url.origin === location.origin && url.pathname === location.pathname && url.search === location.search ? url : null;
  }

  function onClick(ev) {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    var t = ev.target;
    if (!t.closest) return;
    var button = t.closest("[data-podsite-do]");
    if (button) { act(button.getAttribute("data-podsite-do"), button); return; }
    var chapterButton = t.closest("[data-podsite-chapter-index]");
    if (chapterButton && current) {
      seekTo(current.data.chapters[+chapterButton.getAttribute("data-podsite-chapter-index")].t);
      play(); openMenu(false); $("[data-podsite-do=menu]", bar).focus();
      return;
    }
    if (t.closest("[data-podsite-follow]")) { setFollow(!follow.on, follow.on ? tr("follow_off") : tr("follow_on")); return; }
    if (t.closest("[data-podsite-find-next]")) { stepFind(1); return; }
    if (t.closest("[data-podsite-find-prev]")) { stepFind(-1); return; }
    var match = t.closest("mark.podsite-match");
    var link = t.closest("a[href]");
    if (match && !link && page) {
      var line = match.closest(LINE);
      find.at = find.marks.indexOf(match) - 1; stepFind(1);
      playPage(startOf(line));
      return;
    }
    if (!page || !link || !document.contains(link) || link.target || link.hasAttribute("download")) return;
    if (link === ui("title") && pathOf(link.href) === location.pathname && isCurrent(page.data)) {
      ev.preventDefault(); ev.stopPropagation();
      if (page.line) page.line.scrollIntoView({ block: "center" });
      return;
    }
    var url = onThisPage(link);
    if (!url || !url.hash) return;
    // Any in-page link is kept from Material's instant navigation, which re-loads the page
    // on the first one after a full load; the browser scrolls to the anchor itself.
    ev.stopPropagation();
    var seconds = startOf(link);
    if (isNaN(seconds)) return;
    ev.preventDefault(); // a timestamp seeks instead of scrolling
    var id = decodeURIComponent(url.hash.slice(1));
    if (id) history.replaceState(history.state, "", "#" + id);
    target((id && document.getElementById(id)) || lineAt(seconds));
    playPage(seconds);
    drawStart();
  }

  function bindAudio() {
    audio.addEventListener("loadedmetadata", function () {
      if (pending !== null) { var t = pending; pending = null; seekTo(t); }
      drawMarks(); update(); positionState();
    });
    audio.addEventListener("timeupdate", function () {
      update();
      if (stopAt !== null && audio.currentTime >= stopAt - 0.05) { audio.pause(); clearRange(); }
      if (!audio.paused && Date.now() - lastSave > 5000) keepPosition(false);
    });
    audio.addEventListener("seeked", function () { update(); positionState(); });
    audio.addEventListener("play", function () {
      if (pending !== null) { var t = pending; pending = null; audio.currentTime = t; }
      bar.setAttribute("data-playing", "");
      $("[data-podsite-do=toggle]", bar).setAttribute("aria-label", tr("pause"));
      target(null); // while it plays, the current line is the one mark
      if (page && isCurrent(page.data)) page.resume = null;
      scheduleStop(); drawStart(); positionState();
    });
    audio.addEventListener("pause", function () {
      bar.removeAttribute("data-playing");
      $("[data-podsite-do=toggle]", bar).setAttribute("aria-label", tr("play"));
      clearTimeout(stopTimer); keepPosition(false); drawStart();
    });
    audio.addEventListener("ratechange", function () { ui("speed").value = String(audio.playbackRate); scheduleStop(); positionState(); });
    audio.addEventListener("ended", function () { keepPosition(true); drawStart(); });
    audio.addEventListener("error", showError);

    var seek = ui("seek");
    seek.addEventListener("input", function () { dragging = true; seekTo(parseFloat(seek.value)); dragging = false; });
    seek.addEventListener("keydown", function (ev) {
      var steps = { ArrowLeft: -5, ArrowDown: -5, ArrowRight: 5, ArrowUp: 5, PageDown: -60, PageUp: 60 };
      if (ev.key in steps) { ev.preventDefault(); ev.stopPropagation(); skip(steps[ev.key]); }
      else if (ev.key === "Home") { ev.preventDefault(); seekTo(0); }
      else if (ev.key === "End") { ev.preventDefault(); seekTo(duration() - 1); }
      else return;
      tip(audio.currentTime);
    });
    var tipAt = function (ev) {
      var r = seek.getBoundingClientRect();
      tip(Math.max(0, Math.min(1, (ev.clientX - r.left) / r.width)) * duration());
    };
    seek.addEventListener("mousemove", tipAt);
    seek.addEventListener("mouseleave", function () { ui("tip").hidden = true; });
    seek.addEventListener("focus", function () { tip(audio.currentTime); });
    seek.addEventListener("blur", function () { ui("tip").hidden = true; });
    ui("speed").addEventListener("change", function () { setRate(parseFloat(ui("speed").value)); });
  }

  // The title of the chapter under the pointer (or at the position, with the keyboard).
  function tip(t) {
    var box = ui("tip"), d = duration();
    if (!current || !d) return;
    var i = chapterAt(t), c = i >= 0 ? current.data.chapters[i] : null;
    box.textContent = clock(t) + (c ? " · " + c.title : "");
    box.style.left = Math.max(0, Math.min(100, 100 * t / d)) + "%";
    box.hidden = false;
  }

  // Episodes heard to the end, or part of, in the home and archive lists.
  function markLists() {
    var episodes = load().episodes || {};
    $$(".podsite-episode-list > li > a[href]").forEach(function (a) {
      var rec = episodes[pathOf(a.href)], li = a.parentNode, old = $(".podsite-heard", li);
      if (old) old.remove();
      if (!rec || !(rec.done || rec.t > 5)) return;
      var note = document.createElement("span");
      note.className = "podsite-heard" + (rec.done ? " podsite-heard--done" : "");
      note.textContent = rec.done ? tr("played") : tr("stopped_at", { time: clock(rec.t) });
      li.appendChild(note);
    });
  }

  // The page keeps room for the bar, and Material's back-to-top button sits above it. Set
  // on the two elements themselves: an inherited property on the root would make the
  // browser restyle every element of a long transcript.
  function makeRoom() {
    var h = bar.hidden || bar.classList.contains("podsite-bar--inline") ? 0 : bar.offsetHeight;
    document.body.style.paddingBottom = h ? h + "px" : "";
    var top = $(".md-top");
    if (top) top.style.bottom = h ? "calc(" + h + "px + .8rem)" : "";
  }

  function setup() {
    page = null;
    var box = $("[data-podsite-player-box]");
    if (box) setupPage(box);
    markLists();
    if (current) update();
    makeRoom(); // Material's back-to-top button is new on every page
  }

  function start() {
    bar = $("[data-podsite-bar]");
    audio = bar && $("audio[data-podsite-audio]", bar);
    if (!audio) return;
    ui("speed").value = String(rate());
    if (window.ResizeObserver && !bar.classList.contains("podsite-bar--inline")) {
      new ResizeObserver(makeRoom).observe(bar);
    }
    bindAudio();
    mediaHandlers();
    document.addEventListener("keydown", onKey);
    ["wheel", "touchmove"].forEach(function (name) {
      window.addEventListener(name, function () { if (follow.on && Date.now() - (follow.scrolling || 0) > 100) stopFollowing(); }, { passive: true });
    });
    document.addEventListener("keydown", function (ev) {
      if (/^(PageUp|PageDown|ArrowUp|ArrowDown|Home|End)$/.test(ev.key) && !typing(document.activeElement)) stopFollowing();
    });
    document.addEventListener("input", function (ev) {
      if (!ev.target.closest || !ev.target.closest("[data-podsite-find]")) return;
      clearTimeout(find.timer);
      find.timer = setTimeout(function () { runFind(ev.target.value); }, 150);
    });
    window.addEventListener("pagehide", function () { if (current && !audio.paused) keepPosition(false); });
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setup);
    else setup();
  }

  // Registered at once (this script runs before Material's bundle, see main.html), so
  // they come before instant navigation's own listeners.
  window.addEventListener("click", onClick, true);
  // A new fragment on the same episode page (typed, or Back after an anchor link) is not
  // a new page: keep it from Material, which would re-load it; restore the reading position.
  window.addEventListener("popstate", function (ev) {
    if (!page || location.pathname !== page.path) return;
    ev.stopImmediatePropagation();
    var offset = history.state;
    if (offset && typeof offset.y === "number") window.scrollTo(offset.x || 0, offset.y);
  });
  window.addEventListener("hashchange", function () {
    var frag = parseFragment(location.hash);
    if (frag && page) land(frag, false);
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
