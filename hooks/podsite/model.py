"""The in-memory model of a show: one instance per build, read by every output.

Nothing here knows about MkDocs. Loaders (`episodes.py`, `show.py`, the transcript
parsers) build these objects once per build; the page hooks, the exporters, the
mention index and the feed only read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .kinds import DownloadFormat, EpisodeType, MentionKind, MentionSource, ShowType, TranscriptFormat

#: One timed word: start, end (None when the source gave none) and its text.
Word = tuple[float, "float | None", str]


@dataclass(slots=True)
class Segment:
    """One timestamped line or cue of a transcript.

    `line` is the 1-based line of the source file where the segment starts, so
    problems and tests can point back at the source. `words` is set when the source
    timed every word: `(start, end or None, text)` per word, in order, whose texts
    joined by spaces are `text` (see `transcripts.words`). A show of thousands of
    episodes holds millions of segments for the whole build: slots keep each one a
    third smaller than an instance with a `__dict__`.
    """

    start: float
    text: str
    end: float | None = None
    speaker: str | None = None
    line: int = 0
    words: list[Word] | None = None


@dataclass
class Transcript:
    """A parsed transcript: segments in source order, and where they came from."""

    path: str
    format: TranscriptFormat
    segments: list[Segment] = field(default_factory=list)
    #: A hash of the source this was parsed from (bytes, path, format, speakers, parser
    #: version), set by the parse cache so later caches need not hash the segments again.
    source_key: str | None = field(default=None, compare=False, repr=False)

    @property
    def has_words(self) -> bool:
        """True when some line carries the time of each of its words (`Segment.words`)."""
        return any(seg.words for seg in self.segments)

    @property
    def end(self) -> float:
        """The last time the transcript mentions (end of the last cue or its start)."""
        last = 0.0
        for seg in self.segments:
            last = max(last, seg.end if seg.end is not None else seg.start)
        return last


@dataclass
class Chapter:
    """A chapter: start time, title, optional link, and its anchor on the page."""

    start: float
    title: str
    url: str | None = None
    slug: str = ""
    derived: bool = False  # True when computed from the show notes, not hand-written
    line: int | None = None  # front matter line, for messages


@dataclass
class Audio:
    """The episode's media file as the feed's enclosure describes it."""

    url: str  # as written in front matter: absolute URL or path relative to docs/
    length: int | None = None  # bytes
    type: str = "audio/mpeg"
    local_path: str | None = None  # absolute path when the file lives in docs/


@dataclass
class MentionSpec:
    """An entry of the show-wide mentions registry (or one derived from show notes)."""

    name: str
    url: str
    aliases: list[str] = field(default_factory=list)
    kind: MentionKind = "other"
    description: str = ""
    slug: str = ""
    source: MentionSource = "registry"
    path: str = ""
    line: int | None = None


@dataclass
class Person:
    """A host or guest: an entry of the people registry (`docs/people.yml`), or a name
    from episodes' `hosts`/`guests` that the registry does not know (then only `name`)."""

    name: str
    slug: str = ""
    bio: str = ""
    image: str | None = None  # path inside docs/ of the photo
    image_alt: str = ""
    links: dict[str, str] = field(default_factory=dict)  # label -> http(s) URL, in registry order
    aliases: list[str] = field(default_factory=list)
    path: str = ""  # the registry file, for messages
    line: int | None = None


@dataclass
class MentionHit:
    """One place in a transcript where a mention was said."""

    mention: MentionSpec
    segment_index: int
    start: float
    char_start: int  # offset in the segment's text
    char_end: int
    linked: bool = False  # True for the occurrence that becomes a link
    end_index: int | None = (
        None  # later segment where a name said across a line break ends; char_end is then in its text
    )


@dataclass
class EpisodeRef:
    """A spoken reference to another episode ("we covered that in episode 111")."""

    number: int
    segment_index: int
    char_start: int
    char_end: int


