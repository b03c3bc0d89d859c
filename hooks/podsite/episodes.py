"""Loading one episode: front matter validated into an `Episode`, notes kept as Markdown.

Every problem names the file and the line of the key. Problems that leave a usable
page are warnings on `problems`; a missing title or date raises `ContentError`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from pathlib import Path, PurePosixPath
from typing import Any

from markdown.extensions.toc import slugify

from .artwork import remote_image_problem
from .audio import probe, type_for
from .errors import ContentError, Problems, shown
from .frontmatter import YamlDoc, split_front_matter
from .kinds import EPISODE_TYPES, TRANSCRIPT_FORMATS, one_of
from .model import Audio, Chapter, Episode
from .paths import link_outside, outside_message, resolve_in_docs, web_url
from .timecode import TimeError, format_clock, parse_time

KNOWN_KEYS = {
    "title",
    "date",
    "number",
    "season",
    "episode_type",
    "explicit",
    "guid",
    "audio",
    "duration",
    "transcript",
    "chapters",
    "hosts",
    "guests",
    "description",
    "draft",
    "mentions",
    "speakers",
    "transcript_format",
    "image",
    # keys MkDocs and Material read themselves
    "template",
    "hide",
    "search",
    "status",
    "subtitle",
    "icon",
    "tags",
}
AUDIO_KEYS = {"url", "length", "type"}
#: The earliest year of an episode date. Feed dates (RFC 822) before 1900 are read
#: wrongly or refused by podcast apps and feed libraries, and no podcast is older.
MIN_YEAR = 1900
#: The largest episode or season number, and audio file size, the feed can carry.
MAX_NUMBER = 10**9
MAX_LENGTH = 2**63 - 1
_MEDIA_TYPE = re.compile(r"[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*")
_LEADING_DIGITS = re.compile(r"^(\d+)")
_CHAPTER_LINE = re.compile(r"^\s*(\S+)\s+(.+?)\s*$")


def _suggest(key: str, known: set[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


def parse_date(value: Any) -> dt.datetime:
    """Front matter date: `YYYY-MM-DD` or an ISO datetime; naive values are UTC."""
    if isinstance(value, dt.datetime):
        result = value
    elif isinstance(value, dt.date):
        result = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            result = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{shown(value)} is not a date (use YYYY-MM-DD)") from None
    else:
        raise ValueError(f"{shown(value)} is not a date (use YYYY-MM-DD)")
    if result.tzinfo is None:
        result = result.replace(tzinfo=dt.UTC)
    if result.year < MIN_YEAR:
        raise ValueError(f"{shown(value)} is before {MIN_YEAR}: podcast apps cannot show such a date; check the year")
    return result


def first_paragraph(markdown_text: str) -> str:
    """The first prose paragraph of the notes as plain text (the default description)."""
    for block in re.split(r"\n\s*\n", markdown_text.strip()):
        block = block.strip()
        if not block or block.startswith(("#", "-", "*", ">", "|", "```", "<", "!")) and not block.startswith("**"):
            continue
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", block)
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = re.sub(r"[*_`]+", "", text)
        text = " ".join(text.split())
        if text:
            return text
    return ""


def _str_list(value: Any, key: str, doc: YamlDoc, path: str, problems: Problems) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    problems.warn(path, doc.line(key), f"{key}: must be a list of names, like `{key}: [Ada Brook]`")
    return []


def _int(value: Any, key: str, doc: YamlDoc, path: str, problems: Problems) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.warn(path, doc.line(key), f"{key}: {shown(value)} is not a whole number (use e.g. `{key}: 12`)")
        return None
    if value > MAX_NUMBER:
        problems.warn(path, doc.line(key), f"{key}: {shown(value)} is too large (at most {MAX_NUMBER:,})")
        return None
    return value


def parse_chapters(raw: Any, doc: YamlDoc, path: str, problems: Problems) -> list[Chapter]:
    """`chapters:` as `"HH:MM:SS Title"` strings or `{start, title, url}` maps."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.warn(path, doc.line("chapters"), 'chapters: must be a list, like `- "00:00:00 Welcome"`')
        return []
    chapters: list[Chapter] = []
    for index, item in enumerate(raw):
        key = f"chapters.{index}"
        line = doc.line(key)
        url = None
        if isinstance(item, str):
            match = _CHAPTER_LINE.match(item)
            if not match:
                problems.warn(path, line, f'chapter {shown(item)} needs a time and a title, like "00:12:30 Topic"')
                continue
            start_raw, title = match.group(1), match.group(2)
        elif isinstance(item, dict):
            start_raw, title, url = item.get("start"), item.get("title"), item.get("url")
            if start_raw is None or not title:
                problems.warn(path, line, "chapter maps need `start` and `title` (and may have `url`)")
                continue
            if isinstance(title, bool) or not isinstance(title, (str, int, float)):
                problems.error(
                    path,
                    doc.line(f"{key}.title"),
                    f"chapter title {shown(title)} is not text: write the title as one line of text",
                )
                continue
            if url is not None and not web_url(url):
                problems.warn(
                    path,
                    doc.line(f"{key}.url"),
                    f"chapter url {shown(url)} must be an http:// or https:// address without spaces",
                )
                url = None
        else:
            problems.warn(path, line, f"chapter {shown(item)} must be a string or a map")
            continue
        try:
            start = parse_time(start_raw if not isinstance(start_raw, str) else start_raw.strip())
        except TimeError as exc:
            problems.warn(path, line, f"chapter start {exc}")
            continue
        chapters.append(Chapter(start=start, title=str(title).strip(), url=url, line=line))
    for before, after in itertools.pairwise(chapters):
        if after.start < before.start:
            problems.warn(
                path,
                after.line,
                f"chapter {shown(after.title)} at {format_clock(after.start)} starts before the one above it: sort the chapters by time",
            )
    chapters.sort(key=lambda c: c.start)
    return chapters


