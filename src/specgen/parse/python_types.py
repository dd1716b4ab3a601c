"""Helpers of the ```python reader: SQLAlchemy/SQLModel type expressions, defaults and literals.

Everything here reads `ast` nodes; spec code is never imported or executed.
"""

from __future__ import annotations

import ast
import re

# SQLAlchemy type constructors -> specgen types. Arguments (length, precision) are read separately.
SA_TYPES = {
    "String": "varchar",
    "VARCHAR": "varchar",
    "Unicode": "varchar",
    "NVARCHAR": "varchar",
    "CHAR": "char",
    "Text": "text",
    "TEXT": "text",
    "UnicodeText": "text",
    "CLOB": "text",
    "Integer": "integer",
    "INTEGER": "integer",
    "INT": "integer",
    "BigInteger": "bigint",
    "BIGINT": "bigint",
    "SmallInteger": "smallint",
    "SMALLINT": "smallint",
    "Numeric": "numeric",
    "NUMERIC": "numeric",
    "DECIMAL": "numeric",
    "Float": "double",
    "FLOAT": "double",
    "Double": "double",
    "DOUBLE": "double",
    "DOUBLE_PRECISION": "double",
    "REAL": "real",
    "Boolean": "boolean",
    "BOOLEAN": "boolean",
    "Date": "date",
    "DATE": "date",
    "Time": "time",
    "TIME": "time",
    "DateTime": "timestamp",
    "DATETIME": "timestamp",
    "TIMESTAMP": "timestamp",
    "Interval": "interval",
    "INTERVAL": "interval",
    "JSON": "json",
    "JSONB": "jsonb",
    "Uuid": "uuid",
    "UUID": "uuid",
    "GUID": "uuid",
    "LargeBinary": "bytea",
    "BLOB": "bytea",
    "BYTEA": "bytea",
    "LargeBinaryType": "bytea",
    "BINARY": "bytea",
    "TSVECTOR": "tsvector",
    "INET": "inet",
}
# Python annotation types -> specgen types (what SQLAlchemy's type map and SQLModel choose).
PY_TYPES = {
    "str": "varchar",
    "int": "integer",
    "float": "double",
    "bool": "boolean",
    "bytes": "bytea",
    "datetime": "timestamp",
    "date": "date",
    "time": "time",
    "timedelta": "interval",
    "Decimal": "numeric",
    "UUID": "uuid",
    "uuid": "uuid",
    "dict": "json",
    "Dict": "json",
    "Any": "json",
    "list": "json",
    "List": "json",
}
_NOW = {"now", "utcnow", "current_timestamp", "localtimestamp", "today"}


def dotted(node: ast.AST | None) -> str:
    """`sa.String` -> 'sa.String'; names and attributes only."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = dotted(node.value)
        return f"{head}.{node.attr}" if head else node.attr
    if isinstance(node, ast.Call):
        return dotted(node.func)
    return ""


def last(node: ast.AST | None) -> str:
    return dotted(node).rpartition(".")[2]


def const(node: ast.AST | None) -> object:
    """A literal's value, or None when the node is not a literal."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        v = node.operand.value
        return -v if isinstance(v, (int, float)) else None
    return None


def kwarg(call: ast.Call, name: str) -> ast.AST | None:
    for k in call.keywords:
        if k.arg == name:
            return k.value
    return None


