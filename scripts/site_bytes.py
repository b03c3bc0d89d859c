#!/usr/bin/env python3
"""Where a built site's bytes go: size and file count by kind of file, and per episode.

Usage: `python scripts/site_bytes.py SITE_DIR` (a folder `mkdocs build` wrote). Files
beside episode pages are grouped by name (`episodes/*/transcript.vtt`), other folders
by their top folder (`mentions/`, `pagefind/`, `people/`, `assets/`).
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    args = parser.parse_args(argv)
    size, count, episodes = breakdown(args.site)
    total = sum(size.values())
    print("| what | files | MB | share | KB per episode |\n| --- | ---: | ---: | ---: | ---: |")
    for key, value in size.most_common():
        per = f"{value / max(episodes, 1) / 1000:.1f}"
        print(f"| `{key}` | {count[key]} | {value / 1e6:.1f} | {100 * value / total:.1f}% | {per} |")
    print(f"| all | {sum(count.values())} | {total / 1e6:.1f} | 100% | {total / max(episodes, 1) / 1000:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
