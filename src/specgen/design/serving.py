"""Which key or index serves a foreign key: shared by validate (SG501) and the docs target.

A module of its own, apart from design/indexes.py (which builds the design's indexes and imports the readers), so
that `specgen validate` does not import the build to ask it.
"""

from __future__ import annotations

from specgen.design.model import Entity, Index


def serving_index(entity: Entity, indexes: list[Index], cols: list[str]) -> tuple[str, str | None] | None:
    """(kind, name) of the key or index whose leading columns are `cols`, in any order — the one answer to
    "is this foreign key served by an index" that validate (SG501) and the docs target share. `indexes`: the
    table's secondary indexes. A partial index does not count; a hash index counts only on exactly `cols`
    (it serves the equality lookups a foreign-key check makes); GIN/GiST/BRIN do not count."""
    n = len(cols)
    want = set(cols)
    if entity.primary_key and len(entity.primary_key.columns) >= n and set(entity.primary_key.columns[:n]) == want:
        return "primary key", None
    for k in entity.constraints:
        if k.type == "unique" and len(k.columns) >= n and set(k.columns[:n]) == want:
            return "unique constraint", k.name
    for ix in indexes:
        if ix.condition is not None or ix.index_type not in ("btree", "hash"):
            continue
        if ix.index_type == "hash" and n != len(ix.columns):
            continue
        if len(ix.columns) >= n and set(ix.columns[:n]) == want:
            return "index", ix.index_name
    if n == 1 and (c := entity.column(cols[0])) is not None and "unique" in c.constraints:
        return "unique column", c.name
    return None
