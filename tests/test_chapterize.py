"""Chapters derived from show notes: the notes recogniser, the chapters, and their quality.

The quality test places the topics of 35 corpus episodes and compares them with
starts labelled by hand (tests/data/chapter_labels/, see its README): the share of
starts within 30 s of the label must not drop below the level reached, and no
item may come out in the wrong order. Held-out parts, labelled before the method
was run on them (heldout*.tsv), have their own floors (`HELD_OUT`).
"""

from __future__ import annotations

import csv
import datetime as dt
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from podsite.chapterize import (
    NoteItem,
    Placed,
    derive_chapters,
    describe,
    parse_notes,
    place_items,
)
from podsite.errors import Problems
from podsite.model import Chapter, Episode, Segment, Transcript
from podsite.timecode import parse_time
from podsite.transcripts import parse_transcript

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "chapter_labels" / "labels.tsv"
LABEL_DIR = ROOT / "tests" / "data" / "chapter_labels"

#: Share of labelled starts within 30 s reached on the labelled set (256 of 258).
MIN_WITHIN_30 = 0.98
#: Median absolute error reached is about a second; allow some slack.
MAX_MEDIAN_ERROR = 3.0


@dataclass(frozen=True)
class HeldOut:
    """A held-out part: label files measured together, and the floors that guard it."""

    name: str
    files: tuple[str, ...]
    min_within_30: float
    max_inversions: int


#: Each part was labelled before the method was run on it and measured once with the method
#: frozen; most were then used to develop it, and their floors guard the level reached. The labels
#: README records every measurement and miss.
HELD_OUT = [
    # first 36 of 38 (94.7%); its two misses studied later: 38 of 38, none out of order
    HeldOut("heldout", ("heldout.tsv",), 0.97, 0),
    # first 81 of 94 (86.2%), one pair out of order; then developed on: 89 of 94, none
    HeldOut("heldout4", ("heldout4.tsv",), 0.94, 0),
    # first 89 of 98 (90.8%); then developed on: 96 of 98
    HeldOut("heldout5", ("heldout5.tsv",), 0.97, 0),
    # first 98 of 109 (89.9%), four pairs out of order; then 104 of 109. The four pairs are all
    # 351's sponsor read, placed in the garbled stretch of its transcript.
    HeldOut("heldout6", ("heldout6.tsv",), 0.95, 4),
    # first 103 of 109 (94.5%), none out of order; then 108 of 109
    HeldOut("heldout7", ("heldout7.tsv",), 0.99, 0),
    # first 105 of 112 (93.8%), none out of order; then 106 of 112
    HeldOut("heldout8", ("heldout8.tsv",), 0.94, 0),
    # first 148 of 156 (94.9%; heldout9 81 of 86, heldout10 67 of 70), none out of order; then 151
    HeldOut("heldout9+10", ("heldout9.tsv", "heldout10.tsv"), 0.96, 0),
    # first 207 of 230 (90.0%), two pairs out of order (347, discussed out of notes order); then 211;
    # then 223, none out of order (cue phrases heard more widely, the talk after a read, the Extras'
    # and Joke's turns, a topic taken up earlier than the notes list it)
    HeldOut("heldout11-13", ("heldout11.tsv", "heldout12.tsv", "heldout13.tsv"), 0.96, 0),
    # first 278 of 311 (89.4%), one pair out of order (the target is 95%); then "Michael: #0:" read
    # as a topic line: 282 of 311; then 296 of 311, none out of order
    HeldOut("heldout14-17", ("heldout14.tsv", "heldout15.tsv", "heldout16.tsv", "heldout17.tsv"), 0.95, 0),
    # first (and only) measurement at 1f2c0a3: 299 of 323 (92.6%), three pairs out of order (409's two
    # sponsors' reads, 085's read); the method before its last round of rules (bc37f6f): 297 of 323
    HeldOut("heldout18-21", ("heldout18.tsv", "heldout19.tsv", "heldout20.tsv", "heldout21.tsv"), 0.92, 3),
    # first (and only) measurement at 1f2c0a3: 278 of 307 (90.6%), none out of order; bc37f6f: 278 too
    HeldOut("heldout22-25", ("heldout22.tsv", "heldout23.tsv", "heldout24.tsv", "heldout25.tsv"), 0.90, 0),
    # first (and only) measurement, the method unchanged since 1f2c0a3: 330 of 360 (91.7%), none out
    # of order
    HeldOut("heldout26-29", ("heldout26.tsv", "heldout27.tsv", "heldout28.tsv", "heldout29.tsv"), 0.91, 0),
    # first (and only) measurement, the method unchanged since 1f2c0a3: 242 of 272 (89.0%), one pair
    # out of order (012's read, placed before a topic whose notes line is not read as one); most of its
    # episodes are from the show's first year; then 249 of 272 (91.5%), none out of order, with the
    # notes recogniser reading 012's "BO 1:" topic line and two more Extras headings
    HeldOut("heldout30-33", ("heldout30.tsv", "heldout31.tsv", "heldout32.tsv", "heldout33.tsv"), 0.91, 0),
    # episode 451 (its transcript with speakers' names), first measurement at 3dd9c8f: 5 of 6, none
    # out of order; the Joke announced for later in the Extras ("then we'll do a joke") taken as its
    # turn; then 6 of 6, with that heard as no turn to the Joke
    HeldOut("heldout34", ("heldout34.tsv",), 1.0, 0),
]


