"""Build the one in-memory model of the show from the content files.

`load_catalog` reads every episode file and transcript once, validates them, and
returns the `Show` that every output (pages, exports, mention pages, feed, search)
reads. It never raises for content problems: they go to `problems`, and episodes
that cannot be built are left out of the model (the caller ends the build).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .cache import cache_dir_for, digest_of
from .chapterize import derive_chapters_cached
from .episodes import assign_slugs, load_episode
from .errors import ContentError, Problem, Problems, shown
from .model import Episode, Show
from .progress import Progress
from .timecode import format_clock
from .transcripts import TRANSCRIPT_EXTENSIONS
from .transcripts.cached import parse_cached

EPISODES_DIR = "episodes"


def is_episode_source(src_uri: str) -> bool:
    """`episodes/<stem>.md` (not the archive page `episodes/index.md`, not subfolders)."""
    parts = src_uri.split("/")
    return (
        len(parts) == 2
        and parts[0] == EPISODES_DIR
        and parts[1].endswith(".md")
        and parts[1] not in ("index.md", "README.md")
    )


def read_source(reader: Callable[[], str], docs_dir: Path, src_uri: str) -> str:
    """The text of an episode file; unreadable or non-UTF-8 files raise `ContentError`.

    MkDocs reads pages as UTF-8 only, so an episode saved in another encoding
    cannot become a page: the message names the line of the first bad byte.
    """
    path = f"{docs_dir.name}/{src_uri}"
    try:
        return reader()
    except UnicodeDecodeError:
        data = (docs_dir / src_uri).read_bytes() if (docs_dir / src_uri).is_file() else b""
        try:
            data.decode("utf-8-sig")
            line = None
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
        where = f" (first bad byte on line {line})" if line else ""
        raise ContentError(
            path, line, f"file is not UTF-8{where}: save it as UTF-8 (MkDocs reads pages as UTF-8 only)"
        ) from None
    except OSError as exc:
        raise ContentError(path, None, f"cannot read the file: {exc.strerror}") from None


def apply_speaker_names(episode: Episode, docs_name: str, problems: Problems) -> set[str]:
    """Give the transcript's speaker labels the names of the front matter's `speakers:` map.

    The model is changed once, so the page and every download show the names. A label
    the transcript does not have, and a name that is neither a host nor a guest (when
    the episode lists them), get a warning on the front matter line. Returns the names
    given, in casefold (`check_speakers` has nothing to add about them).
    """
    transcript = episode.transcript
    names = episode.speaker_names
    if transcript is None or not names:
        return set()
    where = f"{docs_name}/{episode.src_uri}"
    people = {name.casefold() for name in episode.hosts + episode.guests}
    labels = {seg.speaker for seg in transcript.segments if seg.speaker is not None}
    for label, name in names.items():
        line = episode.lines.get(f"speakers.{label}", episode.lines.get("speakers"))
        if label not in labels:
            known = ", ".join(sorted(labels)[:8]) or "none"
            problems.warn(
                where,
                line,
                f"speakers: the transcript has no speaker {shown(label)} (its speakers: {known}); fix the label or remove it",
            )
        if people and name.casefold() not in people:
            problems.warn(
                where,
                line,
                f"speakers: {shown(name)} (for {shown(label)}) is not among the episode's hosts or guests: "
                "add them to `hosts:` or `guests:` or fix the name",
            )
    for seg in transcript.segments:
        if seg.speaker in names:
            seg.speaker = names[seg.speaker]
    if transcript.source_key is not None:  # the downloads and the page cache follow the names
        transcript.source_key += "-" + digest_of(sorted(names.items()))
    return {name.casefold() for name in names.values()}


#: Characters a page's file name cannot have: its address would end at `#` or `?`, or
#: `%` would be read as an escape; `\\` is a folder separator on Windows hosts.
_URL_BREAKERS = re.compile(r"[#?%\\\x00-\x1f\x7f]")


def check_file_name(src_uri: str, docs_name: str) -> None:
    """An episode file whose name would break its page's address raises `ContentError`."""
    bad = _URL_BREAKERS.search(src_uri)
    if bad:
        char = bad.group() if bad.group().isprintable() else f"U+{ord(bad.group()):04X}"
        raise ContentError(
            f"{docs_name}/{src_uri}",
            None,
            f"the file name has `{char}`, which breaks the page's address: rename the file "
            "(letters, digits, `-` and `_` are safe)",
        )


def check_speakers(episode: Episode, path: str, problems: Problems, skip: Iterable[str] = ()) -> None:
    """A speaker the transcript names who is neither a host nor a guest: one warning each.

    Only for episodes that list their hosts or guests; names compare without case.
    Names in `skip` (given by `speakers:`, warned about there) are left alone.
    """
    people = {name.casefold() for name in episode.hosts + episode.guests}
    if not people or episode.transcript is None:
        return
    seen: set[str] = set(skip)
    for seg in episode.transcript.segments:
        if seg.speaker is None or seg.speaker.casefold() in people or seg.speaker.casefold() in seen:
            continue
        seen.add(seg.speaker.casefold())
        problems.warn(
            path,
            seg.line,
            f"speaker {shown(seg.speaker)} is not among the episode's hosts or guests: add them to `guests:` or fix the name",
        )


