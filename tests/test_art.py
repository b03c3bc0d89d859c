"""Artwork on the site and social cards: sizes, addresses, alt texts, the same bytes every build."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import cast

import lxml.html
import pytest
from minisite import episode, make_site, run_mkdocs
from PIL import Image, ImageChops, ImageFont
from podsite import cards
from sitebuild import ROOT, build_site

SITE_URL = "https://example.org/byte-sized-garden/"
SAMPLE_EPISODES = sorted(p.stem for p in (ROOT / "docs" / "episodes").glob("0*.md"))


def page(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / url / "index.html").read_bytes())


def resolve(site: Path, page_url: str, src: str) -> Path:
    """The file a relative `src` on the page at `page_url` points at."""
    return (site / page_url / src).resolve()


def meta(doc: lxml.html.HtmlElement) -> dict[str, str]:
    out = {}
    for el in doc.cssselect("head meta[property], head meta[name]"):
        out[el.get("property") or el.get("name")] = el.get("content")
    return out


def png_size(path: Path) -> tuple[str | None, tuple[int, int]]:
    with Image.open(path) as image:
        return image.format, image.size


# --- social cards ---------------------------------------------------------------------------


@pytest.mark.parametrize("stem", SAMPLE_EPISODES)
def test_every_episode_has_a_1200x630_png_card_that_og_and_twitter_name(sample_site: Path, stem: str) -> None:
    card = sample_site / "episodes" / stem / "card.png"
    assert png_size(card) == ("PNG", (1200, 630))
    tags = meta(page(sample_site, f"episodes/{stem}"))
    url = f"{SITE_URL}episodes/{stem}/card.png"
    assert tags["og:image"] == url
    assert tags["twitter:image"] == url
    assert tags["twitter:card"] == "summary_large_image"
    assert (tags["og:image:width"], tags["og:image:height"], tags["og:image:type"]) == ("1200", "630", "image/png")
    title = page(sample_site, f"episodes/{stem}").cssselect("h1")[0].text_content().strip()
    assert title in tags["og:image:alt"] and title in tags["twitter:image:alt"]


def test_home_page_has_the_show_card(sample_site: Path) -> None:
    tags = meta(page(sample_site, ""))
    assert tags["og:image"] == tags["twitter:image"] == SITE_URL + "assets/podsite/card.png"
    assert tags["twitter:card"] == "summary_large_image"
    assert png_size(sample_site / "assets" / "podsite" / "card.png") == ("PNG", (1200, 630))


def test_cards_are_byte_identical_across_two_builds(tmp_path: Path) -> None:
    """Drawn afresh twice (no cache): a card depends on its text and art only."""
    sites = []
    for name in ("one", "two"):
        build_site(ROOT / "mkdocs.yml", tmp_path / name, env={"PODSITE_CACHE": "off"})
        sites.append(tmp_path / name)
    made = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*.png"))
    made += sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*.jpg"))
    assert any(p.name == "card.png" for p in made) and any("art" in p.parts for p in made)
    for rel in made:
        assert (sites[0] / rel).read_bytes() == (sites[1] / rel).read_bytes(), rel


def _ink(image: Image.Image, box: tuple[int, int, int, int]) -> bool:
    """True when any pixel inside `box` differs from the card's background."""
    strip = image.convert("RGB").crop(box)
    return ImageChops.difference(strip, Image.new("RGB", strip.size, cards.BACKGROUND)).getbbox() is not None


def _ink_right_of(png: bytes, x: int) -> bool:
    with Image.open(io.BytesIO(png)) as image:
        return _ink(image, (x, 0, image.width, image.height))


