"""Nothing injected: hostile content never becomes markup, script or template code.

One site is built from content that tries everything (`<script>`, `"><img onerror>`,
`]]>`, `{{ 7*7 }}`, `{% include %}`, `-->`, `</title>`) in every field a producer,
a guest or a transcription tool controls: front matter values (title, description,
hosts, guests, guid, chapter titles and URLs, audio URL, mention aliases),
transcript text and speaker names (JSON, WebVTT, SRT), the mentions registry
(names, aliases, URLs, descriptions), show-notes link texts, and the show settings.
Then every output file is checked: HTML parsed with lxml, the feed and sitemap
as XML, JSON as JSON, transcript exports parsed back.

Trust rule (README, Checking content): show notes are the producer's own Markdown
page, and Markdown allows raw HTML, so HTML written in the notes is kept, as on
any MkDocs page (and in the feed's `content:encoded`). Every other field is text
and is escaped wherever it appears. The notes here hold only harmless raw HTML;
their hostile strings are written as Markdown text, which must stay text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
import yaml
from minisite import make_site, run_mkdocs
from podsite import captions
from podsite.errors import Problems
from podsite.transcripts import parse_transcript


def payload(field: str) -> str:
    """A hostile string tagged with the field it was put in, so a finding names its source."""
    return (
        f"{field} {{{{ 7*7 }}}} <script>alert('{field}')</script> \"><img src=x onerror=alert('{field}')> "
        f"]]> {{% include 'x' %}} </title></textarea>--> '\"&amp; end-{field}"
    )


def url_payload(field: str) -> str:
    """A URL that passes the http(s) checks but carries markup in its query."""
    return f"https://example.org/{field}?q=\"><script>alert('{field}')</script>&x='><img/src=x/onerror=alert(1)>"


FIELDS = [
    "show-title", "show-description", "show-author", "ep-title", "ep-description", "host", "guest",
    "guid", "chapter", "chapter2", "speaker", "body", "vtt-body", "srt-body", "mention-name",
    "mention-description", "alias", "ep-alias",
]  # fmt: skip
NAME = "Quokka " + payload("mention-name").replace("'", "").replace('"', "")  # registry names: one line of text
BODY_NAME = "Quokka"  # said in the transcript, so the mention links


def _front(data: dict[str, object], notes: str) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + notes


NOTES = (
    "Notes that talk about `<script>` in code, and the text "
    + payload("notes-text").replace("<", "&lt;").replace("{%", "{ %")
    + "\n\n"
    "- ["
    + payload("notes-link").replace("[", "(").replace("]", ")").replace("<", "&lt;")
    + "](https://example.org/notes-link)\n"
    "- [Quokka](https://example.org/quokka)\n\n"
    'Raw HTML is the producer\'s: <kbd title="]]> as an attribute">Ctrl</kbd> and <span class="marker">kept</span>.\n'
)

EPISODE = {
    "title": payload("ep-title"),
    "date": "2026-01-01",
    "number": 1,
    "description": payload("ep-description"),
    "hosts": [payload("host")],
    "guests": [payload("guest")],
    "guid": payload("guid"),
    "audio": {"url": url_payload("audio"), "length": 12345, "type": "audio/mpeg"},
    "duration": "00:10:00",
    "chapters": [
        {"start": "00:00:00", "title": payload("chapter")},
        {"start": "00:01:00", "title": payload("chapter2"), "url": url_payload("chapter-url")},
    ],
    "mentions": {"Quokka": [payload("ep-alias").split(" ")[0] + " spelled oddly"]},
}
SEGMENTS = [
    {"speaker": payload("speaker"), "startTime": 0, "endTime": 5, "body": f"Hello {payload('body')} {BODY_NAME}."},
    {"speaker": "Ada", "startTime": 60, "endTime": 65,
     "body": "Injected cue?\n\n00:00:09.000 --> 00:00:10.000\n2\n00:00:11,000 --> 00:00:12,000\ninjected " + payload("body2")},
]  # fmt: skip
VTT = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ada>" + payload("vtt-body") + "\n\n"
    "00:00:05.000 --> 00:00:06.000\n&lt;img src=x onerror=alert('vtt-entity')&gt; &lt;script&gt;alert('vtt-entity')&lt;/script&gt;\n"
)
SRT = (
    "1\n00:00:01,000 --> 00:00:03,000\nAda: "
    + payload("srt-body")
    + "\n\n2\n00:00:04,000 --> 00:00:05,000\nAda: plain\n"
)
REGISTRY = [
    {
        "name": NAME,
        "url": url_payload("mention-url"),
        "aliases": [BODY_NAME],
        "description": payload("mention-description"),
    },
    {"name": "Trap", "url": "https://example.org/trap", "aliases": [payload("alias").replace("\n", " ")]},
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    second = dict(EPISODE, title=payload("ep2-title"), number=2, guid="ep-2", mentions={}, chapters=[])
    third = dict(EPISODE, title=payload("ep3-title"), number=3, guid="ep-3", mentions={}, chapters=[])
    files: dict[str, str | bytes] = {
        "episodes/001-hostile.md": _front(EPISODE, NOTES),
        "episodes/001-hostile.json": json.dumps({"version": "1.0.0", "segments": SEGMENTS}, indent=1),
        "episodes/002-captions.md": _front(second, "Captions.\n"),
        "episodes/002-captions.vtt": VTT,
        "episodes/003-subtitles.md": _front(third, "Subtitles.\n"),
        "episodes/003-subtitles.srt": SRT,
        "mentions.yml": yaml.safe_dump(REGISTRY, allow_unicode=True, sort_keys=False),
    }
    make_site(
        root,
        files,
        podcast={
            "title": payload("show-title"),
            "description": payload("show-description"),
            "author": payload("show-author"),
        },
    )
    result = run_mkdocs(root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root / "site"


def outputs(site: Path, suffix: str) -> list[Path]:
    files = sorted(p for p in site.rglob(f"*{suffix}") if p.is_file() and "assets" not in p.relative_to(site).parts)
    assert files, f"no {suffix} files in the site"
    return files


def _search_template(el: lxml.html.HtmlElement) -> bool:
    """The two templates of the search dialog (overrides/partials/search.html), where they belong."""
    parent = el.getparent()
    names = {"data-podsite-search-result", "data-podsite-search-subresult"}
    return (
        el.tag == "template"
        and len(el.attrib) == 1
        and set(el.attrib) <= names
        and parent is not None
        and parent.tag == "dialog"
        and "data-podsite-search" in parent.attrib
    )


def _embed_snippet(el: lxml.html.HtmlElement) -> bool:
    """The episode page's embed code (overrides/episode.html): a textarea whose text is one
    <iframe> element and nothing else, whatever the episode's title holds."""
    if el.tag != "textarea" or el.get("data-podsite-embed-code") is None:
        return False
    snippet = lxml.html.fragments_fromstring(el.text_content())
    return (
        len(snippet) == 1
        and getattr(snippet[0], "tag", None) == "iframe"
        and len(snippet[0]) == 0
        and set(snippet[0].attrib) == {"src", "title", "width", "height", "style", "loading"}
    )


