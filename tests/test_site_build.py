"""The sample show, built with `--strict`: pages, anchors, chapters, exports, archive."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from golden import check_golden
from podsite.errors import Problems
from podsite.timecode import anchor, anchor_says, data_t, format_seconds
from podsite.transcripts import parse_transcript
from sitebuild import ROOT, build_site, copy_sample

SAMPLE_EPISODES = sorted(p.stem for p in (ROOT / "docs" / "episodes").glob("0*.md"))
GOLDEN = ROOT / "tests" / "golden" / "pages"


@pytest.fixture(scope="module")
def site(sample_site: Path) -> Path:
    """The sample show, built once for the whole run (conftest)."""
    return sample_site


def page(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / url / "index.html").read_bytes())


def source_segments(stem: str):
    path = next(p for p in (ROOT / "docs" / "episodes").glob(f"{stem}.*") if p.suffix != ".md")
    return parse_transcript(path.read_bytes(), str(path), Problems()).segments


def _start(el: lxml.html.HtmlElement) -> float:
    """A line's or timestamp link's start as player.js reads it: `data-t`, else the
    `t=HH:MM:SS` of its id (a line) or of the line it links to (a timestamp link)."""
    if el.get("data-t") is not None:
        return float(el.get("data-t"))
    said = el.get("id") or el.get("href", "").removeprefix("#")
    found = re.fullmatch(r"t=(\d+):(\d\d):(\d\d)(?:-\d+)?", said)
    assert found is not None, said
    hours, minutes, seconds = found.groups()
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds)


def test_only_a_whole_second_is_left_to_the_id() -> None:
    """A start the id says exactly needs no `data-t`; one a millisecond short of the
    second (written `26`, but its id is `t=00:00:25`) keeps it."""
    assert anchor_says(26.0) and anchor_says(26.0004) and anchor_says(0.0)
    assert not anchor_says(25.9996) and not anchor_says(26.5) and not anchor_says(26.001)


@pytest.mark.parametrize("start", [0, 0.0, 26, 26.0, 26.0004, 26.0005, 25.9996, 26.5, 26.001, 65.125, 3599.9999, 1e-9])
def test_a_line_s_start_reads_back_to_the_millisecond_with_data_t_only_where_needed(start: float) -> None:
    """What the page writes for a line (`anchor` for its id, `data_t` beside it) gives back its
    start to the millisecond as player.js reads it (`data-t`, else the id's whole second), and
    `data-t` is left out exactly where the id alone gives it."""
    written = data_t(start)
    found = re.fullmatch(r"t=(\d+):(\d\d):(\d\d)", anchor(start))
    assert found is not None, anchor(start)
    hours, minutes, seconds = map(int, found.groups())
    from_id = hours * 3600 + minutes * 60 + seconds
    read = float(written) if written is not None else from_id
    assert read == round(start, 3)
    assert (written is None) == (from_id == round(start, 3))
    assert written in (None, format_seconds(start))  # to the millisecond, no trailing zeros


@pytest.mark.parametrize("stem", SAMPLE_EPISODES)
def test_line_times_are_exact_and_written_short(site: Path, stem: str) -> None:
    """Each line's start, to the millisecond, is its `data-t`, written without trailing zeros
    (`11.5`, not `11.500`), or, on a whole second, only its id `t=HH:MM:SS`: the player
    seeks there, and every line costs fewer bytes."""
    doc = page(site, f"episodes/{stem}")
    spans = doc.cssselect(".podsite-transcript span[id^='t=']")
    assert [_start(s) for s in spans] == [round(seg.start, 3) for seg in source_segments(stem)]
    for el in doc.cssselect("[data-t]"):
        assert re.fullmatch(r"0|[1-9]\d*(\.\d{0,2}[1-9])?", el.get("data-t")), el.get("data-t")
    for el in doc.cssselect(".podsite-transcript span[id^='t='], a.podsite-ts[href^='#t=']"):
        assert (el.get("data-t") is None) == (_start(el) == int(_start(el))), lxml.html.tostring(el)[:80]


@pytest.mark.parametrize("stem", SAMPLE_EPISODES)
def test_episode_page_has_player_chapters_and_every_line(site: Path, stem: str) -> None:
    doc = page(site, f"episodes/{stem}")
    audio = doc.cssselect("[data-podsite-player-box] audio[data-podsite-player]")  # the no-script player
    assert len(audio) == 1
    assert audio[0].get("preload") == "metadata"
    src = audio[0].get("src")
    assert (site / "episodes" / stem / src).resolve().is_file(), f"player src {src} does not resolve to a file"

    chapter_links = doc.cssselect(".podsite-chapters a.podsite-ts")
    headings = doc.cssselect(".podsite-transcript h2.podsite-chapter")
    assert chapter_links and len(chapter_links) == len(headings)
    for link, heading in zip(chapter_links, headings, strict=True):
        assert link.get("href") == "#" + heading.get("id")
        assert link.get("data-t") == heading.get("data-t")
    toc = [a.get("href") for a in doc.cssselect("nav.md-nav--secondary a")]
    for heading in headings:
        assert "#" + heading.get("id") in toc, "chapter missing from the table of contents"

    ids = {el.get("id") for el in doc.cssselect(".podsite-transcript span[id]")}
    segments = source_segments(stem)
    for seg in segments:
        assert anchor(seg.start) in ids, f"no anchor for the line at {seg.start}"
    text = " ".join(doc.cssselect(".podsite-transcript")[0].text_content().split())
    for seg in segments:
        assert " ".join(seg.text.split()) in text


def test_paragraph_timestamps_link_to_their_first_line(site: Path) -> None:
    doc = page(site, f"episodes/{SAMPLE_EPISODES[1]}")
    stamps = doc.cssselect(".podsite-para > a.podsite-ts")
    assert stamps
    for stamp in stamps:
        first_line = stamp.getnext()
        assert first_line.tag == "span" and stamp.get("href") == "#" + first_line.get("id")
        assert stamp.get("data-t") == first_line.get("data-t") and _start(stamp) == _start(first_line)


@pytest.mark.parametrize("stem", SAMPLE_EPISODES)
def test_exports_beside_the_page_parse_back_to_the_same_lines(site: Path, stem: str) -> None:
    segments = source_segments(stem)
    folder = site / "episodes" / stem
    for name in ("transcript.json", "transcript.txt", "transcript.html"):
        exported = parse_transcript((folder / name).read_bytes(), name, Problems())
        assert [s.text for s in exported.segments] == [s.text for s in segments], name
        assert [round(s.start) for s in exported.segments] == [round(s.start) for s in segments], name
    for name in ("transcript.vtt", "transcript.srt"):  # caption cues: a long line is cut into several
        exported = parse_transcript((folder / name).read_bytes(), name, Problems())
        assert " ".join(s.text for s in exported.segments) == " ".join(s.text for s in segments), name
        assert {round(s.start) for s in segments} <= {round(s.start) for s in exported.segments}, name
        assert len(exported.segments) >= len(segments)
    chapters = (folder / "chapters.json").read_text(encoding="utf-8")
    assert '"version": "1.2.0"' in chapters or '"version":"1.2.0"' in chapters
    doc = page(site, f"episodes/{stem}")
    links = {a.get("href") for a in doc.cssselect(".podsite-downloads a")}
    assert links == {"transcript.vtt", "transcript.srt", "transcript.json", "transcript.txt", "transcript.html"}


def test_archive_lists_every_episode_newest_first(site: Path) -> None:
    doc = page(site, "episodes")
    hrefs = [a.get("href") for a in doc.cssselect(".podsite-episode-list a")]
    assert hrefs == [f"../episodes/{stem}/" for stem in reversed(SAMPLE_EPISODES)] or hrefs == [
        f"{stem}/" for stem in reversed(SAMPLE_EPISODES)
    ]
    home = page(site, "")
    assert len(home.cssselect(".podsite-episode-list li")) == len(SAMPLE_EPISODES)


def test_navigation_does_not_list_episodes(site: Path) -> None:
    doc = page(site, f"episodes/{SAMPLE_EPISODES[0]}")
    nav_links = [a.get("href") or "" for a in doc.cssselect("nav.md-nav--primary a")]
    assert not any(stem in href for href in nav_links for stem in SAMPLE_EPISODES)


def test_no_request_to_outside_hosts(site: Path) -> None:
    for html_file in site.rglob("*.html"):
        doc = lxml.html.fromstring(html_file.read_bytes())
        for el in doc.xpath(
            "//script[@src] | //link[@href][not(@rel='alternate')] | //img[@src] | //audio[@src] | //source[@src]"
        ):
            url = el.get("src") or el.get("href")
            if el.tag == "link" and el.get("rel") == "canonical":
                continue
            assert not re.match(r"^(https?:)?//", url), f"{html_file.relative_to(site)} loads {url}"


def test_raw_transcripts_are_not_published_as_is(site: Path) -> None:
    for stem in SAMPLE_EPISODES:
        assert not list((site / "episodes").glob(f"{stem}.*")), "the source transcript was copied raw"


def test_transcript_html_golden(site: Path, update_golden: bool) -> None:
    """The rendered transcript of one episode, compared with its golden file."""
    stem = SAMPLE_EPISODES[1]
    html = (site / "episodes" / stem / "index.html").read_text(encoding="utf-8")
    start = html.index('<section class="podsite-transcript"')
    end = html.index("</section>", start) + len("</section>")
    actual = html[start:end] + "\n"
    golden = GOLDEN / f"{stem}.transcript.html"
    check_golden(golden, actual, update_golden, "the transcript HTML")


def test_drafts_and_scheduled_episodes_are_left_out_of_a_build(tmp_path: Path) -> None:
    config = copy_sample(tmp_path)
    episodes = tmp_path / "docs" / "episodes"
    (episodes / "090-draft.md").write_text(
        "---\ntitle: Not ready\ndate: 2026-10-01\ndraft: true\n---\nSoon.\n", encoding="utf-8"
    )
    (episodes / "091-later.md").write_text("---\ntitle: Next year\ndate: 2030-01-01\n---\nLater.\n", encoding="utf-8")
    out = tmp_path / "site"
    warnings = build_site(config, out)
    assert not warnings, [r.getMessage() for r in warnings]
    assert not (out / "episodes" / "090-draft").exists()
    assert not (out / "episodes" / "091-later").exists()
    archive = (out / "episodes" / "index.html").read_text(encoding="utf-8")
    assert "Not ready" not in archive and "Next year" not in archive
    assert (out / "episodes" / SAMPLE_EPISODES[0] / "index.html").exists()
