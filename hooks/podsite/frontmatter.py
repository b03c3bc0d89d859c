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

from .cache import remembering
from .errors import ContentError, shown

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


#: Bounds on one YAML document, counted on the composed nodes before any value is built:
#: values after expanding aliases (an alias bomb of nine nested anchors is 10^9), and depth.
MAX_NODES = 1_000_000
MAX_DEPTH = 64
#: Characters no page or feed can carry: C0 controls other than tab and line ends (XML 1.0
#: has no way to write them), halves of surrogate pairs (from escapes like `"\\ud800"`,
#: they cannot be written as UTF-8) and the non-characters U+FFFE and U+FFFF.
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def bad_char_message(char: str) -> str:
    """What is wrong with a character `BAD_CHARS` found, and what to do."""
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return f"{code} is half of a surrogate pair (an escape such as \\ud800), not a character: write the character itself"
    if char in "\ufffe\uffff":
        return f"{code} is not a character: remove it"
    return f"control character {code} cannot be published (feeds and pages have no way to write it): remove it"


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _measure(root: yaml.Node, path: str, offset: int) -> None:
    """Refuse a document whose values, aliases expanded, are too many, too deep or circular.

    Sizes are counted once per node (aliases share nodes), in one pass without
    recursion, so a billion-value alias bomb is refused in microseconds, before
    anything builds, repeats or prints its value.
    """
    memo: dict[int, tuple[int, int]] = {}  # node -> (values when expanded, depth)
    active: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        nid = id(node)
        if finished:
            kids = [memo[id(k)] for k in _children(node)]
            size = 1 + sum(k[0] for k in kids)
            depth = 1 + max((k[1] for k in kids), default=0)
            line = node.start_mark.line + 1 + offset
            if depth > MAX_DEPTH:
                raise ContentError(
                    path, line, f"values are nested more than {MAX_DEPTH} levels deep here: flatten them"
                )
            if size > MAX_NODES:
                raise ContentError(
                    path,
                    line,
                    f"this value holds more than {MAX_NODES:,} values once its aliases (*name) are expanded: "
                    "write the values out instead of repeating anchors",
                )
            memo[nid] = (size, depth)
            active.discard(nid)
            continue
        if nid in memo:
            continue
        if nid in active:
            raise ContentError(
                path, node.start_mark.line + 1 + offset, "an alias (*name) refers to a value it is inside: remove it"
            )
        active.add(nid)
        stack.append((node, True))
        stack.extend((kid, False) for kid in _children(node) if id(kid) not in memo)


def _check_chars(node: yaml.ScalarNode, prefix: str, offset: int, path: str) -> None:
    bad = BAD_CHARS.search(node.value) if isinstance(node.value, str) else None
    if bad:
        where = f"{prefix}: " if prefix else ""
        raise ContentError(path, node.start_mark.line + 1 + offset, where + bad_char_message(bad.group()))


def _walk(
    node: yaml.Node,
    prefix: str,
    offset: int,
    lines: dict[str, int],
    path: str,
    seen: set[int] | None = None,
    depth: int = 1,
) -> None:
    """Record key lines; refuse characters no page can carry; make impossible dates (`2024-13-45`) plain text.

    PyYAML reads `2024-13-45` as a date and fails with a bare ValueError; as text it
    reaches the loader, which names the key and the fix. A node reached again
    through a YAML alias is walked once (aliases of aliases would take exponential
    time). Nesting deeper than `MAX_DEPTH` is refused here (through aliases, by `_measure`).
    """
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise ContentError(
            path,
            node.start_mark.line + 1 + offset,
            f"values are nested more than {MAX_DEPTH} levels deep here: flatten them",
        )
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                _check_chars(key_node, prefix, offset, path)
            else:
                _walk(key_node, prefix, offset, lines, path, seen, depth + 1)
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else shown(key_node.value)
            key_path = f"{prefix}.{key}" if prefix else key
            lines[key_path] = key_node.start_mark.line + 1 + offset
            _walk(value_node, key_path, offset, lines, path, seen, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_path = f"{prefix}.{index}" if prefix else str(index)
            lines[item_path] = item.start_mark.line + 1 + offset
            _walk(item, item_path, offset, lines, path, seen, depth + 1)
    elif isinstance(node, yaml.ScalarNode):
        _check_chars(node, prefix, offset, path)
        if node.tag == _TIMESTAMP:
            try:
                yaml.SafeLoader("").construct_yaml_timestamp(node)
            except ValueError:
                node.tag = _STR


#: libyaml's parser, when PyYAML was built with it: it composes front matter much faster
#: than the pure-Python one, with the same nodes and lines.
_C_LOADER: type | None = getattr(yaml, "CSafeLoader", None)


#: Nesting both parsers compose safely (libyaml's composer crashes the process at about 100,000).
_SAFE_NESTING = 1000
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_nesting(text: str, path: str, offset: int, loader_class: type[yaml.SafeLoader]) -> None:
    """Refuse nesting deeper than `MAX_DEPTH` before composing, when the text could hold it.

    A block value nests only by indenting further, a flow value only with `[` or `{`,
    so most texts are shallow by a glance at their widest line and brackets; the
    others are walked as parser events (no recursion), stopping at the first too deep.
    """
    if len(text) < _SAFE_NESTING:
        return
    widest = max((len(line) for line in text.split("\n")), default=0)
    if widest + text.count("[") + text.count("{") < _SAFE_NESTING:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_C_LOADER or loader_class):
            if isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    line = (event.start_mark.line if event.start_mark else 0) + 1 + offset
                    raise ContentError(
                        path, line, f"values are nested more than {MAX_DEPTH} levels deep here: flatten them"
                    )
            elif isinstance(event, _CLOSE):
                depth -= 1
    except yaml.YAMLError:
        return  # composing reports it, with PyYAML's wording


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
    _check_nesting(text, path, offset, loader_class)
    try:
        node = _compose(text, loader_class)
    except RecursionError:
        raise ContentError(
            path, offset + 1, f"values are nested more than {MAX_DEPTH} levels deep: flatten them"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + offset if mark is not None else offset + 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(path, line, f"invalid YAML: {problem} (check indentation and quoting)") from None
    if node is None:
        return YamlDoc(None, {}, offset + 1)
    lines: dict[str, int] = {}
    if "*" in text:  # only an alias (`*name`) repeats a value: a text without one is its own size
        _measure(node, path, offset)
    _walk(node, "", offset, lines, path)
    loader = loader_class("")
    try:
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + offset if mark is not None else offset + 1
        raise ContentError(path, line, f"invalid YAML value: {getattr(exc, 'problem', exc)}") from None
    except (ValueError, OverflowError) as exc:  # a value PyYAML recognises but cannot build
        raise ContentError(
            path, node.start_mark.line + 1 + offset, f"invalid YAML value: {shown(str(exc), 200)}"
        ) from None
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
    if remembering():  # only a next build in this process reads it (`mkdocs serve`)
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
