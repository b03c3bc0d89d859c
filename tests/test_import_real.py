"""Real feeds from many hosts, imported, built with --strict, and read back by feedparser.

tests/data/import/feeds/ holds feeds committed in other projects' test suites
(source and licence of each in its README), trimmed to a few items, from ART19
(podtrac-wrapped), SoundCloud, Subsplash, Deutsche Welle (German), Fireside,
Acast, Sovereign Feeds/OP3, Freedom Controller (Podcasting 2.0), Podverse,
Libsyn and Megaphone, plus one hand-made Japanese feed. For each feed:

- the new site builds with `--strict`, or every warning of the build is
  something the import report told the producer to fix in the old feed;
- every item a podcast app saw in the old feed is in the new feed with the
  same guid, date, enclosure, duration, title, episode and season numbers, and
  the words of its description, as feedparser reads them both;
- the new feed keeps the show's identity: the old podcast:guid, or the one the
  Podcasting 2.0 rule derives from the old feed's own address.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import re
import uuid
from contextlib import redirect_stdout
from pathlib import Path
from types import ModuleType

import feedparser
import pytest
from lxml import etree
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from podsite.importer.text import html_text

ROOT = Path(__file__).resolve().parent.parent
FEEDS = ROOT / "tests" / "data" / "import" / "feeds"
SITE_URL = "https://new.example.org/show/"
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_show", ROOT / "scripts" / "import_show.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _build(config_file: Path, out: Path, strict: bool) -> tuple[bool, list[str]]:
    """Build like `mkdocs build [--strict]`; (built, warnings)."""
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        config = load_config(str(config_file), site_dir=str(out), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
            built = True
        except Abort:
            built = False
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(capture)
    return built, capture.messages


def _import(feed: Path, site: Path, *extra: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        code = SCRIPT.main(["--feed", str(feed), "--site", str(site), "--site-url", SITE_URL, "--quiet", *extra])
    assert code == 0, out.getvalue()
    return out.getvalue()


def _seconds(value: str | None) -> float | None:
    if not value:
        return None
    total = 0.0
    for part in value.strip().split(":"):
        total = total * 60 + float(part)
    return total


def _words(html: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", html_text(html) if "<" in html else html)}


def _description(entry: feedparser.FeedParserDict) -> str:
    if entry.get("content"):
        return entry.content[0].value
    return entry.get("summary", "")


def _explained(message: str, report: str) -> bool:
    """Is this build warning one the import report told the producer about?"""
    section = report.split("the old feed: what to fix", 1)[1] if "the old feed: what to fix" in report else ""
    if "is also used by" in message:
        number = re.search(r"episode number (\d+)", message)
        return number is not None and f"itunes:episode {number.group(1)} is used again" in section
    if "audio.length" in message:
        return "has no enclosure length" in section
    if "extra.podcast.categories is empty" in message:
        return "names no Apple Podcasts category" in section
    if "extra.podcast.image is missing" in message:
        return "has no cover art" in section
    if "no `audio:` file" in message:
        return "has no audio" in section
    return False


def _show_guid(root: etree._Element) -> str | None:
    """The channel's podcast:guid (any spelling of the Podcasting 2.0 namespace)."""
    channel = root.find("channel")
    for node in channel if channel is not None else []:
        if (
            isinstance(node.tag, str)
            and etree.QName(node).localname == "guid"
            and "podcast" in (etree.QName(node).namespace or "")
        ):
            return (node.text or "").strip() or None
    return None


