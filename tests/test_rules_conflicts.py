from __future__ import annotations

from design_edit import edit
from validate_helpers import design_from, entity, findings

from specgen.design.model import Conflict


def test_sg001_quiet_without_conflicts(tmp_path):
    d = design_from(tmp_path, entity("T", "t", "id | uuid | no | uuid4 | pk"))
    assert findings(d, "SG001") == []
    assert findings(d, "SG002") == []


def test_sg001_sg002_name_both_lines(tmp_path):
    d = design_from(tmp_path, entity("T", "t", "id | uuid | no | uuid4 | pk", "n | integer | no | 0 |"))
    conflicts = [
        Conflict(
            entity="T",
            column="n",
            fact="type",
            values=["integer @ a.md:7", "bigint @ a.md:30"],
            sources=["a.md:7", "a.md:30"],
        ),
        Conflict(
            entity="T", column="n", fact="default", values=["0 @ a.md:7", "1 @ a.md:30"], sources=["a.md:7", "a.md:30"]
        ),
    ]
    d = edit(d, "database_schema", conflicts=conflicts)
    found = findings(d, "SG001") + findings(d, "SG002")  # the schema's facts, then behaviour's
    assert [(f.code, f.severity, f.line) for f in found] == [("SG001", "error", 30), ("SG002", "warning", 30)]
    assert "a.md:7" in found[0].message and "a.md:30" in found[0].message
    assert "'integer'" in found[0].hint


def test_sg001_from_sql_beside_native(tmp_path):
    text = entity("T", "t", "id | uuid | no | uuid4 | pk", "n | integer | no | 0 |") + (
        "\n```sql\nCREATE TABLE t (id uuid PRIMARY KEY, n bigint NOT NULL DEFAULT 0);\n```\n"
    )
    d = design_from(tmp_path, text)
    if "sql" not in d.database_schema.entities[0].forms:
        import pytest

        pytest.skip("the SQL reader is not part of this build")
    [f] = findings(d, "SG001")
    assert f.column == "n" and f.severity == "error" and "bigint" in f.message
