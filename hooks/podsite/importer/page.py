"""The page written for one episode: front matter (YAML quoted only where needed), the show
notes as Markdown, and chapters (a description's trailing `00:12:30 Topic` list becomes chapters)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from ..episodes import first_paragraph
from ..timecode import format_clock, format_precise
from .feed import FeedChapter, parse_duration
from .planned import Draft
from .sources import split_heading
from .text import html_text, looks_like_html, notes_markdown, plain_text

_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9_/(][^\n\r\t#'\"\\{}\[\],&*!|>%@`]*$")
_RESOLVER = yaml.resolver.Resolver()


def yaml_scalar(value: Any) -> str:
    """One YAML scalar or flow list, quoted only where YAML needs it."""
    if (
        isinstance(value, str)
        and _PLAIN_SAFE.match(value)
        and value == value.strip()
        and not value.endswith(("-", "?", ":"))
        and ": " not in value
        and value.isprintable()
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    ):
        return value  # a plain scalar that reads back as this very string (most titles and URLs)
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000, sort_keys=False)
    if text.endswith("\n...\n"):  # the end-of-document marker YAML writes after a plain scalar
        text = text[: -len("\n...\n")]
    return text.strip()


def format_date(value: dt.datetime) -> str:
    """`YYYY-MM-DD` for midnight UTC, else ISO 8601 with the original UTC offset."""
    offset = value.utcoffset()
    if value.time() == dt.time(0, 0) and offset is not None and not offset:
        return value.strftime("%Y-%m-%d")
    return yaml_scalar(value.isoformat())


def format_duration(seconds: float) -> str:
    """`HH:MM:SS`, or `HH:MM:SS.mmm` when the feed gave a fraction of a second."""
    if abs(seconds - round(seconds)) < 0.0005:
        return format_clock(round(seconds))
    return format_precise(seconds)


def front_matter(
    draft: Draft,
    title: str,
    description: str | None,
    chapters: list[FeedChapter],
    stem: str = "",
    remote: list[str] | None = None,
) -> str:
    lines = ["---", f"title: {yaml_scalar(title)}"]
    assert draft.date is not None
    date_line = f"date: {format_date(draft.date)}"
    if draft.date_note:
        date_line += f"  # {draft.date_note}; check it"
    lines.append(date_line)
    item = draft.item
    if draft.number is not None:
        lines.append(f"number: {draft.number}")
    elif stem[:1].isdigit():
        # the site would read the stem's leading digits as the number; the old feed gave none
        lines.append("number: null  # the old feed gives this episode no itunes:episode")
    if draft.season is not None:
        lines.append(f"season: {draft.season}")
    if item is not None:
        if item.episode_type:
            lines.append(f"episode_type: {item.episode_type}")
        if item.explicit is not None:
            lines.append(f"explicit: {'true' if item.explicit else 'false'}")
        if item.guid:
            lines.append(f"guid: {yaml_scalar(item.guid)}")
        elif item.enclosure_url:
            # apps that met the episode without a guid know it by its enclosure URL
            lines.append(f"guid: {yaml_scalar(item.enclosure_url)}")
        if item.enclosure_url:
            lines.append("audio:")
            lines.append(f"  url: {yaml_scalar(item.enclosure_url)}")
            if item.enclosure_length is not None:
                lines.append(f"  length: {item.enclosure_length}")
            if item.enclosure_type:
                lines.append(f"  type: {yaml_scalar(item.enclosure_type)}")
        if item.duration is not None:
            lines.append(f'duration: "{format_duration(item.duration)}"')
        if item.image:
            lines.append(f"image: {yaml_scalar(item.image)}")
        if item.hosts:
            lines.append(f"hosts: {yaml_scalar(item.hosts)}")
        if item.guests:
            lines.append(f"guests: {yaml_scalar(item.guests)}")
    if chapters:
        lines.extend(_chapter_lines(chapters))
    if description:
        lines.append(f"description: {yaml_scalar(description)}")
    lines.extend(f"# {line}" for line in remote or [])
    lines.append("---")
    return "\n".join(lines) + "\n"


_TIMESTAMP_LINE = re.compile(
    r"^\s*[-*•]?\s*[(\[]?(\d{1,2}:\d{2}(?::\d{2})?(?:\.\d{1,3})?)[)\]]?\s*[-–—:|]?\s+(\S.*?)\s*$"
)
_CHAPTERS_HEADING = re.compile(r"^\s*(?:chapters|timestamps|timeline|time\s*stamps)\s*:?\s*$", re.I)


def split_chapter_list(text: str) -> tuple[str, list[FeedChapter]]:
    """A description's trailing list of `00:12:30 Topic` lines, separated from the text.

    Feeds often end the plain-text description with the chapters; the site lists
    them on the page, so they are taken out of `description:` (and become the
    chapters when the feed has no psc:chapters).
    """
    lines = text.rstrip().split("\n")
    chapters: list[FeedChapter] = []
    while lines and (match := _TIMESTAMP_LINE.match(lines[-1])):
        start = parse_duration(match.group(1))
        if start is None:
            break
        chapters.insert(0, FeedChapter(start, match.group(2)))
        lines.pop()
    if len(chapters) < 2:
        return text, []
    while lines and (not lines[-1].strip() or _CHAPTERS_HEADING.match(lines[-1])):
        lines.pop()
    return "\n".join(lines), chapters


def page_body(draft: Draft) -> tuple[str, str | None, list[FeedChapter]]:
    """Show notes Markdown for the page, a `description:` when the feed's differs, chapters."""
    item = draft.item
    description = None
    chapters: list[FeedChapter] = list(item.chapters) if item else []
    if draft.notes_text is not None:
        body = draft.notes_text.markdown
    elif item is not None and (item.content_html or item.description_html):
        _, body = split_heading(notes_markdown(item.content_html or item.description_html))
    else:
        body = ""
    if item is not None and item.content_html and item.description_html:
        text = item.description_html
        if looks_like_html(text):
            text = html_text(text)
        text, listed = split_chapter_list(text)
        if not chapters:
            chapters = listed
        summary = plain_text(text)
        if summary and summary != first_paragraph(body):
            description = summary
    return body, description, chapters


def _chapter_lines(chapters: list[FeedChapter]) -> list[str]:
    lines = ["chapters:"]
    for chapter in chapters:
        start = format_duration(chapter.start)
        if chapter.url:
            lines.append(f'  - start: "{start}"')
            lines.append(f"    title: {yaml_scalar(chapter.title)}")
            lines.append(f"    url: {yaml_scalar(chapter.url)}")
        else:
            lines.append(f"  - {yaml_scalar(f'{start} {chapter.title}')}")
    return lines
