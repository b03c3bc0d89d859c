"""Caption downloads: long lines become several short cues, read back by caption libraries we did not write."""

from __future__ import annotations

import io

import pytest
import srt
import webvtt
from podsite import captions
from podsite.exports import to_srt, to_vtt
from podsite.model import Segment, Transcript, Word

WORDS = (
    "So the thing about packaging is that every tool reads the same metadata but writes it "
    "somewhere else, and when you move a project from one backend to another you find out which "
    "of those fields you never set. "
)
LONG = (WORDS * 6).strip()  # one speaker turn of about 1,200 characters, as Otter.ai exports them


def long_transcript() -> Transcript:
    return Transcript(
        "e.txt",
        "txt",
        [
            Segment(10.0, LONG, None, "Brian Okken", 1),
            Segment(100.0, "Short answer.", 102.0, "Michael Kennedy", 3),
        ],
    )


def test_a_long_line_becomes_many_cues_spread_over_its_span() -> None:
    cues = captions.cues(LONG, 10.0, 100.0)
    assert len(LONG) > 900
    assert len(cues) >= len(LONG) // (2 * captions.MAX_CHARS)
    assert " ".join(c.text for c in cues) == LONG  # every word, in order
    assert all(len(c.lines) <= 2 and all(len(line) <= 42 for line in c.lines) for c in cues)
    assert cues[0].start == 10.0 and cues[-1].end == 100.0
    starts = [c.start for c in cues]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all(a.end == b.start for a, b in zip(cues, cues[1:], strict=False))  # no gaps, no overlaps
    # spread by characters: the middle cue starts near the middle of the span
    middle = cues[len(cues) // 2]
    assert 40 < middle.start < 70


def test_timed_words_give_the_cue_times() -> None:
    words: list[Word] = [(1.0 + i * 0.5, 1.3 + i * 0.5, f"word{i}") for i in range(30)]
    text = " ".join(w for _, _, w in words)
    cues = captions.cues(text, 1.0, 16.0, words)
    first_words = [c.lines[0].split()[0] for c in cues]
    by_text = {w: s for s, _, w in words}
    assert [c.start for c in cues] == [by_text[w] for w in first_words]


def test_a_word_longer_than_a_line_is_kept_whole() -> None:
    url = "https://example.com/" + "a" * 60
    cues = captions.cues(f"see {url} now", 0.0, 3.0)
    assert [line for c in cues for line in c.lines] == ["see", url, "now"]


def test_srt_download_reads_back_with_the_srt_library() -> None:
    subs = list(srt.parse(to_srt(long_transcript())))
    assert len(subs) > 10
    assert subs[0].content.startswith("Brian Okken: ")
    assert all(len(s.content.split("\n")) <= 2 for s in subs)
    assert all(len(line) <= 42 for s in subs[1:] for line in s.content.split("\n"))
    assert subs[-2].end.total_seconds() == pytest.approx(100.0)
    assert subs[-1].content == "Michael Kennedy: Short answer."
    body = " ".join(s.content for s in subs[:-1]).replace("\n", " ")
    assert body == "Brian Okken: " + LONG


def test_vtt_download_reads_back_with_webvtt_py() -> None:
    cues = webvtt.from_buffer(io.StringIO(to_vtt(long_transcript()))).captions
    assert len(cues) > 10
    assert all(c.voice == "Brian Okken" for c in cues[:-1])
    assert all(len(c.text.split("\n")) <= 2 and all(len(line) <= 42 for line in c.text.split("\n")) for c in cues)
    assert " ".join(c.text.replace("\n", " ") for c in cues[:-1]) == LONG
