"""Social cards: the 1200 x 630 PNG a link preview shows (og:image, twitter:image).

One card per episode (show art, show name, episode number and date, title) and one
for the show (the home page), drawn with Pillow in the DejaVu Sans fonts shipped in
`fonts/` (Bitstream Vera licence, `fonts/LICENSE.txt`): nothing is downloaded and
the system's fonts do not matter, so every machine draws the same card. A long
title wraps onto at most `TITLE_LINES` lines and the last one ends with an
ellipsis; a word wider than a line is cut between characters. Cards are kept by
their text and the art's content (`cache.kept_files`). A card of flat colours (the
usual cover: shapes and lettering, plus the anti-aliased text) is saved as a
palette PNG of its 256 most frequent colours: a third of the bytes, no visible
change (`compact`).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from PIL import Image, ImageDraw, ImageFont

from . import cache

WIDTH, HEIGHT = 1200, 630
MARGIN = 60
ART = HEIGHT - 2 * MARGIN  # the show art: a square filling the card's height inside the margins
GAP = 56
BACKGROUND = (27, 31, 46)
TEXT = (255, 255, 255)
MUTED = (190, 198, 220)
ACCENT = (255, 196, 87)
TITLE_SIZE, TITLE_LINES, TITLE_MIN = 60, 4, 44
KICKER_LINES = 2
FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"
ELLIPSIS = "…"
#: Card file name beside each episode page, and the show's card.
CARD_NAME = "card.png"
SHOW_CARD = "assets/podsite/card.png"
#: A card with at most this many distinct colours is flat art and text: its 256-colour
#: palette differs from it by well under one level on average (a drawn card has about
#: 3,000; a photograph has tens of thousands and keeps full colour).
FLAT_COLOURS = 8192
#: zlib level of the PNG: 4 writes a card in two thirds of the default 6's time and 5 % more
#: bytes (corpus cards: 2.8 against 4.1 ms, 29.4 against 28.1 KiB); `optimize` takes 20 ms.
COMPRESS_LEVEL = 4


@dataclass(frozen=True)
class CardText:
    """What a card says: the show's name, a line above the title (episode number, date), the title."""

    show: str
    kicker: str
    title: str


@functools.cache
def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _cut(text: str, face: ImageFont.FreeTypeFont, width: float, end: str = "") -> str:
    """The longest start of `text` that fits `width` with `end` after it; with an `end`
    (an ellipsis) it stops after a whole word when that keeps most of the line."""
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if face.getlength(text[:mid].rstrip() + end) <= width:
            low = mid
        else:
            high = mid - 1
    if end and low < len(text) and not text[low].isspace():
        space = text.rfind(" ", 0, low)
        if space > low * 0.6:
            low = space
    return text[:low].rstrip(" ,;:-–—") + end


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float, max_lines: int) -> list[str]:
    """`text` broken into lines no wider than `width`, at most `max_lines`; when it does
    not fit, the last line ends with an ellipsis. A word wider than a line is cut."""
    lines: list[str] = []
    words = text.split()
    current = ""
    for word in words:
        trial = f"{current} {word}" if current else word
        if face.getlength(trial) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = word
        while face.getlength(current) > width:  # a word longer than a line
            head = _cut(current, face, width)
            if not head:
                break
            lines.append(head)
            current = current[len(head) :]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[: max_lines - 1] + [_cut(last + " " + lines[max_lines], face, width, ELLIPSIS)]
    return lines


def _fit_line(text: str, face: ImageFont.FreeTypeFont, width: float) -> str:
    """`text` on one line, cut with an ellipsis when it is too wide."""
    return text if face.getlength(text) <= width else _cut(text, face, width, ELLIPSIS)


def _title_lines(title: str, width: float) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The title's font and lines: a smaller size before an ellipsis, when that makes it fit."""
    size = TITLE_SIZE
    while True:
        face = font(BOLD, size)
        lines = wrap(title, face, width, TITLE_LINES)
        if size <= TITLE_MIN or len(wrap(title, face, width, TITLE_LINES + 1)) <= TITLE_LINES:
            return face, lines
        size -= 8


