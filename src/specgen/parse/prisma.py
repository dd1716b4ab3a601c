"""```prisma blocks: models, enums, field and block attributes, relations.

A small hand-written reader (Prisma's schema language is line-based and regular enough): each
block is read line by line, fields into columns, `@@` lines into keys, indexes and the table name.
A field whose type is another model is a relation, not a column: it becomes a relationship and,
with `@relation(fields: [...], references: [...])`, a foreign key on those scalar fields. Two list
fields that point at each other without `@relation(fields: ...)` are Prisma's implicit
many-to-many, whose join table `_AToB` (columns `A` and `B`) Prisma creates; so does specgen.
Where a relation states no referential action, Prisma's own defaults are written (ON DELETE
RESTRICT, or SET NULL when a key field is optional; ON UPDATE CASCADE), as its migrations do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from specgen.errors import info, warning
from specgen.parse.ir import (
    ColumnIR,
    ConstraintIR,
    EntityIR,
    EnumIR,
    ForeignKeyIR,
    Fragment,
    IndexIR,
    ReadContext,
    RelationshipIR,
)
from specgen.parse.markdown import Fence
from specgen.parse.options import ParseOptions
from specgen.parse.prisma_syntax import args_of, attributes, names, strip_comment, unquote
from specgen.source import Location
from specgen.vocab.terms import OnAction

_OPEN = re.compile(r"^\s*(?P<kind>model|enum|type|view|datasource|generator)\s+(?P<name>\w+)\s*\{\s*$")
_FIELD = re.compile(
    r"^\s*(?P<name>\w+)\s+(?P<type>Unsupported\(\s*\"[^\"]*\"\s*\)|\w+)(?P<list>\[\])?(?P<opt>\?)?(?P<rest>(?:\s.*)?)$"
)
_SCALARS = {
    "String": "text",
    "Int": "integer",
    "BigInt": "bigint",
    "Float": "double",
    "Decimal": "numeric",
    "DateTime": "timestamp",
    "Boolean": "boolean",
    "Json": "json",
    "Bytes": "bytea",
}
# @db.X native types whose lower-cased name is not already the vocabulary's.
_NATIVE = {
    "doubleprecision": "double",
    "timestamptz": "timestamptz",
    "mediumtext": "text",
    "longtext": "text",
    "tinytext": "text",
    "unsignedint": "integer",
    "unsignedbigint": "bigint",
    "unsignedsmallint": "smallint",
    "tinyint": "smallint",
    "unsignedtinyint": "smallint",
    "decimal": "numeric",
}
_ACTIONS: dict[str, OnAction] = {
    "Cascade": "CASCADE",
    "SetNull": "SET NULL",
    "Restrict": "RESTRICT",
    "NoAction": "NO ACTION",
    "SetDefault": "SET DEFAULT",
}
_METHODS = {"btree", "hash", "gist", "gin", "spgist", "brin"}
_CLIENT_IDS = ("cuid", "nanoid", "ulid", "auto")  # made by the Prisma client (or MongoDB): no SQL default


@dataclass
class _Line:
    k: int  # index in the fence text
    text: str  # without its comment
    doc: str | None  # the `///` lines above it, or its own trailing comment


@dataclass
class _Block:
    kind: str
    name: str
    line: _Line
    body: list[_Line] = field(default_factory=list)


@dataclass
class _Partner:
    name: str
    is_list: bool
    has_fields: bool
    on_delete: str | None


def read_prisma_fence(fence: Fence, context: ReadContext, options: ParseOptions) -> Fragment:
    """The entities, enums, foreign keys and relationships of Prisma models and enums (a type named by an enum
    of an earlier block of the file is that enum)."""
    spec = Fragment(context.path)
    reader = _Reader(fence, spec)
    blocks = reader.blocks(fence.text)
    reader.models = {b.name: b for b in blocks if b.kind == "model"}
    reader.enums = {b.name for b in blocks if b.kind == "enum"} | {e.name for e in context.enums}
    reader.types = {b.name for b in blocks if b.kind == "type"}
    for b in blocks:
        if b.kind == "enum":
            reader.enum(b)
        elif b.kind == "view":
            spec.diagnostics.append(
                info(f"Prisma view '{b.name}' ignored (views are not tables)", reader.loc(b.line.k))
            )
    for b in reader.models.values():
        reader.table_of[b.name] = reader.mapped_table(b)
    for b in reader.models.values():
        reader.model(b)
    return spec


class _Reader:
    def __init__(self, fence: Fence, spec: Fragment) -> None:
        self.fence, self.spec = fence, spec
        self.models: dict[str, _Block] = {}
        self.enums: set[str] = set()
        self.types: set[str] = set()
        self.table_of: dict[str, str] = {}
        self.entities: dict[str, EntityIR] = {}
        self.links: set[str] = set()
        self.parsed: dict[int, list[tuple[_Line, re.Match[str]]]] = {}

    def loc(self, k: int) -> Location:
        return Location(self.spec.path, self.fence.line + 1 + k)

    def warn(self, message: str, k: int) -> None:
        self.spec.diagnostics.append(warning(message, self.loc(k)))

    def blocks(self, text: str) -> list[_Block]:
        blocks: list[_Block] = []
        current: _Block | None = None
        docs: list[str] = []
        for k, raw in enumerate(text.split("\n")):
            stripped = raw.strip()
            if stripped.startswith("///"):
                docs.append(stripped[3:].strip())
                continue
            code, comment = strip_comment(raw)
            if not code.strip():
                if not stripped:
                    docs = []  # a blank line parts a doc comment from what follows
                continue
            line = _Line(k, code.rstrip(), " ".join(docs) or comment)
            docs = []
            if current is not None:
                if code.strip() == "}":
                    blocks.append(current)
                    current = None
                else:
                    current.body.append(line)
                continue
            m = _OPEN.match(code)
            if m:
                current = _Block(m.group("kind"), m.group("name"), line)
            else:
                self.warn(f"Prisma line not understood: '{code.strip()[:60]}'", k)
        if current is not None:
            self.warn(f"Prisma {current.kind} '{current.name}' is not closed with '}}'", current.line.k)
            blocks.append(current)
        return blocks

    def enum(self, b: _Block) -> None:
        values: list[str] = []
        for line in b.body:
            text = line.text.strip()
            if text.startswith("@@"):
                continue
            m = re.match(r"^(\w+)\s*(.*)$", text)
            if m is None:
                self.warn(f"Prisma enum value not understood: '{text[:60]}'", line.k)
                continue
            attrs, _ = attributes(m.group(2))
            mapped = next((unquote(args_of(a)[0][0]) for n, a in attrs if n == "map" and args_of(a)[0]), None)
            values.append(mapped or m.group(1))
        self.spec.enums.append(EnumIR(b.name, values, self.loc(b.line.k), form="prisma"))

    def mapped_table(self, b: _Block) -> str:
        for line in b.body:
            if line.text.strip().startswith("@@map"):
                attrs, _ = attributes(line.text.strip())
                positional, named = args_of(attrs[0][1] if attrs else None)
                name = unquote(named.get("name") or (positional[0] if positional else None))
                if name:
                    return name
        return b.name  # Prisma names the table after the model

    def fields(self, b: _Block) -> list[tuple[_Line, re.Match[str]]]:
        """The block's field lines, read once (a line not understood is one warning)."""
        cached = self.parsed.get(id(b))
        if cached is not None:
            return cached
        out: list[tuple[_Line, re.Match[str]]] = []
        self.parsed[id(b)] = out
        for line in b.body:
            if line.text.strip().startswith("@@"):
                continue
            m = _FIELD.match(line.text)
            if m is None:
                self.warn(f"Prisma field not understood: '{line.text.strip()[:60]}'", line.k)
                continue
            out.append((line, m))
        return out

    def is_relation(self, type_name: str, rest: str) -> bool:
        if type_name in _SCALARS or type_name in self.enums or type_name in self.types:
            return False
        if type_name in self.models or "@relation" in rest:
            return True
        # An unknown type: a model of another fence or file (enums are declared beside their models).
        return not type_name.startswith("Unsupported(")

    def model(self, b: _Block) -> None:
        entity = EntityIR(self.loc(b.line.k), "prisma", name=b.name, table=self.table_of[b.name])
        entity.description = b.line.doc
        self.entities[b.name] = entity
        fields = self.fields(b)
        columns = {m.group("name"): _column_name(m) for _, m in fields}
        relations = []
        for line, m in fields:
            if self.is_relation(m.group("type"), m.group("rest")):
                relations.append((line, m))
            else:
                self.column(entity, line, m)
        for line in b.body:
            if line.text.strip().startswith("@@"):
                self.block_attribute(entity, line, columns)
        for line, m in relations:
            self.relation(b, entity, line, m, columns)
        self.spec.entities.append(entity)

    def column(self, entity: EntityIR, line: _Line, m: re.Match[str]) -> None:
        loc = self.loc(line.k)
        type_name = m.group("type")
        if type_name.startswith("Unsupported("):
            type_text = unquote(type_name[type_name.index("(") + 1 : -1]) or "text"
        elif type_name in self.types:
            type_text = "json"  # a composite type is an embedded document
        else:
            type_text = _SCALARS.get(type_name, type_name)
        c = ColumnIR(_column_name(m), loc, type=type_text, type_loc=loc, description=line.doc)
        c.nullable = m.group("opt") is not None
        if c.name != m.group("name"):
            c.python_name = m.group("name")
        attrs, complete = attributes(m.group("rest"))
        if not complete:
            self.warn(f"Prisma attributes of field '{m.group('name')}' not fully understood", line.k)
        for name, args in attrs:
            if name == "id":
                c.primary_key = True
            elif name == "unique":
                c.unique = True
            elif name == "updatedAt":
                c.on_update = "now"
            elif name == "default":
                self.default(c, args or "")
            elif name.startswith("db."):
                c.type = _native(name[3:], args)
        if m.group("list"):
            c.type = f"{c.type}[]"
            c.nullable = False
        entity.columns.append(c)

    def default(self, c: ColumnIR, args: str) -> None:
        positional, _ = args_of(args)
        value = positional[0] if positional else ""
        call = re.match(r"^(\w+)\((.*)\)$", value, re.DOTALL)
        if call is None:
            if value.startswith('"'):
                c.server_default = "'" + (unquote(value) or "").replace("'", "''") + "'"
            elif value.startswith("["):
                c.default = "[]" if value.replace(" ", "") == "[]" else value
            elif re.fullmatch(r"[A-Za-z_]\w*", value) and value not in ("true", "false"):
                c.server_default = f"'{value}'"  # an enum value
            elif value:
                c.server_default = value
            return
        func, inner = call.group(1), call.group(2)
        if func == "autoincrement" or func == "sequence":
            c.autoincrement = True
        elif func == "uuid":
            c.default = "uuid4"
        elif func == "now":
            c.server_default = "CURRENT_TIMESTAMP"
        elif func == "dbgenerated":
            c.server_default = unquote(inner) or None
        elif func not in _CLIENT_IDS:
            c.server_default = value

    def block_attribute(self, entity: EntityIR, line: _Line, columns: dict[str, str]) -> None:
        attrs, complete = attributes(line.text.strip())
        if not complete or not attrs:
            self.warn(f"Prisma block attribute not understood: '{line.text.strip()[:60]}'", line.k)
            return
        name, args = attrs[0]
        positional, named = args_of(args)
        cols = [columns.get(f, f) for f in names(named.get("fields") or (positional[0] if positional else None))]
        loc = self.loc(line.k)
        constraint_name = unquote(named.get("map"))
        if name == "id":
            entity.constraints.append(ConstraintIR("primary_key", loc, constraint_name, cols))
        elif name == "unique":
            entity.constraints.append(ConstraintIR("unique", loc, constraint_name, cols))
        elif name in ("index", "fulltext"):
            method = (named.get("type") or "").lower() or None
            if method is not None and method not in _METHODS:
                self.warn(f"Prisma index type '{named['type']}' unknown; the index is kept without it", line.k)
                method = None
            entity.indexes.append(IndexIR(cols, loc, name=constraint_name, method=method))

    def relation(self, b: _Block, entity: EntityIR, line: _Line, m: re.Match[str], columns: dict[str, str]) -> None:
        loc = self.loc(line.k)
        target = m.group("type")
        attrs, complete = attributes(m.group("rest"))
        if not complete:
            self.warn(f"Prisma attributes of field '{m.group('name')}' not fully understood", line.k)
        args = next((a for n, a in attrs if n == "relation"), None)
        positional, named = args_of(args)
        rel_name = unquote(named.get("name") or (positional[0] if positional else None))
        back = self.partner(b.name, target, rel_name, m.group("name"))
        fields = names(named.get("fields"))
        rel = RelationshipIR(m.group("name"), target, loc, back_populates=back.name if back else None)
        if fields:
            cols = [columns.get(f, f) for f in fields]
            unique = len(cols) == 1 and any(c.name == cols[0] and (c.unique or c.primary_key) for c in entity.columns)
            rel.kind = "one_to_one" if unique or (back is not None and not back.is_list) else "many_to_one"
            rel.foreign_keys = cols
            entity.foreign_keys.append(self.foreign_key(entity, cols, target, named, loc))
        elif m.group("list") and back is not None and back.is_list and not back.has_fields:
            rel.kind = "many_to_many"
            rel.through = self.link(b.name, target, rel_name, loc)
        else:
            rel.kind = "one_to_many" if m.group("list") else "one_to_one"
            # The database deletes or unlinks the rows (Prisma relies on its referential actions).
            if back is not None and back.on_delete in ("CASCADE", "SET NULL"):
                rel.passive_deletes = True
        entity.relationships.append(rel)

    def partner(self, model: str, target: str, rel_name: str | None, field_name: str) -> _Partner | None:
        """The field of `target` on the other end of a relation, matched by relation name."""
        other = self.models.get(target)
        if other is None:
            return None
        found = []
        for _, m in self.fields(other):
            if m.group("type") != model or (model == target and m.group("name") == field_name):
                continue
            attrs, _ = attributes(m.group("rest"))
            positional, named = args_of(next((a for n, a in attrs if n == "relation"), None))
            name = unquote(named.get("name") or (positional[0] if positional else None))
            if name == rel_name:
                fields = names(named.get("fields"))
                action = self.on_delete(other, fields, named) if fields else None
                found.append(_Partner(m.group("name"), bool(m.group("list")), bool(fields), action))
        return found[0] if len(found) == 1 else None

    def on_delete(self, block: _Block, fields: list[str], named: dict[str, str]) -> OnAction:
        """The ON DELETE of a relation: as stated, else Prisma's default (SET NULL when a key field is optional)."""
        optional = any(m.group("opt") for _, m in self.fields(block) if m.group("name") in fields)
        return _ACTIONS.get(named.get("onDelete", ""), "SET NULL" if optional else "RESTRICT")

    def foreign_key(
        self, entity: EntityIR, cols: list[str], target: str, named: dict[str, str], loc: Location
    ) -> ForeignKeyIR:
        known = self.models.get(target)
        refs = names(named.get("references"))
        if known is not None:
            target_cols = {m.group("name"): _column_name(m) for _, m in self.fields(known)}
            refs = [target_cols.get(r, r) for r in refs]
        on_delete = self.on_delete(self.models[entity.name or ""], names(named.get("fields")), named)
        on_update = _ACTIONS.get(named.get("onUpdate", ""), "CASCADE")
        fk = ForeignKeyIR(
            cols,
            self.table_of.get(target, target),
            refs,
            loc,
            on_delete=on_delete,
            on_update=on_update,
            name=unquote(named.get("map")),
            ref_is_entity=known is None,
        )
        return fk

    def link(self, model: str, target: str, rel_name: str | None, loc: Location) -> str:
        """Prisma's implicit many-to-many table: `_AToB` (or `_Name`), columns A and B."""
        a, b = sorted((model, target))
        table = f"_{rel_name}" if rel_name else f"_{a}To{b}"
        if table in self.links:
            return table
        self.links.add(table)
        name = table.lstrip("_")  # a class name may not start with `_` (pydantic makes it private)
        link = EntityIR(loc, "prisma", name=name + "Link" if name in self.models else name, table=table)
        for col, side in (("A", a), ("B", b)):
            key = self.key_of(side)
            fk = ForeignKeyIR([col], self.table_of.get(side, side), [key] if key else [], loc, on_delete="CASCADE")
            fk.on_update = "CASCADE"
            link.columns.append(ColumnIR(col, loc, nullable=False, primary_key=True, fk=fk, type_from_reference=True))
        self.spec.entities.append(link)
        return table

    def key_of(self, model: str) -> str | None:
        block = self.models.get(model)
        if block is None:
            return None
        for _, m in self.fields(block):
            if re.search(r"@id\b", m.group("rest")):
                return _column_name(m)
        return None


def _column_name(m: re.Match[str]) -> str:
    mapped = re.search(r"@map\(\s*(?:name\s*:\s*)?\"([^\"]+)\"", m.group("rest"))
    return mapped.group(1) if mapped else m.group("name")


def _native(name: str, args: str | None) -> str:
    """`@db.VarChar(100)` -> varchar(100); `@db.Timestamptz(6)` -> timestamptz(6)."""
    base = _NATIVE.get(name.lower(), name.lower())
    return f"{base}({args.replace(' ', '')})" if args and args.strip() else base
