"""Findings, and the registry that turns rule functions into documented, stable codes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from specgen.design.model import Column, Design, Entity, Index
from specgen.source import Location

Severity = Literal["error", "warning", "info"]
Category = Literal[
    "conflict",
    "reference",
    "normalization",
    "cascade",
    "cycle",
    "index",
    "constraint",
    "dialect",
    "migration",
    "reading",
]
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}

# Code prefix -> category: SG0xx spec/merge conflicts, SG1xx reference, … SG8xx migration.
CATEGORY_OF_DIGIT: dict[str, Category] = {
    "0": "conflict",
    "1": "reference",
    "2": "normalization",
    "3": "cascade",
    "4": "cycle",
    "5": "index",
    "6": "constraint",
    "7": "dialect",
    "8": "migration",
    "9": "reading",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule found, pointing at the spec line that caused it."""

    code: str
    severity: Severity
    category: str
    message: str
    entity: str | None = None
    column: str | None = None
    entities: tuple[str, ...] = ()
    form: str | None = None  # 1nf | 2nf | 3nf | bcnf (normalization findings)
    file: str | None = None
    line: int | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        # One code, one severity: a rule that finds something of another severity has another code.
        meta = REGISTRY.get(self.code)
        if meta is not None and meta.severity != self.severity:
            raise ValueError(f"{self.code} is a {meta.severity} rule; a finding of it cannot be a {self.severity}")

    def format(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else f"{self.file}: " if self.file else ""
        text = f"{where}{self.severity} {self.code} {self.message}"
        return text + (f" (hint: {self.hint})" if self.hint else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "category": self.category,
            "message": self.message,
            "entity": self.entity,
            "column": self.column,
            "entities": list(self.entities),
            "form": self.form,
            "file": self.file,
            "line": self.line,
            "hint": self.hint,
        }

    def sort_key(self) -> tuple[str, int, str, str, str, str]:
        return (self.file or "", self.line or 0, self.code, self.entity or "", self.column or "", self.message)


RuleFunc = Callable[[Design], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule's metadata: what docs/rules.md and SARIF list."""

    code: str
    name: str  # kebab-case, e.g. fk-unknown-table
    category: Category
    severity: Severity  # every finding of the rule has it (Finding enforces it): other severities, other codes
    func: RuleFunc = field(repr=False, compare=False)

    @property
    def doc(self) -> str:
        import inspect  # only docs and SARIF need it; keep `specgen validate` start-up light

        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.split("\n\n", 1)[0].replace("\n", " ").strip()


REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity) -> Callable[[RuleFunc], RuleFunc]:
    """Register `check_<thing>` under a stable code; its docstring is the help text (problem, then fix)."""
    if len(code) != 5 or not code.startswith("SG") or not code[2:].isdigit():
        raise ValueError(f"rule code {code!r} is not SG + three digits")
    category = CATEGORY_OF_DIGIT[code[2]]

    def register(func: RuleFunc) -> RuleFunc:
        have = REGISTRY.get(code)
        if have is not None and have.func.__qualname__ != func.__qualname__:
            raise ValueError(f"rule code {code} is used twice ({have.func.__qualname__}, {func.__qualname__})")
        if not func.__doc__:
            raise ValueError(f"rule {code} ({func.__name__}) needs a docstring: it is the rule's help text")
        REGISTRY[code] = Rule(code, name, category, severity, func)
        func.rule = REGISTRY[code]  # type: ignore[attr-defined]
        return func

    return register


def finding(
    code: str,
    message: str,
    *,
    entity: str | None = None,
    column: str | None = None,
    source: Location | None = None,
    hint: str | None = None,
    entities: Iterable[str] = (),
    form: str | None = None,
) -> Finding:
    """A finding of registered rule `code`, located at `source`."""
    meta = REGISTRY[code]
    file, line = (source.path or None, source.line or None) if source else (None, None)
    return Finding(code, meta.severity, meta.category, message, entity, column, tuple(entities), form, file, line, hint)


# Small helpers the rule modules share.


def tables(design: Design) -> dict[str, Entity]:
    """Entities by table name and by entity name (lower-cased too), first definition wins. Shared by the
    rules of one run (per_run): read it, do not change it."""
    return per_run("tables", design, _tables)


def _tables(design: Design) -> dict[str, Entity]:
    out: dict[str, Entity] = {}
    for e in design.database_schema.entities:
        for key in (e.table_name, e.name, e.table_name.lower(), e.name.lower()):
            out.setdefault(key, e)
    return out


def indexes_by_table(design: Design) -> dict[str, list[Index]]:
    """Secondary indexes grouped by table name (one pass, so rules stay linear). Shared by the rules of one run
    (per_run): read it, do not change it."""
    return per_run("indexes by table", design, _indexes_by_table)


def _indexes_by_table(design: Design) -> dict[str, list[Index]]:
    out: dict[str, list[Index]] = {}
    for i in design.database_schema.indexes:
        out.setdefault(i.table_name, []).append(i)
    return out


def lookup(index: dict[str, Entity], name: str) -> Entity | None:
    hit = index.get(name) or index.get(name.lower())
    if hit is not None:
        return hit
    schema, _, bare = name.lower().rpartition(".")
    hit = index.get(bare)
    if hit is None or schema in ("", "public") or (hit.schema_name or "").lower() == schema.strip('"`'):
        return hit
    # `auth.users` is not the `users` an SQL definition put in another schema (design/build.py `_fk_target`)
    return None if hit.schema_name or "sql" in hit.forms else hit


def entities(design: Design) -> Sequence[Entity]:
    """The design's entities, in order (the list itself: every rule walks it, so no generator in between)."""
    return design.database_schema.entities


def columns_named(design: Design, e: Entity) -> dict[str, Column]:
    """The columns of `e` by name, the first of a name winning as in `Entity.column`: an index built once per run
    (the rules look columns up tens of thousands of times). Read it, do not change it."""
    named = per_run("columns by name", design, _columns_by_name).get(id(e))
    return named if named is not None else {c.name: c for c in reversed(e.columns)}


def column_of(design: Design, e: Entity, name: str) -> Column | None:
    """`e.column(name)`, through `columns_named`."""
    return columns_named(design, e).get(name)


def _columns_by_name(design: Design) -> dict[int, dict[str, Column]]:
    # reversed: the first column of a name wins, as in Entity.column
    return {id(e): {c.name: c for c in reversed(e.columns)} for e in design.database_schema.entities}


# Facts several rules derive from one design (its expressions, its FK cycles), computed once per `validate` run.
_RUN_CACHE: dict[str, tuple[Design, Any]] = {}


def per_run(name: str, design: Design, compute: Callable[[Design], Any]) -> Any:
    """`compute(design)`, shared by the rules of one validate() run (which clears this cache when it starts)."""
    hit = _RUN_CACHE.get(name)
    if hit is not None and hit[0] is design:
        return hit[1]
    value = compute(design)
    _RUN_CACHE[name] = (design, value)
    return value


def clear_run_cache() -> None:
    _RUN_CACHE.clear()
