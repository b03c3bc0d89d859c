"""Every published transcript, page and id, read by clients this project did not write.

Two real sites are checked: the sample show, and a site imported from the Python
Bytes corpus (the episodes of `test_import_corpus.SUBSET`, skipped with a reason when
the corpus is absent). For each:

- every `transcript.vtt` passes webvtt-parser (the W3C validator's parser) with no
  error at all, its cues in order, each ending after it starts, and together holding
  every word of the JSON transcript;
- every `transcript.srt` is read by the PyPI `srt` (strictly) and `pysrt` with the
  same cues, each ending after it starts, pysrt's tag-free text (what a player that
  strips markup shows) is the whole cue, and the cues hold every word;
- no page repeats an id, so a link or the table of contents lands on one place.
"""

from __future__ import annotations

import collections
import html
import json
import re
import unicodedata
from pathlib import Path
from typing import Any, cast

import lxml.html
import pysrt
import pytest
import srt
import yaml
from clientkit import CLIENTS, read
from mutagen.mp3 import MP3, MPEGInfo
from sitebuild import ROOT, build_site, copy_sample, read_shell

SITES = ("sample", "corpus")


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample-site")
    warnings = build_site(ROOT / "mkdocs.yml", out)
    assert not warnings, [r.getMessage() for r in warnings]
    return out


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus subset imported and built as `test_import_corpus` does."""
    from test_import_corpus import CORPUS, SUBSET, import_corpus

    if not CORPUS.is_dir():
        pytest.skip(f"the Python Bytes corpus is not at {CORPUS}")
    work = tmp_path_factory.mktemp("corpus-site")
    _, _, config, _ = import_corpus(work, set(SUBSET))
    # every transcript format, so each is read by its clients (by default only WebVTT)
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["extra"]["podcast"]["downloads"] = ["vtt", "srt", "json", "txt", "html"]
    config.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    out = work / "out"
    warnings = build_site(config, out)
    assert not warnings, [r.getMessage() for r in warnings]
    return out


@pytest.fixture(params=SITES)
def site(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(f"{request.param}_site")


def episode_folders(site: Path) -> list[Path]:
    folders = sorted(p.parent for p in (site / "episodes").glob("*/transcript.json"))
    assert folders, f"no transcripts published in {site}"
    return folders


def json_lines(folder: Path) -> list[dict[str, Any]]:
    return json.loads((folder / "transcript.json").read_text(encoding="utf-8"))["segments"]  # JSON values


def said(folder: Path) -> list[str]:
    """Every word of the episode's JSON transcript, in order (the words every caption file must keep)."""
    return " ".join(str(line["body"]) for line in json_lines(folder)).split()


def test_every_vtt_passes_webvtt_parser(site: Path) -> None:
    folders = episode_folders(site)
    results = read("vtt", *(folder / "transcript.vtt" for folder in folders))
    for folder, result in zip(folders, results, strict=True):
        assert result["errors"] == [], f"{folder.name}/transcript.vtt: {result['errors'][:5]}"
        cues = result["cues"]
        assert all(cue["end"] > cue["start"] for cue in cues), folder.name
        assert [cue["start"] for cue in cues] == sorted(cue["start"] for cue in cues), folder.name
        text = " ".join(html.unescape(VOICE.sub("", cue["text"])) for cue in cues)
        assert text.split() == said(folder), f"{folder.name}: the captions lost or changed words"


VOICE = re.compile(r"</?v(?:\s[^>]*)?>")


def test_no_sample_cue_ends_after_its_episode(sample_site: Path) -> None:
    """Episode 1's transcript is plain text (no end times): its last line used to run 5 s past the audio."""
    for folder in episode_folders(sample_site):
        audio = MP3(str(ROOT / "docs" / "episodes" / "audio" / f"{folder.name}.mp3"))
        seconds = cast(MPEGInfo, audio.info).length  # mutagen declares `info` None on its base class
        ends = [float(line["endTime"]) for line in json_lines(folder)]
        assert max(ends) <= round(seconds, 3), f"{folder.name}: a cue ends at {max(ends)} s, the audio at {seconds} s"
        vtt = read("vtt", folder / "transcript.vtt")[0]["cues"]
        assert max(cue["end"] for cue in vtt) <= round(seconds, 3), folder.name
        srt_ends = [sub.end.total_seconds() for sub in srt.parse((folder / "transcript.srt").read_text("utf-8"))]
        assert max(srt_ends) <= round(seconds, 3), folder.name


def test_every_srt_reads_back_with_srt_and_pysrt(site: Path) -> None:
    for folder in episode_folders(site):
        data = (folder / "transcript.srt").read_text(encoding="utf-8")
        speakers = {str(line["speaker"]) for line in json_lines(folder) if line.get("speaker")}
        subs = list(srt.parse(data, ignore_errors=False))
        items = pysrt.from_string(data, error_handling=pysrt.ERROR_RAISE)
        assert len(subs) == len(items) >= len(json_lines(folder)) > 0, folder.name
        words = []
        for sub, item in zip(subs, items, strict=True):
            assert sub.end > sub.start, f"{folder.name}: cue {sub.index} ends where it starts"
            assert item.end > item.start
            assert item.text_without_tags == item.text, f"{folder.name}: a player would hide part of {item.text!r}"
            content = unicodedata.normalize("NFKC", sub.content)
            assert content == unicodedata.normalize("NFKC", item.text)
            for name in speakers:  # the `Speaker: ` before a line's first cue is not a word of the line
                content = content.removeprefix(f"{name}: ")
            words.extend(content.split())
        assert words == [unicodedata.normalize("NFKC", w) for w in said(folder)], folder.name
        starts = [sub.start for sub in subs]
        assert starts == sorted(starts), f"{folder.name}: cues go back in time"


