"""The preview stays true to the content while the producer edits: `make serve`'s
`mkdocs serve` in a subprocess on a small site, every edit saved as editors save
(in place, or written beside and renamed over), every check waiting for its condition."""

from __future__ import annotations

import functools
import io
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from PIL import Image
from servekit import Preview, fetch, wait_until
from sitebuild import copy_sample

EPISODE = "001-small-tools-big-wins"
OTHER = "002-testing-the-waters"
LISTS = ("", "episodes/")  # the home page and the archive


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    with Preview(copy_sample(tmp_path / "project")) as serving:
        yield serving


def docs(preview: Preview) -> Path:
    return preview.root / "docs"


def save(path: Path, text: str, rename: bool = False) -> None:
    """Save as an editor does: in place, or (`rename`) into a new file moved over the old one."""
    if rename:
        tmp = path.with_name(f".{path.name}.swp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    else:
        path.write_text(text, encoding="utf-8")


def edit(path: Path, old: str, new: str, rename: bool = False) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    save(path, text.replace(old, new), rename)


def shows(preview: Preview, path: str, needle: str) -> bool:
    response = preview.get(path)
    return response.status == 200 and needle in response.text


@pytest.mark.parametrize("rename", [False, True], ids=["in-place", "write-then-rename"])
def test_a_saved_transcript_shows_on_its_page(preview: Preview, rename: bool) -> None:
    edit(docs(preview) / "episodes" / f"{EPISODE}.txt", "see what grows", "see what blooms", rename)
    wait_until(lambda: shows(preview, f"episodes/{EPISODE}/", "see what blooms"), what="the edited transcript")
    assert "see what blooms" in preview.get(f"episodes/{EPISODE}/transcript.txt").text


def test_one_save_is_one_rebuild(preview: Preview) -> None:
    """The build reads every content file: the preview's watcher must not take those reads
    for changes and rebuild again and again."""
    edit(docs(preview) / "episodes" / f"{EPISODE}.txt", "see what grows", "see what blooms")
    wait_until(lambda: shows(preview, f"episodes/{EPISODE}/", "see what blooms"), what="the edited transcript")
    time.sleep(3)
    assert preview.log.count("Detected file changes") == 1, preview.log


def test_a_new_title_reaches_the_page_the_lists_and_the_feed(preview: Preview) -> None:
    edit(docs(preview) / "episodes" / f"{OTHER}.md", "title: Testing the waters", "title: Waters, tested again")
    for path in (f"episodes/{OTHER}/", *LISTS, "feed.xml"):
        wait_until(functools.partial(shows, preview, path, "Waters, tested again"), what=f"the new title on /{path}")


def test_a_new_episode_appears_and_a_deleted_one_disappears(preview: Preview) -> None:
    episodes = docs(preview) / "episodes"
    new = "004-new-growth"
    text = (episodes / f"{OTHER}.md").read_text(encoding="utf-8")
    save(
        episodes / f"{new}.md",
        text.replace("title: Testing the waters", "title: New growth").replace("number: 2", "number: 4"),
    )
    save(episodes / f"{new}.vtt", (episodes / f"{OTHER}.vtt").read_text(encoding="utf-8"))
    for path in (f"episodes/{new}/", f"episodes/{new}/transcript.vtt", *LISTS, "feed.xml"):
        needle = "New growth" if not path.endswith(".vtt") else "WEBVTT"
        wait_until(functools.partial(shows, preview, path, needle), what=f"/{path}")
    assert f"episodes/{new}/" in preview.get("mentions/flask/").text

    (episodes / f"{OTHER}.md").unlink()
    (episodes / f"{OTHER}.vtt").unlink()
    wait_until(lambda: preview.get(f"episodes/{OTHER}/").status == 404, what="the deleted page to be gone")
    for path in (
        f"episodes/{OTHER}/transcript.vtt",
        f"episodes/{OTHER}/transcript.json",
        f"episodes/{OTHER}/chapters.json",
    ):
        assert preview.get(path).status == 404, path
    for path in (*LISTS, "feed.xml", "mentions/flask/"):
        assert f"{OTHER}/" not in preview.get(path).text, path

    os.replace(episodes / f"{new}.md", episodes / "005-renamed.md")  # a rename is a deletion and a new page
    os.replace(episodes / f"{new}.vtt", episodes / "005-renamed.vtt")
    wait_until(lambda: shows(preview, "episodes/005-renamed/", "New growth"), what="the renamed page")
    assert preview.get(f"episodes/{new}/").status == 404
    assert f"{new}/" not in preview.get("episodes/").text and "005-renamed/" in preview.get("episodes/").text


def test_a_mentions_change_reaches_the_episode_pages(preview: Preview) -> None:
    page = f"episodes/{OTHER}/"
    assert "https://flask.palletsprojects.com/" in preview.get(page).text
    edit(docs(preview) / "mentions.yml", "url: https://flask.palletsprojects.com/", "url: https://flask.example.org/")
    wait_until(lambda: shows(preview, page, "https://flask.example.org/"), what="the new mention link")
    assert "https://flask.example.org/" in preview.get("mentions/flask/").text


def test_many_quick_saves_end_on_the_last_text(preview: Preview) -> None:
    transcript = docs(preview) / "episodes" / f"{EPISODE}.txt"
    original = transcript.read_text(encoding="utf-8")
    for n in range(30):  # thirty saves in about five seconds, some during rebuilds
        save(transcript, original.replace("see what grows", f"see what grows (take {n})"), rename=n % 2 == 1)
        time.sleep(0.17)
    wait_until(lambda: shows(preview, f"episodes/{EPISODE}/", "(take 29)"), what="the last save")
    edit(docs(preview) / "episodes" / f"{OTHER}.md", "title: Testing the waters", "title: Later edit")
    wait_until(lambda: shows(preview, "episodes/", "Later edit"), what="a rebuild after the saves")
    assert "(take 29)" in preview.get(f"episodes/{EPISODE}/").text


@pytest.mark.parametrize(
    ("name", "old", "new", "where"),
    [
        (
            f"{OTHER}.md",
            "title: Testing the waters",
            'title: "Testing the waters',
            rf"docs/episodes/{OTHER}\.md:\d+: invalid YAML",
        ),
        (f"{OTHER}.vtt", None, "", rf"docs/episodes/{OTHER}\.vtt(:\d+)?: \w"),
    ],
    ids=["invalid-yaml", "empty-transcript"],
)
def test_broken_content_shows_a_banner_on_the_last_good_page(
    preview: Preview, name: str, old: str | None, new: str, where: str
) -> None:
    path = docs(preview) / "episodes" / name
    good = path.read_text(encoding="utf-8")
    page = f"episodes/{OTHER}/"
    assert "data-podsite-preview-problems" not in preview.get(page).text
    save(path, good.replace(old, new) if old else new)
    wait_until(lambda: shows(preview, page, "data-podsite-preview-problems"), what="the problem banner")
    served = preview.get(page).text
    assert re.search(where, served), "the banner names the file and line"
    assert "big idea" in served and "data-podsite-player" in served, "the last good page stays"
    assert re.search(r"ERROR\s+-\s+" + where, preview.log), "the terminal names the file and line"
    assert preview.process.poll() is None, "the server keeps running"
    assert shows(preview, f"episodes/{EPISODE}/", "see what grows")
    save(path, good)
    wait_until(lambda: not shows(preview, page, "data-podsite-preview-problems"), what="the banner to clear")
    assert "big idea" in preview.get(page).text


def _png(path: Path, color: str) -> None:
    Image.new("RGB", (1400, 1400), color).save(path)


def _pictures(preview: Preview, page: str) -> dict[str, object]:
    """Every image a page shows (`src` and `srcset` of its `<img>`): the colour at its
    middle, or the HTTP status when it is not served."""
    html = preview.get(page).text
    urls = re.findall(r'<img[^>]*?\ssrc="([^"]+)"', html)
    urls += [u.split()[0] for s in re.findall(r'\ssrcset="([^"]+)"', html) for u in s.split(",")]
    assert urls, f"/{page} shows no image"
    seen: dict[str, object] = {}
    for url in urls:
        response = fetch(urljoin(preview.url + page, url))
        if response.status != 200:
            seen[url] = response.status
            continue
        image = Image.open(io.BytesIO(response.body)).convert("RGB")
        seen[url] = image.getpixel((image.width // 2, image.height // 2))
    return seen


def _near(color: object, want: tuple[int, int, int]) -> bool:
    return isinstance(color, tuple) and all(abs(a - b) < 12 for a, b in zip(color, want, strict=True))


def _shows_color(preview: Preview, page: str, want: tuple[int, int, int]) -> bool:
    """Whether one of the images `page` shows is of colour `want`."""
    return any(_near(c, want) for c in _pictures(preview, page).values())


def test_an_image_edited_in_place_shows_on_the_pages_that_show_it(tmp_path: Path) -> None:
    config = copy_sample(tmp_path / "project")
    folder = config.parent / "docs"
    red, blue, green = (255, 0, 0), (0, 0, 255), (0, 128, 0)
    yellow, magenta = (255, 255, 0), (255, 0, 255)
    _png(folder / "episodes" / "art-001.png", "red")
    _png(folder / "ada.png", "yellow")
    edit(folder / "episodes" / f"{EPISODE}.md", "duration:", "image: art-001.png\nduration:")
    edit(folder / "people.yml", "- name: Ada Brook\n", "- name: Ada Brook\n  image: ada.png\n")
    episode, embed, person = f"episodes/{EPISODE}/", f"episodes/{EPISODE}/embed/", "people/ada-brook/"
    with Preview(config) as preview:
        for page in (episode, embed):
            assert all(_near(c, red) or _near(c, yellow) for c in _pictures(preview, page).values()), page
        assert all(_near(c, yellow) for c in _pictures(preview, person).values())
        card = preview.get(f"{episode}card.png").body

        _png(folder / "episodes" / "art-001.png", "blue")  # the episode's art, saved over in place
        for page in (episode, embed, *LISTS):
            wait_until(functools.partial(_shows_color, preview, page, blue), what=f"the new episode art on /{page}")
        assert all(_near(c, blue) for c in _pictures(preview, embed).values()), _pictures(preview, embed)
        shown = _pictures(preview, episode)  # the art, and the host's photo
        assert all(_near(c, blue) or _near(c, yellow) for c in shown.values()), shown
        assert preview.get(f"{episode}card.png").body != card, "the social card shows the new art"

        _png(folder / "assets" / "cover.png", "green")  # the cover: the home page and episodes without art
        for page in ("", f"episodes/{OTHER}/"):
            wait_until(functools.partial(_shows_color, preview, page, green), what=f"the new cover on /{page}")
        for page in ("", *LISTS, f"episodes/{OTHER}/", episode):
            shown = _pictures(preview, page)
            assert all(isinstance(c, tuple) for c in shown.values()), f"/{page} shows a missing image: {shown}"
            assert not any(_near(c, red) for c in shown.values()), page

        _png(folder / "ada.png", "magenta")  # a host's photo: on their page and in the header of their episodes
        wait_until(lambda: all(_near(c, magenta) for c in _pictures(preview, person).values()), what="the new photo")
        wait_until(
            lambda: all(_near(c, blue) or _near(c, magenta) for c in _pictures(preview, episode).values()),
            what="the new photo in the episode's header",
        )
