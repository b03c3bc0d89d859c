"""Progress of long build steps: said every few seconds and at the end, never per item,
and not at all for a quick step."""

from __future__ import annotations

from podsite.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_long_step_says_each_further_tenth_and_how_long_it_took() -> None:
    clock, said = Clock(), list[str]()
    progress = Progress("episodes read", 1000, said.append, every=2.0, clock=clock)
    for _ in range(1000):
        clock.now += 0.01
        progress.step()
    progress.finish()
    # quiet for the first two seconds (200 items), then once per tenth: never a line per item
    assert said == [f"episodes read: {n} of 1000" for n in range(200, 1000, 100)] + [
        "episodes read: 1000 of 1000 in 10.0 s"
    ]


def test_a_quick_step_says_nothing() -> None:
    clock, said = Clock(), list[str]()
    progress = Progress("episodes read", 1000, said.append, every=2.0, clock=clock)
    for _ in range(1000):
        clock.now += 0.001
        progress.step()
    progress.finish()
    assert said == []
