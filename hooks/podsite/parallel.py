"""The per-episode work of a cold build on several processes: the cache filled ahead of the build.

A build with an empty `.cache/` parses every transcript, derives chapters, writes the
transcript downloads, searches every transcript for mentions and draws every social
card, one episode after another. These steps are independent per episode and each
keeps its result in the cache by content (`podsite.cache`). So when enough episodes
miss the cache (`POOL_MIN`, 40 by default), a pool of worker processes runs the same
functions for those episodes first, and each worker keeps its results in the cache;
the build then goes through its episodes in order as always and finds every result
kept. What the build publishes and reports is what a serial build publishes and
reports, byte for byte, because it is made by the same serial code from the same
kept values: a worker returns nothing but whether it ran. The social cards are the
exception in timing only: the build needs no card before the pages are written, so
the workers draw them (`start_cards`, at a lower priority) while the build's one
process reads and writes the pages, and the build links each into the site at its
end (`buildstate.LaterFile`).

A worker is given plain data (sources, texts, settings) and reads the files itself.
Its problems are not reported: the build reports them when it reads the kept result
(a kept parse or annotation carries its warnings), or meets them again when there is
no kept result (an unreadable transcript is never kept, so the build parses it again
and names `file:line` as always). A worker that fails in any way costs time only:
the build computes that episode itself.

Warm builds find nothing to do and start no process. `PODSITE_WORKERS` sets how many
processes (default: the CPUs this process may use; 1 switches the pool off),
`PODSITE_POOL_MIN` how many episodes must need work before a pool pays for starting.
Without the cache (`PODSITE_CACHE=off`) there is nowhere to keep results: serial.
Processes are started with `spawn` (safe beside the threads of `mkdocs serve`), import
this package from the folder the build loaded it from (`_WORKER_START`), keep no values
in memory for a next build (`_start_worker`), and are kept for the rest of the build
(`close`).
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from . import cache, cards, images, outputs
from .catalog import Fresh, Prefetched, finish_episode
from .episodes import load_episode
from .errors import ContentError, Problems
from .kinds import DownloadFormat
from .model import Episode, MentionSpec
from .transcripts import TRANSCRIPT_EXTENSIONS
from .transcripts.cached import entry_key, transcript_key

WORKERS_ENV = "PODSITE_WORKERS"
POOL_MIN_ENV = "PODSITE_POOL_MIN"
#: Episodes that must need work before a pool is started (starting one costs about a second).
POOL_MIN = 40
#: Episodes per task sent to a worker: fewer messages, still an even share per worker.
CHUNK = 4

log = logging.getLogger("podsite.parallel")

T = TypeVar("T")


def workers() -> int:
    """Processes for a pool: `PODSITE_WORKERS`, else the CPUs this process may run on."""
    value = os.environ.get(WORKERS_ENV, "").strip()
    if value.isdigit():
        return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def count_setting(name: str, default: int) -> int:
    """The environment variable `name` as a count (digits only), else `default`."""
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() else default


def pool_min() -> int:
    """Episodes that must need work before a pool is used (`PODSITE_POOL_MIN`, else `POOL_MIN`)."""
    return count_setting(POOL_MIN_ENV, POOL_MIN)


def wanted(needing: int) -> bool:
    """Whether `needing` episodes needing work are worth a pool on this machine."""
    return cache.enabled() and workers() > 1 and needing >= max(1, pool_min())


@dataclass
class _Pool:
    executor: Executor | None = None
    starts: int = 0  # pools started by this process (tests check that a warm build starts none)


_POOL = _Pool()


def _executor() -> Executor:
    if _POOL.executor is None:
        _POOL.executor = ProcessPoolExecutor(
            workers(), mp_context=multiprocessing.get_context("spawn"), initializer=exec, initargs=(_WORKER_START, {})
        )
        _POOL.starts += 1
    return _POOL.executor


#: What a new worker runs first: it imports this package from where the build imported it.
#: MkDocs puts the hooks' folder on `sys.path` only while it loads each hook, so a worker
#: (a new interpreter, given the build's `sys.path`) would import another installed copy of the
#: package (another checkout's, whose results the build cannot use) or find none at all (hooks
#: copied into a project): the package is loaded from its own folder, by file, before anything
#: else of it is unpickled.
_PACKAGE = Path(__file__).resolve().parent
_WORKER_START = f"""
import importlib.util, sys
spec = importlib.util.spec_from_file_location(
    {_PACKAGE.name!r}, {str(_PACKAGE / "__init__.py")!r}, submodule_search_locations=[{str(_PACKAGE)!r}]
)
module = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = module
spec.loader.exec_module(module)
from {_PACKAGE.name}.parallel import _start_worker
_start_worker()
"""


def _start_worker() -> None:
    """In a new worker: keep no values in memory for a next build. A worker writes each
    result to the cache once and never reads it back; remembered, its payloads would grow
    it by up to the memory cache's bound (hundreds of MB each at thousands of episodes)."""
    cache.remember_values(False)


