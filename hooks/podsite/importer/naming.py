"""Episode titles and file names: the best title of those the sources offer (a generic one such
as `Python Bytes 179` loses), and a stem (`012-title-words`) that never depends on feed order."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter

from markdown.extensions.toc import slugify

from .planned import Draft

_GENERIC_WORDS = {"episode", "ep", "no", "show", "notes", "transcript", "the"}


def title_from_name(stem: str) -> str:
    """`001-intro-to-the-show` → `Intro to the show` (a title when nothing better exists)."""
    text = re.sub(r"^\s*(?:s\d+[ ._-]?e)?\d+", "", stem, flags=re.I)
    text = re.sub(r"[-_]+", " ", text).strip(" .")
    text = " ".join(text.split())
    return text[:1].upper() + text[1:] if text else ""


def clean_heading(heading: str) -> str:
    """`#469: Commands, out of the terminal!` → `Commands, out of the terminal!`."""
    text = re.sub(r"^\s*(?:episode|ep\.?)?\s*#?\d+\s*[:.\-–—|]\s+", "", heading, flags=re.I)
    text = re.sub(r"[*_]{2,}", "", text)
    return text.strip()


def _residual(title: str) -> str:
    """What a title says besides numbers and filler words (the show's name, for generic ones)."""
    words = re.findall(r"[a-z]+", title.lower())
    return " ".join(w for w in words if w not in _GENERIC_WORDS)


def _generic(title: str, number: int | None, common: set[str]) -> bool:
    """A title that only names the show and the number (`Python Bytes 179`)."""
    residual = _residual(title)
    if not residual or residual in common:
        return True
    says_number = number is not None and str(number) in re.findall(r"(?<![0-9])0*([0-9]+)", title)
    return bool(says_number and len(residual.split()) <= 3)


_TITLE_NUMBER = re.compile(r"^\s*(?:episode|ep\.?)?\s*#?0*([0-9]{1,9})\s*[:.\-–—|]?(?:\s+|$)", re.I)


def title_slug(title: str, number: int | None = None) -> str:
    """The words of a title as a file name (`at-most-60-characters`), or "" when it has no Latin letters.

    A slug of digits alone (`101` from a Japanese title) names nothing, so it is
    dropped; so is the number when the stem already starts with it.
    """
    if number is not None:
        # "#12: Title", "Episode 12 - Title": the number is already in the stem
        match = _TITLE_NUMBER.match(title)
        if match and int(match.group(1)) == number:
            title = title[match.end() :]
    full = slugify(title, "-").strip("-")
    slug = full[:60].rstrip("-")
    if "-" in slug and len(full) > 60 and full[60] != "-":
        slug = slug.rsplit("-", 1)[0]
    return slug if re.search(r"[a-z]", slug) else ""


def make_stem(
    number: int | None,
    season: int | None,
    title: str,
    width: int,
    kind: str = "episode",
    date: dt.datetime | None = None,
    guid: str | None = None,
) -> str:
    """`012-title-words` (several seasons: `s02e012-...`); unnumbered: `title-words`.

    A title without Latin letters gives no words: the stem is the number alone,
    else the date (`2024-05-01`), else a short hash of the guid (`episode-1a2b3c4d`),
    so the name never depends on the order of the feed. An unnumbered stem with
    words never starts with a digit (`2024-recap` becomes `bonus-2024-recap`).
    """
    slug = title_slug(title, number)
    if number is None:
        if slug:
            return f"{kind}-{slug}" if slug[0].isdigit() else slug
        if date is not None:
            return date.strftime("%Y-%m-%d")
        digest = hashlib.sha1((guid or title).encode("utf-8")).hexdigest()[:8]  # noqa: S324 (a name, not security)
        return f"{kind}-{digest}"
    prefix = f"{number:0{width}d}"
    if season is not None:
        prefix = f"s{season:02d}e{prefix}"
    return f"{prefix}-{slug}" if slug else prefix


def choose_titles(drafts: list[Draft]) -> None:
    """Each episode's title: the feed's, else the notes heading, else a file name, else `Episode N`."""
    for draft in drafts:
        cands: list[str] = []
        if draft.item is not None and draft.item.title.strip():
            cands.append(draft.item.title.strip())
        if draft.notes_text is not None:
            if draft.notes_text.title:
                cands.append(draft.notes_text.title.strip())
            if draft.notes_text.heading:
                cands.append(clean_heading(draft.notes_text.heading))
        if draft.transcript is not None:
            cands.append(title_from_name(draft.transcript.path.stem))
        if draft.notes is not None:
            cands.append(title_from_name(draft.notes.path.stem))
        draft.title_candidates = [c for c in cands if c]
    counts = Counter(
        residual
        for draft in drafts
        for residual in {_residual(c) for c in draft.title_candidates[1 if draft.item else 0 :]}
        if residual
    )
    common = {residual for residual, n in counts.items() if n >= 3}
    for draft in drafts:
        if draft.item is not None and draft.item.title.strip():
            draft.title_candidates = [draft.item.title.strip()]
            continue
        usable = [c for c in draft.title_candidates if not _generic(c, draft.number, common)]
        fallback = f"Episode {draft.number}" if draft.number is not None else "Untitled episode"
        draft.title_candidates = [usable[0] if usable else fallback]
