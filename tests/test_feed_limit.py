"""`extra.podcast.feed_limit`: the feed lists only the newest episodes; the site keeps them all."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from minisite import episode, make_site, run_mkdocs
from sitebuild import build_site


def _show(n: int) -> dict[str, str]:
    return {
        f"episodes/{k:03d}.md": episode(
            f"title: Episode {k}\ndate: 2026-01-{k:02d}\nnumber: {k}\n"
            f"audio:\n  url: https://cdn.example.org/{k}.mp3\n  length: 1000\n  type: audio/mpeg\nduration: 60"
        )
        for k in range(1, n + 1)
    }


def test_the_feed_lists_the_newest_episodes_and_the_site_every_one(tmp_path: Path) -> None:
    config = make_site(tmp_path, _show(4), podcast={"feed_limit": 2})
    site = tmp_path / "site"
    assert not build_site(config, site)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == ["Episode 4", "Episode 3"]
    assert all((site / "episodes" / f"{k:03d}" / "index.html").is_file() for k in range(1, 5))
    archive = (site / "index.html").read_text(encoding="utf-8")
    assert "Episode 1" in archive


def test_without_a_limit_the_feed_lists_every_episode(tmp_path: Path) -> None:
    config = make_site(tmp_path, _show(3))
    assert not build_site(config, tmp_path / "site")
    feed = feedparser.parse((tmp_path / "site" / "feed.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["Episode 3", "Episode 2", "Episode 1"]


@pytest.mark.parametrize("value", [0, -3, "ten", True, 2.5])
def test_a_limit_that_is_not_a_count_is_an_error_naming_the_line(tmp_path: Path, value: object) -> None:
    make_site(tmp_path, _show(1), podcast={"feed_limit": value})
    result = run_mkdocs(tmp_path)
    assert result.returncode != 0
    line = next(
        n for n, text in enumerate((tmp_path / "mkdocs.yml").read_text().splitlines(), 1) if "feed_limit" in text
    )
    assert f"mkdocs.yml:{line}: extra.podcast.feed_limit: " in result.stderr, result.stderr
    assert "must be a whole number of episodes, 1 or more" in result.stderr
