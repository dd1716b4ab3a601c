"""The sqlmodel target: the rendered module imports in a fresh interpreter, configures its mappers, creates
exactly the designed schema on SQLite and PostgreSQL, behaves as designed, is ruff-clean and deterministic,
and no spec can put code into it."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, write_spec
from specgen.config import Settings
from specgen.design.model import Design
from specgen.design.yaml_io import dump_design
from specgen.errors import SpecErrors
from specgen.pipeline import require_design
from specgen.render import render
from specgen.render.sqlmodel import build_context

TESTS = ROOT / "tests"
CONSTRUCTS = TESTS / "render_specs" / "constructs.md"
EXAMPLES = ROOT / "specs"
SPECS = {"constructs": CONSTRUCTS, "examples": EXAMPLES}

SELF_MN = """
## Entity: Person
table: people

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | integer | no | | pk |
| fullName | varchar(50) | no | | |
| kind | enum(staff, guest) | no | guest | |

### Relationships
- following: many-to-many Person through follows (back_populates followers)
- followers: many-to-many Person through follows (back_populates following)

## Entity: Follow
table: follows

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| follower_id | integer | no | | pk, fk people.id on delete cascade |
| followed_id | integer | no | | pk, fk people.id on delete cascade, index |
| since | date | no | today | |
"""


def rendered(spec: Path | str, out: Path, settings: Settings | None = None) -> tuple[Design, Path, Path]:
    """Render `spec` into `out`; returns (design, models.py, design.yaml)."""
    settings = settings or Settings()
    design, _ = require_design([str(spec)], settings)
    files = render(design, "sqlmodel", settings, out)
    out.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    (out / "design.yaml").write_text(dump_design(design), encoding="utf-8")
    return design, out / "models.py", out / "design.yaml"


def run_script(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def check_models(models: Path, design_yaml: Path, url: str) -> dict:  # type: ignore[type-arg]
    proc = run_script(TESTS / "render_check.py", models, design_yaml, url)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def assert_clean(report: dict) -> None:  # type: ignore[type-arg]
    assert report["differences"] == []
    assert report["alembic"] == []  # the models and design_to_metadata are the same schema
    assert report["left"] == []  # drop_all removes everything it created


# ---- schema: zero differences ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SPECS))
def test_models_create_the_design_on_sqlite(name: str, tmp_path: Path) -> None:
    _, models, design_yaml = rendered(SPECS[name], tmp_path)
    assert_clean(check_models(models, design_yaml, f"sqlite:///{tmp_path / 'db.sqlite'}"))


@pytest.mark.parametrize("name", sorted(SPECS))
def test_models_create_the_design_on_postgresql(name: str, tmp_path: Path, pg_url: str) -> None:
    _, models, design_yaml = rendered(SPECS[name], tmp_path)
    assert_clean(check_models(models, design_yaml, pg_url))


# ---- behaviour -------------------------------------------------------------------------------------------


def test_behaviour_on_sqlite(tmp_path: Path) -> None:
    _, models, _ = rendered(CONSTRUCTS, tmp_path)
    proc = run_script(TESTS / "render_behaviour.py", models, f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert proc.stdout.startswith("ok: ")


def test_behaviour_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    _, models, _ = rendered(CONSTRUCTS, tmp_path)
    proc = run_script(TESTS / "render_behaviour.py", models, pg_url)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "fk_cycle_rows" in proc.stdout and "many_to_many_with_link_columns" in proc.stdout


SELF_MN_BEHAVIOUR = """
import sys
sys.path.insert(0, {tests!r})
from render_check import load_models
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select
m = load_models({models!r})
sa.orm.configure_mappers()
engine = sa.create_engine({url!r})
SQLModel.metadata.create_all(engine)
with Session(engine) as s:
    a, b, c = m.Person(full_name="A"), m.Person(full_name="B"), m.Person(full_name="C")
    a.following.extend([b, c])
    s.add(a)
    s.commit()
    assert sorted(p.full_name for p in a.following) == ["B", "C"]
    assert [p.full_name for p in b.followers] == ["A"] and b.following == []
    assert a.kind is m.PeopleKind.GUEST
    follow = s.exec(select(m.Follow)).first()
    assert follow.since is not None
with engine.connect() as conn:
    assert conn.execute(sa.text('SELECT "fullName" FROM people ORDER BY id')).scalars().all() == ["A", "B", "C"]
