"""Under `mkdocs serve` the catalog takes unchanged episodes from the last build
(`catalog.Loaded`), and loads again every episode whose page, transcript or audio changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from podsite import catalog
from podsite.errors import Problems
from podsite.model import Episode
from podsite.show import load_show
from sitebuild import ROOT

EPISODE = "episodes/001-small-tools-big-wins.md"
OTHER = "episodes/002-testing-the-waters.md"


def _load(docs: Path, loaded: catalog.Loaded) -> tuple[dict[str, Episode], Problems]:
    problems = Problems()
    show = load_show({"title": "Byte-Sized Garden"}, "https://example.org/show/", "mkdocs.yml", problems)
    sources = {
        f"episodes/{p.name}": (lambda p=p: p.read_text(encoding="utf-8")) for p in (docs / "episodes").glob("*.md")
    }
    catalog.load_catalog(show, docs, sources, problems, loaded)
    return {ep.src_uri: ep for ep in show.episodes}, problems


def test_unchanged_episodes_are_reused_and_changed_ones_loaded_again(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    loaded = catalog.Loaded()
    first, problems = _load(docs, loaded)
    again, problems_again = _load(docs, loaded)
    assert again[EPISODE] is first[EPISODE] and again[OTHER] is first[OTHER]
    assert [str(p) for p in problems_again] == [str(p) for p in problems], "the same problems are reported again"

    transcript = docs / "episodes" / "001-small-tools-big-wins.txt"
    transcript.write_text(transcript.read_text(encoding="utf-8").replace("see what grows", "see what blooms"), "utf-8")
    edited, _ = _load(docs, loaded)
    assert edited[EPISODE] is not first[EPISODE] and edited[OTHER] is first[OTHER]
    reread = edited[EPISODE].transcript
    assert reread is not None and any("see what blooms" in seg.text for seg in reread.segments)

    page = docs / OTHER
    page.write_text(page.read_text(encoding="utf-8").replace("title: Testing the waters", "title: Retitled"), "utf-8")
    retitled, _ = _load(docs, loaded)
    assert retitled[OTHER].title == "Retitled" and retitled[EPISODE] is edited[EPISODE]


def test_a_new_file_that_would_be_the_transcript_loads_the_episode_again(tmp_path: Path) -> None:
    """The first of .vtt .srt .json .txt beside the page is its transcript: a .vtt saved beside
    a .txt takes over, though neither the page nor the old transcript changed."""
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    loaded = catalog.Loaded()
    first, _ = _load(docs, loaded)
    assert (first[EPISODE].transcript_path or "").endswith(".txt")
    vtt = docs / "episodes" / "001-small-tools-big-wins.vtt"
    vtt.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nA brand new first line.\n", encoding="utf-8")
    os.utime(vtt)
    again, _ = _load(docs, loaded)
    assert (again[EPISODE].transcript_path or "").endswith(".vtt")
    taken_over = again[EPISODE].transcript
    assert taken_over is not None and taken_over.segments[0].text == "A brand new first line."
