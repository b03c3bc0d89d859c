"""A cache of parsed transcripts and derived chapters, so a rebuild redoes only what changed.

Parsing every transcript of a 400-episode show and deriving chapters from its show
notes take seconds; reading the results back takes a fraction of that, which keeps
`mkdocs build` and `mkdocs serve` rebuilds fast. Entries live under
`<project>/.cache/podsite/<kind>/<version>/<key>.pickle` (`.cache/` is git-ignored):

- the key hashes everything the result depends on: for a transcript the file's
  bytes, its path (messages name it), the format and the known speakers; for
  derived chapters the show notes, the mention aliases and the parsed transcript;
- the version hashes the source code that computes the result, so any change to
  that code starts a fresh folder (folders of older versions are removed);
- a transcript entry keeps the warnings its parse produced, and a cached read adds
  them to the build's `Problems` again, so a cached build reports what a fresh one does.

A file that cannot be parsed (`ContentError`) is never cached. Set
`PODSITE_CACHE=off` to compute everything afresh; a cache that cannot be read or
written is skipped without a message (the build only gets slower).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem, Problems
from .model import Chapter, Episode, Segment, Transcript
from .transcripts import parse_transcript

#: Bump when the layout of cache entries changes (the source code is hashed anyway).
FORMAT = 2
CACHE_DIR = ".cache"
ENV_SWITCH = "PODSITE_CACHE"
_PACKAGE = Path(__file__).resolve().parent
#: The modules whose code decides what a transcript parse returns.
_SOURCES = ("cache.py", "errors.py", "model.py", "timecode.py", "transcripts/*.py")
#: The modules whose code decides which chapters are derived.
_CHAPTER_SOURCES = ("cache.py", "model.py", "timecode.py", "chapterize.py")


@functools.cache
def code_version(sources: tuple[str, ...] = _SOURCES) -> str:
    """A short hash of the source code behind a result, and of the entry format."""
    digest = hashlib.blake2b(f"format {FORMAT}".encode(), digest_size=8)
    for pattern in sources:
        for path in sorted(_PACKAGE.glob(pattern)):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "").strip().lower() not in ("0", "off", "no", "false")


def cache_dir_for(docs_dir: Path, kind: str = "transcripts") -> Path | None:
    """The cache folder for `kind` of the project whose docs folder is `docs_dir` (None when switched off)."""
    if not enabled():
        return None
    return docs_dir.resolve().parent / CACHE_DIR / "podsite" / kind


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


def _read(entry: Path, valid: Callable[[Any], bool]) -> Any:
    try:
        with entry.open("rb") as fh:
            value = pickle.load(fh)
    except Exception:  # missing, broken or foreign: compute again (and overwrite it)
        return None
    return value if valid(value) else None


def _write(folder: Path, entry: Path, value: object) -> None:
    _write_blob(folder, entry, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _version_folder(folder: Path) -> Path:
    """Create the folder of a code version (`<kind>/<version>`), dropping those of older versions."""
    if not folder.is_dir():
        if folder.parent.is_dir():
            for old in folder.parent.iterdir():
                if old.is_dir() and old.name != folder.name:
                    shutil.rmtree(old, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write_blob(folder: Path, entry: Path, blob: bytes) -> None:
    try:
        _version_folder(folder)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, entry)  # atomic: a concurrent build never reads half an entry
    except OSError:
        pass


def _pack(transcript: Transcript, problems: list[Problem]) -> tuple[Any, ...]:
    """A parse result as plain values: a list of tuples unpickles about 4x faster than
    a list of `Segment` objects (some 220,000 segments in a 400-episode show)."""
    rows = [(s.start, s.text, s.end, s.speaker, s.line) for s in transcript.segments]
    return (transcript.path, transcript.format, rows, problems)


def _unpack(value: tuple[Any, ...]) -> tuple[Transcript, list[Problem]]:
    path, fmt, rows, problems = value
    return Transcript(path, fmt, [Segment(*row) for row in rows]), problems


def _parsed(value: Any) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 4
        and isinstance(value[0], str)
        and isinstance(value[1], str)
        and isinstance(value[2], list)
        and all(isinstance(row, tuple) and len(row) == 5 for row in value[2])
        and isinstance(value[3], list)
        and all(isinstance(p, Problem) for p in value[3])
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
    folder = cache_dir / code_version()
    key = entry_key(data, path, fmt, speakers)
    entry = folder / f"{key}.pickle"
    cached = _read(entry, _parsed)
    if cached is not None:
        STATS.hits += 1
        transcript, warnings = _unpack(cached)
        problems.items.extend(warnings)
        transcript.source_key = f"{code_version()}-{key}"
        return transcript
    STATS.misses += 1
    local = Problems()
    try:
        transcript = parse_transcript(data, path, local, fmt=fmt, known_speakers=speakers)
    finally:
        problems.items.extend(local.items)  # warnings found before an error are reported too
    _write(folder, entry, _pack(transcript, list(local.items)))
    transcript.source_key = f"{code_version()}-{key}"
    return transcript


def _digest_transcript(digest: Any, t: Transcript) -> None:
    digest.update(f"\0{t.path}\0{t.format}".encode())
    for seg in t.segments:
        digest.update(f"\0{seg.start!r}\x1f{seg.end!r}\x1f{seg.speaker}\x1f{seg.line}\x1f{seg.text}".encode())


def transcript_key(t: Transcript) -> str:
    """A hash of everything in a parsed transcript: the hash of its source when the
    parse cache made it (segments are never changed after loading), else of its segments."""
    if t.source_key is not None:
        return t.source_key
    digest = hashlib.blake2b(digest_size=20)
    _digest_transcript(digest, t)
    return digest.hexdigest()


def digest_of(*parts: object) -> str:
    """A hash of values by their `repr` (dataclasses, tuples, strings, numbers: stable across runs)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


