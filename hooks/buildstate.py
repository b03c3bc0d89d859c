"""State shared by the hook modules for one build (not a hook itself).

MkDocs loads each hook module once and keeps it across `mkdocs serve` rebuilds,
so `reset()` runs in `on_config` at the start of every build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File
from podsite.cache import cache_dir_for, digest_of, link_or_copy, new_build
from podsite.errors import Problems, Severity
from podsite.layout import Link
from podsite.mentions import MentionIndex
from podsite.model import Episode, Show
from podsite.people import PersonPage
from podsite.site import Site
from podsite.timecode import build_time

log = logging.getLogger("mkdocs.plugins.podsite")


@dataclass
class BuildState:
    command: str = "build"
    dirty: bool = False  # `mkdocs serve --dirty`: only pages whose sources are newer are rebuilt
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

    @property
    def serving(self) -> bool:
        return self.command == "serve"

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
        assert self.show is not None
        episodes = self.show.episodes
        if self._visible is None or self._visible[0] is not episodes or self._visible[1] != len(episodes):
            self._visible = (episodes, len(episodes), self.show.shown(self.now, preview=self.serving))
        return list(self._visible[2])


STATE = BuildState()


def reset(command: str | None = None, dirty: bool | None = None) -> BuildState:
    global STATE
    new_build()  # this build's first cache problem is reported again
    STATE = BuildState(
        command=command or STATE.command, dirty=STATE.dirty if dirty is None else dirty, now=build_time()
    )
    return STATE


#: Content hash of each file `generated` wrote under `.cache/`, so an unchanged one is not read again.
_WRITTEN: dict[str, str] = {}


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
    if _WRITTEN.get(str(path)) != digest:
        try:
            same = path.read_bytes() == data
        except OSError:
            same = False
        try:
            if not same:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            _WRITTEN[str(path)] = digest
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
