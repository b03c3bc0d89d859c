"""The site's `mkdocs.yml`: show settings added where absent, or a new file for a new site.

An existing `mkdocs.yml` is edited as text, never re-serialised, so its comments,
order and tags (`!ENV`, `!!python/name:`) stay as the producer wrote them: the
missing `extra.podcast` keys are inserted at the end of that block (or a new
block is appended), and the result is parsed again to check that it means
exactly the old settings plus the new keys. Keys already present are never
changed.

A site folder without `mkdocs.yml` gets one modelled on this project's own: the
same theme and Markdown extensions, with the installed `podsite` MkDocs plugin in
place of `hooks:` and `theme.custom_dir` (see `hooks/podsite_mkdocs/`), so the new
site builds with `mkdocs build` straight away and holds no path of this checkout:
it still builds after it is moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

#: `extra.podcast` keys in the order they are written.
PODCAST_ORDER = (
    "title",
    "description",
    "author",
    "owner",
    "image",
    "language",
    "categories",
    "explicit",
    "copyright",
    "type",
    "guid",
    "locked",
    "feed",
)


class Tagged:
    """A YAML value with an application tag (`!ENV [X]`, `!!python/name:x`), kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tagged) and (self.tag, self.value) == (other.tag, other.value)

    def __repr__(self) -> str:
        return f"Tagged({self.tag!r}, {self.value!r})"


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps unknown tags (MkDocs configs use a few) instead of failing."""


def _construct_tagged(loader: _Loader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    elif isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    else:
        raise yaml.constructor.ConstructorError(None, None, f"unexpected YAML node {node.tag}", node.start_mark)
    return Tagged(node.tag, value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes `Tagged` values back with their tag; lists indented."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_tagged(dumper: _Dumper, value: Tagged) -> yaml.Node:
    if isinstance(value.value, list):
        return dumper.represent_sequence(value.tag, value.value)
    if isinstance(value.value, dict):
        return dumper.represent_mapping(value.tag, value.value)
    return dumper.represent_scalar(value.tag, str(value.value))


_Dumper.add_representer(Tagged, _represent_tagged)


def load_config(text: str) -> Any:
    """Parse mkdocs.yml text (tags kept as `Tagged`)."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 (SafeLoader subclass)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


@dataclass
class ConfigEdit:
    """The result of filling `extra.podcast`: new text, the keys added, and why not if refused."""

    text: str
    added: list[str] = field(default_factory=list)
    problem: str | None = None


def _indent(block: str, spaces: int) -> str:
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in block.splitlines(keepends=True))


