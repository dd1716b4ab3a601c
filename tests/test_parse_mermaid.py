"""The ```mermaid erDiagram reader: entities, attributes, key markers, cardinalities, exact lines."""

from __future__ import annotations

from specgen.design.build import build_design
from specgen.parse import parse_text
from specgen.parse.ir import SpecFile, SpecIR

DIAGRAM = """\
erDiagram
    CUSTOMER ||--o{ ORDER : places
    CUSTOMER {
        int id PK
        string email UK "login name"
    }
    ORDER {
        int id PK
        int customer_id FK
        decimal total
    }
    ORDER }o--o{ PRODUCT : contains
    PRODUCT {
        int id PK
        string name
    }
    PASSPORT |o--|| CUSTOMER : identifies
    PASSPORT {
        int id PK
        int customer_id FK
    }
"""


def read(text: str) -> SpecFile:
    # Line 1 title, 2 blank, 3 the fence: the diagram's first line is line 4.
    return parse_text("m.md", f"# ER\n\n```mermaid\n{text}\n```\n")


def test_entities_attributes_and_lines() -> None:
    spec = read(DIAGRAM)
    by = {e.name: e for e in spec.entities}
    assert sorted(by) == ["CUSTOMER", "ORDER", "ORDERPRODUCT", "PASSPORT", "PRODUCT"]
    c = by["CUSTOMER"]
    assert (c.loc.line, c.form, c.partial) == (6, "mermaid", False)
    assert [(x.name, x.type, x.primary_key, x.unique, x.description, x.loc.line) for x in c.columns] == [
        ("id", "integer", True, False, None, 7),
        ("email", "varchar", False, True, "login name", 8),
    ]
    fk = by["ORDER"].columns[1].fk
    assert (fk.ref_table, fk.ref_columns, fk.loc.line) == ("customer", ["id"], 5)  # the name is the table


def test_relationships_and_the_link_table() -> None:
    spec = read(DIAGRAM)
    by = {e.name: e for e in spec.entities}
    assert [(r.name, r.target, r.kind) for r in by["CUSTOMER"].relationships] == [
        ("orders", "ORDER", "one_to_many"),
        ("passport", "PASSPORT", "one_to_one"),
    ]
    assert [(r.name, r.kind, r.through) for r in by["ORDER"].relationships] == [
        ("customer", "many_to_one", None),
        ("products", "many_to_many", "order_product"),
    ]
    link = by["ORDERPRODUCT"]
    assert link.table == "order_product"
    assert [(c.name, c.primary_key, c.fk.ref_table) for c in link.columns] == [
        ("order_id", True, "order"),
        ("product_id", True, "product"),
    ]


def test_design_from_a_diagram_has_no_errors() -> None:
    result = build_design(SpecIR([read(DIAGRAM)]))
    assert result.errors == []
    orders = result.design.database_schema.entity("order")
    assert orders is not None
    assert [(fk.columns, fk.ref_table, fk.ref_columns) for fk in orders.foreign_keys] == [
        (["customer_id"], "customer", ["id"])
    ]


def test_other_diagrams_and_bad_lines() -> None:
    spec = read("flowchart TD\n  A --> B")
    assert spec.entities == [] and [(d.severity, d.loc.line) for d in spec.diagnostics] == [("info", 3)]
    spec = read("erDiagram\n  A {\n    int id PK\n    what is this ?\n  }\n  A ~~ B")
    assert [(d.severity, d.loc.line) for d in spec.diagnostics] == [("warning", 7), ("warning", 9)]


def test_front_matter_before_er_diagram() -> None:
    spec = read("---\ntitle: Shop\n---\nerDiagram\n  A {\n    int id PK\n  }")
    assert [(e.name, e.loc.line) for e in spec.entities] == [("A", 8)]
    assert spec.diagnostics == []


def test_quoted_names_sized_types_and_several_keys() -> None:
    spec = read(
        'erDiagram\n  "Line Item" {\n    int order_id PK, FK "NOT NULL"\n    varchar_100 label\n'
        "    decimal_10_2 price\n  }\n"
        '  ORDER ||--o{ "Line Item" : has\n  ORDER {\n    int id PK\n  }'
    )
    by = {e.name: e for e in spec.entities}
    item = by["LineItem"]
    cols = {c.name: c for c in item.columns}
    assert (cols["label"].type, cols["price"].type) == ("varchar(100)", "numeric(10,2)")
    key = cols["order_id"]
    assert key.primary_key and key.nullable is False and key.fk.ref_table == "order"
    assert [(r.name, r.target) for r in item.relationships] == [("order", "ORDER")]


