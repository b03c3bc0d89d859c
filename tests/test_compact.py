"""Pages are written without their templates' indentation, and read the same."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from minisite import episode, make_site, run_mkdocs
from podsite.compact import compact_html

FRONT = "title: Eins\ndate: 2026-01-01\naudio:\n  url: https://example.org/1.mp3\n  length: 1000\nduration: 60"
PAGE = """<!doctype html>
<html>
  <head>
    <script>
      var t = `two
        lines`;
    </script>
    <style>
      p { color: red; }
    </style>
  </head>
  <body>
    <p>
      One <a href="#a">link</a>
      and <b>bold</b>.
    </p>


    <PRE>  kept
        as written</PRE>
    <pre><code>def f():
    return 1
</code></pre>
    <textarea>
  first
    second</textarea>
    <p>after</p>
  </body>
</html>
"""


def _text(html: str) -> str:
    """The text a browser shows, with whitespace collapsed as it collapses it."""
    return re.sub(r"\s+", " ", lxml.html.fromstring(html).text_content()).strip()


def test_indentation_and_blank_lines_go() -> None:
    out = compact_html(PAGE)
    outside = re.sub(r"(?is)<(pre|textarea|script|style)\b.*?</\1>", "X", out)
    assert not re.search(r"\n[ \t\n]", outside), outside
    assert len(out) < len(PAGE) - 50
    assert '\n<p>\nOne <a href="#a">link</a>\nand <b>bold</b>.\n</p>\n<PRE>' in out


def test_what_a_browser_shows_is_unchanged() -> None:
    out = compact_html(PAGE)
    assert _text(out) == _text(PAGE)
    for tag in ("pre", "textarea", "script", "style"):
        before = [el.text_content() for el in lxml.html.fromstring(PAGE).iter(tag)]
        after = [el.text_content() for el in lxml.html.fromstring(out).iter(tag)]
        assert after == before and before, tag


def test_an_unclosed_pre_is_kept_to_the_end() -> None:
    html = "<p>\n  a</p>\n  <pre>\n    code\n      more"
    assert compact_html(html) == "<p>\na</p>\n<pre>\n    code\n      more"


def test_a_built_page_keeps_its_code_blocks_and_loses_its_indentation(tmp_path: Path) -> None:
    notes = "Show notes.\n\n```\ndef f():\n    if x:\n        return 1\n```\n"
    make_site(tmp_path, {"episodes/001-eins.md": episode(FRONT, notes)})
    result = run_mkdocs(tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "episodes" / "001-eins" / "index.html").read_text(encoding="utf-8")
    code = lxml.html.fromstring(page).cssselect(".md-content pre code")[0].text_content()
    assert code == "def f():\n    if x:\n        return 1\n"
    outside = re.sub(r"(?is)<(pre|textarea|script|style)\b.*?</\1>", "X", page)
    assert not re.search(r"\n[ \t\n]", outside)
    assert page.count("\n") < 400