def _find(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _block_end(lines: list[str], mapping: yaml.MappingNode, size: int) -> int:
    """Index of the line after the last entry of a block mapping (before trailing blank lines)."""
    last = mapping.value[-1][1]
    end = last.end_mark
    # a block collection ends where the next token starts; a scalar on its own line
    block = isinstance(last, (yaml.MappingNode, yaml.SequenceNode)) and not last.flow_style
    if end.index >= size:
        index = len(lines)  # the file ends with this block
    else:
        index = end.line if block or end.column == 0 else end.line + 1
    index = min(index, len(lines))
    while index > 0 and (not lines[index - 1].strip() or lines[index - 1].lstrip().startswith("#")):
        if index - 1 <= mapping.value[-1][0].start_mark.line:
            break
        index -= 1
    return index


def fill_podcast_settings(text: str, values: dict[str, Any]) -> ConfigEdit:
    """Add the `extra.podcast` keys of `values` that `text` (mkdocs.yml) lacks."""
    try:
        root = yaml.compose(text, Loader=_Loader)
        before = load_config(text)
    except yaml.YAMLError as exc:
        return ConfigEdit(text, problem=f"mkdocs.yml is not valid YAML ({exc}); fix it and run the import again")
    if root is None:
        before, root = {}, None
    elif not isinstance(root, yaml.MappingNode) or root.flow_style:
        return ConfigEdit(text, problem="mkdocs.yml is not a block mapping of settings; add extra.podcast by hand")
    podcast_before = (
        ((before or {}).get("extra") or {}).get("podcast")
        if isinstance((before or {}).get("extra") or {}, dict)
        else None
    )
    existing = podcast_before if isinstance(podcast_before, dict) else {}
    missing = {key: values[key] for key in PODCAST_ORDER if key in values and key not in existing}
    missing.update({k: v for k, v in values.items() if k not in missing and k not in existing})
    if not missing:
        return ConfigEdit(text)
    block = dump(missing)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    found_extra = _find(root, "extra") if root is not None else None
    if found_extra is None:
        tail = [] if not lines or not lines[-1].strip() else ["\n"]
        lines += tail + ["extra:\n", "  podcast:\n", _indent(block, 4)]
    else:
        extra_node = found_extra[1]
        if isinstance(extra_node, yaml.ScalarNode) and extra_node.value in ("", "~", "null"):
            return ConfigEdit(
                text,
                problem="mkdocs.yml has an empty `extra:`; write `extra:` with `podcast:` settings under it, or remove the empty key",
            )
        if not isinstance(extra_node, yaml.MappingNode) or extra_node.flow_style:
            return ConfigEdit(text, problem="mkdocs.yml: `extra` is not a block mapping; add extra.podcast by hand")
        child = extra_node.value[0][0].start_mark.column if extra_node.value else 2
        found_podcast = _find(extra_node, "podcast")
        if found_podcast is None:
            at = _block_end(lines, extra_node, len(text))
            lines[at:at] = [" " * child + "podcast:\n", _indent(block, child + 2)]
        else:
            key_node, podcast_node = found_podcast
            if (
                isinstance(podcast_node, yaml.ScalarNode)
                and podcast_node.value == ""
                and podcast_node.tag.endswith("null")
            ):
                at = key_node.start_mark.line + 1
                lines[at:at] = [_indent(block, child + 2)]
            elif isinstance(podcast_node, yaml.MappingNode) and not podcast_node.flow_style and podcast_node.value:
                inner = podcast_node.value[0][0].start_mark.column
                at = _block_end(lines, podcast_node, len(text))
                lines[at:at] = [_indent(block, inner)]
            else:
                return ConfigEdit(
                    text, problem="mkdocs.yml: `extra.podcast` is not a block mapping; add the show settings by hand"
                )
    new_text = "".join(lines)
    expected = dict(before or {})
    extra = dict(expected.get("extra") or {})
    extra["podcast"] = {**existing, **missing}
    expected["extra"] = extra
    try:
        after = load_config(new_text)
    except yaml.YAMLError:
        after = None
    if after != expected:
        return ConfigEdit(
            text,
            problem="could not add the show settings to mkdocs.yml without changing other settings; add them by hand:\n"
            + _indent(block, 4),
        )
    return ConfigEdit(new_text, added=list(missing))


def new_site_config(project_dir: Path, site: dict[str, str], podcast: dict[str, Any]) -> str:
    """mkdocs.yml for a new site: this project's theme and extensions, the feed's show.

    This project's hooks and template overrides come in through the installed plugin
    `podsite` instead of paths, so the new site can live anywhere and be moved.
    """
    project = load_config((project_dir / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    config: dict[str, Any] = {}
    for key in ("site_name", "site_url", "site_description"):
        if site.get(key):
            config[key] = site[key]
    if podcast.get("copyright"):
        config["copyright"] = podcast["copyright"]
    for key, value in project.items():
        if key in (
            "site_name",
            "site_url",
            "site_description",
            "copyright",
            "extra",
            "repo_url",
            "repo_name",
            "edit_uri",
            "docs_dir",
            "site_dir",
        ):
            continue
        config[key] = value
    theme = config.get("theme")
    if isinstance(theme, dict) and "custom_dir" in theme:
        config["theme"] = {key: value for key, value in theme.items() if key != "custom_dir"}
    if "hooks" in config:
        del config["hooks"]
        plugins = config.get("plugins")
        config["plugins"] = [*(plugins if isinstance(plugins, list) else []), "podsite"]
    extra = {key: value for key, value in (project.get("extra") or {}).items() if key != "podcast"}
    extra["podcast"] = {key: podcast[key] for key in PODCAST_ORDER if key in podcast}
    config["extra"] = extra
    header = (
        "# Written by scripts/import_show.py for an imported show. Theme and extensions follow\n"
        "# the podcast site project; its build steps come from the installed `podsite` plugin.\n"
    )
    return header + dump(config)


def new_site_index(site: dict[str, str]) -> str:
    """docs/index.md for a new site: the show's name and description (the home page text)."""
    title = site.get("site_name", "Podcast")
    text = f"# {title}\n"
    if site.get("site_description"):
        text += f"\n{site['site_description']}\n"
    return text
