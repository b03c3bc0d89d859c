#!/usr/bin/env python3
"""Check a podcast site's content without building it: `python scripts/check.py [folder]`.

Reads mkdocs.yml (`extra.podcast`, `site_url`), every episode's front matter and
transcript, the people and mentions registries and the cover art with the function
the build loads the show with (`podsite.site.load_site`), and prints every problem as
the build would, one per line:

    ERROR   -  docs/episodes/042.md:7: date: 'May 26' is not a date (use YYYY-MM-DD)
    WARNING -  docs/episodes/042.vtt:12: cue ends (00:00:03.000) before it starts ...

Chapters derived from show notes, and speaker labels (SPEAKER_00, Speaker 1) the
front matter's `speakers:` gives no name yet, are listed as INFO lines. Exit status: 0 when
the site would build, 1 when it has errors (or, with `--strict`, warnings), 2
for bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from podsite.checks import CONFIG_FILE, inspect_site  # noqa: E402
from podsite.errors import Severity  # noqa: E402

LEVEL = {Severity.ERROR: "ERROR   -  ", Severity.WARNING: "WARNING -  "}
INFO = "INFO    -  "


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Check the podcast content (show settings, episodes, transcripts, people, mentions, cover) without building the site."
    )
    parser.add_argument(
        "folder", nargs="?", default=".", help="the site's folder, where mkdocs.yml is (default: the current folder)"
    )
    parser.add_argument(
        "-f",
        "--config-file",
        default=CONFIG_FILE,
        help="the MkDocs configuration, relative to the folder (default: mkdocs.yml)",
    )
    parser.add_argument(
        "-s", "--strict", action="store_true", help="fail on warnings too, as `mkdocs build --strict` does"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print problems only, not the derived chapters and the summary"
    )
    args = parser.parse_args(argv)

    folder = Path(args.folder)
    report = inspect_site(folder, args.config_file)
    out = sys.stdout
    if not args.quiet:
        for line in report.info:
            out.write(INFO + line + "\n")
    for problem in report.sorted_problems():
        out.write(LEVEL[problem.severity] + str(problem) + "\n")
    out.flush()  # the summary goes to stderr: keep it after the problems in a terminal
    failed = report.failed(args.strict)
    if not args.quiet:
        episodes = report.episode_files
        errors, warnings = len(report.problems.errors), len(report.problems.warnings)
        verdict = "the build would fail" if failed else "ok"
        if not failed and warnings:
            verdict = "ok (mkdocs build --strict would fail on the warnings)"
        print(
            f"check: {_count(episodes, 'episode file')} read, {_count(errors, 'error')}, {_count(warnings, 'warning')}: {verdict}",
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
