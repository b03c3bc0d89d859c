#!/usr/bin/env python3
"""Archive-scale benchmark: build podcast sites from the Python Bytes corpus.

For each size N (10, 100 and every episode by default) this script writes two
sites into a temporary folder and builds each one with `mkdocs build` in a child
process:

- **podsite**: this project (the repository's mkdocs.yml, hooks and overrides),
  one `docs/episodes/NNN-slug.md` per episode (front matter + show notes) with
  its transcript file beside it;
- **naive**: the same transcripts as Markdown paragraphs with one anchor per
  line, Material's defaults, its built-in search, and a nav listing every episode.

It reports build wall time (cold parse cache and warm), ms per episode, peak
memory (largest process of the build, from `os.wait4` rusage), total site size,
one episode page's HTML size (raw and gzip; the same episode for every N) and
the bytes a browser downloads for one search (Chromium through Playwright,
search responses from the page load on counted). At the largest size also: the
time from saving a transcript until `mkdocs serve` (plain and `--dirty`) serves
the updated page, feed generation for 1,000 episodes, where a build's time goes
(per hook and page step) and a cProfile of one build; `--no-serve`, `--no-feed`,
`--no-profile` and `--no-browser` skip parts. At the largest size the warm and the
naive builds run `--rounds` times (3), alternated so both meet the same load on a
shared machine, and their medians are compared.

Results go to `<out>/results.json` and a Markdown summary to stdout.
`--relevance` also builds the whole corpus with the registry `scripts/relevance/mentions.yml`,
scores the search relevance set (`scripts/relevance.py`) and times the first search result on
a throttled connection (`search_speed`).
Usage: `python scripts/bench.py [--sizes 10,100,all]` (`make bench`; about 15 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import browse  # noqa: E402 - scripts/browse.py: the Chromium the tests and scripts run
from podsite.errors import ContentError, Problems  # noqa: E402
from podsite.timecode import anchor, format_clock  # noqa: E402
from podsite.transcripts import parse_transcript  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "python-bytes"
CHROMIUM = str(browse.CHROMIUM)
CHROMIUM_ARGS = browse.LAUNCH_ARGS
QUERY = "pydantic"
HOSTS = ["Michael Kennedy", "Brian Okken"]
#: Preferred transcript of an episode when the corpus has several.
PREFERENCE = [("txt", "main"), ("txt", "names"), ("vtt", "main"), ("vtt", "names"), ("vtt", "youtube")]
FIRST_DATE = dt.date(2016, 11, 7)


# --------------------------------------------------------------------------- corpus


@dataclass
class CorpusEpisode:
    number: int
    transcript: Path
    notes: Path | None
    stem: str = ""
    title: str = ""
    body: str = ""  # show notes without their title heading
    duration: float = 0.0
    segments: list[tuple[float, str]] = field(default_factory=list)


def _slug(name: str) -> str:
    name = re.sub(r"[-_ ]*(names|transcript|youtube)$", "", name, flags=re.I)
    name = re.sub(r"^\d+[-_ ]*", "", name)
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "episode"


def load_corpus(corpus: Path, limit: int | None = None) -> list[CorpusEpisode]:
    """One transcript per episode number (txt preferred), paired with its show notes; the first `limit`."""
    rows: dict[int, dict[tuple[str, str], tuple[Path, Path | None]]] = {}
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            notes = corpus / row["shownotes"] if row.get("shownotes") else None
            rows.setdefault(int(row["episode"]), {})[(row["format"], row["variant"])] = (
                corpus / row["transcript"],
                notes if notes and notes.is_file() else None,
            )
    episodes: list[CorpusEpisode] = []
    for number in sorted(rows):
        if limit is not None and len(episodes) >= limit:
            break
        choice = next((rows[number][key] for key in PREFERENCE if key in rows[number]), None)
        if choice is None:
            continue
        transcript, notes = choice
        ep = CorpusEpisode(number, transcript, notes)
        name = _slug(transcript.stem)
        ep.stem = f"{number:03d}-{name}"
        ep.title = name.replace("-", " ").capitalize()
        if notes is not None:
            text = notes.read_text(encoding="utf-8", errors="replace")
            heading = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
            if heading:
                ep.title = heading.group(1).strip()
                text = text[: heading.start()] + text[heading.end() :]
            ep.body = text.strip() + "\n"
        problems = Problems()
        try:
            parsed = parse_transcript(transcript.read_bytes(), transcript.name, problems)
        except ContentError:
            continue
        ep.segments = [(s.start, s.text) for s in parsed.segments]
        ep.duration = parsed.end
        episodes.append(ep)
    return episodes


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _front_matter(ep: CorpusEpisode, index: int) -> str:
    date = FIRST_DATE + dt.timedelta(days=7 * index)
    duration = max(ep.duration, 1.0)
    return (
        "---\n"
        f"title: {_yaml_str(ep.title)}\n"
        f"date: {date.isoformat()}\n"
        f"number: {ep.number}\n"
        "audio:\n"
        f"  url: https://example.org/{ep.number:03d}.mp3\n"
        f"  length: {int(duration * 16000)}\n"
        f'duration: "{format_clock(duration)}"\n'
        f"hosts: [{', '.join(HOSTS)}]\n"
        "---\n"
    )


def _absolute_config(config: dict[str, Any]) -> dict[str, Any]:
    """The repository's mkdocs.yml with paths made absolute, so a site elsewhere uses this code."""
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str(ROOT / theme["custom_dir"])
    config["theme"] = theme
    config["hooks"] = [str(ROOT / h) for h in config.get("hooks") or []]
    return config


