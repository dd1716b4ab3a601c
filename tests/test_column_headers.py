"""Column tables whose headers are in any language, bold, glossed or bilingual; tables of foreign keys; headings
about files; references written around a table name in Chinese, Japanese and Korean."""

from __future__ import annotations

import pytest

from specgen.config import Settings
from specgen.design.build import build_design
from specgen.parse import parse_text
from specgen.parse.headings import entity_names
from specgen.parse.ir import SpecIR
from specgen.parse.phrases import read_phrases
from specgen.vocab.headers import header_candidates


def design(text: str):  # type: ignore[no-untyped-def]
    spec = parse_text("s.md", text)
    return spec, build_design(SpecIR([spec]), Settings())


def entity(result, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in result.design.database_schema.entities if name in (e.name, e.table_name))


def names(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.table_name for e in result.design.database_schema.entities}


def fks(e) -> dict[str, tuple[str, list[str], str | None]]:  # type: ignore[no-untyped-def]
    return {fk.columns[0]: (fk.ref_table, fk.ref_columns, fk.on_delete) for fk in e.foreign_keys}


@pytest.mark.parametrize(
    "header",
    [
        "| Spalte | Typ | Einschränkungen | Beschreibung |",  # German
        "| Colonne | Type | Contraintes | Description |",  # French
        "| Columna | Tipo | Restricciones | Descripción |",  # Spanish
        "| Coluna | Tipo | Restrições | Descrição |",  # Portuguese
        "| Colonna | Tipo | Vincoli | Descrizione |",  # Italian
        "| Kolomnaam | Gegevenstype | Beperkingen | Omschrijving |",  # Dutch
        "| Kolumna | Typ | Ograniczenia | Opis |",  # Polish
        "| Sütun | Veri tipi | Kısıtlamalar | Açıklama |",  # Turkish
        "| Поле | Тип | Ограничения | Описание |",  # Russian
        "| Стовпець | Тип даних | Обмеження | Опис |",  # Ukrainian
        "| Sloupec | Datový typ | Omezení | Popis |",  # Czech
        "| 字段名 | 数据类型 | 约束 | 备注 |",  # Chinese (simplified)
        "| 欄位名稱 | 資料類型 | 約束 | 說明 |",  # Chinese (traditional)
        "| 物理名 | データ型 | 制約 | 説明 |",  # Japanese
        "| 컬럼명 | 데이터 타입 | 제약 조건 | 비고 |",  # Korean
        "| Tên cột | Kiểu dữ liệu | Ràng buộc | Ghi chú |",  # Vietnamese
        "| Nama kolom | Tipe data | Batasan | Keterangan |",  # Indonesian
        "| ชื่อคอลัมน์ | ชนิดข้อมูล | ข้อจำกัด | คำอธิบาย |",  # Thai
        "| **컬럼 (Column)** | **타입 (Type)** | **제약조건 (Constraints)** | **설명 (Description)** |",  # glossed
        "| Column / 列名 | Type / 类型 | Constraints / 约束 | Notes / 说明 |",  # bilingual
        "| Kolumn (Column) | Tipo (Type) | Zasady (Constraints) | Info (Notes) |",  # known inside the parentheses
    ],
)
def test_a_column_table_header_is_read_in_any_language(header: str) -> None:
    _, result = design(
        f"# Schema\n\n### garage\n\n{header}\n|---|---|---|---|\n"
        "| id | BIGINT | PK | x |\n| plate | VARCHAR(12) | NOT NULL, UNIQUE | y |\n"
    )
    garage = entity(result, "garage")
    cols = {c.name: c for c in garage.columns}
    assert list(cols) == ["id", "plate"]
    assert garage.primary_key is not None and garage.primary_key.columns == ["id"]
    assert (
        cols["plate"].sql_type == "varchar(12)" and not cols["plate"].nullable and "unique" in cols["plate"].constraints
    )


def test_header_candidates_are_the_whole_then_its_parts() -> None:
    assert header_candidates("**컬럼 (Column)**") == ["컬럼 (column)", "컬럼", "column"]
    assert header_candidates("Column / 列名") == ["column / 列名", "column", "列名"]
    assert header_candidates("Field (FK)") == ["field (fk)", "field", "fk"]


def test_nullable_and_default_headers_in_other_languages() -> None:
    _, result = design(
        "### lamp\n\n| Feld | Typ | Null erlaubt | Standardwert |\n|---|---|---|---|\n"
        "| id | integer | nein | |\n| watts | integer | ja | 40 |\n"
    )
    cols = {c.name: c for c in entity(result, "lamp").columns}
    assert cols["watts"].nullable and cols["watts"].default == 40


