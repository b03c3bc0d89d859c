"""A cache of parsed transcripts, so a rebuild parses only the files that changed.

Parsing every transcript of a 400-episode show takes seconds; reading them back
from the cache takes a fraction of that, which keeps `mkdocs serve` rebuilds fast.
Entries live under `<project>/.cache/podsite/transcripts/<version>/<key>.pickle`
(`.cache/` is git-ignored):

- the key hashes everything the parse depends on: the file's bytes, the path
  (messages name it), the format and the known speakers;
- the version hashes the source of the parser modules, so any change to the
  parsing code starts a fresh folder (older folders are removed);
- each entry keeps the warnings the parse produced, and a cached read adds them
  to the build's `Problems` again, so a cached build reports what a fresh one does.

A file that cannot be parsed (`ContentError`) is never cached. Set
`PODSITE_CACHE=off` to parse everything afresh; a cache that cannot be read or
written is skipped without a message (the build only gets slower).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, Problems
from .model import Transcript
from .transcripts import parse_transcript

#: Bump when the layout of cache entries changes (the parser source is hashed anyway).
FORMAT = 1
CACHE_DIR = ".cache"
ENV_SWITCH = "PODSITE_CACHE"
_PACKAGE = Path(__file__).resolve().parent
#: The modules whose code decides what a parse returns.
_SOURCES = ("cache.py", "errors.py", "model.py", "timecode.py", "transcripts/*.py")


@functools.cache
def code_version() -> str:
    """A short hash of the parser's source code and the entry format."""
    digest = hashlib.blake2b(f"format {FORMAT}".encode(), digest_size=8)
    for pattern in _SOURCES:
        for path in sorted(_PACKAGE.glob(pattern)):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "").strip().lower() not in ("0", "off", "no", "false")


def cache_dir_for(docs_dir: Path) -> Path | None:
    """The cache folder of the project whose docs folder is `docs_dir` (None when switched off)."""
    if not enabled():
        return None
    return docs_dir.resolve().parent / CACHE_DIR / "podsite" / "transcripts"


def entry_key(data: bytes, path: str, fmt: str | None, known_speakers: Iterable[str]) -> str:
    digest = hashlib.blake2b(data, digest_size=20)
    digest.update(b"\0".join(s.encode() for s in (path, fmt or "", *known_speakers)))
    return digest.hexdigest()


@dataclass
class Stats:
    """Hits and misses since the process started (the benchmark and tests read them)."""

    hits: int = 0
    misses: int = 0


STATS = Stats()


def _read(entry: Path) -> tuple[Transcript, list[Problem]] | None:
    try:
        with entry.open("rb") as fh:
            transcript, warnings = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # a broken or foreign entry: parse again and overwrite it
        return None
    if not isinstance(transcript, Transcript) or not isinstance(warnings, list):
        return None
    return transcript, warnings


def _write(folder: Path, entry: Path, value: tuple[Transcript, list[Problem]]) -> None:
    try:
        if not folder.is_dir():
            # a new parser version: drop the entries of older ones
            if folder.parent.is_dir():
                for old in folder.parent.iterdir():
                    if old.is_dir() and old.name != folder.name:
                        shutil.rmtree(old, ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)  # atomic: a concurrent build never reads half an entry
    except OSError:
        pass


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
    folder = cache_dir / code_version()
    entry = folder / f"{entry_key(data, path, fmt, speakers)}.pickle"
    cached = _read(entry)
    if cached is not None:
        STATS.hits += 1
        problems.items.extend(cached[1])
        return cached[0]
    STATS.misses += 1
    local = Problems()
    try:
        transcript = parse_transcript(data, path, local, fmt=fmt, known_speakers=speakers)
    finally:
        problems.items.extend(local.items)  # warnings found before an error are reported too
    _write(folder, entry, (transcript, list(local.items)))
    return transcript
