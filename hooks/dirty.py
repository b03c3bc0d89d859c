"""MkDocs event for `mkdocs serve --dirty`: an edited transcript rebuilds its episode page.

In dirty mode MkDocs rebuilds a page only when its own Markdown file is newer than
the page it wrote. An episode page is also made from its transcript and its audio
file, so the page counts as modified when either of those is newer than the page.
Without `--dirty` every build rebuilds every page and this hook does nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import buildstate
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

_dirty = False


def on_startup(command: str, dirty: bool) -> None:
    global _dirty
    _dirty = dirty


def _mtime(path: Path | str) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


@event_priority(90)  # after hooks/episodes.py has loaded the show (priority 100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    state = buildstate.STATE
    if not _dirty or state.show is None:
        return files
    for episode in state.show.episodes:
        page_file = files.get_file_from_path(episode.src_uri)
        if page_file is None:
            continue
        written = _mtime(page_file.abs_dest_path)
        inputs = []
        if episode.transcript_path:
            inputs.append(state.docs_dir / episode.transcript_path)
        if episode.audio is not None and episode.audio.local_path:
            inputs.append(Path(episode.audio.local_path))
        changed = [t for t in map(_mtime, inputs) if t is not None]
        if written is None or any(t > written for t in changed):
            page_file.is_modified = lambda: True  # type: ignore[method-assign]
    return files
