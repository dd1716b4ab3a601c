"""What the docs target says about constraints and queries, worked out from the design alone.

violation_scenarios(design, entity): what each key, NOT NULL, check, unique, enum and foreign key rejects,
with a concrete example where the expression is simple enough to invert. query_notes(design, entity):
which index serves each foreign-key join and each filter, and which FK columns have none.
Plain data out (lists of strings already escaped for Markdown); the template prints them.
"""

from __future__ import annotations

import re

from specgen.design.model import Design, Entity, Index
from specgen.design.serving import serving_index
from specgen.render.docs_text import code
from specgen.render.mermaid import foreign_keys

_CMP = re.compile(r"^\s*(?P<col>[A-Za-z_][A-Za-z0-9_]*)\s*(?P<op>>=|<=|<>|!=|>|<|=)\s*(?P<num>-?\d+(?:\.\d+)?)\s*$")
_LEN = re.compile(
    r"^\s*(?:length|char_length|character_length)\s*\(\s*(?P<col>[A-Za-z_][A-Za-z0-9_]*)\s*\)\s*"
    r"(?P<op>>=|<=|>|<)\s*(?P<num>\d+)\s*$",
    re.I,
)
_BETWEEN = re.compile(r"^\s*(?P<col>[A-Za-z_][A-Za-z0-9_]*)\s+between\s+(?P<lo>-?\d+)\s+and\s+(?P<hi>-?\d+)\s*$", re.I)
_NOT_EMPTY = re.compile(r"^\s*(?P<col>[A-Za-z_][A-Za-z0-9_]*)\s*(?:<>|!=)\s*''\s*$")
_NOT_NULL = re.compile(r"^\s*(?P<col>[A-Za-z_][A-Za-z0-9_]*)\s+is\s+not\s+null\s*$", re.I)
_IN = re.compile(r"^\s*(?P<col>[A-Za-z_][A-Za-z0-9_]*)\s+in\s*\((?P<vals>[^()]*)\)\s*$", re.I)


def violating_example(expr: str) -> str | None:
    """A value that makes a simple check false: `position >= 0` -> `position = -1`."""
    m = _CMP.match(expr)
    if m:
        col, op, num = m.group("col"), m.group("op"), m.group("num")
        n = float(num) if "." in num else int(num)
        step = 0.01 if isinstance(n, float) else 1
        bad = {">=": n - step, ">": n, "<=": n + step, "<": n, "=": n + step, "<>": n, "!=": n}[op]
        return f"{col} = {round(bad, 2) if isinstance(bad, float) else bad}"
    m = _LEN.match(expr)
    if m:
        col, op, n = m.group("col"), m.group("op"), int(m.group("num"))
        length = {">=": n - 1, ">": n, "<=": n + 1, "<": n}[op]
        if length < 0:
            return None
        return f"{col} = '{'x' * length}'" if length <= 12 else f"{col} = a string of {length} characters"
    m = _BETWEEN.match(expr)
    if m:
        return f"{m.group('col')} = {int(m.group('lo')) - 1}"
    m = _NOT_EMPTY.match(expr)
    if m:
        return f"{m.group('col')} = ''"
    m = _NOT_NULL.match(expr)
    if m:
        return f"{m.group('col')} = NULL"
    m = _IN.match(expr)
    if m:
        values = [v.strip().strip("'\"") for v in m.group("vals").split(",")]
        other = "other"
        while other in values:
            other += "_"
        return f"{m.group('col')} = '{other}'"
    return None


def _delete_effect(action: str | None, child: str, cols: list[str]) -> str:
    which = ", ".join(code(c) for c in cols)
    if action == "CASCADE":
        return f"deletes the referencing {code(child)} rows with it"
    if action == "SET NULL":
        return f"sets {which} to NULL in the referencing {code(child)} rows"
    if action == "SET DEFAULT":
        return f"sets {which} to its default in the referencing {code(child)} rows"
    if action == "RESTRICT":
        return f"is **rejected** while {code(child)} rows reference it (RESTRICT)"
    return f"is **rejected** while {code(child)} rows reference it (NO ACTION, checked at the end of the statement)"


