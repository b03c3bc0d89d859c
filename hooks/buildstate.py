"""The one state object of the hooks (not a hook itself): `STATE`.

MkDocs loads each hook module once and keeps it for the whole process, across
`mkdocs serve` rebuilds, so no hook keeps anything in module globals. Everything
lives on `STATE`, in two lifetimes:

* per process (`STATE.process`, a `Process`): the command and `--dirty` (the one
  place that knows whether we are serving), and the memos a `mkdocs serve` rebuild
  reuses from the last one. Made anew by `start` in `on_startup`.
* per build (every other field of `STATE`): the loaded show (`site`), its problems,
  and what the hooks hand each other during one build. Put back to its defaults by
  `reset` in `on_config`, the first event of every build.

A hook's own state is a small dataclass of its own, kept on `STATE.part(kind)` (per
build) or `STATE.process.part(kind)` (per process): made on first use, gone with
the build or process it belongs to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar, cast

from mkdocs.structure.files import File
from podsite.cache import cache_dir_for, digest_of, link_or_copy, new_build, remember_values
from podsite.errors import Problems, Severity
from podsite.layout import Link
from podsite.mentions import MentionIndex
from podsite.model import Episode, Show
from podsite.people import PersonPage
from podsite.site import Site
from podsite.timecode import build_time

log = logging.getLogger("mkdocs.plugins.podsite")

T = TypeVar("T")


def _part(parts: dict[type, Any], kind: type[T]) -> T:
    found = parts.get(kind)
    if found is None:
        found = parts[kind] = kind()
    return cast(T, found)


@dataclass
class Process:
    """What lasts as long as the MkDocs process: set in `on_startup`, kept across `mkdocs serve` rebuilds."""

    command: str = "build"
    #: `mkdocs serve --dirty`: a rebuild writes only the pages whose inputs changed (`hooks/dirty.py`).
    dirty: bool = False
    #: Content hash of each file `generated` wrote under `.cache/`, so an unchanged one is not read again.
    generated: dict[str, str] = field(default_factory=dict)
    #: Each hook's memos across rebuilds, by their class (see `part`).
    parts: dict[type, Any] = field(default_factory=dict, repr=False)

    @property
    def serving(self) -> bool:
        """`mkdocs serve`: the preview (drafts shown, content errors do not end the build)."""
        return self.command == "serve"

    def part(self, kind: type[T]) -> T:
        """The process's instance of a hook's memo class `kind` (made on first use)."""
        return _part(self.parts, kind)


@dataclass
class BuildState:
    process: Process = field(default_factory=Process)
    #: The show as `podsite.site.load_site` loaded it (in `hooks/episodes.py`, `on_files`).
    site: Site | None = None
    docs_dir: Path = Path("docs")
    problems: Problems = field(default_factory=Problems)
    reported: int = 0
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    _visible: tuple[list[Episode], int, list[Episode]] | None = field(default=None, repr=False)
    #: URLs of the pages in this build's navigation (asked for by every mention page).
    nav_urls: list[str] | None = field(default=None, repr=False)
    #: Theme blocks rendered once per folder of pages (see `render_once`).
    blocks: dict[tuple[str, str, str], Any] = field(default_factory=dict, repr=False)
    #: Social card of each page (by page URL, `` for home): its path in the site (`hooks/art.py`).
    cards: dict[str, str] = field(default_factory=dict)
    #: Each hook's state for this build, by its class (see `part`).
    parts: dict[type, Any] = field(default_factory=dict, repr=False)

    @property
    def serving(self) -> bool:
        return self.process.serving

    @property
    def dirty(self) -> bool:
        return self.process.dirty

    def part(self, kind: type[T]) -> T:
        """This build's instance of a hook's state class `kind` (made on first use)."""
        return _part(self.parts, kind)

    @property
    def show(self) -> Show | None:
        return self.site.show if self.site is not None else None

    @property
    def by_src(self) -> dict[str, Episode]:
        """Episodes by source file (`episodes/<stem>.md`)."""
        return self.site.by_src if self.site is not None else {}

    @property
    def links(self) -> dict[str, dict[int, list[Link]]]:
        """Each episode's transcript links, by stem, then segment."""
        return self.site.links if self.site is not None else {}

    @property
    def mention_index(self) -> MentionIndex:
        return self.site.mention_index if self.site is not None else MentionIndex()

    @property
    def people(self) -> dict[str, PersonPage]:
        """Person pages by slug, in the people index's order (hosts first)."""
        return self.site.people if self.site is not None else {}

    def visible(self) -> list[Episode]:
        """Episodes listed on the site and in the feed: `serve` also shows drafts and scheduled ones.

        Worked out once per list of episodes (every page's context asks for it) and
        returned as a fresh list each time.
        """
        assert self.site is not None
        episodes = self.site.show.episodes
        if self._visible is None or self._visible[0] is not episodes or self._visible[1] != len(episodes):
            self._visible = (episodes, len(episodes), self.site.visible())
        return list(self._visible[2])


#: The one state object; never replaced, so every hook holding it sees the same.
STATE = BuildState()


