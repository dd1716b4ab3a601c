"""Conventional Markdown as teams write it: entities under any heading, field tables and bullets,
constraint phrases, relationship prose; what is not read is said."""

from __future__ import annotations

import pytest

from specgen.config import Settings
from specgen.design.build import build_design
from specgen.parse import parse_text
from specgen.parse.headings import entity_names
from specgen.parse.ir import SpecIR
from specgen.parse.phrases import read_phrases
from specgen.parse.prose import parse_sentence
from specgen.source import Location


def design(text: str):  # type: ignore[no-untyped-def]
    spec = parse_text("s.md", text)
    return spec, build_design(SpecIR([spec]), Settings())


def entity(result, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in result.design.database_schema.entities if name in (e.name, e.table_name))


@pytest.mark.parametrize(
    ("heading", "name", "table"),
    [
        ("### User", "User", None),
        ("## 1. Product", "Product", None),
        ("### 4.2 Funnel Definitions Table (`funnel_definitions`)", "FunnelDefinitions", "funnel_definitions"),
        ("## **Entity:** System Configuration (`SystemConfiguration`)", "SystemConfiguration", "SystemConfiguration"),
        ("## 📌 Table: `Hotel`", "Hotel", None),
        ("### 2.1 Таблиця `city` (Міста)", "City", "city"),
        ("### users", "Users", "users"),
        ("### `document_group`", "DocumentGroup", "document_group"),
        ("### 1.3 FiscalYearPattern (Entity)", "FiscalYearPattern", None),
        ("### Address Entity", "Address", None),
        ("### 1. Products (Sheet: `Products`)", "Products", "Products"),
        ("#### Tabel `invoices`", "Invoices", "invoices"),
        ("### 5. Tabel `invoices` & `invoice_items`", None, None),
    ],
)
def test_headings_are_cleaned_into_entity_and_table_names(heading: str, name: str | None, table: str | None) -> None:
    assert entity_names(heading.lstrip("#").strip()) == (name, table)


def test_spec_kit_bullets_give_columns_types_and_constraints() -> None:
    spec, result = design(
        "# Data Model\n\n## Entities\n\n### User\n\nA person.\n\n"
        "- `id`: uuid, primary key\n"
        "- `email`: string, unique, required\n"
        "- `display_name` (string, optional): shown in the UI\n"
        "- `age`: integer, >= 0, default 18\n"
        "- `first_name`, `last_name`: string, required\n"
        "- `team_id`: uuid, FK -> teams.id, on delete cascade\n\n"
        "### Team\n\n| Field | Type | Notes |\n|---|---|---|\n| `id` | UUID (PK) | |\n| `name` | TEXT | Required |\n"
    )
    user = entity(result, "User")
    cols = {c.name: c for c in user.columns}
    assert list(cols) == ["id", "email", "display_name", "age", "first_name", "last_name", "team_id"]
    assert user.primary_key is not None and user.primary_key.columns == ["id"]
    assert cols["email"].sql_type.startswith("varchar") and "unique" in cols["email"].constraints
    assert not cols["email"].nullable and cols["display_name"].nullable
    assert cols["age"].default == 18 and cols["age"].check_expression == "age >= 0"
    assert not cols["first_name"].nullable and not cols["last_name"].nullable
    (fk,) = user.foreign_keys
    assert (fk.columns, fk.ref_table, fk.ref_columns, fk.on_delete) == (["team_id"], "teams", ["id"], "CASCADE")
    assert not [d for d in result.diagnostics if d.severity == "error"]


def test_field_tables_in_any_language_and_column_order() -> None:
    _, result = design(
        "### users\n\n| Поле | Тип | Ограничения | Описание |\n|---|---|---|---|\n"
        "| id | UUID | PK | Уникальный идентификатор |\n| username | VARCHAR(50) | UNIQUE, NOT NULL | Логин |\n\n"
        "### Products (Sheet: `Products`)\n\n| Column | Field | Type | Constraints |\n|---|---|---|---|\n"
        "| A | id | string | PK |\n| B | userId | string | FK → users.id, required |\n"
    )
    users = entity(result, "users")
    assert [c.name for c in users.columns] == ["id", "username"]
    assert users.columns[1].length == 50 and not users.columns[1].nullable
    products = entity(result, "Products")
    assert [c.name for c in products.columns] == ["id", "userId"]  # the letters A, B are not names
    assert products.foreign_keys[0].ref_table == "users"


