"""Django models in ```python blocks, read with `ast` (never imported or executed).

The Python reader hands over every class that looks like a Django model: a base `models.Model`, a base
that is a Django model of the same block (an abstract base with `class Meta: abstract = True` is not a
table; its fields are inherited), or a body of `models.CharField(...)`-style fields. What Django does
implicitly is made explicit, as the database sees it:

- a model without a `primary_key=True` field gets `id bigint` autoincrement (the description says so);
- `ForeignKey`/`OneToOneField` attribute `client` is the column `client_id` (or `db_column`), indexed
  as Django indexes it, with a many-to-one relationship named `client`, as Django's attribute is;
- `ManyToManyField` without `through` is a join table `<table>_<field>` with `<model>_id`/`<target>_id`
  (`from_<model>_id`/`to_<model>_id` when it points at its own model) and a unique pair, as Django creates;
- a model inheriting a concrete model (multi-table inheritance) has the key `<parent>_ptr_id`, a
  one-to-one FK to the parent; a `proxy` model is no table.

Table names: `Meta.db_table`, else the rule of every other reader (no app label is known from a block).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from specgen.errors import info, warning
from specgen.parse.django_fields import (
    AUTO,
    CHOICES,
    FIELDS,
    ON_DELETE,
    POSITIVE,
    RELATIONS,
    choice_values,
    field_call,
    field_type,
    target_model,
)
from specgen.parse.django_meta import MetaReader, read_meta
from specgen.parse.ir import (
    ColumnIR,
    ConstraintIR,
    EntityIR,
    EnumIR,
    ForeignKeyIR,
    Fragment,
    ReadContext,
    RelationshipIR,
)
from specgen.parse.python_types import (
    UNKNOWN_DEFAULT_HINT,
    const,
    default_text,
    dotted,
    kwarg,
    last,
    server_default_text,
)
from specgen.source import Location
from specgen.vocab.naming import pascal_case, table_name_for

_SQLALCHEMY = {"mapped_column", "Column", "relationship", "Relationship"}
IMPLICIT_ID = "Implicit primary key: Django adds `id` (BigAutoField) to a model without a primary_key field."


@dataclass
class _Model:
    """A Django class of the block: a table, or an abstract base whose fields its children copy."""

    entity: EntityIR
    fields: dict[str, str]  # attribute -> column
    abstract: bool
    meta: list[ast.stmt] = field(default_factory=list)
    many: list[tuple[str, ast.Call, ast.stmt]] = field(default_factory=list)  # ManyToManyFields, inherited too


@dataclass
class _Choices:
    members: dict[str, object]  # DRAFT -> 'draft'
    integer: bool


class DjangoModels:
    """Reads the Django classes of one ```python block; the Python reader asks it first for each class."""

    def __init__(
        self,
        out: Fragment,
        context: ReadContext,
        loc: Callable[[ast.AST | int], Location],
        enums: set[str],
        typed_by_reference: list[ColumnIR],
    ) -> None:
        self.out = out
        self.context = context  # what earlier readers of the file found: a relationship's target may be there
        self.loc = loc
        self.enums = enums  # the Python reader's: a choices class added here is skipped there
        self.typed = typed_by_reference  # FK columns whose type is the referenced key's
        self.models: dict[str, _Model] = {}
        self.choices: dict[str, _Choices] = {}
        self.lists: dict[str, list[object]] = {}  # module-level STATUSCHOICES = [...]
        self.stated: list[tuple[EntityIR, RelationshipIR]] = []  # kept where the target is defined
        self.many: list[tuple[EntityIR, str, ast.Call, ast.stmt]] = []

    def note(self, message: str, node: ast.AST | int) -> None:
        self.out.diagnostics.append(info(message, self.loc(node)))

    # -- what is Django ---------------------------------------------------------------------------

    def scan(self, module: ast.Module) -> None:
        """Module-level choice lists (`STATUSCHOICES = [('a', 'A'), ...]`), read before the classes."""
        for s in module.body:
            if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name):
                values = choice_values(s.value)
                if values:
                    self.lists[s.targets[0].id] = values

    def read_choices(self, c: ast.ClassDef) -> bool:
        """`class Status(models.TextChoices)` -> an enum of its values; True when the class is one."""
        if not any(last(b) in CHOICES for b in c.bases):
            return False
        members: dict[str, object] = {}
        for s in c.body:
            if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name):
                node = s.value.elts[0] if isinstance(s.value, ast.Tuple) and s.value.elts else s.value
                value = const(node)
                if isinstance(value, (str, int)) and not s.targets[0].id.startswith("_"):
                    members[s.targets[0].id] = value
        integer = any(last(b) == "IntegerChoices" for b in c.bases) or (
            bool(members) and all(isinstance(v, int) for v in members.values())
        )
        self.choices[c.name] = _Choices(members, integer)
        self.enums.add(c.name)
        if members and not integer:
            self.out.enums.append(EnumIR(c.name, [str(v) for v in members.values()], self.loc(c), form="python"))
        return True

    def claims(self, c: ast.ClassDef) -> bool:
        """A Django model class (or abstract base), or a choices class already read."""
        if c.name in self.choices:
            return True
        bases = [dotted(b) for b in c.bases]
        if any(b.endswith("models.Model") or b.rpartition(".")[2] in self.models for b in bases):
            return True
        calls = [
            s.value for s in c.body if isinstance(s, (ast.Assign, ast.AnnAssign)) and isinstance(s.value, ast.Call)
        ]
        if any(last(v) in _SQLALCHEMY for v in calls):
            return False
        django = [v for v in calls if last(v) in FIELDS or last(v) in RELATIONS]
        return any(dotted(v).startswith("models.") for v in django) or ("Model" in bases and bool(django))

    # -- model classes ------------------------------------------------------------------------------

    def read(self, c: ast.ClassDef) -> EntityIR | None:
        """Read a claimed class; return the entity when it is a table."""
        if c.name in self.choices:
            return None
        meta = read_meta(c)
        entity = EntityIR(self.loc(c), "python", name=c.name, table=meta.db_table)
        doc = ast.get_docstring(c)
        if doc:
            entity.description = doc.strip().split("\n\n")[0].replace("\n", " ")
        fields: dict[str, str] = {}
        many: list[tuple[str, ast.Call, ast.stmt]] = []
        parent: _Model | None = None
        inherited_meta: list[ast.stmt] = []
        for b in c.bases:
            base = self.models.get(last(b))
            if base is None:
                continue
            if base.abstract:
                for col in base.entity.columns:
                    if all(col.name != x.name for x in entity.columns):
                        copy = replace(col, fk=replace(col.fk) if col.fk else None)
                        entity.columns.append(copy)
                        if col.fk is not None:
                            self.typed.append(copy)
                fields.update(base.fields)
                many.extend(base.many)
                inherited_meta = inherited_meta or base.meta
            else:
                parent = parent or base
        local = dict(self.lists)
        for s in c.body:
            if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name):
                values = choice_values(s.value)
                if values:
                    local[s.targets[0].id] = values
        for s in c.body:
            name, call = field_call(s)
            if name is None or call is None:
                continue
            try:
                if last(call) == "ManyToManyField":
                    many = [m for m in many if m[0] != name] + [(name, call, s)]
                else:
                    self._field(name, call, s, c.name, entity, fields, local)
            except Exception as exc:  # noqa: BLE001 - a reader never raises
                self.out.diagnostics.append(
                    warning(f"{c.name}.{name}: could not read this field ({type(exc).__name__}: {exc})", self.loc(s))
                )
        own_meta = meta.body if meta.body else inherited_meta
        abstract = meta.abstract or not c.bases
        model = _Model(entity, fields, abstract, own_meta, many)
        self.models[c.name] = model
        if abstract:
            return None
        if meta.proxy:
            self.note(f"Django proxy model '{c.name}' is no table of its own", c)
            return None
        if parent is not None:
            self._parent_link(entity, parent, c)
        elif not any(col.primary_key for col in entity.columns):
            entity.columns.insert(
                0,
                ColumnIR(
                    "id",
                    self.loc(c),
                    type="bigint",
                    nullable=False,
                    primary_key=True,
                    autoincrement=True,
                    description=IMPLICIT_ID,
                ),
            )
        MetaReader(entity, c.name, fields, self.loc, self.note).read(own_meta)
        for name, call, s in many:
            self.many.append((entity, name, call, s))
        self.out.entities.append(entity)
        return entity

    def _parent_link(self, entity: EntityIR, parent: _Model, c: ast.ClassDef) -> None:
        """Multi-table inheritance: `<parent>_ptr_id` is the key and a one-to-one FK to the parent."""
        name = f"{(parent.entity.name or '').lower()}_ptr_id"
        fk = ForeignKeyIR([name], parent.entity.name or "", [], self.loc(c), on_delete="CASCADE", ref_is_entity=True)
        col = ColumnIR(name, self.loc(c), type="bigint", nullable=False, primary_key=True, fk=fk)
        col.description = f"Parent link: {entity.name} extends {parent.entity.name} (multi-table inheritance)."
        entity.columns.insert(0, col)
        self.typed.append(col)

    def _field(
        self,
        name: str,
        call: ast.Call,
        node: ast.stmt,
        model: str,
        entity: EntityIR,
        fields: dict[str, str],
        local: dict[str, list[object]],
    ) -> None:
        kind = last(call)
        loc = self.loc(node)
        col = ColumnIR(name, loc, type_loc=loc, nullable=False)  # Django columns are NOT NULL unless null=True
        if kind in RELATIONS:
            self._relation(name, call, model, col, entity)
        else:
            col.type = field_type(kind, call)
        if isinstance(const(call.args[0] if call.args else None), str) and kind not in RELATIONS:
            col.description = str(const(call.args[0]))  # the first positional argument is verbose_name
        self._options(call, col, local, kind)
        if kind in AUTO:
            col.primary_key, col.autoincrement = True, True
        if kind in POSITIVE:
            col.check = f"{col.name} >= 0"
        if col.primary_key:
            col.nullable = False
        fields[name] = col.name
        fields.setdefault(col.name, col.name)
        entity.columns.append(col)

    def _options(self, call: ast.Call, col: ColumnIR, local: dict[str, list[object]], kind: str) -> None:
        for k in call.keywords:
            v, value = k.value, const(k.value)
            if k.arg == "null":
                col.nullable = value is True
            elif k.arg == "unique":
                col.unique = col.unique or value is True
            elif k.arg == "primary_key":
                col.primary_key = value is True
            elif k.arg == "db_index":
                col.index = value is True
            elif k.arg == "db_column" and isinstance(value, str) and kind not in RELATIONS:
                col.python_name = col.python_name or col.name
                col.name = value
            elif k.arg in ("help_text", "db_comment") and isinstance(value, str):
                col.description = value
            elif k.arg == "verbose_name" and isinstance(value, str):
                col.description = col.description or value
            elif k.arg == "default":
                col.default = self._default(v)
                if col.default is None and not isinstance(v, ast.Constant):
                    self.out.diagnostics.append(
                        warning(f"{col.name}: default={ast.unparse(v)} is {UNKNOWN_DEFAULT_HINT}", self.loc(v))
                    )
            elif k.arg == "db_default":
                col.server_default = "CURRENT_TIMESTAMP" if last(v) == "Now" else server_default_text(v)
            elif k.arg in ("auto_now", "auto_now_add") and value is True:
                col.default = "now"
                col.on_update = "now" if k.arg == "auto_now" else col.on_update
            elif k.arg == "choices":
                self._choices(v, col, local)
        if col.index and col.unique:
            col.index = False  # the unique constraint's index serves

    def _default(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and node.value is None:
            return None
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in self.choices:
            member = self.choices[node.value.id].members.get(node.attr)
            if member is not None:
                return repr(member) if isinstance(member, str) else str(member)
        return default_text(node)

    def _choices(self, node: ast.AST, col: ColumnIR, local: dict[str, list[object]]) -> None:
        """choices= a TextChoices class (its enum), a literal list or a list named in the block (an
        inline enum); integer choices keep the column's type and become a check."""
        cls = node.value if isinstance(node, ast.Attribute) and node.attr == "choices" else node
        if isinstance(cls, ast.Name) and cls.id in self.choices:
            choice = self.choices[cls.id]
            if choice.integer:
                values: list[object] = list(choice.members.values())
            else:
                col.type = cls.id
                return
        elif isinstance(node, ast.Name) and node.id in local:
            values = local[node.id]
        else:
            values = choice_values(node) or []
        if not values:
            return
        if all(isinstance(v, str) for v in values):
            col.type = "enum(" + ", ".join(str(v) for v in values) + ")"
        elif all(isinstance(v, int) for v in values):
            col.check = f"{col.name} IN ({', '.join(str(v) for v in values)})"

    def _relation(self, name: str, call: ast.Call, model: str, col: ColumnIR, entity: EntityIR) -> None:
        """ForeignKey/OneToOneField: the column `<name>_id`, its FK, and the relationship `<name>`."""
        target = target_model(call, model)
        if target is None:
            self.out.diagnostics.append(warning(f"{model}.{name}: the related model is not read", col.loc))
            col.type = "bigint"
            return
        col.name = f"{name}_id"
        to_field = const(kwarg(call, "to_field"))
        on_delete_node = kwarg(call, "on_delete") or (call.args[1] if len(call.args) > 1 else None)
        on_delete = ON_DELETE.get(last(on_delete_node)) if on_delete_node is not None else None
        if on_delete_node is not None and on_delete is None:
            # the column's own line (note() takes an AST node or a fence line; a Location read as neither gave line 1)
            self.out.diagnostics.append(
                info(f"{model}.{name}: on_delete={ast.unparse(on_delete_node)} has no database action", col.loc)
            )
        col.fk = ForeignKeyIR(
            [col.name],
            target,
            [str(to_field)] if isinstance(to_field, str) else [],
            col.loc,
            on_delete=on_delete,
            ref_is_entity=True,
        )
        col.type, col.type_from_reference = "bigint", True  # the key's type, once it is known
        self.typed.append(col)
        one = last(call) == "OneToOneField"
        col.unique = one
        col.index = not one and const(kwarg(call, "db_index")) is not False  # Django indexes every FK
        db_column = const(kwarg(call, "db_column"))
        if isinstance(db_column, str):
            col.name = col.fk.columns[0] = db_column
        related = const(kwarg(call, "related_name"))
        back = str(related).replace("%(class)s", model.lower()).replace("%(app_label)s_", "") if related else None
        rel = RelationshipIR(
            name,
            target,
            col.loc,
            kind="one_to_one" if one else "many_to_one",
            back_populates=back if back and not back.endswith("+") else None,
            foreign_keys=[col.name],
            uselist=False,
        )
        self.stated.append((entity, rel))

    # -- after the block: relationships and many-to-many join tables ----------------------------------

    def finish(self) -> None:
        """Stated relationships whose target is defined; ManyToManyField join tables."""
        known = {e.name for e in self.out.all_entities(self.context) if e.name} | set(self.models)
        for entity, rel in self.stated:
            if rel.target in known:
                entity.relationships.append(rel)
        for entity, name, call, node in self.many:
            try:
                self._many(entity, name, call, node, known)
            except Exception as exc:  # noqa: BLE001 - a reader never raises
                self.out.diagnostics.append(
                    warning(f"{entity.name}.{name}: could not read this field ({type(exc).__name__})", self.loc(node))
                )

    def _many(self, entity: EntityIR, name: str, call: ast.Call, node: ast.stmt, known: set[str]) -> None:
        model = entity.name or ""
        target = target_model(call, model)
        loc = self.loc(node)
        if target is None:
            self.out.diagnostics.append(warning(f"{model}.{name}: the related model is not read", loc))
            return
        through_node = kwarg(call, "through")
        through: str | None = str(const(through_node)) if isinstance(const(through_node), str) else last(through_node)
        through = through.rpartition(".")[2] if through else None
        related = const(kwarg(call, "related_name"))
        back = str(related).replace("%(class)s", model.lower()) if related else None
        if not through:
            through = self._join_table(entity, name, call, target, loc)
        if target in known:
            rel = RelationshipIR(name, target, loc, kind="many_to_many", through=through)
            rel.back_populates = back if back and not back.endswith("+") else None
            entity.relationships.append(rel)

    def _join_table(self, entity: EntityIR, name: str, call: ast.Call, target: str, loc: Location) -> str:
        """The table Django creates for a ManyToManyField without `through`."""
        model = entity.name or ""
        table = const(kwarg(call, "db_table"))
        table = str(table) if isinstance(table, str) else f"{entity.table or table_name_for(model)}_{name}"
        mine, theirs = f"{model.lower()}_id", f"{target.lower()}_id"
        if target == model:
            mine, theirs = f"from_{model.lower()}_id", f"to_{model.lower()}_id"
        join = EntityIR(loc, "python", name=f"{model}{pascal_case(name)}", table=table)
        join.description = f"Join table Django creates for {model}.{name} (ManyToManyField without through)."
        join.columns.append(ColumnIR("id", loc, type="bigint", nullable=False, primary_key=True, autoincrement=True))
        for col_name, ref in ((mine, model), (theirs, target)):
            fk = ForeignKeyIR([col_name], ref, [], loc, on_delete="CASCADE", ref_is_entity=True)
            col = ColumnIR(col_name, loc, type="bigint", nullable=False, fk=fk, type_from_reference=True)
            col.index = col_name == theirs  # the unique pair's index serves the first column
            join.columns.append(col)
            self.typed.append(col)
        join.constraints.append(ConstraintIR("unique", loc, None, [mine, theirs]))
        self.out.entities.append(join)
        return table
