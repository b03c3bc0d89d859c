"""Parsed transcripts kept between builds (see `podsite.cache`), and a key for a parsed transcript.

Parsing every transcript of a big show is one of the slowest steps of a build;
reading the kept result back is much faster. An entry's key hashes everything the
parse reads: the file's bytes, its path (messages name it), the format and the known
speakers. It keeps the warnings the parse gave, and a cached read adds them to the
build's `Problems` again, so a cached build reports what a fresh one does. A file
that cannot be parsed (`ContentError`) is never kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..cache import cached, code_version, intact
from ..errors import Problem, Problems
from ..model import Segment, Transcript
from . import parse_transcript


def entry_key(data: bytes, path: str, fmt: str | None, known_speakers: Iterable[str]) -> str:
    digest = hashlib.blake2b(data, digest_size=20)
    digest.update(b"\0".join(s.encode() for s in (path, fmt or "", *known_speakers)))
    return digest.hexdigest()


def _pack(transcript: Transcript, problems: list[Problem]) -> tuple[Any, ...]:
    """A parse result as plain values: a list of tuples unpickles faster than a list of
    `Segment` objects (a big show has hundreds of thousands of segments)."""
    rows = [(s.start, s.text, s.end, s.speaker, s.line, s.words) for s in transcript.segments]
    return (transcript.path, transcript.format, rows, problems)


def _unpack(value: tuple[Any, ...]) -> tuple[Transcript, list[Problem]]:
    path, fmt, rows, problems = value
    return Transcript(path, fmt, [Segment(*row) for row in rows]), problems


def _packed(value: Any) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 4
        and isinstance(value[0], str)
        and isinstance(value[1], str)
        and isinstance(value[2], list)
        and all(isinstance(row, tuple) and len(row) == 6 for row in value[2])
        and isinstance(value[3], list)
        and all(isinstance(p, Problem) and intact(p) for p in value[3])
    )


def parse_cached(
    data: bytes,
    path: str,
    problems: Problems,
    cache_dir: Path | None,
    fmt: str | None = None,
    known_speakers: Iterable[str] = (),
) -> Transcript:
    """`parse_transcript` with the same result and warnings, read from `cache_dir` when the bytes were seen before."""
    speakers = tuple(known_speakers)
    if cache_dir is None:
        return parse_transcript(data, path, problems, fmt=fmt, known_speakers=speakers)
    key = entry_key(data, path, fmt, speakers)

    def compute() -> tuple[Any, ...]:
        local = Problems()
        try:
            transcript = parse_transcript(data, path, local, fmt=fmt, known_speakers=speakers)
        finally:
            problems.items.extend(local.items)  # warnings found before an error are reported too
        computed.append(transcript)
        return _pack(transcript, list(local.items))

    computed: list[Transcript] = []
    packed = cached(cache_dir, key, compute, _packed, remember=False, deep=False)  # `_packed` checks the rows
    if computed:
        transcript = computed[0]
    else:
        transcript, warnings = _unpack(packed)
        problems.items.extend(warnings)
    transcript.source_key = f"{code_version()}-{key}"
    return transcript


def transcript_key(t: Transcript) -> str:
    """A hash of everything in a parsed transcript: the hash of its source when
    `parse_cached` made it (segments are never changed after loading), else of its segments."""
    if t.source_key is not None:
        return t.source_key
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"\0{t.path}\0{t.format}".encode())
    for seg in t.segments:
        digest.update(f"\0{seg.start!r}\x1f{seg.end!r}\x1f{seg.speaker}\x1f{seg.line}\x1f{seg.text}".encode())
        if seg.words:
            digest.update(repr(seg.words).encode())
    return digest.hexdigest()
