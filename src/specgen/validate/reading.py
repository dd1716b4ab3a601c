"""Reading rules (SG9xx): what specgen could not read in the specs, reported where CI sees it.

`specgen design` prints these as warnings while it reads; `specgen validate` on the specs reports
each under its code, in every output format, so that `--strict` fails on it and code scanning
shows it on its line. Apart from SG901 they come from reading, not from the design: validate on
a design.yaml has nothing to say about specs it did not read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from specgen.design.model import Design
from specgen.errors import Diagnostic
from specgen.validate.finding import REGISTRY, Finding, entities, finding, rule

READING_NOTE = "SG900"
SPEC_ERROR = "SG000"


@rule("SG900", "reading-note", "warning")
def check_reading_notes(design: Design) -> Iterator[Finding]:
    """Something in a spec could not be read as written (a statement a reader does not understand, a value
    out of place); the rest of the file was read.

    Fix: rewrite the line as the warning's hint says, or leave it as prose on purpose and suppress the code
    (`<!-- specgen: ignore SG900 -->`). Reported while reading the specs.
    """
    del design
    return iter(())


@rule("SG901", "unmapped-type", "warning")
def check_unmapped_types(design: Design) -> Iterator[Finding]:
    """A column's type is not one specgen can map to a SQL type; the column is kept as `text`.

    Fix: write a SQL type (`varchar(100)`, `integer`, `timestamptz`, …) or a type of the open vocabulary
    that docs/readers.md lists; the hint names the closest known type.
    """
    for e in entities(design):
        for c in e.columns:
            written = getattr(c, "unmapped_type", None)
            if written:
                yield finding(
                    "SG901",
                    f"type '{written}' of column {e.table_name}.{c.name} is not one specgen knows; read as text",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                    hint="write a SQL type such as varchar(n), integer, timestamptz",
                )


@rule("SG902", "unread-row", "warning")
def check_unread_rows(design: Design) -> Iterator[Finding]:
    """A row of a column table, a field bullet or a cell was skipped: its column name is not an identifier,
    it has more cells than the header, or a cell says something the reader cannot read.

    Fix: correct the row (escape a `|` inside a cell as `\\|`). Reported while reading the specs.
    """
    del design
    return iter(())


@rule("SG903", "unread-section", "warning")
def check_unread_sections(design: Design) -> Iterator[Finding]:
    """A table, list or block looks like a schema but was not read: a table without its `|---|` row, a field
    table without a field or type column, a column table under a heading that names no entity.

    Fix: add the missing row or header, or give the section a heading with the entity's name;
    `specgen design --explain` says why each section was skipped. Reported while reading the specs.
    """
    del design
    return iter(())


@rule("SG904", "entity-without-fields", "warning")
def check_entities_without_fields(design: Design) -> Iterator[Finding]:
    """An entity heading has no field list under it (no column table, no field bullets), or an entity heading
    sits inside another entity's section.

    Fix: add the entity's columns under its heading, or move the heading. Reported while reading the specs.
    """
    del design
    return iter(())


# Reading warnings that validate reports from the design under these codes; listing them again would say it twice.
_BY_DESIGN_RULES = frozenset({"SG101", "SG505", "SG901"})


def reading_findings(diagnostics: Iterable[Diagnostic]) -> list[Finding]:
    """Errors and warnings of the spec readers as findings (notes are left out)."""
    out = []
    for d in diagnostics:
        if d.severity == "info":
            continue
        code = d.code or (SPEC_ERROR if d.severity == "error" else READING_NOTE)
        if code in REGISTRY and REGISTRY[code].severity != d.severity:  # one code, one severity
            code = SPEC_ERROR if d.severity == "error" else READING_NOTE
        if code in _BY_DESIGN_RULES:
            continue
        out.append(
            Finding(
                code=code,
                severity=d.severity,
                category="reading" if code.startswith("SG9") else "conflict",
                message=d.message,
                file=d.loc.path if d.loc else None,
                line=d.loc.line if d.loc else None,
                hint=d.hint,
            )
        )
    return out
