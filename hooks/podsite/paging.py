"""Long lists split over pages of a bounded size: the archive, a mention's episodes and
the mentions index.

A page's size must not grow with the show: at thousands of episodes one archive page
listing all of them would be megabytes. The first page keeps its address
(`episodes/`, `mentions/<slug>/`, `mentions/`); the others follow it as `page/<n>/`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from .model import Episode

T = TypeVar("T")

#: Episodes on one archive page and on one mention page.
EPISODES_PER_PAGE = 100
#: Names on one page of the mentions index.
NAMES_PER_PAGE = 500


@dataclass(frozen=True)
class Pager(Generic[T]):
    """Page `number` (from 1) of `count` pages of a list whose first page is at `first_url`
    (site-relative, ending in `/`); `items` are the ones shown on this page."""

    number: int
    count: int
    first_url: str
    items: list[T]

    def url(self, number: int) -> str:
        return page_url(self.first_url, number)

    @property
    def numbers(self) -> range:
        return range(1, self.count + 1)

    @property
    def newer_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def older_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None


def page_url(first_url: str, number: int) -> str:
    """Site-relative address of page `number` of the list whose first page is `first_url`."""
    return first_url if number <= 1 else f"{first_url}page/{number}/"


def page_src(first_src: str, first_url: str, number: int) -> str:
    """The source path of page `number` (the first page keeps `first_src`)."""
    return first_src if number <= 1 else f"{first_url}page/{number}.md"


def page_count(total: int, per_page: int) -> int:
    """How many pages `total` items fill (at least one: an empty list still has its page)."""
    return max(1, -(-total // per_page))


def pager(items: Sequence[T], number: int, per_page: int, first_url: str) -> Pager[T]:
    """Page `number` of `items` (clamped to the pages there are)."""
    count = page_count(len(items), per_page)
    number = min(max(1, number), count)
    start = (number - 1) * per_page
    return Pager(number, count, first_url, list(items[start : start + per_page]))


@dataclass(frozen=True)
class Group(Generic[T]):
    """A heading over part of a page's list: its text, its id, and the items under it."""

    heading: str
    id: str
    items: list[T]


def grouped(items: Sequence[T], key: Callable[[T], tuple[str, str]]) -> list[Group[T]]:
    """Consecutive items with the same `(heading, id)` under one heading, in list order."""
    groups: list[Group[T]] = []
    for item in items:
        heading, ident = key(item)
        if not groups or groups[-1].id != ident:
            groups.append(Group(heading, ident, []))
        groups[-1].items.append(item)
    return groups


def _season_heading(season: int | None) -> str:
    return "Without a season" if season is None else f"Season {season}"


def archive_heading(
    by_season: bool, season_heading: Callable[[int | None], str] = _season_heading
) -> Callable[[Episode], tuple[str, str]]:
    """The archive's section of an episode: its season when the show has seasons, else its year.
    `season_heading` words a season's heading (None: the episodes without one) in the show's language."""

    def key(episode: Episode) -> tuple[str, str]:
        if by_season:
            if episode.season is None:
                return (season_heading(None), "season-none")
            return (season_heading(episode.season), f"season-{episode.season}")
        year = episode.date.year
        return (str(year), f"year-{year}")

    return key


def archive_groups(
    listed: Sequence[Episode],
    episodes: Sequence[Episode],
    season_heading: Callable[[int | None], str] = _season_heading,
) -> list[Group[Episode]]:
    """The sections of one archive page: by season when any episode of the show has one."""
    by_season = any(ep.season is not None for ep in episodes)
    return grouped(listed, archive_heading(by_season, season_heading))
