"""Importing a real show: Python Bytes transcripts and show notes into a site that builds.

`../shared/corpus/python-bytes/` has no feed, so episodes come from the numbered
transcripts and their dates from what each recording says at the start ("recorded
Monday, November 7th, 2016"); the corpus MANIFEST.tsv is the independent record
of which transcript and notes file belong to which episode.

The corpus has no audio, so the import writes the new site's mkdocs.yml with
`feed: false` (a site without a feed) and says so. The site uses every hook and
override of this project, the feed hook included, and must build with
`--strict`. By default 15 episodes spread over the years are imported; set
`PODSITE_FULL_CORPUS=1` for all of them.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from pathlib import Path
from typing import TypedDict

import pytest
from podsite.importer import FileAction, ImportPlan, apply_plan, new_site_files, plan_import, report_lines
from podsite.importer.config import load_config
from sitebuild import CORPUS, build_site

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.org/python-bytes/"
# spread over ten years; 214 and 316 have no show notes, 485's notes are "PB 485.md",
# 9 and 426 say the wrong year, 316 a date out of order, 110 no date at all
SUBSET = (1, 9, 30, 77, 110, 150, 201, 214, 250, 316, 364, 400, 426, 452, 485)

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the Python Bytes corpus is not at {CORPUS}")


class Entry(TypedDict):
    """One episode of the corpus manifest: its transcript files and its notes file (paths in the corpus)."""

    transcripts: list[str]
    notes: str | None


def manifest() -> dict[int, Entry]:
    """episode number → its transcripts (not the YouTube captions) and notes file."""
    episodes: dict[int, Entry] = {}
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["variant"] == "youtube":
                continue
            entry = episodes.setdefault(int(row["episode"]), {"transcripts": [], "notes": row["shownotes"] or None})
            entry["transcripts"].append(row["transcript"])
    return episodes


def import_corpus(
    tmp_path: Path, numbers: set[int] | None
) -> tuple[ImportPlan, list[FileAction], Path, dict[int, Entry]]:
    """Import the given episodes (all when None) through folders of links into the corpus."""
    entries = manifest()
    transcripts, notes = CORPUS / "transcripts", CORPUS / "shownotes"
    if numbers is not None:
        transcripts, notes = tmp_path / "transcripts", tmp_path / "shownotes"
        transcripts.mkdir()
        notes.mkdir()
        for number in sorted(numbers):
            for rel in entries[number]["transcripts"]:
                (transcripts / Path(rel).name).symlink_to(CORPUS / rel)
            if entries[number]["notes"]:
                (notes / Path(str(entries[number]["notes"])).name).symlink_to(CORPUS / str(entries[number]["notes"]))
    site = tmp_path / "site"
    plan = plan_import(site, transcripts=transcripts, notes=notes, title="Python Bytes", site_url=SITE_URL)
    files, notes_said = new_site_files(ROOT, site, plan)  # as scripts/import_show.py does for a new site
    assert notes_said == [
        "mkdocs.yml: no episode has audio: the site is published without a feed; set extra.podcast.feed when audio URLs are added"
    ]
    actions = apply_plan(plan.files + files, site)
    config = site / "mkdocs.yml"
    settings = load_config(config.read_text(encoding="utf-8"))
    assert settings["extra"]["podcast"] == {"title": "Python Bytes", "feed": False}
    assert settings["plugins"] == ["podsite"]  # every hook runs, through the installed plugin
    return plan, actions, config, {n: e for n, e in entries.items() if numbers is None or n in numbers}


def check_import(plan: ImportPlan, entries: dict[int, Entry]) -> None:
    assert all(ep.number is not None for ep in plan.episodes), "every corpus episode has its number"
    by_number = {ep.number: ep for ep in plan.episodes if ep.number is not None}
    assert sorted(by_number) == sorted(entries)
    for number, entry in entries.items():
        ep = by_number[number]
        assert ep.transcript is not None
        assert ep.transcript.name in {Path(rel).name for rel in entry["transcripts"]}
        assert ep.transcript.suffix == ".vtt"  # preferred over the .txt of the same episode
        assert (ep.notes is not None) == bool(entry["notes"])
    no_notes = sorted(n for n, e in entries.items() if not e["notes"])
    lines = report_lines(plan)
    header = f"episodes with no show notes ({len(no_notes)}):"
    assert header in lines
    listed = lines[lines.index(header) + 1 : lines.index(header) + 1 + len(no_notes)]
    numbers = [re.match(r"  episode (\d+) ", line) for line in listed]
    assert [int(m.group(1)) if m else None for m in numbers] == no_notes
    dates = [by_number[n].date for n in sorted(by_number)]
    assert dates == sorted(dates), "episode dates go back in time"


def test_subset_imports_and_builds_strict(tmp_path: Path) -> None:
    plan, actions, config, entries = import_corpus(tmp_path, set(SUBSET))
    check_import(plan, entries)
    by_number = {ep.number: ep for ep in plan.episodes}
    assert f"{by_number[1].date:%Y-%m-%d}" == "2016-11-07"  # "recorded Monday, November 7th, 2016"
    assert f"{by_number[9].date:%Y-%m-%d}" == "2017-01-17"  # said "2016" in January 2017
    assert by_number[110].date_how == "estimated"
    assert by_number[485].notes is not None and by_number[485].notes.name == "PB 485.md"
    assert all(a.action == "create" for a in actions)
    records = build_site(config, tmp_path / "out")
    assert not records, [r.getMessage() for r in records]
    assert not (tmp_path / "out" / "feed.xml").exists()
    assert (tmp_path / "out" / "_headers").is_file()
    page = (tmp_path / "out" / "episodes" / f"{by_number[1].stem}" / "index.html").read_text(encoding="utf-8")
    assert "PyData DC 2016 videos are out" in page  # the show notes
    assert 'id="t=00:00:05"' in page  # the transcript, line by line
    # a second import changes nothing (the site has its mkdocs.yml now)
    again = apply_plan(
        plan_import(tmp_path / "site", transcripts=tmp_path / "transcripts", notes=tmp_path / "shownotes").files,
        tmp_path / "site",
    )
    assert {a.action for a in again} == {"unchanged"}


@pytest.mark.skipif(
    os.environ.get("PODSITE_FULL_CORPUS") != "1",
    reason="the full corpus import takes minutes: set PODSITE_FULL_CORPUS=1",
)
def test_full_corpus_imports_and_builds(tmp_path: Path) -> None:
    plan, _, config, entries = import_corpus(tmp_path, None)
    check_import(plan, entries)
    assert not plan.transcripts_unpaired and not plan.notes_unpaired
    records = build_site(config, tmp_path / "out")  # --strict, every hook
    assert not records, [r.getMessage() for r in records]
    assert len(list((tmp_path / "out" / "episodes").glob("*/index.html"))) == len(entries)
    numbered = {e.number: e for e in plan.episodes if e.number is not None}
    first = numbered[min(numbered)]
    assert first.date == dt.datetime(2016, 11, 7, tzinfo=dt.UTC)