def test_self_relationship_binds_its_fk_column() -> None:
    spec = read(
        "erDiagram\n  COMMENT {\n    uuid id PK\n    uuid parent_id FK\n    uuid post_id FK\n  }\n"
        "  POST {\n    uuid id PK\n  }\n  COMMENT |o--o{ COMMENT : answers\n  POST ||--o{ COMMENT : has"
    )
    comment = next(e for e in spec.entities if e.name == "COMMENT")
    cols = {c.name: c for c in comment.columns}
    assert (cols["parent_id"].fk.ref_table, cols["parent_id"].fk.ref_columns) == ("comment", ["id"])
    assert cols["post_id"].fk.ref_table == "post"
    rels = {r.name: (r.kind, r.remote_side, r.foreign_keys) for r in comment.relationships}
    assert rels["parent"] == ("many_to_one", ["id"], ["parent_id"])
    assert rels["children"] == ("one_to_many", [], ["parent_id"])
    result = build_design(SpecIR([spec]))
    assert result.errors == []
    # Without an FK-marked column the self-relationship is skipped with a located warning.
    spec = read("erDiagram\n  NODE {\n    int id PK\n  }\n  NODE |o--o{ NODE : links")
    assert [(d.severity, d.loc.line) for d in spec.diagnostics] == [("warning", 8)]
    assert spec.entities[0].relationships == []


def test_fk_by_naming_convention_comment_and_key_name() -> None:
    spec = read(
        "erDiagram\n"
        "  NAMESPACE {\n    int id PK\n  }\n"
        "  DATATYPES {\n    int id PK\n  }\n"
        "  FEATURE {\n    int id PK\n    int namespace_id FK\n    int datatype_id FK\n    int other_id FK\n  }\n"
        '  LOG {\n    int id PK "FK to features.id"\n    int entity_id FK "FK(feature_id, ns) -> FEATURE"\n'
        "    int feature_id\n    int ns\n  }\n"
        "  RESPONSE {\n    uuid response_id PK\n  }\n"
        "  RESPONSE_FILE {\n    uuid response_id FK\n  }\n"
        "  RESPONSE ||--o{ RESPONSE_FILE : has\n"
    )
    by = {e.name: e for e in spec.entities}
    feature = {c.name: c.fk for c in by["FEATURE"].columns}
    assert (feature["namespace_id"].ref_table, feature["namespace_id"].ref_columns) == ("namespace", ["id"])
    assert feature["datatype_id"].ref_table == "datatypes"  # singular column, plural entity
    assert feature["other_id"] is None  # names no entity
    log = by["LOG"]
    assert (log.columns[0].fk.ref_table, log.columns[0].fk.ref_columns) == ("feature", ["id"])
    assert [(f.columns, f.ref_table, f.ref_columns) for f in log.foreign_keys] == [
        (["feature_id", "ns"], "feature", ["feature_id", "ns"])
    ]
    assert log.columns[1].fk is None  # the comment states a composite key, not one on entity_id
    files = by["RESPONSE_FILE"].columns[0].fk
    assert (files.ref_table, files.ref_columns) == ("response", ["response_id"])


def test_relationship_binds_the_column_that_names_the_parent() -> None:
    spec = read(
        "erDiagram\n  users ||--o{ clients : has\n  user_profiles ||--o{ clients : has\n"
        "  users {\n    uuid id PK\n  }\n  user_profiles {\n    uuid id PK\n    uuid user_id FK\n  }\n"
        "  clients {\n    uuid id PK\n    uuid user_id FK\n    uuid profile_id FK\n  }\n"
        "  A |o--o| B : one\n  A {\n    uuid id PK\n    uuid b_id FK\n  }\n  B {\n    uuid id PK\n  }\n"
    )
    by = {e.name: e for e in spec.entities}
    clients = {c.name: c.fk.ref_table if c.fk else None for c in by["clients"].columns}
    assert clients == {"id": None, "user_id": "users", "profile_id": "user_profiles"}
    # A one-to-one binds on the side that holds the key column, whichever side is drawn first.
    assert by["A"].columns[1].fk.ref_table == "b"
    assert [(r.name, r.kind) for r in by["A"].relationships] == [("b", "one_to_one")]


