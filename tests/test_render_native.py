"""`render --target native`: spec -> design -> native Markdown -> design gives the same schema facts.

The facts are what the design hash covers (design/yaml_io.design_hash), with the order of entities, enums,
indexes, foreign keys and constraints left out (a spec may list them in any order; the native file puts the tables
it must write as SQL after the others) and the `no_primary_key` option the native form states where SQL implies it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, SHARED
from specgen.config import Settings
from specgen.design.build import build_design
from specgen.design.model import Design
from specgen.design.yaml_io import _HASH_EXCLUDE, _PG_PARTS
from specgen.parse import parse, parse_text
from specgen.parse.ir import SpecIR
from specgen.render.native import cell, render_native

ROOT = Path(__file__).resolve().parents[1]


def facts(design: Design) -> dict[str, Any]:
    s = design.database_schema
    include = {"entities", "enums", "indexes", *(k for k in _PG_PARTS if getattr(s, k))}
    data = s.model_dump(mode="json", include=include, exclude=_HASH_EXCLUDE, exclude_none=True)  # type: ignore[arg-type]

    def by_text(items: list[Any]) -> list[Any]:
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True))

    data["entities"] = sorted(data.get("entities", []), key=lambda e: e["table_name"])
    data["enums"] = by_text(data.get("enums", []))
    data["indexes"] = by_text(data.get("indexes", []))
    for e in data["entities"]:
        e["options"] = [o for o in e.get("options", []) if o != "no_primary_key"]
        for key in ("foreign_keys", "relationships", "constraints"):
            e[key] = by_text(e.get(key, []))
        for k in e["constraints"]:
            if k.get("type") == "exclude" and k.get("expression"):
                k["expression"] = k["expression"].lower()  # the native line's method is lower case
    return data


def native_again(design: Design, settings: Settings | None = None) -> Design:
    """The design of the native files rendered from `design`."""
    files = render_native(design, None, Path("native"))
    return build_design(SpecIR([parse_text(str(p), text) for p, text in files.items()]), settings or Settings()).design


def design_of(path: Path) -> Design:
    if path.suffix in (".sql", ".pgsql"):
        text = "```sql\n" + path.read_text(encoding="utf-8", errors="replace") + "\n```\n"
        return build_design(SpecIR([parse_text(f"{path}.md", text)])).design
    if path.suffix == ".txt":
        return build_design(SpecIR([parse_text(f"{path}.md", path.read_text(encoding="utf-8"))])).design
    return build_design(parse([str(path)])).design


# What the native form cannot hold, by input: Python-side defaults (an ORM's `default=`) read back with the same
# value as the database's default too, and Python enum class names as the type's name; a MySQL `ON UPDATE
# CURRENT_TIMESTAMP` with a `CURRENT_TIMESTAMP()` default; INHERITS children drawing from the parent's sequence
# read back as serials; tables of one name in several schemas (postgrest) are one entity in a design.
KNOWN = {
    "specs/database": "Python-side defaults and enum class names",
    "000_0c1f4c4ac25ddb1c.txt": "a Python-side default",
    "001_8b795d10265aae15.txt": "Python-side defaults",
    "mysql-sakila-schema.sql": "MySQL ON UPDATE with CURRENT_TIMESTAMP()",
    "postgres-sakila-schema.sql": "INHERITS children of a serial key",
    "schema.sql": "tables of one name in several schemas",
}


def _inputs() -> list[Any]:
    paths = [ROOT / "specs" / "database", ROOT / "tests" / "render_specs" / "constructs.md"]
    paths += sorted((SHARED / "seeds").glob("*.txt"))
    paths += sorted(p for p in CORPUS.glob("*/*.sql") if not p.with_name(p.stem + ".schema.sql").exists())
    out = []
    for p in paths:
        name = str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else p.name
        known = KNOWN.get(name) or KNOWN.get(p.name)
        marks = [pytest.mark.xfail(strict=True, reason=known)] if known else []
        out.append(pytest.param(p, id=name, marks=marks))
    return out


@pytest.mark.parametrize("path", _inputs())
def test_spec_design_native_design_round_trip(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} not found (a lone clone has no ../shared)")
    design = design_of(path)
    assert facts(native_again(design)) == facts(design)


def test_cell_text_is_escaped_and_reads_back() -> None:
    assert cell("a | b\nc") == "a \\| b c"
    spec = (
        "## Entity: Note\ntable: notes\n\n| Column | Type | Nullable | Default | Constraints | Description |\n"
        "|---|---|---|---|---|---|\n| id | integer | no | | pk | |\n"
        "| body | text | no | 'a \\| b' | check: body <> '\\|' | Pipes \\| and text |\n"
    )
    design = build_design(SpecIR([parse_text("n.md", spec)])).design
    again = native_again(design)
    assert facts(again) == facts(design)
    body = again.database_schema.entities[0].column("body")
    assert body is not None and body.description == "Pipes | and text" and body.default == "a | b"


def test_tables_the_column_tables_cannot_state_are_written_as_sql() -> None:
    ddl = (
        "```sql\nCREATE DOMAIN percent AS integer CHECK (VALUE BETWEEN 0 AND 100);\n"
        "CREATE TYPE \"JobKind\" AS ENUM ('a', 'b');\n"
        'CREATE TABLE "Job" (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, score "percent", "order" int,\n'
        '  kind "JobKind", total numeric GENERATED ALWAYS AS (score * 2) STORED);\n'
        "CREATE TABLE plain (id serial PRIMARY KEY, note text);\n"
        'CREATE VIEW v AS SELECT id FROM "Job";\n```\n'
    )
    design = build_design(SpecIR([parse_text("j.md", ddl)])).design
    (text,) = render_native(design, None, Path("out")).values()
    assert "## Entity: Plain\ntable: plain\n" in text
    sql = text[text.index("```sql") :]
    assert "CREATE TYPE \"JobKind\" AS ENUM ('a', 'b');" in sql
    assert '    "order" integer,\n' in sql and '    score "percent",\n' in sql
    assert "    id bigint GENERATED ALWAYS AS IDENTITY,\n" in sql
    assert sql.index("CREATE DOMAIN") < sql.index('CREATE TABLE "Job"') < sql.index("CREATE VIEW v")
    assert facts(native_again(design)) == facts(design)


def test_render_target_native_through_the_cli(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, stderr = cli(
        "render", "--target", "native", str(ROOT / "tests" / "render_specs" / "constructs.md"), "-o", tmp_path
    )
    assert code == 0, stderr
    assert (tmp_path / "native" / "schema.md").read_text(encoding="utf-8").startswith("# Schema `schema`\n")


def test_identity_columns_stay_in_the_column_table() -> None:
    ddl = "```sql\nCREATE TABLE album (album_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text);\n```\n"
    design = build_design(SpecIR([parse_text("a.md", ddl)])).design
    (text,) = render_native(design, None, Path("out")).values()
    assert "| album_id | integer | no |  | pk, identity always |  |" in text and "```sql" not in text
    assert facts(native_again(design)) == facts(design)


def test_a_table_written_as_sql_keeps_its_entity_name() -> None:
    spec = (
        "## Entity: Thing\ntable: other_things\n\n| Column | Type | Constraints |\n|---|---|---|\n"
        "| id | integer | pk |\n\n```sql\nALTER TABLE other_things ADD COLUMN h int GENERATED ALWAYS AS (id * 2) STORED;\n```\n"
    )
    design = build_design(SpecIR([parse_text("t.md", spec)])).design
    (text,) = render_native(design, None, Path("out")).values()
    assert "<!-- specgen: ignore SG904 -->\n## Entity: Thing\ntable: other_things\n" in text
    again = native_again(design)
    assert [e.name for e in again.database_schema.entities] == ["Thing"]
    assert facts(again) == facts(design)
