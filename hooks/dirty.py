"""MkDocs events for `mkdocs serve --dirty` (what `make serve` runs): rebuild exactly what changed.

MkDocs' own `--dirty` rebuilds a page when its Markdown file is newer than the page
it wrote. That misses pages made from other files (an episode's transcript and
audio, the mentions registry, the episodes a home page lists), keeps a page stale
for good when a file is saved again while it is being rebuilt (the page is then
newer than the save), and leaves deleted pages and their downloads in the site.

Here each file of the site gets a fingerprint of everything it is made from: the
stat (size, time, inode) of its source files, taken before any hook reads them,
plus, for an episode page, its transcript links and mentions, and for other
Markdown pages the list of episodes. Pages show artwork and photos through
renditions named by the image's content (`hooks/art.py`): an image edited in place
gets new names and the old ones leave the site, so an episode page and its embed
page count the stat of their episode's image, of the cover (shown when the episode
has none) and of its hosts' and guests' photos, every other page the cover's, every
listed episode's and every person's photo. A file is rebuilt when
its fingerprint differs from the one it was last written with; fingerprints are
kept only when the build finished, so a save during a rebuild is seen by the next
one. Files the last build wrote that this build no longer has are deleted.
Without `--dirty` every build rebuilds every page and this hook does nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import buildstate
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from podsite.cache import digest_of
from podsite.images import is_local
from podsite.model import Episode, Show
from podsite.people import key


@dataclass
class _Memo:
    """Kept across rebuilds: what the last finished build wrote."""

    #: Fingerprint each output was last written from, by its path in the site.
    written: dict[str, str] = field(default_factory=dict)
    #: Outputs of the last finished build.
    outputs: set[str] = field(default_factory=set)


@dataclass
class _Build:
    """This build's: the content's stats and what it writes."""

    #: Stat of every file under docs/ by its path there, taken at the start of the build.
    stats: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: Fingerprints of the outputs this build writes (kept once it finished).
    pending: dict[str, str] = field(default_factory=dict)
    #: Outputs of this build.
    current: set[str] = field(default_factory=set)


class _Accurate(logging.Filter):
    """Drops MkDocs' warning that a dirty build gives inaccurate pages: with this hook it does not."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (buildstate.STATE.dirty and record.getMessage().startswith("A 'dirty' build is being performed"))


_ACCURATE = _Accurate()


def on_startup(command: str, dirty: bool) -> None:
    logging.getLogger("mkdocs.commands.build").addFilter(_ACCURATE)  # once: a filter is a set member


def _stat(path: str | Path) -> tuple[int, ...] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def on_pre_build(config: MkDocsConfig) -> None:
    """Stat the content before any hook reads it: a file saved after this is seen next time."""
    if not buildstate.STATE.dirty:
        return
    stats = buildstate.STATE.part(_Build).stats
    docs = config.docs_dir
    for folder, _dirs, names in os.walk(docs):
        rel = os.path.relpath(folder, docs).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        for name in names:
            stat = _stat(os.path.join(folder, name))
            if stat is not None:
                stats[prefix + name] = stat


def _source(file: File, stats: dict[str, tuple[int, ...]]) -> object:
    if file.abs_src_path is None:
        return None
    if not file.generated_by and file.src_uri in stats:
        return stats[file.src_uri]
    return _stat(file.abs_src_path)


def _art(episode: Episode, cover: object, stats: dict[str, tuple[int, ...]], show: Show | None) -> object:
    """The stat of the images a page of `episode` shows: its own art, the cover, and the
    photos of its hosts and guests (people.yml)."""
    own = stats.get(str(episode.image)) if is_local(episode.image) else None
    people = show.people if show is not None else {}
    faces = [
        (p.image, stats.get(p.image)) for n in episode.hosts + episode.guests if (p := people.get(key(n))) and p.image
    ]
    return (own, cover, faces)


def _episodes_listed(state: buildstate.BuildState) -> str:
    listed = [(ep.url, ep.label, ep.number, ep.title, ep.date, ep.duration, ep.draft) for ep in state.visible()]
    return digest_of(listed)


def _broken_pages(state: buildstate.BuildState, site_dir: str) -> list[str]:
    """The site folders of episodes whose content has an error in this build: their last
    good page is kept (and `hooks/preview.py` shows the problem on it)."""
    folders = []
    prefix = state.docs_dir.name + "/episodes/"
    for problem in state.problems.errors:
        path = problem.path.replace(os.sep, "/")
        if path.startswith(prefix) and "/" not in path[len(prefix) :]:
            stem = path[len(prefix) :].rsplit(".", 1)[0]
            folders.append(os.path.join(site_dir, "episodes", stem) + os.sep)
    return folders