def sa_type(node: ast.AST, custom: dict[str, str]) -> tuple[str | None, tuple[str, ...] | None, str | None]:
    """(type text, enum values, enum name) of a SQLAlchemy type expression such as String(255)."""
    name = last(node)
    call = node if isinstance(node, ast.Call) else None
    if name in custom:
        return custom[name], None, None
    if name == "Enum" and call is not None:
        values = tuple(str(const(a)) for a in call.args if isinstance(const(a), str))
        enum_name = const(kwarg(call, "name"))
        if not values and call.args:
            cls = last(call.args[0])
            return cls, None, None  # Enum(PyEnumClass): the class is the enum
        return (str(enum_name) if enum_name else None), values, (str(enum_name) if enum_name else None)
    if name == "ARRAY" and call is not None and call.args:
        inner, _, _ = sa_type(call.args[0], custom)
        return f"{inner or 'text'}[]", None, None
    base = SA_TYPES.get(name)
    if base is None:
        if "json" in name.lower():
            return "jsonb", None, None
        if "array" in name.lower():
            return "text[]", None, None
        return None, None, None
    args = [const(a) for a in call.args] if call is not None else []
    nums = [str(a) for a in args if isinstance(a, int) and not isinstance(a, bool)]
    if call is not None:
        for key in ("length", "precision", "scale"):
            v = const(kwarg(call, key))
            if isinstance(v, int) and not isinstance(v, bool):
                nums.append(str(v))
    if base == "timestamp" and call is not None and const(kwarg(call, "timezone")) is True:
        return "timestamptz", None, None
    if base == "time" and call is not None and const(kwarg(call, "timezone")) is True:
        return "time", None, None
    if base in ("varchar", "char") and nums:
        return f"{base}({nums[0]})", None, None
    if base == "numeric" and nums:
        return f"numeric({','.join(nums[:2])})", None, None
    if base == "double" and name in ("Float", "FLOAT") and nums and int(nums[0]) <= 24:
        return "real", None, None
    return base, None, None


def annotation(node: ast.AST | None) -> tuple[ast.AST | None, bool, bool]:
    """Unwrap `Mapped[...]`, `Optional[...]`, `X | None`: (inner node, optional, is_list)."""
    optional = False
    node = _unquote(node)
    while True:
        if isinstance(node, ast.Subscript) and last(node.value) in ("Mapped", "Optional", "ClassVar", "Annotated"):
            if last(node.value) == "Optional":
                optional = True
            inner = node.slice
            if last(node.value) == "Annotated" and isinstance(inner, ast.Tuple):
                inner = inner.elts[0]
            node = _unquote(inner)
            continue
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            parts = [p for p in (node.left, node.right) if not (isinstance(p, ast.Constant) and p.value is None)]
            optional = optional or len(parts) < 2
            node = _unquote(parts[0]) if parts else None
            continue
        if isinstance(node, ast.Subscript) and last(node.value) == "Union" and isinstance(node.slice, ast.Tuple):
            parts = [p for p in node.slice.elts if not (isinstance(p, ast.Constant) and p.value is None)]
            optional = optional or len(parts) < len(node.slice.elts)
            node = _unquote(parts[0]) if parts else None
            continue
        break
    is_list = isinstance(node, ast.Subscript) and last(node.value) in ("list", "List", "set", "Set", "Sequence")
    return node, optional, is_list


