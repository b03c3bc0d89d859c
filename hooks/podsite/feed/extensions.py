"""feedgen extensions for the podcast feed, registered with `register_extension`.

feedgen 1.0 has gaps a podcast feed cannot live with: its iTunes extension writes
`itunes:explicit` only as yes/no/clean (Apple now expects `true`/`false`), drops a
channel image it does not like without a word, skips episode or season 0, and has
no Podcasting 2.0 or Podlove tags; `lastBuildDate` is the build's clock time. These
extensions replace the iTunes one and add the rest, each validating values when
they are set, so a wrong value fails loudly before any XML is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import formatRFC2822
from lxml import etree

from ..artwork import remote_image_problem
from ..kinds import EPISODE_TYPES, SHOW_TYPES, EpisodeType, ShowType
from .namespaces import ITUNES, PODCAST, PSC

_ABSOLUTE_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


class FeedValueError(ValueError):
    """A value the feed cannot carry (wrong type, relative URL, unknown keyword)."""


def _sub(parent: etree._Element, ns: str, tag: str, value: str | None = None, /, **attrs: str | None) -> etree._Element:
    """A child element `ns:tag` with text `value` and the attributes that are not None."""
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", {k: v for k, v in attrs.items() if v is not None})
    if value is not None:
        element.text = value
    return element


def _bool(value: bool) -> str:
    return "true" if value else "false"


def check_url(value: str, what: str) -> str:
    """An absolute http(s) URL, or `FeedValueError` naming `what`."""
    if not isinstance(value, str) or not _ABSOLUTE_URL.match(value):
        raise FeedValueError(f"{what}: {value!r} is not an absolute http(s) URL")
    return value


def check_image_url(value: str) -> str:
    """An artwork URL (show or episode): absolute, and not naming a format other than JPEG or PNG.

    A query string or a path without a suffix is allowed (`cover.jpg?v=1`, an
    image service's address): the format is judged by what the path names.
    """
    if not isinstance(value, str) or not _ABSOLUTE_URL.match(value) or remote_image_problem(value):
        raise FeedValueError(f"image {value!r} must be an absolute URL of a JPEG or PNG file")
    return value


# --- iTunes ---------------------------------------------------------------


class ItunesExtension(BaseExtension):
    """Channel `itunes:` tags, with `itunes:explicit` as `true`/`false`."""

    def __init__(self) -> None:
        self.author: str | None = None
        self.image: str | None = None
        self.categories: list[list[str]] = []
        self.explicit: bool = False
        self.owner: tuple[str, str] | None = None
        self.show_type: ShowType = "episodic"

    def extend_ns(self) -> dict[str, str]:
        return {"itunes": ITUNES}

    def set_image(self, url: str) -> None:
        self.image = check_image_url(url)

    def set_categories(self, categories: list[list[str]]) -> None:
        """`[["Technology"], ["Education", "How To"]]`: a main category and an optional sub."""
        for category in categories:
            if not 1 <= len(category) <= 2 or not all(isinstance(c, str) and c for c in category):
                raise FeedValueError(f"category {category!r} must be [main] or [main, sub]")
        self.categories = [list(c) for c in categories]

    def set_explicit(self, explicit: bool) -> None:
        if not isinstance(explicit, bool):
            raise FeedValueError(f"explicit must be true or false, not {explicit!r}")
        self.explicit = explicit

    def set_owner(self, name: str, email: str) -> None:
        self.owner = (name, email) if name or email else None

    def set_type(self, show_type: ShowType) -> None:
        if show_type not in SHOW_TYPES:
            raise FeedValueError(f"show type {show_type!r} must be one of {', '.join(SHOW_TYPES)}")
        self.show_type = show_type

    def extend_rss(self, feed: etree._Element) -> etree._Element:
        channel = feed[0]
        if self.author:
            _sub(channel, ITUNES, "author", self.author)
        if self.image:
            _sub(channel, ITUNES, "image", href=self.image)
        mains: dict[str, etree._Element] = {}
        for category in self.categories:
            main = mains.get(category[0])
            if main is None:
                main = mains[category[0]] = _sub(channel, ITUNES, "category", text=category[0])
            if len(category) == 2:
                _sub(main, ITUNES, "category", text=category[1])
        _sub(channel, ITUNES, "explicit", _bool(self.explicit))
        if self.owner:
            owner = _sub(channel, ITUNES, "owner")
            if self.owner[0]:
                _sub(owner, ITUNES, "name", self.owner[0])
            if self.owner[1]:
                _sub(owner, ITUNES, "email", self.owner[1])
        _sub(channel, ITUNES, "type", self.show_type)
        return feed


class ItunesEntryExtension(BaseEntryExtension):
    """Item `itunes:` tags: duration in whole seconds, numbers (0 allowed), type, explicit."""

    def __init__(self) -> None:
        self.duration: int | None = None
        self.episode: int | None = None
        self.season: int | None = None
        self.episode_type: EpisodeType = "full"
        self.explicit: bool | None = None
        self.image: str | None = None

    def set_image(self, url: str) -> None:
        self.image = check_image_url(url)

    def set_duration(self, seconds: float | None) -> None:
        if seconds is not None and (isinstance(seconds, bool) or seconds < 0):
            raise FeedValueError(f"duration {seconds!r} must be a number of seconds")
        self.duration = None if seconds is None else int(round(seconds))

    def set_numbers(self, episode: int | None, season: int | None) -> None:
        for name, value in (("episode", episode), ("season", season)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise FeedValueError(f"{name} number {value!r} must be a whole number")
        self.episode, self.season = episode, season

    def set_type(self, episode_type: EpisodeType) -> None:
        if episode_type not in EPISODE_TYPES:
            raise FeedValueError(f"episode type {episode_type!r} must be one of {', '.join(EPISODE_TYPES)}")
        self.episode_type = episode_type

    def set_explicit(self, explicit: bool | None) -> None:
        if explicit is not None and not isinstance(explicit, bool):
            raise FeedValueError(f"explicit must be true or false, not {explicit!r}")
        self.explicit = explicit

    def extend_rss(self, entry: etree._Element) -> etree._Element:
        if self.duration is not None:
            _sub(entry, ITUNES, "duration", str(self.duration))
        if self.episode is not None:
            _sub(entry, ITUNES, "episode", str(self.episode))
        if self.season is not None:
            _sub(entry, ITUNES, "season", str(self.season))
        _sub(entry, ITUNES, "episodeType", self.episode_type)
        if self.explicit is not None:
            _sub(entry, ITUNES, "explicit", _bool(self.explicit))
        if self.image:
            _sub(entry, ITUNES, "image", href=self.image)
        return entry


# --- Podcasting 2.0 -------------------------------------------------------


@dataclass(frozen=True)
class TranscriptLink:
    url: str
    type: str
    rel: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Person:
    name: str
    role: str  # host | guest
    href: str | None = None  # the person's page
    img: str | None = None  # their photo


class PodcastIndexExtension(BaseExtension):
    """Channel `podcast:locked` and `podcast:guid`."""

    def __init__(self) -> None:
        self.locked: bool | None = None
        self.locked_owner: str | None = None
        self.guid: str | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST}

    def set_locked(self, locked: bool, owner: str | None) -> None:
        if not isinstance(locked, bool):
            raise FeedValueError(f"locked must be true or false, not {locked!r}")
        self.locked, self.locked_owner = locked, owner or None

    def set_guid(self, guid: str) -> None:
        self.guid = guid

    def extend_rss(self, feed: etree._Element) -> etree._Element:
        channel = feed[0]
        if self.locked is not None:
            _sub(channel, PODCAST, "locked", "yes" if self.locked else "no", owner=self.locked_owner)
        if self.guid:
            _sub(channel, PODCAST, "guid", self.guid)
        return feed


class PodcastIndexEntryExtension(BaseEntryExtension):
    """Item `podcast:transcript`, `podcast:chapters` and `podcast:person`."""

    def __init__(self) -> None:
        self.transcripts: list[TranscriptLink] = []
        self.chapters_url: str | None = None
        self.chapters_type: str = "application/json+chapters"
        self.persons: list[Person] = []

    def add_transcript(self, link: TranscriptLink) -> None:
        check_url(link.url, "transcript url")
        self.transcripts.append(link)

    def set_chapters(self, url: str, media_type: str) -> None:
        self.chapters_url, self.chapters_type = check_url(url, "chapters url"), media_type

    def add_person(self, person: Person) -> None:
        if person.role not in ("host", "guest"):
            raise FeedValueError(f"person role {person.role!r} must be host or guest")
        for url, what in ((person.href, "person href"), (person.img, "person img")):
            if url is not None:
                check_url(url, what)
        self.persons.append(person)

    def extend_rss(self, entry: etree._Element) -> etree._Element:
        for link in self.transcripts:
            _sub(entry, PODCAST, "transcript", url=link.url, type=link.type, language=link.language, rel=link.rel)
        if self.chapters_url:
            _sub(entry, PODCAST, "chapters", url=self.chapters_url, type=self.chapters_type)
        for person in self.persons:
            _sub(entry, PODCAST, "person", person.name, role=person.role, href=person.href, img=person.img)
        return entry


# --- Podlove Simple Chapters ----------------------------------------------


@dataclass(frozen=True)
class PscChapter:
    start: str  # HH:MM:SS.mmm
    title: str
    href: str | None = None


class PscExtension(BaseExtension):
    """Declares the `psc` namespace on the feed; chapters live on items."""

    def extend_ns(self) -> dict[str, str]:
        return {"psc": PSC}


class PscEntryExtension(BaseEntryExtension):
    """Item `psc:chapters version="1.2"` with one `psc:chapter` per chapter."""

    def __init__(self) -> None:
        self.chapters: list[PscChapter] = []

    def set_chapters(self, chapters: list[PscChapter]) -> None:
        for chapter in chapters:
            if not re.fullmatch(r"\d{2,}:\d{2}:\d{2}\.\d{3}", chapter.start):
                raise FeedValueError(f"chapter start {chapter.start!r} must be HH:MM:SS.mmm")
        self.chapters = list(chapters)

    def extend_rss(self, entry: etree._Element) -> etree._Element:
        if self.chapters:
            box = _sub(entry, PSC, "chapters", version="1.2")
            for chapter in self.chapters:
                _sub(box, PSC, "chapter", start=chapter.start, title=chapter.title, href=chapter.href)
        return entry


# --- deterministic lastBuildDate ------------------------------------------


class BuildDateExtension(BaseExtension):
    """`lastBuildDate` from the content (the newest episode's date), never the clock.

    feedgen always writes the time the feed object was created; this extension
    overwrites it, or removes it when the show has no episode yet.
    """

    def __init__(self) -> None:
        self.date: dt.datetime | None = None

    def set_date(self, date: dt.datetime | None) -> None:
        if date is not None and date.tzinfo is None:
            raise FeedValueError(f"lastBuildDate {date!r} needs a time zone")
        self.date = date

    def extend_rss(self, feed: etree._Element) -> etree._Element:
        channel = feed[0]
        element = channel.find("lastBuildDate")
        if self.date is None:
            if element is not None:
                channel.remove(element)
        else:
            if element is None:
                element = etree.SubElement(channel, "lastBuildDate")
            element.text = formatRFC2822(self.date)
        return feed


class NoEntryExtension(BaseEntryExtension):
    """Entry side of channel-only extensions (feedgen needs a class for both)."""
