"""Front matter and YAML data files, with the line of every key.

MkDocs' own `meta.get_data` loses line numbers; producers need them in messages
(`docs/episodes/042.md:7: date: ...`), so episode files and the mentions registry
are read here with PyYAML's node API, which keeps a mark for every node.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import ContentError

_FENCE = re.compile(r"^---[ \t]*$")


@dataclass
class YamlDoc:
    """A YAML value plus the 1-based line of each key, by dotted path (`audio.length`, `chapters.2`)."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    first_line: int = 1

    def line(self, key: str) -> int:
        """Line of `key`, else of its nearest parent, else of the document start."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return self.first_line


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"


def _walk(node: yaml.Node, prefix: str, offset: int, lines: dict[str, int], seen: set[int] | None = None) -> None:
    """Record key lines; also make impossible dates (`2024-13-45`) plain text.

    PyYAML reads `2024-13-45` as a date and fails with a bare ValueError; as text it
    reaches the loader, which names the key and the fix. A node reached again
    through a YAML alias is walked once (aliases of aliases would take exponential time).
    """
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            path = f"{prefix}.{key}" if prefix else key
            lines[path] = key_node.start_mark.line + 1 + offset
            _walk(value_node, path, offset, lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}.{index}" if prefix else str(index)
            lines[path] = item.start_mark.line + 1 + offset
            _walk(item, path, offset, lines, seen)
    elif node.tag == _TIMESTAMP and isinstance(node, yaml.ScalarNode):
        try:
            yaml.SafeLoader("").construct_yaml_timestamp(node)
        except ValueError:
            node.tag = _STR


#: libyaml's parser, when PyYAML was built with it: composes front matter about 10x faster.
_C_LOADER: type | None = getattr(yaml, "CSafeLoader", None)


def _compose(text: str, loader_class: type[yaml.SafeLoader]) -> yaml.Node | None:
    if loader_class is yaml.SafeLoader and _C_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_C_LOADER)
        except yaml.YAMLError:
            pass  # the pure-Python parser below words the message (and its line) as always
    return yaml.compose(text, Loader=loader_class)


def load_yaml(text: str, path: str, offset: int = 0, loader_class: type[yaml.SafeLoader] = yaml.SafeLoader) -> YamlDoc:
    """Parse YAML text; `offset` is the number of file lines before `text` starts.

    `loader_class` may add constructors for application tags (mkdocs.yml has `!ENV`).
    """
    try:
        node = _compose(text, loader_class)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + offset if mark is not None else offset + 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(path, line, f"invalid YAML: {problem} (check indentation and quoting)") from None
    if node is None:
        return YamlDoc(None, {}, offset + 1)
    lines: dict[str, int] = {}
    _walk(node, "", offset, lines)
    loader = loader_class("")
    try:
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + offset if mark is not None else offset + 1
        raise ContentError(path, line, f"invalid YAML value: {getattr(exc, 'problem', exc)}") from None
    except (ValueError, OverflowError) as exc:  # a value PyYAML recognises but cannot build
        raise ContentError(path, node.start_mark.line + 1 + offset, f"invalid YAML value: {exc}") from None
    finally:
        loader.dispose()
    return YamlDoc(data, lines, node.start_mark.line + 1 + offset)


#: The last split of each path in this process (its text and the result, pickled): a
#: `mkdocs serve` rebuild parses the YAML of every episode again, and most are unchanged.
_SPLIT: dict[str, tuple[str, bytes]] = {}


def split_front_matter(text: str, path: str) -> tuple[YamlDoc, str, int]:
    """Split `---` fenced front matter from the body.

    Returns the parsed front matter, the body, and the 1-based line where the body
    starts. A file without front matter gives an empty mapping. Each call returns
    a fresh result (callers may change it); a text seen before is not parsed again.
    """
    kept = _SPLIT.get(path)
    if kept is not None and kept[0] == text:
        split: tuple[YamlDoc, str, int] = pickle.loads(kept[1])
        return split
    result = _split_front_matter(text, path)
    _SPLIT[path] = (text, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return result


def _split_front_matter(text: str, path: str) -> tuple[YamlDoc, str, int]:
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return YamlDoc({}, {}, 1), text, 1
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]) or lines[index].rstrip() == "...":
            doc = load_yaml("\n".join(lines[1:index]), path, offset=1)
            if doc.data is None:
                doc.data = {}
            if not isinstance(doc.data, dict):
                raise ContentError(path, 2, "front matter must be a mapping of `key: value` lines")
            return doc, "\n".join(lines[index + 1 :]), index + 2
    raise ContentError(path, 1, "front matter opened with `---` is never closed (add a `---` line after it)")
