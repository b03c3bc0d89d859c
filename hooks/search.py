"""MkDocs events for site search: index the episode pages with Pagefind in every build.

Pagefind (the `pagefind[bin]` wheel ships its binary) reads the written HTML and
writes `site/pagefind/`: an index split into small chunks, the page fragments
used for result excerpts, and its search UI. A browser downloads only the chunks a
query needs. Only elements marked `data-pagefind-body` are indexed (episode title,
show notes, transcript; see overrides/episode.html), so Material's built-in search
stays off (`plugins: []` in mkdocs.yml) and the site ships one index.

Pagefind runs as a service in its own process (`podsite.pagefind_service`): each page it
reads is given to it as MkDocs writes it, in sorted order, and it reads it on the second
core while MkDocs renders the next; after the last page it only writes the index.
`mkdocs build` waits for that; `mkdocs serve` does not (an edited page is served without
waiting for the index), and the next build stops a service still running.

Pagefind's output is kept under `.cache/podsite/pagefind/<hash>/`, the hash taken
over every page it reads (path and bytes) and its configuration: when a build writes
the same pages again, the kept index is linked into the site instead of indexing
again (the same bytes Pagefind would write; hard links where the disk allows, see
`cache.link_or_copy`, and a stamp of each file's size and time so an index changed through
such a link is made again). While each page written is the one the last kept index read
(`last-pages.json` beside the kept indexes), the service is not even started.

Pagefind writes its filter indexes in a different order on every run; `podsite.pagefind_order.settle` sorts them, so the
same pages give the same bytes. `podsite.pagefind_chunks.split` gives a word said far more
often than the words beside it an index chunk of its own, so a rare word does not download
the common one's places. `podsite.pagefind_fragments.slim` then empties the text
Pagefind keeps of every transcript line's anchor (the line is in the page's content already),
which halves what a search result downloads (and names each fragment after its new bytes),
and `podsite.pagefind_heavy.write_heavy` lists the commonest words, which the dialog leaves
out of a longer query.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
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
from podsite.pagefind_fragments import slim
from podsite.pagefind_heavy import write_heavy
from podsite.pagefind_order import UnknownLayout, drop_ui, settle
from podsite.pagefind_service import Feed, PagefindService, ServiceError
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


def pagefind_config(language: str | None = None) -> dict[str, Any]:
    """How Pagefind indexes the pages (its index configuration)."""
    config: dict[str, Any] = {"exclude_selectors": list(EXCLUDE)}
    if language:
        config["force_language"] = language
    return config


def indexed_page(path: str) -> bool:
    """Whether Pagefind reads the page written at `path` (relative to the site): `GLOB`."""
    parts = path.split("/")
    return len(parts) == 3 and parts[0] in FOLDERS and parts[2] == "index.html"


def _log_messages(log: str) -> str:
    """Pagefind's warnings and errors from its log file, as the command line tool prints them
    (its notes start with "Note:"); its progress lines are left out."""
    said: list[str] = []
    keep = False
    for line in log.splitlines():
        if line.startswith("["):
            level, _, text = line.partition("]: ")
            keep = level in ("[Warning", "[Error")
            if keep:
                said.append(text if _starts(text) else f"{level[1:]}: {text}")
        elif keep:
            said.append(line)
    return "\n".join(said)


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


def _start_service(config: dict[str, Any], logfile: Path, nice: bool = False) -> PagefindService:
    """Pagefind's service (`podsite.pagefind_service`), its messages written to `logfile`;
    with `nice`, at a lower priority (under serve: the next rebuild comes before the index)."""
    command = [str(pagefind_binary())]
    if nice and shutil.which("nice"):
        command = ["nice", "-n", "10", *command]
    try:
        return PagefindService(command, config, logfile)
    except ServiceError as exc:
        raise PluginError(f"search: {exc}") from exc


def _site_pages(site_dir: Path) -> list[str]:
    """The pages under `site_dir` that Pagefind reads (`GLOB`), sorted."""
    return sorted(
        p.relative_to(site_dir).as_posix() for folder in FOLDERS for p in site_dir.glob(f"{folder}/*/index.html")
    )


def _write_index(service: PagefindService, site_dir: Path, logfile: Path, settled: bool = True) -> str:
    """Have the service write `site_dir/pagefind/`, then settle it (`_settled`); what Pagefind
    and the settling said. Raises PluginError when no index could be written."""
    out = site_dir / OUTPUT_SUBDIR
    shutil.rmtree(out, ignore_errors=True)  # may hold links to a kept index
    try:
        unread = service.finish(out)
    except ServiceError as exc:
        raise PluginError(f"search: Pagefind could not index {site_dir}:\n{exc}") from exc
    try:
        said = _log_messages(logfile.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        said = ""
    said += "".join(f"\nWarning: Pagefind could not read {page}\n" for page in unread)
    return said + (_settled(site_dir) if settled else "")


def index_site(site_dir: Path, language: str | None = None, settled: bool = True) -> list[str]:
    """Index the pages written under `site_dir` (writes `site_dir/pagefind/`, put in order and
    made smaller unless `settled` is false); returns Pagefind's warnings.

    Raises PluginError when Pagefind fails."""
    with tempfile.TemporaryDirectory(prefix="podsite-pagefind-") as tmp:
        logfile = Path(tmp) / "pagefind.log"
        feed = Feed(site_dir, _site_pages(site_dir), None, lambda: _start_service(pagefind_config(language), logfile))
        feed.rest()
        return _problems(_write_index(feed.give_all(), site_dir, logfile, settled))


#: Indexes kept per project (each the size of the site's `pagefind/` folder).
KEEP = 2


def index_key(config: dict[str, Any], digests: Mapping[str, bytes]) -> str:
    """A hash of what Pagefind reads (every page it was given or would be, path and bytes) and
    how (its configuration, and through `code_version` its version and this code)."""
    digest = hashlib.blake2b(code_version().encode(), digest_size=20)
    binary = pagefind_binary()
    digest.update(repr((sorted(config.items()), binary.stat().st_size)).encode())
    for page in sorted(digests):
        digest.update(b"\0" + page.encode() + b"\0" + digests[page])
    return digest.hexdigest()


#: The pages of the index the last build kept or linked: path -> digest (`_Feed`'s `last`).
LAST_PAGES = "last-pages.json"


def _last_pages(cache_dir: Path | None) -> dict[str, bytes] | None:
    if cache_dir is None:
        return None
    try:
        data = json.loads((cache_dir / LAST_PAGES).read_text(encoding="utf-8"))
        return {str(path): bytes.fromhex(digest) for path, digest in data.items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return None


def _remember_pages(cache_dir: Path | None, digests: Mapping[str, bytes]) -> None:
    if cache_dir is None:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f".{LAST_PAGES}.{os.getpid()}"
        tmp.write_text(json.dumps({path: digests[path].hex() for path in sorted(digests)}), encoding="utf-8")
        os.replace(tmp, cache_dir / LAST_PAGES)
    except OSError as exc:  # the next build gives Pagefind every page
        problem(f"cannot note the indexed pages under {cache_dir}: {exc.strerror or exc}")


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
    """This build's `Feed` of pages to Pagefind's service, and the thread that writes the index
    under `mkdocs serve`. One per MkDocs process (`buildstate.STATE.process`): a rebuild stops
    the last one."""

    feed: Feed | None = None
    site_dir: Path | None = None
    config: dict[str, Any] | None = None
    cache_dir: Path | None = None
    logdir: Path | None = None
    thread: threading.Thread | None = None
    output: str = ""
    error: str | None = None
    stopping: bool = False

    def begin(self, site_dir: Path, order: list[str], language: str | None, cache_dir: Path | None, nice: bool) -> None:
        """Make the feed of this build's pages (`order`, paths under `site_dir`)."""
        self.stop()
        self.site_dir, self.cache_dir, self.config = site_dir, cache_dir, pagefind_config(language)
        self.output, self.error, self.stopping = "", None, False
        logdir = self.logdir = Path(tempfile.mkdtemp(prefix="podsite-pagefind-"))
        config = self.config
        self.feed = Feed(
            site_dir, order, _last_pages(cache_dir), lambda: _start_service(config, logdir / "pagefind.log", nice)
        )

    def written(self, path: str, html: str) -> None:
        if self.feed is not None:
            self.feed.written(path, html)

    def finish(self, report: bool) -> None:
        """After the last page: link the index kept for the same pages, or have Pagefind write one
        (in the background with `report`, which then logs the outcome: nobody waits for it)."""
        feed, site_dir, config = self.feed, self.site_dir, self.config
        if feed is None or site_dir is None or config is None:
            return
        feed.rest()
        kept = self.cache_dir / index_key(config, feed.digests) if self.cache_dir is not None else None
        if kept is not None and _restore(kept, site_dir):
            if feed.service is not None:
                feed.service.stop()
            _remember_pages(self.cache_dir, feed.digests)
            if report:
                log.info("search: the search index is up to date (unchanged pages)")
            return
        service = feed.give_all()
        if report:
            self.thread = threading.Thread(target=self._write, args=(service, kept, report), daemon=True)
            self.thread.start()
        else:
            self._write(service, kept, report)

    def _write(self, service: PagefindService, kept: Path | None, report: bool) -> None:
        assert self.site_dir is not None and self.logdir is not None and self.feed is not None
        try:
            output = _write_index(service, self.site_dir, self.logdir / "pagefind.log")
        except PluginError as exc:
            self.error = str(exc)
            if report and not self.stopping:
                log.error(self.error)
            return
        self.output = output
        if kept is not None and not _problems(output):  # an index with warnings is made again, so they are shown again
            _keep(self.site_dir, kept)
            _remember_pages(self.cache_dir, self.feed.digests)
        if report:
            for line in _notes(output):
                log.info(f"search: {line}")
            for line in _problems(output):
                log.warning(f"search: {line}")
            log.info("search: the search index is up to date")

    def wait(self) -> list[str]:
        """Pagefind's warnings; PluginError when it failed."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.error is not None:
            raise PluginError(self.error)
        for line in _notes(self.output):
            log.info(f"search: {line}")
        return _problems(self.output)

    def stop(self) -> None:
        self.stopping = True
        if self.feed is not None and self.feed.service is not None:
            self.feed.service.stop()
        if self.thread is not None:
            self.thread.join()  # it may be keeping the index it wrote
        if self.logdir is not None:
            shutil.rmtree(self.logdir, ignore_errors=True)
        self.feed = self.thread = self.logdir = None


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
    """`moments_json`: a mention page's moments as the search result shows them (mention.html).
    Every page's Markdown is read by now and none is written: the pages Pagefind reads are known."""
    env.filters["moments_json"] = moments_json
    order = [f.dest_uri for f in files.documentation_pages() if indexed_page(f.dest_uri)]
    _indexer().begin(Path(config.site_dir), order, _language(config), _cache_dir(config), buildstate.STATE.serving)
    return env


def on_pre_build(config: MkDocsConfig) -> None:
    _indexer().stop()  # its output folder is about to be rebuilt


@event_priority(-100)  # after every other hook has changed the page
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str | None:
    """Give Pagefind each page it reads as it is written, so it reads them on another core
    while MkDocs writes the others."""
    _indexer().written(page.file.dest_uri, output)
    return None


@event_priority(-100)  # after every other post-build step has written its pages
def on_post_build(config: MkDocsConfig) -> None:
    indexer = _indexer()
    if indexer.feed is None:  # no on_env: a build that wrote no page
        site_dir = Path(config.site_dir)
        indexer.begin(site_dir, _site_pages(site_dir), _language(config), _cache_dir(config), buildstate.STATE.serving)
    serving = buildstate.STATE.serving
    indexer.finish(report=serving)
    if serving:
        return  # `mkdocs serve` shows the pages now; the index follows in the background
    for line in indexer.wait():
        log.warning(f"search: {line}")


def on_shutdown() -> None:
    _indexer().stop()
