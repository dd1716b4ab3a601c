"""Locations travel as values: `path:line` text exists only in design.yaml and in printed output."""

from __future__ import annotations

from specgen.design.build import build_design
from specgen.design.model import Conflict, Entity, Stated
from specgen.parse import SpecIR, parse_text
from specgen.source import Location
from specgen.validate import validate
from specgen.validate.finding import finding


def test_location_text_round_trips() -> None:
    for text in ("specs/a.md:12", "C:/x/a.md:3", "a.md", "weird:name"):
        loc = Location.parse(text)
        assert loc is not None and str(loc) == text
    assert Location.parse("specs/a.md:12") == Location("specs/a.md", 12)
    assert Location.parse("") is None


def test_design_sources_are_locations_in_memory_and_text_in_yaml() -> None:
    e = Entity.model_validate({"name": "User", "table_name": "users", "columns": [], "source": "specs/a.md:7"})
    assert e.source == Location("specs/a.md", 7)
    assert e.model_dump(mode="json")["source"] == "specs/a.md:7"
    # A reader's column is not part of the design's location (design.yaml keeps path and line).
    assert Entity(name="User", table_name="users", columns=[], source=Location("a.md", 3, 9)).source == Location(
        "a.md", 3
    )


def test_conflict_values_keep_value_and_location_apart() -> None:
    c = Conflict.model_validate({"entity": "Order", "fact": "type", "values": ["a @ b @ sql.md:10", "x @ orm.md:8"]})
    assert c.values == [Stated("a @ b", Location("sql.md", 10)), Stated("x", Location("orm.md", 8))]
    assert c.model_dump(mode="json")["values"] == ["a @ b @ sql.md:10", "x @ orm.md:8"]


def test_findings_take_the_location_a_reader_gave() -> None:
    ir = parse_text("spec.md", "# S\n\n```sql\nCREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b(id));\n```\n")
    result = build_design(SpecIR([ir]))
    found = [f for f in validate(result.design) if f.code == "SG101"]
    assert [(f.file, f.line) for f in found] == [("spec.md", 4)]
    assert found[0].format().startswith("spec.md:4: error SG101 ")
    located = finding("SG101", "m", source=Location("x.md", 0))
    assert (located.file, located.line, located.format()) == ("x.md", None, "x.md: error SG101 m")
