"""`__table_args__` items and module-level Index/CheckConstraint calls of ```python blocks.

A mixin of the Python reader: it turns Index, UniqueConstraint, CheckConstraint, PrimaryKeyConstraint
and ForeignKeyConstraint calls into the SpecIR, and gives calls written outside any class (seed 000
lists them under `# Skills` comments) to the table their comment, their name or their columns point at (a
partial class of an earlier block is completed in a revised copy, `Fragment.revise`).
"""

from __future__ import annotations

import ast
import re

from specgen.errors import warning
from specgen.parse.ir import ConstraintIR, EntityIR, ForeignKeyIR, Fragment, IndexIR, ReadContext
from specgen.parse.python_types import const, dotted, kwarg, last
from specgen.source import Location
from specgen.vocab.naming import singularize, snake_case, table_name_for
from specgen.vocab.terms import OnAction, on_action


class TableArgs:
    """Needs `out`, `context`, `loose` and `entities` from the reader, and its `loc`."""

    out: Fragment
    context: ReadContext
    loose: list[tuple[ast.Call, str | None]]
    entities: list[EntityIR]

    def loc(self, node: ast.AST | int) -> Location:  # pragma: no cover - the reader defines it
        raise NotImplementedError

    def warn(self, message: str, node: ast.AST | int) -> None:
        self.out.diagnostics.append(warning(message, self.loc(node)))

    def _table_args(self, value: ast.AST, e: EntityIR) -> None:
        items = value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value]
        for item in items:
            if isinstance(item, ast.Dict):
                for key, val in zip(item.keys, item.values, strict=True):
                    if const(key) == "comment" and isinstance(const(val), str):
                        e.description = e.description or str(const(val))
                    elif const(key) == "info" and isinstance(val, ast.Dict):
                        for k2, v2 in zip(val.keys, val.values, strict=True):
                            if const(k2) == "renamed_from" and isinstance(const(v2), str):
                                e.renamed_from = str(const(v2))
            elif isinstance(item, ast.Call):
                self._table_item(item, e)
            else:
                self.warn(f"__table_args__ item '{ast.unparse(item)[:40]}' is not read", item)

    def _table_item(self, call: ast.Call, e: EntityIR) -> None:
        kind = last(call)
        name = const(kwarg(call, "name"))
        name = str(name) if isinstance(name, str) else None
        loc = self.loc(call)
        if kind == "Index":
            args = list(call.args)
            ix_name = str(const(args.pop(0))) if args and isinstance(const(args[0]), str) else name
            cols = [_col_text(a) for a in args]
            using = const(kwarg(call, "postgresql_using"))
            where = kwarg(call, "postgresql_where") or kwarg(call, "sqlite_where")
            where_text = None
            if where is not None:
                where_text = (
                    str(const(where.args[0]))
                    if isinstance(where, ast.Call) and where.args and isinstance(const(where.args[0]), str)
                    else ast.unparse(where)
                )
            e.indexes.append(
                IndexIR(
                    cols,
                    loc,
                    name=ix_name,
                    method=str(using) if using else None,
                    unique=const(kwarg(call, "unique")) is True,
                    where=where_text,
                )
            )
        elif kind == "UniqueConstraint":
            e.constraints.append(ConstraintIR("unique", loc, name, [_col_text(a) for a in call.args]))
        elif kind == "PrimaryKeyConstraint":
            e.constraints.append(ConstraintIR("primary_key", loc, name, [_col_text(a) for a in call.args]))
        elif kind == "CheckConstraint":
            expr = const(call.args[0]) if call.args else None
            if isinstance(expr, str):
                e.constraints.append(ConstraintIR("check", loc, name, [], expr))
            else:
                self.warn("CheckConstraint without a string expression is not read", call)
        elif kind == "ForeignKeyConstraint" and len(call.args) >= 2:
            cols = [_col_text(a) for a in getattr(call.args[0], "elts", [])]
            refs = [str(const(a)) for a in getattr(call.args[1], "elts", []) if isinstance(const(a), str)]
            if cols and refs:
                table = refs[0].rpartition(".")[0]
                fk = ForeignKeyIR(cols, table, [r.rpartition(".")[2] for r in refs], loc, name=name)
                fk.on_delete, fk.on_update = fk_action(kwarg(call, "ondelete")), fk_action(kwarg(call, "onupdate"))
                e.foreign_keys.append(fk)
        else:
            self.warn(f"__table_args__ item '{kind}' is not read", call)

    def _resolve_loose(self) -> None:
        """Give module-level Index/CheckConstraint calls to a table: by comment, name, then columns."""
        so_far = self.out.all_entities(self.context)
        known = {e.table or table_name_for(e.name or ""): e for e in so_far if e.form == "python"}
        earlier = {id(e): i for i, e in enumerate(so_far[: len(self.context.entities)])}
        for call, hint in self.loose:
            args = [a for a in call.args]
            name = (
                const(args[0])
                if args and last(call) == "Index" and isinstance(const(args[0]), str)
                else const(kwarg(call, "name"))
            )
            if last(call) == "Index":
                cols = [_col_text(a) for a in args[1:]]
            elif last(call) == "CheckConstraint" and args and isinstance(const(args[0]), str):
                cols = _identifiers(str(const(args[0])))
            else:
                cols = [_col_text(a) for a in args]
            owner = self._owner(call, known, hint, str(name) if isinstance(name, str) else "", cols)
            if owner is None:
                self.warn(f"cannot tell which table {last(call)} '{name}' belongs to; it is skipped", call)
                continue
            holder = EntityIR(self.loc(call), "python", name=owner.name, table=owner.table, partial=True)
            self._table_item(call, holder)
            if owner.partial or owner in self.entities:
                if id(owner) in earlier:  # a class of an earlier block: this block completes its own copy
                    owner = self.out.revise(self.context, earlier[id(owner)])
                owner.indexes.extend(holder.indexes)
                owner.constraints.extend(holder.constraints)
            else:
                self.out.entities.append(holder)

    def _owner(
        self, call: ast.Call, known: dict[str, EntityIR], hint: str | None, name: str, cols: list[str]
    ) -> EntityIR | None:
        attr = next((a for a in call.args if isinstance(a, ast.Attribute)), None)
        if attr is not None:  # Index("ix", Skill.path)
            cls = dotted(attr.value)
            return next((e for e in known.values() if e.name == cls), None)
        tables = sorted(known, key=len, reverse=True)
        if hint:
            words = snake_case(hint.split("(")[0].strip())
            tests = (
                lambda t: t == words or singularize(t) == singularize(words),
                lambda t: t.endswith("_" + words) or t.startswith(words + "_"),
                lambda t: t.startswith(singularize(words)),
            )
            for test in tests:
                for t in tables:
                    if test(t) and (not cols or _has_columns(known[t], cols)):
                        return known[t]
        stem = re.sub(r"^(idx|ix|uq|ck|chk|uix)_", "", name.lower())
        for t in tables:
            if stem.startswith(t) or stem.startswith(singularize(t)):
                return known[t]
        full = [e for e in known.values() if cols and not e.partial and _has_columns(e, cols)]
        fits = full or [e for e in known.values() if cols and _has_columns(e, cols)]
        return fits[0] if len(fits) == 1 else None


def _has_columns(e: EntityIR, cols: list[str]) -> bool:
    names = {c.name for c in e.columns}
    return e.partial and not names or all(c in names for c in cols if re.fullmatch(r"\w+", c))


_SQL_WORDS = {
    "and",
    "or",
    "not",
    "is",
    "null",
    "in",
    "like",
    "ilike",
    "between",
    "true",
    "false",
    "length",
    "lower",
    "upper",
    "coalesce",
    "char_length",
}


def _identifiers(expr: str) -> list[str]:
    """Column-like names of a check expression (string literals removed)."""
    bare = re.sub(r"'(?:[^']|'')*'", "''", expr)
    return [w for w in dict.fromkeys(re.findall(r"\b[A-Za-z_]\w*\b", bare)) if w.lower() not in _SQL_WORDS]


def _col_text(node: ast.AST) -> str:
    value = const(node)
    if isinstance(value, str):
        return value
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Call) and last(node) == "text" and node.args:
        return str(const(node.args[0]))
    return ast.unparse(node)


def fk_action(node: ast.AST | None) -> OnAction | None:
    text = const(node)
    return on_action(text) if isinstance(text, str) else None
