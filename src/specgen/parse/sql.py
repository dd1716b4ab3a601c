"""```sql blocks: DDL read with sqlglot, one statement at a time, into the SpecIR.

Statements are split by `sql_split` and classified by their first words; only those that describe
tables (CREATE TABLE/INDEX/TYPE … AS ENUM/DOMAIN/SEQUENCE, ALTER TABLE, ALTER SEQUENCE … OWNED BY,
COMMENT ON) are parsed. Everything else (functions, triggers, views, grants, data, SET, psql
meta-commands) is skipped with an info note. A statement sqlglot cannot parse is reported with its
line and the block goes on.

A block is read in the context of the file's earlier blocks (`ReadContext`): ALTER TABLE, COMMENT ON and
OWNED BY about a table an earlier block created, a CREATE INDEX on an earlier block's materialized view, and a
sequence that an earlier block's `nextval(…)` default draws from complete a revised copy of it, returned in the
block's `Fragment` for `parse.fold` to put in the original's place.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError, TokenError

from specgen.errors import Diagnostic, info, warning
from specgen.parse.ir import (
    ColumnIR,
    ConstraintIR,
    EntityIR,
    EnumIR,
    ForeignKeyIR,
    Fragment,
    IndexIR,
    ReadContext,
    SqlObjectIR,
    ViewIR,
)
from specgen.parse.markdown import Fence
from specgen.parse.options import ParseOptions
from specgen.parse.sql_ddl import (
    Context,
    column_ir,
    fk_ir,
    index_ir,
    qualified,
    strip_schema,
    table_constraint,
    table_schema,
)
from specgen.parse.sql_salvage import salvage
from specgen.parse.sql_split import Statement, split_statements
from specgen.source import Location

_DIALECTS = {
    "sql": None,
    "postgresql": "postgres",
    "postgres": "postgres",
    "psql": "postgres",
    "pgsql": "postgres",
    "sqlite": "sqlite",
    "sqlite3": "sqlite",
    "mysql": "mysql",
    "mariadb": "mysql",
}
_CREATE_MODS = {"OR", "REPLACE", "TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL", "IF", "NOT", "EXISTS"}


def _hint(first: str, pattern: str) -> re.Pattern[str]:
    """`pattern` (case-blind), tried only where one of `first` stands, the characters its alternatives begin with:
    without the lookahead, re tries every alternative at every position of a fence of 30 kB (dialect_of searches
    each fence for three such patterns: 140 ms of reading the 20 fences of the bench's SQL specs, 33 ms with it)."""
    return re.compile(f"(?={first})(?:{pattern})", re.I)


_MYSQL_HINT = _hint("[`aeuz]", r"`|\bAUTO_INCREMENT\b|\bENGINE\s*=|\bUNSIGNED\b|\bZEROFILL\b")
_AS_SELECT = re.compile(r"\)\s*AS\s+SELECT\b|^\s*CREATE\s+[\w\s]*TABLE\s+\S+\s+AS\b", re.I | re.S)
_TOKEN_REPR = re.compile(r"<Token token_type: TokenType\.(?P<type>\w+), text: (?P<text>.*?), line: .*?>")
_OTHER_TABLES = {"VIRTUAL", "FOREIGN", "EXTERNAL"}  # SQLite's full-text tables, PostgreSQL's foreign tables
# ALTER TABLE actions that change no column, key or index: ownership, storage, triggers switched on and off
_NO_SCHEMA_ALTER = re.compile(
    r"\bOWNER\s+TO\b|\bSET\s+(WITH|WITHOUT)\s+OIDS\b|\bCLUSTER\s+ON\b|\bREPLICA\s+IDENTITY\b"
    r"|\b(?:ENABLE|DISABLE)\s+(?:ALWAYS\s+|REPLICA\s+)?(?:TRIGGER|RULE)\b",
    re.I,
)
_RLS = re.compile(r"\b(?P<switch>ENABLE|DISABLE|FORCE|NO\s+FORCE)\s+ROW\s+LEVEL\s+SECURITY\b", re.I)
_IF_NOT_EXISTS = re.compile(r"\s*CREATE\s+[\w\s]*?TABLE\s*IF\s+NOT\s+EXISTS\b", re.I)
_QUOTE_START = re.compile(r"(?<=\w)([`\"\[])")
_BRACKETS = re.compile(r"\[([^\]\n'\"]+)\]")
_ON_ONLY = re.compile(r"\bON\s+ONLY\s+", re.I)
_BIT_VARYING = re.compile(r"\bbit\s+varying\b", re.I)
_OID_ARRAY = re.compile(r"(?<![\w.\"])(oid|reg(?:class|type|proc|procedure|oper|namespace|role))(\s*\[\s*\])", re.I)
_PART = r'(?:"(?:[^"]|"")+"|[\w$]+)'
_NAME = rf"{_PART}(?:\s*\.\s*{_PART})?"  # a (schema-qualified) name; quoted parts may hold any character


def _last_part(name: str) -> str:
    """`test."image/png"` -> `image/png`; `public.color` -> `color`."""
    last = re.findall(_PART, name)[-1]
    return last[1:-1].replace('""', '"') if last.startswith('"') else last


_SQLITE_HINT = _hint(r"[aw\[]", r"\bAUTOINCREMENT\b|\bWITHOUT\s+ROWID\b|(?<![\w\])])\[\w+\]")  # not `m[1]`, `(…)[1]`
_DELIMITER = re.compile(r"^\s*DELIMITER\b", re.I | re.M)
# PostgreSQL-only syntax: a dump that has it is PostgreSQL, whatever else (`a[1]`, a backtick in a string) it holds
_PG_HINT = _hint(
    "[:cajtbpu]",
    r"::\s*[a-z_]|\bCREATE\s+(?:EXTENSION|DOMAIN)\b|\bAS\s+ENUM\b|\bJSONB\b"
    r"|\bTIMESTAMPTZ\b|\bBIGSERIAL\b|\bplpgsql\b|\bUSING\s+(?:gin|gist|brin|spgist)\b",
)


def dialect_of(fence: Fence, options: ParseOptions) -> str:
    """The fence's dialect: its info string (```sql sqlite), its language, config, or detection."""
    words = fence.info.lower().replace(",", " ").split()
    for w in words[1:]:
        w = w.removeprefix("dialect=")
        if w in _DIALECTS and _DIALECTS[w]:
            return _DIALECTS[w]  # type: ignore[return-value]
    named = _DIALECTS.get(fence.lang)
    if named:
        return named
    if _PG_HINT.search(fence.text) or ("$$" in fence.text and not _DELIMITER.search(fence.text)):
        return "postgres"  # `$$` is PostgreSQL's dollar quoting, unless MySQL's `DELIMITER $$` uses it
    if _MYSQL_HINT.search(fence.text):
        return "mysql"
    if _SQLITE_HINT.search(fence.text):
        return "sqlite"
    return {"postgresql": "postgres", "sqlite": "sqlite", "mysql": "mysql"}.get(options.sql_dialect, "postgres")


def read_sql_fence(fence: Fence, context: ReadContext, options: ParseOptions) -> Fragment:
    """What the DDL of one ```sql block states. ALTER TABLE, COMMENT ON and OWNED BY statements about a table an
    earlier block of the file created complete a revised copy of it; views of earlier blocks are known."""
    reader = _Reader(fence, context, dialect_of(fence, options))
    if fence.info == "sql unfenced":  # lifted out of a paragraph or an indented block (parse/sql_unfenced.py)
        reader.note(info, "SQL read from plain text (it has no ```sql fence around it)", 0)
    with _quiet():
        for st in split_statements(fence.text, reader.ctx.dialect):
            try:
                reader.statement(st)
            except Exception as exc:  # noqa: BLE001 - a reader never raises; the statement is reported instead
                reader.note(warning, f"statement not read ({type(exc).__name__}: {exc})", st.line)
    reader.finish()
    return reader.out


class _Reader:
    def __init__(self, fence: Fence, context: ReadContext, dialect: str) -> None:
        self.fence = fence
        self.context = context
        self.out = Fragment(context.path)
        self.ctx = Context(context.path, fence.line + 1, dialect)
        self.inherits: list[tuple[EntityIR, list[str]]] = []
        # CREATE SEQUENCE: name -> (index in sql_objects to insert at, the object); those a column owns are serials
        self.sequence_defs: dict[str, tuple[int, SqlObjectIR]] = {}
        self.owned: set[str] = set()
        self.read = Dialect.get_or_raise(dialect)  # resolved once: a name costs a lookup per statement

    def loc(self, line0: int) -> Location:
        return Location(self.out.path, self.fence.line + 1 + line0)

    def note(self, make: Callable[[str, Location], Diagnostic], message: str, line0: int) -> None:
        self.out.diagnostics.append(make(message, self.loc(line0)))

    def text(self, st: Statement) -> str:
        """The statement as sqlglot can read it: each rewrite below stands for a form sqlglot's reader lacks."""
        text = st.text
        if self.ctx.dialect == "sqlite" and "[" in text:
            return _BRACKETS.sub(r'"\1"', text)  # SQLite accepts [name] quoting; sqlglot's reader does not
        if self.ctx.dialect != "postgres":
            return text
        if "INDEX" in st.head.upper() and _ON_ONLY.search(text):
            # pg_dump's index on a partitioned table alone (its partitions' indexes attach later): created on the
            # parent, PostgreSQL gives every partition its index
            text = _ON_ONLY.sub("ON ", text, count=1)
        if _BIT_VARYING.search(text):
            text = _BIT_VARYING.sub("varbit", text)  # sqlglot does not read PostgreSQL's `bit varying(n)`
        if "[" in text and _OID_ARRAY.search(text):
            # sqlglot reads oid and the reg* types as keywords that take no `[]`; qualified, as pg_dump may write
            # them, they are names like any other (the design drops pg_catalog again)
            text = _OID_ARRAY.sub(r"pg_catalog.\1\2", text)
        if "EXCLUDE" in text.upper() and "DEFERRABLE" in text.upper():
            from specgen.parse.sql_pg import exclude_deferrable

            text = exclude_deferrable(text)[0]  # read back by _table
        return text

    def parse(self, st: Statement, salvage_table: bool = False) -> exp.Expression | None:
        """The statement's tree; on failure a warning with the line sqlglot names (after trying to
        salvage a CREATE TABLE item by item, where `salvage_table`)."""
        text = self.text(st)
        try:
            parsed = sqlglot.parse_one(text, read=self.read)
        except RecursionError:  # nesting deeper than sqlglot's recursive parser goes
            self.note(warning, "SQL statement is nested too deeply to read; it is skipped", st.line)
            return None
        except (ParseError, TokenError) as exc:
            line = st.line
            errs = getattr(exc, "errors", None) or []
            if errs and errs[0].get("line"):
                line = st.line + int(errs[0]["line"]) - 1
            msg = _TOKEN_REPR.sub(_token_text, errs[0].get("description") if errs else str(exc).splitlines()[0])
            salvaged = self._salvage(st) if salvage_table else None
            if salvaged is None:
                self.note(warning, f"SQL statement could not be parsed ({msg}); it is skipped", line)
            return self.fold(salvaged)
        # `not Expression`: sqlglot types parse_one with its abstract base Expr; every node it builds is an Expression
        if isinstance(parsed, exp.Command) or not isinstance(parsed, exp.Expression):
            self.note(
                warning, "SQL statement could not be parsed (syntax sqlglot does not know); it is skipped", st.line
            )
            return None
        tree = parsed
        if self.read == "postgres":  # `char_length(x)` stays char_length, not sqlglot's LENGTH (sqlexpr.py)
            from specgen.sqlexpr import keep_function_names

            tree = keep_function_names(tree, text)
        return self.fold(tree)

    def fold(self, tree: exp.Expression | None) -> exp.Expression | None:
        """PostgreSQL folds unquoted names to lower case (`CREATE TABLE Users` makes `users`): so does the reader."""
        if tree is None or self.read != "postgres":
            return tree
        from sqlglot.optimizer.normalize_identifiers import normalize_identifiers

        return normalize_identifiers(tree, dialect=self.read)  # the dialect object: a name builds one per statement

    def statement(self, st: Statement) -> None:
        if st.meta:
            if st.text.strip().upper() == "DELIMITER":
                self.note(warning, "DELIMITER names no delimiter; the line is skipped and ';' stays", st.line)
                return
            self.note(info, f"client command '{st.text.split()[0]}' skipped", st.line)
            return
        # `CREATE TABLE`users`(`: a quoted name may touch the keyword before it
        words = _QUOTE_START.sub(r" \1", st.head.replace("(", " ( ")).split()
        if self.ctx.dialect == "postgres" and words[:1] in (["SET"], ["SELECT"]) and "SEARCH_PATH" in st.head:
            from specgen.parse.sql_pg import search_path

            path = search_path(st.text)
            if path is not None:
                self.ctx.schema, self.ctx.search_path = path
                return
        objects, views = len(self.out.sql_objects), len(self.out.views)
        self._statement(st, words)
        for obj in self.out.sql_objects[objects:]:
            obj.search_path = obj.search_path or self.ctx.search_path
        for view in self.out.views[views:]:
            view.search_path = view.search_path or self.ctx.search_path

    def _statement(self, st: Statement, words: list[str]) -> None:
        kind = _kind(words)
        self.ctx.base_line = st.line
        if kind is None and self.ctx.dialect == "postgres":
            from specgen.parse.sql_pg import sql_object_kind

            found = sql_object_kind(words)
            if found is not None:
                self._sql_object(st, *found)
                return
        handler = getattr(self, f"_{kind}", None) if kind else None
        if handler is None and words[:1] == ["CREATE"] and "TABLE" in words[1:5] and not _OTHER_TABLES & set(words):
            # a table statement whose words the classifier does not know: said, never dropped quietly
            self.note(warning, "CREATE TABLE statement not understood; the table is not read", st.line)
            return
        if handler is None:
            label = " ".join(words[:2]) if words else "statement"
            self.note(info, f"{label} statement skipped (it does not describe a table)", st.line)
            return
        handler(st)

    # -- CREATE TABLE ---------------------------------------------------------------------------

    def _table(self, st: Statement) -> None:
        if "SELECT" in st.text.upper() and _AS_SELECT.search(st.text):
            if self.ctx.dialect == "postgres":  # kept as written, after the tables its query reads; no model
                self._sql_object(st, "table", "tables")
            else:
                self.note(info, "CREATE TABLE … AS SELECT skipped (its columns come from a query)", st.line)
            return
        tree = self.parse(st, salvage_table=True)
        if tree is None:
            return
        schema = tree.this
        if self.ctx.dialect == "postgres" and self._partition_of(tree, st):
            return
        if not isinstance(schema, exp.Schema):
            self.note(info, "CREATE TABLE without a column list skipped", st.line)
            return
        table = strip_schema(schema.this)
        entity = EntityIR(self.loc(st.line), "sql", table=table)
        for item in schema.expressions:
            if isinstance(item, exp.ColumnDef) and not item.name:
                # `"status" "StepRunStatus"` read by a dialect whose double quotes are strings: no name to keep
                self.note(
                    warning, f"column definition '{item.sql(self.ctx.dialect)[:50]}' has no name; skipped", st.line
                )
            elif isinstance(item, exp.ColumnDef):
                col, extra = column_ir(item, self.ctx, self.out)
                entity.columns.append(col)
                entity.constraints.extend(extra)
            else:
                table_constraint(item, entity, self.ctx, self.out)
        if self.ctx.dialect == "postgres" and "EXCLUDE" in st.text.upper() and "DEFERRABLE" in st.text.upper():
            from specgen.parse.sql_pg import exclude_deferrable

            excludes = [k for k in entity.constraints if k.kind == "exclude"]
            for k, (deferrable, deferred) in zip(excludes, exclude_deferrable(st.text)[1], strict=False):
                k.deferrable, k.initially_deferred = deferrable, deferred
        for col in entity.columns:  # in SQL, a column without NOT NULL is nullable: a stated fact
            if col.nullable is None and not col.primary_key:
                col.nullable = True
        props = tree.args.get("properties")
        for prop in props.expressions if props else []:
            if isinstance(prop, exp.InheritsProperty):
                self.inherits.append((entity, [strip_schema(t) for t in prop.expressions]))
                entity.options["inherits"] = [strip_schema(t) for t in prop.expressions]
        if self.ctx.dialect == "postgres":
            from specgen.parse.sql_pg import partition_key

            if table_schema(schema, self.ctx):
                entity.options["schema"] = table_schema(schema, self.ctx)
            if re.match(r"\s*CREATE\s+UNLOGGED\s", st.text, re.I):
                entity.options["unlogged"] = True

            key = partition_key(props, self.ctx.dialect)
            if key:
                entity.options["partition_by"] = key
        if not self._repeated(entity, st):
            self.out.entities.append(entity)

    def _repeated(self, entity: EntityIR, st: Statement) -> bool:
        """A table this file's SQL created already: CREATE TABLE IF NOT EXISTS leaves it as it is (the first
        definition wins, as in the database), and so does a repeated identical definition (a quick-start script
        that restates a table). A different plain CREATE TABLE is kept: merge reports the conflict."""
        first = self._own_entity(entity.table or "", entity.options.get("schema"))
        if first is None or (self.ctx.dialect == "postgres" and first.table != entity.table):
            return False  # PostgreSQL: `"Users"` beside `users` is another table (the reader folded unquoted names)
        where = f"line {first.loc.line}"
        same = _shape(first) == _shape(entity)
        if not _IF_NOT_EXISTS.match(st.text) and not same:
            return False
        names = [c.name.lower() for c in first.columns] == [c.name.lower() for c in entity.columns]
        if same or names:  # its columns are the first's (details may be stated elsewhere, e.g. by ALTER TABLE)
            how = "again" if same else "again with the same columns"
            self.note(
                info, f"table '{entity.table}' is defined {how} as at {where}; the first definition is kept", st.line
            )
        else:
            self.note(
                warning,
                f"CREATE TABLE IF NOT EXISTS '{entity.table}': the table exists already ({where}) with other "
                "columns, so this definition changes nothing; the first is kept",
                st.line,
            )
        return True

    def _partition_of(self, tree: exp.Expression, st: Statement) -> bool:
        from specgen.parse.sql_pg import partition_of

        part = partition_of(tree, st.text, self.loc(st.line))
        if part is not None:
            self.out.sql_objects.append(part)
        return part is not None

    def _salvage(self, st: Statement) -> exp.Expression | None:
        """Parse a CREATE TABLE item by item, dropping words sqlglot rejects (dialect oddities)."""
        return salvage(self.text(st), self.read, lambda msg, offset: self.note(warning, msg, st.line + offset))

    # -- CREATE INDEX / TYPE / DOMAIN / SEQUENCE --------------------------------------------------

    def _sql_object(self, st: Statement, kind: str, phase: str) -> None:
        from specgen.parse.ir import SqlObjectIR
        from specgen.parse.sql_pg import sql_object_parts

        name, table, drop = sql_object_parts(st.text, kind)
        if kind == "type":  # where a column's DDL finds it (render names it with its schema)
            stated = re.match(rf"\s*CREATE\s+TYPE\s+(?P<name>{_NAME})", st.text, re.I)
            parts = re.findall(_PART, stated.group("name")) if stated else []
            schema = _last_part(parts[0]) if len(parts) > 1 else self.ctx.schema
            if schema and schema.lower() != "public":
                self.ctx.type_schemas[name.lower()] = schema
        self.out.sql_objects.append(SqlObjectIR(kind, name, st.text.strip(), self.loc(st.line), phase, table, drop))

    def _view(self, st: Statement) -> None:
        from specgen.parse.sql_pg import read_view

        view = read_view(st.text, self.loc(st.line), self.read)
        if view is None:
            self.note(warning, "CREATE VIEW not understood; it is skipped", st.line)
        else:
            self.out.views.append(view)

    def _index(self, st: Statement) -> None:
        from specgen.parse.sql_pg import view_indexed

        views = self._views()
        at = view_indexed(st.text, views) if views else None
        if at is not None:  # an index on a materialized view: kept with the view (an earlier block's: a copy)
            earlier = len(self.context.views)
            view = self.out.revise_view(self.context, at) if at < earlier else self.out.views[at - earlier]
            view.indexes.append(st.text.strip())
            return
        tree = self.parse(st)
        if tree is None:
            return
        ix = index_ir(tree, self.ctx)
        if ix is None:
            self.note(warning, "CREATE INDEX not understood; it is skipped", st.line)
            return
        ix.loc = self.loc(st.line)
        if ix.table and self._is_partition(ix.table):
            self.out.sql_objects.append(self._partition_index(st, ix))
            return
        self.out.indexes.append(ix)

    def _is_partition(self, table: str) -> bool:
        """A `PARTITION OF` partition this block created: kept as its SQL, with no entity of its own."""
        name = _last_part(table).lower()
        if self._own_entity(_last_part(table)) is not None:
            return False  # ATTACH PARTITION: the partition is a table of its own, its indexes are the table's
        return any(o.kind == "partition" and o.name.lower() == name for o in self.out.sql_objects)

    def _partition_index(self, st: Statement, ix: IndexIR) -> SqlObjectIR:
        """An index on a partition itself (one on the parent reaches every partition): kept as its SQL like the
        partition, and created after it (design/sqldeps.py orders it by the partition it names)."""
        table = _last_part(ix.table or "?")
        drop = f"DROP INDEX IF EXISTS {ix.name}" if ix.name else None  # unnamed: dropped with its partition
        return SqlObjectIR("index", ix.name or f"{table}_index", st.text.strip(), ix.loc, "tables", table, drop)

    def _enum(self, st: Statement) -> None:
        tree = self.parse(st)
        if tree is None:
            return
        name = strip_schema(tree.this)
        values = [v.name for v in tree.find_all(exp.Literal) if v.is_string]
        schema = table_schema(tree.this, self.ctx) if self.ctx.dialect == "postgres" else None
        self.out.enums.append(EnumIR(name, values, self.loc(st.line), form="sql", schema=schema))
        self.ctx.enums.add(name.lower())

    def _domain(self, st: Statement) -> None:
        m = re.match(rf"\s*CREATE\s+DOMAIN\s+(?P<name>{_NAME})\s+(?:AS\s+)?(?P<rest>.*)$", st.text, re.I | re.S)
        if m is None:
            self.note(warning, "CREATE DOMAIN not understood; it is skipped", st.line)
            return
        name = _last_part(m.group("name"))
        rest = m.group("rest")
        cut = re.search(r"\b(CONSTRAINT|CHECK|NOT\s+NULL|NULL|DEFAULT|COLLATE)\b", rest, re.I)
        base = rest[: cut.start()] if cut else rest
        checks = []
        for c in re.finditer(r"\bCHECK\b", rest, re.I):
            expr = _balanced(rest, rest.index("(", c.end()))
            if expr:
                checks.append(expr)
        try:
            cast = sqlglot.parse_one(f"CAST(NULL AS {base.strip()})", read=self.ctx.dialect)
        except (ParseError, TokenError):
            cast = None
        if not isinstance(cast, exp.Cast):
            self.note(warning, f"domain base type '{base.strip()}' not understood", st.line)
            return
        base_type = cast.to
        self.ctx.domains[name.lower()] = (base_type, checks, bool(re.search(r"NOT\s+NULL", rest, re.I)))
        stated = re.findall(_PART, m.group("name"))
        schema = _last_part(stated[0]) if len(stated) > 1 else self.ctx.schema
        if schema and schema.lower() != "public":
            self.ctx.type_schemas[name.lower()] = schema
        if self.ctx.dialect == "postgres":  # kept: created before the tables, dropped after them
            from specgen.parse.ir import SqlObjectIR

            written = m.group("name")
            drop = f"DROP DOMAIN IF EXISTS {written} CASCADE"
            self.out.sql_objects.append(
                SqlObjectIR("domain", name, st.text.strip(), self.loc(st.line), "before", None, drop)
            )

    def _sequence(self, st: Statement) -> None:
        m = re.match(r"\s*CREATE\s+SEQUENCE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<name>[\w.\"]+)", st.text, re.I)
        if m:
            name = m.group("name").strip('"').rpartition(".")[2].lower()
            self.ctx.sequences.add(name)
            if self.ctx.dialect == "postgres":
                drop = f"DROP SEQUENCE IF EXISTS {m.group('name')}"
                obj = SqlObjectIR("sequence", name, st.text.strip(), self.loc(st.line), "before", None, drop)
                obj.search_path = self.ctx.search_path  # placed later (finish): the statement's path is now
                self.sequence_defs[name] = (len(self.out.sql_objects), obj)
            if re.search(r"\bOWNED\s+BY\s+(?!NONE\b)", st.text, re.I):
                self.owned.add(name)

    def _owned(self, st: Statement) -> None:
        m = re.search(r"OWNED\s+BY\s+(?P<ref>[\w.\"]+)", st.text, re.I)
        if m is None or m.group("ref").upper() == "NONE":
            return
        parts = m.group("ref").replace('"', "").split(".")
        seq = re.match(r"\s*ALTER\s+SEQUENCE\s+(?:IF\s+EXISTS\s+)?(?P<name>[\w.\"]+)", st.text, re.I)
        if seq:
            self.owned.add(seq.group("name").strip('"').rpartition(".")[2].lower())
        if len(parts) >= 2:
            stated = parts[-3] if len(parts) >= 3 else None
            schema = (None if stated.lower() == "public" else stated) if stated else self.ctx.schema
            self._partial_column(parts[-2], parts[-1], st.line, schema).autoincrement = True

    def _extension(self, st: Statement) -> None:
        from specgen.parse.sql_pg import read_extension

        ext = read_extension(st.text, self.loc(st.line))
        if ext is None:
            self.note(warning, "CREATE EXTENSION not understood; it is skipped", st.line)
        else:
            self.out.extensions.append(ext)

    # -- ALTER TABLE / COMMENT ON -------------------------------------------------------------------

    def _alter(self, st: Statement) -> None:
        if self.ctx.dialect == "postgres" and re.search(r"\bATTACH\s+PARTITION\b", st.text, re.I):
            from specgen.parse.sql_pg import attach_partition

            part = attach_partition(st.text, self.loc(st.line))
            if part is not None:
                self.out.sql_objects.append(part)
                return
        rls = _RLS.search(st.text)
        if rls:
            self._row_security(st, rls)
            return
        if _NO_SCHEMA_ALTER.search(st.text):
            self.note(info, "ALTER TABLE … OWNER TO / CLUSTER / TRIGGER switch skipped (no schema meaning)", st.line)
            return
        tree = self.parse(st)
        if tree is None:
            return
        if not isinstance(tree, exp.Alter):
            self.note(info, "ALTER statement skipped (not understood as a table change)", st.line)
            return
        table = strip_schema(tree.this)
        schema = table_schema(tree.this, self.ctx) if self.ctx.dialect == "postgres" else None
        target = self._own_entity(table, schema, edit=True)
        holder = target or self._partial(table, schema, st.line)
        for action in tree.args.get("actions") or []:
            if isinstance(action, exp.AddConstraint):
                for item in action.expressions:
                    if target is None and _is_fk(item):
                        fk = fk_ir(item, self.ctx)
                        if fk is not None:
                            self.out.foreign_keys.append((qualified(tree.this, self.ctx), fk))
                        continue
                    table_constraint(item, holder, self.ctx, self.out)
            elif isinstance(action, exp.ColumnDef) and not action.name:
                self.note(warning, "ADD COLUMN without a column name; skipped", st.line)
            elif isinstance(action, exp.ColumnDef):
                col, extra = column_ir(action, self.ctx, self.out)
                holder.columns.append(col)
                holder.constraints.extend(extra)
            elif isinstance(action, exp.AlterColumn):
                self._alter_column(holder, action, st)
            elif isinstance(action, exp.Drop) and str(action.args.get("kind")).upper() == "COLUMN" and target:
                # migration-style files drop what an earlier statement added: the table no longer has it
                gone = {c.name.lower() for c in action.args.get("tables") or []}
                target.columns = [c for c in target.columns if c.name.lower() not in gone]
            else:
                self.note(info, f"ALTER TABLE action '{action.sql(self.ctx.dialect)[:40]}' skipped", st.line)
        if target is None and (holder.columns or holder.constraints or holder.foreign_keys):
            self.out.entities.append(holder)

    def _row_security(self, st: Statement, m: re.Match[str]) -> None:
        """`ALTER TABLE t ENABLE|FORCE ROW LEVEL SECURITY`: the switch the table's policies need. PostgreSQL keeps
        it as written, after the tables (as its policies are); other dialects have no such thing."""
        if self.ctx.dialect != "postgres":
            self.note(info, "ALTER TABLE … ROW LEVEL SECURITY skipped (PostgreSQL only)", st.line)
            return
        from specgen.parse.sql_pg import bare

        head = re.match(rf"\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?P<t>{_NAME})", st.text, re.I)
        table = bare(head.group("t")) if head else "?"
        undo = {"ENABLE": "DISABLE", "FORCE": "NO FORCE"}.get(" ".join(m.group("switch").upper().split()))
        drop = f"ALTER TABLE {head.group('t')} {undo} ROW LEVEL SECURITY" if head and undo else None
        kind = f"row level security {' '.join(m.group('switch').lower().split())}"
        self.out.sql_objects.append(SqlObjectIR(kind, table, st.text.strip(), self.loc(st.line), "after", table, drop))

    def _alter_column(self, holder: EntityIR, action: exp.AlterColumn, st: Statement) -> None:
        name = action.this.name
        col = next((c for c in holder.columns if c.name.lower() == name.lower()), None)
        if col is None:
            col = ColumnIR(name, self.ctx.loc(action.this))
            holder.columns.append(col)
        default = action.args.get("default")
        if default is not None:
            from specgen.parse.sql_ddl import default_text

            text, auto = default_text(default, self.ctx)
            if auto:
                col.autoincrement = True
                from specgen.parse.sql_ddl import sequence_of

                col.sequence = sequence_of(default)
            else:
                col.server_default = text
        if action.args.get("allow_null") is False or re.search(r"SET\s+NOT\s+NULL", st.text, re.I):
            col.nullable = False
        elif re.search(r"DROP\s+NOT\s+NULL", st.text, re.I):
            col.nullable = True

    def _comment(self, st: Statement) -> None:
        m = re.match(
            r"\s*COMMENT\s+ON\s+(?P<kind>TABLE|COLUMN)\s+(?P<ref>[\w.\"]+)\s+IS\s+'(?P<text>(?:[^']|'')*)'",
            st.text,
            re.I | re.S,
        )
        if m is None:
            self.note(info, "COMMENT ON statement skipped (only tables and columns are read)", st.line)
            return
        parts = m.group("ref").replace('"', "").split(".")
        text = m.group("text").replace("''", "'")
        table_part = 1 if m.group("kind").upper() == "TABLE" else 2
        if len(parts) < table_part:
            return
        if any(v.name.lower() == parts[-table_part].lower() for v in self._views()):
            self.note(info, "COMMENT ON a view's column skipped (views keep their SQL only)", st.line)
            return
        stated = parts[-table_part - 1] if len(parts) > table_part else None
        schema = (None if stated.lower() == "public" else stated) if stated else self.ctx.schema
        if m.group("kind").upper() == "TABLE":
            entity = self._own_entity(parts[-1], schema, edit=True)
            if entity is None:
                entity = self._partial(parts[-1], schema, st.line)
                self.out.entities.append(entity)
            entity.description = entity.comment = text
        else:
            col = self._partial_column(parts[-2], parts[-1], st.line, schema)
            col.description = col.comment = text

    # -- helpers ---------------------------------------------------------------------------------------

    def _views(self) -> list[ViewIR]:
        """The views of the file so far (earlier blocks', as this reader revised them, then this block's)."""
        if not self.context.views:
            return self.out.views
        revised = self.out.revised_views
        return [*(revised.get(i, v) for i, v in enumerate(self.context.views)), *self.out.views]

    def _own_entity(self, table: str, schema: str | None = None, edit: bool = False) -> EntityIR | None:
        """The full SQL definition of `table` (in `schema`) in this file, which ALTER statements complete: to
        `edit` one an earlier block created, this reader's revised copy of it."""
        key = table.lower()

        def defines(e: EntityIR) -> bool:
            return (
                e.form == "sql"
                and not e.partial
                and (e.table or "").lower() == key
                and e.options.get("schema") == schema
            )

        for i, e in enumerate(self.context.entities):
            e = self.out.revisions.get(i, e)
            if defines(e):
                return self.out.revise(self.context, i) if edit else e
        return next((e for e in self.out.entities if defines(e)), None)

    def _partial(self, table: str, schema: str | None, line0: int) -> EntityIR:
        """What an ALTER or COMMENT says of a table this file does not create: merged with its definition."""
        entity = EntityIR(self.loc(line0), "sql", table=table, partial=True)
        if schema:
            entity.options["schema"] = schema
        return entity

    def _partial_column(self, table: str, column: str, line0: int, schema: str | None = None) -> ColumnIR:
        entity = self._own_entity(table, schema, edit=True)
        if entity is None:
            entity = self._partial(table, schema, line0)
            self.out.entities.append(entity)
        col = next((c for c in entity.columns if c.name.lower() == column.lower()), None)
        if col is None:
            col = ColumnIR(column, self.loc(line0))
            entity.columns.append(col)
        return col

    def finish(self) -> None:
        self._sequences()
        self._inherit()

    def _sequences(self) -> None:
        """A sequence no column owns is kept (created before the tables) and the columns that draw from it keep
        their `nextval(…)` default; an owned one is the column's serial."""
        so_far = self.out.all_entities(self.context)
        serials = {f"{e.table}_{c.name}_seq".lower() for e in so_far for c in e.columns if c.sequence}
        kept = {n: v for n, v in self.sequence_defs.items() if n not in self.owned and n not in serials}
        for at, obj in sorted(kept.values(), key=lambda v: v[0], reverse=True):
            self.out.sql_objects.insert(at, obj)
        if not kept:
            return
        for k, e in enumerate(so_far):
            if not any(c.sequence in kept and c.autoincrement for c in e.columns):
                continue
            if k < len(self.context.entities):  # a table of an earlier block draws from this block's sequence
                e = self.out.revise(self.context, k)
            for c in e.columns:
                if c.sequence in kept and c.autoincrement:
                    written = kept[c.sequence][1].drop.removeprefix("DROP SEQUENCE IF EXISTS ")  # type: ignore[union-attr]
                    c.autoincrement, c.server_default = None, f"nextval('{written}'::regclass)"

    def _inherit(self) -> None:
        """Tables declared with INHERITS get their parents' columns and checks, as PostgreSQL does."""
        for child, parents in self.inherits:
            inherited: list[ColumnIR] = []
            for p in parents:
                parent = self._own_entity(p)
                if parent is None:
                    self.out.diagnostics.append(
                        warning(
                            f"table '{child.table}' inherits '{p}', which this file does not define; its inherited "
                            "columns are unknown",
                            child.loc,
                        )
                    )
                    continue
                for c in parent.columns:
                    if not any(x.name.lower() == c.name.lower() for x in inherited + child.columns):
                        copy = ColumnIR(**{k: getattr(c, k) for k in c.__dataclass_fields__})
                        copy.primary_key, copy.unique, copy.index, copy.fk = False, False, False, None
                        copy.identity = None  # PostgreSQL does not inherit identity: the child's copy is plain
                        copy.autoincrement = None if c.identity else copy.autoincrement
                        if c.autoincrement and not c.identity and c.server_default is None:
                            # the child inherits the parent's serial default: the parent's sequence, not one of its own
                            seq = c.sequence or f"{parent.table}_{c.name}_seq"
                            copy.autoincrement, copy.server_default = None, f"nextval('{seq}'::regclass)"
                        copy.nullable = False if c.primary_key else c.nullable
                        inherited.append(copy)
                child.constraints[:0] = [
                    ConstraintIR("check", k.loc, None, [], k.expression)
                    for k in parent.constraints
                    if k.kind == "check"
                ]
            child.columns[:0] = inherited


@contextmanager
def _quiet() -> Iterator[None]:
    """sqlglot logs a warning when it falls back to a Command; we report those ourselves."""
    log = logging.getLogger("sqlglot")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _token_text(m: re.Match[str]) -> str:
    """sqlglot names tokens by their repr; users want the text (or 'the end of the statement')."""
    return "the end of the statement" if m.group("type") == "SENTINEL" else repr(m.group("text"))


def _kind(words: list[str]) -> str | None:
    if not words:
        return None
    if words[0] == "CREATE":
        rest = [w for w in words[1:] if w not in _CREATE_MODS]
        if not rest:
            return None
        if rest[0] == "TABLE":
            return "table"
        if rest[0] == "INDEX" or rest[:2] == ["UNIQUE", "INDEX"]:
            return "index"
        if rest[0] == "TYPE" and "ENUM" in words:
            return "enum"
        if rest[0] == "DOMAIN":
            return "domain"
        if rest[0] == "SEQUENCE":
            return "sequence"
        if rest[0] == "EXTENSION":
            return "extension"
        if rest[0] == "VIEW" or rest[:2] == ["MATERIALIZED", "VIEW"] or rest[:2] == ["RECURSIVE", "VIEW"]:
            return "view"
        return None
    if words[:2] == ["ALTER", "TABLE"]:
        return "alter"
    if words[:2] == ["ALTER", "SEQUENCE"]:
        return "owned"
    if words[:2] == ["COMMENT", "ON"]:
        return "comment"
    return None


def _shape(e: EntityIR) -> list[tuple[object, ...]]:
    """What two definitions of a table must share to be the same one: columns (name, type, null, key) and
    constraints."""
    cols = [
        (c.name.lower(), c.type, c.nullable, c.primary_key, c.unique, c.server_default, c.fk and c.fk.ref_table)
        for c in e.columns
    ]
    keys = [(k.kind, tuple(k.columns), k.expression) for k in e.constraints]
    return [*cols, *keys, *((tuple(f.columns), f.ref_table) for f in e.foreign_keys)]


def _is_fk(item: exp.Expression) -> bool:
    if isinstance(item, exp.ForeignKey):
        return True
    return isinstance(item, exp.Constraint) and any(isinstance(x, exp.ForeignKey) for x in item.expressions)


def _balanced(text: str, start: int) -> str | None:
    depth = 0
    for k in range(start, len(text)):
        if text[k] == "(":
            depth += 1
        elif text[k] == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1 : k].strip()
    return None


__all__ = ["read_sql_fence", "dialect_of", "ForeignKeyIR", "IndexIR"]
