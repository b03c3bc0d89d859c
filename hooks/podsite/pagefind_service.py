"""Pagefind's service mode: index each page as the build writes it.

`pagefind --service` takes requests on its standard input and answers on its standard
output, each a JSON object in base64 followed by a comma: the protocol Pagefind's own
Python and Node packages speak (the binary and the `pagefind` wheel are pinned together).
Each page given with `add` is read ("fossicked") by the service as soon as it arrives, on
another core while the build goes on rendering pages; `finish` then has it build and
write the index. That leaves only the writing after the last page, where running the
command line tool over the finished site does the reading too.

Pages are numbered in the order they are given, and the index's bytes follow that
order: callers give them in a fixed order (sorted paths) so that the same pages make the
same index.

The wheel's own client polls for one answer every tenth of a second (five minutes for
3,000 pages), hence this small one: a thread reads the answers as they come.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any


class ServiceError(Exception):
    """Pagefind's service failed or could not be started; the message holds what it said."""


class PagefindService:
    """One running `pagefind --service` with one index.

    `command` runs the binary (`[binary]`, or with `nice` before it); `config` is Pagefind's
    index configuration (`exclude_selectors`, `force_language`, ...); `logfile` is where
    Pagefind writes its messages (its standard output carries the protocol)."""

    def __init__(self, command: Sequence[str], config: dict[str, Any], logfile: Path) -> None:
        self.logfile = logfile
        self._stderr = tempfile.TemporaryFile()
        try:
            self._process = subprocess.Popen(
                [*command, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr
            )
        except OSError as exc:
            self._stderr.close()
            raise ServiceError(f"Pagefind could not be started: {exc.strerror or exc}") from exc
        self._answers: dict[int, dict[str, Any]] = {}
        self._pages: dict[int, str] = {}  # message id -> the page it adds, for its error
        self._ended = False
        self._stopped = False
        self._lock = threading.Condition()
        self._next_id = 0
        self._broken: str | None = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        answer = self._wait(self._send({"type": "NewIndex", "config": {**config, "logfile": str(logfile)}}))
        if answer.get("type") != "NewIndex":
            self.stop()
            raise ServiceError(f"Pagefind could not make an index: {answer.get('message', answer)}")
        self._index_id = int(answer["index_id"])

    def add(self, path: str, html: str) -> None:
        """Give Pagefind the page written at `path` (relative to the site, `episodes/x/index.html`);
        it is read in the background. The page's address is the one Pagefind gives that path."""
        url = "/" + path.removesuffix("index.html")
        message = self._send(
            {"type": "AddFile", "index_id": self._index_id, "url": url, "file_path": None, "file_contents": html}
        )
        self._pages[message] = path

    def finish(self, output: Path) -> list[str]:
        """Wait for every page, then write the index into `output`; the pages Pagefind could
        not read (one message each). Raises ServiceError when nothing could be written."""
        problems = []
        for message, path in sorted(self._pages.items()):
            answer = self._wait(message)
            if answer.get("type") != "IndexedFile":
                problems.append(f"{path}: {answer.get('message', answer)}")
        answer = self._wait(self._send({"type": "WriteFiles", "index_id": self._index_id, "output_path": str(output)}))
        if answer.get("type") != "WriteFiles":
            self.stop()
            raise ServiceError(f"Pagefind could not write the index: {answer.get('message', answer)}")
        self.stop()
        return problems

    def stop(self) -> None:
        """End the service (at once, when it is still working)."""
        if self._stopped:
            return
        self._stopped = True
        process = self._process
        if process.stdin is not None and not process.stdin.closed:
            try:
                process.stdin.close()
            except OSError:
                pass
        if process.poll() is None:
            process.terminate()
        process.wait()
        self._reader.join()
        self._stderr.close()

    def _send(self, payload: dict[str, Any]) -> int:
        with self._lock:
            self._next_id += 1
            message = self._next_id
        request = json.dumps({"message_id": message, "payload": payload}).encode("ascii")
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(base64.b64encode(request) + b",")
            stdin.flush()
        except (OSError, ValueError):  # it ended: _wait says why
            pass
        return message

    def _wait(self, message: int) -> dict[str, Any]:
        with self._lock:
            self._lock.wait_for(lambda: message in self._answers or self._ended)
            if message in self._answers:
                return self._answers.pop(message)
        raise ServiceError(self._broken or "Pagefind ended before it answered")

    def _read(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        pending = b""
        try:
            while chunk := os.read(stdout.fileno(), 1 << 20):
                pending += chunk
                *whole, pending = pending.split(b",")
                answers = [json.loads(base64.b64decode(part)) for part in whole if part]
                with self._lock:
                    for answer in answers:
                        self._answers[int(answer.get("message_id") or 0)] = answer.get("payload") or {}
                    self._lock.notify_all()
        except (OSError, ValueError) as exc:
            self._broken = f"Pagefind's answer could not be read: {exc}"
        code = self._process.wait()
        if self._broken is None and code != 0:
            self._stderr.seek(0)
            said = self._stderr.read().decode("utf-8", "replace").strip()
            self._broken = f"Pagefind stopped (exit status {code})" + (f":\n{said}" if said else "")
        with self._lock:
            self._ended = True
            self._lock.notify_all()


#: Pagefind reads only the part of a page so marked once any page has it (our episode and
#: registry mention pages do); a page without it is not given to the service.
BODY_MARK = "data-pagefind-body"


def page_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class Feed:
    """One build's pages for Pagefind, given in sorted order as the build writes them.

    `order` is every page Pagefind reads (paths under `site_dir`, sorted); a page written
    before its turn waits in memory. `last` maps each page of the index the last build kept
    to its digest: while every page so far is the same, none is given (that index may do
    again, and nothing is spent on it); from the first page that differs, `start()` makes
    the service, which is given the pages before it from the site folder, then each page
    in its turn. `digests` holds every page dealt with, given or not."""

    def __init__(
        self,
        site_dir: Path,
        order: Sequence[str],
        last: Mapping[str, bytes] | None,
        start: Callable[[], PagefindService],
    ) -> None:
        self.site_dir = site_dir
        self.order = sorted(order)
        self.digests: dict[str, bytes] = {}
        self.service: PagefindService | None = None
        self._last = last
        self._start = start
        self._next = 0
        self._waiting: dict[str, str] = {}
        self._wanted = set(self.order)

    def written(self, path: str, html: str) -> None:
        """The build wrote `html` at `path`; deal with every page whose turn has come."""
        if path not in self._wanted or path in self.digests:
            return
        self._waiting[path] = html
        while self._next < len(self.order) and self.order[self._next] in self._waiting:
            name = self.order[self._next]
            self._deal(name, self._waiting.pop(name))
            self._next += 1

    def rest(self) -> None:
        """Deal with the pages this build did not write (a `--dirty` build), from the site folder;
        a page that is not there is left out."""
        while self._next < len(self.order):
            name = self.order[self._next]
            html = self._waiting.pop(name, None)
            if html is None:
                html = self._read(name)
            if html is not None:
                self._deal(name, html)
            self._next += 1

    def give_all(self) -> PagefindService:
        """Start the service now (when it was not needed so far) and give it every page dealt with."""
        if self.service is None:
            self._begin(upto=len(self.digests))
        assert self.service is not None
        return self.service

    def _deal(self, name: str, html: str) -> None:
        digest = page_digest(html.encode("utf-8", "xmlcharrefreplace"))
        if self.service is None and (self._last is None or self._last.get(name) != digest):
            self._begin(upto=len(self.digests))
        self.digests[name] = digest
        if self.service is not None and BODY_MARK in html:
            self.service.add(name, html)

    def _begin(self, upto: int) -> None:
        """Start the service; give it the pages dealt with before (written to the site by now)."""
        self.service = self._start()
        for name in list(self.digests)[:upto]:
            html = self._read(name)
            if html is not None and BODY_MARK in html:
                self.service.add(name, html)

    def _read(self, name: str) -> str | None:
        try:
            return (self.site_dir / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