def test_generic_headings_and_labels_attach_fields_to_the_entity_above() -> None:
    spec, result = design(
        "## Order\n\n### Fields\n\n| Name | Type | Required |\n|---|---|---|\n| id | int | yes |\n| total | decimal(10,2) | no |\n\n"
        "### Indexes\n- `ix_order_total` on total\n\n"
        "## Customer\n\n**Стовпці:**\n- `id` - INTEGER GENERATED ALWAYS AS IDENTITY, PRIMARY KEY - ключ\n"
        "- `email` - VARCHAR(255), NOT NULL, UNIQUE - пошта\n\n"
        "**Ключові обмеження:**\n- `customer_email_check` - UNIQUE(email)\n"
    )
    order = entity(result, "Order")
    assert [c.name for c in order.columns] == ["id", "total"]
    assert [i.index_name for i in result.design.database_schema.indexes] == ["ix_order_total"]
    customer = entity(result, "Customer")
    assert [c.name for c in customer.columns] == ["id", "email"]  # the constraint bullets are not columns
    assert customer.columns[0].autoincrement
    assert {e.name for e in result.design.database_schema.entities} == {"Order", "Customer"}


def test_sections_that_are_not_tables_stay_prose() -> None:
    spec, result = design(
        "## Relationships\n- User 1:N Board\n- Board has many Cards\n\n"
        "## Validation Rules\n- `email`: must be a valid address\n\n"
        "## Migrations\n- Create users table\n\n"
        "## Board\n| Field | Type |\n|---|---|\n| id | uuid |\n| user_id | uuid |\n\n"
        "## Card\n| Field | Type |\n|---|---|\n| id | uuid |\n| board_id | uuid |\n\n"
        "## User\n| Field | Type |\n|---|---|\n| id | uuid |\n"
    )
    assert not result.errors
    assert sorted(e.name for e in result.design.database_schema.entities) == ["Board", "Card", "User"]
    # Relationship prose gives the child's `<parent>_id` its foreign key, marked inferred.
    board, card = entity(result, "Board"), entity(result, "Card")
    assert [(f.columns, f.ref_table, f.inferred) for f in board.foreign_keys] == [(["user_id"], "users", True)]
    assert [(f.columns, f.ref_table, f.inferred) for f in card.foreign_keys] == [(["board_id"], "boards", True)]


def test_field_details_under_an_entity_are_not_entities() -> None:
    _, result = design(
        "### Task\n\n#### Fields\n\n| Field | Type |\n|---|---|\n| `id` | String (UUID) |\n| `text` | String |\n\n"
        "#### Field Details\n\n##### `id` - Unique Identifier\n- **Type**: String (UUID v4 format)\n"
        "- **Purpose**: Uniquely identify tasks\n"
    )
    assert [e.name for e in result.design.database_schema.entities] == ["Task"]


def test_unmapped_types_warn_and_keep_the_column_and_marked_fks_find_their_target() -> None:
    _, result = design(
        "### Shift\n| Field Name | Type | Constraints |\n|---|---|---|\n| `id` | `UUID` | `Primary Key` |\n"
        "| `shape` | `Polygonish` | |\n| `location` | `UUID` (FK) | NOT NULL |\n\n"
        "### Location\n| Field Name | Type |\n|---|---|\n| `id` | `UUID` |\n"
    )
    shift = entity(result, "Shift")
    assert [c.name for c in shift.columns] == ["id", "shape", "location"]
    assert any("Polygonish" in d.message and d.severity == "warning" for d in result.diagnostics)
    assert [(f.columns, f.ref_table) for f in shift.foreign_keys] == [(["location"], "locations")]


