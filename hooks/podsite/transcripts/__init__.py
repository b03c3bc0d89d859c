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

from ..errors import CappedProblems, ContentError, Problems
from ..frontmatter import BAD_CHARS, bad_char_message
from ..kinds import TRANSCRIPT_FORMATS, TranscriptFormat, one_of
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
FORMATS = TRANSCRIPT_FORMATS

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
    kind = one_of(fmt, FORMATS)
    if kind is None:
        raise ContentError(path, None, f"unknown transcript format '{fmt}'; use one of {', '.join(FORMATS)}")
    sniffed = kind == "txt" and not explicit
    capped = CappedProblems(problems)
    try:
        text = decode_source(data, path, capped)  # type: ignore[arg-type]
        if not text.strip():
            raise ContentError(path, 1, "transcript file is empty; add the transcript text")
        if sniffed:
            kind = detect(text)
            if kind != "txt":
                capped.warn(path, 1, f"read as {SHAPES[kind]}, by its content")
        transcript = _parse(kind, text, path, capped, known_speakers)  # type: ignore[arg-type]
        if is_word_level(transcript.segments):
            transcript.segments = group_words(transcript.segments)
        repair_characters(transcript, capped)
    finally:
        capped.finish()
    return transcript


def _parse(
    fmt: TranscriptFormat, text: str, path: str, problems: Problems, known_speakers: Iterable[str]
) -> Transcript:
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


def repair_characters(transcript: Transcript, problems: Problems | CappedProblems) -> None:
    """Replace characters no page or feed can carry with U+FFFD, one warning per kind and file.

    Control characters and halves of surrogate pairs (from escapes such as `&#xD800;`
    or `"\\ud800"`) would stop the writing of pages and downloads; the rest of the
    text stays, and the warning names the first line and how many there were.
    """
    found: dict[str, list[int]] = {}
    for seg in transcript.segments:
        for attr in ("text", "speaker"):
            value = getattr(seg, attr)
            if value and BAD_CHARS.search(value):
                for char in BAD_CHARS.findall(value):
                    found.setdefault(bad_char_message(char).split(":")[0], []).append(seg.line)
                setattr(seg, attr, BAD_CHARS.sub("\ufffd", value))
        if seg.words and any(BAD_CHARS.search(word[2]) for word in seg.words):
            seg.words = [(start, end, BAD_CHARS.sub("\ufffd", text)) for start, end, text in seg.words]
    for what, lines in found.items():
        more = f" ({len(lines)} in all, the last on line {lines[-1]})" if len(lines) > 1 else ""
        problems.warn(transcript.path, lines[0], f"{what}{more}: replaced with U+FFFD; fix the text")
