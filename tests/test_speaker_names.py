"""`speakers:` in front matter names the transcript's labels on the page and in every download."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from minisite import episode, make_site, run_check, run_mkdocs
from podsite.checks import inspect_site

AUDIO = "audio:\n  url: https://example.org/audio/042.mp3\n  length: 1000\n"
FRONT = (
    f"title: Labels and names\ndate: 2026-01-01\n{AUDIO}"
    "hosts: [Michael Kennedy]\nguests: [Brian Okken]\n"
    "speakers:\n  Speaker 1: Michael Kennedy\n  SPEAKER_01: Brian Okken\n  Speaker 9: Nobody Here\n"
)
OTTER = (
    "Speaker 1  0:00\nWelcome to the show, Brian.\n\n"
    "SPEAKER_01  0:04\nThanks, it is good to be here.\n\n"
    "Speaker 3  0:09\nA voice from the back of the room.\n\n"
    "Speaker 1  0:12\nLet us begin.\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("speakers")
    make_site(root, {"episodes/042-names.md": episode(FRONT), "episodes/042-names.txt": OTTER})
    result = run_mkdocs(root)
    assert result.returncode == 0, result.stderr
    return root


def test_the_checker_reports_wrong_entries_and_lists_unnamed_labels(site: Path) -> None:
    report = inspect_site(site)
    warnings = [str(p) for p in report.problems.warnings]
    assert any(
        w.startswith("docs/episodes/042-names.md:12: speakers: the transcript has no speaker 'Speaker 9'")
        for w in warnings
    ), warnings
    assert any("'Nobody Here' (for 'Speaker 9') is not among the episode's hosts or guests" in w for w in warnings)
    # the label without a name is listed for the producer to fill in
    assert report.info == [
        "docs/episodes/042-names.txt:7: speaker label 'Speaker 3' has no name yet: "
        "add `speakers: {Speaker 3: Their Name}` to docs/episodes/042-names.md"
    ]
    out = run_check(site).stdout
    assert "INFO    -  docs/episodes/042-names.txt:7: speaker label 'Speaker 3' has no name yet" in out


def test_the_page_and_every_download_show_the_names(site: Path) -> None:
    folder = site / "site" / "episodes" / "042-names"
    doc = lxml.html.fromstring((folder / "index.html").read_bytes())
    shown = [el.text_content() for el in doc.cssselect(".podsite-transcript .podsite-speaker")]
    assert shown == ["Michael Kennedy", "Brian Okken", "Speaker 3", "Michael Kennedy"]
    for name in ("transcript.vtt", "transcript.srt", "transcript.json", "transcript.txt"):
        text = (folder / name).read_text(encoding="utf-8")
        assert "Michael Kennedy" in text and "Brian Okken" in text, name
        assert "Speaker 1" not in text and "SPEAKER_01" not in text, name
    segments = json.loads((folder / "transcript.json").read_text(encoding="utf-8"))["segments"]
    assert [s.get("speaker") for s in segments] == ["Michael Kennedy", "Brian Okken", "Speaker 3", "Michael Kennedy"]
    assert "<v Michael Kennedy>Welcome to the show, Brian." in (folder / "transcript.vtt").read_text(encoding="utf-8")


def test_a_map_that_is_not_a_map_is_a_warning(tmp_path: Path) -> None:
    front = f"title: T\ndate: 2026-01-01\n{AUDIO}speakers: [Ada]\n"
    make_site(tmp_path, {"episodes/042.md": episode(front), "episodes/042.txt": "00:00:00 Speaker 1: Hi.\n"})
    report = inspect_site(tmp_path)
    assert [str(p) for p in report.problems.warnings] == [
        "docs/episodes/042.md:7: speakers: must map the transcript's speaker labels to names, "
        "like `speakers: {Speaker 1: Ada Brook}`"
    ]


def test_transcript_format_states_the_shape_so_no_warning_is_needed(tmp_path: Path) -> None:
    otter = "Ada  0:00\nHello there.\n\nBo  0:03\nHi.\n"
    front = f"title: T\ndate: 2026-01-01\n{AUDIO}"
    make_site(
        tmp_path,
        {
            "episodes/041.md": episode(front + "number: 41\n"),
            "episodes/041.txt": otter,
            "episodes/042.md": episode(front + "number: 42\ntranscript_format: otter\n"),
            "episodes/042.txt": otter,
            "episodes/043.md": episode(front + "number: 43\ntranscript_format: word\n"),
            "episodes/043.txt": otter,
        },
    )
    report = inspect_site(tmp_path)
    warnings = [str(p) for p in report.problems.warnings]
    assert warnings[0].startswith("docs/episodes/041.txt:1: read as an Otter.ai text export")
    assert warnings[1].startswith("docs/episodes/043.md:8: transcript_format: 'word' is not a transcript format")
    assert len(warnings) == 3 and warnings[2].startswith("docs/episodes/043.txt:1: read as an Otter.ai")
    assert report.show is not None
    for ep in report.show.episodes:
        assert ep.transcript is not None
        assert [(s.speaker, s.text) for s in ep.transcript.segments] == [("Ada", "Hello there."), ("Bo", "Hi.")]
