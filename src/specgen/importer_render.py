"""Write an ImportedSchema as native Markdown specs (the format specs/database/*.md use).

Every name was checked to be an identifier by the importer; free text (comments, defaults, check
expressions) is escaped for a pipe table cell or kept to one list line. Output is sorted and carries no
timestamp, so importing the same database twice gives the same files.
"""

from __future__ import annotations

import re
from collections import defaultdict

from specgen.importer import NAME, ImportedColumn, ImportedForeignKey, ImportedSchema, ImportedTable
from specgen.vocab.naming import entity_name_for

_CAST_LITERAL = re.compile(r"^(?P<v>'(?:[^']|'')*'|[+-]?\d+(?:\.\d+)?)::[A-Za-z_][A-Za-z0-9_ ]*(?:\[\])?$")


def entity_names(tables: list[ImportedTable]) -> dict[str, str]:
    """Table name -> entity name, as reading the same table from SQL DDL names it (vocab.naming.entity_name_for):
    `film_actor` -> `FilmActor`, `customers` -> `Customer`, `people` -> `Person`; clashes get a number."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for t in sorted(tables, key=lambda t: t.name):
        base = entity_name_for(t.name)
        if not base[0].isalpha():
            base = "T" + base
        name, n = base, 2
        while name.lower() in used:
            name, n = f"{base}{n}", n + 1
        used.add(name.lower())
        out[t.name] = name
    return out


def cell(text: str | None) -> str:
    """Text for a pipe-table cell: one line, `|` escaped."""
    if not text:
        return ""
    return " ".join(text.split()).replace("|", "\\|")


def line(text: str) -> str:
    return " ".join(text.split())


def default_text(default: str | None) -> str:
    """A reflected server default as the Default cell reads it: `'G'::mpaa_rating` -> `'G'`."""
    if default is None:
        return ""
    d = default.strip()
    while d.startswith("(") and d.endswith(")") and d.count("(") == 1:
        d = d[1:-1].strip()
    m = _CAST_LITERAL.match(d)
    if m:
        d = m.group("v")
    return cell(without_casts(d, literals=False))


_TEXTUAL = ("TEXT", "VARCHAR", "CHAR", "BPCHAR", "NAME", "USERDEFINED", "ARRAY")


def without_casts(sql: str, literals: bool = True) -> str:
    """An expression PostgreSQL reflects with its casts, as a spec writes it: `(length((name)::text) > 0)` ->
    `(LENGTH(name) > 0)`, `(status = ANY (ARRAY['a'::text, 'b'::text]))` -> `(status IN ('a', 'b'))`,
    `'happy'::mood` -> `'happy'`. Casts to text, varchar, enum and array types go, and so does any cast of a
    literal (the column's type types it); a cast that changes meaning (`(made_at)::date`) stays, as CAST().
    `literals=False` (defaults): a literal keeps a cast to a type that is not text, and a cast inside another
    cast stays (`('now'::text)::date` is evaluated per row; `'now'::date` would be fixed when the table is
    made). Text without `::`, that sqlglot cannot read, or where no cast goes, is kept as it is."""
    if "::" not in sql:
        return sql
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(sql, read="postgres")
    except sqlglot.errors.SqlglotError:
        return sql

    def bare(node: exp.Expression) -> exp.Expression:
        while isinstance(node, exp.Paren):
            node = node.this
        return node

    changed = False
    for cast in reversed(list(tree.find_all(exp.Cast))):  # innermost first
        inner = bare(cast.this)
        outer = cast.parent
        while isinstance(outer, exp.Paren):
            outer = outer.parent
        if isinstance(outer, exp.Cast):
            continue
        textual = cast.to.this.name in _TEXTUAL
        if textual or (literals and isinstance(inner, exp.Literal)):
            changed = True
            if cast is tree:
                tree = inner
            else:
                cast.replace(inner)
    for eq in list(tree.find_all(exp.EQ)):  # `x = ANY (ARRAY[...])` is how PostgreSQL keeps `x IN (...)`
        any_ = bare(eq.expression)
        if isinstance(any_, exp.Any) and isinstance(array := bare(any_.this), exp.Array):
            eq.replace(exp.In(this=eq.this, expressions=list(array.expressions)))
    return tree.sql("postgres") if changed else sql


def _actions(fk: ImportedForeignKey) -> str:
    # NO ACTION is written out: the spec then states its ON DELETE behaviour, as the validator asks.
    parts = [f"on delete {(fk.on_delete or 'NO ACTION').lower()}"]
    if fk.on_update and fk.on_update != "NO ACTION":
        parts.append(f"on update {fk.on_update.lower()}")
    if fk.deferrable:
        parts.append("deferrable initially deferred" if fk.initially_deferred else "deferrable")
    return " ".join(parts)


def _reference(fk: ImportedForeignKey) -> str:
    ref = (
        f"{fk.ref_table}.{fk.ref_columns[0]}"
        if len(fk.ref_columns) == 1
        else f"{fk.ref_table}({', '.join(fk.ref_columns)})"
    )
    return f"{ref} {_actions(fk)}"


def _constraints_cell(col: ImportedColumn, table: ImportedTable) -> str:
    items: list[str] = []
    if table.primary_key == [col.name]:
        items.append("pk")
    if col.autoincrement is True:
        items.append("autoincrement")
    elif col.autoincrement is False:
        items.append("no autoincrement")
    if col.unique:
        items.append("unique")
    if col.fk is not None:
        items.append("fk " + _reference(col.fk))
    return cell(", ".join(items))


def _entity(table: ImportedTable, entity: str) -> list[str]:
    out = [f"## Entity: {entity}", f"table: {table.name}"]
    if table.comment:
        out.append(f"description: {line(table.comment)}")
    if not table.primary_key:
        out.append("options: no_primary_key")
    out += ["", "| Column | Type | Nullable | Default | Constraints | Description |", "|---|---|---|---|---|---|"]
    for c in table.columns:
        out.append(
            f"| {c.name} | {c.type} | {'yes' if c.nullable else 'no'} | {default_text(c.default)} | "
            f"{_constraints_cell(c, table)} | {cell(c.comment)} |"
        )
    if table.indexes:
        out += ["", "### Indexes"]
        for ix in table.indexes:
            head = " ".join(w for w in ("unique" if ix.unique else "", ix.method or "") if w)
            where = f" where {line(without_casts(ix.where))}" if ix.where else ""
            elements = ", ".join(line(without_casts(c)) for c in ix.columns)
            out.append(f"- {ix.name}: {head + ' ' if head else ''}({elements}){where}")
    constraints: list[str] = []
    if len(table.primary_key) > 1:
        constraints.append(f"- primary key: ({', '.join(table.primary_key)})")
    for name, cols in table.uniques:
        label = f"unique {name}" if name and NAME.match(name) else "unique"
        constraints.append(f"- {label}: ({', '.join(cols)})")
    for name, expr in table.checks:
        label = f"check {name}" if name and NAME.match(name) else "check"
        constraints.append(f"- {label}: {line(without_casts(expr))}")
    for fk in table.foreign_keys:
        label = f"foreign key {fk.name}" if fk.name and NAME.match(fk.name) else "foreign key"
        ref = f"{fk.ref_table}({', '.join(fk.ref_columns)})"
        constraints.append(f"- {label}: ({', '.join(fk.columns)}) references {ref} {_actions(fk)}")
    if constraints:
        out += ["", "### Constraints", *constraints]
    notes = [f"{c.name}: {n}" for c in table.columns for n in c.notes] + table.notes
    if notes:
        out += ["", "### Import notes", *[f"- {line(n)}" for n in notes]]
    return out


def _groups(schema: ImportedSchema, split: str) -> dict[str, list[ImportedTable]]:
    if split == "schema":
        return {_file_stem(schema): schema.tables}
    # split == "component": tables joined by foreign keys share a file, named after the most referenced table
    parent = {t.name: t.name for t in schema.tables}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for t in schema.tables:
        for ref in t.references():
            if ref in parent:
                a, b = find(t.name), find(ref)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    incoming: dict[str, int] = defaultdict(int)
    for t in schema.tables:
        for ref in t.references():
            if ref != t.name:  # a self-reference says nothing about where a group centres
                incoming[ref] += 1
    members: dict[str, list[ImportedTable]] = defaultdict(list)
    for t in schema.tables:
        members[find(t.name)].append(t)
    out: dict[str, list[ImportedTable]] = {}
    for tables in sorted(members.values(), key=lambda ts: min(t.name for t in ts)):
        head = sorted(tables, key=lambda t: (-incoming[t.name], t.name))[0]
        stem, n = head.name.lower(), 2
        while stem in out:  # `Orders` and `orders` heading two groups: file names must not collide
            stem, n = f"{head.name.lower()}_{n}", n + 1
        out[stem] = sorted(tables, key=lambda t: t.name)
    return dict(sorted(out.items()))


def _file_stem(schema: ImportedSchema) -> str:
    if schema.schema:
        return schema.schema
    if schema.dialect == "postgresql":
        return "public"
    from pathlib import PurePath

    stem = PurePath(schema.url.rsplit("/", 1)[-1]).stem
    return re.sub(r"[^A-Za-z0-9_\-]", "_", stem) or "main"


def render_specs(schema: ImportedSchema, split: str = "schema") -> dict[str, str]:
    """{file name: Markdown}: one file per schema (`split="schema"`) or per FK-connected table group."""
    names = entity_names(schema.tables)
    used_enums = _used_enums(schema)
    files: dict[str, str] = {}
    enums_written = False
    for stem, tables in _groups(schema, split).items():
        title = f"# Schema `{stem}`" if split == "schema" else f"# Tables around `{stem}`"
        out = [
            title,
            "",
            f"Imported by `specgen import` from a {schema.dialect} database. "
            "These specs are now the source of truth: edit them, then run `specgen design`.",
            "",
        ]
        if not enums_written:
            for enum_name, values in schema.enums.items():
                if enum_name not in used_enums:
                    continue
                out += [f"## Enum: {enum_name}", *[f"- {line(v)}" for v in values], ""]
            enums_written = True
        for t in tables:
            out += _entity(t, names[t.name]) + [""]
        files[f"{stem}.md"] = "\n".join(out).rstrip("\n") + "\n"
    return files


def _used_enums(schema: ImportedSchema) -> set[str]:
    used: set[str] = set()
    for t in schema.tables:
        for c in t.columns:
            used.add(c.type.removesuffix("[]"))
    return used
