"""Turn the bytes of a transcript file into text with `\\n` line ends.

Transcripts come from many tools (recording apps, caption editors, Windows
notepads), so decoding is lenient but never quiet: a UTF-8 byte order mark is
dropped, a file with a UTF-16 byte order mark is read as UTF-16 with a warning, CRLF and lone CR become LF, bytes that are not UTF-8 are read as
cp1252 (latin-1 when cp1252 cannot decode them either) with a warning naming the
first bad line, and NUL bytes are removed with a warning naming the lines.

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
    """Decode transcript bytes to text with LF line ends; warn about repairs."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.warn(path, 1, "file is UTF-16; read it as such: save the file as UTF-8")
        text = data.decode("utf-16", errors="replace")
        return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
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
