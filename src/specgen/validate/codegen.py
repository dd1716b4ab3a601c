"""Code-generation rules (SG112-SG114): names and relationship options the generated models cannot use.

These checks used to live in the renderers; the renderers now only assert that validate passed
(`render_problems`), so `validate` and `render` can never disagree about them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from specgen.design.model import Design, Entity
from specgen.source import Location
from specgen.validate.finding import Finding, entities, finding, rule
from specgen.vocab.naming import pascal_case, snake_case
from specgen.vocab.reserved import MODULE_NAMES, ORM_RESERVED, PYTHON_KEYWORDS, attribute_name

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SQL_NAME = re.compile(r"[^\x00-\x1f\x7f.\"'`\\]+\Z")
LAZY = frozenset(
    {
        "select",
        "selectin",
        "joined",
        "subquery",
        "raise",
        "raise_on_sql",
        "noload",
        "dynamic",
        "write_only",
        "immediate",
    }
)
CASCADES = frozenset({"all", "save-update", "merge", "expunge", "delete", "delete-orphan", "refresh-expire", "none"})
ORDER_BY = re.compile(r"^\s*(?:(?P<q>[A-Za-z_]\w*)\.)?(?P<col>[A-Za-z_]\w*)(?:\s+(?P<dir>asc|desc))?\s*$", re.I)


_SNAKE = re.compile(r"[a-z][a-z0-9_]*\Z")  # the common case, judged fast (keywords aside)


_FINE_PYTHON: set[str] = set()  # names already judged fine (specs repeat them: id, name, created_at)
_FINE_SQL: set[str] = set()


def _python(name: str) -> str | None:
    """Why `name` cannot be a Python name in the models module, or None."""
    if name in _FINE_PYTHON:
        return None
    if _SNAKE.match(name) and name not in PYTHON_KEYWORDS:
        if len(_FINE_PYTHON) < 100_000:
            _FINE_PYTHON.add(name)
        return None
    if not _IDENT.match(name) or name in PYTHON_KEYWORDS:
        return "is not a Python identifier"
    if name.startswith("_"):
        return "starts with an underscore (pydantic treats it as private)"
    return None


def _sql(name: str) -> str | None:
    if name in _FINE_SQL:
        return None
    if _SNAKE.match(name):
        if len(_FINE_SQL) < 100_000:
            _FINE_SQL.add(name)
        return None
    if not name or not _SQL_NAME.match(name):
        return "is not a usable SQL name (no dots, quotes, backslashes or control characters)"
    return None


_ATTRIBUTES: dict[str, str] = {}  # attribute_name(python name), asked again for every column


def _attribute(py: str) -> str:
    attr = attribute_name(py)
    if len(_ATTRIBUTES) < 100_000:
        _ATTRIBUTES[py] = attr
    return attr


def name_problems(design: Design) -> Iterator[tuple[str, Entity | None, str | None, Location | None, str | None]]:
    """(message, entity, column, source, hint) of every name the generated code cannot use."""
    schema = design.database_schema
    taken = MODULE_NAMES | {pascal_case(e.name) for e in schema.enums}
    for e in entities(design):
        why = _python(e.name)
        if why:
            yield f"entity name '{e.name}' {why}", e, None, e.source, "rename the entity"
        elif e.name in taken:
            yield f"entity name '{e.name}' collides with a name the models module defines", e, None, e.source, None
        if _sql(e.table_name):
            yield f"table name '{e.table_name}' {_sql(e.table_name)}", e, None, e.source, None
        attrs: dict[str, str] = {}
        for c in e.columns:
            # the sets of names already judged fine are asked first: this loop sees every column of the design
            if c.name not in _FINE_SQL and _sql(c.name):
                yield f"column name '{c.name}' {_sql(c.name)}", e, c.name, c.source, None
            py = c.python_name
            why = None if py in _FINE_PYTHON else _python(py)
            if why:
                yield (
                    f"column {e.table_name}.{c.name}: python name '{py}' {why}",
                    e,
                    c.name,
                    c.source,
                    f"give it a Python name such as '{snake_case(c.name) or 'f'}_'",
                )
                continue
            if py in ORM_RESERVED:
                yield (
                    f"column {e.table_name}.{c.name} maps to attribute '{py}', which SQLAlchemy's declarative API "
                    "reserves",
                    e,
                    c.name,
                    c.source,
                    f"rename the column, or give it a Python name such as '{py}_'",
                )
            attr = _ATTRIBUTES.get(py) or _attribute(py)
            if attr in attrs:
                yield (
                    f"python name '{attr}' is used by columns '{attrs[attr]}' and '{c.name}'",
                    e,
                    c.name,
                    c.source,
                    None,
                )
            attrs.setdefault(attr, c.name)
        seen: set[str] = set()
        for r in e.relationships:
            why = _python(r.name)
            if why:
                yield f"relationship name '{r.name}' {why}", e, None, r.source, None
            elif r.name in attrs or r.name in MODULE_NAMES:
                yield (
                    f"relationship '{r.name}' has the name of a column or of the models module",
                    e,
                    None,
                    r.source,
                    None,
                )
            elif r.name in seen:
                yield f"relationship '{r.name}' is defined twice on '{e.name}'", e, None, r.source, None
            seen.add(r.name)
            if r.back_populates and _python(r.back_populates):
                yield f"back_populates '{r.back_populates}' {_python(r.back_populates)}", e, None, r.source, None
        for fk in e.foreign_keys:
            other, _, table = fk.ref_table.rpartition(".")  # `auth.users`: a table of another schema, kept qualified
            for n in [*([other] if other else []), table, *fk.columns, *fk.ref_columns] + (
                [fk.name] if fk.name else []
            ):
                if _sql(n):
                    yield f"foreign key name '{n}' {_sql(n)}", e, None, fk.source, None
        for k in e.constraints:
            for n in k.columns + ([k.name] if k.name else []):
                if _sql(n):
                    yield f"constraint name '{n}' {_sql(n)}", e, None, k.source, None
    for ix in schema.indexes:
        if _sql(ix.index_name):
            yield f"index name '{ix.index_name}' {_sql(ix.index_name)}", None, None, ix.source, None
    for en in schema.enums:
        cls, var = pascal_case(en.name), snake_case(en.name) + "_type"
        if _sql(en.name):
            yield f"enum name '{en.name}' {_sql(en.name)}", None, None, en.source, None
        elif not cls or _python(cls) or _python(var) or cls in MODULE_NAMES or var in MODULE_NAMES:
            yield (
                f"enum '{en.name}' cannot be named in Python, or is named like an import",
                None,
                None,
                en.source,
                ("rename the enum"),
            )


@rule("SG112", "unusable-python-name", "error")
def check_python_names(design: Design) -> Iterator[Finding]:
    """A name cannot appear in the generated models: an entity, column attribute, relationship or enum
    name that is not a Python identifier, starts with an underscore, is a Python keyword, or collides
    with something the models module imports or SQLAlchemy reserves (`metadata`, `registry`); two
    columns with one attribute; a SQL name with dots, quotes or control characters.

    The generated module would not import, or would shadow its own imports. (A reserved SQL word is
    only a warning: SG108.) Fix: rename it, or give the column another Python name.
    """
    for message, e, column, source, hint in name_problems(design):
        yield finding(
            "SG112",
            message,
            entity=e.name if e else None,
            column=column,
            source=source or (e.source if e else None),
            hint=hint,
        )


def relationship_problems(design: Design) -> Iterator[tuple[str, Entity, Location | None, str | None]]:
    """(message, entity, source, hint) of relationship options SQLAlchemy refuses."""
    by_name = {e.name: e for e in entities(design)} | {e.table_name: e for e in entities(design)}
    for e in entities(design):
        for r in e.relationships:
            if not r.cascade and r.lazy in LAZY and not r.order_by:
                continue  # the common case
            tokens = [t for t in re.split(r"[\s,]+", r.cascade or "") if t]
            bad = [t for t in tokens if t not in CASCADES]
            if bad:
                yield (
                    f"relationship '{r.name}': unknown cascade '{bad[0]}'",
                    e,
                    r.source,
                    "use " + ", ".join(sorted(CASCADES)),
                )
            if r.lazy and r.lazy not in LAZY:
                yield (
                    f"relationship '{r.name}': unknown lazy strategy '{r.lazy}'",
                    e,
                    r.source,
                    "use " + ", ".join(sorted(LAZY)),
                )
            target = by_name.get(r.related_entity)
            for piece in (r.order_by or "").split(",") if r.order_by else []:
                m = ORDER_BY.match(piece)
                if not m or (target and m.group("q") and m.group("q") not in (target.name, target.table_name)):
                    yield (
                        f"relationship '{r.name}': cannot read order_by '{r.order_by}'",
                        e,
                        r.source,
                        "write 'column [asc|desc]', comma separated, columns of the related entity",
                    )
                    break
                if target and target.column(m.group("col")) is None:
                    yield (
                        f"relationship '{r.name}': order_by names unknown column '{m.group('col')}'",
                        e,
                        r.source,
                        None,
                    )
                    break


@rule("SG113", "relationship-option-unknown", "error")
def check_relationship_options(design: Design) -> Iterator[Finding]:
    """A relationship's `cascade` has a word SQLAlchemy does not know (`delete-orpan`), its `lazy`
    strategy is unknown (`sometimes`), or its `order_by` is not columns of the related entity.

    SQLAlchemy refuses the mapper when the models are imported. Fix: cascade words are all,
    save-update, merge, expunge, delete, delete-orphan, refresh-expire, none; lazy strategies are
    select, selectin, joined, subquery, raise, raise_on_sql, noload, dynamic, write_only, immediate.
    """
    for message, e, source, hint in relationship_problems(design):
        yield finding("SG113", message, entity=e.name, source=source or e.source, hint=hint)


@rule("SG114", "join-table-unusable", "error")
def check_join_tables(design: Design) -> Iterator[Finding]:
    """A many-to-many relationship goes through a table that is not an entity, or that has no
    foreign key to one of the two sides.

    SQLAlchemy cannot work out the join when the models are configured. Fix: declare the join
    table as an entity with a foreign key to each side (`fk collections.id`, `fk artifacts.id`).
    """
    by_name = {e.name: e for e in entities(design)} | {e.table_name: e for e in entities(design)}
    for e in entities(design):
        for r in e.relationships:
            if r.type != "many_to_many":
                continue
            link = by_name.get(r.join_table or "")
            target = by_name.get(r.related_entity)
            if link is None:
                yield finding(
                    "SG114",
                    f"relationship '{r.name}': join table '{r.join_table}' is not an entity",
                    entity=e.name,
                    source=r.source or e.source,
                    hint="declare the join table as an entity with a foreign key to each side",
                )
                continue
            refs = [fk.ref_table for fk in link.foreign_keys]
            missing = [x.table_name for x in (e, target) if x is not None and x.table_name not in refs]
            if missing:
                yield finding(
                    "SG114",
                    f"relationship '{r.name}': join table '{link.table_name}' has no foreign key to "
                    f"{', '.join(sorted(set(missing)))}",
                    entity=e.name,
                    source=r.source or e.source,
                    hint=f"add a column to {link.table_name} with 'fk {missing[0]}.<key>'",
                )


@rule("SG115", "self-fk-on-primary-key", "error")
def check_self_fk_on_key(design: Design) -> Iterator[Finding]:
    """A table's foreign key to itself is made of primary-key columns only (`FOREIGN KEY (a, b)
    REFERENCES t (b, a)` where `(a, b)` is the key).

    Each key column then counts as equal to a key column of the same row: SQLAlchemy cannot assemble
    the mapper's primary key and the generated models do not import (and every row references
    itself). Fix: point the foreign key from separate columns (`parent_a`, `parent_b`) at the key.
    """
    for e in entities(design):
        pk = set(e.primary_key.columns) if e.primary_key else set()
        for fk in e.foreign_keys:
            if pk and fk.ref_table == e.table_name and set(fk.columns) <= pk and set(fk.ref_columns) <= pk:
                yield finding(
                    "SG115",
                    f"{e.table_name}({', '.join(fk.columns)}) references its own primary key from its own "
                    "primary-key columns",
                    entity=e.name,
                    source=fk.source or e.source,
                    hint="reference the key from other columns, e.g. parent_" + fk.ref_columns[0],
                )
