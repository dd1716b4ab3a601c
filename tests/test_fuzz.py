"""Mutation fuzzing (tests/fuzz_mutate.py): mutated specs and hand-edited design.yaml files never crash specgen,
never hang, give the same output twice, load back unchanged, and never run what a spec contains.

`make test` runs a bounded, seeded batch; SPECGEN_FUZZ_EXAMPLES=N runs N of each (and SPECGEN_FUZZ_SEED picks
other mutants). Below: each failure a batch found, as a named regression test.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from fuzz_mutate import PATHOLOGICAL, SENTINEL, mutants, run_batch, run_design_mutant, run_mutant

COUNT = int(os.environ.get("SPECGEN_FUZZ_EXAMPLES", "200"))
SEED = int(os.environ.get("SPECGEN_FUZZ_SEED", "0"))


def _report(found: dict[tuple[str, str], list[str]]) -> str:
    return "\n".join(f"[{kind}] {site}: {len(w)} input(s), e.g. {w[0]}" for (kind, site), w in sorted(found.items()))


def test_mutated_specs(tmp_path: Path) -> None:
    start = time.perf_counter()
    ran, found = run_batch(COUNT, SEED, keep=tmp_path / "failing")
    assert ran == COUNT
    assert not found, f"{len(found)} failure site(s) in {ran} mutants:\n{_report(found)}"
    assert not (Path.cwd() / SENTINEL).exists()
    print(f"{ran} spec mutants in {time.perf_counter() - start:.1f} s")


def test_mutated_design_yaml(tmp_path: Path) -> None:
    ran, found = run_batch(COUNT // 2, SEED, keep=tmp_path / "failing", design_yaml=True)
    assert not found, f"{len(found)} failure site(s) in {ran} design.yaml mutants:\n{_report(found)}"


def test_mutants_are_seeded() -> None:
    a = [text for _, _, text in mutants(20, seed=7)]
    assert a == [text for _, _, text in mutants(20, seed=7)]
    assert a != [text for _, _, text in mutants(20, seed=8)]


def test_the_harness_sees_a_crash_and_a_hang(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The fuzz test can fail: an exception outside SpecgenError and a run over the bound are reported."""
    import specgen.pipeline

    def boom(*args: object, **kwargs: object) -> None:
        raise KeyError("x")

    monkeypatch.setattr(specgen.pipeline, "design_specs", boom)
    (failure,) = run_mutant("# x\n", tmp_path / "a")
    assert failure.kind == "crash" and "KeyError" in failure.detail

    def slow(*args: object, **kwargs: object) -> None:
        time.sleep(1.2)

    monkeypatch.setattr(specgen.pipeline, "design_specs", slow)
    (failure,) = run_mutant("# x\n", tmp_path / "b", bound=0.4)
    assert failure.kind == "slow"


# -- failures the batches found, as named regressions ----------------------------------------------------------------


def _clean(text: str, tmp_path: Path, bound: float | None = None) -> None:
    problems = run_mutant(text, tmp_path) if bound is None else run_mutant(text, tmp_path, bound)
    assert problems == [], problems


def test_json_default_empty_list_survives_design_yaml(tmp_path: Path) -> None:
    """`default: []` was left out of design.yaml like an empty list field, and read back as no default."""
    _clean(
        "## Entity: T\n\n| Column | Type | Default |\n|---|---|---|\n| id | uuid | |\n| tags | json | [] |\n", tmp_path
    )


def test_label_pattern_does_not_backtrack_on_long_lines(tmp_path: Path) -> None:
    """A paragraph line of a word, 60 spaces and a word took 1.5 s in the label pattern (20 s for docs/migrations.md
    with one extra fence)."""
    # A hang guard (fails after 15 s), not a budget: `make bench` times this input.
    _clean(PATHOLOGICAL["long paragraph line"], tmp_path, bound=5)


def test_column_name_cell_of_brackets_is_linear(tmp_path: Path) -> None:
    """`i[[[[…` (5,000 brackets) in a Column cell: the trailing-punctuation substitution was quadratic (20 s)."""
    _clean(PATHOLOGICAL["bracket column cell"], tmp_path, bound=5)


