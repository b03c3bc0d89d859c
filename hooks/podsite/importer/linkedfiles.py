"""An item's `podcast:transcript` and `podcast:chapters`: downloaded with `--fetch` (and
checked), else kept as addresses in the front matter and listed in the report."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import ContentError, Problems
from ..transcripts import TRANSCRIPT_EXTENSIONS, parse_transcript
from .feed import FeedChapter, FeedLink
from .planned import EPISODES_DIR, Draft, ImportPlan, PlannedFile
from .remote import Fetcher

_TRANSCRIPT_TYPES = {
    "text/vtt": ".vtt",
    "application/x-subrip": ".srt",
    "application/srt": ".srt",
    "text/srt": ".srt",
    "application/json": ".json",
    "text/plain": ".txt",
}


def _transcript_ext(link: FeedLink) -> str | None:
    """The site's transcript format for a `podcast:transcript` (by type, else by the URL's suffix)."""
    ext = _TRANSCRIPT_TYPES.get(link.type.lower().split(";")[0].strip())
    if ext is None:
        suffix = Path(link.url.split("?", 1)[0]).suffix.lower()
        ext = suffix if suffix in TRANSCRIPT_EXTENSIONS else None
    return ext


def parse_chapters_json(data: bytes) -> list[FeedChapter]:
    """Podcasting 2.0 JSON chapters (`{"chapters": [{"startTime", "title", "url"}]}`); [] when not that shape."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return []
    rows = doc.get("chapters") if isinstance(doc, dict) else None
    out: list[FeedChapter] = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or row.get("toc") is False:
            continue
        start, title = row.get("startTime"), row.get("title")
        if isinstance(start, (int, float)) and not isinstance(start, bool) and 0 <= start < 3_600_000:
            if isinstance(title, str) and title.strip():
                url = row.get("url") if isinstance(row.get("url"), str) and row["url"].startswith("http") else None
                out.append(FeedChapter(float(start), title.strip(), url))
    return sorted(out, key=lambda c: c.start)


def remote_parts(
    draft: Draft, stem: str, label: str, feed_path: str, plan: ImportPlan, fetcher: Fetcher | None
) -> tuple[list[str], list[FeedChapter], PlannedFile | None]:
    """The item's podcast:transcript and podcast:chapters: downloaded with `--fetch`, else kept as addresses.

    Returns front matter comment lines, chapters read from JSON, and a transcript file to write.
    """
    item = draft.item
    comments: list[str] = []
    chapters: list[FeedChapter] = []
    transcript: PlannedFile | None = None
    if item is None:
        return comments, chapters, transcript
    if item.transcripts and draft.transcript is None:
        usable = [
            (TRANSCRIPT_EXTENSIONS.index(ext), link, ext) for link in item.transcripts if (ext := _transcript_ext(link))
        ]
        usable.sort(key=lambda row: row[0])
        for _, link, ext in usable if fetcher is not None else []:
            data = fetcher.get(link.url, feed_path, item.line) if fetcher else None
            if data is None:
                continue
            check = Problems()
            try:
                parse_transcript(data, link.url, check)
            except ContentError as err:
                plan.problems.warn(
                    feed_path, item.line, f"{link.url} is not a usable transcript ({err.problem.message})"
                )
                continue
            transcript = PlannedFile(f"{EPISODES_DIR}/{stem}{ext}", data, f"{label} transcript (from {link.url})")
            break
        if transcript is None:
            for link in item.transcripts:
                kind = link.type or "type not given"
                comments.append(f"podcast:transcript {link.url} ({kind}) on the old host")
                plan.remote_files.append(
                    f"{stem}: podcast:transcript {link.url} ({kind}) kept as an address in the front matter"
                    + ("" if fetcher else "; run the import with --fetch to copy it beside the page")
                )
    if item.chapters_link is not None and not item.chapters:
        data = fetcher.get(item.chapters_link.url, feed_path, item.line) if fetcher else None
        chapters = parse_chapters_json(data) if data else []
        if data and not chapters:
            plan.problems.warn(feed_path, item.line, f"{item.chapters_link.url} holds no JSON chapters; not used")
        if not chapters:
            comments.append(f"podcast:chapters {item.chapters_link.url} on the old host")
            plan.remote_files.append(
                f"{stem}: podcast:chapters {item.chapters_link.url} kept as an address in the front matter"
                + ("" if fetcher else "; run the import with --fetch to read the chapters into the page")
            )
    return comments, chapters, transcript