def close() -> None:
    """Stop the pool's processes (the hooks call it once the build's per-episode work is done)."""
    executor, _POOL.executor = _POOL.executor, None
    if executor is not None:
        executor.shutdown(wait=True, cancel_futures=True)


def starts() -> int:
    """How many pools this process has started: one started during a build makes it a first build
    (the search hook then indexes pages as they are written); tests check a warm build starts none."""
    return _POOL.starts


Say = Callable[[str], object]


def run(work: Callable[[list[T]], int], items: Sequence[T], what: str, say: Say | None = None) -> int:
    """`work` over `items` in chunks on the pool; how many items it did. `say` is told
    how long it took. A broken pool (a worker killed, a task that cannot be sent) is
    told too and leaves the rest to the build."""
    return start(work, items, what, say).wait()


@dataclass
class Background:
    """Work sent to the pool that the build goes on beside and collects later (`wait`)."""

    what: str
    total: int
    say: Say
    futures: list[Future[int]] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    finished: float = 0.0
    failure: BaseException | None = None

    def _done(self, future: Future[int]) -> None:
        self.finished = max(self.finished, time.perf_counter())

    def done(self) -> bool:
        """Whether every item was done (or the work failed): `wait` then returns at once."""
        return self.failure is not None or all(future.done() for future in self.futures)

    def wait(self) -> int:
        """How many items the workers did, once they are all done; said as `run` says it. A
        broken pool is told and leaves the rest to the build."""
        done = 0
        try:
            if self.failure is not None:
                raise self.failure
            for future in self.futures:
                done += future.result()
        except Exception as exc:  # never stop a build over the pool: the build does the work itself
            self.say(f"podsite: {self.what} on {workers()} processes stopped ({exc}); the build does the rest")
            close()
            return done
        took = (self.finished or time.perf_counter()) - self.started
        self.say(f"podsite: {self.what}: {done} of {self.total} on {workers()} processes in {took:.1f} s")
        return done


def start(work: Callable[[list[T]], int], items: Sequence[T], what: str, say: Say | None = None) -> Background:
    """`work` over `items` in chunks on the pool, without waiting: `wait()` on the result."""
    pending = Background(what, len(items), say or log.info)
    try:
        executor = _executor()
        for i in range(0, len(items), CHUNK):
            future = executor.submit(work, list(items[i : i + CHUNK]))
            future.add_done_callback(pending._done)
            pending.futures.append(future)
    except Exception as exc:  # a pool that cannot start: `wait` tells, the build does the rest
        pending.failure = exc
    return pending


# ---------------------------------------------------------------------------------------------
# episodes: transcript, chapters, downloads


@dataclass(frozen=True)
class EpisodeJob:
    """What a worker needs to read episodes as `catalog.load_catalog` does and write their downloads."""

    docs_dir: str
    language: str
    downloads: tuple[DownloadFormat, ...] | None
    #: Downloads are made for episodes published by then (None: every episode, as in a preview).
    published_by: dt.datetime | None


