"""sqlglot DDL nodes -> SpecIR values: columns, types, defaults, keys, constraints and indexes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypedDict

from sqlglot import exp

from specgen.errors import info, warning
from specgen.parse.ir import ColumnIR, ConstraintIR, EntityIR, ForeignKeyIR, Fragment, IndexIR
from specgen.source import Location
from specgen.vocab.pgtypes import PG_TYPES
from specgen.vocab.terms import OnAction, on_action
from specgen.vocab.types import UnknownType, parse_type

_NOW_FUNCS = {"CURRENT_TIMESTAMP", "NOW()", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIMESTAMP"}
# sqlglot type names whose spelling differs from ours.
_TYPE_NAMES = {
    "INT": "integer",
    "BIGINT": "bigint",
    "SMALLINT": "smallint",
    "TINYINT": "smallint",
    "MEDIUMINT": "integer",
    "SERIAL": "serial",
    "BIGSERIAL": "bigserial",
    "SMALLSERIAL": "smallserial",
    "FLOAT": "real",
    "DOUBLE": "double",
    "DECIMAL": "numeric",
    "MONEY": "money",
    "BOOLEAN": "boolean",
    "DATETIME": "timestamp",
    "TIMESTAMP": "timestamp",
    "TIMESTAMPNTZ": "timestamp",
    "TIMESTAMPTZ": "timestamptz",
    "TIMESTAMPLTZ": "timestamptz",
    "DATE": "date",
    "TIME": "time",
    "TIMETZ": "time",
    "INTERVAL": "interval",
    "TEXT": "text",
    "MEDIUMTEXT": "text",
    "LONGTEXT": "text",
    "TINYTEXT": "text",
    "NAME": "text",
    "CITEXT": "citext",
    "VARCHAR": "varchar",
    "NVARCHAR": "varchar",
    "CHAR": "char",
    "NCHAR": "char",
    "BPCHAR": "char",
    "UUID": "uuid",
    "JSON": "json",
    "JSONB": "jsonb",
    "BLOB": "bytea",
    "MEDIUMBLOB": "bytea",
    "LONGBLOB": "bytea",
    "TINYBLOB": "bytea",
    "VARBINARY": "bytea",
    "BINARY": "bytea",
    "BYTEA": "bytea",
    "TSVECTOR": "tsvector",
    "INET": "inet",
    "BIT": "boolean",
    "YEAR": "smallint",
    "UINT": "integer",
    "UBIGINT": "bigint",
    "USMALLINT": "smallint",
    "UTINYINT": "smallint",
    "UMEDIUMINT": "integer",
    "UDECIMAL": "numeric",
}


@dataclass
class Context:
    path: str
    block_line: int  # file line of the block's first content line
    dialect: str
    base_line: int = 0  # 0-based block line of the statement being read
    enums: set[str] = field(default_factory=set)
    domains: dict[str, tuple[exp.DataType, list[str], bool]] = field(default_factory=dict)
    sequences: set[str] = field(default_factory=set)
    # `SET search_path = test, …`: the schema unqualified names are created in (None: public), and the path as
    # written, which verbatim objects (views, functions) are created under
    schema: str | None = None
    search_path: str | None = None
    type_schemas: dict[str, str] = field(default_factory=dict)  # a spec's type or domain -> its schema (not public)

    def type_ref(self, name: str, schema: str | None) -> str:
        """How a column's DDL names a type: quoted where needed, with its schema when not public."""
        return f"{quote_ident(schema)}.{quote_ident(name)}" if schema else quote_ident(name)

    def loc(self, node: exp.Expression | None) -> Location:
        meta = node.meta if node is not None else {}
        line = meta.get("line", 1) if isinstance(meta, dict) else 1
        return Location(self.path, self.block_line + self.base_line + line - 1)


def strip_schema(node: exp.Expression) -> str:
    """`public.actor` -> `actor`; a Table, an Identifier or a Dot."""
    if isinstance(node, exp.Table):
        return node.name
    if isinstance(node, exp.Schema):
        return strip_schema(node.this)
    return node.name if node.name else node.sql().rpartition(".")[2].strip('"`')


def quote_ident(name: str) -> str:
    return name if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) else '"' + name.replace('"', '""') + '"'


