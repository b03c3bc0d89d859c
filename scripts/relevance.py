#!/usr/bin/env python3
"""Search relevance on the Python Bytes corpus: does a query land on the moment?

`scripts/relevance/queries.tsv` holds queries a listener would type, each with the
episodes and the times (in each episode's transcript) where the answer is said,
looked up in the corpus transcripts (the `why` column says what kind of query it is). The site is the corpus built by this
project (every episode, plus the registry `scripts/relevance/mentions.yml`); each
query is typed into the site's search dialog in Chromium, and the links of the
first three results are read back as a listener would click them.

A query scores when one of those links opens an expected episode at an expected
moment: a `#t=` link within `TOLERANCE` seconds of one of its expected times (or,
for an episode listed as `N@*`, any link to the episode). A link to a
heading or to the top of the page opens no moment (the player stays at 0:00).

Usage: `python scripts/relevance.py SITE_DIR` (a built corpus site) prints the
score and the misses; `scripts/bench.py --relevance` builds the site and runs it.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "relevance" / "queries.tsv"
REGISTRY = HERE / "relevance" / "mentions.yml"
TOP = 3
TOLERANCE = 30.0  # seconds either side of an expected time


@dataclass
class Query:
    query: str
    moments: dict[int, list[float] | None]  # episode -> times where the answer is said (None: any link)
    why: str = ""


@dataclass
class Outcome:
    query: str
    hit: bool
    rank: int | None  # 1-based result that held the moment
    links: list[list[str]] = field(default_factory=list)


def _seconds(clock: str) -> float:
    parts = [float(p) for p in clock.split(":")]
    value = 0.0
    for p in parts:
        value = value * 60 + p
    return value


def load_queries(path: Path = QUERIES) -> list[Query]:
    out = []
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("# ")), delimiter="\t")
        for row in rows:
            moments: dict[int, list[float] | None] = {}
            for part in row["moments"].split():
                episode, _, times = part.partition("@")
                moments[int(episode)] = None if times == "*" else [_seconds(t) for t in times.split(",")]
            out.append(Query(row["query"], moments, row.get("why", "")))
    return out


def install_registry(docs: Path) -> None:
    """Put the benchmark's mentions registry into a corpus site's `docs/`."""
    shutil.copyfile(REGISTRY, docs / "mentions.yml")


def moment(href: str) -> tuple[int | None, float | None]:
    """(episode number, seconds) a link opens; seconds None when it opens no moment."""
    parts = urlsplit(href)
    m = re.search(r"/episodes/(\d+)[^/]*/", parts.path)
    number = int(m.group(1)) if m else None
    frag = unquote(parts.fragment)
    t = re.match(r"t=(\d+:\d{2}:\d{2}|\d+(?:\.\d+)?)", frag)
    if not t:
        return number, None
    return number, _seconds(t.group(1))


def scores(q: Query, results: list[list[str]]) -> int | None:
    """The rank (1-based) of the first of the top results with a link to an expected moment."""
    for rank, links in enumerate(results[:TOP], 1):
        for href in links:
            number, at = moment(href)
            if number not in q.moments:
                continue
            times = q.moments[number]
            if times is None or (at is not None and any(abs(at - t) <= TOLERANCE for t in times)):
                return rank
    return None


_DONE = """() => {
  const m = document.querySelector('[data-podsite-search-message]');
  return m && /results? for|No results|No episode|not available/i.test(m.textContent || '');
}"""

_READ = """() => [...document.querySelectorAll('.podsite-search__result')].map(
  r => [...r.querySelectorAll('a[href]')].map(a => a.href))"""


def run_queries(site: Path, queries: list[Query], chromium: str, args: list[str]) -> list[Outcome]:
    """Type every query into the dialog of the served site; read back the result links."""
    from benchkit.builds import static_server  # noqa: PLC0415 (scripts/ is on sys.path when run from there)
    from playwright.sync_api import sync_playwright

    outcomes = []
    with static_server(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base, wait_until="networkidle")
        for q in queries:
            page.evaluate(
                "() => { const d = document.querySelector('dialog[data-podsite-search]'); if (d && d.open) d.close(); }"
            )
            page.click("[data-podsite-search-open]")
            box = page.locator("dialog[data-podsite-search] input[type=search]")
            box.wait_for(state="visible")
            box.fill("")
            page.wait_for_timeout(50)
            box.fill(q.query)
            page.wait_for_function(
                "(q) => { const m = document.querySelector('[data-podsite-search-message]');"
                " return m && m.textContent.includes(q) || false; }",
                arg=q.query,
                timeout=60000,
            )
            page.wait_for_function(_DONE, timeout=60000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
            links = page.evaluate(_READ)
            rank = scores(q, links)
            outcomes.append(Outcome(q.query, rank is not None, rank, links[:TOP]))
        browser.close()
    return outcomes


def report(outcomes: list[Outcome]) -> dict[str, Any]:
    hits = sum(o.hit for o in outcomes)
    return {
        "queries": len(outcomes),
        "hits_top3": hits,
        "score": hits / len(outcomes) if outcomes else 0.0,
        "misses": [o.query for o in outcomes if not o.hit],
        "ranks": {o.query: o.rank for o in outcomes},
    }


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(HERE))
    from benchkit.search import CHROMIUM, CHROMIUM_ARGS  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a built corpus site (with the benchmark registry)")
    parser.add_argument("--json", type=Path, help="write the outcomes here")
    parser.add_argument("--only", help="run only queries containing this text")
    args = parser.parse_args(argv)
    queries = [q for q in load_queries() if not args.only or args.only in q.query]
    outcomes = run_queries(args.site, queries, CHROMIUM, CHROMIUM_ARGS)
    result = report(outcomes)
    if args.json:
        args.json.write_text(json.dumps({"summary": result, "outcomes": [o.__dict__ for o in outcomes]}, indent=2))
    for o in outcomes:
        print(f"{'HIT ' if o.hit else 'miss'} {o.rank or '-'}  {o.query!r}  {o.links[:1]}")
    print(
        f"score: {result['hits_top3']}/{result['queries']} = {result['score']:.2f} (expected moment in the top {TOP})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
