"""`render --target native`: the design as native Markdown specs (docs/spec-format.md), the form `specgen import`
writes. Reading the files back gives the same design (the same design hash): that is the target's contract.

This module decides what goes where and escapes every piece of text; templates/native/spec.md.j2 only prints.
What the native tables cannot say is written as SQL in a ```sql block of the same file, which the SQL reader reads
back: a table with a generated, domain-typed or passthrough-typed column, a partition key, INHERITS or a
schema, or a default the Default cell would read differently (`now()` is not `CURRENT_TIMESTAMP`); and the
views, functions, triggers, domains, sequences and other SQL objects, verbatim.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from specgen.design.defaults import classify
from specgen.design.model import Column, Design, Entity, ForeignKey, Index
from specgen.design.naming import conventional_fk_name, limit_name, unique_name
from specgen.render.pgcolumn import identity_sql
from specgen.vocab.naming import entity_name_for
from specgen.vocab.types import UnknownType, parse_type

TEMPLATE = "native/spec.md.j2"
NO_ACTION = "NO ACTION"


def cell(text: object) -> str:
    """Text for a pipe-table cell: one line, `|` escaped (the reader splits cells on unescaped pipes)."""
    if text is None:
        return ""
    return " ".join(str(text).split()).replace("|", "\\|")


def line(text: object) -> str:
    """Text for a `key: value` line or a list item: one line."""
    return " ".join(str(text).split())


def render_native(
    design: Design,
    settings: Any,
    out_dir: Path,
    plan: Any = None,
    split: str = "schema",
    stem: str | None = None,
    origin: str | None = None,
    **options: Any,
) -> dict[Path, str]:
    """{path: Markdown}: one file (`split="schema"`, named `stem`; by default `native/schema.md`) or one per
    FK-connected group of tables (`split="component"`, named after the group's most referenced table)."""
    from specgen.render.env import environment

    template = environment(settings).get_template(TEMPLATE)
    # Every table written as SQL goes into the first file's one ```sql block, beside the domains, sequences and
    # parents it may need (the SQL reader resolves those within a block).
    plain = _sql_tables(design, design.database_schema.entities)
    if stem is None:  # `render --target native`: beside the other targets' files (docs writes schema.md)
        out_dir = Path(out_dir) / "native"
    files: dict[Path, str] = {}
    for n, (name, entities) in enumerate(_groups(design, split, stem or "schema").items()):
        if n and all(_key(e) in plain for e in entities):
            continue  # a group written entirely as SQL, in the first file
        context = spec_context(design, entities, name, split, origin, first=n == 0, plain=plain)
        files[Path(out_dir) / f"{name}.md"] = template.render(**context).rstrip("\n") + "\n"
    return files


def spec_context(
    design: Design,
    entities: list[Entity],
    stem: str,
    split: str,
    origin: str | None,
    first: bool,
    plain: dict[tuple[str | None, str], list[str]],
) -> dict[str, Any]:
    """What one spec file shows: the design-wide parts (extensions, enums, SQL objects, views, notes) in the
    first file only."""
    schema = design.database_schema
    front: list[str] = []
    before: list[str] = []
    after: list[str] = []
    if first:
        declared = [x for x in schema.extensions if not x.implied_by and not x.in_schema]
        if declared:
            front.append("extensions: [" + ", ".join(json.dumps(x.name) for x in declared) + "]")
        # WITH SCHEMA has no front matter form
        before += [
            f"CREATE EXTENSION IF NOT EXISTS {_q(x.name)} WITH SCHEMA {_q(x.in_schema)};"
            for x in schema.extensions
            if not x.implied_by and x.in_schema
        ]
        before += [_create_enum(x) for x in schema.enums if not _native_enum(design, x)]
        before += _under_paths([o for o in schema.sql_objects if o.phase != "after" and o.kind != "partition"])
        known = {e.table_name for e in schema.entities} | {v.name for v in schema.views}
        # an index on a table no spec defines (validate reports it) is kept as the spec wrote it
        after = [_create_index(None, ix) + ";" for ix in schema.indexes if ix.table_name not in known]
        after += _under_paths(list(schema.views))
        after += [_statement(i) for v in schema.views for i in v.indexes]
        after += _under_paths([o for o in schema.sql_objects if o.phase == "after" or o.kind == "partition"])
    native: list[dict[str, Any]] = []
    tables: list[str] = []
    for e in entities:
        if _key(e) not in plain:
            native.append(_entity(design, e))
        elif e.name != entity_name_for(e.table_name):
            # the SQL reader names the table's entity after it: a heading keeps the name the spec gave
            native.append({"name": e.name, "head": [f"table: {e.table_name}"], "columns": [], "sections": []})
    if first:
        tables = [s for e in design.database_schema.entities for s in plain.get(_key(e), [])]
    # One block: the SQL reader resolves domains, sequences and INHERITS parents within a block.
    parts = [
        ("-- Types, domains, sequences and functions the tables use", before),
        ("-- Tables the column tables above cannot state", tables),
        ("-- Views, triggers, partitions and the other SQL objects", after),
    ]
    sql = "\n\n".join(head + "\n\n" + "\n\n".join(body) for head, body in parts if body)
    title = f"Schema `{stem}`" if split == "schema" else f"Tables around `{stem}`"
    intro = (
        f"Imported by `specgen import` from a {origin} database. These specs are now the source of truth: "
        "edit them, then run `specgen design`."
        if origin
        else "Rendered by `specgen render --target native` from the design."
    )
    notes = [_note(n) for n in schema.migration_notes] if first else []
    return {
        "front": front,
        "title": title,
        "intro": intro,
        "sql": sql,
        "sql_tables": ", ".join(sorted(_shown(k) for k in plain)) if first else "",
        "enums": [
            {"name": e.name, "values": [line(v) for v in e.values]} for e in schema.enums if _native_enum(design, e)
        ]
        if first
        else [],
        "entities": native,
        "notes": notes,
    }


def _native_enum(design: Design, enum: Any) -> bool:
    """An `## Enum:` section gets a snake_case type name no table has; another name is the database's own
    (`CREATE TYPE "JobKind"`), which only a ```sql block keeps."""
    tables = {e.table_name.lower() for e in design.database_schema.entities}
    values_fit = all(v == line(v) and v and not v.startswith(("-", "*", "+")) for v in enum.values)
    plain = bool(re.fullmatch(r"[a-z_][a-z0-9_]*", enum.name)) and enum.name not in tables
    return plain and values_fit and not enum.schema_name


def _create_enum(enum: Any) -> str:
    values = ", ".join(_literal(v) for v in enum.values)
    name = f"{_q(enum.schema_name)}.{_q(enum.name)}" if enum.schema_name else _q(enum.name)
    return f"CREATE TYPE {name} AS ENUM ({values});"


def _under_paths(objects: list[Any]) -> list[str]:
    """Verbatim objects, each under the `SET search_path` it was written under (reset after: what follows is
    read in the default schema again)."""
    out: list[str] = []
    current = None
    for o in objects:
        path = getattr(o, "search_path", None)
        if path != current:
            out.append(f"SET search_path = {path};" if path else "SET search_path = DEFAULT;")
            current = path
        out.append(_statement(o.definition))
    if current:
        out.append("SET search_path = DEFAULT;")
    return out


def _statement(text: str) -> str:
    text = text.strip()
    return text if text.endswith(";") else text + ";"


def _note(n: Any) -> str:
    if n.action in ("rename_column", "rename_table"):
        what = "column" if n.action == "rename_column" else "table"
        old = f"{n.table}.{n.column}" if n.column else n.table
        new = f"{n.table}.{n.new_name}" if n.column else n.new_name
        return f"rename {what} {old} -> {new}"
    words = n.action.replace("_", " ")
    return f"{words} {n.table}.{n.column}" if n.column else f"{words} {n.table}"


# -- one entity in the native form ---------------------------------------------------------------


def _entity(design: Design, e: Entity) -> dict[str, Any]:
    head = [f"table: {e.table_name}"]
    if e.description:
        head.append(f"description: {line(e.description)}")
    options = [o for o in e.options]
    if e.primary_key is None:
        options.append("no_primary_key")
    if options:
        head.append("options: " + ", ".join(options))
    pk = e.primary_key.columns if e.primary_key else []
    cell_fks = {fk.columns[0]: fk for fk in e.foreign_keys if _fk_in_cell(e, fk)}
    rows = []
    for c in e.columns:
        rows.append(
            [
                cell(c.name),
                cell(c.unmapped_type or c.sql_type),  # a type specgen does not know: as written (the reader warns)
                "yes" if c.nullable else "no",
                cell(_default_text(c)),
                cell(", ".join(_words(e, c, pk, cell_fks.get(c.name)))),
                cell(c.description),
            ]
        )
    sections: list[tuple[str, list[str]]] = []
    relationships = [_relationship(r) for r in e.relationships if not r.inferred]
    if relationships:
        sections.append(("Relationships", relationships))
    indexes = [_index_line(ix) for ix in design.database_schema.indexes_of(e.table_name) if not _column_index(e, ix)]
    if indexes:
        sections.append(("Indexes", indexes))
    constraints = _constraint_lines(e, pk, cell_fks)
    if constraints:
        sections.append(("Constraints", constraints))
    return {"sql": "", "name": e.name, "head": head, "columns": rows, "sections": sections}


def _relationship(r: Any) -> str:
    """`name: one-to-many Target [through t] (back_populates x, cascade all, delete-orphan, lazy selectin)`."""
    opts: list[str] = []
    if r.back_populates:
        opts.append(f"back_populates {r.back_populates}")
    if r.cascade:
        opts.append(f"cascade {r.cascade}")
    if r.lazy and r.lazy != "select":
        opts.append(f"lazy {r.lazy}")
    if r.foreign_keys:
        opts.append("foreign_keys " + " ".join(r.foreign_keys))
    if r.remote_side:
        opts.append("remote_side " + " ".join(r.remote_side))
    if r.uselist is not None:
        opts.append(f"uselist {str(r.uselist).lower()}")
    if r.order_by:
        opts.append(f"order_by {r.order_by}")
    if r.passive_deletes is not None:
        opts.append(f"passive_deletes {str(r.passive_deletes).lower()}")
    if r.viewonly is not None:
        opts.append(f"viewonly {str(r.viewonly).lower()}")
    kind = r.type.replace("_", "-")
    through = f" through {r.join_table}" if r.type == "many_to_many" and r.join_table else ""
    return f"{r.name}: {kind} {r.related_entity}{through}" + (f" ({', '.join(opts)})" if opts else "")


def _words(e: Entity, c: Column, pk: list[str], fk: ForeignKey | None) -> list[str]:
    words: list[str] = []
    if pk == [c.name]:
        words.append("pk")
    if c.identity:
        words.append(f"identity {c.identity}")
    elif c.autoincrement is True and c.name in pk:
        words.append("autoincrement")
    elif c.autoincrement is False:
        words.append("no autoincrement")
    if _cell_unique(e, c, pk):
        words.append("unique")
    if c.indexed and _index_of_column(e, c) is not None:
        words.append("index")
    if fk is not None:
        words.append("fk " + _reference(fk))
    if c.check_expression and _cell_check(e, c):
        words.append("check: " + c.check_expression)
    if c.onupdate:
        words.append(f"on update {c.onupdate}")
    if c.renamed_from:
        words.append(f"renamed from {c.renamed_from}")
    return words


def _cell_unique(e: Entity, c: Column, pk: list[str]) -> bool:
    return "unique" in c.constraints and c.unique_name in (None, limit_name(unique_name(e.table_name, [c.name])))


def _cell_check(e: Entity, c: Column) -> bool:
    return c.check_name in (None, limit_name(f"ck_{e.table_name}_{c.name}"))


def _fk_in_cell(e: Entity, fk: ForeignKey) -> bool:
    """A one-column FK with the conventional name goes in the Constraints cell, which holds no name."""
    return len(fk.columns) == 1 and fk.name in (None, limit_name(conventional_fk_name(e.table_name, fk)))


def _actions(fk: ForeignKey) -> str:
    # As the design states it (the import states NO ACTION, what the database does, as the validator asks).
    parts = [f"on delete {fk.on_delete.lower()}"] if fk.on_delete else []
    if fk.on_update:
        parts.append(f"on update {fk.on_update.lower()}")
    if fk.deferrable:
        parts.append("deferrable initially deferred" if fk.initially_deferred else "deferrable")
    return " ".join(parts)


def _reference(fk: ForeignKey, cell: bool = True) -> str:
    one = cell and len(fk.ref_columns) == 1
    ref = f"{fk.ref_table}.{fk.ref_columns[0]}" if one else f"{fk.ref_table}({', '.join(fk.ref_columns)})"
    return f"{ref} {_actions(fk)}".rstrip()


def _index_of_column(e: Entity, c: Column) -> Index | None:
    return None  # a column's `index` word and its index are one fact: the design keeps the index


def _column_index(e: Entity, ix: Index) -> bool:
    return False


def _index_line(ix: Index) -> str:
    head = " ".join(w for w in ("unique" if ix.unique else "", "" if ix.index_type == "btree" else ix.index_type) if w)
    elements = []
    for col in ix.columns:
        parts = [line(col)]
        if ix.opclasses and col in ix.opclasses:
            parts.append(ix.opclasses[col])
        if ix.orders and col in ix.orders:
            parts.append(ix.orders[col])
        elements.append(" ".join(parts))
    text = f"{ix.index_name}: {head + ' ' if head else ''}({', '.join(elements)})"
    if ix.include:
        text += f" include ({', '.join(ix.include)})"
    if ix.parameters:
        text += " with (" + ", ".join(f"{k} = {v}" for k, v in ix.parameters.items()) + ")"
    if ix.condition:
        text += f" where {line(ix.condition)}"
    return text


def _constraint_lines(e: Entity, pk: list[str], cell_fks: dict[str, ForeignKey]) -> list[str]:
    out: list[str] = []
    if len(pk) > 1:
        out.append(f"primary key: ({', '.join(pk)})")
    for c in e.columns:
        if "unique" in c.constraints and not _cell_unique(e, c, pk):
            out.append(f"unique {c.unique_name}: ({c.name})")
        if c.check_expression and not _cell_check(e, c):
            out.append(f"check {c.check_name}: {line(c.check_expression)}")
    for k in e.constraints:
        deferral = ""
        if k.deferrable:
            deferral = " deferrable initially deferred" if k.initially_deferred else " deferrable"
        label = f"{k.type} {k.name}" if k.name and k.name != _conventional(e, k) else k.type
        if k.type == "unique":
            out.append(f"{label}: ({', '.join(k.columns)}){deferral}")
        elif k.type == "check":
            out.append(f"{label}: {line(k.expression or '')}")
        elif k.expression and k.expression.upper().startswith("EXCLUDE "):
            out.append(f"{label}: {line(k.expression[len('EXCLUDE ') :])}")  # as written, after EXCLUDE
        else:
            pairs = ", ".join(f"{col} with {op}" for col, op in zip(k.columns, k.operators or [], strict=False))
            where = f" where ({line(k.condition)})" if k.condition else ""
            out.append(f"{label}: using {k.index_type or 'gist'} ({pairs}){where}{deferral}")
    for fk in e.foreign_keys:
        if fk.columns[0] in cell_fks and cell_fks[fk.columns[0]] is fk:
            continue
        named = fk.name and fk.name != limit_name(conventional_fk_name(e.table_name, fk))
        label = f"foreign key {fk.name}" if named else "foreign key"
        out.append(f"{label}: ({', '.join(fk.columns)}) references {_reference(fk, cell=False)}")
    return out


def _conventional(e: Entity, k: Any) -> str:
    """The name design/naming.py gives the constraint when the spec names none."""
    if k.type == "unique":
        return limit_name(unique_name(e.table_name, k.columns))
    prefix = "ck" if k.type == "check" else "ex"
    return limit_name(f"{prefix}_{e.table_name}_{'_'.join(k.columns) or 'expr'}")


def _default_text(c: Column) -> str | None:
    """What the Default cell says for the column's default: the first spelling that reads back the same.
    None: no default; raises _NotNative when no spelling does."""
    if c.default is None and c.server_default is None:
        return None
    candidates = _default_candidates(c)
    for exact in (True, False):  # a Python-side default (an ORM's `default=`) gets the server default too
        for text in candidates:
            if _reads_back(text, c, exact):
                return text
    raise _NotNative(f"default {c.server_default or c.default!r}")


def _default_candidates(c: Column) -> list[str]:
    out = []
    if c.server_default is not None:
        out.append(c.server_default)
    if isinstance(c.default, bool):
        out.append("true" if c.default else "false")
    elif isinstance(c.default, (int, float)):
        out.append(repr(c.default))
    elif isinstance(c.default, list | dict):
        out.append(json.dumps(c.default))
    elif isinstance(c.default, str):
        out += [c.default, "'" + c.default.replace("'", "''") + "'"]
    elif c.default is None:
        out.append("null")
    return out


def _reads_back(text: str, c: Column, exact: bool = True) -> bool:
    try:
        tinfo = parse_type(c.sql_type)
    except UnknownType:
        tinfo = None
    d = classify(text, tinfo, portable_server=True)
    if exact:
        return (d.value, d.kind, d.server) == (c.default, c.default_kind, c.server_default)
    return c.server_default is None and (d.value, d.kind) == (c.default, c.default_kind)


class _NotNative(Exception):
    """A fact of a table the native tables cannot state: the table is written as SQL."""


def _native_problem(e: Entity) -> str | None:
    if e.partition_by or e.inherits or e.schema_name or e.unlogged:
        return "partitioned, inherited, unlogged or schema-qualified table"
    if e.comment is not None or any(c.comment is not None for c in e.columns):
        return "a database comment (COMMENT ON)"
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", e.table_name):  # a heading's `table:` reads identifiers
        return "a table name that is no identifier"
    for c in e.columns:
        if (
            c.generated
            or c.domain
            or c.database_type == "sql"
            or (c.unmapped_type and line(c.unmapped_type) != c.unmapped_type)
        ):
            return f"column {c.name}: generated, domain or passthrough type"
        if c.identity and (c.autoincrement is not True or c.server_default is not None or c.identity_options):
            return f"column {c.name}: an identity the Constraints cell cannot state"
        if (
            c.autoincrement is True
            and not c.identity
            and c.name not in (e.primary_key.columns if e.primary_key else [])
        ):
            return f"column {c.name}: a sequence outside the key"
        if c.autoincrement is True and not c.identity and e.primary_key and len(e.primary_key.columns) > 1:
            return f"column {c.name}: a numbered column of a composite key"
        try:
            _default_text(c)
        except _NotNative as exc:
            return str(exc)
        if c.description and ("\n" in c.description or c.description != " ".join(c.description.split())):
            return f"column {c.name}: a description over several lines"
    if e.description and e.description != " ".join(e.description.split()):
        return "a description over several lines"
    for k in e.constraints:
        if k.type == "exclude" and not k.operators:
            return "an exclusion constraint without operators"
    return None


def _key(e: Entity) -> tuple[str | None, str]:
    """A table by schema and name: `v1.parents` and `v2.parents` are two."""
    return e.schema_name, e.table_name


def _shown(key: tuple[str | None, str]) -> str:
    return f"{key[0]}.{key[1]}" if key[0] else key[1]


def _sql_tables(design: Design, entities: list[Entity]) -> dict[tuple[str | None, str], list[str]]:
    """{(schema, table): [its CREATE TABLE, CREATE INDEX and COMMENT ON statements]} for the tables written as SQL."""
    out: dict[tuple[str | None, str], list[str]] = {}
    wanted = {_key(e) for e in entities if _native_problem(e) is not None}
    # INHERITS reads its parent's columns from the same block: the parents are written as SQL too
    parents = {p for e in entities if _key(e) in wanted for p in e.inherits or []}
    wanted |= {_key(e) for e in entities if e.table_name in parents}
    for e in entities:
        if _key(e) not in wanted:
            continue
        statements = [_create_table(e)]
        statements += [_create_index(e, ix) for ix in design.database_schema.indexes_of(e.table_name)]
        if e.comment is not None:
            statements.append(f"COMMENT ON TABLE {_qualified(e)} IS {_literal(e.comment)}")
        for c in e.columns:
            if c.comment is not None:
                statements.append(f"COMMENT ON COLUMN {_qualified(e)}.{_q(c.name)} IS {_literal(c.comment)}")
        out[_key(e)] = [x + ";" for x in statements]
    return out


def _qualified(e: Entity) -> str:
    return f"{_q(e.schema_name)}.{_q(e.table_name)}" if e.schema_name else _q(e.table_name)


def _q(name: str) -> str:
    """An identifier for DDL: quoted when it has capitals or other characters, or is a keyword (`order`)."""
    if re.fullmatch(r"[a-z_][a-z0-9_]*", name) and name.upper() not in _keywords():
        return name
    return '"' + name.replace('"', '""') + '"'


@lru_cache(maxsize=1)
def _keywords() -> frozenset[str]:
    """Every word of sqlglot's keywords (`ORDER` of `ORDER BY`) and SQL's reserved words it does not list."""
    from sqlglot.dialects.postgres import Postgres

    words = {w for k in Postgres.Tokenizer.KEYWORDS for w in k.split()}
    return frozenset(words | {"USER", "GROUP", "ORDER", "TABLE", "COLUMN", "CHECK", "DEFAULT", "REFERENCES", "TO"})


def _qs(names: list[str]) -> str:
    return ", ".join(_q(n) for n in names)


_SERIAL = {"smallint": "smallserial", "integer": "serial", "bigint": "bigserial"}


def _column_sql(e: Entity, c: Column) -> str:
    pk = e.primary_key.columns if e.primary_key else []
    if c.domain:
        # quoted: a domain named like a keyword (`percent`) stays a type name; a schema-qualified or quoted
        # one is written as the design names it already
        typ = f'"{c.domain}"' if re.fullmatch(r"[a-z_][a-z0-9_]*", c.domain) else c.domain
    elif c.enum and _q(c.enum) != c.enum:
        typ = _q(c.enum) + ("[]" if c.sql_type.endswith("[]") else "")
    elif c.unmapped_type:
        typ = c.unmapped_type
    elif c.autoincrement and not c.identity and c.sql_type in _SERIAL and c.server_default is None:
        typ = _SERIAL[c.sql_type]
    else:
        typ = c.sql_type
    words = [_q(c.name), typ]
    if c.generated:
        words.append(f"GENERATED ALWAYS AS ({c.generated}) STORED")
    elif c.server_default is not None:
        words.append(f"DEFAULT {c.server_default}")
    elif c.default is not None or c.default_kind is not None:
        try:
            text = _default_text(c)
        except _NotNative:
            text = None
        if text is not None:
            words.append(f"DEFAULT {text}")
    if c.identity:
        words.append(identity_sql(c.identity == "always", c.identity_options))
    if not c.nullable and c.name not in pk:
        words.append("NOT NULL")
    # Named only where the name is not the convention's: the SQL reader reads a named one as the table's.
    if "unique" in c.constraints and [c.name] != pk:
        words.append("UNIQUE" if _cell_unique(e, c, pk) else f"CONSTRAINT {_q(c.unique_name or '')} UNIQUE")
    if c.check_expression:
        label = "" if _cell_check(e, c) else f"CONSTRAINT {_q(c.check_name or '')} "
        words.append(f"{label}CHECK ({c.check_expression})")
    return " ".join(words)


def _deferral(deferrable: bool | None, initially_deferred: bool | None) -> str:
    if not deferrable:
        return ""
    return " DEFERRABLE INITIALLY DEFERRED" if initially_deferred else " DEFERRABLE"


def _create_table(e: Entity) -> str:
    """The table as DDL the SQL reader reads back to the same entity (names as the design decided them)."""
    items = [_column_sql(e, c) for c in e.columns]
    if e.primary_key:
        items.append(f"PRIMARY KEY ({_qs(e.primary_key.columns)})")
    for k in e.constraints:
        label = f"CONSTRAINT {_q(k.name)} " if k.name else ""
        if k.type == "unique":
            items.append(f"{label}UNIQUE ({_qs(k.columns)}){_deferral(k.deferrable, k.initially_deferred)}")
        elif k.type == "check":
            items.append(f"{label}CHECK ({k.expression})")
        else:
            pairs = ", ".join(
                f"{_element(e, col)} WITH {op}" for col, op in zip(k.columns, k.operators or [], strict=False)
            )
            where = f" WHERE ({k.condition})" if k.condition else ""
            deferral = _deferral(k.deferrable, k.initially_deferred)
            items.append(f"{label}EXCLUDE USING {k.index_type or 'gist'} ({pairs}){where}{deferral}")
    for fk in e.foreign_keys:
        label = f"CONSTRAINT {_q(fk.name)} " if fk.name else ""
        actions = f" ON DELETE {fk.on_delete}" if fk.on_delete else ""
        if fk.on_update:
            actions += f" ON UPDATE {fk.on_update}"
        items.append(
            f"{label}FOREIGN KEY ({_qs(fk.columns)}) REFERENCES {_ref_table(fk.ref_table)} ({_qs(fk.ref_columns)})"
            f"{actions}{_deferral(fk.deferrable, fk.initially_deferred)}"
        )
    unlogged = "UNLOGGED " if e.unlogged else ""
    text = f"CREATE {unlogged}TABLE {_qualified(e)} (\n    " + ",\n    ".join(items) + "\n)"
    if e.inherits:
        text += f" INHERITS ({_qs(e.inherits)})"
    if e.partition_by:
        text += f" PARTITION BY {e.partition_by}"
    return text


def _create_index(e: Entity | None, ix: Index) -> str:
    elements = []
    for col in ix.columns:
        parts = [_element(e, col)]
        if ix.opclasses and col in ix.opclasses:
            parts.append(ix.opclasses[col])
        if ix.orders and col in ix.orders:
            parts.append(ix.orders[col].upper())
        elements.append(" ".join(parts))
    using = "" if ix.index_type == "btree" else f" USING {ix.index_type}"
    unique = "UNIQUE " if ix.unique else ""
    table = _qualified(e) if e is not None else _ref_table(ix.table_name)
    text = f"CREATE {unique}INDEX {_q(ix.index_name)} ON {table}{using} ({', '.join(elements)})"
    if ix.include:
        text += f" INCLUDE ({_qs(ix.include)})"
    if ix.parameters:
        text += " WITH (" + ", ".join(f"{k} = {v}" for k, v in ix.parameters.items()) + ")"
    if ix.condition:
        text += f" WHERE {ix.condition}"
    return text


def _element(e: Entity | None, element: str) -> str:
    """A column of the table, quoted as needed; an expression as the design keeps it."""
    if e is None:
        return _q(element) if re.fullmatch(r"\w+", element) else element
    return _q(element) if e.column(element) is not None else element


def _ref_table(name: str) -> str:
    schema, dot, table = name.rpartition(".")
    return f"{_q(schema)}.{_q(table)}" if dot else _q(name)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# -- files -------------------------------------------------------------------------------------------


def _groups(design: Design, split: str, stem: str) -> dict[str, list[Entity]]:
    entities = list(design.database_schema.entities)  # design order: reading the file back keeps it
    if split == "schema":
        return {stem: entities}
    # split == "component": tables joined by foreign keys share a file, named after the most referenced table
    parent = {e.table_name: e.table_name for e in entities}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    refs = {e.table_name: [fk.ref_table for fk in e.foreign_keys] for e in entities}
    for t, targets in refs.items():
        for ref in targets:
            if ref in parent:
                a, b = find(t), find(ref)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    incoming: dict[str, int] = defaultdict(int)
    for t, targets in refs.items():
        for ref in targets:
            if ref != t:  # a self-reference says nothing about where a group centres
                incoming[ref] += 1
    members: dict[str, list[Entity]] = defaultdict(list)
    for e in entities:
        members[find(e.table_name)].append(e)
    out: dict[str, list[Entity]] = {}
    for group in sorted(members.values(), key=lambda es: min(e.table_name for e in es)):
        head = sorted(group, key=lambda e: (-incoming[e.table_name], e.table_name))[0]
        name, n = head.table_name.lower(), 2
        while name in out:  # `Orders` and `orders` heading two groups: file names must not collide
            name, n = f"{head.table_name.lower()}_{n}", n + 1
        out[name] = group
    return dict(sorted(out.items()))
