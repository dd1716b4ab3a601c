"""migration_plan: breaking changes, acknowledgements, order, rollback; stable across rendering."""

from __future__ import annotations

from pathlib import Path

from alembic_helpers import Project
from design_edit import edit
from test_diff import AUTHORS, BOOKS, design_of, table

from specgen.design.plan import Plan, plan, unacknowledged


def add_row(table_text: str, row: str) -> str:
    return table_text.rstrip("\n") + "\n" + row + "\n\n"


def _changes(p) -> list[tuple[str, str, list[str], bool]]:  # type: ignore[no-untyped-def]
    return [(c.change_type, c.table, c.affected_columns, c.allowed) for c in p.breaking_changes]


def test_new_schema(tmp_path: Path) -> None:
    new = design_of(tmp_path, "# s\n" + AUTHORS + BOOKS)
    p, _ = plan(new, None)
    assert p.is_new_schema and p.new_entities == ["Author", "Book"] and p.breaking_changes == []
    assert p.dependencies[0] == "create table authors"
    assert p.rollback_plan.reversible


def test_drop_needs_a_note_and_hints_the_rename(tmp_path: Path) -> None:
    old = design_of(tmp_path, "# s\n" + AUTHORS + BOOKS, "a.md")
    new = design_of(tmp_path, "# s\n" + AUTHORS.replace("| code |", "| ref |") + BOOKS, "b.md")
    p, _ = plan(new, old, "abc")
    assert _changes(p) == [("column_drop", "authors", ["code"], False)]
    change = p.breaking_changes[0]
    assert change.hint and "rename column authors.code -> authors.ref" in change.hint
    assert change.data_migration_required and change.source and str(change.source).endswith("b.md:2")
    assert change.migration_script_path and change.migration_script_path.startswith("generated/migrations/versions/")
    assert p.base_revision == "abc" and p.modified_entities == ["Author"] and not p.is_new_schema
    assert not p.rollback_plan.reversible
    assert p.rollback_plan.rollback_steps[-1].startswith("data of column authors.code is not restored")

    allowed = design_of(
        tmp_path,
        "# s\n"
        + AUTHORS.replace("| code |", "| ref |")
        + BOOKS
        + "## Migration notes\n- allow drop column authors.code\n",
        "c.md",
    )
    assert unacknowledged(plan(allowed, old)[0]) == []


def test_table_drop(tmp_path: Path) -> None:
    old = design_of(tmp_path, "# s\n" + AUTHORS + BOOKS, "a.md")
    new = design_of(tmp_path, "# s\n" + AUTHORS, "b.md")
    p, _ = plan(new, old)
    assert ("table_drop", "books", ["id", "title", "author_id"], False) in _changes(p)
    assert p.dropped_entities == ["Book"]
    ok = design_of(tmp_path, "# s\n" + AUTHORS + "## Migration notes\n- allow drop table books\n", "c.md")
    assert unacknowledged(plan(ok, old)[0]) == []


def test_not_null_without_default(tmp_path: Path) -> None:
    old = design_of(tmp_path, "# s\n" + AUTHORS, "a.md")
    bad = design_of(tmp_path, "# s\n" + add_row(AUTHORS, "| born | date | no | | |"), "b.md")
    assert _changes(plan(bad, old)[0]) == [("nullability_change", "authors", ["born"], False)]
    good = design_of(tmp_path, "# s\n" + add_row(AUTHORS, "| country | varchar(2) | no | 'xx' | |"), "c.md")
    assert plan(good, old)[0].breaking_changes == []
    tightened = design_of(
        tmp_path, "# s\n" + AUTHORS.replace("| code | varchar(10) | yes |", "| code | varchar(10) | no |"), "d.md"
    )
    assert _changes(plan(tightened, old)[0]) == [("nullability_change", "authors", ["code"], False)]


def test_narrowing(tmp_path: Path) -> None:
    old = design_of(tmp_path, "# s\n" + AUTHORS, "a.md")
    narrow = AUTHORS.replace("varchar(100)", "varchar(20)")
    assert _changes(plan(design_of(tmp_path, "# s\n" + narrow, "b.md"), old)[0]) == [
        ("type_change", "authors", ["name"], False)
    ]
    noted = design_of(tmp_path, "# s\n" + narrow + "## Migration notes\n- allow narrowing authors.name\n", "c.md")
    assert _changes(plan(noted, old)[0]) == [("type_change", "authors", ["name"], True)]
    wide = design_of(tmp_path, "# s\n" + AUTHORS.replace("varchar(100)", "text"), "d.md")
    assert _changes(plan(wide, old)[0]) == [("type_change", "authors", ["name"], True)]


def test_unique_and_large_index_are_warnings(tmp_path: Path) -> None:
    old = design_of(
        tmp_path,
        "# s\n" + table("events", "| id | integer | no | | pk |\n| kind | text | no | | |\n", "rows: 5000000"),
        "a.md",
    )
    new = design_of(
        tmp_path,
        "# s\n"
        + table(
            "events",
            "| id | integer | no | | pk |\n| kind | text | no | | unique |\n| at | date | yes | | index |\n",
            "rows: 5000000",
        ),
        "b.md",
    )
    p, _ = plan(new, old)
    kinds = {(c.change_type, c.allowed) for c in p.breaking_changes}
    assert kinds == {("constraint_change", True), ("index_change", True)}


def test_plan_is_stable_when_the_revision_is_written(tmp_path: Path) -> None:
    """design.yaml does not change because `render --target alembic` wrote the revision it plans."""
    project = Project(tmp_path / "p")
    project.write("# s\n" + AUTHORS)
    project.render()
    project.write("# s\n" + add_row(AUTHORS, "| country | varchar(2) | no | 'xx' | |"))
    before = project.plan()
    assert before.dependencies == ["add column authors.country"] and before.base_revision
    # the plan is a value beside the design: the pipeline does not write it into the design
    assert project.design().database_schema.migration_plan.base_revision is None
    project.render()
    after = project.plan()
    assert after == before


def test_primary_key_change_is_refused(tmp_path: Path) -> None:
    from specgen.validate import validate

    old = design_of(tmp_path, "# s\n" + AUTHORS, "a.md")
    new = design_of(
        tmp_path,
        "# s\n"
        + AUTHORS.replace("| id | integer | no | | pk |", "| id | integer | no | | |").replace(
            "| name | varchar(100) | no | | |", "| name | varchar(100) | no | | pk |"
        ),
        "b.md",
    )
    p, _ = plan(new, old)
    assert ("primary_key_change", "authors", ["name"], False) in _changes(p)
    assert [f.code for f in validate(new, plan=Plan(p)) if f.category == "migration"] == ["SG808"]
    assert not [f for f in validate(new) if f.category == "migration"]  # the design's own plan: a new schema
    new = edit(new, "database_schema", migration_plan=p)  # a loaded design.yaml carries its plan: validate reads it
    assert [f.code for f in validate(new) if f.category == "migration"] == ["SG808"]
