"""Importing an existing show: a feed, transcripts and show notes into a site, in one step.

    plan = plan_import(site_dir, feed="old.xml", transcripts=Path("t"), notes=Path("n"))
    edit = fill_podcast_settings(text, plan.podcast)       # config.py: an existing mkdocs.yml, only absent keys
    files, notes = new_site_files(project_dir, site_dir, plan)  # or a new one (`feed: false` without audio)
    actions = apply_plan(plan.files + files, site_dir)    # write.py: keeps producers' edits
    print("\\n".join(notes + report_lines(plan, actions)))

`scripts/import_show.py` is the command-line front end. Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ContentError, Problems
from .config import ConfigEdit, fill_podcast_settings, new_site_config, new_site_index
from .feed import FeedChannel, FeedItem, read_feed
from .plan import build_plan
from .planned import ImportPlan, PlannedEpisode, PlannedFile, Unpaired
from .remote import Fetcher
from .sources import SourceFile, scan_notes, scan_transcripts
from .write import STATE_FILE, FileAction, apply_plan

__all__ = [
    "STATE_FILE",
    "ConfigEdit",
    "FeedChannel",
    "FeedItem",
    "FileAction",
    "ImportPlan",
    "PlannedEpisode",
    "PlannedFile",
    "SourceFile",
    "Unpaired",
    "apply_plan",
    "build_plan",
    "fill_podcast_settings",
    "new_site_config",
    "new_site_files",
    "new_site_index",
    "new_site_podcast",
    "plan_import",
    "read_feed",
    "report_lines",
]


def plan_import(
    site_dir: Path,
    feed: str | None = None,
    transcripts: Path | None = None,
    notes: Path | None = None,
    title: str | None = None,
    site_url: str | None = None,
    problems: Problems | None = None,
    feed_url: str | None = None,
    fetch: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Read the sources (any of them may be left out) and plan the import into `site_dir`.

    `feed_url` is the old feed's public address when `feed` is a saved file;
    `fetch` lets the import ask the old host (transcripts, chapters, lengths).
    Raises `ContentError` when the feed cannot be read or a folder does not exist.
    """
    problems = problems if problems is not None else Problems()
    channel = read_feed(feed, problems) if feed else None
    transcript_files: list[SourceFile] = []
    notes_files: list[SourceFile] = []
    ignored: list[str] = []
    for folder, scan, out in ((transcripts, scan_transcripts, transcript_files), (notes, scan_notes, notes_files)):
        if folder is None:
            continue
        if not folder.is_dir():
            raise ContentError(str(folder), None, "folder not found (give the folder that holds the files)")
        found, other = scan(folder)
        out.extend(found)
        ignored.extend(str(p) for p in other)
    plan = build_plan(
        site_dir,
        channel,
        transcript_files,
        notes_files,
        problems,
        title=title,
        site_url=site_url,
        feed_url=feed_url,
        fetcher=Fetcher(problems) if fetch else None,
        progress=progress,
    )
    plan.ignored = ignored
    return plan


NO_FEED_NOTE = (
    "no episode has audio: the site is published without a feed; set extra.podcast.feed when audio URLs are added"
)


def new_site_podcast(plan: ImportPlan) -> tuple[dict[str, Any], list[str]]:
    """`extra.podcast` for a new mkdocs.yml, and report lines about it.

    The feed's show settings; with no audio in any imported episode (no feed, or
    items without enclosures) also `feed: false`, since a podcast feed without
    audio is refused by every directory.
    """
    podcast = dict(plan.podcast)
    if plan.has_audio:
        return podcast, []
    podcast["feed"] = False
    return podcast, [f"mkdocs.yml: {NO_FEED_NOTE}"]


def new_site_files(project_dir: Path, site_dir: Path, plan: ImportPlan) -> tuple[list[PlannedFile], list[str]]:
    """`mkdocs.yml` (and `docs/index.md` when absent) for a site folder that has no mkdocs.yml yet.

    `project_dir` is this project (its theme and hooks are used). Returns the files
    to write and report lines; `plan.site` must give `site_name` and `site_url`.
    """
    podcast, notes = new_site_podcast(plan)
    files = [
        PlannedFile("mkdocs.yml", new_site_config(project_dir, plan.site, podcast).encode("utf-8"), "site settings")
    ]
    if not (site_dir / "docs" / "index.md").exists():
        files.append(PlannedFile("docs/index.md", new_site_index(plan.site).encode("utf-8"), "home page"))
    return files, notes


def report_lines(plan: ImportPlan, actions: list[FileAction] | None = None, verbose: bool = False) -> list[str]:
    """The import report: what was written or kept, and everything that could not be paired."""
    out: list[str] = []
    if actions is not None:
        counts: dict[str, int] = {}
        for action in actions:
            counts[action.action] = counts.get(action.action, 0) + 1
            if verbose or not action.action.startswith(("unchanged", "create", "update")):
                out.append(f"{action.action}: {action.path} ({action.what})")
        summary = ", ".join(f"{n} {name.split(' (')[0]}" for name, n in sorted(counts.items()))
        out.append(f"files: {summary or 'none planned'}")
    out.append(f"episodes: {len(plan.episodes)}")
    if plan.guid_note:
        out.append(plan.guid_note)
    if plan.site_note:
        out.append(plan.site_note)
    if plan.old_feed_url:
        new_feed = f"{plan.site['site_url']}feed.xml" if plan.site.get("site_url") else "the new site's feed.xml"
        out.append(
            f"moving: once the new site is up, have the old host redirect {plan.old_feed_url} (HTTP 301) to "
            f"{new_feed}, and set <itunes:new-feed-url> there if it offers it (README: Moving a show)"
        )

    def section(title: str, rows: list[str]) -> None:
        if rows:
            out.append(f"{title} ({len(rows)}):")
            out.extend(f"  {row}" for row in rows)

    section("transcripts with no episode", [f"{u.path}: {u.reason}" for u in plan.transcripts_unpaired])
    section("show notes with no episode", [f"{u.path}: {u.reason}" for u in plan.notes_unpaired])
    section("episodes with no transcript", [f"{ep.label} ({ep.stem})" for ep in plan.without_transcript])
    section("episodes with no show notes", [f"{ep.label} ({ep.stem})" for ep in plan.without_notes])
    section(
        "dates to check (not said in full, or out of order)",
        [f"{ep.label}: {ep.date:%Y-%m-%d}: {ep.date_note}" for ep in plan.dates_to_check],
    )
    section("links in the show notes made absolute", plan.links_fixed)
    section("episodes already in the site, not imported", [f"{u.path}: {u.reason}" for u in plan.skipped_existing])
    if verbose:
        section(
            "second files for an episode, not copied",
            [f"{u.path}: {u.reason}" for u in plan.transcripts_extra + plan.notes_extra],
        )
    elif plan.transcripts_extra or plan.notes_extra:
        out.append(
            f"second files for an episode, not copied: {len(plan.transcripts_extra) + len(plan.notes_extra)} (list them with --verbose)"
        )
    section("files with other extensions, not read", plan.ignored)
    section("the old feed: what to fix (the new feed would refuse or repeat it)", plan.source_issues)
    section("files on the old host, not copied", plan.remote_files)
    section("problems in the sources", [str(p) for p in plan.problems])
    return out
