"""The search relevance set (scripts/relevance/queries.tsv) and its scoring.

Every expected moment must be a line of the corpus transcript it names, where the
answer is said: the set is checked against the corpus, so an answer cannot drift
from what the episode says. The scoring reads links as a listener clicks them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "python-bytes"
sys.path.insert(0, str(ROOT / "scripts"))

import relevance  # noqa: E402


def test_the_set_has_forty_queries_of_every_kind() -> None:
    queries = relevance.load_queries()
    assert len(queries) >= 40
    assert len({q.query.casefold() for q in queries}) == len(queries)
    kinds = " ".join(q.why for q in queries)
    for kind in ("registry", "main item", "ranking", "number", "typo"):
        assert kind in kinds, kind
    assert "#100" in {q.query for q in queries}  # a query may start with "#"; comments start with "# "


def test_every_expected_moment_is_a_line_of_its_transcript() -> None:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        pytest.skip(f"the Python Bytes corpus is not at {CORPUS}")
    import bench

    episodes = {ep.number: ep for ep in bench.load_corpus(CORPUS)}
    for q in relevance.load_queries():
        for number, times in q.moments.items():
            assert number in episodes, (q.query, number)
            if times is None:
                continue
            starts = {round(start) for start, _text in episodes[number].segments}
            missing = [t for t in times if round(t) not in starts]
            assert not missing, (q.query, number, missing)


def test_a_link_scores_only_at_an_expected_moment() -> None:
    q = relevance.Query("duck DB", {235: [26 * 60 + 23.0], 12: None})
    base = "http://127.0.0.1:8000/pb/episodes/"
    assert relevance.moment(f"{base}235-flask/#t=00:26:40") == (235, 26 * 60 + 40.0)
    assert relevance.moment(f"{base}235-flask/#duckdb-pandas") == (235, None)  # a heading: no moment
    assert relevance.scores(q, [[f"{base}235-flask/#t=00:26:40"]]) == 1
    assert relevance.scores(q, [[f"{base}235-flask/#t=00:27:00"]]) is None  # 37 s away
    assert relevance.scores(q, [[f"{base}235-flask/#duckdb-pandas"]]) is None
    assert relevance.scores(q, [[f"{base}235-flask/"]]) is None  # the top of the page, the player at 0:00
    assert relevance.scores(q, [["x"], ["y"], [f"{base}012-x/"]]) == 3  # any link to episode 12
    assert relevance.scores(q, [["x"], ["y"], ["z"], [f"{base}012-x/"]]) is None  # fourth is too late
