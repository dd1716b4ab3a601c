"""Bullet lists of fields as specs write them beyond `- name: type`: comma lists of fields, an entity and its
fields on one bullet, label bullets ("Columns", "主な列", "Поля") over nested fields, key label bullets,
references in a field's words, and fields typed as another entity (navigation fields)."""

from __future__ import annotations

import pytest
from reader_helpers import columns, fks, read

from specgen.config import Settings
from specgen.design.build import build_design
from specgen.parse import parse_text
from specgen.parse.ir import SpecIR


def test_bullets_that_each_carry_several_fields() -> None:
    got = read(
        "## Models\n\n### Shop (main store)\n- id, name, code (unique), ownerId (FK)\n"
        "- kind: RETAIL | WHOLESALE, openedOn\n- isOpen: whether customers can order\n- isPublic\n"
        "- Shown on the public page\n- Kinds: RETAIL, WHOLESALE\n"
    )
    shop = got["Shop"]
    assert columns(shop) == ["id", "name", "code", "ownerId", "kind", "openedOn", "isOpen", "isPublic"]
    by = {c.name: c for c in shop.columns}
    assert by["code"].unique and by["ownerId"].fk_marked and by["ownerId"].fk is None
    assert by["kind"].type == "enum(RETAIL, WHOLESALE)"
    assert by["isOpen"].description == "whether customers can order"


def test_fk_then_a_constraint_word_is_no_target() -> None:
    shop = read("### Shop\n- id, ownerId (FK nullable), regionId (FK optional)\n")["Shop"]
    assert [(c.name, c.fk_marked, c.fk) for c in shop.columns[1:]] == [
        ("ownerId", True, None),
        ("regionId", True, None),
    ]


def test_a_comma_list_without_a_key_or_a_note_is_not_a_table() -> None:
    assert read("### Stack\n- react, vue, svelte\n") == {}


def test_an_entity_and_its_fields_on_one_bullet() -> None:
    got = read(
        "## Схема базы данных\n- Person: id (uuid), name, kindID -> Kind (A, B)\n"
        "- Visit: id, personId, day (date), hour(Time)\n- Kind: id, label\n- Индексы: Visit(day)\n"
        "- onDelete: Cascade для связей\n"
    )
    assert sorted(got) == ["Kind", "Person", "Visit"]
    assert columns(got["Person"]) == ["id", "name", "kindID"]
    assert fks(got["Person"]) == {"kindID": "Kind"}
    visit = {c.name: c.type for c in got["Visit"].columns}
    assert visit == {"id": None, "personId": None, "day": "date", "hour": "time"}


@pytest.mark.parametrize(
    "text",
    [
        "## Roles\n- Admin: read, write, delete\n- Viewer: read\n",  # values, no key
        "### Order\n- Indexes: user_id, created_at\n- Columns: id, user_id\n",  # labels, not tables
    ],
)
def test_bullets_that_are_not_entities(text: str) -> None:
    assert not any(e.form == "overview" for e in read(text).values())


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("**Columns**", "**Primary key**"),
        ("**主な列**", "**主キー**"),
        ("Поля:", "Первичный ключ:"),
        ("**Campos**", "PK"),
    ],
)
def test_a_label_bullet_holds_the_fields_nested_under_it(label: str, key: str) -> None:
    got = read(
        f"### `Memo` table\n- {key}: `id`\n- {label}\n  - `authorId` … who wrote it (`Author.id`)\n"
        "  - `parentId` … the memo it answers (optional, self-reference)\n  - `createdAt` / `updatedAt`\n"
        "- **Note**: memos are never deleted.\n"
    )
    memo = got["Memo"]
    assert columns(memo) == ["id", "authorId", "parentId", "createdAt", "updatedAt"]
    assert [c.name for c in memo.columns if c.primary_key] == ["id"]
    assert fks(memo) == {"authorId": "Author.id", "parentId": "Memo"}


def test_a_composite_key_label_marks_listed_fields() -> None:
    link = read("### `Link` table\n- **Primary key**: `@@id([a_id, b_id])` (composite)\n- **Columns**\n"
                "  - `a_id` … left (`A.id`)\n  - `b_id` … right (`B.id`)\n")["Link"]  # fmt: skip
    assert [c.name for c in link.columns if c.primary_key] == ["a_id", "b_id"]
    assert fks(link) == {"a_id": "A.id", "b_id": "B.id"}


