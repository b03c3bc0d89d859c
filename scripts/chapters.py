#!/usr/bin/env python3
"""Suggest chapters for an episode from its show notes and transcript: `python scripts/chapters.py EPISODE`.

EPISODE is an episode file, `docs/episodes/<stem>.md`. The script prints the
chapters the build would derive (the same code), one `HH:MM:SS Title` line each:

    00:00:00 Introduction
    00:00:16 How to Stand Out in a Python Coding Interview
    00:04:17 The Python Software Foundation has updated its Code of Conduct

With `--write` it puts them into the episode's front matter as `chapters:`, for a
producer to correct by ear; the rest of the file stays byte for byte as it was.
An episode that already has `chapters:` is left alone unless `--force` is given,
which replaces them. Exit status: 0 when chapters were suggested (or written),
1 when there are none to suggest or the file cannot be used, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from podsite.catalog import load_transcript  # noqa: E402
from podsite.chapterize import derive_chapters  # noqa: E402
from podsite.episodes import load_episode  # noqa: E402
from podsite.errors import ContentError, Problems  # noqa: E402
from podsite.model import Chapter  # noqa: E402
from podsite.timecode import format_clock  # noqa: E402
from podsite.transcripts import TRANSCRIPT_EXTENSIONS  # noqa: E402

_FENCE = re.compile(r"^---[ \t]*$")
_TOP_KEY = re.compile(r"^[^\s#-][^:]*:")


def chapter_lines(chapters: list[Chapter]) -> list[str]:
    """`HH:MM:SS Title`, the form front matter and the feed description use."""
    return [f"{format_clock(ch.start)} {ch.title}" for ch in chapters]


def write_chapters(text: str, lines: list[str], force: bool) -> str:
    """`text` with a `chapters:` list of `lines` in its front matter; nothing else changes.

    Raises ValueError when the file has no front matter, or already has chapters
    and `force` is false.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    rows = text.splitlines(keepends=True)
    if not rows or not _FENCE.match(rows[0].lstrip("\ufeff").rstrip("\r\n")):
        raise ValueError("the file has no front matter (a `---` line at the top)")
    end = next((i for i in range(1, len(rows)) if _FENCE.match(rows[i].rstrip("\r\n"))), None)
    if end is None:
        raise ValueError("the front matter opened with `---` is never closed")
    block = ["chapters:" + newline] + [f"  - {json.dumps(line, ensure_ascii=False)}{newline}" for line in lines]
    start = next((i for i in range(1, end) if rows[i].startswith("chapters:")), None)
    if start is None:
        before = rows[:end]
        if before and not before[-1].endswith(("\n", "\r")):
            before[-1] += newline
        return "".join(before + block + rows[end:])
    if not force:
        raise ValueError(f"the front matter already has `chapters:` (line {start + 1}); use --force to replace them")
    stop = start + 1
    while stop < end and not _TOP_KEY.match(rows[stop]):
        stop += 1
    return "".join(rows[:start] + block + rows[stop:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Suggest chapters for an episode from its show notes and transcript (the ones the build derives)."
    )
    parser.add_argument("episode", type=Path, help="the episode file, docs/episodes/<stem>.md")
    parser.add_argument("--write", action="store_true", help="put the chapters into the episode's front matter")
    parser.add_argument(
        "--force", action="store_true", help="with --write: replace chapters already in the front matter"
    )
    args = parser.parse_args(argv)

    path: Path = args.episode
    if path.suffix != ".md" or not path.is_file():
        parser.error(f"{path} is not an episode file (docs/episodes/<stem>.md)")
    docs_dir = path.resolve().parent.parent
    src_uri = f"{path.resolve().parent.name}/{path.name}"
    text = path.read_bytes().decode("utf-8")  # line endings as they are, for --write
    problems = Problems()
    try:
        episode = load_episode(src_uri, text.replace("\r\n", "\n"), docs_dir, problems, TRANSCRIPT_EXTENSIONS)
        load_transcript(episode, docs_dir, problems)
    except ContentError as err:
        print(err, file=sys.stderr)
        return 1
    if episode.transcript is None:
        print(f"{path}: no transcript found next to the episode (<stem>.vtt, .srt, .json or .txt)", file=sys.stderr)
        return 1
    chapters = derive_chapters(episode)
    if not chapters:
        print(
            f"{path}: the show notes name no topics to place "
            "(lines like `**Brian #1:** [Title](url)` or a `## Topics` list with two or more entries)",
            file=sys.stderr,
        )
        return 1
    lines = chapter_lines(chapters)
    print("\n".join(lines))
    if args.write:
        try:
            updated = write_chapters(text, lines, args.force)
        except ValueError as err:
            print(f"{path}: {err}", file=sys.stderr)
            return 1
        with path.open("w", encoding="utf-8", newline="") as out:
            out.write(updated)
        print(f"wrote {len(lines)} chapters into {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
