"""Column tables and the headings that name them, in the forms teams write them: backslash escapes, glossed and
numbered headings, one heading over two tables, a list item that names the table under it, key roles around a
type, and foreign-key targets said in the constraint or note cells."""

from __future__ import annotations

import pytest

from specgen.config import Settings
from specgen.design.build import build_design
from specgen.parse import parse_text
from specgen.parse.fields import split_type
from specgen.parse.headings import entity_names, several_tables, unescape
from specgen.parse.ir import SpecIR
from specgen.parse.markdown import read_markdown
from specgen.parse.phrases import read_phrases


def design(text: str):  # type: ignore[no-untyped-def]
    spec = parse_text("s.md", text)
    return spec, build_design(SpecIR([spec]), Settings())


def tables(result) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {e.table_name: [c.name for c in e.columns] for e in result.design.database_schema.entities}


def entity(result, table: str):  # type: ignore[no-untyped-def]
    return next(e for e in result.design.database_schema.entities if e.table_name == table)


def column(result, table: str, name: str):  # type: ignore[no-untyped-def]
    return next(c for c in entity(result, table).columns if c.name == name)


def references(result, table: str, name: str) -> str | None:  # type: ignore[no-untyped-def]
    fk = next((f for f in entity(result, table).foreign_keys if f.columns == [name]), None)
    return f"{fk.ref_table}.{fk.ref_columns[0]}" if fk else None


def test_a_backslash_escape_is_the_character_and_stays_literal_in_code() -> None:
    assert unescape(r"owner\_ref FK(team\_rosters.id)") == "owner_ref FK(team_rosters.id)"
    assert unescape(r"`a\_b` \* c\d") == r"`a\_b` * c\d"


def test_escaped_names_in_headings_and_cells_are_read() -> None:
    _, result = design(
        "# Spec\n\n## team\\_rosters テーブル\n\n| カラム | 型 |\n|---|---|\n| id | uuid |\n\n"
        "## roster\\_slots テーブル\n\n| カラム | 型 | 制約 |\n|---|---|---|\n| id | uuid | PK |\n"
        "| roster\\_id | uuid | FK(team\\_rosters.id), NOT NULL |\n"
    )
    got = tables(result)
    assert got["roster_slots"] == ["id", "roster_id"] and "team_rosters" in got
    assert references(result, "roster_slots", "roster_id") == "team_rosters.id"


@pytest.mark.parametrize(
    ("heading", "name", "table"),
    [
        ("### 🔸 **audit_trails** - Nhật ký kiểm tra", "AuditTrails", "audit_trails"),
        ("## Tabela 3 - gadgets", "Gadgets", "gadgets"),
        ("## Tabelle 2: widgets", "Widgets", "widgets"),
        ("### parcels: les colis envoyés", "Parcels", "parcels"),
        ("### `Depot` – entrepôts", "Depot", None),
        ("### Chapter - one", "ChapterOne", None),  # a capitalised plain word may open a sentence
    ],
)
def test_a_heading_with_decoration_and_a_gloss_names_the_identifier(heading: str, name: str, table: str) -> None:
    assert entity_names(heading) == (name, table)


def test_a_heading_over_two_tables_with_alternating_rows_gives_each_its_own() -> None:
    assert several_tables("### `votes_up` / `votes_down`") == ["votes_up", "votes_down"]
    assert several_tables("### `votes_up` versus `votes_down`") == []
    _, result = design(
        "# Spec\n\n### `boat_reviews` / `dock_reviews`\n\n| Campo | Tipo |\n|---|---|\n| `id` | bigint PK |\n"
        "| `boat_id` / `dock_id` | bigint |\n| `stars` | int |\n"
    )
    got = tables(result)
    assert got["boat_reviews"] == ["id", "boat_id", "stars"]
    assert got["dock_reviews"] == ["id", "dock_id", "stars"]


def test_a_list_item_names_the_table_indented_under_it() -> None:
    text = (
        "- kayak 테이블\n\n  | column | type | pk |\n  |---| --- | --- |\n  | id | Long | O |\n  | hull | int |  |\n\n"
        " - paddle 테이블\n\n    | column | type | pk |\n    |---| --- | --- |\n    | id | Long | O |\n"
    )
    assert sum(1 for b in read_markdown("s.md", text).blocks if type(b).__name__ == "Table") == 2
    _, result = design(text)
    assert tables(result) == {"kayak": ["id", "hull"], "paddle": ["id"]}


def test_an_indented_table_outside_a_list_is_still_code() -> None:
    text = "Text.\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n"
    assert not any(type(b).__name__ == "Table" for b in read_markdown("s.md", text).blocks)


def test_a_key_role_around_a_type_is_the_type_with_that_role() -> None:
    wt, rest = split_type("fk(INT)")
    assert wt is not None and wt.sql == "integer" and rest == "FK"
    wt, rest = split_type("pk(bigint)")
    assert wt is not None and wt.sql == "bigint" and rest == "PK"
    assert split_type("fk(owners.id)") == (None, "FK -> owners.id")
    _, result = design(
        "# Spec\n\n## owners\n\n| name | type |\n|---|---|\n| id | pk(INT) |\n\n"
        "## boats\n\n| name | type |\n|---|---|\n| id | pk(INT) |\n| owner_id | fk(INT) |\n"
    )
    assert entity(result, "boats").primary_key.columns == ["id"]
    assert column(result, "boats", "owner_id").sql_type == "integer"
    assert references(result, "boats", "owner_id") == "owners.id"


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("NOT NULL, FOREIGN KEY REFERENCES owners(id), UNIQUE", "owners(id)"),
        ("FK lógica → `depot.owners.id`", "depot.owners.id"),
        ("FK (logical) -> owners.id", "owners.id"),
        ("apunta a `owners.id` del otro esquema", "owners.id"),
        ("verweist auf `owners.id`", "owners.id"),
        ("FK lógica", None),
    ],
)
def test_a_foreign_key_target_in_a_constraint_or_note_cell(text: str, target: str | None) -> None:
    f = read_phrases(text, "owner_id", strict=False)
    assert f.fk and f.fk_target == target


def test_a_reference_in_words_marks_a_foreign_key_the_name_resolves() -> None:
    _, result = design(
        "# Spec\n\n## roles\n\n| Campo | Tipo |\n|---|---|\n| id | String |\n\n"
        "## members\n\n| Campo | Tipo | Descripción |\n|---|---|---|\n| id | String | Id |\n"
        "| roleId | String | Referencia al rol |\n"
    )
    assert references(result, "members", "roleId") == "roles.id"


def test_an_entity_noun_among_entities_is_an_entity_and_a_gloss_is_not_a_label() -> None:
    _, result = design(
        "# Spec\n\n### Boat\n\n| Field | Type |\n|---|---|\n| id | uuid |\n\n"
        "### Note\n\n| Field | Type |\n|---|---|\n| id | uuid |\n| body | text |\n\n"
        "### 3. Kayitlar (Master Table)\n\n| Field | Type |\n|---|---|\n| id | uuid |\n"
    )
    got = {e.name: [c.name for c in e.columns] for e in result.design.database_schema.entities}
    assert got["Note"] == ["id", "body"] and got["Kayitlar"] == ["id"]


def test_notes_on_their_own_are_still_not_an_entity() -> None:
    _, result = design("# Spec\n\n## Notes\n\n| Field | Type |\n|---|---|\n| id | uuid |\n")
    assert result.design.database_schema.entities == []
