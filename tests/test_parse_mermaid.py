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
    assert (fk.ref_table, fk.ref_columns, fk.loc.line) == ("customers", ["id"], 5)


def test_relationships_and_the_link_table() -> None:
    spec = read(DIAGRAM)
    by = {e.name: e for e in spec.entities}
    assert [(r.name, r.target, r.kind) for r in by["CUSTOMER"].relationships] == [
        ("orders", "ORDER", "one_to_many"),
        ("passport", "PASSPORT", "one_to_one"),
    ]
    assert [(r.name, r.kind, r.through) for r in by["ORDER"].relationships] == [
        ("customer", "many_to_one", None),
        ("products", "many_to_many", "orders_products"),
    ]
    link = by["ORDERPRODUCT"]
    assert link.table == "orders_products"
    assert [(c.name, c.primary_key, c.fk.ref_table) for c in link.columns] == [
        ("order_id", True, "orders"),
        ("product_id", True, "products"),
    ]


def test_design_from_a_diagram_has_no_errors() -> None:
    result = build_design(SpecIR([read(DIAGRAM)]))
    assert result.errors == []
    orders = result.design.database_schema.entity("orders")
    assert orders is not None and orders.column("customer_id").references == "customers.id"


def test_other_diagrams_and_bad_lines() -> None:
    spec = read("flowchart TD\n  A --> B")
    assert spec.entities == [] and [(d.severity, d.loc.line) for d in spec.diagnostics] == [("info", 3)]
    spec = read("erDiagram\n  A {\n    int id PK\n    what is this ?\n  }\n  A ~~ B")
    assert [(d.severity, d.loc.line) for d in spec.diagnostics] == [("warning", 7), ("warning", 9)]