def test_a_long_title_wraps_and_ends_with_an_ellipsis_inside_the_card() -> None:
    title = "An extraordinarily long episode title " * 12
    face = ImageFont.truetype(str(cards.BOLD), cards.TITLE_MIN)
    width = cards.WIDTH - 2 * cards.MARGIN - cards.ART - cards.GAP
    lines = cards.wrap(title, face, width, cards.TITLE_LINES)
    assert len(lines) == cards.TITLE_LINES
    assert lines[-1].endswith(cards.ELLIPSIS)
    assert all(face.getlength(line) <= width for line in lines)
    art = Image.new("RGB", (cards.ART, cards.ART), (200, 40, 40))
    png = cards.draw_card(cards.CardText("Show " * 40, "Episode 1234567 · " * 8, title), art)
    assert not _ink_right_of(png, cards.WIDTH - cards.MARGIN), "text runs past the card's right margin"
    with Image.open(io.BytesIO(png)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
        assert not _ink(image, (0, cards.HEIGHT - 20, cards.WIDTH, cards.HEIGHT)), "text runs past the bottom"


def test_a_word_wider_than_a_line_is_cut_not_overflowing() -> None:
    face = ImageFont.truetype(str(cards.BOLD), cards.TITLE_SIZE)
    lines = cards.wrap("x" * 400, face, 500, 3)
    assert len(lines) == 3 and lines[-1].endswith(cards.ELLIPSIS)
    assert all(face.getlength(line) <= 500 for line in lines)
    png = cards.draw_card(cards.CardText("S", "", "W" * 300), None)
    assert not _ink_right_of(png, cards.WIDTH - cards.MARGIN)


def test_a_short_title_is_whole() -> None:
    face = ImageFont.truetype(str(cards.BOLD), cards.TITLE_SIZE)
    assert cards.wrap("Small tools, big wins", face, 1000, 4) == ["Small tools, big wins"]


# --- artwork on pages -----------------------------------------------------------------------


def _images(doc: lxml.html.HtmlElement, selector: str) -> list[lxml.html.HtmlElement]:
    return doc.cssselect(selector)


def _srcset(img: lxml.html.HtmlElement) -> list[tuple[str, int]]:
    out = []
    for part in (img.get("srcset") or "").split(","):
        src, _, width = part.strip().rpartition(" ")
        out.append((src, int(width.rstrip("w"))))
    return out


@pytest.mark.parametrize("url", ["", "episodes/"])
def test_list_thumbnails_are_small_renditions_with_true_sizes(sample_site: Path, url: str) -> None:
    doc = page(sample_site, url)
    items = doc.cssselect("ol.podsite-episode-list > li")
    thumbs = _images(doc, "ol.podsite-episode-list img")
    assert items and len(thumbs) == len(items), "every listed episode has a thumbnail"
    for img in thumbs:
        src = resolve(sample_site, url, img.get("src"))
        fmt, (width, height) = png_size(src)
        assert (img.get("width"), img.get("height")) == (str(width), str(height))
        assert width <= 300
        for candidate, w in _srcset(img) or [(img.get("src"), width)]:
            _, size = png_size(resolve(sample_site, url, candidate))
            assert size[0] == w and max(size) <= 600, f"{candidate} is {size}, too large for a list"
        assert img.get("alt") == "", "the thumbnail beside the title link is decorative"
        assert img.get("loading") == "lazy"


def test_the_full_size_cover_is_never_sent_to_a_page(sample_site: Path) -> None:
    _, cover = png_size(ROOT / "docs" / "assets" / "cover.png")
    for url in ["", "episodes/", *[f"episodes/{stem}/" for stem in SAMPLE_EPISODES]]:
        doc = page(sample_site, url)
        for img in doc.cssselect("article img, .md-content img"):
            for candidate in [img.get("src"), *[s for s, _ in _srcset(img)]]:
                _, size = png_size(resolve(sample_site, url, candidate))
                assert max(size) <= 600, f"{url}: {candidate} is {size}"


def test_home_shows_the_cover_with_alt_text(sample_site: Path) -> None:
    doc = page(sample_site, "")
    cover = doc.cssselect("img.podsite-cover")
    assert len(cover) == 1
    assert cover[0].get("alt") == "Cover art of Byte-Sized Garden"
    assert cover[0].get("width") and cover[0].get("height")
    sizes = [w for _, w in _srcset(cover[0])]
    assert sizes == sorted(sizes) and max(sizes) == 600


@pytest.mark.parametrize("stem", SAMPLE_EPISODES)
def test_episode_page_shows_its_art_with_alt_text(sample_site: Path, stem: str) -> None:
    doc = page(sample_site, f"episodes/{stem}")
    art = doc.cssselect("img.podsite-episode__art")
    assert len(art) == 1
    assert art[0].get("alt"), "the episode's art has a text alternative"
    for img in doc.cssselect("img"):
        assert img.get("alt") is not None, lxml.html.tostring(img)


def test_episode_image_remote_uses_the_cover_and_local_one_is_resized(tmp_path: Path) -> None:
    big = io.BytesIO()
    Image.new("RGB", (3000, 2000), (10, 120, 200)).save(big, "JPEG")
    files: dict[str, str | bytes] = {
        "episodes/001-local.md": episode(
            "title: Local art\ndate: 2026-01-01\nnumber: 1\nimage: ../art/ep1.jpg", "Notes."
        ),
        "art/ep1.jpg": big.getvalue(),
        "episodes/002-remote.md": episode(
            "title: Remote art\ndate: 2026-01-02\nnumber: 2\nimage: https://cdn.example.com/ep2.jpg", "Notes."
        ),
    }
    config = make_site(tmp_path, files)
    result = run_mkdocs(tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert all("no `audio:` file" in line for line in warnings), warnings  # nothing about either image
    site = tmp_path / "site"
    local = page(site, "episodes/001-local").cssselect("img.podsite-episode__art")[0]
    assert local.get("alt") == "Artwork of Local art"
    sizes = [(w, png_size(resolve(site, "episodes/001-local", s))[1]) for s, w in _srcset(local)]
    assert sizes == [(300, (300, 200)), (600, (600, 400))]
    remote = page(site, "episodes/002-remote").cssselect("img.podsite-episode__art")[0]
    home_cover = page(site, "").cssselect("img.podsite-cover")[0]
    assert Path(remote.get("src")).name == Path(home_cover.get("src")).name
    assert (
        "cdn.example.com"
        not in (site / "episodes" / "002-remote" / "index.html")
        .read_text(encoding="utf-8")
        .split("<body", 1)[1]
        .split("podsite-episode__art", 1)[1][:400]
    )
    assert config.is_file()


def test_an_unreadable_episode_image_is_named_and_the_cover_shown(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "episodes/001-broken.md": episode("title: Broken art\ndate: 2026-01-01\nimage: ../art/broken.png", "Notes."),
        "art/broken.png": b"not a picture at all",
    }
    make_site(tmp_path, files)
    result = run_mkdocs(tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.search(r"episodes/001-broken\.md:\d+: .*art/broken\.png is not a readable image", result.stderr)
    img = page(tmp_path / "site", "episodes/001-broken").cssselect("img.podsite-episode__art")[0]
    assert img.get("alt") == "Cover art of Byte-Sized Garden"


@pytest.mark.parametrize("stem", SAMPLE_EPISODES)
def test_embed_page_shows_a_small_rendition(sample_site: Path, stem: str) -> None:
    url = f"episodes/{stem}/embed"
    doc = lxml.html.fromstring((sample_site / url / "index.html").read_bytes())
    (img,) = doc.cssselect(".podsite-embed-head img")
    _, size = png_size(resolve(sample_site, url, img.get("src")))
    assert max(size) <= 300
    assert img.get("alt") == "" and img.get("width") == "64"


def test_the_ellipsis_follows_a_whole_word() -> None:
    face = ImageFont.truetype(str(cards.BOLD), cards.TITLE_MIN)
    words = "structured concurrency deserves a second look before anyone writes another callback " * 6
    lines = cards.wrap(words, face, 510, 3)
    assert lines[-1].endswith(cards.ELLIPSIS)
    assert lines[-1][:-1].split()[-1] in words.split(), lines[-1]


def test_the_show_card_names_every_word_of_a_long_author_line_it_can() -> None:
    face = cards.font(cards.REGULAR, 30)
    lines = cards.wrap("A podcast by Ada Brook and Tomas Reyes", face, 510, cards.KICKER_LINES)
    assert " ".join(lines) == "A podcast by Ada Brook and Tomas Reyes"


def _mean_level_error(one: Image.Image, two: Image.Image) -> float:
    """Mean absolute difference per colour channel, in levels of 0-255."""
    histogram = ImageChops.difference(one.convert("RGB"), two.convert("RGB")).histogram()
    total = sum(
        level * count
        for channel in range(3)
        for level, count in enumerate(histogram[channel * 256 : (channel + 1) * 256])
    )
    return total / (3 * one.width * one.height)


def test_a_card_of_flat_art_is_a_small_palette_png_that_looks_the_same() -> None:
    """Flat art and text (the usual cover) make a palette PNG a third of the full-colour
    one's size, with the background exact and under half a level of difference on average."""
    with Image.open(ROOT / "docs" / "assets" / "cover.png") as cover:
        art = cards.art_for_card(cover)
    text = cards.CardText("Byte-Sized Garden", "Episode 250 · August 31, 2020", "Skorch your scikit-learn together")
    png = cards.draw_card(text, art)
    full = io.BytesIO()
    with Image.open(io.BytesIO(png)) as image:
        assert image.mode == "P" and image.size == (cards.WIDTH, cards.HEIGHT)
        drawn = image.convert("RGB")
    reference = cards.render_card(text, art)
    reference.save(full, "PNG")
    assert len(png) < len(full.getvalue()) / 2
    assert _mean_level_error(drawn, reference) < 0.5
    assert drawn.getpixel((5, 5)) == cards.BACKGROUND
    assert not _ink(drawn, (cards.WIDTH - cards.MARGIN, 0, cards.WIDTH, cards.HEIGHT))


def test_the_text_of_a_palette_card_keeps_its_colours_to_the_edges() -> None:
    """Every pixel of the text's area, anti-aliased edges included, is within a few levels
    of the full-colour card: the title's white, the show's amber and the date's grey, and
    on no art as on flat art."""
    with Image.open(ROOT / "docs" / "assets" / "cover.png") as cover:
        art = cards.art_for_card(cover)
    text = cards.CardText("Byte-Sized Garden", "Episode 12 · March 3, 2021", "Waltzing with 'async' and the GIL, again")
    for with_art in (art, None):
        left = cards.MARGIN + cards.ART + cards.GAP if with_art is not None else cards.MARGIN
        area = (left, 0, cards.WIDTH, cards.HEIGHT)
        with Image.open(io.BytesIO(cards.draw_card(text, with_art))) as image:
            assert image.mode == "P"
            drawn = image.convert("RGB").crop(area)
        reference = cards.render_card(text, with_art).crop(area)
        assert _ink(reference, (0, 0, *reference.size))
        extrema = cast("tuple[tuple[int, int], ...]", ImageChops.difference(drawn, reference).getextrema())
        worst = max(high for _, high in extrema)
        assert worst <= 4, worst


def test_cards_over_one_art_are_the_same_bytes_in_any_order() -> None:
    """What cards over one art share is made once; a card's bytes do not depend on which
    cards were drawn before it, nor on the art being drawn for the first time."""
    with Image.open(ROOT / "docs" / "assets" / "cover.png") as cover:
        art = cards.art_for_card(cover)
    one = cards.CardText("Show", "Episode 1", "The first one")
    two = cards.CardText("Show", "Episode 2", "A second, longer title than the first one")
    first = cards.draw_card(one, art)
    cards.draw_card(two, art)
    cards.draw_card(two, None)
    again = cards.art_for_card(Image.open(ROOT / "docs" / "assets" / "cover.png"))
    assert cards.draw_card(one, art) == first == cards.draw_card(one, again)
    assert cards.draw_card(two, art) != first


def test_a_card_with_a_photograph_keeps_full_colour() -> None:
    """A palette would band a photograph: such a card stays RGB, pixel for pixel."""
    size = (cards.ART, cards.ART)
    photo = Image.merge("RGB", [Image.effect_noise(size, sigma) for sigma in (40, 60, 80)])
    text = cards.CardText("Show", "Episode 1", "A photograph")
    with Image.open(io.BytesIO(cards.draw_card(text, photo))) as image:
        assert image.mode == "RGB"
        assert _mean_level_error(image, cards.render_card(text, photo)) == 0
