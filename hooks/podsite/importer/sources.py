"""Folders of transcripts and show notes: which episode each file belongs to, and its text.

Files are paired with episodes by number. The number comes from the file name:
`S02E07` style names give season and number, otherwise the leading digits
(`012-title.vtt`), otherwise `#12`, `episode 12` or `ep 12`, otherwise the only
number in the name (`PB 485.md`). Show notes are Markdown, or HTML converted to
Markdown (`text.html_to_markdown`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, Problems
from ..frontmatter import split_front_matter
from ..transcripts import TRANSCRIPT_EXTENSIONS
from .text import html_to_markdown

NOTES_EXTENSIONS = (".md", ".markdown", ".html", ".htm")

_SEASON_EPISODE = re.compile(r"(?<![a-z0-9])s(\d{1,3})[ ._-]?e(\d{1,5})(?![0-9])", re.I)
_LEADING = re.compile(r"^\s*(\d{1,5})(?![0-9])")
_MARKED = re.compile(r"(?:#|\bepisode\s*#?|\bep\.?\s*#?|\bno\.\s*)(\d{1,5})(?![0-9])", re.I)
_ANY_NUMBER = re.compile(r"(?<![0-9.])(\d{1,5})(?![0-9.])")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")


@dataclass
class SourceFile:
    """A transcript or show-notes file and the episode it names."""

    path: Path
    number: int | None
    season: int | None = None

    @property
    def name(self) -> str:
        return self.path.name


def number_in_name(stem: str) -> tuple[int | None, int | None]:
    """(season, number) said by a file name; (None, None) when it names no episode."""
    match = _SEASON_EPISODE.search(stem)
    if match:
        return int(match.group(1)), int(match.group(2))
    match = _LEADING.match(stem) or _MARKED.search(stem)
    if match:
        return None, int(match.group(1))
    numbers = _ANY_NUMBER.findall(stem)
    if len(numbers) == 1:
        return None, int(numbers[0])
    return None, None


def number_in_title(title: str) -> int | None:
    """An episode number written in a title: `#123 ...`, `Episode 123: ...`, `123: ...`."""
    match = _MARKED.search(title)
    if match:
        return int(match.group(1))
    match = re.match(r"^\s*(\d{1,5})\s*[:.)\-–—|]\s", title)
    return int(match.group(1)) if match else None


def scan_folder(folder: Path, extensions: tuple[str, ...]) -> tuple[list[SourceFile], list[Path]]:
    """Files of `folder` (not recursive) with one of `extensions`, sorted by name.

    Returns the usable files and the files with other extensions (reported, not read).
    """
    found: list[SourceFile] = []
    other: list[Path] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.is_file() or path.name.startswith("."):
            continue
        if path.suffix.lower() in extensions:
            season, number = number_in_name(path.stem)
            found.append(SourceFile(path=path, number=number, season=season))
        else:
            other.append(path)
    return found, other


def scan_transcripts(folder: Path) -> tuple[list[SourceFile], list[Path]]:
    return scan_folder(folder, TRANSCRIPT_EXTENSIONS)


def scan_notes(folder: Path) -> tuple[list[SourceFile], list[Path]]:
    return scan_folder(folder, NOTES_EXTENSIONS)


@dataclass
class Notes:
    """Show notes ready for a page: Markdown body, and the heading it started with."""

    markdown: str
    heading: str | None = None  # the leading `# Heading`, removed from the body
    title: str | None = None  # `title:` of the notes' own front matter, if any
    date: object = None  # `date:` of the notes' own front matter, if any


def split_heading(markdown: str) -> tuple[str | None, str]:
    """Remove a leading `# Heading` line (the episode page prints the title itself)."""
    lines = markdown.lstrip("\n").split("\n")
    if lines and (match := _HEADING.match(lines[0])):
        return match.group(1).strip(), "\n".join(lines[1:]).lstrip("\n")
    return None, markdown


def read_notes(path: Path, problems: Problems) -> Notes:
    """Read one notes file; HTML becomes Markdown, a front matter block is not copied."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        problems.warn(str(path), None, "not UTF-8; read as Windows-1252 (save the file as UTF-8 to be sure)")
    text = text.replace("\r\n", "\n")
    title = date = None
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_markdown(text)
    else:
        try:
            doc, body, _ = split_front_matter(text, str(path))
        except ContentError as err:
            problems.add(err)
            doc, body = None, text
        if doc is not None and isinstance(doc.data, dict) and doc.data:
            title = doc.data.get("title") if isinstance(doc.data.get("title"), str) else None
            date = doc.data.get("date")
            text = body
    heading, body = split_heading(text)
    body = body.strip()
    return Notes(markdown=body + "\n" if body else "", heading=heading, title=title, date=date)
