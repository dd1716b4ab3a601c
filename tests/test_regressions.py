"""Every case of ../shared/regressions (its README says what broke and what must happen instead), run as a user
runs the CLI: in a copy of the case folder, `design` (a real process: exit code, no traceback, a hang guard),
then `validate` in every format, `render` of every target and `validate`/`render` of the written design.yaml.

A case whose fix is another branch's is marked xfail(strict=True) naming it: the marker goes when it is fixed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SHARED, run_specgen

REGRESSIONS = SHARED / "regressions"
TESTS = Path(__file__).resolve().parent
# A hang guard, not a budget (timing budgets are `make bench`'s): a command still running after 3x BOUND seconds
# fails its case. For the cases that hung (32 s, 41 s, unbounded before).
BOUND = 10.0
FORMATS = ("text", "json", "sarif", "github")
TARGETS = ("sqlmodel", "alembic", "mermaid", "sql", "docs")


def case(name: str, tmp_path: Path) -> Path:
    """A copy of the case folder (its gen.py run), as the working directory of the commands."""
    src = REGRESSIONS / name
    if not src.is_dir():
        pytest.skip(f"regression case {src} not found (a lone clone has no ../shared)")
    work = tmp_path / name
    shutil.copytree(src, work)
    if (work / "gen.py").is_file():
        subprocess.run([sys.executable, "gen.py"], cwd=work, check=True, timeout=60)
    return work


class Run:
    """The commands of one case and their results: {command: (exit code, stdout + stderr, seconds)}.

    `design` runs as a process (`python -m specgen`: the exit code and stderr a user sees); the other commands
    run the same Typer app in-process (fast), where an exception fails the test with its traceback."""

    def __init__(self, work: Path, bound: float = BOUND) -> None:
        self.work = work
        self.bound = bound
        self.results: dict[str, tuple[int, str, float]] = {}

    def __call__(self, *args: str, process: bool = False) -> tuple[int, str]:
        start = time.perf_counter()
        limit = int(self.bound * 3)
        if process:
            try:
                proc = run_specgen(*args, cwd=self.work, timeout=limit)
            except subprocess.TimeoutExpired:
                pytest.fail(f"specgen {' '.join(args)} hangs: still running after {limit} s")
            code, out = proc.returncode, proc.stdout + proc.stderr
        else:
            code, out = _in_process(self.work, args, limit)
        took = time.perf_counter() - start
        self.results[" ".join(args)] = (code, out, took)
        assert "Traceback" not in out, f"specgen {' '.join(args)}: a traceback\n{out[-3000:]}"
        assert code in (0, 1), f"specgen {' '.join(args)}: exit {code}\n{out[-2000:]}"
        return code, out


def _in_process(work: Path, args: tuple[str, ...], limit: int) -> tuple[int, str]:
    from typer.testing import CliRunner

    from specgen.cli import app

    def hang(signum, frame):  # type: ignore[no-untyped-def]
        pytest.fail(f"specgen {' '.join(args)} hangs: still running after {limit} s")

    here = Path.cwd()
    os.chdir(work)
    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(limit)
    try:
        result = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"}).invoke(app, list(args), catch_exceptions=False)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        os.chdir(here)
    return result.exit_code, result.stdout + result.stderr


def run_case(name: str, tmp_path: Path, bound: float = BOUND) -> Run:
    """design (twice: byte-identical), validate in every format, render every target, the design.yaml again."""
    run = Run(case(name, tmp_path), bound)
    run("design", process=True)
    design_yaml = run.work / "generated" / "design.yaml"
    first = design_yaml.read_bytes()
    run("design", process=True)
    assert design_yaml.read_bytes() == first, "design.yaml differs between two runs"
    for fmt in FORMATS:
        run("validate", "--format", fmt)
    run("validate", "--format", "github", "-o", "report.txt")
    for target in TARGETS:
        run("render", "--target", target)
    run("validate", "generated/design.yaml")
    run("render", "--target", "sqlmodel", "generated/design.yaml")
    return run


def located(out: str, severity: str, line: int | None = None, text: str = "") -> bool:
    """Whether `out` has `specs/database/<file>:LINE: SEVERITY: …TEXT…` (a reading diagnostic) or
    `…:LINE: SEVERITY SGnnn …TEXT…` (a validate finding in text format)."""
    where = rf"{line}" if line is not None else r"\d+"
    pattern = rf"specs/database/\S+\.md:{where}: {severity}(?::| SG\d+) [^\n]*{re.escape(text)}"
    return re.search(pattern, out) is not None


def roundtrip(work: Path) -> None:
    """design.yaml loads back, and dumps to the same bytes (design_hash included)."""
    from specgen.design.yaml_io import dump_design, load_design

    path = work / "generated" / "design.yaml"
    assert dump_design(load_design(path)) == path.read_text(encoding="utf-8")


def models_work(work: Path) -> subprocess.CompletedProcess[str]:
    """Import the rendered models, configure the mappers and create the schema on SQLite (tests/render_check.py)."""
    gen = work / "generated"
    return subprocess.run(
        [sys.executable, str(TESTS / "render_check.py"), str(gen / "models.py"), str(gen / "design.yaml"), "sqlite://"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])},
    )


def finding_or_working_models(run: Run) -> None:
    """README 14*: validate reports it, or the rendered models import and create on SQLite."""
    code, out = run.results["validate --format text"][:2]
    if code == 1:
        assert located(out, "error"), out
        return
    proc = models_work(run.work)
    assert proc.returncode == 0, f"validate passed, the models fail:\n{proc.stderr[-2000:]}"


# -- security: expressions pasted into DDL ----------------------------------------------------------------------


def test_01_sql_injection_default_is_an_error(tmp_path: Path) -> None:
    run = run_case("01-sql-injection-default", tmp_path)
    code, out = run.results["validate --format text"][:2]
    assert code == 1 and located(out, "error", 6, "not one SQL expression"), out
    assert run.results["render --target sql"][0] == 1  # refused: nothing with the payload is written
    rendered = [p for p in (run.work / "generated").rglob("*") if p.suffix in (".sql", ".py")]
    assert not any("DROP TABLE" in p.read_text(encoding="utf-8") for p in rendered)


def test_01b_sql_injection_index_where_is_an_error(tmp_path: Path) -> None:
    run = run_case("01b-sql-injection-index-where", tmp_path)
    code, out = run.results["validate --format text"][:2]
    assert code == 1 and located(out, "error", 9, "not one SQL expression"), out


# -- hangs ---------------------------------------------------------------------------------------------------------


def test_02_python_reader_is_linear(tmp_path: Path) -> None:
    run = run_case("02-hang-python-reader", tmp_path)
    code, out = run.results["design"][:2]
    assert code == 0 and located(out, "warning", 2, "not Python"), out
    assert out.count("not Python") == 1, "one warning for the run of unreadable lines, not one per line"


def test_03_sql_salvage_is_linear(tmp_path: Path) -> None:
    run = run_case("03-hang-sql-salvage", tmp_path)
    out = run.results["design"][1]
    assert located(out, "warning", 2, "read only 'b int'"), out
    assert len(max(out.splitlines(), key=len)) < 400, "the warning quotes the item shortened"


def test_04_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    run = run_case("04-hang-yaml-alias-bomb", tmp_path)
    code, out = run.results["design"][:2]
    assert code == 1 and located(out, "error", 7, "aliases expand"), out


# -- crashes -------------------------------------------------------------------------------------------------------


def test_05_index_method_postgresql_accepts_is_kept(tmp_path: Path) -> None:
    run = run_case("05-crash-index-using", tmp_path)
    assert run.results["design"][0] == 0
    gen = run.work / "generated"
    assert "index_type: hnsw" in (gen / "design.yaml").read_text(encoding="utf-8")
    assert "USING hnsw" in (gen / "schema.postgresql.sql").read_text(encoding="utf-8")
    revision = next((gen / "migrations" / "versions").glob("*.py")).read_text(encoding="utf-8")
    assert "postgresql_using='hnsw'" in revision or 'postgresql_using="hnsw"' in revision


def test_05_index_method_that_is_no_name_is_an_error(tmp_path: Path) -> None:
    work = tmp_path / "p"
    (work / "specs" / "database").mkdir(parents=True)
    (work / "specs" / "database" / "a.md").write_text(
        '```python\nclass A(Base):\n    __tablename__ = "a"\n    id: Mapped[int] = mapped_column(primary_key=True)\n'
        '    __table_args__ = (Index("ix_a", "id", postgresql_using="hnsw; DROP TABLE a"),)\n```\n',
        encoding="utf-8",
    )
    proc = run_specgen("design", cwd=work)
    assert proc.returncode == 1 and located(proc.stderr, "error", 5, "is not a name"), proc.stderr


def test_06_fk_chain_of_1000_tables(tmp_path: Path) -> None:
    run = run_case("06-crash-fk-chain-1000", tmp_path, bound=30)
    assert run.results["design"][0] == 0
    assert run.results["render --target alembic"][0] == 0


def test_07_huge_length_is_a_located_error(tmp_path: Path) -> None:
    run = run_case("07-crash-huge-length", tmp_path)
    code, out = run.results["design"][:2]
    assert code == 1 and located(out, "error", 6, "out of range"), out[:2000]


def test_08_bare_delimiter_is_a_warning(tmp_path: Path) -> None:
    run = run_case("08-crash-delimiter", tmp_path)
    code, out = run.results["design"][:2]
    assert code == 0 and located(out, "warning", 2, "DELIMITER"), out


def test_09_relationship_foreign_keys_naming_no_fk(tmp_path: Path) -> None:
    run = run_case("09-crash-relationship-foreign-keys", tmp_path)
    code, out = run.results["validate --format text"][:2]
    assert code == 1 and "specs/database/repro.md:2" in out, out
    # The same with a primary key, so that the relationship itself is judged: a located error, not IndexError.
    spec = run.work / "specs" / "database" / "repro.md"
    spec.write_text(
        "```python\nclass Session(Base):\n    __tablename__ = 'sessions'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "    s: Mapped[Optional['Session']] = relationship(foreign_keys=[_])\n```\n",
        encoding="utf-8",
    )
    code, out = run("render", "--target", "sqlmodel")
    assert code == 1 and located(out, "error", 5, "no foreign key"), out


def test_10_deep_python_nesting_is_a_warning(tmp_path: Path) -> None:
    run = run_case("10-crash-python-nesting", tmp_path)
    code, out = run.results["design"][:2]
    assert code == 0 and located(out, "warning", 2, "nested too deeply"), out


def test_11_lone_surrogate_in_a_name_is_a_located_error(tmp_path: Path) -> None:
    run = run_case("11-crash-surrogate-name", tmp_path)
    code, out = run.results["design"][:2]
    assert code == 1 and located(out, "error", 2, "lone surrogate"), out


def test_12_github_format_and_report_file_escape_surrogates(tmp_path: Path) -> None:
    run = run_case("12-crash-validate-github-surrogate", tmp_path)
    code, out = run.results["validate --format github"][:2]
    assert code == 1 and "::error file=specs/database/repro.md,line=2" in out and "\\ud800" in out, out
    assert "\\ud800" in (run.work / "report.txt").read_text(encoding="utf-8")


def test_12_python_string_escape_surrogate_is_a_located_error(tmp_path: Path) -> None:
    work = tmp_path / "p"
    (work / "specs" / "database").mkdir(parents=True)
    (work / "specs" / "database" / "a.md").write_text(
        '```python\nclass A(Base):\n    __tablename__ = "\\ud800"\n    id: Mapped[int] = mapped_column(primary_key=True)\n```\n',
        encoding="utf-8",
    )
    for fmt in FORMATS:
        proc = run_specgen("validate", "--format", fmt, cwd=work)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert located(run_specgen("design", cwd=work).stderr, "error", 2, "lone surrogate")


# -- ```yaml fragments of the wrong type: located errors from the design models ------------------------------------

YAML_CASES = {
    "13a-yaml-constraints-unhashable": (4, "constraints.0"),
    "13b-yaml-name-mapping": (2, "name: Input should be a valid string"),
    "13c-yaml-enum-values-scalar": (2, "values: Input should be a valid list"),
    "13d-yaml-sql-type-not-string": (4, "put the value in quotes"),
    "13e-yaml-primary-key-string": (4, "primary_key: Input should be a valid dictionary"),
    "13f-yaml-entities-scalar": (2, "entities: Input should be a valid list"),
    "13g-yaml-enums-scalar": (2, "enums: Input should be a valid list"),
    "13h-yaml-deep-nesting": (2, "nested more than 64 levels"),
}


@pytest.mark.parametrize("name", sorted(YAML_CASES))
def test_13_yaml_fragment_of_the_wrong_type(name: str, tmp_path: Path) -> None:
    run = run_case(name, tmp_path)
    line, text = YAML_CASES[name]
    code, out = run.results["design"][:2]
    assert code == 1 and located(out, "error", line, text), out
    assert "(hint:" in out


# -- validate clean, generated code failing ------------------------------------------------------------------------


def test_14a_m2m_through_a_table_without_fks(tmp_path: Path) -> None:
    finding_or_working_models(run_case("14a-gen-m2m-through-without-fks", tmp_path))


def test_14b_composite_self_fk(tmp_path: Path) -> None:
    finding_or_working_models(run_case("14b-gen-composite-self-fk", tmp_path))


def test_14c_enum_default_not_a_value(tmp_path: Path) -> None:
    run = run_case("14c-gen-enum-default-not-a-value", tmp_path)
    code, out = run.results["validate --format text"][:2]
    assert code == 1 and located(out, "error", 8, "not a value of enum"), out


def test_14d_python_call_default(tmp_path: Path) -> None:
    run = run_case("14d-gen-python-call-default", tmp_path)
    finding_or_working_models(run)
    if run.results["validate --format text"][0] == 0:
        assert "__import__" not in (run.work / "generated" / "schema.sqlite.sql").read_text(encoding="utf-8")


def test_14e_postgres_literal_on_sqlite(tmp_path: Path) -> None:
    finding_or_working_models(run_case("14e-gen-postgres-literal-on-sqlite", tmp_path))


def test_14f_verify_500_table_chain(tmp_path: Path) -> None:
    run = run_case("14f-gen-migration-500-chain", tmp_path, bound=60)
    code, out = run("verify")
    assert code == 0, out[-2000:]


# -- design.yaml round trip ----------------------------------------------------------------------------------------


def test_15a_entity_without_columns_loads_back(tmp_path: Path) -> None:
    run = run_case("15a-roundtrip-entity-without-columns", tmp_path)
    out = run.results["validate generated/design.yaml"][1]
    assert "Field required" not in out, out
    roundtrip(run.work)


def test_15b_default_null_kept_and_hash_unchanged(tmp_path: Path) -> None:
    run = run_case("15b-roundtrip-default-null-dropped", tmp_path)
    roundtrip(run.work)


def test_16_non_utf8_is_exit_1_with_the_line(tmp_path: Path) -> None:
    run = run_case("16-non-utf8", tmp_path)
    for cmd in ("design", "validate --format text"):
        code, out = run.results[cmd][:2]
        assert code == 1 and located(out, "error", 1, "not UTF-8") and "UTF-8" in out.split("hint:")[-1], out


def test_every_case_has_a_test() -> None:
    if not REGRESSIONS.is_dir():
        pytest.skip(f"{REGRESSIONS} not found (a lone clone has no ../shared)")
    source = Path(__file__).read_text(encoding="utf-8")
    missing = [p.name for p in sorted(REGRESSIONS.iterdir()) if p.is_dir() and f'"{p.name}"' not in source]
    assert not missing, f"regression cases without a test: {missing}"
