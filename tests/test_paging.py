"""Long lists are split into pages of a bounded size: the archive, a mention's episodes
and the mentions index, so no page grows with the show."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from lxml import html
from minisite import episode, make_site
from sitebuild import build_site

EPISODES = 230  # three archive pages of 100
NAMES = 520  # two index pages of 500


def _show(root: Path, seasons: bool = False) -> Path:
    files: dict[str, str] = {}
    start = dt.date(2020, 1, 6)
    for n in range(1, EPISODES + 1):
        day = start + dt.timedelta(days=7 * n)
        season = f"season: {1 + (n - 1) // 80}\n" if seasons else ""
        files[f"episodes/{n:03d}.md"] = episode(
            f"title: Garden notes {n}\ndate: {day.isoformat()}\nnumber: {n}\n{season}"
            "audio:\n  url: https://cdn.example.org/a.mp3\n  length: 1000\n  type: audio/mpeg\n"
            'duration: "00:01:00"\n'
        )
        files[f"episodes/{n:03d}.txt"] = "00:00:01 Today we try Ruff on the garden.\n"
    registry = ["- name: Ruff\n  url: https://docs.astral.sh/ruff/\n"]
    registry += [f"- name: Tool {i:04d}\n  url: https://example.org/tools/{i}\n" for i in range(1, NAMES)]
    files["mentions.yml"] = "".join(registry)
    return make_site(root, files)


def _page(site: Path, path: str) -> html.HtmlElement:
    return html.fromstring((site / path / "index.html").read_bytes())


def _titles(page: html.HtmlElement) -> list[str]:
    return [t.text_content() for t in page.cssselect(".podsite-episode-list__title")]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paged")
    config = _show(root)
    out = root / "site"
    assert not build_site(config, out)
    return out


def test_the_archive_lists_every_episode_once_over_pages_of_100_newest_first(site: Path) -> None:
    pages = [_page(site, "episodes"), _page(site, "episodes/page/2"), _page(site, "episodes/page/3")]
    listed = [_titles(p) for p in pages]
    assert [len(t) for t in listed] == [100, 100, 30]
    flat = [title for titles in listed for title in titles]
    assert flat == [f"Garden notes {n}" for n in range(EPISODES, 0, -1)]
    assert not (site / "episodes" / "page" / "4").exists()


def test_archive_pages_link_to_each_other_and_say_where_the_reader_is(site: Path) -> None:
    first, middle, last = _page(site, "episodes"), _page(site, "episodes/page/2"), _page(site, "episodes/page/3")
    nav = middle.cssselect("nav.podsite-pager")[0]
    assert nav.get("aria-label") == "Archive pages"
    assert "Page 2 of 3" in nav.text_content()
    links = {a.text_content().strip(): a.get("href") for a in nav.cssselect("a[href]")}
    assert links["Newer episodes"] == "../../" and links["Older episodes"] == "../3/"
    assert nav.cssselect('a[aria-current="page"]')[0].text_content() == "2"
    assert "Newer episodes" not in first.cssselect("nav.podsite-pager")[0].text_content()
    assert "Older episodes" not in last.cssselect("nav.podsite-pager")[0].text_content()
    assert first.findtext(".//title").startswith("Episodes")
    assert middle.findtext(".//title").startswith("Episodes, page 2")


def test_the_archive_has_a_heading_for_each_year(site: Path) -> None:
    first = _page(site, "episodes")
    headings = [(h.get("id"), h.text_content()) for h in first.cssselect("article h2")]
    years = [text for _, text in headings]
    assert years == sorted(set(years), reverse=True) and years[0] == "2024"
    assert all(ident == f"year-{text}" for ident, text in headings)
    # every episode under a heading sits in the year the heading names
    for h in first.cssselect("article h2"):
        listing = h.getnext()
        for item in listing.cssselect("time"):
            assert item.get("datetime").startswith(h.text_content())


def test_a_mention_said_in_230_episodes_gets_three_pages(site: Path) -> None:
    pages = [_page(site, "mentions/ruff"), _page(site, "mentions/ruff/page/2"), _page(site, "mentions/ruff/page/3")]
    counts = [len(p.cssselect(".podsite-mention-page__episodes > li")) for p in pages]
    assert counts == [100, 100, 30]
    assert "Said in 230 episodes" in pages[1].text_content()
    nav = pages[2].cssselect("nav.podsite-pager")[0]
    assert {a.text_content().strip() for a in nav.cssselect("a[href]")} >= {"Newer episodes", "1", "2"}


def test_the_mentions_index_is_split_and_its_letters_lead_to_the_right_page(site: Path) -> None:
    first, second = _page(site, "mentions"), _page(site, "mentions/page/2")
    names = [a.text_content() for p in (first, second) for a in p.cssselect(".podsite-mentions-index a")]
    assert len(names) == NAMES and len(set(names)) == NAMES
    assert len(first.cssselect(".podsite-mentions-index a")) == 500
    letters = {a.text_content(): a.get("href") for a in first.cssselect("nav.podsite-az a")}
    # "Ruff" sorts before "Tool …": R and T both start on the first page; T runs on into the second
    assert letters["R"] == "#letter-R"
    assert letters["T"] == "#letter-T"
    second_letters = {a.text_content(): a.get("href") for a in second.cssselect("nav.podsite-az a")}
    assert second_letters["R"] == "../../#letter-R"
    assert second.cssselect("#letter-T")  # the letter's heading is repeated where its names go on


def test_no_generated_list_page_is_large(site: Path) -> None:
    biggest = max(
        (p for p in site.rglob("index.html") if "/episodes/0" not in p.as_posix()),
        key=lambda p: p.stat().st_size,
    )
    assert biggest.stat().st_size < 400_000, f"{biggest} is {biggest.stat().st_size} bytes"


def test_a_show_with_seasons_is_sectioned_by_season(tmp_path: Path) -> None:
    config = _show(tmp_path, seasons=True)
    out = tmp_path / "site"
    assert not build_site(config, out)
    headings = [h.text_content() for h in _page(out, "episodes").cssselect("article h2")]
    assert headings == ["Season 3", "Season 2"]
    assert re.search(r"Season 1\b", _page(out, "episodes/page/3").text_content())
