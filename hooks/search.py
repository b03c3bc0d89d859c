"""MkDocs events for site search: index the episode pages with Pagefind after every build.

Pagefind (the `pagefind[bin]` wheel ships its binary) reads the written HTML and
writes `site/pagefind/`: an index split into small chunks, the page fragments
used for result excerpts, and its search UI. A browser downloads only the chunks a
query needs. Only elements marked `data-pagefind-body` are indexed (episode title,
show notes, transcript; see overrides/episode.html), so Material's built-in search
stays off (`plugins: []` in mkdocs.yml) and the site ships one index.

Pagefind reads a copy of the pages it indexes in which each transcript line's anchor is
an empty element before the line's words (`podsite.pagefind_fragments.anchors_apart`), so
it keeps no second copy of the transcript in the anchors: a quarter less work for it and
nothing left for `slim` to do (it still empties the lines of pages in scripts written
without spaces). A show whose pages pass `run_bytes()` is indexed in parts of about equal
size, and `podsite.pagefind_merge` makes one index of them, as one run would write it but for
the pages' numbers: Pagefind holds every page it reads until it writes, so its memory is
bounded by the parts it reads at a time, not by the show. The runs at a time (two on two or
more CPUs, where one run keeps about one and a half busy; one when halving would leave a run
under `RUN_MIN`) together read as much as keeps the whole build under 2 GB
(`PODSITE_MEMORY_MB`) beside what the MkDocs process holds: 16 to 96 MiB of pages, about
300 MB to 1.6 GB for Pagefind (7.2 GB in one run at 5,000 episodes). If the parts cannot be
merged (a Pagefind of another index layout), Pagefind
reads every page in one run, with a warning.
Pagefind runs in its own process, started as soon as every episode page is
written, so it indexes on the second core while MkDocs writes the other pages
(mention pages, the archive) and runs the post-build steps. In a big show's first
build (`_Stream`) it starts sooner: each part is indexed as soon as its pages are
written, at a lower priority than the build, and the index made of the parts is
checked against the pages on disk after the last one. `mkdocs build` waits
for it before it finishes; `mkdocs serve` does not (an edited page is served
without waiting for the index), and the next build stops an indexer still running.

Pagefind's output is kept under `.cache/podsite/pagefind/<hash>/`, the hash taken
over every page it reads (path and bytes) and its arguments: when a build writes
the same episode pages again, the kept index is linked into the site instead of
indexing again (the same bytes Pagefind would write; hard links where the disk
allows, see `cache.link_or_copy`, and a stamp of each file's size and time so an
index changed through such a link is made again). Pagefind writes its filter indexes
in a different order on every run; `podsite.pagefind_order.settle` sorts them, so the
same pages give the same bytes. `podsite.pagefind_chunks.split` gives a word said far more
often than the words beside it an index chunk of its own, so a rare word does not download
the common one's places. With the line anchors apart, the fragment a search result
downloads holds each line's words once, half what it would (`podsite.pagefind_fragments.slim`
empties whatever line anchor text is left, and names each fragment it changes after its new bytes),
and `podsite.pagefind_heavy.write_heavy` lists the commonest words, which the dialog leaves
out of a longer query.
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import buildstate
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from podsite import memory, pagefind_chunks, parallel
from podsite.cache import cache_dir_for, code_version, link_or_copy, problem, stamped_files, write_stamp
from podsite.model import MentionSpec
from podsite.pagefind_chunks import split
from podsite.pagefind_fragments import BODY, Copied, page_for_index, pages_for_index, slim
from podsite.pagefind_heavy import write_heavy
from podsite.pagefind_merge import merge, read_words
from podsite.pagefind_order import UnknownLayout, drop_ui, settle
from podsite.parallel import workers
from podsite.search_terms import episode_numbers, moments_json, search_terms, to_json

log = logging.getLogger("mkdocs.plugins.podsite.search")

OUTPUT_SUBDIR = "pagefind"
#: Only episode pages and the registry's mention pages carry `data-pagefind-body`;
#: reading no other HTML keeps indexing fast.
FOLDERS = ("episodes", "mentions")
#: Each one's own page only (`episodes/<stem>/index.html`): not pages beside it (an
#: episode's embeddable player at `episodes/<stem>/embed/`) nor later pages of a list.
GLOB = "{" + ",".join(FOLDERS) + "}/*/index.html"
#: What the search dialog knows beyond the index (podsite/search_terms.py).
TERMS = "assets/podsite/search-terms.json"
#: Episode numbers, a file per hundred (`search_terms.episode_numbers`), read by number queries.
NUMBERS = "assets/podsite/search-numbers"
#: Parts of indexed pages that are not words anyone searches for: the timestamp
#: links and speaker labels of every transcript paragraph, the download links,
#: the heading permalinks (¶).
EXCLUDE = (".podsite-ts", ".podsite-speaker", ".podsite-downloads", ".headerlink")


def pagefind_binary() -> Path:
    """The Pagefind executable: `PAGEFIND_BINARY_PATH`, the `pagefind_bin` wheel, or one on PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None  # type: ignore[assignment]
    found = get_executable() if get_executable is not None else None
    if found is None or not Path(found).is_file():
        raise PluginError(
            "search: the Pagefind binary was not found; install it with `pip install 'pagefind[extended]'`"
        )
    return Path(found)


def pagefind_args(site_dir: Path, language: str | None = None) -> list[str]:
    args = [
        str(pagefind_binary()),
        "--site",
        str(site_dir),
        "--output-subdir",
        OUTPUT_SUBDIR,
        "--glob",
        GLOB,
        "--quiet",
    ]
    for selector in EXCLUDE:
        args += ["--exclude-selectors", selector]
    if language:
        args += ["--force-language", language]
    return args