print("ok")
"""


@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_self_referential_many_to_many(db: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    spec = write_spec(tmp_path, SELF_MN)
    _, models, design_yaml = rendered(spec, tmp_path / "out")
    url = request.getfixturevalue("pg_url") if db == "postgresql" else f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert_clean(check_models(models, design_yaml, url))
    url = request.getfixturevalue("pg_url") if db == "postgresql" else f"sqlite:///{tmp_path / 'db2.sqlite'}"
    code = SELF_MN_BEHAVIOUR.format(tests=str(TESTS), models=str(models), url=url)
    proc = run_script("-c", code)
    assert proc.returncode == 0, proc.stderr[-4000:]


def test_camel_case_attributes_keep_snake_case_columns(tmp_path: Path) -> None:
    settings = Settings(naming="camelCase")
    _, models, design_yaml = rendered(CONSTRUCTS, tmp_path, settings)
    text = models.read_text()
    assert "createdAt: datetime = Field(" in text and '"name": "created_at"' in text
    assert 'foreign_keys": "[Book.authorId]"' in text
    assert_clean(check_models(models, design_yaml, f"sqlite:///{tmp_path / 'db.sqlite'}"))


# ---- text: idiomatic, ruff-clean, deterministic -----------------------------------------------------------


def test_constructs_are_written_idiomatically(tmp_path: Path) -> None:
    _, models, _ = rendered(CONSTRUCTS, tmp_path)
    text = models.read_text()
    assert "sa_column=" not in text  # Field(...) with sa_type / sa_column_kwargs, never a raw Column
    for expected in [
        "class PublicationStatus(enum.StrEnum):",
        'name="publication_status",',
        "id: int | None = Field(default=None, primary_key=True)",  # autoincrement key
        "id: UUID = Field(default_factory=uuid4, primary_key=True)",
        "from uuid import UUID, uuid4",
        "rating: Decimal | None = Field(default=None, max_digits=3, decimal_places=1)",
        "title: str = Field(max_length=200)",
        'sa_type=postgresql.JSONB().with_variant(sa.JSON(), "sqlite")',
        'sa_type=postgresql.ARRAY(sa.Text()).with_variant(sa.JSON(), "sqlite")',
        '"onupdate": _utcnow',
        '"server_default": sa.text("CURRENT_TIMESTAMP")',
        'sa.Index("ix_authors_profile", "profile", postgresql_using="gin")',
        "postgresql_where=sa.text(\"status = 'published'\")",
        'sa.UniqueConstraint("author_id", "title", name="uq_books_author_title")',
        'sa.CheckConstraint("price >= 0", name="ck_books_price")',
        '"remote_side": "[Author.id]"',
        '"foreign_keys": "[Book.editor_id]"',
        '"uselist": False',
        "link_model=BookTag,",
        "cascade_delete=True,",
        "passive_deletes=True,",
        '"lazy": "selectin"',
        "use_alter=True,",
        '"post_update": True',
        'initially="DEFERRED",',
        'books: list["Book"] = Relationship(',
        'mentor: Optional["Author"] = Relationship(',
        "metadata_: dict[str, Any] | None = Field(",
        "def __repr__(self) -> str:",
        "def to_dict(self) -> dict[str, Any]:",
    ]:
        assert expected in text, expected
    # link models come first: other classes name them in link_model=
    assert text.index("class BookTag(") < text.index("class Book(")


def ruff(*args: str | Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if exe is None:
        pytest.skip("ruff is not installed (dev extra)")
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, timeout=120)


LINT = ("--isolated", "--select", "E,F,W,I,B,UP", "--ignore", "E501", "--target-version", "py311")


@pytest.mark.parametrize("name", sorted(SPECS))
def test_output_is_ruff_clean(name: str, tmp_path: Path) -> None:
    _, models, _ = rendered(SPECS[name], tmp_path)
    lint = ruff("check", *LINT, models)
    assert lint.returncode == 0, lint.stdout
    fmt = ruff("format", "--isolated", "--check", "--diff", models)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_line_length_setting(tmp_path: Path) -> None:
    settings = Settings(extra={"line-length": 120})
    _, models, _ = rendered(CONSTRUCTS, tmp_path, settings)
    fmt = ruff("format", "--isolated", "--line-length", "120", "--check", "--diff", models)
    assert fmt.returncode == 0, fmt.stdout


RENDER_ONCE = """
import sys
from pathlib import Path
from specgen.config import Settings
from specgen.pipeline import require_design
from specgen.render import render
design, _ = require_design([sys.argv[1]], Settings())
sys.stdout.write(next(iter(render(design, "sqlmodel", Settings(), Path("out")).values())))
"""


def test_output_is_deterministic() -> None:
    outs = {
        run_script("-c", RENDER_ONCE, str(spec), env={"PYTHONHASHSEED": seed}).stdout
        for spec in (CONSTRUCTS,)
        for seed in ("1", "2", "3")
    }
    assert len(outs) == 1 and next(iter(outs)).startswith('"""SQLModel models generated by specgen')


