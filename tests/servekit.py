"""Running the real `mkdocs serve` in tests, with the flags `make serve` uses.

`Preview(config_file)` starts `mkdocs serve` in a subprocess on a free port of
127.0.0.1 (the flags are read from the Makefile's `SERVE_FLAGS`, so the tests
preview as producers do), waits until it answers, and stops it on `close()`.
`wait_until(check)` waits for a condition instead of sleeping a fixed time.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
SOURCE_DATE_EPOCH = "1798761600"  # 2027-01-01
T = TypeVar("T")


def serve_flags() -> list[str]:
    """The flags `make serve` gives `mkdocs serve` (besides the address)."""
    match = re.search(r"(?m)^SERVE_FLAGS\s*:?=(.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"))
    return match.group(1).split() if match else []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(check: Callable[[], T], timeout: float = 60.0, what: str = "the condition") -> T:
    """Call `check` every 50 ms until it returns something true; return that, or fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Response:
    """One HTTP request; an error status is a response too."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return Response(resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read())
    except urllib.error.HTTPError as err:
        return Response(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())


class Preview:
    """`mkdocs serve` of the project whose config is `config_file`, in a subprocess."""

    def __init__(self, config_file: Path, extra_env: dict[str, str] | None = None, timeout: float = 120) -> None:
        self.root = config_file.parent
        self.port = free_port()
        site_url = yaml.safe_load(config_file.read_text(encoding="utf-8")).get("site_url") or "/"
        self.url = f"http://127.0.0.1:{self.port}{urlsplit(site_url).path or '/'}"
        self.log_path = self.root / f"serve-{self.port}.log"
        env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, NO_MKDOCS_2_WARNING="1") | (extra_env or {})
        args = [str(MKDOCS), "serve", *serve_flags(), "-f", str(config_file), "--dev-addr", f"127.0.0.1:{self.port}"]
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(args, cwd=self.root, stdout=self._log, stderr=subprocess.STDOUT, env=env)
        try:
            wait_until(self._up, timeout, "mkdocs serve to answer")
        except BaseException:
            self.close()
            raise

    def _up(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"mkdocs serve ended with {self.process.returncode}:\n{self.log}")
        try:
            return fetch(self.url).status == 200
        except OSError:
            return False

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str = "", headers: dict[str, str] | None = None) -> Response:
        return fetch(self.url + path, headers)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def __enter__(self) -> Preview:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
