"""Links in imported show notes: relative links of the old site made absolute, bare domains
given `https://`, each change reported with its `file:line`."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import lxml.html

from .planned import ImportPlan
from .text import render

# A bare domain (`caniuse.com`, `docs.python.org/3/`); a file name (`notes.html`) is not one.
_FILE_SUFFIXES = (
    "html?|php|aspx?|jsp|md|markdown|txt|pdf|json|xml|rss|jpe?g|png|gif|webp|svg|mp3|m4a|mp4|ogg|opus|vtt|srt|zip"
)
_DOMAIN = re.compile(
    rf"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?!(?:{_FILE_SUFFIXES})(?:[/?#]|$))[a-z]{{2,}}(?:[/?#]|$)", re.I
)


_RELATIVE_LINK = re.compile(r"\]\(\s*<?(?![a-z][a-z0-9+.-]*:|#|//)", re.I)


class SourceLines:
    """Line numbers of text in source files, each file read and split once per import."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str]] = {}

    def find(self, source: str, target: str, fallback: str) -> int | None:
        if source not in self._lines:
            path = Path(source)
            text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else fallback
            self._lines[source] = text.split("\n")
        lines = self._lines[source]
        for needle in (f"]({target}", target):
            for number, line in enumerate(lines, 1):
                if needle in line:
                    return number
        return None


def fix_links(
    body: str, base: str | None, pages: set[str], source: str, plan: ImportPlan, lines: SourceLines | None = None
) -> str:
    """Make the notes' links work on the new site.

    A relative link to another episode page of the site stays. A bare domain
    (`caniuse.com`, `matplotlib.org/stable`) gets `https://`. Any other relative
    link pointed into the old site: it becomes absolute against the old page's
    address (`base`); without one it is reported. Links are found in the
    rendered Markdown, so code blocks and escaped brackets are left alone.
    """
    if not _RELATIVE_LINK.search(body):
        return body  # no `](target)` that is not absolute: nothing to render and check
    root = lxml.html.fragment_fromstring(render(body), create_parent="div")
    targets = {el.get("href") for el in root.iter("a")} | {el.get("src") for el in root.iter("img")}
    relative = sorted(
        t
        for t in targets
        if t
        and not re.match(r"^[a-z][a-z0-9+.-]*:", t, re.I)
        and not t.startswith(("#", "//"))
        and t.split("#", 1)[0].split("?", 1)[0] not in pages
    )
    if not relative:
        return body
    lines = lines or SourceLines()
    for target in relative:
        line = lines.find(source, target, body)
        if _DOMAIN.match(target):
            new = "https://" + target
        elif base:
            new = urljoin(base, target)
        else:
            plan.problems.warn(
                source, line, f"link `{target}` points at a file of the old site; make it an absolute https:// link"
            )
            continue
        body = re.sub(rf"\]\({re.escape(target)}(?=[)\s])", f"]({new}", body)
        plan.links_fixed.append(f"{source}{':' + str(line) if line else ''}: `{target}` written as `{new}`")
    return body
