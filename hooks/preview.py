"""MkDocs events for the `mkdocs serve` preview: byte ranges, so the player can seek.

MkDocs' development server sends every file whole, even when the browser asks for
a range; the audio element then cannot seek and plays from 0:00. The server is a
WSGI server: its app is wrapped (through its public `get_app`/`set_app`) by
`podsite.httprange.with_ranges`.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from podsite.httprange import with_ranges


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.set_app(with_ranges(server.get_app()))
    return server
