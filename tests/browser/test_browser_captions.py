"""The WebVTT downloads as Chromium reads them: each loaded as the <track> of a media element.

Every cue of the file must reach the browser's TextTrack with an end after its start
(a cue that ends where it starts is never shown), holding every word of the line.
Besides the sample show, corpus transcripts with zero-length cues are exported and
served to the page (skipped with a reason when the corpus is absent).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from browserkit import SAMPLE_EPISODES
from podsite.errors import Problems
from podsite.exports import to_vtt
from podsite.transcripts import parse_transcript

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "python-bytes" / "transcripts"
#: Corpus transcripts whose source has cues that end where they start (`00:03:12.560 --> 00:03:12.560`).
ZERO_LENGTH = ("001-intro-to-the-show-and-pip-9-is-out.vtt", "286-unreasonable-f-strings.vtt")
VOICE = re.compile(r"</?v(?:\s[^>]*)?>")

LOAD_TRACK = """async (src) => {
  const video = document.createElement('video');
  const track = document.createElement('track');
  track.kind = 'captions';
  track.src = src;
  track.default = true;
  video.appendChild(track);
  document.body.appendChild(video);
  await new Promise((loaded, failed) => {
    track.addEventListener('load', loaded);
    track.addEventListener('error', () => failed(new Error('the track did not load: ' + src)));
  });
  return [...track.track.cues].map((c) => ({start: c.startTime, end: c.endTime, text: c.text}));
}"""


def cues_in_file(vtt: str) -> list[str]:
    """The text of each cue as written in the file (lines after each timing line)."""
    blocks = vtt.strip().split("\n\n")
    return [block.split("\n", 1)[1] for block in blocks if " --> " in block.split("\n", 1)[0]]


def check_track(page: Any, url: str, vtt: str) -> int:
    cues = page.evaluate(LOAD_TRACK, url)
    written = cues_in_file(vtt)
    assert len(cues) == len(written), f"{url}: Chromium read {len(cues)} of {len(written)} cues"
    for cue, text in zip(cues, written, strict=True):
        assert cue["end"] > cue["start"], f"{url}: the cue at {cue['start']} s is never shown"
        assert cue["text"] == text
    starts = [cue["start"] for cue in cues]
    assert starts == sorted(starts)
    return len(cues)


@pytest.mark.parametrize("stem", SAMPLE_EPISODES)
def test_chromium_reads_every_cue_of_the_sample_captions(page: Any, base_url: str, site_dir: Path, stem: str) -> None:
    page.goto(base_url)
    vtt = (site_dir / "episodes" / stem / "transcript.vtt").read_text(encoding="utf-8")
    assert check_track(page, f"{base_url}episodes/{stem}/transcript.vtt", vtt) > 5


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the Python Bytes corpus is not at {CORPUS}")
@pytest.mark.parametrize("name", ZERO_LENGTH)
def test_chromium_shows_every_cue_of_corpus_captions_with_zero_length_cues(page: Any, base_url: str, name: str) -> None:
    source = (CORPUS / name).read_text(encoding="utf-8")
    assert re.search(r"^([\d:.]+) --> \1$", source, re.M), f"{name} has no zero-length cue any more"
    transcript = parse_transcript((CORPUS / name).read_bytes(), name, Problems())
    vtt = to_vtt(transcript)
    url = f"{base_url}corpus/{name}"
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/vtt", body=vtt.encode("utf-8")))
    page.goto(base_url)
    count = check_track(page, url, vtt)
    shown = " ".join(html.unescape(VOICE.sub("", text)) for text in cues_in_file(vtt)).split()
    assert shown == " ".join(s.text for s in transcript.segments if s.text.strip()).split()
    assert count >= len(transcript.segments)