def kinds(items: list[NoteItem]) -> str:
    return "".join({"topic": "T", "sponsor": "S", "extras": "E", "joke": "J"}[item.kind] for item in items)


def titles(items: list[NoteItem], kind: str = "topic") -> list[str]:
    return [item.title for item in items if item.kind == kind]


# ---------------------------------------------------------------------------
# The notes recogniser, on excerpts of real show notes
# ---------------------------------------------------------------------------

NOTES_2019 = """\
# Python Bytes 150

Sponsored by Datadog: [*pythonbytes.fm/datadog*](http://pythonbytes.fm/datadog)

Michael #1: [**How to Stand Out in a Python Coding Interview**](https://realpython.com/python-coding-interview-tips/)

- Real Python, by [James Timmins](https://realpython.com/python-coding-interview-tips/#author)

**Brian #2:** [**The Python Software Foundation has updated its Code of Conduct**](http://pyfound.blogspot.com/2019/09/x.html)

- There's now one code of conduct for PSF and PyCon US

**Brian #4:** [**re-assert**](https://github.com/asottile/re-assert) **: "show where your regex match assertion failed"**

Extras:

- [Portland West meetup](https://www.meetup.com/)

Joke:

Web development merit badges
"""


def test_speaker_number_lines_sponsor_extras_and_joke() -> None:
    items = parse_notes(NOTES_2019)
    assert kinds(items) == "STTTEJ"
    assert titles(items) == [
        "How to Stand Out in a Python Coding Interview",
        "The Python Software Foundation has updated its Code of Conduct",
        're-assert: "show where your regex match assertion failed"',
    ]
    topics = [item for item in items if item.kind == "topic"]
    assert [item.speaker for item in topics] == ["Michael", "Brian", "Brian"]
    assert [item.number for item in topics] == [1, 2, 4]
    assert topics[0].url == "https://realpython.com/python-coding-interview-tips/"
    assert items[0].title == "Sponsor: Datadog"
    assert items[-2].title == "Extras"
    assert items[-1].title == "Joke"


def test_other_news_and_a_hosts_follow_up_line_start_the_extras() -> None:
    """ "Other news" as a heading, and a follow-up named like a topic line ("Michael: Follow up on
    ..."), start the Extras, titled without the host's name."""
    base = """\
**Brian #1:** [**Pytest tips**](https://example.com/pytest)

**Michael #2:** [**Faster requests**](https://example.com/requests)

"""
    other = parse_notes(base + "**Other news**\n\n[pycascades.com](http://www.pycascades.com) is a regional PyCon.\n")
    assert kinds(other) == "TTE"
    assert other[-1].title == "Other news"
    follow = parse_notes(
        base + "**Michael: Follow up on RHL:** [**Red Hat Software Collections**](https://example.com/rh)\n"
    )
    assert kinds(follow) == "TTE"
    assert follow[-1].title.startswith("Follow up on RHL")
    # a topic line that only mentions a follow-up is still a topic
    assert kinds(parse_notes(base + "**Brian #3:** [**Follow up on packaging**](https://example.com/p)\n")) == "TTT"


def test_a_topic_line_with_the_hosts_initials_is_read_when_its_number_comes_next() -> None:
    notes = """\
**BO 1:  A couple of mental model articles**

- [Mental models](https://example.com/models)
- **PEP 8: style guide**, said in passing

**Michael #2:** [**Why learn Python?**](https://example.com/why)

**Brian #3:** [**Testing with pytest**](https://example.com/pytest)

**PEP 8: the style guide, again**
"""
    items = parse_notes(notes)
    assert titles(items) == ["A couple of mental model articles", "Why learn Python?", "Testing with pytest"]
    assert [item.number for item in items] == [1, 2, 3]


