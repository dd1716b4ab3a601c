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


def errors(spec: SpecFile) -> list[tuple[int, str]]:
    return [(d.loc.line, d.message) for d in spec.diagnostics if d.severity == "error"]


def test_wrong_types_are_located_errors_not_tracebacks() -> None:
    """Validated against the design models: `entities: 5`, `columns: 3`, … are errors at their line."""
    assert errors(read("entities: 5\n")) == [(4, "YAML entities: Input should be a valid list (got 5)")]
    spec = read("entities:\n  - name: T\n    columns: 3\n  - name: U\n    columns: [{name: id, sql_type: uuid}]\n")
    assert errors(spec) == [(6, "YAML entities.0.columns: Input should be a valid list (got 3)")]
    assert [e.name for e in spec.entities] == ["U"]  # the other entity is still read
    spec = read("- name: T\n  columns:\n    - {name: id, sql_type: uuid, on_delete: explode}\n")
    ((line, message),) = errors(spec)
    assert line == 6 and "columns.0.on_delete" in message and "'CASCADE'" in message
    assert all(d.hint for d in spec.diagnostics if d.severity == "error")


def test_common_spellings_are_normalised() -> None:
    spec = read(
        "- name: Post\n  columns:\n    - {name: id, sql_type: uuid, constraints: [pk]}\n"
        "    - {name: user_id, sql_type: uuid, references: users.id, on_delete: set_null}\n"
        "  relationships:\n    - {name: author, related_entity: User, type: many-to-one}\n"
    )
    assert errors(spec) == []
    (post,) = spec.entities
    assert post.columns[0].primary_key and post.columns[1].fk.on_delete == "SET NULL"
    assert post.relationships[0].kind == "many_to_one"


def test_hostile_yaml_is_refused_with_its_line() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdef", "bcdefg", strict=True)
    )
    ((line, message),) = errors(read(bomb + "enums: [{name: e, values: *g}]\n"))
    assert "aliases expand" in message and 4 <= line <= 11
    ((line, message),) = errors(read("[" * 500 + "]" * 500 + "\n"))
    assert "nested more than 64 levels" in message and line == 4
    ((line, message),) = errors(read('- name: "S\\ud800"\n  columns: [{name: id}]\n'))
    assert "lone surrogate" in message and line == 4