def domain_name(dt: exp.Expression | None, ctx: Context) -> str | None:
    """The name of the PostgreSQL domain `dt` names (domains read in this block), else None."""
    if not ctx.domains or ctx.dialect != "postgres" or not isinstance(dt, exp.DataType):
        return None
    kind = dt.args.get("kind")
    written = (kind.name if isinstance(kind, exp.Expression) else kind) or dt.sql(ctx.dialect)
    name = str(written).strip('"`').rpartition(".")[2]
    return name if name.lower() in ctx.domains else None


def table_schema(node: exp.Expression, ctx: Context) -> str | None:
    """The schema a table is in: its qualifier (None for public), else the search path's first schema."""
    return schema_of(node) if _qualifier(node) else ctx.schema


def qualified(node: exp.Expression, ctx: Context) -> str:
    """`schema.table` for a table outside public (as written, or by the search path), else the bare name."""
    schema = table_schema(node, ctx) if ctx.dialect == "postgres" else None
    return f"{schema}.{strip_schema(node)}" if schema else strip_schema(node)


def _qualifier(node: exp.Expression) -> str | None:
    table = node.this if isinstance(node, exp.Schema) else node
    db = table.args.get("db") if isinstance(table, exp.Table) else None
    return db.name if isinstance(db, exp.Identifier) and db.name else None


def schema_of(node: exp.Expression) -> str | None:
    """The schema a table name is qualified with, unless it is `public` (PostgreSQL's default)."""
    table = node.this if isinstance(node, exp.Schema) else node
    db = table.args.get("db") if isinstance(table, exp.Table) else None
    name = db.name if isinstance(db, exp.Identifier) else None
    return name if name and name.lower() != "public" else None


def type_text(dt: exp.Expression | None, ctx: Context) -> tuple[str | None, list[str], bool]:
    """A column type in specgen's vocabulary; also a domain's checks and whether it is NOT NULL."""
    if dt is None:
        return None, [], False
    if not isinstance(dt, exp.DataType):
        return dt.sql(ctx.dialect).lower(), [], False
    t = dt.this
    name = t.name if hasattr(t, "name") else str(t)
    user_defined = name in ("USERDEFINED", "UNKNOWN")
    if user_defined or ctx.domains:  # only then is the written name needed (rendering it costs time)
        kind = dt.args.get("kind")
        written = (kind.name if isinstance(kind, exp.Expression) else kind) or dt.sql(ctx.dialect)
        written = str(written).strip('"`').rpartition(".")[2]
    if user_defined or (ctx.domains and written.lower() in ctx.domains):
        raw = written
        domain = ctx.domains.get(raw.lower())
        if domain is not None:
            text, _, _ = type_text(domain[0], ctx)
            return text, list(domain[1]), domain[2]
        if ctx.dialect == "postgres" and raw.lower() not in ctx.enums:
            return _pg_type_text(dt, raw, ctx), [], False
        return raw, [], False
    if name == "ARRAY":
        items = dt.expressions
        inner, _, _ = type_text(items[0] if items else None, ctx)
        return f"{inner or 'text'}[]", [], False
    if name == "SET":  # MySQL SET('a', 'b'): several values of a fixed list
        return "text[]", [], False
    if name == "ENUM":
        values = [e.name for e in dt.expressions]
        return "enum(" + ", ".join(values) + ")", [], False
    if name == "BIT" and ctx.dialect == "postgres":  # a bit string in PostgreSQL (MySQL's BIT(1) is a flag)
        return dt.sql(ctx.dialect).lower(), [], False
    if ctx.dialect == "postgres" and name in _PG_OWN:  # PostgreSQL types other dialects' names stand for
        return _PG_OWN[name], [], False
    base = _TYPE_NAMES.get(name)
    if base is None:
        return dt.sql(ctx.dialect).lower(), [], False
    args = [p.this.name if isinstance(p, exp.DataTypeParam) else p.name for p in dt.expressions]
    if base in ("varchar", "char", "numeric") and args and all(a.isdigit() for a in args):
        return f"{base}({','.join(args)})", [], False
    if base == "timestamp" and dt.args.get("kind") == "TIMESTAMPTZ":
        base = "timestamptz"
    if base in ("timestamp", "timestamptz", "time") and len(args) == 1 and args[0].isdigit():
        return f"{base}({args[0]})", [], False  # fractional-second digits
    return base, [], False