def test_number_first_lines_and_a_title_on_the_next_line() -> None:
    notes = """\
**#1 (Brian): [Advanced Time Series Plots in Python](http://www.blackarbs.com/blog/x) from blackarbs.com**

**#2 (Michael):** [**Dismissing Python Garbage Collection at Instagram**](https://engineering.instagram.com/x)

**#5: (Brian): [PEP 541 -- Package Index Name Retention](https://www.python.org/dev/peps/pep-0541/)**

**#4 (Michael)**
**Introduction to MongoDB and Python**
[https://realpython.com/blog/python/introduction-to-mongodb-and-python/](https://realpython.com/blog/python/x/)

**#5 Brian** **CLI with Click**
"""
    items = parse_notes(notes)
    assert titles(items) == [
        "Advanced Time Series Plots in Python from blackarbs.com",
        "Dismissing Python Garbage Collection at Instagram",
        "PEP 541 -- Package Index Name Retention",
        "Introduction to MongoDB and Python",
        "CLI with Click",
    ]
    assert [item.speaker for item in items] == ["Brian", "Michael", "Brian", "Michael", "Brian"]


def test_headings_split_links_bare_urls_and_typos_in_the_name() -> None:
    notes = """\
## Show Intro

Sponsored by us! Support our work through:

## **Michael #1: [Lock the Ghost](https://www.cert.at/en/blog/2026/3/lock-the-ghost)**

C**hris #2:** [**Pyxel**](https://github.com/kitao/pyxel)

**Michael #3:** [**Fl**](https://flet.dev)[**e**](https://flet.dev)[**t UI**](https://flet.dev)

## **Michael #4:** https://github.com/facebook/Lifeguard

```toml
# pyproject.toml
[dependency-groups]
```

## **Extras**

## **Joke:** [Can you?](https://x.com/McGrewSecurity/status/2034030394262110593)

## Links
"""
    items = parse_notes(notes)
    assert kinds(items) == "STTTTEJ"
    assert items[0].title == "Sponsor"  # sponsored by the show itself
    assert titles(items) == ["Lock the Ghost", "Pyxel", "Flet UI", "Lifeguard"]
    assert items[-1].title == "Joke: Can you?"
    assert items[-1].url == "https://x.com/McGrewSecurity/status/2034030394262110593"


def test_topics_given_only_as_a_url_are_titled_by_the_words_around_them() -> None:
    """A topic line with no title but a link below it: the link's sentence, the next line,
    else the site's name; never a bare host name."""
    notes = """\
**Ada #1:**

- Checklists for teams → [tally](https://tally.example.org/)
    - More about it later.

**Grace #2:** https://www.rowboat.example.com/

Rowboat keeps your boats in a row. It is new.

**Ada #3:**

- https://deon.drivendata.org/#default-checklist

**Grace #4:** [**Quiet**](https://quiet.example.net/)

Extras:
"""
    items = parse_notes(notes)
    assert titles(items) == [
        "Checklists for teams → tally",
        "Rowboat keeps your boats in a row. It is new.",  # the next line, as for any untitled topic
        "Deon",
        "Quiet",
    ]
    assert [item.url for item in items if item.kind == "topic"][:3] == [
        "https://tally.example.org/",
        "https://www.rowboat.example.com/",
        "https://deon.drivendata.org/#default-checklist",
    ]
    long = parse_notes("**Ada #1:**\n\n- " + "word " * 30 + "[x](https://x.example.org/)\n\n**Ada #2:** Two\n")
    assert len(titles(long)[0]) <= 70 and titles(long)[0].endswith("…")
    bare = parse_notes("**Ada #1:** https://deon.drivendata.org/\n\n**Ada #2:** Two\n")
    assert titles(bare) == ["Deon", "Two"]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Sponsored by Datadog -- [**pythonbytes.fm/datadog**](http://pythonbytes.fm/datadog)", "Sponsor: Datadog"),
        ("Sponsored by [**pythonbytes.fm/datadog**](https://pythonbytes.fm/datadog)", "Sponsor: Datadog"),
        (
            "This episode was brought to you by [Rollbar: they help you](http://rollbar.com/pythonbytes).",
            "Sponsor: Rollbar",
        ),
        (
            "Sponsored by **Shortcut - Get started at** [**shortcut.com/pythonbytes**](http://shortcut.com/x)",
            "Sponsor: Shortcut",
        ),
        ("Sponsored by us! Support our work through:", "Sponsor"),
        ("Sponsored: [**RedHat: Compiler Podcast**](https://pythonbytes.fm/compiler)", "Sponsor: RedHat"),
    ],
)
def test_sponsor_names(line: str, title: str) -> None:
    items = parse_notes(f"{line}\n\n**Brian #1:** One\n\n**Michael #2:** Two\n")
    assert items[0].kind == "sponsor"
    assert items[0].title == title


