"""The wild corpus: real Markdown schema documents from public repositories (../shared/wild), each
designed alone by the CLI in a fresh process and compared with its hand labels (EXPECT.yaml).

Figures (per file and in total) print with the run. No document is special-cased: the same
reader is checked on documents from other repositories.
"""

from __future__ import annotations

import pytest
import wild_score

pytestmark = [
    pytest.mark.slow,  # a process per document of the wild corpus
    pytest.mark.skipif(
        not (wild_score.WILD / "EXPECT.yaml").is_file(), reason=f"wild corpus not found at {wild_score.WILD}"
    ),
]


@pytest.fixture(scope="module")
def scores() -> list[wild_score.FileScore]:
    return wild_score.run()


def _ratio(pair: tuple[int, int]) -> float:
    return pair[0] / pair[1] if pair[1] else 1.0


def test_wild_corpus_figures(scores: list[wild_score.FileScore], capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print("\n" + wild_score.report(scores))
    t = wild_score.totals(scores)
    assert _ratio(t["entities"]) >= 0.95, t
    assert _ratio(t["columns"]) >= 0.95, t
    assert _ratio(t["fks"]) >= 0.90, t
    assert _ratio(t["invented"]) <= 0.05, t


def test_design_never_refuses_a_wild_document(scores: list[wild_score.FileScore]) -> None:
    """Every document gives a design and no traceback; reading problems are warnings, not refusals."""
    for s in scores:
        assert "Traceback" not in s.stderr, (s.file, s.stderr[-2000:])
        assert s.exit_code == 0, (s.file, s.stderr[-2000:])


def test_the_readme_path_on_wild_documents(capsys: pytest.CaptureFixture[str]) -> None:
    """design -> validate -> render -> alembic upgrade -> import, through the CLI, one fresh project per document:
    every document design reads ends in findings, not a traceback; every one validate passes renders, upgrades
    and imports; and no fewer documents validate than today (a floor, not a target)."""
    import wild_path

    results = wild_path.run()
    with capsys.disabled():
        print("\n" + wild_path.report(results))
    assert not [r.file for r in results if "Traceback" in r.output]
    assert [r.file for r in results if r.validated and not r.upgraded] == []
    assert sum(r.validated for r in results) >= 16
