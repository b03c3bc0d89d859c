"""Times: parsing `HH:MM:SS`, `MM:SS`, `HH:MM:SS.mmm` and seconds; formatting; anchors.

The anchor scheme of the site: every transcript line carries `id="t=HH:MM:SS"`
(the first line that starts in that second; later lines in the same second get
`t=HH:MM:SS-2`, `-3`, ...), so `/episodes/<stem>/#t=00:26:01` lands on the line.
The player script also accepts `#t=1561` (seconds, as in Media Fragments).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re

from .errors import shown

_SECONDS = re.compile(r"\d+(?:\.\d+)?")
_CLOCK = re.compile(r"^(?:(?P<h>\d{1,3}):)?(?P<m>\d{1,2}):(?P<s>\d{2})(?:[.,](?P<frac>\d{1,3}))?$")


#: The latest time any time field may hold: 999:59:59.999, the most a clock time can write.
MAX_SECONDS = 999 * 3600 + 59 * 60 + 59.999


class TimeError(ValueError):
    """A time string that is not a valid clock time."""


def parse_time(text: str | int | float) -> float:
    """Parse `HH:MM:SS[.mmm]`, `MM:SS[.mmm]` or a number of seconds into seconds.

    Minutes and seconds must be below 60 when an hour part is present, and seconds
    always below 60 (`00:61:00`, `99:99` and `1:2:3` are refused).
    """
    if isinstance(text, bool) or not isinstance(text, (int, float, str)):
        raise TimeError(f"{shown(text)} is not a time (use HH:MM:SS or seconds)")
    if isinstance(text, (int, float)):
        if isinstance(text, float) and not math.isfinite(text):
            raise TimeError(f"{shown(text)} is not a finite number of seconds (use HH:MM:SS or seconds)")
        if text < 0:
            raise TimeError(f"{shown(text)} is negative (use HH:MM:SS or seconds)")
        return _bounded(float(text) if text <= MAX_SECONDS else MAX_SECONDS + 1, text)
    value = text.strip()
    if _SECONDS.fullmatch(value):
        return _bounded(float(value) if len(value) < 30 else MAX_SECONDS + 1, text)
    match = _CLOCK.match(value)
    if not match:
        raise TimeError(f"{shown(text)} is not a time (use HH:MM:SS or MM:SS)")
    h, m, s, frac = match.groups()
    minutes = int(m)
    seconds = int(s)
    if seconds >= 60 or (h is not None and minutes >= 60):
        raise TimeError(f"{shown(text)} is not a time: minutes and seconds go up to 59")
    millis = int(frac.ljust(3, "0")) if frac else 0
    return (int(h) * 3600 if h else 0) + minutes * 60 + seconds + millis / 1000


def _bounded(seconds: float, written: object) -> float:
    if seconds > MAX_SECONDS:
        raise TimeError(f"{shown(written)} is after 999:59:59, the latest time a transcript or chapter can have")
    return seconds


def format_clock(seconds: float) -> str:
    """`HH:MM:SS`, whole seconds rounded down (used for anchors and the feed)."""
    total = int(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def format_seconds(seconds: float) -> str:
    """A start in seconds as a page's `data-t` gives it: to the millisecond, without
    trailing zeros (`65`, `65.5`, `65.125`), which every JavaScript `parseFloat` reads."""
    text = f"{seconds:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def anchor_says(seconds: float) -> bool:
    """Whether a line's `t=HH:MM:SS` id (`anchor`) already gives its start exactly: the
    start is that whole second as `format_seconds` writes it. A page then leaves the
    line's `data-t` out (about 6 KB of a long episode's page); its scripts read the id."""
    return data_t(seconds) is None


def data_t(seconds: float) -> str | None:
    """A start as a page's `data-t` gives it beside the line's id (`format_seconds`), or None
    where the id says it exactly (`anchor_says`) and the attribute is left out."""
    if isinstance(seconds, int) or (isinstance(seconds, float) and seconds.is_integer()):
        return None  # a whole second: the id's
    text = format_seconds(seconds)
    return None if text == str(int(seconds)) else text


def format_short(seconds: float) -> str:
    """`M:SS` under an hour, `H:MM:SS` above: what a listener reads next to a line."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_precise(seconds: float, sep: str = ".") -> str:
    """`HH:MM:SS.mmm` (WebVTT) or `HH:MM:SS,mmm` (SRT with `sep=","`)."""
    millis = int(round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{ms:03d}"


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration (`PT1H2M3S`) for schema.org."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    out = "PT"
    if hours:
        out += f"{hours}H"
    if minutes:
        out += f"{minutes}M"
    if secs or out == "PT":
        out += f"{secs}S"
    return out


def anchor(seconds: float) -> str:
    """The id of the first transcript line starting in this second: `t=HH:MM:SS`."""
    return "t=" + format_clock(seconds)


def build_time() -> dt.datetime:
    """The moment a build publishes as of: `SOURCE_DATE_EPOCH` when set (reproducible
    builds and tests), else the clock. It only decides which scheduled episodes are
    published (the build and `scripts/check.py` alike), and is never written to output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)
