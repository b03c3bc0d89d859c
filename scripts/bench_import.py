#!/usr/bin/env python3
"""How long planning an import takes, against the number of items, beside an older importer.

A feed of N items is made from the items of a real feed in tests/data/import/feeds/
(each copy with its own guid, title, number and page link, so the notes keep
their links and every page is planned), for each N of `--sizes`. Each size is
planned by this checkout's importer and by the importer of `--baseline` (a git
revision, exported into a temporary folder), each in its own child process,
alternated `--rounds` times; the medians and their ratio are printed as a
Markdown table, so the comparison is made side by side on one machine.

    python scripts/bench_import.py [--sizes 132,528,1742] [--baseline 632cc4e] [--rounds 3]
"""

from __future__ import annotations

import argparse
import platform
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "data" / "import" / "feeds" / "acast-sentimental-garbage.xml"
#: The importer before planning was made linear (it read the feed file again for each episode's links).
BASELINE = "632cc4e"

CHILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from podsite.importer import plan_import
start = time.perf_counter()
plan = plan_import(__import__("pathlib").Path(sys.argv[3]), feed=sys.argv[2])
print(time.perf_counter() - start, len(plan.episodes))
"""


def make_feed(count: int, target: Path) -> int:
    """A feed of `count` items copied from the source feed; returns its size in bytes."""
    text = SOURCE.read_text(encoding="utf-8").lstrip()  # the older importer refused a blank first line
    items = re.findall(r"<item>.*?</item>", text, re.S)
    copies = []
    for n in range(count):
        item = items[n % len(items)]
        item = re.sub(r"<guid([^>]*)>.*?</guid>", rf"<guid\1>bench-{n}</guid>", item, count=1, flags=re.S)
        item = re.sub(r"<title>(.*?)</title>", rf"<title>\1 ({n})</title>", item, count=1, flags=re.S)
        item = re.sub(r"<itunes:episode>\d+</itunes:episode>", f"<itunes:episode>{n + 1}</itunes:episode>", item)
        item = item.replace("</item>", f"<link>https://old.example.org/episodes/{n}/</link></item>")
        copies.append(item)
    start, end = text.index(items[0]), text.rindex(items[-1]) + len(items[-1])
    target.write_text(text[:start] + "\n".join(copies) + text[end:], encoding="utf-8")
    return target.stat().st_size


def export(revision: str, folder: Path) -> Path:
    """`hooks/` of a git revision, unpacked into `folder`; returns the hooks folder."""
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "hooks"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as archive:
        archive.extractall(folder, filter="data")
    return folder / "hooks"


def plan_time(hooks: Path, feed: Path, site: Path) -> tuple[float, int]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(hooks), str(feed), str(site)], check=True, capture_output=True, text=True
    )
    seconds, episodes = result.stdout.split()
    return float(seconds), int(episodes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="132,528,1742", help="comma-separated item counts")
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the importer to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        old_hooks = export(args.baseline, work / "baseline")
        new_hooks = ROOT / "hooks"
        for size in (int(s) for s in args.sizes.split(",")):
            feed = work / f"feed-{size}.xml"
            size_bytes = make_feed(size, feed)
            times: dict[str, list[float]] = {"new": [], "old": []}
            for round_ in range(args.rounds):
                for name, hooks in (("new", new_hooks), ("old", old_hooks)):
                    seconds, episodes = plan_time(hooks, feed, work / f"site-{name}-{size}-{round_}")
                    assert episodes == size, (name, episodes, size)
                    times[name].append(seconds)
            new, old = statistics.median(times["new"]), statistics.median(times["old"])
            rows.append((size, size_bytes, new, old))
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}; medians of {args.rounds} alternated rounds; baseline {args.baseline}\n"
    )
    print("| items | feed | this importer | baseline | ratio | this importer per item |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, size_bytes, new, old in rows:
        print(
            f"| {size:,} | {size_bytes / 1e6:.1f} MB | {new:.2f} s | {old:.2f} s | {old / new:.1f}x | "
            f"{new / size * 1000:.1f} ms |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
