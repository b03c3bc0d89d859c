"""The bundled sample show is consistent: audio, transcripts, chapters, cover, mentions.

These are the checks a producer would make by hand before publishing: the audio
is as long as its transcript, the page states the real duration, chapters fall
inside the episode where speech starts, and the files stay small enough to ship
in the repository.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import cast

import pytest
import yaml
from mutagen.mp3 import MP3, MPEGInfo
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EPISODES = sorted((DOCS / "episodes").glob("[0-9]*.md"))


def _load_script() -> ModuleType:
    """The sample-show script, whose small transcript reader the tests reuse."""
    path = ROOT / "scripts" / "make_sample_audio.py"
    spec = importlib.util.spec_from_file_location("make_sample_audio", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


SCRIPT = _load_script()


def _front_matter(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    assert match, f"{page}: no front matter"
    return yaml.safe_load(match[1])


def _transcript(page: Path) -> Path:
    found = [page.with_suffix(ext) for ext in (".txt", ".vtt", ".srt") if page.with_suffix(ext).exists()]
    assert len(found) == 1, f"{page}: expected one transcript beside the page, found {found}"
    return found[0]


def _audio(page: Path) -> Path:
    return page.parent / _front_matter(page)["audio"]["url"]


def _chapter_starts(meta: dict) -> list[float]:
    starts = []
    for chapter in meta["chapters"]:
        when = chapter["start"] if isinstance(chapter, dict) else chapter.split(" ", 1)[0]
        starts.append(SCRIPT.parse_clock(when))
    return starts


def test_sample_show_has_three_episodes_in_three_transcript_formats() -> None:
    assert [p.stem[:3] for p in EPISODES] == ["001", "002", "003"]
    assert sorted(_transcript(p).suffix for p in EPISODES) == [".srt", ".txt", ".vtt"]


@pytest.mark.parametrize("page", EPISODES, ids=lambda p: p.stem)
def test_audio_is_as_long_as_transcript_and_page_says_so(page: Path) -> None:
    meta = _front_matter(page)
    lines = SCRIPT.read_transcript(_transcript(page))
    seconds = cast(MPEGInfo, MP3(str(_audio(page))).info).length  # mutagen declares `info` None on its base class
    last = max(line.end or line.start for line in lines)
    assert seconds >= last, f"{page.name}: audio ends at {seconds:.1f} s, transcript at {last:.1f} s"
    assert 60 <= seconds <= 130, f"{page.name}: sample episodes should be 1-2 minutes, got {seconds:.1f} s"
    stated = SCRIPT.parse_clock(meta["duration"])
    assert abs(stated - seconds) <= 1, (
        f"{page.name}: duration {meta['duration']} but the MP3 lasts {seconds:.1f} s; run scripts/make_sample_audio.py"
    )


def test_sample_audio_is_small() -> None:
    total = sum(_audio(page).stat().st_size for page in EPISODES)
    assert total < 1_000_000, f"sample audio is {total} bytes; keep it under 1 MB"


@pytest.mark.parametrize("page", EPISODES, ids=lambda p: p.stem)
def test_chapters_are_sorted_inside_the_episode_and_start_with_a_line(page: Path) -> None:
    meta = _front_matter(page)
    starts = _chapter_starts(meta)
    line_starts = {line.start for line in SCRIPT.read_transcript(_transcript(page))}
    assert starts == sorted(starts) and len(set(starts)) == len(starts), f"{page.name}: chapters not in order"
    assert starts[0] == 0
    assert starts[-1] < SCRIPT.parse_clock(meta["duration"])
    missing = [s for s in starts if s not in line_starts]
    assert not missing, f"{page.name}: chapters at {missing} s do not start where a transcript line starts"


#: Command lines that decode an MP3 file to raw 16-bit mono PCM at a rate on stdout.
DECODERS = {
    "sox": lambda path, rate: ["sox", "-V1", str(path), *f"-t raw -r {rate} -e signed -b 16 -c 1 -".split()],
    "ffmpeg": lambda path, rate: ["ffmpeg", "-v", "error", "-i", str(path), *f"-f s16le -ac 1 -ar {rate} -".split()],
}


def decode_mp3(path: Path, rate: int) -> bytes:
    """The MP3 file as PCM, from the first installed decoder that can read MP3.

    Having sox is not enough: Debian's sox reads MP3 only with libsox-fmt-mp3
    (`.ci/run` installs it). The test skips only when no decoder here can read the file."""
    tried = []
    for name, command in DECODERS.items():
        if shutil.which(name) is None:
            tried.append(f"{name} is not installed")
            continue
        done = subprocess.run(command(path, rate), capture_output=True, check=False)
        if done.returncode == 0 and done.stdout:
            return done.stdout
        tried.append(f"{name} cannot decode it ({done.stderr.decode(errors='replace').strip()[:120]})")
    pytest.skip(f"no MP3 decoder here: {'; '.join(tried)}. Install sox with libsox-fmt-mp3 (Debian) or ffmpeg")


@pytest.mark.parametrize("page", EPISODES, ids=lambda p: p.stem)
def test_speech_starts_at_transcript_times(page: Path) -> None:
    """Silence just before each line, sound right after: transcript and audio agree."""
    rate = 8000
    raw = decode_mp3(_audio(page), rate)
    samples = memoryview(raw).cast("h")

    def loudness(start: float, end: float) -> float:
        window = samples[int(start * rate) : int(end * rate)]
        return max((abs(v) for v in window), default=0)

    previous_end = 0.0
    for line in SCRIPT.read_transcript(_transcript(page)):
        if line.start - previous_end > 0.3:
            assert loudness(line.start - 0.25, line.start - 0.05) < 300, f"{page.name}: sound before {line.start} s"
        assert loudness(line.start, line.start + 0.8) > 3000, f"{page.name}: no speech at {line.start} s"
        previous_end = line.end or line.start + 1


def test_cover_is_square_png() -> None:
    cover = DOCS / "assets" / "cover.png"
    with Image.open(cover) as image:
        assert image.format == "PNG"
        assert image.size == (1400, 1400)
    assert cover.stat().st_size < 200_000


def test_mentions_registry_names_are_said_in_the_episodes() -> None:
    entries = yaml.safe_load((DOCS / "mentions.yml").read_text(encoding="utf-8"))
    assert 6 <= len(entries) <= 10
    said = " ".join(line.text for page in EPISODES for line in SCRIPT.read_transcript(_transcript(page))).lower()
    for entry in entries:
        assert set(entry) <= {"name", "url", "aliases", "kind", "description"}, entry
        assert entry["kind"] in {"project", "person", "company", "other"}, entry
        assert entry["url"].startswith("https://"), entry
        spellings = [entry["name"], *entry.get("aliases", [])]
        assert any(s.lower() in said for s in spellings), f"{entry['name']} is never said in an episode"
    assert any(
        alias.lower() in said and entry["name"].lower() not in alias.lower()
        for entry in entries
        for alias in entry.get("aliases", [])
    ), "no registry alias (a mistranscription) appears in a transcript"


def test_episode_aliases_appear_in_their_transcript() -> None:
    pages = [p for p in EPISODES if _front_matter(p).get("mentions")]
    assert pages, "one sample episode should show a per-episode alias"
    for page in pages:
        text = " ".join(line.text for line in SCRIPT.read_transcript(_transcript(page))).lower()
        for name, aliases in _front_matter(page)["mentions"].items():
            assert all(re.search(rf"\b{re.escape(a.lower())}\b", text) for a in aliases), (page.name, name)