def load_transcript(episode: Episode, docs_dir: Path, problems: Problems, data: bytes | None = None) -> None:
    """Parse the episode's transcript into `episode.transcript` and check it against the audio.

    `data`: the transcript's bytes when they were read already (it is not read again)."""
    if episode.transcript_path is None:
        return
    path = f"{docs_dir.name}/{episode.transcript_path}"
    try:
        if data is None:
            data = (docs_dir / episode.transcript_path).read_bytes()
    except OSError as exc:
        raise ContentError(path, None, f"cannot read the transcript: {exc.strerror}") from None
    # parsed once per content: the cache replays the parse's warnings (see transcripts/cached.py)
    episode.transcript = parse_cached(
        data,
        path,
        problems,
        cache_dir_for(docs_dir),
        fmt=episode.transcript_format,
        known_speakers=episode.hosts + episode.guests,
    )
    named = apply_speaker_names(episode, docs_dir.name, problems)
    check_speakers(episode, path, problems, skip=named)
    if episode.duration is not None:
        late = [seg for seg in episode.transcript.segments if seg.start > episode.duration + 1]
        if late:
            more = f" (and {len(late) - 1} more line{'s' if len(late) > 2 else ''} after it)" if len(late) > 1 else ""
            problems.warn(
                path,
                late[0].line,
                f"line at {format_clock(late[0].start)} is after the end of the audio ({format_clock(episode.duration)}){more}: check the time or the episode's duration",
            )


def check_unique(episodes: list[Episode], docs_name: str, problems: Problems) -> None:
    """Numbers (within a season), guids and page addresses must not repeat across episodes.

    Page addresses are `episodes/<stem>/`; two stems that differ only in case
    (`042-Intro.md`, `042-intro.md`) overwrite each other on case-insensitive disks
    and hosts, so they count as the same address.
    """
    seen_numbers: dict[tuple[int | None, int], Episode] = {}
    seen_guids: dict[str, Episode] = {}
    seen_urls: dict[str, Episode] = {}
    for ep in sorted(episodes, key=lambda e: e.src_uri):
        path = f"{docs_name}/{ep.src_uri}"
        if ep.number is not None:
            key = (ep.season, ep.number)
            if key in seen_numbers:
                other = seen_numbers[key]
                problems.warn(
                    path,
                    ep.lines.get("number"),
                    f"episode number {ep.number} is also used by {docs_name}/{other.src_uri}: give each episode its own number",
                )
            else:
                seen_numbers[key] = ep
        if ep.guid is not None:
            if ep.guid in seen_guids:
                other = seen_guids[ep.guid]
                problems.error(
                    path,
                    ep.lines.get("guid"),
                    f"guid {shown(ep.guid)} is also used by {docs_name}/{other.src_uri}: podcast apps would merge the two episodes",
                )
            else:
                seen_guids[ep.guid] = ep
        url = ep.stem.casefold()
        if url in seen_urls:
            other = seen_urls[url]
            problems.warn(
                path,
                None,
                f"page address episodes/{ep.stem}/ differs from that of {docs_name}/{other.src_uri} only in case: rename one of the files",
            )
        else:
            seen_urls[url] = ep


def sort_newest_first(episodes: Iterable[Episode]) -> list[Episode]:
    return sorted(episodes, key=lambda e: (e.date, e.number or 0, e.stem), reverse=True)


