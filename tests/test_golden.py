"""The golden-file fixture itself: a missing file fails, a different text fails, the update switch rewrites."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def plain_golden(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Callable[[Path, str], None]:
    """The fixture as a plain run sees it (no update switch)."""
    if request.config.getoption("--update-golden"):
        pytest.skip("--update-golden rewrites golden files on purpose")
    monkeypatch.delenv("SPECGEN_UPDATE_GOLDEN", raising=False)
    return request.getfixturevalue("golden")  # type: ignore[no-any-return]


def test_missing_golden_file_fails(plain_golden: Callable[[Path, str], None], tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="is missing"):
        plain_golden(tmp_path / "gone.txt", "text")
    assert not (tmp_path / "gone.txt").exists()


def test_different_text_fails(plain_golden: Callable[[Path, str], None], tmp_path: Path) -> None:
    (tmp_path / "g.txt").write_text("old\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="differs from the output"):
        plain_golden(tmp_path / "g.txt", "new\n")
    plain_golden(tmp_path / "g.txt", "old\n")


def test_update_switch_rewrites(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECGEN_UPDATE_GOLDEN", "1")
    check = request.getfixturevalue("golden")
    check(tmp_path / "sub" / "g.txt", "fresh\n")
    assert (tmp_path / "sub" / "g.txt").read_text(encoding="utf-8") == "fresh\n"
