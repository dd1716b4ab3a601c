"""Expressions are parsed, never pasted (sqlexpr), and validate predicts what the database accepts: SG606-SG609,
SG704-SG707, SG112-SG115 and SG403, each both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic_helpers import Project, alembic, engine
from design_edit import edit
from validate_helpers import design_from, entity, findings, run

from conftest import SHARED
from specgen import sqlexpr
from specgen.config import Settings

PG_ONLY = Settings(dialects=("postgresql",))
ID = "id | uuid | no | uuid4 | pk"
INJECTION = "0); DROP TABLE users; CREATE TABLE junk (id int DEFAULT 0"


# ---- sqlexpr ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        INJECTION,
        "true; DROP TABLE accounts; --",
        "(a > 0",
        "where (",
        "(" * 200 + "a" + ")" * 200,
        "(SELECT 1)",
        "a = 1 OR EXISTS (SELECT 1)",
        "{{7*7}}",
        "",
    ],
)
def test_not_one_expression_is_refused_and_never_emitted(text):
    assert sqlexpr.problem(text, ("postgresql", "sqlite")) is not None
    with pytest.raises(sqlexpr.ExpressionError):
        sqlexpr.emit(text)


@pytest.mark.parametrize(
    "text,emitted",
    [
        ("length(name) > 0", "LENGTH(name) > 0"),
        ("price * 2 -- ); DROP TABLE x", "price * 2"),  # the comment is dropped, not pasted
        ("note <> '); DROP TABLE victims; --'", "note <> '); DROP TABLE victims; --'"),  # stays one string literal
        ("0", "0"),
        ("'draft'", "'draft'"),
        ("status IN ('a','b')", "status IN ('a', 'b')"),
        ("substr(code, 1, 2) = 'ab'", "SUBSTRING(code, 1, 2) = 'ab'"),  # a text both dialects read
    ],
)
def test_one_expression_is_rendered_from_its_parse(text, emitted):
    assert sqlexpr.problem(text, ("postgresql", "sqlite")) is None
    assert sqlexpr.emit(text) == emitted


def test_postgresql_only_sql_is_emitted_for_postgresql():
    assert sqlexpr.postgresql_only("code ~ '^[A-Z]+$'") and not sqlexpr.postgresql_only("code LIKE 'A%'")
    assert sqlexpr.emit("x #>> '{a}' = 'b'") == "x #>> '{a}' = 'b'"
    assert sqlexpr.postgresql_only("cardinality(tags) > 0")  # one list: validate and the renderers agree


def test_defaults_name_no_columns_or_python():
    assert "method call" in (sqlexpr.problem("uuid.uuid4()", ("postgresql",), default=True) or "")
    assert "refers to 'email'" in (sqlexpr.problem("lower(email)", ("postgresql",), default=True) or "")
    assert sqlexpr.problem("public.uuid_generate_v4()", ("postgresql",), default=True) is None


def test_trivial_text_does_not_need_the_parser():
    assert sqlexpr.parse("42").portable == "42" and sqlexpr.parse("CURRENT_TIMESTAMP").portable == "CURRENT_TIMESTAMP"


# ---- SG607 -----------------------------------------------------------------------------------------------------


def test_sg607_injection_in_default_where_and_check(tmp_path):
    spec = entity(
        "Note",
        "notes",
        ID,
        f"body | text | yes | {INJECTION} |",
        "score | integer | yes | | check: (score > 0",
        extra="### Indexes\n- ix_notes_body: (body) where true; DROP TABLE accounts; --\n",
    )
    found = run(tmp_path, spec, "SG607")
    assert {(f.column, f.severity) for f in found} == {("body", "error"), ("score", "error"), (None, "error")}
    assert all(f.line for f in found)
    assert any("where of index ix_notes_body" in f.message for f in found)


def test_sg607_deep_nesting(tmp_path):
    deep = "(" * 200 + "score > 0" + ")" * 200
    [f] = run(tmp_path, entity("T", "t", ID, f"score | integer | yes | | check: {deep}"), "SG607")
    assert "nested more than" in f.message


def test_sg607_quiet_for_ordinary_expressions(tmp_path):
    spec = entity(
        "T",
        "t",
        ID,
        "name | text | no | 'x' | check: length(name) > 0",
        "created_at | timestamptz | no | now |",
        extra="### Indexes\n- ix_t_lower: (lower(name)) where name <> ''\n",
    )
    assert run(tmp_path, spec, "SG607") == []


# ---- SG606, SG608, SG609, SG704 --------------------------------------------------------------------------------


def test_sg606_generated_default_that_does_not_fit(tmp_path):
    [f] = run(tmp_path, entity("T", "t", ID, "n | integer | no | now |"), "SG606")
    assert f.column == "n" and "cannot fill" in f.message
    assert run(tmp_path, entity("T", "t", ID, "at | timestamptz | no | now |"), "SG606") == []


def test_sg606_enum_default_outside_its_values(tmp_path):
    spec = "## Enum: Status\nvalues: b\n" + entity("Job", "jobs", ID, "status | Status | no | {{7*7}} |")
    assert [f.column for f in run(tmp_path, spec, "SG606")] == ["status"]
    ok = "## Enum: Status\nvalues: b\n" + entity("Job", "jobs", ID, "status | Status | no | b |")
    assert run(tmp_path, ok, "SG606") == []


def test_sg608_duplicate_enum_label(tmp_path):
    [f] = run(tmp_path, entity("T", "t", ID, "s | enum(x, x) | no | |"), "SG608")
    assert "'x' twice" in f.message
    assert run(tmp_path, entity("T", "t", ID, "s | enum(x, y) | no | |"), "SG608") == []


def test_sg609_on_update_on_a_non_temporal_column(tmp_path):
    [f] = run(tmp_path, entity("T", "t", ID, "n | integer | no | 0 | on update now"), "SG609")
    assert f.column == "n"
    assert run(tmp_path, entity("T", "t", ID, "at | timestamptz | no | now | on update now"), "SG609") == []


def test_sg704_zero_length_and_precision(tmp_path):
    spec = entity("T", "t", ID, "a | varchar(0) | no | |", "b | numeric(0,0) | no | |", "c | numeric(4,6) | no | |")
    assert sorted(f.column for f in run(tmp_path, spec, "SG704")) == ["a", "b", "c"]
    assert run(tmp_path, entity("T", "t", ID, "a | varchar(1) | no | |", "b | numeric(12,2) | no | |"), "SG704") == []


# ---- dialect: SG701, SG705, SG706, SG707 -----------------------------------------------------------------------


def test_sg705_postgresql_only_default_on_sqlite(tmp_path):
    spec = entity("S", "s", ID, "c | text | yes | U&'' |")
    [f] = run(tmp_path, spec, "SG705")
    assert f.severity == "error" and f.column == "c"
    assert run(tmp_path, spec, "SG705", PG_ONLY) == []


def test_sg706_replaced_default_is_information(tmp_path):
    spec = entity("T", "t", "id | uuid | no | gen_random_uuid() | pk")
    [f] = run(tmp_path, spec, "SG706")
    assert "uuid4" in f.hint and f.severity == "info"
    assert run(tmp_path, spec, "SG705") == [] and run(tmp_path, spec, "SG706", PG_ONLY) == []


def test_sg701_check_created_on_postgresql_only_has_one_list(tmp_path):
    spec = entity("T", "t", ID, "tags | text[] | yes | | check: cardinality(tags) > 0")
    [f] = run(tmp_path, spec, "SG701")
    assert "PostgreSQL only" in f.hint
    from specgen.render.tables import plan_tables

    [plan] = plan_tables(design_from(tmp_path, spec))
    assert [c.only for c in plan.checks] == ["postgresql"]  # the models agree with the hint


def test_sg707_arrays_sqlite_cannot_store(tmp_path):
    spec = entity("T", "t", ID, "ids | uuid[] | yes | |", "days | date[] | yes | |", "tags | text[] | yes | |")
    assert sorted(f.column for f in run(tmp_path, spec, "SG707")) == ["days", "ids"]
    assert run(tmp_path, spec, "SG707", PG_ONLY) == []


# ---- codegen: SG112-SG115, cycles: SG403 ----------------------------------------------------------------------

PARENT = entity("Parent", "parents", ID)


def _child(options: str) -> str:
    return PARENT + entity(
        "Child",
        "children",
        ID,
        "parent_id | uuid | no | | fk parents.id on delete cascade, index",
        extra=f"### Relationships\n- parent: many-to-one Parent{options}\n",
    )


def test_sg113_unknown_cascade_and_lazy(tmp_path):
    found = run(tmp_path, _child(" (cascade delete-orpan, lazy sometimes)"), "SG113")
    assert sorted(f.message.split(": ")[1] for f in found) == [
        "unknown cascade 'delete-orpan'",
        "unknown lazy strategy 'sometimes'",
    ]
    assert run(tmp_path, _child(" (lazy selectin)"), "SG113") == []


def test_sg113_render_refuses_only_what_validate_reports(tmp_path):
    """The renderer asserts validate's rule: no findings, and it renders; a finding, and both refuse."""
    from specgen.errors import SpecErrors
    from specgen.render.sqlmodel import build_context

    build_context(design_from(tmp_path, _child(" (lazy selectin)")))
    with pytest.raises(SpecErrors):
        build_context(design_from(tmp_path, _child(" (lazy sometimes)")))


