"""Byte ranges as RFC 9110 defines them, on a WSGI app that only answers whole files."""

from __future__ import annotations

import io
import wsgiref.util
from typing import Any

import pytest
from podsite.httprange import UNSATISFIABLE, parse_range, with_ranges

DATA = bytes(range(256)) * 4  # 1,024 bytes, every offset recognisable


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 1023)),  # open-ended
        ("bytes=-24", (1000, 1023)),  # suffix
        ("bytes=-5000", (0, 1023)),  # a suffix longer than the file is the whole file
        ("bytes=1000-5000", (1000, 1023)),  # the last byte is cut to the end
        ("BYTES = 5 - 6", (5, 6)),
        ("bytes=1024-", UNSATISFIABLE),
        ("bytes=2000-3000", UNSATISFIABLE),
        ("bytes=-0", UNSATISFIABLE),
        ("bytes=9-3", None),  # invalid: ignored, the whole file is sent
        ("bytes=-", None),
        ("items=0-5", None),
        ("bytes=0-1,5-9", None),  # several ranges: the whole file
    ],
)
def test_parse_range(header: str, expected: Any) -> None:
    assert parse_range(header, len(DATA)) == expected


def _file_app(environ: dict[str, Any], start_response: Any) -> Any:
    """Like MkDocs' server: 200 and the whole file, or 404."""
    if environ["PATH_INFO"] != "/a.mp3":
        start_response("404 Not Found", [("Content-Type", "text/html")])
        return [b"missing"]
    start_response("200 OK", [("Content-Type", "audio/mpeg"), ("Content-Length", str(len(DATA)))])
    return wsgiref.util.FileWrapper(io.BytesIO(DATA))


def _call(path: str, **headers: str) -> tuple[str, dict[str, str], bytes]:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path} | {f"HTTP_{k.upper()}": v for k, v in headers.items()}
    seen: list[Any] = []
    body = with_ranges(_file_app)(environ, lambda status, hdrs, exc=None: seen.extend([status, dict(hdrs)]))
    data = b"".join(body)
    getattr(body, "close", lambda: None)()
    return seen[0], seen[1], data


def test_a_range_is_answered_with_206_and_its_bytes() -> None:
    status, headers, body = _call("/a.mp3", range="bytes=300-309")
    assert status.startswith("206")
    assert headers["Content-Range"] == "bytes 300-309/1024"
    assert headers["Content-Length"] == "10" and body == DATA[300:310]
    assert headers["Accept-Ranges"] == "bytes"


def test_suffix_and_open_ended_ranges() -> None:
    assert _call("/a.mp3", range="bytes=-4")[2] == DATA[-4:]
    status, headers, body = _call("/a.mp3", range="bytes=1000-")
    assert body == DATA[1000:] and headers["Content-Range"] == "bytes 1000-1023/1024"


def test_an_unsatisfiable_range_is_416_with_the_size() -> None:
    status, headers, body = _call("/a.mp3", range="bytes=5000-")
    assert status.startswith("416") and headers["Content-Range"] == "bytes */1024" and body == b""


def test_whole_answers_say_ranges_are_accepted_and_errors_pass_through() -> None:
    status, headers, body = _call("/a.mp3")
    assert status.startswith("200") and headers["Accept-Ranges"] == "bytes" and body == DATA
    status, headers, body = _call("/a.mp3", range="bytes=0-1,4-5")
    assert status.startswith("200") and body == DATA
    status, headers, body = _call("/nothing", range="bytes=0-1")
    assert status.startswith("404") and body == b"missing"


def test_a_body_without_a_file_or_length_is_cut_too() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> Any:
        start_response("200 OK", [("Content-Type", "text/html")])
        return [DATA[:500], DATA[500:]]

    seen: list[Any] = []
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "HTTP_RANGE": "bytes=490-509"}
    body = b"".join(with_ranges(app)(environ, lambda status, hdrs, exc=None: seen.extend([status, dict(hdrs)])))
    assert seen[0].startswith("206") and body == DATA[490:510]
    assert seen[1]["Content-Range"] == "bytes 490-509/1024"
