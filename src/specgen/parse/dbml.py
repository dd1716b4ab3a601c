"""```dbml blocks (also unlabelled fences and whole files that are DBML): tables, refs, enums.

pydbml's grammar reads each top-level statement (`Table`, `Ref`, `Enum`, ...) on its own: a
statement it cannot read is a located warning and the others are still read. Only its parse stage
is used (the blueprints), not its database builder, because that one refuses a Ref to a table the
text does not define, and specgen resolves references across fences and files itself.

A relation maps to a foreign key on the column(s) of its many side: `a.x > b.y` and `b.y < a.x`
put it on `a.x`; `a.x - b.y` (one-to-one) on `a.x`, the left side, as dbdiagram does. `a.x <> b.y`
(many-to-many) becomes the join table DBML's own SQL export writes: `a_b` with columns `a_x` and
`b_y`, both in the primary key, each referencing its side, plus a many-to-many relationship on
either side through it.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

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
from specgen.source import Location
from specgen.vocab.naming import singularize, snake_case
from specgen.vocab.terms import OnAction, on_action

# The first statement of an unlabelled fence or a raw file that makes it DBML.
_DBML_START = re.compile(
    r"^\s*(?:(?:table|enum)\s+(?:\"[^\"]+\"|[\w.]+)(?:\s+as\s+\w+)?\s*(?:\[[^\]]*\])?\s*\{"
    r"|ref(?:\s+[\w\"]+)?\s*(?:\{|:\s*[\w\".]+\.[\w\"(), ]+\s*(?:<>|[<>-])))",
    re.IGNORECASE,
)
_KEYWORD = re.compile(r"^\s*([A-Za-z_]+)")
_SPECIAL = re.compile(r"'''|//|/\*|['\"`]")
_NON_ASCII_WORD = re.compile(r"\w*[^\x00-\x7f\W]\w*")
# `name type(args)` at the start of a column line; args pydbml's grammar cannot hold get the type quoted.
_COLUMN_TYPE = re.compile(r"^(\s*(?:\"[^\"]*\"|[^\s\"\[\]{}/]+)\s+)([A-Za-z_][\w.]*\((?:[^()]|\([^()]*\))*\)(?:\[\])?)")
_TYPE_ARGS_OK = re.compile(r"^[A-Za-z0-9_.\[\]\"'`,+\- \t()]*$")
# `check: `expr`` column settings, which pydbml 1.x does not know.
_CHECK = re.compile(r"(?:\s*,\s*check:\s*`([^`]*)`|\bcheck:\s*`([^`]*)`\s*,?\s*)", re.IGNORECASE)
_EMPTY_SETTINGS = re.compile(r"\s*\[\s*\]")
_COLUMN_NAME = re.compile(r"^\s*(\"[^\"]+\"|[^\s\"\[\]{}:]+)\s+[^\s:]")
_IGNORED = {"tablegroup", "project", "note", "tablepartial", "records"}


def looks_like_dbml(text: str) -> bool:
    """True when the first statement of `text` (after blank lines and comments) is DBML's
    `Table x {`, `Enum x {` or `Ref ...:`."""
    in_comment = False
    for line in text.split("\n"):
        s = line.strip()
        if in_comment:
            in_comment = "*/" not in s
            continue
        if not s or s.startswith("//"):
            continue
        if s.startswith("/*"):
            in_comment = "*/" not in s
            continue
        return _DBML_START.match(s) is not None
    return False


@dataclass
class _Block:
    keyword: str
    first: int  # index of its first line in the fence text
    lines: list[str] = field(default_factory=list)  # sanitised for pydbml, one per source line
    depths: list[int] = field(default_factory=list)  # brace depth at the start of each line
    comment: str | None = None  # the `//` comment on the first line (a table's description)
    checks: dict[int, str] = field(default_factory=dict)  # line index in block -> check expression


def read_dbml_fence(fence: Fence, context: ReadContext, options: ParseOptions) -> Fragment:
    """The entities, enums and foreign keys of a DBML text; each statement pydbml cannot read is a warning
    at its line."""
    out = Fragment(context.path)
    _read(fence, out, options)
    return out


def _read(fence: Fence, spec: Fragment, options: ParseOptions) -> None:
    try:
        _grammar()
    except ModuleNotFoundError as exc:  # an install without pydbml: say so, do not fail the file
        spec.diagnostics.append(warning(f"```dbml block not read: {exc}", Location(spec.path, fence.line or 1)))
        return
    reader = _Reader(fence, spec)
    for block in _split(fence.text):
        reader.block(block)
    reader.finish()


def _lex(line: str, state: str) -> tuple[list[tuple[str, str]], str]:
    """Split one line into ("code" | "str" | "comment", text) parts; `state` carries an open
    `'''` string or `/*` comment over line ends."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(line)
    while i < n:
        if state:
            close = "'''" if state == "'''" else "*/"
            j = line.find(close, i)
            kind = "str" if state == "'''" else "comment"
            if j < 0:
                out.append((kind, line[i:]))
                return out, state
            out.append((kind, line[i : j + len(close)]))
            i, state = j + len(close), ""
            continue
        m = _SPECIAL.search(line, i)
        if m is None:
            out.append(("code", line[i:]))
            break
        if m.start() > i:
            out.append(("code", line[i : m.start()]))
        tok = m.group()
        if tok == "//":
            out.append(("comment", line[m.start() :]))
            break
        if tok in ("'''", "/*"):
            state, i = tok, m.start()
            close = "'''" if tok == "'''" else "*/"
            j = line.find(close, m.end())
            kind = "str" if tok == "'''" else "comment"
            if j < 0:
                out.append((kind, line[i:]))
                return out, state
            out.append((kind, line[i : j + len(close)]))
            i, state = j + len(close), ""
            continue
        j = m.end()
        while j < n and line[j] != tok:
            j += 2 if line[j] == "\\" else 1
        out.append(("str", line[m.start() : j + 1]))
        i = j + 1
    return out, state