def test_an_entity_in_several_diagrams_is_one_entity() -> None:
    text = (
        "# ER\n\n```mermaid\nerDiagram\n  A {\n    int id PK\n    string name\n  }\n  A ||--o{ B : has\n"
        "  B {\n    int id PK\n    int a_id FK\n  }\n```\n\n"
        "```mermaid\n---\ntitle: second view\n---\nerDiagram\n  A {\n    int id PK\n    string note\n  }\n"
        "  A ||--o{ B : has\n  A ||--o{ C : has\n  C {\n    int id PK\n    int a_id FK\n  }\n```\n"
    )
    spec = parse_text("m.md", text)
    assert [e.name for e in spec.entities] == ["A", "B", "C"]
    a = spec.entities[0]
    assert [c.name for c in a.columns] == ["id", "name", "note"]
    assert [r.name for r in a.relationships] == ["bs", "cs"]
    result = build_design(SpecIR([spec]))
    assert result.errors == []


def test_wild_mermaid_documents() -> None:
    from conftest import SHARED
    from specgen.parse import parse

    path = SHARED / "wild" / "files" / "01_kodiak-mermaid.md"
    if not path.is_file():
        import pytest

        pytest.skip("../shared/wild not found")
    spec = parse([path]).files[0]
    names = [e.name for e in spec.entities]
    assert len(names) == 18 and len(set(names)) == 18  # three diagrams, NAMESPACE and ENTITY drawn twice
    log = next(e for e in spec.entities if e.name == "NAMESPACE_LOG")
    assert {c.name: c.fk.ref_table for c in log.columns if c.fk} == {
        "action_id": "action",
        "entity_id": "entity",
        "namespace_id": "namespace",
    }


def test_fk_columns_named_for_their_role_pair_with_the_lines_drawn_to_them() -> None:
    # No column is named after EMPLOYEE: the labels' words say which column each line is
    spec = read(
        "erDiagram\n"
        "  EMPLOYEE {\n    int id PK\n  }\n"
        "  TRUCK {\n    int id PK\n  }\n"
        "  TRIP {\n    int id PK\n    int driver_id FK\n    int reviewer_1_id FK\n    int reviewer_2_id FK\n"
        "    int plate FK\n  }\n"
        '  EMPLOYEE ||--o{ TRIP : "drives (driver)"\n'
        '  EMPLOYEE ||--o{ TRIP : "checks (reviewer 1)"\n'
        '  EMPLOYEE ||--o{ TRIP : "checks (reviewer 2)"\n'
        '  TRUCK ||--o{ TRIP : "used on"\n'
    )
    trip = next(e for e in spec.entities if e.name == "TRIP")
    assert {c.name: c.fk.ref_table for c in trip.columns if c.fk} == {
        "driver_id": "employee",
        "reviewer_1_id": "employee",
        "reviewer_2_id": "employee",
        "plate": "truck",  # the one line left
    }
    assert not [d for d in spec.diagnostics if d.severity == "warning"]
    notes = [d for d in spec.diagnostics if "(FK) references" in d.message]
    assert len(notes) == 4 and all(d.severity == "info" for d in notes)
    # several keys to EMPLOYEE: the design names each relationship by its role, so the models can join them
    result = build_design(SpecIR([spec]))
    assert result.errors == []
    trip_rels = next(e for e in result.design.database_schema.entities if e.name == "TRIP").relationships
    assert sorted(r.name for r in trip_rels if r.related_entity == "EMPLOYEE") == ["driver", "reviewer_1", "reviewer_2"]


def test_a_tie_between_two_entities_pairs_nothing() -> None:
    spec = read(
        "erDiagram\n"
        "  A {\n    int id PK\n  }\n  B {\n    int id PK\n  }\n"
        "  C {\n    int id PK\n    int owner_id FK\n    int keeper_id FK\n  }\n"
        '  A ||--o{ C : "owner"\n  B ||--o{ C : "owner"\n'
    )
    c = next(e for e in spec.entities if e.name == "C")
    assert [col.name for col in c.columns if col.fk] == []
    assert sum("holds its foreign key" in d.message for d in spec.diagnostics) == 2


