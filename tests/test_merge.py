"""One table in several forms becomes one entity; disagreeing facts become conflicts naming both lines."""

from __future__ import annotations

from specgen.design.build import build_design
from specgen.parse import parse_text
from specgen.parse.ir import SpecIR

SQL = """\
# Orders

```sql
CREATE TABLE customers (
    id integer PRIMARY KEY,
    name varchar(100) NOT NULL
);
CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    total decimal(12, 2) NOT NULL DEFAULT 0,
    note text,
    placed_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP
);
```
"""

ORM_AGREES = """\
# Orders as classes

```python
class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    total: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=0)
    note: Mapped[Optional[str]] = mapped_column(String)
    placed_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow)

    customer: Mapped["Customer"] = relationship()
```
"""

ORM_DISAGREES = """\
# Orders as classes

```python
class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    total: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=1)
    note: Mapped[str] = mapped_column(Text)
```
"""


def design(*files: tuple[str, str]):  # type: ignore[no-untyped-def]
    return build_design(SpecIR([parse_text(name, text) for name, text in files]))


def test_agreeing_forms_merge_without_conflicts() -> None:
    result = design(("sql.md", SQL), ("orm.md", ORM_AGREES))
    assert result.errors == []
    schema = result.design.database_schema
    assert schema.conflicts == []
    orders = schema.entity("orders")
    assert (orders.name, orders.forms) == ("Order", ["sql", "python"])
    assert [c.name for c in orders.columns] == ["id", "customer_id", "total", "note", "placed_at"]
    assert orders.column("total").sql_type == "numeric(12,2)"
    assert {r.name: r.related_entity for r in orders.relationships}["customer"] == "Customer"


def test_disagreeing_facts_name_both_lines() -> None:
    result = design(("sql.md", SQL), ("orm.md", ORM_DISAGREES))
    got = [(c.entity, c.column, c.fact, [str(v) for v in c.values]) for c in result.design.database_schema.conflicts]
    assert got == [
        ("Order", "customer_id", "on delete", ["CASCADE @ sql.md:10", "SET NULL @ orm.md:8"]),
        ("Order", "total", "type", ["numeric(12,2) @ sql.md:11", "numeric(10,2) @ orm.md:9"]),
        ("Order", "total", "default", ["0 @ sql.md:11", "1 @ orm.md:9"]),
        ("Order", "note", "nullable", ["true @ sql.md:12", "false @ orm.md:10"]),
    ]


def test_two_definitions_in_one_form_are_an_error_naming_both() -> None:
    result = design(("a.md", SQL), ("b.md", SQL))
    messages = [(d.loc.path, d.loc.line, d.message) for d in result.errors]
    assert ("b.md", 4, "entity 'customers' is defined twice in sql form (first at a.md:4)") in messages
    assert ("b.md", 8, "entity 'orders' is defined twice in sql form (first at a.md:8)") in messages


def test_alter_table_in_another_file_adds_to_the_table() -> None:
    alter = (
        "# More\n\n```sql\nALTER TABLE orders ADD CONSTRAINT uq_orders_note UNIQUE (note);\n"
        "CREATE INDEX ix_orders_placed ON orders (placed_at);\n```\n"
    )
    result = design(("sql.md", SQL), ("alter.md", alter))
    assert result.errors == []
    schema = result.design.database_schema
    orders = schema.entity("orders")
    assert [(k.name, k.columns, str(k.source)) for k in orders.constraints] == [
        ("uq_orders_note", ["note"], "alter.md:4")
    ]
    assert [(i.index_name, str(i.source)) for i in schema.indexes_of("orders")] == [("ix_orders_placed", "alter.md:5")]


