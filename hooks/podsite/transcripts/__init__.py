"""Transcript files into the model: plain text, WebVTT, SRT and Podcasting 2.0 JSON.

`parse_transcript(data, path, problems)` reads the bytes of one transcript file
and returns a `Transcript` whose segments keep every piece of text of the source
(or a warning says why a piece was dropped). Unusable files (empty, no times at
all, JSON that is not a transcript, an unknown extension) raise `ContentError`.
Each format's leniency rules are in its module docstring.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..errors import ContentError, Problems
from ..model import Transcript
from .decode import decode_source
from .jsonfmt import parse_json
from .srt import parse_srt
from .txt import parse_txt
from .vtt import parse_vtt

#: Transcript file extensions, in order of preference when an episode has several.
TRANSCRIPT_EXTENSIONS = (".vtt", ".srt", ".json", ".txt")

FORMATS = ("txt", "vtt", "srt", "json")

__all__ = ["FORMATS", "TRANSCRIPT_EXTENSIONS", "parse_transcript"]


def parse_transcript(
    data: bytes,
    path: str,
    problems: Problems,
    fmt: str | None = None,
    known_speakers: Iterable[str] = (),
) -> Transcript:
    """Parse transcript bytes; `fmt` defaults from the extension of `path`.

    `known_speakers` (the episode's hosts and guests) lets a `Name: ` prefix that
    appears only once still count as a speaker in plain-text and SRT files.
    """
    if fmt is None:
        fmt = os.path.splitext(path)[1].lower().lstrip(".")
        if fmt not in FORMATS:
            raise ContentError(
                path,
                None,
                f"unknown transcript extension '{os.path.splitext(path)[1] or '(none)'}'; "
                f"use one of {', '.join(TRANSCRIPT_EXTENSIONS)}",
            )
    else:
        fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ContentError(path, None, f"unknown transcript format '{fmt}'; use one of {', '.join(FORMATS)}")
    text = decode_source(data, path, problems)
    if not text.strip():
        raise ContentError(path, 1, "transcript file is empty; add the transcript text")
    if fmt == "txt":
        return parse_txt(text, path, problems, known_speakers)
    if fmt == "vtt":
        return parse_vtt(text, path, problems, known_speakers)
    if fmt == "srt":
        return parse_srt(text, path, problems, known_speakers)
    return parse_json(text, path, problems)
