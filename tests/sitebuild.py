"""Building sites in tests: the sample show, or a small site made from parts of it.

`build_site(config_file, site_dir)` runs a real `mkdocs build --strict` in-process,
with the startup and shutdown events `mkdocs build` sends (hooks keep module state
between builds of one process, so a test that ran a `serve` build before must not
leave it behind), and returns the log records, so tests can check both output
files and messages.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DATE_EPOCH = "1798761600"  # 2027-01-01: every sample episode is published
#: Where the Python Bytes corpus is looked for, besides `$PODSITE_CORPUS`.
CORPUS_IN_SHARED = Path("shared") / "corpus" / "python-bytes"


def find_corpus() -> Path:
    """The Python Bytes corpus: `$PODSITE_CORPUS`, else `../shared/corpus/python-bytes` beside
    this checkout or, in a git worktree, beside its main checkout (the first that exists)."""
    env = os.environ.get("PODSITE_CORPUS")
    if env:
        return Path(env)
    candidates = [ROOT.parent / CORPUS_IN_SHARED]
    git = ROOT / ".git"
    if git.is_file():  # a worktree: `.git` names its folder inside the main checkout's `.git`
        text = git.read_text(encoding="utf-8").strip()
        if text.startswith("gitdir:"):
            gitdir = (ROOT / text.removeprefix("gitdir:").strip()).resolve()
            common = gitdir / "commondir"
            main_git = (gitdir / common.read_text(encoding="utf-8").strip()).resolve() if common.is_file() else None
            if main_git is not None:
                candidates.append(main_git.parent.parent / CORPUS_IN_SHARED)
    return next((path for path in candidates if path.is_dir()), candidates[0])


CORPUS = find_corpus()


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(
    config_file: Path, site_dir: Path, strict: bool = True, env: dict[str, str] | None = None
) -> list[logging.LogRecord]:
    """Build with the project's hooks; return WARNING+ records of the `mkdocs` loggers."""
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    old_env = {key: os.environ.get(key) for key in (env or {})}
    os.environ.update(env or {})
    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(capture)
        for key, value in old_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return [r for r in capture.records if r.levelno >= logging.WARNING]


def copy_sample(target: Path) -> Path:
    """A writable copy of the sample show (mkdocs.yml + docs/) whose hooks and
    overrides point back into this project. Returns the copied mkdocs.yml."""
    shutil.copytree(ROOT / "docs", target / "docs")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text = text.replace("- hooks/", f"- {ROOT / 'hooks'}/")
    config = target / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


#: A small German show (tests/data/german/): the site in the show's language.
GERMAN = ROOT / "tests" / "data" / "german"


def copy_german(target: Path) -> Path:
    """A writable copy of the German test show, with the sample show's audio (two files,
    under the German episodes' names) and cover, hooks and overrides pointing back into
    this project. Returns the copied mkdocs.yml."""
    shutil.copytree(GERMAN / "docs", target / "docs")
    audio = target / "docs" / "episodes" / "audio"
    audio.mkdir(parents=True)
    sample = ROOT / "docs" / "episodes" / "audio"
    shutil.copy(sample / "001-small-tools-big-wins.mp3", audio / "001-der-spaten.mp3")
    shutil.copy(sample / "002-testing-the-waters.mp3", audio / "002-die-giesskanne.mp3")
    (target / "docs" / "assets").mkdir()
    shutil.copy(ROOT / "docs" / "assets" / "cover.png", target / "docs" / "assets" / "cover.png")
    text = (GERMAN / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text = text.replace("- hooks/", f"- {ROOT / 'hooks'}/")
    config = target / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def read_shell(site: Path) -> dict[str, object]:
    """The page shell a built site shares (`assets/podsite/shell.js`): `strings` (the
    scripts' labels), `bar` and `search` (markup `player.js` puts into every page)."""
    text = (site / "assets" / "podsite" / "shell.js").read_text(encoding="utf-8")
    prefix, suffix = "window.podsiteShell = ", ";\n"
    assert text.startswith(prefix) and text.endswith(suffix), text[:80]
    return json.loads(text[len(prefix) : -len(suffix)])
