"""The native spec format: `## Entity:` sections, column tables, section lists, Migration notes."""

from __future__ import annotations

import difflib
import re

from specgen.errors import info, warning
from specgen.parse import cells
from specgen.parse.cells import CellError
from specgen.parse.ir import ColumnIR, EntityIR, EnumIR, ForeignKeyIR, Fragment, ReadContext, Suppression
from specgen.parse.markdown import Comment, Document, Fence, Heading, ListItem, Paragraph, Row, Table
from specgen.source import Location
from specgen.vocab.types import small_int

_ENTITY_HEADING = re.compile(r"^(entity|table|model)\s*:\s*(?P<name>.+?)\s*$", re.I)
_ENUM_HEADING = re.compile(r"^enum\s*:\s*(?P<name>.+?)\s*$", re.I)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SUBSECTIONS = {
    "relationships": "relationships",
    "indexes": "indexes",
    "indices": "indexes",
    "constraints": "constraints",
    "functional dependencies": "fds",
    "dependencies": "fds",
    "columns": "columns",
    "values": "values",
}
_KEYS = ("table", "description", "options", "renamed from", "renamed_from", "rows", "estimated rows", "comment")
_IGNORE = re.compile(r"specgen\s*:\s*ignore\s+(?P<codes>[A-Za-z0-9_,\s]+?)\s*(?:-->|$)", re.I)

# Column-table headers and the field each one fills.
HEADERS = {
    "column": "name",
    "name": "name",
    "field": "name",
    "column name": "name",
    "attribute": "name",
    "type": "type",
    "data type": "type",
    "datatype": "type",
    "nullable": "nullable",
    "null": "nullable",
    "null?": "nullable",
    "required": "required",
    "default": "default",
    "default value": "default",
    "constraints": "constraints",
    "constraint": "constraints",
    "modifiers": "constraints",
    "description": "description",
    "notes": "description",
    "comment": "description",
    "purpose": "description",
    "pk": "pk",
    "primary key": "pk",
    "unique": "unique",
    "index": "index",
    "indexed": "index",
    "fk": "fk",
    "references": "fk",
    "foreign key": "fk",
}
# A column row's cells by the field their header fills (None: a header specgen does not read).
Cells = dict[str | None, str]
# The yes/no cells and the column flag each one sets.
_FLAGS = (("pk", "primary_key"), ("unique", "unique"), ("index", "index"))
_TRUE = {"yes", "y", "true", "1", "x", "✓", "✔", "nullable", "null", "optional"}
_FALSE = {"no", "n", "false", "0", "-", "✗", "not null", "required", "non-null"}


def read_native(doc: Document, context: ReadContext) -> Fragment:
    """What the native sections of `doc` declare (the first reader of a file: `context` is not consulted)."""
    del context
    reader = _Reader(doc)
    reader.run()
    return reader.out