def _unquote(node: ast.AST | None) -> ast.AST | None:
    """A forward reference "Skill" or "Optional[Skill]" read as the annotation it spells."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            return ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return ast.Name(node.value)
    return node


def py_type(node: ast.AST | None, is_list: bool, enums: set[str], custom: dict[str, str]) -> str | None:
    """The column type an annotation implies, or None when it names no known type."""
    if node is None:
        return None
    if is_list and isinstance(node, ast.Subscript):
        item = _unquote(node.slice)
        inner = PY_TYPES.get(last(item))
        if inner in ("varchar", "integer", "bigint", "uuid", "double", "boolean") or last(item) in enums:
            return f"{'text' if inner == 'varchar' else inner or last(item)}[]"
        return "json"
    name = last(node)
    if name in enums:
        return name
    if name in custom:
        return custom[name]
    if isinstance(node, ast.Subscript):
        name = last(node.value)
    return PY_TYPES.get(name)


def target_name(node: ast.AST | None) -> str | None:
    """The class a relationship annotation points at: Mapped[list["Task"]] -> 'Task'."""
    inner, _, is_list = annotation(node)
    if is_list and isinstance(inner, ast.Subscript):
        inner = _unquote(inner.slice)
    name = last(inner)
    return name or None


# Python defaults the models can keep: each maps onto a generator of the design (design/defaults.py), so the
# generated models call their own import of it. Nothing a spec names is ever called while reading.
SAFE_DEFAULTS = ("uuid4", "uuid1", "now", "utcnow", "today", "dict", "list")
# Constructors of a constant (`Decimal("0")`): the constant is the default.
_CONSTANT_CONSTRUCTORS = {"Decimal", "int", "float", "str", "bool"}
_NUMBER_TEXT = re.compile(r"[+-]?(\d{1,40}(\.\d{0,40})?|\.\d{1,40})")
UNKNOWN_DEFAULT_HINT = (
    "not carried over: the column gets no default (defaults the models keep: constants, "
    + ", ".join(SAFE_DEFAULTS)
    + "; or state a server_default in SQL)"
)


def default_text(node: ast.AST) -> str | None:
    """A `default=` as specs write it: uuid4, now, 0, 'pending', dict. None for a Python callable or call
    outside SAFE_DEFAULTS (`make_code`, `str(uuid4())`): its text would otherwise pass for a string or for
    SQL; the reader reports it (UNKNOWN_DEFAULT_HINT)."""
    if isinstance(node, ast.Lambda):
        body = node.body
        text = ast.unparse(body)
        if "uuid4" in text or "uuid1" in text:
            return "uuid4"
        if any(w in text for w in ("utcnow", ".now(", "datetime.now")):
            return "now"
        return default_text(body)
    value = const(node)
    if isinstance(value, str):
        return repr(value)
    if value is not None:
        return str(value)
    name = dotted(node)
    if isinstance(node, ast.Call) and not node.args and last(node).lower() in _NOW:
        return "now"
    if name and last(node) in ("uuid4", "uuid1"):
        return "uuid4"
    if name and last(node).lower() in _NOW:
        return "now" if last(node).lower() != "today" else "today"
    if isinstance(node, ast.Attribute) and isinstance(node.value, (ast.Name, ast.Attribute)):
        return repr(node.attr.lower()) if node.attr.isupper() else name  # SomeEnum.PENDING -> 'pending'
    if isinstance(node, ast.Name):
        return node.id if node.id in ("dict", "list") else None
    if isinstance(node, ast.Call):
        if name in ("dict", "list") and not node.args and not node.keywords:
            return name
        if name in _CONSTANT_CONSTRUCTORS and len(node.args) == 1 and not node.keywords:
            inner = const(node.args[0])
            if isinstance(inner, str) and name != "str":  # Decimal("9.99"): the number, when it is one
                return inner.strip() if _NUMBER_TEXT.fullmatch(inner.strip()) else None
            if inner is not None and not isinstance(inner, bytes):
                return default_text(node.args[0])
        if name.startswith(("func.", "sa.func.", "sqlalchemy.func.")):
            return ast.unparse(node)  # a SQL function, judged as SQL (SG607)
        return None
    return ast.unparse(node)


def server_default_text(node: ast.AST) -> str:
    """A `server_default=` as SQL text: func.now() -> now(), text('0') -> 0, '0' -> '0'."""
    value = const(node)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if value is not None:
        return str(value).lower() if isinstance(value, bool) else str(value)
    if isinstance(node, ast.Call):
        fn = dotted(node.func)
        if last(node) == "text" and node.args and isinstance(const(node.args[0]), str):
            return str(const(node.args[0]))
        if last(node) in ("true", "false") and not node.args:
            return last(node)
        if fn.startswith(("func.", "sa.func.", "sqlalchemy.func.")):
            name = last(node)
            args = ", ".join(ast.unparse(a) for a in node.args)
            if name.lower() in ("current_timestamp", "current_date", "current_time", "localtimestamp") and not args:
                return name.upper()
            if name.lower() == "now" and not args:
                return "CURRENT_TIMESTAMP"  # func.now() compiles to now() on PostgreSQL, CURRENT_TIMESTAMP elsewhere
            return f"{name}({args})"
    return ast.unparse(node)
