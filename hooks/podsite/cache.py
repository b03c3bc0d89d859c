"""A cache of derived results under `<project>/.cache/podsite/`, so a rebuild redoes only what changed.

One API for every kind of result (parsed transcripts, derived chapters, mention hits,
rendered pages, the show notes' HTML, transcript downloads, the search index):

- `cached(cache_dir, key, compute)` returns `compute()`, kept by `key` in this
  process's memory and on disk (`lookup` and `store` are its two halves);
- `kept_files(cache_dir, key, render)` keeps whole files, for outputs published as
  hard links into the site (`link_or_copy`).

`cache_dir` is `.cache/podsite/<kind>` (`cache_dir_for`); entries live under
`<kind>/<version>/`. The key hashes every input of the result; the version
(`code_version`) hashes everything else that shapes it: every source file of this
package and of the hooks (found by walking the folders), the versions of the
third-party packages that shape output (`OUTPUT_PACKAGES`), Python's minor version
and the entry format. So an edit or an upgrade starts a fresh folder (older ones are
removed) and nothing stale is ever served.

A cache problem costs time, never correctness:

- each entry on disk carries a digest of its key and content, checked on every read,
  and the value is checked for missing attributes: an altered, swapped, truncated or
  damaged entry is a miss, computed again and overwritten;
- entries and kept folders are written to a temporary name and renamed into place,
  so two builds at once, or a build killed half-way, never leave half an entry;
- any failure to read or write is a miss, with one warning per build (`problem`),
  never an error: a read-only `.cache/` just makes the build slower.

Set `PODSITE_CACHE=off` to compute everything afresh.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import os
import pickle
import shutil
import sys
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

#: Bump when the layout of cache entries changes (the source code is hashed anyway).
FORMAT = 3
CACHE_DIR = ".cache"
ENV_SWITCH = "PODSITE_CACHE"
#: The folder of this package (`hooks/podsite`); the hook modules are in its parent.
_PACKAGE = Path(__file__).resolve().parent
#: Third-party distributions whose code shapes what is kept: a new version of any of
#: them starts a fresh cache (Markdown output, derived chapters, fuzzy matches, feed
#: and page HTML, the search index).
OUTPUT_PACKAGES = (
    "markdown",
    "pymdown-extensions",
    "rapidfuzz",
    "feedgen",
    "lxml",
    "jinja2",
    "mkdocs",
    "mkdocs-material",
    "pagefind",
    "pagefind-bin",
)
#: Cache problems are reported on a logger of their own: a warning there is shown but
#: does not fail `mkdocs build --strict` (a cache problem never stops a build).
log = logging.getLogger("podsite.cache")


def code_files() -> list[Path]:
    """Every source file whose code shapes a cached result: all of `hooks/podsite/` and `hooks/*.py`."""
    found = [
        path
        for path in _PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo")
    ]
    found += [path for path in _PACKAGE.parent.glob("*.py") if path.is_file()]
    return sorted(found)


def package_versions() -> dict[str, str]:
    """Installed version of each of `OUTPUT_PACKAGES` ("-" when it is not installed)."""
    versions = {}
    for name in OUTPUT_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    return versions


@functools.cache
def code_version() -> str:
    """A short hash of everything besides an entry's key that shapes it (see the module docstring)."""
    digest = hashlib.blake2b(f"format {FORMAT}\0python {sys.version_info[0]}.{sys.version_info[1]}".encode())
    digest.update(repr(sorted(package_versions().items())).encode())
    root = _PACKAGE.parent
    for path in code_files():
        digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "").strip().lower() not in ("0", "off", "no", "false")


def cache_dir_for(docs_dir: Path, kind: str = "transcripts") -> Path | None:
    """The cache folder for `kind` of the project whose docs folder is `docs_dir` (None when switched off)."""
    if not enabled():
        return None
    return docs_dir.resolve().parent / CACHE_DIR / "podsite" / kind


@dataclass
class Stats:
    """Hits and misses since the process started (the benchmark and tests read them)."""

    hits: int = 0
    misses: int = 0


STATS = Stats()


@dataclass
class _Warned:
    """Whether this build has said that the cache has a problem (said once per build)."""

    said: bool = False


_WARNED = _Warned()


def new_build() -> None:
    """Start a build: its first cache problem is reported again."""
    _WARNED.said = False


def problem(what: str) -> None:
    """Report a cache problem: a warning for the first one of a build, debug lines after it."""
    if _WARNED.said:
        log.debug(f"podsite cache: {what}")
        return
    _WARNED.said = True
    log.warning(
        f"podsite cache: {what}; the build goes on without that entry "
        f"(further cache problems of this build are not listed; `make clean` empties .cache/)"
    )


