"""The DBML reader: tables, column settings, indexes, refs of every kind, enums, exact lines,
unlabelled fences, whole files of raw DBML, and statements pydbml cannot read."""

from __future__ import annotations

import pytest
import yaml

from conftest import SHARED
from specgen.design.build import build_design
from specgen.parse import parse_text
from specgen.parse.ir import SpecFile, SpecIR

SCHEMA = """\
Project shop { database_type: 'PostgreSQL' }

Enum core.order_status {
  created
  "in transit" [note: 'on its way']
}

Table core.users as U [note: 'people who buy'] {
  id integer [pk, increment]
  email varchar(255) [unique, not null, note: 'login']
  nick varchar(40) [null, default: 'anon']
  score int [default: 0, check: `score >= 0`]
  active boolean [default: true]
  joined timestamp [default: `now()`]
}

Table orders {
  id int [pk]
  user_id int [not null, ref: > U.id]
  status core.order_status
  code varchar(20)
  indexes {
    (user_id, code) [unique, name: 'uq_orders_user_code']
    code [type: hash]
  }
  Note: 'what was bought'
}

Table passports {
  id int [pk]
  holder_id int
}

Table tags {
  id int [pk]
}

Table order_lines {
  order_id int
  line_no int
  indexes {
    (order_id, line_no) [pk]
  }
}

Ref: passports.holder_id - core.users.id
Ref fk_lines: orders.id < order_lines.order_id [delete: cascade, update: no action]
Ref: orders.id <> tags.id

TableGroup sales {
  orders
  order_lines
}
"""


def read(text: str, lang: str = "dbml") -> SpecFile:
    # Line 1 title, 2 blank, 3 the fence: the text's first line is line 4.
    return parse_text("d.md", f"# Shop\n\n```{lang}\n{text}```\n")


def by_table(spec: SpecFile) -> dict[str, object]:
    return {e.table: e for e in spec.entities}


def test_tables_columns_settings_and_lines() -> None:
    spec = read(SCHEMA)
    assert [d.format() for d in spec.diagnostics if d.severity != "info"] == []
    tables = by_table(spec)
    assert sorted(tables) == ["order_lines", "orders", "orders_tags", "passports", "tags", "users"]
    users = tables["users"]
    assert (users.form, users.loc.line, users.description) == ("dbml", 11, "people who buy")
    rows = [
        (c.name, c.type, c.primary_key, c.unique, c.nullable, c.autoincrement, c.server_default, c.loc.line)
        for c in users.columns
    ]
    assert rows == [
        ("id", "integer", True, False, None, True, None, 12),
        ("email", "varchar(255)", False, True, False, None, None, 13),
        ("nick", "varchar(40)", False, False, True, None, "'anon'", 14),
        ("score", "int", False, False, True, None, "0", 15),
        ("active", "boolean", False, False, True, None, "true", 16),
        ("joined", "timestamp", False, False, True, None, "now()", 17),
    ]
    assert users.columns[1].description == "login"
    assert users.columns[3].check == "score >= 0"


def test_indexes_notes_and_composite_key() -> None:
    tables = by_table(read(SCHEMA))
    orders = tables["orders"]
    assert orders.description == "what was bought"
    assert [(i.columns, i.name, i.unique, i.method, i.loc.line) for i in orders.indexes] == [
        (["user_id", "code"], "uq_orders_user_code", True, None, 26),
        (["code"], None, False, "hash", 27),
    ]
    lines = tables["order_lines"]
    assert [(k.kind, k.columns) for k in lines.constraints] == [("primary_key", ["order_id", "line_no"])]


def test_refs_of_every_kind_land_on_the_many_side() -> None:
    spec = read(SCHEMA)
    tables = by_table(spec)
    # inline `ref: >` through the alias U; schema-qualified names keep the bare table name
    fk = tables["orders"].columns[1].fk
    assert (fk.columns, fk.ref_table, fk.ref_columns, fk.loc.line) == (["user_id"], "users", ["id"], 22)
    # `<`: the right side holds the key; actions and the ref's name are kept
    fk = tables["order_lines"].columns[0].fk
    assert (fk.ref_table, fk.on_delete, fk.on_update, fk.name, fk.loc.line) == (
        "orders",
        "CASCADE",
        "NO ACTION",
        "fk_lines",
        50,
    )
    # `-`: one-to-one, the left side holds the key, and says so since the column is not unique
    passports = tables["passports"]
    assert passports.columns[1].fk.ref_table == "users"
    assert [(r.name, r.target, r.kind) for r in passports.relationships] == [("user", "users", "one_to_one")]
    # `<>`: DBML's join table, both keys in its primary key
    link = tables["orders_tags"]
    assert [(c.name, c.primary_key, c.fk.ref_table, c.fk.ref_columns) for c in link.columns] == [
        ("orders_id", True, "orders", ["id"]),
        ("tags_id", True, "tags", ["id"]),
    ]
    assert [(r.target, r.kind, r.through) for r in tables["tags"].relationships] == [
        ("orders", "many_to_many", "orders_tags")
    ]