#: Results of `cached` by folder and key, pickled, most recent last: `mkdocs serve` keeps
#: this module loaded, so a rebuild reads nothing from disk for what did not change.
_MEMORY: OrderedDict[str, bytes] = OrderedDict()
_MEMORY_BYTES = 0
_MEMORY_MAX_BYTES = 512 * 1024 * 1024


def _remember(name: str, blob: bytes) -> None:
    global _MEMORY_BYTES
    old = _MEMORY.pop(name, None)
    if old is not None:
        _MEMORY_BYTES -= len(old)
    _MEMORY[name] = blob
    _MEMORY_BYTES += len(blob)
    while _MEMORY_BYTES > _MEMORY_MAX_BYTES and len(_MEMORY) > 1:
        _MEMORY_BYTES -= len(_MEMORY.popitem(last=False)[1])


def lookup(
    cache_dir: Path, sources: tuple[str, ...], key: str, valid: Callable[[Any], bool] = lambda value: True
) -> Any:
    """The value stored by `key` under the code version of `sources`, or None.

    From this process's memory when it was stored or read before, else from disk;
    each call returns a fresh copy (callers may change what they get)."""
    folder = cache_dir / code_version(sources)
    name = f"{folder}/{key}"
    blob = _MEMORY.get(name)
    if blob is not None:
        _MEMORY.move_to_end(name)
        STATS.hits += 1
        return pickle.loads(blob)
    try:
        blob = (folder / f"{key}.pickle").read_bytes()
        value = pickle.loads(blob)
    except Exception:  # missing, broken or foreign: computed again (and overwritten)
        value = None
    if value is None or not valid(value):
        STATS.misses += 1
        return None
    STATS.hits += 1
    _remember(name, blob)
    return value


def store(cache_dir: Path, sources: tuple[str, ...], key: str, value: Any) -> bytes:
    """Keep `value` by `key` (in memory and on disk); returns its pickle."""
    folder = cache_dir / code_version(sources)
    blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    _remember(f"{folder}/{key}", blob)
    _write_blob(folder, folder / f"{key}.pickle", blob)
    return blob


#: In a folder of kept files: each file's size and modification time when it was written.
STAMP = ".stamp"


