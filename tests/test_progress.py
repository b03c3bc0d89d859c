"""Progress of long build steps: said every few seconds and at the end, never per item,
and not at all for a quick step."""

from __future__ import annotations

from podsite.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_long_step_says_how_far_it_is_every_few_seconds_and_how_long_it_took() -> None:
    clock, said = Clock(), []
    progress = Progress("episodes read", 10, said.append, every=2.0, clock=clock)
    for _ in range(10):
        clock.now += 0.5
        progress.step()
    progress.finish()
    assert said == ["episodes read: 4 of 10", "episodes read: 8 of 10", "episodes read: 10 of 10 in 5.0 s"]


def test_a_quick_step_says_nothing() -> None:
    clock, said = Clock(), []
    progress = Progress("episodes read", 1000, said.append, every=2.0, clock=clock)
    for _ in range(1000):
        clock.now += 0.001
        progress.step()
    progress.finish()
    assert said == []