def test_sg112_python_names(tmp_path):
    ok = entity("Item", "items", ID, "name | text | no | |")
    assert run(tmp_path, ok, "SG112") == []
    d = design_from(tmp_path, ok)
    d = edit(d, "database_schema.entities.0.columns.1", python_name="class")
    [f] = findings(d, "SG112")
    assert f.column == "name" and f.severity == "error"


def test_sg108_is_only_the_sql_warning(tmp_path):
    found = run(tmp_path, entity("Item", "items", ID, "user | text | no | |"), "SG108")
    assert [(f.column, f.severity) for f in found] == [("user", "warning")]


def test_sg114_many_to_many_through_a_table_without_keys(tmp_path):
    link = entity("CollectionArtifact", "collection_artifacts", ID)
    spec = (
        entity("Artifact", "artifacts", ID)
        + link
        + entity(
            "Collection",
            "collections",
            ID,
            extra="### Relationships\n- s: many-to-many Artifact through collection_artifacts\n",
        )
    )
    found = run(tmp_path, spec, "SG114")  # the relationship and the back reference the design adds
    assert found and all("no foreign key" in f.message for f in found)
    keyed = entity(
        "CollectionArtifact",
        "collection_artifacts",
        "collection_id | uuid | no | | pk, fk collections.id on delete cascade",
        "artifact_id | uuid | no | | pk, fk artifacts.id on delete cascade, index",
    )
    good = spec.replace(link, keyed)
    assert run(tmp_path, good, "SG114") == []


