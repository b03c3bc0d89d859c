"""Embed pages: one small player page per episode for other sites, and the snippet to copy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
from sitebuild import ROOT, build_site, read_shell

SAMPLE_EPISODES = sorted(p.stem for p in (ROOT / "docs" / "episodes").glob("0*.md"))
SITE_URL = "https://example.org/byte-sized-garden/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    warnings = build_site(ROOT / "mkdocs.yml", out)
    assert not warnings, [r.getMessage() for r in warnings]
    return out


@pytest.mark.parametrize("stem", SAMPLE_EPISODES)
def test_every_episode_has_an_embed_page_with_player_chapters_and_a_link_home(site: Path, stem: str) -> None:
    path = site / "episodes" / stem / "embed" / "index.html"
    assert path.is_file(), "no embed page"
    doc = lxml.html.fromstring(path.read_bytes())
    episode = lxml.html.fromstring((site / "episodes" / stem / "index.html").read_bytes())
    title = episode.cssselect("h1")[0].text_content()
    assert doc.cssselect("h1")[0].text_content().strip() == title
    assert doc.cssselect("h1 a")[0].get("href") == f"{SITE_URL}episodes/{stem}/"
    assert doc.cssselect('meta[name="robots"]')[0].get("content") == "noindex"
    # no site navigation, search, header or footer: just the player
    assert not doc.cssselect(".md-header, .md-nav, .md-footer, .md-sidebar, dialog.podsite-search")
    box = doc.cssselect("[data-podsite-player-box]")[0]
    data = json.loads(box.get("data-podsite-episode"))
    assert data["title"] == title
    assert (path.parent / data["src"]).resolve().is_file(), "the player's audio does not resolve to a file"
    assert (path.parent / data["image"]).resolve().is_file(), "the art does not resolve to a file"
    chapters = episode.cssselect(".podsite-chapters li[data-chapter]")
    assert [c["id"] for c in data["chapters"]] == [li.get("data-chapter") for li in chapters]
    # the inline bar, filled by player.js from the site's shared shell, which holds the player's audio
    assert doc.cssselect("[data-podsite-bar].podsite-bar--inline")
    assert lxml.html.fragment_fromstring(str(read_shell(site)["bar"]), create_parent="section").cssselect("audio")
    scripts = [s.get("src") for s in doc.cssselect("script[src]")]
    assert len(scripts) == 2 and scripts[1] == "../../../assets/podsite/player.js"
    assert re.fullmatch(r"\.\./\.\./\.\./assets/podsite/shell\.js\?v=[0-9a-f]{12}", scripts[0])
    for el in doc.iter():
        for attr in ("src", "href"):
            value = el.get(attr) or ""
            assert not re.match(r"https?://", value) or value.startswith(SITE_URL), f"{el.tag} loads {value}"


def test_the_episode_page_offers_the_iframe_snippet(site: Path) -> None:
    stem = SAMPLE_EPISODES[1]
    doc = lxml.html.fromstring((site / "episodes" / stem / "index.html").read_bytes())
    code = doc.cssselect("textarea[data-podsite-embed-code]")[0].text_content()
    snippet = lxml.html.fragment_fromstring(code)
    assert snippet.tag == "iframe"
    assert snippet.get("src") == f"{SITE_URL}episodes/{stem}/embed/"
    assert snippet.get("title") == doc.cssselect("h1")[0].text_content()


def test_embed_pages_are_not_in_the_navigation_or_the_search_index(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "/embed/" not in home
    stem = SAMPLE_EPISODES[0]
    assert "data-pagefind-body" not in (site / "episodes" / stem / "embed" / "index.html").read_text(encoding="utf-8")