# Read from PostgreSQL DDL, these are themselves (kept as their SQL text), not the portable type they map to elsewhere
_PG_OWN = {"TIMETZ": "timetz", "NAME": "name"}


def _pg_type_text(dt: exp.DataType, name: str, ctx: Context) -> str:
    """A PostgreSQL type sqlglot does not know: a known extension type by its own name (the schema it lives in
    is the extension's business: `public.citext` is citext), any other as written, schema and all."""
    if name.lower() in PG_TYPES:
        params = [p.sql(ctx.dialect) for p in dt.expressions]
        return name.lower() + (f"({','.join(params)})" if params else "")
    written = dt.sql(ctx.dialect)
    schema = ctx.type_schemas.get(name.lower())
    if schema and not re.match(r'\s*(?:"(?:[^"]|"")+"|[\w$]+)\s*\.', written):
        # a type the spec created in a schema (`SET search_path = test` before it): the table names it there
        return f"{quote_ident(schema)}.{written}"
    return written


def canonical_type(text: str | None) -> str | None:
    """Our canonical spelling where the type is known; the text as written otherwise (the builder
    reports unknown types with their line)."""
    if text is None:
        return None
    try:
        return parse_type(text).sql if not text.endswith(("serial",)) else text
    except UnknownType:
        return text


def default_text(node: exp.Expression, ctx: Context) -> tuple[str | None, bool]:
    """(SQL default text, is-autoincrement). `nextval('seq')` is an autoincrement, not a default."""
    inner = node
    while isinstance(inner, (exp.Cast, exp.Paren)) and isinstance(inner.this, (exp.Literal, exp.Neg, exp.Paren)):
        inner = inner.this
    if isinstance(inner, exp.Anonymous) and inner.name.lower() == "nextval":
        return None, True
    if isinstance(inner, exp.Literal):
        return inner.sql(ctx.dialect), False
    if isinstance(inner, exp.Neg) and isinstance(inner.this, exp.Literal):
        return inner.sql(ctx.dialect), False
    if isinstance(inner, exp.Null):
        return None, False
    if isinstance(inner, exp.Boolean):
        return "true" if inner.this else "false", False
    text = node.sql("postgres" if ctx.dialect == "postgres" else ctx.dialect)
    if text.upper() in _NOW_FUNCS or text.upper().rstrip("()") in {n.rstrip("()") for n in _NOW_FUNCS}:
        return text, False
    return text, False


_INTEGER_TYPE = re.compile(r"(?:tiny|small|medium|big)?int(?:eger)?\b", re.I)
_DECIMAL_TYPE = re.compile(r"(?:numeric|decimal|real|double|float)", re.I)


def _quoted_number(text: str, type_: str | None) -> str:
    """`DEFAULT '0'` of a numeric column is the number 0: the database converts the quoted literal (MySQL dumps
    quote every default) and the design keeps the number its type holds."""
    m = re.fullmatch(r"'(-?\d{1,30}(?:\.\d{1,30})?)'", text)
    if m is None or not type_:
        return text
    number = m.group(1)
    if _INTEGER_TYPE.match(type_) and "." not in number or _DECIMAL_TYPE.match(type_):
        return number
    return text


def sequence_of(node: exp.Expression) -> str | None:
    """`nextval('public.seq'::regclass)` -> `seq`."""
    lit = next((x for x in node.find_all(exp.Literal) if x.is_string), None)
    return lit.name.replace('"', "").rpartition(".")[2].lower() if lit is not None else None


def _action(options: list[str], which: str) -> OnAction | None:
    for opt in options:
        up = " ".join(str(opt).upper().split())
        if up.startswith(f"ON {which} "):
            return on_action(up[len(which) + 4 :])
    return None


def reference_ir(
    ref: exp.Reference, columns: list[str], ctx: Context, loc: Location, name: str | None = None
) -> ForeignKeyIR:
    target = ref.this
    # kept qualified: the design resolves it to a spec's table, or keeps it (a table of another schema)
    ref_table = qualified(target, ctx)
    ref_cols = [e.name for e in target.expressions] if isinstance(target, exp.Schema) else []
    options = [str(o) for o in ref.args.get("options") or []]
    upper = [" ".join(o.upper().split()) for o in options]
    return ForeignKeyIR(
        columns=columns,
        ref_table=ref_table,
        ref_columns=ref_cols,
        loc=loc,
        name=name,
        on_delete=_action(options, "DELETE"),
        on_update=_action(options, "UPDATE"),
        deferrable=any(o.startswith("DEFERRABLE") for o in upper),
        initially_deferred=any(o == "INITIALLY DEFERRED" for o in upper),
    )