def test_sg115_composite_self_key(tmp_path):
    sql = "```sql\nCREATE TABLE t (a int, b int, PRIMARY KEY (a, b), FOREIGN KEY (a, b) REFERENCES t(b, a));\n```\n"
    [f] = run(tmp_path, sql, "SG115")
    assert f.severity == "error"
    tree = "```sql\nCREATE TABLE t (id int PRIMARY KEY, parent_id int REFERENCES t(id));\n```\n"
    assert run(tmp_path, tree, "SG115") == []


def test_sg403_insertable_cycle_is_its_own_code(tmp_path):
    def pair(a_null: str) -> str:
        return entity("A", "a", ID, f"b_id | uuid | {a_null} | | fk b.id on delete restrict, index") + entity(
            "B", "b", ID, "a_id | uuid | no | | fk a.id on delete restrict, index"
        )

    [f] = run(tmp_path, pair("yes"), "SG403")
    assert f.severity == "warning" and run(tmp_path, pair("yes"), "SG401") == []
    assert run(tmp_path, pair("no"), "SG403") == [] and len(run(tmp_path, pair("no"), "SG401")) == 1


# ---- the database sees exactly one expression ------------------------------------------------------------------


def test_revision_on_postgresql_runs_no_extra_statement(tmp_path: Path, pg_url: str):
    """A check and a default whose strings hold SQL: applied on PostgreSQL, each stays one expression, and a
    table next to it survives. The injection itself never gets that far (validate refuses it, SG607)."""
    import sqlalchemy as sa

    project = Project(tmp_path / "p")
    project.write(
        "# s\n"
        + entity(
            "Note",
            "notes",
            ID,
            "body | text | no | '); DROP TABLE victims; --' | check: body <> 'x); DROP TABLE victims; --' -- x",
            extra="### Indexes\n- ix_notes_body: (body) where body <> ''\n",
        )
    )
    assert [f for f in findings(project.design(), "SG607")] == []
    project.render()
    text = project.revisions()[0].read_text()
    assert "-- x" not in text  # the comment was not pasted
    with engine(pg_url) as eng:
        with eng.begin() as conn:
            conn.execute(sa.text("CREATE TABLE victims (id int)"))
        with eng.connect() as conn:
            alembic(project, conn, "upgrade", "head")
        with eng.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            assert {"victims", "notes"} <= tables
            conn.execute(sa.text("INSERT INTO notes (id) VALUES (gen_random_uuid())"))
            assert conn.execute(sa.text("SELECT body FROM notes")).scalar() == "); DROP TABLE victims; --"