def _markup_problems(doc: lxml.html.HtmlElement, where: str, allow_notes: bool = False) -> list[str]:
    """Elements, attributes and scripts that could only have come from the hostile strings."""
    found = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{where}: <{el.tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and re.match(
                r"\s*(javascript|data|vbscript):", value, re.I
            ):
                found.append(f"{where}: <{el.tag} {name}={value!r}>")
        if el.tag == "img" and el.get("src") == "x":
            found.append(f"{where}: <img src=x>")
        if el.tag in ("textarea", "template", "iframe", "object", "embed") and not (
            _search_template(el) or _embed_snippet(el)
        ):
            found.append(f"{where}: <{el.tag}>")
        if el.tag == "script" and not el.get("src"):
            text = el.text or ""
            if el.get("type") == "application/ld+json":
                json.loads(text)  # whole: nothing closed the script early
                assert "</" not in text, f"{where}: '</' inside JSON-LD"
            elif "alert(" in text:
                found.append(f"{where}: <script>{text[:80]}")
        if el.tag == "script" and el.get("src") and "alert" in el.get("src", ""):
            found.append(f"{where}: <script src={el.get('src')!r}>")
    return found


def test_no_html_page_gains_markup_or_script(site: Path) -> None:
    found: list[str] = []
    for path in outputs(site, ".html"):
        raw = path.read_text(encoding="utf-8")
        doc = lxml.html.fromstring(raw)
        where = str(path.relative_to(site))
        found += _markup_problems(doc, where)
        titles = doc.xpath("//title")
        assert len(titles) == 1, f"{where}: {len(titles)} <title> elements"
        for field in FIELDS + ["ep2-title", "ep3-title", "body2", "notes-text", "notes-link"]:
            assert f"{field} 49" not in raw, f"{where}: template code ran on {field}"
    assert not found, "\n".join(found)


def test_hostile_text_is_shown_as_text_not_dropped(site: Path) -> None:
    doc = lxml.html.fromstring((site / "episodes" / "001-hostile" / "index.html").read_bytes())

    def texts(selector: str) -> list[str]:
        return [el.text_content() for el in doc.cssselect(selector)]

    assert texts("article h1") == [payload("ep-title")]
    people = " ".join(texts(".podsite-people"))
    assert payload("host") in people and payload("guest") in people
    chapters = " ".join(" ".join(t.split()) for t in texts(".podsite-chapters li"))
    assert " ".join(payload("chapter").split()) in chapters
    assert payload("speaker") in texts(".podsite-transcript .podsite-speaker")
    transcript = " ".join(texts(".podsite-transcript"))
    assert payload("body") in transcript
    assert doc.xpath("//title")[0].text_content().startswith(payload("ep-title"))
    description = doc.xpath("//meta[@name='description']/@content")
    assert description == [payload("ep-description")]


def test_show_notes_html_is_the_producers_and_markdown_text_stays_text(site: Path) -> None:
    doc = lxml.html.fromstring((site / "episodes" / "001-hostile" / "index.html").read_bytes())
    notes = doc.cssselect(".podsite-notes")[0]
    assert [el.get("title") for el in notes.cssselect("kbd")] == ["]]> as an attribute"]
    assert notes.cssselect("span.marker")
    text = notes.text_content()
    assert "<script>alert('notes-text')</script>" in text
    assert "notes-link" in text


def test_feed_is_well_formed_xml_with_text_intact(site: Path) -> None:
    feed = lxml.etree.fromstring((site / "feed.xml").read_bytes())
    ns = {"content": "http://purl.org/rss/1.0/modules/content/", "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    assert feed.findtext("channel/title") == payload("show-title")
    items = {item.findtext("guid"): item for item in feed.iterfind("channel/item")}
    item = items[payload("guid")]
    assert item.findtext("title") == payload("ep-title")
    assert item.find("enclosure").get("url") == url_payload("audio")
    for element in feed.iter():
        if isinstance(element.tag, str) and element.tag.split("}")[-1] in (
            "title",
            "description",
            "author",
            "summary",
            "person",
            "guid",
        ):
            assert len(element) == 0, f"feed <{element.tag}> has child elements: markup was injected"
    notes_html = item.findtext("content:encoded", namespaces=ns)
    assert notes_html and "</kbd>" in notes_html
    notes = lxml.html.fragment_fromstring(notes_html, create_parent="div")
    assert not _markup_problems(notes, "feed.xml content:encoded")
    assert [el.get("title") for el in notes.iter("kbd")] == ["]]> as an attribute"], "']]>' broke the CDATA section"
    assert "<script>alert('notes-text')</script>" in notes.text_content()


def test_other_xml_and_json_outputs_parse(site: Path) -> None:
    for path in outputs(site, ".xml"):
        lxml.etree.fromstring(path.read_bytes())
    for path in outputs(site, ".json"):
        json.loads(path.read_text(encoding="utf-8"))
    chapters = json.loads((site / "episodes" / "001-hostile" / "chapters.json").read_text(encoding="utf-8"))
    assert chapters["title"] == payload("ep-title")
    assert [c["title"] for c in chapters["chapters"]] == [payload("chapter"), payload("chapter2")]


@pytest.mark.parametrize("stem, source", [("001-hostile", "json"), ("002-captions", "vtt"), ("003-subtitles", "srt")])
def test_exported_transcripts_parse_back_to_the_same_lines(site: Path, stem: str, source: str) -> None:
    """No cue, voice tag or timing line can be smuggled in through the text."""
    folder = site / "episodes" / stem
    reference = parse_transcript((folder / "transcript.json").read_bytes(), "transcript.json", Problems()).segments
    assert reference
    speakers = sorted({s.speaker for s in reference if s.speaker})

    # the caption files cut long lines into cues of two lines of 42 characters
    def cut(reserve: bool) -> list[tuple[float, str | None, str]]:
        return [
            (c.start, s.speaker, c.text)
            for s in reference
            for c in captions.cues(
                s.text, s.start, s.end or s.start, reserve=len(f"{s.speaker}: ") if reserve and s.speaker else 0
            )
        ]

    for name in ("transcript.vtt", "transcript.srt", "transcript.txt"):
        problems = Problems()
        segments = parse_transcript((folder / name).read_bytes(), name, problems, known_speakers=speakers).segments
        assert not list(problems), f"{name}: {[str(p) for p in problems]}"
        if name.endswith(".txt"):
            assert [round(s.start, 3) for s in segments] == [round(s.start, 3) for s in reference], name
            said = [f"{s.speaker}: {s.text}" if s.speaker else s.text for s in segments]
            assert said == [f"{s.speaker}: {s.text}" if s.speaker else s.text for s in reference], name
            continue
        cues = cut(reserve=name.endswith(".srt"))  # SRT's `Speaker: ` counts towards the first line
        assert len(segments) == len(cues), name
        assert all(abs(s.start - c[0]) < 0.0015 for s, c in zip(segments, cues, strict=True)), name
        if name.endswith(".vtt"):  # voice tags carry the speaker exactly, on every cue
            assert [(s.speaker, s.text) for s in segments] == [(c[1], c[2]) for c in cues], name
        else:  # `Speaker: text` before a line's first cue: the same words, whichever side of the colon
            words = " ".join(f"{s.speaker}: {s.text}" if s.speaker else s.text for s in segments)
            if name.endswith(".srt"):  # what players would take for tags is written full-width
                assert not [s.text for s in segments if re.search(r"<[^>]*>|\{\\", s.text)]  # per cue
                words = words.replace("\uff1c", "<").replace("\uff5b", "{")
            assert words == " ".join(f"{s.speaker}: {s.text}" if s.speaker else s.text for s in reference), name
    vtt = (folder / "transcript.vtt").read_text(encoding="utf-8")
    assert vtt.count(" --> ") == len(cut(reserve=False))
    if source == "json":
        assert [s.text for s in reference][0] == f"Hello {payload('body')} {BODY_NAME}."
        assert reference[0].speaker == payload("speaker")
    if source == "vtt":
        assert "<img src=x onerror=alert('vtt-entity')>" in reference[1].text


def test_mention_pages_show_names_and_descriptions_as_text(site: Path) -> None:
    pages = [p for p in (site / "mentions").rglob("index.html")]
    assert len(pages) > 1, "no mention pages were built"
    shown = " ".join(lxml.html.fromstring(p.read_bytes()).text_content() for p in pages)
    assert NAME in shown
    assert payload("mention-description") in shown
    episode = lxml.html.fromstring((site / "episodes" / "001-hostile" / "index.html").read_bytes())
    links = [a for a in episode.cssselect(".podsite-transcript a.podsite-mention")]
    assert links, "the mention said in the transcript is not linked"
    for a in links:
        assert a.get("href", "").startswith(("https://", "../", "/")), a.get("href")