def _split(text: str) -> list[_Block]:
    """Top-level statements with their lines, in one pass; braces in strings and comments do not count."""
    blocks: list[_Block] = []
    current: _Block | None = None
    depth, state = 0, ""
    opened = False
    for k, raw in enumerate(text.split("\n")):
        line, check = raw, None
        if current is not None and current.keyword == "table" and depth == 1:
            line, check = _column_line(line)
        parts, state = _lex(line, state)
        code = "".join(t for kind, t in parts if kind == "code")
        if current is None:
            if not code.strip():
                continue
            m = _KEYWORD.match(code)
            current = _Block(m.group(1).lower() if m else "", k)
            current.comment = next(
                (t[2:].strip() for kind, t in parts if kind == "comment" and t.startswith("//")), None
            )
            opened = False
        if check is not None:
            current.checks[len(current.lines)] = check
        current.depths.append(depth)
        current.lines.append(
            "".join(_NON_ASCII_WORD.sub(lambda w: f'"{w.group()}"', t) if kind == "code" else t for kind, t in parts)
        )
        depth += code.count("{") - code.count("}")
        opened = opened or "{" in code
        if depth <= 0 and (opened or ":" in code or current.keyword not in ("table", "enum", "ref", *_IGNORED)):
            blocks.append(current)
            current, depth = None, 0
    if current is not None:
        blocks.append(current)
    return blocks


def _column_line(line: str) -> tuple[str, str | None]:
    """Make a column line readable for pydbml: quote a type whose arguments its grammar cannot hold
    (`enum('Cử nhân', 'Kỹ sư')`), lift out a `check:` setting."""
    check = None
    m = _CHECK.search(line)
    if m is not None:
        check = m.group(1) or m.group(2)
        line = _EMPTY_SETTINGS.sub("", line[: m.start()] + line[m.end() :])
    t = _COLUMN_TYPE.match(line)
    if t is not None and not _TYPE_ARGS_OK.match(t.group(2)) and '"' not in t.group(2):
        line = f'{t.group(1)}"{t.group(2)}"{line[t.end() :]}'
    return line, check


@lru_cache(maxsize=1)
def _grammar() -> dict[str, Any]:
    # pydbml (and pyparsing) load only when a spec has DBML in it.
    import pyparsing as pp
    from pydbml.definitions.common import comment
    from pydbml.definitions.enum import enum
    from pydbml.definitions.reference import ref
    from pydbml.definitions.table import table

    tail = ("\n" | comment)[...] + pp.StringEnd()
    return {"table": table + tail, "ref": ref + tail, "enum": enum + tail}


