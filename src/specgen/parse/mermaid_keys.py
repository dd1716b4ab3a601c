"""Which column of an erDiagram holds which foreign key.

A diagram states FKs three ways, read in this order, each only for columns still free:

1. an attribute comment that names the target: `"FK to assessments.assessment_id"`,
   `"FK(entity_id, feature_id) -> ENTITY_FEATURE"` (a composite key), `"references users(id)"`;
2. a relationship line `A ||--o{ B`: B's column `a_id`, or the column named as A's key (`response_id`),
   or one whose stem is part of A's name (`profile_id` for USER_PROFILES) and names no other entity;
   a one-to-one binds on whichever side holds such a column; `C |o--o{ C` binds C's FK-marked column
   (`parent_id`);
3. a column marked `FK` whose stem names an entity (`namespace_id` -> NAMESPACE, case-blind, singular
   or plural alike).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from specgen.parse.ir import ColumnIR, EntityIR, ForeignKeyIR
from specgen.source import Location
from specgen.vocab.naming import singularize, snake_case, table_name_for

# "FK(a, b) -> T", "FK to T.c", "FK -> T(c)", "references T(c)", "-> T"
_COMMENT_FK = re.compile(
    r"(?:\bFK\s*(?:\((?P<cols>[^)]*)\))?\s*(?P<fkword>->|→|\bto\b|\breferences\b|:)|\breferences\b|\brefs\b|->|→)\s*"
    r"(?P<table>[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)?)\s*(?:\((?P<refcols>[^)]*)\))?",
    re.IGNORECASE,
)


def table_of(e: EntityIR) -> str:
    return e.table or table_name_for(e.name or "")


def key_of(e: EntityIR) -> ColumnIR | None:
    return next((c for c in e.columns if c.primary_key), None)


def _forms(name: str) -> set[str]:
    """`QUESTIONS_REVISIONS` -> {'questions_revisions', 'questions_revision', 'question_revision'}:
    spellings compared case-blind."""
    snake = snake_case(name)
    head, _, last = snake.rpartition("_")
    single = f"{head}_{singularize(last)}" if head else singularize(last)
    return {snake, single, "_".join(singularize(w) for w in snake.split("_"))}


def _entity_forms(e: EntityIR) -> set[str]:
    return _forms(e.name or "") | _forms(table_of(e))


def _stem(col: ColumnIR) -> str | None:
    name = snake_case(col.name)
    return name[:-3] if name.endswith("_id") and len(name) > 3 else None


def find_entity(name: str, entities: Iterable[EntityIR]) -> EntityIR | None:
    """The entity a name (entity, table, singular or plural) stands for, case-blind."""
    wanted = _forms(name)
    return next((e for e in entities if _entity_forms(e) & wanted), None)


def _ref_columns(target: EntityIR, col_name: str) -> list[str]:
    """The same-named column where it is a key of the target (`response_id`), else the target's key."""
    same = next((c for c in target.columns if c.name.lower() == col_name.lower()), None)
    if same is not None and (same.unique or (same.primary_key and sum(c.primary_key for c in target.columns) == 1)):
        return [same.name]
    key = key_of(target)
    return [key.name] if key else []


def bound(e: EntityIR) -> set[str]:
    """Columns of `e` that already take part in a foreign key."""
    out = {c.name for c in e.columns if c.fk is not None}
    for fk in e.foreign_keys:
        out.update(fk.columns)
    return out


def comment_fks(e: EntityIR, marked: set[int], entities: list[EntityIR]) -> None:
    """1. FKs an attribute comment states."""
    for col in e.columns:
        if not col.description or col.fk is not None:
            continue
        m = _COMMENT_FK.search(col.description)
        if m is None:
            continue
        table, _, ref_col = m.group("table").partition(".")
        target = find_entity(table, entities)
        if target is None and not (m.group("fkword") and id(col) in marked):
            continue  # a bare arrow in prose: only a known entity makes it a key
        ref_table = table_of(target) if target else table
        refs = [r.strip() for r in (m.group("refcols") or ref_col).split(",") if r.strip()]
        cols = [c.strip() for c in (m.group("cols") or "").split(",") if c.strip()]
        if len(cols) > 1:  # composite: FK(entity_id, feature_id) -> ENTITY_FEATURE
            have = {c.name for c in e.columns}
            if all(c in have for c in cols) and not any(f.columns == cols for f in e.foreign_keys):
                e.foreign_keys.append(ForeignKeyIR(cols, ref_table, refs or list(cols), col.loc))
            continue
        if not refs and target is not None:
            refs = _ref_columns(target, col.name)
        col.fk = ForeignKeyIR([col.name], ref_table, refs, col.loc)


