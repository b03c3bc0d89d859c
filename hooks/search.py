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
without spaces). Pagefind runs in its own process, started as soon as every episode page is
written, so it indexes on the second core while MkDocs writes the other pages
(mention pages, the archive) and runs the post-build steps. `mkdocs build` waits
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
import shutil
import subprocess
import tempfile
import threading
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import buildstate
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from podsite.cache import cache_dir_for, code_version, link_or_copy, problem, stamped_files, write_stamp
from podsite.model import MentionSpec
from podsite.pagefind_chunks import split
from podsite.pagefind_fragments import pages_for_index, slim
from podsite.pagefind_heavy import write_heavy
from podsite.pagefind_order import UnknownLayout, drop_ui, settle
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


def _read_from_copy(args: list[str], site_dir: Path) -> tuple[list[str], Path]:
    """`args` changed to read a copy of the pages Pagefind indexes, made in a new temporary
    folder (returned; the caller removes it), each as `pagefind_fragments.anchors_apart`
    gives it, and to write the index into the site all the same."""
    pages = Path(tempfile.mkdtemp(prefix="podsite-pagefind-"))
    try:
        pages_for_index(site_dir, [page.relative_to(site_dir).as_posix() for page in indexed_pages(site_dir)], pages)
    except (OSError, UnicodeDecodeError):
        shutil.rmtree(pages, ignore_errors=True)
        raise
    changed = list(args)
    changed[changed.index("--site") + 1] = str(pages)
    at = changed.index("--output-subdir")
    changed[at : at + 2] = ["--output-path", str((site_dir / OUTPUT_SUBDIR).resolve())]
    return changed, pages


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


def _settled(site_dir: Path) -> str:
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
        try:
            step(out)
        except problems as exc:
            said += "\nWarning: " + warning.format(exc) + "\n"
    return said


def index_site(site_dir: Path, language: str | None = None) -> list[str]:
    """Run Pagefind over `site_dir` (writes `site_dir/pagefind/`); returns its warnings.

    Raises PluginError when Pagefind fails."""
    shutil.rmtree(site_dir / OUTPUT_SUBDIR, ignore_errors=True)  # may hold links to a kept index
    args, pages = _read_from_copy(pagefind_args(site_dir, language), site_dir)
    try:
        result = subprocess.run(args, capture_output=True, text=True, check=False)
    finally:
        shutil.rmtree(pages, ignore_errors=True)
    if result.returncode != 0:
        raise PluginError(f"search: Pagefind could not index {site_dir}:\n{(result.stdout + result.stderr).strip()}")
    return _problems(result.stdout + result.stderr + _settled(site_dir))


#: Indexes kept per project (each the size of the site's `pagefind/` folder).
KEEP = 2


def index_key(site_dir: Path, args: list[str]) -> str:
    """A hash of what Pagefind reads (every page under `GLOB`, path and bytes) and how it is run
    (its arguments, and through `code_version` its version and this code)."""
    digest = hashlib.blake2b(code_version().encode(), digest_size=20)
    binary = Path(args[0])
    with_stat = binary.stat() if binary.is_file() else None
    how = [("<site>" if arg == str(site_dir) else arg) for arg in args[1:]]  # the same index wherever the site is
    digest.update(repr((how, with_stat.st_size if with_stat else None)).encode())
    for page in indexed_pages(site_dir):
        if page.is_file():
            digest.update(b"\0" + page.relative_to(site_dir).as_posix().encode() + b"\0")
            digest.update(page.read_bytes())
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


@dataclass
class _Indexer:
    """Pagefind in its own process, so it runs beside MkDocs on another core. One per MkDocs
    process (`buildstate.STATE.process`): under `mkdocs serve` a rebuild stops the last one."""

    process: subprocess.Popen[str] | None = None
    thread: threading.Thread | None = None
    output: str = ""

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
            args, pages = _read_from_copy(args, site_dir)
        except (OSError, UnicodeDecodeError) as exc:
            raise PluginError(f"search: the pages could not be prepared for Pagefind: {exc}") from exc
        if report and shutil.which("nice"):  # under serve: the next rebuild comes before the index
            args = ["nice", "-n", "10", *args]
        try:
            self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        except OSError as exc:
            shutil.rmtree(pages, ignore_errors=True)
            raise PluginError(f"search: Pagefind could not be started: {exc.strerror or exc}") from exc
        self.thread = threading.Thread(
            target=self._collect, args=(self.process, report, site_dir, kept, pages), daemon=True
        )
        self.thread.start()

    def _collect(
        self, process: subprocess.Popen[str], report: bool, site_dir: Path, kept: Path | None, pages: Path
    ) -> None:
        output, _ = process.communicate()
        shutil.rmtree(pages, ignore_errors=True)
        if process.returncode == 0:
            output += _settled(site_dir)
        self.output = output
        if process.returncode == 0 and kept is not None and not _problems(output):
            _keep(site_dir, kept)  # an index with warnings is made again, so they are shown again
        if not report:
            return
        if process.returncode == 0:
            for line in _notes(output):
                log.info(f"search: {line}")
            for line in _problems(output):
                log.warning(f"search: {line}")
            log.info("search: the search index is up to date")
        elif process.returncode > 0:  # a negative code: stopped by the next build
            log.error(f"search: Pagefind could not index the site:\n{output.strip()}")

    def wait(self, site_dir: Path) -> list[str]:
        """Wait for the indexer; its warnings, or PluginError when it failed."""
        process, thread = self.process, self.thread
        if process is None or thread is None:
            return []
        thread.join()
        self.process = self.thread = None
        if process.returncode != 0:
            raise PluginError(f"search: Pagefind could not index {site_dir}:\n{self.output.strip()}")
        for line in _notes(self.output):
            log.info(f"search: {line}")
        return _problems(self.output)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()
        if self.thread is not None:
            self.thread.join()  # it may be keeping the index it wrote
        self.process = self.thread = None


@dataclass
class _Progress:
    """Episode pages this build still has to write; indexing starts once they are all on disk."""

    pending: set[str] | None = None
    all_written: bool = False
    started: bool = False


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
    """Start Pagefind as soon as every page it reads is written, while MkDocs writes the rest."""
    state = buildstate.STATE
    progress = state.part(_Progress)
    if progress.started:
        return None
    if progress.all_written:  # the last episode page was written after the previous event
        log.debug(f"search: every episode page is written; indexing beside {page.file.src_uri}")
        _indexer().start(pagefind_args(Path(config.site_dir), _language(config)), state.serving, _cache_dir(config))
        progress.started = True
        return None
    if progress.pending is None:
        show = state.show
        progress.pending = _indexed_pages() if show is not None else set()
    progress.pending.discard(page.file.src_uri)
    progress.all_written = not progress.pending
    return None


@event_priority(-100)  # after every other post-build step has written its pages
def on_post_build(config: MkDocsConfig) -> None:
    state = buildstate.STATE
    progress = state.part(_Progress)
    site_dir = Path(config.site_dir)
    if not progress.started:
        _indexer().start(pagefind_args(site_dir, _language(config)), state.serving, _cache_dir(config))
        progress.started = True
    if state.serving:
        return  # `mkdocs serve` shows the pages now; the index follows in the background
    for line in _indexer().wait(site_dir):
        log.warning(f"search: {line}")


def on_shutdown() -> None:
    _indexer().stop()