def _stat(path: Path | str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


@dataclass
class Loaded:
    """Episodes an earlier load of the same process made (`mkdocs serve` rebuilds), by source.

    An episode whose page text is the same and whose transcript and audio files have the
    same size, time and inode as when they were read is taken as it is, with its problems.
    """

    episodes: dict[str, tuple[object, Episode, list[Problem]]] = field(default_factory=dict)

    def key(self, text: str, episode: Episode, docs_dir: Path, transcript: object = None) -> object:
        transcript = transcript if transcript is not None else _files_of(episode, docs_dir)[0]
        return (text, transcript, _files_of(episode, docs_dir)[1])

    def reuse(self, src_uri: str, text: str, docs_dir: Path, problems: Problems) -> Episode | None:
        entry = self.episodes.get(src_uri)
        if entry is None or entry[0] != self.key(text, entry[1], docs_dir):
            return None
        problems.items.extend(entry[2])
        return entry[1]


def _files_of(episode: Episode, docs_dir: Path) -> tuple[object, object]:
    """Stat of an episode's transcript (and of each file that could be its transcript) and audio file."""
    folder = docs_dir / Path(episode.src_uri).parent
    stem = Path(episode.src_uri).stem
    transcript = [_stat(docs_dir / episode.transcript_path) if episode.transcript_path else None]
    transcript += [_stat(folder / f"{stem}{ext}") for ext in TRANSCRIPT_EXTENSIONS]
    audio = _stat(episode.audio.local_path) if episode.audio is not None and episode.audio.local_path else None
    return transcript, audio


def finish_episode(episode: Episode, docs_dir: Path, problems: Problems, transcript: bytes | None = None) -> None:
    """Parse the transcript of a freshly read episode and derive its chapters when it has none.

    `load_catalog` runs it for every episode it reads; `podsite.parallel` runs the same
    steps in worker processes, so what they keep in the cache is what this would.
    `transcript`: the transcript's bytes when they were read already."""
    load_transcript(episode, docs_dir, problems, transcript)
    if not episode.chapters and episode.transcript is not None:  # chapters from the show notes
        episode.chapters = derive_chapters_cached(episode, cache_dir_for(docs_dir, "chapters"))
    assign_slugs(episode.chapters)


#: An episode file read by `load_catalog`'s first pass, given to `prefetch`: its source,
#: its text and its front matter (the transcript is not parsed yet).
Fresh = tuple[str, str, Episode]


@dataclass
class Prefetched:
    """What `load_catalog`'s `prefetch` gives back: the transcripts it read (by source, not read
    again), and when the work it started for an episode is done (`ready`, asked before the
    episode is read in the second pass; `done`, after the last)."""

    read: dict[str, bytes] = field(default_factory=dict)

    def ready(self, src_uri: str) -> None:
        """Wait until the work started for this episode is done (nothing to wait for here)."""

    def done(self) -> None:
        """Everything started is done (said by the subclass that started it)."""

    @property
    def working(self) -> bool:
        """Whether other processes work on while the episodes are read (`load_catalog`'s `on_read`)."""
        return False


def load_catalog(
    show: Show,
    docs_dir: Path,
    sources: Mapping[str, Callable[[], str]],
    problems: Problems,
    loaded: Loaded | None = None,
    progress: Progress | None = None,
    prefetch: Callable[[list[Fresh]], Prefetched] | None = None,
    on_read: Callable[[Episode], object] | None = None,
) -> Show:
    """Load every episode in `sources` (src_uri -> reader of its text) into `show`.

    With `loaded`, unchanged episodes of an earlier load are reused and this load is kept there.
    `progress` is told of each episode read. Two passes: every file's front matter, then
    each transcript and its chapters; between them `prefetch` is given the episodes read
    afresh (`podsite.parallel` fills the cache for them on several processes) and returns
    the transcripts it read (by source), which are then not read again, and when its work
    for each episode is done: the second pass reads each one then, while the rest are
    still being worked on. `on_read` is told of each episode read while that work goes on (so
    what it does takes no time of its own). Problems are reported in the order of the files,
    as one pass would.
    """
    episodes: list[Episode] = []
    kept: dict[str, tuple[object, Episode, list[Problem]]] = {}
    # first pass: each file's front matter; (src_uri, text, episode, its problems, transcript stat, reused)
    read: list[tuple[str, str, Episode | None, Problems, object, bool]] = []
    for src_uri in sorted(sources):
        local = Problems()
        text, episode, transcript, reused = "", None, None, False
        try:
            check_file_name(src_uri, docs_dir.name)
            text = read_source(sources[src_uri], docs_dir, src_uri)
            episode = loaded.reuse(src_uri, text, docs_dir, local) if loaded is not None else None
            reused = episode is not None
            if episode is None:
                episode = load_episode(src_uri, text, docs_dir, local, TRANSCRIPT_EXTENSIONS)
                transcript = _files_of(episode, docs_dir)[0]  # before it is read: a later save is seen
        except ContentError as err:
            local.add(err)
            episode = None
        read.append((src_uri, text, episode, local, transcript, reused))
    ahead = Prefetched()
    if prefetch is not None:
        fresh = [(src_uri, text, ep) for src_uri, text, ep, _, _, reused in read if ep is not None and not reused]
        if fresh:
            ahead = prefetch(fresh)
    # second pass: transcripts and chapters, in the same order
    for src_uri, text, episode, local, transcript, reused in read:
        if progress is not None:
            progress.step()
        first = len(problems.items)
        problems.items.extend(local.items)
        if episode is None:
            continue
        if reused:
            kept[src_uri] = loaded.episodes[src_uri]  # type: ignore[union-attr]
            episodes.append(episode)
            continue
        ahead.ready(src_uri)
        try:
            finish_episode(episode, docs_dir, problems, ahead.read.pop(src_uri, None))
        except ContentError as err:
            problems.add(err)
            continue
        episodes.append(episode)
        if on_read is not None and ahead.working:
            on_read(episode)
        if loaded is not None:
            kept[src_uri] = (loaded.key(text, episode, docs_dir, transcript), episode, problems.items[first:])
    ahead.done()
    if loaded is not None:
        loaded.episodes = kept
    if progress is not None:
        progress.finish()
    check_unique(episodes, docs_dir.name, problems)
    show.episodes = sort_newest_first(episodes)
    return show
