"""Pairing feed items, transcripts and show notes into episodes, and the files to write.

`build_plan` decides everything and writes nothing: each episode's stem, front
matter, notes and transcript copy become `PlannedFile`s; what could not be
paired is listed for the report. With a feed, its items are the episodes; without
one, each numbered transcript is an episode (dated from what the recording says).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import lxml.html
import yaml
from markdown.extensions.toc import slugify

from ..episodes import first_paragraph, parse_date
from ..errors import ContentError, Problems
from ..feed.build import podcast_guid
from ..frontmatter import split_front_matter
from ..model import Transcript
from ..timecode import format_clock, format_precise
from ..transcripts import TRANSCRIPT_EXTENSIONS, parse_transcript
from .categories import map_category
from .dates import DatedEpisode, SpokenDate, find_spoken_date, opening_text, resolve_dates
from .feed import FeedChannel, FeedChapter, FeedItem, FeedLink, is_url, parse_duration
from .remote import Fetcher
from .sources import Notes, SourceFile, number_in_title, read_notes, split_heading
from .text import html_text, looks_like_html, notes_markdown, plain_text, render

EPISODES_DIR = "docs/episodes"
_GENERIC_WORDS = {"episode", "ep", "no", "show", "notes", "transcript", "the"}


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
    date_how: str  # "feed" | "notes" | "said" | "year inferred" | "estimated"
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
        return [ep for ep in self.episodes if ep.date_how in ("year corrected", "year inferred", "estimated")]


# ---------------------------------------------------------------- helpers


def _yaml(value: Any) -> str:
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
    return _yaml(value.isoformat())


def format_duration(seconds: float) -> str:
    """`HH:MM:SS`, or `HH:MM:SS.mmm` when the feed gave a fraction of a second."""
    if abs(seconds - round(seconds)) < 0.0005:
        return format_clock(round(seconds))
    return format_precise(seconds)


def title_from_name(stem: str) -> str:
    """`001-intro-to-the-show` → `Intro to the show` (a title when nothing better exists)."""
    text = re.sub(r"^\s*(?:s\d+[ ._-]?e)?\d+", "", stem, flags=re.I)
    text = re.sub(r"[-_]+", " ", text).strip(" .")
    text = " ".join(text.split())
    return text[:1].upper() + text[1:] if text else ""


def clean_heading(heading: str) -> str:
    """`#469: Commands, out of the terminal!` → `Commands, out of the terminal!`."""
    text = re.sub(r"^\s*(?:episode|ep\.?)?\s*#?\d+\s*[:.\-–—|]\s+", "", heading, flags=re.I)
    text = re.sub(r"[*_]{2,}", "", text)
    return text.strip()


def _residual(title: str) -> str:
    """What a title says besides numbers and filler words (the show's name, for generic ones)."""
    words = re.findall(r"[a-z]+", title.lower())
    return " ".join(w for w in words if w not in _GENERIC_WORDS)


def _generic(title: str, number: int | None, common: set[str]) -> bool:
    """A title that only names the show and the number (`Python Bytes 179`)."""
    residual = _residual(title)
    if not residual or residual in common:
        return True
    says_number = number is not None and str(number) in re.findall(r"(?<![0-9])0*([0-9]+)", title)
    return bool(says_number and len(residual.split()) <= 3)


_TITLE_NUMBER = re.compile(r"^\s*(?:episode|ep\.?)?\s*#?0*([0-9]{1,9})\s*[:.\-–—|]?(?:\s+|$)", re.I)
_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9_/(][^\n\r\t#'\"\\{}\[\],&*!|>%@`]*$")
_RESOLVER = yaml.resolver.Resolver()


def title_slug(title: str, number: int | None = None) -> str:
    """The words of a title as a file name (`at-most-60-characters`), or "" when it has no Latin letters.

    A slug of digits alone (`101` from a Japanese title) names nothing, so it is
    dropped; so is the number when the stem already starts with it.
    """
    if number is not None:
        # "#12: Title", "Episode 12 - Title": the number is already in the stem
        match = _TITLE_NUMBER.match(title)
        if match and int(match.group(1)) == number:
            title = title[match.end() :]
    full = slugify(title, "-").strip("-")
    slug = full[:60].rstrip("-")
    if "-" in slug and len(full) > 60 and full[60] != "-":
        slug = slug.rsplit("-", 1)[0]
    return slug if re.search(r"[a-z]", slug) else ""


def make_stem(
    number: int | None,
    season: int | None,
    title: str,
    width: int,
    kind: str = "episode",
    date: dt.datetime | None = None,
    guid: str | None = None,
) -> str:
    """`012-title-words` (several seasons: `s02e012-...`); unnumbered: `title-words`.

    A title without Latin letters gives no words: the stem is the number alone,
    else the date (`2024-05-01`), else a short hash of the guid (`episode-1a2b3c4d`),
    so the name never depends on the order of the feed. An unnumbered stem with
    words never starts with a digit (`2024-recap` becomes `bonus-2024-recap`).
    """
    slug = title_slug(title, number)
    if number is None:
        if slug:
            return f"{kind}-{slug}" if slug[0].isdigit() else slug
        if date is not None:
            return date.strftime("%Y-%m-%d")
        digest = hashlib.sha1((guid or title).encode("utf-8")).hexdigest()[:8]  # noqa: S324 (a name, not security)
        return f"{kind}-{digest}"
    prefix = f"{number:0{width}d}"
    if season is not None:
        prefix = f"s{season:02d}e{prefix}"
    return f"{prefix}-{slug}" if slug else prefix


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


# ---------------------------------------------------------------- the plan


@dataclass
class _Draft:
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
    date_how: str = ""
    date_note: str = ""


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
    drafts = _episodes_from(feed, transcripts, plan)
    _pair(drafts, transcripts, "transcript", plan)
    _pair(drafts, notes, "notes", plan)
    _read_sources(drafts, plan)
    _date(drafts, plan)
    _settings(feed, plan, title, site_url, feed_url, fetcher)
    _source_issues(drafts, feed, plan, fetcher)
    _write(drafts, site_dir, plan, feed, fetcher, progress)
    return plan


def _episodes_from(feed: FeedChannel | None, transcripts: list[SourceFile], plan: ImportPlan) -> list[_Draft]:
    drafts: list[_Draft] = []
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
            drafts.append(_Draft(number=item.number, season=item.season, item=item, name_number=named))
        return drafts
    numbers = sorted({(f.season or 0, f.number) for f in transcripts if f.number is not None})
    for season, number in numbers:
        drafts.append(_Draft(number=number, season=season or None))
    return drafts


def _pair(drafts: list[_Draft], files: list[SourceFile], kind: str, plan: ImportPlan) -> None:
    """Give each episode its transcript (or notes) file; list the files left over."""
    unpaired = plan.transcripts_unpaired if kind == "transcript" else plan.notes_unpaired
    extra = plan.transcripts_extra if kind == "transcript" else plan.notes_extra
    order = TRANSCRIPT_EXTENSIONS if kind == "transcript" else (".md", ".markdown", ".html", ".htm")
    by_number: dict[int, list[_Draft]] = {}
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
            extra.append(Unpaired(str(other.path), f"{_draft_label(draft)} already uses {chosen.name}"))


def _draft_label(draft: _Draft) -> str:
    if draft.number is None:
        return repr(draft.item.title) if draft.item else "an episode"
    return f"episode {draft.number}" if draft.season is None else f"season {draft.season} episode {draft.number}"


def _read_sources(drafts: list[_Draft], plan: ImportPlan) -> None:
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


def _date(drafts: list[_Draft], plan: ImportPlan) -> None:
    """Dates: the feed's pubDate, the notes' `date:`, what the recording says, or an estimate."""
    seasons: dict[int | None, list[tuple[_Draft, DatedEpisode]]] = {}
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


_NAMES_JPEG_OR_PNG = re.compile(r"\.(?:jpe?g|png)$", re.I)
_JPEG_OR_PNG = ("image/jpeg", "image/jpg", "image/png")


def show_guid(feed: FeedChannel, feed_url: str | None = None) -> tuple[str | None, str]:
    """The show's podcast:guid and how it was found.

    The old feed's own `podcast:guid` is kept. Without one, apps and the podcast
    index know the show by its old address: the guid is derived from it (the
    Podcasting 2.0 rule, UUIDv5 of the URL without scheme and trailing slashes),
    taken from `atom:link rel="self"`, else the address the feed was read from.
    """
    if feed.guid:
        return feed.guid, "kept from the old feed's podcast:guid"
    for url, where in (
        (feed.self_url, "the old feed's own address (atom:link rel=self)"),
        (feed_url, "the old feed's address given with --feed-url"),
        (feed.source_url, "the address given to --feed"),
    ):
        if url and is_url(url):
            return podcast_guid(url), f"derived from {where} {url}"
    return None, ""


def _settings(
    feed: FeedChannel | None,
    plan: ImportPlan,
    title: str | None,
    site_url: str | None,
    feed_url: str | None = None,
    fetcher: Fetcher | None = None,
) -> None:
    """`extra.podcast` values from the channel (only written where mkdocs.yml lacks them)."""
    podcast: dict[str, Any] = {}
    if feed is not None:
        if feed.title:
            podcast["title"] = feed.title
        if feed.description:
            podcast["description"] = plain_text(feed.description)
        if feed.author:
            podcast["author"] = feed.author
        if feed.owner_name or feed.owner_email:
            owner = {}
            if feed.owner_name:
                owner["name"] = feed.owner_name
            if feed.owner_email:
                owner["email"] = feed.owner_email
            podcast["owner"] = owner
        if feed.image:
            podcast["image"] = feed.image
        if feed.language:
            podcast["language"] = feed.language
        categories = _categories(feed, plan)
        if categories:
            podcast["categories"] = categories
        else:
            plan.source_issues.append(
                f"{feed.path}: the old feed names no Apple Podcasts category: set extra.podcast.categories "
                '(like ["Technology"]); Apple requires one'
            )
        if not feed.image:
            plan.source_issues.append(
                f"{feed.path}: the old feed has no cover art (itunes:image): set extra.podcast.image to a square "
                "1400-3000 px JPEG or PNG; podcast directories require one"
            )
        if feed.explicit is not None:
            podcast["explicit"] = feed.explicit
        if feed.copyright:
            podcast["copyright"] = feed.copyright
        if feed.show_type:
            podcast["type"] = feed.show_type
        plan.old_feed_url = next((u for u in (feed.self_url, feed_url, feed.source_url) if u and is_url(u)), None)
        guid, how = show_guid(feed, feed_url)
        if guid:
            podcast["guid"] = guid
            plan.guid_note = f"podcast:guid {guid}: {how}; kept as extra.podcast.guid, so it never changes again"
        else:
            plan.source_issues.append(
                f"{feed.path}: the old feed has no podcast:guid and names no address of its own (atom:link rel=self): "
                "run the import again with --feed-url <the old feed's address>, so apps and the podcast index "
                "keep knowing the show"
            )
        if feed.image and fetcher is not None and not _NAMES_JPEG_OR_PNG.search(feed.image.split("?", 1)[0]):
            head = fetcher.head(feed.image, feed.path, None)
            if head is not None and head.content_type not in _JPEG_OR_PNG:
                plan.source_issues.append(
                    f"{feed.path}: the cover art {feed.image} is {head.content_type or 'of no stated type'}: "
                    "podcast apps need a JPEG or PNG; set extra.podcast.image to one"
                )
        if feed.locked is not None:
            podcast["locked"] = feed.locked
    if title and "title" not in podcast:
        podcast["title"] = title
    plan.podcast = podcast
    site: dict[str, str] = {}
    name = podcast.get("title") or title
    if name:
        site["site_name"] = name
    url = site_url or (feed.link if feed is not None else None)
    if url:
        site["site_url"] = url if url.endswith("/") else url + "/"
        if not site_url:
            plan.site_note = (
                f"site_url {site['site_url']} is the old feed's <link>: for a new site written by this import, "
                "pass --site-url with the new site's address if it lives elsewhere"
            )
    if podcast.get("description"):
        site["site_description"] = podcast["description"]
    plan.site = site


def _categories(feed: FeedChannel, plan: ImportPlan) -> list[str]:
    """The feed's categories on Apple's list: close names mapped, the others reported."""
    out: list[str] = []
    for category in feed.categories:
        mapped, how = map_category(category)
        if mapped is None:
            plan.source_issues.append(
                f"{feed.path}: category {category!r} is not one of Apple's: left out; "
                'set extra.podcast.categories to one of Apple\'s (like "Technology" or "Education > How To")'
            )
            continue
        if how:
            plan.source_issues.append(f"{feed.path}: category {category!r} written as {mapped!r} ({how})")
        if mapped not in out:
            out.append(mapped)
    return out


def _source_issues(drafts: list[_Draft], feed: FeedChannel | None, plan: ImportPlan, fetcher: Fetcher | None) -> None:
    """What the old feed gets wrong that `--strict` would refuse: numbers used twice, items without
    audio or length. A missing length is asked of the host with `--fetch`."""
    if feed is None:
        return
    seen: dict[tuple[int | None, int], FeedItem] = {}
    for draft in drafts:
        item = draft.item
        if item is None:
            continue
        if item.number is not None:
            key = (item.season, item.number)
            if key in seen:
                plan.source_issues.append(
                    f"{feed.path}:{item.line}: itunes:episode {item.number} is used again (first at line "
                    f"{seen[key].line}): apps sort and show them as one; give one of them its own number "
                    "in its page's `number:`, or remove `number:` from a bonus episode"
                )
            else:
                seen[key] = item
        if item.image and fetcher is not None and not _NAMES_JPEG_OR_PNG.search(item.image.split("?", 1)[0]):
            head = fetcher.head(item.image, feed.path, item.line)
            if head is not None and head.content_type not in _JPEG_OR_PNG:
                plan.source_issues.append(
                    f"{feed.path}:{item.line}: {item.title!r}: its art {item.image} is "
                    f"{head.content_type or 'of no stated type'}, not JPEG or PNG: left out (the show's cover is used)"
                )
                item.image = None
        if not item.enclosure_url:
            plan.source_issues.append(
                f"{feed.path}:{item.line}: {item.title!r} has no audio (<enclosure>): the page is imported, the "
                "feed leaves it out; add `audio: {url: ...}` or mark it `draft: true`"
            )
            continue
        if not item.enclosure_length:
            if fetcher is not None:
                head = fetcher.head(item.enclosure_url, feed.path, item.line)
                if head is not None and head.length:
                    item.enclosure_length = head.length
                    plan.source_issues.append(
                        f"{feed.path}:{item.line}: {item.title!r}: the enclosure length was missing; "
                        f"{head.length} bytes, as the host says, is written"
                    )
                    continue
            plan.source_issues.append(
                f"{feed.path}:{item.line}: {item.title!r} has no enclosure length: podcast apps need the size of "
                "the audio; run the import with --fetch to ask the host, or add `length:` (bytes) under `audio:`"
            )


def _titles(drafts: list[_Draft]) -> None:
    """Each episode's title: the feed's, else the notes heading, else a file name, else `Episode N`."""
    for draft in drafts:
        cands: list[str] = []
        if draft.item is not None and draft.item.title.strip():
            cands.append(draft.item.title.strip())
        if draft.notes_text is not None:
            if draft.notes_text.title:
                cands.append(draft.notes_text.title.strip())
            if draft.notes_text.heading:
                cands.append(clean_heading(draft.notes_text.heading))
        if draft.transcript is not None:
            cands.append(title_from_name(draft.transcript.path.stem))
        if draft.notes is not None:
            cands.append(title_from_name(draft.notes.path.stem))
        draft.title_candidates = [c for c in cands if c]
    counts = Counter(
        residual
        for draft in drafts
        for residual in {_residual(c) for c in draft.title_candidates[1 if draft.item else 0 :]}
        if residual
    )
    common = {residual for residual, n in counts.items() if n >= 3}
    for draft in drafts:
        if draft.item is not None and draft.item.title.strip():
            draft.title_candidates = [draft.item.title.strip()]
            continue
        usable = [c for c in draft.title_candidates if not _generic(c, draft.number, common)]
        fallback = f"Episode {draft.number}" if draft.number is not None else "Untitled episode"
        draft.title_candidates = [usable[0] if usable else fallback]


def _front_matter(
    draft: _Draft,
    title: str,
    description: str | None,
    chapters: list[FeedChapter],
    stem: str = "",
    remote: list[str] | None = None,
) -> str:
    lines = ["---", f"title: {_yaml(title)}"]
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
            lines.append(f"guid: {_yaml(item.guid)}")
        elif item.enclosure_url:
            # apps that met the episode without a guid know it by its enclosure URL
            lines.append(f"guid: {_yaml(item.enclosure_url)}")
        if item.enclosure_url:
            lines.append("audio:")
            lines.append(f"  url: {_yaml(item.enclosure_url)}")
            if item.enclosure_length is not None:
                lines.append(f"  length: {item.enclosure_length}")
            if item.enclosure_type:
                lines.append(f"  type: {_yaml(item.enclosure_type)}")
        if item.duration is not None:
            lines.append(f'duration: "{format_duration(item.duration)}"')
        if item.image:
            lines.append(f"image: {_yaml(item.image)}")
        if item.hosts:
            lines.append(f"hosts: {_yaml(item.hosts)}")
        if item.guests:
            lines.append(f"guests: {_yaml(item.guests)}")
    if chapters:
        lines.extend(_chapter_lines(chapters))
    if description:
        lines.append(f"description: {_yaml(description)}")
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


def _body(draft: _Draft) -> tuple[str, str | None, list[FeedChapter]]:
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
            lines.append(f"    title: {_yaml(chapter.title)}")
            lines.append(f"    url: {_yaml(chapter.url)}")
        else:
            lines.append(f"  - {_yaml(f'{start} {chapter.title}')}")
    return lines


# A bare domain (`caniuse.com`, `docs.python.org/3/`); a file name (`notes.html`) is not one.
_FILE_SUFFIXES = (
    "html?|php|aspx?|jsp|md|markdown|txt|pdf|json|xml|rss|jpe?g|png|gif|webp|svg|mp3|m4a|mp4|ogg|opus|vtt|srt|zip"
)
_DOMAIN = re.compile(
    rf"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?!(?:{_FILE_SUFFIXES})(?:[/?#]|$))[a-z]{{2,}}(?:[/?#]|$)", re.I
)


_RELATIVE_LINK = re.compile(r"\]\(\s*<?(?![a-z][a-z0-9+.-]*:|#|//)", re.I)


class SourceLines:
    """Line numbers of text in source files, each file read and split once per import."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str]] = {}

    def find(self, source: str, target: str, fallback: str) -> int | None:
        if source not in self._lines:
            path = Path(source)
            text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else fallback
            self._lines[source] = text.split("\n")
        lines = self._lines[source]
        for needle in (f"]({target}", target):
            for number, line in enumerate(lines, 1):
                if needle in line:
                    return number
        return None


def fix_links(
    body: str, base: str | None, pages: set[str], source: str, plan: ImportPlan, lines: SourceLines | None = None
) -> str:
    """Make the notes' links work on the new site.

    A relative link to another episode page of the site stays. A bare domain
    (`caniuse.com`, `matplotlib.org/stable`) gets `https://`. Any other relative
    link pointed into the old site: it becomes absolute against the old page's
    address (`base`); without one it is reported. Links are found in the
    rendered Markdown, so code blocks and escaped brackets are left alone.
    """
    if not _RELATIVE_LINK.search(body):
        return body  # no `](target)` that is not absolute: nothing to render and check
    root = lxml.html.fragment_fromstring(render(body), create_parent="div")
    targets = {el.get("href") for el in root.iter("a")} | {el.get("src") for el in root.iter("img")}
    relative = sorted(
        t
        for t in targets
        if t
        and not re.match(r"^[a-z][a-z0-9+.-]*:", t, re.I)
        and not t.startswith(("#", "//"))
        and t.split("#", 1)[0].split("?", 1)[0] not in pages
    )
    if not relative:
        return body
    lines = lines or SourceLines()
    for target in relative:
        line = lines.find(source, target, body)
        if _DOMAIN.match(target):
            new = "https://" + target
        elif base:
            new = urljoin(base, target)
        else:
            plan.problems.warn(
                source, line, f"link `{target}` points at a file of the old site; make it an absolute https:// link"
            )
            continue
        body = re.sub(rf"\]\({re.escape(target)}(?=[)\s])", f"]({new}", body)
        plan.links_fixed.append(f"{source}{':' + str(line) if line else ''}: `{target}` written as `{new}`")
    return body


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


def _remote_parts(
    draft: _Draft, stem: str, label: str, feed_path: str, plan: ImportPlan, fetcher: Fetcher | None
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


def _write(
    drafts: list[_Draft],
    site_dir: Path,
    plan: ImportPlan,
    feed: FeedChannel | None,
    fetcher: Fetcher | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    _titles(drafts)
    pages = existing_pages(site_dir)
    by_guid = {p.guid: p for p in pages if p.guid}
    by_number = {(p.season, p.number): p for p in pages if p.number is not None}
    numbers = [n for d in drafts if (n := d.number if d.number is not None else d.name_number) is not None]
    width = max(3, len(str(max(numbers)))) if numbers else 3
    seasonal = len({d.season for d in drafts if d.season is not None}) > 1
    used: set[str] = set()
    planned: list[tuple[_Draft, PlannedEpisode]] = []
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
                    f"{_draft_label(draft)} is already in the site with guid {same_number.guid!r}; not imported",
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
        body, description, chapters = _body(draft)
        notes_path = str(draft.notes.path) if draft.notes else (feed.path if feed else "notes")
        link_base = (draft.item.link if draft.item else None) or (feed.link if feed else None)
        body = fix_links(body, link_base, pages_in_site, notes_path, plan, lines)
        remote, json_chapters, fetched = _remote_parts(draft, stem, episode.label, feed_path, plan, fetcher)
        text = _front_matter(draft, episode.title, description, chapters or json_chapters, stem, remote) + body
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
