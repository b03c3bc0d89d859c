"""HTTP byte ranges (RFC 9110, section 14) for a WSGI app that only answers whole files.

MkDocs' development server answers `Range: bytes=…` with 200 and the whole file,
so a browser cannot seek in the preview's audio: it plays from 0:00 whatever was
clicked. `with_ranges(app)` answers a single range of a 200 response with 206 and
`Content-Range`, an unsatisfiable one with 416, and says `Accept-Ranges: bytes` on
every whole answer. Pure WSGI: no MkDocs here (`hooks/preview.py` wires it in).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

#: A range that asks for no byte of the file (answered with 416).
UNSATISFIABLE = "unsatisfiable"

_SPEC = re.compile(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", re.IGNORECASE)
_CHUNK = 64 * 1024

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def parse_range(header: str, size: int) -> tuple[int, int] | str | None:
    """The first and last byte (inclusive) a `Range` header asks of a file of `size` bytes.

    `bytes=a-b`, open-ended `bytes=a-` and suffix `bytes=-n` ranges; a last byte past
    the end is cut to the end. Returns `UNSATISFIABLE` when the range starts at or
    after the end (or asks for the last 0 bytes), and None for a header to ignore
    (another unit, bad syntax, several ranges): the whole file is then sent, as the
    RFC allows.
    """
    match = _SPEC.fullmatch(header)
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # suffix: the last n bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            return UNSATISFIABLE
        return max(0, size - suffix), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None  # invalid syntax: ignored
    if start >= size:
        return UNSATISFIABLE
    return start, min(end, size - 1)


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((value for key, value in headers if key.lower() == name), None)


def _without(headers: list[tuple[str, str]], *names: str) -> list[tuple[str, str]]:
    return [(key, value) for key, value in headers if key.lower() not in names]


def _close(body: Iterable[bytes]) -> None:
    close = getattr(body, "close", None)
    if close is not None:
        close()


def _part(body: Iterable[bytes], start: int, length: int) -> Iterator[bytes]:
    """`length` bytes from `start` of a response body: by seeking its file when it has one."""
    try:
        handle = getattr(body, "filelike", None)  # wsgiref.util.FileWrapper
        if handle is not None and getattr(handle, "seekable", lambda: False)():
            handle.seek(start)
            while length > 0:
                data = handle.read(min(_CHUNK, length))
                if not data:
                    break
                length -= len(data)
                yield data
            return
        skip = start
        for data in body:
            if skip >= len(data):
                skip -= len(data)
                continue
            data = data[skip : skip + length]
            skip = 0
            length -= len(data)
            yield data
            if length <= 0:
                break
    finally:
        _close(body)


def with_ranges(app: WSGIApp) -> WSGIApp:
    """`app`, answering single byte ranges of its whole-file (200) answers to GET and HEAD."""

    def ranged(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        answer: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answer[:] = [status, list(headers), exc_info]
            return lambda data: None  # the apps wrapped here never write() their body

        body = app(environ, capture)
        if not answer:  # a lazy app calls start_response on the first item only
            body = list(body)
        status, headers, exc_info = answer
        if not status.startswith("200") or environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            start_response(status, headers, exc_info)
            return body
        headers = _without(headers, "accept-ranges") + [("Accept-Ranges", "bytes")]
        wanted = environ.get("HTTP_RANGE")
        # If-Range compares with a validator this server never sends: always the whole file.
        if not wanted or environ.get("HTTP_IF_RANGE"):
            start_response(status, headers, exc_info)
            return body
        length = _header(headers, "content-length")
        if length is None or not length.isdigit():
            body = [b"".join(body)]
            size = len(body[0])
        else:
            size = int(length)
        spec = parse_range(wanted, size)
        if spec is None:
            start_response(status, headers, exc_info)
            return body
        if spec == UNSATISFIABLE:
            _close(body)
            start_response(
                "416 Range Not Satisfiable",
                [("Content-Range", f"bytes */{size}"), ("Content-Length", "0"), ("Accept-Ranges", "bytes")],
            )
            return []
        assert isinstance(spec, tuple)
        start, end = spec
        headers = _without(headers, "content-length", "content-range")
        headers += [("Content-Range", f"bytes {start}-{end}/{size}"), ("Content-Length", str(end - start + 1))]
        start_response("206 Partial Content", headers)
        return _part(body, start, end - start + 1)

    return ranged
