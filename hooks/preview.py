"""MkDocs events for the `mkdocs serve` preview: byte ranges, and content problems on the page.

MkDocs' development server sends every file whole, even when the browser asks for
a range; the audio element then cannot seek and plays from 0:00. The server is a
WSGI server: its app is wrapped (through its public `get_app`/`set_app`) by
`podsite.httprange.with_ranges`.

An edit that breaks content (front matter that is not YAML, an empty transcript)
does not stop the preview: the terminal lists `path:line: message`, the affected
page keeps its last good version (`hooks/dirty.py`), and `podsite.banner` shows the
problem in a banner on it (problems of no one episode on every page) until a
rebuild finds the content good again.

MkDocs' server notices saves with a polling observer that looks every 0.5 s: a save
waits 0.25 s on average (and up to 0.5 s) before its rebuild starts. Its watches of
folders (`docs/`, and any further ones) move to watchdog's native observer (inotify
on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows), which is told of a
save at once and uses no CPU between saves; single files (`mkdocs.yml`) stay polled,
since editors save by renaming a new file over the old one and a native watch of the
old file would go quiet. Where no native observer exists or it cannot start (too many
inotify instances), every watch is polled as before; `PODSITE_WATCH=poll` asks for
polling (for content on a network share or in a virtual machine's shared folder,
whose changes made elsewhere the system is not told of).

Stopped with Ctrl-C, MkDocs' server removes the temporary folder it builds the site in;
stopped with SIGTERM (`kill`, a process manager, `docker stop`) Python ends at once and the
folder stays in the system's temporary folder, a whole site each time. `on_serve` makes
SIGTERM stop the preview as Ctrl-C does.
"""

from __future__ import annotations

import contextlib
import logging
import os
import posixpath
import signal
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import buildstate
import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from podsite.banner import with_banner
from podsite.errors import Problem
from podsite.httprange import with_ranges
from watchdog import events
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

BANNER_TEMPLATE = "partials/preview-problems.html"


def page_of(problem: Problem, docs_name: str, directory_urls: bool = True) -> str:
    """The path below the site of the page a problem is about: an episode's page for its
    files under `episodes/`, else "" (every page)."""
    path = problem.path.replace("\\", "/").removeprefix(docs_name + "/")
    folder, name = posixpath.split(path)
    if folder != "episodes" or "." not in name:
        return ""
    stem = name.rsplit(".", 1)[0]
    return f"episodes/{stem}/" if directory_urls else f"episodes/{stem}.html"


def _banner_for(path: str) -> bytes | None:
    banners = buildstate.STATE.process.part(_Memo).banners
    if not banners:
        return None
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return banners.get(path) or banners.get("")


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates kept across `mkdocs serve` rebuilds (each rebuild makes a new
    environment); Jinja checks each one against its template's source."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        blob = self.blobs.get(bucket.key)
        if blob is not None:
            bucket.bytecode_from_string(blob)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.blobs[bucket.key] = bucket.bytecode_to_string()


@dataclass
class _Memo:
    """Kept across rebuilds: the compiled templates, and the banner of each page with a
    problem by its path below the site ("" for every page), which the server shows
    until the next build has finished."""

    compiled: _Compiled = field(default_factory=_Compiled)
    banners: dict[str, bytes] = field(default_factory=dict)


@dataclass
class _Build:
    """This build's Jinja environment (the banners are rendered with it)."""

    env: Any = None


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    state = buildstate.STATE
    state.part(_Build).env = env
    if state.serving and env.bytecode_cache is None:
        env.bytecode_cache = state.process.part(_Memo).compiled
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """The banners of this build's errors (none when the content is good)."""
    state = buildstate.STATE
    banners = state.process.part(_Memo).banners
    banners.clear()
    env = state.part(_Build).env
    if not state.serving or env is None:
        return
    by_page: dict[str, list[str]] = {}
    for problem in state.problems.errors:
        by_page.setdefault(page_of(problem, state.docs_dir.name, config.use_directory_urls), []).append(str(problem))
    template = env.get_template(BANNER_TEMPLATE)
    for page, problems in by_page.items():
        shown = problems if page == "" else problems + by_page.get("", [])
        banners[page] = template.render(problems=shown).encode("utf-8")


