"""Podcasting 2.0 HTML transcripts (`text/html`): `<cite>`, `<time>` and `<p>` blocks.

The namespace's HTML shape gives, per monologue, the speaker in `<cite>Name:</cite>`
(optional), its start in `<time>0:00</time>` and what was said in `<p>...</p>`:

    <cite>Ada Brook:</cite>
    <time>0:00</time>
    <p>Welcome to the show.</p>

Read with the standard library's HTML parser (entities decoded, any document
around the blocks allowed, `</p>` may be left out as HTML allows):

* the colon and spaces after a `<cite>` name are dropped; a `<cite>` names the
  speaker of the `<p>` after it, and a `<p>` without one has no speaker named (the
  page shows it under the speaker above);
* a `<p>` without its own `<time>` starts where the paragraph above started
  (00:00:00 for the first); a `<time>` that is not `H:MM:SS`, `MM:SS` or seconds
  gets a warning and the paragraph keeps the time above; a file without any
  `<time>` is refused (the page needs times);
* other tags inside a paragraph (`<b>`, `<a>`, `<span>`, ...) are dropped and
  their text kept, `<br>` is a space; text of `<head>`, `<script>` and `<style>`
  is not transcript text. Text outside any `<p>` in the body is added to the
  paragraph above (or placed at 00:00:00) with a warning.
"""

from __future__ import annotations

from html.parser import HTMLParser

from ..errors import ContentError, Problems
from ..model import Segment, Transcript
from ..timecode import TimeError, parse_time
from .common import show_time, squash

_SKIP = {"head", "script", "style", "title", "template"}


class _Reader(HTMLParser):
    def __init__(self, path: str, problems: Problems) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.problems = problems
        self.segments: list[Segment] = []
        self.skip = 0  # depth inside head/script/style
        self.inside: str | None = None  # "cite" | "time" | "p"
        self.buffer: list[str] = []
        self.block_line: int | None = None  # line where the current cite/time/p block began
        self.speaker: str | None = None
        self.time: float | None = None  # the pending <time>
        self.last_start = 0.0
        self.times = 0
        self.paragraphs = 0
        self.stray: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if tag in ("cite", "time", "p"):
            if self.inside == "p":
                self._end_p()
            elif self.inside is not None:
                self._end(self.inside)
            if self.block_line is None:
                self.block_line = self.getpos()[0]
            self.inside = tag
            self.buffer = []
        elif tag == "br" and self.inside:
            self.buffer.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == self.inside:
            if tag == "p":
                self._end_p()
            else:
                self._end(tag)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.inside:
            self.buffer.append(data)
        elif data.strip():
            self._stray(self.getpos()[0], data)

    def _end(self, tag: str) -> None:
        text = squash("".join(self.buffer))
        self.inside = None
        if tag == "cite":
            self.speaker = text.rstrip(":").strip() or None
            return
        try:
            self.time = parse_time(text)
            self.times += 1
        except TimeError:
            self.problems.warn(
                self.path,
                self.getpos()[0],
                f"<time>{text}</time> is not a time; write H:MM:SS or MM:SS (the paragraph keeps the time above)",
            )

    def _end_p(self) -> None:
        text = squash("".join(self.buffer))
        self.inside = None
        line = self.block_line or self.getpos()[0]
        self.block_line = None
        self.paragraphs += 1
        start = self.time if self.time is not None else self.last_start
        speaker, self.speaker, self.time = self.speaker, None, None
        if text:
            if start < self.last_start:
                self.problems.warn(
                    self.path,
                    line,
                    f"time {show_time(start)} goes back before {show_time(self.last_start)}; kept in file order: check the time",
                )
            self.segments.append(Segment(start, text, None, speaker, line))
        self.last_start = start

    def _stray(self, line: int, data: str) -> None:
        text = squash(data)
        if self.segments:
            self.problems.warn(
                self.path, line, "text outside any <p> was added to the paragraph above; put it inside a <p>"
            )
            self.segments[-1].text += " " + text
        else:
            self.problems.warn(
                self.path, line, "text before the first <p> was placed at 00:00:00; put it inside a <p> with a <time>"
            )
            self.segments.append(Segment(0.0, text, None, None, line))

    def finish(self) -> None:
        self.close()
        if self.inside == "p":
            self._end_p()
        elif self.inside is not None:
            self._end(self.inside)


def parse_html(text: str, path: str, problems: Problems) -> Transcript:
    """Parse a Podcasting 2.0 HTML transcript (already decoded)."""
    reader = _Reader(path, problems)
    reader.feed(text)
    reader.finish()
    if not reader.paragraphs:
        raise ContentError(path, 1, "no <p> paragraphs found; write each monologue as <time>0:00</time><p>...</p>")
    if not reader.times:
        raise ContentError(
            path, 1, "no timestamps found; give each paragraph its start: <time>0:00</time> before the <p>"
        )
    return Transcript(path, "html", reader.segments)