def test_a_table_of_foreign_keys_under_a_table_heading_adds_keys_to_its_definition() -> None:
    _, result = design(
        "# Schema\n\n## Tables\n\n### `kennel`\n\n| Column | Type |\n|---|---|\n| id | bigint PK |\n\n"
        "### `pup`\n\n| Column | Type |\n|---|---|\n| id | bigint PK |\n| kennel_id | bigint |\n"
        "| origin_id | bigint |\n\n"
        "## Foreign keys\n\n### Table `pup`\n\n"
        "| Field (FK) | Referenced table | Referenced column | On delete |\n|---|---|---|---|\n"
        "| `kennel_id` | `kennel` | `id` | CASCADE |\n| `origin_id` | `pup` | `id` | SET NULL (self reference) |\n"
    )
    pup = entity(result, "pup")
    assert [c.name for c in pup.columns] == ["id", "kennel_id", "origin_id"]
    assert fks(pup) == {"kennel_id": ("kennel", ["id"], "CASCADE"), "origin_id": ("pup", ["id"], "SET NULL")}
    assert names(result) == {"kennel", "pup"}


def test_a_table_of_foreign_keys_alone_gives_a_partial_table_with_its_key_columns() -> None:
    _, result = design(
        "### Tabel `kennel`\n\n| Kolom | Tipe |\n|---|---|\n| id | bigint PK |\n\n"
        "### Tabel `bark_log`\n\n| Field (FK) | Merujuk ke Tabel | Merujuk ke Kolom | Aksi jika dihapus |\n"
        "|---|---|---|---|\n| `kennel_id` | `kennel` | `id` | SET NULL |\n"
    )
    log = entity(result, "bark_log")
    assert "kennel_id" in [c.name for c in log.columns]
    assert fks(log) == {"kennel_id": ("kennel", ["id"], "SET NULL")}


def test_a_table_of_foreign_keys_naming_each_rows_table() -> None:
    _, result = design(
        "### kennel\n\n| Column | Type |\n|---|---|\n| id | int PK |\n\n"
        "### pup\n\n| Column | Type |\n|---|---|\n| id | int PK |\n| kennel_id | int |\n\n"
        "## Relationships\n\n| Table | Column | References | On delete |\n|---|---|---|---|\n"
        "| pup | kennel_id | kennel.id | RESTRICT |\n"
    )
    assert fks(entity(result, "pup")) == {"kennel_id": ("kennel", ["id"], "RESTRICT")}
    assert names(result) == {"kennel", "pup"}


def test_a_table_of_foreign_keys_under_a_foreign_keys_heading_belongs_to_the_entity_above() -> None:
    _, result = design(
        "### kennel\n\n| Column | Type |\n|---|---|\n| id | int PK |\n\n"
        "### pup\n\n| Column | Type |\n|---|---|\n| id | int PK |\n| kennel_id | int |\n\n"
        "#### Foreign keys\n\n| Column | References | On Delete |\n|---|---|---|\n| kennel_id | kennel(id) | CASCADE |\n"
    )
    assert fks(entity(result, "pup")) == {"kennel_id": ("kennel", ["id"], "CASCADE")}
    assert names(result) == {"kennel", "pup"}


def test_a_diagram_key_yields_to_a_table_of_foreign_keys() -> None:
    _, result = design(
        "```mermaid\nerDiagram\n    PERSON ||--o{ VISIT : makes\n    KENNEL ||--o{ VISIT : hosts\n"
        "    PERSON {\n        int id PK\n    }\n    KENNEL {\n        int id PK\n    }\n"
        "    VISIT {\n        int id PK\n        int person_id FK\n        int kennel_id FK\n    }\n```\n\n"
        "### Table `visit`\n\n| Column | Referenced table | Referenced column |\n|---|---|---|\n"
        "| person_id | kennel | id |\n"
    )
    visit = entity(result, "VISIT")
    assert fks(visit)["person_id"][0].lower().startswith("kennel")  # the table of KENNEL, not PERSON
    assert len(result.design.database_schema.entities) == 3
    # the relationship line only linked PERSON and VISIT; the key stated in the table is no disagreement
    assert not result.design.database_schema.conflicts


def test_a_key_stated_on_a_diagram_column_that_disagrees_is_a_conflict() -> None:
    _, result = design(
        "```mermaid\nerDiagram\n    PERSON {\n        int id PK\n    }\n    KENNEL {\n        int id PK\n    }\n"
        '    VISIT {\n        int id PK\n        int person_id FK "person.id"\n    }\n```\n\n'
        "### Table `visit`\n\n| Column | Referenced table | Referenced column |\n|---|---|---|\n"
        "| person_id | kennel | id |\n"
    )
    (conflict,) = result.design.database_schema.conflicts
    assert conflict.fact == "foreign key" and conflict.values[0].value == "kennel.id"


