"""The migration-safety rules (SG801–SG808) both ways: each fires on a change against the head revision's design
and is silent on the fixed spec (the change acknowledged, avoided, or made safe)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_diff import AUTHORS, design_of, table

from specgen.design.plan import Plan, plan
from specgen.validate import validate

ENUM = "## Enum: ticket_state\n- open\n- closed\n- archived\n\n"
TICKETS = table("tickets", "| id | integer | no | | pk |\n| state | ticket_state | no | open | |\n")
EVENTS = "| id | integer | no | | pk |\n| kind | text | no | | |\n"


def migration_codes(tmp_path: Path, old: str, new: str) -> list[str]:
    """The SG8xx codes `validate` reports for the spec `new` planned against the head design `old`."""
    before = design_of(tmp_path, "# s\n" + old, "old.md")
    after = design_of(tmp_path, "# s\n" + new, "new.md")
    return [f.code for f in validate(after, plan=Plan(plan(after, before)[0])) if f.category == "migration"]


def notes(*lines: str) -> str:
    return "## Migration notes\n" + "".join(f"- {line}\n" for line in lines)


BOTH_WAYS = {
    # code: (head revision's spec, the bad new spec, the fixed new spec)
    "SG801": (
        AUTHORS,
        AUTHORS.replace("| code | varchar(10) | yes | | |\n", ""),
        AUTHORS.replace("| code | varchar(10) | yes | | |\n", "") + notes("allow drop column authors.code"),
    ),
    "SG802": (AUTHORS + TICKETS.replace("ticket_state", "text"), AUTHORS, AUTHORS + notes("allow drop table tickets")),
    "SG803": (
        AUTHORS,
        AUTHORS.replace("| code | varchar(10) | yes |", "| code | varchar(10) | no |"),
        AUTHORS.replace("| code | varchar(10) | yes | |", "| code | varchar(10) | no | 'x'"),
    ),
    "SG804": (
        AUTHORS,
        AUTHORS.replace("varchar(100)", "varchar(20)"),
        AUTHORS.replace("varchar(100)", "varchar(20)") + notes("allow narrowing authors.name"),
    ),
    "SG805": (
        ENUM + TICKETS,
        ENUM.replace("- archived\n", "") + TICKETS,
        ENUM.replace("- archived\n", "") + TICKETS + notes("allow data loss tickets.state"),
    ),
    "SG806": (
        table("events", EVENTS),
        table("events", EVENTS.replace("| text | no | | |", "| text | no | | unique |")),
        # Deduplicating is a data migration: the fix is the unique constraint on a table created in this revision.
        table("events", EVENTS) + table("kinds", "| id | integer | no | | pk |\n| name | text | no | | unique |\n"),
    ),
    "SG807": (
        table("events", EVENTS, "rows: 5000000"),
        table("events", EVENTS.replace("| text | no | | |", "| text | no | | index |"), "rows: 5000000"),
        table("events", EVENTS.replace("| text | no | | |", "| text | no | | index |"), "rows: 5000"),
    ),
    "SG808": (
        AUTHORS,
        AUTHORS.replace("| id | integer | no | | pk |", "| id | integer | no | | |").replace(
            "| name | varchar(100) | no | | |", "| name | varchar(100) | no | | pk |"
        ),
        AUTHORS.replace("| name | varchar(100) | no | | |", "| name | varchar(100) | no | | unique |"),
    ),
}


@pytest.mark.parametrize("code", sorted(BOTH_WAYS))
def test_migration_rule_both_ways(tmp_path: Path, code: str) -> None:
    old, bad, fixed = BOTH_WAYS[code]
    assert code in migration_codes(tmp_path, old, bad)
    assert code not in migration_codes(tmp_path, old, fixed)
