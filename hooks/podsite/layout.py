"""The transcript as a page shows it: chapters, paragraphs, lines and text runs.

Rules (documented in the README):
- Each chapter opens a section; lines before the first chapter form an untitled one.
- A paragraph ends at a speaker change, at a chapter start, at the first sentence
  end once it has run `PARAGRAPH_SOFT` seconds, and unconditionally after
  `PARAGRAPH_HARD` seconds.
- Every source line keeps its own anchor, `t=HH:MM:SS` (see `timecode.anchor`).
- A line's text is split into runs: plain text, or a link (a mention, or a spoken
  reference to another episode). Templates escape every run.
- Ids are unique on the page: the transcript heading (`transcript`) and each chapter
  heading (a slug of its title) take the next free `-2`, `-3`... when the show notes
  or the page's own HTML already use that id (a derived "Extras" chapter beside a
  notes heading "Extras", a chapter named "Transcript"), see `place_anchors`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import unescape
from typing import NamedTuple

from .episodes import assign_slugs
from .kinds import LinkKind
from .model import Chapter, Episode, Segment
from .timecode import anchor, data_t, format_clock, format_short

#: Ids the episode page always has besides the notes and the transcript (Material's
#: and this project's templates); `tests/test_client_outputs.py` checks every page.
PAGE_IDS = frozenset(
    {
        "__config",
        "__drawer",
        "__palette_0",
        "__palette_1",
        "__search",
        "__toc",
        "podsite-chapters-title",
        "podsite-mentions-title",
        "podsite-search-results",
        "podsite-search-title",
        "podsite-subscribe-title",
    }
)
TRANSCRIPT_ID = "transcript"
PARAGRAPH_SOFT = 30.0
PARAGRAPH_HARD = 90.0
_SENTENCE_END = (".", "?", "!", "…", '."', '?"', '!"', ".)")


class Run(NamedTuple):
    """A stretch of a line's text: plain, or a link (`href`, `title`, `kind`). A named tuple:
    a long transcript makes one or more of these for each of its thousand lines."""

    text: str
    href: str | None = None
    title: str | None = None
    kind: LinkKind | None = None


@dataclass(slots=True)
class Line:
    id: str
    start: float
    runs: list[Run]
    index: int  # segment index in the transcript
    #: The start as the line's `data-t` gives it, None where its id says it (`timecode.data_t`).
    data_t: str | None = None

    @property
    def clock(self) -> str:
        return format_clock(self.start)


@dataclass(slots=True)
class Paragraph:
    start: float
    speaker: str | None
    show_speaker: bool
    lines: list[Line] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.lines[0].id

    @property
    def data_t(self) -> str | None:
        """The paragraph's `data-t` (its first line's: the paragraph starts with it)."""
        return self.lines[0].data_t

    @property
    def clock(self) -> str:
        return format_clock(self.start)

    @property
    def short(self) -> str:
        return format_short(self.start)


@dataclass(slots=True)
class Section:
    chapter: Chapter | None
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass(frozen=True)
class Link:
    """A link over `text[start:end]` of one segment."""

    start: int
    end: int
    href: str
    title: str
    kind: LinkKind


#: `anchor` of each whole second met so far (an anchor depends only on the whole second);
#: a corpus build asks for the ids of two million lines, a few thousand distinct seconds.
_ANCHORS: dict[int, str] = {}


def line_ids(segments: list[Segment]) -> list[str]:
    """Anchor id of every segment: `t=HH:MM:SS`, then `-2`, `-3` for repeats of a second."""
    seen: dict[str, int] = {}
    ids = []
    anchors = _ANCHORS
    for seg in segments:
        second = int(seg.start)
        base = anchors.get(second)
        if base is None:
            base = anchors[second] = anchor(second)
        count = seen.get(base, 0) + 1
        seen[base] = count
        ids.append(base if count == 1 else f"{base}-{count}")
    return ids


def runs_for(text: str, links: list[Link]) -> list[Run]:
    """Split `text` into plain and linked runs; overlapping links keep the first."""
    if not links:  # most lines: one plain run
        return [Run(text)]
    runs: list[Run] = []
    pos = 0
    for link in sorted(links, key=lambda k: (k.start, -k.end)):
        if link.start < pos:
            continue
        if link.start > pos:
            runs.append(Run(text[pos : link.start]))
        runs.append(Run(text[link.start : link.end], link.href, link.title, link.kind))
        pos = link.end
    if pos < len(text) or not runs:
        runs.append(Run(text[pos:]))
    return runs


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_SENTENCE_END)


def build_sections(episode: Episode, links: dict[int, list[Link]] | None = None) -> list[Section]:
    """Lay out the episode's transcript for the page (empty without a transcript)."""
    if episode.transcript is None:
        return []
    links = links or {}
    segments = episode.transcript.segments
    ids = line_ids(segments)
    chapters = sorted(episode.chapters, key=lambda c: c.start)
    sections: list[Section] = []
    current = Section(None)
    next_chapter = 0
    paragraph: Paragraph | None = None
    last_speaker: str | None = None

    for index, seg in enumerate(segments):
        # open every chapter whose start this line has reached (source order is kept,
        # so a line out of order never closes a chapter early)
        opened = False
        while next_chapter < len(chapters) and seg.start >= chapters[next_chapter].start:
            if current.paragraphs or current.chapter is not None:
                sections.append(current)
            current = Section(chapters[next_chapter])
            next_chapter += 1
            opened = True
        if opened:
            paragraph = None
        line = Line(ids[index], seg.start, runs_for(seg.text, links.get(index, [])), index, data_t(seg.start))
        speaker_change = seg.speaker is not None and seg.speaker != (paragraph.speaker if paragraph else None)
        if paragraph is not None and not speaker_change:
            elapsed = seg.start - paragraph.start
            prev_text = segments[paragraph.lines[-1].index].text
            if elapsed >= PARAGRAPH_HARD or (elapsed >= PARAGRAPH_SOFT and _ends_sentence(prev_text)):
                paragraph = None
        if paragraph is None or speaker_change:
            speaker = seg.speaker if seg.speaker is not None else (paragraph.speaker if paragraph else last_speaker)
            paragraph = Paragraph(
                seg.start,
                speaker,
                show_speaker=speaker is not None and (speaker != last_speaker or not current.paragraphs),
            )
            current.paragraphs.append(paragraph)
            last_speaker = speaker
        paragraph.lines.append(line)
    if current.paragraphs or current.chapter is not None:
        sections.append(current)
    # chapters that start after the last line still get their heading
    for chapter in chapters[next_chapter:]:
        sections.append(Section(chapter))
    return sections


