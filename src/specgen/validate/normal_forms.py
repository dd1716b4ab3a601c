"""Normalization rules (SG2xx): 1NF heuristics; 2NF, 3NF and BCNF exact from declared functional
dependencies (attribute closure, candidate keys) and heuristic where none are declared."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import combinations

from specgen.design.model import Design, Entity
from specgen.source import Location
from specgen.validate.finding import Finding, columns_named, entities, finding, lookup, rule, tables

# Candidate-key search looks at subsets of the attributes that are on both sides of some dependency.
# Past this many such attributes it stops (2^n subsets) and says so.
KEY_SEARCH_LIMIT = 12

_NUMBERED = re.compile(r"^(?P<stem>[a-z_]*?[a-z])_?(?P<n>\d+)$")
_LIST_NAME = re.compile(r"(_list|_csv|_ids|s_csv)$")
_LIST_WORDS = re.compile(r"comma[- ]separated|semicolon[- ]separated|list of|separated by|delimited", re.I)
_TEXTUAL = ("varchar", "text", "char")
# Numbered columns that are parts of one value, not repeated values: address_line1, address_line2.
_NOT_GROUPS = ("line", "_part")


@rule("SG201", "repeating-group", "warning")
def check_repeating_groups(design: Design) -> Iterator[Finding]:
    """First normal form: a repeating group — columns such as `phone1, phone2, phone3`.

    Numbered columns of one type with a stem of three letters or more count (`c1, c2` and
    `address_line1, address_line2`, the parts of one value, do not). A fixed number of numbered columns caps the values a row can hold and makes queries test each
    column in turn. Fix: move the values into a child table, one row per value, with a foreign key
    to this table (and a position column if the order matters).
    """
    for e in entities(design):
        groups: dict[tuple[str, str], list[str]] = {}
        for c in e.columns:
            # _NUMBERED needs a stem of 3 letters and a digit at the end (`$`: or before a final newline)
            if len(c.name) < 4 or not (c.name[-1].isdigit() or c.name[-1] == "\n"):
                continue
            m = _NUMBERED.match(c.name)
            if m and len(m.group("stem")) >= 3 and not m.group("stem").endswith(_NOT_GROUPS):
                groups.setdefault((m.group("stem"), c.sql_type), []).append(c.name)
        for (stem, _), names in groups.items():
            if len(names) < 2:
                continue
            first = e.column(names[0])
            child = f"{_stem(e)}_{stem}s"
            yield finding(
                "SG201",
                f"{e.table_name} repeats '{stem}' in columns {', '.join(names)}",
                entity=e.name,
                column=names[0],
                source=first.source if first else e.source,
                form="1nf",
                hint=f"decompose: {child}({_stem(e)}_id -> {e.table_name}, position, "
                f"{stem}) and drop {', '.join(names)}",
            )


@rule("SG202", "list-in-text", "warning")
def check_lists_in_text(design: Design) -> Iterator[Finding]:
    """First normal form: a text column holds a list (named `…_list`/`…_ids`, or described as
    comma-separated or "list of").

    The database cannot index, constrain or join the items. Fix: a child table with one row per
    item (or, for a set of references, an association table with foreign keys).
    """
    for e in entities(design):
        for c in e.columns:
            if c.database_type not in _TEXTUAL:
                continue
            if _LIST_NAME.search(c.name) or (c.description and _LIST_WORDS.search(c.description)):
                item = re.sub(r"(_list|_csv|s_csv)$", "", c.name)
                yield finding(
                    "SG202",
                    f"{e.table_name}.{c.name} ({c.sql_type}) holds a list of values",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                    form="1nf",
                    hint=f"decompose: {_stem(e)}_{_plural(item)}({_stem(e)}_id -> "
                    f"{e.table_name}, {_singular(item)}) with one row per item",
                )


@rule("SG203", "array-column", "info")
def check_arrays(design: Design) -> Iterator[Finding]:
    """First normal form, strictly read: an array column holds several values in one field.

    Often fine for tags or small value sets queried with GIN indexes; a child table is the
    normalized design when items need their own attributes, constraints or foreign keys.
    """
    for e in entities(design):
        for c in e.columns:
            if c.database_type == "array":
                yield finding(
                    "SG203",
                    f"{e.table_name}.{c.name} is an array ({c.sql_type})",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                    form="1nf",
                    hint=f"if items need constraints or references, decompose into "
                    f"{_stem(e)}_{c.name}({_stem(e)}_id, "
                    f"{_singular(c.name)})",
                )


# Exact analysis over declared functional dependencies.


def closure(attrs: Iterable[str], fds: list[tuple[frozenset[str], frozenset[str]]]) -> set[str]:
    """Attribute closure X+ under `fds` (linear passes until nothing changes)."""
    out = set(attrs)
    changed = True
    while changed:
        changed = False
        for lhs, rhs in fds:
            if lhs <= out and not rhs <= out:
                out |= rhs
                changed = True
    return out


def candidate_keys(
    attrs: set[str], fds: list[tuple[frozenset[str], frozenset[str]]], limit: int = KEY_SEARCH_LIMIT
) -> tuple[list[frozenset[str]], bool]:
    """Minimal keys of the relation; the bool says the search was complete (not capped).

    Attributes on no right-hand side are in every key; attributes only on right-hand sides are in
    none; the rest are searched by increasing subset size, at most `limit` of them.
    """
    rhs_all = set().union(*(rhs - lhs for lhs, rhs in fds)) if fds else set()
    lhs_all = set().union(*(lhs for lhs, _ in fds)) if fds else set()
    core = frozenset(attrs - rhs_all)
    middle = sorted((attrs & rhs_all) & lhs_all)
    if closure(core, fds) >= attrs:
        return [core], True
    complete = len(middle) <= limit
    middle = middle[:limit]
    keys: list[frozenset[str]] = []
    for size in range(1, len(middle) + 1):
        for combo in combinations(middle, size):
            cand = core | frozenset(combo)
            if any(k <= cand for k in keys):
                continue
            if closure(cand, fds) >= attrs:
                keys.append(cand)
    return keys, complete


def _fd_sets(
    e: Entity,
) -> tuple[
    set[str], list[tuple[frozenset[str], frozenset[str]]], list[tuple[frozenset[str], frozenset[str], Location | None]]
]:
    attrs = {c.name for c in e.columns}
    declared = [
        (frozenset(fd.lhs), frozenset(fd.rhs) - frozenset(fd.lhs), fd.source) for fd in e.functional_dependencies
    ]
    fds = [(lhs, rhs) for lhs, rhs, _ in declared if rhs]
    keys: list[frozenset[str]] = []
    if e.primary_key:
        keys.append(frozenset(e.primary_key.columns))
    keys += [frozenset(k.columns) for k in e.constraints if k.type == "unique" and k.columns]
    keys += [frozenset([c.name]) for c in e.columns if "unique" in c.constraints]
    fds += [(k, frozenset(attrs - k)) for k in keys if k <= attrs]
    return attrs, fds, declared


@rule("SG204", "fd-unknown-column", "error")
def check_fd_columns(design: Design) -> Iterator[Finding]:
    """A declared functional dependency names a column the entity does not have.

    Fix: correct the name in the Functional dependencies section (`a, b -> c`).
    """
    for e in entities(design):
        names = {c.name for c in e.columns}
        for fd in e.functional_dependencies:
            for name in [*fd.lhs, *fd.rhs]:
                if name not in names:
                    yield finding(
                        "SG204",
                        f"functional dependency {', '.join(fd.lhs)} -> {', '.join(fd.rhs)} names "
                        f"unknown column '{name}' of {e.table_name}",
                        entity=e.name,
                        source=fd.source,
                    )


def _decomposition(e: Entity, lhs: Iterable[str], rhs: Iterable[str]) -> str:
    lhs, rhs = sorted(lhs), sorted(rhs)
    new = "_".join(_plural(x.removesuffix("_id")) for x in lhs) if len(lhs) <= 2 else f"{e.table_name}_detail"
    if new == e.table_name:
        new = f"{e.table_name}_{'_'.join(rhs)[:20]}"
    return (
        f"decompose: {new}({', '.join(f'{x} pk' for x in lhs)}, {', '.join(rhs)}) and keep "
        f"{', '.join(lhs)} in {e.table_name} as a foreign key to it, dropping {', '.join(rhs)}"
    )


@rule("SG205", "normal-form-violation", "warning")
def check_declared_dependencies(design: Design) -> Iterator[Finding]:
    """2NF, 3NF or BCNF violated by a declared functional dependency (exact analysis).

    specgen computes attribute closures and the candidate keys from the primary key, unique
    constraints and the declared dependencies. 2NF: a non-prime column depends on part of a
    candidate key. 3NF: a non-prime column depends on columns that are not a key (a transitive
    dependency). BCNF: any column (even a prime one) depends on a non-key. The candidate-key search
    tries at most 12 attributes that occur on both sides of dependencies; past that it is capped
    and the finding says so (prime attributes may then be missed). Fix: the suggested
    decomposition — move the dependent columns into a table keyed by the determinant.
    """
    for e in entities(design):
        if not e.functional_dependencies:
            continue
        attrs, fds, declared = _fd_sets(e)
        if any(not (lhs | rhs) <= attrs for lhs, rhs, _ in declared):
            continue  # SG204 reports it; the analysis needs known columns
        keys, complete = candidate_keys(attrs, fds)
        prime = set().union(*keys) if keys else set()
        capped = "" if complete else f" (candidate-key search capped at {KEY_SEARCH_LIMIT} attributes)"
        key_text = " or ".join("(" + ", ".join(sorted(k)) + ")" for k in keys) or "none"
        partial_attrs: set[str] = set()
        # 2NF: the closure of a key minus one of its attributes reaches non-prime columns.
        for k in keys:
            if len(k) < 2:
                continue
            for part in sorted(k):
                sub = k - {part}
                fresh = sorted(a for a in closure(sub, fds) - sub if a not in prime and a not in partial_attrs)
                if not fresh:
                    continue
                partial_attrs.update(fresh)
                src = next((s for lhs, _, s in declared if lhs <= sub), e.source)
                yield finding(
                    "SG205",
                    f"{e.table_name}: {', '.join(fresh)} depend(s) on {', '.join(sorted(sub))}, "
                    f"part of the key ({', '.join(sorted(k))}){capped}",
                    entity=e.name,
                    source=src,
                    form="2nf",
                    hint=_decomposition(e, sub, fresh),
                )
        for lhs, rhs, src in declared:
            if not rhs or closure(lhs, fds) >= attrs:
                continue  # trivial, or the determinant is a superkey
            non_prime = sorted(a for a in rhs if a not in prime and a not in partial_attrs)
            prime_dep = sorted(a for a in rhs if a in prime)
            if non_prime:
                yield finding(
                    "SG205",
                    f"{e.table_name}: {', '.join(non_prime)} depend(s) on {', '.join(sorted(lhs))}, "
                    f"which is not a key (keys: {key_text}): a transitive dependency{capped}",
                    entity=e.name,
                    source=src,
                    form="3nf",
                    hint=_decomposition(e, lhs, non_prime),
                )
            if prime_dep:
                yield finding(
                    "SG205",
                    f"{e.table_name}: key column(s) {', '.join(prime_dep)} depend on "
                    f"{', '.join(sorted(lhs))}, which is not a key (keys: {key_text}){capped}",
                    entity=e.name,
                    source=src,
                    form="bcnf",
                    hint=_decomposition(e, lhs, prime_dep),
                )


# Heuristics where no dependencies are declared.


@rule("SG206", "copied-attribute", "info")
def check_copied_attributes(design: Design) -> Iterator[Finding]:
    """2NF/3NF, heuristic: a column copies an attribute of the row a foreign key points at —
    `customer_email` beside `customer_id` when `customers` has `email`.

    The copy depends on the foreign key, not on this table's key: 3NF when the foreign key is a
    plain column (a transitive dependency), 2NF when it is part of a composite primary key (a
    partial dependency). Copies drift when the source row changes. Fix: drop the column and join
    (or declare the dependency and keep it deliberately as a denormalization). Lower severity
    than the exact rule, since only names suggest the dependency.
    """
    index = tables(design)
    for e in entities(design):
        if e.functional_dependencies:
            continue  # declared dependencies are analysed exactly
        pk = set(e.primary_key.columns) if e.primary_key else set()
        for fk in e.foreign_keys:
            if len(fk.columns) != 1:
                continue
            fk_col = fk.columns[0]
            prefix = fk_col.removesuffix("_id") if fk_col.endswith("_id") else None
            target = lookup(index, fk.ref_table)
            if not prefix or target is None or target is e:
                continue
            theirs = columns_named(design, target)
            start = prefix + "_"
            for c in e.columns:
                if not c.name.startswith(start) or c.name == fk_col or c.name in pk:
                    continue
                attr = c.name[len(start) :]
                if attr not in theirs or attr in fk.ref_columns:
                    continue
                form = "2nf" if fk_col in pk and len(pk) > 1 else "3nf"
                kind = "part of the composite key" if form == "2nf" else "not the key"
                yield finding(
                    "SG206",
                    f"{e.table_name}.{c.name} looks like a copy of {target.table_name}.{attr}; "
                    f"it depends on {fk_col}, {kind}",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                    form=form,
                    hint=f"drop {c.name} and read {target.table_name}.{attr} through {fk_col}, "
                    f"or declare '{fk_col} -> {c.name}' to keep it on purpose",
                )


def _stem(e: Entity) -> str:
    """`OrderItem` -> `order_item`: the prefix for tables and columns derived from an entity."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", e.name).lower()


def _singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("ses") or name.endswith("xes"):
        return name[:-2]
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def _plural(name: str) -> str:
    if name.endswith("s"):
        return name
    if name.endswith("y") and name[-2:-1] not in "aeiou":
        return name[:-1] + "ies"
    return name + "s"