def test_a_relationship_tables_unknown_on_delete_is_a_warning_and_a_known_one_is_kept() -> None:
    # An unknown action reached the design's ForeignKey and failed its validation (a traceback) before the IR typed it.
    _, result = design(
        "## User\n| Field | Type |\n|---|---|\n| id | integer pk |\n\n"
        "## Post\n| Field | Type |\n|---|---|\n| id | integer pk |\n| user_id | integer |\n\n"
        "## Comment\n| Field | Type |\n|---|---|\n| id | integer pk |\n| user_id | integer |\n\n"
        "## Relationships\n| Parent | Child | Cardinality | On delete |\n|---|---|---|---|\n"
        "| User | Post | 1:N | explode |\n| User | Comment | 1:N | set_null |\n"
    )
    assert any("on delete 'explode' is not an SQL action" in d.message for d in result.diagnostics)
    assert [f.on_delete for f in entity(result, "Post").foreign_keys] == [None]
    assert [f.on_delete for f in entity(result, "Comment").foreign_keys] == ["SET NULL"]


def test_unresolved_references_are_kept_for_validate_not_refused() -> None:
    _, result = design(
        "### Post\n| Field | Type | Notes |\n|---|---|---|\n| id | uuid | PK |\n| author_id | uuid | FK -> users.id |\n"
    )
    assert not result.errors
    post = entity(result, "Post")
    assert post.foreign_keys[0].ref_table == "users"  # validate reports SG101
    assert any(d.code == "SG101" for d in result.diagnostics)


def test_pseudo_object_sketches_and_entity_tables() -> None:
    _, result = design(
        "### Address Entity\n\n```javascript\nAddress {\n  street_address: String    // Primary Key\n"
        "  points_total: Integer     // Cumulative points\n}\n```\n\n"
        "### Scan\n\n```js\nScanSession {\n  session_id: String // Primary Key\n"
        "  address: String // Foreign Key to Address.street_address\n}\n```\n\n"
        "## Catalogs\n\n| Model class | Table | PK field | PK type |\n|---|---|---|---|\n"
        "| `SatCountry` | `sat_country` | `sat_country_id` | `str(3)` |\n\n"
        "```js\nconst x = { a: 1 }\n```\n"
    )
    names = sorted(e.name for e in result.design.database_schema.entities)
    assert names == ["Address", "SatCountry", "ScanSession"]
    scan = entity(result, "ScanSession")
    assert [(f.columns, f.ref_table, f.ref_columns) for f in scan.foreign_keys] == [
        (["address"], "Address", ["street_address"])
    ]
    assert entity(result, "sat_country").primary_key.columns == ["sat_country_id"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("PK, NOT NULL", ["primary key", "not null"]),
        ("FK → tenants, NOT NULL", ["references tenants", "not null"]),
        ("NOT NULL, DEFAULT now()", ["not null", "default now"]),
        ("Foreign Key → doctors(doctor_id)", ["references doctors(doctor_id)"]),
        ("FK ke `users` ON DELETE CASCADE", ["references users", "on delete cascade"]),
        ("PRIMARY KEY, IDENTITY", ["primary key", "autoincrement"]),
        ("1-500 characters", ["max length 500"]),
        ('enum: "IMPORT" | "EXPORT"', ["one of IMPORT, EXPORT"]),
        ("TODO reference", []),
        ("between 1 and 5", ["check x BETWEEN 1 AND 5"]),
    ],
)
def test_constraint_phrases(text: str, words: list[str]) -> None:
    assert read_phrases(text, "x").words == words


def test_free_text_is_read_loosely() -> None:
    assert read_phrases("Unique identifier for the task", "id", strict=False).words == []
    assert read_phrases("Default execution branch", "b", strict=False).words == []
    assert read_phrases("Defaults to `true`", "b", strict=False).default == "true"


