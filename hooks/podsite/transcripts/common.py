"""Pieces shared by the transcript parsers: voice tags, speaker prefixes, segment building.

Voice tags (`<v Name>text`) work the same in every line format: a repeated tag
for the same speaker is dropped, a tag for a different speaker in the middle of a
line or cue starts a new segment with the same start, end and line. `</v>` is
removed. Text is kept with runs of spaces, tabs and line breaks folded into one
space; nothing else is rewritten.

Speaker prefixes (`Name: text`, plain text and SRT only) follow one simple rule:
the prefix becomes the speaker when

* `Name` is 1 to 4 words that each start with a capital letter, followed by a
  colon and a space, at the start of a segment without a voice tag, and
* the same `Name` starts at least two segments of the file, or is one of the
  episode's known speakers (hosts and guests), and
* `Name` is not a common label word such as `Note`, `Update`, `Q` or `A`
  (see `LABEL_WORDS`), unless it is a known speaker.

So a one-off `Update: the link moved` stays text, and `Brian Okken: hi` twice
in a file gives Brian Okken both lines. Diarization labels (`SPEAKER_00: `,
`[SPEAKER_00]: `, `Speaker 1: `) are speakers even when said once (they are
never ordinary text); the front matter's `speakers:` map gives them names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..errors import Problems
from ..model import Segment
from ..timecode import format_clock, format_precise

_WS = re.compile(r"[ \t\n\r\f\v]+")
# Bounded repeats keep a line full of unclosed `<v` linear.
_VOICE = re.compile(r"<v(?:\.[^\s>]{0,40})?(?:[ \t]+([^>\n]{0,200}))?>|</v\s*>")
_PREFIX = re.compile(r"([^\W\d_][\w'’.\-]*(?: [^\W\d_][\w'’.\-]*){0,3}):(?:[ \t]+)(?=\S)")
#: Diarization labels: `SPEAKER_00: ` (WhisperX, pyannote; also `[SPEAKER_00]: `) and `Speaker 1: `.
_LABEL_NAME = r"(?:SPEAKER|Speaker|speaker)[ _]\d{1,3}"
_LABEL = re.compile(rf"\[?({_LABEL_NAME})\]?:[ \t]+(?=\S)")

#: Label words that look like a speaker prefix but are not people.
LABEL_WORDS = frozenset(
    {
        "a", "answer", "bonus", "chapter", "correction", "disclaimer", "edit",
        "example", "important", "intro", "link", "links", "music", "note", "notes",
        "outro", "ps", "p.s.", "q", "question", "quote", "source", "sponsor",
        "summary", "tip", "transcript", "update", "warning",
    }
)  # fmt: skip


def squash(text: str) -> str:
    """Fold runs of whitespace into one space and trim (non-breaking spaces stay)."""
    return _WS.sub(" ", text).strip()


def split_voices(text: str) -> list[tuple[str | None, str]]:
    """Split a line at voice tags: `[(speaker or None for untagged lead-in, raw text)]`."""
    if "<v" not in text and "</v" not in text:
        return [(None, text)]
    pieces: list[tuple[str | None, str]] = []
    speaker: str | None = None
    pos = 0
    for match in _VOICE.finditer(text):
        pieces.append((speaker, text[pos : match.start()]))
        pos = match.end()
        if match.group(0).startswith("</"):
            continue  # closing tag: the speaker goes on
        speaker = squash(match.group(1) or "") or None
    pieces.append((speaker, text[pos:]))
    return pieces


def show_time(seconds: float) -> str:
    """`HH:MM:SS`, with milliseconds only when the time has them (for messages)."""
    return format_clock(seconds) if seconds == int(seconds) else format_precise(seconds)


@dataclass
class _Draft:
    start: float
    end: float | None
    speaker: str | None
    line: int
    parts: list[str] = field(default_factory=list)


class SegmentBuilder:
    """Collects segments line by line; text pieces are joined once, at the end (linear)."""

    def __init__(self, path: str, problems: Problems, clean: Callable[[str], str] = squash) -> None:
        self.path = path
        self.problems = problems
        self.clean = clean
        self.drafts: list[_Draft] = []
        self._last_start: float | None = None
        self._last_line = 0

    @property
    def empty(self) -> bool:
        return not self.drafts

    def begin(self, start: float, end: float | None, line: int, text: str) -> None:
        """Start a segment at `start` from the text of source line `line`."""
        if self._last_start is not None and start < self._last_start:
            self.problems.warn(
                self.path,
                line,
                f"time {show_time(start)} goes back before {show_time(self._last_start)} "
                f"(line {self._last_line}); kept in file order: check the time",
            )
        self._last_start = start
        self._last_line = line
        self.drafts.append(_Draft(start, end, None, line))
        self._feed(text)

    def add(self, line: int, text: str) -> None:
        """Add the text of source line `line` to the current segment.

        A voice change in it starts a new segment with the current segment's
        start, end and line (the line where the cue or timestamped line begins).
        """
        self._feed(text)

    def _feed(self, text: str) -> None:
        for speaker, raw in split_voices(text):
            cur = self.drafts[-1]
            if speaker is not None and speaker != cur.speaker:
                if cur.parts:
                    cur = _Draft(cur.start, cur.end, speaker, cur.line)
                    self.drafts.append(cur)
                else:
                    cur.speaker = speaker
            piece = self.clean(raw)
            if piece:
                cur.parts.append(piece)

    def segments(self, speaker_prefixes: bool = False, known_speakers: Iterable[str] = ()) -> list[Segment]:
        """The finished segments; drafts without text are left out (nothing to lose)."""
        out = [Segment(d.start, " ".join(d.parts), d.end, d.speaker, d.line) for d in self.drafts if d.parts]
        if speaker_prefixes:
            apply_speaker_prefixes(out, known_speakers)
        return out


def is_label(name: str) -> bool:
    """A diarization label (`SPEAKER_00`, `Speaker 1`) rather than a person's name."""
    return re.fullmatch(_LABEL_NAME, name) is not None


def _prefix_name(text: str) -> tuple[str, int] | None:
    label = _LABEL.match(text)
    if label:
        return label.group(1), label.end()
    match = _PREFIX.match(text)
    if not match:
        return None
    name = match.group(1)
    if not all(word[0].isupper() for word in name.split(" ")):
        return None
    return name, match.end()


def apply_speaker_prefixes(segments: list[Segment], known_speakers: Iterable[str] = ()) -> None:
    """Move `Name: ` prefixes into `speaker` following the rule in the module docstring."""
    known = set(known_speakers)
    found: list[tuple[Segment, str, int]] = []
    counts: Counter[str] = Counter()
    for seg in segments:
        if seg.speaker is not None:
            continue
        hit = _prefix_name(seg.text)
        if hit:
            found.append((seg, *hit))
            counts[hit[0]] += 1
    for seg, name, end in found:
        if name in known or is_label(name) or (counts[name] >= 2 and name.lower() not in LABEL_WORDS):
            seg.speaker = name
            seg.text = seg.text[end:]
