"""`class Meta` of Django models in ```python blocks, and `models.Q(...)` translated to SQL text.

Read with `ast`, never imported. Meta gives the table name (`db_table`), whether the class is a table at
all (`abstract`, `proxy`), `unique_together`, `index_together`, `indexes` and `constraints`; `ordering`,
`verbose_name` and the like do not change the schema and are ignored. Field names in Meta are attribute
names: `client` is the `client_id` column of a ForeignKey, so every name goes through the reader's map.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

from specgen.parse.ir import ConstraintIR, EntityIR, IndexIR
from specgen.parse.python_types import const, kwarg, last
from specgen.source import Location

# Django lookups that are one SQL comparison; `__in`, `__isnull`, `__range` and the LIKE ones are below.
_COMPARE = {"exact": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
_LIKE = {"startswith": "{}%", "endswith": "%{}", "contains": "%{}%"}


@dataclass
class MetaOptions:
    """What `class Meta` says about the table."""

    db_table: str | None = None
    abstract: bool = False
    proxy: bool = False
    verbose_name: str | None = None
    # The Meta body, read once the class's columns are known (they name attributes, not columns).
    body: list[ast.stmt] = field(default_factory=list)


def read_meta(c: ast.ClassDef) -> MetaOptions:
    """The options of the class's `class Meta` (empty when it has none)."""
    meta = next((s for s in c.body if isinstance(s, ast.ClassDef) and s.name == "Meta"), None)
    out = MetaOptions()
    if meta is None:
        return out
    out.body = meta.body
    for s in meta.body:
        if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)):
            continue
        name, value = s.targets[0].id, const(s.value)
        if name == "db_table" and isinstance(value, str):
            out.db_table = value
        elif name == "abstract":
            out.abstract = value is True
        elif name == "proxy":
            out.proxy = value is True
        elif name == "verbose_name" and isinstance(value, str):
            out.verbose_name = value
    return out


class MetaReader:
    """Turns Meta constraints and indexes into the SpecIR of one entity."""

    def __init__(
        self,
        entity: EntityIR,
        model: str,
        columns: dict[str, str],
        loc: Callable[[ast.AST], Location],
        note: Callable[[str, ast.AST], None],
    ) -> None:
        self.entity = entity
        self.model = model.lower()
        self.columns = columns  # attribute name (and column name) -> column name
        self.loc = loc
        self.note = note  # an info diagnostic: what is skipped does not change the rest

    def read(self, body: list[ast.stmt]) -> None:
        for s in body:
            if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)):
                continue
            name = s.targets[0].id
            if name == "unique_together":
                for group in _groups(s.value):
                    self.entity.constraints.append(ConstraintIR("unique", self.loc(s), None, self._cols(group)))
            elif name == "index_together":
                for group in _groups(s.value):
                    self.entity.indexes.append(IndexIR(self._cols(group), self.loc(s)))
            elif name in ("indexes", "constraints") and isinstance(s.value, (ast.List, ast.Tuple)):
                for item in s.value.elts:
                    if isinstance(item, ast.Call):
                        self._item(item)
                    else:
                        self.note(f"Meta.{name} item '{ast.unparse(item)[:40]}' is not read", item)

    def _col(self, name: str) -> str:
        return self.columns.get(name, name)

    def _cols(self, names: list[str]) -> list[str]:
        return [self._col(n.lstrip("-")) for n in names]

    def _item(self, call: ast.Call) -> None:
        kind = last(call)
        name = const(kwarg(call, "name"))
        # An abstract base names its constraints per model: '%(app_label)s_%(class)s_x'.
        name = str(name).replace("%(app_label)s_", "").replace("%(class)s", self.model) if name else None
        fields = _strings(kwarg(call, "fields"))
        condition = kwarg(call, "condition")
        where = None
        if condition is not None:
            where = q_sql(condition, self._col)
            if where is None:
                self.note(
                    f"{kind} '{name}': condition '{ast.unparse(condition)[:60]}' is not translated; skipped", call
                )
                return
        if kind == "Index":
            cols = self._cols(fields) if fields else [self._expression(a) for a in call.args]
            if not cols or None in cols:
                self.note(f"Index '{name}': its expressions are not read; skipped", call)
                return
            self.entity.indexes.append(IndexIR([c for c in cols if c], self.loc(call), name, where=where))
        elif kind in ("GinIndex", "GistIndex", "BrinIndex", "HashIndex", "BTreeIndex") and fields:
            method = kind.removesuffix("Index").lower()
            self.entity.indexes.append(IndexIR(self._cols(fields), self.loc(call), name, method=method, where=where))
        elif kind == "UniqueConstraint" and fields:
            if where is not None:  # a partial unique constraint is a unique index with a WHERE in SQL
                self.entity.indexes.append(IndexIR(self._cols(fields), self.loc(call), name, unique=True, where=where))
            else:
                self.entity.constraints.append(ConstraintIR("unique", self.loc(call), name, self._cols(fields)))
        elif kind == "CheckConstraint":
            check = kwarg(call, "check") or condition  # Django 5.1 renamed check= to condition=
            expr = q_sql(check, self._col) if check is not None else None
            if expr is None:
                shown = ast.unparse(check)[:60] if check is not None else "(none)"
                self.note(f"CheckConstraint '{name}': '{shown}' is not translated to SQL; skipped", call)
                return
            self.entity.constraints.append(ConstraintIR("check", self.loc(call), name, [], expr))
        else:
            self.note(f"Meta item '{kind}' is not read", call)

    def _expression(self, node: ast.AST) -> str | None:
        """Index(Lower('title'), name=...) -> lower(title); F('x') -> x."""
        if isinstance(node, ast.Call) and node.args and isinstance(const(node.args[0]), str):
            col = self._col(str(const(node.args[0])))
            fn = last(node)
            return col if fn == "F" else f"{fn.lower()}({col})" if fn in ("Lower", "Upper") else None
        return None


