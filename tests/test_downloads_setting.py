"""`extra.podcast.downloads`: the producer chooses which transcript downloads a site
publishes; the page, the feed and the files beside each page agree."""

from __future__ import annotations

from pathlib import Path

import feedparser
from lxml import html
from minisite import episode, make_site, run_mkdocs
from sitebuild import build_site

FILES = {
    "episodes/001.md": episode(
        "title: One\ndate: 2026-01-05\naudio:\n  url: https://cdn.example.org/a.mp3\n  length: 1\n  type: audio/mpeg\n"
        'duration: "00:01:00"\n'
    ),
    "episodes/001.txt": "00:00:01 Hello there.\n00:00:20 Goodbye.\n",
}


def test_only_the_chosen_downloads_are_published_linked_and_in_the_feed(tmp_path: Path) -> None:
    config = make_site(tmp_path, FILES, podcast={"downloads": ["vtt", "html"]})
    site = tmp_path / "site"
    assert not build_site(config, site)
    folder = site / "episodes" / "001"
    published = sorted(p.name for p in folder.iterdir() if p.name.startswith("transcript."))
    assert published == ["transcript.html", "transcript.vtt"]
    page = html.fromstring((folder / "index.html").read_bytes())
    linked = {a.get("href") for a in page.cssselect("a[href^='transcript.'], a[href*='/transcript.']")}
    assert {h.rsplit("/", 1)[-1] for h in linked} == {"transcript.vtt", "transcript.html"}
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == 1
    transcripts = _transcripts(site / "feed.xml")
    assert {t["type"] for t in transcripts} == {"text/vtt", "text/html"}
    assert {t["url"].rsplit("/", 1)[-1] for t in transcripts} == {"transcript.vtt", "transcript.html"}


def _transcripts(feed: Path) -> list[dict[str, str]]:
    from lxml import etree

    root = etree.parse(str(feed)).getroot()
    return [dict(t.attrib) for t in root.iterfind(".//{https://podcastindex.org/namespace/1.0}transcript")]


def test_by_default_the_captions_alone_are_published_and_linked(tmp_path: Path) -> None:
    """Without `downloads` (the sample show sets it), a site publishes WebVTT alone (the
    page is the transcript to read), and the page and the feed link exactly that."""
    config = make_site(tmp_path, FILES, podcast={"downloads": None})
    assert "downloads" not in config.read_text(encoding="utf-8")
    site = tmp_path / "site"
    assert not build_site(config, site)
    folder = site / "episodes" / "001"
    published = sorted(p.name for p in folder.iterdir() if p.name.startswith("transcript."))
    assert published == ["transcript.vtt"]
    page = html.fromstring((folder / "index.html").read_bytes())
    linked = {a.get("href").rsplit("/", 1)[-1] for a in page.cssselect(".podsite-downloads a")}
    assert linked == {"transcript.vtt"}
    # the transcript to read is the page itself: every line, each with its moment
    assert [s.get("id") for s in page.cssselect(".podsite-transcript span[id^='t=']")] == ["t=00:00:01", "t=00:00:20"]
    assert {t["url"].rsplit("/", 1)[-1] for t in _transcripts(site / "feed.xml")} == linked


def test_the_sample_show_publishes_every_format(tmp_path: Path) -> None:
    config = make_site(tmp_path, FILES)
    site = tmp_path / "site"
    assert not build_site(config, site)
    published = sorted(p.suffix for p in (site / "episodes" / "001").iterdir() if p.name.startswith("transcript."))
    assert published == [".html", ".json", ".srt", ".txt", ".vtt"]


def test_an_unknown_format_is_an_error_naming_the_line(tmp_path: Path) -> None:
    make_site(tmp_path, FILES, podcast={"downloads": ["vtt", "docx"]})
    result = run_mkdocs(tmp_path)
    assert result.returncode != 0
    line = next(
        n for n, text in enumerate((tmp_path / "mkdocs.yml").read_text().splitlines(), 1) if "downloads" in text
    )
    assert f"mkdocs.yml:{line}: extra.podcast.downloads: 'docx' is not a transcript format" in result.stderr


def _kept(root: Path) -> set[str]:
    """Names of the transcript downloads kept in the project's cache."""
    return {p.name for p in (root / ".cache").rglob("transcript.*")}


def test_only_the_published_formats_are_rendered_and_a_format_added_later_is_published(tmp_path: Path) -> None:
    """A show that publishes WebVTT and HTML keeps no other rendering in its cache; when it adds
    SRT, the next build with the same cache publishes the SRT file a fresh build writes."""
    config = make_site(tmp_path, FILES, podcast={"downloads": ["vtt", "html"]})
    site = tmp_path / "site"
    assert not build_site(config, site)
    assert _kept(tmp_path) == {"transcript.vtt", "transcript.html"}
    vtt = (site / "episodes" / "001" / "transcript.vtt").read_bytes()

    config = make_site(tmp_path, FILES, podcast={"downloads": ["vtt", "srt", "html"]})  # the same cache
    assert not build_site(config, site)
    folder = site / "episodes" / "001"
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith("transcript.")) == [
        "transcript.html",
        "transcript.srt",
        "transcript.vtt",
    ]
    assert (folder / "transcript.vtt").read_bytes() == vtt

    fresh = tmp_path / "fresh"
    make_site(fresh, FILES, podcast={"downloads": ["vtt", "srt", "html"]})
    assert not build_site(fresh / "mkdocs.yml", fresh / "site")
    assert (folder / "transcript.srt").read_bytes() == (
        fresh / "site" / "episodes" / "001" / "transcript.srt"
    ).read_bytes()
    assert (folder / "transcript.srt").read_text(encoding="utf-8").startswith("1\n00:00:01,000 --> ")
