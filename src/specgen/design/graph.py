"""The foreign-key graph, decided once: table order, the FKs to defer in a cycle, strongly connected components.

validate (SG401, cascades), the migration order (design/diff.py) and the models' `use_alter`
(render/tables.py) all read these functions, so they agree on which FK closes a cycle. Every walk is
iterative: a chain of thousands of tables linked by FKs needs no recursion.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from specgen.design.model import Design, Entity


def strongly_connected(nodes: Iterable[str], succ: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components in discovery order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            children = succ.get(v, ())
            recurse = False
            while i < len(children):
                w = children[i]
                i += 1
                if w not in index:
                    work.append((v, i))
                    work.append((w, 0))
                    recurse = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if recurse:
                continue
            if low[v] == index[v]:
                comp: list[str] = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out


def fk_order(entities: Sequence[Entity]) -> tuple[list[Entity], set[tuple[str, int]]]:
    """Entities so that every FK target comes first, and the FKs that must be created afterwards.

    A depth-first walk in design order, each table's FKs in their order: an FK that reaches a table
    still on the walk's stack closes a cycle and is deferred (created with ALTER after the tables;
    `use_alter` in the models). Self references are never deferred. Deterministic: ties keep the
    design order. Returns (ordered entities, {(table, index in entity.foreign_keys)})."""
    by_name: dict[str, list[Entity]] = {}
    for e in entities:
        by_name.setdefault(e.table_name, []).append(e)
    done: list[Entity] = []
    state: dict[tuple[str | None, str], int] = {}  # 1: on the stack, 2: placed
    deferred: set[tuple[str, int]] = set()
    for root in entities:
        if _key(root) in state:
            continue
        state[_key(root)] = 1
        stack = [(root, iter(enumerate(root.foreign_keys)))]
        while stack:
            e, it = stack[-1]
            for i, fk in it:
                target = _near(by_name.get(fk.ref_table), e.schema_name)
                if target is None or target is e:
                    continue
                s = state.get(_key(target))
                if s == 1:
                    deferred.add((e.table_name, i))
                elif s is None:
                    state[_key(target)] = 1
                    stack.append((target, iter(enumerate(target.foreign_keys))))
                    break
            else:
                state[_key(e)] = 2
                done.append(e)
                stack.pop()
    return done, deferred


def _key(e: Entity) -> tuple[str | None, str]:
    return e.schema_name, e.table_name


def near_schema(held: list[str | None], own: str | None) -> str | None:
    """Of the schemas that hold a table an FK names (None: public), the one it means: the referencing table's
    own schema, else public, else the first the specs name. The one rule for the design's order and every DDL."""
    return own if own in held else None if None in held else held[0]


def _near(held: list[Entity] | None, own: str | None) -> Entity | None:
    if not held:
        return None
    if len(held) == 1:  # one table of the name (the common case): near_schema would pick it
        return held[0]
    schema = near_schema([e.schema_name for e in held], own)
    return next(e for e in held if e.schema_name == schema)


def cycle_breakers(design: Design) -> set[tuple[str, int]]:
    """(table, FK index) of the FKs the whole design defers: the models' `use_alter`, the first revision's
    `create_foreign_key` after the tables."""
    return fk_order(design.database_schema.entities)[1]
