"""What an import plans: the files to write, the episodes and where each part came from, the
leftovers for the report; `Draft` is an episode while the plan is being made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problems
from ..model import Transcript
from .dates import DATES_TO_CHECK, DateHow
from .feed import FeedItem
from .sources import Notes, SourceFile

EPISODES_DIR = "docs/episodes"


@dataclass
class PlannedFile:
    """One file the import writes: path relative to the site folder, and its bytes."""

    path: str
    content: bytes
    what: str  # "episode 12 page", "episode 12 transcript" (for the report)


@dataclass
class PlannedEpisode:
    """One episode of the import and where each part of it came from."""

    stem: str
    title: str
    date: dt.datetime
    date_how: DateHow
    number: int | None = None
    season: int | None = None
    guid: str | None = None
    item: FeedItem | None = None
    transcript: Path | None = None
    notes: Path | None = None
    date_note: str = ""  # why the date needs checking, when it was not given in full

    @property
    def label(self) -> str:
        if self.number is None:
            return f"{self.title!r}"
        return f"episode {self.number}" if self.season is None else f"season {self.season} episode {self.number}"


@dataclass
class Unpaired:
    """A source file left out of the import, and why (one report line)."""

    path: str
    reason: str


@dataclass
class ImportPlan:
    """Everything an import would do; `write.apply_plan` carries it out."""

    episodes: list[PlannedEpisode] = field(default_factory=list)
    files: list[PlannedFile] = field(default_factory=list)
    podcast: dict[str, Any] = field(default_factory=dict)  # extra.podcast settings from the feed
    site: dict[str, str] = field(default_factory=dict)  # site_name, site_url, site_description
    transcripts_unpaired: list[Unpaired] = field(default_factory=list)
    notes_unpaired: list[Unpaired] = field(default_factory=list)
    transcripts_extra: list[Unpaired] = field(default_factory=list)
    notes_extra: list[Unpaired] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files with other extensions
    skipped_existing: list[Unpaired] = field(default_factory=list)
    links_fixed: list[str] = field(default_factory=list)  # relative links of the old site made absolute
    problems: Problems = field(default_factory=Problems)
    #: What the old feed gets wrong that the new one would refuse or repeat, each with what to do.
    source_issues: list[str] = field(default_factory=list)
    #: podcast:transcript / podcast:chapters files kept as addresses (not downloaded).
    remote_files: list[str] = field(default_factory=list)
    #: How the show's podcast:guid was found (for the report and the moving guide).
    guid_note: str = ""
    #: The old feed's public address, when known: what the old host redirects to the new feed.
    old_feed_url: str | None = None
    #: Where a new site's address came from, when it was not given.
    site_note: str = ""

    @property
    def without_transcript(self) -> list[PlannedEpisode]:
        return [ep for ep in self.episodes if ep.transcript is None]

    @property
    def without_notes(self) -> list[PlannedEpisode]:
        """Episodes with no notes file and (for feed items) no description either."""
        return [
            ep
            for ep in self.episodes
            if ep.notes is None and not (ep.item and (ep.item.content_html or ep.item.description_html).strip())
        ]

    @property
    def has_audio(self) -> bool:
        """True when some imported episode has an audio file (a feed item with an enclosure)."""
        return any(ep.item is not None and ep.item.enclosure_url for ep in self.episodes)

    @property
    def dates_to_check(self) -> list[PlannedEpisode]:
        return [ep for ep in self.episodes if ep.date_how in DATES_TO_CHECK]


@dataclass
class Draft:
    """An episode while the plan is made."""

    number: int | None
    season: int | None
    item: FeedItem | None = None
    name_number: int | None = None  # a number in the title: names the file, pairs files, is never `number:`
    transcript: SourceFile | None = None
    notes: SourceFile | None = None
    parsed: Transcript | None = None
    notes_text: Notes | None = None
    title_candidates: list[str] = field(default_factory=list)
    date: dt.datetime | None = None
    date_how: DateHow = ""
    date_note: str = ""