def fk_ir(item: exp.Expression, ctx: Context) -> ForeignKeyIR | None:
    name = None
    if isinstance(item, exp.Constraint):
        name = item.this.name if item.this else None
        item = next((x for x in item.expressions if isinstance(x, exp.ForeignKey)), item)
    if not isinstance(item, exp.ForeignKey):
        return None
    cols = [e.name for e in item.expressions]
    ref = item.args.get("reference")
    if ref is None:
        return None
    loc = ctx.loc(item.expressions[0] if item.expressions else None)
    fk = reference_ir(ref, cols, ctx, loc, name)
    # Some dialects keep ON DELETE on the ForeignKey node itself.
    if fk.on_delete is None and item.args.get("delete"):
        fk.on_delete = on_action(str(item.args["delete"]))
    if fk.on_update is None and item.args.get("update"):
        fk.on_update = on_action(str(item.args["update"]))
    return fk


def _identity_options(k: exp.Expression) -> dict[str, int | bool] | None:
    """START WITH, INCREMENT BY, MINVALUE, MAXVALUE (integers) and CYCLE of an identity, as stated."""
    out: dict[str, int | bool] = {}
    for key in ("start", "increment", "minvalue", "maxvalue"):
        value = k.args.get(key)
        text = value.sql() if isinstance(value, exp.Expression) else None
        if text is not None and re.fullmatch(r"-?\d{1,19}", text):
            out[key] = int(text)
    if k.args.get("cycle"):
        out["cycle"] = True
    return out or None


def column_ir(node: exp.ColumnDef, ctx: Context, spec: Fragment) -> tuple[ColumnIR, list[ConstraintIR]]:
    """One column definition, and the named or extra constraints it carries."""
    loc = ctx.loc(node.this)
    kind = node.args.get("kind")
    raw, domain_checks, domain_not_null = type_text(kind, ctx)
    col = ColumnIR(node.name, loc, type=canonical_type(raw), type_loc=loc, type_sql=ctx.dialect == "postgres")
    col.domain = domain_name(kind, ctx)
    if col.domain:  # named as the table's DDL must name it: quoted, in its schema
        col.domain = ctx.type_ref(col.domain, ctx.type_schemas.get(col.domain.lower()))
    if col.domain:  # the domain is kept (created before the tables) and holds its checks and NOT NULL
        domain_checks, domain_not_null = [], False
    if raw and raw.endswith("serial"):
        col.autoincrement = True
    extra: list[ConstraintIR] = []
    checks = [c.replace("VALUE", node.name).replace("value", node.name) for c in domain_checks]
    if domain_not_null:
        col.nullable = False
    for cc in node.constraints:
        name = cc.this.name if isinstance(cc, exp.ColumnConstraint) and cc.this else None
        k = cc.args.get("kind") if isinstance(cc, exp.ColumnConstraint) else cc
        if isinstance(k, exp.NotNullColumnConstraint):
            col.nullable = bool(k.args.get("allow_null"))
        elif isinstance(k, exp.PrimaryKeyColumnConstraint):
            col.primary_key = True
            col.nullable = False if col.nullable is None else col.nullable
        elif isinstance(k, exp.UniqueColumnConstraint):
            if name or _deferrable(k).get("deferrable"):  # a table constraint holds its name and DEFERRABLE
                extra.append(ConstraintIR("unique", loc, name, [node.name], **_deferrable(k)))
            else:
                col.unique = True
        elif isinstance(k, exp.DefaultColumnConstraint):
            text, auto = default_text(k.this, ctx)
            if auto:
                col.autoincrement = True
                col.sequence = sequence_of(k.this)
            elif text is not None:
                col.server_default = _quoted_number(text, col.type)
        elif isinstance(k, exp.CheckColumnConstraint):
            expr = k.this.sql(ctx.dialect)
            if name:
                extra.append(ConstraintIR("check", loc, name, [], expr))
            else:
                checks.append(expr)
        elif isinstance(k, exp.Reference):
            col.fk = reference_ir(k, [node.name], ctx, loc, name)
        elif isinstance(k, exp.GeneratedAsIdentityColumnConstraint) and k.args.get("expression") is not None:
            col.generated = k.args["expression"].sql(ctx.dialect)  # GENERATED ALWAYS AS (…) in some dialects
        elif isinstance(k, (exp.GeneratedAsIdentityColumnConstraint, exp.AutoIncrementColumnConstraint)):
            col.autoincrement = True
            if isinstance(k, exp.GeneratedAsIdentityColumnConstraint) and ctx.dialect == "postgres":
                col.identity = "always" if k.this else "by default"
                col.nullable = False  # an identity column is NOT NULL, stated or not
                col.identity_options = _identity_options(k)
        elif isinstance(k, exp.ComputedColumnConstraint):
            col.generated = k.this.sql(ctx.dialect)
        elif isinstance(k, exp.CommentColumnConstraint):
            col.description = col.comment = k.this.name
        elif isinstance(k, (exp.CollateColumnConstraint, exp.CharacterSetColumnConstraint)):
            pass
        elif isinstance(k, exp.ZeroFillColumnConstraint):  # MySQL pads the shown digits: no bearing on the data
            spec.diagnostics.append(info(f"column '{node.name}': ZEROFILL (display padding) is not kept", loc))
        elif isinstance(k, exp.OnUpdateColumnConstraint):
            col.on_update = k.this.sql(ctx.dialect)
        else:
            spec.diagnostics.append(
                warning(f"column '{node.name}': constraint '{cc.sql(ctx.dialect)[:40]}' is not read", loc)
            )
    if checks:
        col.check = checks[0] if len(checks) == 1 else " AND ".join(f"({c})" for c in checks)
    return col, extra