def assign_slugs(chapters: list[Chapter], taken: set[str] | None = None) -> None:
    """Give each chapter a stable, unique anchor slug derived from its title."""
    used = set(taken or ())
    for chapter in chapters:
        base = slugify(chapter.title, "-") or "chapter"
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        chapter.slug = slug


def load_episode(
    src_uri: str, text: str, docs_dir: Path, problems: Problems, transcript_exts: tuple[str, ...]
) -> Episode:
    """Read one `docs/episodes/<stem>.md` into an `Episode` (transcript not parsed yet).

    `src_uri` is relative to docs/ (`episodes/001-x.md`); messages name
    `docs/<src_uri>`-style paths relative to the project (the caller passes `path`).
    """
    path = f"{docs_dir.name}/{src_uri}"
    doc, notes, notes_line = split_front_matter(text, path)
    meta: dict[str, Any] = doc.data
    stem = PurePosixPath(src_uri).stem
    page_dir = PurePosixPath(src_uri).parent

    for key in meta:
        if key not in KNOWN_KEYS:
            problems.warn(path, doc.line(str(key)), f"unknown key `{key}`{_suggest(str(key), KNOWN_KEYS)}")

    title = meta.get("title")
    if title is not None and not isinstance(title, str):
        quoted = f'"{shown(title)}"' if isinstance(title, (int, float, dt.date)) else "..."
        raise ContentError(
            path, doc.line("title"), f"title: {shown(title)} is not text (write it in quotes: `title: {quoted}`)"
        )
    if not isinstance(title, str) or not title.strip():
        raise ContentError(
            path, doc.line("title"), "`title` is required (add `title: Episode title` to the front matter)"
        )
    if "date" not in meta:
        raise ContentError(path, doc.first_line, "`date` is required (add `date: YYYY-MM-DD` to the front matter)")
    try:
        date = parse_date(meta["date"])
    except ValueError as exc:
        raise ContentError(path, doc.line("date"), f"date: {exc}") from None

    number = _int(meta.get("number"), "number", doc, path, problems)
    if number is None and "number" not in meta:
        match = _LEADING_DIGITS.match(stem)
        number = int(match.group(1)) if match else None

    episode = Episode(
        stem=stem,
        src_uri=src_uri,
        title=title.strip(),
        date=date,
        number=number,
        season=_int(meta.get("season"), "season", doc, path, problems),
        notes=notes,
        notes_line=notes_line,
        meta=meta,
        lines=doc.lines,
    )

    episode_type = meta.get("episode_type", "full")
    known_type = one_of(episode_type, EPISODE_TYPES)
    if known_type is None:
        problems.warn(
            path,
            doc.line("episode_type"),
            f"episode_type: {shown(episode_type)} is not one of {', '.join(EPISODE_TYPES)}",
        )
    else:
        episode.episode_type = known_type
    explicit = meta.get("explicit")
    if explicit is not None and not isinstance(explicit, bool):
        problems.warn(path, doc.line("explicit"), f"explicit: {shown(explicit)} must be true or false")
    else:
        episode.explicit = explicit
    guid = meta.get("guid")
    if guid is not None:
        if isinstance(guid, (str, int)) and str(guid).strip():
            episode.guid = str(guid).strip()
        else:
            problems.warn(path, doc.line("guid"), "guid: must be a non-empty string")
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        problems.warn(path, doc.line("draft"), f"draft: {shown(draft)} must be true or false")
    else:
        episode.draft = draft
    episode.hosts = _str_list(meta.get("hosts"), "hosts", doc, path, problems)
    episode.guests = _str_list(meta.get("guests"), "guests", doc, path, problems)

    description = meta.get("description")
    if description is not None and not isinstance(description, str):
        problems.warn(path, doc.line("description"), "description: must be text")
        description = None
    episode.description = (description or "").strip() or first_paragraph(notes)

    if "duration" in meta:
        try:
            episode.duration = parse_time(meta["duration"])
        except TimeError as exc:
            problems.warn(path, doc.line("duration"), f"duration: {exc}")

    _load_audio(episode, meta.get("audio"), doc, path, docs_dir, page_dir, problems)

    episode.chapters = parse_chapters(meta.get("chapters"), doc, path, problems)
    if episode.duration is not None:
        for chapter in episode.chapters:
            if chapter.start > episode.duration:
                problems.warn(
                    path,
                    chapter.line,
                    f"chapter {shown(chapter.title)} starts at {format_clock(chapter.start)}, after the end of the audio ({format_clock(episode.duration)})",
                )

    aliases = meta.get("mentions")
    if aliases is not None:
        if isinstance(aliases, dict) and all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(a, str) for a in v)
            for k, v in aliases.items()
        ):
            episode.mention_aliases = {k: list(v) for k, v in aliases.items()}
        else:
            problems.warn(
                path, doc.line("mentions"), "mentions: must map names to lists of spellings, like `Quart: [court]`"
            )

    shape = meta.get("transcript_format")
    if shape is not None:
        known_format = one_of(shape.strip().lower(), TRANSCRIPT_FORMATS) if isinstance(shape, str) else None
        if known_format is not None:
            episode.transcript_format = known_format
        else:
            problems.warn(
                path,
                doc.line("transcript_format"),
                f"transcript_format: {shown(shape)} is not a transcript format; use one of {', '.join(TRANSCRIPT_FORMATS)}",
            )
    names = meta.get("speakers")
    if names is not None:
        if isinstance(names, dict) and all(
            isinstance(k, (str, int)) and isinstance(v, str) and v.strip() for k, v in names.items()
        ):
            episode.speaker_names = {str(k).strip(): v.strip() for k, v in names.items()}
        else:
            problems.warn(
                path,
                doc.line("speakers"),
                "speakers: must map the transcript's speaker labels to names, like `speakers: {Speaker 1: Ada Brook}`",
            )

    _load_image(episode, meta.get("image"), doc, path, docs_dir, page_dir, problems)
    _find_transcript(episode, meta.get("transcript"), doc, path, docs_dir, page_dir, problems, transcript_exts)
    return episode


