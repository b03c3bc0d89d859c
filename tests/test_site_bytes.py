"""`scripts/site_bytes.py`: where a built site's bytes go, every file counted once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sitebuild import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

import site_bytes  # noqa: E402


def test_every_file_is_counted_once_under_its_kind(sample_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    size, count, episodes = site_bytes.breakdown(sample_site)
    files = [p for p in sample_site.rglob("*") if p.is_file()]
    assert sum(count.values()) == len(files)
    assert sum(size.values()) == sum(p.stat().st_size for p in files)
    stems = sorted(p.stem for p in (ROOT / "docs" / "episodes").glob("0*.md"))
    assert episodes == len(stems) == count["episodes/*/transcript.vtt"] == count["episodes/*/card.png"]
    assert count["mentions/"] == len([p for p in (sample_site / "mentions").rglob("*") if p.is_file()])
    assert site_bytes.main([str(sample_site)]) == 0
    table = capsys.readouterr().out
    assert f"| all | {len(files)} |" in table and "| `episodes/*/index.html` | 3 |" in table