def indexed_pages(site_dir: Path) -> list[Path]:
    """The pages under `site_dir` Pagefind reads (`GLOB`), sorted."""
    return sorted(page for folder in FOLDERS for page in site_dir.glob(f"{folder}/*/index.html"))


#: What a build may take of memory in all its processes at once while Pagefind runs, in bytes
#: (`PODSITE_MEMORY_MB` sets another, in MiB). Pagefind holds every page's words and text until
#: it writes the index (7.2 GB over the pages of a 5,000-episode show), so a show is indexed in
#: parts of about equal size, the runs at a time (`at_once`) together as large as the memory the
#: MkDocs process leaves of this allows, and `podsite.pagefind_merge` makes one index of them.
MEMORY_BYTES = 2048 << 20
MEMORY_ENV = "PODSITE_MEMORY_MB"
#: Pagefind's peak per byte of the pages one run reads (measured over a 5,000-episode show's
#: pages: 1,635 MB over 96 MiB, 445 MB over 24 MiB).
PAGEFIND_PER_BYTE = 18
#: What the MkDocs process may still grow by while Pagefind runs: the feed, the parts' words
#: read for the merge (about 250 MB at 5,000 episodes).
GROWTH_BYTES = 350 << 20
#: The fewest bytes Pagefind reads at a time (below it the runs cost more than they save) and
#: the most (more takes a little less time and much more memory).
RUN_MIN, RUN_MAX = 16 << 20, 96 << 20
#: The environment variable that sets the size of a part, in MiB, whatever the memory.
RUN_MB_ENV = "PODSITE_SEARCH_PART_MB"
#: Pagefind runs at a time on a machine of two or more CPUs: one run keeps about one and a half
#: busy (parsing, then compressing what it writes), two keep both, each over half the bytes.
AT_ONCE = 2


def _mib(name: str) -> int | None:
    """The environment variable `name` as MiB (a decimal fraction too: "0.5"), in bytes; None when unset or not above 0."""
    try:
        value = float(os.environ.get(name, "").strip())
    except ValueError:
        return None
    return int(value * (1 << 20)) if 0 < value < 1 << 30 else None


