"""The golden-file helper: a missing golden file fails, never gets written quietly."""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import check_golden, updating


def test_a_missing_golden_file_fails_and_is_not_written(tmp_path: Path) -> None:
    expected = tmp_path / "case.json"
    with pytest.raises(pytest.fail.Exception, match="missing"):
        check_golden(expected, "{}\n")
    assert not expected.exists()


def test_a_difference_fails_with_a_diff(tmp_path: Path) -> None:
    expected = tmp_path / "case.txt"
    expected.write_text("one\ntwo\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)-two.*\+three"):
        check_golden(expected, "one\nthree\n")
    check_golden(expected, "one\ntwo\n")


def test_updating_rewrites_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = tmp_path / "sub" / "case.txt"
    monkeypatch.setenv("UPDATE_GOLDEN", "1")
    assert updating()
    check_golden(expected, "new\n", updating())
    assert expected.read_text(encoding="utf-8") == "new\n"
    monkeypatch.delenv("UPDATE_GOLDEN")
    assert not updating() and updating(True)