# ---- safety ----------------------------------------------------------------------------------------------

HOSTILE = '"""; import os; os.system("echo pwned") #\n\'\'\' \\" \\\\ \x00 \u2028 {{ x }} {% raw %}'


def hostile_design() -> Design:
    design, _ = require_design([str(CONSTRUCTS)], Settings())
    data = design.model_dump()
    schema = data["database_schema"]
    author = next(e for e in schema["entities"] if e["name"] == "Author")
    author["description"] = HOSTILE
    for col in author["columns"]:
        col["description"] = HOSTILE
        if col["name"] == "name":
            col["default"], col["default_kind"], col["server_default"] = HOSTILE, "literal", "'x'"
    author["constraints"].append({"type": "check", "name": "ck_hostile", "expression": 'name <> \'"""\\\''})
    schema["indexes"].append(
        {
            "table_name": "authors",
            "columns": ["name"],
            "index_name": "ix_hostile",
            "index_type": "btree",
            "condition": "name <> 'x\")); import os #'",
        }
    )
    schema["meta"]["spec_file"] = HOSTILE
    for en in schema["enums"]:
        en["values"].append(HOSTILE.replace("\x00", ""))
    return Design.model_validate(data)


def test_hostile_strings_stay_strings(tmp_path: Path) -> None:
    design = hostile_design()
    files = render(design, "sqlmodel", Settings(), tmp_path)
    text = next(iter(files.values()))
    tree = ast.parse(text)
    imported = {
        a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom) for a in n.names
    }
    assert "os" not in imported
    assert not any(isinstance(n, ast.Name) and n.id == "os" for n in ast.walk(tree))
    assert not any(isinstance(n, ast.Attribute) and n.attr == "system" for n in ast.walk(tree))
    # the strings arrive intact where they are data
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert HOSTILE in strings and 'name <> \'"""\\\'' in strings
    # and the module still imports and creates its tables
    (tmp_path / "models.py").write_text(text)
    (tmp_path / "design.yaml").write_text(dump_design(design))
    report = check_models(tmp_path / "models.py", tmp_path / "design.yaml", f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert report["differences"] == []
    assert ruff("check", *LINT, tmp_path / "models.py").returncode == 0
    assert ruff("format", "--isolated", "--check", tmp_path / "models.py").returncode == 0


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        ("entity", "Evil(SQLModel):\n    import os", "entity name"),
        ("entity", "Field", "collides"),
        ("table", 'x"; DROP TABLE y; --', "table name"),
        ("column", "a.b", "column name"),
        ("python", "os.system", "python name"),
        ("python", "_private", "underscore"),
        ("relationship", "books()", "relationship name"),
        ("back_populates", "x) or __import__('os')", "back_populates"),
        ("lazy", "selectin'); import os", "lazy"),
        ("order_by", "__import__('os').system('x')", "order_by"),
        ("cascade", "all, evil()", "cascade"),
    ],
)
def test_hostile_names_are_refused_with_their_source(where: str, value: str, message: str) -> None:
    design, _ = require_design([str(CONSTRUCTS)], Settings())
    data = design.model_dump()
    author = next(e for e in data["database_schema"]["entities"] if e["name"] == "Author")
    rel = author["relationships"][0]
    if where == "entity":
        author["name"] = value
    elif where == "table":
        author["table_name"] = value
    elif where == "column":
        author["columns"][1]["name"] = value
    elif where == "python":
        author["columns"][1]["python_name"] = value
    elif where == "relationship":
        rel["name"] = value
    elif where in ("back_populates", "lazy", "order_by", "cascade"):
        rel[where] = value
    with pytest.raises(SpecErrors) as info:
        build_context(Design.model_validate(data))
    lines = info.value.lines()
    assert any(message in line for line in lines), lines
    assert all("constructs.md:" in line for line in lines), lines  # each problem names its spec line


# ---- templates, CLI ---------------------------------------------------------------------------------------


