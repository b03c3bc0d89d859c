"""The Subscribe block: the feed address, the show's directory pages, and links that open
the feed in podcast apps, all plain links."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html
from minisite import episode, make_site
from sitebuild import build_site

FEED = "https://example.org/show/feed.xml"


def _apps(site: Path) -> dict[str, str]:
    page = html.fromstring((site / "index.html").read_bytes())
    block = page.cssselect("section.podsite-subscribe")[0]
    return {a.text_content(): a.get("href") for a in block.cssselect(".podsite-apps a")}


def _directories(site: Path) -> dict[str, str]:
    page = html.fromstring((site / "index.html").read_bytes())
    block = page.cssselect("section.podsite-subscribe")[0]
    return {a.text_content(): a.get("href") for a in block.cssselect(".podsite-directories:not(.podsite-apps) a")}


def _site(root: Path, directories: dict[str, str] | None = None) -> Path:
    files = {
        "episodes/001.md": episode(
            "title: One\ndate: 2026-01-05\naudio:\n  url: https://cdn.example.org/a.mp3\n  length: 1\n  type: audio/mpeg\n"
        )
    }
    podcast: dict[str, object] = {"title": "Garden & Co"}
    if directories:
        podcast["directories"] = directories
    config = make_site(root, files, podcast=podcast)
    out = root / "site"
    assert not build_site(config, out)
    return out


def test_apps_open_the_feed_with_their_documented_links(tmp_path: Path) -> None:
    apps = _apps(_site(tmp_path))
    assert apps == {
        "Apple Podcasts": "podcast://example.org/show/feed.xml",
        "Overcast": "overcast://x-callback-url/add?url=https%3A%2F%2Fexample.org%2Fshow%2Ffeed.xml",
        "Pocket Casts": "pktc://subscribe/example.org/show/feed.xml",
        "Podcast Addict": "podcastaddict://example.org/show/feed.xml",
        "AntennaPod": "https://antennapod.org/deeplink/subscribe?url=https%3A%2F%2Fexample.org%2Fshow%2Ffeed.xml&title=Garden+%26+Co",
    }


def test_a_directory_page_replaces_the_app_link(tmp_path: Path) -> None:
    directories = {
        "Apple Podcasts": "https://podcasts.apple.com/podcast/id1234",
        "Spotify": "https://open.spotify.com/show/abc",
    }
    site = _site(tmp_path, directories)
    assert _directories(site) == directories
    apps = _apps(site)
    assert "Apple Podcasts" not in apps and "Overcast" in apps


@pytest.mark.parametrize("page", ["index.html", "episodes/001/index.html"])
def test_the_feed_address_is_a_plain_link_with_a_copy_button(tmp_path: Path, page: str) -> None:
    site = _site(tmp_path)
    block = html.fromstring((site / page).read_bytes()).cssselect("section.podsite-subscribe")[0]
    assert block.cssselect("a")[0].get("href") == FEED
    button = block.cssselect("button[data-podsite-copy]")[0]
    assert button.get("data-podsite-copy") == FEED
    assert button.get("hidden") is not None  # shown by the script only where the browser can copy