def test_enums_and_enum_typed_columns() -> None:
    spec = read(SCHEMA)
    assert [(e.name, e.values, e.form, e.loc.line) for e in spec.enums] == [
        ("order_status", ["created", "in transit"], "dbml", 6)
    ]
    assert by_table(spec)["orders"].columns[2].type == "order_status"


def test_design_resolves_keys_types_and_relationships() -> None:
    result = build_design(SpecIR([read(SCHEMA)]))
    assert result.errors == []
    entities = {e.table_name: e for e in result.design.database_schema.entities}
    link = entities["orders_tags"]
    assert [(c.name, c.database_type) for c in link.columns] == [("orders_id", "integer"), ("tags_id", "integer")]
    assert link.primary_key.columns == ["orders_id", "tags_id"]
    orders = entities["orders"]
    assert [(f.columns, f.ref_table) for f in orders.foreign_keys] == [(["user_id"], "users")]
    assert orders.column("status").enum == "order_status"
    # no key is invented for a DBML table: it is what the database has, like SQL
    assert entities["order_lines"].primary_key.columns == ["order_id", "line_no"]
    assert [c.name for c in entities["order_lines"].columns] == ["order_id", "line_no"]


def test_a_bad_table_is_a_located_warning_and_the_others_are_read() -> None:
    text = "Table good {\n  id int [pk]\n}\n\nTable bad {\n  id int [pk\n  name text\n}\n\nTable after {\n  id int\n}\n"
    spec = read(text)
    assert sorted(by_table(spec)) == ["after", "good"]
    warnings = [d for d in spec.diagnostics if d.severity == "warning"]
    assert len(warnings) == 1
    assert warnings[0].loc.line == 10  # where pyparsing stops: `name` after the unclosed `[pk` of line 9
    assert "DBML table not read" in warnings[0].message


def test_types_and_names_pydbml_cannot_hold_are_read() -> None:
    note = "Table n {\n  id int [default: null]\n  Note: '''\n    two { lines }\n    here\n  '''\n}\n"
    (e,) = read(note).entities
    assert (e.description, e.columns[0].server_default) == ("two { lines }\nhere", None)
    text = "Table học_viên { // học viên\n  mã varchar(10) [pk]\n  bậc enum('Cử nhân', 'Kỹ sư') // bậc\n}\n"
    spec = read(text)
    assert [d for d in spec.diagnostics if d.severity == "warning"] == []
    (e,) = spec.entities
    assert (e.table, e.description) == ("học_viên", "học viên")
    assert [(c.name, c.type, c.description, c.loc.line) for c in e.columns] == [
        ("mã", "varchar(10)", None, 5),
        ("bậc", "enum('Cử nhân', 'Kỹ sư')", "bậc", 6),
    ]


def test_unlabelled_fence_is_dbml_when_it_starts_like_dbml() -> None:
    spec = read("// the schema\n\nTable a {\n  id int [pk]\n}\n", lang="")
    assert [e.table for e in spec.entities] == ["a"]
    ascii_art = read("+-------+\n| Table |\n+-------+\n", lang="")
    assert ascii_art.entities == []
    assert any("plain code block ignored" in d.message for d in ascii_art.diagnostics)


def test_a_whole_file_of_raw_dbml() -> None:
    text = "// Use DBML\n\nTable users {\n  id int [pk]\n}\n\nTable posts {\n  id int [pk]\n  user_id int [ref: > users.id]\n}\n"
    spec = parse_text("raw.md", text)
    tables = by_table(spec)
    assert sorted(tables) == ["posts", "users"]
    assert tables["posts"].columns[1].loc.line == 9
    assert tables["posts"].columns[1].fk.ref_table == "users"
    assert [e.table for e in parse_text("r.md", "Ref: a.id < b.a_id\nTable a {\n  id int\n}\n").entities] == ["a"]
    assert parse_text("n.md", "Ref: RFC 9110, section 8\n\nSome prose.\n").diagnostics == []
    # prose that merely mentions a table is not DBML
    assert parse_text("p.md", "# Notes\n\nTable users {\n  is described below\n}\n").entities == []


