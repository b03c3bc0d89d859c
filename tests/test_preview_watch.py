"""The preview hears saves through the system's file notifications (`hooks/preview.py`'s
`Watcher`): a save, a rename over a file and a new file are heard, reading a file (as
every build does) is not, and polling takes over where notifications cannot start."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from preview import Watcher
from servekit import wait_until
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

NATIVE = Observer is not PollingObserver


class Heard(FileSystemEventHandler):
    """What MkDocs' server does with an event: a rebuild for anything but a folder."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            with self.lock:
                self.paths.append(os.fsdecode(event.dest_path or event.src_path))

    def take(self) -> list[str]:
        with self.lock:
            taken, self.paths = self.paths, []
        return taken


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "episodes").mkdir()
    (tmp_path / "episodes" / "001.txt").write_text("first line\n", encoding="utf-8")
    return tmp_path


@contextlib.contextmanager
def _watching(folder: Path, watcher: Watcher) -> Iterator[Heard]:
    heard = Heard()
    watcher.schedule(heard, str(folder), recursive=True)
    watcher.start()
    try:
        yield heard
    finally:
        watcher.stop()
        watcher.join(5)


@pytest.mark.skipif(not NATIVE, reason="this system has no native file notifications for watchdog")
def test_saves_are_heard_at_once_and_reads_are_not(folder: Path) -> None:
    slow_poll = PollingObserver(timeout=3600)  # would hear nothing within the test
    with _watching(folder, Watcher(slow_poll, Observer())) as heard:
        transcript = folder / "episodes" / "001.txt"
        assert transcript.read_text(encoding="utf-8")  # a build reads every file
        os.stat(transcript)
        time.sleep(0.5)
        assert heard.take() == [], "reading a file is not a change"

        transcript.write_text("first line, edited\n", encoding="utf-8")
        wait_until(lambda: str(transcript) in heard.take(), timeout=10, what="the save in place")

        swap = folder / "episodes" / ".001.txt.swp"
        swap.write_text("renamed over\n", encoding="utf-8")
        os.replace(swap, transcript)
        wait_until(lambda: str(transcript) in heard.take(), timeout=10, what="the rename over the file")

        (folder / "episodes" / "new").mkdir()
        (folder / "episodes" / "new" / "002.md").write_text("---\n", encoding="utf-8")
        wait_until(lambda: any(p.endswith("002.md") for p in heard.take()), timeout=10, what="a file in a new folder")


class _NoNotifications(PollingObserver):
    """An observer whose start fails as inotify's does when the user's instances are used up."""

    def start(self) -> None:
        raise OSError(24, "inotify instance limit reached")


def test_polling_takes_over_when_notifications_cannot_start(folder: Path) -> None:
    with _watching(folder, Watcher(PollingObserver(timeout=0.1), _NoNotifications())) as heard:
        (folder / "episodes" / "001.txt").write_text("edited\n", encoding="utf-8")
        wait_until(heard.take, timeout=10, what="the save, heard by polling")
