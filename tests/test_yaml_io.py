"""The YAML emitter: whatever it writes, a YAML parser reads back as the same data."""

from __future__ import annotations

from pathlib import Path

import yaml
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
    design.database_schema.meta.design_hash = None
    before = design.model_dump()
    text = dump_design(design)
    assert design.model_dump() == before and design.database_schema.meta.design_hash is None
    # read back, not matched as text: a hash that starts with a digit is quoted (it could read as a number)
    assert yaml.safe_load(text)["database_schema"]["meta"]["design_hash"] == design_hash(design)