def test_a_topic_line_without_its_hash_counts_for_a_host_of_the_show() -> None:
    """`**Cecil 5**: [Title](url)` is Cecil's fifth topic when the notes also write `Cecil #2`."""
    notes = (
        "**Dan #1:** [**Pip as a module**](https://a.example.org/)\n\n"
        "**Cecil #2:** [**An editor in the browser**](https://b.example.org/)\n\n"
        "**Cecil 5**: [**Navigating code**](https://c.example.org/)\n\n"
        "**Python 3**: [**not a topic**](https://d.example.org/)\n\n"
        "**Michael #6**: [**Selfies**](https://e.example.org/)\n"
    )
    items = [item for item in parse_notes(notes) if item.kind == "topic"]
    assert [(item.number, item.speaker, item.title) for item in items] == [
        (1, "Dan", "Pip as a module"),
        (2, "Cecil", "An editor in the browser"),
        (5, "Cecil", "Navigating code"),
        (6, "Michael", "Selfies"),
    ]


def test_a_topic_line_with_a_colon_after_the_name_counts() -> None:
    """`**Michael: #0: Six years** old this week` is a topic line, numbered 0, before `Michael #1`."""
    notes = "**Michael: #0: Six years** old this week.\n\n**Michael #1:** [**One**](https://a.example.org/)\n\n**Brian #2:** Two\n"
    items = [item for item in parse_notes(notes) if item.kind == "topic"]
    assert [(item.number, item.speaker) for item in items] == [(0, "Michael"), (1, "Michael"), (2, "Brian")]
    assert items[0].title.startswith("Six years")


def test_early_notes_list_link_paragraphs_under_news_items() -> None:
    notes = """\
Welcome to Python Bytes. In this first episode we cover PyData videos, safety-db project, and more!

## News items
[**PyData DC 2016 videos are out**](https://www.youtube.com/playlist?list=x)

- 64 videos (30 hours)
- Some standout videos

[**easyargs**](https://github.com/stedmeister/easyargs)

- A python module to make handling command line arguments easy

## Our personal news

### Brian
- Episode 24 [Test and Code Podcast](http://pythontesting.net/)
"""
    items = parse_notes(notes)
    assert kinds(items) == "TTE"
    assert titles(items) == ["PyData DC 2016 videos are out", "easyargs"]
    assert items[-1].title == "Our personal news"


def test_a_topics_list_of_bullets() -> None:
    notes = """\
A web framework that starts as one file and a test runner.

## Topics

- [Flask](https://flask.palletsprojects.com/): start small, add blueprints as you grow.
- [pytest](https://docs.pytest.org/): [fixtures](https://docs.pytest.org/x) such as `tmp_path`.
- The [Python Software Foundation](https://www.python.org/psf-landing/) and its grants.

## Extras

- Ada's favourite fixture is `tmp_path`.
"""
    items = parse_notes(notes)
    assert kinds(items) == "TTTE"
    assert titles(items) == ["Flask", "pytest", "The Python Software Foundation and its grants"]
    assert items[0].url == "https://flask.palletsprojects.com/"


def test_notes_without_topics() -> None:
    assert [item.kind for item in parse_notes("Just a paragraph about the episode.\n")] == []
    assert kinds(parse_notes("**Main topic**: AMA questions.\n\n**Extras**\n\n**Joke:** [x](https://x.com)\n")) == "EJ"


# ---------------------------------------------------------------------------
# Chapters of an episode
# ---------------------------------------------------------------------------

SCRIPT = [
    (0, "Welcome to the show, episode twelve. I'm Ada and here with Tomas."),
    (6, "It's a sunny day and we have a bunch of things lined up for you."),
    (12, "So Tomas, what do you got for us first?"),
    (16, "I want to talk about DuckDB. DuckDB runs SQL over Parquet files."),
    (24, "DuckDB is an in-process analytical database, no server needed."),
    (32, "You can query a Parquet file from a notebook with DuckDB in one line."),
    (40, "That sounds handy for notebooks. Nice."),
    (46, "All right, over to you, Ada."),
    (50, "Let's talk about Ruff, the linter. Ruff checks a big code base in a second."),
    (58, "Ruff also formats code now, and Ruff replaces a pile of plugins."),
    (66, "I switched our project to Ruff last week, it found four hundred things."),
    (74, "Impressive. Okay, anything else? Any extras?"),
    (78, "One extra: the garden meetup moved to Thursdays."),
    (86, "And a joke to finish: why did the linter cross the road? It was a joke about style."),
    (94, "Thanks for listening, goodbye."),
]