class _Reader:
    def __init__(self, fence: Fence, spec: Fragment) -> None:
        self.fence, self.spec = fence, spec
        self.tables: dict[str, EntityIR] = {}
        self.aliases: dict[str, str] = {}
        self.refs: list[tuple[Any, Location]] = []
        self.enums: list[EnumIR] = []

    def loc(self, k: int) -> Location:
        return Location(self.spec.path, self.fence.line + 1 + k)

    def block(self, block: _Block) -> None:
        if block.keyword in _IGNORED:
            return
        grammar = _grammar().get(block.keyword)
        if grammar is None:
            self.spec.diagnostics.append(
                warning(f"DBML statement not understood: '{block.lines[0].strip()[:60]}'", self.loc(block.first))
            )
            return
        try:
            result = grammar.parse_string("\n".join(block.lines) + "\n", parse_all=True)
        except Exception as exc:  # pyparsing's errors, and pydbml's own (a table without columns, …)
            line = getattr(exc, "lineno", 1)
            message = re.sub(r"\s*\(at char \d+\).*$", "", str(exc)) or type(exc).__name__
            self.spec.diagnostics.append(
                warning(
                    f"DBML {block.keyword} not read: {message}",
                    self.loc(block.first + max(line, 1) - 1),
                    hint="see https://dbml.dbdiagram.io/docs for the syntax",
                )
            )
            return
        bp = result[0]
        if block.keyword == "table":
            self.table(bp, block)
        elif block.keyword == "enum":
            values = [item.name for item in bp.items]
            self.enums.append(EnumIR(bp.name, values, self.loc(block.first), form="dbml"))
        else:
            self.refs.append((bp, self.loc(block.first)))

    def table(self, bp: Any, block: _Block) -> None:
        lines: dict[str, int] = {}
        index_lines: list[int] = []
        for i, (text, depth) in enumerate(zip(block.lines, block.depths, strict=True)):
            if i and depth == 1:
                m = _COLUMN_NAME.match(text)
                if m:
                    lines.setdefault(m.group(1).strip('"'), i)
            elif depth == 2 and text.strip() and not text.strip().startswith(("}", "//")):
                index_lines.append(i)
        entity = EntityIR(self.loc(block.first), "dbml", table=bp.name)
        entity.description = _note(bp.note) or block.comment
        self.tables[bp.name.lower()] = entity
        if bp.alias:
            self.aliases[bp.alias.lower()] = bp.name
        for col in bp.columns or []:
            i = lines.get(col.name, 0)
            c = ColumnIR(col.name, self.loc(block.first + i), type=_type(col.type))
            c.type_loc = c.loc
            c.primary_key, c.unique = bool(col.pk), bool(col.unique)
            # As in SQL, a column without `not null` is nullable: stated, so a form that says otherwise conflicts.
            c.nullable = False if col.not_null else (None if col.pk else True)
            c.autoincrement = True if col.autoinc else None
            c.server_default = _default(col.default)
            c.description = _note(col.note) or col.comment
            c.check = block.checks.get(i)
            entity.columns.append(c)
            for ref in col.ref_blueprints or []:
                ref.table1, ref.schema1, ref.col1 = bp.name, bp.schema, col.name
                self.refs.append((ref, c.loc))
        for n, ix in enumerate(bp.indexes or []):
            loc = self.loc(block.first + (index_lines[n] if n < len(index_lines) else 0))
            cols = [s if isinstance(s, str) else f"({s.text})" for s in ix.subject_names]
            if ix.pk:
                entity.constraints.append(ConstraintIR("primary_key", loc, ix.name, cols))
            else:
                entity.indexes.append(IndexIR(cols, loc, name=ix.name, method=ix.type, unique=bool(ix.unique)))
        self.spec.entities.append(entity)

    def finish(self) -> None:
        enum_names = {e.name.lower() for e in self.enums}
        for entity in self.tables.values():
            for c in entity.columns:  # `status s.order_status` names the enum by its bare name
                if c.type and "." in c.type and "(" not in c.type and c.type.rpartition(".")[2].lower() in enum_names:
                    c.type = c.type.rpartition(".")[2]
        self.spec.enums.extend(self.enums)
        for ref, loc in self.refs:
            self.ref(ref, loc)

    def name(self, table: str | None) -> str:
        table = table or ""
        return self.aliases.get(table.lower(), table)

    def ref(self, ref: Any, loc: Location) -> None:
        one = (self.name(ref.table1), _cols(ref.col1))
        two = (self.name(ref.table2), _cols(ref.col2))
        if ref.type == "<>":
            self.many_to_many(one, two, loc)
            return
        (child, child_cols), (parent, parent_cols) = (
            (two, one) if ref.type == "<" or self.keyed_left(ref) else (one, two)
        )
        fk = ForeignKeyIR(
            child_cols,
            parent,
            parent_cols,
            loc,
            on_delete=_action(ref.on_delete, loc, self.spec),
            on_update=_action(ref.on_update, loc, self.spec),
            name=None if ref.inline else ref.name,
        )
        entity = self.tables.get(child.lower())
        if entity is None:  # a Ref to a table of another fence or file: the design attaches it
            self.spec.foreign_keys.append((child, fk))
            return
        col = next((c for c in entity.columns if c.name == child_cols[0]), None) if len(child_cols) == 1 else None
        if col is not None and col.fk is None:
            col.fk = fk
        else:
            entity.foreign_keys.append(fk)
        unique = col is not None and (col.primary_key or col.unique)
        if ref.type == "-" and not unique:  # one-to-one on a column not otherwise unique: say so
            attr = snake_case(singularize(parent.rpartition(".")[2]))
            entity.relationships.append(RelationshipIR(attr, parent, loc, kind="one_to_one", foreign_keys=child_cols))

    def keyed_left(self, ref: Any) -> bool:
        """A one-to-one `a.id - b.a_id` written key first: the key is on `b.a_id`, not on `a.id` (a foreign key
        references a key: `a.id` cannot reference `b.a_id` when that is neither primary key nor unique)."""
        if ref.type != "-":
            return False
        left, right = self.column(ref.table1, _cols(ref.col1)), self.column(ref.table2, _cols(ref.col2))
        return _keyed(left) and right is not None and not _keyed(right)

    def column(self, table: str | None, cols: list[str]) -> ColumnIR | None:
        entity = self.tables.get(self.name(table).lower())
        if entity is None or len(cols) != 1:
            return None
        return next((c for c in entity.columns if c.name == cols[0]), None)

    def many_to_many(self, one: tuple[str, list[str]], two: tuple[str, list[str]], loc: Location) -> None:
        (t1, c1), (t2, c2) = one, two
        join = f"{t1}_{t2}"
        if join.lower() not in self.tables:
            link = EntityIR(loc, "dbml", table=join)
            for table, cols in ((t1, c1), (t2, c2)):
                names = [_free(link, f"{table}_{c}") for c in cols]
                for name in names:
                    link.columns.append(ColumnIR(name, loc, nullable=False, primary_key=True, type_from_reference=True))
                fk = ForeignKeyIR(names, table, cols, loc)
                if len(names) == 1:
                    link.columns[-1].fk = fk
                else:
                    link.foreign_keys.append(fk)
            self.tables[join.lower()] = link
            self.spec.entities.append(link)
        for owner, target in ((t1, t2), (t2, t1)):
            entity = self.tables.get(owner.lower())
            if entity is not None:
                entity.relationships.append(
                    RelationshipIR(target, target, loc, kind="many_to_many", through=join, back_populates=owner)
                )


