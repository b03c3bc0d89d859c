"""scripts/chapters.py: suggested chapters printed, and written into front matter without touching the rest."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from podsite.catalog import load_catalog
from podsite.errors import Problems
from podsite.model import Show

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "docs" / "episodes" / "002-testing-the-waters"


def load_script():
    spec = importlib.util.spec_from_file_location("chapters_script", ROOT / "scripts" / "chapters.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


chapters_script = load_script()

LINES = ["00:00:00 Introduction", '00:01:02 Ruff: "fast"']


def test_write_adds_chapters_at_the_end_of_the_front_matter() -> None:
    text = "---\ntitle: Two\ndate: 2026-09-15\n---\nNotes stay.\n"
    assert chapters_script.write_chapters(text, LINES, force=False) == (
        '---\ntitle: Two\ndate: 2026-09-15\nchapters:\n  - "00:00:00 Introduction"\n'
        '  - "00:01:02 Ruff: \\"fast\\""\n---\nNotes stay.\n'
    )


def test_write_keeps_windows_line_endings() -> None:
    text = "---\r\ntitle: Two\r\n---\r\nNotes.\r\n"
    written = chapters_script.write_chapters(text, LINES[:1], force=False)
    assert written == '---\r\ntitle: Two\r\nchapters:\r\n  - "00:00:00 Introduction"\r\n---\r\nNotes.\r\n'


def test_existing_chapters_are_replaced_only_with_force() -> None:
    text = (
        '---\ntitle: Two\nchapters:\n  - start: 0\n    title: Welcome\n  - "00:00:11 Flask"\n'
        "description: Kept.\n---\nBody\n"
    )
    with pytest.raises(ValueError, match="already has `chapters:` \\(line 3\\)"):
        chapters_script.write_chapters(text, LINES, force=False)
    assert chapters_script.write_chapters(text, LINES[:1], force=True) == (
        '---\ntitle: Two\nchapters:\n  - "00:00:00 Introduction"\ndescription: Kept.\n---\nBody\n'
    )


def test_a_file_without_front_matter_is_refused() -> None:
    with pytest.raises(ValueError, match="no front matter"):
        chapters_script.write_chapters("Just notes.\n", LINES, force=False)


@pytest.fixture
def episode_without_chapters(tmp_path: Path) -> Path:
    """The sample episode 2 with its hand-written chapters taken out, in a site of its own."""
    episodes = tmp_path / "docs" / "episodes"
    episodes.mkdir(parents=True)
    for source in SAMPLE.parent.glob(SAMPLE.name + ".*"):
        shutil.copy(source, episodes / source.name)
    path = episodes / (SAMPLE.name + ".md")
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"chapters:\n(?:  .*\n)+", "", text), encoding="utf-8")
    return path


def test_prints_and_writes_the_derived_chapters(episode_without_chapters: Path, capsys) -> None:
    before = episode_without_chapters.read_bytes()
    assert chapters_script.main([str(episode_without_chapters)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "00:00:00 Introduction"
    assert printed[1:4] == ["00:00:11 Flask", "00:00:31 pytest", "00:00:52 Textual"]  # as the producer set them
    assert episode_without_chapters.read_bytes() == before  # printing writes nothing

    assert chapters_script.main([str(episode_without_chapters), "--write"]) == 0
    original = before.decode("utf-8")
    closing = original.index("\n---\n", 3) + 1
    block = "chapters:\n" + "".join(f'  - "{line}"\n' for line in printed)
    assert episode_without_chapters.read_text(encoding="utf-8") == original[:closing] + block + original[closing:]
    assert chapters_script.main([str(episode_without_chapters), "--write"]) == 1  # chapters now present
    assert "use --force" in capsys.readouterr().err


def test_notes_without_topics(episode_without_chapters: Path, capsys) -> None:
    text = episode_without_chapters.read_text(encoding="utf-8")
    head, _, _ = text.partition("\n---\n")
    episode_without_chapters.write_text(head + "\n---\nJust a paragraph.\n", encoding="utf-8")
    assert chapters_script.main([str(episode_without_chapters)]) == 1
    assert "name no topics" in capsys.readouterr().err


def test_the_catalog_derives_chapters_for_episodes_without_them(episode_without_chapters: Path) -> None:
    docs = episode_without_chapters.parent.parent
    src_uri = f"episodes/{episode_without_chapters.name}"
    show = Show(title="Byte-Sized Garden", site_url="https://example.org/")
    load_catalog(show, docs, {src_uri: lambda: episode_without_chapters.read_text(encoding="utf-8")}, Problems())
    (episode,) = show.episodes
    assert [(ch.title, ch.slug, ch.derived) for ch in episode.chapters[:2]] == [
        ("Introduction", "introduction", True),
        ("Flask", "flask", True),
    ]
