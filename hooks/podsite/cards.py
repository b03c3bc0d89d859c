"""Social cards: the 1200 x 630 PNG a link preview shows (og:image, twitter:image).

One card per episode (show art, show name, episode number and date, title) and one
for the show (the home page), drawn with Pillow in the DejaVu Sans fonts shipped in
`fonts/` (Bitstream Vera licence, `fonts/LICENSE.txt`): nothing is downloaded and
the system's fonts do not matter, so every machine draws the same card. A long
title wraps onto at most `TITLE_LINES` lines and the last one ends with an
ellipsis; a word wider than a line is cut between characters. Cards are kept by
their text and the art's content (`cache.kept_files`).

A card over flat art (the usual cover: shapes and lettering) is saved as a palette
PNG: a third of the bytes, no visible change. Its palette is made once per art
(`_Base`): the most frequent colours of the background and the art, and for each text
colour `TEXT_LEVELS` steps from the background to it. Each card then draws its text
as coverage masks and sets the palette index of each inked pixel by its coverage, so
the art is neither pasted nor matched to a palette again for every card (4.4 against
8.7 ms a card). A card over a photograph stays full colour (`render_card`).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from PIL import Image, ImageChops, ImageDraw, ImageFont

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
Colour = tuple[int, int, int]
#: The text's colours, each drawn anti-aliased over the background.
INKS = (ACCENT, MUTED, TEXT)
#: Steps from the background to each text colour in a flat card's palette (the coverage of
#: an anti-aliased pixel is rounded to the nearest; 32 steps: 4 levels at most, on edges only).
TEXT_LEVELS = 32
#: Card file name beside each episode page, and the show's card.
CARD_NAME = "card.png"
SHOW_CARD = "assets/podsite/card.png"
#: Art with at most this many distinct colours (with the background) is flat: a palette of its
#: most frequent differs from it by under one level on average (the drawn sample cover has
#: about 2,300; a photograph has tens of thousands, and its cards keep full colour).
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
    return _at_most(_lines(text, face, width), face, width, max_lines)


def _lines(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """`text` broken into lines no wider than `width`, as many as it takes."""
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
    return lines


def _at_most(lines: list[str], face: ImageFont.FreeTypeFont, width: float, max_lines: int) -> list[str]:
    """The first `max_lines` of `lines`, the last ending with an ellipsis when some are left out."""
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
        lines = _lines(title, face, width)
        if size <= TITLE_MIN or len(lines) <= TITLE_LINES:
            return face, _at_most(lines, face, width, TITLE_LINES)
        size -= 8


def draw_card(text: CardText, art: Image.Image | None) -> bytes:
    """The card as PNG bytes (the same bytes for the same text and art)."""
    base = _base(art)
    card = render_card(text, art) if base.ramps is None else base.card(text)
    buf = io.BytesIO()
    card.save(buf, "PNG", compress_level=COMPRESS_LEVEL)
    return buf.getvalue()


def _text_left(art: Image.Image | None) -> int:
    return MARGIN + ART + GAP if art is not None else MARGIN


def _background(art: Image.Image | None) -> Image.Image:
    """The card without its text: the background and the art."""
    card = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    if art is not None:
        card.paste(
            art.convert("RGB") if art.mode != "RGBA" else art, (MARGIN, MARGIN), art if art.mode == "RGBA" else None
        )
    return card


def _draw_text(
    text: CardText,
    left: int,
    draw: Callable[[Colour], ImageDraw.ImageDraw],
    ink: Callable[[Colour], Colour | int],
    width: int,
) -> None:
    """Lay out a card's text in `width` from `left` and draw it: `draw(colour)` is what
    draws that colour, `ink(colour)` its fill there."""
    y = MARGIN + 8
    show_face = font(BOLD, 34)
    draw(ACCENT).text((left, y), _fit_line(text.show, show_face, width), font=show_face, fill=ink(ACCENT))
    y += 58
    if text.kicker:
        kicker_face = font(REGULAR, 30)
        for line in wrap(text.kicker, kicker_face, width, KICKER_LINES):
            draw(MUTED).text((left, y), line, font=kicker_face, fill=ink(MUTED))
            y += 40
        y += 16
    draw(ACCENT).rectangle((left, y, left + 96, y + 6), fill=ink(ACCENT))
    y += 34
    face, lines = _title_lines(text.title, width)
    step = round(face.size * 1.22)
    for line in lines:
        draw(TEXT).text((left, y), line, font=face, fill=ink(TEXT))
        y += step


def render_card(text: CardText, art: Image.Image | None) -> Image.Image:
    """The card in full colour, as drawn."""
    card = _background(art)
    draw = ImageDraw.Draw(card)
    left = _text_left(art)
    _draw_text(text, left, lambda colour: draw, lambda colour: colour, WIDTH - MARGIN - left)
    return card


class _Base:
    """What every card over one art shares: the card without text, and for flat art its palette.

    `ramps` gives, per text colour, the palette index for each coverage 0-255 of an
    anti-aliased pixel (None: the art is a photograph and cards stay full colour). The
    background is index 0, so a text colour's indices (0 where it has no ink) are the
    palette indices of the text's area, which holds nothing else."""

    def __init__(self, art: Image.Image | None) -> None:
        self.left = _text_left(art)
        background = _background(art)
        colours = background.getcolors(FLAT_COLOURS)  # (count, (r, g, b)): the card is RGB
        self.ramps: dict[Colour, list[int]] | None = None
        if colours is None:
            return
        counted = sorted(((count, cast("Colour", colour)) for count, colour in colours), reverse=True)
        shared = [BACKGROUND] + [colour for _, colour in counted if colour != BACKGROUND]
        palette = shared[: 256 - len(INKS) * (TEXT_LEVELS - 1)]
        self.ramps = {}
        for colour in INKS:
            steps = [0]
            for level in range(1, TEXT_LEVELS):
                steps.append(len(palette))
                palette.append(_blend(colour, level / (TEXT_LEVELS - 1)))
            # each coverage takes the nearest step
            self.ramps[colour] = [steps[round(cover * (TEXT_LEVELS - 1) / 255)] for cover in range(256)]
        self.palette = [channel for colour in palette for channel in colour]
        self.palette += self.palette[:3] * (256 - len(palette))
        matcher = Image.new("P", (1, 1))
        matcher.putpalette(self.palette)
        self.indices = background.quantize(palette=matcher, dither=Image.Dither.NONE)

    def card(self, text: CardText) -> Image.Image:
        """The card over this art with `text`, as a palette image."""
        assert self.ramps is not None
        size = (WIDTH - self.left, HEIGHT)  # the text's area
        masks: dict[Colour, Image.Image] = {}
        draws: dict[Colour, ImageDraw.ImageDraw] = {}

        def draw(colour: Colour) -> ImageDraw.ImageDraw:
            if colour not in draws:
                masks[colour] = Image.new("L", size)
                draws[colour] = ImageDraw.Draw(masks[colour])
            return draws[colour]

        _draw_text(text, 0, draw, lambda colour: 255, WIDTH - MARGIN - self.left)
        area: Image.Image | None = None
        for colour, mask in masks.items():
            inked = mask.point(self.ramps[colour])
            area = inked if area is None else ImageChops.lighter(area, inked)
        card = self.indices.copy()
        if area is not None:
            card.paste(Image.frombytes("P", size, area.tobytes()), (self.left, 0))  # its values are indices
        return card


