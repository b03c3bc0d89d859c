"""MkDocs events for the show's language: the site's labels and dates in it, Material's too.

The show's language is `extra.podcast.language` (`podsite.show` settles it with
`theme.language` and warns when they disagree); a language without a translation file
is said once per build, and the labels are English. Here Material is told the same
language, and the templates get `tr(key, **values)` (the labels of
`podsite/i18n/<code>.yml`, English where a language has none) and the `day` filter
(Babel's dates).

What every page would otherwise repeat is one asset per build, `assets/podsite/shell.js`:
the player bar's controls (`partials/player-bar.html`), the search dialog
(`partials/search.html`) and the labels the scripts show, in the show's language. Pages
load it by an address that carries its digest (`partials/shell-script.html`), so a browser
keeps it once for the whole site and never pairs a new page with an old copy;
`player.js` puts the markup in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import buildstate
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from podsite import i18n

#: A show whose language has no labels yet is told so here: shown as a warning, but not a
#: content problem that `--strict` counts (like `podsite.cache`'s): nothing in the show is wrong.
log = logging.getLogger("podsite.language")


@dataclass
class _Build:
    """This build's translation (English until the show is read)."""

    tr: i18n.Translation = field(default_factory=lambda: i18n.translation(i18n.REFERENCE))
    #: The digest of `assets/podsite/shell.js` (pages name it in the script's address).
    shell: str = ""


def theme_language(language: str, theme_dirs: list[str]) -> str | None:
    """Material's own language file for the show's language (`pt-BR`, else `pt`), or None."""
    for code in (language.replace("_", "-"), i18n.primary(language)):
        if any((Path(d) / "partials" / "languages" / f"{code}.html").is_file() for d in theme_dirs):
            return code
    return None


def current() -> i18n.Translation:
    """This build's translation (English before the show is read)."""
    return buildstate.STATE.part(_Build).tr


@event_priority(95)  # after hooks/episodes.py read the show (100), before the pages that name things in it
def on_files(files: Files, config: MkDocsConfig) -> Files:
    show = buildstate.STATE.show
    language = show.language if show is not None else i18n.REFERENCE
    buildstate.STATE.part(_Build).tr = i18n.translation(language)
    note = i18n.untranslated(language)
    if note and show is not None:
        line = show.config_line("language") if "extra.podcast.language" in show.config_lines else None
        line = line or show.config_lines.get("theme.language")
        where = Path(config.config_file_path or "mkdocs.yml").name + (f":{line}" if line else "")
        log.warning(f"{where}: {note}")
    material = theme_language(language, list(config.theme.dirs))
    if material is not None:
        config.theme["language"] = material
    content = shell_script(config, buildstate.STATE.part(_Build).tr)
    buildstate.STATE.part(_Build).shell = hashlib.blake2b(content.encode(), digest_size=6).hexdigest()
    files.append(buildstate.generated(config, SHELL, content))
    return files


#: The page shell's asset, in the site.
SHELL = "assets/podsite/shell.js"


def shell_script(config: MkDocsConfig, tr: i18n.Translation) -> str:
    """`assets/podsite/shell.js`: the player bar's inner markup, the search dialog and the
    scripts' labels as one object, `window.podsiteShell`, rendered from the theme's templates."""
    env = config.theme.get_env()
    env.globals["tr"] = tr
    shell = {
        "strings": tr.script(),
        "bar": env.get_template("partials/player-bar.html").render().strip(),
        "search": env.get_template("partials/search.html").render().strip(),
    }
    return "window.podsiteShell = " + json.dumps(shell, sort_keys=True) + ";\n"


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """`tr(key, count=None, **values)`: a label of the show's language; `day(style)`: a
    date in it (`long`, `medium`); `podsite_shell`: the digest of the shell asset."""
    tr = current()
    env.globals["tr"] = tr
    env.globals["podsite_shell"] = buildstate.STATE.part(_Build).shell

    def day(value: dt.date | dt.datetime, style: str = "long") -> str:
        return tr.date(value, style)

    env.filters["day"] = day
    return env