def draw_card(text: CardText, art: Image.Image | None) -> bytes:
    """The card as PNG bytes (the same bytes for the same text and art)."""
    buf = io.BytesIO()
    compact(render_card(text, art)).save(buf, "PNG", compress_level=COMPRESS_LEVEL)
    return buf.getvalue()


def render_card(text: CardText, art: Image.Image | None) -> Image.Image:
    """The card in full colour, as drawn."""
    card = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    left = MARGIN
    if art is not None:
        card.paste(
            art.convert("RGB") if art.mode != "RGBA" else art, (MARGIN, MARGIN), art if art.mode == "RGBA" else None
        )
        left = MARGIN + ART + GAP
    width = WIDTH - MARGIN - left
    draw = ImageDraw.Draw(card)
    y = MARGIN + 8
    show_face = font(BOLD, 34)
    draw.text((left, y), _fit_line(text.show, show_face, width), font=show_face, fill=ACCENT)
    y += 58
    if text.kicker:
        kicker_face = font(REGULAR, 30)
        for line in wrap(text.kicker, kicker_face, width, KICKER_LINES):
            draw.text((left, y), line, font=kicker_face, fill=MUTED)
            y += 40
        y += 16
    draw.rectangle((left, y, left + 96, y + 6), fill=ACCENT)
    y += 34
    face, lines = _title_lines(text.title, width)
    step = round(face.size * 1.22)
    for line in lines:
        draw.text((left, y), line, font=face, fill=TEXT)
        y += step
    return card


def compact(card: Image.Image) -> Image.Image:
    """The card as a palette image of its 256 most frequent colours when it is flat colours
    and text, else unchanged (a palette would band a photograph). The flat colours (the
    background, the art's areas, the text) stay exact; an anti-aliased edge pixel takes
    the nearest of them, without dithering."""
    colours = card.getcolors(FLAT_COLOURS)  # (count, (r, g, b)): the card is RGB
    if colours is None:
        return card
    counted = sorted(((count, cast("tuple[int, int, int]", colour)) for count, colour in colours), reverse=True)
    kept = [channel for _, colour in counted[:256] for channel in colour]
    palette = Image.new("P", (1, 1))
    palette.putpalette(kept + kept[:3] * (256 - len(kept) // 3))
    return card.quantize(palette=palette, dither=Image.Dither.NONE)


def art_for_card(image: Image.Image) -> Image.Image:
    """The show art at the card's size: centred square crop, `ART` pixels a side."""
    side = min(image.size)
    left, top = (image.width - side) // 2, (image.height - side) // 2
    square = image.crop((left, top, left + side, top + side))
    mode = "RGBA" if "A" in square.getbands() or "transparency" in square.info else "RGB"
    return square.convert(mode).resize((ART, ART), Image.Resampling.LANCZOS)


def card_key(text: CardText, art_key: str) -> str:
    """What a card depends on: its text, its art's content, its size and how it is saved."""
    return cache.digest_of("card", text, art_key, WIDTH, HEIGHT, FLAT_COLOURS, COMPRESS_LEVEL)


def is_kept(cache_dir: Path, text: CardText, art_key: str) -> bool:
    """Whether the card is kept under `cache_dir` (the build links it without drawing)."""
    return cache.stamped_files(cache_dir / cache.code_version() / card_key(text, art_key)) is not None


def kept_path(cache_dir: Path, text: CardText, art_key: str) -> Path:
    """Where the card is kept under `cache_dir` once drawn (`card_file`)."""
    return cache_dir / cache.code_version() / card_key(text, art_key) / CARD_NAME


def card_file(
    cache_dir: Path | None, text: CardText, art_key: str, art: Callable[[], Image.Image | None]
) -> Path | bytes:
    """The card's kept file (or its bytes when the cache is off or cannot be written).

    `art_key` names the art's content ("" for none); `art()` gives it, asked only
    when the card must be drawn."""
    key = card_key(text, art_key)
    if cache_dir is not None:
        kept = cache.kept_files(cache_dir, key, lambda: {CARD_NAME: draw_card(text, art())})
        if kept is not None:
            return kept[CARD_NAME]
    return draw_card(text, art())
