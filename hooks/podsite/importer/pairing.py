"""Sources into episodes: feed items (or numbered transcripts) as episodes, each given its
transcript and notes file, the files read, and a date for every episode."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from markdown.extensions.toc import slugify

from ..episodes import parse_date
from ..errors import ContentError
from ..frontmatter import split_front_matter
from ..transcripts import TRANSCRIPT_EXTENSIONS, parse_transcript
from .dates import DatedEpisode, SpokenDate, find_spoken_date, opening_text, resolve_dates
from .feed import FeedChannel, FeedItem
from .planned import EPISODES_DIR, Draft, ImportPlan, Unpaired
from .sources import SourceFile, number_in_title, read_notes


def _pick(files: list[SourceFile], order: tuple[str, ...]) -> tuple[SourceFile, list[SourceFile]]:
    """The preferred file of several for one episode (by extension, then shortest name)."""
    ranked = sorted(
        files,
        key=lambda f: (
            order.index(f.path.suffix.lower()) if f.path.suffix.lower() in order else len(order),
            len(f.name),
            f.name,
        ),
    )
    return ranked[0], ranked[1:]


@dataclass
class ExistingPage:
    """An episode page already in the site (imported earlier or written by hand)."""

    stem: str
    guid: str | None
    number: int | None
    season: int | None


def existing_pages(site_dir: Path) -> list[ExistingPage]:
    """Episode pages already in `<site>/docs/episodes/` with their guid and number."""
    folder = site_dir / EPISODES_DIR
    pages: list[ExistingPage] = []
    if not folder.is_dir():
        return pages
    for path in sorted(folder.glob("*.md")):
        if path.name in ("index.md", "README.md"):
            continue
        try:
            doc, _, _ = split_front_matter(path.read_text(encoding="utf-8-sig"), str(path))
        except (ContentError, UnicodeDecodeError, OSError):
            continue
        meta = doc.data if isinstance(doc.data, dict) else {}
        guid = meta.get("guid")
        number = meta.get("number")
        season = meta.get("season")
        if "number" not in meta and (match := re.match(r"^(\d+)", path.stem)):  # `number: null` means none
            number = int(match.group(1))
        pages.append(
            ExistingPage(
                stem=path.stem,
                guid=str(guid).strip() if isinstance(guid, (str, int)) and str(guid).strip() else None,
                number=number if isinstance(number, int) and not isinstance(number, bool) else None,
                season=season if isinstance(season, int) and not isinstance(season, bool) else None,
            )
        )
    return pages


def drafts_from(feed: FeedChannel | None, transcripts: list[SourceFile], plan: ImportPlan) -> list[Draft]:
    drafts: list[Draft] = []
    if feed is not None:
        seen_guids: dict[str, FeedItem] = {}
        for item in feed.items:
            if item.guid and item.guid in seen_guids:
                plan.problems.warn(
                    feed.path,
                    item.line,
                    f"guid {item.guid!r} repeats the item at line {seen_guids[item.guid].line}; this item is not imported",
                )
                continue
            if item.guid:
                seen_guids[item.guid] = item
            named = number_in_title(item.title) if item.number is None else item.number
            drafts.append(Draft(number=item.number, season=item.season, item=item, name_number=named))
        return drafts
    numbers = sorted({(f.season or 0, f.number) for f in transcripts if f.number is not None})
    for season, number in numbers:
        drafts.append(Draft(number=number, season=season or None))
    return drafts


def pair_files(drafts: list[Draft], files: list[SourceFile], kind: str, plan: ImportPlan) -> None:
    """Give each episode its transcript (or notes) file; list the files left over."""
    unpaired = plan.transcripts_unpaired if kind == "transcript" else plan.notes_unpaired
    extra = plan.transcripts_extra if kind == "transcript" else plan.notes_extra
    order = TRANSCRIPT_EXTENSIONS if kind == "transcript" else (".md", ".markdown", ".html", ".htm")
    by_number: dict[int, list[Draft]] = {}
    for draft in drafts:
        key = draft.number if draft.number is not None else draft.name_number
        if key is not None:
            by_number.setdefault(key, []).append(draft)
    by_slug = {slugify(d.item.title, "-"): d for d in drafts if d.item is not None and d.item.title}
    matched: dict[int, list[SourceFile]] = {}
    for source in files:
        if source.number is None:
            by_name = by_slug.get(slugify(source.path.stem, "-"))
            if by_name is None:
                unpaired.append(
                    Unpaired(
                        str(source.path),
                        "no episode number in the file name (start the name with it, like `012-title"
                        + source.path.suffix
                        + "`)",
                    )
                )
                continue
            draft = by_name
        else:
            candidates = [
                d
                for d in by_number.get(source.number, [])
                if source.season is None or d.season in (None, source.season)
            ]
            if not candidates:
                where = "in the feed" if drafts and drafts[0].item is not None else "with a transcript"
                unpaired.append(Unpaired(str(source.path), f"no episode {source.number} {where}"))
                continue
            if len(candidates) > 1:
                seasons = ", ".join(str(d.season) for d in candidates)
                unpaired.append(
                    Unpaired(
                        str(source.path),
                        f"episode {source.number} exists in seasons {seasons}; name the file like `s02e{source.number:03d}-title{source.path.suffix}`",
                    )
                )
                continue
            draft = candidates[0]
        matched.setdefault(id(draft), []).append(source)
    for draft in drafts:
        found = matched.get(id(draft))
        if not found:
            continue
        chosen, others = _pick(found, order)
        setattr(draft, kind if kind == "transcript" else "notes", chosen)
        for other in others:
            extra.append(Unpaired(str(other.path), f"{draft_label(draft)} already uses {chosen.name}"))


def draft_label(draft: Draft) -> str:
    if draft.number is None:
        return repr(draft.item.title) if draft.item else "an episode"
    return f"episode {draft.number}" if draft.season is None else f"season {draft.season} episode {draft.number}"


def read_sources(drafts: list[Draft], plan: ImportPlan) -> None:
    """Parse the chosen transcripts (to check them and find spoken dates) and read the notes."""
    for draft in drafts:
        if draft.transcript is not None:
            path = draft.transcript.path
            try:
                speakers = (draft.item.hosts + draft.item.guests) if draft.item else []
                draft.parsed = parse_transcript(path.read_bytes(), str(path), plan.problems, known_speakers=speakers)
            except ContentError as err:
                plan.problems.add(err)
                plan.transcripts_unpaired.append(
                    Unpaired(str(path), f"not a usable transcript ({err.problem.message})")
                )
                draft.transcript = None
        if draft.notes is not None:
            draft.notes_text = read_notes(draft.notes.path, plan.problems)


def date_drafts(drafts: list[Draft], plan: ImportPlan) -> None:
    """Dates: the feed's pubDate, the notes' `date:`, what the recording says, or an estimate."""
    seasons: dict[int | None, list[tuple[Draft, DatedEpisode]]] = {}
    for draft in drafts:
        if draft.item is not None and draft.item.date is not None:
            draft.date, draft.date_how = draft.item.date, "feed"
        elif draft.notes_text is not None and draft.notes_text.date is not None:
            try:
                draft.date, draft.date_how = parse_date(draft.notes_text.date), "notes"
            except ValueError:
                plan.problems.warn(
                    str(draft.notes.path) if draft.notes else "notes",
                    None,
                    f"date: {draft.notes_text.date!r} is not a date; not used",
                )
        spoken = None
        if draft.date is None and draft.parsed is not None:
            spoken = find_spoken_date(opening_text(draft.parsed))
        if draft.date is not None:
            day = draft.date.date()
            spoken = SpokenDate(day.month, day.day, day.year)
        if draft.number is not None:
            seasons.setdefault(draft.season, []).append(
                (draft, DatedEpisode(number=draft.number, spoken=spoken, fixed=draft.date is not None))
            )
        elif draft.date is None and spoken is not None and spoken.year:
            draft.date = dt.datetime(spoken.year, spoken.month, spoken.day, tzinfo=dt.UTC)
            draft.date_how = "said"
    for dated in seasons.values():
        resolve_dates([d for _, d in dated])
        for draft, result in dated:
            if draft.date is not None or result.date is None:
                continue
            draft.date = dt.datetime(result.date.year, result.date.month, result.date.day, tzinfo=dt.UTC)
            draft.date_how = result.how
            draft.date_note = result.note
    for draft in drafts:
        if draft.date is None:
            draft.date = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
            draft.date_how = "estimated"
            draft.date_note = "estimated: the source gives no date; replace it with the publication date"
