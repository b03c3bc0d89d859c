"""Audio files in `docs/`: their byte length and duration, read with mutagen."""

from __future__ import annotations

import mimetypes
from pathlib import Path

import mutagen

AUDIO_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/x-m4a",
    ".mp4": "audio/mp4",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".flac": "audio/flac",
    ".wav": "audio/wav",
}


def type_for(url: str) -> str | None:
    """The media type a podcast app expects for this file name (`audio/mpeg` for .mp3)."""
    suffix = Path(url.split("?", 1)[0]).suffix.lower()
    return AUDIO_TYPES.get(suffix) or mimetypes.guess_type(url)[0]


def probe(path: Path) -> tuple[int, float | None]:
    """Byte length and duration in seconds (None when mutagen cannot read it)."""
    length = path.stat().st_size
    try:
        info = mutagen.File(path)
    except mutagen.MutagenError:
        return length, None
    if info is None or getattr(info, "info", None) is None:
        return length, None
    duration = getattr(info.info, "length", None)
    return length, float(duration) if duration else None