def test_a_foreign_key_typed_by_its_annotation_takes_the_key_type_of_another_file() -> None:
    tags = (
        "# Tags\n\n```python\nclass ArtifactTag(Base):\n    __tablename__ = 'artifact_tags'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "    artifact_id: Mapped[str] = mapped_column(ForeignKey('artifacts.id', ondelete='CASCADE'))\n```\n"
    )
    artifacts = "# Artifacts\n\n```sql\nCREATE TABLE artifacts (id uuid PRIMARY KEY, name text NOT NULL);\n```\n"
    tags_spec, artifacts_spec = parse_text("tags.md", tags), parse_text("artifacts.md", artifacts)
    column = tags_spec.entities[0].columns[1]
    assert (column.type, column.type_from_reference) == ("varchar", True)
    result = build_design(SpecIR([tags_spec, artifacts_spec]))
    assert result.errors == [] and result.design.database_schema.conflicts == []
    tag = result.design.database_schema.entity("artifact_tags")
    assert tag.column("artifact_id").sql_type == "uuid"
    assert column.type == "varchar"  # the merge copies; the SpecIR is left as read


def test_a_name_stated_in_one_form_survives_the_unnamed_twin() -> None:
    ddl = (
        "# G\n\n```sql\nCREATE TABLE collections (id integer PRIMARY KEY);\n"
        "CREATE TABLE groups (\n    id integer PRIMARY KEY,\n"
        "    collection_id integer NOT NULL REFERENCES collections (id),\n"
        "    name varchar(255) NOT NULL,\n    position integer NOT NULL,\n"
        "    UNIQUE (collection_id, name),\n    CHECK (position >= 0)\n);\n"
        "CREATE INDEX ON groups (position);\n```\n"
    )
    orm = (
        "# G\n\n```python\nclass Group(Base):\n    __tablename__ = 'groups'\n    __table_args__ = (\n"
        "        UniqueConstraint('collection_id', 'name', name='uq_group_name_per_collection'),\n"
        "        CheckConstraint('position >= 0', name='ck_group_position'),\n"
        "        Index('ix_group_position', 'position'),\n    )\n\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "    collection_id: Mapped[int] = mapped_column(ForeignKey('collections.id', name='fk_group_collection'))\n"
        "    name: Mapped[str] = mapped_column(String(255))\n    position: Mapped[int]\n```\n"
    )
    for files in ((("a.md", ddl), ("b.md", orm)), (("b.md", orm), ("a.md", ddl))):
        result = design(*files)
        assert result.errors == []
        groups = result.design.database_schema.entity("groups")
        assert sorted((k.type, k.name) for k in groups.constraints) == [
            ("check", "ck_group_position"),
            ("unique", "uq_group_name_per_collection"),
        ]
        assert [f.name for f in groups.foreign_keys] == ["fk_group_collection"]
        ixs = [i.index_name for i in result.design.database_schema.indexes if i.table_name == "groups"]
        assert ixs == ["ix_group_position"], ixs
    # The IR keeps what each form said: the DDL's constraint is still unnamed.
    spec = parse_text("a.md", ddl)
    build_design(SpecIR([spec, parse_text("b.md", orm)]))
    assert [k.name for k in spec.entities[1].constraints] == [None, None]


def test_seed_002_keeps_its_constraint_name() -> None:
    from conftest import seed_path
    from specgen.parse import parse

    result = build_design(parse([seed_path("002")]))
    groups = result.design.database_schema.entity("groups")
    assert "uq_group_name_per_collection" in [k.name for k in groups.constraints]


DOC_TABLES = """\
# Accounts

## Entity tables

### accounts

| Column | Type | Notes |
|---|---|---|
| id | uuid | PK |
| displayName | VARCHAR | required |
| isActive | boolean | |
| createdAt | timestamptz | |
| ownerId | uuid | FK to users |

```mermaid
erDiagram
    accounts {
        uuid id PK
        string displayName
        boolean isActive
        timestamp createdAt
        int balance
    }
```
"""

DOC_SQL = """\
# DDL

```sql
CREATE TABLE users (id uuid PRIMARY KEY);
CREATE TABLE accounts (
    id uuid PRIMARY KEY,
    display_name varchar(120) NOT NULL,
    is_active boolean,
    created_at timestamptz,
    owner_id uuid REFERENCES users(id),
    balance bigint
);
CREATE INDEX ix_accounts_owner ON accounts (owner_id);
```
"""


def test_one_fact_said_loosely_and_precisely_is_one_fact() -> None:
    """camelCase in a domain table is the DDL's snake_case column; `VARCHAR` and `varchar(120)`, a diagram's
    `timestamp`/`int` beside `timestamptz`/`bigint`, and `FK to users` beside `users(id)` agree: no conflict,
    the precise form's facts stand."""
    result = design(("sql.md", DOC_SQL), ("doc.md", DOC_TABLES))
    assert result.errors == []
    schema = result.design.database_schema
    assert schema.conflicts == []
    accounts = schema.entity("accounts")
    assert [c.name for c in accounts.columns] == [
        "id",
        "display_name",
        "is_active",
        "created_at",
        "owner_id",
        "balance",
    ]
    types = {c.name: c.sql_type for c in accounts.columns}
    assert (types["display_name"], types["created_at"], types["balance"]) == ("varchar(120)", "timestamptz", "bigint")
    assert [(fk.columns, fk.ref_table) for fk in accounts.foreign_keys] == [(["owner_id"], "users")]


def test_a_column_table_and_a_diagram_disagreeing_on_kind_still_conflict() -> None:
    doc = DOC_TABLES.replace("boolean isActive", "int isActive")
    result = design(("doc.md", doc))
    got = [(c.column, c.fact) for c in result.design.database_schema.conflicts]
    assert got == [("isActive", "type")]
