/* Site search with Pagefind: the header button (or "/") opens a dialog; the first
 * open (or a pointer over the button) loads pagefind.js from site/pagefind/ and
 * search-terms.json (nothing is loaded before), and the results are drawn from the
 * templates in partials/search.html.
 *
 * Every result opens moments (#t=HH:MM:SS, the transcript line's id, the deep link the
 * player follows): where the query's words are said close together, the start of a
 * chapter whose title holds them, or, for words in the show notes, the start of the
 * chapter of that notes topic. The words are found in each result's own text here
 * (Pagefind's excerpt weighting only knows single words):
 * - a name the registry knows is searched under every spelling it has (DuckDB, duck DB);
 * - a result that does not hold the query's words (Pagefind falls back to the longest
 *   prefix of an unknown word) is not shown, and "No episode mentions ..." is said, with
 *   the nearest known spellings; a typo within one edit of a known name is corrected;
 * - a number ("12", "#12", "episode 12") is the episode with that number first, then
 *   the places the number itself is said (not 120 or 3.12);
 * - a name's own mention page comes first, with the moments it lists;
 * - results are drawn one by one as their data arrives, the first fetched first;
 * - Enter opens the first moment, also when pressed before the results are there;
 * - the filters (year, season, host, guest: Pagefind filters) narrow the episodes;
 *   their values load when the filters are opened; with no words they list the
 *   episodes they keep, newest first.
 *
 * What a query downloads is kept small: a result's data (its page's whole text) is fetched
 * only for results drawn, and only once typing pauses; a short word being typed is neither
 * loaded ahead nor searched at once; a word said nearly everywhere (its index chunk grows
 * with the show, podsite-heavy.json) is searched only when the query has no other word, and
 * then only the one said least; the
 * engine loads when the pointer or focus reaches the search button, before the dialog opens.
 *
 * Plain JavaScript, registered once; works with Material's instant navigation
 * (the dialog is part of every page, so it is looked up each time).
 */