def relationship_fk(
    parent: EntityIR, child: EntityIR, one_to_one: bool, marked: set[int], entities: list[EntityIR], loc: Location
) -> tuple[EntityIR, EntityIR, ColumnIR | None]:
    """2. The column a relationship line binds; returns (parent, child, column), sides swapped where
    a one-to-one's key is on the left."""
    if _has_fk(child, parent):
        return parent, child, None
    col = _candidate(parent, child, marked, entities)
    if col is not None and not fits(col, parent):
        col = None  # `bigint student_id` cannot hold STUDENT's `varchar nim`: the diagram means another key
    if col is None and one_to_one and parent is not child and _has_fk(parent, child):
        return child, parent, None
    if col is None and one_to_one and parent is not child:
        other = _candidate(child, parent, marked, entities)
        if other is not None and fits(other, child):
            parent, child, col = child, parent, other
    if col is not None:
        col.fk = ForeignKeyIR([col.name], table_of(parent), _ref_columns(parent, col.name), loc)
    return parent, child, col


def _has_fk(child: EntityIR, parent: EntityIR) -> bool:
    t = table_of(parent).lower()
    names = {t, (parent.name or "").lower()}
    fks = [c.fk for c in child.columns if c.fk is not None] + child.foreign_keys
    return any(fk.ref_table.lower() in names for fk in fks)


def _candidate(parent: EntityIR, child: EntityIR, marked: set[int], entities: list[EntityIR]) -> ColumnIR | None:
    taken = bound(child)
    free = [c for c in child.columns if c.name not in taken]
    own_key = key_of(child) if sum(c.primary_key for c in child.columns) == 1 else None
    others = [e for e in entities if e is not parent]
    parent_forms = _entity_forms(parent)
    parent_key = key_of(parent)

    def names_other(stem: str) -> bool:
        return find_entity(stem, others) is not None

    tests = [
        lambda c: (c is not own_key or id(c) in marked) and _stem(c) in parent_forms,
        lambda c: (
            parent_key is not None
            and parent_key.name != "id"
            and c.name.lower() == parent_key.name.lower()
            and (c is not own_key or id(c) in marked)
        ),
        lambda c: (
            c is not own_key
            and (stem := _stem(c)) is not None
            and not names_other(stem)
            and any(f.endswith("_" + stem) or f.startswith(stem + "_") for f in parent_forms)
        ),
    ]
    if parent is child:  # a self-relationship: its FK-marked column (parent_id), not its own key
        tests.append(lambda c: c is not own_key and id(c) in marked and not names_other(_stem(c) or c.name))
    for test in tests:
        for tier in ([c for c in free if id(c) in marked], [c for c in free if id(c) not in marked]):
            hit = next((c for c in tier if test(c)), None)
            if hit is not None:
                return hit
    return None


def convention_fks(e: EntityIR, marked: set[int], entities: list[EntityIR]) -> None:
    """3. FK-marked columns whose name, without `_id`, names an entity."""
    taken = bound(e)
    for col in e.columns:
        if id(col) not in marked or col.name in taken or col.fk is not None:
            continue
        stem = _stem(col)
        target = find_entity(stem, entities) if stem else None
        if target is None or (target is e and col.primary_key) or not fits(col, target):
            continue
        col.fk = ForeignKeyIR([col.name], table_of(target), _ref_columns(target, col.name), col.loc)


_INTS = {"integer", "bigint", "smallint", "serial", "bigserial", "int"}
_TEXTS = {"varchar", "text", "char", "string"}