SCRIPT_NOTES = """\
**Tomas #1:** [**DuckDB in a notebook**](https://duckdb.org/)

- SQL over CSV and Parquet files, in process.

**Ada #2:** [**Ruff, the fast linter**](https://docs.astral.sh/ruff/)

- A linter and formatter.

**Extras**

- The garden meetup moved to Thursdays.

**Joke:** The linter and the road
"""


def script_episode(notes: str = SCRIPT_NOTES) -> Episode:
    segments = [Segment(start=float(t), text=text, line=n + 1) for n, (t, text) in enumerate(SCRIPT)]
    return Episode(
        stem="012-garden",
        src_uri="episodes/012-garden.md",
        title="Episode twelve",
        date=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
        notes=notes,
        transcript=Transcript(path="docs/episodes/012-garden.txt", format="txt", segments=segments),
    )


def test_derived_chapters_open_at_zero_and_follow_the_conversation() -> None:
    chapters = derive_chapters(script_episode())
    assert [(ch.start, ch.title) for ch in chapters] == [
        (0.0, "Introduction"),
        (12.0, "DuckDB in a notebook"),
        (46.0, "Ruff, the fast linter"),
        (75.0, "Extras"),  # "anything else?" halfway through the 74 s line
        (86.0, "Joke: The linter and the road"),
    ]
    assert all(isinstance(ch, Chapter) and ch.derived for ch in chapters)
    assert chapters[1].url == "https://duckdb.org/"
    assert describe(chapters)[:2] == ["00:00:00 Introduction (derived)", "00:00:12 DuckDB in a notebook (derived)"]
    assert describe([Chapter(start=75.0, title="Hand-written")]) == ["00:01:15 Hand-written"]


PREROLL = [
    (0, "This episode is brought to you by Acme. Get a free widget at acme.example/show."),
    (7, "Acme makes the widgets our garden runs on."),
    (14, "Hello and welcome to the show, episode thirteen. I'm Ada and here with Tomas."),
    (20, "Before we get into the topics, thanks to everyone who wrote in."),
    (26, "I want to talk about the mail for a second, we got a lot of it."),
    (34, "It was all lovely, thank you."),
    (40, "All right, Tomas, kick us off with the first topic."),
    (44, "DuckDB runs SQL over Parquet files, right inside the notebook."),
    (52, "DuckDB is an in-process analytical database, no server needed."),
    (60, "You can query a Parquet file from a notebook with DuckDB in one line."),
    (68, "That sounds handy. Over to you, Ada."),
    (72, "Ruff, the linter, checks a big code base in a second."),
    (80, "Ruff also formats code now, and Ruff replaces a pile of plugins."),
    (88, "I switched our project to Ruff last week, it found four hundred things."),
    (96, "Thanks for listening, goodbye."),
]


def test_an_ad_read_before_the_greeting_and_chat_before_the_first_topic() -> None:
    """The sponsor's read opens the episode; the first topic is not the chat after the greeting."""
    notes = (
        "Sponsored by Acme: [acme.example/show](https://acme.example/show)\n\n" + SCRIPT_NOTES.split("**Extras**")[0]
    )
    segments = [Segment(start=float(t), text=text, line=n + 1) for n, (t, text) in enumerate(PREROLL)]
    transcript = Transcript(path="docs/episodes/013-acme.txt", format="txt", segments=segments)
    placed = {p.item.title: p.start for p in place_items(parse_notes(notes), transcript)}
    assert placed["Sponsor: Acme"] == 0.0
    assert 40.0 <= placed["DuckDB in a notebook"] <= 42.0  # "kick us off", not "I want to talk about the mail"
    assert 68.0 <= placed["Ruff, the fast linter"] <= 70.0


OWN_READ = [
    (0, "Hello and welcome to the show, episode fourteen. I'm Ada and here with Tomas."),
    (8, "This episode is sponsored by us."),
    (14, "All right, Tomas, kick us off with the first topic."),
    (18, "DuckDB runs SQL over Parquet files, right inside the notebook."),
    (26, "DuckDB is an in-process analytical database, no server needed."),
    (34, "You can query a Parquet file from a notebook with DuckDB in one line."),
    (42, "Nice. If you want to support what we're doing, become a Patreon supporter."),
    (50, "And I've got the gardening courses over at Garden Training, check those out."),
    (58, "Every course at Garden Training comes with exercises. The Patreon link is in the notes."),
    (66, "Awesome. Over to you, Ada."),
    (70, "Ruff, the linter, checks a big code base in a second."),
    (78, "Ruff also formats code now, and Ruff replaces a pile of plugins."),
    (86, "I switched our project to Ruff last week, Ruff is fast."),
    (94, "It found four hundred things in our garden code base."),
    (102, "All right, extras. The garden meetup moved to Thursdays."),
    (110, "Not the joke yet: meetup on Thursdays at the garden, everyone is welcome."),
    (118, "And now the joke: the linter and the road."),
    (126, "Thanks for listening, goodbye."),
]


