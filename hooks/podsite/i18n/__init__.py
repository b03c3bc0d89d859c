"""The words the site adds to its pages, in the show's language.

One YAML file per language beside this module (`en.yml`, `de.yml`, ...) holds every
label, message and aria-label the templates and the page scripts show; `en.yml` is
the reference every other file is checked against. Templates read them through one
`tr(key, **values)` function, and the scripts through one JSON blob the player bar
carries (`Translation.script()`, the file's `script:` section). Dates are formatted by
Babel for the same language. Like Material's own `partials/languages/*.html`, a
language without a file falls back to English, key by key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

HERE = Path(__file__).resolve().parent
#: The language whose file is complete by definition, and the fallback of every other.
REFERENCE = "en"


def available() -> list[str]:
    """Language codes with a translation file (`de`, `en`, ...), sorted."""
    return list(_available(HERE.stat().st_mtime_ns))


@cache
def _available(stamp: int) -> tuple[str, ...]:
    """The codes, listed once per state of the folder (`stamp`: its time; a file added or
    removed changes it): every page asks, and listing the folder each time cost a build of
    thousands of pages seconds."""
    return tuple(sorted(p.stem for p in HERE.glob("*.yml")))


def primary(code: str) -> str:
    """The language part of a code: `de` of `de-AT`, `pt` of `pt_BR`."""
    return code.replace("_", "-").split("-")[0].lower()


def translation_code(language: str) -> str | None:
    """The translation file a language code uses (`de-AT` → `de`, `pt-BR` → `pt-BR` when
    there is such a file, else `pt`); None when there is none."""
    codes = {c.lower(): c for c in available()}
    exact = language.replace("_", "-").lower()
    return codes.get(exact) or codes.get(primary(language))


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """`{"player": {"play": "Play"}}` → `{"player.play": "Play"}`; a plural map
    (`{one: ..., other: ...}`) stays one value."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and "other" not in value:
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


@cache
def _read(path: Path, stamp: tuple[int, int]) -> dict[str, Any]:
    """A translation file's strings by dotted key (kept by its size and time: read once a build)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a translation file is a mapping of keys to strings")
    return _flatten(data)


def strings_of(code: str) -> dict[str, Any]:
    """Every string of translation `code` by dotted key (`player.play`)."""
    path = HERE / f"{code}.yml"
    return _read(path, _stamp(path))


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_size, st.st_mtime_ns)


def _babel_locale(language: str) -> Locale:
    """Babel's locale for a language code, English when Babel does not know it."""
    for code in (language.replace("-", "_"), primary(language)):
        try:
            return Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(REFERENCE)


@dataclass
class Translation:
    """The strings and date formats of one language; `code` is the file used (`en` as fallback)."""

    language: str
    code: str
    strings: dict[str, Any] = field(repr=False)
    fallback: dict[str, Any] = field(repr=False)
    locale: Locale = field(repr=False)
    #: `tr(key)` with no values, by key: every page asks for the same labels (tens of
    #: thousands of calls in a big show's build).
    _plain: dict[str, Markup] = field(default_factory=dict, repr=False, compare=False)

    def text(self, key: str, count: int | None = None) -> str:
        """The raw string of `key` (a plural form picked by `count`); the English one when
        this language lacks it; the key itself when no file has it (so it shows in review)."""
        value = self.strings.get(key, self.fallback.get(key, key))
        if isinstance(value, Mapping):
            form = self.locale.plural_form(count if count is not None else 0)
            value = value.get(form, value.get("other", key))
        return str(value)

    def __call__(self, key: str, count: int | None = None, **values: Any) -> Markup:
        """`tr("pager.status", number=2, total=5)`: the string with `{name}` values filled in,
        escaped for HTML (the values too, unless they are markup already)."""
        if count is None and not values:
            known = self._plain.get(key)
            if known is None:
                known = self._plain[key] = Markup(escape(self.text(key))).format()
            return known
        if count is not None:
            values.setdefault("count", self.number(count))
        return Markup(escape(self.text(key, count))).format(**values)

    def plain(self, key: str, count: int | None = None, **values: Any) -> str:
        """The same string as text (for messages and attributes written by Python)."""
        if count is not None:
            values.setdefault("count", self.number(count))
        return self.text(key, count).format(**values)

    def script(self) -> dict[str, Any]:
        """The strings the page scripts use (the `script.` keys, English where missing),
        plus the language whose plural rules and numbers they follow (`Intl.PluralRules`;
        English when the labels fell back to English): one JSON blob per page."""
        keys = [k for k in self.fallback if k.startswith("script.")]
        out: dict[str, Any] = {"lang": str(self.locale).replace("_", "-")}
        for key in keys:
            out[key.removeprefix("script.")] = self.strings.get(key, self.fallback[key])
        return out

    def date(self, day: dt.date | dt.datetime, style: str = "long") -> str:
        """A date as readers of the language write it (Babel: `medium` `12.03.2026`, `long` `12. März 2026`)."""
        if isinstance(day, dt.datetime):
            day = day.date()
        return format_date(day, format=style, locale=self.locale)

    def number(self, value: float, digits: int = 0, trim: bool = False) -> str:
        """A number with the language's separators (`1.234,5` in German): `digits` decimals,
        or at most that many with `trim` (`1,25`, `2`)."""
        pattern = "#,##0" + ("." + ("#" if trim else "0") * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    @cached_property
    def digest(self) -> str:
        """Changes whenever any string or the language changes (keys of kept page parts);
        worked out once (every page's kept transcript part asks)."""
        blob = json.dumps([self.language, self.code, self.strings, self.fallback], sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def translation(language: str) -> Translation:
    """The translation for a show's language code: its file's strings (English for any
    it lacks, and for a language with no file), and Babel's date formats for it."""
    code = translation_code(language) or REFERENCE
    return _translation(language, code, _stamp(HERE / f"{code}.yml"), _stamp(HERE / f"{REFERENCE}.yml"))


@cache
def _translation(language: str, code: str, stamp: tuple[int, int], fallback: tuple[int, int]) -> Translation:
    """One `Translation` per language and state of its files (`stamp`, `fallback`): every page
    of a build asks for it, and its `tr` memo then serves them all."""
    return Translation(
        language=language,
        code=code,
        strings=strings_of(code),
        fallback=strings_of(REFERENCE),
        locale=_babel_locale(language if translation_code(language) else REFERENCE),
    )


def untranslated(language: str) -> str | None:
    """What to tell a producer whose show's language has no translation file (None when it has one).

    Not a content problem: nothing in the show is wrong, and `--strict` must not fail
    for it; the labels are English until someone adds the file."""
    if translation_code(language) is not None:
        return None
    return (
        f"the site's own labels (player, lists, search) have no {language!r} translation, so they are shown in "
        f"English: copy hooks/podsite/i18n/en.yml to {primary(language)}.yml and translate it (README: Languages), "
        f"or set extra.podcast.language to one of {', '.join(available())}"
    )


def missing_keys(code: str) -> list[str]:
    """Keys of the English file that translation `code` lacks (a new file is checked with it)."""
    have = strings_of(code)
    return [key for key in strings_of(REFERENCE) if key not in have]