def fits(col: ColumnIR, target: EntityIR) -> bool:
    """Whether `col` can hold `target`'s key: an integer column cannot hold a text key, nor a text column an
    integer one (types unknown or of other kinds fit)."""
    key = key_of(target)
    kinds = [_kind(c.type) for c in (col, key) if c is not None]
    return not (len(kinds) == 2 and None not in kinds and kinds[0] != kinds[1])


def _kind(t: str | None) -> str | None:
    base = (t or "").split("(")[0].strip().lower()
    return "int" if base in _INTS else "text" if base in _TEXTS else None


def _words(text: str) -> set[str]:
    """`penguji_1_id` -> {penguji, 1}; `"examines (penguji 1)"` -> {examines, penguji, 1}."""
    return {w for w in re.findall(r"[^\W_]+", snake_case(text).lower()) if w != "id"}


def _likeness(col: ColumnIR, label: str) -> float:
    """How much of the column's name and the line's label are the same words (0 = none)."""
    a, b = _words(col.name), _words(label)
    return len(a & b) / len(a | b) if a and b else 0.0


def line_fks(e: EntityIR, lines: list[tuple[EntityIR, str]], marked: set[int]) -> list[tuple[ColumnIR, EntityIR, str]]:
    """4. FK-marked columns of `e` that no name resolved (`koordinator_id`, `ma_xe`), paired with the
    relationship lines drawn to `e` that no column holds yet: by the label's words (`koordinator_id` with
    `USERS ||--o{ E : "manages (koordinator)"`; the closest label wins, a tie pairs nothing), then, where
    one entity is left that such lines draw, every column left with it (`created_by`, `approved_by` with
    the one line to USERS). Returns (column, parent, how) for each pairing, the FK set."""
    free = [c for c in e.columns if id(c) in marked and c.fk is None and c.name not in bound(e)]
    if not free or not lines:
        return []
    room: dict[int, int] = {}  # parent -> lines drawn to it that no column of e holds
    parents: dict[int, EntityIR] = {}
    for parent, _ in lines:
        parents[id(parent)] = parent
        room[id(parent)] = room.get(id(parent), 0) + 1
    for fk in [c.fk for c in e.columns if c.fk is not None] + e.foreign_keys:
        target = next((p for p in parents.values() if fk.ref_table.lower() in _names(p)), None)
        if target is not None:
            room[id(target)] -= 1
    out: list[tuple[ColumnIR, EntityIR, str]] = []

    def pair(col: ColumnIR, parent: EntityIR, why: str) -> None:
        col.fk = ForeignKeyIR([col.name], table_of(parent), _ref_columns(parent, col.name), col.loc)
        room[id(parent)] -= 1
        free.remove(col)
        out.append((col, parent, why))

    while free:
        best = _closest(free, [(p, label) for p, label in lines if room[id(p)] > 0], room)
        if best is None:
            break
        pair(best[0], best[1], f"the relationship label '{best[2]}' names it")
    left = [parents[k] for k, n in room.items() if n > 0]
    if len(left) == 1:
        for col in [c for c in free if fits(c, left[0])]:
            pair(col, left[0], "the one relationship line drawn to it that no other column holds")
    return out


def _names(e: EntityIR) -> set[str]:
    return {table_of(e).lower(), (e.name or "").lower()}


def _closest(
    free: list[ColumnIR], lines: list[tuple[EntityIR, str]], room: dict[int, int]
) -> tuple[ColumnIR, EntityIR, str] | None:
    """The column whose name is most like a line's label, and that line; a column as like two entities'
    lines, or more columns equally like one entity's lines than it has lines, pair nothing."""
    best: list[tuple[float, ColumnIR, EntityIR, str]] = []
    for col in free:
        scored = [(_likeness(col, label), p, label) for p, label in lines if fits(col, p)]
        top = max((s for s, _, _ in scored), default=0.0)
        hits = [(p, label) for s, p, label in scored if s == top]
        if top > 0 and len({id(p) for p, _ in hits}) == 1:
            best.append((top, col, *hits[0]))
    best.sort(key=lambda b: -b[0])
    for score, col, parent, label in best:
        rivals = [b for b in best if b[0] == score and b[2] is parent]
        if len(rivals) <= room[id(parent)]:
            return col, parent, label
    return None
