"""Transcript files into the model: plain text, WebVTT, SRT, Podcasting 2.0 JSON and HTML,
YouTube SBV, and Otter.ai's and Riverside's text exports.

`parse_transcript(data, path, problems)` reads the bytes of one transcript file
and returns a `Transcript` whose segments keep every piece of text of the source
(or a warning says why a piece was dropped). Unusable files (empty, no times at
all, JSON that is not a transcript, an unknown extension) raise `ContentError`.
Each format's leniency rules are in its module docstring. A `.txt` file is read by
its content (`sniff`): captions, HTML or a tool's text shape saved as `.txt` are
read as what they are, with a warning naming the shape. A word-level transcript
(one segment per word) is grouped into lines that keep each word's time (`words`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..errors import ContentError, Problems
from ..model import Transcript
from .decode import decode_source
from .htmlfmt import parse_html
from .jsonfmt import parse_json
from .sbv import parse_sbv
from .sniff import SHAPES, detect
from .srt import parse_srt
from .turns import parse_turns
from .txt import parse_txt
from .vtt import parse_vtt
from .words import group_words, is_word_level

#: Transcript file extensions, in order of preference when an episode has several.
TRANSCRIPT_EXTENSIONS = (".vtt", ".srt", ".json", ".txt", ".sbv", ".html")

#: Format names: the extensions' and the text shapes read from `.txt` files.
FORMATS = ("txt", "vtt", "srt", "json", "sbv", "html", "otter", "riverside")

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
    explicit = fmt is not None
    if fmt is None:
        fmt = os.path.splitext(path)[1].lower().lstrip(".")
        fmt = {"htm": "html"}.get(fmt, fmt)
        if f".{fmt}" not in TRANSCRIPT_EXTENSIONS:
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
    sniffed = fmt == "txt" and not explicit
    text = decode_source(data, path, problems)
    if not text.strip():
        raise ContentError(path, 1, "transcript file is empty; add the transcript text")
    if sniffed:
        fmt = detect(text)
        if fmt != "txt":
            problems.warn(path, 1, f"read as {SHAPES[fmt]}, by its content")
    transcript = _parse(fmt, text, path, problems, known_speakers)
    if is_word_level(transcript.segments):
        transcript.segments = group_words(transcript.segments)
    return transcript


def _parse(fmt: str, text: str, path: str, problems: Problems, known_speakers: Iterable[str]) -> Transcript:
    if fmt == "txt":
        return parse_txt(text, path, problems, known_speakers)
    if fmt == "vtt":
        return parse_vtt(text, path, problems, known_speakers)
    if fmt == "srt":
        return parse_srt(text, path, problems, known_speakers)
    if fmt == "sbv":
        return parse_sbv(text, path, problems, known_speakers)
    if fmt == "html":
        return parse_html(text, path, problems)
    if fmt in ("otter", "riverside"):
        return parse_turns(text, path, problems, fmt, known_speakers)
    return parse_json(text, path, problems)
