"""Small throwaway podcast sites for tests of bad and hostile content.

`make_site(root, files)` writes a project with the sample show's `mkdocs.yml`
(hooks and overrides pointing back into this repository, so every hook the
sample site uses runs), the sample home page and cover, and the given files
under `docs/`. `run_mkdocs(root)` builds it the way a producer does, in a
subprocess, so tests see the exit code and exactly what the terminal shows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
SOURCE_DATE_EPOCH = "1798761600"  # 2027-01-01: every dated test episode is published


class _Tagged:
    """A YAML value with an application tag (`!ENV`, `!!python/name:...`), kept as written."""

    def __init__(self, tag: str, node: yaml.Node) -> None:
        self.tag, self.node = tag, node


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: _Tagged("!" + suffix, node))
_Loader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: _Tagged("tag:yaml.org,2002:python/" + suffix, node)
)
_Dumper.add_representer(_Tagged, lambda dumper, value: value.node)


def episode(front: str, notes: str = "Show notes.\n") -> str:
    """An episode file from front matter lines (without fences) and notes."""
    return f"---\n{front.strip()}\n---\n{notes}"


def make_site(
    root: Path,
    files: Mapping[str, str | bytes],
    podcast: dict[str, object] | None = None,
    site_url: str | None = "https://example.org/show/",
    mentions: bool = False,
) -> Path:
    """Write a project under `root`; `files` maps paths relative to docs/ to their content.

    `podcast` replaces keys of the sample `extra.podcast` (a value of None removes
    the key). The sample mentions registry is copied only when `mentions` is true
    (a `mentions.yml` in `files` wins). Returns the path of `mkdocs.yml`.
    """
    docs = root / "docs"
    (docs / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "docs" / "assets" / "cover.png", docs / "assets" / "cover.png")
    (docs / "index.md").write_text("# A test show\n\nWelcome.\n", encoding="utf-8")
    if mentions:
        shutil.copy(ROOT / "docs" / "mentions.yml", docs / "mentions.yml")
    for rel, content in files.items():
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")

    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text = text.replace("- hooks/", f"- {ROOT / 'hooks'}/")
    config = yaml.load(text, Loader=_Loader)  # noqa: S506 - keeps tags such as !!python/name as written
    extra = config.setdefault("extra", {}).setdefault("podcast", {})
    for key, value in (podcast or {}).items():
        if value is None:
            extra.pop(key, None)
        else:
            extra[key] = value
    if site_url is None:
        config.pop("site_url", None)
    else:
        config["site_url"] = site_url
    path = root / "mkdocs.yml"
    path.write_text(yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_mkdocs(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build [args]` in `root`, as a producer runs it (with `env` added to the
    environment); output captured as text."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.run(
        [str(MKDOCS), "build", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python scripts/check.py [args]` in `root`."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check.py"), *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
