"""The sqlmodel target: design -> one `models.py` of SQLModel classes.

Generate, then render: `build_context()` works out every name, import, type, default, constraint and
relationship in Python (from the same table plan and type mapping as render/metadata.py), and escapes
every string; the templates in templates/sqlmodel/ only loop and print.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specgen.config import Settings
from specgen.design.model import Design, Entity, ForeignKey, Relationship
from specgen.design.naming import pascal_case, snake_case
from specgen.render import satypes
from specgen.render.names import MODULE_NAMES, NameCheck, attribute_name, enum_member
from specgen.render.pycode import LINE, WIDTH, Call, Expr, Tup, fmt, py_str, ternary
from specgen.render.sqlmodel_columns import field_lines, table_items
from specgen.render.sqlmodel_rel import relationship_lines
from specgen.render.tables import TablePlan, cycle_breakers, plan_tables

OUTPUT = "models.py"
_REPR_HINTS = ("name", "title", "label", "slug", "code", "email", "key")


@dataclass
class EnumCtx:
    name: str  # SQL type name
    class_name: str
    type_var: str
    members: list[tuple[str, str]]  # (member, value literal)
    type_lines: list[str] = field(default_factory=list)


@dataclass
class ClassCtx:
    template = "sqlmodel/class.py.j2"
    name: str
    doc: str | None
    table: str  # literal
    table_args: list[str]
    fields: list[list[str]]
    relationships: list[list[str]]
    repr_line: str | None
    to_dict: list[str] | None


class Module:
    """Everything the models module needs, collected while building classes."""

    def __init__(self, design: Design) -> None:
        self.design = design
        self.std: set[str] = set()
        self.third: set[str] = {"from sqlmodel import Field, SQLModel"}
        self.helpers: set[str] = set()
        self.enums: dict[str, EnumCtx] = {}
        self.classes: dict[str, str] = {}  # entity name / table name -> class name
        self.entities: dict[str, Entity] = {}
        self.attrs: dict[str, dict[str, str]] = {}  # table -> column name -> attribute
        # (entity, relationship) -> the columns it writes; filled on first use by sqlmodel_rel
        self.breakers = cycle_breakers(design)
        self.enum_names = satypes.enum_names(design)
        # caches: columns of one type share their annotation and type arguments
        self.py_types: dict[tuple[object, ...], tuple[str, set[str]]] = {}
        self.type_kwargs: dict[tuple[object, ...], tuple[list[tuple[str, Expr]], set[str]]] = {}
        self.writes: dict[tuple[str, str], tuple[Entity, Relationship, set[tuple[str, str]]]] | None = None
        self.resolved: dict[tuple[str, str], tuple[Entity, ForeignKey] | None] = {}  # see sqlmodel_rel.resolve
        self.writers: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (table, column) -> relationships

    def enum_class(self, name: str) -> str:
        return self.enums[name].class_name if name in self.enums else "str"

    def enum_var(self, name: str) -> str:
        return self.enums[name].type_var


def render_sqlmodel(design: Design, settings: Settings, out_dir: Path, **options: Any) -> dict[Path, str]:
    """`models.py` under out_dir (or `options["filename"]`)."""
    from specgen.render.env import environment

    width = settings.extra.get("line-length", settings.extra.get("line_length", LINE))
    # Rendering makes many small acyclic objects; the cyclic collector would only re-scan the design.
    collecting = gc.isenabled()
    gc.disable()
    try:
        ctx = build_context(design, width=int(width))
        text = environment(settings).get_template("sqlmodel/models.py.j2").render(**ctx)
    finally:
        if collecting:
            gc.enable()
    return {out_dir / options.get("filename", OUTPUT): text}


def build_context(design: Design, width: int = LINE) -> dict[str, Any]:
    """The template context: module docstring, import lines, helpers, enums, classes in order.
    `width`: the line length to lay code out for (ruff's default, 88, unless settings say otherwise)."""
    token = WIDTH.set(max(width, LINE))
    try:
        return _build_context(design)
    finally:
        WIDTH.reset(token)


def _build_context(design: Design) -> dict[str, Any]:
    check = NameCheck()
    mod = Module(design)
    schema = design.database_schema
    _check_names(design, check)
    for e in schema.entities:
        mod.classes[e.name] = mod.classes[e.table_name] = e.name
        mod.entities[e.name] = mod.entities[e.table_name] = e
        mod.attrs[e.table_name] = {c.name: attribute_name(c.python_name) for c in e.columns}
    _enums(mod, check)
    check.raise_if_any()
    plans = {p.name: p for p in plan_tables(design, breakers=mod.breakers)}
    links = {r.join_table for e in schema.entities for r in e.relationships if r.type == "many_to_many"}
    order = [e for e in schema.entities if e.table_name in links] + [
        e for e in schema.entities if e.table_name not in links
    ]
    from specgen.render.sqlmodel_table import core_table

    classes = [
        _class(mod, plans[e.table_name], check)
        if plans[e.table_name].primary_key
        else core_table(mod, plans[e.table_name])
        for e in order
    ]
    check.raise_if_any()
    for ectx in mod.enums.values():
        ectx.type_lines = fmt(
            Call(
                "sa.Enum",
                [ectx.class_name],
                [
                    ("name", py_str(ectx.name)),
                    ("values_callable", "_enum_values"),
                    ("metadata", "SQLModel.metadata"),
                ],
            ),
            prefix=f"{ectx.type_var} = ",
        )
    if mod.enums:
        mod.std.add("import enum")
        mod.third.add("import sqlalchemy as sa")
    meta = schema.meta
    return {
        "doc": doc_line(meta.spec_file, meta.design_hash),
        "std_imports": _sort_imports(mod.std),
        "third_imports": _sort_imports(mod.third),
        "helpers": sorted(mod.helpers),
        "enums": [mod.enums[k] for k in sorted(mod.enums)],
        "classes": classes,
    }


def doc_line(spec_file: str, design_hash: str | None) -> str:
    from specgen.render.pycode import doc_text

    h = f" (design {design_hash[:12]})" if design_hash else ""
    return doc_text(f"SQLModel models generated by specgen from {spec_file}{h}. Do not edit by hand.")


def _sort_imports(lines: set[str]) -> list[str]:
    """isort order as ruff checks it: `import x` lines first, then `from x import a, B` lines, by module."""
    plain = sorted(line for line in lines if line.startswith("import "))
    froms: dict[str, set[str]] = {}
    for line in lines:
        if line.startswith("from "):
            module, _, names = line[5:].partition(" import ")
            froms.setdefault(module, set()).update(n.strip() for n in names.split(","))

    def key(n: str) -> tuple[int, str]:  # constants, then classes, then the rest (ruff's order-by-type)
        return (0 if n.isupper() and len(n) > 1 else 1 if n[:1].isupper() else 2, n)

    out = plain + [f"from {m} import {', '.join(sorted(ns, key=key))}" for m, ns in sorted(froms.items())]
    return out


def _check_names(design: Design, check: NameCheck) -> None:
    schema = design.database_schema
    seen: dict[str, str | None] = {}
    enum_classes = {pascal_case(e.name) for e in schema.enums}
    for e in schema.entities:
        if check.python(e.name, "entity name", e.source) and e.name in MODULE_NAMES | enum_classes:
            check.fail(
                f"entity name '{e.name}' collides with a name the models module defines",
                e.source,
                hint="rename the entity",
            )
        if e.name in seen:
            check.fail(f"entity '{e.name}' is defined twice (also at {seen[e.name]})", e.source)
        seen[e.name] = e.source
        check.sql(e.table_name, "table name", e.source)
        attrs: dict[str, str] = {}
        for c in e.columns:
            check.sql(c.name, "column name", c.source)
            attr = attribute_name(c.python_name)
            if check.python(c.python_name, "python name", c.source):
                if attr in attrs:
                    check.fail(f"python name '{attr}' is used by columns '{attrs[attr]}' and '{c.name}'", c.source)
                attrs[attr] = c.name
        rel_names: set[str] = set()
        for r in e.relationships:
            if check.python(r.name, "relationship name", r.source) and (r.name in attrs or r.name in MODULE_NAMES):
                check.fail(f"relationship '{r.name}' has the name of a column or of the models module", r.source)
            elif r.name in rel_names:
                check.fail(f"relationship '{r.name}' is defined twice on '{e.name}'", r.source)
            rel_names.add(r.name)
            if r.back_populates:
                check.python(r.back_populates, "back_populates", r.source)
        for fk in e.foreign_keys:
            for n in [fk.ref_table, *fk.columns, *fk.ref_columns] + ([fk.name] if fk.name else []):
                check.sql(n, "foreign key name", fk.source)
        for k in e.constraints:
            for n in k.columns + ([k.name] if k.name else []):
                check.sql(n, "constraint name", k.source)
    for ix in schema.indexes:
        check.sql(ix.index_name, "index name", ix.source)
    for en in schema.enums:
        check.sql(en.name, "enum name", en.source)


def _enums(mod: Module, check: NameCheck) -> None:
    for en in mod.design.database_schema.enums:
        cls = pascal_case(en.name)
        if not cls or not check.python(cls, "enum class name", en.source):
            continue
        var = snake_case(en.name) + "_type"
        if cls in MODULE_NAMES or var in MODULE_NAMES or not check.python(var, "enum type name", en.source):
            check.fail(
                f"enum '{en.name}' would be named like something the models module imports",
                en.source,
                hint="rename the enum",
            )
            continue
        taken: set[str] = set()
        members = [(enum_member(v, taken), py_str(v)) for v in en.values]
        mod.enums[en.name] = EnumCtx(en.name, cls, var, members)


# ---- the class ------------------------------------------------------------------------------------------------


def _table_args(mod: Module, plan: TablePlan) -> list[str]:
    items = table_items(mod, plan)
    if not items:
        return []
    return fmt(Tup(items), 4, "__table_args__ = ", explode=len(items) > 1)


def _class(mod: Module, plan: TablePlan, check: NameCheck) -> ClassCtx:
    from specgen.render.pycode import doc_text

    e = plan.entity
    indexed = {ix.elements[0][1] for ix in plan.indexes if ix.simple}  # Field(index=True)
    fields = [field_lines(mod, plan, cp, indexed) for cp in plan.columns]
    rels = relationship_lines(mod, e, check)
    repr_line = None
    to_dict = None
    attrs = [attribute_name(c.python_name) for c in e.columns]
    if "repr" in e.options:
        shown = [attribute_name(c.python_name) for c in e.columns if c.name in plan.primary_key]
        shown += [a for a in attrs if a in _REPR_HINTS and a not in shown][:2]
        inner = ", ".join(f"{a}={{self.{a}!r}}" for a in shown or attrs[:1])
        repr_line = f'        return f"{e.name}({inner})"'
    if "to_dict" in e.options:
        mod.std.add("from typing import Any")
        to_dict = []
        for c in e.columns:
            a = attribute_name(c.python_name)
            key = f"{py_str(c.python_name)}: "
            fam = c.database_type
            if fam in ("timestamp", "timestamptz", "date", "time"):
                to_dict += ternary(12, key, f"self.{a}.isoformat()", f"self.{a}")
            elif fam in ("uuid", "numeric"):
                to_dict += ternary(12, key, f"str(self.{a})", f"self.{a} is not None")
            else:
                to_dict.append(f"            {key}self.{a},")
    return ClassCtx(
        name=e.name,
        doc=doc_text(e.description) if e.description else None,
        table=py_str(e.table_name),
        table_args=_table_args(mod, plan),
        fields=fields,
        relationships=rels,
        repr_line=repr_line,
        to_dict=to_dict,
    )
