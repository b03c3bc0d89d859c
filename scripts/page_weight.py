#!/usr/bin/env python3
"""Page weight of the heaviest episode page: what a browser downloads and how big the DOM is.

Takes the corpus episode with the largest transcript (by bytes in the corpus
MANIFEST.tsv, published transcripts only, or `--episode N`), adds it with its show
notes to a copy of the sample show, builds the site, serves it on 127.0.0.1 at its
site_url path and opens the episode page in Debian's Chromium (headless, through
Playwright). It reports every response body the browser loaded (from Playwright's
network events, until the network is idle), the same bodies gzip-compressed (what a
host that compresses would send), and the page's DOM element count.

The audio lives on an outside host in this build and every outside request is
refused, so the numbers are the page itself, without the episode's audio.

Usage: `.venv/bin/python scripts/page_weight.py [--episode N] [--json]`
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from browse import CHROMIUM, DESKTOP, launch_chromium, serve  # noqa: E402
from podsite.errors import Problems  # noqa: E402
from podsite.timecode import format_clock  # noqa: E402
from podsite.transcripts import parse_transcript  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "python-bytes"
STEM = "900-heaviest-corpus-episode"  # sorts after the sample episodes; published before 2027


@dataclass
class CorpusChoice:
    """One transcript of the corpus and the episode's show notes, from MANIFEST.tsv."""

    number: int
    transcript: Path
    size: int
    notes: Path | None


def largest_transcript(corpus: Path, episode: int | None = None) -> CorpusChoice:
    """The published ("main") transcript with the most bytes, of one episode or of all."""
    rows = []
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["variant"] != "main" or (episode is not None and int(row["episode"]) != episode):
                continue
            notes = corpus / row["shownotes"] if row.get("shownotes") else None
            rows.append(CorpusChoice(int(row["episode"]), corpus / row["transcript"], int(row["bytes"]), notes))
    if not rows:
        raise SystemExit(
            f"no published transcript in {corpus / 'MANIFEST.tsv'}" + (f" for episode {episode}" if episode else "")
        )
    return max(rows, key=lambda r: (r.size, -r.number))


def add_episode(docs: Path, choice: CorpusChoice) -> None:
    """Write the corpus episode into `docs/episodes/` as a producer would: front matter,
    show notes (their first heading becomes the title) and the transcript beside them."""
    parsed = parse_transcript(choice.transcript.read_bytes(), choice.transcript.name, Problems())
    duration = max(parsed.end, 1.0)
    title, notes = f"Python Bytes {choice.number}", ""
    if choice.notes is not None and choice.notes.is_file():
        notes = choice.notes.read_text(encoding="utf-8", errors="replace")
        heading = re.search(r"^#\s+(.+?)\s*#*\s*$", notes, re.M)
        if heading:
            title = heading.group(1).strip()
            notes = notes[: heading.start()] + notes[heading.end() :]
    front = (
        "---\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        "date: 2026-12-01\n"
        f"number: {choice.number}\n"
        "audio:\n"
        f"  url: https://example.org/audio/{choice.number:03d}.mp3\n"
        f"  length: {int(duration * 16000)}\n"
        "  type: audio/mpeg\n"
        f'duration: "{format_clock(duration)}"\n'
        "hosts: [Michael Kennedy, Brian Okken]\n"
        "---\n"
    )
    episodes = docs / "episodes"
    (episodes / f"{STEM}.md").write_text(front + notes.strip() + "\n", encoding="utf-8")
    (episodes / f"{STEM}{choice.transcript.suffix}").write_bytes(choice.transcript.read_bytes())


SITE_PATH = "byte-sized-garden/"  # the sample's site_url path: served below it, as in production


