"""A live PostgreSQL schema as the DDL statements pg_dump would write for it, read from the catalogue.

`specgen import` feeds these statements to the SQL reader (parse/sql.py), so that importing a database and
reading its DDL from a ```sql block give the same SpecIR, the same names and the same design. The catalogue's
own printers write each object (`format_type`, `pg_get_constraintdef`, `pg_get_indexdef`, `pg_get_viewdef`,
`pg_get_functiondef`, `pg_get_triggerdef`, `pg_get_partkeydef`, `pg_get_ruledef`); what PostgreSQL prints
with casts (`'G'::mpaa_rating`, `(name)::text`) is written as a spec writes it (importer_casts.py).

Objects an extension owns are the extension's (`CREATE EXTENSION` brings them); one schema is read, and the
search path is set to it so that its objects print unqualified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specgen.design.model import IdentityOption
from specgen.importer_casts import default_text, without_casts
from specgen.render.pgcolumn import identity_sql

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SKIP_TABLES = frozenset({"alembic_version", "spatial_ref_sys"})
# Not owned by an extension (pg_depend deptype 'e'): `{col}` is the object's oid column, `{cls}` its catalogue.
_NOT_EXT = "NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '{cls}'::regclass AND dep.objid = {col} AND dep.deptype = 'e')"


@dataclass
class Reflected:
    """The statements, in an order PostgreSQL accepts, and what could not be kept."""

    statements: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)


def quote(name: str) -> str:
    return name if NAME.match(name) and name == name.lower() else '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def reflect_postgresql(conn: Any, schema: str) -> Reflected:
    """Every object of `schema` as DDL: extensions, types, sequences, functions, tables, indexes, views, …"""
    out = Reflected()
    run = _runner(conn)
    run("SELECT set_config('search_path', %s, false)", (quote(schema) + ", pg_catalog",))
    ns = run("SELECT oid FROM pg_namespace WHERE nspname = %s", (schema,))
    if not ns:
        return out
    nsp = ns[0][0]
    renamed = _types(run, nsp, out)
    _extensions(run, out)
    _sequences(run, nsp, out)
    _functions(run, nsp, out)
    _text_search(run, nsp, out)
    tables = _tables(run, nsp, out, renamed)
    _indexes(run, nsp, out, tables)
    _views(run, nsp, out)
    _triggers(run, nsp, out, tables)
    _comments(run, nsp, out, tables)
    return out


def reflect_schemas(conn: Any, names: list[str] | None) -> Reflected:
    """Several schemas (`names`, or every schema but the system's and those extensions own), as pg_dump writes
    them: each schema's objects under `SET search_path = s, pg_catalog` (names of other schemas come qualified),
    `CREATE SCHEMA` for each but public, extensions once."""
    run = _runner(conn)
    if names is None:
        names = [
            n
            for (n,) in run(
                "SELECT nspname FROM pg_namespace n WHERE nspname NOT IN ('pg_catalog', 'information_schema', "
                "'pg_toast') AND nspname NOT LIKE 'pg\\_%%' AND NOT EXISTS (SELECT 1 FROM pg_depend d "
                "WHERE d.objid = n.oid AND d.deptype = 'e') ORDER BY nspname <> 'public', nspname"
            )
        ]
    out = Reflected()
    out.statements += [f"CREATE SCHEMA {quote(n)}" for n in names if n != "public"]
    seen: set[str] = set()
    for n in names:
        part = reflect_postgresql(conn, n)
        out.statements.append(f"SET search_path = {quote(n)}, pg_catalog")
        for st in part.statements:
            if st.startswith("CREATE EXTENSION"):
                if st in seen:
                    continue
                seen.add(st)
            out.statements.append(st)
        out.warnings += part.warnings
        out.tables += [t if n == "public" else f"{n}.{t}" for t in part.tables]
    out.statements.append("SET search_path = public, pg_catalog")
    return out


def _runner(conn: Any) -> Any:
    def run(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in conn.exec_driver_sql(sql, params).fetchall()]

    return run


def _extensions(run: Any, out: Reflected) -> None:
    for (name,) in run("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname"):
        out.statements.append(f"CREATE EXTENSION IF NOT EXISTS {quote(name)}")


def _types(run: Any, nsp: int, out: Reflected) -> dict[str, str]:
    """Enums, domains and composite types; returns {written type name: identifier it is imported as}."""
    renamed: dict[str, str] = {}
    rows = run(
        "SELECT t.oid, t.typname, t.typtype FROM pg_type t LEFT JOIN pg_class c ON c.oid = t.typrelid "
        "WHERE t.typnamespace = %s AND t.typtype IN ('e', 'd', 'c', 'r') AND (t.typtype <> 'c' OR c.relkind = 'c') AND "
        + _NOT_EXT.format(cls="pg_type", col="t.oid")
        + " ORDER BY t.oid",
        (nsp,),
    )
    for oid, name, kind in rows:
        # an enum becomes a Python class: its name must be an identifier; a domain or composite type keeps its
        # own (the SQL reader reads `CREATE DOMAIN "image/png"` and the columns and functions that name it)
        ident = name if NAME.match(name) or kind != "e" else enum_name(name)
        # A column's type is written quoted: the SQL reader then never takes it for a keyword (`percent`).
        renamed[quote(name)] = f'"{ident}"'
        renamed[f"{quote(name)}[]"] = f'"{ident}"[]'
        if ident != name:
            out.warnings.append(f"type {name!r} renamed {ident} (spec names are identifiers)")
        if kind == "e":
            labels = [
                r[0] for r in run("SELECT enumlabel FROM pg_enum WHERE enumtypid = %s ORDER BY enumsortorder", (oid,))
            ]
            out.statements.append(f"CREATE TYPE {quote(ident)} AS ENUM ({', '.join(literal(v) for v in labels)})")
        elif kind == "d":
            (base, notnull, default), *_ = run(
                "SELECT format_type(typbasetype, typtypmod), typnotnull, typdefault FROM pg_type WHERE oid = %s",
                (oid,),
            )
            parts = [f"CREATE DOMAIN {quote(ident)} AS {base}"]
            if default is not None:
                parts.append(f"DEFAULT {default}")
            if notnull:
                parts.append("NOT NULL")
            for cname, cdef in run(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contypid = %s AND contype = 'c' "
                "ORDER BY conname",
                (oid,),
            ):
                parts.append(f"CONSTRAINT {quote(cname)} {cdef}")
            out.statements.append(" ".join(parts))
        elif kind == "r":
            ((sub, opclass, canonical, diff),) = run(
                "SELECT format_type(r.rngsubtype, NULL), oc.opcname, NULLIF(r.rngcanonical::oid, 0)::regproc::text, "
                "NULLIF(r.rngsubdiff::oid, 0)::regproc::text FROM pg_range r LEFT JOIN pg_opclass oc "
                "ON oc.oid = r.rngsubopc AND NOT oc.opcdefault WHERE r.rngtypid = %s",
                (oid,),
            )
            parts = [f"SUBTYPE = {sub}"]
            parts += [f"{k} = {v}" for k, v in (("SUBTYPE_OPCLASS", opclass), ("CANONICAL", canonical)) if v]
            parts += [f"SUBTYPE_DIFF = {diff}"] if diff else []
            out.statements.append(f"CREATE TYPE {quote(ident)} AS RANGE ({', '.join(parts)})")
        else:
            attrs = run(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a JOIN pg_type t "
                "ON t.typrelid = a.attrelid WHERE t.oid = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                (oid,),
            )
            body = ", ".join(f"{quote(n)} {t}" for n, t in attrs)
            out.statements.append(f"CREATE TYPE {quote(ident)} AS ({body})")
    return renamed


def enum_name(name: str) -> str:
    """An identifier for a type name: `my-kind` -> `my_kind`."""
    clean = re.sub(r"\W", "_", name)
    return clean if clean and not clean[0].isdigit() else "e_" + clean


def _sequences(run: Any, nsp: int, out: Reflected) -> None:
    """Sequences an identity column owns are the column's; the others are created (OWNED BY after the tables)."""
    rows = run(
        "SELECT c.relname, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle, format_type(s.seqtypid, NULL) "
        "FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid WHERE c.relnamespace = %s AND c.relkind = 'S' AND "
        "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('i', 'e')) ORDER BY c.relname",
        (nsp,),
    )
    for name, start, inc, _min, _max, cycle, typ in rows:
        words = [f"CREATE SEQUENCE {quote(name)}"]
        if typ != "bigint":
            words.append(f"AS {typ}")
        if start != 1:
            words.append(f"START WITH {start}")
        if inc != 1:
            words.append(f"INCREMENT BY {inc}")
        if cycle:
            words.append("CYCLE")
        out.statements.append(" ".join(words))


def _functions(run: Any, nsp: int, out: Reflected) -> None:
    rows = run(
        "SELECT p.oid, p.proname, p.prokind FROM pg_proc p WHERE p.pronamespace = %s AND "
        + _NOT_EXT.format(cls="pg_proc", col="p.oid")
        + " ORDER BY p.oid",
        (nsp,),
    )
    for oid, name, kind in rows:
        if kind == "a":
            out.statements.append(_aggregate(run, oid, name))
            continue
        if kind not in ("f", "p"):
            out.warnings.append(f"window function {name} not imported")
            continue
        (text,) = run("SELECT pg_get_functiondef(%s)", (oid,))[0]
        out.statements.append(text.strip().rstrip(";"))


def _aggregate(run: Any, oid: int, name: str) -> str:
    """CREATE AGGREGATE from pg_aggregate (PostgreSQL has no pg_get_aggregatedef)."""
    ((args, sfunc, stype, final, init, combine),) = run(
        "SELECT pg_get_function_identity_arguments(a.aggfnoid), a.aggtransfn::regproc::text, "
        "format_type(a.aggtranstype, NULL), NULLIF(a.aggfinalfn::oid, 0)::regproc::text, a.agginitval, "
        "NULLIF(a.aggcombinefn::oid, 0)::regproc::text FROM pg_aggregate a WHERE a.aggfnoid = %s",
        (oid,),
    )
    parts = [f"SFUNC = {sfunc}", f"STYPE = {stype}"]
    if final:
        parts.append(f"FINALFUNC = {final}")
    if combine:
        parts.append(f"COMBINEFUNC = {combine}")
    if init is not None:
        parts.append(f"INITCOND = {literal(init)}")
    # an aggregate of no arguments is written `(*)` (identity arguments print as nothing)
    return f"CREATE AGGREGATE {quote(name)}({args or '*'}) (\n    " + ",\n    ".join(parts) + "\n)"


def _text_search(run: Any, nsp: int, out: Reflected) -> None:
    """Text search dictionaries and configurations (a tsvector column or index may name one)."""
    for name, template, options in run(
        "SELECT d.dictname, t.tmplname, d.dictinitoption FROM pg_ts_dict d JOIN pg_ts_template t "
        "ON t.oid = d.dicttemplate WHERE d.dictnamespace = %s AND "
        + _NOT_EXT.format(cls="pg_ts_dict", col="d.oid")
        + " ORDER BY d.oid",
        (nsp,),
    ):
        extra = f", {options}" if options else ""
        out.statements.append(f"CREATE TEXT SEARCH DICTIONARY {quote(name)} (TEMPLATE = {template}{extra})")
    for oid, name, parser in run(
        "SELECT c.oid, c.cfgname, p.prsname FROM pg_ts_config c JOIN pg_ts_parser p ON p.oid = c.cfgparser "
        "WHERE c.cfgnamespace = %s AND " + _NOT_EXT.format(cls="pg_ts_config", col="c.oid") + " ORDER BY c.oid",
        (nsp,),
    ):
        out.statements.append(f'CREATE TEXT SEARCH CONFIGURATION {quote(name)} (PARSER = "{parser}")')
        mappings: dict[str, list[str]] = {}
        for token, dictionary in run(
            "SELECT t.alias, m.mapdict::regdictionary::text FROM pg_ts_config_map m JOIN pg_ts_config c "
            "ON c.oid = m.mapcfg JOIN LATERAL ts_token_type(c.cfgparser) t ON t.tokid = m.maptokentype "
            "WHERE m.mapcfg = %s ORDER BY m.maptokentype, m.mapseqno",
            (oid,),
        ):
            mappings.setdefault(token, []).append(dictionary)
        for token, dictionaries in mappings.items():
            out.statements.append(
                f"ALTER TEXT SEARCH CONFIGURATION {quote(name)} ADD MAPPING FOR {token} WITH {', '.join(dictionaries)}"
            )


@dataclass
class _Table:
    oid: int
    name: str
    kind: str  # r | p
    parent: str | None = None  # of a partition
    bound: str | None = None


def _tables(run: Any, nsp: int, out: Reflected, renamed: dict[str, str]) -> list[_Table]:
    rows = run(
        "SELECT c.oid, c.relname, c.relkind, c.relispartition, pg_get_expr(c.relpartbound, c.oid), "
        "pg_get_partkeydef(c.oid), c.relpersistence FROM pg_class c WHERE c.relnamespace = %s "
        "AND c.relkind IN ('r', 'p') AND " + _NOT_EXT.format(cls="pg_class", col="c.oid") + " ORDER BY c.relname",
        (nsp,),
    )
    tables: list[_Table] = []
    partitions: list[str] = []
    owned: list[str] = []
    for oid, name, kind, is_partition, bound, partkey, persistence in rows:
        if name in _SKIP_TABLES:
            continue
        # a name that is no identifier (`"Escap3e;"`) is kept, quoted: validate says so (SG107), as for SQL specs
        parents = [
            r[0]
            for r in run(
                "SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = %s "
                "ORDER BY i.inhseqno",
                (oid,),
            )
        ]
        if is_partition and parents:
            tables.append(_Table(oid, name, kind, parents[0], bound))
            text = f"CREATE TABLE {quote(name)} PARTITION OF {quote(parents[0])} {bound}"
            if partkey:
                text += f" PARTITION BY {partkey}"
            partitions.append(text)
            continue
        table = _create_table(run, out, oid, name, parents, renamed, owned)
        if table is None:
            continue
        if partkey:
            table += f" PARTITION BY {partkey}"
        if persistence == "u":
            table = table.replace("CREATE TABLE", "CREATE UNLOGGED TABLE", 1)
        out.statements.append(table)
        out.tables.append(name)
        tables.append(_Table(oid, name, kind))
    out.statements.extend(partitions)
    out.statements.extend(owned)
    return tables


def _create_table(
    run: Any, out: Reflected, oid: int, name: str, parents: list[str], renamed: dict[str, str], owned: list[str]
) -> str | None:
    items: list[str] = []
    cols = run(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, a.attgenerated, "
        "pg_get_expr(ad.adbin, ad.adrelid), a.attislocal, "
        "(SELECT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid WHERE d.refobjid = a.attrelid "
        " AND d.refobjsubid = a.attnum AND d.classid = 'pg_class'::regclass AND s.relkind = 'S' AND d.deptype = 'a'), "
        # an identity's own sequence (an internal dependency): its options, as CREATE TABLE states them
        "(SELECT ARRAY[q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcycle::int] FROM pg_depend d "
        " JOIN pg_sequence q ON q.seqrelid = d.objid WHERE d.refobjid = a.attrelid AND d.refobjsubid = a.attnum "
        " AND d.classid = 'pg_class'::regclass AND d.deptype = 'i') "
        "FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
        "WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        (oid,),
    )
    for col, typ, notnull, identity, generated, default, local, serial, sequence in cols:
        if not local:
            continue  # inherited: INHERITS brings it
        typ = renamed.get(typ, typ)
        words = [quote(col), typ]
        if generated == "s":
            words.append(f"GENERATED ALWAYS AS ({default}) STORED")
        elif default is not None:
            words.append(f"DEFAULT {default if serial else default_text(default)}")
        if identity:
            words.append(identity_sql(identity == "a", identity_options(typ, sequence)))
        if notnull:
            words.append("NOT NULL")
        if serial:
            owned.append(f"ALTER SEQUENCE {quote(serial)} OWNED BY {quote(name)}.{quote(col)}")
        items.append(" ".join(words))
    for cname, contype, cdef in run(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s "
        "AND contype IN ('p', 'u', 'f', 'c', 'x') AND conislocal ORDER BY contype = 'f', conname",
        (oid,),
    ):
        if contype == "c" or contype == "x":
            cdef = without_casts_in_check(cdef)
        items.append(f"CONSTRAINT {quote(cname)} {cdef}")
    text = f"CREATE TABLE {quote(name)} (\n    " + ",\n    ".join(items) + "\n)"
    if parents:
        text += f" INHERITS ({', '.join(quote(p) for p in parents)})"
    return text


# The bounds of an identity's sequence by the column's type: PostgreSQL's defaults, left unsaid.
_BOUNDS = {"smallint": 2**15 - 1, "integer": 2**31 - 1, "bigint": 2**63 - 1}


def identity_options(typ: str, sequence: list[int] | None) -> dict[IdentityOption, int | bool]:
    """The options of an identity's sequence that differ from PostgreSQL's defaults (start at the bound the
    numbering leaves from, step 1, the type's range ascending or -1 downward, no cycle)."""
    if not sequence or typ not in _BOUNDS:
        return {}
    start, step, low, high, cycle = sequence
    top = _BOUNDS[typ]
    lowest, highest = (1, top) if step > 0 else (-top - 1, -1)
    stated: dict[IdentityOption, int | bool | None] = {
        "start": start if start != (low if step > 0 else high) else None,
        "increment": step if step != 1 else None,
        "minvalue": low if low != lowest else None,
        "maxvalue": high if high != highest else None,
        "cycle": True if cycle else None,
    }
    return {k: v for k, v in stated.items() if v is not None}


def without_casts_in_check(cdef: str) -> str:
    """`CHECK ((length((name)::text) > 0))` -> `CHECK ((LENGTH(name) > 0))`; other constraint text as it is."""
    m = re.match(r"^CHECK \((?P<e>.*)\)(?P<tail>( NO INHERIT)?( NOT VALID)?)$", cdef, re.S)
    if m is None:
        return cdef
    return f"CHECK ({without_casts(m.group('e'))}){m.group('tail')}"


def _indexes(run: Any, nsp: int, out: Reflected, tables: list[_Table]) -> None:
    """Indexes no constraint owns, on the tables read (a partition's copy of its parent's index is the parent's)."""
    oids = [t.oid for t in tables]
    if not oids:
        return
    rows = run(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid "
        "AND k.contype IN ('p', 'u', 'x')) AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.oid) "
        "ORDER BY i.relname",
        (oids,),
    )
    for name, text in rows:
        if not NAME.match(name):
            out.warnings.append(f"index {name!r} skipped: its name is not an identifier")
            continue
        out.statements.append(_index_text(text))


# `lower((email)::text)`: a text cast of a lone column, as the only argument of a function call
_TEXT_CAST = re.compile(r"(?<=\w\()\((\w+)\)::(?:text|character varying|bpchar|name)(?=\))")


def _index_text(text: str) -> str:
    """pg_get_indexdef qualifies the table with its schema and prints casts; a spec writes neither."""
    text = re.sub(r" ON (ONLY )?[\w\"]+\.", lambda m: f" ON {m.group(1) or ''}", text, count=1)
    where = re.search(r" WHERE (.*)$", text, re.S)
    head = text[: where.start()] if where else text
    head = _TEXT_CAST.sub(r"\1", head)  # `lower((email)::text)`: the column is text already
    text = head + (text[where.start() :] if where else "")
    where = re.search(r" WHERE (.*)$", text, re.S)
    if where:
        text = text[: where.start()] + " WHERE " + without_casts(where.group(1))
    return text


def _views(run: Any, nsp: int, out: Reflected) -> None:
    rows = run(
        "SELECT c.oid, c.relname, c.relkind, pg_get_viewdef(c.oid, true) FROM pg_class c WHERE c.relnamespace = %s "
        "AND c.relkind IN ('v', 'm') AND " + _NOT_EXT.format(cls="pg_class", col="c.oid") + " ORDER BY c.oid",
        (nsp,),
    )
    for oid, name, kind, body in _dependency_order(run, rows):
        body = body.strip().rstrip(";")
        if kind == "m":
            out.statements.append(f"CREATE MATERIALIZED VIEW {quote(name)} AS\n{body}\nWITH NO DATA")
            for (text,) in run(
                "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = %s ORDER BY indexrelid", (oid,)
            ):
                out.statements.append(_index_text(text))
        else:
            out.statements.append(f"CREATE VIEW {quote(name)} AS\n{body}")


def _dependency_order(run: Any, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Views after the views they read (a CREATE OR REPLACE can give a view an older oid than what it reads)."""
    by_oid = {r[0]: r for r in rows}
    deps: dict[int, set[int]] = {oid: set() for oid in by_oid}
    if by_oid:
        for view, used in run(
            "SELECT DISTINCT r.ev_class, d.refobjid FROM pg_rewrite r JOIN pg_depend d ON d.objid = r.oid "
            "WHERE r.ev_class = ANY(%s) AND d.refobjid = ANY(%s) AND d.refobjid <> r.ev_class",
            (list(by_oid), list(by_oid)),
        ):
            deps[view].add(used)
    done: list[int] = []
    seen: set[int] = set()

    def visit(oid: int, path: frozenset[int]) -> None:
        if oid in seen or oid in path:
            return
        for dep in sorted(deps[oid]):
            visit(dep, path | {oid})
        seen.add(oid)
        done.append(oid)

    for oid in sorted(by_oid):
        visit(oid, frozenset())
    return [by_oid[o] for o in done]


def _triggers(run: Any, nsp: int, out: Reflected, tables: list[_Table]) -> None:
    oids = [t.oid for t in tables if t.parent is None]
    if not oids:
        return
    for (text,) in run(
        "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = ANY(%s) AND NOT tgisinternal "
        "AND tgparentid = 0 ORDER BY tgname",
        (oids,),
    ):
        out.statements.append(re.sub(r" ON [\w\"]+\.", " ON ", text, count=1))
    for _name, text in run(
        "SELECT rulename, pg_get_ruledef(oid) FROM pg_rewrite WHERE ev_class = ANY(%s) AND rulename <> '_RETURN' "
        "ORDER BY rulename",
        (oids,),
    ):
        out.statements.append(text.strip().rstrip(";"))
    for name, table, permissive, roles, cmd, qual, check in run(
        "SELECT policyname, tablename, permissive, roles::text[], cmd, qual, with_check FROM pg_policies "
        "WHERE schemaname = current_schema() ORDER BY tablename, policyname"
    ):
        words = [f"CREATE POLICY {quote(name)} ON {quote(table)}"]
        if permissive != "PERMISSIVE":
            words.append(f"AS {permissive}")
        if cmd != "ALL":
            words.append(f"FOR {cmd}")
        if roles and roles != ["public"]:
            words.append("TO " + ", ".join(quote(r) for r in roles))
        if qual is not None:
            words.append(f"USING ({qual})")
        if check is not None:
            words.append(f"WITH CHECK ({check})")
        out.statements.append(" ".join(words))


def _comments(run: Any, nsp: int, out: Reflected, tables: list[_Table]) -> None:
    oids = [t.oid for t in tables if t.parent is None]
    if not oids:
        return
    for table, column, text in run(
        "SELECT c.relname, a.attname, d.description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid "
        "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0 "
        "WHERE d.classoid = 'pg_class'::regclass AND d.objoid = ANY(%s) ORDER BY c.relname, d.objsubid",
        (oids,),
    ):
        if column is None:
            out.statements.append(f"COMMENT ON TABLE {quote(table)} IS {literal(text)}")
        elif NAME.match(column):
            out.statements.append(f"COMMENT ON COLUMN {quote(table)}.{quote(column)} IS {literal(text)}")
