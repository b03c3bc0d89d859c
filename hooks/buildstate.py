"""State shared by the hook modules for one build (not a hook itself).

MkDocs loads each hook module once and keeps it across `mkdocs serve` rebuilds,
so `reset()` runs in `on_config` at the start of every build.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from podsite.errors import Problems, Severity
from podsite.layout import Link
from podsite.mentions import MentionIndex
from podsite.model import Episode, Show

log = logging.getLogger("mkdocs.plugins.podsite")


@dataclass
class BuildState:
    command: str = "build"
    show: Show | None = None
    docs_dir: Path = Path("docs")
    problems: Problems = field(default_factory=Problems)
    reported: int = 0
    by_src: dict[str, Episode] = field(default_factory=dict)
    links: dict[str, dict[int, list[Link]]] = field(default_factory=dict)
    mention_index: MentionIndex = field(default_factory=MentionIndex)
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    def visible(self) -> list[Episode]:
        """Episodes listed on the site and in the feed: `serve` also shows drafts and scheduled ones."""
        assert self.show is not None
        return self.show.published(self.now, include_drafts=self.serving)


STATE = BuildState()


def build_time() -> dt.datetime:
    """`SOURCE_DATE_EPOCH` when set (reproducible builds and tests), else the clock.

    Used only to leave out episodes dated in the future, never written to output.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def reset(command: str | None = None) -> BuildState:
    global STATE
    STATE = BuildState(command=command or STATE.command, now=build_time())
    return STATE


def report() -> int:
    """Log the problems not yet logged; return how many errors there are in all."""
    for problem in STATE.problems.items[STATE.reported :]:
        if problem.severity is Severity.ERROR:
            log.error(str(problem))
        else:
            log.warning(str(problem))
    STATE.reported = len(STATE.problems.items)
    return len(STATE.problems.errors)