def test_no_page_repeats_an_id(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        doc = lxml.html.fromstring(page.read_bytes())
        ids = collections.Counter(el.get("id") for el in doc.iter() if isinstance(el.tag, str) and el.get("id"))
        repeated = sorted(name for name, count in ids.items() if count > 1)
        assert not repeated, f"{page.relative_to(site)} repeats the ids {repeated}"


def test_chapter_ids_never_take_an_id_the_page_already_has(tmp_path: Path) -> None:
    """A chapter "Extras" beside the notes heading "Extras", and a chapter "Transcript"."""
    config = copy_sample(tmp_path / "source")
    page = config.parent / "docs" / "episodes" / "003-giving-back.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace('"00:01:05 The Python Software Foundation"', '"00:01:05 Extras"')
    text = text.replace('"00:01:22 Goodbye"', '"00:01:22 Transcript"')
    text = text.replace('"00:00:18 Keeping a small project alive"', '"00:00:18 Topics"')
    page.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    warnings = build_site(config, out)
    assert not warnings, [r.getMessage() for r in warnings]
    doc = lxml.html.fromstring((out / "episodes" / "003-giving-back" / "index.html").read_bytes())
    by_id = collections.defaultdict(list)
    for el in doc.iter():
        if isinstance(el.tag, str) and el.get("id"):
            by_id[el.get("id")].append(el)
    assert all(len(found) == 1 for found in by_id.values()), sorted(k for k, v in by_id.items() if len(v) > 1)

    def target(href: str) -> lxml.html.HtmlElement:
        assert href.startswith("#") and href[1:] in by_id, href
        return by_id[href[1:]][0]

    chapters = doc.cssselect(".podsite-chapters a.podsite-ts")
    assert [a.text_content().split(" ", 1)[1] for a in chapters][1:] == [
        "Topics",
        "Linting an old code base",
        "Extras",
        "Transcript",
    ]
    for link in chapters:  # each chapter link lands on its own heading in the transcript
        heading = target(link.get("href"))
        assert "podsite-chapter" in heading.get("class", "") and heading.text_content() in link.text_content()
    toc = [(a.text_content().strip(), a.get("href")) for a in doc.cssselect("nav.md-nav--secondary a")]
    for title in ("Topics", "Extras", "Transcript"):  # the notes' (or the page's) heading, then the chapter
        first, second = [target(href) for text, href in toc if text == title]
        assert "podsite-chapter" not in first.get("class", "") and "podsite-chapter" in second.get("class")
    assert [href for text, href in toc if text == "Extras"] == ["#extras", "#extras-2"]  # the notes keep their ids
    assert [href for text, href in toc if text == "Transcript"] == ["#transcript", "#transcript-2"]


#: What html-validate (tests/clients/htmlvalidate.json: its recommended rules, less the two
#: about source formatting, with HTML's own id rule) may find, as (rule, selector pattern)
#: -> why it stays: Material's own markup, and two patterns of this site's dialogs.
KNOWN_MARKUP = {
    ("valid-autocomplete", r"#__drawer"): "Material's drawer toggle: autocomplete=off keeps browsers from restoring it",
    ("valid-autocomplete", r"#__search"): "Material's search toggle, the same",
    ("wcag/h32", r"html > body > header > nav > form"): "Material's palette switch: radio buttons a script reads",
    ("wcag/h32", r".* > dialog > form"): "the search field: Enter submits a one-field form",
    ("no-implicit-button-type", r".* > dialog( > div)? > form > button"): "a dialog's close button: the default "
    "submit button of its method=dialog form",
}


def known(rule: str, selector: str | None) -> bool:
    return any(rule == r and re.fullmatch(p, selector or "") for r, p in KNOWN_MARKUP)


def mounted(page: Path, shell: dict[str, Any], out: Path) -> Path:
    """`page` as a browser shows it once player.js ran: the shared shell's bar controls in
    the empty bar, its search dialog after the header's search button."""
    text = page.read_text(encoding="utf-8")
    text, bars = re.subn(
        r"(<section [^>]*data-podsite-bar[^>]*>)(</section>)", lambda m: m[1] + shell["bar"] + m[2], text
    )
    text, buttons = re.subn(
        r"(?s)(<button [^>]*data-podsite-search-open.*?</button>)", lambda m: m[1] + shell["search"], text
    )
    assert bars == 1 and buttons == (0 if "/embed/" in str(page) else 1), page
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{len(list(out.iterdir()))}.html"
    path.write_text(text, encoding="utf-8")
    return path


def test_html_validate_finds_nothing_in_the_sample_pages(sample_site: Path, tmp_path: Path) -> None:
    pages = sorted(p for p in sample_site.rglob("*.html") if p.name in ("index.html", "404.html"))
    assert len(pages) > 10
    # and the shared shell's markup, in place in an episode page, a list page and an embed page
    shell = read_shell(sample_site)
    episode = sample_site / "episodes" / "002-testing-the-waters"
    for page in (episode / "index.html", sample_site / "episodes" / "index.html", episode / "embed" / "index.html"):
        pages.append(mounted(page, shell, tmp_path / "mounted"))
    results = read("html", CLIENTS / "htmlvalidate.json", *pages)
    for result in results:
        for message in result["messages"]:
            file = Path(result["file"])
            where = f"{file.relative_to(sample_site) if file.is_relative_to(sample_site) else file}:{message['line']}"
            assert known(message["rule"], message["selector"]), (
                f"{where}: {message['rule']}: {message['message']} ({message['selector']})"
            )
