"""Cover art: what Apple Podcasts and the other directories accept, checked with Pillow.

Square, JPEG or PNG, RGB colours, from 1400 x 1400 to 3000 x 3000 pixels. A cover
that breaks these rules is refused by the directories or shown blurred, so the
build stops with a message naming the file and what to change.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from PIL import Image, UnidentifiedImageError

from .errors import ContentError

MIN_SIZE = 1400
MAX_SIZE = 3000
FORMATS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",)}
COLOUR_MODES = {"RGB", "RGBA", "P", "L", "LA"}  # not CMYK: Apple refuses it
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
#: Suffixes of image formats podcast directories refuse for artwork.
OTHER_IMAGE_SUFFIXES = (".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif", ".ico", ".jxl")


def remote_image_problem(url: str) -> str | None:
    """Why the image at an http(s) `url` is not JPEG or PNG, judged by what its path names.

    A query string is no part of the file's name (`cover.jpg?v=1` is a JPEG), and
    an address whose path names no format (a host's image service,
    `.../abc123?.jpg`) may well serve a JPEG: only a path that names another
    image format is refused. The importer asks the host when it may (`--fetch`).
    """
    parts = urlsplit(url)
    suffix = PurePosixPath(unquote(parts.path)).suffix.lower()
    if suffix in OTHER_IMAGE_SUFFIXES:
        return f"it names a {suffix} file; podcast apps accept JPEG or PNG artwork only"
    return None


def check_artwork(path: Path, name: str | None = None) -> tuple[int, int]:
    """Check the cover at `path` (messages say `name`, e.g. `docs/assets/cover.png`).

    Returns its size in pixels; raises `ContentError` listing every problem found.
    """
    name = name or str(path)
    if not path.is_file():
        raise ContentError(name, None, "cover art not found (extra.podcast.image must name a file inside docs/)")
    try:
        with Image.open(path) as image:
            image_format, (width, height), mode = image.format, image.size, image.mode
    except (UnidentifiedImageError, OSError) as exc:
        raise ContentError(
            name, None, f"cover art is not a readable image ({exc.__class__.__name__}): save it as a JPEG or PNG"
        ) from None

    problems: list[str] = []
    if image_format not in FORMATS:
        problems.append(f"it is {image_format or 'an unknown format'}, not JPEG or PNG")
    elif path.suffix.lower() not in FORMATS[image_format]:
        problems.append(
            f"it is a {image_format} file named {path.suffix or 'without a suffix'} (use {' or '.join(FORMATS[image_format])})"
        )
    if width != height:
        problems.append(f"it is {width} x {height} px, not square")
    if max(width, height) > MAX_SIZE or min(width, height) < MIN_SIZE:
        problems.append(f"it is {width} x {height} px; use {MIN_SIZE} to {MAX_SIZE} px on each side")
    if mode not in COLOUR_MODES:
        problems.append(f"its colours are {mode}; save it as RGB")
    if problems:
        raise ContentError(
            name,
            None,
            "cover art is not accepted by podcast directories: "
            + "; ".join(problems)
            + f" (a square {MIN_SIZE}-{MAX_SIZE} px JPEG or PNG is needed)",
        )
    return width, height
