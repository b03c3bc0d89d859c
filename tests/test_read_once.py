"""Each content file is read once per build (and once per check), by the one loader.

The build and `scripts/check.py` load the show with `podsite.site.load_site`; every
output reads that model instead of reading a content file again. These tests count
the files opened under docs/ while the sample show is built and checked.
"""

from __future__ import annotations

import builtins
import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from podsite.checks import inspect_site
from sitebuild import build_site, copy_sample

#: The files the loader reads, other than episode pages (which MkDocs reads again to render them).
REGISTRIES = ("people.yml", "mentions.yml")
TRANSCRIPTS = (".txt", ".vtt", ".srt", ".json")


def opened_under(docs: Path, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """A counter, filled from now on, of how often each file under `docs` is opened for reading."""
    counts: Counter[str] = Counter()
    real_open = builtins.open

    def spy(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and "r" in mode and "+" not in mode:
            path = Path(file).resolve()
            if path.is_relative_to(docs):
                counts[path.relative_to(docs).as_posix()] += 1
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)  # pathlib's read_text and read_bytes
    return counts


@pytest.fixture
def sample(tmp_path: Path) -> tuple[Path, Path]:
    config = copy_sample(tmp_path / "src")
    return config, (config.parent / "docs").resolve()


def _content(docs: Path) -> list[str]:
    return sorted(
        p.relative_to(docs).as_posix()
        for p in docs.rglob("*")
        if p.name in REGISTRIES or (p.parent.name == "episodes" and p.suffix in TRANSCRIPTS)
    )


def test_a_build_reads_each_registry_and_transcript_once(
    sample: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, docs = sample
    content = _content(docs)
    assert len(content) == 5, content  # two registries, three transcripts
    counts = opened_under(docs, monkeypatch)
    build_site(config, tmp_path / "site")
    assert {name: counts[name] for name in content} == dict.fromkeys(content, 1)


def test_the_checker_reads_each_content_file_once(sample: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    config, docs = sample
    pages = sorted(p.relative_to(docs).as_posix() for p in (docs / "episodes").glob("*.md"))
    content = _content(docs) + pages
    counts = opened_under(docs, monkeypatch)
    report = inspect_site(config.parent)
    assert not report.problems.errors
    assert {name: counts[name] for name in content} == dict.fromkeys(content, 1)
