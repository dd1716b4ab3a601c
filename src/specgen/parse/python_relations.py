"""Relationships of ```python blocks: `relationship(...)`, SQLModel `Relationship(...)`, and the target
class an annotation names when the call gives none (`relationship(...)` fragments)."""

from __future__ import annotations

import ast

from specgen.parse.ir import EntityIR, RelationshipIR
from specgen.parse.python_types import annotation, const, last, target_name
from specgen.source import Location


class Relationships:
    """A mixin of the Python reader; needs its `loc` and `warn`."""

    def loc(self, node: ast.AST | int) -> Location:  # pragma: no cover - the reader defines it
        raise NotImplementedError

    def warn(self, message: str, node: ast.AST | int) -> None:  # pragma: no cover - the reader defines it
        raise NotImplementedError

    def _relationship(self, name: str, ann: ast.AST | None, call: ast.Call | None, e: EntityIR, node: ast.stmt) -> None:
        target = None
        if call is not None and call.args and isinstance(const(call.args[0]), str):
            target = str(const(call.args[0]))
        elif call is not None and call.args and isinstance(call.args[0], ast.Name):
            target = call.args[0].id
        _, _, is_list = annotation(ann)
        target = target or target_name(ann)
        if not target:
            self.warn(f"relationship '{name}': its target class is not stated", node)
            return
        rel = RelationshipIR(name, target, self.loc(node))
        for k in call.keywords if call is not None else []:
            v = k.value
            text = const(v)
            if k.arg in ("back_populates", "backref") and isinstance(text, str):
                rel.back_populates = text
            elif k.arg == "cascade" and isinstance(text, str):
                rel.cascade = text
            elif k.arg == "lazy" and isinstance(text, str):
                rel.lazy = text
            elif k.arg in ("secondary", "link_model"):
                rel.through = str(text) if isinstance(text, str) else last(v)
                rel.kind = "many_to_many"
            elif k.arg in ("foreign_keys", "remote_side"):
                names = _column_refs(v)
                setattr(rel, k.arg, names)
            elif k.arg == "uselist" and isinstance(text, bool):
                rel.uselist = text
            elif k.arg == "order_by":
                rel.order_by = str(text) if isinstance(text, str) else ast.unparse(v)
            elif k.arg in ("passive_deletes", "viewonly") and isinstance(text, bool):
                setattr(rel, k.arg, text)
            elif k.arg == "passive_deletes" and text == "all":
                rel.passive_deletes = "all"
            elif k.arg == "sa_relationship_kwargs" and isinstance(v, ast.Dict):
                for key, val in zip(v.keys, v.values, strict=True):
                    if const(key) in ("cascade", "lazy", "order_by") and isinstance(const(val), str):
                        setattr(rel, str(const(key)), str(const(val)))
        if ann is not None and not is_list and rel.kind is None and rel.uselist is None:
            rel.uselist = False  # a scalar annotation: many-to-one or one-to-one
        e.relationships.append(rel)


def _column_refs(node: ast.AST) -> list[str]:
    """foreign_keys=[a], "Class.col", "[Class.a, Class.b]" -> column names."""
    text = const(node)
    if isinstance(text, str):
        return [p.strip().rpartition(".")[2] for p in text.strip("[]").split(",") if p.strip()]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [n for e in node.elts for n in _column_refs(e)]
    if isinstance(node, ast.Lambda):
        return _column_refs(node.body)
    if isinstance(node, (ast.Name, ast.Attribute)):
        return [last(node)]
    return []