def stamp_of(folder: Path, names: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Size and modification time (ns) of each named file in `folder` (OSError when one is missing)."""
    out = {}
    for name in names:
        st = os.stat(folder / name)
        out[name] = (st.st_size, st.st_mtime_ns)
    return out


def unchanged(folder: Path) -> list[str] | None:
    """The files of a folder of kept files, or None when one was changed, removed or never finished.

    A site may hold hard links to kept files (see `link_or_copy`): a tool that rewrote
    such a site file in place rewrote the kept file too, and its stamp tells."""
    try:
        stamp = pickle.loads((folder / STAMP).read_bytes())
        if isinstance(stamp, dict) and stamp_of(folder, stamp) == stamp:
            return sorted(stamp)
    except Exception:  # missing, broken, foreign
        pass
    return None


def write_stamp(folder: Path) -> None:
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != STAMP)
    blob = pickle.dumps(stamp_of(folder, names), protocol=pickle.HIGHEST_PROTOCOL)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(blob)
    os.replace(tmp, folder / STAMP)


def kept_files(
    cache_dir: Path, sources: tuple[str, ...], key: str, render: Callable[[], dict[str, str]]
) -> dict[str, Path] | None:
    """Name -> path of files kept under `cache_dir` by `key` and the code version of
    `sources`, written from `render()` when missing or changed. None when they cannot be
    written (the caller then publishes the rendered text itself)."""
    version = cache_dir / code_version(sources)
    folder = version / key
    names = unchanged(folder)
    if names is not None:
        STATS.hits += 1
        return {name: folder / name for name in names}
    STATS.misses += 1
    files = render()
    try:
        tmp = Path(tempfile.mkdtemp(dir=_version_folder(version), prefix=".tmp-"))
        try:
            for name, text in files.items():
                (tmp / name).write_text(text, encoding="utf-8", newline="")
            write_stamp(tmp)
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)  # whole: a concurrent build never sees half a folder
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        return None
    return {name: folder / name for name in sorted(files)}


def link_or_copy(src: Path | str, dest: Path | str) -> None:
    """Put the kept file `src` at `dest` as a hard link (one cheap system call, and no
    new inode for the filesystem to create and later free), else as a copy. Whatever
    was at `dest` is removed first, never written through."""
    try:
        os.unlink(dest)
    except FileNotFoundError:
        pass
    try:
        os.link(src, dest)
    except OSError:  # another filesystem, or links not allowed
        shutil.copyfile(src, dest)


def cached(
    cache_dir: Path | None,
    sources: tuple[str, ...],
    key: str,
    compute: Callable[[], Any],
    valid: Callable[[Any], bool] = lambda value: True,
) -> Any:
    """`compute()`, stored under `cache_dir` by `key` and the code version of `sources`.

    Each call returns a fresh copy (callers may change what they get), from this
    process's memory when it was computed or read before, else from disk. With
    `cache_dir` None (`PODSITE_CACHE=off`) it just computes.
    `key` must hash every input of `compute`; the code is hashed through `sources`.
    """
    if cache_dir is None:
        return compute()
    value = lookup(cache_dir, sources, key, valid)
    if value is not None:
        return value
    return pickle.loads(store(cache_dir, sources, key, compute()))


def chapters_key(episode: Episode) -> str:
    """What derived chapters depend on: the show notes, the mention aliases and the transcript."""
    digest = hashlib.blake2b(episode.notes.encode(), digest_size=20)
    digest.update(repr(sorted(episode.mention_aliases.items())).encode())
    if episode.transcript is not None:
        digest.update(transcript_key(episode.transcript).encode())
    return digest.hexdigest()


def derive_chapters_cached(episode: Episode, cache_dir: Path | None) -> list[Chapter]:
    """`chapterize.derive_chapters(episode)`, read from `cache_dir` when notes and transcript were seen before."""
    from .chapterize import derive_chapters

    if cache_dir is None:
        return derive_chapters(episode)
    folder = cache_dir / code_version(_CHAPTER_SOURCES)
    entry = folder / f"{chapters_key(episode)}.pickle"
    cached = _read(entry, lambda v: isinstance(v, list) and all(isinstance(c, Chapter) for c in v))
    if cached is not None:
        STATS.hits += 1
        return cached  # type: ignore[no-any-return]
    STATS.misses += 1
    chapters = derive_chapters(episode)
    _write(folder, entry, chapters)
    return chapters
