"""Front matter: libyaml's parser (used when PyYAML has it) gives the values and line
numbers of PyYAML's own parser, which words the messages of invalid YAML."""

from __future__ import annotations

import pytest
import yaml
from podsite import frontmatter
from sitebuild import ROOT

TRICKY = """\
title: "Quotes: and a colon"
date: 2026-01-01
description: >
  Folded text
  over two lines.
hosts:
  - Ada Brook
  - &tomas Tomas Reyes
guests: [*tomas]
chapters:
  - "00:00:00 Start"
  - "00:01:05 Next"
mentions:
  Quart: [court]
when: 2026-13-45
empty:
"""


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[frontmatter.YamlDoc, frontmatter.YamlDoc]:
    fast = frontmatter.load_yaml(text, "x.md", offset=1)
    monkeypatch.setattr(frontmatter, "_C_LOADER", None)
    slow = frontmatter.load_yaml(text, "x.md", offset=1)
    return fast, slow


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML was built without libyaml")
@pytest.mark.parametrize("name", ["tricky", *sorted(p.name for p in (ROOT / "docs" / "episodes").glob("*.md"))])
def test_libyaml_and_pyyaml_read_the_same_values_and_lines(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if name == "tricky":
        text = TRICKY
    else:
        text = (ROOT / "docs" / "episodes" / name).read_text(encoding="utf-8").split("\n---\n", 1)[0][4:]
    fast, slow = _both(text, monkeypatch)
    assert fast.data == slow.data
    assert fast.lines == slow.lines
    assert fast.first_line == slow.first_line
    if name == "tricky":
        assert fast.lines["chapters.1"] == 13 and fast.data["when"] == "2026-13-45"


def test_invalid_yaml_is_worded_by_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "title: x\nhosts: [Ada, Bo\n"
    with pytest.raises(frontmatter.ContentError) as fast:
        frontmatter.load_yaml(text, "x.md", offset=1)
    monkeypatch.setattr(frontmatter, "_C_LOADER", None)
    with pytest.raises(frontmatter.ContentError) as slow:
        frontmatter.load_yaml(text, "x.md", offset=1)
    assert str(fast.value) == str(slow.value)
    assert "x.md:3:" in str(fast.value) or "x.md:4:" in str(fast.value)
