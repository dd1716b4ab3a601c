"""The YAML emitter: whatever it writes, a YAML parser reads back as the same data."""

from __future__ import annotations

from pathlib import Path

import yaml
from design_edit import edit
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from specgen.design.yaml_io import dump_design, load_design, to_yaml

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "yes",
            "No",
            "on",
            "null",
            "~",
            "1.0",
            "0x10",
            "a: b",
            "- x",
            "#c",
            "x #y",
            "'q'",
            '"d"',
            "path/file.md:12",
            "CURRENT_TIMESTAMP",
            "length(name) > 0",
            " lead",
            "trail ",
            "a  b",
            "",
        ]
    ),
)
keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
data = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4), st.dictionaries(keys, inner, min_size=1, max_size=4)
    ),
    max_leaves=25,
)


def _without_empty_lists(value):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        return {k: _without_empty_lists(v) for k, v in value.items() if v != []}
    if isinstance(value, list):
        return [_without_empty_lists(v) for v in value]
    return value


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, data, min_size=1, max_size=5))
def test_round_trip(doc: dict) -> None:  # type: ignore[type-arg]
    assert yaml.safe_load(to_yaml(doc)) == _without_empty_lists(doc)


def test_plain_scalars_stay_readable() -> None:
    text = to_yaml({"a": "varchar(255)", "b": "specs/x.md:3", "c": "yes", "d": "a: b", "e": 1.5, "f": None})
    assert text == 'a: varchar(255)\nb: specs/x.md:3\nc: "yes"\nd: "a: b"\ne: 1.5\nf: null\n'


def test_dump_design_does_not_change_its_input(tmp_path: Path) -> None:
    """dump_design stamps meta.design_hash into the text it returns, not into the design it is given."""
    from specgen.design.yaml_io import design_hash

    design = load_design(ROOT / "generated" / "design.yaml")
    design = edit(design, "database_schema.meta", design_hash=None)
    before = design.model_dump()
    text = dump_design(design)
    assert design.model_dump() == before and design.database_schema.meta.design_hash is None
    # read back, not matched as text: a hash that starts with a digit is quoted (it could read as a number)
    assert yaml.safe_load(text)["database_schema"]["meta"]["design_hash"] == design_hash(design)


# ---- keys are kept once: design.yaml's column `references` and key words are views of them ----------------------


def test_keys_are_kept_once_and_shown_on_columns() -> None:
    """A built design keeps an FK in Entity.foreign_keys and a PK in Entity.primary_key only; design.yaml also
    shows them on each column (`references`, `on_delete`, `primary_key`/`foreign_key`), and reading it back gives
    the same design and the same text."""
    path = ROOT / "generated" / "design.yaml"
    text = path.read_text(encoding="utf-8")
    design = load_design(path)
    for e in design.database_schema.entities:
        for c in e.columns:
            assert not {"primary_key", "foreign_key"} & set(c.constraints), (e.name, c.name)
            assert not {"references", "on_delete", "on_update"} & set(type(c).model_fields)
    written = yaml.safe_load(text)["database_schema"]["entities"]
    shown = {(e["table_name"], c["name"]): c for e in written for c in e["columns"]}
    assert any("references" in c for c in shown.values())
    for e in design.database_schema.entities:
        for fk in e.foreign_keys:
            if len(fk.columns) == 1:
                col = shown[(e.table_name, fk.columns[0])]
                assert col["references"] == f"{fk.ref_table}.{fk.ref_columns[0]}"
                assert "foreign_key" in col["constraints"] and col.get("on_delete") == fk.on_delete
        for name in e.key_columns():
            assert "primary_key" in shown[(e.table_name, name)]["constraints"]
    assert dump_design(design) == text


