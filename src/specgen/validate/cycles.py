"""Cycle rules (SG4xx): foreign-key cycles among tables, found as strongly connected components."""

from __future__ import annotations

from collections.abc import Iterator

from specgen.design.graph import strongly_connected
from specgen.design.model import Design, Entity, ForeignKey
from specgen.validate.finding import Finding, entities, finding, lookup, per_run, rule, tables

Edge = tuple[Entity, ForeignKey, Entity]  # (child, its foreign key, parent)
__all__ = ["fk_edges", "fk_cycles", "strongly_connected"]  # strongly_connected: design/graph.py, re-exported


def fk_edges(design: Design) -> list[Edge]:
    """Every resolvable foreign key as (child, fk, parent), in design order."""
    index = tables(design)
    out: list[Edge] = []
    for e in entities(design):
        for fk in e.foreign_keys:
            target = lookup(index, fk.ref_table)
            if target is not None:
                out.append((e, fk, target))
    return out


def _blocking(design: Design, child: Entity, fk: ForeignKey) -> bool:
    """True when this FK forces the parent row to exist first: NOT NULL and checked immediately."""
    if fk.deferrable:
        return False
    return all((c := child.column(name)) is None or not c.nullable for name in fk.columns)


def fk_cycles(design: Design) -> list[tuple[list[Entity], list[tuple[Entity, ForeignKey, Entity]]]]:
    """FK cycles of two or more tables: (members in design order, the FKs inside the component)."""
    edges = [(c, fk, p) for c, fk, p in fk_edges(design) if c is not p]
    succ: dict[str, list[str]] = {}
    for c, _, p in edges:
        succ.setdefault(c.table_name, []).append(p.table_name)
    order = [e.table_name for e in entities(design)]
    out = []
    for comp in strongly_connected(order, succ):
        if len(comp) < 2:
            continue
        members = set(comp)
        inside = [(c, fk, p) for c, fk, p in edges if c.table_name in members and p.table_name in members]
        ents = [e for e in entities(design) if e.table_name in members]
        out.append((ents, inside))
    return out


def _fk_text(child: Entity, fk: ForeignKey, parent: Entity) -> str:
    return f"{child.table_name}({', '.join(fk.columns)}) -> {parent.table_name}"


@rule("SG401", "fk-cycle", "error")
def check_fk_cycles(design: Design) -> Iterator[Finding]:
    """Foreign keys form a cycle among two or more tables.

    Every foreign key in the cycle is NOT NULL and not deferrable, so no row can ever be inserted
    into any of the tables (each needs a row of the next one first). (A cycle that rows can enter
    is SG403.) Fix: make one foreign key of the cycle nullable or `DEFERRABLE INITIALLY DEFERRED`,
    or break the cycle with an association table.
    """
    yield from (f for f in per_run("cycles", design, lambda d: list(_cycles(d))) if f.code == "SG401")


@rule("SG403", "fk-cycle-insertable", "warning")
def check_insertable_cycles(design: Design) -> Iterator[Finding]:
    """Foreign keys form a cycle among two or more tables, and some key of it is nullable or deferrable.

    Rows can be inserted (insert with NULL and update later, or defer the check to commit), but
    inserts, deletes and migrations need care; the renderer adds such FKs in a separate step
    (`use_alter`, `post_update`). Fix: nothing required; consider an association table instead.
    """
    yield from (f for f in per_run("cycles", design, lambda d: list(_cycles(d))) if f.code == "SG403")


def _cycles(design: Design) -> Iterator[Finding]:
    for members, inside in fk_cycles(design):
        names = [e.name for e in members]
        tables_text = " -> ".join(e.table_name for e in members)
        blocking = [(c, fk, p) for c, fk, p in inside if _blocking(design, c, fk)]
        first = members[0]
        if len(blocking) == len(inside):
            c, fk, p = inside[-1]
            yield finding(
                "SG401",
                f"foreign-key cycle among {tables_text}: every foreign key is NOT NULL and not "
                "deferrable, so no row can be inserted",
                entity=first.name,
                entities=names,
                source=fk.source or c.source,
                hint=f"make {_fk_text(c, fk, p)} nullable or DEFERRABLE INITIALLY DEFERRED",
            )
        else:
            relaxed = [(c, fk, p) for c, fk, p in inside if (c, fk, p) not in blocking]
            c, fk, p = relaxed[0]
            yield finding(
                "SG403",
                f"foreign-key cycle among {tables_text}; rows can be inserted because "
                f"{_fk_text(c, fk, p)} is {'deferrable' if fk.deferrable else 'nullable'}",
                entity=first.name,
                entities=names,
                source=fk.source or c.source,
                hint=f"insert {p.table_name} rows with {', '.join(fk.columns)} unset (or deferred) and "
                "fill it afterwards; consider an association table instead",
            )


@rule("SG402", "self-reference-not-null", "warning")
def check_self_references(design: Design) -> Iterator[Finding]:
    """A table references itself through a NOT NULL, non-deferrable foreign key.

    The first row must reference itself (its own key value), so trees and chains need a fake root.
    Fix: make the self-referencing column nullable (NULL for roots), or the constraint deferrable.
    """
    for child, fk, parent in fk_edges(design):
        if child is parent and _blocking(design, child, fk):
            yield finding(
                "SG402",
                f"{child.table_name}({', '.join(fk.columns)}) references its own table and "
                "is NOT NULL: the first row can only reference itself",
                entity=child.name,
                column=fk.columns[0] if fk.columns else None,
                entities=[child.name],
                source=fk.source or child.source,
                hint=f"make {', '.join(fk.columns)} nullable",
            )