def test_a_unique_comment_marks_the_column_unique() -> None:
    spec = read(
        'erDiagram\n  T {\n    int id PK\n    int a_id FK "UNIQUE"\n    string code "unique, not null"\n'
        '    string slug "Unique per tenant"\n    string tag "non-unique"\n  }'
    )
    cols = {c.name: c.unique for c in spec.entities[0].columns}
    assert cols == {"id": False, "a_id": True, "code": True, "slug": False, "tag": False}


def test_an_entity_name_written_as_a_table_is_the_table() -> None:
    spec = read(
        "erDiagram\n  ORDER_ITEM {\n    int id PK\n  }\n  tahun_ajaran {\n    int id PK\n  }\n"
        '  "Phieu nhap kho" {\n    int id PK\n  }\n  LineItem {\n    int id PK\n  }\n  p["Person"] {\n    int id PK\n  }\n'
        "  회원 {\n    int id PK\n  }\n"
    )
    assert [(e.name, e.table) for e in spec.entities] == [
        ("ORDER_ITEM", "order_item"),  # one case: a table name, folded as PostgreSQL folds it
        ("tahun_ajaran", "tahun_ajaran"),  # not given an English plural
        ("PhieuNhapKho", "phieu_nhap_kho"),  # a quoted name's words
        ("LineItem", None),  # a class name: the design's rule gives `line_items`
        ("p", "person"),  # an alias names the table
        ("회원", "회원"),
    ]


def test_a_diagram_beside_field_bullets_agrees_with_them() -> None:
    # The diagram sketches what the bullets state: its `string` for a JSON payload, its MySQL `longtext`,
    # and a key to TIME_SLOT that the bullets write as `TimeSlot.id` are one schema, not conflicts.
    text = (
        "# Model\n\n```mermaid\nerDiagram\n  TIME_SLOT ||--o{ BOOKING : holds\n  TIME_SLOT {\n    string id\n  }\n"
        "  BOOKING {\n    string id\n    string time_slot_id\n    string payload\n    longtext note\n  }\n```\n\n"
        "### `TimeSlot`\n\n**Fields:**\n\n- `id` (PK, string/UUID).\n\n"
        "### `Booking`\n\n**Fields:**\n\n- `id` (PK, string/UUID).\n- `time_slot_id` (FK → `TimeSlot.id`).\n"
        "- `payload` (JSON, optional).\n- `note` (LONGTEXT).\n"
    )
    result = build_design(SpecIR([parse_text("t.md", text)]))
    assert result.design.database_schema.conflicts == []
    booking = next(e for e in result.design.database_schema.entities if e.name == "Booking")
    assert [(c.name, c.database_type) for c in booking.columns][2:] == [("payload", "json"), ("note", "text")]
    assert [(f.columns, f.ref_table) for f in booking.foreign_keys] == [(["time_slot_id"], "time_slot")]


def test_entities_named_as_tables_get_one_row_attributes() -> None:
    # `users` is the class name too: an attribute `users` for one user would shadow it in the models
    spec = read(
        "erDiagram\n  users ||--o{ carts : owns\n  users ||--o{ visits : logs\n"
        "  users {\n    int id PK\n  }\n  carts {\n    int id PK\n    int user_id FK\n  }\n"
        "  visits {\n    int id PK\n    int ma_khach FK\n    int ma_nhan_vien FK\n  }\n"
    )
    result = build_design(SpecIR([spec]))
    assert result.errors == []
    rels = {e.name: sorted(r.name for r in e.relationships) for e in result.design.database_schema.entities}
    assert rels["carts"] == ["user"]
    assert "users" not in rels["visits"] and len(rels["visits"]) == 2


def test_a_column_whose_type_cannot_hold_the_key_is_not_bound_to_it() -> None:
    # STUDENT's key is the text `nim`: `bigint student_id` means some other key (say, the user's id)
    spec = read(
        "erDiagram\n  STUDENT {\n    varchar nim PK\n  }\n  ESSAY {\n    bigint id PK\n    bigint student_id FK\n  }\n"
        "  STUDENT ||--o{ ESSAY : writes\n"
    )
    essay = next(e for e in spec.entities if e.name == "ESSAY")
    assert essay.columns[1].fk is None
    assert any("holds its foreign key" in d.message for d in spec.diagnostics)