def test_the_hosts_own_read_and_a_joke_not_yet_told() -> None:
    """ "Sponsored by us" reads the list under it; "Not the joke yet." is no turn to the Joke."""
    notes = (
        "Sponsored by us! Support our work through:\n\n"
        "- Our [**courses at Garden Training**](https://training.example/)\n"
        "- [**Patreon supporters**](https://patreon.example/show)\n\n" + SCRIPT_NOTES
    )
    segments = [Segment(start=3.0 * t, text=text, line=n + 1) for n, (t, text) in enumerate(OWN_READ)]
    transcript = Transcript(path="docs/episodes/014-garden.txt", format="txt", segments=segments)
    placed = {
        p.item.title if p.item.kind == "topic" else p.item.kind: p.start
        for p in place_items(parse_notes(notes), transcript)
    }
    assert 126.0 <= placed["sponsor"] <= 129.0  # the read, not the opening mention
    assert 198.0 <= placed["Ruff, the fast linter"] <= 201.0  # after the read, at the hand-over
    assert placed["joke"] >= 354.0  # "Not the joke yet." at 330 s does not count


JOKE_LATER = [
    (0, "Hello and welcome to the show, episode fifteen. I'm Ada and here with Tomas."),
    (8, "All right, Tomas, kick us off with the first topic."),
    (12, "DuckDB runs SQL over Parquet files, right inside the notebook."),
    (20, "DuckDB is an in-process analytical database, no server needed."),
    (28, "You can query a Parquet file from a notebook with DuckDB in one line."),
    (36, "Awesome. Over to you, Ada."),
    (40, "Ruff, the linter, checks a big code base in a second."),
    (48, "Ruff also formats code now, and Ruff replaces a pile of plugins."),
    (56, "I switched our project to Ruff last week, Ruff is fast."),
    (64, "All right, extras. The garden meetup moved to Thursdays."),
    (72, "I have one more extra, so let me talk real quick and then we'll do a joke."),
    (80, "The garden club has a new website, with a calendar of every meetup."),
    (88, "It lists the talks too, and the meetups in the library."),
    (96, "All right. How about something funny? The linter and the road."),
    (104, "Thanks for listening, goodbye."),
]


def test_a_joke_announced_for_later_is_no_turn_to_it() -> None:
    """ "Let me talk real quick and then we'll do a joke": the Joke comes after that extra."""
    segments = [Segment(start=3.0 * t, text=text, line=n + 1) for n, (t, text) in enumerate(JOKE_LATER)]
    transcript = Transcript(path="docs/episodes/015-garden.txt", format="txt", segments=segments)
    placed = {p.item.kind: p.start for p in place_items(parse_notes(SCRIPT_NOTES), transcript)}
    assert 192.0 <= placed["extras"] <= 198.0
    assert 288.0 <= placed["joke"] <= 300.0  # not at the announcement, at 216 s


def test_no_chapters_without_topics_or_transcript() -> None:
    assert derive_chapters(script_episode(notes="A paragraph, no topics.\n")) == []
    one_topic = "**Tomas #1:** [**DuckDB in a notebook**](https://duckdb.org/)\n"
    assert derive_chapters(script_episode(notes=one_topic)) == []
    episode = script_episode()
    episode.transcript = None
    assert derive_chapters(episode) == []


def test_derived_chapters_are_deterministic() -> None:
    assert derive_chapters(script_episode()) == derive_chapters(script_episode())


# ---------------------------------------------------------------------------
# Quality on hand-labelled corpus episodes
# ---------------------------------------------------------------------------


def label_key(placed: Placed, topics: list[NoteItem]) -> str:
    if placed.item.kind == "topic":
        return f"topic{topics.index(placed.item) + 1}"
    return placed.item.kind


Measured = list[tuple[str, dict[str, float], dict[str, float], float]]


def numbered(starts: list[tuple[str, float]]) -> dict[str, float]:
    """Item -> start; an item twice in one episode (two sponsors' reads) as `sponsor`, then
    `sponsor#2`, in time order, so the labels and the placed items pair up in order."""
    found: dict[str, float] = {}
    for item, start in sorted(starts, key=lambda pair: pair[1]):
        key, n = item, 1
        while key in found:
            n += 1
            key = f"{item}#{n}"
        found[key] = start
    return found


