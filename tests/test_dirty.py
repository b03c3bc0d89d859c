"""`mkdocs serve --dirty` (what `make serve` runs): a rebuild renders what changed, and only that.

These tests run MkDocs' dirty builds in-process as one `mkdocs serve` session does
(hooks told once at startup, then build after build into the same folder), so a save
can be placed exactly between two steps of a build.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page
from sitebuild import SOURCE_DATE_EPOCH, copy_sample

EPISODE = "001-small-tools-big-wins"
OTHER = "002-testing-the-waters"


class Session:
    """Dirty builds of one project into one folder, as one `mkdocs serve --dirty` process runs them."""

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        self.config_file, self.site_dir = config_file, site_dir
        self.config = load_config(str(config_file), site_dir=str(site_dir))
        self.config.plugins.on_startup(command="serve", dirty=True)

    def build(self) -> None:
        config = load_config(str(self.config_file), site_dir=str(self.site_dir))
        mkdocs_build.build(config, dirty=True)

    def page(self, path: str) -> Path:
        return self.site_dir / path


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Session:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    serving = Session(copy_sample(tmp_path / "project"), tmp_path / "site")
    serving.build()
    return serving


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_saved_transcript_rebuilds_its_page_only(session: Session) -> None:
    page = session.page(f"episodes/{EPISODE}/index.html")
    other = session.page(f"episodes/{OTHER}/index.html")
    assert "analytical database" in page.read_text(encoding="utf-8")
    other_written = os.stat(other).st_mtime_ns
    _edit(
        session.config_file.parent / "docs" / "episodes" / f"{EPISODE}.txt", "analytical database", "columnar database"
    )
    session.build()
    assert "columnar database" in page.read_text(encoding="utf-8")
    assert os.stat(other).st_mtime_ns == other_written, "an unchanged episode page must not be rebuilt"


def test_a_save_during_a_rebuild_is_shown_by_the_next_rebuild(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The producer saves again after the build read the transcript but before it wrote the
    page: the page is then newer than the save, yet must not stay stale."""
    transcript = session.config_file.parent / "docs" / "episodes" / f"{EPISODE}.txt"
    page = session.page(f"episodes/{EPISODE}/index.html")
    _edit(transcript, "analytical database", "columnar database")
    original = mkdocs_build._build_page

    def save_while_writing(page_obj: Page, *args: Any, **kwargs: Any) -> None:
        if page_obj.file.src_uri == f"episodes/{EPISODE}.md" and "vector database" not in transcript.read_text("utf-8"):
            _edit(transcript, "columnar database", "vector database")
        return original(page_obj, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", save_while_writing)
    session.build()
    assert "columnar database" in page.read_text(encoding="utf-8")  # what was read when the build began
    monkeypatch.setattr(mkdocs_build, "_build_page", original)
    session.build()  # the server's watcher saw the second save
    assert "vector database" in page.read_text(encoding="utf-8")


def test_a_deleted_episode_leaves_the_site_with_its_downloads(session: Session) -> None:
    docs = session.config_file.parent / "docs" / "episodes"
    page = session.page(f"episodes/{OTHER}/index.html")
    download = session.page(f"episodes/{OTHER}/transcript.vtt")
    assert page.is_file() and download.is_file()
    assert f"{OTHER}/" in session.page("episodes/index.html").read_text(encoding="utf-8")
    (docs / f"{OTHER}.md").unlink()
    session.build()
    assert not page.exists() and not download.exists()
    assert f"{OTHER}/" not in session.page("episodes/index.html").read_text(encoding="utf-8")
    assert f"{OTHER}/" not in session.page("index.html").read_text(encoding="utf-8")
    assert f"{OTHER}/" not in session.page("feed.xml").read_text(encoding="utf-8")


def test_a_new_title_reaches_the_home_page_and_the_archive(session: Session) -> None:
    source = session.config_file.parent / "docs" / "episodes" / f"{OTHER}.md"
    text = source.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    source.write_text(text.replace(title, "title: Waters tested again"), encoding="utf-8")
    session.build()
    for path in ("index.html", "episodes/index.html", f"episodes/{OTHER}/index.html", "feed.xml"):
        assert "Waters tested again" in session.page(path).read_text(encoding="utf-8"), path