def test_mysql_key_read_as_index_of_nothing(tmp_path: Path) -> None:
    """`KEY character varying(255)` in a CREATE TABLE became an index without columns that design.yaml could
    not load back."""
    _clean(
        "```sql\nCREATE TABLE t (\n  id bigint PRIMARY KEY,\n  KEY character varying(255) NOT NULL\n);\n```\n", tmp_path
    )


def test_default_out_of_float_range_round_trips(tmp_path: Path) -> None:
    """`1e999` was a float infinity, written as `default: null` and lost on reload (design_hash changed)."""
    _clean(
        "## Entity: T\n\n| Column | Type | Default |\n|---|---|---|\n| id | uuid | |\n| n | double | 1e999 |\n",
        tmp_path,
    )


@pytest.mark.parametrize(
    "value",
    ["2024-02-30", "9" * 5000, '"\\ud800"', "&a [1, *a]", "[" * 100],
    ids=["bad-date", "huge-int", "surrogate", "alias", "nesting"],
)
def test_hand_edited_design_yaml_values(value: str, tmp_path: Path) -> None:
    """Values the C YAML loader raised ValueError on (2024-02-30), a name a lone surrogate broke SG109 with, …:
    design.yaml refuses each with its line (SpecErrors), never a traceback."""
    from specgen.design.yaml_io import load_design
    from specgen.errors import SpecErrors

    text = (
        "database_schema:\n  meta:\n    spec_file: specs\n  entities:\n  - name: T\n"
        f"    table_name: {value}\n    columns: []\n"
    )
    assert run_design_mutant(text, tmp_path) == []
    (tmp_path / "d.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SpecErrors) as exc:
        load_design(tmp_path / "d.yaml")
    assert any(d.loc is not None and d.loc.line >= 1 for d in exc.value.diagnostics)


@pytest.mark.parametrize(
    ("edit", "line"),
    # the line of the offending key; for `enum` (no `enum:` key to point at) the line of the column
    [("database_type: varchr", 16), ("database_type: date[]", 16), ("database_type: enum", 14)],
)
def test_hand_edited_design_yaml_types_render_cannot_map(edit: str, line: int, tmp_path: Path) -> None:
    """`render` raised ValueError / KeyError on these while `validate design.yaml` said "no findings"."""
    from specgen.design.yaml_io import load_design
    from specgen.errors import SpecErrors

    text = (
        "database_schema:\n  meta:\n    spec_file: specs\n  entities:\n  - name: T\n    table_name: t\n"
        "    columns:\n    - name: id\n      python_name: id\n      database_type: uuid\n      sql_type: uuid\n"
        "      python_type: UUID\n      nullable: false\n    - name: x\n      python_name: x\n"
        "      database_type: text\n      sql_type: text\n      python_type: str\n      nullable: true\n"
    )
    lines = text.split("\n")
    lines[15] = "      " + edit
    (tmp_path / "d.yaml").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(SpecErrors) as exc:
        load_design(tmp_path / "d.yaml")
    (d,) = exc.value.diagnostics
    assert d.loc is not None and d.loc.line == line and "t.x" in d.message, d.format()


@pytest.mark.parametrize(
    "spec",
    [
        "## Entity: T\nrows: " + "9" * 5000 + "\n\n| Column | Type |\n|---|---|\n| id | uuid |\n",
        "## Entity: T\n\n| Column | Type |\n|---|---|\n| id | uuid |\n| a | varchar(²) |\n| b | CharField(max_length=²) |\n",
        "## Entity: T\n\n| Column | Type |\n|---|---|\n| id | uuid |\n| a | String(" + "9" * 5000 + ") |\n"
        "| b | DecimalField(max_digits=" + "9" * 5000 + ", decimal_places=2) |\n",
    ],
    ids=["rows", "unicode-digit-size", "written-type-huge-size"],
)
def test_sizes_are_bounded_before_int(spec: str, tmp_path: Path) -> None:
    """int() raised ValueError on 4,301 digits and on '²' (str.isdigit() accepts it) in three readers."""
    _clean(spec, tmp_path)