def start(command: str = "build", dirty: bool = False) -> BuildState:
    """A new process (`on_startup`): a new `Process` for `command`, and a new build."""
    STATE.process = Process(command=command, dirty=dirty)
    remember_values(command == "serve")  # a build reads each kept value once: memory would only grow
    return reset()


def reset() -> BuildState:
    """A new build (`on_config`): every per-build field back to its default; the process stays."""
    new_build()  # this build's first cache problem is reported again
    fresh = BuildState(process=STATE.process, now=build_time())
    for each in fields(fresh):
        setattr(STATE, each.name, getattr(fresh, each.name))
    return STATE


def generated(config: Any, uri: str, content: str, **kwargs: Any) -> File:
    """A generated page or file at `uri`.

    In a normal build it is held in memory. Under `mkdocs serve --dirty` it is
    backed by a file under `.cache/podsite/generated/`, rewritten only when its
    content changed: MkDocs then renders or copies it again only when it changed
    (it compares that file's time with the page it wrote), instead of every
    generated page on every rebuild. A generated page's content must therefore
    change whenever anything its template shows changes (see `data_key`).
    """
    root = cache_dir_for(STATE.docs_dir, "generated") if STATE.dirty else None
    if root is None:
        return File.generated(config, uri, content=content, **kwargs)
    path = root / uri
    data = content.encode("utf-8")
    digest = hashlib.blake2b(data, digest_size=20).hexdigest()
    written = STATE.process.generated
    if written.get(str(path)) != digest:
        try:
            same = path.read_bytes() == data
        except OSError:
            same = False
        try:
            if not same:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            written[str(path)] = digest
        except OSError:
            return File.generated(config, uri, content=content, **kwargs)
    return File.generated(config, uri, abs_src_path=str(path), **kwargs)


class LinkedFile(File):
    """A file published from a kept file under `.cache/` (see `cache.kept_files`): put
    into the site as a hard link when it can be, else copied. Creating a new file is
    the slowest part of writing a site on many disks; a link creates none."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():  # a link has the kept file's time: unchanged
            return
        assert self.abs_src_path is not None
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        link_or_copy(self.abs_src_path, self.abs_dest_path)


class LaterFile(LinkedFile):
    """A file still being made while MkDocs copies the static files (a social card drawn on
    the pool beside the pages): the copy passes it by, and the hook that made it calls
    `publish` once it is there."""

    def copy_file(self, dirty: bool = False) -> None:
        return

    def publish(self, content: Path | bytes) -> None:
        """Put the finished file into the site: the kept file linked, or these bytes."""
        if isinstance(content, Path):
            self.abs_src_path = str(content)
            super().copy_file()
        else:
            os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
            dest = Path(self.abs_dest_path)
            dest.unlink(missing_ok=True)  # never written through: it may be a link to a kept file
            dest.write_bytes(content)


def later(config: Any, uri: str, path: Path) -> LaterFile:
    """A generated file at `uri` that will be the kept file `path` (see `LaterFile`)."""
    return cast(LaterFile, LaterFile.generated(config, uri, abs_src_path=str(path)))


def linked(config: Any, uri: str, path: Path) -> File:
    """A generated file at `uri` whose content is the kept file `path`."""
    return LinkedFile.generated(config, uri, abs_src_path=str(path))


def render_once(block: str, page_url: str, base_url: str, render: Callable[[], Any]) -> Any:
    """A theme block's HTML, rendered once for all pages in the same folder of the site.

    For blocks whose only page-dependent input is where the page sits (its links are
    relative to it): pages in one folder get the same relative links, so the first
    page's HTML serves the rest of the build (every mention page shares it).
    """
    key = (block, posixpath.dirname(page_url.rstrip("/")), base_url)
    html = STATE.blocks.get(key)
    if html is None:
        html = STATE.blocks[key] = render()
    return html


def page_source(template: str, title: str, data: object = None, number: int = 1, **meta: str) -> str:
    """The Markdown of a generated page: page `number` (of a list split over pages, see
    `podsite.paging`) shown with `template`, with `meta` as more front matter strings.
    Under `serve --dirty` its front matter names a hash of `data` (what its template
    shows), so the page is rendered again when that changes (see `generated`)."""
    if number > 1:
        title = f"{title}, page {number}"
    # JSON strings are YAML strings, and much faster to write than yaml.safe_dump for every generated page
    front = f"template: {template}\ntitle: {json.dumps(title, ensure_ascii=False)}\npodsite_page: {number}\n"
    for key, value in meta.items():
        front += f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
    if STATE.dirty:
        front += f"podsite_data: {data_key(data)}\n"
    return f"---\n{front}---\n"


def data_key(*parts: object) -> str:
    """A short hash of what a generated page shows, for its front matter (see `generated`)."""
    return digest_of(*parts)[:24]


def report() -> int:
    """Log the problems not yet logged; return how many errors there are in all."""
    for problem in STATE.problems.items[STATE.reported :]:
        if problem.severity is Severity.ERROR:
            log.error(str(problem))
        else:
            log.warning(str(problem))
    STATE.reported = len(STATE.problems.items)
    return len(STATE.problems.errors)
