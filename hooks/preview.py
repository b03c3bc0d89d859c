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
"""

from __future__ import annotations

import posixpath
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


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.set_app(with_ranges(with_banner(server.get_app(), urlsplit(config.site_url or "/").path, _banner_for)))
    return server
