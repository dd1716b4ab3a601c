from __future__ import annotations

import json

from specgen.validate import rules
from specgen.validate.finding import Finding
from specgen.validate.report import render_github, render_json, render_sarif, render_text, summary

FINDINGS = [
    Finding(
        "SG501",
        "warning",
        "index",
        "foreign key posts(author_id) has no index",
        "Post",
        "author_id",
        file="specs/database/blog.md",
        line=3,
        hint="add 'index' to author_id's constraints",
    ),
    Finding(
        "SG401",
        "error",
        "cycle",
        "foreign-key cycle among a -> b",
        "A",
        None,
        ("A", "B"),
        file="specs/database/blog.md",
        line=5,
        hint="make a(b_id) -> b nullable",
    ),
    Finding("SG203", "info", "normalization", "t.tags is an array, 100%: ok\nreally", "T", "tags", form="1nf"),
]


def test_text_groups_by_file_and_shows_the_spec_line(tmp_path, monkeypatch):
    spec = tmp_path / "specs" / "database" / "blog.md"
    spec.parent.mkdir(parents=True)
    spec.write_text("# Blog\n\n| author_id | uuid |\n\n| b_id | uuid |\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    text = render_text(FINDINGS)
    lines = text.splitlines()
    assert lines[0] == "specs/database/blog.md"
    assert lines[1] == "specs/database/blog.md:3: warning SG501 foreign key posts(author_id) has no index"
    assert lines[2] == "      3 | | author_id | uuid |"
    assert "        hint: add 'index' to author_id's constraints" in lines
    assert "        entities: A, B" in lines
    assert "(design)" in lines and lines[-1] == "1 error, 1 warning, 1 info"
    assert "\x1b[" not in text
    assert "\x1b[1;31merror" in render_text(FINDINGS, color=True)


def test_summary():
    assert summary([]) == "no findings"


def test_json_is_a_list_of_findings():
    data = json.loads(render_json(FINDINGS))
    assert [d["code"] for d in data] == ["SG501", "SG401", "SG203"]
    assert set(data[0]) == {
        "code",
        "severity",
        "category",
        "message",
        "entity",
        "column",
        "entities",
        "form",
        "file",
        "line",
        "hint",
    }
    assert data[1]["entities"] == ["A", "B"] and data[2]["form"] == "1nf"


# Required properties along the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) for the objects we emit.
SARIF_REQUIRED = {
    "log": ["version", "runs"],
    "run": ["tool"],
    "tool": ["driver"],
    "toolComponent": ["name"],
    "reportingDescriptor": ["id"],
    "result": ["message"],
    "message": [],  # anyOf: text or id
    "location": [],
    "physicalLocation": [],  # anyOf: address or artifactLocation
}


def _require(obj: dict, kind: str) -> None:
    for key in SARIF_REQUIRED[kind]:
        assert key in obj, f"{kind} lacks required property {key!r}"


def test_sarif_has_the_required_fields_rules_and_locations():
    log = json.loads(render_sarif(FINDINGS, rules(), "1.2.3"))
    _require(log, "log")
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    _require(run, "run")
    _require(run["tool"], "tool")
    driver = run["tool"]["driver"]
    _require(driver, "toolComponent")
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids) and len(ids) == len(rules())
    for r in driver["rules"]:
        _require(r, "reportingDescriptor")
        assert r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    levels = []
    for res in run["results"]:
        _require(res, "result")
        assert "text" in res["message"] or "id" in res["message"]
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        levels.append(res["level"])
        for loc in res.get("locations", []):
            phys = loc["physicalLocation"]
            assert "artifactLocation" in phys or "address" in phys
            assert phys["region"]["startLine"] >= 1
    assert levels == ["warning", "error", "note"]
    first = run["results"][0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"] == "specs/database/blog.md" and first["region"]["startLine"] == 3
    assert "locations" not in run["results"][2]  # no file: no location


def test_sarif_validates_against_the_schema_structure():
    jsonschema = __import__("pytest").importorskip("jsonschema")
    # A trimmed SARIF 2.1.0 schema: the required properties and enums of what specgen emits.
    schema = {
        "type": "object",
        "required": ["version", "runs"],
        "properties": {
            "version": {"enum": ["2.1.0"]},
            "runs": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["tool"],
                    "properties": {
                        "tool": {
                            "type": "object",
                            "required": ["driver"],
                            "properties": {
                                "driver": {
                                    "type": "object",
                                    "required": ["name"],
                                    "properties": {
                                        "rules": {"type": "array", "items": {"type": "object", "required": ["id"]}}
                                    },
                                }
                            },
                        },
                        "results": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["message"],
                                "properties": {
                                    "level": {"enum": ["none", "note", "warning", "error"]},
                                    "message": {"anyOf": [{"required": ["text"]}, {"required": ["id"]}]},
                                    "ruleIndex": {"type": "integer", "minimum": -1},
                                    "locations": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "physicalLocation": {
                                                    "anyOf": [
                                                        {"required": ["address"]},
                                                        {"required": ["artifactLocation"]},
                                                    ],
                                                    "properties": {
                                                        "region": {
                                                            "properties": {
                                                                "startLine": {"type": "integer", "minimum": 1}
                                                            }
                                                        }
                                                    },
                                                }
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    }
    jsonschema.validate(json.loads(render_sarif(FINDINGS, rules())), schema)


def test_github_annotations_escape_properties_and_data():
    lines = render_github(FINDINGS).splitlines()
    assert lines[0] == (
        "::warning file=specs/database/blog.md,line=3,title=SG501::SG501 foreign key posts(author_id) "
        "has no index (hint: add 'index' to author_id's constraints)"
    )
    assert lines[1].startswith("::error file=specs/database/blog.md,line=5,title=SG401::")
    assert lines[2] == "::notice title=SG203::SG203 t.tags is an array, 100%25: ok%0Areally"


def test_one_code_one_severity_is_enforced():
    """Every rule declares its severity; a finding of that code with another severity cannot be built (a rule
    that finds something of another severity has another code: SG001/SG002, SG103/SG117, SG107/SG118,
    SG303/SG306, SG304/SG307, SG504/SG507, SG604/SG611)."""
    import inspect

    import pytest

    from specgen.validate.finding import Finding, finding

    assert "severity" not in inspect.signature(finding).parameters
    for r in rules():
        assert finding(r.code, "m").severity == r.severity
        for other in {"error", "warning", "info"} - {r.severity}:
            with pytest.raises(ValueError, match=r.code):
                Finding(r.code, other, r.category, "m")  # type: ignore[arg-type]


def test_a_reading_diagnostic_under_a_code_of_another_severity_keeps_its_own_severity():
    from specgen.errors import error, warning
    from specgen.validate.reading import reading_findings

    [e, w] = reading_findings([error("bad", None, code="SG904"), warning("odd", None, code="SG904")])
    assert (e.code, e.severity) == ("SG000", "error") and (w.code, w.severity) == ("SG904", "warning")