class _Reader:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.out = Fragment(doc.path)
        self.path = doc.path
        self.entity: EntityIR | None = None
        self.entity_level = 0
        self.enum: EnumIR | None = None
        self.section: str | None = None  # "entity" | "notes" | "enum"
        self.sub: str | None = None
        self.pending_ignore: list[str] | None = None

    def loc(self, line: int) -> Location:
        return Location(self.path, line)

    def err(self, message: str, line: int, hint: str | None = None) -> None:
        # Reading is lenient: what cannot be read is a located warning, and the rest is still read.
        self.out.diagnostics.append(warning(message, self.loc(line), hint, code="SG902"))

    def run(self) -> None:
        for block in self.doc.blocks:
            if isinstance(block, Comment):
                self.comment(block)
                continue
            if self.pending_ignore is not None:
                self.out.suppressions.append(Suppression(self.pending_ignore, self.path, block.line, _end(block)))
                self.pending_ignore = None
            if isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, ListItem):
                self.list_item(block)
            elif isinstance(block, Paragraph):
                self.paragraph(block)

    def comment(self, block: Comment) -> None:
        m = _IGNORE.search(block.text)
        if m:
            self.pending_ignore = [c.upper() for c in re.split(r"[\s,]+", m.group("codes")) if c]

    def heading(self, h: Heading) -> None:
        if self.section and h.level > self.entity_level:
            if self.section == "entity" and _ENTITY_HEADING.match(h.text):
                outer = self.entity.name if self.entity else ""
                self.out.diagnostics.append(
                    warning(
                        f"entity heading inside the section of entity '{outer}': read as an entity of its own",
                        self.loc(h.line),
                        hint="give each entity a heading of the same level",
                        code="SG904",
                    )
                )
            else:
                self.sub = _SUBSECTIONS.get(h.text.strip().rstrip(":").lower())
                return
        self.entity = None
        self.enum = None
        self.section = None
        self.sub = None
        m = _ENTITY_HEADING.match(h.text)
        if m:
            name = cells.strip_code(m.group("name"))
            if not _NAME.match(name):
                return  # `## Entity: Order Item`: the conventional reader derives a name from the words
            self.entity = EntityIR(self.loc(h.line), "native", name=name)
            if m.group(1).lower() == "table":
                self.entity.table = name  # `## Table: users` names the table itself
            self.out.entities.append(self.entity)
            self.section, self.entity_level = "entity", h.level
            return
        m = _ENUM_HEADING.match(h.text)
        if m:
            name = cells.strip_code(m.group("name"))
            if not _NAME.match(name):
                self.err(f"enum name '{name}' is not an identifier", h.line)
                return
            self.enum = EnumIR(name, [], self.loc(h.line))
            self.out.enums.append(self.enum)
            self.section, self.entity_level, self.sub = "enum", h.level, "values"
            return
        if h.text.strip().rstrip(":").lower() in ("migration notes", "migrations"):
            self.section, self.entity_level, self.sub = "notes", h.level, "notes"

    def paragraph(self, p: Paragraph) -> None:
        if self.section == "enum" and self.enum is not None:
            for _, text in p.lines:
                key, sep, value = text.partition(":")
                if sep and key.strip().lower() == "values":
                    self.enum.values.extend(v.strip().strip("`'\"") for v in value.split(",") if v.strip())
            return
        if self.section != "entity" or self.entity is None or self.sub is not None:
            return
        for line, text in p.lines:
            key, sep, value = text.partition(":")
            key = key.strip().lower()
            if not sep or " " in key.replace("renamed from", "x").replace("estimated rows", "x"):
                continue  # prose
            value = cells.strip_code(value.strip())
            if key not in _KEYS:
                close = difflib.get_close_matches(key, _KEYS, n=1, cutoff=0.75)
                if close:
                    self.out.diagnostics.append(
                        warning(f"unknown entity key '{key}' (did you mean '{close[0]}'?)", self.loc(line))
                    )
                continue
            self.entity_key(key, value, line)

    def entity_key(self, key: str, value: str, line: int) -> None:
        assert self.entity is not None
        if key == "table":
            if not _NAME.match(value):
                self.err(f"table name '{value}' is not an identifier", line)
            else:
                self.entity.table = value
        elif key in ("description", "comment"):
            self.entity.description = value
        elif key == "options":
            for opt in cells.split_top(value):
                self.entity.options[opt.strip().lower().replace("()", "")] = True
        elif key in ("renamed from", "renamed_from"):
            self.entity.renamed_from = value
        elif key in ("rows", "estimated rows"):
            rows = small_int(value.replace(",", "").replace("_", ""), 15)
            if rows is None:
                self.err(f"'{key}' needs a whole number (at most 15 digits), got '{value[:40]}'", line)
            else:
                self.entity.options["rows"] = rows

    def list_item(self, item: ListItem) -> None:
        if item.depth != 1:
            return
        loc = self.loc(item.line)
        try:
            if self.section == "enum" and self.enum is not None:
                self.enum.values.append(cells.strip_code(item.text).strip("'\""))
            elif self.section == "notes":
                self.out.notes.append(cells.parse_note(item.text, loc))
            elif self.section == "entity" and self.entity is not None:
                if self.sub == "relationships":
                    self.entity.relationships.append(cells.parse_relationship(item.text, loc))
                elif self.sub == "indexes":
                    self.entity.indexes.append(cells.parse_index(item.text, loc))
                elif self.sub == "constraints":
                    c = cells.parse_constraint(item.text, loc)
                    if isinstance(c, ForeignKeyIR):
                        self.entity.foreign_keys.append(c)
                    else:
                        self.entity.constraints.append(c)
                elif self.sub == "fds":
                    self.entity.functional_dependencies.append(cells.parse_dependency(item.text, loc))
        except CellError as exc:
            if self.sub == "relationships" and self._prose(item.text, loc):
                return
            self.err(str(exc), item.line)

    def _prose(self, text: str, loc: Location) -> bool:
        """`User 1:N Post` under a native Relationships heading: relationship prose, not an error."""
        from specgen.parse.prose import parse_sentence

        rel = parse_sentence(text, loc)
        if rel is not None:
            self.out.relationship_prose.append(rel)
        return rel is not None

    def table(self, t: Table) -> None:
        if self.section != "entity" or self.entity is None or self.sub not in (None, "columns"):
            return
        fields = [HEADERS.get(h.strip().strip("*").lower()) for h in t.header.cells]
        if "name" not in fields or "type" not in fields:
            return  # a prose table inside the entity section
        for h, f in zip(t.header.cells, fields, strict=False):
            if f is None and h.strip():
                self.out.diagnostics.append(
                    warning(
                        f"column table header '{h}' is not one specgen reads; its cells are ignored",
                        self.loc(t.header.line),
                        hint="known headers: " + ", ".join(sorted(HEADERS)),
                    )
                )
        for row in t.rows:
            self.column_row(row, fields)

    def column_row(self, row: Row, fields: list[str | None]) -> None:
        assert self.entity is not None
        if len(row.cells) > len(fields):
            self.err(
                f"table row has {len(row.cells)} cells but the header has {len(fields)}",
                row.line,
                hint="escape a '|' inside a cell as '\\|'",
            )
            return
        values: Cells = dict(zip(fields, row.cells, strict=False))
        values.pop(None, None)  # the cells of headers specgen does not read
        name = cells.strip_code(values.get("name", ""))
        loc = Location(self.path, row.line)
        if not name:
            self.err("table row has no column name", row.line)
            return
        if not _NAME.match(name):
            self.err(f"column name '{name}' is not an identifier (letters, digits, underscores)", row.line)
            return
        col = ColumnIR(name, loc, type_loc=loc)
        type_text = cells.strip_code(values.get("type", ""))
        if not type_text:
            self.err(f"column '{name}' has no type; read as text", row.line, hint="write its type in the Type column")
        col.type = type_text or None
        try:
            self.fill_flags(col, values)
        except CellError as exc:
            self.lenient_flags(col, values, exc, row.line)
        self.entity.columns.append(col)

    def lenient_flags(self, col: ColumnIR, values: Cells, exc: CellError, line: int) -> None:
        """A cell the native grammar cannot read is read as plain words; what is left is a warning."""
        from specgen.parse.fields import apply_facts
        from specgen.parse.phrases import read_phrases

        if isinstance(exc.facts, cells.CellFacts):
            # The grammar read part of the cell: keep that, and report every part it could not read.
            self.apply_cell(col, exc.facts)
            self.err(str(exc), line)
            return
        text = " , ".join(values.get(k, "") for k in ("constraints", "nullable", "required") if values.get(k))
        facts = read_phrases(text, col.name)
        if not facts.words:
            self.err(str(exc), line)
            return
        apply_facts(col, facts)
        self.out.diagnostics.append(
            info(f"column '{col.name}': read as plain words: {', '.join(facts.words)}", self.loc(line))
        )

    def fill_flags(self, col: ColumnIR, values: Cells) -> None:
        # A row's cells are mostly empty: each field is read only when its cell says something.
        if (nullable := values.get("nullable")) and (nullable := nullable.strip().lower()):
            col.nullable = _truth(nullable, "Nullable")
        if (required := values.get("required")) and (required := required.strip().lower()):
            col.nullable = not _truth(required, "Required")
        if default := values.get("default"):
            col.default = cells.strip_code(default) or None
        if description := values.get("description"):
            col.description = description.strip() or None
        for flag, attr in _FLAGS:
            if (text := values.get(flag)) and (text := text.strip().lower()) and _truth(text, flag.upper()):
                setattr(col, attr, True)
        if (fk := values.get("fk")) and fk.strip():
            col.fk = cells.parse_reference(cells.strip_code(fk), [col.name], col.loc)
        if constraint_text := values.get("constraints", "").strip():
            self.apply_cell(col, cells.parse_constraint_cell(constraint_text, col.name, col.loc))

    @staticmethod
    def apply_cell(col: ColumnIR, facts: cells.CellFacts) -> None:
        """What the Constraints cell states, on the column."""
        col.primary_key |= facts.primary_key
        col.unique |= facts.unique
        col.index |= facts.index
        if facts.not_null:
            col.nullable = False
        elif facts.nullable and col.nullable is None:
            col.nullable = True
        col.fk = facts.fk or col.fk
        col.check = facts.check
        col.on_update = facts.on_update
        col.renamed_from = facts.renamed_from
        col.autoincrement = facts.autoincrement
        col.identity = facts.identity or col.identity
        if facts.identity:
            col.nullable = False  # an identity column is NOT NULL, as in SQL
        if facts.default is not None and col.default is None:
            col.default = facts.default


def _end(block: object) -> int:
    """The last line of a block, so that a suppression before it covers all of it."""
    if isinstance(block, Table):
        return block.rows[-1].line if block.rows else block.line
    if isinstance(block, Fence):
        return block.line + block.text.count("\n") + 2  # the body and the closing fence
    if isinstance(block, Paragraph):
        return block.lines[-1][0]
    return block.line  # type: ignore[attr-defined]


def _truth(text: str, header: str) -> bool:
    t = text.strip().lower().strip("`*")
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise CellError(f"cannot read '{text}' in the {header} column: expected yes or no")
