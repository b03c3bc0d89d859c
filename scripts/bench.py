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
a throttled connection (`search_speed`). `--cold` only times first builds (empty `.cache/`)
of the corpus, on a pool of processes and on one, beside the naive build (`benchkit.cold`);
`--cold-steps` the CPU seconds of each step of such a build on one process.
Usage: `python scripts/bench.py [--sizes 10,100,all]` (`make bench`; about 15 minutes on 2 cores).
The measurements live in `scripts/benchkit/`, one module per benchmark family; this file is
the command line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchkit import ROOT
from benchkit.art import art_bench
from benchkit.builds import BuildResult, machine, page_size, run_build, static_server, tree_size
from benchkit.cold import cold_bench, cold_steps
from benchkit.corpus import CORPUS, QUERY, CorpusEpisode, load_corpus, write_naive, write_podsite
from benchkit.feed import feed_bench
from benchkit.phases import phase_times, profile_build
from benchkit.scale import scale_bench, scale_summary
from benchkit.search import (
    CHROMIUM,
    CHROMIUM_ARGS,
    compare_search,
    index_report,
    relevance_bench,
    search_bytes,
    search_speed,
    search_tail,
    search_timeline,
)
from benchkit.serve import serve_bench, serve_only, serve_update, watch_latency
from benchkit.sizes import bench_size, summary

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "BuildResult",
    "CorpusEpisode",
    "load_corpus",
    "main",
    "page_size",
    "run_build",
    "search_bytes",
    "search_speed",
    "serve_bench",
    "static_server",
    "tree_size",
    "write_naive",
    "write_podsite",
]


def on_last_size(args: argparse.Namespace, label: str, run: Callable[..., Any], keep: str | None) -> int:
    """Run one benchmark on the corpus at the last of `--sizes` in a work folder and print its JSON
    (with the machine); with `keep`, also the load average at the end, written to `--out`/`keep`."""
    work = args.work or Path(tempfile.mkdtemp(prefix="podsite-bench-"))
    try:
        wanted = args.sizes.split(",")[-1].strip()
        found = load_corpus(args.corpus, None if wanted == "all" else int(wanted))
        result: dict[str, Any] = {"machine": machine(), label: run(work, found, args.rounds)}
        if keep is not None:
            result["load_average_at_end"] = os.getloadavg()
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / keep).write_text(json.dumps(result, indent=2), encoding="utf-8")
        print(json.dumps(result, indent=1))
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


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
    parser.add_argument(
        "--watch-latency",
        type=Path,
        default=None,
        metavar="DOCS",
        help="only time how soon the preview's watcher hears a save in DOCS, native against polling, and its idle CPU",
    )
    parser.add_argument(
        "--serve-polling",
        action="store_true",
        help="with --serve-only: after each server, the same one watching by polling (PODSITE_WATCH=poll), side by side",
    )
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
        "--search-timeline",
        nargs=2,
        metavar=("SITE", "QUERY"),
        help="only list what QUERY downloads on the slow connection before its first result on the built SITE",
    )
    parser.add_argument(
        "--search-bytes",
        nargs="+",
        metavar=("SITE PAGE", "QUERY"),
        help="only report what each QUERY downloads, typed into search on PAGE of the built SITE (search_bytes)",
    )
    parser.add_argument(
        "--search-tail",
        type=Path,
        metavar="SITE",
        help="only time indexing the built SITE as the build does after its last page, against Pagefind over the"
        " pages as written (search_tail; --rounds rounds, alternated)",
    )
    parser.add_argument(
        "--search-index",
        type=Path,
        metavar="SITE",
        help="only report the sizes of the built SITE's search index (with --index-episodes N: scaled to N episodes)",
    )
    parser.add_argument(
        "--index-episodes", type=int, default=None, help="with --search-index: the show size to scale to"
    )
    parser.add_argument(
        "--art",
        action="store_true",
        help="only time what artwork and social cards add to a cold and a warm build of the corpus (art_bench)",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="only time first builds of the corpus (empty .cache/, on a pool and on one process) beside the naive build (cold_bench)",
    )
    parser.add_argument(
        "--cold-steps",
        action="store_true",
        help="only the CPU seconds of each step of a first build of the corpus on one process (cold_steps)",
    )
    parser.add_argument(
        "--scale",
        default=None,
        metavar="N,N",
        help="only the archive-scale benchmark: the corpus replicated to N episodes (e.g. 2000,5000), podsite cold"
        " and warm against Hugo + Pagefind, memory, page sizes, search download (scale_bench)",
    )
    args = parser.parse_args(argv)
    if args.search_sites:
        print(json.dumps(compare_search(args.search_sites, args.rounds), indent=1))
        return 0
    if args.search_timeline:
        print(json.dumps(search_timeline(Path(args.search_timeline[0]), args.search_timeline[1]), indent=1))
        return 0
    if args.search_tail:
        search_tail(args.search_tail, args.rounds)
        return 0
    if args.search_index:
        print(json.dumps(index_report(args.search_index, args.index_episodes), indent=1))
        return 0
    if args.search_bytes:
        site, page, *queries = args.search_bytes
        print(json.dumps([search_bytes(Path(site), page, q) for q in queries or [QUERY]], indent=1))
        return 0

    if not (args.corpus / "MANIFEST.tsv").is_file():
        print(
            f"corpus not found at {args.corpus} (expected ../shared/corpus/python-bytes/ beside the project)",
            file=sys.stderr,
        )
        return 2
    if args.art:
        return on_last_size(args, "art", art_bench, None)
    if args.watch_latency is not None:
        print(json.dumps(watch_latency(args.watch_latency), indent=2))
        return 0
    if args.cold:
        return on_last_size(args, "cold", cold_bench, "cold.json")
    if args.cold_steps:
        return on_last_size(args, "cold steps", cold_steps, "cold-steps.json")
    if args.scale:
        work = args.work or Path(tempfile.mkdtemp(prefix="podsite-scale-"))
        work.mkdir(parents=True, exist_ok=True)
        args.out.mkdir(parents=True, exist_ok=True)
        try:
            sizes = [int(s) for s in args.scale.split(",")]
            scaled = scale_bench(
                work, load_corpus(args.corpus), sizes, args.rounds, not args.no_browser, args.out / "scale-results.json"
            )
        finally:
            if not args.keep and args.work is None:
                shutil.rmtree(work, ignore_errors=True)
        (args.out / "scale-results.json").write_text(json.dumps(scaled, indent=2), encoding="utf-8")
        print(scale_summary(scaled))
        return 0
    if args.serve_only is not None:
        return serve_only(
            args.serve_only,
            load_corpus(args.corpus),
            args.serve_runs,
            args.serve_baseline,
            args.out,
            args.serve_rounds,
            args.serve_polling,
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
