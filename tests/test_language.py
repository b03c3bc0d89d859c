"""The site in the show's language: labels, dates, `<html lang>`, og:locale, JSON-LD and the
feed agree; the translation files are complete; two settings that disagree, or a language
without labels, give one warning naming mkdocs.yml and the fix."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
import yaml
from babel import Locale
from lxml import etree
from lxml import html as lhtml
from minisite import episode, make_site, run_mkdocs
from podsite import i18n
from podsite.errors import Problems
from podsite.show import load_show, read_config
from sitebuild import copy_german, read_shell


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", [c for c in i18n.available() if c != i18n.REFERENCE])
def test_every_translation_has_every_label_with_the_same_placeholders(code: str) -> None:
    english, other = i18n.strings_of("en"), i18n.strings_of(code)
    assert i18n.missing_keys(code) == []
    assert sorted(set(other) - set(english)) == [], "keys en.yml does not have"
    plural_forms = Locale.parse(code.replace("-", "_")).plural_form.tags | {"other"}
    for key, value in english.items():
        theirs = other[key]
        if isinstance(value, dict):
            assert isinstance(theirs, dict), key
            # every form the language's plural rules can pick for a whole number
            needed = {Locale.parse(code).plural_form(n) for n in (0, 1, 2, 3, 5, 11, 21, 101, 1_000_000)}
            assert needed <= set(theirs) <= plural_forms, (key, sorted(theirs))
            for form, text in theirs.items():
                assert _placeholders(text) == _placeholders(value["other"]), (key, form)
        else:
            assert isinstance(theirs, str) and theirs.strip(), key
            assert _placeholders(theirs) == _placeholders(str(value)), key


def test_the_seven_languages_are_there() -> None:
    assert set(i18n.available()) >= {"en", "de", "fr", "es", "pt", "it", "nl"}


def test_labels_are_escaped_and_plural_and_dates_follow_the_language() -> None:
    de = i18n.translation("de-AT")
    assert de.code == "de"
    assert de("people.episodes", count=1) == "1 Folge"
    assert de("people.episodes", count=1200) == "1.200 Folgen"
    assert str(de("episode.chapter_link", title="<b>Beet</b>")) == "Link zu &lt;b&gt;Beet&lt;/b&gt;"
    import datetime as dt

    assert de.date(dt.date(2026, 3, 12), "long") == "12. März 2026"
    assert de.date(dt.date(2026, 3, 12), "medium") == "12.03.2026"
    assert i18n.translation("fr").date(dt.date(2026, 3, 1), "long") == "1 mars 2026"
    assert i18n.translation("en").date(dt.date(2026, 3, 1), "long") == "March 1, 2026"


def _show(text: str) -> tuple[str, list[str]]:
    doc = read_config(text, "mkdocs.yml")
    problems = Problems()
    show = load_show(doc.data["extra"]["podcast"], "https://example.org/", "mkdocs.yml", problems, doc)
    return show.language, [f"{p.path}:{p.line}: {p.message}" for p in problems.items]


def test_a_translation_is_made_once_and_follows_an_edited_or_added_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page asks for the labels: the same object serves them all, and a changed label
    file (or a new language file) is read again."""
    import os
    import shutil

    for name in ("en.yml", "de.yml"):
        shutil.copy(i18n.HERE / name, tmp_path / name)
    monkeypatch.setattr(i18n, "HERE", tmp_path)
    first = i18n.translation("de")
    assert i18n.translation("de") is first
    assert first.digest == i18n.translation("de").digest
    assert i18n.translation("fr").code == "en"
    data = yaml.safe_load((tmp_path / "de.yml").read_text(encoding="utf-8"))
    data["player"]["play"] = "Los"
    (tmp_path / "de.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    os.utime(tmp_path / "de.yml", ns=(1, 1))  # a different time even on a coarse clock
    changed = i18n.translation("de")
    assert changed is not first and changed("player.play") == "Los" and changed.digest != first.digest
    shutil.copy(i18n.HERE / "de.yml", tmp_path / "fr.yml")
    os.utime(tmp_path, ns=(2, 2))
    assert i18n.translation("fr").code == "fr"


def test_theme_language_alone_sets_the_shows_language() -> None:
    language, problems = _show("theme:\n  name: material\n  language: nl\nextra:\n  podcast:\n    title: Show\n")
    assert (language, problems) == ("nl", [])


def test_settings_that_disagree_are_one_warning_naming_the_line_and_the_fix() -> None:
    text = "theme:\n  name: material\n  language: fr\nextra:\n  podcast:\n    title: Show\n    language: de\n"
    language, problems = _show(text)
    assert language == "de"
    assert len(problems) == 1
    assert problems[0].startswith("mkdocs.yml:3: theme.language 'fr' and extra.podcast.language 'de'")
    assert "remove theme.language" in problems[0]
    # the same language in two spellings is no disagreement
    assert _show(text.replace("language: fr", "language: de-CH"))[1] == []


def test_a_language_without_labels_is_said_once_and_the_labels_are_english(tmp_path: Path) -> None:
    """Swedish: no labels yet. One line names mkdocs.yml and the fix; `--strict` still builds
    (nothing in the show is wrong); the feed and the page are Swedish, the labels English."""
    assert _show("extra:\n  podcast:\n    title: Show\n    language: sv\n") == ("sv", [])
    assert i18n.translation("sv").code == "en"
    assert i18n.translation("sv")("script.play") == "Play"
    # English labels count in English: "1 result", not Swedish plural rules over English words
    assert i18n.translation("sv").script()["lang"] == "en"
    assert i18n.translation("de-AT").script()["lang"] == "de-AT"
    make_site(
        tmp_path,
        {
            "episodes/001-ett.md": episode(
                "title: Ett\ndate: 2026-01-01\naudio:\n  url: https://example.org/1.mp3\n  length: 1000\nduration: 60"
            )
        },
        podcast={"language": "sv"},
    )
    result = run_mkdocs(tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "translation" in line]
    assert len(lines) == 1, result.stderr
    assert re.match(r"mkdocs\.yml:\d+: the site's own labels .* no 'sv' translation", lines[0])
    assert "copy hooks/podsite/i18n/en.yml to sv.yml" in lines[0]
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv"' in page and "Latest episodes" in page
    assert "<language>sv</language>" in (tmp_path / "site" / "feed.xml").read_text(encoding="utf-8")


# --- the German sample site, built with --strict --------------------------------------


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sitebuild import build_site

    root = tmp_path_factory.mktemp("german")
    config = copy_german(root)
    problems = build_site(config, root / "site")
    assert [r.getMessage() for r in problems] == []
    return root / "site"


def _page(site: Path, rel: str) -> lhtml.HtmlElement:
    return lhtml.fromstring((site / rel).read_bytes())


def test_german_episode_page_is_german(german: Path) -> None:
    page = _page(german, "episodes/001-der-spaten/index.html")
    assert page.get("lang") == "de"
    assert page.xpath("string(//meta[@property='og:locale']/@content)") == "de_DE"
    jsonld = json.loads(page.xpath("string(//script[@type='application/ld+json'])"))
    assert jsonld["inLanguage"] == "de"
    meta = page.cssselect(".podsite-meta")[0].text_content()
    assert "Folge 1" in meta and "12. März 2026" in meta
    assert page.cssselect(".podsite-meta time")[0].get("datetime") == "2026-03-12"
    assert page.cssselect(".podsite-people")[0].text_content().strip().startswith("Moderation: Hanna Vogel")
    assert page.cssselect("#podsite-chapters-title")[0].text_content() == "Kapitel"
    assert page.cssselect("[data-podsite-do=start]")[0].text_content() == "Folge abspielen"
    assert page.cssselect(".podsite-transcript h2")[0].text_content() == "Transkript"
    assert page.cssselect("#podsite-subscribe-title")[0].text_content() == "Abonnieren"
    # Material's own labels follow the same setting
    assert page.cssselect(".md-skip")[0].text_content().strip() == "Zum Inhalt"


def test_german_player_labels_and_the_scripts_blob(german: Path) -> None:
    page = _page(german, "episodes/001-der-spaten/index.html")
    assert page.cssselect("[data-podsite-bar]")[0].get("aria-label") == "Audioplayer"
    # the bar's controls, the search dialog and the labels: one asset for every page
    shell = read_shell(german)
    bar = lhtml.fragment_fromstring(str(shell["bar"]), create_parent="section")
    labels = {b.get("data-podsite-do"): b.get("aria-label") for b in bar.cssselect("button[data-podsite-do]")}
    assert labels["back"] == "15 Sekunden zurück"
    assert labels["forward"] == "30 Sekunden vor"
    assert labels["help"] == "Tastenkürzel"
    assert bar.cssselect("[data-podsite-help] h2")[0].text_content() == "Tastenkürzel"
    assert [o.text_content() for o in bar.cssselect("[data-podsite-speed] option")][:3] == ["0,75×", "1×", "1,25×"]
    search = lhtml.fragment_fromstring(str(shell["search"]))
    assert search.cssselect("#podsite-search-title")[0].text_content() == "Alle Folgen durchsuchen"
    blob = shell["strings"]
    assert isinstance(blob, dict)
    assert blob["lang"] == "de"
    assert blob["resume"] == "Weiter bei {time}"
    assert blob["matches"] == {"one": "{count} Treffer", "other": "{count} Treffer"}
    assert blob["results"]["other"] == "{count} Ergebnisse für {query}"
    # no English left in the scripts' strings: every key of en.yml's script section is German
    english = i18n.translation("en").script()
    assert [k for k, v in blob.items() if k != "lang" and v == english[k] and "{" not in str(v)] == ["pause"]


def test_german_lists_feed_and_titles(german: Path) -> None:
    archive = _page(german, "episodes/index.html")
    assert archive.get("lang") == "de"
    assert archive.cssselect("h1")[0].text_content() == "Folgen"
    assert [t.text_content() for t in archive.cssselect(".podsite-episode-list time")] == ["02.04.2026", "12.03.2026"]
    home = _page(german, "index.html")
    assert home.cssselect("#latest-episodes")[0].text_content() == "Neueste Folgen"
    person = _page(german, "people/hanna-vogel/index.html")
    assert person.cssselect("#episodes")[0].text_content() == "In 2 Folgen"
    roles = [s.text_content() for s in person.cssselect(".podsite-episode-list__meta")]
    assert roles == ["02.04.2026 · Moderation", "12.03.2026 · Moderation"]
    guest = _page(german, "people/jonas-brandt/index.html")
    assert [s.text_content() for s in guest.cssselect(".podsite-episode-list__meta")][0].endswith("· Gast")
    feed = etree.parse(str(german / "feed.xml"))
    assert feed.findtext("channel/language") == "de"
    embed = (german / "episodes/001-der-spaten/embed/index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in embed and 'aria-label="Audioplayer"' in embed
    assert re.search(r'<script src="\.\./\.\./\.\./assets/podsite/shell\.js\?v=\w+"></script>', embed)


def test_an_english_site_keeps_english_labels(sample_site: Path) -> None:
    page = _page(sample_site, "episodes/001-small-tools-big-wins/index.html")
    assert page.get("lang") == "en"
    assert page.cssselect("[data-podsite-do=start]")[0].text_content() == "Play episode"
    assert page.cssselect(".podsite-meta time")[0].text_content() == "September 1, 2026"
    strings = read_shell(sample_site)["strings"]
    assert isinstance(strings, dict) and strings["play"] == "Play"


def test_disagreeing_settings_fail_a_strict_build_with_one_message(tmp_path: Path) -> None:
    config = make_site(
        tmp_path, {"episodes/001-eins.md": episode("title: Eins\ndate: 2026-01-01")}, podcast={"language": "de"}
    )
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["theme"]["language"] = "fr"
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_mkdocs(tmp_path, "--strict")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if "theme.language" in line]
    assert len(lines) == 1, result.stderr
    assert re.search(r"mkdocs\.yml:\d+: theme\.language 'fr' and extra\.podcast\.language 'de'", lines[0])
    result = run_mkdocs(tmp_path)
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in index and "Neueste Folgen" in index


def test_the_html_transcript_download_is_titled_in_the_shows_language(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "episodes/001-un.md": episode(
                "title: Premier épisode\ndate: 2026-01-01\naudio:\n  url: https://example.org/1.mp3\n  length: 1000\nduration: 60"
            ),
            "episodes/001-un.txt": "00:00:01 Ada Brook: Bonjour.\n",
        },
        podcast={"language": "fr", "downloads": ["vtt", "html"]},
    )
    result = run_mkdocs(tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    doc = lhtml.fromstring((tmp_path / "site" / "episodes" / "001-un" / "transcript.html").read_bytes())
    assert doc.get("lang") == "fr"
    assert doc.findtext("head/title") == "Premier épisode : transcription"