def _load_audio(
    episode: Episode,
    raw: Any,
    doc: YamlDoc,
    path: str,
    docs_dir: Path,
    page_dir: PurePosixPath,
    problems: Problems,
) -> None:
    if raw is None:
        return
    if isinstance(raw, str):
        raw = {"url": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("url"), str) or not raw["url"].strip():
        problems.warn(path, doc.line("audio"), "audio: needs `url` (a path inside docs/ or an https:// URL)")
        return
    for key in raw:
        if key not in AUDIO_KEYS:
            problems.warn(path, doc.line(f"audio.{key}"), f"unknown key `audio.{key}`{_suggest(str(key), AUDIO_KEYS)}")
    url = raw["url"].strip()
    audio = Audio(url=url)
    length = raw.get("length")
    if length is not None:
        if isinstance(length, bool) or not isinstance(length, int) or not 0 <= length <= MAX_LENGTH:
            problems.warn(
                path,
                doc.line("audio.length"),
                f"audio.length: {shown(length)} must be the file size in bytes (a whole number)",
            )
        else:
            audio.length = length
    media_type = raw.get("type") or type_for(url)
    if not isinstance(media_type, str) or not _MEDIA_TYPE.fullmatch(media_type.strip()):
        problems.warn(
            path, doc.line("audio.type"), f"audio.type: {shown(media_type)} is not a media type (e.g. audio/mpeg)"
        )
        media_type = "audio/mpeg"
    audio.type = media_type.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
        rel = resolve_in_docs(page_dir, url)
        if rel is None:
            problems.warn(
                path,
                doc.line("audio.url"),
                f"audio.url: {shown(url)} leaves docs/ (keep the audio file inside docs/ or use an https:// URL)",
            )
            return
        local = docs_dir / rel
        if _linked_out(docs_dir, rel, "audio.url", doc, path, problems):
            return
        if not local.is_file():
            problems.warn(path, doc.line("audio.url"), f"audio.url: file docs/{rel} not found")
        else:
            audio.url = str(rel)
            audio.local_path = str(local)
            size, duration = probe(local)
            audio.length = size
            if duration is not None:
                if episode.duration is not None and abs(episode.duration - duration) > 2:
                    problems.warn(
                        path,
                        doc.line("duration"),
                        f"duration: {format_clock(episode.duration)} differs from the audio file's {format_clock(duration)}; the file's is used",
                    )
                episode.duration = duration
    elif not web_url(url):
        problems.warn(
            path,
            doc.line("audio.url"),
            f"audio.url: {shown(url)} must be an http(s) address without spaces or a path inside docs/",
        )
        return
    episode.audio = audio


