"""The Alembic target's op renderers: one function per op kind (`RENDER`), laid out as `ruff format` would.

Each takes an op and a `Ctx` and returns (batch table or None, code lines). The downgrade is the
reversed ops rendered by the same functions. Python, not Jinja: the layout (one line if it fits, else
one argument a line) needs lengths; templates/alembic/revision.py.j2 only places the bodies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, get_args

from specgen.design import diff as d
from specgen.design.model import Column, Design, Entity, ForeignKey, IdentityOption, Index
from specgen.design.naming import auto_key
from specgen.render.index_parts import deferrable_code, exclude_code, index_parts, needs_postgresql
from specgen.render.pgcolumn import column_args, column_kwargs, identity_sql, ref_table, schemas, table_kwargs
from specgen.render.pycode import Call, Kw, Lst, fmt, py_str
from specgen.render.satypes import code, server_default_sql, type_spec
from specgen.render.tables import fk_keywords
from specgen.sqlexpr import emit, postgresql_only

q = py_str  # the one Python string literal function (render/pycode.py), under the short name the ops use


# ------------------------------------------------------------------------------------ context


class Ctx:
    """What the op renderers need: enum values and dialects of both designs."""

    def __init__(self, new: Design, old: Design | None) -> None:
        self.enums: dict[str, list[str]] = {}
        self.enum_schemas: dict[str, str] = {}  # enum -> its schema, when not public
        for design in (old, new):
            if design is not None:
                self.enums.update({e.name: list(e.values) for e in design.database_schema.enums})
                self.enum_schemas.update({e.name: e.schema_name for e in design.database_schema.enums if e.schema_name})
        self.dialects = list(new.database_schema.meta.dialects)
        self.sqlite = "sqlite" in self.dialects
        self.imports: set[str] = set()
        self.enum_names = set(self.enums)
        self._types: dict[tuple[object, ...], str] = {}
        self._type_imports: dict[tuple[object, ...], set[str]] = {}
        self.pk: dict[str, list[str]] = {}
        self.entities: dict[str, Entity] = {}
        # table -> its schema, when not public
        self.schemas = schemas(e for x in (new, old) if x is not None for e in x.database_schema.entities)
        for design in (old, new):
            if design is not None:
                for e in design.database_schema.entities:
                    self.entities[e.table_name] = e
                    if e.primary_key:
                        self.pk[e.table_name] = list(e.primary_key.columns)

    def enum_ref(self, name: str) -> str:
        self.imports.add("from sqlalchemy.dialects import postgresql")
        values = ", ".join(q(v) for v in self.enums.get(name, []))
        schema = f", schema={q(self.enum_schemas[name])}" if name in self.enum_schemas else ""
        return f"postgresql.ENUM({values}, name={q(name)}{schema}, create_type=False)"

    def type_arg(self, col: Column, table: str, kw: str = "") -> str | Call | Kw:
        """The type as an argument: enums as a Call (they can be long), other types as text."""
        if col.database_type == "enum" and col.enum:
            self.imports.add("from sqlalchemy.dialects import postgresql")
            values = [q(v) for v in self.enums.get(col.enum, [])]
            schema = [f"schema={q(self.enum_schemas[col.enum])}"] if col.enum in self.enum_schemas else []
            call = Call("postgresql.ENUM", [*values, f"name={q(col.enum)}", *schema, "create_type=False"])
            return Kw(kw, call) if kw else call
        return f"{kw}={self.type_code(col, table)}" if kw else self.type_code(col, table)

    def type_code(self, col: Column, table: str) -> str:
        entity = self.entities.get(table)
        auto_pk = entity is not None and auto_key(entity, col)  # the models' rule (design/naming.py)
        key = (col.database_type, col.sql_type, col.enum, col.item_type, auto_pk, col.domain)
        text = self._types.get(key)
        if text is None:
            imports: set[str] = set()
            text = code(type_spec(col, self.enum_names, autoincrement_pk=auto_pk), self.enum_ref, imports)
            self._types[key] = text
            self._type_imports[key] = imports
        self.imports |= self._type_imports[key]
        return text

    def default(self, col: Column) -> str | None:
        text = server_default_sql(col, self.dialects)
        return None if text is None else f"sa.text({q(text)})"

    def column(self, col: Column, table: str) -> Call:
        # after the type: sa.Identity / sa.Computed
        args: list[Any] = [q(col.name), self.type_arg(col, table), *column_args(col)]
        pk = self.pk.get(table, ())
        is_pk = col.name in pk
        if (
            is_pk
            and len(pk) == 1
            and col.database_type in ("smallint", "integer", "bigint")
            and col.autoincrement is False
        ):
            args.append("autoincrement=False")
        args.append(f"nullable={col.nullable and not is_pk}")
        default = self.default(col)
        if default:
            args.append(f"server_default={default}")
        args += [f"{k}={v}" for k, v in column_kwargs(col)]
        return Call("sa.Column", args)


def _fk_args(table: str, fk: ForeignKey, in_schema: dict[str, str] | None = None, own: str | None = None) -> list[str]:
    target = ref_table(fk.ref_table, in_schema or {}, own)
    args = [
        "[" + ", ".join(q(c) for c in fk.columns) + "]",
        "[" + ", ".join(q(f"{target}.{c}") for c in fk.ref_columns) + "]",
    ]
    return args + [f"{k}={q(v) if isinstance(v, str) else repr(v)}" for k, v in fk_keywords(fk, fk_name(table, fk))]


def fk_name(table: str, fk: ForeignKey) -> str:
    return d.fk_name(table, fk)


def _on(text: str, ctx: Ctx) -> tuple[str, ...]:
    """The dialects an expression is created on: PostgreSQL alone for PostgreSQL-only SQL when SQLite is a target."""
    return ("postgresql",) if ctx.sqlite and pg_only(text) else tuple(ctx.dialects)


def _index_call(ix: Index, prefix: str, table: str, on: tuple[str, ...], extra: Sequence[str]) -> Call:
    """`on`: the dialects the index is created on; its expressions are rendered from their parse for them."""
    parts = index_parts(ix, _is_column, on)
    cols = [f"sa.text({q(t)})" if is_text else q(t) for is_text, t in parts.elements]
    args = [q(ix.index_name), q(table), "[" + ", ".join(cols) + "]", f"unique={ix.unique}"]
    if ix.index_type != "btree":
        args.append(f"postgresql_using={q(ix.index_type)}")
    args += [f"{k}={v}" for k, v in parts.kwargs_code()]
    if ix.condition:
        where = q(emit(ix.condition, on))
        args.append(f"postgresql_where=sa.text({where})")
        args.append(f"sqlite_where=sa.text({where})")
    return Call(f"{prefix}.create_index", [*args, *extra])


# ------------------------------------------------------------------------------------ op renderers
# Each returns (batch table or None, lines at the indent of the function body or of the batch block).

Lines = list[str]


def _create_table(op: d.CreateTable, ctx: Ctx) -> tuple[str | None, Lines]:
    e = op.entity
    args: list[Any] = [q(e.table_name)]
    args += [ctx.column(c, e.table_name) for c in e.columns]
    pk = list(e.primary_key.columns) if e.primary_key else []
    if pk:
        args.append(Call("sa.PrimaryKeyConstraint", [q(c) for c in pk]))
    for fk in op.foreign_keys:
        args.append(Call("sa.ForeignKeyConstraint", _fk_args(e.table_name, fk, ctx.schemas, e.schema_name)))
    for c in d.table_constraints(e):
        args.append(_constraint_call(e.table_name, c, ctx))
    for c in e.constraints:
        if c.type == "exclude" and c.operators:  # PostgreSQL's: SQLite skips it
            ctx.imports.add("from sqlalchemy.dialects import postgresql")
            ex_args, ex_kw = exclude_code(c, d.constraint_name(e.table_name, c), _is_column)
            tail = '.ddl_if(dialect="postgresql")' if ctx.sqlite else ""
            args.append(Call("postgresql.ExcludeConstraint", ex_args + [f"{k}={v}" for k, v in ex_kw], tail=tail))
    args += [f"{k}={v}" for k, v in table_kwargs(e)]
    lines = fmt(Call("op.create_table", args, explode=True), 4)
    if e.unlogged:  # no Table keyword says UNLOGGED: set right after (the table is empty)
        lines += _set_unlogged(d.SetUnlogged(e.table_name, True, e.schema_name), ctx)[1]
    return None, lines


def _constraint_call(table: str, c: Any, ctx: Ctx) -> Call:
    name = d.constraint_name(table, c)
    if c.type == "unique":
        kw = [f"{k}={v}" for k, v in deferrable_code(c)]
        return Call("sa.UniqueConstraint", [*(q(x) for x in c.columns), f"name={q(name)}", *kw])
    on = _on(c.expression or "", ctx)
    tail = '.ddl_if(dialect="postgresql")' if on == ("postgresql",) and ctx.sqlite else ""
    return Call("sa.CheckConstraint", [q(emit(c.expression or "", on)), f"name={q(name)}"], tail=tail)


def pg_only(expression: str) -> bool:
    """PostgreSQL-only SQL (sqlexpr's one list): such checks and indexes are created on PostgreSQL only."""
    return postgresql_only(expression)


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _is_column(element: str) -> bool:
    return _IDENT.fullmatch(element) is not None


def _index_pg_only(ix: Index) -> bool:
    exprs = [c for c in ix.columns if not _is_column(c)]
    texts = [*exprs, *([ix.condition] if ix.condition else [])]
    return any(pg_only(t) for t in texts) or needs_postgresql(ix, _is_column)


def _drop_table(op: d.DropTable, ctx: Ctx) -> tuple[str | None, Lines]:
    own = op.entity.schema_name if op.entity is not None else ctx.schemas.get(op.table)
    schema = f", schema={q(own)}" if own else ""
    return None, [f"    op.drop_table({q(op.table)}{schema})"]


def _rename_table(op: d.RenameTable, ctx: Ctx) -> tuple[str | None, Lines]:
    """The table, then on PostgreSQL its primary key and the sequences of its auto key, which carry its name.
    (Its FKs, uniques, checks and indexes are RenameConstraint ops of their own.)"""
    lines = [f"    op.rename_table({q(op.table)}, {q(op.new_name)})"]
    pg: Lines = _execute(f"ALTER INDEX IF EXISTS {ident(op.table + '_pkey')} RENAME TO {ident(op.new_name + '_pkey')}")
    entity = ctx.entities.get(op.new_name)
    for col in entity.columns if entity is not None else []:
        if entity is not None and auto_key(entity, col):
            old, new = ident(f"{op.table}_{col.name}_seq"), ident(f"{op.new_name}_{col.name}_seq")
            pg += _execute(f"ALTER SEQUENCE IF EXISTS {old} RENAME TO {new}")
    return None, lines + _pg(pg)


def _rename_constraint(op: d.RenameConstraint, ctx: Ctx) -> tuple[str | None, Lines]:
    """PostgreSQL renames in place; other databases (SQLite) drop and create it, in a batch copy."""
    old, new = ident(op.old_name), ident(op.new_name)
    if isinstance(op.new, d.CreateIndex):
        sql = f"ALTER INDEX {old} RENAME TO {new}"
    else:
        sql = f"ALTER TABLE {ident(op.table)} RENAME CONSTRAINT {old} TO {new}"
    lines = ['    if op.get_context().dialect.name == "postgresql":', *_execute(sql), "    else:"]
    batch: str | None = None
    for sub in (op.old, op.new):
        table, sub_lines = RENDER[type(sub)](sub, ctx)
        if table is not None and table != batch:
            lines += batch_open(table, 8)
        batch = table
        lines += ["    " + line for line in sub_lines]
    return None, lines


def _add_column(op: d.AddColumn, ctx: Ctx) -> tuple[str | None, Lines]:
    col = Call("batch_op.add_column", [ctx.column(op.column, op.table)])
    return op.table, fmt(col, 8)


def _drop_column(op: d.DropColumn, ctx: Ctx) -> tuple[str | None, Lines]:
    return op.table, fmt(Call("batch_op.drop_column", [q(op.column.name)]), 8)


def _rename_column(op: d.RenameColumn, ctx: Ctx) -> tuple[str | None, Lines]:
    return op.table, fmt(Call("batch_op.alter_column", [q(op.old), f"new_column_name={q(op.new)}"]), 8)


_PG_CAST = {
    "double": "double precision",
    "timestamptz": "timestamp with time zone",
    "timestamp": "timestamp",
    "bytea": "bytea",
}


def _pg_type(col: Column) -> str:
    if col.enum:
        return f"text::{ident(col.enum)}"  # PostgreSQL casts to an enum from text only
    if col.database_type == "array":
        return f"{col.item_type or 'text'}[]"
    return _PG_CAST.get(col.database_type, col.sql_type)


def _comment_args(op: d.AlterColumn) -> list[str]:
    if not op.comment_changed:
        return [f"existing_comment={q(op.new.comment)}"] if op.new.comment is not None else []
    new = "None" if op.new.comment is None else q(op.new.comment)
    old = [f"existing_comment={q(op.old.comment)}"] if op.old.comment is not None else []
    return [f"comment={new}", *old]


def _recompute_column(op: d.RecomputeColumn, ctx: Ctx) -> tuple[str | None, Lines]:
    """Dropped and added again in one batch: the new expression computes every row's value."""
    lines = fmt(Call("batch_op.drop_column", [q(op.old.name)]), 8)
    return op.table, lines + fmt(Call("batch_op.add_column", [ctx.column(op.new, op.table)]), 8)


def _identity_sql(op: d.AlterColumn) -> list[str]:
    """ALTER COLUMN … ADD / SET / DROP IDENTITY: PostgreSQL's (SQLite has no identity columns)."""
    alter = f"ALTER TABLE {ident(op.table)} ALTER COLUMN {ident(op.new.name)}"
    how = {"always": "ALWAYS", "by default": "BY DEFAULT"}
    if op.new.identity is None:
        return [f"{alter} DROP IDENTITY IF EXISTS"]
    if op.old.identity is None:  # a serial's default gives way; numbering goes on after the rows there are
        table, col = op.table.replace("'", "''"), op.new.name.replace("'", "''")
        return [
            f"{alter} DROP DEFAULT",
            f"{alter} ADD {identity_sql(op.new.identity == 'always', op.new.identity_options)}",
            f"SELECT setval(pg_get_serial_sequence('{ident(table)}', '{col}'), "
            f"coalesce(max({ident(op.new.name)}), 0) + 1, false) FROM {ident(op.table)}",
        ]
    clauses = [f"SET GENERATED {how[op.new.identity]}"] if op.old.identity != op.new.identity else []
    clauses += _sequence_changes(op.old.identity_options or {}, op.new.identity_options or {})
    return [f"{alter} {' '.join(clauses)}"]


def _sequence_changes(old: Mapping[IdentityOption, int | bool], new: Mapping[IdentityOption, int | bool]) -> list[str]:
    """`SET INCREMENT BY 10 SET NO MAXVALUE …`: an identity's sequence options that changed, an option no longer
    stated going back to PostgreSQL's default. The numbering goes on where it is (START WITH is for a restart)."""
    step = int(new.get("increment", 1))
    out = []
    for key in get_args(IdentityOption):
        if old.get(key) == new.get(key):
            continue
        value = new.get(key)
        if key == "cycle":
            out.append("SET CYCLE" if value else "SET NO CYCLE")
        elif key in ("minvalue", "maxvalue"):
            out.append(f"SET {key.upper()} {value}" if value is not None else f"SET NO {key.upper()}")
        elif key == "increment":
            out.append(f"SET INCREMENT BY {step}")
        else:  # START WITH: by default where the numbering leaves from
            lowest = new.get("minvalue", 1) if step > 0 else new.get("maxvalue", -1)
            out.append(f"SET START WITH {value if value is not None else lowest}")
    return out


def _alter_column(op: d.AlterColumn, ctx: Ctx) -> tuple[str | None, Lines]:
    old, new = op.old, op.new
    if op.identity_changed or op.domain_changed:
        # PostgreSQL alone has them; the rest of the change (if any) follows as a plain alter
        pg_lines: Lines = []
        if op.domain_changed:
            target = new.domain or _pg_type(new)
            column = ident(new.name)
            pg_lines += _execute(
                f"ALTER TABLE {ident(op.table)} ALTER COLUMN {column} TYPE {target} USING {column}::{target}"
            )
        pg_lines += [x for s in (_identity_sql(op) if op.identity_changed else []) for x in _execute(s)]
        rest = replace(op, new=new.model_copy(update={"identity": old.identity, "domain": old.domain}))
        if not (rest.type_changed or rest.nullable_changed or rest.default_changed or rest.comment_changed):
            return None, _pg(pg_lines)
        batch, more = _alter_column(rest, ctx)
        return batch, _pg(pg_lines) + more
    if not (op.type_changed or op.nullable_changed or op.default_changed):
        # a comment alone: PostgreSQL's COMMENT ON (SQLite keeps none; a batch would copy the table for nothing)
        only: list[Any] = [q(op.table), q(new.name), ctx.type_arg(old, op.table, "existing_type")]
        only += [*_comment_args(op), f"existing_nullable={new.nullable}", *_schema_kw(op.table, ctx)]
        return None, _pg(fmt(Call("op.alter_column", only), 8))
    args: list[Any] = [q(new.name), ctx.type_arg(old, op.table, "existing_type")]
    if op.type_changed:
        args.append(ctx.type_arg(new, op.table, "type_"))
        if old.database_type != new.database_type or old.enum != new.enum:
            args.append(f"postgresql_using={q(f'{new.name}::{_pg_type(new)}')}")
    if op.nullable_changed:
        args.append(f"nullable={new.nullable}")
    else:
        args.append(f"existing_nullable={new.nullable}")
    if op.default_changed:
        args.append(f"server_default={ctx.default(new) or 'None'}")
    elif ctx.default(new):
        args.append(f"existing_server_default={ctx.default(new)}")
    args += _comment_args(op)
    lines: Lines = []
    fill = server_default_sql(new, ctx.dialects)
    if op.nullable_changed and not new.nullable and fill is not None:
        # a server default does not reach rows that exist: give them the value before NOT NULL is set
        sql = f"UPDATE {ident(op.table)} SET {ident(new.name)} = {fill} WHERE {ident(new.name)} IS NULL"
        lines += fmt(Call("op.execute", [q(sql)]), 8)
    return op.table, lines + fmt(Call("batch_op.alter_column", args), 8)


def _set_unlogged(op: d.SetUnlogged, ctx: Ctx) -> tuple[str | None, Lines]:
    how = "UNLOGGED" if op.unlogged else "LOGGED"
    return None, _pg(_execute(f"ALTER TABLE {qualified_ident(op.table, op.schema)} SET {how}"))


def _set_table_comment(op: d.SetTableComment, ctx: Ctx) -> tuple[str | None, Lines]:
    """COMMENT ON TABLE, on PostgreSQL (SQLite keeps no comments)."""
    schema = [f"schema={q(op.schema)}"] if op.schema else []
    old = [f"existing_comment={q(op.old)}"] if op.old is not None else []
    if op.new is None:
        call = Call("op.drop_table_comment", [q(op.table), *old, *schema])
    else:
        call = Call("op.create_table_comment", [q(op.table), q(op.new), *old, *schema])
    return None, _pg(fmt(call, 8))


def _create_index(op: d.CreateIndex, ctx: Ctx) -> tuple[str | None, Lines]:
    pg_alone = ctx.sqlite and _index_pg_only(op.index)  # created on PostgreSQL only: its SQL is PostgreSQL's
    on = ("postgresql",) if pg_alone else tuple(ctx.dialects)
    call = _index_call(op.index, "op", op.table, on, _in_schema(op.table, ctx))
    if pg_alone:
        return None, _pg(fmt(call, 8))
    return None, fmt(call, 4)


def _drop_index(op: d.DropIndex, ctx: Ctx) -> tuple[str | None, Lines]:
    call = Call("op.drop_index", [q(op.index.index_name), f"table_name={q(op.table)}", *_in_schema(op.table, ctx)])
    if ctx.sqlite and _index_pg_only(op.index):
        return None, _pg(fmt(call, 8))
    return None, fmt(call, 4)


def _own_schema(table: str, ctx: Ctx) -> str | None:
    return ctx.entities[table].schema_name if table in ctx.entities else None


def _in_schema(table: str, ctx: Ctx) -> list[str]:
    """`schema=` for a table of either design (an index's table may be gone from the new one)."""
    return [f"schema={q(ctx.schemas[table])}"] if table in ctx.schemas else []


def _schema_kw(table: str, ctx: Ctx) -> list[str]:
    own = _own_schema(table, ctx)
    return [f"schema={q(own)}"] if own else []


def _create_constraint(op: d.CreateConstraint, ctx: Ctx) -> tuple[str | None, Lines]:
    c = op.constraint
    name = op.name
    if c.type == "exclude":  # PostgreSQL's alone (SQLite has none): the same elements as at CREATE TABLE
        elements, ex_kw = exclude_code(c, name, _is_column)
        kwargs = [f"{k}={v}" for k, v in ex_kw if k != "name"] + _schema_kw(op.table, ctx)
        return None, _pg(fmt(Call("op.create_exclude_constraint", [q(name), q(op.table), *elements, *kwargs]), 8))
    if c.type == "check" and ctx.sqlite and pg_only(c.expression or ""):
        text = q(emit(c.expression or "", ("postgresql",)))
        return None, _pg(fmt(Call("op.create_check_constraint", [q(name), q(op.table), text]), 8))
    if c.type == "unique":
        cols = "[" + ", ".join(q(x) for x in c.columns) + "]"
        kw = [f"{k}={v}" for k, v in deferrable_code(c)]
        call = Call("batch_op.create_unique_constraint", [q(name), cols, *kw])
    else:
        call = Call(
            "batch_op.create_check_constraint", [q(name), q(emit(c.expression or "", _on(c.expression or "", ctx)))]
        )
    return op.table, fmt(call, 8)


def _drop_constraint(op: d.DropConstraint, ctx: Ctx) -> tuple[str | None, Lines]:
    if op.constraint.type == "exclude":
        return None, _pg(fmt(Call("op.drop_constraint", [q(op.name), q(op.table), *_schema_kw(op.table, ctx)]), 8))
    kind = "unique" if op.constraint.type == "unique" else "check"
    if kind == "check" and ctx.sqlite and pg_only(op.constraint.expression or ""):
        return None, _pg(fmt(Call("op.drop_constraint", [q(op.name), q(op.table), 'type_="check"']), 8))
    return op.table, fmt(Call("batch_op.drop_constraint", [q(op.name), f"type_={q(kind)}"]), 8)


def _create_fk(op: d.CreateForeignKey, ctx: Ctx) -> tuple[str | None, Lines]:
    fk = op.fk
    args = [
        q(fk_name(op.table, fk)),
        q(fk.ref_table),
        "[" + ", ".join(q(c) for c in fk.columns) + "]",
        "[" + ", ".join(q(c) for c in fk.ref_columns) + "]",
    ]
    args += _fk_args(op.table, fk)[3:]
    if fk.ref_table in ctx.schemas or "." in fk.ref_table:
        schema, _, table = ref_table(fk.ref_table, ctx.schemas, _own_schema(op.table, ctx)).rpartition(".")
        args[1] = q(table)
        args.append(f"referent_schema={q(schema)}")
    return op.table, fmt(Call("batch_op.create_foreign_key", args), 8)


def _drop_fk(op: d.DropForeignKey, ctx: Ctx) -> tuple[str | None, Lines]:
    return op.table, fmt(Call("batch_op.drop_constraint", [q(fk_name(op.table, op.fk)), 'type_="foreignkey"']), 8)


def _sql_list(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def ident(name: str) -> str:
    """A PostgreSQL identifier quoted where needed, as SQLAlchemy quotes it (mixed case, reserved words)."""
    from sqlalchemy.dialects import postgresql

    return postgresql.dialect().identifier_preparer.quote(name)


def _pg(lines: Lines) -> Lines:
    """Lines (rendered at indent 8) that run on PostgreSQL only."""
    return ['    if op.get_context().dialect.name == "postgresql":', *lines]


def _execute(sql: str, indent: int = 8) -> Lines:
    return fmt(Call("op.execute", [q(sql)]), indent)


def qualified_ident(name: str, schema: str | None) -> str:
    """`schema.name` quoted where needed; the bare name in public."""
    return f"{ident(schema)}.{ident(name)}" if schema else ident(name)


def _create_enum(op: d.CreateEnum, ctx: Ctx) -> tuple[str | None, Lines]:
    name = qualified_ident(op.table, op.schema)
    return None, _pg(_execute(f"CREATE TYPE {name} AS ENUM ({_sql_list(op.values)})"))


def _drop_enum(op: d.DropEnum, ctx: Ctx) -> tuple[str | None, Lines]:
    return None, _pg(_execute(f"DROP TYPE IF EXISTS {qualified_ident(op.table, op.schema)}"))


def _rename_enum(op: d.RenameEnum, ctx: Ctx) -> tuple[str | None, Lines]:
    name = qualified_ident(op.table, op.schema)
    return None, _pg(_execute(f"ALTER TYPE {name} RENAME TO {ident(op.new_name)}"))


def _alter_enum(op: d.AlterEnum, ctx: Ctx) -> tuple[str | None, Lines]:
    name, old = qualified_ident(op.table, op.schema), qualified_ident(op.table + "_old", op.schema)
    lines = _enum_length(op, ctx)
    if op.only_added:
        # ADD VALUE commits on its own, so that a later step of this revision (a default) may use the value
        added = op.new_values[len(op.old_values) :]
        add = [x for v in added for x in _execute(f"ALTER TYPE {name} ADD VALUE IF NOT EXISTS {_sql_list([v])}", 12)]
        return None, _pg(["        with op.get_context().autocommit_block():", *add]) + lines
    lines = [
        *_execute(f"ALTER TYPE {name} RENAME TO {old}"),
        *_execute(f"CREATE TYPE {name} AS ENUM ({_sql_list(op.new_values)})"),
    ]
    for table, column, default in op.columns:
        alter = f"ALTER TABLE {ident(table)} ALTER COLUMN {ident(column)}"
        if default is not None:
            lines += _execute(f"{alter} DROP DEFAULT")
        lines += _execute(f"{alter} TYPE {name} USING {ident(column)}::text::{name}")
        if default is not None:
            lines += _execute(f"{alter} SET DEFAULT {default}")
    lines += _execute(f"DROP TYPE {old}")
    return None, _pg(lines) + _enum_length(op, ctx)


def _enum_length(op: d.AlterEnum, ctx: Ctx) -> Lines:
    """On SQLite an enum is a VARCHAR as long as its longest value: its columns follow the values."""
    before, after = max(map(len, op.old_values), default=1), max(map(len, op.new_values), default=1)
    if before == after or not op.columns:
        return []
    lines = ['    if op.get_context().dialect.name == "sqlite":']
    for table, column, _ in op.columns:
        lines += batch_open(table, 8)
        call = Call(
            "batch_op.alter_column", [q(column), f"existing_type=sa.String({before})", f"type_=sa.String({after})"]
        )
        lines += fmt(call, 12)
    return lines


RENDER: dict[type[d.Op], Callable[[Any, Ctx], tuple[str | None, Lines]]] = {
    d.CreateTable: _create_table,
    d.DropTable: _drop_table,
    d.RenameTable: _rename_table,
    d.AddColumn: _add_column,
    d.DropColumn: _drop_column,
    d.RenameColumn: _rename_column,
    d.AlterColumn: _alter_column,
    d.SetTableComment: _set_table_comment,
    d.SetUnlogged: _set_unlogged,
    d.RecomputeColumn: _recompute_column,
    d.CreateIndex: _create_index,
    d.DropIndex: _drop_index,
    d.CreateConstraint: _create_constraint,
    d.DropConstraint: _drop_constraint,
    d.CreateForeignKey: _create_fk,
    d.DropForeignKey: _drop_fk,
    d.CreateEnum: _create_enum,
    d.DropEnum: _drop_enum,
    d.AlterEnum: _alter_enum,
    d.RenameConstraint: _rename_constraint,
    d.RenameEnum: _rename_enum,
}
RENDER.update(__import__("specgen.render.alembic_pgops", fromlist=["PG_RENDER"]).PG_RENDER)


def render_ops(ops: list[d.Op], ctx: Ctx) -> Lines:
    """The body of upgrade() or downgrade(): consecutive ops on one table share a batch_alter_table block."""
    out: Lines = []
    batch: str | None = None
    for op in ops:
        table, lines = RENDER[type(op)](op, ctx)
        if table is not None and table != batch:
            out += batch_open(table, 4, ctx.schemas.get(table))
        batch = table
        out.extend(lines)
        if isinstance(op, d.RenameColumn):
            # SQLite's batch copy keys columns by their old names until the block ends: later ops on the
            # column (type, constraints) see its new name only in a block of their own
            batch = None
    tables = sorted({m for line in out for m in _BATCH.findall(line)} | set(_BATCH_WRAPPED.findall("\n".join(out))))
    if tables:
        # a failed earlier attempt on SQLite leaves alembic's copy (_alembic_tmp_<table>) behind, and the
        # copy would stop every later attempt: drop what an earlier attempt left
        guard = fmt(Call("op.execute", ["f'DROP TABLE IF EXISTS \"_alembic_tmp_{table}\"'"]), 12)
        out = [
            '    if op.get_context().dialect.name == "sqlite":',
            *_for_each("table", [q(t) for t in tables], 8),
            *guard,
            *out,
        ]
    return out or ["    pass"]


def _for_each(var: str, items: list[str], indent: int) -> Lines:
    """`for var in [a, b]:` as ruff formats it (one item a line when it does not fit)."""
    return fmt(Lst(list(items)), indent, f"for {var} in ", ":")


_BATCH = re.compile(r'^\s*with op\.batch_alter_table\("([^"]+)"')
_BATCH_WRAPPED = re.compile(r'with op\.batch_alter_table\(\n\s*"([^"]+)"')  # batch_open's wrapped form
# The revision defines it (templates/alembic/revision.py.j2): on SQLite a batch copy reflects its table, and
# by default every table its keys reach, recursively; along a long FK chain or cycle (500 tables) that
# recursion overflows Python's stack. The copy needs only the referenced names, which alembic stubs.
BATCH_REFLECT = "BATCH_REFLECT"


def batch_open(table: str, indent: int, schema: str | None = None) -> Lines:
    """The line(s) that open a batch block on `table` (reflecting that table only), as ruff formats them."""
    args = [q(table), *([f"schema={q(schema)}"] if schema else []), f"reflect_kwargs={BATCH_REFLECT}"]
    return fmt(Call("op.batch_alter_table", args, hug=True), indent, "with ", " as batch_op:")