def _expected_guid(source: bytes) -> str | None:
    root = etree.fromstring(source.lstrip(), etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    own = _show_guid(root)
    if own:
        return own
    for link in root.iter("{http://www.w3.org/2005/Atom}link"):
        if link.get("rel") == "self" and link.get("href"):
            bare = re.sub(r"^[a-z]+://", "", link.get("href").strip(), flags=re.I).rstrip("/")
            return str(uuid.uuid5(GUID_NAMESPACE, bare))
    return None


@pytest.mark.parametrize("feed", sorted(FEEDS.glob("*.xml")), ids=lambda p: p.stem)
def test_real_feed_moves_over_intact(feed: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    source_bytes = feed.read_bytes()
    expected_guid = _expected_guid(source_bytes)
    if expected_guid is None:  # neither podcast:guid nor atom:link rel=self: the producer names the old address
        old_address = f"https://old.example.org/{feed.stem}/feed.xml"
        report = _import(feed, site, "--feed-url", old_address)
        expected_guid = str(uuid.uuid5(GUID_NAMESPACE, old_address.removeprefix("https://")))
    else:
        report = _import(feed, site)
    built, warnings = _build(site / "mkdocs.yml", tmp_path / "strict", strict=True)
    unexplained = [m for m in warnings if not _explained(m, report)]
    assert not unexplained, unexplained
    if not built:  # every failure is on the report: compare the feed of a build without --strict
        built, _ = _build(site / "mkdocs.yml", tmp_path / "strict", strict=False)
    assert built
    new_feed = (tmp_path / "strict" / "feed.xml").read_bytes()
    assert _show_guid(etree.fromstring(new_feed)) == expected_guid

    old = feedparser.parse(source_bytes.lstrip())
    new = feedparser.parse(new_feed)
    by_id = {entry.get("id"): entry for entry in new.entries}
    compared = 0
    for entry in old.entries:
        if not entry.get("enclosures"):
            continue  # no audio: the page is imported, the feed leaves it out (the report says so)
        enclosure = entry.enclosures[0]
        key = entry.get("id") or enclosure.get("href")
        assert key in by_id, f"{entry.get('title')!r} ({key}) is missing from the new feed"
        mine = by_id.pop(key)
        compared += 1
        assert mine.get("published_parsed") == entry.get("published_parsed"), key
        assert mine.get("title", "").strip() == entry.get("title", "").strip(), key
        new_enclosure = mine.enclosures[0]
        assert new_enclosure.get("href") == enclosure.get("href"), key
        assert (new_enclosure.get("type") or None) == (enclosure.get("type") or None), key
        if (enclosure.get("length") or "0").isdigit() and int(enclosure.get("length") or 0) > 0:
            assert new_enclosure.get("length") == enclosure.get("length"), key
        old_seconds, new_seconds = _seconds(entry.get("itunes_duration")), _seconds(mine.get("itunes_duration"))
        if old_seconds is None:
            assert new_seconds is None, key
        else:
            assert new_seconds is not None and abs(new_seconds - old_seconds) <= 0.5, key  # whole seconds in the feed
        assert mine.get("itunes_episode") == entry.get("itunes_episode"), key
        assert mine.get("itunes_season") == entry.get("itunes_season"), key
        lost = _words(_description(entry)) - _words(_description(mine)) - _words(mine.get("summary", ""))
        assert not lost, f"{key}: words of the description lost: {sorted(lost)[:20]}"
    assert compared >= 2
    assert not by_id, f"items the old feed did not have: {list(by_id)}"


def test_japanese_titles_give_stable_names_and_numbers_stay_as_written(tmp_path: Path) -> None:
    """A title without Latin letters names its file by number or date; `#80.5` invents no itunes:episode."""
    site = tmp_path / "site"
    _import(FEEDS / "handmade-japanese.xml", site)
    names = sorted(p.name for p in (site / "docs" / "episodes").glob("*.md"))
    assert names == ["003.md", "080.md", "2018-12-11.md"]
    page = (site / "docs" / "episodes" / "080.md").read_text(encoding="utf-8")
    assert "number: null" in page  # the file's digits are not the episode's number
    again = tmp_path / "again"
    _import(FEEDS / "handmade-japanese.xml", again)
    assert sorted(p.name for p in (again / "docs" / "episodes").glob("*.md")) == names
