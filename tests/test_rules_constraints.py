from __future__ import annotations

import pytest
from design_edit import edit
from validate_helpers import design_from, entity, findings, run

from specgen.validate.constraints import _violates, column_names


def test_column_names_skip_keywords_functions_strings_and_casts():
    assert column_names("length(name) > 0 AND kind IN ('a', 'b') AND x::text <> 'y' AND t.z IS NOT NULL") == [
        "name",
        "kind",
        "x",
        "z",
    ]
    assert column_names("CAST(amount AS numeric) BETWEEN 0 AND 10") == ["amount"]


@pytest.mark.parametrize(
    ("expr", "value", "expected"),
    [
        ("position >= 0", 0, False),
        ("position >= 0", -1, True),
        ("status in ('a', 'b')", "c", True),
        ("status in ('a', 'b')", "a", False),
        ("n between 1 and 5", 9, True),
        ("length(code) <= 3", "abcd", True),
        ("(a > 0) and (a < 10)", 11, True),
        ("a ~ 'x'", "y", None),
        ("status not in ('x')", "x", True),
    ],
)
def test_violates_decides_simple_checks(expr, value, expected):
    column = "code" if "code" in expr else expr.strip("(").split()[0]
    assert _violates(expr, column, value) is expected


def test_sg601_check_unknown_column(tmp_path):
    ok = entity("T", "t", "id | uuid | no | uuid4 | pk", "n | integer | no | 0 | check: n >= 0")
    assert run(tmp_path, ok, "SG601") == []
    [f] = run(tmp_path, ok.replace("check: n >= 0", "check: m >= 0"), "SG601")
    assert "'m'" in f.message and f.column == "n"


def test_sg602_default_violates_check(tmp_path):
    ok = entity("T", "t", "id | uuid | no | uuid4 | pk", "n | integer | no | 0 | check: n >= 0")
    assert run(tmp_path, ok, "SG602") == []
    [f] = run(tmp_path, ok.replace("| 0 |", "| -1 |"), "SG602")
    assert f.severity == "error"
    status = entity(
        "T", "t", "id | uuid | no | uuid4 | pk", "s | varchar(16) | no | draft | check: s in ('new', 'done')"
    )
    assert len(run(tmp_path, status, "SG602")) == 1


def test_sg603_not_null_with_null_default(tmp_path):
    assert run(tmp_path, entity("T", "t", "id | uuid | no | uuid4 | pk", "n | text | yes | null |"), "SG603") == []
    [f] = run(tmp_path, entity("T", "t", "id | uuid | no | uuid4 | pk", "n | text | no | null |"), "SG603")
    assert f.column == "n"


def test_sg604_unique_over_nullable_columns(tmp_path):
    ok = entity(
        "T",
        "t",
        "id | uuid | no | uuid4 | pk",
        "a | text | no | |",
        "b | text | no | |",
        extra="### Constraints\n- unique uq_t_a_b: (a, b)\n",
    )
    assert run(tmp_path, ok, "SG604") == []
    [f] = run(tmp_path, ok.replace("| a | text | no |", "| a | text | yes |"), "SG604")
    assert f.severity == "warning" and f.column == "a" and "NULL" in f.hint
    single = entity("T", "t", "id | uuid | no | uuid4 | pk", "email | text | yes | | unique")
    [f] = run(tmp_path, single, "SG611")
    assert f.severity == "info" and f.column == "email"
    assert run(tmp_path, single, "SG604") == []
    assert run(tmp_path, single.replace("| email | text | yes |", "| email | text | no |"), "SG611") == []


def test_sg605_constraint_unknown_column(tmp_path):
    ok = entity(
        "T", "t", "id | uuid | no | uuid4 | pk", "a | text | no | |", extra="### Constraints\n- unique uq_t_a: (a)\n"
    )
    d = design_from(tmp_path, ok)
    assert findings(d, "SG605") == []
    d = edit(d, "database_schema.entities.0.constraints.0", columns=["z"])
    [f] = findings(d, "SG605")
    assert f.column == "z"


def test_sg606_default_does_not_fit(tmp_path):
    ok = entity(
        "T",
        "t",
        "id | uuid | no | uuid4 | pk",
        "code | varchar(4) | no | abcd |",
        "n | integer | no | 3 |",
        "flag | boolean | no | true |",
        "kind | enum(a, b) | no | a |",
    )
    assert run(tmp_path, ok, "SG606") == []
    bad = entity(
        "T",
        "t",
        "id | uuid | no | uuid4 | pk",
        "code | varchar(4) | no | abcde |",
        "n | integer | no | many |",
        "flag | boolean | no | maybe |",
        "kind | enum(a, b) | no | c |",
    )
    assert {f.column for f in run(tmp_path, bad, "SG606")} == {"code", "n", "flag", "kind"}
