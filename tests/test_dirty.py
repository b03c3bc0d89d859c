"""`mkdocs serve --dirty`: saving a transcript rebuilds its episode page, and only that page."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from sitebuild import SOURCE_DATE_EPOCH, copy_sample

EPISODE = "001-small-tools-big-wins"
OTHER = "002-testing-the-waters"


def dirty_build(config_file: Path, site_dir: Path) -> None:
    """One build as `mkdocs serve --dirty` runs it (hooks are told so in on_startup)."""
    config = load_config(str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
    finally:
        config.plugins.on_startup(command="build", dirty=False)  # hooks keep module state


def test_a_saved_transcript_rebuilds_its_page_only(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    config = copy_sample(tmp_path / "project")
    site = tmp_path / "site"
    dirty_build(config, site)
    page = site / "episodes" / EPISODE / "index.html"
    other = site / "episodes" / OTHER / "index.html"
    assert "analytical database" in page.read_text(encoding="utf-8")
    # sources older than the pages written from them; then the producer saves one transcript
    for path in (config.parent / "docs").rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    for path in (page, other):
        os.utime(path, (1_500_000_000, 1_500_000_000))
    transcript = config.parent / "docs" / "episodes" / f"{EPISODE}.txt"
    transcript.write_text(
        transcript.read_text(encoding="utf-8").replace("analytical database", "columnar database"), encoding="utf-8"
    )
    dirty_build(config, site)
    assert "columnar database" in page.read_text(encoding="utf-8")
    assert os.stat(other).st_mtime == 1_500_000_000, "an unchanged episode page must not be rebuilt"
