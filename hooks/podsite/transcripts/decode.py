"""Turn the bytes of a transcript file into text with `\\n` line ends.

Transcripts come from many tools (recording apps, caption editors, Windows
notepads), so decoding is lenient but never quiet: each kind of repair gives one
warning per file, naming the first line it touched. A UTF-8 byte order mark is
dropped, a file with a UTF-16 byte order mark is read as UTF-16 (bytes that are
not UTF-16 become U+FFFD), CRLF and lone CR become LF, bytes that are not UTF-8
are read as cp1252 (latin-1 when cp1252 cannot decode them either), and NUL bytes
are removed.

Line ends are normalised on the bytes, before decoding (CR and LF are single
bytes in UTF-8, cp1252 and latin-1), so every line number reported here matches
the line numbers the format parsers report.
"""

from __future__ import annotations

from ..errors import Problems

_BOM = b"\xef\xbb\xbf"


def _line_of(data: bytes, offset: int) -> int:
    """1-based line of a byte offset in LF-normalised bytes."""
    return data.count(b"\n", 0, offset) + 1


def _nul_lines(data: bytes) -> list[int]:
    """Lines holding NUL bytes, found in one linear pass."""
    lines: list[int] = []
    pos = data.find(b"\x00")
    line = 1
    scanned = 0
    while pos != -1:
        line += data.count(b"\n", scanned, pos)
        scanned = pos
        if not lines or lines[-1] != line:
            lines.append(line)
        pos = data.find(b"\x00", pos + 1)
    return lines


def _describe_lines(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5])
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    return ("line " if len(lines) == 1 else "lines ") + shown + more


def decode_source(data: bytes, path: str, problems: Problems) -> str:
    """Decode transcript bytes to text with LF line ends; one warning for each kind of repair."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(data, path, problems)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
        problems.warn(path, 1, "removed the byte order mark at the start of the file (save it as UTF-8 without BOM)")
    if b"\r" in data:
        data = _line_ends(data, path, problems)
    if b"\x00" in data:
        lines = _nul_lines(data)
        problems.warn(
            path,
            lines[0],
            f"removed NUL bytes on {_describe_lines(lines)}; "
            "the file looks damaged or saved as UTF-16: save it as UTF-8",
        )
        data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = _line_of(data, exc.start)
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
    problems.warn(
        path,
        bad_line,
        f"file is not UTF-8 (first bad byte on line {bad_line}); read it as {encoding}: "
        "check accented letters and save the file as UTF-8",
    )
    return text


def _line_ends(data: bytes, path: str, problems: Problems) -> bytes:
    """CRLF and lone CR line ends become LF, with one warning for each (the first line named)."""
    crlf = data.find(b"\r\n")
    if crlf != -1:
        problems.warn(path, _line_of(data, crlf), "Windows line ends (CRLF) were read as plain line ends (LF)")
        data = data.replace(b"\r\n", b"\n")
    lone = data.find(b"\r")
    if lone != -1:
        problems.warn(
            path,
            _line_of(data, lone),
            "a carriage return (CR) without a line feed was read as a line end: check the text around it",
        )
        data = data.replace(b"\r", b"\n")
    return data


def _decode_utf16(data: bytes, path: str, problems: Problems) -> str:
    """UTF-16 with a byte order mark; undecodable bytes and NULs are repaired with a warning each."""
    problems.warn(path, 1, "file is UTF-16; read it as such: save the file as UTF-8")
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-16", errors="replace")
        line = data[: exc.start].decode("utf-16", errors="replace").count("\n") + 1
        problems.warn(
            path,
            line,
            "bytes that are not UTF-16 were replaced with U+FFFD (the file is cut short or damaged): check the text",
        )
    text = text.lstrip("\ufeff")
    if "\r" in text:
        crlf = text.find("\r\n")
        if crlf != -1:
            problems.warn(
                path, text.count("\n", 0, crlf) + 1, "Windows line ends (CRLF) were read as plain line ends (LF)"
            )
        text = text.replace("\r\n", "\n")
        lone = text.find("\r")
        if lone != -1:
            problems.warn(
                path,
                text.count("\n", 0, lone) + 1,
                "a carriage return (CR) without a line feed was read as a line end: check the text around it",
            )
        text = text.replace("\r", "\n")
    if "\x00" in text:
        nul = text.find("\x00")
        problems.warn(
            path, text.count("\n", 0, nul) + 1, f"removed {text.count(chr(0))} NUL characters: the file looks damaged"
        )
        text = text.replace("\x00", "")
    return text
