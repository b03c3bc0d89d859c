"""Pages without the indentation their templates give them.

Material's templates and this project's indent every line and leave a blank line for
each template tag: about a tenth of a page, repeated on every page. `compact_html` takes
each line break with the spaces and blank lines after it down to one line break, which
a browser shows the same (whitespace between elements collapses to one space), except
inside the elements whose whitespace is content (`pre`, `textarea`) or code (`script`,
`style`), which are kept as they are.
"""

from __future__ import annotations

import re

#: A line break and the whitespace after it.
_BREAK = re.compile(r"\n[ \t\r\n]+")
#: Where an element starts whose text must stay as written (HTML's tag names are case-insensitive).
_RAW = re.compile(r"<((?i:pre|textarea|script|style))\b")
#: The end tag of each of them.
_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("pre", "textarea", "script", "style")}


def compact_html(html: str) -> str:
    """`html` with each line break and the whitespace after it made one line break, outside
    `pre`, `textarea`, `script` and `style` (kept to their end tag, or to the end of the page)."""
    out: list[str] = []
    pos = 0
    for match in _RAW.finditer(html):
        if match.start() < pos:
            continue  # inside a kept element (a `<script` in a `<pre>`, say)
        end_tag = _END[match[1].lower()].search(html, match.end())
        end = end_tag.end() if end_tag else len(html)
        out.append(_BREAK.sub("\n", html[pos : match.start()]))
        out.append(html[match.start() : end])
        pos = end
    out.append(_BREAK.sub("\n", html[pos:]))
    return "".join(out)
