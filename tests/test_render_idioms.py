"""Generated code as an experienced SQLModel user writes it (issue 14, deliverable 6), each part run:
snake_case enum type names (and the rename for designs recorded with the old name), relationship names from the
FK column, `X | None` relationships, JSON `{}`/`[]` server defaults, `passive_deletes` for RESTRICT."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic_helpers import Project, alembic, engine
from evolution_helpers import url_for

TASKS = """---
version: "1"
---
## Enum: TaskStatus
- open
- done

## Enum: PriorityLevel
- low
- high

## Entity: User
table: users

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | integer | no | | pk |
| name | varchar(80) | no | | |

## Entity: Task
table: tasks

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | integer | no | | pk |
| status | TaskStatus | no | open | |
| creator_id | integer | no | | fk users.id on delete restrict, index |
| assignee_id | integer | yes | | fk users.id on delete set null, index |
| settings | jsonb | no | {} | |
| tags | json | no | [] | |
"""


def test_enum_types_are_snake_case_everywhere(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.write(TASKS)
    design = project.design()
    assert sorted(e.name for e in design.database_schema.enums) == ["priority_level", "task_status"]
    assert design.database_schema.entities[1].column("status").enum == "task_status"
    from specgen.render.sql import render_sql

    ddl = "".join(render_sql(design, project.settings, tmp_path, "postgresql").values())
    assert "CREATE TYPE task_status AS ENUM" in ddl and '"TaskStatus"' not in ddl


def test_an_enum_named_like_a_table_gets_a_suffix() -> None:
    from specgen.design.naming import enum_type_name

    assert enum_type_name("TaskStatus") == "task_status"
    assert enum_type_name("Tasks", {"tasks"}) == "tasks_enum"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_design_recorded_with_camel_case_enum_names_is_migrated(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Revision 1 as specgen wrote it before (`"TaskStatus"`); revision 2 renames the type, rows kept."""
    import specgen.design.build as build

    project = Project(tmp_path)
    project.write(TASKS)
    with monkeypatch.context() as m:
        m.setattr(build, "name_enums", lambda design, *keep: design)
        project.render()
    project.write(TASKS.replace('version: "1"', 'version: "2"'))
    project.render()
    assert len(project.revisions()) == 2
    text = project.revisions()[1].read_text(encoding="utf-8")
    assert 'ALTER TYPE \\"TaskStatus\\" RENAME TO task_status' in text or "RENAME TO task_status" in text
    with engine(url_for(kind, tmp_path, request)) as eng, eng.connect() as conn:
        alembic(project, conn, "upgrade", "+1")
        conn.execute(sa.text("INSERT INTO users (id, name) VALUES (1, 'Ann')"))
        conn.execute(sa.text("INSERT INTO tasks (id, status, creator_id) VALUES (1, 'done', 1)"))
        conn.commit()
        alembic(project, conn, "upgrade", "head")
        assert conn.execute(sa.text("SELECT status FROM tasks")).scalar() == "done"
        if kind == "postgresql":
            types = set(conn.execute(sa.text("SELECT typname FROM pg_type WHERE typtype = 'e'")).scalars())
            assert {"task_status", "priority_level"} <= types and "TaskStatus" not in types
        alembic(project, conn, "downgrade", "-1")
        if kind == "postgresql":
            types = set(conn.execute(sa.text("SELECT typname FROM pg_type WHERE typtype = 'e'")).scalars())
            assert "TaskStatus" in types and "task_status" not in types
        alembic(project, conn, "upgrade", "head")
        assert conn.execute(sa.text("SELECT status FROM tasks")).scalar() == "done"


IMPORT_DDL = [
    "CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL CHECK (length(email) > 3))",
    "CREATE TABLE people (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id))",
    "CREATE TABLE film_actor (id INTEGER PRIMARY KEY, person_id INTEGER REFERENCES people (id))",
]


def test_import_names_entities_as_reading_the_ddl_does(tmp_path: Path) -> None:
    """`specgen import` and a ```sql block of the same tables give the same (singular) entity names."""
    from specgen.design.build import build_design
    from specgen.importer import import_database
    from specgen.parse import parse_text
    from specgen.parse.ir import SpecIR

    db = tmp_path / "shop.sqlite3"
    with engine(f"sqlite:///{db}") as eng, eng.begin() as conn:
        for stmt in IMPORT_DDL:
            conn.execute(sa.text(stmt))
    files, _ = import_database(f"sqlite:///{db}", str(tmp_path / "specs"))
    (text,) = files.values()
    imported = build_design(SpecIR([parse_text("imported.md", text)])).design
    ddl = "```sql\n" + ";\n".join(IMPORT_DDL) + ";\n```\n"
    from_sql = build_design(SpecIR([parse_text("ddl.md", ddl)])).design
    names = {e.table_name: e.name for e in imported.database_schema.entities}
    assert names == {e.table_name: e.name for e in from_sql.database_schema.entities}
    assert names == {"customers": "Customer", "people": "Person", "film_actor": "FilmActor"}


def test_reflected_casts_are_left_out() -> None:
    from specgen.importer_casts import default_text, without_casts

    assert without_casts("(length((name)::text) > 0)") == "(LENGTH(name) > 0)"
    assert without_casts("(status = ANY (ARRAY['a'::text, 'b'::text]))") == "(status IN ('a', 'b'))"
    assert without_casts("((made_at)::date > '2020-01-01'::date)") == "(CAST((made_at) AS DATE) > '2020-01-01')"
    assert without_casts("lower(name)") == "lower(name)"  # nothing to take out: kept as written
    assert default_text("'G'::mpaa_rating") == "'G'"
    assert default_text("('now'::text)::date") == "('now'::text)::date"  # evaluated per row: kept


def _models(tmp_path: Path) -> tuple[Path, str]:
    from specgen.config import Settings
    from specgen.render import render

    project = Project(tmp_path)
    project.write(TASKS)
    design = project.design()
    (path, text), *_ = render(design, "sqlmodel", Settings(), tmp_path / "out").items()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, text


def test_models_read_as_written_by_hand(tmp_path: Path) -> None:
    _, text = _models(tmp_path)
    assert "    creator: User | None = Relationship(" in text
    assert "    assignee: User | None = Relationship(" in text
    assert "Optional" not in text
    assert 'created_tasks: list["Task"] = Relationship(' in text
    assert 'passive_deletes="all"' in text and "passive_deletes=True" in text
    assert '"server_default": sa.text("\'{}\'")' in text and '"server_default": sa.text("\'[]\'")' in text
    assert 'name="task_status"' in text and "class TaskStatus(enum.StrEnum)" in text
    assert "_as_" not in text


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_models_behave(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    import subprocess
    import sys

    models, _ = _models(tmp_path)
    url = url_for(kind, tmp_path, request)
    script = Path(__file__).parent / "idioms_behaviour.py"
    proc = subprocess.run([sys.executable, str(script), str(models), url], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-4000:]
