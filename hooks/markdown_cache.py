"""MkDocs events: reuse the HTML of episode show notes whose Markdown did not change.

On a page's `on_page_markdown` (last of all hooks, so the Markdown is final) the page
key is looked up under `.cache/podsite/markdown/`. On a hit the hook hands MkDocs an
empty page to render and, in `on_page_content` (first of all hooks), puts back what
rendering the notes left on the page: the HTML, the table of contents, its anchors and
links for MkDocs' anchor validation, the Markdown itself, and the messages rendering
logged. On a miss it records the same after MkDocs renders the page. The key and the
rules for when the cache is off are in `podsite/markdown_cache.py`;
`tests/test_markdown_cache.py` checks a warm build renders and reports what a cold one does.

Only episode pages with a front matter title take part (the title otherwise comes from
the rendered first heading): they are the long pages, in the hundreds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import buildstate
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from podsite import markdown_cache as mc
from podsite.cache import cache_dir_for, lookup, store

log = logging.getLogger("mkdocs.plugins.podsite.markdown_cache")

#: The loggers Markdown rendering writes to (MkDocs' link checks, Python-Markdown).
LOGGERS = ("mkdocs", "MARKDOWN")


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def attach(self) -> None:
        self.records = []
        for name in LOGGERS:
            logging.getLogger(name).addHandler(self)

    def detach(self) -> None:
        for name in LOGGERS:
            logging.getLogger(name).removeHandler(self)


@dataclass
class _Build:
    cache_dir: Path | None = None
    context: str | None = None
    ready: bool = False
    hits: dict[str, tuple[mc.Rendered, str]] = field(default_factory=dict)
    misses: dict[str, str] = field(default_factory=dict)


@dataclass
class _Memo:
    """The handler that records what rendering a page logs: one per process, attached to
    the loggers only while a page renders (a handler left attached would outlive its build)."""

    capture: _Capture = field(default_factory=_Capture)


def _capture() -> _Capture:
    return buildstate.STATE.process.part(_Memo).capture


def on_pre_build(config: MkDocsConfig) -> None:
    """No capture left attached by a build that ended while a page rendered."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for handler in [h for h in logger.handlers if isinstance(h, _Capture)]:
            logger.removeHandler(handler)


def _context(config: MkDocsConfig, files: Files) -> str | None:
    """This build's context key, or None when the cache is off (said once, at debug level)."""
    own = buildstate.STATE.part(_Build)
    if own.ready:
        return own.context
    own.ready = True
    own.cache_dir = cache_dir_for(Path(config.docs_dir), "markdown")
    if own.cache_dir is None:
        return None
    impure = mc.impure_extension(config.markdown_extensions)
    if impure is not None:
        log.debug(f"show notes are rendered afresh: the Markdown extension {impure!r} may read other files")
        return None
    rows = [(f.src_uri, f.dest_uri, f.url, f.inclusion.name) for f in files]
    settings = {"use_directory_urls": config.use_directory_urls, "validation": config.validation}
    try:
        own.context = mc.context_key(list(config.markdown_extensions), config.mdx_configs, settings, rows)
    except mc.Unstable as exc:
        log.debug(f"show notes are rendered afresh: {exc}")
    return own.context


@event_priority(-100)  # after every hook that changes the Markdown
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    src = page.file.src_uri
    if src not in buildstate.STATE.by_src or "title" not in page.meta:
        return None
    context = _context(config, files)
    own = buildstate.STATE.part(_Build)
    if context is None or own.cache_dir is None:
        return None
    key = mc.page_key(context, src, page.url, markdown)
    hit = lookup(own.cache_dir, key, mc.valid)
    if hit is not None:
        own.hits[src] = (hit, markdown)
        return ""  # rendered in no time; on_page_content puts the kept HTML back
    own.misses[src] = key
    _capture().attach()
    return None


@event_priority(100)  # before every hook that reads the HTML or the table of contents
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    src = page.file.src_uri
    own = buildstate.STATE.part(_Build)
    kept = own.hits.pop(src, None)
    if kept is not None:
        rendered, markdown = kept
        page.markdown = markdown
        page.toc = rendered.toc
        page.present_anchor_ids = rendered.anchors
        if rendered.links is not None:
            targets = {uri: files.get_file_from_path(uri) for uri in rendered.links}
            page.links_to_anchors = {f: rendered.links[uri] for uri, f in targets.items() if f is not None}
        for name, level, message in rendered.messages:
            logging.getLogger(name).log(level, message)
        return rendered.html
    key = own.misses.pop(src, None)
    if key is None or own.cache_dir is None:
        return None
    capture = _capture()
    capture.detach()
    links = None
    if page.links_to_anchors is not None:
        links = {f.src_uri: dict(anchors) for f, anchors in page.links_to_anchors.items()}
    messages = [(r.name, r.levelno, r.getMessage()) for r in capture.records]
    capture.records = []
    anchors = set(page.present_anchor_ids) if page.present_anchor_ids is not None else None
    store(own.cache_dir, key, mc.Rendered(html, page.toc, anchors, links, messages))
    return None


def on_post_build(config: MkDocsConfig) -> None:
    _capture().detach()


def on_shutdown() -> None:
    _capture().detach()
