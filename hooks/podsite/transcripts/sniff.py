"""Which shape a `.txt` transcript holds, decided by its content.

Producers save many exports as `.txt`: captions (WebVTT, SRT, YouTube SBV), an
HTML transcript, or one of the text shapes (timestamped lines, Otter.ai's and
Riverside's speaker turns). `detect` looks at the first lines and answers the
format name `parse_transcript` reads it with:

* `vtt`: the first line starts with `WEBVTT`;
* `sbv`: the first line is an SBV timing line `0:00:01.000,0:00:04.000`;
* `srt`: a `start --> end` timing line among the first lines;
* `html`: the text starts with a tag and has `<p>`, `<cite>` or `<time>` elements;
* `otter` / `riverside`: more turn headers of that tool (`Name  0:03`,
  `Name (00:00:03)`) than lines starting with a time;
* `txt` otherwise (timestamped lines, Descript's `[hh:mm:ss] Name: text`).
"""

from __future__ import annotations

import re

from ..kinds import TranscriptFormat
from .cues import TIMING
from .sbv import TIMING as SBV_TIMING
from .turns import OTTER_HEADER, RIVERSIDE_HEADER
from .txt import _STAMP

#: What each shape is, for the warning that names the shape a `.txt` file was read as.
SHAPES = {
    "vtt": "WebVTT captions (rename the file to .vtt)",
    "srt": "SRT captions (rename the file to .srt)",
    "sbv": "YouTube SBV captions (rename the file to .sbv)",
    "html": "a Podcasting 2.0 HTML transcript (rename the file to .html)",
    "otter": "an Otter.ai text export ('Name  m:ss' lines, each followed by what was said)",
    "riverside": "a Riverside text export ('Name (hh:mm:ss)' lines, each followed by what was said)",
}
_HTML = re.compile(r"<(?:p|cite|time)[\s>]", re.IGNORECASE)
_LOOK = 400  # lines looked at


def detect(text: str) -> TranscriptFormat:
    """The format name of a `.txt` transcript's content (see the module docstring)."""
    lines = [line.rstrip() for line in text.split("\n", _LOOK)[:_LOOK] if line.strip()]
    if not lines:
        return "txt"
    first = lines[0].lstrip()
    if first.startswith("WEBVTT"):
        return "vtt"
    if SBV_TIMING.match(first):
        return "sbv"
    if any("-->" in line and TIMING.match(line) for line in lines[:20]):
        return "srt"
    if first.startswith("<") and _HTML.search(text, 0, 20_000):
        return "html"
    otter = sum(1 for line in lines if OTTER_HEADER.match(line.strip()))
    riverside = sum(1 for line in lines if RIVERSIDE_HEADER.match(line.strip()))
    stamped = sum(1 for line in lines if _STAMP.match(line))
    if otter and otter >= riverside and otter > stamped:
        return "otter"
    if riverside and riverside > stamped:
        return "riverside"
    return "txt"
