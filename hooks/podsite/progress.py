"""Progress of long build steps, said now and then rather than once per item.

A cold build of a big show reads thousands of transcripts and derives their
chapters: the producer should see that it is working, without a line per episode.
`Progress` calls `say` when the step passes another tenth of its items, once it has
run for `every` seconds (so at most nine times), and once at its end when it took
longer than that; a quick step (a warm build) says nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class Progress:
    def __init__(
        self,
        what: str,
        total: int,
        say: Callable[[str], None],
        every: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what, self.total, self.say, self.every, self.clock = what, total, say, every, clock
        self.started = clock()
        self.done = 0
        self.tenth = 0  # the last tenth of the items said

    def step(self, count: int = 1) -> None:
        """`count` more items are done; say so at each further tenth, once the step runs long."""
        self.done += count
        tenth = self.done * 10 // max(self.total, 1)
        if tenth > self.tenth and self.done < self.total and self.clock() - self.started >= self.every:
            self.tenth = tenth
            self.say(f"{self.what}: {self.done} of {self.total}")

    def finish(self) -> None:
        """Say how long the step took, when it took long enough to have been worth watching."""
        elapsed = self.clock() - self.started
        if elapsed >= self.every:
            self.say(f"{self.what}: {self.done} of {self.total} in {elapsed:.1f} s")