#: An `id` attribute wherever it may stand in HTML (among a tag's attributes, as `html.parser`
#: reads them: after a space, quote or slash, `=` and spaces between, its value quoted or not),
#: and also where a browser would not read one (a comment, a script, text in `<code>`): more
#: ids, never fewer.
_ID = re.compile(r"""(?<=[\s"'/])[iI][dD]\s*=+\s*(?:"([^"]*)"|'([^']*)'|([^\s>"'][^\s>]*))""")


def ids_in(html: str) -> set[str]:
    """Every id the elements of an HTML fragment (the rendered show notes) carry, and any
    text written like one: the headings placed beside them keep clear of all of them. Their
    values as written and with character references read (`&amp;`), as a browser reads them."""
    ids: set[str] = set()
    for match in _ID.finditer(html):
        value = match.group(1) or match.group(2) or match.group(3)
        if value:
            ids.add(value)
            if "&" in value:
                ids.add(unescape(value))
    return ids


def place_anchors(episode: Episode, taken: Iterable[str]) -> str:
    """Give the transcript heading and every chapter heading an id no other element of
    the page has (`taken`: the ids of the notes; `PAGE_IDS` are added). Sets each
    chapter's `slug` and returns the transcript heading's id."""
    used = set(taken) | PAGE_IDS
    transcript_id, n = TRANSCRIPT_ID, 1
    while transcript_id in used:
        n += 1
        transcript_id = f"{TRANSCRIPT_ID}-{n}"
    used.add(transcript_id)
    assign_slugs(episode.chapters, used)
    return transcript_id