def test_references_without_a_foreign_key_is_read_as_one(tmp_path: Path) -> None:
    """A design.yaml written by hand after the specification's Primary Output states an FK as the column's
    `references` and a PK as `constraints: [primary_key]` only: loading keeps both."""
    text = """database_schema:
  meta:
    spec_file: specs
  entities:
  - name: Author
    table_name: authors
    columns:
    - {name: id, python_name: id, database_type: integer, sql_type: integer, python_type: int, nullable: false,
       constraints: [primary_key]}
  - name: Book
    table_name: books
    primary_key: {column_name: id, columns: [id], type: integer, auto_generate: true}
    columns:
    - {name: id, python_name: id, database_type: integer, sql_type: integer, python_type: int, nullable: false,
       constraints: [primary_key]}
    - {name: author_id, python_name: author_id, database_type: integer, sql_type: integer, python_type: int,
       nullable: false, constraints: [not_null, foreign_key], references: authors.id, on_delete: CASCADE}
"""
    path = tmp_path / "design.yaml"
    path.write_text(text, encoding="utf-8")
    design = load_design(path)
    authors, books = design.database_schema.entities
    assert authors.primary_key is not None and authors.primary_key.columns == ["id"]
    assert authors.primary_key.auto_generate
    [fk] = books.foreign_keys
    assert (fk.columns, fk.ref_table, fk.ref_columns, fk.on_delete) == (["author_id"], "authors", ["id"], "CASCADE")
    assert books.columns[1].constraints == ["not_null"]
    again = yaml.safe_load(dump_design(design))["database_schema"]["entities"][1]["columns"][1]
    assert (again["references"], again["on_delete"], again["constraints"]) == (
        "authors.id",
        "CASCADE",
        ["not_null", "foreign_key"],
    )


def test_references_to_an_undefined_table_are_not_shown(tmp_path: Path) -> None:
    """An FK whose table no spec defines is kept as written (validate reports SG101) but is no column's
    `references`, as before keys were kept once."""
    from specgen.design.build import build_design
    from specgen.parse import parse

    spec = tmp_path / "s.md"
    spec.write_text(
        "```sql\nCREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES nowhere(id), c_id int REFERENCES a(id));\n```\n",
        encoding="utf-8",
    )
    design = build_design(parse([spec])).design
    [a] = yaml.safe_load(dump_design(design))["database_schema"]["entities"]
    cols = {c["name"]: c for c in a["columns"]}
    assert "references" not in cols["b_id"] and "foreign_key" not in cols["b_id"].get("constraints", [])
    assert cols["c_id"]["references"] == "a.id" and cols["c_id"]["constraints"] == ["foreign_key"]
    assert cols["id"]["constraints"] == ["primary_key"]


def test_a_key_naming_a_missing_column_marks_no_column(tmp_path: Path) -> None:
    """PRIMARY KEY (zz, a) where t has no zz: the table has no key (SG110), and no column shows `primary_key`
    (before keys were kept once, `a` did, and SG104 then took it for a key)."""
    from specgen.design.build import build_design
    from specgen.parse import parse

    spec = tmp_path / "s.md"
    spec.write_text("```sql\nCREATE TABLE t (a int, b int, PRIMARY KEY (zz, a));\n```\n", encoding="utf-8")
    design = build_design(parse([spec])).design
    [t] = design.database_schema.entities
    assert t.primary_key is None
    [written] = yaml.safe_load(dump_design(design))["database_schema"]["entities"]
    assert all("primary_key" not in c.get("constraints", []) for c in written["columns"])


def test_the_hash_of_the_written_data_is_the_hash_of_the_design() -> None:
    """design_hash cuts its part out of design.yaml's data when the caller has it (written_schema, which
    `specgen design` makes once): the same bytes as dumping the hashed part of the design itself."""
    from specgen.design.yaml_io import design_hash, written_schema

    design = load_design(ROOT / "generated" / "design.yaml")
    written = written_schema(design)
    assert design_hash(design, written) == design_hash(design)
    other = load_design(ROOT / "generated" / "design.yaml")  # data of another design object is not taken
    assert design_hash(other, written) == design_hash(design)
