"""Word-level transcripts in the browser: the player marks the word being said, from
words.json, without an element per word."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import DESKTOP, click_in_view, open_page, serve_sample
from podsite.errors import Problems
from podsite.transcripts import parse_transcript

EPISODE = "002-testing-the-waters"


def _word_level(docs: Path) -> None:
    """Replace the episode's WebVTT with the same words as a word-level Podcasting 2.0 JSON
    transcript (each cue's words spread evenly over the cue), as a tool with word timing writes it."""
    vtt = docs / "episodes" / f"{EPISODE}.vtt"
    transcript = parse_transcript(vtt.read_bytes(), vtt.name, Problems())
    segments = []
    for seg in transcript.segments:
        words = seg.text.split()
        end = seg.end if seg.end is not None else seg.start + 2
        step = (end - seg.start) / len(words)
        for i, word in enumerate(words):
            entry = {
                "startTime": round(seg.start + i * step, 3),
                "endTime": round(seg.start + (i + 1) * step, 3),
                "body": word,
            }
            if seg.speaker:
                entry["speaker"] = seg.speaker
            segments.append(entry)
    vtt.unlink()
    (docs / "episodes" / f"{EPISODE}.json").write_text(json.dumps({"version": "1.0.0", "segments": segments}))


@pytest.fixture(scope="module")
def word_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    server, site, url = serve_sample(tmp_path_factory.mktemp("words"), extend=_word_level, strict=False)
    yield site, url
    server.shutdown()
    server.server_close()


def test_the_word_being_said_is_marked(browser: Any, word_site: tuple[Path, str]) -> None:
    site, url = word_site
    timing = json.loads((site / "episodes" / EPISODE / "words.json").read_text())
    line_id, words = next(iter(timing["lines"].items()))
    assert len(words) >= 4, "the first line should hold several words"
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        open_page(page, url, f"episodes/{EPISODE}/")
        assert page.locator("[data-words]").count() == 1
        assert page.locator(".podsite-transcript span[id^='t='] span").count() == 0, "no element per word"
        click_in_view(page, page.locator("a.podsite-ts").first)
        page.wait_for_function("() => !document.querySelector('audio[data-podsite-player]').paused")
        text = page.evaluate("(id) => document.getElementById(id).textContent", line_id)
        for start, end, first, last in words[1:4]:
            page.evaluate(
                "(t) => { const a = document.querySelector('audio[data-podsite-player]'); a.pause(); a.currentTime = t }",
                (start + end) / 2,
            )
            expected = text[first:last]
            page.wait_for_function(
                """(word) => { const h = CSS.highlights.get('podsite-word');
                return !!h && [...h][0].toString() === word }""",
                arg=expected,
            )
    finally:
        context.close()
