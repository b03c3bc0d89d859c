"""Site search in Chromium: the bytes one search downloads, the time to the first results on a
slow connection, search on built sites side by side, and the relevance set on the whole corpus."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import statistics
import time
from pathlib import Path
from typing import Any

import browse

from benchkit.builds import run_build, static_server
from benchkit.corpus import QUERY, CorpusEpisode, write_podsite

CHROMIUM = str(browse.CHROMIUM)
CHROMIUM_ARGS = browse.LAUNCH_ARGS


_PRECOMPRESSED = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".pagefind", ".gz", ".png", ".jpg", ".woff2")


#: Requests that belong to site search: Pagefind's bundle and the names and words search suggests from
#: (search-terms.json) and episode numbers (search-numbers/), or Material's index, worker and lunr.
_SEARCH_URL = re.compile(r"/pagefind/|search-terms\.json|/search-numbers/|search_index\.json|/workers/search|/lunr/")


def search_bytes(site: Path, page_url: str, query: str = QUERY) -> dict[str, Any]:
    """Bytes the browser fetches for site search when a visitor opens a page and searches once.

    Every response from the page load on is recorded; the search ones count (Material
    fetches its whole index when the page loads, Pagefind only when search opens).
    `raw` is what our plain static server sent; `gzip` counts text files as a static
    host serving them gzip-compressed would (Pagefind's index files, wasm and images
    are compressed already and count as they are).
    """
    from playwright.sync_api import sync_playwright

    fetched: list[tuple[str, int, int]] = []
    with static_server(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        def on_response(response: Any) -> None:
            url = response.url.split("?")[0]
            if not _SEARCH_URL.search(url):
                return
            with contextlib.suppress(Exception):
                body = response.body()
                size = len(body) if url.endswith(_PRECOMPRESSED) else len(gzip.compress(body, 6))
                fetched.append((url[len(base) - 1 :], len(body), size))

        page.on("response", on_response)
        page.goto(base + page_url, wait_until="networkidle")
        if page.locator("[data-podsite-search-open]").count():
            page.click("[data-podsite-search-open]")  # this project: Pagefind in a dialog
            box = page.locator("dialog[data-podsite-search] input")
        else:
            box = page.locator("input.md-search__input")  # Material's built-in search, in the header
            box.click()
        box.wait_for(state="visible", timeout=30000)
        box.press_sequentially(query, delay=80)  # typed as a person types (each key is an event)
        # the search is done when the result count (or that none was found) is shown (Pagefind: "N results for ...",
        # "No episode mentions ..."; Material:
        # "N matching documents"), then the result excerpts load
        page.wait_for_function(
            """() => /results? for|^No episode/i.test(document.querySelector('.podsite-search__message')?.textContent || '')
                || /matching document/i.test(document.querySelector('.md-search-result__meta')?.textContent || '')""",
            timeout=120000,
        )
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        links = page.locator(".podsite-search__result-link, .md-search-result__link")
        first = links.first.get_attribute("href") if links.count() else None
        count = page.locator(".podsite-search__result, .md-search-result__item").count()
        browser.close()
    return {
        "query": query,
        "requests": len(fetched),
        "raw": sum(r for _, r, _ in fetched),
        "gzip": sum(g for _, _, g in fetched),
        "files": sorted(fetched),
        "first_result": first,
        "results_shown": count,
    }


#: A slow connection for the search timing: 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency
#: (Chromium's network throttling through the DevTools protocol).
SLOW = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 // 8, "uploadThroughput": 750_000 // 8}
#: Queries timed on the slow connection (each in a fresh browser, nothing cached).
SPEED_QUERIES = ("pydantic", "DuckDB", "walrus operator", "episode 12", "glom")

#: The query's first results are drawn: as many as the message counts, five at most (or none is found).
_DRAWN = """() => {
  const text = document.querySelector('[data-podsite-search-message]').textContent || '';
  if (/^No /.test(text) || document.querySelector('dialog[data-podsite-drawn]')) return true;
  const m = /(\\d+) results? for/.exec(text);
  return !!m && document.querySelectorAll('.podsite-search__result').length >= Math.min(5, +m[1]);
}"""

#: Pagefind's engine is loaded: its script, the language's metadata and its wasm are in.
_ENGINE_LOADED = """() => {
  const names = performance.getEntriesByType('resource').map(e => e.name);
  return ['pagefind.js', '.pf_meta', '.pagefind'].every(n => names.some(u => u.includes(n)));
}"""

_TIMER = """() => {
  const list = document.querySelector('[data-podsite-search-results]');
  const input = document.querySelector('dialog[data-podsite-search] input');
  window.__podsiteTimes = {};
  input.addEventListener('input', () => { window.__podsiteTimes.typed = performance.now(); }, { capture: true, once: true });
  new MutationObserver(() => {
    const t = window.__podsiteTimes, n = list.querySelectorAll('.podsite-search__result').length;
    if (n && !t.first) t.first = performance.now();
    if (n >= 5 && !t.five) t.five = performance.now();
  }).observe(list, { childList: true, subtree: true });
}"""


def search_speed(
    site: Path, page_url: str, queries: tuple[str, ...] = SPEED_QUERIES, rounds: int = 3
) -> dict[str, Any]:
    """`search_once` `rounds` times per query, alternated; the median times (the machine is shared)."""
    runs = [search_once(site, page_url, queries) for _ in range(max(1, rounds))]
    rows = []
    for i in range(len(queries)):
        each = [run[i] for run in runs]
        row = dict(each[0])
        for key in ("open_seconds", "first_result_seconds", "five_results_seconds"):
            values = [r[key] for r in each if r[key] is not None]
            row[key] = statistics.median(values) if values else None
            row[key.replace("_seconds", "_runs")] = [r[key] for r in each]
        rows.append(row)
    return {"connection": SLOW, "rounds": rounds, "load_average": os.getloadavg(), "queries": rows}


def search_once(site: Path, page_url: str, queries: tuple[str, ...]) -> list[dict[str, Any]]:
    """Time from typing a query (the whole query at once, search already open) until the first
    result is drawn, and until five are, on the `SLOW` connection; and the bytes the query
    itself downloads (after the dialog opened: index chunks, result data; gzip as a static
    host serves text) and the bytes search downloads in all (opening the dialog included)."""
    from playwright.sync_api import sync_playwright

    rows = []
    with static_server(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            fetched: list[tuple[str, int, bool]] = []
            phase = {"query": False}

            def on_response(response: Any, fetched: list[tuple[str, int, bool]] = fetched, phase: dict = phase) -> None:
                url = response.url.split("?")[0]
                if "/pagefind/" not in url and "search-terms.json" not in url:
                    return
                with contextlib.suppress(Exception):
                    body = response.body()
                    size = len(body) if url.endswith(_PRECOMPRESSED) else len(gzip.compress(body, 6))
                    fetched.append((url, size, phase["query"]))

            page.on("response", on_response)
            page.goto(base + page_url, wait_until="networkidle")
            cdp.send("Network.emulateNetworkConditions", SLOW)
            # Pagefind fetches from a web worker, which the page's throttling does not reach: without
            # `Worker` it runs on the page (the same requests), so every byte meets the slow connection
            page.evaluate("() => { window.Worker = undefined; }")
            opened = time.perf_counter()
            page.click("[data-podsite-search-open]")
            box = page.locator("dialog[data-podsite-search] input")
            box.wait_for(state="visible")
            page.wait_for_function(_ENGINE_LOADED, timeout=120000)  # search loads its engine when it opens
            ready = time.perf_counter() - opened
            page.wait_for_timeout(500)
            page.evaluate(_TIMER)
            phase["query"] = True
            box.fill(query)
            page.wait_for_function(_DRAWN, timeout=120000)
            times = page.evaluate("() => window.__podsiteTimes")
            shown = page.locator(".podsite-search__result").count()
            context.close()
            first = (times["first"] - times["typed"]) / 1000 if times.get("first") and times.get("typed") else None
            five = (times["five"] - times["typed"]) / 1000 if times.get("five") and times.get("typed") else None
            rows.append(
                {
                    "query": query,
                    "open_seconds": round(ready, 2),
                    "first_result_seconds": round(first, 2) if first is not None else None,
                    "five_results_seconds": round(five, 2) if five is not None else None,
                    "results_shown": shown,
                    "query_gzip": sum(size for _, size, q in fetched if q),
                    "total_gzip": sum(size for _, size, _q in fetched),
                    "requests": len(fetched),
                }
            )
        browser.close()
    return rows


def compare_search(sites: list[Path], rounds: int = 3, queries: tuple[str, ...] = SPEED_QUERIES) -> dict[str, Any]:
    """`search_once` on built sites side by side, alternated round by round (so each meets the
    same load on a shared machine); per query and site the median times and the bytes."""
    runs: dict[str, list[list[dict[str, Any]]]] = {str(site): [] for site in sites}
    load = [os.getloadavg()]
    for _ in range(max(1, rounds)):
        for site in sites:
            runs[str(site)].append(search_once(site, "", queries))
    load.append(os.getloadavg())
    rows = []
    for i, query in enumerate(queries):
        row: dict[str, Any] = {"query": query}
        for name, site_runs in runs.items():
            each = [run[i] for run in site_runs]
            first = [r["first_result_seconds"] for r in each if r["first_result_seconds"] is not None]
            five = [r["five_results_seconds"] for r in each if r["five_results_seconds"] is not None]
            row[name] = {
                "first_result_seconds": statistics.median(first) if first else None,
                "first_result_runs": [r["first_result_seconds"] for r in each],
                "five_results_seconds": statistics.median(five) if five else None,
                "query_gzip": each[0]["query_gzip"],
                "total_gzip": each[0]["total_gzip"],
                "results_shown": each[0]["results_shown"],
            }
        rows.append(row)
    return {"connection": SLOW, "rounds": rounds, "load_average": load, "queries": rows}


def relevance_bench(work: Path, episodes: list[CorpusEpisode]) -> dict[str, Any]:
    """The search relevance set (scripts/relevance.py) on the whole corpus with its registry."""
    import relevance

    root = work / "podsite-relevance"
    write_podsite(root, episodes)
    relevance.install_registry(root / "docs")
    build = run_build(root, root / "build.log")
    outcomes = relevance.run_queries(root / "site", relevance.load_queries(), CHROMIUM, CHROMIUM_ARGS)
    result = relevance.report(outcomes)
    result["build_ok"] = build.ok
    result["speed"] = search_speed(root / "site", "")
    return result


def search_timeline(site: Path, query: str) -> dict[str, Any]:
    """What one query downloads before its first result, in order, on the `SLOW` connection:
    each request's start and end (ms after the query was typed) and its bytes on the wire,
    beside the time the first result and five results were drawn (search opened before)."""
    from playwright.sync_api import sync_playwright

    with static_server(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.goto(base, wait_until="networkidle")
        cdp.send("Network.emulateNetworkConditions", SLOW)
        page.evaluate("() => { window.Worker = undefined; }")  # as search_once: every request throttled
        page.click("[data-podsite-search-open]")
        box = page.locator("dialog[data-podsite-search] input")
        box.wait_for(state="visible")
        page.wait_for_function(_ENGINE_LOADED, timeout=120000)
        page.wait_for_timeout(500)
        page.evaluate(_TIMER)
        mark = page.evaluate("() => performance.now()")
        box.fill(query)
        page.wait_for_function(_DRAWN, timeout=120000)
        times = page.evaluate("() => window.__podsiteTimes")
        requests = page.evaluate(
            "(m) => performance.getEntriesByType('resource').filter(e => e.startTime > m).map(e => "
            "[e.name.split('/').slice(-2).join('/'), e.startTime, e.responseEnd, e.encodedBodySize])",
            mark,
        )
        browser.close()
    typed = times["typed"]
    return {
        "query": query,
        "first_result_ms": round(times["first"] - typed),
        "five_results_ms": round(times["five"] - typed) if times.get("five") else None,
        "requests": [
            {"file": name, "start_ms": round(start - typed), "end_ms": round(end - typed), "bytes": size}
            for name, start, end, size in requests
        ],
    }


def index_report(site: Path, episodes: int | None = None) -> dict[str, Any]:
    """Pagefind's index of a built site as a query meets it: sizes of the word index chunks
    (one per query word is downloaded), of the page fragments (one per result drawn) and of
    the filter files; with `episodes`, how many words would be said more often than a chunk
    holds (Pagefind closes a chunk after 20,000 word places) on a show that many times this
    one's size, scaled by episode count: each of those words comes in a chunk whose size grows
    with the show."""
    import cbor2

    out = site / "pagefind"

    def read(path: Path) -> Any:
        return cbor2.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])

    meta_path = next(out.glob("pagefind.*.pf_meta"))
    meta = read(meta_path)
    pages = len(meta[1])
    chunks = sorted((out / "index" / f"{c[2]}.pf_index").stat().st_size for c in meta[2])
    fragments = sorted(p.stat().st_size for p in (out / "fragment").glob("*.pf_fragment"))
    places: dict[str, int] = {}
    for c in meta[2]:
        for entry in read(out / "index" / f"{c[2]}.pf_index")[0]:  # [word, [[page, [places]], ...], ...]
            places[entry[0]] = sum(len(posting[1]) for posting in entry[1])

    def spread(sizes: list[int]) -> dict[str, float]:
        return {
            "median_kb": round(statistics.median(sizes) / 1024, 1),
            "p90_kb": round(sizes[int(len(sizes) * 0.9)] / 1024, 1),
            "max_kb": round(sizes[-1] / 1024, 1),
        }

    report: dict[str, Any] = {
        "pages": pages,
        "meta_kb": round(meta_path.stat().st_size / 1024, 1),
        "chunks": len(chunks),
        "chunk": spread(chunks),
        "fragment": spread(fragments),
        "filters_kb": {p.name: round(p.stat().st_size / 1024, 2) for p in sorted((out / "filter").glob("*.pf_filter"))},
        "words": len(places),
        "commonest": sorted(places.items(), key=lambda kv: -kv[1])[:10],
    }
    if episodes:
        scale = episodes / pages
        over = sorted((w for w, n in places.items() if n * scale > 20000), key=lambda w: -places[w])
        report[f"words_over_a_chunk_at_{episodes}"] = len(over)
        report["over_examples"] = [(w, places[w], round(places[w] * scale)) for w in over[:: max(1, len(over) // 12)]]
    return report


def search_tail(site: Path, rounds: int) -> list[dict[str, Any]]:
    """What indexing costs a build after its last page, side by side on a built SITE: Pagefind
    over the pages as written, then the settling (`pages`); over the copy with each line's anchor
    apart, in one run, then the settling (`apart`); and over that copy in parts of
    `search.sizing()`, two runs at a time on two CPUs, merged, then the settling, as the
    build does (`parts`). Rounds alternate;
    each runs in a process of its own and gives wall and CPU seconds and the peak resident memory
    of the largest process (that process or a Pagefind it ran). The site keeps the index the build
    would write."""
    import shutil
    import subprocess
    import sys

    import search

    hooks = Path(search.__file__).parent
    code = {
        "pages": "subprocess.run(search.pagefind_args(site, 'en'), check=True, capture_output=True); search._settled(site)",
        "apart": "search.index_site(site, 'en', budget=1 << 62)",
        "parts": "search.index_site(site, 'en')",
    }
    results = []
    for number in range(1, rounds + 1):
        for name, run in code.items():
            shutil.rmtree(site / search.OUTPUT_SUBDIR, ignore_errors=True)
            script = (
                f"import json, resource, subprocess, sys, time; sys.path.insert(0, {str(hooks)!r}); import search;"
                f"from pathlib import Path; site = Path({str(site)!r}); start = time.perf_counter(); {run};"
                "own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN);"
                "print(json.dumps({'wall_s': round(time.perf_counter() - start, 1),"
                " 'cpu_s': round(own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime, 1),"
                " 'peak_mb': round(max(own.ru_maxrss, kids.ru_maxrss) / 1024)}))"
            )
            done = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
            measured = json.loads(done.stdout.strip().splitlines()[-1])
            results.append({"round": number, "how": name, **measured, "load": round(os.getloadavg()[0], 1)})
            print(json.dumps(results[-1]), flush=True)
    return results
