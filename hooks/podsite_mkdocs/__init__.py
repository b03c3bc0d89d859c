"""podsite as one MkDocs plugin (`plugins: [podsite]`), for sites outside this project.

This project's own `mkdocs.yml` lists its hook modules (`hooks:`) and its template
overrides (`theme.custom_dir`) by path. A site elsewhere, such as one made by
`scripts/import_show.py`, names the installed plugin instead, so it holds no path
of this checkout and builds wherever it is moved. The plugin loads the hook modules
that `hooks:` of this project's `mkdocs.yml` lists, runs every MkDocs event through
them exactly as MkDocs runs hooks (by event priority, then list order; see
`PluginCollection.run_event`), and puts `overrides/` in front of the theme's templates.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import EVENTS, BasePlugin, PluginCollection

#: The project checkout the installed package comes from (`pip install -e .`).
PROJECT = Path(__file__).resolve().parent.parent.parent
OVERRIDES = PROJECT / "overrides"


class _Tolerant(yaml.SafeLoader):
    """Reads mkdocs.yml with its `!ENV` and `!!python/name:` tags as plain values."""


_Tolerant.add_multi_constructor("!", lambda loader, suffix, node: None)
_Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def hook_paths(project: Path = PROJECT) -> list[Path]:
    """The hook modules of the project's `mkdocs.yml`, in their order."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Tolerant) or {}
    return [project / entry for entry in config.get("hooks") or [] if isinstance(entry, str)]


def _load(path: Path) -> ModuleType:
    """Import a hook module the way MkDocs does: by path, named by its file, with its
    folder on `sys.path` while it loads (hooks import each other as `buildstate`)."""
    name = path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise PluginError(f"podsite: cannot import the hook {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    old_path = sys.path.copy()
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = old_path
    return module


class PodsitePlugin(BasePlugin):
    """Every podsite hook, and the template overrides, behind one plugin name."""

    def __init__(self) -> None:
        super().__init__()
        self.hooks = PluginCollection()
        for path in hook_paths():
            self.hooks[f"hooks/{path.stem}"] = _load(path)  # type: ignore[assignment]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if str(OVERRIDES) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(OVERRIDES))  # where `theme.custom_dir` would be
        return self.hooks.run_event("config", config)


def _forwarder(event: str) -> Any:
    def forward(self: PodsitePlugin, *args: Any, **kwargs: Any) -> Any:
        return self.hooks.run_event(event, *args, **kwargs)

    forward.__name__ = f"on_{event}"
    return forward


for _event in EVENTS:
    if _event != "config":
        setattr(PodsitePlugin, f"on_{_event}", _forwarder(_event))
