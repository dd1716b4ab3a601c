"""The ```yaml reader: fragments of the design document, with the line of each element."""

from __future__ import annotations

from specgen.design.build import build_design
from specgen.parse import parse_text
from specgen.parse.ir import SpecFile, SpecIR

FRAGMENT = """\
database_schema:
  enums:
    - name: mood
      values: [sad, happy]
  entities:
    - name: Person
      table_name: people
      primary_key: {column_name: id, columns: [id], type: uuid, auto_generate: true}
      columns:
        - name: id
          database_type: uuid
          nullable: false
          default: uuid4
        - name: feeling
          sql_type: mood
          nullable: true
        - name: team_id
          database_type: uuid
          nullable: true
          references: teams.id
          on_delete: SET NULL
    - name: Team
      table_name: teams
      columns:
        - {name: id, database_type: uuid, nullable: false, constraints: [primary_key]}
  indexes:
    - {table_name: people, columns: [feeling], index_name: ix_people_feeling}
"""


def read(text: str) -> SpecFile:
    # Line 1 title, 2 blank, 3 the fence: the YAML's first line is line 4.
    return parse_text("y.md", f"# Y\n\n```yaml\n{text}\n```\n")


def test_entities_columns_enums_indexes_with_lines() -> None:
    spec = read(FRAGMENT)
    assert [(e.name, e.values, e.loc.line) for e in spec.enums] == [("mood", ["sad", "happy"], 6)]
    person, team = spec.entities
    assert (person.name, person.table, person.form, person.loc.line) == ("Person", "people", "yaml", 9)
    assert [(c.name, c.type, c.nullable, c.primary_key, c.loc.line) for c in person.columns] == [
        ("id", "uuid", False, True, 13),
        ("feeling", "mood", True, False, 17),
        ("team_id", "uuid", True, False, 20),
    ]
    fk = person.columns[2].fk
    assert (fk.ref_table, fk.ref_columns, fk.on_delete) == ("teams", ["id"], "SET NULL")
    assert team.columns[0].primary_key
    assert [(i.name, i.table, i.columns, i.loc.line) for i in spec.indexes] == [
        ("ix_people_feeling", "people", ["feeling"], 30)
    ]


def test_design_from_yaml() -> None:
    result = build_design(SpecIR([read(FRAGMENT)]))
    assert result.errors == []
    people = result.design.database_schema.entity("people")
    assert people.column("feeling").enum == "mood" and people.column("id").default == "uuid4"


def test_invalid_and_unrelated_yaml() -> None:
    spec = read("entities:\n  - name: [unclosed\n")
    assert [(d.severity, d.loc.line) for d in spec.diagnostics] == [("warning", 6)]
    spec = read("just: some config\n")
    assert spec.entities == [] and [d.severity for d in spec.diagnostics] == ["info"]
