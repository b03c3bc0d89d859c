"""The transcript as a Podcasting 2.0 HTML file (`transcript.html`, `text/html`).

The namespace lists HTML as one of its transcript types, for readers and apps that
show a transcript as a document: per monologue the speaker in `<cite>Name:</cite>`,
its start in `<time>`, what was said in `<p>`. Each line of the model is one block
(`M:SS` under an hour, `H:MM:SS` above, as in the namespace's example), and a named
line always carries its `<cite>`, so a block read alone still says who speaks. The
markup is the template `templates/transcript-download.html`, rendered by Jinja with
autoescaping (transcript text and names are text).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .model import Transcript
from .timecode import format_short

_TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Block:
    speaker: str | None
    time: str
    text: str


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True, keep_trailing_newline=True)
    return env.get_template("transcript-download.html")


def to_html(t: Transcript, language: str = "en", title: str = "Transcript") -> str:
    """The Podcasting 2.0 HTML transcript of `t` (lines without text are left out), a
    document in `language` (the show's) titled `title`."""
    blocks = [
        Block(
            " ".join(seg.speaker.split()) if seg.speaker else None, format_short(seg.start), " ".join(seg.text.split())
        )
        for seg in t.segments
        if seg.text.strip()
    ]
    return _template().render(blocks=blocks, language=language, title=title)