def table_constraint(item: exp.Expression, entity: EntityIR, ctx: Context, spec: Fragment) -> None:
    """A table-level item: PRIMARY KEY, UNIQUE, CHECK, FOREIGN KEY, optionally named."""
    name = None
    inner = item
    if isinstance(item, exp.Constraint):
        name = item.this.name if item.this else None
        for x in item.expressions:
            _table_item(x, name, entity, ctx, spec)
        return
    _table_item(inner, name, entity, ctx, spec)


def _table_item(item: exp.Expression, name: str | None, entity: EntityIR, ctx: Context, spec: Fragment) -> None:
    if isinstance(item, exp.ColumnConstraint):
        item = item.args.get("kind") or item
    first = item.find(exp.Identifier)
    loc = ctx.loc(first)
    if isinstance(item, exp.PrimaryKey):
        cols = [_name(e) for e in item.expressions]
        entity.constraints.append(ConstraintIR("primary_key", loc, name, cols))
        _not_null(entity, cols)
    elif isinstance(item, exp.PrimaryKeyColumnConstraint):
        cols = [_name(e) for e in (item.expressions or [])]
        entity.constraints.append(ConstraintIR("primary_key", loc, name, cols))
        _not_null(entity, cols)
    elif isinstance(item, exp.UniqueColumnConstraint):
        schema = item.this
        cols = [_name(e) for e in schema.expressions] if isinstance(schema, exp.Schema) else []
        entity.constraints.append(ConstraintIR("unique", loc, name, cols, **_deferrable(item)))
    elif isinstance(item, exp.ExcludeColumnConstraint) and isinstance(item.this, exp.IndexParameters):
        entity.constraints.append(exclude_ir(item.this, loc, name, ctx.dialect))
    elif isinstance(item, exp.CheckColumnConstraint):
        entity.constraints.append(ConstraintIR("check", loc, name, [], item.this.sql(ctx.dialect)))
    elif isinstance(item, exp.ForeignKey):
        fk = fk_ir(item, ctx)
        if fk is not None:
            fk.name = name
            entity.foreign_keys.append(fk)
    elif isinstance(item, exp.IndexColumnConstraint) or type(item).__name__ == "IndexColumnConstraint":
        cols = [_name(e) for e in item.find_all(exp.Column)] or [_name(e) for e in item.find_all(exp.Identifier)][1:]
        entity.indexes.append(IndexIR(cols, loc, name=item.this.name if item.this else name))
    else:
        spec.diagnostics.append(warning(f"table item '{item.sql(ctx.dialect)[:50]}' is not read", loc))


class _Deferral(TypedDict):
    deferrable: bool
    initially_deferred: bool


