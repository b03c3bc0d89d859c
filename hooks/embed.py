"""MkDocs events for embed pages: a small player page per episode for other sites.

Each published episode with audio gets `episodes/<stem>/embed/`, a generated page
rendered by `overrides/embed.html` (title, art, the player with chapters, a link to
the episode page; no site navigation, no cookies). The episode page offers its
`<iframe>` snippet (overrides/episode.html).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import buildstate
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from podsite.model import Episode

TEMPLATE = "embed.html"


@dataclass
class _Build:
    """This build's embed pages: the episode of each, by source path."""

    pages: dict[str, Episode] = field(default_factory=dict)


def embed_uri(episode: Episode) -> str:
    """The embed page's source path: `episodes/<stem>/embed.md`, served at `episodes/<stem>/embed/`."""
    return f"episodes/{episode.stem}/embed.md"


def _markdown(episode: Episode) -> str:
    """The page's front matter; under `serve --dirty` it names a hash of what the page shows."""
    front = f"template: {TEMPLATE}\ntitle: {json.dumps(episode.title, ensure_ascii=False)}\n"
    if buildstate.STATE.dirty:
        shown = (episode.title, episode.url, episode.audio, episode.image, episode.duration, episode.chapters)
        front += f"podsite_data: {buildstate.data_key(repr(shown))}\n"
    return f"---\n{front}---\n"


@event_priority(90)  # after hooks/episodes.py has loaded the show (100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages = buildstate.STATE.part(_Build).pages
    if buildstate.STATE.show is None:
        return files
    for episode in buildstate.STATE.visible():
        uri = embed_uri(episode)
        if episode.audio is None or files.get_file_from_path(uri) is not None:
            continue
        files.append(buildstate.generated(config, uri, _markdown(episode), inclusion=InclusionLevel.NOT_IN_NAV))
        pages[uri] = episode
    return files


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    episode = buildstate.STATE.part(_Build).pages.get(page.file.src_uri)
    if episode is not None:
        context["episode"] = episode
        context["podcast"] = buildstate.STATE.show
    return context
