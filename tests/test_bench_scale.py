"""The archive-scale benchmark's show of thousands of episodes (`bench.py --scale`), at a tiny size:
every copy of a corpus episode is a different episode to the build and to Hugo.

The real runs (2,000 and 5,000 episodes) take many minutes and are not part of the test suite.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def test_replicated_episodes_are_all_different_and_dated_one_a_day(tmp_path: Path, corpus: Path) -> None:
    from benchkit.corpus import load_corpus, write_podsite
    from benchkit.scale import NEWEST, largest_pages, replicate, write_hugo
    from podsite.errors import Problems
    from podsite.frontmatter import split_front_matter
    from podsite.transcripts import parse_transcript

    source = load_corpus(corpus, 3)
    episodes = replicate(source, 7, tmp_path / "staging")
    assert [ep.number for ep in episodes] == list(range(1, 8))
    assert len({ep.stem for ep in episodes}) == len({ep.title for ep in episodes}) == 7
    # no two transcripts share bytes, so no cache entry made for one copy serves another
    assert len({ep.transcript.read_bytes() for ep in episodes}) == 7
    for ep in episodes:
        original = source[(ep.number - 1) % 3]
        parsed = parse_transcript(ep.transcript.read_bytes(), ep.transcript.name, Problems())
        assert len(parsed.segments) == len(original.segments), ep.stem
        assert f"Episode {ep.number}." in parsed.segments[0].text or ep.transcript.suffix == ".vtt"

    first = NEWEST - dt.timedelta(days=6)
    write_podsite(tmp_path / "podsite", episodes, first, 1)
    write_hugo(tmp_path / "hugo", episodes, first)
    dates = []
    for ep in episodes:
        doc, _notes, _line = split_front_matter(
            (tmp_path / "podsite" / "docs" / "episodes" / f"{ep.stem}.md").read_text(encoding="utf-8"), ep.stem
        )
        dates.append(doc.data["date"])
        hugo_page = (tmp_path / "hugo" / "content" / "episodes" / f"{ep.stem}.md").read_text(encoding="utf-8")
        assert ep.segments[-1][1] in hugo_page  # the transcript text is the Hugo page's body
    assert dates == [first + dt.timedelta(days=i) for i in range(7)]
    assert dates[-1] == NEWEST

    site = tmp_path / "site"
    for rel, size in (
        ("episodes/0001-x/index.html", 900),
        ("episodes/0001-x/transcript.html", 800),
        ("episodes/index.html", 500),
        ("index.html", 100),
    ):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(b"x" * size)
    assert largest_pages(site, {"0001-x"}) == [("episodes/index.html", 500), ("index.html", 100)]
