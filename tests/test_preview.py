"""The `mkdocs serve` preview as producers run it (`make serve`'s flags), in a subprocess."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from servekit import Preview
from sitebuild import copy_sample

AUDIO = "episodes/audio/002-testing-the-waters.mp3"


@pytest.fixture(scope="module")
def sample_preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    config = copy_sample(tmp_path_factory.mktemp("preview") / "project")
    with Preview(config) as preview:
        yield preview


def test_every_file_is_served_with_byte_ranges(sample_preview: Preview) -> None:
    whole = sample_preview.get(AUDIO)
    size = len(whole.body)
    assert whole.status == 200 and whole.headers["accept-ranges"] == "bytes" and size > 1000
    part = sample_preview.get(AUDIO, {"Range": "bytes=100-199"})
    assert part.status == 206
    assert part.headers["content-range"] == f"bytes 100-199/{size}"
    assert part.body == whole.body[100:200]
    tail = sample_preview.get(AUDIO, {"Range": f"bytes={size - 10}-"})
    assert tail.status == 206 and tail.body == whole.body[-10:]
    suffix = sample_preview.get(AUDIO, {"Range": "bytes=-7"})
    assert suffix.status == 206 and suffix.body == whole.body[-7:]
    past = sample_preview.get(AUDIO, {"Range": f"bytes={size}-"})
    assert past.status == 416 and past.headers["content-range"] == f"bytes */{size}"


def test_pages_are_served_in_ranges_too(sample_preview: Preview) -> None:
    page = sample_preview.get("episodes/002-testing-the-waters/")
    assert page.status == 200 and page.headers["accept-ranges"] == "bytes"
    part = sample_preview.get("episodes/002-testing-the-waters/", {"Range": "bytes=0-14"})
    assert part.status == 206 and part.body == page.body[:15]
    assert sample_preview.get("no-such-page/", {"Range": "bytes=0-14"}).status == 404


def test_a_preview_stopped_with_sigterm_leaves_no_temporary_site(tmp_path: Path) -> None:
    """`mkdocs serve` builds into a folder under the system's temporary folder; stopped by
    `kill` or a process manager (SIGTERM) it removes that folder, as it does on Ctrl-C."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    with Preview(copy_sample(tmp_path / "project"), extra_env={"TMPDIR": str(temp)}) as preview:
        assert [p.name for p in temp.iterdir() if p.name.startswith("mkdocs_")], "the preview builds elsewhere"
        preview.process.send_signal(signal.SIGTERM)
        assert preview.process.wait(timeout=60) == 0, preview.log
    assert not [p.name for p in temp.iterdir() if p.name.startswith("mkdocs_")], preview.log