def write_podsite(root: Path, episodes: list[CorpusEpisode]) -> None:
    """The site as this project builds it: front matter, notes, transcript file beside the page."""
    docs = root / "docs"
    (docs / "episodes").mkdir(parents=True)
    config = _absolute_config(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    podcast = dict((config.get("extra") or {}).get("podcast") or {})
    podcast.update(
        title="Python Bytes",
        description="Python headlines delivered directly to your earbuds.",
        author="Michael Kennedy and Brian Okken",
        image="assets/cover.png",
    )
    (docs / "assets").mkdir()
    shutil.copyfile(ROOT / "docs" / "assets" / "cover.png", docs / "assets" / "cover.png")
    config.update(
        site_name="Python Bytes (benchmark)",
        site_url="https://example.org/pb/",
        site_description="Benchmark site",
        copyright="Benchmark",
    )
    config.setdefault("extra", {})["podcast"] = podcast
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (docs / "index.md").write_text("# Python Bytes\n\nThe benchmark show.\n", encoding="utf-8")
    for index, ep in enumerate(episodes):
        (docs / "episodes" / f"{ep.stem}.md").write_text(_front_matter(ep, index) + "\n" + ep.body, encoding="utf-8")
        shutil.copyfile(ep.transcript, docs / "episodes" / f"{ep.stem}{ep.transcript.suffix}")


def write_naive(root: Path, episodes: list[CorpusEpisode]) -> None:
    """The plain approach: Markdown pages, one anchored paragraph per line, Material defaults."""
    docs = root / "docs"
    (docs / "episodes").mkdir(parents=True)
    config = {
        "site_name": "Python Bytes (naive)",
        "site_url": "https://example.org/pb/",
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        "markdown_extensions": [{"toc": {"permalink": True}}, "attr_list"],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (docs / "index.md").write_text("# Python Bytes\n\nThe benchmark show.\n", encoding="utf-8")
    for ep in episodes:
        lines = [f"# {ep.title}", "", ep.body, "## Transcript", ""]
        for start, text in ep.segments:
            aid = anchor(start)
            lines.append(f'<span id="{aid}"></span>[{format_clock(start)}](#{aid}) {text}\n')
        (docs / "episodes" / f"{ep.stem}.md").write_text("\n".join(lines), encoding="utf-8")


# --------------------------------------------------------------------------- measuring


def _env() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1893456000")  # 2030-01-01
    env["PYTHONPATH"] = str(ROOT / "hooks") + os.pathsep + env.get("PYTHONPATH", "")
    return env


@dataclass
class BuildResult:
    seconds: float  # wall clock
    cpu_seconds: float  # user + system time of the build and the processes it waited for
    peak_rss_mb: float
    warnings: int
    ok: bool


def run_build(root: Path, log: Path, extra_env: dict[str, str] | None = None) -> BuildResult:
    """`mkdocs build` in a child process; peak RSS is the largest process of the build (wait4 rusage)."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = _env() | (extra_env or {})
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(mkdocs), "build", "-f", str(root / "mkdocs.yml")],
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    return BuildResult(
        seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text.count("WARNING"), proc.returncode == 0
    )


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def page_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 6))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def static_server(directory: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) for the browser."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    socketserver.TCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        finally:
            httpd.shutdown()


_PRECOMPRESSED = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".pagefind", ".gz", ".png", ".jpg", ".woff2")


#: Requests that belong to site search: Pagefind's bundle, or Material's index, worker and lunr.
_SEARCH_URL = re.compile(r"/pagefind/|search_index\.json|/workers/search|/lunr/")


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
        # the search is done when the result count is shown (Pagefind: "N results for ..."; Material:
        # "N matching documents"), then the result excerpts load
        page.wait_for_function(
            """() => /results? for/i.test(document.querySelector('.podsite-search__message')?.textContent || '')
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


def _poll(url: str, needle: str | None, deadline: float) -> float | None:
    while time.perf_counter() < deadline:
        with contextlib.suppress(Exception):
            with urllib.request.urlopen(url, timeout=2) as resp:
                if needle is None or needle in resp.read().decode("utf-8", "replace"):
                    return time.perf_counter()
        time.sleep(0.05)
    return None


def serve_update(root: Path, episode: CorpusEpisode, rounds: int = 3, dirty: bool = False) -> dict[str, Any]:
    """Start `mkdocs serve`, edit one transcript line, time until the served page shows the edit.

    Each round appends a new word to the first line of the transcript and polls the
    page on 127.0.0.1 every 50 ms; the time is from the write to the first response
    that contains the word."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    with socketserver.TCPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler) as probe:
        port = probe.server_address[1]  # a free port
    args = [str(mkdocs), "serve", "-f", str(root / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"]
    if dirty:
        args.append("--dirty")
    log = root / ("serve-dirty.log" if dirty else "serve.log")
    mount = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url", "/")
    mount = "/" + mount.split("://", 1)[-1].partition("/")[2]
    url = f"http://127.0.0.1:{port}{mount}episodes/{episode.stem}/"
    transcript = root / "docs" / "episodes" / f"{episode.stem}{episode.transcript.suffix}"
    original = transcript.read_bytes()
    times: list[float] = []
    with log.open("wb") as out:
        proc = subprocess.Popen(args, cwd=root, stdout=out, stderr=subprocess.STDOUT, env=_env())
        try:
            if _poll(url, None, time.perf_counter() + 900) is None:
                return {"error": "mkdocs serve did not serve the page within 900 s", "dirty": dirty}
            time.sleep(5)  # the first build's search index is written in the background
            for n in range(rounds):
                word = f"zebracorn{n}x{os.getpid()}"
                text = original.decode("utf-8", "replace")
                end = text.index("\n")
                t0 = time.perf_counter()
                transcript.write_bytes((text[:end] + f" {word}" + text[end:]).encode("utf-8"))
                t1 = _poll(url, word, t0 + 300)
                times.append(round(t1 - t0, 2) if t1 else float("inf"))
                time.sleep(8)  # let the rebuild and its background indexing finish before the next edit
        finally:
            transcript.write_bytes(original)
            proc.terminate()
            proc.wait(timeout=60)
    return {"seconds": times, "median": statistics.median(times), "dirty": dirty, "episode": episode.stem}


def serve_flags() -> list[str]:
    """The flags `make serve` gives `mkdocs serve` (the Makefile's SERVE_FLAGS)."""
    match = re.search(r"(?m)^SERVE_FLAGS\s*:?=(.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"))
    return match.group(1).split() if match else []


def _save(path: Path, text: str, rename: bool) -> None:
    """Save as an editor does: in place, or into a new file renamed over the old one."""
    if rename:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    else:
        path.write_text(text, encoding="utf-8")


def _poll_all(urls: list[str], needle: str, t0: float, limit: float = 300) -> float:
    """Seconds from `t0` until every URL serves `needle` (inf after `limit`)."""
    left = list(urls)
    while left and time.perf_counter() < t0 + limit:
        with contextlib.suppress(Exception):
            with urllib.request.urlopen(left[0], timeout=30) as resp:
                if needle in resp.read().decode("utf-8", "replace"):
                    left.pop(0)
                    continue
        time.sleep(0.05)
    return round(time.perf_counter() - t0, 2) if not left else float("inf")


MENTION = "pytest"


def serve_bench(
    root: Path, episode: CorpusEpisode, flags: list[str], rounds: int = 5, pause: float = 3.0
) -> dict[str, Any]:
    """`mkdocs serve` with `flags` on the site at `root`, timed as a producer works with it.

    - startup: from starting the server to the first page served;
    - transcript: append a word to the first line of `episode`'s transcript, until its page
      shows it; `rounds` saves in place, then `rounds` saves written beside and renamed over;
    - title: a new title in the episode's front matter, until its page, the archive, the home
      page and the feed all show it (`rounds` saves, alternately in place and renamed);
    - mentions: a new URL for `pytest` in `mentions.yml`, until the newest episode page that
      says it and the mention page show it (three saves; the first, which creates the entry, is not timed).
    Between edits the server is left `pause` s to settle (search indexing runs after a build).
    """
    mkdocs = Path(sys.executable).with_name("mkdocs")
    with socketserver.TCPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler) as probe:
        port = probe.server_address[1]
    args = [str(mkdocs), "serve", *flags, "-f", str(root / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"]
    mount = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url", "/")
    base = f"http://127.0.0.1:{port}/" + mount.split("://", 1)[-1].partition("/")[2]
    page = f"{base}episodes/{episode.stem}/"
    docs = root / "docs"
    transcript = docs / "episodes" / f"{episode.stem}{episode.transcript.suffix}"
    source = docs / "episodes" / f"{episode.stem}.md"
    registry = docs / "mentions.yml"
    said = next(  # the newest episode whose transcript says the name
        (
            p
            for p in sorted((docs / "episodes").glob(f"*{episode.transcript.suffix}"), reverse=True)
            if MENTION in p.read_text(encoding="utf-8", errors="replace")
        ),
        transcript,
    )
    said_page = f"{base}episodes/{said.stem}/"
    originals = {p: p.read_bytes() if p.exists() else None for p in (transcript, source, registry)}
    result: dict[str, Any] = {"flags": flags, "episode": episode.stem}
    log = root / f"serve{'-'.join([''] + [f.strip('-') for f in flags])}.log"
    with log.open("wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, cwd=root, stdout=out, stderr=subprocess.STDOUT, env=_env())
        try:
            result["startup"] = _poll_all([page], "<html", t0, 900)
            time.sleep(pause * 2)
            tag = f"{os.getpid()}x{int(time.time()) % 100000}"
            for mode in ("in_place", "rename"):
                times = []
                for n in range(rounds):
                    word = f"zebracorn{mode[0]}{n}x{tag}"
                    text = originals[transcript].decode("utf-8", "replace")  # type: ignore[union-attr]
                    end = text.index("\n")
                    t1 = time.perf_counter()
                    _save(transcript, text[:end] + f" {word}" + text[end:], mode == "rename")
                    times.append(_poll_all([page], word, t1))
                    time.sleep(pause)
                result[f"transcript_{mode}"] = times
            result["transcript_median"] = statistics.median(result["transcript_in_place"] + result["transcript_rename"])
            titles = []
            front = originals[source].decode("utf-8")  # type: ignore[union-attr]
            old_title = next(line for line in front.splitlines() if line.startswith("title:"))
            for n in range(rounds):
                title = f"Retitled {n} {tag}"
                t1 = time.perf_counter()
                _save(source, front.replace(old_title, f"title: {title}", 1), n % 2 == 1)
                titles.append(_poll_all([page, f"{base}episodes/", base, f"{base}feed.xml"], title, t1))
                time.sleep(pause)
            result["title"] = titles
            result["title_median"] = statistics.median(titles)
            mentions = []
            for n in range(3):
                url = f"https://docs.pytest.org/{tag}/{n}/"
                entry = f"- name: {MENTION}\n  url: {url}\n  kind: project\n"
                t1 = time.perf_counter()
                _save(registry, (originals[registry] or b"").decode("utf-8") + "\n" + entry, False)
                took = _poll_all([said_page, f"{base}mentions/{MENTION}/"], url, t1)
                if n:
                    mentions.append(took)
                time.sleep(pause)
            result["mentions"] = mentions
        finally:
            for path, data in originals.items():
                if data is None:
                    path.unlink(missing_ok=True)
                else:
                    path.write_bytes(data)
            proc.terminate()
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            result["server_cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 1)
    result["load_average"] = os.getloadavg()
    return result


def feed_bench(count: int = 1000) -> dict[str, Any]:
    """Time `podsite.feed.build_feed` for `count` synthetic episodes, when the feed module exists."""
    try:
        from podsite import feed
    except ImportError:
        return {"todo": "podsite.feed is not there yet"}
    if not hasattr(feed, "build_feed"):
        return {"todo": "podsite.feed.build_feed is not there yet"}
    from podsite.model import Audio, Chapter, Episode, Segment, Show, Transcript

    segment = [Segment(0.0, "Hello and welcome.", line=1)]

    show = Show(
        title="Python Bytes",
        site_url="https://example.org/pb/",
        description="Benchmark feed",
        author="Michael Kennedy",
        owner_name="Michael Kennedy",
        owner_email="m@example.org",
        categories=[["Technology"]],
        image="https://example.org/cover.png",
    )
    start = dt.datetime(2016, 11, 7, tzinfo=dt.UTC)
    for n in range(count, 0, -1):
        show.episodes.append(
            Episode(
                stem=f"{n:04d}-episode",
                src_uri=f"episodes/{n:04d}-episode.md",
                title=f"Episode {n}",
                date=start + dt.timedelta(days=7 * n),
                number=n,
                audio=Audio(url=f"https://example.org/{n:04d}.mp3", length=30_000_000),
                duration=1800.0,
                description=f"Episode {n}: news about Python packaging and tools. " * 3,
                notes=f"## Topics\n\n- [Project {n}](https://example.org/p/{n})\n- More about tools.\n",
                hosts=list(HOSTS),
                transcript=Transcript(path=f"docs/episodes/{n:04d}-episode.txt", format="txt", segments=segment),
                chapters=[Chapter(0.0, "Welcome", slug="welcome"), Chapter(600.0, f"Project {n}", slug="project")],
            )
        )
    runs = []
    output = None
    for _ in range(3):
        t0 = time.perf_counter()
        output = feed.build_feed(show, show.episodes)
        runs.append(time.perf_counter() - t0)
    size = len(output) if isinstance(output, (str, bytes)) else None
    return {"episodes": count, "seconds": runs, "best": min(runs), "bytes": size}


_PHASES = r"""
import json, os, sys, time
from collections import defaultdict
from mkdocs.commands import build as b
from mkdocs.config import load_config

wall, cpu = defaultdict(float), defaultdict(float)

def timed(name, fn):
    def run(*args, **kwargs):
        w, c = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            wall[name] += time.perf_counter() - w
            cpu[name] += time.process_time() - c
    return run

dirty = len(sys.argv) > 2 and sys.argv[2] == "dirty"
if dirty:  # `mkdocs serve --dirty` keeps the process: a first build into a fresh folder fills in-process memos
    import tempfile
    served = tempfile.mkdtemp(prefix="mkdocs_")
    first = load_config(sys.argv[1], site_dir=served)
    first.plugins.on_startup(command="serve", dirty=True)
    b.build(first, dirty=True)
cfg = load_config(sys.argv[1], site_dir=served) if dirty else load_config(sys.argv[1])
for event, methods in cfg.plugins.events.items():
    for i, method in enumerate(methods):
        origin = cfg.plugins._event_origins.get(method, "?")
        wrapped = timed(f"{origin.split('/')[-1]} on_{event}", method)
        cfg.plugins._event_origins[wrapped] = origin
        methods[i] = wrapped
b._populate_page = timed("pages: markdown (incl. page_markdown/page_content events)", b._populate_page)
b._build_page = timed("pages: templates + write (incl. page_context/post_page events)", b._build_page)
b.utils.clean_directory = timed("clean site dir", b.utils.clean_directory)
b.build = timed("TOTAL build", b.build)
if dirty:  # as `mkdocs serve --dirty` rebuilds after a change (hooks were told at startup, once)
    for path in sys.argv[3:]:
        os.utime(path)  # the file the producer just saved
b.build(cfg, dirty=dirty)
print(json.dumps({k: [round(wall[k], 3), round(cpu[k], 3)] for k in sorted(wall, key=lambda k: -wall[k])}))
"""


def phase_times(
    root: Path, extra_env: dict[str, str] | None = None, touch: Path | None = None
) -> dict[str, list[float]]:
    """Wall and CPU seconds of each hook event and page step of one in-process build (no profiler overhead).

    With `touch`, the build is the one `mkdocs serve --dirty` runs after that file was saved
    (a first build in the same process comes before it, as in `mkdocs serve`)."""
    result = subprocess.run(
        [sys.executable, "-c", _PHASES, str(root / "mkdocs.yml")] + (["dirty", str(touch)] if touch else []),
        cwd=root,
        env=_env() | (extra_env or {}),
        capture_output=True,
        text=True,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(lines[-1])


def profile_build(root: Path, out: Path) -> str:
    """cProfile of one in-process build; returns the top of the report by own time and cumulative."""
    out = out.resolve()
    code = (
        "import cProfile, pstats, io, sys, os\n"
        "from mkdocs.config import load_config\n"
        "from mkdocs.commands.build import build\n"
        f"cfg = load_config({str(root / 'mkdocs.yml')!r})\n"
        "pr = cProfile.Profile(); pr.enable(); build(cfg); pr.disable()\n"
        f"pr.dump_stats({str(out)!r})\n"
        "for key in ('tottime', 'cumulative'):\n"
        "    s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats(key).print_stats(30); print(s.getvalue())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=_env(), capture_output=True, text=True)
    return result.stdout + result.stderr[-3000:]


# --------------------------------------------------------------------------- main


def machine() -> dict[str, Any]:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory": mem,
        "python": sys.version.split()[0],
        "load_average_at_start": os.getloadavg(),
    }


def _median(builds: list[BuildResult]) -> BuildResult:
    return sorted(builds, key=lambda b: b.seconds)[len(builds) // 2]


def bench_size(
    work: Path,
    episodes: list[CorpusEpisode],
    label: str,
    page_ep: CorpusEpisode,
    baseline: bool,
    browser: bool,
    rounds: int = 1,
) -> dict[str, Any]:
    """One size. The warm and the naive builds run `rounds` times, alternated (naive,
    warm, naive, warm, ...), so both see the same machine; the medians are compared."""
    n = len(episodes)
    result: dict[str, Any] = {"label": label, "episodes": n}
    ours = work / f"podsite-{label}"
    naive = work / f"naive-{label}"
    write_podsite(ours, episodes)
    cold = run_build(ours, ours / "build-cold.log")
    nocache = run_build(ours, ours / "build-nocache.log", {"PODSITE_CACHE": "off"})
    run_build(ours, ours / "build-refill.log")  # the cache as a warm build finds it
    if baseline:
        write_naive(naive, episodes)
    warm_runs: list[BuildResult] = []
    naive_runs: list[BuildResult] = []
    for i in range(max(1, rounds)):
        if baseline:
            naive_runs.append(run_build(naive, naive / f"build-{i}.log"))
        warm_runs.append(run_build(ours, ours / f"build-warm-{i}.log"))
    warm = _median(warm_runs)
    site = ours / "site"
    page = site / "episodes" / page_ep.stem / "index.html"
    raw, gz = page_size(page) if page.is_file() else (0, 0)
    result["podsite"] = {
        "cold": asdict(cold),
        "warm": asdict(warm),
        "nocache": asdict(nocache),
        "ms_per_episode_cold": cold.seconds * 1000 / n,
        "ms_per_episode_warm": warm.seconds * 1000 / n,
        "warm_runs": [round(b.seconds, 2) for b in warm_runs],
        "site_bytes": tree_size(site),
        "search_index_bytes": tree_size(site / "pagefind") if (site / "pagefind").is_dir() else 0,
        "page": f"episodes/{page_ep.stem}/",
        "page_raw": raw,
        "page_gzip": gz,
    }
    if browser:
        result["podsite"]["search"] = search_bytes(site, f"episodes/{page_ep.stem}/")
    if baseline:
        nb = _median(naive_runs)
        nsite = naive / "site"
        npage = nsite / "episodes" / page_ep.stem / "index.html"
        nraw, ngz = page_size(npage) if npage.is_file() else (0, 0)
        result["naive"] = {
            "build": asdict(nb),
            "build_runs": [round(b.seconds, 2) for b in naive_runs],
            "ms_per_episode": nb.seconds * 1000 / n,
            "site_bytes": tree_size(nsite),
            "search_index_bytes": tree_size(nsite / "search"),
            "page_raw": nraw,
            "page_gzip": ngz,
        }
        if browser:
            result["naive"]["search"] = search_bytes(nsite, f"episodes/{page_ep.stem}/")
        result["speedup_cold"] = nb.seconds / cold.seconds
        result["speedup_warm"] = nb.seconds / warm.seconds
        result["speedup_warm_runs"] = [
            round(a.seconds / b.seconds, 2) for a, b in zip(naive_runs, warm_runs, strict=True)
        ]
        result["speedup_cpu_cold"] = nb.cpu_seconds / cold.cpu_seconds
        result["speedup_cpu_warm"] = nb.cpu_seconds / warm.cpu_seconds
    return result


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def summary(results: dict[str, Any]) -> str:
    """The results as Markdown tables (pasted into BENCHMARKS.md)."""
    m = results["machine"]
    rows = [
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']}, Python {m['python']}; "
        f"load average {m['load_average_at_start'][0]:.1f} at start, {results.get('load_average_at_end', [0])[0]:.1f} at end.",
        "",
        "| N | podsite cold (wall / CPU) | warm (wall / CPU) | no cache | ms/episode cold | peak RSS | "
        "naive (wall / CPU) | naive peak RSS | speed-up wall (cold / warm) | speed-up CPU (cold / warm) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["sizes"]:
        p, nv = r["podsite"], r.get("naive", {})
        nb = nv.get("build", {})
        rows.append(
            f"| {r['episodes']} | {p['cold']['seconds']:.1f} / {p['cold']['cpu_seconds']:.1f} s"
            f" | {p['warm']['seconds']:.1f} / {p['warm']['cpu_seconds']:.1f} s"
            f" | {p['nocache']['seconds']:.1f} / {p['nocache']['cpu_seconds']:.1f} s"
            f" | {p['ms_per_episode_cold']:.0f} | {p['cold']['peak_rss_mb']:.0f} MB"
            f" | {nb.get('seconds', 0):.1f} / {nb.get('cpu_seconds', 0):.1f} s | {nb.get('peak_rss_mb', 0):.0f} MB"
            f" | {r.get('speedup_cold', 0):.1f}x / {r.get('speedup_warm', 0):.1f}x"
            f" | {r.get('speedup_cpu_cold', 0):.1f}x / {r.get('speedup_cpu_warm', 0):.1f}x |"
        )
    rows += [
        "",
        "| N | site size | search index | episode page raw / gzip | search download gzip / raw (requests)"
        " | naive site | naive page raw / gzip | naive search download gzip / raw |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results["sizes"]:
        p, nv = r["podsite"], r.get("naive", {})
        ps, ns = p.get("search", {}), nv.get("search", {})
        rows.append(
            f"| {r['episodes']} | {_kb(p['site_bytes'])} | {_kb(p['search_index_bytes'])}"
            f" | {p['page_raw']:,} / {p['page_gzip']:,} B"
            f" | {_kb(ps.get('gzip', 0))} / {_kb(ps.get('raw', 0))} ({ps.get('requests', '-')})"
            f" | {_kb(nv.get('site_bytes', 0))} | {nv.get('page_raw', 0):,} / {nv.get('page_gzip', 0):,} B"
            f" | {_kb(ns.get('gzip', 0))} / {_kb(ns.get('raw', 0))} |"
        )
    sizes = results["sizes"]
    if len(sizes) >= 2 and sizes[0]["podsite"]["page_raw"]:
        a, b = sizes[0]["podsite"]["page_raw"], sizes[-1]["podsite"]["page_raw"]
        rows.append(
            f"\nEpisode page {sizes[0]['podsite']['page']}: {a:,} bytes at N={sizes[0]['episodes']}, "
            f"{b:,} at N={sizes[-1]['episodes']} ({(b - a) / a * 100:+.2f}%)"
        )
    for r in results["sizes"]:
        p, nv = r["podsite"], r.get("naive", {})
        if len(p.get("warm_runs", [])) > 1:
            rows.append(
                f"\nN={r['episodes']}, alternated: naive {nv.get('build_runs')} s, warm {p['warm_runs']} s,"
                f" speed-up per pair {r.get('speedup_warm_runs')} (medians compared above)"
            )
    for name, phases in results.get("phases", {}).items():
        rows += ["", f"Where the time goes ({name}), seconds wall / CPU:", ""]
        rows += [f"- {k}: {w:.2f} / {c:.2f}" for k, (w, c) in list(phases.items())[:9]]
    rel = results.get("relevance")
    if rel:
        rows += [
            "",
            f"Search relevance: {rel['hits_top3']}/{rel['queries']} queries ({rel['score']:.0%}) have the expected"
            f" moment in the top 3 results; misses: {', '.join(rel['misses']) or 'none'}",
            "",
            "| query | first result | five results | query download (gzip) | with opening search |",
            "|---|---|---|---|---|",
        ]
        for q in rel["speed"]["queries"]:
            rows.append(
                f"| {q['query']} | {q['first_result_seconds']} s | {q['five_results_seconds']} s"
                f" | {_kb(q['query_gzip'])} | {_kb(q['total_gzip'])} |"
            )
    for key in ("serve", "serve_dirty", "feed", "profile"):
        if key in results:
            rows.append(f"{key}: {json.dumps(results[key])}")
    return "\n".join(rows)


def serve_only(site: Path, episodes: list[CorpusEpisode], runs: int, baseline: bool, out: Path, rounds: int = 5) -> int:
    """Time the preview on a site of every episode (see `serve_bench`); results to `out`/serve.json."""
    if not (site / "mkdocs.yml").is_file():
        write_podsite(site, episodes)
    print("warming the cache with one build ...", file=sys.stderr, flush=True)  # for this code's cache keys
    results_build = run_build(site, site / "build.log")
    newest = episodes[-1]
    results: dict[str, Any] = {
        "machine": machine(),
        "episodes": len(episodes),
        "warm_up_build_seconds": round(results_build.seconds, 1),
        "make_serve": [],
    }
    out.mkdir(parents=True, exist_ok=True)
    for n in range(runs):
        print(f"timing make serve's mkdocs serve {serve_flags()} ({n + 1}/{runs}) ...", file=sys.stderr, flush=True)
        results["make_serve"].append(serve_bench(site, newest, serve_flags(), rounds))
        print(json.dumps(results["make_serve"][-1]), file=sys.stderr, flush=True)
        (out / "serve.json").write_text(json.dumps(results, indent=2), encoding="utf-8")  # kept if stopped later
    if baseline:
        print("timing plain mkdocs serve ...", file=sys.stderr, flush=True)
        results["plain_serve"] = serve_bench(site, newest, [], rounds=min(rounds, 3))
    runs_done = results["make_serve"]
    for key in ("startup", "transcript_median", "title_median"):
        results[f"median_{key}"] = statistics.median(r[key] for r in runs_done)
    results["median_mentions"] = statistics.median(m for r in runs_done for m in r["mentions"])
    out.mkdir(parents=True, exist_ok=True)
    (out / "serve.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


ART_HOOK = "hooks/art.py"


def art_cpu_ms(repeat: int = 20) -> dict[str, float]:
    """CPU milliseconds (this process) to draw one social card and to make the 300 and 600 px
    renditions of a 3,000 px JPEG cover: what a cold build spends per episode and per image."""
    from PIL import Image
    from podsite import cards, images

    with Image.open(ROOT / "docs" / "assets" / "cover.png") as cover:
        art = cards.art_for_card(cover)
    text = cards.CardText("Python Bytes", "Episode 412 · January 2, 2025", "Async all the way down: " * 4)
    start = time.process_time()
    for _ in range(repeat):
        cards.draw_card(text, art)
    card = (time.process_time() - start) / repeat * 1000
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "cover.jpg"
        Image.new("RGB", (3000, 3000), (30, 90, 40)).save(big, "JPEG", quality=90)
        start = time.process_time()
        for _ in range(3):
            images.renditions(big)
        sizes = (time.process_time() - start) / 3 * 1000
    return {"card": round(card, 1), "renditions_of_3000px": round(sizes, 1)}


def art_bench(work: Path, episodes: list[CorpusEpisode], rounds: int = 3) -> dict[str, Any]:
    """What artwork (renditions) and social cards add to a build: the same corpus site with and
    without `hooks/art.py`, built cold (no `.cache/`) and warm, alternated `rounds` times."""
    sites = {"with art": work / "art-with", "without art": work / "art-without"}
    for name, root in sites.items():
        shutil.rmtree(root, ignore_errors=True)
        write_podsite(root, episodes)
        if name == "without art":
            config_file = root / "mkdocs.yml"
            config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
            config["hooks"] = [h for h in config["hooks"] if not h.endswith(ART_HOOK)]
            config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    times: dict[str, dict[str, list[float]]] = {name: {"cold": [], "warm": []} for name in sites}
    for _ in range(rounds):
        for name, root in sites.items():
            shutil.rmtree(root / ".cache", ignore_errors=True)
            cold = run_build(root, root / "cold.log")
            warm = run_build(root, root / "warm.log")
            if not (cold.ok and warm.ok):
                raise RuntimeError(f"the {name} build failed: see {root}/cold.log and warm.log")
            times[name]["cold"].append(cold.seconds)
            times[name]["warm"].append(warm.seconds)
    out: dict[str, Any] = {"episodes": len(episodes), "rounds": rounds, "seconds": times}
    for kind in ("cold", "warm"):
        base = statistics.median(times["without art"][kind])
        art = statistics.median(times["with art"][kind])
        out[kind] = {"without_s": round(base, 2), "with_s": round(art, 2), "added": round(art / base - 1, 3)}
    out["cpu_ms"] = art_cpu_ms()
    cards = list((sites["with art"] / "site" / "episodes").glob("*/card.png"))
    out["cards"] = len(cards)
    out["card_bytes_median"] = statistics.median(p.stat().st_size for p in cards) if cards else 0
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,100,all", help="comma-separated episode counts, `all` for every episode")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out", help="results.json and profiles go here")
    parser.add_argument("--work", type=Path, default=None, help="where the sites are built (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the built sites")
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive baseline")
    parser.add_argument("--no-browser", action="store_true", help="skip the search download measurement")
    parser.add_argument(
        "--relevance",
        action="store_true",
        help="also build the whole corpus with scripts/relevance/mentions.yml and score the search relevance set",
    )
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve update time (largest size)")
    parser.add_argument(
        "--serve-only",
        type=Path,
        default=None,
        metavar="SITE",
        help="only time the preview: `make serve`'s mkdocs serve (and plain mkdocs serve with --serve-baseline)"
        " on a site of every corpus episode in SITE (written and built first when missing)",
    )
    parser.add_argument("--serve-runs", type=int, default=1, help="with --serve-only: how many servers to time")
    parser.add_argument("--serve-baseline", action="store_true", help="with --serve-only: also plain mkdocs serve")
    parser.add_argument("--serve-rounds", type=int, default=5, help="with --serve-only: edits of each kind per server")
    parser.add_argument("--no-feed", action="store_true", help="skip feed generation for 1,000 episodes")
    parser.add_argument("--no-profile", action="store_true", help="skip the phase timings and cProfile (largest size)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="warm and naive builds of the largest size, alternated (medians compared)"
    )
    parser.add_argument(
        "--search-sites",
        nargs="+",
        type=Path,
        metavar="SITE",
        help="only time search on these built sites side by side (compare_search) and print the JSON",
    )
    parser.add_argument(
        "--art",
        action="store_true",
        help="only time what artwork and social cards add to a cold and a warm build of the corpus (art_bench)",
    )
    args = parser.parse_args(argv)
    if args.search_sites:
        print(json.dumps(compare_search(args.search_sites, args.rounds), indent=1))
        return 0

    if not (args.corpus / "MANIFEST.tsv").is_file():
        print(
            f"corpus not found at {args.corpus} (expected ../shared/corpus/python-bytes/ beside the project)",
            file=sys.stderr,
        )
        return 2
    if args.art:
        work = args.work or Path(tempfile.mkdtemp(prefix="podsite-bench-"))
        try:
            wanted = args.sizes.split(",")[-1].strip()
            found = load_corpus(args.corpus, None if wanted == "all" else int(wanted))
            print(json.dumps({"machine": machine(), "art": art_bench(work, found, args.rounds)}, indent=1))
        finally:
            if not args.keep and args.work is None:
                shutil.rmtree(work, ignore_errors=True)
        return 0
    if args.serve_only is not None:
        return serve_only(
            args.serve_only, load_corpus(args.corpus), args.serve_runs, args.serve_baseline, args.out, args.serve_rounds
        )
    wanted = [s.strip() for s in args.sizes.split(",")]
    episodes = load_corpus(args.corpus, None if "all" in wanted else max(int(s) for s in wanted))
    sizes = [len(episodes) if s == "all" else min(int(s), len(episodes)) for s in wanted]
    # the page compared across sizes: the longest transcript among the first 10 episodes
    page_ep = max(episodes[: min(10, min(sizes))], key=lambda e: len(e.segments))
    args.out.mkdir(parents=True, exist_ok=True)
    work = args.work or Path(tempfile.mkdtemp(prefix="podsite-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": machine(), "corpus_episodes": len(episodes), "query": QUERY, "sizes": []}
    try:
        for n in sizes:
            label = str(n)
            print(f"building N={n} ...", file=sys.stderr, flush=True)
            results["sizes"].append(
                bench_size(
                    work,
                    episodes[:n],
                    label,
                    page_ep,
                    not args.no_baseline,
                    not args.no_browser,
                    args.rounds if n == sizes[-1] else 1,
                )
            )
        largest = work / f"podsite-{sizes[-1]}"
        if not args.no_profile:
            print("profiling ...", file=sys.stderr, flush=True)
            newest = episodes[sizes[-1] - 1]
            saved = largest / "docs" / "episodes" / f"{newest.stem}{newest.transcript.suffix}"
            results["phases"] = {
                "no cache": phase_times(largest, {"PODSITE_CACHE": "off"}),
                "warm cache": phase_times(largest),
                "serve --dirty rebuild after saving one transcript": phase_times(largest, touch=saved),
            }
            report = profile_build(largest, args.out / f"profile-{sizes[-1]}.prof")
            (args.out / f"profile-{sizes[-1]}.txt").write_text(report, encoding="utf-8")
            results["profile"] = str(args.out / f"profile-{sizes[-1]}.txt")
        if not args.no_serve:
            print("measuring mkdocs serve ...", file=sys.stderr, flush=True)
            newest = episodes[sizes[-1] - 1]  # the episode a producer is most likely editing
            results["serve"] = serve_update(largest, newest)
            results["serve_dirty"] = serve_update(largest, newest, dirty=True)
        if not args.no_feed:
            results["feed"] = feed_bench()
        if args.relevance:
            print("search relevance ...", file=sys.stderr, flush=True)
            results["relevance"] = relevance_bench(work, load_corpus(args.corpus))
    finally:
        results["load_average_at_end"] = os.getloadavg()
        (args.out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(summary(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