def _deferrable(item: exp.Expression) -> _Deferral:
    options = [str(o).upper() for o in item.args.get("options") or []]
    return {
        "deferrable": "DEFERRABLE" in options,
        "initially_deferred": "INITIALLY DEFERRED" in options,
    }


def exclude_ir(params: exp.IndexParameters, loc: Location, name: str | None, dialect: str) -> ConstraintIR:
    """`EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (…)`: elements, operators, method, condition."""
    k = ConstraintIR("exclude", loc, name, expression=f"EXCLUDE {params.sql(dialect)}")
    for element in params.args.get("columns") or []:
        op = element.args.get("op") if isinstance(element, exp.WithOperator) else None
        node = element.this if isinstance(element, exp.WithOperator) else element
        node = node.this if isinstance(node, exp.Ordered) else node
        k.columns.append(node.name if isinstance(node, exp.Column) and not node.table else node.sql(dialect))
        k.operators.append(str(op.this if isinstance(op, exp.Expression) else op or "="))
    using = params.args.get("using")
    k.using = using.name.lower() if using is not None else None
    where = params.args.get("where")
    k.where = where.this.sql(dialect) if where is not None else None
    return k


def _not_null(entity: EntityIR, cols: list[str]) -> None:
    """Key columns are NOT NULL, whatever their definition said (PostgreSQL does the same)."""
    keys = {c.lower() for c in cols}
    for c in entity.columns:
        if c.name.lower() in keys:
            c.nullable = False


def _name(e: exp.Expression) -> str:
    if isinstance(e, exp.Ordered):
        e = e.this
    return e.name if e.name else e.sql()


def index_ir(tree: exp.Expression, ctx: Context) -> IndexIR | None:
    ix = tree.this
    if not isinstance(ix, exp.Index):
        return None
    table = ix.args.get("table")
    params = ix.args.get("params")
    if table is None or params is None:
        return None
    ir = IndexIR([], ctx.loc(ix.this))
    for c in params.args.get("columns") or []:
        index_element(c, ir, ctx.dialect)
    ir.include = [_name(e) for e in params.args.get("include") or []]
    for prop in params.args.get("with_storage") or []:
        if isinstance(prop, exp.Property) and prop.args.get("value") is not None:
            value = prop.args["value"]
            ir.parameters[prop.name.lower()] = value.name if isinstance(value, exp.Literal) else value.sql(ctx.dialect)
    using = params.args.get("using")
    method = using.name.lower() if using is not None else None
    where = params.args.get("where")
    ir.name = ix.name or None
    if ir.name and ctx.dialect == "postgres" and len(ir.name.encode("utf-8")) > 63:
        # PostgreSQL truncates a longer identifier to 63 bytes (with a NOTICE): the index it creates has that name
        ir.name = ir.name.encode("utf-8")[:63].decode("utf-8", "ignore")
    ir.table = qualified(table, ctx)
    ir.method = None if method in (None, "btree") else method
    ir.unique = bool(tree.args.get("unique"))
    ir.where = where.this.sql(ctx.dialect) if where is not None else None
    return ir


def index_element(c: exp.Expression, ir: IndexIR, dialect: str) -> None:
    """One element of an index: a column or an expression, its operator class and its order, into `ir`.
    Orders are kept as what differs from PostgreSQL's default (`desc`, `nulls first`, `desc nulls last`)."""
    node = c.this if isinstance(c, exp.Ordered) else c
    opclass = None
    if isinstance(node, exp.Opclass):
        opclass = node.expression.sql(dialect)
        node = node.this
    if isinstance(node, exp.Column) and not node.table:
        text = node.name
    elif isinstance(node, exp.Paren) and isinstance(node.this, exp.Column):
        text = node.this.name
    else:
        text = node.sql(dialect)
    ir.columns.append(text)
    if opclass:
        ir.opclasses[text] = opclass
    if isinstance(c, exp.Ordered):
        desc = bool(c.args.get("desc"))
        # sqlglot states the null order each dialect implies; only PostgreSQL's is the one revisions create
        nulls_first = bool(c.args.get("nulls_first")) if dialect.startswith("postgres") else desc
        order = ("desc" if desc else "") + (
            " nulls last" if desc and not nulls_first else " nulls first" if nulls_first and not desc else ""
        )
        if order.strip():
            ir.orders[text] = order.strip()
