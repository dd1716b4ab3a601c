"""```python blocks: SQLAlchemy 2.0 declarative, classic Column(...) and SQLModel classes, read with `ast`.

Never imported or executed. Fragments are read as far as they go: a column without `mapped_column`
takes its type from the `Mapped[...]` annotation, `relationship(...)` with `...` arguments takes its
target from the annotation, and a class with relationships only is a partial entity that adds to the
full definition found elsewhere. Module-level `Index(...)`/`CheckConstraint(...)` calls are given to
the table their comment heading, their name or their columns point at.
"""

from __future__ import annotations

import ast
import codeop
import re
from dataclasses import replace

from specgen.errors import info
from specgen.parse.django import DjangoModels
from specgen.parse.ir import (
    ColumnIR,
    EntityIR,
    EnumIR,
    ForeignKeyIR,
    Fragment,
    ReadContext,
)
from specgen.parse.markdown import Fence
from specgen.parse.options import ParseOptions
from specgen.parse.python_relations import Relationships
from specgen.parse.python_tables import TableArgs, fk_action
from specgen.parse.python_types import (
    UNKNOWN_DEFAULT_HINT,
    annotation,
    const,
    default_text,
    dotted,
    kwarg,
    last,
    py_type,
    sa_type,
    server_default_text,
    target_name,
)
from specgen.source import Location

_ENUM_BASES = {"Enum", "StrEnum", "IntEnum", "enum.Enum", "enum.StrEnum", "enum.IntEnum"}
_COLUMN_CALLS = {"mapped_column", "Column", "Field", "column_property"}
_REL_CALLS = {"relationship", "Relationship", "relation"}
_INCOMPLETE = getattr(codeop, "PyCF_ALLOW_INCOMPLETE_INPUT", 0x4000)  # "incomplete input" vs invalid
_SPAN = 16  # statements one readable chunk may span when the block as a whole is not Python


def _parse_chunk(text: str, first_line: int) -> ast.Module | str:
    """The chunk's tree (line numbers as in the block), or "incomplete" (more lines could finish it), or "invalid"."""
    try:
        module = compile(text, "<spec>", "exec", ast.PyCF_ONLY_AST | _INCOMPLETE)
    except SyntaxError as exc:
        return "incomplete" if exc.msg == "incomplete input" else "invalid"
    except (MemoryError, RecursionError, ValueError):
        return "invalid"
    ast.increment_lineno(module, first_line)
    return module


def read_python_fence(fence: Fence, context: ReadContext, options: ParseOptions) -> Fragment:
    """The model classes of one ```python block; its fragment carries forward the base classes and mixins it
    defines (`python_bases`), which later blocks of the file inherit from."""
    reader = _Reader(fence, context)
    reader.run()
    reader.out.python_bases = {
        name: base for name, base in reader.mixins.items() if context.python_bases.get(name) is not base
    }
    return reader.out


