"""Random schemas and random edits for the property-based evolution test, written as native spec Markdown.

A `Schema` is a few tables of integer keys and typed columns (varchar, integer, bigint, text, enum), with
unique, check, index, FK (on delete), self references and FK cycles (nullable). `edit()` applies one random
change and writes the Migration notes it needs; `rows()` gives rows every version accepts.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field


@dataclass
class Col:
    name: str
    type: str  # varchar(N) | integer | bigint | smallint | text | enum
    nullable: bool = True
    default: str | None = None
    unique: bool = False
    check: bool = False
    index: bool = False
    fk: str | None = None  # referenced table (its id)
    on_delete: str = "cascade"
    values: list[str] = field(default_factory=list)  # enum values
    renamed_from: str | None = None
    origin: str = ""  # the first name: the same column in every version
    moved: bool = False  # renamed or added in the version being made: not renamed or dropped again

    def __post_init__(self) -> None:
        self.origin = self.origin or self.name


@dataclass
class Table:
    name: str
    cols: list[Col]
    renamed_from: str | None = None
    shares: str | None = None  # one-to-one sharing the key: `id` is also an FK to this table's id
    origin: str = ""
    moved: bool = False

    def __post_init__(self) -> None:
        self.origin = self.origin or self.name


@dataclass
class Schema:
    tables: list[Table]
    notes: list[str] = field(default_factory=list)
    serial: int = 0

    def fresh(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}{self.serial}"

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


def _type_text(c: Col) -> str:
    return f"enum({', '.join(c.values)})" if c.type == "enum" else c.type


def _constraints(c: Col) -> str:
    parts = []
    if c.unique:
        parts.append("unique")
    if c.check:
        parts.append(
            f"check: length({c.name}) > 0" if c.type.startswith(("varchar", "text")) else f"check: {c.name} >= 0"
        )
    if c.fk:
        parts.append(f"fk {c.fk}.id on delete {c.on_delete}")
    if c.index:
        parts.append("index")
    if c.renamed_from:
        parts.append(f"renamed from {c.renamed_from}")
    return ", ".join(parts)


def markdown(s: Schema) -> str:
    out = ["# Random schema", ""]
    for t in s.tables:
        out += [f"## Entity: {t.name.capitalize()}", f"table: {t.name}"]
        if t.renamed_from:
            out.append(f"renamed from: {t.renamed_from}")
        out += ["", "| Column | Type | Nullable | Default | Constraints |", "|---|---|---|---|---|"]
        out.append(f"| id | integer | no | | pk{f', fk {t.shares}.id on delete cascade' if t.shares else ''} |")
        for c in t.cols:
            out.append(
                f"| {c.name} | {_type_text(c)} | {'yes' if c.nullable else 'no'} | {c.default or ''} | {_constraints(c)} |"
            )
        out.append("")
    if s.notes:
        out += ["## Migration notes", *[f"- {n}" for n in s.notes], ""]
    return "\n".join(out)


def _column(s: Schema, r: random.Random, tables: list[str], own: str) -> Col:
    kind = r.choice(["varchar", "integer", "bigint", "text", "enum", "fk"])
    c = Col(s.fresh("c"), "integer")
    if kind == "varchar":
        c.type = f"varchar({r.choice([8, 20, 40])})"
    elif kind == "enum":
        c.type, c.values = "enum", ["a", "b"]
    elif kind == "fk":
        c.fk = r.choice([*tables, own])  # a self reference sometimes
        c.on_delete = r.choice(["cascade", "set null", "restrict"])
    else:
        c.type = kind
    c.nullable = kind == "fk" or r.random() < 0.6
    if c.type != "enum" and not c.fk:
        c.unique = r.random() < 0.25
        c.check = r.random() < 0.25
    c.index = r.random() < 0.25 and not c.unique
    if not c.nullable and not c.fk:
        c.default = _default(c)
    return _unique_nullable(c)


def _unique_nullable(c: Col) -> Col:
    """A unique column stays nullable without default: rows that exist would all get the same value."""
    if c.unique:
        c.nullable, c.default = True, None
    return c


def _default(c: Col) -> str:
    if c.type == "enum":
        return c.values[0]
    return "'d'" if c.type.startswith(("varchar", "text")) else "0"


def initial(r: random.Random) -> Schema:
    s = Schema([])
    for _ in range(r.randint(1, 3)):
        name = s.fresh("t")
        s.tables.append(Table(name, []))
    names = [t.name for t in s.tables]
    for t in s.tables:
        for _ in range(r.randint(1, 4)):
            t.cols.append(_column(s, r, names, t.name))  # FKs to any table: cycles happen (FKs are nullable)
    return s


EDITS = (
    "add_column",
    "drop_column",
    "rename_column",
    "widen",
    "narrow",
    "nullable",
    "not_null",
    "default",
    "enum_add",
    "enum_longer",
    "enum_new_default",
    "enum_remove",
    "unique",
    "check",
    "index",
    "fk_add",
    "fk_drop",
    "on_delete",
    "add_table",
    "drop_table",
    "rename_table",
    "shared_key",
)


def edit(s: Schema, r: random.Random, kind: str) -> str:
    """Apply one edit of this kind where it fits (else nothing); returns what was done."""
    t = r.choice(s.tables)
    plain = [c for c in t.cols if not c.fk and c.type != "enum"]
    strings = [c for c in t.cols if c.type.startswith("varchar")]
    enums = [c for c in t.cols if c.type == "enum"]
    fks = [c for c in t.cols if c.fk]
    names = [x.name for x in s.tables]
    if kind == "add_column":
        c = _column(s, r, names, t.name)
        if not c.nullable and c.default is None:
            c.nullable = True
        t.cols.append(c)
    elif kind == "drop_column" and [c for c in t.cols if not c.moved]:
        c = r.choice([c for c in t.cols if not c.moved])
        t.cols.remove(c)
        s.notes.append(f"allow drop column {t.name}.{c.name}")
    elif kind == "rename_column" and [c for c in t.cols if not c.moved] and not t.moved:
        c = r.choice([c for c in t.cols if not c.moved])
        c.moved = True
        new = s.fresh("r")
        s.notes.append(f"rename column {t.name}.{c.name} -> {t.name}.{new}")
        c.name = new
        if r.random() < 0.5 and c.type.startswith("varchar"):
            c.type = "varchar(60)"  # and widen, in the same revision
        if r.random() < 0.5:
            c.check = not c.check if not c.fk and c.type != "enum" else c.check
    elif kind == "widen" and strings:
        r.choice(strings).type = "text" if r.random() < 0.3 else "varchar(80)"
    elif kind == "widen" and any(c.type == "integer" and not c.fk for c in t.cols):
        next(c for c in t.cols if c.type == "integer" and not c.fk).type = "bigint"
    elif kind == "narrow" and strings:
        c = r.choice(strings)
        c.type = "varchar(6)"  # every row's value fits
        s.notes.append(f"allow narrowing {t.name}.{c.name}")
    elif kind == "nullable" and [c for c in t.cols if not c.nullable]:
        c = r.choice([c for c in t.cols if not c.nullable])
        c.nullable = True
    elif kind == "not_null" and [c for c in plain + enums if c.nullable and not c.unique]:
        c = r.choice([c for c in plain + enums if c.nullable and not c.unique])
        c.nullable, c.default = False, c.default or _default(c)
    elif kind == "default" and [c for c in plain if not c.unique]:
        c = r.choice([c for c in plain if not c.unique])
        c.default = None if c.default and c.nullable else _default(c)
    elif kind in ("enum_add", "enum_longer", "enum_new_default", "enum_remove") and enums:
        c = r.choice(enums)
        if kind == "enum_remove" and len(c.values) > 1:
            gone = c.values.pop()
            if c.default == gone:
                c.default = c.values[0]
            s.notes.append(f"allow data loss {t.name}.{c.name}")
        elif kind != "enum_remove":
            value = s.fresh("waiting_on_customer_" if kind == "enum_longer" else "v")
            c.values.append(value)
            if kind == "enum_new_default":
                c.default = value
    elif kind == "unique" and plain:
        c = r.choice(plain)
        c.unique = not c.unique
        c.index = c.index and not c.unique
        _unique_nullable(c)
    elif kind == "check" and plain:
        c = r.choice(plain)
        c.check = not c.check
    elif kind == "index" and t.cols:
        c = r.choice(t.cols)
        c.index = not c.index and not c.unique
    elif kind == "fk_add":
        c = Col(s.fresh("f"), "integer", fk=r.choice(names), on_delete=r.choice(["cascade", "set null"]), moved=True)
        t.cols.append(c)
    elif kind == "fk_drop" and fks:
        c = r.choice(fks)
        c.fk = None
        c.index = False
    elif kind == "on_delete" and fks:
        c = r.choice(fks)
        c.on_delete = r.choice([x for x in ("cascade", "set null", "restrict") if x != c.on_delete])
    elif kind == "add_table":
        new = Table(s.fresh("t"), [], moved=True)
        new.cols = [_column(s, r, [*names, new.name], new.name) for _ in range(r.randint(1, 3))]
        s.tables.append(new)
    elif kind == "drop_table" and len(s.tables) > 1 and not t.moved:
        s.tables.remove(t)
        for other in s.tables:  # what referenced it goes with it
            for c in list(other.cols):
                if c.fk == t.name:
                    other.cols.remove(c)
                    s.notes.append(f"allow drop column {other.name}.{c.name}")
            if other.shares == t.name:
                other.shares = None
        s.notes.append(f"allow drop table {t.name}")
    elif kind == "rename_table" and not t.moved and not any(c.moved for c in t.cols):
        new = s.fresh("t")
        t.moved = True
        s.notes = [n.replace(f" {t.name}.", f" {new}.") for n in s.notes]  # notes name the table as it will be
        for other in s.tables:
            for c in other.cols:
                if c.fk == t.name:
                    c.fk = new
            if other.shares == t.name:
                other.shares = new
        t.renamed_from, t.name = t.name, new
    elif kind == "shared_key":
        # a one-to-one sharing the key: the new table's key is also its FK
        s.tables.append(Table(s.fresh("t"), [Col(s.fresh("c"), "text")], shares=t.name, moved=True))
    else:
        return "nothing"
    return f"{kind} {t.name}"


def next_version(s: Schema, r: random.Random, n: int) -> tuple[Schema, list[str]]:
    """A copy of s with n random edits; renames of the previous version are forgotten first."""
    new = copy.deepcopy(s)
    new.notes = []
    for t in new.tables:
        t.renamed_from, t.moved = None, False
        for c in t.cols:
            c.renamed_from, c.moved = None, False
    done = []
    for _ in range(n):
        for _attempt in range(5):  # an edit that does not fit this schema: draw another
            what = edit(new, r, r.choice(EDITS))
            if what != "nothing":
                break
        done.append(what)
    return new, done


def rows(s: Schema) -> list[str]:
    """SQL that fills every table with ids 1..3, then points every FK at the row of the same id."""
    ordered = [t for t in s.tables if not t.shares] + [t for t in s.tables if t.shares]
    out = []
    for t in ordered:
        for i in (1, 2, 3):
            cols, vals = ["id"], [str(i)]
            for c in t.cols:
                if c.fk:
                    continue
                cols.append(c.name)
                vals.append(_value(c, i))
            out.append(f"INSERT INTO {t.name} ({', '.join(cols)}) VALUES ({', '.join(vals)})")
    for t in s.tables:
        for c in t.cols:
            if c.fk:
                out.append(f"UPDATE {t.name} SET {c.name} = id")
    return out


def _value(c: Col, i: int) -> str:
    if c.type == "enum":
        return f"'{c.values[0]}'"
    if c.type.startswith(("varchar", "text")):
        return f"'v{i}'"
    return str(i)