def test_a_diagram_entity_meets_a_table_stated_in_its_own_spelling() -> None:
    # `PROFESI` would be `profesis` as a derived plural, which no singular rule undoes
    _, result = design(
        "```mermaid\nerDiagram\n    PROFESI {\n        int id PK\n        int mentor_id FK\n        string title\n    }\n"
        "```\n\n### Tabel `profesi`\n\n| Field (FK) | Merujuk ke Tabel | Merujuk ke Kolom |\n|---|---|---|\n"
        "| `mentor_id` | `profesi` | `id` |\n"
    )
    (only,) = result.design.database_schema.entities
    assert [c.name for c in only.columns] == ["id", "mentor_id", "title"]
    assert fks(only)["mentor_id"][1] == ["id"]


@pytest.mark.parametrize(
    "heading",
    ["File: `sales_targets.csv`", "`exports/daily/orders.json`", "Datei: kunden.xlsx", "ファイル: `items.csv`"],
)
def test_a_heading_naming_a_file_names_no_table(heading: str) -> None:
    assert entity_names(heading) == (None, None)


def test_the_columns_of_a_file_are_no_table() -> None:
    spec, result = design(
        "## Tables\n\n### `shop`\n\n- `id` (integer, PK)\n\n## CSV\n\n### File: `goals.csv`\n\n"
        "| Column | Type |\n|---|---|\n| shop_id | integer |\n| goal | integer |\n"
    )
    assert names(result) == {"shop"}
    assert any("names no entity" in s.why for s in spec.skipped)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("关联 kennel 表", "kennel"),
        ("关联kennel表的id", "kennel.id"),
        ("引用 kennel.id", "kennel.id"),
        ("kennel テーブルの id を参照", "kennel.id"),
        ("kennel 테이블의 id 참조", "kennel.id"),
        ("`kennel`.id를 참조", "kennel.id"),
    ],
)
def test_cjk_reference_phrases_name_the_target(text: str, target: str) -> None:
    f = read_phrases(text, "x", strict=False)
    assert f.fk and f.fk_target == target


@pytest.mark.parametrize("text", ["用户名", "详情见 README 参照", "API 참조", "参照してください"])
def test_cjk_text_without_a_table_is_no_reference(text: str) -> None:
    assert not read_phrases(text, "x", strict=False).fk


def test_a_chinese_column_table_with_a_reference_in_its_notes() -> None:
    _, result = design(
        "### 2.1 kennel - 犬舍表\n\n| 字段 | 类型 | 约束 | 说明 |\n|---|---|---|---|\n| id | BIGINT | PK | 主键 |\n\n"
        "### 2.2 pup - 幼犬表\n\n| 字段 | 类型 | 约束 | 说明 |\n|---|---|---|---|\n| id | BIGINT | PK | 主键 |\n"
        "| home_id | BIGINT | NOT NULL | 关联 kennel 表 |\n"
    )
    assert fks(entity(result, "pup"))["home_id"][0] == "kennel"


def test_a_column_table_with_a_references_column_keeps_all_its_columns() -> None:
    _, result = design(
        "### kennel\n\n| Column | Type |\n|---|---|\n| id | int PK |\n\n"
        "### pup\n\n| Column | Constraints | References |\n|---|---|---|\n| id | PK | |\n| name | NOT NULL | |\n"
        "| kennel_id | NOT NULL | kennel.id |\n"
    )
    pup = entity(result, "pup")
    assert [c.name for c in pup.columns] == ["id", "name", "kennel_id"]
    assert fks(pup)["kennel_id"][:2] == ("kennel", ["id"])


def test_a_length_column_completes_the_type() -> None:
    _, result = design(
        "### kennel\n\n| 字段名 | 类型 | 长度 | 允许空 | 默认值 | 说明 |\n|---|---|---|---|---|---|\n"
        "| id | int | 11 | 否 | | 主键 |\n| title | varchar | 40 | 否 | | 名称 |\n"
        "| fee | decimal | 10,2 | 是 | 0 | 费用 |\n| note | varchar(80) | 100 | 是 | | 备注 |\n"
    )
    cols = {c.name: c for c in entity(result, "kennel").columns}
    assert cols["title"].sql_type == "varchar(40)" and not cols["title"].nullable
    assert cols["fee"].sql_type == "numeric(10,2)" and cols["fee"].nullable
    assert cols["note"].sql_type == "varchar(80)"


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("UNIQUE KEY uq_pup_slot (pup_id, slot_id)", ("unique", ["pup_id", "slot_id"], None, "uq_pup_slot", None)),
        ("CONSTRAINT uq_ab UNIQUE (a, b)", ("unique", ["a", "b"], None, "uq_ab", None)),
        ("INDEX ix_pup_name (name)", ("index", ["name"], None, "ix_pup_name", None)),
        ("Unique index on (a, b)", ("index", ["a", "b"], None, None, "unique")),
    ],
)
def test_sql_ordered_named_keys_under_a_constraints_label(text: str, fact: tuple[object, ...]) -> None:
    from specgen.parse.table_items import table_fact

    assert table_fact(text) == fact
