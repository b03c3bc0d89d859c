"""Artwork on the site: the cover and episode art at the sizes pages show, made with Pillow.

A 3,000 px cover is right for podcast directories and far too heavy for a list of
episodes: each picture is published as renditions a few hundred pixels wide
(`WIDTHS`, never wider than the source), kept by the source's content (see
`cache.kept_files`) under a folder named by that key, so a warm build opens no
image and a changed image gets a new address. Only files inside `docs/` are
read; an image on another host is never fetched (such an episode shows the cover).
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from . import cache

#: Widths of the renditions, in pixels: 300 for lists (96 CSS px at up to 3x), 600 for a page.
WIDTHS = (300, 600)
#: Where renditions are published in the site: `<FOLDER>/<key>/<width>x<height>.<ext>`.
FOLDER = "assets/podsite/art"
JPEG_QUALITY = 85


class ImageProblem(Exception):
    """An image inside docs/ that Pillow cannot read."""


@dataclass(frozen=True)
class Rendition:
    """One published size of a picture: its site path (below the site root) and pixel size."""

    uri: str
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """A picture at every published size, smallest first, with its text alternative."""

    renditions: tuple[Rendition, ...]
    alt: str

    @property
    def small(self) -> Rendition:
        return self.renditions[0]

    @property
    def large(self) -> Rendition:
        return self.renditions[-1]


def is_local(path: str | None) -> bool:
    """True for a path inside docs/ (not an http(s) address, which is never fetched)."""
    return bool(path) and "://" not in str(path)


#: Content hash of a file by (path, size, mtime, inode): a serve rebuild does not read an unchanged image again.
_DIGESTS: dict[tuple[str, int, int, int], str] = {}


def file_digest(path: Path) -> str:
    """A hash of the file's bytes (remembered while its size, time and inode stay the same)."""
    st = os.stat(path)
    mark = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    digest = _DIGESTS.get(mark)
    if digest is None:
        digest = _DIGESTS[mark] = hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
    return digest


def open_image(path: Path) -> Image.Image:
    """The image at `path`, upright (EXIF orientation applied) and fully loaded."""
    try:
        with Image.open(path) as image:
            upright = ImageOps.exif_transpose(image)
            upright.load()
            return upright
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ImageProblem(f"is not a readable image ({exc.__class__.__name__}): save it as a JPEG or PNG") from None


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def renditions(path: Path, widths: tuple[int, ...] = WIDTHS) -> dict[str, bytes]:
    """File name (`300x300.jpg`) -> bytes of each rendition of the image at `path`.

    No rendition is wider than the source. An image with transparency stays a PNG,
    any other becomes a JPEG; the bytes depend only on the source's pixels (Pillow
    writes no time or tool name), so two builds give the same files.
    """
    image = open_image(path)
    alpha = _has_alpha(image)
    image = image.convert("RGBA" if alpha else "RGB")
    out: dict[str, bytes] = {}
    for width in sorted({min(w, image.width) for w in widths}):
        height = max(1, round(image.height * width / image.width))
        small = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        if alpha:
            small.save(buf, "PNG", optimize=True)
            out[f"{width}x{height}.png"] = buf.getvalue()
        else:
            small.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
            out[f"{width}x{height}.jpg"] = buf.getvalue()
    return out


def _size_of(name: str) -> tuple[int, int]:
    width, _, height = name.partition(".")[0].partition("x")
    return int(width), int(height)


def picture(path: Path, alt: str, cache_dir: Path | None) -> tuple[Picture, dict[str, Path | bytes]]:
    """The picture of the image file `path`, and what to publish: site path -> kept file (or bytes
    when the cache is off or cannot be written). Raises `ImageProblem` for an unreadable image."""
    key = cache.digest_of("renditions", file_digest(path), WIDTHS, JPEG_QUALITY)
    files: dict[str, Path | bytes]
    kept = cache.kept_files(cache_dir, key, lambda: renditions(path)) if cache_dir is not None else None
    if kept is not None:
        files = dict(kept)
    else:
        files = dict(renditions(path))
    folder = f"{FOLDER}/{key[:20]}"
    shown = tuple(
        Rendition(f"{folder}/{name}", *_size_of(name)) for name in sorted(files, key=lambda n: _size_of(n)[0])
    )
    return Picture(shown, alt), {f"{folder}/{name}": content for name, content in files.items()}
