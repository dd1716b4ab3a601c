"""Drizzle ORM schemas in ```typescript / ```ts / ```javascript / ```js blocks: tables, enums, keys, indexes.

`export const users = pgTable('users', { … }, (t) => [ … ])` (also `sqliteTable`, `mysqlTable`,
`pgSchema('s').table(…)`, a `pgTableCreator` prefix) becomes an entity; `pgEnum('status', [...])` an enum.
The text is parsed (`drizzle_syntax.py`), never run. A column's name is its builder's string argument
(`string_value('user_id')`), else its property; its type comes from the builder and its config (`drizzle_types.py`);
the chained calls state its keys, nullability (a column is nullable unless `.notNull()` or a key), defaults and
reference. The table's third argument (object or array form) holds indexes, composite keys, foreign keys,
unique and check constraints. `relations(…)`, views and other code are skipped; a table statement that cannot
be read is a warning at its line.

`read_drizzle` is a function of the text (and of what earlier blocks of the file defined, for references and
enums across blocks); `read_drizzle_fence` adds its value to the file (parse/script.py sends it the script
blocks that hold a Drizzle table or enum).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from specgen.errors import Diagnostic, info, warning
from specgen.parse.drizzle_syntax import (
    Arr,
    Arrow,
    Call,
    Comments,
    Member,
    Name,
    Node,
    Num,
    Obj,
    Raw,
    Statement,
    Str,
    SyntaxProblem,
    Tpl,
    statements,
    tokenize,
)
from specgen.parse.drizzle_trees import (
    UNKNOWN,
    call_chain,
    callee_name,
    entry_value,
    is_config,
    literal,
    show,
    str_or_none,
    string_value,
    strings,
)
from specgen.parse.drizzle_types import column_type
from specgen.parse.ir import (
    ColumnIR,
    ConstraintIR,
    EntityIR,
    EnumIR,
    ForeignKeyIR,
    Fragment,
    IndexIR,
    ReadContext,
    Skipped,
)
from specgen.parse.markdown import Fence
from specgen.parse.options import ParseOptions
from specgen.source import Location
from specgen.vocab.naming import snake_case
from specgen.vocab.terms import on_action

_DIALECTS = {"pg": "postgresql", "sqlite": "sqlite", "mysql": "mysql", "singlestore": "mysql", "gel": "postgresql"}
_SNIFF = re.compile(
    r"\b(?:\w*Table|\w+\.table)\s*\(\s*['\"`][^'\"`]+['\"`]\s*,|\b(?:pgEnum|\w+\.enum)\s*\(\s*['\"]", re.ASCII
)
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_NUMERIC = ("numeric", "integer", "bigint", "smallint", "real", "double", "serial", "bigserial", "smallserial")
_METHODS = {"btree", "hash", "gist", "gin", "spgist", "brin"}
_UUID_CALLS = re.compile(r"\b(randomUUID|uuid|uuidv4|v4|uuidV4|uuid4)\b")
_NOW_CALLS = re.compile(r"\bnew Date\b|\bDate\s*\.\s*now\b|\bnow\s*\(")


@dataclass(frozen=True)
class DrizzleRead:
    """What one block of Drizzle code defines: the Fragment parts this reader fills."""

    entities: tuple[EntityIR, ...] = ()
    enums: tuple[EnumIR, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    skipped: tuple[Skipped, ...] = ()


def looks_like_drizzle(text: str) -> bool:
    """Whether a script block defines a Drizzle table (`xxxTable('name', …`, `s.table('name', …`) or enum."""
    return _SNIFF.search(text) is not None


def read_drizzle_fence(fence: Fence, context: ReadContext, options: ParseOptions) -> Fragment:
    """What a block of Drizzle code defines (its tables may reference those of the file's earlier blocks)."""
    del options
    found = read_drizzle(fence.text, context.path, fence.line + 1, context.entities, context.enums)
    out = Fragment(context.path, entities=list(found.entities), enums=list(found.enums))
    out.diagnostics.extend(found.diagnostics)
    out.skipped.extend(found.skipped)
    return out


def read_drizzle(
    text: str,
    path: str,
    first_line: int,
    earlier: Sequence[EntityIR] = (),
    earlier_enums: Sequence[EnumIR] = (),
) -> DrizzleRead:
    """The tables and enums of Drizzle code whose first line is line `first_line` of `path`. `earlier` and
    `earlier_enums` are what the file's earlier blocks defined (a table here may reference one of them)."""
    reader = _Reader(path, first_line, earlier, earlier_enums)
    try:
        tokens, reader.comments = tokenize(text)
        found = statements(tokens)
        for st in found:
            reader.declare(st)
        for st in found:
            reader.define(st)
    except SyntaxProblem as exc:  # the lexer recovers from stray quotes; this is a last resort
        reader.warn(f"Drizzle code not read: {exc}", exc.line)
    except RecursionError:  # thousands of nested brackets: what was read so far stays
        reader.warn("Drizzle code not read: nested too deeply", 0)
    return reader.result()


# --- symbols: what a name declared in the block stands for -----------------------------------------------------


@dataclass
class _Table:
    table: str
    schema: str | None
    dialect: str
    args: tuple[Node, ...]
    statement: Statement
    props: dict[str, str] = field(default_factory=dict)  # property -> column name


@dataclass(frozen=True)
class _Enum:
    name: str
    schema: str | None


@dataclass(frozen=True)
class _Schema:
    name: str
    dialect: str


@dataclass(frozen=True)
class _Creator:
    prefix: str
    suffix: str
    dialect: str


@dataclass(frozen=True)
class _Custom:
    """A `customType({ dataType() { return 'citext' } })` builder: the SQL type it returns."""

    sql: str


@dataclass(frozen=True)
class _Columns:
    """A shared columns object (`const timestamps = { … }`) that tables spread in."""

    obj: Obj


class _Reader:
    def __init__(self, path: str, first_line: int, earlier: Sequence[EntityIR], enums: Sequence[EnumIR]) -> None:
        self.path, self.first_line = path, first_line
        self.earlier = [e for e in earlier if e.form == "drizzle"]
        self.earlier_enums = list(enums)
        self.symbols: dict[str, _Table | _Enum | _Schema | _Creator | _Custom | _Columns] = {}
        self.tables: list[tuple[str | None, _Table]] = []
        self.entities: list[EntityIR] = []
        self.enums: list[EnumIR] = []
        self.diagnostics: list[Diagnostic] = []
        self.skipped: list[Skipped] = []
        self.comments = Comments()

    def result(self) -> DrizzleRead:
        return DrizzleRead(tuple(self.entities), tuple(self.enums), tuple(self.diagnostics), tuple(self.skipped))

    def loc(self, line: int) -> Location:
        return Location(self.path, self.first_line + line)

    def warn(self, message: str, line: int) -> None:
        self.diagnostics.append(warning(message, self.loc(line)))

    # pass 1: names ------------------------------------------------------------------------------------------

    def declare(self, st: Statement) -> None:
        if st.problem is not None:
            if _tableish(st.text):
                self.warn(f"Drizzle statement not read ({st.problem})", st.problem.line)
                self.skipped.append(Skipped(self.loc(st.line), "block", f"Drizzle code not read: {st.problem}"))
            return
        value = st.value
        table = self.table_call(value)
        if table is not None:
            table.statement = st
            table.props = self.props(table)
            self.tables.append((st.name, table))
            if st.name:
                self.symbols[st.name] = table
            return
        if not isinstance(value, Call):
            if isinstance(value, Obj) and st.name and any(call_chain(v) for _, v in value.entries):
                self.symbols[st.name] = _Columns(value)
            return
        root = value
        while isinstance(root.callee, Member) and isinstance(root.callee.obj, Call):
            root = root.callee.obj  # pgView('v').as(…)
        callee, args = root.callee, root.args
        fname = callee_name(callee)
        if fname in ("pgSchema", "mysqlSchema") and args and isinstance(args[0], Str) and st.name:
            self.symbols[st.name] = _Schema(args[0].value, "mysql" if fname.startswith("mysql") else "postgresql")
        elif fname is not None and fname.endswith("TableCreator") and args and st.name:
            creator = _creator(args[0], _dialect(fname))
            if creator is not None:
                self.symbols[st.name] = creator
        elif fname == "customType" and st.name and args:
            sql = entry_value(args[0], "dataType")
            if isinstance(sql, Arrow) and isinstance(sql.body, Str):
                self.symbols[st.name] = _Custom(sql.body.value)
        elif self.enum_call(root, st):
            pass
        elif fname == "relations":
            self.diagnostics.append(
                info("Drizzle relations() skipped: relationships come from the foreign keys", self.loc(st.line))
            )
        elif fname is not None and re.search(r"(?:View|Sequence)$", fname):
            what = "view" if fname.endswith("View") else "sequence"
            self.diagnostics.append(info(f"Drizzle {what} '{st.name}' skipped", self.loc(st.line)))
            self.skipped.append(Skipped(self.loc(st.line), "block", f"a Drizzle {what} is not a table"))

    def table_call(self, node: Node) -> _Table | None:
        """`pgTable('t', …)`, `s.table('t', …)`, `createTable('t', …)`, with `.enableRLS()` and the like after it."""
        while isinstance(node, Call) and isinstance(node.callee, Member) and node.callee.prop != "table":
            node = node.callee.obj  # pgTable(…).enableRLS()
        if not isinstance(node, Call) or len(node.args) < 2 or not isinstance(node.args[0], (Str, Tpl)):
            return None
        if not isinstance(node.args[1], (Obj, Arrow)):
            return None  # a table has columns (`console.table('rows', rows)` is no table)
        name = string_value(node.args[0])
        if name is None:
            return None
        callee = node.callee
        if isinstance(callee, Name):
            sym = self.symbols.get(callee.name)
            if isinstance(sym, _Creator):
                return _Table(sym.prefix + name + sym.suffix, None, sym.dialect, node.args, _NO_STATEMENT)
            if callee.name.endswith("Table") and not callee.name.endswith("TableCreator"):
                return _Table(name, None, _dialect(callee.name), node.args, _NO_STATEMENT)
            return None
        if isinstance(callee, Member) and callee.prop == "table":
            schema = self.schema_of(callee.obj)
            if schema is None:
                return _Table(name, None, "postgresql", node.args, _NO_STATEMENT)
            return _Table(name, schema.name, schema.dialect, node.args, _NO_STATEMENT)
        return None

    def schema_of(self, node: Node) -> _Schema | None:
        if isinstance(node, Name):
            sym = self.symbols.get(node.name)
            return sym if isinstance(sym, _Schema) else None
        if isinstance(node, Call) and callee_name(node.callee) in ("pgSchema", "mysqlSchema"):
            name = string_value(node.args[0]) if node.args else None
            return _Schema(name, "postgresql") if name else None
        return None

    def enum_call(self, node: Call, st: Statement) -> bool:
        callee = node.callee
        schema: str | None = None
        if isinstance(callee, Member) and callee.prop == "enum":
            sym = self.schema_of(callee.obj)
            if sym is None:
                return False
            schema = sym.name
        elif callee_name(callee) != "pgEnum":
            return False
        name = string_value(node.args[0]) if node.args else None
        if name is None:
            return False
        values = strings(node.args[1]) if len(node.args) > 1 else None
        if values is None:
            self.warn(f"Drizzle enum '{name}': its values are not a list of strings; not read", st.line)
            return True
        if st.name:
            self.symbols[st.name] = _Enum(name, schema)
        self.enums.append(EnumIR(name, values, self.loc(st.line), form="drizzle", schema=schema))
        return True

    def props(self, table: _Table) -> dict[str, str]:
        out: dict[str, str] = {}
        for prop, node, _ in self.column_entries(table, quiet=True):
            base = call_chain(node)
            out[prop] = _column_name(base[0], prop) if base else prop
        return out

    def column_entries(self, table: _Table, quiet: bool = False) -> list[tuple[str, Node, int]]:
        """(property, builder chain, line) of a table's columns, shared column objects spread in."""
        cols = table.args[1] if len(table.args) > 1 else None
        if isinstance(cols, Arrow):
            cols = cols.body  # pgTable('t', (t) => ({ id: t.integer() }))
        if not isinstance(cols, Obj):
            if not quiet:
                self.warn(f"Drizzle table '{table.table}': its columns are not an object literal", table.statement.line)
            return []
        return self.entries(cols, table, quiet, set())

    def entries(self, obj: Obj, table: _Table, quiet: bool, seen: set[str]) -> list[tuple[str, Node, int]]:
        out: list[tuple[str, Node, int]] = []
        for (key, value), line in zip(obj.entries, obj.key_lines, strict=False):
            if key is not None:
                out.append((key, value, line))
                continue
            sym = self.symbols.get(value.name) if isinstance(value, Name) else None
            if isinstance(sym, _Columns) and isinstance(value, Name) and value.name not in seen:
                out.extend(self.entries(sym.obj, table, quiet, seen | {value.name}))
            elif not quiet:
                self.warn(f"Drizzle table '{table.table}': spread columns '{show(value)}' not read", value.line)
        return out

    # pass 2: tables ------------------------------------------------------------------------------------------

    def define(self, st: Statement) -> None:
        for var, table in self.tables:
            if table.statement is st:
                self.entity(var, table)

    def entity(self, var: str | None, table: _Table) -> None:
        st = table.statement
        entity = EntityIR(self.loc(st.line), "drizzle", table=table.table)
        entity.description = self.comments.doc.get(st.line - 1)
        if table.schema:
            entity.options["schema"] = table.schema
        cols = table.args[1] if len(table.args) > 1 else None
        cols = cols.body if isinstance(cols, Arrow) else cols
        if isinstance(cols, Obj) and self.elided(cols):
            entity.partial = True  # `// ... existing columns`: these add to a table defined elsewhere
        for prop, node, line in self.column_entries(table):
            col = self.column(prop, node, line, var, table, entity)
            if col is not None:
                entity.columns.append(col)
        if len(table.args) > 2:
            self.extras(table.args[2], var, table, entity)
        self.entities.append(entity)

    def elided(self, obj: Obj) -> bool:
        """Whether a comment inside the columns says some are left out (`// ...`, `// … existing`)."""
        return any(
            text.lstrip().startswith(("...", "…"))
            for line, text in self.comments.line.items()
            if obj.line <= line <= obj.end_line
        )

    def column(
        self, prop: str, node: Node, line: int, var: str | None, table: _Table, entity: EntityIR
    ) -> ColumnIR | None:
        chain = call_chain(node)
        if chain is None:
            self.warn(f"Drizzle column '{prop}' of '{table.table}' not understood: {show(node)[:60]}", line)
            return None
        base, methods = chain
        builder = callee_name(base.callee) or ""
        loc = self.loc(line)
        col = ColumnIR(_column_name(base, prop), loc, type_loc=loc)
        col.type = self.builder_type(builder, base, table.dialect)
        if col.type is None:
            col.unmapped_type = builder
            self.warn(f"Drizzle column builder '{builder}' unknown; column '{col.name}' is read as text", line)
        values = strings(entry_value(next((a for a in base.args if isinstance(a, Obj)), None), "enum"))
        if values and builder != "mysqlEnum":  # Drizzle checks these in TypeScript only: the database gets a CHECK
            col.check = f"{col.name} IN (" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"
        if builder in ("serial", "bigserial", "smallserial"):
            col.autoincrement, col.nullable = True, False
        last = max([line, *(m_line for _, _, m_line in methods)])
        # a `/** doc */` above, or a trailing `// comment` (a `//` line above is often a section title)
        col.description = self.comments.doc.get(line - 1) or self.comments.line.get(last)
        for name, args, m_line in methods:
            self.method(col, name, args, m_line, var, table, entity)
        if col.nullable is None:
            col.nullable = not col.primary_key
        return col

    def builder_type(self, builder: str, base: Call, dialect: str) -> str | None:
        sym = self.symbols.get(builder)
        if isinstance(sym, _Enum):
            return f"{sym.schema}.{sym.name}" if sym.schema else sym.name
        if isinstance(sym, _Custom):
            return sym.sql
        if builder == "mysqlEnum":
            values = next((v for v in (strings(a) for a in base.args) if v is not None), None)
            return "enum(" + ", ".join(values) + ")" if values else "text"
        config: Any = next((literal(a) for a in base.args if isinstance(a, Obj)), {})
        found = column_type(builder, config if isinstance(config, dict) else {}, dialect)
        if found is None and builder.endswith("Enum"):
            return self.earlier_enum(builder)
        return found

    def earlier_enum(self, builder: str) -> str | None:
        """The enum an earlier block declared for `statusEnum(…)`: matched by name (`status`, `status_enum`)."""
        stem = _norm(builder[: -len("Enum")])
        exact = [e for e in self.earlier_enums if _norm(e.name) in (stem, _norm(builder))]
        near = [e for e in self.earlier_enums if stem and _norm(e.name).endswith(stem)]  # `task_status`
        found = exact[-1:] or (near if len(near) == 1 else [])
        return next((f"{e.schema}.{e.name}" if e.schema else e.name for e in found), None)

    def method(
        self, col: ColumnIR, name: str, args: tuple[Node, ...], line: int, var: str | None, table: _Table, e: EntityIR
    ) -> None:
        if name == "primaryKey":
            col.primary_key, col.nullable = True, False
            config = literal(args[0]) if args else None
            if isinstance(config, dict) and config.get("autoIncrement") is True:
                col.autoincrement = True
        elif name == "notNull":
            col.nullable = False
        elif name == "unique":
            constraint = string_value(args[0]) if args and isinstance(args[0], Str) else None
            if constraint:
                e.constraints.append(ConstraintIR("unique", self.loc(line), constraint, [col.name]))
            else:
                col.unique = True
        elif name == "default" and args:
            self.default(col, args[0], var, table)
        elif name == "defaultNow":
            col.server_default = "CURRENT_TIMESTAMP"
        elif name == "defaultRandom":
            col.server_default = "gen_random_uuid()"
        elif name in ("$defaultFn", "$default") and args:
            body = show(args[0])
            col.default = "uuid4" if _UUID_CALLS.search(body) else "now" if _NOW_CALLS.search(body) else col.default
        elif name in ("$onUpdate", "$onUpdateFn") and args:
            if _NOW_CALLS.search(show(args[0])) or "CURRENT_TIMESTAMP" in show(args[0]).upper():
                col.on_update = "now"
        elif name == "onUpdateNow":
            col.on_update = "now"
        elif name == "references" and args:
            col.fk = self.reference(args, line, var, table, [col.name])
        elif name == "array":
            col.type = f"{col.type or 'text'}[]"
            if col.server_default in ("'[]'",):
                col.server_default, col.default = None, "[]"
        elif name in ("generatedAlwaysAsIdentity", "generatedByDefaultAsIdentity"):
            col.identity = "always" if name == "generatedAlwaysAsIdentity" else "by default"
            col.autoincrement, col.nullable = True, False
            col.identity_options = _identity(args[0]) if args else None
        elif name == "generatedAlwaysAs" and args:
            col.generated = self.sql_text(args[0].body if isinstance(args[0], Arrow) else args[0], var, table)
        elif name == "autoincrement":
            col.autoincrement = True

    def default(self, col: ColumnIR, node: Node, var: str | None, table: _Table) -> None:
        if isinstance(node, Str) and _NUMBER.fullmatch(node.value) and _is_number(col.type):
            col.server_default = node.value  # numeric('x').default('0'): Drizzle takes decimals as strings
        elif isinstance(node, Str):
            col.server_default = "'" + node.value.replace("'", "''") + "'"
        elif isinstance(node, Num):
            col.server_default = node.text
        elif isinstance(node, Name) and node.name in ("true", "false", "null"):
            col.server_default = node.name
        elif isinstance(node, Tpl):
            col.server_default = self.sql_text(node, var, table) or None
        elif isinstance(node, (Arr, Obj)):
            value = literal(node)
            if value is not UNKNOWN:
                if col.type is not None and col.type.endswith("[]"):
                    col.default = "[]" if value == [] else None
                else:
                    col.server_default = "'" + json.dumps(value, separators=(",", ":")).replace("'", "''") + "'"
        elif isinstance(node, Member) and isinstance(node.obj, Name):
            sym = self.symbols.get(node.obj.name)
            if isinstance(sym, _Enum) or node.obj.name[:1].isupper():
                col.server_default = f"'{node.prop}'"  # a TypeScript enum member: `Status.ACTIVE`

    def reference(
        self, args: tuple[Node, ...], line: int, var: str | None, table: _Table, cols: list[str]
    ) -> ForeignKeyIR | None:
        target = args[0].body if isinstance(args[0], Arrow) else args[0]
        if not isinstance(target, Member) or not isinstance(target.obj, Name):
            self.warn(f"Drizzle reference not understood: {show(args[0])[:60]}", line)
            return None
        ref_table, ref_col = self.target(target.obj.name, target.prop, var, table)
        config = literal(args[1]) if len(args) > 1 else {}
        config = config if isinstance(config, dict) else {}
        fk = ForeignKeyIR(cols, ref_table, [ref_col], self.loc(line))
        fk.on_delete = on_action(str_or_none(config.get("onDelete")))
        fk.on_update = on_action(str_or_none(config.get("onUpdate")))
        fk.name = str_or_none(config.get("name"))
        return fk

    def target(
        self, name: str, prop: str, var: str | None, table: _Table, own: set[str] | None = None
    ) -> tuple[str, str]:
        """The table and column `name.prop` means: this table (`own` names it too), another table of this
        block, an earlier block's, or one named so."""
        sym = table if name == var or name in (own or set()) else self.symbols.get(name)
        if isinstance(sym, _Table):
            qualified = f"{sym.schema}.{sym.table}" if sym.schema else sym.table
            return qualified, sym.props.get(prop, prop)
        for e in reversed(self.earlier):
            if _norm(e.table or "") == _norm(name):
                cols = [c.name for c in e.columns]
                col = next((c for c in cols if c == prop), None) or next(
                    (c for c in cols if _norm(c) == _norm(prop)), prop
                )
                schema = e.options.get("schema")
                return (f"{schema}.{e.table}" if schema else e.table or name), col
        return snake_case(name), prop

    # the third argument: indexes and table constraints ---------------------------------------------------------

    def extras(self, node: Node, var: str | None, table: _Table, e: EntityIR) -> None:
        params: tuple[str, ...] = ()
        if isinstance(node, Arrow):
            params, node = node.params, node.body
        if isinstance(node, Obj):
            items = [v for _, v in node.entries]
        elif isinstance(node, Arr):
            items = list(node.items)
        else:
            self.warn(f"Drizzle table '{table.table}': its third argument is not read", node.line)
            return
        names = {*params, *([var] if var else [])}
        for item in items:
            self.extra(item, names, var, table, e)

    def extra(self, item: Node, names: set[str], var: str | None, table: _Table, e: EntityIR) -> None:
        chain = call_chain(item)
        kind = callee_name(chain[0].callee) if chain else None
        if chain is None or kind is None:
            self.warn(f"Drizzle table option not understood: {show(item)[:60]}", item.line)
            return
        base, methods = chain
        loc = self.loc(item.line)
        args = {m: a for m, a, _ in methods}
        label = string_value(base.args[0]) if base.args and isinstance(base.args[0], Str) else None
        if kind in ("index", "uniqueIndex"):
            index = IndexIR([], loc, name=label, unique=kind == "uniqueIndex")
            for method, margs, _ in methods:
                if method in ("on", "onOnly"):
                    self.index_columns(index, margs, names, table)
                elif method == "using" and margs:
                    using = (string_value(margs[0]) or "").lower()
                    index.method = using if using in _METHODS else None
                    self.index_columns(index, margs[1:], names, table)
                elif method == "where" and margs:
                    index.where = self.sql_text(margs[0], var, table, names)
            e.indexes.append(index)
        elif kind == "primaryKey":
            cols = self.key_columns(base.args, names, table)
            name = str_or_none(literal(entry_value(base.args[0], "name"))) if is_config(base.args) else None
            e.constraints.append(ConstraintIR("primary_key", loc, name, cols))
        elif kind == "unique":
            cols = self.key_columns(args.get("on", ()), names, table)
            e.constraints.append(ConstraintIR("unique", loc, label, cols))
        elif kind == "check" and len(base.args) > 1:
            e.constraints.append(ConstraintIR("check", loc, label, [], self.sql_text(base.args[1], var, table, names)))
        elif kind == "foreignKey" and len(base.args) == 1 and isinstance(base.args[0], (Obj, Arrow)):
            config = base.args[0].body if isinstance(base.args[0], Arrow) else base.args[0]  # older: `() => ({…})`
            self.foreign_key(config, methods, item.line, names, var, table, e)
        else:
            self.warn(f"Drizzle table option '{kind}' not read", item.line)

    def index_columns(self, index: IndexIR, args: tuple[Node, ...], names: set[str], table: _Table) -> None:
        for a in args:
            order: list[str] = []
            while isinstance(a, Call) and isinstance(a.callee, Member) and a.callee.prop in _ORDERS:
                order.insert(0, _ORDERS[a.callee.prop])
                opclass = a.callee.prop == "op" and a.args and string_value(a.args[0])
                a = a.callee.obj
                if opclass:
                    order.pop(0)
                    index.opclasses[self.column_of(a, names, table)] = opclass
            col = self.column_of(a, names, table)
            index.columns.append(col)
            if order:
                index.orders[col] = " ".join(order)

    def column_of(self, node: Node, names: set[str], table: _Table) -> str:
        if isinstance(node, Member) and isinstance(node.obj, Name) and node.obj.name in names:
            return table.props.get(node.prop, node.prop)
        if isinstance(node, Str):
            return node.value
        return self.sql_text(node, None, table, names)

    def key_columns(self, args: tuple[Node, ...], names: set[str], table: _Table) -> list[str]:
        """`primaryKey({ columns: [t.a, t.b] })`, `primaryKey(t.a, t.b)`, `.on(t.a, t.b)`: column names."""
        nodes: tuple[Node, ...] = args
        if len(args) == 1 and isinstance(args[0], Obj):
            cols = next((v for k, v in args[0].entries if k == "columns"), None)
            nodes = cols.items if isinstance(cols, Arr) else ()
        return [self.column_of(n, names, table) for n in nodes]

    def foreign_key(
        self,
        config: Node,
        methods: list[tuple[str, tuple[Node, ...], int]],
        line: int,
        names: set[str],
        var: str | None,
        table: _Table,
        e: EntityIR,
    ) -> None:
        fields = dict((k, v) for k, v in config.entries if k is not None) if isinstance(config, Obj) else {}
        cols = self.key_columns((Obj(line, (("columns", fields.get("columns", Arr(line, ()))),)),), names, table)
        targets = fields.get("foreignColumns")
        refs: list[str] = []
        ref_table = ""
        for t in targets.items if isinstance(targets, Arr) else ():
            if isinstance(t, Member) and isinstance(t.obj, Name):
                ref_table, col = self.target(t.obj.name, t.prop, var, table, names)
                refs.append(col)
        if not cols or not refs:
            self.warn(f"Drizzle foreignKey() of '{table.table}' not understood", line)
            return
        fk = ForeignKeyIR(cols, ref_table, refs, self.loc(line), name=str_or_none(literal(entry_value(config, "name"))))
        for method, margs, _ in methods:
            if method == "onDelete" and margs:
                fk.on_delete = on_action(string_value(margs[0]))
            elif method == "onUpdate" and margs:
                fk.on_update = on_action(string_value(margs[0]))
        e.foreign_keys.append(fk)

    def sql_text(self, node: Node, var: str | None, table: _Table, names: set[str] | None = None) -> str:
        """SQL a `sql\\`…\\`` template (or another expression) stands for; `${t.col}` is the column's name."""
        names = names if names is not None else {*([var] if var else [])}
        if isinstance(node, Tpl):
            out = [node.parts[0]]
            for expr, part in zip(node.exprs, node.parts[1:], strict=False):
                out.append(self.interpolated(expr, names, table))
                out.append(part)
            return "".join(out).strip()
        if isinstance(node, Arrow):
            return self.sql_text(node.body, var, table, {*names, *node.params})
        return show(node)

    def interpolated(self, expr: Node, names: set[str], table: _Table) -> str:
        if isinstance(expr, Member) and isinstance(expr.obj, Name):
            if expr.obj.name in names:
                return table.props.get(expr.prop, expr.prop)
            sym = self.symbols.get(expr.obj.name)
            if isinstance(sym, _Table):
                return f"{sym.table}.{sym.props.get(expr.prop, expr.prop)}"
        if isinstance(expr, Call) and callee_name(expr.callee) == "raw" and expr.args:
            return string_value(expr.args[0]) or ""
        if isinstance(expr, Str):
            return "'" + expr.value.replace("'", "''") + "'"
        if isinstance(expr, Name):
            sym = self.symbols.get(expr.name)
            return sym.table if isinstance(sym, _Table) else expr.name
        return show(expr)


_ORDERS = {"desc": "desc", "asc": "asc", "nullsFirst": "nulls first", "nullsLast": "nulls last", "op": "op"}
_NO_STATEMENT = Statement(None, Raw(0, ""), 0, 0)


# --- helpers ---------------------------------------------------------------------------------------------------


def _column_name(base: Call, prop: str) -> str:
    return base.args[0].value if base.args and isinstance(base.args[0], Str) else prop


def _dialect(func: str) -> str:
    m = re.match(r"^([a-z]+)", func)
    return _DIALECTS.get(m.group(1) if m else "", "postgresql")


def _creator(node: Node, dialect: str) -> _Creator | None:
    """`pgTableCreator((name) => \\`app_${name}\\`)`: the prefix and suffix of its table names."""
    if isinstance(node, Arrow) and isinstance(node.body, Tpl) and len(node.body.exprs) == 1:
        return _Creator(node.body.parts[0], node.body.parts[1], dialect)
    return None


def _identity(node: Node) -> dict[str, int | bool] | None:
    """`{ startWith: 100, increment: 5, minValue, maxValue, cycle }` -> the design's identity options."""
    config = literal(node)
    if not isinstance(config, dict):
        return None
    keys = {"startWith": "start", "increment": "increment", "minValue": "minvalue", "maxValue": "maxvalue"}
    out: dict[str, int | bool] = {}
    for key, name in keys.items():
        value = config.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            out[name] = value
        elif isinstance(value, str) and re.fullmatch(r"-?\d{1,19}", value):
            out[name] = int(value)
    if config.get("cycle") is True:
        out["cycle"] = True
    return out or None


def _is_number(type_text: str | None) -> bool:
    return type_text is not None and type_text.split("(")[0] in _NUMERIC


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def _tableish(words: str) -> bool:
    return bool(re.search(r"Table\b|\.table\b|pgEnum\b", words))
