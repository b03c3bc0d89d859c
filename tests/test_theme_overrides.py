"""Material templates this project copies stay in step with the installed Material.

`overrides/partials/header.html` is Material's `partials/header.html` with one block
changed (the search button opens the Pagefind dialog). When Material's header changes
in an upgrade, this test fails and shows the difference, so the copy is refreshed
instead of quietly dropping what the new header does.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import material
import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALLED = Path(material.__file__).resolve().parent / "templates" / "partials" / "header.html"
OURS = ROOT / "overrides" / "partials" / "header.html"
#: Material's search button: shown only with its own search plugin, which this site keeps off.
MATERIAL_SEARCH = re.compile(
    r'(?s)\n *\{% if "material/search" in config\.plugins %\}\n.*?\n *\{% endif %\}\n *\{% endif %\}\n'
)
#: Ours: the button that opens partials/search.html (which player.js puts after it).
OUR_SEARCH = re.compile(r"(?s)\n *\{#- podsite: Pagefind search.*?</button>\n")
LEADING_COMMENT = re.compile(r"(?s)\A\{#-.*?-#\}\n")


def test_the_header_is_materials_with_only_the_search_button_changed() -> None:
    installed = INSTALLED.read_text(encoding="utf-8")
    ours = OURS.read_text(encoding="utf-8")
    material_block = MATERIAL_SEARCH.findall(installed)
    our_block = OUR_SEARCH.findall(ours)
    assert len(our_block) == 1, "overrides/partials/header.html no longer has its search button block"
    if len(material_block) != 1:
        pytest.fail(f"Material's {INSTALLED.name} has no single search block any more: port the override by hand")
    expected = LEADING_COMMENT.sub("", MATERIAL_SEARCH.sub(lambda _: our_block[0], installed), count=1)
    actual = LEADING_COMMENT.sub("", ours, count=1)
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), "installed Material + our change", "ours"
            )
        )
        pytest.fail(f"overrides/partials/header.html drifted from {INSTALLED}; refresh it from there:\n{diff}")


def test_the_check_notices_a_drift(tmp_path: Path) -> None:
    """The comparison above fails when Material's header gains a line."""
    installed = INSTALLED.read_text(encoding="utf-8")
    changed = installed.replace("</header>", "  <div>new in Material</div>\n</header>")
    assert changed != installed
    ours = OURS.read_text(encoding="utf-8")
    our_block = OUR_SEARCH.findall(ours)[0]
    expected = LEADING_COMMENT.sub("", MATERIAL_SEARCH.sub(lambda _: our_block, changed), count=1)
    assert LEADING_COMMENT.sub("", ours, count=1) != expected
