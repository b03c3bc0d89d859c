#!/usr/bin/env python3
"""Where a built site's bytes go: size and file count by kind of file, and per episode.

Usage: `python scripts/site_bytes.py SITE_DIR` (a folder `mkdocs build` wrote). Files
beside episode pages are grouped by name (`episodes/*/transcript.vtt`), other folders
by their top folder (`mentions/`, `pagefind/`, `people/`, `assets/`).

`python scripts/site_bytes.py --corpus ROOT` first writes the benchmark's corpus site
(every Python Bytes episode, `benchkit.corpus.write_podsite`, the show's default
settings) into the empty or missing folder ROOT and builds it (`ROOT/site`, log in
`ROOT/build.log`): the figures in BENCHMARKS.md, *Site size*.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

TOP_FOLDERS = ("mentions", "pagefind", "people", "assets", "search")


def kind(rel: Path) -> str:
    parts = rel.parts
    if parts[0] == "episodes" and len(parts) >= 3 and parts[1] != "page":
        return "episodes/*/" + ("embed/" if parts[2] == "embed" else "/".join(parts[2:]))
    if parts[0] in TOP_FOLDERS or (parts[0] == "episodes" and len(parts) >= 3):
        return parts[0] + "/" + ("page/" if parts[0] == "episodes" else "")
    return "/".join(parts)


def breakdown(site: Path) -> tuple[Counter[str], Counter[str], int]:
    """Bytes and files by kind, and the number of episode pages."""
    size: Counter[str] = Counter()
    count: Counter[str] = Counter()
    for path in site.rglob("*"):
        if path.is_file():
            key = kind(path.relative_to(site))
            size[key] += path.stat().st_size
            count[key] += 1
    return size, count, count["episodes/*/index.html"]


def build_corpus(root: Path) -> Path:
    """Write the corpus site into `root` and build it; its site folder."""
    from benchkit.builds import run_build
    from benchkit.corpus import CORPUS, load_corpus, write_podsite

    if root.exists() and any(root.iterdir()):
        raise SystemExit(f"{root} is not empty: give a new folder for the corpus site")
    if not CORPUS.is_dir():
        raise SystemExit(f"the corpus is not at {CORPUS}")
    write_podsite(root, load_corpus(CORPUS))
    result = run_build(root, root / "build.log")
    if not result.ok:
        raise SystemExit(f"the corpus site did not build; see {root / 'build.log'}")
    print(f"built in {result.seconds:.0f} s wall, {result.cpu_seconds:.0f} s CPU")
    return root / "site"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site, or with --corpus the folder to build the corpus site in")
    parser.add_argument("--corpus", action="store_true", help="write and build the corpus site first")
    args = parser.parse_args(argv)
    site = build_corpus(args.site) if args.corpus else args.site
    size, count, episodes = breakdown(site)
    total = sum(size.values())
    print("| what | files | MB | share | KB per episode |\n| --- | ---: | ---: | ---: | ---: |")
    for key, value in size.most_common():
        per = f"{value / max(episodes, 1) / 1000:.1f}"
        print(f"| `{key}` | {count[key]} | {value / 1e6:.1f} | {100 * value / total:.1f}% | {per} |")
    print(f"| all | {sum(count.values())} | {total / 1e6:.1f} | 100% | {total / max(episodes, 1) / 1000:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