@pytest.fixture(scope="module")
def labelled(corpus: Path) -> Measured:
    """Per labelled episode: its name, the labelled starts, the placed starts, the CPU seconds taken."""
    return measure(corpus, LABELS)


def measure(corpus: Path, labels_file: Path) -> Measured:
    """Place the items of each episode in `labels_file` and pair them with the labelled starts."""
    rows = list(csv.DictReader(labels_file.open(encoding="utf-8"), delimiter="\t"))
    episodes: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        episodes.setdefault((row["transcript"], row["shownotes"]), []).append(row)
    results = []
    for (transcript_path, notes_path), labels in sorted(episodes.items()):
        notes = (corpus / notes_path).read_text(encoding="utf-8")
        transcript = parse_transcript((corpus / transcript_path).read_bytes(), transcript_path, Problems())
        began = time.process_time()
        items = parse_notes(notes)
        placed = place_items(items, transcript)
        took = time.process_time() - began
        topics = [item for item in items if item.kind == "topic"]
        predicted = numbered([(label_key(p, topics), p.start) for p in placed])
        truth = numbered([(row["item"], parse_time(row["start"])) for row in labels])
        results.append((transcript_path, truth, predicted, took))
    return results


def test_labelled_starts(labelled: list[tuple[str, dict[str, float], dict[str, float], float]], capsys) -> None:
    errors: list[float] = []
    misses: list[str] = []
    for name, truth, predicted, _ in labelled:
        for key, start in truth.items():
            error = abs(predicted[key] - start) if key in predicted else float("inf")
            errors.append(error)
            if error > 30:
                misses.append(f"{name} {key}: labelled {start:.0f} s, placed {predicted.get(key, float('nan')):.0f} s")
    within = sum(error <= 30 for error in errors) / len(errors)
    median = statistics.median(errors)
    took = [seconds * 1000 for *_, seconds in labelled]
    report = (
        f"derived chapters: {len(errors)} labelled starts in {len(labelled)} episodes, "
        f"median absolute error {median:.1f} s, {within:.1%} within 30 s; "
        f"placing took {statistics.median(took):.0f} ms per episode (median CPU time, max {max(took):.0f} ms)"
    )
    with capsys.disabled():
        print("\n" + report)
    assert within >= MIN_WITHIN_30, report + "\n" + "\n".join(misses)
    assert median <= MAX_MEDIAN_ERROR, report


def test_labelled_items_keep_their_order(labelled: list[tuple[str, dict[str, float], dict[str, float], float]]) -> None:
    for name, truth, predicted, _ in labelled:
        true_order = sorted(truth, key=truth.__getitem__)
        placed_order = sorted((key for key in truth if key in predicted), key=predicted.__getitem__)
        assert placed_order == true_order, f"{name}: items placed in the order {placed_order}, spoken {true_order}"


def test_placement_is_fast(labelled: list[tuple[str, dict[str, float], dict[str, float], float]]) -> None:
    took = [seconds for *_, seconds in labelled]
    assert statistics.median(took) < 0.1, f"median {statistics.median(took) * 1000:.0f} ms per episode"


@pytest.mark.parametrize("part", HELD_OUT, ids=[part.name for part in HELD_OUT])
def test_heldout_starts(corpus: Path, part: HeldOut, capsys) -> None:
    """Each held-out part against its floors: starts within 30 s and pairs of items out of spoken order."""
    measured = [pair for name in part.files for pair in measure(corpus, LABEL_DIR / name)]
    check_heldout(f"held-out chapters ({part.name})", measured, part.min_within_30, part.max_inversions, capsys)


def check_heldout(title: str, measured: Measured, min_within: float, max_inversions: int, capsys) -> None:
    """Share of starts within 30 s and pairs of items placed out of spoken order, against their floors."""
    errors: list[float] = []
    misses: list[str] = []
    inversions: list[str] = []
    for name, truth, predicted, _ in measured:
        for key, start in truth.items():
            error = abs(predicted[key] - start) if key in predicted else float("inf")
            errors.append(error)
            if error > 30:
                misses.append(f"{name} {key}: labelled {start:.0f} s, placed {predicted.get(key, float('nan')):.0f} s")
        spoken = sorted(truth, key=truth.__getitem__)
        for i, first in enumerate(spoken):
            for second in spoken[i + 1 :]:
                if first in predicted and second in predicted and predicted[first] > predicted[second]:
                    inversions.append(f"{name}: {second} placed before {first}")
    within = sum(error <= 30 for error in errors) / len(errors)
    median = statistics.median(errors)
    report = (
        f"{title}: {len(errors)} labelled starts in {len(measured)} episodes, "
        f"median absolute error {median:.1f} s, {within:.1%} within 30 s, {len(inversions)} pairs out of order"
    )
    with capsys.disabled():
        print("\n" + report + "".join("\n  " + line for line in misses + inversions))
    assert within >= min_within, report + "\n" + "\n".join(misses)
    assert len(inversions) <= max_inversions, report + "\n" + "\n".join(inversions)