def _read(docs: Path, src_uri: str, text: str) -> Episode:
    """The episode as `load_catalog` loads it (its results kept in the cache)."""
    problems = Problems()
    episode = load_episode(src_uri, text, docs, problems, TRANSCRIPT_EXTENSIONS)
    finish_episode(episode, docs, problems)
    return episode


def load_episodes(job: list[tuple[EpisodeJob, str, str]]) -> int:
    """In a worker: parse, chapter and export each episode, keeping the results in the cache."""
    done = 0
    for settings, src_uri, text in job:
        docs = Path(settings.docs_dir)
        try:
            episode = _read(docs, src_uri, text)
            shown = not episode.draft and (settings.published_by is None or episode.date <= settings.published_by)
            if shown:
                exports = cache.cache_dir_for(docs, "exports")
                outputs.episode_files(episode, exports, settings.language, settings.downloads)
        except ContentError:
            continue  # the build meets it again and reports it
        except Exception as exc:  # the build computes this episode itself, and meets any bug itself
            log.debug(f"podsite: worker could not prepare {src_uri}: {exc}")
            continue
        done += 1
    return done


def needs_parse(episode: Episode, docs_dir: Path, read: dict[str, bytes] | None = None) -> bool:
    """Whether the episode's transcript has no parse kept in the cache (cheap: hashes the file).
    The bytes read go into `read` (by the episode's source), so the build does not read them again."""
    folder = cache.cache_dir_for(docs_dir)
    if folder is None or episode.transcript_path is None:
        return False
    try:
        data = (docs_dir / episode.transcript_path).read_bytes()
    except OSError:
        return False
    if read is not None:
        read[episode.src_uri] = data
    path = f"{docs_dir.name}/{episode.transcript_path}"
    key = entry_key(data, path, episode.transcript_format, episode.hosts + episode.guests)
    return not cache.has_entry(folder, key)


@dataclass
class Ahead(Prefetched):
    """Episodes being read ahead on the pool (`prefetch_episodes`): the build reads each one back
    as soon as the task it is in is done, while the workers go on with the next ones."""

    background: Background | None = None
    task_of: dict[str, int] = field(default_factory=dict)  # by source: its task's place in the futures

    def ready(self, src_uri: str) -> None:
        task = self.task_of.get(src_uri)
        if self.background is None or task is None:
            return
        try:
            self.background.futures[task].result()
        except Exception:  # noqa: BLE001, S110 - a broken pool: `done` says so, the build does the episode itself
            pass

    def done(self) -> None:
        if self.background is not None:
            self.background.wait()

    @property
    def working(self) -> bool:
        return self.background is not None


