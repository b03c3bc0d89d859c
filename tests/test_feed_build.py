"""The feed of a real build, read as podcast apps read it.

The sample show is built once with `mkdocs build --strict`; its `feed.xml` is parsed
with feedparser and gPodder's podcastparser and checked tag by tag with lxml XPath,
then compared with the golden feed (`pytest --update-golden` rewrites it on purpose).
Other builds check scheduled publishing, determinism, cover art errors, the
`_headers` file, and the discovery tags of the pages.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import os
import textwrap
from pathlib import Path

import feedparser
import lxml.html
import podcastparser
import pytest
from clientkit import read
from golden import check_golden
from lxml import etree
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from PIL import Image
from podsite.checks import inspect_site
from podsite.errors import Problems
from podsite.feed.namespaces import NSMAP
from podsite.show import load_show
from sitebuild import ROOT, SOURCE_DATE_EPOCH, build_site, copy_sample

GOLDEN = ROOT / "tests" / "golden" / "feed" / "byte-sized-garden.xml"
SITE = "https://example.org/byte-sized-garden/"
FEED_URL = SITE + "feed.xml"
STEMS = ["003-giving-back", "002-testing-the-waters", "001-small-tools-big-wins"]


@pytest.fixture(scope="module")
def feed_bytes(sample_site: Path) -> bytes:
    return (sample_site / "feed.xml").read_bytes()


@pytest.fixture(scope="module")
def root(feed_bytes: bytes) -> etree._Element:
    return etree.fromstring(feed_bytes)


def xp(node: etree._Element, path: str) -> list:
    return node.xpath(path, namespaces=NSMAP)


def one(node: etree._Element, path: str) -> str:
    found = xp(node, path)
    assert len(found) == 1, f"expected one {path}, found {len(found)}"
    value = found[0]
    return value if isinstance(value, str) else (value.text or "")


# --- real parsers -----------------------------------------------------------


def test_feedparser_reads_it_without_complaint(feed_bytes: bytes) -> None:
    parsed = feedparser.parse(feed_bytes)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "Byte-Sized Garden"
    assert parsed.feed.podcast_guid == one(etree.fromstring(feed_bytes), "channel/podcast:guid")
    assert [e.title for e in parsed.entries] == ["Giving back", "Testing the waters", "Small tools, big wins"]
    first = parsed.entries[0]
    assert first.enclosures[0].href == SITE + "episodes/audio/003-giving-back.mp3"
    assert first.itunes_duration == "99"
    assert first.podcast_chapters["url"] == SITE + "episodes/003-giving-back/chapters.json"
    assert [c["title"] for c in first.psc_chapters["chapters"]][:2] == [
        "Welcome, Mira",
        "Keeping a small project alive",
    ]
    assert 'href="https://example.org/byte-sized-garden/episodes/001-small-tools-big-wins/"' in first.content[0].value


def test_podcastparser_reads_episodes_enclosures_durations_numbers_chapters(
    feed_bytes: bytes, sample_site: Path
) -> None:
    with open(sample_site / "feed.xml", "rb") as stream:
        parsed = podcastparser.parse(FEED_URL, stream)
    assert parsed["title"] == "Byte-Sized Garden"
    assert parsed["cover_url"] == SITE + "assets/cover.png"
    assert parsed["itunes_categories"] == [["Technology"], ["Education", "How To"]]
    assert parsed["explicit"] is False
    episodes = parsed["episodes"]
    assert [e["number"] for e in episodes] == [3, 2, 1]
    assert [e["total_time"] for e in episodes] == [99, 81, 90]
    audio = ROOT / "docs" / "episodes" / "audio"
    for stem, episode in zip(STEMS, episodes, strict=True):
        assert episode["enclosures"] == [
            {
                "url": f"{SITE}episodes/audio/{stem}.mp3",
                "file_size": (audio / f"{stem}.mp3").stat().st_size,
                "mime_type": "audio/mpeg",
            }
        ]
        assert episode["guid"] == f"{SITE}episodes/{stem}/"
    assert episodes[1]["chapters"] == [
        {"start": 0, "title": "Welcome"},
        {"start": 11, "title": "Flask, one file at a time", "href": "https://flask.palletsprojects.com/"},
        {"start": 31, "title": "pytest fixtures", "href": "https://docs.pytest.org/en/stable/how-to/fixtures.html"},
        {"start": 52, "title": "Textual in the terminal", "href": "https://textual.textualize.io/"},
        {"start": 72, "title": "Goodbye"},
    ]


def test_podcastparser_and_feedparser_read_the_description_as_html(feed_bytes: bytes, sample_site: Path) -> None:
    """The description is HTML (as RSS apps read it): each chapter on its own line, nothing dropped."""
    entry = feedparser.parse(feed_bytes).entries[0]
    assert entry.summary_detail.type == "text/html"
    shown = lxml.html.fragment_fromstring(entry.summary, create_parent="div")
    assert [p.text_content() for p in shown.iter("p")][0].startswith("Our first guest, Mira Okafor")
    lines = [(br.tail or "").strip() for br in shown.iter("br")]
    assert lines == [
        "00:00:00 Welcome, Mira",
        "00:00:18 Keeping a small project alive",
        "00:00:41 Linting an old code base",
        "00:01:05 The Python Software Foundation",
        "00:01:22 Goodbye",
    ]
    assert entry.content[0].type == "text/html" and "<h2" in entry.content[0].value
    # the notes end with the same chapter lines: an app that shows them instead shows the chapters too
    chapters = entry.summary[entry.summary.index("<p>Chapters:") :]
    assert entry.content[0].value.endswith(chapters)
    with open(sample_site / "feed.xml", "rb") as stream:
        episode = podcastparser.parse(FEED_URL, stream)["episodes"][0]
    # podcastparser shows the full notes (content:encoded) as the episode's description
    assert episode["description_html"].startswith("<p>Mira Okafor looks after a small packaging tool")
    assert "Topics" in episode["description"] and "<" not in episode["description"]


def test_podcast_partytime_reads_every_apple_and_podcasting_2_field(root: etree._Element, sample_site: Path) -> None:
    """podcast-partytime (the Podcast Index's parser) reads back every tag the feed writes."""
    feed = read("feed", sample_site / "feed.xml")
    assert feed["title"] == "Byte-Sized Garden"
    assert feed["description"] == one(root, "channel/description")
    assert feed["link"] == SITE and feed["language"] == "en"
    assert feed["itunesImage"] == feed["image"]["url"] == SITE + "assets/cover.png"
    assert feed["itunesCategory"] == ["Technology", "Education > How To"]
    assert feed["explicit"] is False and feed["itunesType"] == "episodic"
    assert feed["author"] == "Ada Brook and Tomas Reyes"
    assert feed["owner"] == {"name": "Ada Brook", "email": "hello@example.org"}
    assert feed["copyright"] == one(root, "channel/copyright")
    assert feed["pubsub"]["self"] == FEED_URL
    assert feed["locked"] is True and feed["podcastOwner"] == "hello@example.org"
    assert feed["guid"] == one(root, "channel/podcast:guid")
    assert feed["lastBuildDate"] == "2026-09-29T00:00:00.000Z"
    phases = feed["pc20support"]
    assert {"locked", "transcript", "chapters"} <= set(phases["1"]) and "person" in phases["2"]
    assert "guid" in phases["3"]
    items = feed["items"]
    assert [i["title"] for i in items] == ["Giving back", "Testing the waters", "Small tools, big wins"]
    for item, node in zip(items, xp(root, "channel/item"), strict=True):
        page = one(node, "link")
        assert item["guid"] == one(node, "guid") and item["link"] == page
        assert item["enclosure"] == {
            "url": one(node, "enclosure/@url"),
            "length": int(one(node, "enclosure/@length")),
            "type": "audio/mpeg",
        }
        assert item["duration"] == int(one(node, "itunes:duration"))
        assert item["itunesEpisode"] == int(one(node, "itunes:episode")) and item["itunesEpisodeType"] == "full"
        assert item["explicit"] is False
        assert item["pubDate"].startswith(
            dt.datetime.strptime(one(node, "pubDate"), "%a, %d %b %Y %H:%M:%S %z").date().isoformat()
        )
        assert item["description"] == one(node, "description")  # HTML, its <br> line breaks intact
        assert "<p>Chapters:<br>00:00:00 " in item["description"]
        assert item["content"] == one(node, "content:encoded")
        assert [(t["url"], t["type"], t["language"], t.get("rel")) for t in item["podcastTranscripts"]] == [
            (
                t.get("url"),
                "application/srt" if t.get("type") == "application/x-subrip" else t.get("type"),
                "en",
                t.get("rel"),
            )
            for t in xp(node, "podcast:transcript")
        ]
        assert item["podcastChapters"] == {"url": page + "chapters.json", "type": "application/json+chapters"}
        assert [(p["name"], p["role"]) for p in item["podcastPeople"]] == [
            (p.text, p.get("role").capitalize()) for p in xp(node, "podcast:person")
        ]


# --- every tag Apple and Podcasting 2.0 apps read ------------------------------------


def test_channel_has_every_apple_required_and_recommended_tag(root: etree._Element) -> None:
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert one(root, "channel/title") == "Byte-Sized Garden"
    assert one(root, "channel/description").startswith("A friendly show about small open-source Python tools")
    assert one(root, "channel/language") == "en"
    assert one(root, "channel/itunes:image/@href") == SITE + "assets/cover.png"
    assert [c.get("text") for c in xp(root, "channel/itunes:category")] == ["Technology", "Education"]
    assert one(root, "channel/itunes:category[@text='Education']/itunes:category/@text") == "How To"
    assert one(root, "channel/itunes:explicit") == "false"
    assert one(root, "channel/itunes:author") == "Ada Brook and Tomas Reyes"
    assert one(root, "channel/link") == SITE
    assert one(root, "channel/itunes:owner/itunes:name") == "Ada Brook"
    assert one(root, "channel/itunes:owner/itunes:email") == "hello@example.org"
    assert one(root, "channel/copyright") == "© 2026 The Byte-Sized Garden team"
    assert one(root, "channel/itunes:type") == "episodic"
    assert one(root, "channel/atom:link[@rel='self']/@href") == FEED_URL
    assert one(root, "channel/lastBuildDate") == "Tue, 29 Sep 2026 00:00:00 +0000"


def test_channel_podcasting_2_tags(root: etree._Element) -> None:
    assert root.nsmap["podcast"] == "https://podcastindex.org/namespace/1.0"
    assert one(root, "channel/podcast:locked") == "yes"
    assert one(root, "channel/podcast:locked/@owner") == "hello@example.org"
    # UUIDv5 of "example.org/byte-sized-garden/feed.xml" in the Podcasting 2.0 namespace
    assert one(root, "channel/podcast:guid") == "de2e50ab-f8d4-589c-8a76-1ef3dd4af441"


@pytest.mark.parametrize("index", range(3))
def test_item_tags(root: etree._Element, index: int) -> None:
    item = xp(root, "channel/item")[index]
    stem = STEMS[index]
    page = f"{SITE}episodes/{stem}/"
    assert one(item, "link") == page
    assert one(item, "guid") == page and one(item, "guid/@isPermaLink") == "true"
    assert one(item, "enclosure/@type") == "audio/mpeg"
    assert int(one(item, "enclosure/@length")) > 100_000
    assert one(item, "itunes:episode") == str(3 - index)
    assert one(item, "itunes:episodeType") == "full"
    assert one(item, "itunes:explicit") == "false"
    assert one(item, "itunes:duration").isdigit()
    assert one(item, "pubDate").endswith("00:00:00 +0000")
    description = one(item, "description")
    assert len(description.encode("utf-8")) <= 4000
    assert "<p>Chapters:<br>00:00:00 " in description
    content = one(item, "content:encoded")
    assert "<h2" in content and "headerlink" not in content
    links = lxml.html.fragment_fromstring(content, create_parent="div").xpath("//a/@href")
    assert links and all(href.startswith("https://") for href in links)
    transcripts = xp(item, "podcast:transcript")
    assert [t.get("url") for t in transcripts] == [
        page + name
        for name in ("transcript.vtt", "transcript.srt", "transcript.json", "transcript.txt", "transcript.html")
    ]
    assert [t.get("rel") for t in transcripts] == ["captions", None, None, None, None]
    assert [t.get("type") for t in transcripts][-1] == "text/html"
    assert one(item, "podcast:chapters/@url") == page + "chapters.json"
    assert one(item, "podcast:chapters/@type") == "application/json+chapters"
    assert len(xp(item, "psc:chapters[@version='1.2']/psc:chapter")) == 5
    roles = [(p.text, p.get("role")) for p in xp(item, "podcast:person")]
    assert roles[:2] == [("Ada Brook", "host"), ("Tomas Reyes", "host")]
    assert roles[2:] == ([("Mira Okafor", "guest")] if stem == "003-giving-back" else [])


def test_published_transcripts_and_chapters_exist(root: etree._Element, sample_site: Path) -> None:
    for url in xp(root, "channel/item/podcast:transcript/@url | channel/item/podcast:chapters/@url"):
        assert (sample_site / url.removeprefix(SITE)).is_file(), url


def test_golden_feed(feed_bytes: bytes, update_golden: bool) -> None:
    check_golden(GOLDEN, feed_bytes, update_golden, "the feed")


# --- the site around the feed -----------------------------------------------------


def test_headers_file_allows_other_origins(sample_site: Path) -> None:
    rules = (sample_site / "_headers").read_text(encoding="utf-8")
    assert "/feed.xml\n  Access-Control-Allow-Origin: *\n" in rules
    assert "/episodes/*\n  Access-Control-Allow-Origin: *\n" in rules
    # Podcasting 2.0 apps tell a chapters file by its type
    assert "/episodes/*/chapters.json\n  Content-Type: application/json+chapters\n" in rules
    assert (sample_site / "episodes" / STEMS[0] / "chapters.json").is_file()


def test_search_files_named_by_their_content_are_cached_for_good(sample_site: Path) -> None:
    """`_headers` lets browsers and CDNs keep the search index's chunks, fragments and filters
    for good: safe only because each such file's name is its content's hash, as Pagefind
    names them (also after the build rewrites them)."""
    from podsite.pagefind_order import SIGNATURE, full_hash

    rules = (sample_site / "_headers").read_text(encoding="utf-8")
    checked = 0
    for folder in ("index", "fragment", "filter"):
        assert f"/pagefind/{folder}/*\n  Cache-Control: public, max-age=31536000, immutable\n" in rules
        for path in (sample_site / "pagefind" / folder).iterdir():
            content = gzip.decompress(path.read_bytes())
            assert content.startswith(SIGNATURE), path
            language, _, digest = path.stem.rpartition("_")
            assert language == "en" and full_hash(content[len(SIGNATURE) :]).startswith(digest), path.name
            checked += 1
    assert checked > 5
    # what is not named by its content is not cached for good
    assert "/pagefind/*\n" not in rules and "pagefind-entry" not in rules


def _head(sample_site: Path, page: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((sample_site / page / "index.html").read_bytes())


def test_episode_page_discovery_tags(sample_site: Path) -> None:
    html = (sample_site / "episodes/002-testing-the-waters/index.html").read_text(encoding="utf-8")
    doc = lxml.html.fromstring(html)
    assert doc.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']/@href") == [FEED_URL]
    descriptions = doc.xpath("//head/meta[@name='description']/@content")
    assert descriptions == [
        "A web framework that starts as one file, a test runner that makes plain assert statements talk, and a framework for apps that live in your terminal."
    ]
    og = {m.get("property"): m.get("content") for m in doc.xpath("//head/meta[@property]")}
    assert og["og:locale"] == "en_US"  # the show's `language: en` as the ll_CC form OpenGraph reads
    assert og["og:audio"] == SITE + "episodes/audio/002-testing-the-waters.mp3"
    assert og["og:audio:type"] == "audio/mpeg"
    assert og["og:title"] == "Testing the waters"
    assert og["og:image"] == SITE + "episodes/002-testing-the-waters/card.png"  # the social card (test_art.py)
    scripts = doc.xpath("//head/script[@type='application/ld+json']/text()")
    assert len(scripts) == 1
    raw = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in raw
    data = json.loads(scripts[0])
    assert data["@type"] == "PodcastEpisode"
    assert data["duration"] == "PT1M21S"
    assert data["partOfSeries"] == {
        "@type": "PodcastSeries",
        "name": "Byte-Sized Garden",
        "url": SITE,
        "webFeed": FEED_URL,
    }
    assert data["associatedMedia"]["contentUrl"] == og["og:audio"]


def test_subscribe_block_on_home_and_episode_pages(sample_site: Path) -> None:
    for page in ("", "episodes/001-small-tools-big-wins/"):
        doc = _head(sample_site, page)
        block = doc.xpath("//section[contains(@class, 'podsite-subscribe')]")
        assert len(block) == 1, page
        assert block[0].xpath(".//a/@href")[0] == FEED_URL
    home = _head(sample_site, "")
    data = json.loads(home.xpath("//head/script[@type='application/ld+json']/text()")[0])
    assert data["@type"] == "PodcastSeries" and data["webFeed"] == FEED_URL


# --- builds of changed copies -------------------------------------------------------------


def test_two_builds_give_the_same_feed(tmp_path: Path, feed_bytes: bytes, sample_site: Path) -> None:
    again = tmp_path / "again"
    assert not build_site(ROOT / "mkdocs.yml", again)
    assert (again / "feed.xml").read_bytes() == feed_bytes
    assert (again / "_headers").read_bytes() == (sample_site / "_headers").read_bytes()


def _schedule_site(tmp_path: Path) -> Path:
    """The sample plus a draft and an episode dated after SOURCE_DATE_EPOCH (2027-01-01)."""
    config = copy_sample(tmp_path / "src")
    episodes = config.parent / "docs" / "episodes"
    for stem, extra in (("004-draft", "date: 2026-10-13\ndraft: true"), ("005-scheduled", "date: 2027-06-01")):
        (episodes / f"{stem}.md").write_text(
            textwrap.dedent(
                f"""\
                ---
                title: Not yet {stem}
                {{extra}}
                audio:
                  url: audio/001-small-tools-big-wins.mp3
                hosts: [Ada Brook]
                ---
                Coming soon.
                """
            ).replace("{extra}", extra),
            encoding="utf-8",
        )
    return config


def _titles(feed: Path) -> list[str]:
    return [t.text for t in etree.parse(str(feed)).getroot().findall("channel/item/title")]


def test_drafts_and_scheduled_episodes_stay_out_of_the_feed(tmp_path: Path) -> None:
    config = _schedule_site(tmp_path)
    site = tmp_path / "site"
    assert not build_site(config, site)
    assert _titles(site / "feed.xml") == ["Giving back", "Testing the waters", "Small tools, big wins"]
    # once its date has come, the scheduled episode is published
    assert not build_site(config, tmp_path / "later", env={"SOURCE_DATE_EPOCH": "1811808000"})  # 2027-06-01
    assert _titles(tmp_path / "later" / "feed.xml")[0] == "Not yet 005-scheduled"
    assert "Not yet 004-draft" not in _titles(tmp_path / "later" / "feed.xml")


def test_serve_shows_drafts_on_the_site_but_not_in_the_feed(tmp_path: Path) -> None:
    config_file = _schedule_site(tmp_path)
    site = tmp_path / "site"
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        config = load_config(str(config_file), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            build(config, serve_url="http://127.0.0.1:8000/byte-sized-garden/")
        finally:
            config.plugins.on_shutdown()
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    assert (site / "episodes" / "004-draft" / "index.html").is_file()  # served for the producer
    assert _titles(site / "feed.xml") == ["Giving back", "Testing the waters", "Small tools, big wins"]


def test_producers_own_headers_are_kept(tmp_path: Path) -> None:
    config = copy_sample(tmp_path / "src")
    (config.parent / "docs" / "_headers").write_text("/*\n  X-Frame-Options: DENY\n", encoding="utf-8")
    site = tmp_path / "site"
    assert not build_site(config, site)
    rules = (site / "_headers").read_text(encoding="utf-8")
    assert rules.startswith("/*\n  X-Frame-Options: DENY\n\n")
    assert "/episodes/*\n  Access-Control-Allow-Origin: *\n" in rules


@pytest.mark.parametrize(
    ("size", "expected"),
    [((1000, 1000), "1000 x 1000 px; use 1400 to 3000 px"), ((1600, 1400), "1600 x 1400 px, not square")],
)
def test_wrong_cover_stops_the_build_naming_the_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, size: tuple[int, int], expected: str
) -> None:
    config = copy_sample(tmp_path / "src")
    Image.new("RGB", size).save(config.parent / "docs" / "assets" / "cover.png", "PNG")
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        build_site(config, tmp_path / "site")
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(m.startswith("docs/assets/cover.png: cover art") and expected in m for m in errors), errors


def test_cover_of_the_wrong_type_stops_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = copy_sample(tmp_path / "src")
    docs = config.parent / "docs"
    Image.new("RGB", (1400, 1400)).save(docs / "assets" / "cover.gif", "GIF")
    config.write_text(
        config.read_text(encoding="utf-8").replace("image: assets/cover.png", "image: assets/cover.gif"),
        encoding="utf-8",
    )
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        build_site(config, tmp_path / "site")
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("assets/cover.gif" in m and "must be a .jpg or .png" in m for m in errors), errors
    assert any(
        m.startswith("docs/assets/cover.gif: cover art") and "it is GIF, not JPEG or PNG" in m for m in errors
    ), errors


# --- a site without a feed (`extra.podcast.feed: false`) ------------------------------------


def _feedless_site(tmp_path: Path) -> Path:
    """The sample with `feed: false`, no description, cover or categories, and an episode without audio."""
    config = copy_sample(tmp_path / "src")
    text = config.read_text(encoding="utf-8")
    for line in ("description:", "image:", "categories:"):
        text = "".join(row for row in text.splitlines(True) if not row.startswith(f"    {line}"))
    text = text.replace("    title: Byte-Sized Garden\n", "    title: Byte-Sized Garden\n    feed: false\n")
    config.write_text(text, encoding="utf-8")
    (config.parent / "docs" / "episodes" / "004-no-audio-yet.md").write_text(
        "---\ntitle: No audio yet\ndate: 2026-10-13\n---\nNotes only.\n", encoding="utf-8"
    )
    return config


def test_site_without_a_feed_builds_strict_with_no_feed_anywhere(tmp_path: Path) -> None:
    config = _feedless_site(tmp_path)
    site = tmp_path / "site"
    records = build_site(config, site)
    assert not records, [r.getMessage() for r in records]  # no feed checks: no audio, description, cover needed
    assert not (site / "feed.xml").exists()
    assert (site / "episodes" / "004-no-audio-yet" / "index.html").is_file()
    for page in ("", "episodes/001-small-tools-big-wins/", "episodes/004-no-audio-yet/"):
        doc = _head(site, page)
        assert not doc.xpath("//link[@type='application/rss+xml']"), page
        assert not doc.xpath("//section[contains(@class, 'podsite-subscribe')]"), page
        assert "feed.xml" not in (site / page / "index.html").read_text(encoding="utf-8"), page
        for raw in doc.xpath("//head/script[@type='application/ld+json']/text()"):
            data = json.loads(raw)
            assert "webFeed" not in data and "webFeed" not in data.get("partOfSeries", {}), page
    rules = (site / "_headers").read_text(encoding="utf-8")  # transcripts still readable from other sites
    assert "/episodes/*\n  Access-Control-Allow-Origin: *\n" in rules
    assert [row for row in rules.splitlines() if row.startswith("/") and "pagefind" not in row] == [
        "/episodes/*",
        "/episodes/*/chapters.json",
    ]  # (no rule for a feed)


def test_checker_runs_no_feed_checks_for_a_site_without_a_feed(tmp_path: Path) -> None:
    config = _feedless_site(tmp_path)
    report = inspect_site(config.parent, now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert not list(report.problems), [str(p) for p in report.problems]
    # the same site with a feed: the checker names what the feed lacks
    config.write_text(config.read_text(encoding="utf-8").replace("    feed: false\n", ""), encoding="utf-8")
    said = [str(p) for p in inspect_site(config.parent, now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC)).problems]
    assert any("004-no-audio-yet.md: no `audio:` file" in m for m in said), said
    assert any("extra.podcast.description is empty" in m for m in said), said


@pytest.mark.parametrize(
    ("value", "path", "warning"),
    [
        (None, "feed.xml", None),  # not written: the default
        (True, "feed.xml", None),
        (False, None, None),
        ("podcast/rss.xml", "podcast/rss.xml", None),
        ("/feed.xml", "feed.xml", None),  # rooted at the site
        ("../feed.xml", "feed.xml", "leaves the site folder: write a path inside the site"),
        (3, "feed.xml", "must be a path inside the site"),
        ("", "feed.xml", "must be a path inside the site"),
    ],
)
def test_feed_setting(value: object, path: str | None, warning: str | None) -> None:
    problems = Problems()
    extra: dict[str, object] = {"title": "Owls"} if value is None else {"title": "Owls", "feed": value}
    show = load_show(extra, "https://o.example/", "mkdocs.yml", problems)
    assert show.feed_path == path
    assert show.feed_url == (None if path is None else "https://o.example/" + path)
    messages = [p.message for p in problems]
    if warning is None:
        assert not messages
    else:
        assert (
            len(messages) == 1 and messages[0].startswith(f"extra.podcast.feed: {value!r} ") and warning in messages[0]
        )


def test_sample_copy_is_independent() -> None:
    """Guard: the tests above never write into the project's own docs/."""
    assert not (ROOT / "docs" / "_headers").exists()
    assert not list((ROOT / "docs" / "episodes").glob("00[45]-*.md"))
