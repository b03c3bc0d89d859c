"""Hosts and guests: the people registry, a page per person, links from episodes, the
feed's podcast:person and JSON-LD."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree, html
from minisite import ROOT, episode, make_site
from PIL import Image
from podsite.errors import Problems
from podsite.people import load_people
from sitebuild import build_site

PODCAST_NS = "https://podcastindex.org/namespace/1.0"

REGISTRY = """\
- name: Ada Brook
  bio: Ada keeps a notebook of small tools.
  image: people/ada.png
  image_alt: Ada in the garden
  links:
    website: https://ada.example.org/
    mastodon: https://fosstodon.org/@ada
  aliases: [Ada B.]
- name: Mira Okafor
  bio: Mira talks about giving back.
"""


def _episode(n: int, day: str, hosts: str, guests: str) -> str:
    return episode(
        f"title: Episode {n} title\ndate: {day}\nnumber: {n}\nhosts: {hosts}\nguests: {guests}\n"
        "audio:\n  url: https://cdn.example.org/a.mp3\n  length: 1000\n  type: audio/mpeg\n"
        'duration: "00:02:00"\n'
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("people")
    (root / "docs" / "people").mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "assets" / "cover.png", root / "docs" / "people" / "ada.png")
    files = {
        "people.yml": REGISTRY,
        "episodes/001.md": _episode(1, "2026-01-05", "[Ada Brook]", "[Mira Okafor]"),
        "episodes/001.txt": "00:00:01 Hello, I'm Ada Brook and this is Mira Okafor.\n00:01:00 Bye.\n",
        "episodes/002.md": _episode(2, "2026-01-12", "[Ada Brook]", "[Sam Lee]"),
        "episodes/002.txt": "00:00:01 Welcome Sam. Last week Mira Okafor told us about giving back.\n00:01:00 Bye.\n",
    }
    config = make_site(root, files)
    out = root / "site"
    assert not build_site(config, out)
    return out


def _page(site: Path, path: str) -> html.HtmlElement:
    return html.fromstring((site / path / "index.html").read_bytes())


def test_a_registry_person_gets_a_page_with_photo_bio_links_and_episodes(site: Path) -> None:
    page = _page(site, "people/ada-brook")
    assert page.cssselect("article h1")[0].text_content() == "Ada Brook"
    assert "Ada keeps a notebook of small tools." in page.cssselect(".podsite-person__bio")[0].text_content()
    photo = page.cssselect("img.podsite-person__photo")[0]
    assert photo.get("alt") == "Ada in the garden"
    _assert_renditions(site, "people/ada-brook", photo)
    links = {a.text_content(): a.get("href") for a in page.cssselect(".podsite-person__links a")}
    assert links == {"Website": "https://ada.example.org/", "Mastodon": "https://fosstodon.org/@ada"}
    episodes = [li.text_content() for li in page.cssselect(".podsite-person__episodes li")]
    assert len(episodes) == 2 and "Episode 2 title" in episodes[0] and "Episode 1 title" in episodes[1]
    assert all("Host" in text for text in episodes)


def _assert_renditions(site: Path, page_dir: str, photo: html.HtmlElement) -> None:
    """The photo is sent as the 300 px rendition with the 600 px one in srcset (the cover's
    renditions, hooks/art.py), never the full-size file of people.yml."""
    folder = site / page_dir
    src = (folder / photo.get("src")).resolve()
    assert src.is_relative_to((site / "assets" / "podsite" / "art").resolve()), photo.get("src")
    assert src.is_file() and src != (site / "people" / "ada.png").resolve()
    with Image.open(src) as small:
        assert small.width == 300 and small.width == int(photo.get("width"))
    widths = [int(part.split()[1].rstrip("w")) for part in photo.get("srcset").split(", ")]
    assert widths == [300, 600]
    for part in photo.get("srcset").split(", "):
        assert (folder / part.split()[0]).resolve().is_file()
    with Image.open(site / "people" / "ada.png") as full:
        assert full.width > 600  # what was sent before: the full-size file


def test_episode_headers_show_the_photo_rendition_beside_the_name(site: Path) -> None:
    page = _page(site, "episodes/001")
    photos = page.cssselect(".podsite-people img.podsite-people__photo")
    assert len(photos) == 1  # Ada has a photo; Mira has none
    assert photos[0].get("alt") == ""  # the linked name beside it says who it is
    assert photos[0].getnext().text_content() == "Ada Brook"
    _assert_renditions(site, "episodes/001", photos[0])


def test_a_guest_without_a_registry_entry_still_gets_a_page(site: Path) -> None:
    page = _page(site, "people/sam-lee")
    assert page.cssselect("article h1")[0].text_content() == "Sam Lee"
    episodes = [li.text_content() for li in page.cssselect(".podsite-person__episodes li")]
    assert len(episodes) == 1 and "Episode 2 title" in episodes[0] and "Guest" in episodes[0]


def test_the_people_index_lists_hosts_then_guests(site: Path) -> None:
    page = _page(site, "people")
    sections = {
        h.text_content(): [a.text_content() for a in h.getnext().cssselect("a")] for h in page.cssselect("article h2")
    }
    assert sections == {"Hosts": ["Ada Brook"], "Guests": ["Mira Okafor", "Sam Lee"]}


def test_episode_headers_link_hosts_and_guests_to_their_pages(site: Path) -> None:
    page = _page(site, "episodes/002")
    people = {a.text_content(): a.get("href") for a in page.cssselect(".podsite-people a")}
    assert people == {"Ada Brook": "../../people/ada-brook/", "Sam Lee": "../../people/sam-lee/"}


def test_a_person_said_aloud_links_to_their_page_but_not_in_their_own_episode(site: Path) -> None:
    two = _page(site, "episodes/002")
    links = {a.text_content(): a.get("href") for a in two.cssselect(".podsite-transcript a.podsite-mention")}
    assert links["Mira Okafor"] == "https://example.org/show/people/mira-okafor/"
    one = _page(site, "episodes/001")
    assert not one.cssselect(".podsite-transcript a.podsite-mention")


def test_the_feed_person_tags_carry_href_and_img(site: Path) -> None:
    root = etree.parse(str(site / "feed.xml")).getroot()
    people = {
        p.text: (p.get("role"), p.get("href"), p.get("img")) for p in root.iterfind(f".//item/{{{PODCAST_NS}}}person")
    }
    assert people["Ada Brook"] == (
        "host",
        "https://example.org/show/people/ada-brook/",
        "https://example.org/show/people/ada.png",
    )
    assert people["Sam Lee"] == ("guest", "https://example.org/show/people/sam-lee/", None)


def test_json_ld_has_a_person_for_each_host_and_guest(site: Path) -> None:
    page = _page(site, "episodes/001")
    data = [json.loads(s.text) for s in page.cssselect('script[type="application/ld+json"]')]
    episode_data = next(d for d in data if d.get("@type") == "PodcastEpisode")
    people = {p["name"]: p for p in episode_data["actor"]}
    assert people["Ada Brook"]["url"] == "https://example.org/show/people/ada-brook/"
    assert people["Ada Brook"]["image"] == "https://example.org/show/people/ada.png"
    assert people["Ada Brook"]["sameAs"] == ["https://ada.example.org/", "https://fosstodon.org/@ada"]
    assert people["Mira Okafor"]["@type"] == "Person"


@pytest.mark.parametrize(
    ("entry", "line", "message"),
    [
        ("- name: A\n  links:\n    website: javascript:alert(1)\n", 3, "is not an http:// or https:// address"),
        ("- name: A\n  image: ../secret.png\n", 2, "is outside docs/"),
        ("- name: A\n  image: people/missing.png\n", 2, "does not exist in docs/"),
        ("- name: A\n  image: https://cdn.example.org/a.png\n", 2, "is on another host"),
        ("- name: A\n- name: a\n", 2, "is already used by A"),
        ("- name: A\n  aliases: [B]\n- name: B\n", 3, "is already used by A"),
        ("- bio: nobody\n", 1, "entry without a `name:`"),
    ],
)
def test_registry_errors_name_the_line_and_the_fix(tmp_path: Path, entry: str, line: int, message: str) -> None:
    problems = Problems()
    load_people(entry, "docs/people.yml", tmp_path, problems)
    errors = [str(p) for p in problems.errors]
    assert errors and errors[0].startswith(f"docs/people.yml:{line}: "), errors
    assert message in errors[0]


def test_an_unknown_key_is_a_warning_that_suggests_the_known_one(tmp_path: Path) -> None:
    problems = Problems()
    people = load_people("- name: A\n  boi: x\n", "docs/people.yml", tmp_path, problems)
    assert [p.name for p in people] == ["A"]
    assert [str(p) for p in problems.items] == ["docs/people.yml:2: unknown key `boi` (did you mean `bio`?)"]


def test_a_registry_that_leads_outside_docs_is_refused(tmp_path: Path) -> None:
    from podsite.people import read_people

    docs = tmp_path / "docs"
    docs.mkdir()
    outside = tmp_path / "elsewhere.yml"
    outside.write_text("- name: Somebody\n", encoding="utf-8")
    (docs / "people.yml").symlink_to(outside)
    problems = Problems()
    assert read_people(docs, "people.yml", problems) == []
    assert [str(p).split(":")[0] for p in problems.errors] == ["docs/people.yml"]


def test_a_photo_pillow_cannot_read_is_a_warning_and_left_out(tmp_path: Path) -> None:
    from minisite import run_mkdocs

    (tmp_path / "docs" / "people").mkdir(parents=True)
    (tmp_path / "docs" / "people" / "ada.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really a picture")
    make_site(
        tmp_path,
        {
            "people.yml": "- name: Ada Brook\n  image: people/ada.png\n",
            "episodes/001.md": _episode(1, "2026-01-05", "[Ada Brook]", "[]"),
            "episodes/001.txt": "00:00:01 Hello.\n",
        },
    )
    result = run_mkdocs(tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "people/ada.png" in line]
    assert len(warnings) == 1 and "docs/people.yml:1:" in warnings[0] and "left out" in warnings[0], result.stderr
    page = _page(tmp_path / "site", "people/ada-brook")
    assert page.cssselect("img.podsite-person__photo") == []