def resident_bytes() -> int:
    """The resident memory of this process and the processes it started (the pool's workers
    drawing cards) now; where /proc is missing, this process's peak (0 if that is unknown)."""
    now = memory.tree_rss(os.getpid())
    if now is not None:
        return now
    try:
        import resource
    except ImportError:  # not on a Unix
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def run_bytes(own: int | None = None) -> int:
    """The pages' bytes Pagefind reads at a time, in all its runs: what keeps the build under
    `PODSITE_MEMORY_MB` (`MEMORY_BYTES`) beside the `own` resident memory of this process and its
    workers (now, when None) and its growth, between `RUN_MIN` and `RUN_MAX`."""
    limit = _mib(MEMORY_ENV) or MEMORY_BYTES
    left = limit - (resident_bytes() if own is None else own) - GROWTH_BYTES
    return max(RUN_MIN, min(RUN_MAX, left // PAGEFIND_PER_BYTE))


def at_once() -> int:
    """How many Pagefind runs index parts at the same time: `AT_ONCE`, or one on one CPU."""
    return max(1, min(AT_ONCE, workers()))


def sizing(own: int | None = None) -> tuple[int, int]:
    """How a big show's pages are read: the Pagefind runs made at the same time and the pages'
    bytes of one part. `PODSITE_SEARCH_PART_MB` sets the part, else `run_bytes(own)` is shared by
    `at_once()` runs; when that leaves a run less than `RUN_MIN` (no memory to spare: thousands
    of episodes held by the MkDocs process), one run at a time reads `run_bytes(own)`."""
    fixed = _mib(RUN_MB_ENV)
    if fixed is not None:
        return at_once(), fixed
    total, together = run_bytes(own), at_once()
    if total // together < RUN_MIN:
        together = 1
    return together, total // together


def tail_runs(largest: int, own: int | None = None) -> int:
    """Pagefind runs at a time over parts of at most `largest` bytes once the last page it reads is
    written (`_Stream.last`: asked then, and again after the last page of all, when the pool's
    workers are gone): `at_once()` when that many would fit under `PODSITE_MEMORY_MB` beside the
    `own` resident memory of this process and its children (now, when None; a run may be going,
    counted again at its peak), else one."""
    if _mib(RUN_MB_ENV) is not None:
        return at_once()
    limit = _mib(MEMORY_ENV) or MEMORY_BYTES
    left = limit - (resident_bytes() if own is None else own) - GROWTH_BYTES
    return at_once() if left >= 2 * PAGEFIND_PER_BYTE * max(1, largest) else 1


def parts(sizes: list[tuple[str, int]], budget: int) -> list[list[str]]:
    """`sizes` (pages in order, each with its bytes) cut in order into the fewest parts of about
    equal size that each hold at most about `budget` bytes (a page larger than that is a part)."""
    total = sum(size for _, size in sizes)
    count = max(1, -(-total // max(1, budget)))
    target = total / count
    cut: list[list[str]] = [[]]
    held = 0
    for name, size in sizes:
        if cut[-1] and held + size / 2 > target * len(cut) and len(cut) < count:
            cut.append([])
        cut[-1].append(name)
        held += size
    return cut


@dataclass
class _Plan:
    """How Pagefind reads a build's pages: from a copy in a temporary folder (`pages`, removed
    by `remove`), in one run or in parts (`runs`, each over one of `trees` and writing to one of
    `outputs` inside the site's index folder) merged afterwards; `whole`, one run over every
    page, once `gather` has put the parts' pages in one tree."""

    runs: list[list[str]]
    trees: list[Path]
    outputs: list[Path]
    whole: list[str]
    pages: Path
    index: Path
    count: int  # pages
    #: Whether a page was given to Pagefind as written (`pagefind_fragments.left_whole`), so
    #: `slim` has lines to empty in its fragment; otherwise the fragments are slim already.
    slim_lines: bool = True
    #: Runs made at the same time (`at_once`), each over one part.
    together: int = 1
    #: The runs instead of `runs` while the pages are being written (`_Stream`): each part's as it fills up.
    coming: Iterator[list[str]] | None = None
    #: Whether the parts were merged, their chunks split as they were written (`merge`'s `split`).
    merged: bool = False

    def gather(self) -> None:
        """Move every part's pages into the one tree `whole` reads."""
        into = self.pages / "all"
        for tree in self.trees:
            if tree == into:
                continue
            for page in sorted(tree.rglob("*.html")):
                os.renames(page, into / page.relative_to(tree))

    def remove(self) -> None:
        shutil.rmtree(self.pages, ignore_errors=True)
        for output in self.outputs:
            shutil.rmtree(output, ignore_errors=True)


def _plan(args: list[str], site_dir: Path, budget: int | None = None) -> _Plan:
    """The runs of Pagefind that index the pages of `args` (its arguments for the site, changed
    to read a copy of the pages, each as `pagefind_fragments.anchors_apart` gives it, in a new
    temporary folder, and to write the index into the site all the same): one run, or one a
    part of at most about `budget` bytes of pages, as many at a time as `sizing()` says."""
    pages = Path(tempfile.mkdtemp(prefix="podsite-pagefind-"))
    index = (site_dir / OUTPUT_SUBDIR).resolve()
    marked: set[str] = set()
    read_whole: set[str] = set()  # pages Pagefind reads as written: `slim` empties their other lines
    try:
        found = indexed_pages(site_dir)
        sizes = [(page.relative_to(site_dir).as_posix(), page.stat().st_size) for page in found]
        together, size = sizing() if budget is None else (at_once(), budget)
        cut = parts(sizes, size)
        trees = [pages / "all"] if len(cut) == 1 else [pages / f"part-{number}" for number in range(len(cut))]
        for tree, part in zip(trees, cut, strict=True):
            tree.mkdir()
            copied = pages_for_index(site_dir, part, tree)
            marked |= copied.marked
            read_whole |= copied.read_whole
        if marked and len(cut) > 1:  # as one run over every page: the unmarked pages are left out
            cut, trees = _marked_only(cut, trees, marked, pages / "all")
    except (OSError, UnicodeDecodeError):
        shutil.rmtree(pages, ignore_errors=True)
        raise

    def run(site: Path, output: Path) -> list[str]:
        return _one_run(args, site, output)

    one = run(pages / "all", index)
    count = len(marked) if marked else sum(len(part) for part in cut)  # the pages Pagefind indexes
    slim_lines = bool(read_whole & marked) if marked else bool(read_whole)
    if len(cut) == 1:
        return _Plan([one], trees, [], one, pages, index, count, slim_lines=slim_lines)
    outputs = [index / f".part-{number}" for number in range(len(cut))]
    runs = [run(tree, output) for tree, output in zip(trees, outputs, strict=True)]
    return _Plan(runs, trees, outputs, one, pages, index, count, slim_lines=slim_lines, together=together)


def _marked_only(
    cut: list[list[str]], trees: list[Path], marked: set[str], single: Path
) -> tuple[list[list[str]], list[Path]]:
    """The parts without the pages that do not mark their indexed part (Pagefind leaves them out
    of a run in which any page marks it, but indexes them whole in a part of their own: the
    show-notes names' mention pages, after the episodes), their copies removed, and without the
    parts left empty; one part left is the tree `single`."""
    kept_cut, kept_trees = [], []
    for part, tree in zip(cut, trees, strict=True):
        for name in part:
            if name not in marked:
                (tree / name).unlink()
        kept = [name for name in part if name in marked]
        if kept:
            kept_cut.append(kept)
            kept_trees.append(tree)
        else:
            shutil.rmtree(tree)
    if len(kept_trees) == 1:
        kept_trees[0].rename(single)
        kept_trees = [single]
    return kept_cut, kept_trees


def _popen(args: list[str]) -> subprocess.Popen[str]:
    """One run of Pagefind, its output and errors read together."""
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _end(processes: Iterable[subprocess.Popen[str]]) -> None:
    """Stop the runs of Pagefind still going, and wait for every one."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
        process.wait()


class _Stopped(Exception):
    """Indexing was stopped (by the next build, or a failed one) while parts were still to come."""


def _run(plan: _Plan, start: Callable[[list[str]], subprocess.Popen[str] | None]) -> tuple[int, str]:
    """Run Pagefind as `plan` says, each run through `start` (which gives None once indexing is
    stopped), and merge the parts; Pagefind's return code (of the first run that failed) and its
    output, with a warning of its own if the parts could not be merged (Pagefind then reads
    every page in one run). The plan's folders are removed."""
    said = ""
    reader = ThreadPoolExecutor(max_workers=1)  # a part's words are read while the next is indexed
    runs = len(plan.runs) if plan.coming is None else None  # None: parts still being written
    if runs is not None and runs > 1:  # a big show: say what the minutes after the last page are spent on
        log.info(f"search: indexing {plan.count} pages in {runs} parts, one Pagefind run each")
    started = time.perf_counter()
    running: deque[tuple[int, subprocess.Popen[str]]] = deque()  # in the order of the parts
    read: list[Any] = []

    def collect(more: bool = False) -> int | None:
        """Wait for the oldest run; its return code (its part's words read on for the merge). With
        `more`, None as soon as more runs may go at a time (after the last page, `_Stream.last`)
        than are running, so the next part starts beside it."""
        nonlocal said
        done, process = running[0]
        while True:
            try:  # output read while waiting (none is lost by a wait that times out)
                output, _ = process.communicate(timeout=TAIL_POLL if more else None)
                break
            except subprocess.TimeoutExpired:
                if len(running) < plan.together:
                    return None
        running.popleft()
        said += output
        if process.returncode == 0 and plan.outputs:
            read.append(reader.submit(read_words, plan.outputs[done]))
            log.info(f"search: pages indexed: part {done + 1}" + (f" of {runs}" if runs else ""))
        return process.returncode

    try:
        count = 0
        try:
            for number, args in enumerate(plan.runs if plan.coming is None else plan.coming):
                try:
                    process = start(args)
                except OSError as exc:
                    return 1, said + f"Pagefind could not be started: {exc.strerror or exc}"
                if process is None:
                    return -1, said
                running.append((number, process))
                count = number + 1
                while running and len(running) >= plan.together:
                    code = collect(more=plan.coming is not None)
                    if code is None:
                        break
                    if code != 0:
                        return code, said
        except _Stopped:
            return -1, said
        while running:
            code = collect()
            if code:  # never None: a wait without `more` ends with the run
                return code, said
        if not plan.outputs:  # one run, straight into the index
            return 0, said
        try:
            merge(
                plan.outputs, plan.index, [job.result() for job in read], (pagefind_chunks.LARGE, pagefind_chunks.HEAVY)
            )
            plan.merged = True
            log.info(
                f"search: {count} parts indexed and merged into one index in {time.perf_counter() - started:.1f} s"
            )
            return 0, said
        except (UnknownLayout, OSError, ValueError, EOFError, zlib.error) as exc:
            said += (
                f"\nWarning: the search index could not be made of {count} parts ({exc}); "
                "Pagefind read every page in one run, which takes more memory\n"
            )
        shutil.rmtree(plan.index, ignore_errors=True)
        try:
            plan.gather()
            process = start(plan.whole)
        except OSError as exc:
            return 1, said + f"Pagefind could not read the pages: {exc.strerror or exc}"
        if process is None:
            return -1, said
        output, _ = process.communicate()
        return process.returncode, said + output
    finally:
        _end(process for _, process in running)  # a run failed or indexing was stopped: the others end too
        reader.shutdown(cancel_futures=True)
        plan.remove()


def _blocks(output: str) -> list[str]:
    """Pagefind's messages, each with its continuation lines, each once."""
    blocks: list[list[str]] = []
    for raw in output.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not blocks or _starts(line):
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return list(dict.fromkeys(" ".join(b) for b in blocks))


def _starts(line: str) -> bool:
    """Whether a line of Pagefind's output opens a message (its continuation lines follow)."""
    return line[:1] in "⚠✖" or line.startswith(("Note:", "Error", "Warning"))


def _is_note(block: str) -> bool:
    """Pagefind's notes about how it indexes (no stemming for a language, say): not problems."""
    return block.startswith("Note:")


def _problems(output: str) -> list[str]:
    """The warnings and errors in Pagefind's output; its notes are not problems."""
    return [b for b in _blocks(output) if not _is_note(b)]


def _notes(output: str) -> list[str]:
    return [b for b in _blocks(output) if _is_note(b)]


def _settled(site_dir: Path, slim_lines: bool = True, split_chunks: bool = True) -> str:
    """Put Pagefind's filter indexes in a stable order (`podsite.pagefind_order`), give each
    word that outweighs its index chunk a chunk of its own (`podsite.pagefind_chunks`), drop the
    second copy of each transcript line from its page fragments (`podsite.pagefind_fragments`),
    remove the interface files the site does not load, and list the heaviest chunks
    (`podsite.pagefind_heavy`). A step that cannot be done gives a warning in Pagefind's words;
    the others are done all the same (each leaves a working index)."""
    out = site_dir / OUTPUT_SUBDIR
    steps: list[tuple[Any, tuple[type[BaseException], ...], str]] = [
        (
            settle,
            (UnknownLayout, OSError, ValueError),
            "the search filters could not be put in a stable order ({}); the index may differ between builds of the same pages",
        ),
        (
            split,
            (UnknownLayout, OSError, ValueError, EOFError, zlib.error),
            "the search index's largest chunks could not be split ({}); a rare word may download a common word's places with it",
        ),
        (
            slim,
            (OSError, ValueError, EOFError, zlib.error),
            "the search result data could not be made smaller ({}); each result downloads more",
        ),
        (
            drop_ui,
            (OSError,),
            "Pagefind's own interface files could not be removed ({}); the site publishes them unused",
        ),
        (
            write_heavy,
            (UnknownLayout, OSError, ValueError, KeyError, zlib.error),
            "the search index's heaviest chunks could not be listed ({}); a query with a common word downloads them",
        ),
    ]
    said = ""
    for step, problems, warning in steps:
        if step is slim and not slim_lines:  # every page was read with its lines apart: nothing to slim
            continue
        if step is split and not split_chunks:  # the merge wrote its chunks split
            continue
        try:
            step(out)
        except problems as exc:
            said += "\nWarning: " + warning.format(exc) + "\n"
    return said


def index_site(site_dir: Path, language: str | None = None, budget: int | None = None) -> list[str]:
    """Run Pagefind over `site_dir` (writes `site_dir/pagefind/`), in parts of at most about
    `budget` bytes (`run_bytes()`); returns its warnings.

    Raises PluginError when Pagefind fails."""
    shutil.rmtree(site_dir / OUTPUT_SUBDIR, ignore_errors=True)  # may hold links to a kept index
    plan = _plan(pagefind_args(site_dir, language), site_dir, budget)
    code, output = _run(plan, _popen)
    if code != 0:
        raise PluginError(f"search: Pagefind could not index {site_dir}:\n{output.strip()}")
    return _problems(output + _settled(site_dir, plan.slim_lines, not plan.merged))


#: Indexes kept per project (each the size of the site's `pagefind/` folder).
KEEP = 2


_BODY_BYTES = re.compile(BODY.pattern.encode())


def page_digest(data: bytes) -> bytes:
    """What `index_key` takes of one page's bytes."""
    return hashlib.blake2b(data, digest_size=20).digest()


def index_key(site_dir: Path, args: list[str], digests: Mapping[str, bytes] | None = None) -> str:
    """A hash of what Pagefind reads (every page under `GLOB`, path and bytes) and how it is run
    (its arguments, and through `code_version` its version and this code). `digests`: each
    page's `page_digest` by its path in the site, when the pages were hashed as they were written."""
    digest = hashlib.blake2b(code_version().encode(), digest_size=20)
    binary = Path(args[0])
    with_stat = binary.stat() if binary.is_file() else None
    how = [("<site>" if arg == str(site_dir) else arg) for arg in args[1:]]  # the same index wherever the site is
    digest.update(repr((how, with_stat.st_size if with_stat else None)).encode())
    if digests is None:
        read = {
            page.relative_to(site_dir).as_posix(): page.read_bytes()
            for page in indexed_pages(site_dir)
            if page.is_file()
        }
        # the pages that mark their indexed part, if any does: Pagefind leaves out the others, so a
        # page of that kind written or not yet (a notes name's mention page) does not change the key
        marked = {name for name, data in read.items() if _BODY_BYTES.search(data)}
        digests = {name: page_digest(data) for name, data in read.items() if name in marked or not marked}
    for name in sorted(digests):
        digest.update(b"\0" + name.encode() + b"\0" + digests[name])
    return digest.hexdigest()


def _restore(kept: Path, site_dir: Path) -> bool:
    """Link a kept index into the site; False when there is none, or it was changed since."""
    names = stamped_files(kept)
    if names is None or "pagefind-entry.json" not in names:
        return False
    target = site_dir / OUTPUT_SUBDIR
    try:
        if target.exists():
            shutil.rmtree(target)
        for name in names:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(kept / name, target / name)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False
    try:
        os.utime(kept)  # most recently used
    except OSError as exc:
        problem(f"cannot mark {kept} as recently used: {exc.strerror or exc}")
    return True


def _keep(site_dir: Path, kept: Path) -> None:
    """Keep the index Pagefind just wrote as `kept` (linked, with a stamp of each file);
    drop all but the `KEEP` most recent."""
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=kept.parent, prefix=".tmp-"))
        try:
            shutil.copytree(site_dir / OUTPUT_SUBDIR, tmp / "index", copy_function=link_or_copy)
            write_stamp(tmp / "index", kept.name)
            if kept.exists():
                shutil.rmtree(kept)
            os.replace(tmp / "index", kept)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        others = sorted(
            (p for p in kept.parent.iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in others[KEEP:]:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:  # not kept: the next build indexes again
        problem(f"cannot keep the search index under {kept.parent}: {exc.strerror or exc}")


#: A page Pagefind reads (`GLOB`), by its path in the site.
INDEXED = re.compile(r"(?:" + "|".join(FOLDERS) + r")/[^/]+/index\.html")
#: Fewest pages to index for Pagefind to start on them while MkDocs writes the rest (`_Stream`).
STREAM_MIN = 200
STREAM_MIN_ENV = "PODSITE_SEARCH_STREAM_MIN"
#: Parts a first build's pages are indexed in at least, when the memory allows larger ones (the
#: pages' bytes estimated from those written so far), and the smallest such part: the last part,
#: indexed after the last page, is then about an eighth of the work.
STREAM_PARTS = 8
STREAM_PART_MIN = 1 << 20
#: The first part is this fraction of the others: Pagefind starts on the second CPU as soon as a
#: few pages are written, where the build's other work beside the pages (the cards) may be done.
STREAM_FIRST = 4
#: How often, in seconds, a run being waited for while parts are still to come is left to see
#: whether the next may start beside it (`_run`).
TAIL_POLL = 0.25
#: Put in a stream's queue when indexing is stopped before the last part.
_CANCEL: list[str] = []


def stream_min() -> int:
    """Fewest pages indexed as they are written (`PODSITE_SEARCH_STREAM_MIN`, else `STREAM_MIN`)."""
    return parallel.count_setting(STREAM_MIN_ENV, STREAM_MIN)


@dataclass
class _Stream:
    """A big show's pages indexed in parts while MkDocs writes the rest, in a first build (a pool
    of workers is running: the episodes' work or cards were not kept, so no kept index can be the
    one these pages make). Each indexed page is copied for Pagefind from what MkDocs is about to
    write (as `_plan` copies it from the site) and hashed for `index_key`; a part is indexed, at
    a lower priority than the build, once it holds its share (`sizing()`, asked again for each
    part), so Pagefind works on the second CPU while the first writes pages. After the last
    page the pages on disk are checked against the copies (`finish`); any difference, or no page
    marking its indexed part, and the pages are indexed from the site as before."""

    args: list[str]
    site_dir: Path
    plan: _Plan
    size: int
    queue: queue.Queue[list[str] | None] = field(default_factory=queue.Queue)
    part: list[str] = field(default_factory=list)  # the pages of the part being filled
    held: int = 0  # its bytes
    copied: Copied = field(default_factory=Copied)
    names: set[str] = field(default_factory=set)  # every page copied or left out
    digests: dict[str, bytes] = field(default_factory=dict)  # of the pages indexed (`index_key`)
    kept: Path | None = None  # where the index is kept once made (`finish`)
    together: int = 1  # the fewest runs at a time that any part was sized for
    largest: int = 0  # the bytes of the largest part
    expected: int = 0  # the pages the build is to write that Pagefind indexes
    seen_bytes: int = 0  # the bytes of those copied so far (`digests`)

    @classmethod
    def begin(cls, args: list[str], site_dir: Path, expected: int) -> _Stream:
        shutil.rmtree(site_dir / OUTPUT_SUBDIR, ignore_errors=True)
        pages = Path(tempfile.mkdtemp(prefix="podsite-pagefind-"))
        index = (site_dir / OUTPUT_SUBDIR).resolve()
        plan = _Plan([], [], [], _one_run(args, pages / "all", index), pages, index, 0)
        together, size = sizing()
        stream = cls(args, site_dir, plan, size, together=together, expected=expected)
        plan.coming = stream.runs()
        return stream

    def runs(self) -> Iterator[list[str]]:
        """Each part's run, as the part is filled; `_Stopped` once indexing is stopped."""
        while True:
            run = self.queue.get()
            if run is None:
                return
            if run is _CANCEL:
                raise _Stopped
            yield run

    def add(self, name: str, output: str) -> None:
        """Copy the page MkDocs writes to `name` for Pagefind; index the part once it is full."""
        self.names.add(name)
        if BODY.search(output) is None:  # left out (`_marked_only`)
            return
        data = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
        self.digests[name] = page_digest(data)
        page_for_index(name, output, self.plan.pages / f"part-{len(self.plan.trees)}", self.copied)
        self.part.append(name)
        self.held += len(data)
        self.seen_bytes += len(data)
        # at least about `STREAM_PARTS` parts, so that the part indexed after the last page is small
        seen = len(self.digests)
        share = self.seen_bytes * max(self.expected, seen) // (seen * STREAM_PARTS)
        if not self.plan.trees:
            share //= STREAM_FIRST
        if self.held >= min(self.size, max(STREAM_PART_MIN, share)):
            self.close()

    def close(self) -> None:
        """Index the part being filled (if it has pages)."""
        if not self.part:
            return
        number = len(self.plan.trees)
        tree, output = self.plan.pages / f"part-{number}", self.plan.index / f".part-{number}"
        self.plan.trees.append(tree)
        self.plan.outputs.append(output)
        self.plan.count += len(self.part)
        log.debug(f"search: part {number + 1} of the pages written goes to Pagefind ({len(self.part)} pages)")
        self.largest = max(self.largest, self.held)
        self.part, self.held = [], 0
        self.queue.put(_one_run(self.args, tree, output))
        together, self.size = sizing()
        self.together = min(self.together, together)

    def last(self) -> None:
        """Index the last part: every page Pagefind indexes is written, so as many runs at a time as
        the parts were sized for (one until now, beside the pages being written), or as the memory
        the build holds now leaves room for (`tail_runs`)."""
        self.close()
        self.plan.together = max(self.together, tail_runs(self.largest))

    def finish(self, cache_dir: Path | None) -> bool:
        """After the last page: whether the copies are the pages Pagefind is to read (then the
        last part is indexed, the parts merged, and the index kept under `cache_dir`)."""
        on_disk = {page.relative_to(self.site_dir).as_posix() for page in indexed_pages(self.site_dir)}
        if on_disk != self.names or not self.copied.marked or not self._as_copied():
            return False
        self.last()  # a page written after the others (not one the build was waiting for)
        self.plan.slim_lines = bool(self.copied.read_whole)
        if cache_dir is not None:
            self.kept = cache_dir / index_key(self.site_dir, self.args, self.digests)
        self.queue.put(None)
        return True

    def _as_copied(self) -> bool:
        """Whether every page on disk is what was copied (a hook after this one may have changed
        it): each indexed page's bytes, and no page left out that marks its indexed part."""
        for name in self.names:
            try:
                data = (self.site_dir / name).read_bytes()
            except OSError:
                return False
            digest = self.digests.get(name)
            if (page_digest(data) != digest) if digest is not None else _BODY_BYTES.search(data) is not None:
                return False
        return True

    def cancel(self) -> None:
        self.queue.put(_CANCEL)


def _nice() -> list[str]:
    """What runs Pagefind at a lower priority than the build (beside the pages being written,
    or under `serve` beside the next rebuild); nothing where there is no `nice`."""
    return ["nice", "-n", "10"] if shutil.which("nice") else []


def _one_run(args: list[str], site: Path, output: Path) -> list[str]:
    """Pagefind's arguments `args` changed to read the pages under `site` and write to `output`."""
    changed = list(args)
    changed[changed.index("--site") + 1] = str(site)
    at = changed.index("--output-subdir")
    changed[at : at + 2] = ["--output-path", str(output)]
    return changed


@dataclass
class _Indexer:
    """Pagefind in its own process, so it runs beside MkDocs on another core. One per MkDocs
    process (`buildstate.STATE.process`): under `mkdocs serve` a rebuild stops the last one."""

    processes: list[subprocess.Popen[str]] = field(default_factory=list)  # Pagefind's runs started
    thread: threading.Thread | None = None
    output: str = ""
    code: int = 0
    stopped: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    streaming: _Stream | None = None  # the parts being written, when they are indexed as they come

    def start(self, args: list[str], report: bool, cache_dir: Path | None = None) -> None:
        """Start indexing; with `report`, a thread logs the outcome (nobody waits for it).

        With `cache_dir`, an index kept for the same pages is copied in instead."""
        self.stop()
        site_dir = Path(args[args.index("--site") + 1])
        kept = cache_dir / index_key(site_dir, args) if cache_dir is not None else None
        if kept is not None and _restore(kept, site_dir):
            self.output = ""
            if report:
                log.info("search: the search index is up to date (unchanged pages)")
            return
        shutil.rmtree(site_dir / OUTPUT_SUBDIR, ignore_errors=True)  # may hold links to a kept index
        try:
            plan = _plan(args, site_dir)
        except (OSError, UnicodeDecodeError) as exc:
            raise PluginError(f"search: the pages could not be prepared for Pagefind: {exc}") from exc
        nice = _nice() if report else []  # under serve: the next rebuild first
        self.stopped = False
        try:
            first: subprocess.Popen[str] | None = self._launch([*nice, *plan.runs[0]])
        except OSError as exc:
            plan.remove()
            raise PluginError(f"search: Pagefind could not be started: {exc.strerror or exc}") from exc

        def launch(run: list[str]) -> subprocess.Popen[str] | None:
            nonlocal first
            if first is not None:
                process, first = first, None
                return process
            return self._launch([*nice, *run])

        self.thread = threading.Thread(
            target=self._collect, args=(plan, launch, report, site_dir, lambda: kept), daemon=True
        )
        self.thread.start()

    def stream(self, stream: _Stream) -> None:
        """Index `stream`'s parts as they come, at a lower priority than the build (`_Stream`)."""
        self.stop()
        self.stopped, self.streaming = False, stream
        nice = _nice()

        def launch(run: list[str]) -> subprocess.Popen[str] | None:
            return self._launch([*nice, *run])

        self.thread = threading.Thread(
            target=self._collect, args=(stream.plan, launch, False, stream.site_dir, lambda: stream.kept), daemon=True
        )
        self.thread.start()

    def _launch(self, args: list[str]) -> subprocess.Popen[str] | None:
        """Start one run of Pagefind, or None when indexing was stopped."""
        with self.lock:
            if self.stopped:
                return None
            process = _popen(args)
            self.processes = [*(p for p in self.processes if p.poll() is None), process]
            return process

    def _collect(
        self,
        plan: _Plan,
        launch: Callable[[list[str]], subprocess.Popen[str] | None],
        report: bool,
        site_dir: Path,
        keep: Callable[[], Path | None],
    ) -> None:
        try:
            code, output = _run(plan, launch)
            if code == 0:
                output += _settled(site_dir, plan.slim_lines, not plan.merged)
        except Exception as exc:  # noqa: BLE001 - nobody else would hear of it: the build reports it
            log.debug("search: the indexer failed", exc_info=True)
            code, output = 1, f"Error: the search index could not be made: {exc!r}"
        self.output, self.code = output, code
        kept = keep()
        if code == 0 and kept is not None and not _problems(output):
            _keep(site_dir, kept)  # an index with warnings is made again, so they are shown again
        if not report:
            return
        if code == 0:
            for line in _notes(output):
                log.info(f"search: {line}")
            for line in _problems(output):
                log.warning(f"search: {line}")
            log.info("search: the search index is up to date")
        elif code > 0:  # a negative code: stopped by the next build
            log.error(f"search: Pagefind could not index the site:\n{output.strip()}")

    def wait(self, site_dir: Path) -> list[str]:
        """Wait for the indexer; its warnings, or PluginError when it failed."""
        thread = self.thread
        if thread is None:
            return []
        thread.join()
        self.processes, self.thread, self.streaming = [], None, None
        if self.code != 0:
            raise PluginError(f"search: Pagefind could not index {site_dir}:\n{self.output.strip()}")
        for line in _notes(self.output):
            log.info(f"search: {line}")
        return _problems(self.output)

    def stop(self) -> None:
        with self.lock:
            self.stopped = True  # no further run starts
            processes = self.processes
        if self.streaming is not None:
            self.streaming.cancel()  # no further part comes
        _end(processes)
        if self.thread is not None:
            self.thread.join()  # it may be keeping the index it wrote
        elif self.streaming is not None:
            self.streaming.plan.remove()
        self.processes, self.thread, self.streaming = [], None, None


@dataclass
class _Progress:
    """Episode pages this build still has to write; indexing starts once they are all on disk."""

    pending: set[str] | None = None
    all_written: bool = False
    started: bool = False
    stream: _Stream | None = None  # the pages indexed as they are written (a big show's first build)
    #: Pools this process had started when the build began: one started since makes this a first build.
    pool_starts: int = 0


def _indexer() -> _Indexer:
    return buildstate.STATE.process.part(_Indexer)


def _language(config: MkDocsConfig) -> str | None:
    extra: Mapping[str, Any] = config.extra or {}
    language = (extra.get("podcast") or {}).get("language")
    return language if isinstance(language, str) else None


def _cache_dir(config: MkDocsConfig) -> Path | None:
    docs_dir = getattr(config, "docs_dir", None)
    return cache_dir_for(Path(docs_dir), "pagefind") if docs_dir else None


@event_priority(10)  # after hooks/mentions.py has made the mention pages (50)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add `assets/podsite/search-terms.json`: every spelling of the registry's names and the
    words suggestions are made from (read by `assets/podsite/search.js` when search opens)."""
    state = buildstate.STATE
    if state.show is None:
        return files
    index = state.mention_index
    pages = {page.spec.slug: page for page in (index.pages if index is not None else [])}

    def page_url(spec: MentionSpec) -> str | None:
        if spec.slug not in pages:
            return None
        found = files.get_file_from_path(f"mentions/{spec.slug}.md")
        return found.url if found is not None else None

    # names listed in the A-Z index without a page of their own are still words to suggest
    unpaged = index.unpaged if index is not None else []
    terms = search_terms([p.spec for p in [*pages.values(), *unpaged]], state.visible(), page_url)
    old = files.get_file_from_path(TERMS)
    if old is not None:
        files.remove(old)
    files.append(buildstate.generated(config, TERMS, to_json(terms)))
    for number, numbers in episode_numbers(state.visible()).items():
        uri = f"{NUMBERS}/{number}.json"
        stale = files.get_file_from_path(uri)
        if stale is not None:
            files.remove(stale)
        files.append(buildstate.generated(config, uri, to_json(numbers)))
    return files


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """`moments_json`: a mention page's moments as the search result shows them (mention.html)."""
    env.filters["moments_json"] = moments_json
    return env


def on_pre_build(config: MkDocsConfig) -> None:
    _indexer().stop()  # its output folder is about to be rebuilt
    buildstate.STATE.part(_Progress).pool_starts = parallel.starts()  # pools start in `on_files`, after this


def _indexed_pages() -> set[str]:
    """The pages Pagefind reads: every visible episode and the registry's mention pages."""
    state = buildstate.STATE
    pages = {ep.src_uri for ep in state.visible()}
    index = state.mention_index
    for page in index.pages if index is not None else []:
        if page.spec.source == "registry":
            pages.add(f"mentions/{page.spec.slug}.md")
    return pages


@event_priority(-100)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str | None:
    """Start Pagefind as soon as every page it reads is written, while MkDocs writes the rest; in
    a big show's first build, give it the pages in parts as they are written (`_Stream`)."""
    state = buildstate.STATE
    progress = state.part(_Progress)
    if progress.pending is None:
        show = state.show
        progress.pending = _indexed_pages() if show is not None else set()
        if _streams(state, len(progress.pending), progress.pool_starts):
            site_dir = Path(config.site_dir)
            progress.stream = _Stream.begin(pagefind_args(site_dir, _language(config)), site_dir, len(progress.pending))
            _indexer().stream(progress.stream)
            progress.started = True
            log.info(f"search: indexing the {len(progress.pending)} pages in parts as they are written")
    stream = progress.stream
    if stream is not None:
        if INDEXED.fullmatch(page.file.dest_uri):  # every page Pagefind reads (some then left out)
            stream.add(page.file.dest_uri, output)
        progress.pending.discard(page.file.src_uri)
        if not progress.pending and not progress.all_written:
            progress.all_written = True
            stream.last()  # indexed while MkDocs writes the other pages
        return None
    if progress.started:
        return None
    if progress.all_written:  # the last episode page was written after the previous event
        log.debug(f"search: every episode page is written; indexing beside {page.file.src_uri}")
        _indexer().start(pagefind_args(Path(config.site_dir), _language(config)), state.serving, _cache_dir(config))
        progress.started = True
        return None
    progress.pending.discard(page.file.src_uri)
    progress.all_written = not progress.pending
    return None


def _streams(state: buildstate.BuildState, pages: int, pool_starts: int) -> bool:
    """Whether this build indexes its pages as they are written (`_Stream`): a build, not a preview,
    of at least `stream_min()` pages, on more than one CPU, that started a pool (a first build; the
    pool may have stopped already, once its last card was drawn). `pool_starts`: the pools started
    before this build."""
    return not state.serving and pages >= max(1, stream_min()) and at_once() > 1 and parallel.starts() > pool_starts


@event_priority(-100)  # after every other post-build step has written its pages
def on_post_build(config: MkDocsConfig) -> None:
    state = buildstate.STATE
    progress = state.part(_Progress)
    site_dir = Path(config.site_dir)
    stream, cache_dir = progress.stream, _cache_dir(config)
    if stream is not None and not stream.finish(cache_dir):  # other pages than were copied: read them all
        log.info("search: the pages written differ from the pages indexed as they were written; indexing them again")
        _indexer().stop()
        progress.started = False
    elif stream is not None and stream.kept is not None and stream.kept.is_dir():  # the same pages as a kept index
        _indexer().stop()
        progress.started = False
    if not progress.started:
        _indexer().start(pagefind_args(site_dir, _language(config)), state.serving, cache_dir)
        progress.started = True
    if state.serving:
        return  # `mkdocs serve` shows the pages now; the index follows in the background
    try:
        problems = _indexer().wait(site_dir)
    finally:
        if stream is not None:  # a run that failed early leaves the copies of the pages written after it
            shutil.rmtree(stream.plan.pages, ignore_errors=True)
    for line in problems:
        log.warning(f"search: {line}")


def on_build_error(error: Exception) -> None:
    """A failed build leaves no Pagefind run going, nor its pages' copies."""
    _indexer().stop()


def on_shutdown() -> None:
    _indexer().stop()