def violation_scenarios(design: Design, entity: Entity) -> list[str]:
    """One Markdown sentence per constraint of `entity`: the statement it rejects."""
    t = code(entity.table_name)
    out: list[str] = []
    if entity.primary_key:
        key = ", ".join(code(c) for c in entity.primary_key.columns)
        out.append(f"**Primary key** ({key}): a second row with the same key, or a NULL in it, is rejected.")
    required = [
        c.name
        for c in entity.columns
        if not c.nullable
        and c.default is None
        and c.server_default is None
        and not c.autoincrement
        and not (entity.primary_key and c.name in entity.primary_key.columns)  # said under Primary key
    ]
    if required:
        out.append(
            f"**NOT NULL**: an INSERT into {t} that leaves out "
            f"{', '.join(code(c) for c in required)} (no default) is rejected."
        )
    for c in entity.columns:
        if c.check_expression:
            out.append(_check_sentence(t, c.check_expression, None))
        if c.enum:
            enum = next((e for e in design.database_schema.enums if e.name == c.enum), None)
            if enum:
                out.append(
                    f"**Enum** {code(c.enum)}: a {code(c.name)} outside "
                    f"({', '.join(code(v) for v in enum.values)}) is rejected."
                )
    for k in entity.constraints:
        if k.type == "check" and k.expression:
            out.append(_check_sentence(t, k.expression, k.name))
    uniques: list[tuple[str | None, list[str]]] = [
        (None, [c.name]) for c in entity.columns if "unique" in c.constraints
    ]
    uniques += [(k.name, k.columns) for k in entity.constraints if k.type == "unique"]
    uniques += [(ix.index_name, ix.columns) for ix in design.database_schema.indexes_of(entity.table_name) if ix.unique]
    for name, cols in uniques:
        label = f"**Unique** {code(name)}" if name else "**Unique**"
        nullable = [c for c in cols if (col := entity.column(c)) is not None and col.nullable]
        sentence = f"{label} ({', '.join(code(c) for c in cols)}): a second row with the same value(s) is rejected."
        if nullable:
            sentence += f" Rows with NULL in {', '.join(code(c) for c in nullable)} do not conflict with each other."
        out.append(sentence)
    for cols, ref_table, ref_cols, on_delete in foreign_keys(entity):
        ref = f"{ref_table}.{ref_cols[0]}" if len(ref_cols) == 1 else f"{ref_table}({', '.join(ref_cols)})"
        out.append(
            f"**Foreign key** ({', '.join(code(c) for c in cols)}) → {code(ref)}: an INSERT or UPDATE of {t} "
            f"whose value matches no {code(ref_table)} row is rejected; deleting a row of {code(ref_table)} "
            f"{_delete_effect(on_delete, entity.table_name, cols)}."
        )
    return out


def _check_sentence(table: str, expr: str, name: str | None) -> str:
    label = f"**Check** {code(name)}" if name else "**Check**"
    example = violating_example(expr)
    tail = f" For example {code(example)} fails." if example else ""
    # A check that yields NULL passes; one that tests for NULL itself says so in its expression.
    null = "" if "null" in expr.lower() else " (a NULL result passes)"
    return f"{label} {code(expr)}: a row of {table} for which it is false is rejected{null}.{tail}"


def _serving(design: Design, entity: Entity, cols: list[str]) -> str | None:
    """How the index (or key) whose leading columns are `cols` is named in prose (design/serving.serving_index)."""
    found = serving_index(entity, design.database_schema.indexes_of(entity.table_name), cols)
    if found is None:
        return None
    kind, name = found
    if kind == "primary key":
        return "the primary key"
    if kind == "unique constraint":
        return f"unique constraint {code(name)}" if name else "a unique constraint"
    if kind == "unique column":
        return "its unique constraint"
    return f"index {code(name)}"


def _index_note(ix: Index) -> str:
    cols = ", ".join(code(c) for c in ix.columns)
    where = f", only rows where {code(ix.condition)}" if ix.condition else ""
    if ix.index_type == "gin":
        use = "containment and membership tests (`@>`, `?`, `@@`) on"
    elif ix.index_type == "gist":
        use = "range, geometric and full-text operators on"
    elif ix.index_type == "brin":
        use = "range filters over naturally ordered (append-only) data in"
    elif ix.index_type == "hash":
        use = "equality lookups on"
    else:
        prefixes = [", ".join(ix.columns[: i + 1]) for i in range(len(ix.columns))]
        use = "equality and range filters on " + " / ".join(code(p) for p in prefixes)
        if len(ix.columns) > 1:
            use += f", and ORDER BY {code(', '.join(ix.columns))}"
        return f"{'unique index' if ix.unique else 'index'} {code(ix.index_name)}: {use}{where}."
    kind = "unique index" if ix.unique else "index"
    return f"{kind} {code(ix.index_name)}: {use} {cols}{where}."


def query_notes(design: Design, entity: Entity) -> list[str]:
    """Which index serves each FK join and filter of `entity`; FK columns without one."""
    out: list[str] = []
    for cols, ref_table, _ref_cols, _on_delete in foreign_keys(entity):
        which = ", ".join(code(c) for c in cols)
        served = _serving(design, entity, cols)
        if served:
            out.append(f"Join {code(ref_table)} → {code(entity.table_name)} on {which}: served by {served}.")
        else:
            name = f"ix_{entity.table_name}_{'_'.join(cols)}"
            ddl = f"CREATE INDEX {name} ON {entity.table_name} ({', '.join(cols)})"
            out.append(
                f"**No index** on {which}: joining {code(ref_table)} to its {code(entity.table_name)} rows, and every "
                f"delete or key update on {code(ref_table)}, scans {code(entity.table_name)}. "
                f"Consider {code(ddl)}."
            )
    for ix in sorted(design.database_schema.indexes_of(entity.table_name), key=lambda i: i.index_name):
        out.append(_index_note(ix))
    return out


def missing_fk_indexes(design: Design) -> list[tuple[str, list[str]]]:
    """(table, FK columns) with no index whose leading columns are the FK columns."""
    out = []
    for e in design.database_schema.entities:
        for cols, *_ in foreign_keys(e):
            if _serving(design, e, cols) is None:
                out.append((e.table_name, cols))
    return sorted(out)