@event_priority(-100)  # after every hook has added its files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    state = buildstate.STATE
    if not state.dirty:
        return files
    own, memo = state.part(_Build), state.process.part(_Memo)
    stats = own.stats
    base = digest_of(_stat(config.config_file_path or "mkdocs.yml"))
    listed: str | None = None
    mention_pages = state.mention_index.by_slug
    registry = state.show.mentions_path if state.show is not None else None
    # data files beside the pages (people.yml, ...) may change any page's header; the
    # mentions registry reaches episode pages through their links and mentions instead
    data = sorted((n, s) for n, s in stats.items() if "/" not in n and n.endswith((".yml", ".yaml")) and n != registry)
    cover = stats.get(str(state.show.image)) if state.show is not None and is_local(state.show.image) else None
    embeds = {f"episodes/{ep.stem}/embed.md": ep for ep in state.by_src.values()}
    every_art: str | None = None  # pages listing episodes show each one's art
    people = state.show.people.values() if state.show is not None else []
    faces = sorted((p.image, stats.get(p.image)) for p in people if p.image)  # person pages and lists
    broken = _broken_pages(state, config.site_dir)
    for folder in broken:  # the last good page and its downloads stay
        own.current.update(path for path in memo.outputs if path.startswith(folder))
    for file in files:
        own.current.add(file.abs_dest_path)
        if file.abs_src_path is None:
            continue  # held in memory: MkDocs writes it every time
        if file.abs_dest_path in memo.outputs and any(file.abs_dest_path.startswith(f) for f in broken):
            _rebuild(file, False)
            continue
        parts: list[object] = [base, _source(file, stats), file.inclusion.name]
        episode = state.by_src.get(file.src_uri)
        if episode is not None or (file.is_documentation_page() and not file.generated_by):
            parts.append(data)
        if episode is not None or file.src_uri in embeds:
            parts.append(_art(episode or embeds[file.src_uri], cover, stats, state.show))
        elif file.is_documentation_page():
            if every_art is None:
                shown = state.visible() if state.show is not None else []
                every_art = digest_of(cover, [_art(ep, None, stats, state.show) for ep in shown], faces)
            parts.append(every_art)
        if episode is not None:
            if episode.transcript_path:
                parts.append(stats.get(episode.transcript_path))
            if episode.audio is not None and episode.audio.local_path:
                parts.append(_stat(episode.audio.local_path))
            parts.append(sorted((state.links.get(episode.stem) or {}).items()))
            parts.append(
                [(h.mention, h.mention.slug in mention_pages, h.segment_index, h.start) for h in episode.mentions]
            )
        elif file.is_documentation_page() and not file.generated_by:
            listed = listed or _episodes_listed(state)  # a page may list episodes (the home page does)
            parts.append(listed)
        fingerprint = digest_of(*parts)
        changed = memo.written.get(file.abs_dest_path) != fingerprint
        if changed:
            own.pending[file.abs_dest_path] = fingerprint
        _rebuild(file, changed)
    return files


def _rebuild(file: File, changed: bool) -> None:
    """Tell MkDocs' `--dirty` whether to write `file` again, through MkDocs' own rule.

    A dirty build asks each file only `File.is_modified()` (`_populate_page`,
    `_build_page` in `mkdocs/commands/build.py`, `File.copy_file`), which says yes
    when the output is missing or older than the source. So the output's time is set
    from the fingerprint: a second before the source's when it changed, no earlier
    than the source's when it did not. An output that is a hard link to its source
    (`buildstate.LinkedFile`) shares the source's time, so a changed one is removed
    and linked again. Nothing of MkDocs' objects is replaced or patched.
    """
    source, output = file.abs_src_path, file.abs_dest_path
    if source is None:
        return  # held in memory: MkDocs writes it every time
    try:
        source_time = os.stat(source).st_mtime
        output_stat = os.stat(output)
    except OSError:
        return  # no output yet (or no source): MkDocs writes it
    if changed:
        if os.path.samefile(source, output):
            os.remove(output)
        elif output_stat.st_mtime >= source_time:
            os.utime(output, (output_stat.st_atime, source_time - 1.0))
    elif output_stat.st_mtime < source_time:
        os.utime(output, (output_stat.st_atime, source_time))


def on_post_build(config: MkDocsConfig) -> None:
    """Keep the fingerprints of what this build wrote; delete what it no longer has."""
    state = buildstate.STATE
    if not state.dirty:
        return
    own, memo = state.part(_Build), state.process.part(_Memo)
    memo.written.update(own.pending)
    for gone in sorted(memo.outputs - own.current):
        memo.written.pop(gone, None)
        with contextlib.suppress(OSError):
            os.remove(gone)
        folder = os.path.dirname(gone)
        while folder.startswith(config.site_dir + os.sep):
            try:
                os.rmdir(folder)  # only when empty
            except OSError:
                break
            folder = os.path.dirname(folder)
    memo.outputs = set(own.current)