(function () {
  "use strict";

  // site/assets/podsite/search.js -> site/pagefind/ and the site root, wherever the site is served
  var here = document.currentScript ? document.currentScript.src : location.href;
  var bundle = new URL("../../pagefind/", here).href;
  var termsUrl = new URL("search-terms.json", here).href;
  var siteRoot = new URL("../../", here).pathname;
  var PAGE = 5; // results drawn at a time ("More results" draws the next ones)
  var SUBRESULTS = 3; // moments shown under a result, in page order
  var CLUSTER = 40; // words: a query's words further apart than this are not one moment
  // Each result drawn downloads its page's data (a whole transcript's words): none is fetched
  // for a query that is still being typed, only once the box has been still this long (ms).
  // A query typed at once waits for its index chunks longer than this anyway.
  var QUIET = 250;
  // A word shorter than this is often the start of a longer one while typing, and its index
  // chunk can be the one of the show's commonest words (the, it, a): it is neither loaded
  // ahead nor searched until typing pauses for SHORT_WAIT ms.
  var SHORT = 3;
  var SHORT_WAIT = 350;
  // While a query is typed key by key, the word under the cursor is not loaded ahead (its first
  // letters, "pyt", can sit in a common word's chunk, "pytest"), and the search waits this long
  // (ms) for the next key; a query pasted (or put in at once) is searched after 80 ms.
  var TYPING_WAIT = 200;
  var lastInput = 0;
  var engine = null;
  var terms = null;
  // The labels of the show's language, which player.js reads from assets/podsite/shell.js.
  function tr(key, values, count) { return window.podsiteText ? window.podsiteText(key, values, count) : key; }
  var current = { seq: 0, query: "", entries: [], shown: 0, drawn: 0, enter: false, plan: null, dropped: 0 };

  function loadEngine() {
    if (!engine) {
      engine = import(bundle + "pagefind.js").then(function (pagefind) {
        // pageLength 0.5 (Pagefind's default 0.75): a long episode is penalised less for its length,
        // so the episode that talks longest about a topic is not ranked below ones that name it in
        // passing (BENCHMARKS.md, relevance: 42 -> 44 of 46, no query lower)
        return pagefind.options({ baseUrl: siteRoot, excerptLength: 24, ranking: { pageLength: 0.5 } }).then(function () {
          pagefind.init();
          // no filter is loaded here: the "episode" one (under 1 KB) comes with the first
          // query's index chunks, the others when the filters are opened
          return pagefind;
        });
      });
      engine.catch(function () { engine = null; }); // try again on the next open
    }
    return engine;
  }

  // The words said nearly everywhere, each with an index chunk of its own that grows with the
  // show (podsite/pagefind_heavy.py), as Pagefind indexes them: {"en": ["and", "the", ...]}.
  var heavy = null;
  var heavyWords = {}; // word -> its place in that list, once loaded (loaded when search opens)

  function loadHeavy() {
    if (!heavy) {
      heavy = fetch(bundle + "podsite-heavy.json").then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; })
        .then(function (byLanguage) {
          var words = {}; // word -> its place in the list (the most said first), from 1
          Object.keys(byLanguage || {}).forEach(function (language) {
            (byLanguage[language] || []).forEach(function (w, i) {
              if (typeof w === "string") words[w] = Math.max(words[w] || 0, i + 1);
            });
          });
          heavyWords = words;
          return words;
        });
    }
    return heavy;
  }

  // Is `word` one said nearly everywhere ("the", "python")? (Only that word: "pythonic" is not.)
  function isHeavy(words, word) {
    var f = fold(word);
    return !!f && Object.prototype.hasOwnProperty.call(words, f);
  }

  // A spelling without its heavy words: they are said nearly everywhere (stop words), so neither
  // Pagefind's search nor the moments look for them. A spelling of heavy words only keeps the one
  // said least ("the python" -> "python"): the others are in (nearly) every episode anyway, and
  // each of their index chunks can be a megabyte. With `whole`, such a spelling is kept as it is
  // (a registry name made of common words, "Think Python", must find its own page).
  function lighter(words, spelling, whole) {
    var all = String(spelling).split(/\s+/).filter(Boolean);
    var kept = all.filter(function (w) { return !isHeavy(words, w); });
    if (kept.length) return kept.join(" ");
    if (whole) return spelling;
    var least = all[0];
    all.forEach(function (w) { if (words[fold(w)] > words[fold(least)]) least = w; });
    return least || spelling;
  }

  function loadTerms() {
    if (!terms) {
      terms = fetch(termsUrl).then(function (r) { return r.ok ? r.json() : { names: [], words: [] }; })
        .catch(function () { return { names: [], words: [] }; });
    }
    return terms;
  }

  // ------------------------------------------------------------------ words

  // What search compares: lower case, no accents, letters and digits only (podsite/search_terms.py fold)
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  }

  function tokens(text) {
    return String(text).split(/[\s\-\u2013\u2014\/]+/).map(fold).filter(Boolean);
  }

  // Does the page's word `w` say the query word `t`? Numbers and short words match whole;
  // longer words match as the start of a word (pydantic's) or as a plural or inflection
  // of a page's word (query "models", page "model"), or another inflection of its stem
  // (query "packaging", page "packages").
  function says(w, t) {
    if (!w) return false;
    if (/^\d+$/.test(t) || t.length <= 2) return w === t;
    if (w.lastIndexOf(t, 0) === 0) return true;
    if (w.length >= 4 && t.lastIndexOf(w, 0) === 0 && /^(s|es|d|ed|ing|er|ers)$/.test(t.slice(w.length))) return true;
    // both inflections of one stem, as Pagefind's stemming finds them (query "packaging", page "packages")
    var stem = t.replace(INFLECTION, "");
    return t.length >= 6 && stem.length >= 5 && stem !== t && w.replace(INFLECTION, "") === stem;
  }

  var INFLECTION = /(ings|ing|ed|es|s|ers|er)$/;

  // The parts of each page word written with a hyphen, dash or slash (`Python-DiskCache`:
  // python, diskcache), null for a word of one part. A word keeps its one place (Pagefind's
  // word count), but a query word said as one of its parts is said there.
  function piecesOf(words) {
    return words.map(function (w) {
      var p = tokens(w);
      return p.length > 1 ? p : null;
    });
  }

  // Does page word `i` say the query word `t`, whole or as one of its parts?
  function saysAt(folded, pieces, i, t) {
    if (says(folded[i], t)) return true;
    var p = pieces && pieces[i];
    return !!p && p.some(function (x) { return says(x, t); });
  }

  // Damerau (optimal string alignment) distance, at most `max` + 1.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
        }
        if (cur[j] < best) best = cur[j];
      }
      if (best > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  // ------------------------------------------------------------------ filters

  // The chosen filters: { year: "2024", guest: "..." } (only the ones chosen).
  function chosenFilters(box) {
    var chosen = {};
    box.querySelectorAll("select[data-podsite-search-filter]").forEach(function (select) {
      if (select.value) chosen[select.getAttribute("data-podsite-search-filter")] = select.value;
    });
    return chosen;
  }

  function describeFilters(chosen) {
    var parts = [];
    if (chosen.year) parts.push(chosen.year);
    if (chosen.season) parts.push(tr("filter_season", { season: chosen.season }));
    if (chosen.host) parts.push(tr("filter_host", { name: chosen.host }));
    if (chosen.guest) parts.push(tr("filter_guest", { name: chosen.guest }));
    return parts.join(", ");
  }

  // Fill each filter's choices from the index (the first time the filters open).
  function loadFilters(box) {
    if (box.dataset.podsiteFilters) return;
    box.dataset.podsiteFilters = "1";
    loadEngine().then(function (pagefind) { return pagefind.filters(); }).then(function (all) {
      box.querySelectorAll("select[data-podsite-search-filter]").forEach(function (select) {
        var key = select.getAttribute("data-podsite-search-filter");
        var counts = (all && all[key]) || {};
        var values = Object.keys(counts);
        if (key === "year" || key === "season") {
          values.sort(function (a, b) { return key === "year" ? b - a : a - b; });
        } else {
          values.sort(function (a, b) { return a.localeCompare(b); });
        }
        values.forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = value + " (" + counts[value] + ")";
          select.appendChild(option);
        });
        select.closest("label").hidden = !values.length;
      });
      box.setAttribute("data-podsite-filters-ready", "");
    }).catch(function () { delete box.dataset.podsiteFilters; });
  }

  // ------------------------------------------------------------------ what to search for

  // The plan of a query: the spellings to search for, the registry name it is (if any),
  // the episode number it asks for (if any).
  function plan(query, known) {
    var out = { query: query, spellings: [query], name: null, number: null };
    var m = NUMBER.exec(query);
    if (m) {
      out.number = String(parseInt(m[1], 10));
      out.spellings = [out.number];
      return out;
    }
    var key = fold(query);
    (known.names || []).some(function (entry) {
      var hit = entry[2].some(function (s) { return fold(s) === key; });
      if (hit) { out.name = entry; out.spellings = entry[2].slice(); }
      return hit;
    });
    return out;
  }

  // Known words within one edit of the query (or two for long words), nearest first.
  function nearest(query, known, max) {
    var key = fold(query);
    if (key.length < 3) return [];
    var seen = {}, found = [];
    (known.words || []).concat((known.names || []).map(function (e) { return e[0]; })).forEach(function (w) {
      var f = fold(w);
      if (seen[f] || f === key) return;
      var d = distance(key, f, max);
      if (d <= max) { seen[f] = true; found.push({ word: w, d: d }); }
    });
    return found.sort(function (a, b) { return a.d - b.d || a.word.length - b.word.length; }).slice(0, 5);
  }

  // ------------------------------------------------------------------ moments in one result

  // Where the spelling is said in `words` (folded page words; `pieces` their parts, see
  // piecesOf): windows [start, end]. A spelling's words may be said apart (a window holding
  // each of them, at most CLUSTER words long), and a name may be said as one word or as
  // several (duckdb / duck db), or as a part of a longer one (python-diskcache).
  function windows(words, spelling, pieces) {
    var want = tokens(spelling);
    var joined = want.join("");
    var out = [];
    if (!want.length) return out;
    var i, k;
    for (i = 0; i < words.length; i++) {
      // the whole spelling as a part of one word: diskcache in Python-DiskCache
      if (pieces && pieces[i] && pieces[i].indexOf(joined) >= 0) {
        out.push([i, i, 0]);
        continue;
      }
      // the whole spelling in one or a few words: DuckDB, duck DB, Duck-DB
      var acc = "";
      for (k = i; k < Math.min(words.length, i + 4); k++) {
        acc += words[k];
        if (acc === joined || (k > i && acc.length > joined.length && says(acc, joined) && acc.length - joined.length <= 2)) {
          out.push([i, k, 0]);
          break;
        }
        if (joined.lastIndexOf(acc, 0) !== 0) break;
      }
    }
    if (want.length === 1) {
      for (i = 0; i < words.length; i++) if (saysAt(words, pieces, i, want[0]) && words[i] !== joined) out.push([i, i, 0]);
    } else {
      // each word of the query somewhere; the shortest windows holding all of them
      var last = want.map(function () { return -1; });
      for (i = 0; i < words.length; i++) {
        var hit = false;
        for (k = 0; k < want.length; k++) if (saysAt(words, pieces, i, want[k])) { last[k] = i; hit = true; }
        if (!hit || last.indexOf(-1) >= 0) continue;
        var start = Math.min.apply(null, last);
        if (i - start <= CLUSTER) out.push([start, i, i - start]);
      }
    }
    return out.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; }).filter(function (w, n, all) {
      return !n || w[0] > all[n - 1][1]; // no overlapping windows
    });
  }

  // "t=00:12:34" or "t=01:02:03-2" -> "12:34" / "1:02:03"
  function clockOf(id) {
    var m = /^t=(\d+):(\d{2}):(\d{2})/.exec(id);
    if (!m) return "";
    var h = parseInt(m[1], 10);
    return h ? h + ":" + m[2] + ":" + m[3] : parseInt(m[2], 10) + ":" + m[3];
  }

  // The last item of `sorted` (by location) at or before `location`.
  function lastAtOrBefore(sorted, location) {
    var lo = 0, hi = sorted.length - 1, found = null;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid].location <= location) { found = sorted[mid]; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function firstAtOrAfter(sorted, location) {
    for (var i = 0; i < sorted.length; i++) if (sorted[i].location >= location) return sorted[i];
    return null;
  }

  // The parts of an episode's text: lines (t= anchors), chapters (headings in the
  // transcript), and where the transcript starts (before it: title and show notes).
  function layout(data, words) {
    var anchors = (data.anchors || []).slice().sort(function (a, b) { return a.location - b.location; });
    var transcript = anchors.filter(function (a) { return a.id === "transcript"; })[0];
    var start = transcript ? transcript.location : Infinity;
    var lines = anchors.filter(function (a) { return /^t=/.test(a.id || ""); });
    var chapters = anchors.filter(function (a) {
      return /^h[1-6]$/i.test(a.element) && a.id && a.id !== "transcript" && !/^t=/.test(a.id) && a.location >= start;
    });
    // where each chapter's title is written in the show notes (its topic), for notes hits
    // (its first words there; failing that, its first word, as in "DuckDB" for "DuckDB in a notebook")
    chapters.forEach(function (ch) {
      var want = tokens(ch.text).slice(0, 4);
      var end = Math.min(start, words.length), i, k;
      ch.notesAt = [];
      if (!want.length || want.length < 2 && want[0].length < 4) return;
      for (i = 0; i < end; i++) {
        k = 0;
        while (k < want.length && words[i + k] === want[k]) k++;
        if (k === want.length) ch.notesAt.push(i);
      }
      if (ch.notesAt.length || want[0].length < 4) return;
      for (i = 0; i < end; i++) if (says(words[i], want[0])) ch.notesAt.push(i);
    });
    return { start: start, lines: lines, chapters: chapters };
  }

  // The moment a window opens: { id, chapter, location, kind }, or null.
  function momentOf(parts, win) {
    var at = win[0];
    if (at >= parts.start) {
      var chapter = lastAtOrBefore(parts.chapters, at);
      var line = lastAtOrBefore(parts.lines, at);
      if (chapter && (!line || line.location < chapter.location)) {
        // the words are in the chapter's heading: its start
        line = firstAtOrAfter(parts.lines, chapter.location);
        return line && { id: line.id, chapter: chapter, location: at, kind: "chapter" };
      }
      return line && { id: line.id, chapter: chapter, location: at, kind: "line" };
    }
    // title or show notes: the chapter of the notes topic the words are under
    var topic = null, topicAt = -1;
    parts.chapters.forEach(function (ch) {
      ch.notesAt.forEach(function (p) { if (p <= at && p > topicAt) { topic = ch; topicAt = p; } });
    });
    if (!topic) return null;
    var first = firstAtOrAfter(parts.lines, topic.location);
    return first && { id: first.id, chapter: topic, location: at, kind: "notes" };
  }

  // Every moment of a result for the plan's spellings, best first; [] when the page does
  // not say them (a result Pagefind found by a prefix of an unknown word).
  // Scripts written without spaces between words (Chinese, Japanese, Thai...): Pagefind's
  // segmenter splits them in the index, so its word places are not the text's spaces.
  var UNSPACED = /[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;

  // Moments for a query in such a script: the transcript lines whose text holds it.
  function unspacedMoments(data, spellings) {
    var anchors = (data.anchors || []).slice().sort(function (a, b) { return a.location - b.location; });
    var chapters = anchors.filter(function (a) { return /^h[1-6]$/i.test(a.element) && a.id && !/^t=/.test(a.id) && a.id !== "transcript"; });
    var found = [];
    var content = String(data.content || "");
    anchors.forEach(function (a) {
      if (!/^t=/.test(a.id || "")) return;
      var text = String(a.text || "");
      if (!spellings.some(function (q) { return text.toLowerCase().indexOf(q.toLowerCase()) >= 0; })) return;
      found.push({ id: a.id, chapter: lastAtOrBefore(chapters, a.location), location: a.location, kind: "line", text: text });
    });
    var said = found.length > 0 || spellings.some(function (q) { return content.toLowerCase().indexOf(q.toLowerCase()) >= 0; });
    return { said: said, moments: found, spellings: spellings, unspaced: true };
  }

  function moments(data, spellings) {
    if (spellings.some(function (q) { return UNSPACED.test(q); })) return unspacedMoments(data, spellings);
    var words = String(data.content || "").split(/[\r\n\s]+/g);
    var folded = words.map(fold);
    var pieces = piecesOf(words);
    var parts = layout(data, folded);
    var found = [], said = false, byId = {};
    spellings.forEach(function (spelling) {
      windows(folded, spelling, pieces).forEach(function (win) {
        said = true;
        var m = momentOf(parts, win);
        if (!m) {
          if (win[0] < parts.start) m = { id: null, chapter: null, location: win[0], kind: "notes" };
          else return;
        }
        m.window = win;
        // heading and notes topic moments first, then close clusters, then the earliest
        m.rank = (m.kind === "line" ? 2 : m.kind === "chapter" ? 0 : 1) * 1000 + win[2] * 10;
        var key = m.id || "notes";
        if (!byId[key] || byId[key].rank > m.rank) byId[key] = m;
      });
    });
    Object.keys(byId).forEach(function (k) { found.push(byId[k]); });
    found.sort(function (a, b) { return a.rank - b.rank || a.location - b.location; });
    // a moment in the notes without a chapter is kept only when nothing else is there
    var timed = found.filter(function (m) { return m.id; });
    return { said: said, moments: timed.length ? timed : found, words: words, folded: folded, pieces: pieces, spellings: spellings };
  }

  // ------------------------------------------------------------------ drawing

  function dialog() {
    return document.querySelector("dialog[data-podsite-search]");
  }

  function part(box, name) {
    return box.querySelector("[data-podsite-search-" + name + "]");
  }

  // An excerpt of a line in an unspaced script: its text, the query in <mark>.
  function fillLine(el, text, spellings) {
    el.textContent = "";
    var lower = text.toLowerCase(), at = -1, len = 0;
    spellings.forEach(function (q) {
      var i = lower.indexOf(q.toLowerCase());
      if (i >= 0 && (at < 0 || i < at)) { at = i; len = q.length; }
    });
    if (at < 0) { el.textContent = text; return; }
    el.appendChild(document.createTextNode(text.slice(0, at)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + len);
    el.appendChild(mark);
    el.appendChild(document.createTextNode(text.slice(at + len)));
  }

  // An excerpt around a window: plain text, the query's words in <mark>.
  function fillExcerpt(el, found, win, m) {
    if (found.unspaced) { fillLine(el, (m && m.text) || "", found.spellings); return; }
    el.textContent = "";
    var from = Math.max(0, win[0] - 8), to = Math.min(found.words.length - 1, Math.max(win[1], win[0] + 4) + 10);
    var wanted = [];
    found.spellings.forEach(function (s) { wanted = wanted.concat(tokens(s)); });
    var joined = found.spellings.map(function (s) { return tokens(s).join(""); });
    if (from > 0) el.appendChild(document.createTextNode("\u2026"));
    for (var i = from; i <= to; i++) {
      var w = found.words[i], f = found.folded[i];
      var marked = i >= win[0] && i <= win[1] && (wanted.some(function (t) { return saysAt(found.folded, found.pieces, i, t); }) ||
        joined.some(function (j) { return j.indexOf(f) >= 0 && f.length > 0; }));
      if (i > from) el.appendChild(document.createTextNode(" "));
      if (marked) {
        var mark = document.createElement("mark");
        mark.textContent = w;
        el.appendChild(mark);
      } else {
        el.appendChild(document.createTextNode(w));
      }
    }
    if (to < found.words.length - 1) el.appendChild(document.createTextNode("\u2026"));
  }

  function pageUrl(data) {
    return data.url.split("#")[0];
  }

  function row(box, href, title) {
    var li = part(box, "subresult").content.firstElementChild.cloneNode(true);
    var a = li.querySelector("[data-link]");
    a.href = href;
    a.textContent = title;
    return li;
  }

  // An episode: its title, and its best moments in page order.
  function drawEpisode(box, data, found) {
    var item = part(box, "result").content.firstElementChild.cloneNode(true);
    var link = item.querySelector("[data-link]");
    var page = pageUrl(data);
    var shown = found.moments.slice(0, SUBRESULTS);
    var best = shown[0];
    link.href = best && best.id ? page + "#" + best.id : page;
    link.textContent = (data.meta && data.meta.title) || data.url;
    var excerpt = item.querySelector("[data-excerpt]");
    var list = item.querySelector("[data-subresults]");
    var ordered = shown.filter(function (m) { return m.id; }).sort(function (a, b) { return a.location - b.location; });
    if (ordered.length) {
      excerpt.remove();
      ordered.forEach(function (m) {
        var title = (m.chapter ? m.chapter.text : tr("transcript")) + " \u00b7 " + clockOf(m.id);
        var li = row(box, page + "#" + m.id, title);
        if (m === best) li.querySelector("[data-link]").setAttribute("data-podsite-best", "");
        fillExcerpt(li.querySelector("[data-excerpt]"), found, m.window, m);
        list.appendChild(li);
      });
    } else {
      list.remove();
      if (best) fillExcerpt(excerpt, found, best.window, best);
      else excerpt.remove();
    }
    if (best && best.id) link.setAttribute("data-podsite-moment", "");
    return item;
  }

  // A name from the registry: its mention page, and the moments it lists (newest first).
  function drawMention(box, data) {
    var item = part(box, "result").content.firstElementChild.cloneNode(true);
    var link = item.querySelector("[data-link]");
    link.href = pageUrl(data);
    link.textContent = (data.meta && data.meta.title) || data.url;
    var rows = [];
    try { rows = JSON.parse((data.meta && data.meta.moments) || "[]"); } catch (e) { rows = []; }
    var excerpt = item.querySelector("[data-excerpt]");
    excerpt.textContent = rows.length ? tr("said_in", null, rows.length) : "";
    var list = item.querySelector("[data-subresults]");
    rows.slice(0, SUBRESULTS).forEach(function (r, n) {
      if (!r[2].length) return;
      var li = row(box, siteRoot + r[0] + "#" + r[2][0][0], r[1] + " \u00b7 " + clockOf(r[2][0][0]));
      if (!n) li.querySelector("[data-link]").setAttribute("data-podsite-best", "");
      li.querySelector("[data-excerpt]").remove();
      list.appendChild(li);
    });
    if (rows.length && rows[0][2].length) link.setAttribute("data-podsite-moment", "");
    if (!list.children.length) list.remove();
    return item;
  }

  // The episode a number asks for: its title, opening the page.
  function drawNumbered(box, data) {
    var item = part(box, "result").content.firstElementChild.cloneNode(true);
    var link = item.querySelector("[data-link]");
    link.href = data.url;
    link.textContent = data.meta.title;
    item.querySelector("[data-excerpt]").textContent = tr("episode", { number: data.meta.number });
    item.querySelector("[data-subresults]").remove();
    item.setAttribute("data-podsite-numbered", "");
    return item;
  }

  // An episode a filter keeps (no words asked for): its title, number and date.
  function drawListed(box, data) {
    var item = part(box, "result").content.firstElementChild.cloneNode(true);
    var link = item.querySelector("[data-link]");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    var facts = [];
    if (data.meta && data.meta.number) facts.push(tr("episode", { number: data.meta.number }));
    if (data.meta && data.meta.date) facts.push(data.meta.date);
    item.querySelector("[data-excerpt]").textContent = facts.join(" \u00b7 ");
    item.querySelector("[data-subresults]").remove();
    return item;
  }

  var numberFiles = {}; // each hundreds file is fetched once ("episode 1", then "episode 12")

  function numbersFile(file) {
    if (!numberFiles[file]) {
      numberFiles[file] = fetch(file).then(function (r) { return r.ok ? r.json() : {}; }).catch(function () {
        delete numberFiles[file]; // not there now: asked again by the next query
        return {};
      });
    }
    return numberFiles[file];
  }

  // A search "result" for episode `number`, from search-numbers/ (no result when there is none).
  function numbered(number) {
    var file = new URL("search-numbers/" + Math.floor(parseInt(number, 10) / 100) + ".json", here).href;
    return numbersFile(file).then(function (numbers) {
      var hit = numbers[number];
      if (!hit) return { results: [] };
      var data = { url: siteRoot + hit[0], meta: { title: hit[1], number: number } };
      return { results: [{ id: "number:" + number, score: Infinity, numbered: true,
                           data: function () { return Promise.resolve(data); } }] };
    });
  }

  function isMention(data) {
    return pageUrl(data).indexOf(siteRoot + "mentions/") === 0;
  }

  // The link Enter opens: the first result's best moment.
  function firstMoment(box) {
    var first = box.querySelector(".podsite-search__result");
    if (!first) return null;
    return first.querySelector("[data-podsite-best]") || first.querySelector("a[data-link]");
  }

  function say(box, text) {
    part(box, "message").textContent = text;
  }

  function quote(q) {
    return "\u201c" + q + "\u201d";
  }

  function suggest(box, words) {
    var p = part(box, "suggestions");
    p.querySelectorAll("button").forEach(function (b) { b.remove(); });
    p.hidden = !words.length;
    words.forEach(function (w) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "podsite-search__suggestion";
      b.textContent = w;
      b.addEventListener("click", function () {
        var input = part(box, "input");
        input.value = w;
        runQuery(box, w);
        input.focus();
      });
      p.appendChild(b);
    });
  }

  function message(box) {
    var p = current.plan, n = current.drawn;
    var total = current.entries.filter(function (e) { return !e.maybeName; }).length - current.dropped + current.named;
    if (!p) return;
    var what = quote(current.query);
    if (current.corrected) what = tr("corrected", { corrected: quote(current.corrected), query: quote(current.query) });
    var narrowed = describeFilters(current.filters || {});
    if (p.listing) {
      var episodes = current.entries.length;
      say(box, episodes ? tr("listed", { filters: narrowed }, episodes) : tr("listed_none", { filters: narrowed }));
      return;
    }
    if (narrowed) what = tr("filtered", { query: what, filters: narrowed });
    if (!n && current.shown >= current.entries.length) {
      say(box, p.number ? tr("no_number", { number: p.number, query: quote(current.query) })
                        : tr("no_mention", { query: quote(current.query) }));
      return;
    }
    // results that did not say the words were left out: count only the ones shown
    var count = current.dropped ? n : Math.max(n, total);
    say(box, tr("results", { query: what }, count));
  }

  // Draw the next PAGE results of the current query, each as soon as its data is there
  // (the first one fetched first, so it arrives first on a slow connection).
  function drawMore(box) {
    var seq = current.seq;
    var list = part(box, "results");
    var more = part(box, "more");
    more.hidden = true;
    var want = PAGE;
    var spare = PAGE; // results that do not say the words, replaced by the next ones at most this often
    var slots = [];

    function next() {
      if (seq !== current.seq || current.shown >= current.entries.length || want <= 0) return null;
      var entry = current.entries[current.shown++];
      // the name's own page is drawn: its other candidates are not fetched
      while (entry && entry.maybeName && current.named) entry = current.entries[current.shown++];
      if (!entry) return null;
      want--;
      var slot = document.createElement("li");
      slot.className = "podsite-search__pending";
      list.appendChild(slot);
      slots.push(slot);
      return { entry: entry, slot: slot };
    }

    function fill(job) {
      return job.entry.data().then(function (data) {
        if (seq !== current.seq) return;
        var item = null;
        var p = current.plan;
        if (job.entry.numbered) {
          item = drawNumbered(box, data);
        } else if (p.listing) {
          item = drawListed(box, data);
        } else if (job.entry.maybeName) {
          // not a result unless it is the name's own page (the episodes come from their own search)
          if (isMention(data) && pageUrl(data) === siteRoot + p.name[1]) {
            item = drawMention(box, data);
            current.named = 1;
          }
          if (!item) {
            job.slot.remove();
            want++;
            var also = next();
            return also ? fill(also) : undefined;
          }
        } else if (isMention(data)) {
          // a mention page is the result of its own name only
          if (p.name && moments(data, p.spellings).said) item = drawMention(box, data);
        } else {
          var found = moments(data, p.spellings);
          // the asked-for episode is drawn first, from its number (not twice)
          if (found.said && !(p.number && data.meta && data.meta.number === p.number)) item = drawEpisode(box, data, found);
        }
        if (!item) { // the page does not say it: not a result
          current.dropped++;
          job.slot.remove();
          // Pagefind ranks pages that say the words first: when the first PAGE do not, none do
          if (!current.drawn && current.dropped >= PAGE) { current.shown = current.entries.length; return; }
          if (spare-- <= 0) return; // "More results" goes on from here
          want++;
          var again = next();
          if (again) return fill(again);
          return;
        }
        job.slot.replaceWith(item);
        current.drawn++;
        message(box);
        if (current.enter) {
          var target = firstMoment(box);
          if (target === item.querySelector("[data-podsite-best]") || target === item.querySelector("a[data-link]")) {
            current.enter = false;
            target.click();
          }
        }
      });
    }

    var jobs = [];
    var first = null;
    var firstDone = quiet().then(function () {
      if (seq !== current.seq) return;
      first = next();
      if (!first) { message(box); return; }
      return fill(first);
    });
    // the others start once the first has arrived (it gets the whole connection)
    var rest = firstDone.then(function () {
      if (!first) return;
      var job;
      while ((job = next())) jobs.push(fill(job));
      return Promise.all(jobs);
    });
    return rest.then(function () {
      if (seq !== current.seq) return;
      more.hidden = current.shown >= current.entries.length;
      box.setAttribute("data-podsite-drawn", current.query);
      if (!current.drawn && !current.corrected && current.plan && !current.plan.number && !current.plan.listing) {
        return noMatch(box, seq); // "no episode mentions" only once no correction is found
      }
      message(box);
    });
  }

  // Nothing says the query: say so, correct a typo within one edit of a known name,
  // or offer the nearest spellings.
  function noMatch(box, seq) {
    return loadTerms().then(function (known) {
      if (seq !== current.seq) return;
      var close = nearest(current.query, known, 2);
      var one = close.filter(function (c) { return c.d === 1; });
      if (one.length && !current.corrected) {
        var original = current.query;
        return search(box, one[0].word, seq, original);
      }
      message(box);
      suggest(box, close.map(function (c) { return c.word; }));
    });
  }

  // The results of the plan's searches: by number first, then every spelling, merged by page.
  function search(box, query, seq, correctedFrom) {
    return Promise.all([loadEngine(), loadTerms(), loadHeavy()]).then(function (both) {
      var pagefind = both[0], known = both[1], common = both[2];
      if (seq !== current.seq) return null;
      var chosen = chosenFilters(box);
      var filtered = Object.keys(chosen).length > 0;
      var filters = Object.assign({ episode: "yes" }, chosen);
      var p = query ? plan(query, known) : { query: "", spellings: [], name: null, number: null, listing: true };
      // episodes only (mention pages have no "episode" filter), every spelling
      // a word said nearly everywhere is left out (its index chunk alone can be a megabyte)
      p.spellings = p.spellings.map(function (s) { return lighter(common, s); });
      var searches = p.spellings.map(function (s) { return pagefind.search(s, { filters: filters }); });
      // no words: every episode the filters keep, newest first (Pagefind lists them oldest first)
      if (p.listing) {
        searches = [pagefind.search(null, { filters: filters }).then(function (r) {
          return { results: (r.results || []).slice().reverse() };
        })];
      }
      // a registry name: its own page first (the mention page whose address the terms give)
      if (p.name && p.name[1] && !filtered) {
        // (only pages that are not episodes: the name's page comes first, and no episode's data is fetched to find it)
        searches.unshift(pagefind.search(lighter(common, p.name[0], true), { filters: { not: { episode: "yes" } } }).then(function (r) {
          return { results: (r.results || []).slice(0, 3).map(function (e) {
            return { id: "name:" + e.id, score: Infinity, data: e.data, maybeName: true };
          }) };
        }));
      }
      // a number: that episode first (from the numbers file its hundred is in)
      if (p.number && !filtered) searches.unshift(numbered(p.number));
      return Promise.all(searches).then(function (all) {
        if (seq !== current.seq) return;
        var seen = {}, entries = [];
        var rest = [];
        all.forEach(function (r) {
          (r.results || []).forEach(function (e) {
            if (seen[e.id]) { if (e.score > seen[e.id].score) seen[e.id].score = e.score; return; }
            seen[e.id] = e;
            rest.push(e);
          });
        });
        if (!p.listing) rest.sort(function (a, b) { return b.score - a.score; }); // stable: the asked-for ones stay first
        entries = rest;
        current.plan = p;
        current.filters = chosen;
        current.query = correctedFrom || query;
        current.corrected = correctedFrom ? query : null;
        current.entries = entries;
        current.shown = 0;
        current.drawn = 0;
        current.dropped = 0;
        current.named = 0;
        part(box, "results").textContent = "";
        suggest(box, []);
        if (!entries.length) {
          // "no episode mentions" waits until no typo correction is found (it would flash first)
          if (!p.number && !p.listing && !correctedFrom) return noMatch(box, seq);
          message(box);
          return;
        }
        return drawMore(box);
      });
    });
  }

  var timer = null;

  // Resolves once the search box has been still for QUIET ms.
  function quiet() {
    var left = QUIET - (Date.now() - lastInput);
    return left > 0 ? new Promise(function (resolve) { setTimeout(resolve, left); }).then(quiet) : Promise.resolve();
  }

  var NUMBER = /^(?:(?:episode|ep\.?)\s*#?\s*|#\s*)?(\d+)$/i;

  function numberQuery(query) {
    return NUMBER.test(query);
  }

  function runQuery(box, query, typing) {
    var seq = ++current.seq;
    box.removeAttribute("data-podsite-drawn");
    current.query = query;
    current.plan = null;
    current.corrected = null;
    clearTimeout(timer);
    if (!query && !Object.keys(chosenFilters(box)).length) {
      current.entries = [];
      current.shown = 0;
      current.enter = false;
      part(box, "results").textContent = "";
      part(box, "more").hidden = true;
      suggest(box, []);
      say(box, "");
      return Promise.resolve();
    }
    // the index chunks for the words start loading now (not for a short word: it may still grow);
    // the search waits for typing to pause, longer while a word is short
    var words = query.split(/\s+/).filter(Boolean);
    // (a query of heavy words only is often the start of a longer one too: "the", "python")
    var short = !numberQuery(query) && (words.some(function (w) { return fold(w).length < SHORT; }) ||
      words.every(function (w) { return isHeavy(heavyWords, w); }));
    var ahead = typing ? words.slice(0, -1) : words; // the word being typed is not complete
    if (engine && query) {
      Promise.all([engine, loadHeavy()]).then(function (both) {
        ahead.forEach(function (w) {
          if ((fold(w).length >= SHORT || numberQuery(w)) && !isHeavy(both[1], w)) both[0].preload(w);
        });
      });
    }
    var wait = short ? SHORT_WAIT : typing ? TYPING_WAIT : 80;
    return new Promise(function (resolve) { timer = setTimeout(resolve, wait); }).then(function () {
      if (seq !== current.seq) return;
      return search(box, query, seq);
    }).catch(function (err) {
      say(box, tr("unavailable", { error: err.message }));
    });
  }

  function open() {
    var box = dialog();
    if (!box) return;
    if (!box.open) box.showModal();
    var input = part(box, "input");
    if (!box.dataset.podsiteReady) {
      box.dataset.podsiteReady = "1";
      var before = "";
      input.addEventListener("input", function () {
        current.enter = false;
        lastInput = Date.now();
        // one key: a letter added at the end, the query still being typed (not a space: a word is complete)
        var typing = input.value.length === before.length + 1 && input.value.lastIndexOf(before, 0) === 0 &&
          /\S$/.test(input.value);
        before = input.value;
        runQuery(box, input.value.trim(), typing);
      });
      part(box, "form").addEventListener("submit", function (ev) {
        ev.preventDefault(); // Enter opens the first moment, now or as soon as it is there
        var first = firstMoment(box);
        var q = input.value.trim();
        if (first && current.plan && current.query === q) first.click();
        else if (q) current.enter = true;
      });
      part(box, "more").addEventListener("click", function () { drawMore(box); });
      var filters = box.querySelector("[data-podsite-search-filters]");
      if (filters) {
        filters.addEventListener("toggle", function () { if (filters.open) loadFilters(box); });
        filters.addEventListener("change", function () { current.enter = false; runQuery(box, input.value.trim()); });
      }
    }
    input.focus();
    input.select();
    loadTerms();
    loadHeavy();
    loadEngine().catch(function (err) {
      say(box, tr("unavailable", { error: err.message }));
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

  // A pointer over the search button, or focus on it, is a search about to start: its engine
  // (pagefind.js, the wasm, the index's metadata) and the dialog's terms start loading then.
  function warm(ev) {
    if (ev.target.closest && ev.target.closest("[data-podsite-search-open]")) {
      loadTerms();
      loadHeavy();
      loadEngine().catch(function () {});
    }
  }
  window.addEventListener("pointerover", warm, { passive: true });
  window.addEventListener("focusin", warm);

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var el = document.activeElement;
    if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
    ev.preventDefault();
    open();
  });
})();
