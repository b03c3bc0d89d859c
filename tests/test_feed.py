"""The podcast feed as a pure function of the show model: tags, limits, links, artwork.

These tests build small shows in memory and read the feed the way podcast apps
do (lxml XPath over the namespaces), so each failure names a tag a listener's app
would get wrong.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import feedparser
import lxml.html
import pytest
from lxml import etree
from PIL import Image
from podsite.artwork import check_artwork
from podsite.errors import ContentError, Problems
from podsite.feed import (
    FeedValueError,
    absolute_html,
    build_feed,
    check_show,
    cors_headers,
    cut_bytes,
    feed_description,
    podcast_guid,
    render_notes,
)
from podsite.feed.discovery import episode_jsonld, open_graph, script_json
from podsite.feed.namespaces import NSMAP
from podsite.model import Audio, Chapter, Episode, Segment, Show, Transcript

UTC = dt.UTC


def make_show(**kwargs: object) -> Show:
    values: dict[str, object] = dict(
        title="Test Show",
        site_url="https://example.org/show/",
        description="A show for tests.",
        author="Ada Brook",
        owner_name="Ada Brook",
        owner_email="ada@example.org",
        image="assets/cover.png",
        categories=[["Technology"]],
    )
    values.update(kwargs)
    return Show(**values)  # type: ignore[arg-type]


def make_episode(n: int, **kwargs: object) -> Episode:
    values: dict[str, object] = dict(
        stem=f"{n:03d}-episode",
        src_uri=f"episodes/{n:03d}-episode.md",
        title=f"Episode {n}",
        date=dt.datetime(2026, 1, 1, tzinfo=UTC) + dt.timedelta(days=7 * n),
        number=n,
        audio=Audio(url=f"episodes/audio/{n:03d}.mp3", length=1000 + n, type="audio/mpeg"),
        duration=61.6,
        description=f"About episode {n}.",
        notes=f"Notes of episode {n}.",
    )
    values.update(kwargs)
    return Episode(**values)  # type: ignore[arg-type]


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def items(root: etree._Element) -> list[etree._Element]:
    return root.findall("channel/item")


def text(node: etree._Element, path: str) -> str:
    found = node.xpath(path, namespaces=NSMAP)
    assert found, f"{path} missing"
    value = found[0]
    return value if isinstance(value, str) else (value.text or "")


# --- podcast:guid -----------------------------------------------------------


def test_podcast_guid_matches_the_namespace_specification_example() -> None:
    # The example of the Podcasting 2.0 specification for <podcast:guid>.
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert podcast_guid("http://mp3s.nashownotes.com/pc20rss.xml/") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"


def test_configured_guid_wins_over_the_derived_one() -> None:
    root = parse(build_feed(make_show(guid="c0ffee00-0000-5000-8000-000000000000"), [make_episode(1)]))
    assert text(root, "channel/podcast:guid") == "c0ffee00-0000-5000-8000-000000000000"


# --- channel --------------------------------------------------------------


def test_channel_explicit_is_true_or_false() -> None:
    assert text(parse(build_feed(make_show(explicit=True), [])), "channel/itunes:explicit") == "true"
    assert text(parse(build_feed(make_show(explicit=False), [])), "channel/itunes:explicit") == "false"


def test_categories_nest_subcategories_under_one_main_category() -> None:
    show = make_show(categories=[["Technology"], ["Education", "How To"], ["Education", "Courses"]])
    root = parse(build_feed(show, []))
    mains = root.xpath("channel/itunes:category", namespaces=NSMAP)
    assert [m.get("text") for m in mains] == ["Technology", "Education"]
    assert [s.get("text") for s in mains[1].xpath("itunes:category", namespaces=NSMAP)] == ["How To", "Courses"]


def test_bad_channel_image_is_refused_not_dropped() -> None:
    with pytest.raises(FeedValueError, match="cover.gif"):
        build_feed(make_show(image="assets/cover.gif"), [])


def test_last_build_date_is_the_newest_episode_not_the_clock() -> None:
    episodes = [make_episode(1), make_episode(3), make_episode(2)]
    root = parse(build_feed(make_show(), episodes))
    assert text(root, "channel/lastBuildDate") == "Thu, 22 Jan 2026 00:00:00 +0000"
    assert parse(build_feed(make_show(), [])).find("channel/lastBuildDate") is None


def test_locked_names_the_owner() -> None:
    root = parse(build_feed(make_show(locked=True), []))
    locked = root.xpath("channel/podcast:locked", namespaces=NSMAP)[0]
    assert (locked.text, locked.get("owner")) == ("yes", "ada@example.org")
    assert text(parse(build_feed(make_show(locked=False), [])), "channel/podcast:locked") == "no"


# --- items ----------------------------------------------------------------


def test_items_are_newest_first_whatever_the_input_order() -> None:
    root = parse(build_feed(make_show(), [make_episode(2), make_episode(1), make_episode(3)]))
    assert [text(i, "title") for i in items(root)] == ["Episode 3", "Episode 2", "Episode 1"]


def test_same_input_gives_the_same_bytes() -> None:
    episodes = [make_episode(n) for n in range(1, 6)]
    assert build_feed(make_show(), episodes) == build_feed(make_show(), list(reversed(episodes)))


def test_episode_without_audio_is_left_out() -> None:
    root = parse(build_feed(make_show(), [make_episode(1, audio=None), make_episode(2)]))
    assert [text(i, "title") for i in items(root)] == ["Episode 2"]


def test_guid_is_the_page_url_unless_front_matter_gives_one() -> None:
    root = parse(build_feed(make_show(), [make_episode(1), make_episode(2, guid="old-host-1234")]))
    by_title = {text(i, "title"): i.find("guid") for i in items(root)}
    assert (by_title["Episode 1"].text, by_title["Episode 1"].get("isPermaLink")) == (
        "https://example.org/show/episodes/001-episode/",
        "true",
    )
    assert (by_title["Episode 2"].text, by_title["Episode 2"].get("isPermaLink")) == ("old-host-1234", "false")


def test_enclosure_is_absolute_with_length_and_type() -> None:
    local = make_episode(1)
    remote = make_episode(2, audio=Audio(url="https://cdn.example.net/2.m4a", length=5, type="audio/x-m4a"))
    root = parse(build_feed(make_show(), [local, remote]))
    enclosures = {text(i, "title"): dict(i.find("enclosure").attrib) for i in items(root)}
    assert enclosures["Episode 1"] == {
        "url": "https://example.org/show/episodes/audio/001.mp3",
        "length": "1001",
        "type": "audio/mpeg",
    }
    assert enclosures["Episode 2"] == {"url": "https://cdn.example.net/2.m4a", "length": "5", "type": "audio/x-m4a"}


def test_item_itunes_tags() -> None:
    episode = make_episode(0, season=0, episode_type="bonus", explicit=True)
    item = items(parse(build_feed(make_show(), [episode])))[0]
    assert text(item, "itunes:duration") == "62"
    assert text(item, "itunes:episode") == "0"
    assert text(item, "itunes:season") == "0"
    assert text(item, "itunes:episodeType") == "bonus"
    assert text(item, "itunes:explicit") == "true"
    assert text(item, "pubDate") == "Thu, 01 Jan 2026 00:00:00 +0000"


def test_episode_art_is_an_absolute_itunes_image() -> None:
    with_art = make_episode(1, image="episodes/art/001.png")
    without = make_episode(2)
    by_number = {text(i, "itunes:episode"): i for i in items(parse(build_feed(make_show(), [with_art, without])))}
    (image,) = by_number["1"].xpath("itunes:image", namespaces=NSMAP)
    assert image.get("href") == "https://example.org/show/episodes/art/001.png"
    assert by_number["2"].xpath("itunes:image", namespaces=NSMAP) == []


def test_transcripts_chapters_and_people() -> None:
    episode = make_episode(
        1,
        transcript=Transcript("episodes/001-episode.vtt", "vtt", [Segment(0.0, "Hello.", 1.0)]),
        chapters=[Chapter(0.0, "Welcome"), Chapter(75.25, "Tools & tips", url="https://example.com/t")],
        hosts=["Ada Brook"],
        guests=["Mira Okafor"],
    )
    page = "https://example.org/show/episodes/001-episode/"
    every = items(parse(build_feed(make_show(downloads=("vtt", "srt", "json", "txt", "html")), [episode])))[0]
    transcripts = every.xpath("podcast:transcript", namespaces=NSMAP)
    assert [(t.get("url"), t.get("type"), t.get("rel")) for t in transcripts] == [
        (page + "transcript.vtt", "text/vtt", "captions"),
        (page + "transcript.srt", "application/x-subrip", None),
        (page + "transcript.json", "application/json", None),
        (page + "transcript.txt", "text/plain", None),
        (page + "transcript.html", "text/html", None),
    ]
    item = items(parse(build_feed(make_show(), [episode])))[0]  # the default downloads
    transcripts = item.xpath("podcast:transcript", namespaces=NSMAP)
    assert [(t.get("url"), t.get("type"), t.get("rel")) for t in transcripts] == [
        (page + "transcript.vtt", "text/vtt", "captions"),
    ]
    chapters = item.xpath("podcast:chapters", namespaces=NSMAP)[0]
    assert (chapters.get("url"), chapters.get("type")) == (page + "chapters.json", "application/json+chapters")
    psc = item.xpath("psc:chapters/psc:chapter", namespaces=NSMAP)
    assert [dict(c.attrib) for c in psc] == [
        {"start": "00:00:00.000", "title": "Welcome"},
        {"start": "00:01:15.250", "title": "Tools & tips", "href": "https://example.com/t"},
    ]
    people = item.xpath("podcast:person", namespaces=NSMAP)
    assert [(p.text, p.get("role")) for p in people] == [("Ada Brook", "host"), ("Mira Okafor", "guest")]


def test_episode_without_transcript_or_chapters_has_no_such_tags() -> None:
    item = items(parse(build_feed(make_show(), [make_episode(1)])))[0]
    assert item.xpath("podcast:transcript|podcast:chapters|psc:chapters", namespaces=NSMAP) == []


def test_notes_that_close_cdata_and_control_characters_survive() -> None:
    episode = make_episode(1, title="Bell\x07 episode")
    notes = {episode.stem: "<p>Use <code>a[b[0]]&gt;c</code>.<!-- ]]> --></p>"}
    item = items(parse(build_feed(make_show(), [episode], notes)))[0]
    assert text(item, "title") == "Bell episode"
    assert text(item, "content:encoded") == "<p>Use <code>a[b[0]]&gt;c</code>.<!-- ]]> --></p>"


# --- description ------------------------------------------------------------


def test_cut_bytes_stops_at_a_word_and_never_splits_a_character() -> None:
    words = "é" * 3 + " " + "naïve words " * 600
    cut = cut_bytes(words, 4000)
    assert len(cut.encode("utf-8")) <= 4000
    assert cut.endswith("words…")
    assert words.startswith(cut[:-1])
    assert cut_bytes("short", 4000) == "short"


def test_long_description_keeps_the_chapter_list_apple_reads() -> None:
    episode = make_episode(
        1, description="word " * 2000, chapters=[Chapter(0.0, "Welcome"), Chapter(3725.0, "Late topic")]
    )
    description = feed_description(episode)
    assert len(description.encode("utf-8")) <= 4000
    assert description.endswith("<p>Chapters:<br>00:00:00 Welcome<br>01:02:05 Late topic</p>")
    assert description.startswith("<p>word word") and "word…</p><p>Chapters:" in description


def _read_as_html(description: str) -> tuple[str, list[str]]:
    """What an app that reads the description as HTML shows: its text, and its lines."""
    doc = lxml.html.fragment_fromstring(description, create_parent="div")
    for br in doc.iter("br"):
        br.tail = "\n" + (br.tail or "")
    paragraphs = [p.text_content() for p in doc.iter("p")]
    return doc.text_content(), [line for p in paragraphs for line in p.split("\n")]


def test_description_is_html_that_keeps_markup_like_text_and_chapter_lines() -> None:
    """RSS apps read the description as HTML: `<Jupyter>` must be text, chapters one per line."""
    episode = make_episode(
        1,
        description="Notebooks in <Jupyter> & friends: x < y && z > 1.\nA second line.\n\nA second paragraph.",
        chapters=[Chapter(0.0, "Intro"), Chapter(61.0, "<b>Not bold</b> & more")],
    )
    description = feed_description(episode)
    text, lines = _read_as_html(description)
    assert "<Jupyter>" in text and "x < y && z > 1" in text
    assert lines == [
        "Notebooks in <Jupyter> & friends: x < y && z > 1.",
        "A second line.",
        "A second paragraph.",
        "Chapters:",
        "00:00:00 Intro",
        "00:01:01 <b>Not bold</b> & more",
    ]
    assert feed_description(make_episode(2, description="", title="A & B")) == "<p>A &amp; B</p>"


def test_feedparser_keeps_markup_like_words_of_the_description() -> None:
    """A description read as HTML lost `<Jupyter>` (feedparser dropped it as an unknown tag)."""
    episode = make_episode(1, description="Notebooks: <Jupyter> & friends.", chapters=[Chapter(0.0, "Intro")])
    entry = feedparser.parse(build_feed(make_show(), [episode])).entries[0]
    assert entry.summary_detail.type == "text/html"
    shown = lxml.html.fragment_fromstring(entry.summary, create_parent="div").text_content()
    assert "Notebooks: <Jupyter> & friends." in shown and "00:00:00 Intro" in shown


@pytest.mark.parametrize("size", [10, 1000, 3990, 4100, 20000])
def test_description_cut_to_apples_limit_stays_valid_html(size: int) -> None:
    """The limit is counted on the HTML as written; a cut never splits an entity or a tag."""
    prose = ("a < b & c " * (size // 10 + 1))[:size]
    many = [Chapter(float(n * 60), f"Topic <{n}> & co") for n in range(300)]
    for chapters in ([], many[:3], many):
        description = feed_description(make_episode(1, description=prose, chapters=chapters))
        assert len(description.encode("utf-8")) <= 4000
        doc = lxml.html.fragment_fromstring(description, create_parent="div")
        assert lxml.html.tostring(doc, encoding="unicode") == f"<div>{description}</div>"  # nothing to repair
        text, lines = _read_as_html(description)
        assert lines[0].startswith("a < b & c"), lines[0][:40]
        if chapters:
            assert "Chapters:" in lines and lines[lines.index("Chapters:") + 1] == "00:00:00 Topic <0> & co"


# --- show notes links -------------------------------------------------------


def test_relative_links_become_absolute_against_the_episode_page() -> None:
    page = "https://example.org/show/episodes/002-x/"
    html = (
        '<h2 id="topics">Topics<a class="headerlink" href="#topics" title="Permanent link">¶</a></h2>'
        '<p><a href="../001-y/">one</a> <a href="#t=00:01:00">at 1:00</a> <a href="mailto:a@b.c">mail</a>'
        ' <img src="../../assets/pic.png" alt=""> <a href="https://other.example/">out</a>'
        ' <a href="001-y.md#intro">md</a> <a href="../index.md">home</a></p>'
    )
    out = absolute_html(html, page, "https://example.org/show/episodes/")
    assert "headerlink" not in out and "¶" not in out
    assert 'href="https://example.org/show/episodes/001-y/"' in out
    assert f'href="{page}#t=00:01:00"' in out
    assert 'href="mailto:a@b.c"' in out
    assert 'src="https://example.org/show/assets/pic.png"' in out
    assert 'href="https://other.example/"' in out
    assert 'href="https://example.org/show/episodes/001-y/#intro"' in out
    assert 'href="https://example.org/show/"' in out


def test_plain_markdown_render_of_notes() -> None:
    html = render_notes({"a": "## Hi\n\n| x |\n|---|\n| 1 |\n"})["a"]
    assert "<h2>Hi</h2>" in html and "<table>" in html


# --- show checks, hosting, JSON-LD --------------------------------------------


def test_unknown_category_is_reported_with_a_suggestion() -> None:
    problems = Problems()
    check_show(make_show(categories=[["Technolgy"], ["Education", "How-To"]]), "mkdocs.yml", problems)
    messages = [str(p) for p in problems]
    assert any("`Technolgy` is not an Apple Podcasts category (did you mean `Technology`?)" in m for m in messages)
    assert any("`How-To` is not a subcategory of Education (did you mean `How To`?)" in m for m in messages)
    assert all(m.startswith("mkdocs.yml: ") for m in messages)


def test_show_without_cover_or_category_is_warned() -> None:
    problems = Problems()
    check_show(make_show(image=None, categories=[]), "mkdocs.yml", problems)
    assert len(problems.warnings) == 2 and not problems.errors


def test_headers_file_keeps_the_producers_rules() -> None:
    text_ = cors_headers(make_show(feed_path="podcast/feed.xml"), "/*\n  X-Frame-Options: DENY\n")
    assert text_.startswith("/*\n  X-Frame-Options: DENY\n\n")
    assert "/podcast/feed.xml\n  Access-Control-Allow-Origin: *\n" in text_
    assert "/episodes/*\n  Access-Control-Allow-Origin: *\n" in text_


@pytest.mark.parametrize(
    ("language", "locale"),
    [
        ("en", "en_US"),
        ("en-GB", "en_GB"),
        ("en-us", "en_US"),
        ("pt-br", "pt_BR"),
        ("de", "de_DE"),
        ("ar", "ar_AR"),
        ("zh-Hant-TW", "zh_TW"),
        ("xx", None),
    ],
)
def test_og_locale_is_the_language_and_territory_form(language: str, locale: str | None) -> None:
    tags = dict(open_graph(make_show(language=language), None, "Home", "https://example.org/show/", ""))
    assert tags.get("og:locale") == locale


def test_chapters_files_are_served_with_the_chapters_type() -> None:
    rules = cors_headers(make_show())
    assert "/episodes/*/chapters.json\n  Content-Type: application/json+chapters\n" in rules


def test_script_json_cannot_close_the_script_element() -> None:
    data = {"name": "</script><!-- & more"}
    out = script_json(data)
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == data


def test_episode_jsonld() -> None:
    data = episode_jsonld(make_show(), make_episode(1, duration=3723.0))
    assert data["@type"] == "PodcastEpisode"
    assert data["duration"] == "PT1H2M3S"
    assert data["partOfSeries"]["webFeed"] == "https://example.org/show/feed.xml"
    assert data["associatedMedia"]["contentUrl"] == "https://example.org/show/episodes/audio/001.mp3"
    assert data["datePublished"] == "2026-01-08"


# --- artwork ----------------------------------------------------------------


def _image(path: Path, size: tuple[int, int], fmt: str, mode: str = "RGB") -> Path:
    Image.new(mode, size).save(path, fmt)
    return path


def test_good_cover(tmp_path: Path) -> None:
    assert check_artwork(_image(tmp_path / "cover.jpg", (1400, 1400), "JPEG")) == (1400, 1400)
    assert check_artwork(_image(tmp_path / "cover.png", (3000, 3000), "PNG")) == (3000, 3000)


@pytest.mark.parametrize(
    ("name", "size", "fmt", "mode", "expected"),
    [
        ("small.png", (1000, 1000), "PNG", "RGB", "1000 x 1000 px; use 1400 to 3000 px"),
        ("huge.png", (3200, 3200), "PNG", "RGB", "3200 x 3200 px; use 1400 to 3000 px"),
        ("wide.png", (2000, 1500), "PNG", "RGB", "2000 x 1500 px, not square"),
        ("cover.gif", (1400, 1400), "GIF", "P", "it is GIF, not JPEG or PNG"),
        ("cover.png", (1400, 1400), "JPEG", "RGB", "a JPEG file named .png"),
        ("cmyk.jpg", (1400, 1400), "JPEG", "CMYK", "its colours are CMYK"),
    ],
)
def test_bad_cover_names_the_file_and_the_fix(
    tmp_path: Path, name: str, size: tuple[int, int], fmt: str, mode: str, expected: str
) -> None:
    path = _image(tmp_path / name, size, fmt, mode)
    with pytest.raises(ContentError) as info:
        check_artwork(path, f"docs/assets/{name}")
    message = str(info.value)
    assert message.startswith(f"docs/assets/{name}: cover art")
    assert expected in message


def test_cover_that_is_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "cover.png"
    path.write_text("not an image")
    with pytest.raises(ContentError, match=r"cover.png: cover art is not a readable image"):
        check_artwork(path)
    with pytest.raises(ContentError, match=r"missing.png: cover art not found"):
        check_artwork(tmp_path / "missing.png")


# --- a long-running show ---------------------------------------------------


def test_a_thousand_episodes_are_all_written() -> None:
    """The feed of a long-running show holds every episode (its speed is measured by
    `scripts/bench.py`, not here: a time limit on a shared machine is noise)."""
    show = make_show()
    episodes = [
        make_episode(n, chapters=[Chapter(0.0, "Welcome"), Chapter(60.0, "News")], hosts=["Ada"])
        for n in range(1, 1001)
    ]
    notes = {ep.stem: f'<p>Notes with <a href="../{ep.stem}/">a link</a>.</p>' for ep in episodes}
    data = build_feed(show, episodes, notes)
    assert len(items(parse(data))) == 1000