def test_injected_default_is_refused_before_render(tmp_path: Path):
    import os
    import subprocess
    import sys

    spec = tmp_path / "specs" / "database" / "n.md"
    spec.parent.mkdir(parents=True)
    spec.write_text(entity("Note", "notes", ID, f"body | text | yes | {INJECTION} |"), encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "specgen", "render", "--target", "sql", str(spec.parent), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert proc.returncode == 1 and "SG607" in proc.stdout + proc.stderr and "Traceback" not in proc.stderr
    assert not any(out.rglob("*.sql")) if out.exists() else True


def test_sg506_json_column_cannot_be_unique_or_indexed(tmp_path):
    """Found by test_invariant: `unique` on a json column passed validate and failed on PostgreSQL."""
    found = run(tmp_path, entity("T", "t", ID, "doc | json | yes | | unique", "d2 | json | yes | | index"), "SG506")
    assert sorted(f.column for f in found) == ["d2", "doc"]
    assert run(tmp_path, entity("T", "t", ID, "doc | jsonb | yes | | unique"), "SG506") == []


@pytest.mark.parametrize(
    "column,check",
    [
        ("n | integer | yes | |", "length(n) > 0"),  # found by test_invariant: PostgreSQL has no length(integer)
        ("n | integer | yes | |", "n <> ''"),
        ("n | integer | yes | |", "n ~ '^a'"),
        ("n | boolean | yes | |", "n = 2"),
        ("n | text | yes | |", "n > 0"),
        ("n | Mood | yes | |", "n in ('happy', 'angry')"),
        ("n | text[] | yes | |", "lower(n) = 'a'"),
        ("n | text | yes | |", "cardinality(n) > 0"),
        ("n | json | yes | |", "n = '{}'"),  # found by test_invariant (as an index where): json has no =
        ("n | jsonb | yes | |", "n <> ''"),
    ],
)
def test_sg610_check_postgresql_refuses_for_its_types(tmp_path, column, check):
    spec = "## Enum: Mood\nvalues: happy, sad\n" + entity("T", "t", ID, f"{column} check: {check}")
    [f] = run(tmp_path, spec, "SG610")
    assert f.severity == "error" and f.column == "n"
    assert run(tmp_path, spec, "SG610", Settings(dialects=("sqlite",))) == []  # SQLite is untyped


@pytest.mark.parametrize(
    "column,check",
    [
        ("n | integer | yes | |", "n > 0"),
        ("n | numeric(5,2) | yes | |", "n BETWEEN 0 AND 10"),
        ("n | text | yes | |", "length(n) > 0 AND n <> ''"),
        ("n | Mood | yes | |", "n in ('happy', 'sad')"),
        ("n | boolean | yes | |", "n = true"),
        ("n | uuid | yes | |", "n <> '00000000-0000-0000-0000-000000000000'"),
        ("n | date | yes | |", "n > '2020-01-01'"),
        ("n | text[] | yes | |", "cardinality(n) > 0"),
        ("n | jsonb | yes | |", "n <> '{}'"),
    ],
)
def test_sg610_quiet_for_well_typed_checks(tmp_path, column, check):
    spec = "## Enum: Mood\nvalues: happy, sad\n" + entity("T", "t", ID, f"{column} check: {check}")
    assert run(tmp_path, spec, "SG610") == []


def test_sg606_string_default_the_type_refuses(tmp_path):
    """Found by test_invariant: DEFAULT 'x' on a date column passed validate; PostgreSQL refused the table."""
    spec = entity(
        "T",
        "t",
        ID,
        "d | date | yes | 'x' |",
        "u | uuid | yes | 'nope' |",
        "j | jsonb | yes | '{' |",
        "n | date | yes | -5 |",
    )  # DEFAULT -5 on a date: found by test_invariant too
    assert sorted(f.column for f in run(tmp_path, spec, "SG606")) == ["d", "j", "n", "u"]
    ok = entity(
        "T", "t", ID, "d | date | yes | '2024-01-31' |", "j | jsonb | yes | '{}' |", "t | time | yes | '12:30' |"
    )
    assert run(tmp_path, ok, "SG606") == []


REGRESSIONS = SHARED / "regressions"


@pytest.mark.parametrize(
    "case,code",
    [
        ("01-sql-injection-default", "SG607"),
        ("01b-sql-injection-index-where", "SG607"),
        ("14a-gen-m2m-through-without-fks", "SG114"),
        ("14b-gen-composite-self-fk", "SG115"),
        ("14c-gen-enum-default-not-a-value", "SG606"),
        ("14e-gen-postgres-literal-on-sqlite", "SG705"),
    ],
)
def test_shared_regressions_are_error_findings(case, code):
    """../shared/regressions: validate passed these and the generated code failed; now each is a located error."""
    from specgen.pipeline import design_specs
    from specgen.validate import validate

    folder = REGRESSIONS / case / "specs" / "database"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    result = design_specs([folder], Settings())
    found = [f for f in validate(result.design) if f.code == code]
    assert found and all(f.severity == "error" and f.file and f.line for f in found), found


def test_shared_regression_14d_python_call_is_a_located_warning_and_no_default():
    """A Python call as `default=` is never run nor pasted as SQL: a reading warning on its line, no default
    (tests/test_python_defaults.py runs the defaults that are kept)."""
    from specgen.pipeline import design_specs

    folder = REGRESSIONS / "14d-gen-python-call-default" / "specs" / "database"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    result = design_specs([folder], Settings())
    [d] = [d for d in result.diagnostics if "not carried over" in d.message]
    assert d.severity == "warning" and d.loc is not None and d.loc.line == 4
    assert [c.default for e in result.design.database_schema.entities for c in e.columns] == [None]