def prefetch_episodes(
    fresh: Iterable[Fresh],
    docs_dir: Path,
    language: str,
    downloads: tuple[DownloadFormat, ...] | None,
    published_by: dt.datetime | None,
    say: Say | None = None,
) -> Ahead:
    """Fill the cache for the episodes whose transcript was never parsed, on a pool when
    there are enough of them (`load_catalog`'s `prefetch`), without waiting: the result
    tells when each one is done, and holds the transcripts read to find out, by source."""
    ahead = Ahead()
    todo = [(src_uri, text) for src_uri, text, episode in fresh if needs_parse(episode, docs_dir, ahead.read)]
    if not wanted(len(todo)):
        return ahead
    settings = EpisodeJob(str(docs_dir), language, downloads, published_by)
    ahead.background = start(
        load_episodes, [(settings, src_uri, text) for src_uri, text in todo], "episodes read ahead", say
    )
    ahead.task_of = {src_uri: n // CHUNK for n, (src_uri, _) in enumerate(todo)}
    return ahead


# ---------------------------------------------------------------------------------------------
# mentions: each episode's hits


@dataclass(frozen=True)
class MentionJob:
    """The show-wide inputs of `annotate._annotate_cached`."""

    docs_dir: str
    registry: list[MentionSpec]
    common: frozenset[str]
    show_key: str
    show_name: str


def annotate_episodes(job: list[tuple[MentionJob, str, str]]) -> int:
    """In a worker: find the mentions of each episode (read again from its file) and keep
    them in the cache under `key`, the key the build computed; an episode read differently
    here (its file changed since) is left to the build."""
    from .mentions import annotate
    from .mentions.spellings import alias_lines_of

    done = 0
    for settings, src_uri, key in job:
        docs = Path(settings.docs_dir)
        try:
            with open(docs / src_uri, encoding="utf-8-sig") as fh:  # as MkDocs reads a page
                episode = _read(docs, src_uri, fh.read())
            where = f"{docs.name}/{episode.src_uri}"
            lines = alias_lines_of(episode) if episode.mention_aliases else {}
            transcript = transcript_key(episode.transcript) if episode.transcript is not None else None
            args = (episode, where, lines, settings.show_key, transcript, settings.show_name)
            if annotate.annotation_key(*args) != key:
                continue
            cache_dir = cache.cache_dir_for(docs, "mentions")
            assert cache_dir is not None
            annotate._annotate_cached(
                episode,
                settings.registry,
                Problems(),
                settings.common,
                where,
                lines,
                cache_dir,
                settings.show_key,
                transcript,
                settings.show_name,
            )
        except Exception as exc:  # the build searches this episode itself
            log.debug(f"podsite: worker could not search {src_uri}: {exc}")
            continue
        done += 1
    return done


def prefetch_mentions(
    missing: Sequence[tuple[Episode, str]],
    docs_dir: Path,
    registry: list[MentionSpec],
    common: frozenset[str],
    show_key: str,
    show_name: str,
    say: Say | None = None,
) -> int:
    """Search the episodes whose hits are not kept (episode, key), on a pool when there
    are enough of them (`annotate_show`'s `prefetch`); how many a worker did."""
    if not wanted(len(missing)):
        return 0
    settings = MentionJob(str(docs_dir), registry, common, show_key, show_name)
    return run(
        annotate_episodes, [(settings, ep.src_uri, key) for ep, key in missing], "transcripts searched ahead", say
    )


# ---------------------------------------------------------------------------------------------
# social cards


@dataclass(frozen=True)
class CardJob:
    """One card to draw: its text, the key of its art and the art's file (None: no art)."""

    cache_dir: str
    text: cards.CardText
    art_key: str
    art_path: str | None


@lru_cache(maxsize=8)
def _card_art(path: str | None, art_key: str) -> Any:
    if path is None:
        return None
    try:
        return cards.art_for_card(images.open_image(Path(path)))
    except images.ImageProblem:
        return None


def draw_cards(job: list[CardJob]) -> int:
    """In a worker: draw each card into the cache (`cards.card_file`)."""
    done = 0
    for card in job:
        try:

            def art(card: CardJob = card) -> Any:
                return _card_art(card.art_path, card.art_key)

            cards.card_file(Path(card.cache_dir), card.text, card.art_key, art)
        except Exception as exc:  # the build draws this card itself
            log.debug(f"podsite: worker could not draw a card: {exc}")
            continue
        done += 1
    return done


#: How much lower than the build's own process a worker drawing cards runs (`os.nice`).
BEHIND = 10


@dataclass
class _Behind:
    lowered: bool = False


_BEHIND = _Behind()


def draw_cards_behind(job: list[CardJob]) -> int:
    """In a worker: `draw_cards` at a lower priority than the build's process, which writes the
    pages meanwhile on one CPU (the pool is stopped once the cards are drawn)."""
    if not _BEHIND.lowered:
        _BEHIND.lowered = True
        try:
            os.nice(BEHIND)
        except (OSError, AttributeError):  # not allowed, or not on this system: the same priority
            pass
    return draw_cards(job)


def missing_cards(wanted_cards: Sequence[CardJob]) -> list[CardJob]:
    """The cards not kept yet."""
    return [c for c in wanted_cards if not cards.is_kept(Path(c.cache_dir), c.text, c.art_key)]


def start_cards(todo: Sequence[CardJob], say: Say | None = None) -> Background:
    """Draw `todo` on the pool while the build writes its pages (the caller asked `wanted`)."""
    return start(draw_cards_behind, todo, "social cards drawn beside the pages", say)