def _strings(node: ast.AST | None) -> list[str]:
    if isinstance(node, (ast.List, ast.Tuple)):
        return [str(const(e)) for e in node.elts if isinstance(const(e), str)]
    return []


def _groups(node: ast.AST) -> list[list[str]]:
    """unique_together = ('a', 'b') or (('a', 'b'), ('c', 'd'))."""
    if not isinstance(node, (ast.List, ast.Tuple)):
        return []
    if all(isinstance(const(e), str) for e in node.elts):
        return [_strings(node)] if node.elts else []
    return [g for g in (_strings(e) for e in node.elts) if g]


def q_sql(node: ast.AST, col: Callable[[str], str]) -> str | None:
    """`Q(price__gte=0) & ~Q(status='x')` as SQL text, or None when some part has no plain SQL form."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
        left, right = q_sql(node.left, col), q_sql(node.right, col)
        if left is None or right is None:
            return None
        op = "AND" if isinstance(node.op, ast.BitAnd) else "OR"
        return f"({left}) {op} ({right})"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
        inner = q_sql(node.operand, col)
        return None if inner is None else f"NOT ({inner})"
    if not (isinstance(node, ast.Call) and last(node) == "Q"):
        return None
    parts: list[str] = []
    for a in node.args:
        if (text := q_sql(a, col)) is None:
            return None
        parts.append(text if len(node.args) + len(node.keywords) == 1 else f"({text})")
    for k in node.keywords:
        if k.arg is None or (text := _lookup(k.arg, k.value, col)) is None:
            return None
        parts.append(text)
    return " AND ".join(parts) if parts else None


def _lookup(key: str, value: ast.AST, col: Callable[[str], str]) -> str | None:
    name, _, lookup = key.partition("__")
    lookup = lookup or "exact"
    if "__" in lookup:
        return None  # a lookup across a relation (`client__name`) has no single-table SQL form
    column = col(name)
    if lookup == "isnull" and isinstance(const(value), bool):
        return f"{column} IS {'' if const(value) else 'NOT '}NULL"
    if lookup == "exact" and isinstance(value, ast.Constant) and value.value is None:
        return f"{column} IS NULL"
    if lookup in ("in", "range") and isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        items = [_value(e, col) for e in value.elts]
        if None in items or not items:
            return None
        if lookup == "range":
            return f"{column} BETWEEN {items[0]} AND {items[1]}" if len(items) == 2 else None
        return f"{column} IN ({', '.join(str(i) for i in items)})"
    if lookup in _LIKE and isinstance(const(value), str):
        pattern = _LIKE[lookup].format(str(const(value)).replace("'", "''"))
        return f"{column} LIKE '{pattern}'"
    op = _COMPARE.get(lookup)
    text = _value(value, col)
    if op is None or text is None:
        return None
    return f"{column} {op} {text}"


def _value(node: ast.AST, col: Callable[[str], str]) -> str | None:
    """A literal as SQL, or F('other') as that column."""
    if isinstance(node, ast.Call) and last(node) == "F" and node.args and isinstance(const(node.args[0]), str):
        return col(str(const(node.args[0])))
    if isinstance(node, ast.Call) and last(node) == "Value" and node.args:
        return _value(node.args[0], col)
    value = const(node)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return None