def _keyed(col: ColumnIR | None) -> bool:
    return col is not None and (col.primary_key or col.unique)


def _note(note: Any) -> str | None:
    """A note's text; a multi-line (triple-quoted) note loses its indentation."""
    if note is None:
        return None
    return inspect.cleandoc(note.text) or None


def _free(entity: EntityIR, wanted: str) -> str:
    taken = {c.name for c in entity.columns}
    name, n = wanted, 2
    while name in taken:  # a self-referencing many-to-many names both sides alike
        name, n = f"{wanted}_{n}", n + 1
    return name


def _cols(col: Any) -> list[str]:
    return [col] if isinstance(col, str) else [str(c) for c in col or []]


def _type(text: str) -> str:
    return text.strip()


def _default(value: Any) -> str | None:
    """A DBML default as SQL text: DBML defaults are the database's (`DEFAULT` in its SQL export)."""
    if value is None or value == "NULL":  # pyparsing keeps `null` as the text its parse action maps to None
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return str(getattr(value, "text", value))  # a `backtick` expression


def _action(value: str | None, loc: Location, spec: Fragment) -> OnAction | None:
    if value is None:
        return None
    action = on_action(value)
    if action is None:
        spec.diagnostics.append(info(f"DBML ref action '{value}' is not an SQL action; ignored", loc))
    return action