def test_an_item_labelled_twice_in_an_episode_is_measured_twice() -> None:
    """Two sponsors' reads in one episode are two labels, paired with the placed reads in time order."""
    assert numbered([("sponsor", 30.0), ("topic1", 10.0), ("sponsor", 5.0)]) == {
        "sponsor": 5.0,
        "topic1": 10.0,
        "sponsor#2": 30.0,
    }


def _best_split(rows: list[list[float]]) -> float:
    """The best score of every way to cut units 1..n-1 into one stretch per row, in order
    (unit 0 and any units before the first stretch are the opening), found by trying them all."""
    import itertools

    n = len(rows[0])
    best = float("-inf")
    for starts in itertools.combinations(range(1, n), len(rows)):
        ends = [*starts[1:], n]
        best = max(best, sum(sum(row[a:b]) for row, a, b in zip(rows, starts, ends, strict=True)))
    return best


def test_the_stretches_found_are_the_best_cut_of_the_episode() -> None:
    """The split that places the items is the best cut (within the tiny tie-breaking bias), its
    score is that of the stretches it gives, and a tie goes to the later start."""
    import random

    from podsite.chaptering.placement import _segment_dp

    rng = random.Random(7)
    for _ in range(300):
        k, n = rng.randint(1, 4), rng.randint(2, 10)
        rows = [[rng.choice([0.0, -0.1, 0.3, rng.random()]) for _ in range(n)] for _ in range(k)]
        score, starts = _segment_dp(rows)
        if n < k + 1:
            assert starts == []
            continue
        assert starts == sorted(set(starts)) and 1 <= starts[0] and starts[-1] <= n - 1
        ends = [*starts[1:], n]
        got = sum(sum(row[a:b]) for row, a, b in zip(rows, starts, ends, strict=True))
        assert got == pytest.approx(_best_split(rows), abs=1e-6)
        assert score == pytest.approx(got, abs=1e-6)
    # nothing said: each stretch starts as late as it can, one unit before the next
    score, starts = _segment_dp([[0.0] * 6, [0.0] * 6])
    assert starts == [4, 5] and score == pytest.approx(0.0, abs=1e-6)
    assert _segment_dp([[1.0] * 3, [1.0] * 3, [1.0] * 3]) == (float("-inf"), [])


def test_a_name_said_as_two_words_counts_where_it_is_said() -> None:
    """ "pytest" heard as "py test", "rathole" as "rat hole": the unit that says the two words
    says the name; a short name is not made of any two short words ("py" + "pi")."""
    from podsite.chaptering.speech import Speech

    lines = [
        (0.0, "Welcome to the show."),
        (10.0, "This week we go down a rat hole with py test fixtures."),
        (20.0, "Nothing to see here, py pi is elsewhere."),
        (30.0, "And pytest again, with pytest plugins."),
    ]
    segments = [Segment(start=t, text=text, line=n + 1) for n, (t, text) in enumerate(lines)]
    speech = Speech(Transcript(path="t.txt", format="txt", segments=segments))
    found = speech.postings({"rathole", "pytest", "pypi"})
    unit = speech.unit_of
    assert found["rathole"] == {unit[1]: 1}
    assert found["pytest"] == {unit[1]: 1, unit[3]: 2}
    assert "pypi" not in found


@pytest.mark.parametrize(
    "texts",
    [
        ["so the first thing", "i want to talk about", "is a rat hole, isn't it"],
        ["a line\nwith a break of its own", "and x y 42 z"],
        ["", "only the second", ""],
    ],
)
def test_each_lines_words_are_the_words_the_line_says(texts: list[str]) -> None:
    """The transcript's words found in one search of all its lines give each line its own words,
    as a search of each line does (also where a line holds a line break of its own)."""
    from podsite.chaptering.speech import _tokens
    from podsite.chaptering.words import WORD

    expected = [[w for w in WORD.findall(text) if len(w) > 1] for text in texts]
    assert _tokens("\n".join(texts), texts) == expected
