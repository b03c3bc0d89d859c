"""What `--fetch` asks the old host: transcripts, chapters, and headers of audio and art.

Only http(s) addresses are requested, each at most once per import, with a
time limit; a failure is a warning on the report, never the end of the import.
Without `--fetch` nothing here runs and the importer keeps the addresses.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field

from ..errors import Problems

USER_AGENT = "podsite-import/1"
#: Largest file downloaded (transcripts and chapters are small; this stops a wrong address early).
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class Head:
    """What a HEAD request said about a file: its type and size in bytes."""

    content_type: str = ""
    length: int | None = None


@dataclass
class Fetcher:
    """Downloads and HEAD requests with a cache; failures become warnings naming `where`."""

    problems: Problems
    timeout: float = 20.0
    _heads: dict[str, Head | None] = field(default_factory=dict)
    _bodies: dict[str, bytes | None] = field(default_factory=dict)

    def _open(self, url: str, method: str) -> urllib.request.Request | None:
        if not url.lower().startswith(("http://", "https://")):
            return None
        return urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})

    def head(self, url: str, where: str, line: int | None) -> Head | None:
        """Type and length of the file at `url` (None when it cannot be asked)."""
        if url in self._heads:
            return self._heads[url]
        request = self._open(url, "HEAD")
        result: Head | None = None
        if request is not None:
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (http(s) only)
                    length = response.headers.get("Content-Length")
                    result = Head(
                        (response.headers.get("Content-Type") or "").split(";")[0].strip().lower(),
                        int(length) if length and length.isdigit() and len(length) < 16 else None,
                    )
            except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
                self.problems.warn(where, line, f"could not ask {url} ({getattr(exc, 'reason', exc)})")
        self._heads[url] = result
        return result

    def get(self, url: str, where: str, line: int | None) -> bytes | None:
        """The bytes at `url` (None, with a warning, when they cannot be had)."""
        if url in self._bodies:
            return self._bodies[url]
        request = self._open(url, "GET")
        data: bytes | None = None
        if request is not None:
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (http(s) only)
                    data = response.read(MAX_BYTES + 1)
                if len(data) > MAX_BYTES:
                    self.problems.warn(where, line, f"{url} is larger than {MAX_BYTES // 1024 // 1024} MB; not copied")
                    data = None
            except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
                self.problems.warn(where, line, f"could not download {url} ({getattr(exc, 'reason', exc)})")
        self._bodies[url] = data
        return data
