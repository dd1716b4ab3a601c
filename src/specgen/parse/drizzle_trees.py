"""Values of the expression trees of Drizzle code (`drizzle_syntax.py`): constants, names, chains of calls,
and the code a tree stands for (for messages, and for SQL that is not a template)."""

from __future__ import annotations

from typing import Any

from specgen.parse.drizzle_syntax import Arr, Arrow, Call, Member, Name, Node, Num, Obj, Raw, Str, Tpl

UNKNOWN: Any = object()  # what `literal` returns for a tree that is not a constant


def call_chain(node: Node) -> tuple[Call, list[tuple[str, tuple[Node, ...], int]]] | None:
    """`string_value('x').notNull().default(1)` -> (the builder call, [(method, args, line), …]); None if not a call."""
    methods: list[tuple[str, tuple[Node, ...], int]] = []
    while isinstance(node, Call) and isinstance(node.callee, Member) and isinstance(node.callee.obj, Call):
        methods.insert(0, (node.callee.prop, node.args, node.line))
        node = node.callee.obj
    if isinstance(node, Call) and isinstance(node.callee, Call):  # customType<…>({ … })('name'): curried
        node = Call(node.line, node.callee.callee, node.args)
    if not isinstance(node, Call) or callee_name(node.callee) is None:
        return None
    return node, methods


def callee_name(node: Node) -> str | None:
    """`text` for `string_value(…)` and for `t.text(…)` (a builders namespace)."""
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Member) and isinstance(node.obj, Name):
        return node.prop
    return None


def string_value(node: Node) -> str | None:
    if isinstance(node, Str):
        return node.value
    if isinstance(node, Tpl) and not node.exprs and node.tag is None:
        return node.parts[0]
    return None


def str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def strings(node: Node | None) -> list[str] | None:
    if isinstance(node, Arr) and all(isinstance(i, Str) for i in node.items):
        return [i.value for i in node.items if isinstance(i, Str)]
    return None


def entry_value(node: Node | None, key: str) -> Node | None:
    """The value of `key` in an object literal."""
    return next((v for k, v in node.entries if k == key), None) if isinstance(node, Obj) else None


def is_config(args: tuple[Node, ...]) -> bool:
    return len(args) == 1 and isinstance(args[0], Obj)


def literal(node: Node | None) -> Any:
    """A JSON-like constant (object, array, string, number, boolean, null); `UNKNOWN` otherwise."""
    if isinstance(node, Str):
        return node.value
    if isinstance(node, Num):
        try:
            return int(node.text, 0)
        except ValueError:
            try:
                return float(node.text)
            except ValueError:
                return UNKNOWN
    if isinstance(node, Name) and node.name in ("true", "false", "null"):
        return {"true": True, "false": False, "null": None}[node.name]
    if isinstance(node, Arr):
        items = [literal(i) for i in node.items]
        return UNKNOWN if any(i is UNKNOWN for i in items) else items
    if isinstance(node, Obj):
        out = {k: literal(v) for k, v in node.entries if k is not None}
        return UNKNOWN if any(v is UNKNOWN for v in out.values()) else out
    return UNKNOWN


def show(node: Node) -> str:
    """A node as code (for messages, and for the SQL of an expression that is not a template)."""
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Str):
        return "'" + node.value.replace("'", "\\'") + "'"
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Raw):
        return node.text
    if isinstance(node, Member):
        return f"{show(node.obj)}.{node.prop}"
    if isinstance(node, Call):
        return f"{show(node.callee)}({', '.join(show(a) for a in node.args)})"
    if isinstance(node, Arr):
        return "[" + ", ".join(show(i) for i in node.items) + "]"
    if isinstance(node, Obj):
        return "{ " + ", ".join(f"{k}: {show(v)}" if k else f"...{show(v)}" for k, v in node.entries) + " }"
    if isinstance(node, Arrow):
        return f"({', '.join(node.params)}) => {show(node.body)}"
    if isinstance(node, Tpl):
        inner = node.parts[0] + "".join(
            "${" + show(e) + "}" + p for e, p in zip(node.exprs, node.parts[1:], strict=False)
        )
        return (show(node.tag) if node.tag else "") + "`" + inner + "`"
    return ""
