"""Small grammars of the native format: the Constraints cell and the section list items.

Each function takes the text and its Location and returns IR, or raises CellError with a message
that says what was expected.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

from specgen.parse.ir import (
    ConstraintIR,
    ForeignKeyIR,
    FunctionalDependencyIR,
    IndexIR,
    MigrationNoteIR,
    RelationshipIR,
)
from specgen.source import Location
from specgen.vocab.terms import ConstraintKind, NoteAction, OnAction


class CellError(ValueError):
    """What a cell or item says that cannot be read; `facts` holds what was read of it anyway."""

    def __init__(self, message: str, facts: object = None) -> None:
        super().__init__(message)
        self.facts = facts


class _UnknownWord(CellError):
    """A word of the Constraints cell that is none of CELL_WORDS (collected, then reported together)."""


# The words of the Constraints cell, for did-you-mean hints.
CELL_WORDS = (
    "pk", "primary key", "unique", "not null", "required", "nullable", "index", "indexed", "autoincrement",
    "identity", "serial", "fk", "references", "check", "on update", "renamed from", "default",
)  # fmt: skip


ON_ACTIONS: dict[str, OnAction] = {
    "cascade": "CASCADE",
    "set null": "SET NULL",
    "set default": "SET DEFAULT",
    "restrict": "RESTRICT",
    "no action": "NO ACTION",
}

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_REF = re.compile(rf"^(?P<table>{_NAME}(?:\.{_NAME})?)\s*(?:\.\s*(?P<col>{_NAME})|\(\s*(?P<cols>[^)]*)\))?")
_ACTION = re.compile(r"\bon\s+(delete|update)\s+(cascade|set\s+null|set\s+default|restrict|no\s+action)\b", re.I)
_DEFERRABLE_WORD = re.compile(r"\bdeferrable\b", re.I)
_NOT_DEFERRABLE = re.compile(r"\bnot\s+deferrable\b", re.I)
_INITIALLY_DEFERRED = re.compile(r"\binitially\s+deferred\b", re.I)
_DEFERRAL = re.compile(r"\b(not\s+)?deferrable\b|\binitially\s+(deferred|immediate)\b", re.I)
_FK_WORD = re.compile(r"^(fk\s*(->|:)?|references)\s*", re.I)


def split_top(text: str, sep: str = ",") -> list[str]:
    """Split on `sep` outside parentheses and quotes."""
    if "(" not in text and ")" not in text and "'" not in text and '"' not in text:  # nothing to step over
        return [p for p in map(str.strip, text.split(sep)) if p]
    parts: list[str] = []
    depth = 0
    quote = ""
    buf: list[str] = []
    for ch in text:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append("".join(buf).strip())
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf).strip())
    return [p for p in parts if p]


def strip_code(text: str) -> str:
    """Cells may wrap values in backticks."""
    t = text.strip()
    if len(t) >= 2 and t[0] == "`" and t[-1] == "`":
        return t[1:-1].strip()
    return t


def paren_list(text: str) -> list[str]:
    t = text.strip()
    if t.startswith("(") and t.endswith(")"):
        t = t[1:-1]
    return [strip_code(p) for p in split_top(t)]


def parse_actions(text: str) -> tuple[OnAction | None, OnAction | None, str]:
    """Pull `on delete X` / `on update Y` out of text; return them and the rest."""
    on_delete: OnAction | None = None
    on_update: OnAction | None = None
    for m in _ACTION.finditer(text):
        action = ON_ACTIONS[" ".join(m.group(2).lower().split())]
        if m.group(1).lower() == "delete":
            on_delete = action
        else:
            on_update = action
    return on_delete, on_update, _ACTION.sub("", text).strip()


def parse_reference(text: str, columns: list[str], loc: Location) -> ForeignKeyIR:
    """`users.id on delete set null`, `users(id)`, `users` (its primary key)."""
    on_delete, on_update, rest = parse_actions(text)
    deferrable = bool(_DEFERRABLE_WORD.search(rest)) and not _NOT_DEFERRABLE.search(rest)
    initially = bool(_INITIALLY_DEFERRED.search(rest))
    rest = _DEFERRAL.sub("", rest).strip()
    m = _REF.match(rest)
    if not m or rest[m.end() :].strip():
        bad = re.search(r"\bon\s+(delete|update)\s+([a-z_ ]+)", rest, re.I)
        close = difflib.get_close_matches(bad.group(2).strip().lower(), ON_ACTIONS, n=1, cutoff=0.6) if bad else []
        guess = f" (did you mean 'on {bad.group(1).lower()} {close[0]}'?)" if bad and close else ""
        raise CellError(f"cannot read the reference '{text}'{guess}: expected 'fk table.column [on delete ACTION]'")
    table = m.group("table")
    if m.group("col"):
        ref_cols = [m.group("col")]
    elif m.group("cols"):
        ref_cols = paren_list(m.group("cols"))
    elif "." in table:  # `users.id` matched as schema-qualified table
        table, _, col = table.rpartition(".")
        ref_cols = [col]
    else:
        ref_cols = []
    return ForeignKeyIR(
        list(columns),
        table,
        ref_cols,
        loc,
        on_delete,
        on_update,
        deferrable=deferrable,
        initially_deferred=initially,
    )


@dataclass
class CellFacts:
    primary_key: bool = False
    unique: bool = False
    not_null: bool = False
    nullable: bool = False
    index: bool = False
    fk: ForeignKeyIR | None = None
    check: str | None = None
    on_update: str | None = None
    renamed_from: str | None = None
    autoincrement: bool | None = None
    identity: str | None = None  # "always" | "by default": PostgreSQL's GENERATED … AS IDENTITY
    default: str | None = None


_CELL_KEYWORDS = (
    "pk",
    "primary key",
    "unique",
    "not null",
    "null",
    "nullable",
    "index",
    "indexed",
    "fk",
    "references",
    "check",
    "on update",
    "renamed from",
    "autoincrement",
    "auto increment",
    "identity",
    "default",
    "no autoincrement",
)


def _starts_item(part: str) -> bool:
    low = part.lower()
    return any(low == k or low.startswith(k + " ") or low.startswith(k + ":") for k in _CELL_KEYWORDS)


def parse_constraint_cell(text: str, column: str, loc: Location) -> CellFacts:
    """The Constraints cell: `pk, unique, not null, index, fk t.c on delete X, check: expr,
    on update now, renamed from old, autoincrement, default: X`."""
    facts = CellFacts()
    problems: list[str] = []
    parts = split_top(text)
    merged: list[str] = []
    for part in parts:
        # A check expression may contain top-level commas; its tail does not start a new item.
        if merged and merged[-1].lower().startswith("check") and not _starts_item(part):
            merged[-1] += ", " + part
        else:
            merged.append(part)
    unknown: list[str] = []
    for raw in merged:
        try:
            _cell_part(facts, strip_code(raw), column, loc)
        except _UnknownWord as exc:
            unknown.append(str(exc))
        except CellError as exc:
            problems.append(str(exc))
    if unknown:
        problems.append(
            f"cannot read {', '.join(unknown)}: expected pk, unique, not null, index, "
            "fk table.column [on delete ACTION], check: expr, on update now, renamed from NAME"
        )
    if problems:
        # Every problem of the cell at once, and what could be read of it.
        raise CellError("; ".join(problems), facts)
    return facts


def _cell_part(facts: CellFacts, part: str, column: str, loc: Location) -> None:
    low = " ".join(part.lower().split())
    if low in ("pk", "primary key", "primary_key"):
        facts.primary_key = True
    elif low == "unique":
        facts.unique = True
    elif low in ("not null", "required"):
        facts.not_null = True
    elif low in ("null", "nullable"):
        facts.nullable = True
    elif low in ("index", "indexed"):
        facts.index = True
    elif low in ("autoincrement", "auto increment", "identity", "serial"):
        facts.autoincrement = True
    elif low in ("identity always", "identity by default"):
        facts.autoincrement = True
        facts.identity = low.removeprefix("identity ")
    elif low in ("no autoincrement", "not autoincrement", "autoincrement: no", "autoincrement no"):
        facts.autoincrement = False  # an integer key the database does not number itself
    elif low.startswith(("fk ", "fk:", "references ", "fk->", "fk ->")):
        body = _FK_WORD.sub("", part)
        facts.fk = parse_reference(body, [column], loc)
    elif low.startswith("check"):
        expr = re.sub(r"^check\s*:?\s*", "", part, flags=re.I).strip()
        if expr.startswith("(") and expr.endswith(")") and not split_top(expr[1:-1], ")")[1:]:
            expr = expr[1:-1].strip()
        if not expr:
            raise CellError("'check' needs an expression: 'check: length(name) > 0'")
        facts.check = expr
    elif low.startswith("on update"):
        value = part[len("on update") :].strip()
        if not value:
            raise CellError("'on update' needs a value: 'on update now'")
        facts.on_update = value
    elif low.startswith("renamed from"):
        old = part[len("renamed from") :].strip()
        if not re.fullmatch(_NAME, old):
            raise CellError(f"'renamed from' needs a column name, got '{old}'")
        facts.renamed_from = old
    elif low.startswith("default"):
        facts.default = re.sub(r"^default\s*:?\s*", "", part, flags=re.I)
    else:
        close = difflib.get_close_matches(low, CELL_WORDS, n=1, cutoff=0.6)
        raise _UnknownWord(f"'{part}'" + (f" (did you mean '{close[0]}'?)" if close else ""))


RELATIONSHIP_KINDS = {
    "one-to-many": "one_to_many",
    "one_to_many": "one_to_many",
    "1:n": "one_to_many",
    "many-to-one": "many_to_one",
    "many_to_one": "many_to_one",
    "n:1": "many_to_one",
    "one-to-one": "one_to_one",
    "one_to_one": "one_to_one",
    "1:1": "one_to_one",
    "many-to-many": "many_to_many",
    "many_to_many": "many_to_many",
    "n:m": "many_to_many",
}
_REL = re.compile(
    rf"^(?P<name>{_NAME})\s*:\s*(?P<kind>\S+)\s+(?P<target>{_NAME})"
    rf"(?:\s+(?:through|via)\s+(?P<through>{_NAME}))?\s*(?:\((?P<opts>.*)\))?\s*$"
)
_REL_OPTS = (
    "back_populates",
    "backref",
    "cascade",
    "lazy",
    "foreign_keys",
    "foreign_key",
    "remote_side",
    "uselist",
    "order_by",
    "passive_deletes",
    "viewonly",
)


def parse_relationship(text: str, loc: Location) -> RelationshipIR:
    """`groups: one-to-many Group (back_populates collection, cascade all delete-orphan, lazy selectin)`."""
    m = _REL.match(strip_code(text))
    if not m:
        raise CellError(
            f"cannot read relationship '{text}': expected 'name: one-to-many Target "
            "[through join_table] (back_populates x, cascade all delete-orphan, lazy selectin)'"
        )
    kind = RELATIONSHIP_KINDS.get(m.group("kind").lower())
    if kind is None:
        raise CellError(
            f"unknown relationship kind '{m.group('kind')}': expected one of "
            "one-to-many, many-to-one, one-to-one, many-to-many"
        )
    rel = RelationshipIR(m.group("name"), m.group("target"), loc, kind=kind, through=m.group("through"))
    opts: list[list[str]] = []
    for part in split_top(m.group("opts") or ""):
        words = part.replace("=", " ").replace(":", " ").split()
        if words and words[0].lower() in _REL_OPTS:
            opts.append(words)
        elif opts:
            opts[-1].extend(words)  # `cascade all, delete-orphan`: the tail of the previous option
        else:
            raise CellError(f"unknown relationship option '{part}': expected one of {', '.join(_REL_OPTS)}")
    for key, *values in opts:
        key = key.lower()
        value = " ".join(values)
        if key in ("back_populates", "backref"):
            rel.back_populates = value
        elif key == "cascade":
            rel.cascade = ", ".join(v.strip(",") for v in values if v.strip(","))
        elif key == "lazy":
            rel.lazy = value
        elif key in ("foreign_keys", "foreign_key"):
            rel.foreign_keys = [v.strip(",") for v in values if v.strip(",")]
        elif key == "remote_side":
            rel.remote_side = [v.strip(",") for v in values if v.strip(",")]
        elif key == "order_by":
            rel.order_by = value
        else:
            flag = value.lower() not in ("false", "no", "0")
            setattr(rel, key, flag)
    return rel


_INDEX = re.compile(
    rf"^(?:(?P<unique1>unique)\s+)?(?:(?P<name>{_NAME})\s*:\s*)?(?:(?P<unique2>unique)\s+)?"
    r"(?:(?!on\s)(?P<method>[a-z_][a-z0-9_]*)\s+)?(?:on\s+)?(?P<cols>\(.*?\))"
    r"(?:\s*include\s*(?P<include>\([^()]*\)))?(?:\s*with\s*(?P<with>\([^()]*\)))?\s*(?:where\s+(?P<where>.+))?$",
    re.I,
)
# an element's tail: `name gin_trgm_ops`, `created_at desc nulls last`, `lower(email) text_pattern_ops desc`
_SPACE = re.compile(r"\s")
_NULLS = re.compile(r"\s+nulls\s+(first|last)$", re.I)
_DIRECTION = re.compile(r"\s+(asc|desc)$", re.I)
_OPCLASS_TAIL = re.compile(rf"(?<=[\w)])\s+(?P<op>{_NAME}(?:\.{_NAME})?)$")


def parse_index(text: str, loc: Location) -> IndexIR:
    """`ix_name: [unique] [gin|hnsw|…] (a, b desc, c gin_trgm_ops) [include (d)] [with (m = 16)] [where cond]`."""
    m = _INDEX.match(strip_code(text))
    if not m:
        raise CellError(
            f"cannot read index '{text}': expected 'ix_name: [unique] [gin|brin|…] (col [opclass] [desc], …) "
            "[include (col, …)] [with (param = value, …)] [where cond]'"
        )
    ix = IndexIR([], loc, name=m.group("name"), method=(m.group("method") or "").lower() or None)
    ix.unique = bool(m.group("unique1") or m.group("unique2"))
    ix.where = (m.group("where") or "").strip() or None
    for element in paren_list(m.group("cols")):
        _index_element(element, ix)
    ix.include = paren_list(m.group("include")) if m.group("include") else []
    for part in paren_list(m.group("with")) if m.group("with") else []:
        key, eq, value = part.partition("=")
        if not eq:
            raise CellError(f"cannot read index parameter '{part}': expected 'name = value'")
        ix.parameters[key.strip().lower()] = value.strip().strip("'")
    return ix


def _index_element(element: str, ix: IndexIR) -> None:
    if not _SPACE.search(element):  # a bare column: no order or operator class follows it
        ix.columns.append(element.strip())
        return
    order = ""
    if n := _NULLS.search(element):
        order, element = f"nulls {n.group(1).lower()}", element[: n.start()]
    if d := _DIRECTION.search(element):
        order, element = f"{d.group(1).lower()} {order}".strip(), element[: d.start()]
    opclass = None
    if (o := _OPCLASS_TAIL.search(element)) and o.group("op").lower() not in ("asc", "desc", "nulls"):
        opclass, element = o.group("op"), element[: o.start()]
    element = element.strip()
    ix.columns.append(element)
    if opclass:
        ix.opclasses[element] = opclass
    order = {"desc nulls first": "desc", "nulls last": ""}.get(order, order)  # PostgreSQL's defaults
    order = order.removeprefix("asc").strip()
    if order:
        ix.orders[element] = order


_CONSTRAINT = re.compile(
    rf"^(?P<kind>unique|check|primary\s+key|exclude)\s*(?P<name>{_NAME})?\s*:\s*(?P<body>.+)$", re.I
)
_CONSTRAINT_KINDS: dict[str, ConstraintKind] = {k: k for k in ("unique", "check", "primary_key", "exclude")}
_FK_CONSTRAINT = re.compile(
    rf"^foreign\s+key\s*(?P<name>{_NAME})?\s*:\s*(?P<cols>\([^)]*\))\s*references\s+(?P<ref>.+)$", re.I
)


def parse_constraint(text: str, loc: Location) -> ConstraintIR | ForeignKeyIR:
    """`unique uq_name: (a, b)`, `check ck_name: expr`, `primary key: (a, b)`,
    `foreign key fk_name: (a, b) references t(x, y) on delete cascade`."""
    t = strip_code(text)
    fk = _FK_CONSTRAINT.match(t)
    if fk:
        ref = parse_reference(fk.group("ref"), paren_list(fk.group("cols")), loc)
        ref.name = fk.group("name")
        return ref
    m = _CONSTRAINT.match(t)
    if not m:
        raise CellError(
            f"cannot read constraint '{text}': expected 'unique NAME: (a, b)', 'check NAME: expression', "
            "'primary key: (a, b)' or 'foreign key NAME: (a) references t(b)'"
        )
    kind = _CONSTRAINT_KINDS["_".join(m.group("kind").lower().split())]
    body = m.group("body").strip()
    if kind == "check":
        return ConstraintIR("check", loc, name=m.group("name"), expression=body)
    defer = _DEFERRABLE.search(body)
    if defer:
        body = body[: defer.start()].strip()
    if kind == "exclude":
        k = _exclude(body, loc, m.group("name"))
    elif not body.startswith("("):
        raise CellError(f"{kind.replace('_', ' ')} constraint needs a column list: '(a, b)'")
    else:
        k = ConstraintIR(kind, loc, name=m.group("name"), columns=paren_list(body))
    if defer and kind in ("unique", "exclude"):
        k.deferrable, k.initially_deferred = True, bool(defer.group(1))
    return k


_DEFERRABLE = re.compile(r"\s+deferrable(\s+initially\s+deferred)?(\s+initially\s+immediate)?\s*$", re.I)


def _exclude(body: str, loc: Location, name: str | None) -> ConstraintIR:
    """`exclude ex_name: using gist (room with =, during with &&) [where (cond)]`, read as PostgreSQL reads it."""
    import sqlglot
    from sqlglot import exp

    from specgen.parse.sql import _quiet
    from specgen.parse.sql_ddl import exclude_ir

    try:
        with _quiet():
            tree = sqlglot.parse_one(f"ALTER TABLE t ADD CONSTRAINT x EXCLUDE {body}", read="postgres")
    except Exception:  # noqa: BLE001 - any parse failure: kept as text, which validate reports
        tree = None
    found = tree.find(exp.ExcludeColumnConstraint) if tree is not None else None
    if found is None or not isinstance(found.this, exp.IndexParameters):
        return ConstraintIR("exclude", loc, name=name, expression=body)
    return exclude_ir(found.this, loc, name, "postgres")


def parse_dependency(text: str, loc: Location) -> FunctionalDependencyIR:
    """`a, b -> c, d`."""
    t = strip_code(text).replace("→", "->")
    if "->" not in t:
        raise CellError(f"cannot read functional dependency '{text}': expected 'a, b -> c'")
    lhs, _, rhs = t.partition("->")
    left = [s.strip() for s in lhs.split(",") if s.strip()]
    right = [s.strip() for s in rhs.split(",") if s.strip()]
    for name in left + right:
        if not re.fullmatch(_NAME, name):
            raise CellError(f"'{name}' in functional dependency '{text}' is not a column name")
    if not left or not right:
        raise CellError(f"functional dependency '{text}' needs columns on both sides of '->'")
    return FunctionalDependencyIR(left, right, loc)


_DOTTED = rf"(?P<t>{_NAME})\.(?P<c>{_NAME})"


@cache
def _notes() -> list[tuple[re.Pattern[str], NoteAction]]:
    """The migration note grammars, compiled when a spec has Migration notes (2 ms of every run's start-up else)."""
    return [
        (re.compile(rf"^allow\s+drop\s+column\s+{_DOTTED}$", re.I), "allow_drop_column"),
        (re.compile(rf"^allow\s+drop\s+table\s+(?P<t>{_NAME})$", re.I), "allow_drop_table"),
        (re.compile(rf"^allow\s+narrowing\s+{_DOTTED}$", re.I), "allow_narrowing"),
        (re.compile(rf"^allow\s+data\s+loss\s+{_DOTTED}$", re.I), "allow_data_loss"),
        (re.compile(rf"^rename\s+column\s+{_DOTTED}\s*->\s*(?:{_NAME}\.)?(?P<n>{_NAME})$", re.I), "rename_column"),
        (re.compile(rf"^rename\s+table\s+(?P<t>{_NAME})\s*->\s*(?P<n>{_NAME})$", re.I), "rename_table"),
    ]


def parse_note(text: str, loc: Location) -> MigrationNoteIR:
    t = strip_code(text).replace("→", "->").rstrip(".")
    for pattern, action in _notes():
        m = pattern.match(t)
        if m:
            groups = m.groupdict()
            return MigrationNoteIR(action, loc, groups["t"], groups.get("c"), groups.get("n"))
    raise CellError(
        f"cannot read migration note '{text}': expected 'allow drop column t.c', 'allow drop table t', "
        "'rename column t.old -> t.new', 'rename table old -> new', 'allow narrowing t.c' or 'allow data loss t.c'"
    )