def build_and_serve(workdir: Path, extend: Callable[[Path], None]) -> tuple[Any, str]:
    """Build a copy of the sample show, extended by `extend(docs_dir)`, with `mkdocs build`
    and serve it at its site_url path on 127.0.0.1; returns the server and the site's URL.

    `site_url` is the address it is served at: Material's instant navigation only takes
    over links to the pages its sitemap lists under that address."""
    www = workdir / "www"
    site_dir = www / SITE_PATH
    site_dir.mkdir(parents=True)
    server, root_url = serve(www)
    base_url = root_url + SITE_PATH
    source = workdir / "source"
    shutil.copytree(ROOT / "docs", source / "docs")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text = text.replace("- hooks/", f"- {ROOT / 'hooks'}/")
    text = re.sub(r"(?m)^site_url: .*$", f"site_url: {base_url}", text)
    (source / "mkdocs.yml").write_text(text, encoding="utf-8")
    extend(source / "docs")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1798761600", NO_MKDOCS_2_WARNING="1")  # 2027-01-01: all published
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(source / "mkdocs.yml"), "-d", str(site_dir)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        server.shutdown()
        raise SystemExit(f"the sample show did not build:\n{result.stderr}")
    return server, base_url


def measure(url: str, base_url: str) -> dict[str, Any]:
    """Open `url` in Chromium; sum the response bodies it loads and count the DOM elements."""
    from playwright.sync_api import sync_playwright

    finished: list[Any] = []
    refused: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport=DESKTOP)

        def refuse(route: Any) -> None:
            refused.append(route.request.url)
            route.abort()

        context.route(lambda u: not u.startswith(base_url), refuse)
        page = context.new_page()
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url, wait_until="networkidle")
        elements = page.evaluate("() => document.getElementsByTagName('*').length")
        by_type: dict[str, dict[str, int]] = defaultdict(lambda: {"requests": 0, "bytes": 0, "gzip": 0})
        for request in finished:
            response = request.response()
            if response is None:
                continue
            try:
                body = response.body()
            except Exception:  # a media range answer the browser dropped has no body to read
                body = b""
            kind = by_type[request.resource_type]
            kind["requests"] += 1
            kind["bytes"] += len(body)
            kind["gzip"] += len(gzip.compress(body, 6, mtime=0)) if body else 0
        html = page.content()
        browser.close()
    return {
        "url": url,
        "dom_elements": elements,
        "requests": sum(k["requests"] for k in by_type.values()),
        "bytes": sum(k["bytes"] for k in by_type.values()),
        "gzip_bytes": sum(k["gzip"] for k in by_type.values()),
        "html_chars": len(html),
        "by_type": dict(sorted(by_type.items())),
        "refused_outside": sorted(set(refused)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the Python Bytes corpus folder")
    parser.add_argument("--episode", type=int, help="measure this corpus episode instead of the largest")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if not (args.corpus / "MANIFEST.tsv").is_file():
        raise SystemExit(f"corpus not found: {args.corpus} (expected MANIFEST.tsv there)")
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing: install Debian's chromium")
    choice = largest_transcript(args.corpus, args.episode)
    with tempfile.TemporaryDirectory(prefix="page-weight-") as tmp:
        server, base_url = build_and_serve(Path(tmp), lambda docs: add_episode(docs, choice))
        try:
            result = measure(f"{base_url}episodes/{STEM}/", base_url)
        finally:
            server.shutdown()
            server.server_close()
    result["episode"] = choice.number
    result["transcript"] = f"{choice.transcript.relative_to(args.corpus)} ({choice.size:,} bytes)"
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"Episode page of corpus episode {choice.number}, transcript {result['transcript']}")
    print(f"DOM elements: {result['dom_elements']:,}")
    print(
        f"Loaded: {result['requests']} responses, {result['bytes']:,} bytes ({result['gzip_bytes']:,} gzip-compressed)"
    )
    print("| resource | responses | bytes | gzip |\n| --- | ---: | ---: | ---: |")
    for kind, row in result["by_type"].items():
        print(f"| {kind} | {row['requests']} | {row['bytes']:,} | {row['gzip']:,} |")
    if result["refused_outside"]:
        print(f"Refused (outside hosts, not counted): {', '.join(result['refused_outside'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
