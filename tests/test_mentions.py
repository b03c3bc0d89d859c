"""Linked mentions: matcher goldens, registry validation, show-notes names, the built pages.

Golden cases live in `tests/golden/mentions/<case>.txt` (names, chapters, `---`, then
one transcript line per row: `MM:SS [Speaker] text`) beside the expected
`<case>.json`; regenerate on purpose with `pytest --update-golden`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from golden import check_golden
from podsite.episodes import load_episode
from podsite.errors import Problems
from podsite.kinds import MentionSource
from podsite.layout import runs_for
from podsite.mentions import (
    Term,
    annotate_show,
    common_words,
    episode_targets,
    find_episode_refs,
    find_mentions,
    links_for,
    load_registry,
    name_reason,
    note_links,
    notes_mentions,
    slugify,
)
from podsite.model import Chapter, Episode, MentionHit, MentionSpec, Segment, Show, Transcript
from podsite.timecode import parse_time

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "mentions"
CASES = sorted(p.stem for p in GOLDEN.glob("*.txt"))
UTC = dt.UTC


# --- matcher goldens ---------------------------------------------------------


def _parse_case(text: str) -> tuple[list[Term], list[Chapter], list[Segment]]:
    head, _, body = text.partition("\n---\n")
    terms: list[Term] = []
    chapters: list[Chapter] = []
    for line in head.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition(":")
        if key == "chapter":
            clock, _, title = value.strip().partition(" ")
            chapters.append(Chapter(parse_time(clock), title))
            continue
        names = [n.strip() for n in value.split("|")]
        source: MentionSource = "registry" if key == "name" else "notes"
        spec = MentionSpec(names[0], f"https://example.org/{slugify(names[0])}", aliases=names[1:], source=source)
        terms.append(Term(names[0], spec, 0 if source == "registry" else 3))
        terms.extend(Term(alias, spec, 1) for alias in names[1:])
    segments = []
    for number, line in enumerate(body.splitlines(), start=1):
        match = re.match(r"(\d+:\d\d) (?:\[(\w+)\] )?(.*)$", line)
        assert match, f"golden line {number}: {line!r}"
        segments.append(Segment(parse_time(match[1]), match[3], speaker=match[2], line=number))
    return terms, chapters, segments


def _render(text: str) -> dict[str, object]:
    terms, chapters, segments = _parse_case(text)
    refs, spans = find_episode_refs(segments)
    hits = find_mentions(segments, terms, chapters, taken=spans)
    episode = Episode("case", "episodes/case.md", "Case", dt.datetime(2026, 1, 1, tzinfo=UTC), number=1)
    episode.transcript = Transcript("case.txt", "txt", segments)
    episode.chapters = chapters
    episode.mentions, episode.episode_refs = hits, refs
    targets = {n: Episode(f"00{n}", f"episodes/00{n}.md", f"Two {n}", episode.date, number=n) for n in (2, 3)}
    links = links_for(episode, targets)
    lines = []
    for index, seg in enumerate(segments):
        out = ""
        for run in runs_for(seg.text, links.get(index, [])):
            if run.kind == "mention":
                out += f"[{run.text}]({run.title})"
            elif run.kind == "episode":
                out += f"[{run.text}]({run.href})"
            else:
                out += run.text
        lines.append(out)

    def said(hit: MentionHit) -> str:
        if hit.end_index is None:
            return segments[hit.segment_index].text[hit.char_start : hit.char_end]
        return segments[hit.segment_index].text[hit.char_start :] + "⏎" + segments[hit.end_index].text[: hit.char_end]

    return {
        "lines": lines,
        "hits": [
            f"line {h.segment_index + 1}: {said(h)!r} -> {h.mention.name}" + (" (linked)" if h.linked else "")
            for h in hits
        ],
        "episode_refs": [f"line {r.segment_index + 1}: episode {r.number}" for r in refs],
    }


@pytest.mark.parametrize(
    ("lines", "linked"),
    [
        (["We covered that back in episode 4."], True),
        (["That was our episode 4, the one about packaging."], True),
        (["Listen to episode 4 of Small Tools, it has the whole story."], True),
        (["On Small Tools episode 4 we had a guest."], True),
        (["So, episode 4, I think, had the best joke."], True),
        (["I had her on Talk Python To Me, episode 4."], False),
        (["She was on episode 4 of Talk Python To Me last year."], False),
        (["Check out Test and Code episode 4 for more."], False),
        (["He had me on his podcast.", "So I'll be on episode 4, which should be out soon."], False),
        (["They talked about it in their episode 4."], False),
        (["I was a guest on Real World Python and in episode 4 I said so."], False),
        (["This podcast turns one today.", "And for episode 4, I picked a fun package."], True),
        (["It's episode 4, recorded on Monday."], True),
        (["Back in episode 4 of Talk Python, Ada explained it."], False),
    ],
)
def test_episode_refs_link_only_this_shows_episodes(lines: list[str], linked: bool) -> None:
    """A spoken "episode 4" links to this show's episode 4 unless it is another show's."""
    segments = [Segment(float(i), text) for i, text in enumerate(lines)]
    refs, spans = find_episode_refs(segments, "Small Tools")
    assert [r.number for r in refs] == ([4] if linked else [])
    assert len(spans) == 1  # never a name inside "episode 4", whichever show it is


def test_episode_refs_of_another_show_are_not_linked_on_the_page() -> None:
    show_notes = "Nothing linked."
    one = _episode(1, "001", ["Intro."], show_notes)
    two = _episode(2, "002", ["Back in episode 1 we said hi.", "And on Talk Python episode 1 I said hello."])
    show = Show("Small Tools", "https://example.org/", episodes=[two, one])
    annotate_show(show, [], Problems())
    links = links_for(two, episode_targets(show.episodes, two))
    assert [(index, link.kind) for index, items in sorted(links.items()) for link in items] == [(0, "episode")]


@pytest.mark.parametrize("case", CASES)
def test_matcher_golden(case: str, update_golden: bool) -> None:
    result = _render((GOLDEN / f"{case}.txt").read_text(encoding="utf-8"))
    expected_path = GOLDEN / f"{case}.json"
    rendered = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    check_golden(expected_path, rendered, update_golden, f"the matches of {case}.txt")


def test_links_never_split_a_word() -> None:
    """Every link of every golden case starts and ends at a word boundary."""
    for case in CASES:
        terms, chapters, segments = _parse_case((GOLDEN / f"{case}.txt").read_text(encoding="utf-8"))
        for hit in find_mentions(segments, terms, chapters):
            text = segments[hit.segment_index].text
            assert hit.char_start == 0 or not text[hit.char_start - 1].isalnum(), (case, hit)
            end_text = segments[hit.end_index if hit.end_index is not None else hit.segment_index].text
            assert hit.char_end == len(end_text) or not end_text[hit.char_end].isalnum(), (case, hit)


# --- registry ----------------------------------------------------------------


def _registry(text: str) -> tuple[list[MentionSpec], list[str]]:
    problems = Problems()
    specs = load_registry(text, "docs/mentions.yml", problems)
    return specs, [f"{p.severity.value}: {p}" for p in problems]


def test_sample_registry_loads_cleanly() -> None:
    specs, problems = _registry((ROOT / "docs" / "mentions.yml").read_text(encoding="utf-8"))
    assert problems == []
    assert [s.name for s in specs][:2] == ["DuckDB", "SQLite"]
    duckdb = specs[0]
    assert (duckdb.url, duckdb.aliases, duckdb.kind, duckdb.line) == ("https://duckdb.org/", ["duck DB"], "project", 4)
    assert duckdb.description == "An in-process analytical database."


def test_registry_duplicate_name_names_both_lines() -> None:
    specs, problems = _registry(
        "- name: Flask\n  url: https://flask.palletsprojects.com/\n- name: flask\n  url: https://example.org/\n"
    )
    assert [s.name for s in specs] == ["Flask"]
    assert problems == ["error: docs/mentions.yml:3: flask: the name is already used at line 1; merge the two entries"]


def test_registry_alias_shared_by_two_entries() -> None:
    specs, problems = _registry(
        "- name: DuckDB\n  url: https://duckdb.org/\n  aliases: [duck DB]\n"
        "- name: Duck Database\n  url: https://example.org/\n  aliases:\n    - Duck  db\n"
    )
    assert [s.name for s in specs] == ["DuckDB"]
    assert problems == [
        "error: docs/mentions.yml:7: Duck Database: alias 'Duck db' is also a spelling of DuckDB (line 1); one spelling can link to only one entry"
    ]


def test_registry_name_that_is_another_entrys_alias() -> None:
    _specs, problems = _registry(
        "- name: PyPI\n  url: https://pypi.org/\n  aliases: [Python Package Index]\n"
        "- name: Python Package Index\n  url: https://pypi.org/\n"
    )
    assert problems == [
        "error: docs/mentions.yml:4: Python Package Index: already an alias of PyPI (line 1); remove one of them"
    ]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,hi",
        "ftp://example.org/",
        "//example.org/",
        "duckdb.org",
        "https://",
        "https://exa mple.org/",
    ],
)
def test_registry_refuses_non_web_urls(url: str) -> None:
    specs, problems = _registry(f"- name: Evil\n  kind: project\n  url: {json.dumps(url)}\n")
    assert specs == []
    assert problems == [
        f"error: docs/mentions.yml:3: Evil: url {url!r} is not an http:// or https:// address; only web links are allowed"
    ]


def test_registry_warnings_keep_the_entry() -> None:
    specs, problems = _registry(
        "- name: Textual\n  url: https://textual.textualize.io/\n  kind: library\n  descripton: typo\n"
        "  aliases: [textual, Text Ual, text ual]\n"
    )
    assert [(s.name, s.kind, s.aliases) for s in specs] == [("Textual", "other", ["Text Ual"])]
    assert problems == [
        "warning: docs/mentions.yml:4: unknown key `descripton` (did you mean `description`?)",
        "warning: docs/mentions.yml:3: Textual: kind 'library' must be one of project, person, company, other; using `other`",
        "warning: docs/mentions.yml:5: Textual: alias 'textual' repeats the name or another alias; remove it",
        "warning: docs/mentions.yml:5: Textual: alias 'text ual' repeats the name or another alias; remove it",
    ]


def test_registry_structure_errors() -> None:
    assert _registry("name: DuckDB\n")[1] == [
        "error: docs/mentions.yml:1: the mentions registry must be a list of entries, each starting with `- name:`"
    ]
    assert _registry("- name: [unclosed\n")[1][0].startswith("error: docs/mentions.yml:2: invalid YAML")
    assert _registry("- url: https://duckdb.org/\n")[1] == [
        "error: docs/mentions.yml:1: entry without a `name:` (the name as it is said on the show)"
    ]
    assert _registry("- name: DuckDB\n")[1] == [
        "error: docs/mentions.yml:1: DuckDB: `url:` is missing (the page listeners should open)"
    ]
    assert _registry("")[1] == []


def test_slugs() -> None:
    assert slugify("Python Software Foundation") == "python-software-foundation"
    assert slugify("Łukasz Langa") == "lukasz-langa"
    assert slugify("Zürich") == "zurich"
    assert slugify("Питон") == "питон"
    assert slugify("C++") == "c"
    assert slugify("snake_case tools") == "snake-case-tools"
    assert slugify("???") == "mention"


# --- show-notes names --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Loguru", None),
        ("pip-tools", None),
        ("Python Testing with pytest", None),
        ("Test & Code", None),
        ("uv", None),
        ("here", "generic link words"),
        ("this article", "generic link words"),
        ("Change list", "generic link words"),
        ("the docs", "generic link words"),
        ("More info...", "sentence"),
        ("courses at Talk Python Training", "too many words"),
        ("How to be helpful online", "too many words"),
        ("A much longer title of an article online", "too many words"),
        ("Microsoft for Startups Founders Hub today", "too long"),
        ("Why, in 2025, really", "sentence or title"),
        ("Hello, pytest!", "sentence or title"),
        ("Brian’s book too", "possessive"),
        ("environment variables", "starts like a phrase, not a name"),
        ("pythonbytes.fm/live", "web address or handle"),
        ("@brianokken@fosstodon.org", "web address or handle"),
        ("https://rollbar.com/pythonbytes", "web address or handle"),
        ("released", "common word"),
        ("whole", "common English word"),
        ("bunch", "common English word"),
        ("letter", "common English word"),
        ("Bunch", None),
        ("pydantic", None),
        ("AWS blog", "describes a link"),
        ("Announcement email", "generic link words"),
        ("Discussion Forum", "generic link words"),
        ("Hacker News", None),
        ("A Python love letter", "title"),
        ("An opinionated Python boilerplate", "title"),
        ("X", "too short"),
        ("128", "no letters"),
    ],
)
def test_notes_name_rule(text: str, reason: str | None) -> None:
    link = note_links(f"[{text}](https://example.org/)")[0]
    assert name_reason(link) == reason


def test_notes_links_skip_code_site_pages_and_images() -> None:
    notes = (
        "- [**Ruff**](https://docs.astral.sh/ruff/), from [Astral](https://astral.sh/).\n"
        "- [`sqlite3` module](https://docs.python.org/3/library/sqlite3.html)\n"
        "- first covered in [episode 1](001-small-tools-big-wins.md) ![Logo](https://example.org/logo.png)\n"
        "- [Ruff](https://github.com/astral-sh/ruff) again, and [here](https://example.org/).\n"
        "- `[Flask](https://flask.palletsprojects.com/)` is code, not a link.\n"
    )
    assert [(s.name, s.url) for s in notes_mentions(notes)] == [
        ("Ruff", "https://docs.astral.sh/ruff/"),
        ("Astral", "https://astral.sh/"),
    ]


def test_small_show_lowercase_words_are_names_only_when_the_address_names_them() -> None:
    """A show of a few episodes has no show-wide common words yet: English words still are not names."""
    notes = (
        "- a [whole](https://scikit-lego.netlify.app/) [bunch](https://github.com/koaning/human-learn) of "
        "[projects](https://github.com/koaning)\n"
        "- [rich](https://github.com/Textualize/rich), [click](https://click.palletsprojects.com/), "
        "[fish](https://fishshell.com/), [build](https://pypa-build.readthedocs.io/en/stable/)\n"
    )
    assert [s.name for s in notes_mentions(notes)] == ["rich", "click", "fish", "build"]
    show = Show("Tiny", "https://example.org/")
    show.episodes = [_episode(1, "001", ["there is a whole bunch of projects using rich"], notes)]
    assert common_words(show) == frozenset()
    annotate_show(show, [], Problems())
    assert [hit.mention.name for hit in show.episodes[0].mentions] == ["rich"]


# --- annotation of a show ----------------------------------------------------


def _episode(
    number: int, stem: str, lines: list[str], notes: str = "", aliases: dict[str, list[str]] | None = None
) -> Episode:
    ep = Episode(
        stem, f"episodes/{stem}.md", f"Episode {number}", dt.datetime(2026, 1, number, tzinfo=UTC), number=number
    )
    ep.transcript = Transcript(f"{stem}.txt", "txt", [Segment(float(i * 10), text) for i, text in enumerate(lines)])
    ep.notes = notes
    ep.mention_aliases = aliases or {}
    return ep


def test_annotate_show_registry_notes_and_episode_aliases() -> None:
    registry, problems = _registry(
        "- name: Quart\n  url: https://quart.palletsprojects.com/\n  description: Async Flask.\n"
    )
    assert problems == []
    one = _episode(
        1,
        "001",
        ["We use Quart and Loguru.", "court is how the captions spell it here."],
        "[Loguru](https://github.com/Delgan/loguru)",
    )
    two = _episode(
        2, "002", ["Back in episode 1 we said court, and Loguru's log."], aliases={"Quart": ["court"], "Nope": ["x"]}
    )
    show = Show("Show", "https://example.org/", episodes=[two, one])
    collected = Problems()
    index = annotate_show(show, registry, collected)
    assert [str(p) for p in collected] == [
        "docs/episodes/002.md: mentions: 'Nope' is neither in the mentions registry nor linked in the show notes; add it to one of them or remove the alias"
    ]
    assert [(h.mention.name, h.segment_index) for h in one.mentions] == [("Quart", 0), ("Loguru", 0)]
    assert [(h.mention.name, h.linked) for h in two.mentions] == [("Quart", True)]  # Loguru is not in episode 2's notes
    assert [s.slug for s in show.mentions] == ["loguru", "quart"]
    # Quart, from the registry, has its page; Loguru, from the notes of one episode, is
    # listed in the index (linking to that moment) without a page of its own
    pages = {p.spec.slug: [(ep.stem, times) for ep, times in p.episodes] for p in index.pages}
    assert pages == {"quart": [("002", [("t=00:00:00", 0.0)]), ("001", [("t=00:00:00", 0.0)])]}
    assert [(p.spec.slug, p.own_page, [ep.stem for ep, _ in p.episodes]) for p in index.unpaged] == [
        ("loguru", False, ["001"])
    ]
    assert [p.spec.slug for _, group in index.letters() for p in group] == ["loguru", "quart"]
    links = links_for(two, episode_targets(show.episodes, two))
    assert two.transcript is not None
    assert [(k.kind, k.href, two.transcript.segments[0].text[k.start : k.end]) for k in links[0]] == [
        ("episode", "../001/", "episode 1"),
        ("mention", "https://quart.palletsprojects.com/", "court"),
    ]


def test_hidden_episodes_make_no_pages() -> None:
    one = _episode(1, "001", ["Loguru is great."], "[Loguru](https://github.com/Delgan/loguru)")
    show = Show("Show", "https://example.org/", episodes=[one])
    index = annotate_show(show, [], Problems(), visible=[])
    assert index.pages == [] and one.mentions  # annotated, but no page for a draft


# --- the built sample site ---------------------------------------------------


class _Links(HTMLParser):
    """Collect (href, text, class) of every <a> inside an element with the given class."""

    def __init__(self, container: str) -> None:
        super().__init__()
        self.container = container
        self.depth = 0
        self.links: list[tuple[str, str, str]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self.depth:
            self.depth += 1
        elif self.container in (a.get("class") or "").split():
            self.depth = 1
        if tag == "a" and self.depth:
            self._open = [a.get("href") or "", "", a.get("class") or ""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links.append((self._open[0], self._open[1].strip(), self._open[2]))
            self._open = None
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1] += data


def _links(html: str, container: str) -> list[tuple[str, str, str]]:
    parser = _Links(container)
    parser.feed(html)
    return parser.links


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1798761600", NO_MKDOCS_2_WARNING="1")  # 2027-01-01
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_build_mention_page_lists_episodes_newest_first(site: Path) -> None:
    html = (site / "mentions" / "ruff" / "index.html").read_text(encoding="utf-8")
    assert "A fast Python linter and code formatter, written in Rust." in html
    links = _links(html, "podsite-mention-page__episodes")
    assert [(href, text) for href, text, _ in links] == [
        ("../../episodes/003-giving-back/", "#3 Giving back"),
        ("../../episodes/003-giving-back/#t=00:00:48", "0:48"),
        ("../../episodes/001-small-tools-big-wins/", "#1 Small tools, big wins"),
        ("../../episodes/001-small-tools-big-wins/#t=00:01:02", "1:02"),
    ]
    episode = (site / "episodes" / "003-giving-back" / "index.html").read_text(encoding="utf-8")
    assert 'id="t=00:00:48"' in episode
    assert not (site / "mentions.yml").exists()


def test_build_mentions_index_is_a_to_z(site: Path) -> None:
    html = (site / "mentions" / "index.html").read_text(encoding="utf-8")
    names = [text for href, text, _ in _links(html, "podsite-mentions-index")]
    assert names == sorted(names, key=str.casefold)
    assert {"DuckDB", "Python Software Foundation", "pandas", "fixtures"} <= set(names)
    hrefs = dict((text, href) for href, text, _ in _links(html, "podsite-mentions-index"))
    assert hrefs["DuckDB"] == "duckdb/"
    # a name from the notes of a single episode has no page: it links to where it was said
    assert hrefs["fixtures"] == "../episodes/002-testing-the-waters/#t=00:00:36"
    assert not (site / "mentions" / "fixtures").exists()
    for href in hrefs.values():
        path, _, line = href.partition("#")
        page = (site / "mentions" / path / "index.html").read_text(encoding="utf-8")
        assert not line or f'id="{line}"' in page, href
    assert [text for _, text, _ in _links(html, "podsite-az")] == sorted({n[0].upper() for n in names})


def test_build_episode_lists_its_mentions_and_links_the_transcript(site: Path) -> None:
    html = (site / "episodes" / "001-small-tools-big-wins" / "index.html").read_text(encoding="utf-8")
    listed = _links(html, "podsite-mentions__list")
    assert [text for _, text, cls in listed if cls == "podsite-mention"] == [
        "DuckDB",
        "pandas",
        "SQLite",
        "Ruff",
        "Astral",
    ]
    duckdb_times = [(href, text) for href, text, cls in listed if cls == "podsite-ts"][:2]
    assert duckdb_times == [("#t=00:00:19", "0:19"), ("#t=00:00:48", "0:48")]
    transcript = [(href, text) for href, text, cls in _links(html, "podsite-transcript") if cls == "podsite-mention"]
    assert ("https://duckdb.org/", "duck DB") in transcript
    assert all(text != "sqlite3" for _, text in transcript)
    three = (site / "episodes" / "003-giving-back" / "index.html").read_text(encoding="utf-8")
    refs = [(href, text) for href, text, cls in _links(three, "podsite-transcript") if cls == "podsite-episode"]
    assert refs == [("../001-small-tools-big-wins/", "episode 1")]
    assert ("https://docs.astral.sh/ruff/", "rough") in [(h, t) for h, t, c in _links(three, "podsite-transcript")]


# --- the producer script -----------------------------------------------------


def test_producer_hints_name_the_file_and_the_fix() -> None:
    from podsite.mentions.producer import episode_hints

    registry, _ = _registry("- name: Pydantic\n  url: https://docs.pydantic.dev/\n")
    ep = _episode(
        4,
        "004-models",
        ["We validate with Pedantic models.", "Pydantic is fast.", "More on Loguru next time."],
        "[Textual](https://textual.textualize.io/) and [Loguru](https://github.com/Delgan/loguru)",
    )
    ep.transcript.segments[0].line = 7  # type: ignore[union-attr]
    ep.transcript_path = "episodes/004-models.vtt"
    annotate_show(Show("Show", "https://example.org/", episodes=[ep]), registry, Problems())
    assert [str(h) for h in episode_hints(ep, registry)] == [
        "docs/episodes/004-models.md: the notes link 'Textual' (https://textual.textualize.io/) is never said in the transcript; "
        "if the transcript spells it differently, add `Textual: [spelling]` under `mentions:` in the front matter",
        "docs/episodes/004-models.vtt:7 (00:00:00): 'Pedantic' looks like Pydantic (score 88); if it is, add `Pydantic: [Pedantic]` "
        "under `mentions:` in docs/episodes/004-models.md (this episode only) or to its aliases in docs/mentions.yml (every episode)",
    ]


def test_producer_script_on_the_sample_site() -> None:
    script = [sys.executable, str(ROOT / "scripts" / "mentions.py"), "--site", str(ROOT)]
    env = dict(os.environ, SOURCE_DATE_EPOCH="1798761600")
    result = subprocess.run([*script, "1"], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "docs/episodes/001-small-tools-big-wins.md: the notes link 'Apache Arrow' (https://arrow.apache.org/) is never said in the transcript; "
        "closest words: 'and Arrow' at 00:00:34 (score 67); if the transcript spells it differently, add `Apache Arrow: [spelling]` under `mentions:` in the front matter"
    ]
    missing = subprocess.run([*script, "999"], capture_output=True, text=True, env=env, timeout=300)
    assert missing.returncode == 2 and "no episode '999'" in missing.stderr


def test_episode_alias_problems_name_the_front_matter_line(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "episodes").mkdir(parents=True)
    text = "---\ntitle: Five\ndate: 2026-01-05\nmentions:\n  Quart: [court]\n  Nope: [x]\n---\nNotes.\n"
    (docs / "episodes" / "005.md").write_text(text, encoding="utf-8")
    registry, _ = _registry(
        "- name: Quart\n  url: https://quart.palletsprojects.com/\n- name: Court\n  url: https://example.org/court\n"
    )
    ep = _episode(5, "005", ["The court said Quart."], aliases={"Quart": ["court"], "Nope": ["x"]})
    loaded = load_episode("episodes/005.md", text, docs, Problems(), ())
    ep.lines = loaded.lines  # the front matter lines the build's loader keeps
    problems = Problems()
    annotate_show(Show("Show", "https://example.org/", episodes=[ep]), registry, problems, docs_dir=docs)
    assert [str(p) for p in problems] == [
        "docs/episodes/005.md:6: mentions: 'Nope' is neither in the mentions registry nor linked in the show notes; add it to one of them or remove the alias",
        "docs/episodes/005.md:5: mentions: alias 'court' of Quart is already a spelling of Court; remove it",
    ]


def test_common_words_follow_a_changed_transcript() -> None:
    """Words said in many episodes are counted again from a changed transcript (each one's words
    are kept by its content, so a preview's rebuild reads only the changed one)."""
    from podsite.mentions import spellings

    def show_of(lines: list[str]) -> Show:
        show = Show("Garden", "https://example.org/")
        show.episodes = [_episode(n, f"{n:03d}", [line], "") for n, line in enumerate(lines, start=1)]
        return show

    lines = ["the spade digs the bed"] * 6 + ["the rake and the spade"] * 4
    assert "spade" in common_words(show_of(lines))
    changed = lines[:]
    changed[:8] = ["the hoe weeds the bed"] * 8  # "spade" now in 2 of 10 episodes, "hoe" in 8
    again = common_words(show_of(changed))
    spellings._WORDS_SAID.clear()
    assert again == common_words(show_of(changed))  # the same as counting every transcript anew
    assert "hoe" in again and "spade" not in again


def test_words_counted_as_the_transcripts_were_read_give_the_same_common_words() -> None:
    """A first build counts each transcript's words as it reads it back from the pool: the same
    common words as counting them afterwards, and a count of other transcripts is not used."""
    from podsite import cache
    from podsite.mentions.spellings import WordCount

    show = Show("Garden", "https://example.org/")
    lines = ["the spade digs the bed"] * 8 + ["the rake and the spade"] * 2  # "rake" in 2 of 10: not common
    show.episodes = [_episode(n, f"{n:03d}", [line], "") for n, line in enumerate(lines, start=1)]
    before = cache.remembering()
    try:
        cache.remember_values(False)  # a build
        counted = WordCount()
        for episode in show.episodes:
            assert episode.transcript is not None
            counted.add(episode.transcript)
        expected = common_words(show)
        assert "spade" in expected and "rake" not in expected
        assert common_words(show, counted=counted) == expected
        counted.words["rake"] += 10  # a count the show's transcripts would not give ...
        assert "rake" in common_words(show, counted=counted)  # ... is what is used
        show.episodes = show.episodes[:-1]  # but not for another set of transcripts
        assert common_words(show, counted=counted) == common_words(show)
    finally:
        cache.remember_values(before)


def test_one_build_keeps_no_transcripts_words_a_preview_does() -> None:
    """Counting the words said in many episodes reads every transcript's words (about 0.12 MB an
    episode): `mkdocs serve` keeps them for its next rebuild, one `mkdocs build` lets them go."""
    from podsite import cache
    from podsite.mentions import spellings

    show = Show("Garden", "https://example.org/")
    show.episodes = [_episode(n, f"{n:03d}", ["the spade digs the bed"], "") for n in range(1, 11)]
    before = cache.remembering()
    try:
        cache.remember_values(False)  # a build
        assert "spade" in common_words(show)
        assert spellings._WORDS_SAID == {}
        cache.remember_values(True)  # a preview
        assert "spade" in common_words(show)
        assert len(spellings._WORDS_SAID) == 10
    finally:
        cache.remember_values(before)
        spellings._WORDS_SAID.clear()


@pytest.mark.parametrize(
    "text",
    [
        "Flask and  Django\twere\u00a0said",
        "  leading space, then a name\u2014dashed\u2013twice ",
        "one\nline after another\n\nand (Flask's) end.",
        "",
        "\u2014",
    ],
)
def test_the_token_around_a_place_is_the_one_tokens_split_from_the_start_give(text: str) -> None:
    """A match's ends are looked up in the token they fall in (found from the place itself, not by
    splitting the whole transcript): the token splitting the text from its start gives there, or
    the one before a separator."""
    import bisect

    from podsite.mentions.matcher import _TOKEN, _core, _Text
    from podsite.model import Segment

    doc = _Text([Segment(start=float(n), text=line) for n, line in enumerate(text.split("\n"))])
    spans = [m.span() for m in _TOKEN.finditer(doc.text)]
    for pos in range(len(doc.text) + 2):
        index = bisect.bisect_right([start for start, _ in spans], pos) - 1
        expected = None if index < 0 else _core(doc.text, *spans[index])
        assert doc.token_at(pos) == expected, (text, pos)
