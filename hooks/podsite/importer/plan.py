"""Pairing feed items, transcripts and show notes into episodes, and the files to write.

`build_plan` decides everything and writes nothing: each episode's stem, front
matter, notes and transcript copy become `PlannedFile`s; what could not be
paired is listed for the report. With a feed, its items are the episodes; without
one, each numbered transcript is an episode (dated from what the recording says).

The steps live beside this module, one concern each: `planned` (the plan's data),
`pairing` (sources into episodes, dates), `naming` (titles, stems), `channel` (show
settings, the old feed's issues), `page` (front matter and notes), `links` (notes'
links), `linkedfiles` (podcast:transcript and podcast:chapters). Their public names
are importable from here too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import Problems
from .channel import feed_issues, show_guid, show_settings
from .feed import FeedChannel
from .linkedfiles import parse_chapters_json, remote_parts
from .links import SourceLines, fix_links
from .naming import choose_titles, clean_heading, make_stem, title_from_name, title_slug
from .page import format_date, format_duration, front_matter, page_body, split_chapter_list, yaml_scalar
from .pairing import ExistingPage, date_drafts, draft_label, drafts_from, existing_pages, pair_files, read_sources
from .planned import EPISODES_DIR, Draft, ImportPlan, PlannedEpisode, PlannedFile, Unpaired
from .remote import Fetcher
from .sources import SourceFile

#: The name the page module's `yaml_scalar` had here.
_yaml = yaml_scalar

__all__ = [
    "EPISODES_DIR",
    "ExistingPage",
    "ImportPlan",
    "PlannedEpisode",
    "PlannedFile",
    "SourceLines",
    "Unpaired",
    "build_plan",
    "clean_heading",
    "existing_pages",
    "fix_links",
    "format_date",
    "format_duration",
    "make_stem",
    "parse_chapters_json",
    "show_guid",
    "split_chapter_list",
    "title_from_name",
    "title_slug",
    "yaml_scalar",
]


def build_plan(
    site_dir: Path,
    feed: FeedChannel | None,
    transcripts: list[SourceFile],
    notes: list[SourceFile],
    problems: Problems | None = None,
    title: str | None = None,
    site_url: str | None = None,
    feed_url: str | None = None,
    fetcher: Fetcher | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Pair the sources into episodes and describe every file to write.

    `title` and `site_url` fill in for a feed's channel title and link (they are
    needed when there is no feed and the site has no mkdocs.yml yet). `feed_url`
    is the old feed's public address when the feed was read from a file (the
    show's podcast:guid is derived from it). With a `fetcher` (`--fetch`),
    transcripts and chapters the feed links to are downloaded, and missing
    enclosure lengths and image types are asked of the host. `progress(done,
    total)` is called as pages are planned.
    """
    plan = ImportPlan(problems=problems or Problems())
    drafts = drafts_from(feed, transcripts, plan)
    pair_files(drafts, transcripts, "transcript", plan)
    pair_files(drafts, notes, "notes", plan)
    read_sources(drafts, plan)
    date_drafts(drafts, plan)
    show_settings(feed, plan, title, site_url, feed_url, fetcher)
    feed_issues(drafts, feed, plan, fetcher)
    _write(drafts, site_dir, plan, feed, fetcher, progress)
    return plan


def _write(
    drafts: list[Draft],
    site_dir: Path,
    plan: ImportPlan,
    feed: FeedChannel | None,
    fetcher: Fetcher | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    choose_titles(drafts)
    pages = existing_pages(site_dir)
    by_guid = {p.guid: p for p in pages if p.guid}
    by_number = {(p.season, p.number): p for p in pages if p.number is not None}
    numbers = [n for d in drafts if (n := d.number if d.number is not None else d.name_number) is not None]
    width = max(3, len(str(max(numbers)))) if numbers else 3
    seasonal = len({d.season for d in drafts if d.season is not None}) > 1
    used: set[str] = set()
    planned: list[tuple[Draft, PlannedEpisode]] = []
    order = sorted(
        drafts,
        key=lambda d: (
            d.season or 0,
            d.number if d.number is not None else d.name_number if d.name_number is not None else 10**9,
            d.date,
            d.title_candidates[0],
        ),
    )
    for draft in order:
        title = draft.title_candidates[0]
        assert draft.date is not None
        guid = draft.item.guid if draft.item and draft.item.guid else (draft.item.enclosure_url if draft.item else None)
        existing = by_guid.get(guid) if guid else None
        same_number = by_number.get((draft.season, draft.number)) if draft.number is not None else None
        if existing is None and same_number is not None and same_number.guid is None:
            existing = same_number  # a page without a guid: the same episode, by its number
        stem = (
            existing.stem
            if existing
            else make_stem(
                draft.number if draft.number is not None else draft.name_number,
                draft.season if seasonal else None,
                title,
                width,
                (draft.item.episode_type if draft.item and draft.item.episode_type else "episode"),
                date=draft.date if draft.date_how == "feed" else None,
                guid=guid,
            )
        )
        base, n = stem, 1
        while stem in used:
            n += 1
            stem = f"{base}-{n}"
        used.add(stem)
        if existing is None and same_number is not None and same_number.guid != guid:
            plan.skipped_existing.append(
                Unpaired(
                    f"{EPISODES_DIR}/{same_number.stem}.md",
                    f"{draft_label(draft)} is already in the site with guid {same_number.guid!r}; not imported",
                )
            )
            continue
        episode = PlannedEpisode(
            stem=stem,
            title=title,
            date=draft.date,
            date_how=draft.date_how,
            number=draft.number,
            season=draft.season,
            guid=guid,
            item=draft.item,
            transcript=draft.transcript.path if draft.transcript else None,
            notes=draft.notes.path if draft.notes else None,
            date_note=draft.date_note,
        )
        plan.episodes.append(episode)
        planned.append((draft, episode))
    pages_in_site = {f"{p.stem}.md" for p in pages} | {f"{ep.stem}.md" for _, ep in planned}
    lines = SourceLines()
    feed_path = feed.path if feed else "feed"
    for done, (draft, episode) in enumerate(planned, 1):
        stem = episode.stem
        body, description, chapters = page_body(draft)
        notes_path = str(draft.notes.path) if draft.notes else (feed.path if feed else "notes")
        link_base = (draft.item.link if draft.item else None) or (feed.link if feed else None)
        body = fix_links(body, link_base, pages_in_site, notes_path, plan, lines)
        remote, json_chapters, fetched = remote_parts(draft, stem, episode.label, feed_path, plan, fetcher)
        text = front_matter(draft, episode.title, description, chapters or json_chapters, stem, remote) + body
        plan.files.append(PlannedFile(f"{EPISODES_DIR}/{stem}.md", text.encode("utf-8"), f"{episode.label} page"))
        if fetched is not None:
            plan.files.append(fetched)
        if progress is not None:
            progress(done, len(planned))
        if draft.transcript is not None:
            ext = draft.transcript.path.suffix.lower()
            plan.files.append(
                PlannedFile(
                    f"{EPISODES_DIR}/{stem}{ext}", draft.transcript.path.read_bytes(), f"{episode.label} transcript"
                )
            )