@pytest.mark.parametrize(
    ("text", "parent", "child", "kind"),
    [
        ("User 1:N Post", "User", "Post", "one_to_many"),
        ("User has many Posts", "User", "Posts", "one_to_many"),
        ("Post belongs to User", "User", "Post", "one_to_many"),
        ("many-to-many Post ↔ Tag via post_tags", "Post", "Tag", "many_to_many"),
        ("One user → many sessions", "user", "sessions", "one_to_many"),
        ("`users` → `conversations` (1:N)", "users", "conversations", "one_to_many"),
    ],
)
def test_relationship_sentences(text: str, parent: str, child: str, kind: str) -> None:
    rel = parse_sentence(text, Location("s.md", 1))
    assert rel is not None and (rel.parent, rel.child, rel.kind) == (parent, child, kind)


def test_prose_is_not_a_relationship() -> None:
    assert parse_sentence("Points can only increase (no deduction)", Location("s.md", 1)) is None


def test_what_looks_like_schema_but_is_not_read_is_said() -> None:
    spec, _ = design(
        "## Thing\n| Field | Type |\n| id | int |\n\n## Book\n| Column | Kind |\n|---|---|\n| id | uuid |\n"
    )
    codes = sorted(d.code or "" for d in spec.diagnostics if d.severity == "warning")
    assert codes == ["SG903", "SG903"]  # no |---| row; Kind read as Type
    assert any(s.why.startswith("no |---| row") for s in spec.skipped)


def test_a_table_of_tables_names_each_tables_columns() -> None:
    """`| Table | Columns |` with a comma list per row: each row a table, `(FK)`/`(PK)` read, `Id` its key."""
    spec, result = design(
        "# Schema\n\n### Shop database\n\n| Table | Columns | Notes |\n|---|---|---|\n"
        "| `Products` | Id, Name, Price (decimal(10,2)), IsActive | root |\n"
        "| `ProductImages` | Id, ProductId (FK), Url | child |\n"
        "| `PriceCache` | ProductId (PK), Price, LastUpdated | read model |\n"
        "| `Audit` | see the audit spec | prose, not a column list |\n"
    )
    assert not result.errors
    products = entity(result, "Products")
    assert [c.name for c in products.columns] == ["Id", "Name", "Price", "IsActive"]
    assert products.primary_key.columns == ["Id"]  # a .NET-style `Id` is the key, not a second `id`
    assert next(c for c in products.columns if c.name == "Price").sql_type == "numeric(10,2)"
    images = entity(result, "ProductImages")
    assert [(fk.columns, fk.ref_table, fk.ref_columns) for fk in images.foreign_keys] == [
        (["ProductId"], "Products", ["Id"])
    ]
    assert entity(result, "PriceCache").primary_key.columns == ["ProductId"]
    assert {e.table_name for e in result.design.database_schema.entities} == {"Products", "ProductImages", "PriceCache"}


def test_a_table_of_tables_gives_way_to_a_fuller_definition() -> None:
    """The overview names what a section defines in full: the section's columns and types stand, alone."""
    _, result = design(
        "# Schema\n\n## Overview\n\n| Table | Columns |\n|---|---|\n| users | id, email, nickname |\n\n"
        "## users\n\n| Column | Type | Notes |\n|---|---|---|\n| id | uuid | PK |\n| email | varchar(255) | unique |\n"
    )
    assert not result.errors
    users = entity(result, "users")
    assert [c.name for c in users.columns] == ["id", "email"]
    assert users.forms == ["markdown"]


def test_index_tables_are_not_tables_of_tables() -> None:
    _, result = design(
        "# Schema\n\n### Lookups\n\n| Index | Table | Columns |\n|---|---|---|\n| ix_a | orders | customer_id, created_at |\n"
    )
    assert result.design.database_schema.entities == []


@pytest.mark.parametrize(
    ("item", "fact"),
    [
        ("`idx_user_email` - на email для швидкого пошуку", ("index", ["email"], None, "idx_user_email", None)),
        (
            "idx_orders - on customer_id, created_at for history",
            ("index", ["customer_id", "created_at"], None, "idx_orders", None),
        ),
        (
            "Unique index on (`user_id`, `normalized_name`)",
            ("index", ["user_id", "normalized_name"], None, None, "unique"),
        ),
        ("UNIQUE COMPOSITE: `(user-id, name)` - per user", ("unique", ["user_id", "name"], None, None, None)),
        ("Index on email", ("index", ["email"], None, None, None)),
        ("idx_status (status)", ("index", ["status"], None, "idx_status", None)),
    ],
)
def test_index_and_unique_items_name_their_columns(item: str, fact: tuple) -> None:  # type: ignore[type-arg]
    from specgen.parse.table_items import table_fact

    assert table_fact(item) == fact