#: What the native observer reports: changes, not reads (it also tells of every open and
#: close, and the build itself opens each page's files).
CHANGES: list[type[events.FileSystemEvent]] = [
    events.FileCreatedEvent,
    events.FileModifiedEvent,
    events.FileAttribEvent,
    events.FileMovedEvent,
    events.FileDeletedEvent,
    events.FileClosedEvent,
    events.DirCreatedEvent,
    events.DirMovedEvent,
    events.DirDeletedEvent,
]
log = logging.getLogger("mkdocs.plugins.podsite.preview")


class Watcher:
    """The server's observer: folders watched natively, files (and everything, where
    native watching is missing or fails to start) by MkDocs' own polling observer."""

    def __init__(self, polling: BaseObserver, native: BaseObserver | None) -> None:
        self.polling, self.native = polling, native
        #: What the native observer watches, to poll it instead if it cannot start.
        self._natively: dict[ObservedWatch, tuple[events.FileSystemEventHandler, str, bool]] = {}

    def schedule(
        self, handler: events.FileSystemEventHandler, path: str, *, recursive: bool = False
    ) -> tuple[BaseObserver, ObservedWatch]:
        if self.native is not None and os.path.isdir(path):
            watch = self.native.schedule(handler, path, recursive=recursive, event_filter=CHANGES)
            self._natively[watch] = (handler, path, recursive)
            return self.native, watch
        return self.polling, self.polling.schedule(handler, path, recursive=recursive)

    def unschedule(self, ref: tuple[BaseObserver, ObservedWatch] | ObservedWatch) -> None:
        if isinstance(ref, ObservedWatch):  # scheduled on the polling observer before the `Watcher` came
            self.polling.unschedule(ref)
            return
        observer, watch = ref
        observer.unschedule(watch)
        self._natively.pop(watch, None)

    def start(self) -> None:
        if self.native is not None:
            try:
                self.native.start()
            except OSError as exc:  # e.g. the user's inotify instances or watches are used up
                log.warning("Watching for changes by polling every 0.5 s: %s", exc)
                with contextlib.suppress(Exception):
                    self.native.stop()  # the emitters that did start
                self.native = None
                for handler, path, recursive in self._natively.values():
                    self.polling.schedule(handler, path, recursive=recursive)
                self._natively.clear()
        self.polling.start()

    def stop(self) -> None:
        for observer in (self.native, self.polling):
            if observer is not None and observer.is_alive():
                observer.stop()

    def join(self, timeout: float | None = None) -> None:
        for observer in (self.native, self.polling):
            if observer is not None and observer.is_alive():
                observer.join(timeout)


#: Seconds without another change before a rebuild starts (MkDocs waits 0.1 s).
BUILD_DELAY = 0.03


def watch_natively(server: Any, docs_dir: str) -> None:
    """Watch `docs/` through a `Watcher` (natively) instead of MkDocs' polling observer.

    Before `on_serve`, MkDocs' `serve` has watched `docs/`, `mkdocs.yml` and, with
    `--watch-theme`, the theme's folders, all on its polling observer; `docs/` is
    moved (unwatched, then watched again through the `Watcher`), the rest stays on
    that polling observer, which the `Watcher` runs too. Later watches (`watch:` in
    mkdocs.yml, other plugins) go through the `Watcher`. Only the server's public
    `watch`, `unwatch` and `observer` are used.
    """
    polling = getattr(server, "observer", None)
    if os.environ.get("PODSITE_WATCH") == "poll":
        return
    if Observer is PollingObserver or not isinstance(polling, PollingObserver):
        return  # no native observer here, or a server this does not know
    server.unwatch(docs_dir)
    server.observer = Watcher(polling, Observer())
    server.watch(docs_dir)
    # a save is one burst of events a few milliseconds long: wait that, not MkDocs' 0.1 s
    server.build_delay = BUILD_DELAY


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def stop_on_sigterm() -> None:
    """Make SIGTERM stop `mkdocs serve` as Ctrl-C does, so it removes its temporary site folder
    (only where SIGTERM still has Python's default action, and from the main thread, as
    `signal.signal` requires)."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupt)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    stop_on_sigterm()
    server.set_app(with_ranges(with_banner(server.get_app(), urlsplit(config.site_url or "/").path, _banner_for)))
    watch_natively(server, config.docs_dir)
    return server
