"""`specgen plan` and `render --target alembic --dry-run`: the next revision's changes and SQL, nothing written;
`--exit-code` 0 nothing to do, 2 changes pending, 1 errors."""

from __future__ import annotations

import json
from pathlib import Path

from test_diff import AUTHORS, BOOKS
from test_plan import add_row

from conftest import run_specgen

REVIEWS = """
## Entity: Review
table: reviews

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | integer | no | | pk |
| book_id | integer | no | | fk books.id on delete cascade, index |
| stars | integer | no | | check: stars between 1 and 5 |
"""


def _project(tmp_path: Path, text: str) -> tuple[Path, Path]:
    root = tmp_path / "p"
    (root / "specs" / "database").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.specgen]\n")
    spec = root / "specs" / "database" / "spec.md"
    spec.write_text(text)
    return root, spec


def _versions(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "generated" / "migrations" / "versions").glob("*.py"))


def test_plan_lists_changes_and_sql_without_writing(tmp_path: Path) -> None:
    root, spec = _project(tmp_path, "# s\n" + AUTHORS + BOOKS)
    res = run_specgen("plan", "--exit-code", cwd=root)
    assert res.returncode == 2, res.stderr
    assert "create_table" in res.stdout and "CREATE TABLE authors" in res.stdout
    assert not (root / "generated" / "migrations").exists()  # nothing written
    assert run_specgen("render", "--target", "alembic", cwd=root).returncode == 0
    first = _versions(root)
    res = run_specgen("plan", "--exit-code", cwd=root)
    assert res.returncode == 0 and "no revision needed" in res.stdout, res.stdout + res.stderr
    res = run_specgen("render", "--target", "alembic", cwd=root)
    assert "no revision needed" in res.stdout

    # a new table, a new column, and an acknowledged drop
    spec.write_text(
        "# s\n"
        + add_row(AUTHORS.replace("| code | varchar(10) | yes | | |\n", ""), "| country | varchar(2) | yes | | |")
        + BOOKS
        + REVIEWS
        + "\n## Migration notes\n- allow drop column authors.code\n"
    )
    res = run_specgen("plan", "--format", "json", "--exit-code", cwd=root)
    assert res.returncode == 2, res.stderr
    report = json.loads(res.stdout)
    rows = {(c["kind"], c["table"], c["column"]): c for c in report["changes"]}
    assert rows[("create_table", "reviews", None)]["safety"] == "safe"
    assert rows[("add_column", "authors", "country")]["safety"] == "safe"
    drop = rows[("drop_column", "authors", "code")]
    assert drop["safety"] == "breaking" and drop["allowed"]
    assert drop["allowed_by"].startswith("allow drop column authors.code (specs/database/spec.md:")
    assert "ALTER TABLE authors DROP COLUMN code" in report["sql"]["postgresql"]
    assert "CREATE TABLE reviews" in report["sql"]["postgresql"]
    # SQLite drops a column through a batch copy: the statements it really runs
    assert "_alembic_tmp_authors" in report["sql"]["sqlite"] and "INSERT INTO" in report["sql"]["sqlite"]
    assert report["file"].endswith("_add_reviews_table_and_more.py")  # the version did not move
    assert _versions(root) == first  # plan writes nothing

    dry = run_specgen("render", "--target", "alembic", "--dry-run", cwd=root)
    text = run_specgen("plan", cwd=root)
    assert dry.returncode == text.returncode == 0 and dry.stdout == text.stdout
    assert "allowed by: allow drop column authors.code" in text.stdout
    assert _versions(root) == first

    res = run_specgen("render", "--target", "alembic", cwd=root)
    assert res.returncode == 0
    new = [n for n in _versions(root) if n not in first]
    assert len(new) == 1 and new[0] == Path(report["file"]).name
    assert run_specgen("plan", "--exit-code", cwd=root).returncode == 0


def test_plan_blocked_and_errors_exit_1(tmp_path: Path) -> None:
    root, spec = _project(tmp_path, "# s\n" + AUTHORS + BOOKS)
    assert run_specgen("render", "--target", "alembic", cwd=root).returncode == 0
    spec.write_text("# s\n" + AUTHORS.replace("| code | varchar(10) | yes | | |\n", "") + BOOKS)
    res = run_specgen("plan", "--exit-code", cwd=root)
    assert res.returncode == 1 and "BREAKING, BLOCKED" in res.stdout and "allow drop column authors.code" in res.stdout
    spec.write_text("# s\n" + BOOKS)  # FK to a missing table: validate error
    res = run_specgen("plan", "--exit-code", cwd=root)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    res = run_specgen("render", "--target", "sqlmodel", "--dry-run", cwd=root)
    assert res.returncode == 2


def test_slug_names_the_change_only_when_the_version_did_not_move(tmp_path: Path) -> None:
    root, spec = _project(tmp_path, '---\nversion: "1"\n---\n# s\n' + AUTHORS)
    assert run_specgen("render", "--target", "alembic", cwd=root).returncode == 0
    assert [n.split("_", 1)[1] for n in _versions(root)] == ["v1.py"]
    spec.write_text('---\nversion: "1"\n---\n# s\n' + AUTHORS + BOOKS)
    assert run_specgen("render", "--target", "alembic", cwd=root).returncode == 0
    assert sorted(n.split("_", 1)[1] for n in _versions(root)) == ["add_books_table.py", "v1.py"]
    spec.write_text('---\nversion: "2"\n---\n# s\n' + AUTHORS + BOOKS + REVIEWS)
    assert run_specgen("render", "--target", "alembic", cwd=root).returncode == 0
    assert sorted(n.split("_", 1)[1] for n in _versions(root)) == ["add_books_table.py", "v1.py", "v2.py"]


def test_one_file_of_the_specs_is_not_planned_against_the_whole_schema(tmp_path: Path) -> None:
    """`specgen validate specs/database/reviews.md` judges that file; planned against the head revision (which
    holds the tables of every file) the other files' tables would read as dropped (SG802). The folder, or no
    argument, is planned as before."""
    root, spec = _project(tmp_path, AUTHORS + BOOKS)
    (spec.parent / "reviews.md").write_text(REVIEWS)
    for args in (("design",), ("render", "--target", "alembic")):
        assert run_specgen(*args, cwd=root).returncode == 0
    one = run_specgen("validate", "specs/database/reviews.md", "--format", "json", cwd=root)
    assert "SG802" not in one.stdout, one.stdout[-2000:]
    (spec.parent / "reviews.md").unlink()
    whole = run_specgen("validate", "--format", "json", cwd=root)
    assert "SG802" in whole.stdout  # dropping reviews from the folder is a drop