def _blend(colour: Colour, cover: float) -> Colour:
    """`colour` over the background at `cover` (0-1), as anti-aliased text is drawn."""
    return cast("Colour", tuple(round(b + (c - b) * cover) for b, c in zip(BACKGROUND, colour, strict=True)))


#: The bases of the arts seen lately, by the art's identity (an image is not hashable; the art
#: is held, so its identity is not given to another image meanwhile).
_BASES: dict[int, tuple[Image.Image | None, _Base]] = {}


def _base(art: Image.Image | None) -> _Base:
    known = _BASES.get(id(art))
    if known is not None and known[0] is art:
        return known[1]
    if len(_BASES) >= 8:
        _BASES.clear()
    base = _Base(art)
    _BASES[id(art)] = (art, base)
    return base


def art_for_card(image: Image.Image) -> Image.Image:
    """The show art at the card's size: centred square crop, `ART` pixels a side."""
    side = min(image.size)
    left, top = (image.width - side) // 2, (image.height - side) // 2
    square = image.crop((left, top, left + side, top + side))
    mode = "RGBA" if "A" in square.getbands() or "transparency" in square.info else "RGB"
    return square.convert(mode).resize((ART, ART), Image.Resampling.LANCZOS)


def card_key(text: CardText, art_key: str) -> str:
    """What a card depends on: its text, its art's content, its size and how it is saved."""
    return cache.digest_of("card", text, art_key, WIDTH, HEIGHT, FLAT_COLOURS, TEXT_LEVELS, COMPRESS_LEVEL)


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