def test_a_detail_word_with_an_sql_type_is_a_column() -> None:
    """`state: VARCHAR(20), Not Null` is a column; `**State**: draft -> done` under a field is not."""
    _, result = design(
        "# Clinic\n\n### Table: patients\n- patient_id: INT, Primary Key\n- city: VARCHAR(20), Not Null\n"
        "- state: VARCHAR(20), Not Null\n- zip: INT, Not null\n\n### Table: tasks\n- id: INT, Primary Key\n"
        "- title: VARCHAR(50), Not Null\n- **State**: draft -> done\n"
    )
    assert [c.name for c in entity(result, "patients").columns] == ["patient_id", "city", "state", "zip"]
    assert [c.name for c in entity(result, "tasks").columns] == ["id", "title"]


def test_a_remark_after_a_dotted_reference_is_not_its_column_list() -> None:
    from specgen.parse.fields import reference

    fk = reference("Tasks.TaskId (future)", ["TaskId"], Location("s.md", 1))
    assert fk is not None and (fk.ref_table, fk.ref_columns) == ("Tasks", ["TaskId"])
    fk = reference("public.users(id)", ["user_id"], Location("s.md", 1))
    assert fk is not None and (fk.ref_table, fk.ref_columns) == ("public.users", ["id"])


@pytest.mark.parametrize("cell", ["auto", "IDENTITY", "identity(1,1)", "auto-increment", "serial", "`auto`"])
def test_a_default_cell_that_says_generated_numbers_the_key(cell: str) -> None:
    _, result = design(
        f"# Log\n\n## audit_log\n\n| Column | Type | Constraints | Default |\n|---|---|---|---|\n"
        f"| id | bigint | PK | {cell} |\n| action | text | not null | |\n"
    )
    assert not result.errors
    key = entity(result, "audit_log").columns[0]
    assert (key.default, key.autoincrement) == (None, True)


def test_sections_under_a_behaviour_heading_are_not_entities() -> None:
    """`### State transitions` > `#### CREATE operation` with `- **Input**: Task text (string)`: an operation,
    not a table; a document titled "Data model: REST endpoints" still defines its tables."""
    _, result = design(
        "# Data model: REST endpoints\n\n## Task\n\n| Field | Type |\n|---|---|\n| id | uuid |\n| text | varchar(500) |\n\n"
        "## State transitions\n\n### CREATE operation\n\n- **Input**: Task text (string)\n- **Output**: task (object)\n"
        "- **Actions**: validate text (varchar(500))\n"
    )
    assert [e.name for e in result.design.database_schema.entities] == ["Task"]


def test_a_foreign_key_column_without_a_type_takes_its_keys_type() -> None:
    """`| client | ForeignKey |` (a Django field type in a column table) or `- owner: FK -> users`: the column
    is typed like the key it references, not `text` beside an integer key."""
    _, result = design(
        "# Legal\n\n## Client\n\n| Field | Type | Notes |\n|---|---|---|\n| id | AutoField | PK |\n| name | CharField(100) | |\n\n"
        "## Case\n\n| Field | Type | Notes |\n|---|---|---|\n| id | BigAutoField | PK |\n| client | ForeignKey | Required, PROTECT |\n\n"
        "## Memo\n\n- id: uuid, primary key\n- case: FK -> Case\n- body: text\n"
    )
    assert not [f for f in result.errors]
    case, note = entity(result, "Case"), entity(result, "Memo")
    assert next(c for c in case.columns if c.name == "client").sql_type == "integer"
    assert next(c for c in note.columns if c.name == "case").sql_type == "bigint"