@dataclass
class Episode:
    """One episode, as loaded from `docs/episodes/<stem>.md` and its transcript."""

    stem: str
    src_uri: str  # "episodes/<stem>.md", relative to docs/
    title: str
    date: dt.datetime  # timezone-aware (UTC when front matter gives a plain date)
    number: int | None = None
    season: int | None = None
    episode_type: EpisodeType = "full"
    explicit: bool | None = None  # None: the show's setting
    guid: str | None = None
    audio: Audio | None = None
    duration: float | None = None  # seconds
    transcript_path: str | None = None  # relative to docs/
    transcript_format: TranscriptFormat | None = None  # `transcript_format:`; None: by extension and content
    transcript: Transcript | None = None
    chapters: list[Chapter] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)
    description: str = ""
    image: str | None = None  # episode art: path relative to docs/ or an absolute URL
    draft: bool = False
    notes: str = ""  # show notes, Markdown, without the front matter
    notes_line: int = 1  # line of the file where the notes start
    mention_aliases: dict[str, list[str]] = field(default_factory=dict)
    speaker_names: dict[str, str] = field(default_factory=dict)  # transcript label -> person (`speakers:`)
    mentions: list[MentionHit] = field(default_factory=list)
    episode_refs: list[EpisodeRef] = field(default_factory=list)
    meta: dict[str, object] = field(default_factory=dict)  # raw front matter
    lines: dict[str, int] = field(default_factory=dict)  # front matter key -> file line, for messages

    @property
    def url(self) -> str:
        """Site-relative URL of the page (directory URLs): `episodes/<stem>/`."""
        return f"episodes/{self.stem}/"

    @property
    def label(self) -> str:
        """`#12` or the title, for lists."""
        return f"#{self.number}" if self.number is not None else self.title


@dataclass
class Show:
    """Show-wide settings (`extra.podcast` in mkdocs.yml) and every episode."""

    title: str
    site_url: str  # absolute, ends with "/"
    description: str = ""
    author: str = ""
    owner_name: str = ""
    owner_email: str = ""
    image: str | None = None  # path relative to docs/ or absolute URL
    language: str = "en"
    categories: list[list[str]] = field(default_factory=list)  # [["Technology"], ["Education", "Courses"]]
    explicit: bool = False
    copyright: str = ""
    show_type: ShowType = "episodic"
    locked: bool = True
    feed_path: str | None = "feed.xml"  # None: a site without a feed (`feed: false`, e.g. no audio yet)
    mentions_path: str = "mentions.yml"
    directories: dict[str, str] = field(default_factory=dict)  # {"Apple Podcasts": url}
    #: Transcript downloads published beside each page and linked from the feed, by format:
    #: by default WebVTT alone (captions: the feed's `podcast:transcript` for apps; the
    #: episode page is the transcript to read); HTML, SRT, JSON and text only when the show
    #: asks for them (README: Files beside each page).
    downloads: tuple[DownloadFormat, ...] = ("vtt",)
    #: The feed lists the newest this many episodes (`extra.podcast.feed_limit`); None: all of them.
    feed_limit: int | None = None
    guid: str | None = None
    episodes: list[Episode] = field(default_factory=list)  # newest first
    mentions: list[MentionSpec] = field(default_factory=list)
    #: Line of each setting in mkdocs.yml by dotted key (`extra.podcast.image`), for messages.
    config_lines: dict[str, int] = field(default_factory=dict, repr=False)
    #: Hosts and guests by `people.key(name)`: the registry's and every other name episodes give.
    people: dict[str, Person] = field(default_factory=dict)

    def config_line(self, key: str) -> int | None:
        """Line of `extra.podcast.<key>` in mkdocs.yml, else of its nearest written parent."""
        full = f"extra.podcast.{key}" if key else "extra.podcast"
        while full:
            if full in self.config_lines:
                return self.config_lines[full]
            full = full.rpartition(".")[0]
        return None

    @property
    def feed_url(self) -> str | None:
        """The feed's public address; None when the site has no feed."""
        return None if self.feed_path is None else self.site_url + self.feed_path

    def published(self, now: dt.datetime) -> list[Episode]:
        """Episodes a listener may see at `now`: not drafts, not dated in the future."""
        return [ep for ep in self.episodes if not ep.draft and ep.date <= now]

    def shown(self, now: dt.datetime, preview: bool) -> list[Episode]:
        """Episodes on the site at `now`: the published ones, and in a preview
        (`mkdocs serve`) also drafts and episodes scheduled for later."""
        return list(self.episodes) if preview else self.published(now)
