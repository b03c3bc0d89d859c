"""Feed generation for a long archive of synthetic episodes."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from benchkit.corpus import HOSTS


def feed_bench(count: int = 1000) -> dict[str, Any]:
    """Time `podsite.feed.build_feed` for `count` synthetic episodes, when the feed module exists."""
    try:
        from podsite import feed
    except ImportError:
        return {"todo": "podsite.feed is not there yet"}
    if not hasattr(feed, "build_feed"):
        return {"todo": "podsite.feed.build_feed is not there yet"}
    from podsite.model import Audio, Chapter, Episode, Segment, Show, Transcript

    segment = [Segment(0.0, "Hello and welcome.", line=1)]

    show = Show(
        title="Python Bytes",
        site_url="https://example.org/pb/",
        description="Benchmark feed",
        author="Michael Kennedy",
        owner_name="Michael Kennedy",
        owner_email="m@example.org",
        categories=[["Technology"]],
        image="https://example.org/cover.png",
    )
    start = dt.datetime(2016, 11, 7, tzinfo=dt.UTC)
    for n in range(count, 0, -1):
        show.episodes.append(
            Episode(
                stem=f"{n:04d}-episode",
                src_uri=f"episodes/{n:04d}-episode.md",
                title=f"Episode {n}",
                date=start + dt.timedelta(days=7 * n),
                number=n,
                audio=Audio(url=f"https://example.org/{n:04d}.mp3", length=30_000_000),
                duration=1800.0,
                description=f"Episode {n}: news about Python packaging and tools. " * 3,
                notes=f"## Topics\n\n- [Project {n}](https://example.org/p/{n})\n- More about tools.\n",
                hosts=list(HOSTS),
                transcript=Transcript(path=f"docs/episodes/{n:04d}-episode.txt", format="txt", segments=segment),
                chapters=[Chapter(0.0, "Welcome", slug="welcome"), Chapter(600.0, f"Project {n}", slug="project")],
            )
        )
    runs = []
    output = None
    for _ in range(3):
        t0 = time.perf_counter()
        output = feed.build_feed(show, show.episodes)
        runs.append(time.perf_counter() - t0)
    size = len(output) if isinstance(output, (str, bytes)) else None
    return {"episodes": count, "seconds": runs, "best": min(runs), "bytes": size}