def _load_image(
    episode: Episode,
    raw: Any,
    doc: YamlDoc,
    path: str,
    docs_dir: Path,
    page_dir: PurePosixPath,
    problems: Problems,
) -> None:
    """`image:` (episode art for the feed): an https:// URL, or a file inside docs/ relative to the page."""
    if raw is None:
        return
    if not isinstance(raw, str) or not raw.strip():
        problems.warn(path, doc.line("image"), "image: must be a path inside docs/ or an https:// URL of a JPEG or PNG")
        return
    value = raw.strip()
    if re.match(r"^https?:", value, re.I):
        if not web_url(value):
            problems.warn(path, doc.line("image"), f"image: {shown(value)} must be an https:// address without spaces")
            return
        if remote_image_problem(value):  # the path names another format; a query string or none is fine
            problems.warn(
                path, doc.line("image"), f"image: {shown(value)} must be a JPEG or PNG file (.jpg, .jpeg or .png)"
            )
            return
        episode.image = value
        return
    if not re.search(r"\.(?:jpe?g|png)$", value, re.I):
        problems.warn(
            path, doc.line("image"), f"image: {shown(value)} must be a JPEG or PNG file (.jpg, .jpeg or .png)"
        )
        return
    rel = resolve_in_docs(page_dir, value)
    if rel is not None and _linked_out(docs_dir, rel, "image", doc, path, problems):
        return
    if rel is None or not (docs_dir / rel).is_file():
        problems.warn(path, doc.line("image"), f"image: file {shown(value)} not found inside docs/")
        return
    episode.image = str(rel)


def _find_transcript(
    episode: Episode,
    raw: Any,
    doc: YamlDoc,
    path: str,
    docs_dir: Path,
    page_dir: PurePosixPath,
    problems: Problems,
    exts: tuple[str, ...],
) -> None:
    if raw is not None:
        if not isinstance(raw, str) or not raw.strip():
            problems.warn(path, doc.line("transcript"), "transcript: must be a path relative to the page")
            return
        rel = resolve_in_docs(page_dir, raw.strip())
        if rel is None:
            problems.warn(
                path,
                doc.line("transcript"),
                f"transcript: {shown(raw)} leaves docs/ (keep transcripts beside the episode)",
            )
            return
        if _linked_out(docs_dir, rel, "transcript", doc, path, problems):
            return
        if not (docs_dir / rel).is_file():
            problems.warn(path, doc.line("transcript"), f"transcript: file docs/{rel} not found")
            return
        episode.transcript_path = str(rel)
        return
    for ext in exts:
        candidate = page_dir / f"{episode.stem}{ext}"
        if (docs_dir / candidate).is_file():
            if _linked_out(docs_dir, candidate, "transcript", doc, path, problems):
                return
            episode.transcript_path = str(candidate)
            return


def _linked_out(docs_dir: Path, rel: PurePosixPath, key: str, doc: YamlDoc, path: str, problems: Problems) -> bool:
    """True (and an error) when `docs/<rel>` is a symbolic link to a file outside docs/."""
    real = link_outside(docs_dir, rel)
    if real is None:
        return False
    problems.error(path, doc.line(key), outside_message(key, rel, real, docs_dir.name))
    return True