def test_ref_to_a_table_of_another_fence_is_attached_by_the_design() -> None:
    text = "# S\n\n```dbml\nTable a {\n  id int [pk]\n}\n```\n\n```dbml\nRef: b.a_id > a.id\nTable b {\n  id int [pk]\n  a_id int\n}\n```\n"
    spec = parse_text("s.md", text)
    result = build_design(SpecIR([spec]))
    b = next(e for e in result.design.database_schema.entities if e.table_name == "b")
    assert [(f.columns, f.ref_table) for f in b.foreign_keys] == [(["a_id"], "a")]
    text2 = "```dbml\nTable a {\n  id int [pk]\n}\n```\n\n```dbml\nRef: c.a_id > a.id\n```\n"
    spec2 = parse_text("s.md", text2)
    assert [(t, fk.columns) for t, fk in spec2.foreign_keys] == [("c", ["a_id"])]


WILD = SHARED / "wild"


def test_wild_raw_dbml_document() -> None:
    path = WILD / "files" / "27_ptit-dbml-vi.md"
    if not path.is_file():
        pytest.skip(f"{path} not found (a lone clone has no ../shared)")
    expect = yaml.safe_load((WILD / "EXPECT.yaml").read_text(encoding="utf-8"))[path.name]
    spec = parse_text(str(path), path.read_text(encoding="utf-8"))
    assert [d.format() for d in spec.diagnostics if d.severity != "info"] == []
    tables = by_table(spec)
    for want in expect["entities"]:
        got = tables[want["table"]]
        assert [c.name for c in got.columns] == want["columns"]
        assert [c.name for c in got.columns if c.primary_key] == want["primary_key"]
        fks = [{"column": c.name, "references": f"{c.fk.ref_table}.{c.fk.ref_columns[0]}"} for c in got.columns if c.fk]
        assert fks == want["foreign_keys"]
    result = build_design(SpecIR([spec]))
    assert result.errors == []
    assert len(result.design.database_schema.entities) == len(expect["entities"])


def test_one_to_one_written_key_first_puts_the_key_on_the_other_side() -> None:
    # `shipments.id` is the primary key and `labels.shipment_id` is not a key: the foreign key is labels'.
    spec = read(
        "Table shipments {\n  id int [pk]\n}\nTable labels {\n  id int [pk]\n  shipment_id int\n}\n"
        "Ref: shipments.id - labels.shipment_id\n"
    )
    tables = by_table(spec)
    assert tables["shipments"].columns[0].fk is None
    fk = tables["labels"].columns[1].fk
    assert (fk.ref_table, fk.ref_columns) == ("shipments", ["id"])
    assert [(r.target, r.kind) for r in tables["labels"].relationships] == [("shipments", "one_to_one")]


def test_a_fence_holding_dbml_is_read_as_dbml_whatever_its_tag() -> None:
    # dbdiagram.io text pasted under ```java, the fence indented under a list item
    text = (
        "# Schema\n\n- exported from the diagram tool:\n\n    ```java\n    // tickets\n    Table ticket {\n"
        "      id integer [primary key, increment]\n      event_id integer [not null]\n    }\n\n"
        "    Table event {\n      id integer [pk]\n    }\n\n    Ref: event.id < ticket.event_id\n    ```\n"
    )
    spec = parse_text("t.md", text)
    tables = by_table(spec)
    assert sorted(tables) == ["event", "ticket"]
    assert tables["ticket"].columns[1].fk.ref_table == "event"
    assert tables["ticket"].loc.line == 7
    notes = [d for d in spec.diagnostics if "read as DBML" in d.message]
    assert [(d.severity, d.loc.line) for d in notes] == [("info", 5)]


def test_fences_holding_sql_or_an_er_diagram_are_read_by_their_reader() -> None:
    sql = parse_text("s.md", "```text\n-- the table\nCREATE TABLE rooms (\n  id int PRIMARY KEY\n);\n```\n")
    assert [e.table for e in sql.entities] == ["rooms"]
    assert any("read as SQL" in d.message for d in sql.diagnostics)
    er = parse_text("m.md", "```\nerDiagram\n  ROOM {\n    int id PK\n  }\n```\n")
    assert [e.name for e in er.entities] == ["ROOM"]
    # code that is not a schema keeps its tag's reader (and is not taken for one)
    code = parse_text("c.md", "```java\nTable t = new Table();\n```\n")
    assert code.entities == []