class _Reader(TableArgs, Relationships):
    def __init__(self, fence: Fence, context: ReadContext) -> None:
        self.fence = fence
        self.context = context
        self.out = Fragment(context.path)
        self.enums: set[str] = {e.name for e in context.enums}
        self.custom: dict[str, str] = {}
        self.entities: list[EntityIR] = []
        self.loose: list[tuple[ast.Call, str | None]] = []  # module-level Index/CheckConstraint + comment hint
        self.typed_by_annotation: list[ColumnIR] = []
        # name -> (columns holder, is a SQLModel base): those of earlier blocks (read only: a class copies the
        # columns it inherits), then this block's. A document often shows `class UserBase(SQLModel)` in one
        # block and `class User(UserBase, table=True)` in the next.
        self.mixins: dict[str, tuple[EntityIR, bool]] = dict(context.python_bases)
        self.django = DjangoModels(self.out, context, self.loc, self.enums, self.typed_by_annotation)

    def loc(self, node: ast.AST | int) -> Location:
        line = node if isinstance(node, int) else getattr(node, "lineno", 1)
        return Location(self.out.path, self.fence.line + line)

    def run(self) -> None:
        modules = self._parse()
        for module in modules:
            stmts = module.body
            classes = [s for s in stmts if isinstance(s, ast.ClassDef)]
            self.django.scan(module)
            for c in classes:  # enums and custom types first: columns refer to them
                if not self.django.read_choices(c):
                    self._enum_or_type(c)
            for s in stmts:
                try:
                    if isinstance(s, ast.ClassDef) and self.django.claims(s):
                        entity = self.django.read(s)
                        self.entities.extend([entity] if entity else [])
                    elif isinstance(s, ast.ClassDef):
                        self._class(s)
                    elif (
                        isinstance(s, ast.Expr)
                        and isinstance(s.value, ast.Call)
                        and last(s.value) in ("Index", "CheckConstraint", "UniqueConstraint")
                    ):
                        self.loose.append((s.value, self._comment_above(s.lineno)))
                except Exception as exc:  # noqa: BLE001 - a reader never raises
                    self.warn(f"could not read this statement ({type(exc).__name__}: {exc})", s)
        self.django.finish()
        self._resolve_loose()
        self._resolve_fk_types()

    def _parse(self) -> list[ast.Module]:
        try:
            return [ast.parse(self.fence.text)]
        except SyntaxError:
            pass
        except (MemoryError, RecursionError, ValueError) as exc:  # nesting the parser refuses; a NUL byte
            why = "contains a NUL byte" if isinstance(exc, ValueError) else "is nested too deeply"
            self.warn(f"this Python {why}; it is read statement by statement", 1)
        # Read what parses: split at top-level statements and keep the chunks that are Python. A chunk grows
        # statement by statement only while Python says the input is incomplete (a decorator, an open
        # bracket), at most _SPAN statements: the cost stays linear in the block (it was cubic).
        lines = self.fence.text.split("\n")
        starts = [i for i, ln in enumerate(lines) if ln[:1].strip() and not ln.startswith((")", "]", "}"))]
        starts.append(len(lines))
        modules: list[ast.Module] = []
        skipped: list[int] = []  # 0-based first lines of statements not read, reported in runs
        k = 0
        while k < len(starts) - 1:
            for end in range(k + 1, min(k + 1 + _SPAN, len(starts))):
                module = _parse_chunk("\n".join(lines[starts[k] : starts[end]]), starts[k])
                if isinstance(module, ast.Module):
                    modules.append(module)
                    k = end
                    break
                if module != "incomplete":
                    skipped.append(starts[k])
                    k += 1
                    break
            else:
                skipped.append(starts[k])
                k += 1
        self._warn_skipped(skipped, starts)
        return modules

    def _warn_skipped(self, skipped: list[int], starts: list[int]) -> None:
        """One warning per run of consecutive statements that are not Python (not one per line)."""
        index = {line: n for n, line in enumerate(starts)}
        run: list[int] = []
        for line in [*skipped, -1]:
            if run and (line < 0 or index[line] != index[run[-1]] + 1):
                first, end = run[0] + 1, starts[index[run[-1]] + 1]
                what = "this line is" if end - first < 1 else f"these {end - first + 1} lines are"
                self.warn(f"{what} not Python this reader can parse; skipped", first)
                run = []
            if line >= 0:
                run.append(line)

    def _comment_above(self, lineno: int) -> str | None:
        lines = self.fence.text.split("\n")
        for i in range(lineno - 2, -1, -1):
            s = lines[i].strip()
            if s.startswith("#"):
                return s.lstrip("#").strip()
            if s and not s.startswith(("Index(", "CheckConstraint(", "UniqueConstraint(")):
                return None
        return None

    # -- enums and TypeDecorators ------------------------------------------------------------------

    def _enum_or_type(self, c: ast.ClassDef) -> None:
        bases = {dotted(b) for b in c.bases}
        if bases & _ENUM_BASES or (not c.bases and c.name.endswith("Enum")):
            values = []
            for s in c.body:
                if isinstance(s, ast.Assign) and isinstance(const(s.value), (str, int)):
                    values.append(str(const(s.value)))
            if values:
                self.out.enums.append(EnumIR(c.name, values, self.loc(c), form="python"))
                self.enums.add(c.name)
        elif any(last(b) == "TypeDecorator" for b in c.bases):
            src = ast.unparse(c)
            impl = next(
                (
                    s.value
                    for s in c.body
                    if isinstance(s, ast.Assign) and any(getattr(t, "id", "") == "impl" for t in s.targets)
                ),
                None,
            )
            if "JSONB" in src:
                self.custom[c.name] = "jsonb"
            elif re.search(r"ARRAY\(", src):
                m = re.search(r"ARRAY\((\w+)", src)
                inner, _, _ = sa_type(ast.Name(m.group(1)) if m else ast.Name("Text"), {})
                self.custom[c.name] = f"{'text' if inner == 'varchar' else inner or 'text'}[]"
            elif impl is not None:
                self.custom[c.name] = sa_type(impl, {})[0] or "text"

    # -- model classes -------------------------------------------------------------------------------

    def _class(self, c: ast.ClassDef) -> None:
        bases = {dotted(b) for b in c.bases}
        if c.name in self.enums or c.name in self.custom or bases & _ENUM_BASES:
            return
        if any(last(b) in ("DeclarativeBase", "TypeDecorator", "BaseModel") for b in c.bases):
            return
        table_kw = next((k.value for k in c.keywords if k.arg == "table"), None)
        base_names = [last(b) for b in c.bases]
        # `class Hero(HeroBase, table=True)`: only SQLModel takes table=True; HeroBase may be a SQLModel base.
        sqlmodel = (
            "SQLModel" in base_names
            or table_kw is not None
            or any(self.mixins[n][1] for n in base_names if n in self.mixins)
        )
        entity = EntityIR(self.loc(c), "python", name=c.name)
        doc = ast.get_docstring(c)
        if doc:
            entity.description = doc.strip().split("\n\n")[0].replace("\n", " ")
        for s in c.body:
            try:
                self._member(s, entity, sqlmodel)
            except Exception as exc:  # noqa: BLE001
                self.warn(f"{c.name}: could not read this member ({type(exc).__name__}: {exc})", s)
        abstract = any(
            isinstance(s, ast.Assign)
            and any(getattr(t, "id", "") == "__abstract__" for t in s.targets)
            and const(s.value) is True
            for s in c.body
        )
        if sqlmodel and const(table_kw) is not True:
            self.mixins[c.name] = (self._with_inherited(entity, base_names), True)
            self.out.diagnostics.append(info(f"SQLModel class '{c.name}' has no table=True; not a table", self.loc(c)))
            return
        if not c.bases or abstract:  # a mixin: its columns go to the classes that inherit it
            self.mixins[c.name] = (self._with_inherited(entity, base_names), False)
            return
        entity = self._with_inherited(entity, base_names)
        if entity.table is None and sqlmodel:
            entity.table = c.name.lower()
        if not entity.columns and not entity.relationships and entity.table is None:
            return  # a plain Python class (a helper)
        entity.partial = not entity.columns
        self.out.entities.append(entity)
        self.entities.append(entity)

    def _with_inherited(self, entity: EntityIR, base_names: list[str]) -> EntityIR:
        """Columns and relationships of mixins and SQLModel base classes, before the class's own."""
        inherited: list[ColumnIR] = []
        own = {c.name for c in entity.columns}
        for n in base_names:
            mixin = self.mixins.get(n)
            if mixin is None:
                continue
            for col in mixin[0].columns:
                if col.name not in own and all(col.name != x.name for x in inherited):
                    copy = replace(col)
                    if any(col is x for x in self.typed_by_annotation):
                        self.typed_by_annotation.append(copy)
                    inherited.append(copy)
            names = {r.name for r in entity.relationships}
            entity.relationships[:0] = [r for r in mixin[0].relationships if r.name not in names]
        entity.columns[:0] = inherited
        return entity

    def _member(self, s: ast.stmt, e: EntityIR, sqlmodel: bool) -> None:
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name):
            name = s.targets[0].id
            if name == "__tablename__":
                e.table = str(const(s.value)) if isinstance(const(s.value), str) else e.table
            elif name == "__table_args__":
                self._table_args(s.value, e)
            elif isinstance(s.value, ast.Call) and last(s.value) in _COLUMN_CALLS:
                self._column(name, None, s.value, e, sqlmodel, s)
            elif isinstance(s.value, ast.Call) and last(s.value) in _REL_CALLS:
                self._relationship(name, None, s.value, e, s)
        elif isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name):
            name = s.target.id
            if name.startswith("__") or last(s.annotation) == "ClassVar":
                return
            value = s.value
            if isinstance(value, ast.Call) and last(value) in _REL_CALLS:
                self._relationship(name, s.annotation, value, e, s)
            elif isinstance(value, ast.Call) and last(value) in _COLUMN_CALLS:
                self._column(name, s.annotation, value, e, sqlmodel, s)
            elif not sqlmodel and not _mapped(s.annotation):
                return  # SQLAlchemy maps `Mapped[...]` only: `x: str` is a plain (e.g. pydantic) field
            else:  # a plain default: a constant, or an expression Python computes (`datetime.now().date()`)
                inner, _, is_list = annotation(s.annotation)
                if py_type(inner, is_list, self.enums, self.custom) is None and target_name(s.annotation):
                    if not sqlmodel or is_list:
                        self._relationship(name, s.annotation, None, e, s)
                        return
                self._column(name, s.annotation, None, e, sqlmodel, s, plain_default=value)

    def _column(
        self,
        name: str,
        ann: ast.AST | None,
        call: ast.Call | None,
        e: EntityIR,
        sqlmodel: bool,
        node: ast.stmt,
        plain_default: ast.AST | None = None,
    ) -> None:
        loc = self.loc(node)
        col = ColumnIR(name, loc, type_loc=loc)
        inner, optional, is_list = annotation(ann)
        ann_type = py_type(inner, is_list, self.enums, self.custom)
        explicit_type = None
        if call is not None:
            args = list(call.args)
            if args and isinstance(const(args[0]), str) and last(call) != "Field":
                col.python_name = name
                col.name = str(const(args.pop(0)))
            for a in args:
                if isinstance(a, ast.Call) and last(a) == "ForeignKey":
                    col.fk = self._fk(a, [col.name])
                elif last(a) == "Sequence":
                    col.autoincrement = True
                elif last(a) in ("Identity",):
                    col.autoincrement = True
                elif not isinstance(a, ast.Constant):
                    tname, values, enum_name = sa_type(a, self.custom)
                    if values:
                        self._enum_from_call(tname, values, e, col, a)
                        explicit_type = col.type
                    elif tname:
                        explicit_type = tname
                    else:
                        self.warn(
                            f"column '{name}': type '{ast.unparse(a)}' is not known; the annotation's type is used", a
                        )
            self._column_keywords(call, col, sqlmodel)
        if plain_default is not None and const(plain_default) is not None:
            col.default = default_text(plain_default)
        elif plain_default is not None and not isinstance(plain_default, ast.Constant):  # `= None` says nothing
            col.default = default_text(plain_default)
            if col.default is None:
                self.warn(
                    f"column '{name}': default {ast.unparse(plain_default)} is {UNKNOWN_DEFAULT_HINT}", plain_default
                )
        col.type = explicit_type or col.type or ann_type
        if col.type is None:
            col.type = "text" if ann is None else None
            if ann is not None:
                self.warn(
                    f"column '{name}': no type stated and the annotation "
                    f"'{ast.unparse(ann)}' names none; text is assumed",
                    node,
                )
                col.type = "text"
        if explicit_type is None and col.fk is not None:
            self.typed_by_annotation.append(col)
        if col.nullable is None and ann is not None and (call is None or last(call) != "Column"):
            col.nullable = optional
        if col.primary_key and col.nullable is True and not optional:
            col.nullable = False
        if col.primary_key and sqlmodel:
            col.nullable = False  # SQLModel's `id: int | None = Field(primary_key=True)` is NOT NULL
        e.columns.append(col)

    def _column_keywords(self, call: ast.Call, col: ColumnIR, sqlmodel: bool) -> None:
        for k in call.keywords:
            v = k.value
            if k.arg == "primary_key":
                col.primary_key = const(v) is True
            elif k.arg == "nullable":
                col.nullable = flag if isinstance(flag := const(v), bool) else col.nullable
            elif k.arg == "unique":
                col.unique = const(v) is True
            elif k.arg == "index":
                col.index = const(v) is True
            elif k.arg in ("default", "default_factory", "insert_default"):
                if not (sqlmodel and const(v) is None and isinstance(v, ast.Constant)):
                    col.default = default_text(v) if not (isinstance(v, ast.Constant) and v.value is None) else None
                    if col.default is None and not isinstance(v, ast.Constant):
                        self.warn(f"column '{col.name}': {k.arg}={ast.unparse(v)} is {UNKNOWN_DEFAULT_HINT}", v)
            elif k.arg == "server_default":
                col.server_default = server_default_text(v)
            elif k.arg == "onupdate":
                col.on_update = default_text(v)
                if col.on_update is None:
                    self.warn(f"column '{col.name}': onupdate={ast.unparse(v)} is {UNKNOWN_DEFAULT_HINT}", v)
            elif k.arg == "autoincrement":
                col.autoincrement = flag if isinstance(flag := const(v), bool) else None
            elif k.arg in ("comment", "doc", "description"):
                col.description = str(const(v)) if isinstance(const(v), str) else col.description
            elif k.arg == "foreign_key" and isinstance(const(v), str):
                col.fk = self._fk_from_text(str(const(v)), [col.name], None, None, v)
            elif k.arg == "ondelete" and col.fk is not None:
                col.fk.on_delete = fk_action(v)
            elif k.arg == "max_length" and isinstance(const(v), int):
                col.type = f"varchar({const(v)})"
            elif k.arg == "sa_type":
                col.type = sa_type(v, self.custom)[0] or col.type
            elif k.arg == "sa_column" and isinstance(v, ast.Call):
                self._column_keywords(v, col, False)
                for a in v.args:
                    if isinstance(a, ast.Call) and last(a) == "ForeignKey":
                        col.fk = self._fk(a, [col.name])
                    elif not isinstance(a, ast.Constant):
                        col.type = sa_type(a, self.custom)[0] or col.type
            elif k.arg == "info" and isinstance(v, ast.Dict):
                for key, val in zip(v.keys, v.values, strict=True):
                    if const(key) == "renamed_from" and isinstance(const(val), str):
                        col.renamed_from = str(const(val))

    def _enum_from_call(
        self, enum_name: str | None, values: tuple[str, ...], e: EntityIR, col: ColumnIR, node: ast.AST
    ) -> None:
        if enum_name:
            if enum_name not in self.enums:
                self.out.enums.append(EnumIR(enum_name, list(values), self.loc(node), form="python"))
                self.enums.add(enum_name)
            col.type = enum_name
        else:
            col.type = "enum(" + ", ".join(values) + ")"

    def _fk(self, call: ast.Call, columns: list[str]) -> ForeignKeyIR | None:
        target = call.args[0] if call.args else kwarg(call, "column")
        on_delete, on_update = kwarg(call, "ondelete"), kwarg(call, "onupdate")
        name = const(kwarg(call, "name"))
        if isinstance(const(target), str):
            fk = self._fk_from_text(str(const(target)), columns, on_delete, on_update, call)
            fk.name = str(name) if isinstance(name, str) else None
            return fk
        if isinstance(target, ast.Attribute):  # ForeignKey(Skill.id): a class, not a table
            fk = ForeignKeyIR(columns, dotted(target.value), [target.attr], self.loc(call), ref_is_entity=True)
            fk.on_delete, fk.on_update = fk_action(on_delete), fk_action(on_update)
            fk.name = str(name) if isinstance(name, str) else None
            return fk
        self.warn("ForeignKey target not read (it must be 'table.column' or Class.column)", call)
        return None

    def _fk_from_text(
        self, text: str, columns: list[str], on_delete: ast.AST | None, on_update: ast.AST | None, node: ast.AST
    ) -> ForeignKeyIR:
        table, _, col = text.rpartition(".")
        fk = ForeignKeyIR(columns, table or col, [col] if table else [], self.loc(node))
        fk.on_delete, fk.on_update = fk_action(on_delete), fk_action(on_update)
        return fk

    # -- __table_args__ and module-level constraints ---------------------------------------------------

    def _resolve_fk_types(self) -> None:
        """A column typed only by `Mapped[str]` next to a ForeignKey takes the referenced key's type, as
        SQLAlchemy does: the reader marks it, design/merge.py gives it the key's type wherever that key is
        defined (this file or another), once."""
        for col in self.typed_by_annotation:
            col.type_from_reference = True


def _mapped(node: ast.AST | None) -> bool:
    """`Mapped[...]`, also quoted ("Mapped[int]")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.strip().startswith(("Mapped[", "orm.Mapped["))
    return isinstance(node, ast.Subscript) and last(node.value) == "Mapped"