def test_user_templates_override_by_file_name(tmp_path: Path) -> None:
    user = tmp_path / "tpl" / "sqlmodel"
    user.mkdir(parents=True)
    shipped = (ROOT / "templates" / "sqlmodel" / "class.py.j2").read_text()
    (user / "class.py.j2").write_text(shipped.replace("(SQLModel, table=True):", "(SQLModel, table=True):  # mine"))
    settings = Settings(templates=str(tmp_path / "tpl"))
    _, models, _ = rendered(CONSTRUCTS, tmp_path / "out", settings)
    assert "class Author(SQLModel, table=True):  # mine" in models.read_text()


def test_strict_undefined_in_templates(tmp_path: Path) -> None:
    user = tmp_path / "tpl" / "sqlmodel"
    user.mkdir(parents=True)
    (user / "enum.py.j2").write_text("{{ e.no_such_thing }}\n")
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        rendered(CONSTRUCTS, tmp_path / "out", Settings(templates=str(tmp_path / "tpl")))


def test_cli_render_writes_models(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    shutil.copytree(EXAMPLES, tmp_path / "specs")
    code, out, err = cli("render", "--target", "sqlmodel")
    assert code == 0, err
    assert (tmp_path / "generated" / "models.py").is_file() and "wrote generated/models.py" in out
    code, out, _ = cli("render", "--target", "sqlmodel")
    assert code == 0 and "unchanged" in out
    code, out, err = cli("render", "--target", "sqlmodel", "specs", "-o", "elsewhere")
    assert code == 0 and (tmp_path / "elsewhere" / "models.py").is_file()


def test_cli_render_refuses_while_validate_reports_errors(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    write_spec(
        tmp_path,
        """
## Entity: Parent
| Column | Type | Nullable | Constraints |
|---|---|---|---|
| id | integer | no | pk |

## Entity: Child
| Column | Type | Nullable | Constraints |
|---|---|---|---|
| id | integer | no | pk |
| parent_id | integer | no | fk parents.id on delete set null, index |
""",
    )
    code, _, err = cli("render", "--target", "sqlmodel")
    assert code == 1
    assert "SG301" in err and "nothing rendered" in err
    assert not (tmp_path / "generated" / "models.py").exists()


def test_cli_render_unknown_target(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("render", "--target", "cobol")
    assert code == 2 and "'cobol' is not one of 'alembic', 'docs', 'mermaid', 'native', 'sql', 'sqlmodel'" in err


# ---- golden text (its behavioural twin: test_behaviour_on_* render the same spec and run it) --------------

GOLDEN = TESTS / "cases" / "constructs" / "models.py"


def test_constructs_golden(golden: Callable[[Path, str], None]) -> None:
    design, _ = require_design([str(CONSTRUCTS.relative_to(ROOT))], Settings())
    text = next(iter(render(design, "sqlmodel", Settings(), Path("out")).values()))
    golden(GOLDEN, text)


# ---- size (its time budget, 0.5 s, is `make bench`'s: tests/bench.py) ---------------------------------------


def test_render_1000_entities(tmp_path: Path) -> None:
    synth = ROOT.parent / "shared" / "tools" / "synth_schema.py"
    if not synth.is_file():
        pytest.skip(f"{synth} not found (a lone clone has no ../shared)")
    subprocess.run([sys.executable, str(synth), "1000", str(tmp_path)], check=True, capture_output=True)
    design, _ = require_design([str(tmp_path / "specs")], Settings())
    assert len(design.database_schema.entities) == 1000
    files = render(design, "sqlmodel", Settings(), tmp_path / "out")
    assert next(iter(files.values())).count("(SQLModel, table=True):") == 1000


def test_names_that_would_collide_are_refused() -> None:
    design, _ = require_design([str(CONSTRUCTS)], Settings())
    data = design.model_dump()
    data["database_schema"]["enums"][0]["name"] = "any"  # class Any would shadow typing.Any
    author = next(e for e in data["database_schema"]["entities"] if e["name"] == "Author")
    author["relationships"][1]["name"] = author["relationships"][0]["name"]
    with pytest.raises(SpecErrors) as info:
        build_context(Design.model_validate(data))
    text = "\n".join(info.value.lines())
    # both problems at once, worded as validate's SG112 words them (the renderer only asserts that rule)
    assert "enum 'any' cannot be named in Python, or is named like an import" in text
    assert "relationship 'mentor' is defined twice on 'Author'" in text


def test_output_passes_mypy_strict(tmp_path: Path) -> None:
    """mypy comes with the dev extra (beside this interpreter), or from PATH, or SPECGEN_MYPY."""
    exe = (
        os.environ.get("SPECGEN_MYPY")
        or shutil.which("mypy", path=str(Path(sys.executable).parent))
        or shutil.which("mypy")
    )
    if not exe:
        pytest.skip("mypy not installed")
    _, models, _ = rendered(CONSTRUCTS, tmp_path)
    proc = subprocess.run(
        [exe, "--python-executable", sys.executable, "--strict", str(models)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout


EXAMPLES_BEHAVIOUR = """
import sys, time
sys.path.insert(0, {tests!r})
from render_check import load_models
import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session, SQLModel, select
m = load_models({models!r})
sa.orm.configure_mappers()
engine = sa.create_engine({url!r})
if engine.dialect.name == "sqlite":
    event.listen(engine, "connect", lambda c, _: c.execute("PRAGMA foreign_keys=ON"))
SQLModel.metadata.create_all(engine)
with Session(engine) as s:
    plugin, skill = m.Artifact(name="plugin", type="plugin"), m.Artifact(name="skill")
    c = m.Collection(name="Mine", artifacts=[plugin, skill])
    g = m.Group(name="G", collection=c, artifacts=[skill])
    s.add_all([c, g, m.ArtifactAssociation(parent=plugin, child=skill)])
    s.commit()
    link = s.exec(select(m.CollectionArtifact).where(m.CollectionArtifact.artifact_id == skill.id)).one()
    assert link.added_at is not None
    assert [a.child.name for a in plugin.child_associations] == ["skill"]
    assert sorted(a.name for a in c.artifacts) == ["plugin", "skill"] and skill.groups == [g]
    assert repr(c).startswith("Collection(id=UUID(") and c.to_dict()["name"] == "Mine"
    before = c.updated_at
    time.sleep(0.01)
    c.name = "Ours"
    s.commit()
    s.refresh(c)
    assert c.updated_at > before
    s.delete(c)
    s.commit()
    assert s.exec(select(m.Group)).all() == [] and s.exec(select(m.CollectionArtifact)).all() == []
    assert len(s.exec(select(m.Artifact)).all()) == 2
    try:
        s.add(m.Group(name="", collection=m.Collection(name="X")))
        s.commit()
        raise AssertionError("check length(name) > 0 not enforced")
    except sa.exc.IntegrityError:
        s.rollback()
    s.delete(s.get(m.Artifact, plugin.id))
    s.commit()
    assert s.exec(select(m.ArtifactAssociation)).all() == []  # ON DELETE CASCADE, passive_deletes
print("ok")
"""


@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_examples_behaviour(db: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    _, models, _ = rendered(EXAMPLES, tmp_path)
    url = request.getfixturevalue("pg_url") if db == "postgresql" else f"sqlite:///{tmp_path / 'db.sqlite'}"
    proc = run_script("-c", EXAMPLES_BEHAVIOUR.format(tests=str(TESTS), models=str(models), url=url))
    assert proc.returncode == 0, proc.stderr[-4000:]


def test_columns_named_like_the_modules_imports_keep_their_types(tmp_path: Path) -> None:
    """`date: date` is a pydantic error, and a field named `time` would hide the type from the fields after it:
    such columns get an attribute moved aside (`date_`), the column keeps its name, and rows go in and out."""
    spec = write_spec(
        tmp_path,
        "# Slots\n\n## Entity: Slot\n\n| Column | Type | Constraints |\n|---|---|---|\n| id | integer | pk |\n"
        "| date | date | not null |\n| time | time | not null |\n| datetime | timestamp | |\n| Decimal | numeric(8,2) | |\n"
        "| ends | time | |\n",
    )
    _, models, design_yaml = rendered(spec, tmp_path / "out")
    assert_clean(check_models(models, design_yaml, f"sqlite:///{tmp_path / 'db.sqlite'}"))
    code = (
        "import sys, datetime as dt; sys.path.insert(0, sys.argv[1]); import models, sqlalchemy as sa\n"
        "from sqlmodel import Session, select\n"
        "print(sorted(c.name for c in models.Slot.__table__.columns))\n"
        "e = sa.create_engine('sqlite://'); models.SQLModel.metadata.create_all(e)\n"
        "with Session(e) as s:\n"
        "    s.add(models.Slot(date_=dt.date(2026, 1, 2), time_=dt.time(9, 30), ends=dt.time(10, 0))); s.commit()\n"
        "    row = s.exec(select(models.Slot)).one(); print(row.date_, row.time_, row.ends)\n"
    )
    proc = run_script("-c", code, models.parent)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.splitlines() == [
        "['Decimal', 'date', 'datetime', 'ends', 'id', 'time']",
        "2026-01-02 09:30:00 10:00:00",
    ]