def test_a_table_heading_makes_untyped_name_bullets_fields_and_model_notes_are_not() -> None:
    got = read("### `Folder` テーブル\n- `title` … フォルダ名\n- `Archive` モデル … 別テーブルで保持\n")
    assert columns(got["Folder"]) == ["title"]


def test_inline_field_labels_in_a_bullet_or_a_paragraph() -> None:
    got = read("### Depot\n**Spalten:** id, name, city_id (FK -> cities.id)\n\n### Bin\n- **Kolom**: id, depot_id\n")
    assert columns(got["Depot"]) == ["id", "name", "city_id"] and fks(got["Depot"]) == {"city_id": "cities.id"}
    assert columns(got["Bin"]) == ["id", "depot_id"]


def test_detail_words_typed_in_a_field_list_are_columns() -> None:
    got = read(
        "### Club\n- id: String (PK)\n- name: String\n- description: String?\n- notes: String?\n\n"
        "### email\n- Type: String\n- Description: the address\n"
    )
    assert columns(got["Club"]) == ["id", "name", "description", "notes"]
    assert "email" not in got and "Email" not in got


def test_fields_typed_as_entities_are_relationships_or_foreign_keys() -> None:
    text = (
        "### Club\n- id: String (PK)\n- name: String\n- teams: Team[]\n- staff: List<Coach>\n- trophies: Trophy[]\n"
        "- profile: ClubProfile? (1:1)\n\n"
        "### Team\n- id: String (PK)\n- clubId: String (FK -> Club.id)\n- club: Club\n- region: Region\n\n"
        "### Coach\n- id: String (PK)\n- clubId: String (FK -> Club.id)\n\n"
        "### ClubProfile\n- id: String (PK)\n- clubId: String (FK -> Club.id)\n\n"
        "### Region\n- id: String (PK)\n- name: String\n"
    )
    spec = parse_text("s.md", text)
    got = {e.name: e for e in spec.entities}
    assert columns(got["Club"]) == ["id", "name"]  # lists of entities, an unknown list, a 1:1's inverse side
    assert columns(got["Team"]) == ["id", "clubId", "region"]  # `club` navigates the key `clubId`
    assert fks(got["Team"]) == {"clubId": "Club.id", "region": "Region"}
    assert not [d for d in spec.diagnostics if d.code == "SG901"]  # no "unknown type" for entity types
    result = build_design(SpecIR([spec]), Settings())
    team = next(e for e in result.design.database_schema.entities if e.name == "Team")
    region = next(c for c in team.columns if c.name == "region")
    assert region.sql_type == "varchar"  # the referenced key's type


def test_a_list_of_a_plain_type_stays_a_column() -> None:
    club = read("### Club\n- id: String (PK)\n- tags: String[]\n- roles: Role[]\n")["Club"]
    assert columns(club) == ["id", "tags", "roles"]  # no entity-typed field here: `Role[]` is kept (warned)


def test_relational_notation_lines_in_bullets_or_a_paragraph() -> None:
    for text in (
        "## Relational schema\n- Client(**id**, name, email (unique))\n- Sale(**id**, client_id -> Client, day (date))\n",
        "## Relational schema\n\nClient(**id**, name, email (unique))\nSale(**id**, client_id -> Client, day (date))\n",
    ):
        got = read(text)
        assert columns(got["Client"]) == ["id", "name", "email"] and got["Client"].columns[0].primary_key
        assert fks(got["Sale"]) == {"client_id": "Client"}


def test_one_inline_bullet_under_an_endpoint_is_not_a_table() -> None:
    assert read("## API\n### Create order\n- Body: userId, amount\n- Reply: orderId, status\n") == {}
    assert read("### Checkout\n- Input: userId, amount\n") == {}


def test_a_labelled_list_under_a_table_heading_belongs_to_its_label() -> None:
    got = read("### `members` table\n- `id` … the key\n\n**Roles**:\n- `owner`: all rights\n- `guest`: read only\n")
    assert columns(got["Members"]) == ["id"]