def digest_of(*parts: object) -> str:
    """A hash of values by their `repr` (dataclasses, tuples, strings, numbers: stable across runs)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# sealed blobs: what is on disk carries a digest of its key and content

_SEAL_SIZE = 32


def _seal(key: str, payload: bytes) -> bytes:
    return hashlib.blake2b(key.encode() + b"\0" + payload, digest_size=_SEAL_SIZE).digest() + payload


def _unseal(key: str, blob: bytes) -> bytes | None:
    """The payload of a sealed blob, or None when it was not written for `key` or was changed since."""
    payload = blob[_SEAL_SIZE:]
    if len(blob) < _SEAL_SIZE or _seal(key, payload)[:_SEAL_SIZE] != blob[:_SEAL_SIZE]:
        return None
    return payload


_ATOMS = (str, int, float, bool, bytes, type(None))


def intact(value: Any, depth: int = 0) -> bool:
    """False when a dataclass anywhere in `value` lacks one of its fields (an entry that
    unpickles but would fail later, or quietly show a class default, where a page reads
    the missing attribute)."""
    if isinstance(value, _ATOMS) or depth > 50:
        return True
    if isinstance(value, list | tuple | set | frozenset):
        return all(intact(item, depth + 1) for item in value if not isinstance(item, _ATOMS))
    if isinstance(value, dict):
        return all(intact(k, depth + 1) and intact(v, depth + 1) for k, v in value.items())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        own = getattr(value, "__dict__", None)
        try:
            return all(
                (own is None or f.name in own) and intact(getattr(value, f.name), depth + 1)
                for f in dataclasses.fields(value)
            )
        except AttributeError:  # a slot never set
            return False
    return True


def _version_folder(folder: Path) -> Path:
    """Create the folder of a code version (`<kind>/<version>`), dropping those of older versions."""
    if not folder.is_dir():
        if folder.parent.is_dir():
            for old in folder.parent.iterdir():
                if old.is_dir() and old.name != folder.name:
                    shutil.rmtree(old, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write_atomic(entry: Path, blob: bytes) -> None:
    """Write `entry` whole or not at all: a reader (another build) never sees half of it."""
    fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, entry)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------------------------
# values: `cached`, or its halves `lookup` and `store`

#: Pickled values by folder and key, most recent last: `mkdocs serve` keeps this
#: module loaded, so a rebuild reads nothing from disk for what did not change.
_MEMORY: OrderedDict[str, bytes] = OrderedDict()
_MEMORY_MAX_BYTES = 512 * 1024 * 1024


@dataclass
class _MemoryUse:
    bytes: int = 0
    on: bool = True  # off in `mkdocs build` (`remember_values`)


_MEMORY_USE = _MemoryUse()


def remember_values(on: bool) -> None:
    """Whether values are also kept in this process's memory. `mkdocs serve` keeps them for its
    next rebuild; one `mkdocs build` reads each entry once, so there they would only hold up to
    `_MEMORY_MAX_BYTES` (every episode page's transcript HTML, at thousands of episodes) until
    the process ends."""
    _MEMORY_USE.on = on
    if not on:
        forget()


def remembering() -> bool:
    """Whether this process keeps what it worked out for a next build (`mkdocs serve`): the
    memos of other modules ask too, so one `mkdocs build` of a big show does not hold every
    episode's intermediate results until it ends."""
    return _MEMORY_USE.on


def _remember(name: str, blob: bytes) -> None:
    if not _MEMORY_USE.on:
        return
    old = _MEMORY.pop(name, None)
    if old is not None:
        _MEMORY_USE.bytes -= len(old)
    _MEMORY[name] = blob
    _MEMORY_USE.bytes += len(blob)
    while _MEMORY_USE.bytes > _MEMORY_MAX_BYTES and len(_MEMORY) > 1:
        _MEMORY_USE.bytes -= len(_MEMORY.popitem(last=False)[1])


def forget() -> None:
    """Drop what this process remembers, so the next reads come from disk."""
    _MEMORY.clear()
    _MEMORY_USE.bytes = 0


def _any(value: Any) -> bool:
    return True


def _entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / code_version() / f"{key}.pickle"


def lookup(
    cache_dir: Path, key: str, valid: Callable[[Any], bool] = _any, remember: bool = True, deep: bool = True
) -> Any:
    """The value stored by `key`, or None (a miss).

    From this process's memory when it was stored or read before, else from disk;
    each call returns a fresh copy (callers may change what they get). An entry that
    fails its digest, does not unpickle, is not `valid` or (with `deep`) has a
    dataclass that lacks a field is a miss, reported by `problem`. Callers that keep
    large plain values (rows of a transcript) pass `deep=False` and check in `valid`."""
    entry = _entry(cache_dir, key)
    name = str(entry)
    payload = _MEMORY.get(name)
    if payload is not None:
        _MEMORY.move_to_end(name)
        STATS.hits += 1
        return pickle.loads(payload)
    try:
        blob = entry.read_bytes()
    except FileNotFoundError:
        STATS.misses += 1
        return None
    except OSError as exc:
        STATS.misses += 1
        problem(f"cannot read {entry}: {exc.strerror or exc}")
        return None
    value, ok = None, False
    payload = _unseal(key, blob)
    if payload is not None:
        try:
            value = pickle.loads(payload)
            ok = valid(value) and (not deep or intact(value))
        except Exception:  # damaged in a way the digest cannot see, or classes since removed
            ok = False
    if not ok:
        STATS.misses += 1
        problem(f"the entry {entry} is damaged or was changed, and is made again")
        return None
    STATS.hits += 1
    if remember and payload is not None:
        _remember(name, payload)
    return value


def has_entry(cache_dir: Path, key: str) -> bool:
    """Whether an entry is stored by `key` (in this process's memory or on disk; not read or checked)."""
    entry = _entry(cache_dir, key)
    return str(entry) in _MEMORY or entry.is_file()


def store(cache_dir: Path, key: str, value: Any, remember: bool = True) -> bytes:
    """Keep `value` by `key` (in memory, and on disk when it can be written); returns its pickle."""
    entry = _entry(cache_dir, key)
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    if remember:
        _remember(str(entry), payload)
    try:
        _version_folder(entry.parent)
        _write_atomic(entry, _seal(key, payload))
    except OSError as exc:
        problem(f"cannot write {entry}: {exc.strerror or exc}")
    return payload


def cached(
    cache_dir: Path | None,
    key: str,
    compute: Callable[[], Any],
    valid: Callable[[Any], bool] = _any,
    remember: bool = True,
    deep: bool = True,
) -> Any:
    """`compute()`, kept under `cache_dir` by `key`.

    `key` must hash every input of `compute`; the code and packages are in the version
    (`code_version`). With `remember` the value is also kept in this process's memory
    and each call returns a fresh copy; without it, the disk only. With `cache_dir`
    None (`PODSITE_CACHE=off`) it just computes. An exception from `compute` is not
    kept and goes to the caller."""
    if cache_dir is None:
        return compute()
    try:
        value = lookup(cache_dir, key, valid, remember, deep)
    except Exception as exc:  # never stop a build over the cache
        problem(f"cannot read the entry {key} of {cache_dir}: {exc}")
        value = None
    if value is not None:
        return value
    value = compute()
    try:
        payload = store(cache_dir, key, value, remember)
    except Exception as exc:  # a value that cannot be pickled: computed every time
        problem(f"cannot keep the entry {key} of {cache_dir}: {exc}")
        return value
    return pickle.loads(payload) if remember else value


# ---------------------------------------------------------------------------------------------
# files: `kept_files`, published as hard links

#: In a folder of kept files: the folder's key and each file's size and modification
#: time when it was written, sealed like an entry.
STAMP = ".stamp"


def _stats(folder: Path, names: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Size and modification time (ns) of each named file in `folder` (OSError when one is missing)."""
    out = {}
    for name in names:
        st = os.stat(folder / name)
        out[name] = (st.st_size, st.st_mtime_ns)
    return out


def stamped_files(folder: Path) -> list[str] | None:
    """The files of a folder of kept files; None when the folder is missing or unfinished,
    was written for another key (its name), or a file in it was changed or removed since.

    A site may hold hard links to kept files (see `link_or_copy`): a tool that rewrote
    such a site file in place rewrote the kept file too, and its stamp tells."""
    try:
        blob = (folder / STAMP).read_bytes()
    except OSError:
        return None
    try:
        payload = _unseal(folder.name, blob)
        stamp = pickle.loads(payload) if payload is not None else None
        if isinstance(stamp, dict) and _stats(folder, stamp) == stamp:
            return sorted(stamp)
    except Exception:  # broken, foreign, or a file removed
        pass
    return None


def write_stamp(folder: Path, key: str) -> None:
    """Stamp the files of `folder`, to be renamed to `key` (see `stamped_files`)."""
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != STAMP)
    payload = pickle.dumps(_stats(folder, names), protocol=pickle.HIGHEST_PROTOCOL)
    _write_atomic(folder / STAMP, _seal(key, payload))


def kept_files(cache_dir: Path, key: str, render: Callable[[], Mapping[str, str | bytes]]) -> dict[str, Path] | None:
    """Name -> path of files kept under `cache_dir` by `key`, written from `render()` when
    missing or changed (text as UTF-8, bytes as they are). None when they cannot be
    written (the caller then publishes the rendered content itself)."""
    version = cache_dir / code_version()
    folder = version / key
    names = stamped_files(folder)
    if names is not None:
        STATS.hits += 1
        return {name: folder / name for name in names}
    STATS.misses += 1
    files = render()
    try:
        tmp = Path(tempfile.mkdtemp(dir=_version_folder(version), prefix=".tmp-"))
        try:
            for name, content in files.items():
                if isinstance(content, bytes):
                    (tmp / name).write_bytes(content)
                else:
                    (tmp / name).write_text(content, encoding="utf-8", newline="")
            write_stamp(tmp, key)
            shutil.rmtree(folder, ignore_errors=True)
            try:
                os.replace(tmp, folder)  # whole: a concurrent build never sees half a folder
            except OSError:
                if stamped_files(folder) != sorted(files):  # another build put the same files there first
                    raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError as exc:
        problem(f"cannot keep files under {version}: {exc.strerror or exc}")
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
