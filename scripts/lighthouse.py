#!/usr/bin/env python3
"""Lighthouse (mobile) accessibility and performance scores of episode pages and of the
list pages (home, archive, a person page), and the gzip size of the site's own
JavaScript and CSS each page loads.

Builds a copy of the sample show with the corpus episode that has the largest
transcript added (as `scripts/page_weight.py` does; without the corpus, the sample
only), serves it on 127.0.0.1 compressed with gzip as real hosts do, and runs Lighthouse 12.2.3 (pinned
in scripts/lighthouse/package.json; `npm ci --prefix scripts/lighthouse` installs it)
against Debian's Chromium with its default mobile settings (a mid-range phone, slow
4G, 4x CPU slowdown) on the sample episode page, the longest episode page, the home
page, the archive and a host's page (given a photo: the sample cover as Ada's, so its
renditions are measured).

Usage: `.venv/bin/python scripts/lighthouse.py [--runs N] [--json]`
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "hooks")]

from browse import CHROMIUM  # noqa: E402
from page_weight import CORPUS, SITE_PATH, STEM, add_episode, build_and_serve, largest_transcript  # noqa: E402

#: The sample episode the browser tests open most (five chapters).
EPISODE = sorted(p.stem for p in (ROOT / "docs" / "episodes").glob("0*.md"))[1]

LIGHTHOUSE = ROOT / "scripts" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"


COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".vtt"}


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as a real host sends them: text compressed with gzip when the browser
    accepts it (Lighthouse's network model counts the bytes sent)."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        data = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def serve_gzip(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` with gzip on a free port of 127.0.0.1; returns the server and its root URL."""

    class Handler(_GzipHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(directory), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def own_assets(site: Path, page: Path) -> dict[str, dict[str, int]]:
    """Every script and stylesheet of the site's own (assets/podsite/) the page links, raw and gzip bytes."""
    html = page.read_text(encoding="utf-8")
    sizes = {}
    for ref in sorted(set(re.findall(r'(?:src|href)="([^"]*assets/podsite/[^"]+\.(?:js|css))"', html))):
        path = (page.parent / ref).resolve()
        data = path.read_bytes()
        sizes[path.name] = {"raw": len(data), "gzip": len(gzip.compress(data, 9))}
    return sizes


def lighthouse(url: str, out: Path) -> dict[str, Any]:
    """One Lighthouse run: the two category scores and the main timings."""
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         "--only-categories=accessibility,performance", f"--chrome-flags={CHROME_FLAGS}"],
        check=True, env=env, capture_output=True, text=True,
    )  # fmt: skip
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    failed = {
        a["id"]: [i.get("node", {}).get("selector") for i in (a.get("details") or {}).get("items", [])][:5]
        for a in audits.values()
        if a.get("scoreDisplayMode") == "binary" and a.get("score") == 0 and a["id"] in _a11y_ids(report)
    }
    return {
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "render_blocking": [
            i["url"].rsplit("/", 1)[-1] for i in audits["render-blocking-resources"]["details"].get("items", [])
        ]
        if audits["render-blocking-resources"].get("details")
        else [],
        "failed_accessibility_audits": failed,
    }


#: The host whose page is measured: name and slug.
PERSON = ("Ada Brook", "ada-brook")


def add_photo(docs: Path) -> None:
    """Give the measured host a photo in people.yml (the sample cover, 1400 px), as a
    producer's full-size portrait would be."""
    (docs / "people").mkdir(exist_ok=True)
    (docs / "people" / "ada.png").write_bytes((docs / "assets" / "cover.png").read_bytes())
    registry = docs / "people.yml"
    text = registry.read_text(encoding="utf-8")
    marker = f"- name: {PERSON[0]}\n"
    assert marker in text, f"{registry} has no entry for {PERSON[0]}"
    registry.write_text(text.replace(marker, marker + "  image: people/ada.png\n", 1), encoding="utf-8")


def _a11y_ids(report: dict[str, Any]) -> set[str]:
    return {ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (the median is reported)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: npm ci --prefix scripts/lighthouse", file=sys.stderr)
        return 2
    if not os.access(CHROMIUM, os.X_OK):
        print(f"{CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    choice = largest_transcript(CORPUS) if (CORPUS / "MANIFEST.tsv").is_file() else None
    pages = {"sample episode": f"episodes/{EPISODE}/"}
    if choice is not None:
        pages[f"longest corpus episode (#{choice.number}, {choice.size:,} B transcript)"] = f"episodes/{STEM}/"
    pages.update(
        {"home": "", "archive": "episodes/", f"person page ({PERSON[0]}, with a photo)": f"people/{PERSON[1]}/"}
    )

    def prepare(docs: Path) -> None:
        if choice is not None:
            add_episode(docs, choice)
        add_photo(docs)

    results: dict[str, Any] = {"lighthouse": "12.2.3", "chromium": str(CHROMIUM), "pages": {}}
    with tempfile.TemporaryDirectory() as tmp:
        server, _ = build_and_serve(Path(tmp), prepare)
        site = Path(tmp) / "www" / SITE_PATH
        gzip_server, root_url = serve_gzip(site.parent)
        base_url = root_url + SITE_PATH
        try:
            for name, path in pages.items():
                runs = [lighthouse(base_url + path, Path(tmp) / f"report-{i}.json") for i in range(args.runs)]
                best = sorted(runs, key=lambda r: r["performance"])[len(runs) // 2]
                results["pages"][name] = {
                    "url": path,
                    "performance_runs": [r["performance"] for r in runs],
                    "accessibility_runs": [r["accessibility"] for r in runs],
                    "median": best,
                    "lcp_ms_median": median(r["lcp_ms"] for r in runs),
                    "own_assets": own_assets(site, site / path / "index.html"),
                }
        finally:
            server.shutdown()
            gzip_server.shutdown()
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for name, r in results["pages"].items():
        total = sum(a["gzip"] for a in r["own_assets"].values())
        print(f"{name}: performance {r['performance_runs']}, accessibility {r['accessibility_runs']}")
        print(f"  median run: {r['median']}")
        parts = ", ".join(f"{k} {v['gzip']:,}" for k, v in r["own_assets"].items())
        print(f"  own JS+CSS: {total:,} B gzip ({parts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
