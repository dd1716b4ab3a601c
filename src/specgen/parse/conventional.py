"""Conventional Markdown: entities wherever a document defines them, as teams write them.

An entity is a heading whose section holds a field list: a table with a field column (Column,
Field, Name, Attribute, Property, … in the languages specs are written in), or a bullet list
whose items read as fields (`` `email`: string, unique ``, `**name** (type): text`,
`name — type — notes`). A generic heading (Fields, Columns, Schema, …) or a label paragraph
(`**Fields:**`) holds the field list of the heading above it. Lists under an index, constraint
or relationship label are read as such. Sections the native reader owns (`## Entity: Name`
with an identifier, enums, Migration notes) are left to it.

What looked like a schema but was not read is recorded in `Fragment.skipped`, with why, for
`specgen design --explain`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from specgen.errors import warning
from specgen.parse import fields as fl
from specgen.parse.bullets import entity_bullets, inline_fields, list_columns
from specgen.parse.headings import clean_heading, entity_names, several_tables, strip_label, unescape
from specgen.parse.ir import ConstraintIR, EntityIR, ForeignKeyIR, Fragment, IndexIR, ReadContext, Skipped
from specgen.parse.markdown import Block, Comment, Document, Fence, Heading, ListItem, Paragraph, Row, Table
from specgen.parse.navigation import read_navigation
from specgen.parse.prose import read_relationship_table, read_relationships
from specgen.parse.relational import read_relational_lines
from specgen.parse.table_items import table_fact
from specgen.source import Location
from specgen.vocab.terms import on_action

# Headings that label a part of the entity above them, not an entity.
GENERIC = {
    "fields", "field", "attributes", "columns", "column", "properties", "schema", "structure", "table structure",
    "field definitions", "column definitions", "data fields", "key fields", "definition", "definitions",
    "поля", "столбцы", "колонки", "стовпці", "колонки таблиці", "атрибуты", "атрибути", "структура",
    "campos", "columnas", "atributos", "kolom", "atribut", "struktur", "pole", "sloupce", "atributy",
    "trường", "cột", "thuộc tính", "フィールド", "カラム", "列", "属性", "項目", "カラム定義", "필드", "컬럼", "속성", "칼럼",
}  # fmt: skip
# Sections that are about the schema but hold no tables: their lists are never fields.
NOT_ENTITY = re.compile(
    r"(?<![\w])(relationships?|relations|associations|indexes|indices|index|constraints?|key constraints|validation( rules)?|"
    r"business rules|rules|invariants|state transitions?|state machine|lifecycle|migrations?|migration notes|"
    r"overview|summary|notes?|enums?|enumerations?|value objects?|domain events?|events|api|endpoints|queries|"
    r"examples?|sample data|seed data|indexes & constraints|performance|security|triggers?|views?|"
    r"materialized views?|functions?|change ?log|open questions|assumptions|glossary|references|"
    r"er diagram|erd|entity relationship diagram|diagram|table overview|tables?|entities|data model|"
    r"связи|индексы|ограничения|ключові обмеження|обмеження|зв'язки|індекси|relaciones|índices|restricciones|"
    r"relasi|indeks|batasan|リレーション|インデックス|制約|관계|인덱스|제약\s*조건|vztahy|indexy|omezení)(?![\w])",
    re.I,
)
# Sections about behaviour: what is under them (an operation's inputs and outputs) describes no table either.
_BEHAVIOUR = re.compile(
    r"(?<![\w])(state transitions?|state machine|lifecycle|business rules|invariants|domain events?|api|endpoints|"
    r"operations|use cases|user stories|workflows?)(?![\w])",
    re.I,
)
# Label paragraphs (`**Indexes**:`) and what the list after them holds.
LABELS = {
    "fields": "fields", "columns": "fields", "attributes": "fields", "properties": "fields", "schema": "fields",
    "поля": "fields", "столбцы": "fields", "стовпці": "fields", "колонки": "fields", "campos": "fields",
    "columnas": "fields", "kolom": "fields", "atribut": "fields", "sloupce": "fields", "trường": "fields",
    "フィールド": "fields", "カラム": "fields", "필드": "fields", "컬럼": "fields",
    "indexes": "indexes", "indices": "indexes", "index": "indexes", "индексы": "indexes", "індекси": "indexes",
    "índices": "indexes", "indeks": "indexes", "インデックス": "indexes", "인덱스": "indexes",
    "constraints": "constraints", "key constraints": "constraints", "ограничения": "constraints",
    "ключові обмеження": "constraints", "обмеження": "constraints", "restricciones": "constraints",
    "batasan": "constraints", "制約": "constraints", "제약조건": "constraints", "제약 조건": "constraints",
    "relationships": "relationships", "relations": "relationships", "связи": "relationships",
    "зв'язки": "relationships", "relaciones": "relationships", "relasi": "relationships",
    "validation rules": "prose", "validation": "prose", "business rules": "prose", "rules": "prose",
    "notes": "prose", "examples": "prose", "state transitions": "prose", "invariants": "prose",
}  # fmt: skip
_LABEL = re.compile(r"^\s*(?:\*\*|__)?\s*(?P<label>[^:*_]{2,40}?)\s*(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*:?\s*$")
_TABLE_LINE = re.compile(
    r"^\s*(?:\*\*|__)?\s*(?:table(?:[\s_]name)?|таблица|таблиця|tabel|tabla|tabulka|bảng|テーブル(?:名)?|테이블(?:명)?)"
    r"\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*`?(?P<name>[A-Za-z_][\w.-]*)`?",
    re.I,
)
_NATIVE_ENTITY = re.compile(r"^(entity|table|model|enum)\s*:\s*`?[A-Za-z_][A-Za-z0-9_]*`?\s*$", re.I)
_NATIVE_NOTES = re.compile(r"^migration notes\s*:?$", re.I)


@dataclass
class _Section:
    heading: Heading
    parent: _Section | None
    blocks: list[Block] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)
    entity: EntityIR | None = None


def read_conventional(doc: Document, context: ReadContext) -> Fragment:
    """The entities conventional Markdown defines in `doc`, and the fields it gives the native entities of
    `context` whose field list the native grammar did not read (as revised copies)."""
    out = Fragment(context.path)
    sections = _sections(doc)
    native = {e.loc.line: i for i, e in enumerate(context.entities) if e.form == "native"}
    for s in sections:
        _read_section(s, out, context, native)
    read_navigation(out, out.all_entities(context))
    return out


def _sections(doc: Document) -> list[_Section]:
    """Headings as a tree, each with the blocks directly under it (before its first subheading)."""
    out: list[_Section] = []
    stack: list[_Section] = []
    root: _Section | None = None
    for b in doc.blocks:
        if isinstance(b, Heading):
            while stack and stack[-1].heading.level >= b.level:
                stack.pop()
            s = _Section(b, stack[-1] if stack else None)
            if s.parent:
                s.parent.children.append(s)
            stack.append(s)
            out.append(s)
        elif stack:
            stack[-1].blocks.append(b)
        else:
            if root is None:
                root = _Section(Heading(0, "", 1), None)
                out.insert(0, root)
            root.blocks.append(b)
    return out


def _is_native(s: _Section) -> bool:
    """Native sections (and everything below them) belong to the native reader."""
    node: _Section | None = s
    while node is not None:
        text = node.heading.text.strip()
        if _NATIVE_ENTITY.match(text) or _NATIVE_NOTES.match(text):
            return True
        node = node.parent
    return False


def _not_entity(s: _Section) -> bool:
    """A section about the schema that defines no table (Relationships, Indexes, Validation rules, …), or a
    section under one about behaviour (`### State transitions` > `#### CREATE operation`)."""
    node = s.parent
    while node is not None:
        title = strip_label(clean_heading(node.heading.text))
        # a short heading below the title: "Data Model: Master Data REST Endpoints" is the whole document's
        if node.heading.level >= 2 and len(title.split()) <= 4 and _BEHAVIOUR.search(title):
            return True
        node = node.parent
    if _generic(s.heading.text):
        return False
    title = strip_label(clean_heading(s.heading.text))
    if "`" in title or len(title.split()) > 5:
        return False
    # `Dersler (Course Master Table)`: a gloss in parentheses describes the name before it; only that name counts
    named = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", title) or title
    return bool(NOT_ENTITY.search(named)) and not _entity_among_entities(s, named)


# Words of NOT_ENTITY that are also what applications store: `### Note` among `### User`, `### Post` is a table.
_ENTITY_NOUNS = re.compile(r"(?i)^(?:note|event|rule|reference|view|trigger|function|example|summary|relation)$")


def _entity_among_entities(s: _Section, title: str) -> bool:
    """A one-word heading such as `Note` whose sibling just before it is an entity: one entity in a list of them."""
    if s.parent is None or not _ENTITY_NOUNS.match(title):
        return False
    siblings = s.parent.children
    k = next((i for i, c in enumerate(siblings) if c is s), 0)
    return k > 0 and siblings[k - 1].entity is not None and siblings[k - 1].heading.level == s.heading.level


def _under_behaviour(s: _Section) -> bool:
    """A section about behaviour (API, operations, use cases, …) or under one."""
    node: _Section | None = s
    while node is not None:
        title = strip_label(clean_heading(node.heading.text))
        # a short heading below the title, as in _not_entity: the document's own title speaks for all of it
        if node.heading.level >= 2 and len(title.split()) <= 4 and _BEHAVIOUR.search(title):
            return True
        node = node.parent
    return False


def _field_detail(s: _Section) -> bool:
    """`##### `email` - Email address` under an entity: details of one of its fields, not an entity."""
    name, table = entity_names(s.heading.text)
    node = s.parent
    while node is not None:
        if node.entity is not None:
            have = {c.name.lower() for c in node.entity.columns}
            return bool({(table or "").lower(), (name or "").lower()} & have)
        node = node.parent
    return False


def _owner(s: _Section) -> _Section:
    """The section a generic heading (Fields, Columns, …) belongs to."""
    node = s
    while node.parent is not None and _generic(node.heading.text):
        node = node.parent
    return node


def _generic(text: str) -> bool:
    t = clean_heading(text).lower().rstrip(":")
    return t in GENERIC


def _read_section(s: _Section, out: Fragment, context: ReadContext, native: dict[int, int]) -> None:
    if not s.blocks:
        return
    owner = _owner(s)
    if _is_native(s):
        # A native entity whose fields the native grammar did not read (a `| Property | Type |` table,
        # field bullets): the conventional reader reads them into its copy of it. Anything else is the native
        # reader's.
        index = native.get(owner.heading.line)
        if index is None:
            return
        entity = out.revisions.get(index) or context.entities[index]
        if entity.columns or owner.entity not in (None, entity):
            return
        owner.entity = out.revise(context, index)
    if _field_detail(owner):
        return
    not_entity = _not_entity(owner)
    label: str | None = "fields" if _generic(s.heading.text) else None
    runs = list(_runs(s.blocks))
    for kind, payload, label_text in runs:
        effective = _label_kind(label_text) or label
        if kind == "table":
            table: Table = payload  # type: ignore[assignment]
            _table(owner, table, out, not_entity, effective)
        elif kind == "item table":
            item_table: tuple[ListItem, Table] = payload  # type: ignore[assignment]
            item = item_table[0]
            named = _Section(Heading(owner.heading.level + 1, item.text, item.line), owner)
            _table(named, item_table[1], out, not_entity, effective)
        elif kind == "list":
            items: list[ListItem] = payload  # type: ignore[assignment]
            _list(owner, items, out, not_entity, effective, label_text)
        elif kind == "fence":
            fence: Fence = payload  # type: ignore[assignment]
            _object_fence(owner, fence, out, not_entity or effective not in (None, "fields"))
        elif kind == "para":
            para: Paragraph = payload  # type: ignore[assignment]
            _paragraph(owner, para, out)
            if not not_entity and len(para.lines) == 1:
                _inline_fields(owner, para, out)
            if _title_kind(owner) not in ("indexes", "constraints", "relationships", "prose") and not _under_behaviour(
                owner
            ):
                # `Person(**id**, name)` lines: relational notation, a table per line
                _entity_bullets([ListItem(text, line, 0) for line, text in para.lines], out, paren_only=True)
            if len(para.lines) >= 2 and all(t.strip().startswith("|") and t.count("|") >= 2 for _, t in para.lines):
                out.skipped.append_reason(Location(out.path, para.line), "table", "no |---| row under its header")
                out.diagnostics.append(
                    warning(
                        "these lines look like a table but have no |---| row under the header; not read",
                        Location(out.path, para.line),
                        hint="add a line such as |---|---| after the header row",
                        code="SG903",
                    )
                )


def _runs(blocks: list[Block]) -> Iterator[tuple[str, object, str | None]]:
    """Tables, lists (consecutive items) and paragraphs, each with the label paragraph just before it."""
    label: str | None = None
    items: list[ListItem] = []
    for b in blocks:
        if isinstance(b, ListItem):
            items.append(b)
            continue
        if isinstance(b, Table) and items and _names_table(items[-1].text):
            # `- user 테이블` and a table indented under it: the item is the table's heading
            if items[:-1]:
                yield "list", items[:-1], label
            yield "item table", (items[-1], b), None
            items, label = [], None
            continue
        if items:
            yield "list", items, label
            items, label = [], None
        if isinstance(b, Table):
            yield "table", b, label
            label = None
        elif isinstance(b, Paragraph):
            text = b.lines[-1][1]
            # Whitespace runs collapsed first: the pattern's adjacent \s* would backtrack polynomially on them.
            m = _LABEL.match(" ".join(text.split())) if len(text) < 200 else None
            if m and len(b.lines) == 1 or (m and text.rstrip().endswith(":")):
                label = m.group("label") if m else None
            else:
                label = None
            yield "para", b, None
        elif isinstance(b, Fence):
            yield "fence", b, label
            label = None
        elif isinstance(b, Comment):
            label = None
    if items:
        yield "list", items, label


def _names_table(text: str) -> bool:
    """A list item that names the table after it: `user 테이블`, `` Table `users`: ``, `` `users`: ``."""
    t = text.strip().rstrip(":：").strip()
    if not t or len(t.split()) > 4:
        return False
    lone = bool(re.fullmatch(r"(`|\*\*)[A-Za-z_][\w.]*\1", t)) and text.strip()[-1:] in ":："
    if not (lone or _TABLE_WORD.search(re.sub(r"`[^`]*`", " ", t))):
        return False
    return entity_names(t)[0] is not None


def _label_kind(text: str | None) -> str | None:
    if not text:
        return None
    t = text.strip().strip("*_`").strip().rstrip(":").strip().lower()
    t = re.sub(r"\s*\(.*\)$", "", t)
    if t in LABELS:
        return LABELS[t]
    if NOT_ENTITY.match(t):
        return "prose"
    return None


def _entity(owner: _Section, out: Fragment) -> EntityIR | None:
    if owner.entity is not None and owner.entity.partial and owner.entity.form == "markdown":
        owner.entity.partial = False  # a foreign-key table came first; this column list defines the table
    if owner.entity is None:
        if owner.heading.level == 0:
            return None
        name, table = entity_names(owner.heading.text)
        if name is None:
            return None
        table = table or _stated_table(owner)
        owner.entity = EntityIR(Location(out.path, owner.heading.line), "markdown", name=name, table=table)
        out.entities.append(owner.entity)
    return owner.entity


def _stated_table(s: _Section) -> str | None:
    for b in s.blocks:
        if isinstance(b, Paragraph):
            for _, text in b.lines:
                m = _TABLE_LINE.match(text)
                if m:
                    return m.group("name").replace("-", "_")
    return None


def _table(owner: _Section, t: Table, out: Fragment, not_entity: bool, label: str | None) -> None:
    loc = Location(out.path, t.line)
    t = _unescaped(t)
    if fl.is_relationship_table(t):
        out.take(read_relationship_table(t, out.path))
        return
    fk_rows = fl.fk_table_rows(t, out.path)
    if fk_rows is not None:
        _fk_table(owner, fk_rows, out, not_entity or label in ("relationships", "constraints"))
        return
    layout = fl.table_layout(t)
    if layout is None and not not_entity:
        rows = fl.entity_rows(t, out.path)
        for name, table_name, columns in rows:
            # "overview": a row of a table of tables stands only where no other definition of its table does
            e = EntityIR(columns[0].column.loc, "overview", name=name, table=table_name)
            _add_columns(e, columns, out)
            out.entities.append(e)
        if rows:
            return
    if layout is None:
        if fl.looks_like_field_table(t):
            out.skipped.append(Skipped(loc, "table", "no column holds field names and no column holds types"))
        return
    if not_entity or label in ("indexes", "constraints", "relationships", "prose"):
        out.skipped.append(Skipped(loc, "table", f"a field table under '{owner.heading.text.strip()}', not an entity"))
        return
    if layout.note:
        out.diagnostics.append(warning(layout.note, loc, hint="name the column 'Type'", code="SG903"))
    if owner.entity is None and _shared_table(owner, t, layout, out):
        return
    columns, skipped = fl.table_columns(t, layout, out.path)
    for line, why in skipped:
        out.skipped.append(Skipped(Location(out.path, line), "row", why))
    if not columns:
        out.skipped.append(Skipped(loc, "table", "no row names a column"))
        return
    entity = _entity(owner, out)
    if entity is None:
        out.skipped.append(Skipped(loc, "table", f"heading '{owner.heading.text.strip()}' names no entity"))
        out.diagnostics.append(
            warning(
                "a column table under a heading that names no entity is not read",
                loc,
                hint="give the section a heading with the entity's name",
                code="SG903",
            )
        )
        return
    _add_columns(entity, columns, out)


def _unescaped(t: Table) -> Table:
    """The table with CommonMark backslash escapes (`avatar\\_url`) read as the characters they escape; the block
    layer keeps cells as written, as markdown-it does."""
    if not any("\\" in c for r in (t.header, *t.rows) for c in r.cells):
        return t
    return Table(_unescaped_row(t.header), [_unescaped_row(r) for r in t.rows])


def _unescaped_row(r: Row) -> Row:
    return Row([unescape(c) for c in r.cells], r.line)


def _shared_table(owner: _Section, t: Table, layout: fl.Layout, out: Fragment) -> bool:
    """`` ### `reviews_a` / `reviews_b` `` over one column table whose rows may alternate per table
    (`` | `a_id` / `b_id` | bigint | ``): an entity per table, each with its own alternative."""
    tables = several_tables(owner.heading.text)
    if not tables:
        return False
    alternated = [r for r in t.rows if layout.name < len(r.cells) and _alternatives(r.cells[layout.name], len(tables))]
    if not alternated:
        return False  # rows that do not alternate: a heading over several tables, not one table shared by them
    for i, name in enumerate(tables):
        rows = [_pick(r, layout.name, i, len(tables)) for r in t.rows]
        columns, _ = fl.table_columns(Table(t.header, rows), layout, out.path)
        entity = EntityIR(Location(out.path, owner.heading.line), "markdown", name=_entity_name(name), table=name)
        _add_columns(entity, columns, out)
        out.entities.append(entity)
    return True


def _alternatives(cell: str, n: int) -> list[str]:
    parts = [p.strip() for p in cell.split(" / ")]
    return parts if len(parts) == n and all(fl.column_name(p) for p in parts) else []


def _pick(row: Row, index: int, i: int, n: int) -> Row:
    alternatives = _alternatives(row.cells[index], n) if index < len(row.cells) else []
    if not alternatives:
        return row
    cells = list(row.cells)
    cells[index] = alternatives[i]
    return Row(cells, row.line)


def _entity_name(table: str) -> str:
    name, _ = entity_names(f"`{table}`")
    return name or table


# Headings of a part of an entity that lists its foreign keys (`#### Foreign keys`), not an entity.
_FK_TITLE = re.compile(
    r"(?i)^(?:foreign\s*keys?|fks?|references|fremdschlüssel|clés? étrangères?|claves? (?:foráneas?|externas?)|"
    r"chaves? estrangeiras?|chiavi esterne|vreemde sleutels|klucze obce|yabancı anahtarlar|внешние ключи|"
    r"зовнішні ключі|cizí klíče|外键|外鍵|外部キー|외래\s*키|khóa ngoại|kunci asing)(?:\s*\(.*\))?$"
)


def _fk_table(owner: _Section, rows: list[fl.FkRow], out: Fragment, not_entity: bool) -> None:
    """A table of foreign keys: each row's own table where it names one, else the entity of the heading (a
    partial one where the heading has no column list: it adds to a definition elsewhere, or stands alone with
    the key columns the document states), else that of the nearest heading above."""
    by_table: dict[str, EntityIR] = {}
    for row in rows:
        entity = by_table.get(row.table.lower()) if row.table else None
        if row.table and entity is None:
            entity = EntityIR(row.field.column.loc, "markdown", name=None, table=row.table, partial=True)
            by_table[row.table.lower()] = entity
            out.entities.append(entity)
        entity = entity or _fk_owner(owner, out, not_entity)
        if entity is None:
            out.skipped.append(
                Skipped(row.field.column.loc, "row", "a foreign key under a heading that names no table")
            )
            continue
        have = next((c for c in entity.columns if c.name.lower() == row.field.column.name.lower()), None)
        if have is None:
            _add_columns(entity, [row.field], out)
        elif have.fk is None:
            have.fk, have.fk_marked = row.field.column.fk, True  # the column list above did not say its target


def _fk_owner(owner: _Section, out: Fragment, not_entity: bool) -> EntityIR | None:
    title = strip_label(clean_heading(owner.heading.text))
    if not_entity or _FK_TITLE.match(title) or owner.heading.level == 0:
        return _nearest_entity(owner.parent) if owner.parent else None
    if owner.entity is None:
        name, table = entity_names(owner.heading.text)
        if name is None:
            return None
        owner.entity = EntityIR(
            Location(out.path, owner.heading.line), "markdown", name=name, table=table, partial=True
        )
        out.entities.append(owner.entity)
    return owner.entity


def _list(
    owner: _Section, items: list[ListItem], out: Fragment, not_entity: bool, label: str | None, label_text: str | None
) -> None:
    loc = Location(out.path, items[0].line)
    if label == "relationships" or (not_entity and _title_kind(owner) == "relationships"):
        out.take(read_relationships(items, out.path))
        return
    if label in ("indexes", "constraints") or (not_entity and _title_kind(owner) in ("indexes", "constraints")):
        target = _nearest_entity(owner)
        if target is not None:
            _table_facts(target, items, out)
        return
    if label != "prose" and not _under_behaviour(owner) and _entity_bullets(items, out):
        return
    if label == "prose" or not_entity:
        if not_entity:
            out.take(read_relationships(items, out.path, quiet=True))
        return
    # A list after a label of its own (`**Roles**:`) belongs to that label, not to the table heading above it.
    labelled = label == "fields" or (label_text is None and _table_heading(owner))
    columns, verdict = list_columns(items, out.path, labelled=labelled)
    if not columns:
        if verdict:
            out.skipped.append(Skipped(loc, "list", verdict))
        if owner.entity is not None:
            _table_facts(owner.entity, items, out, quiet=True)
        return
    entity = _entity(owner, out)
    if entity is None:
        out.skipped.append(Skipped(loc, "list", f"heading '{owner.heading.text.strip()}' names no entity"))
        return
    _add_columns(entity, columns, out)


# `` `users` table ``, `` Tabelle `users` ``, `` `Note` テーブル ``: a heading that says its section is a table.
_TABLE_WORD = re.compile(
    r"(?i)(?<![\w])(?:table|tabelle|tableau|tabla|tabela|tabella|tabel|tabulka|tablo|таблица|таблиця|bảng|"
    r"テーブル|表|테이블)(?![\w])"
)


def _object_fence(owner: _Section, fence: Fence, out: Fragment, not_entity: bool) -> None:
    """`{ id: string; // Primary Key }` in a ```typescript fence: the field list of the heading's entity (an
    object type sketching a row). Not under behaviour or example headings, where such blocks are payloads."""
    if not_entity or _under_behaviour(owner) or (owner.entity is not None and owner.entity.columns):
        return
    from specgen.parse.pseudo import object_fields

    columns = object_fields(fence, out.path)
    entity = _entity(owner, out) if columns else None
    if entity is not None and columns:
        _add_columns(entity, columns, out)


def _table_heading(s: _Section) -> bool:
    """A heading that names a code span and calls it a table: its bullets are the table's fields even when they
    state no types (`` - `name` … the project's name ``)."""
    text = s.heading.text
    return "`" in text and bool(_TABLE_WORD.search(re.sub(r"`[^`]*`", " ", text)))


def _entity_bullets(items: list[ListItem], out: Fragment, paren_only: bool = False) -> bool:
    """`- User: id, name, typeId -> Category`: a table per bullet. "overview", as a row of a table of tables: it
    stands only where no other definition of its table does."""
    # `Loan(#id: integer, member=>Member)`: relational (Merise) notation, a table per line or bullet
    rel = read_relational_lines([(it.line, it.text) for it in items], out)
    for entity, fields in rel:
        _add_columns(entity, fields, out)
        out.entities.append(entity)
    if rel:
        taken = {e.loc.line for e, _ in rel}
        items = [it for it in items if it.line not in taken]
        if not items:
            return True
    found = entity_bullets(items, out.path, paren_only)
    for name, loc, columns in found:
        e = EntityIR(loc, "overview", name=name)
        _add_columns(e, columns, out)
        out.entities.append(e)
    return bool(found or rel)


def _nearest_entity(s: _Section) -> EntityIR | None:
    """The entity a section belongs to: its own, or that of the nearest heading above it."""
    node: _Section | None = s
    while node is not None:
        if node.entity is not None:
            return node.entity
        node = node.parent
    return None


def _title_kind(s: _Section) -> str | None:
    return _label_kind(clean_heading(s.heading.text))


def _inline_fields(owner: _Section, p: Paragraph, out: Fragment) -> None:
    """`**Columns:** id, name, owner_id (FK)`: the fields of the section's entity, in one line."""
    columns = inline_fields(p.lines[0][1], Location(out.path, p.line))
    entity = _entity(owner, out) if columns else None
    if entity is not None:
        _add_columns(entity, columns, out)


def _paragraph(owner: _Section, p: Paragraph, out: Fragment) -> None:
    if owner.entity is not None and owner.entity.table is None:
        for _, text in p.lines:
            m = _TABLE_LINE.match(text)
            if m:
                owner.entity.table = m.group("name").replace("-", "_")


def _add_columns(entity: EntityIR, columns: list[fl.Field], out: Fragment) -> None:
    have = {c.name.lower() for c in entity.columns}
    for f in columns:
        if f.column.name.lower() in have:
            continue  # the same field described twice (a table and its details)
        have.add(f.column.name.lower())
        entity.columns.append(f.column)
        if f.self_reference and f.column.fk is None and entity.name:
            f.column.fk = ForeignKeyIR([f.column.name], entity.name, [], f.column.loc, ref_is_entity=True)
            f.column.fk_marked = True
            f.column.words.append(f"references {entity.name}")
        if f.unmapped_type:
            out.diagnostics.append(
                warning(
                    f"type '{f.unmapped_type}' of column '{f.column.name}' is not one specgen knows; read as text",
                    f.column.loc,
                    hint=f"did you mean '{f.hint}'?" if f.hint else "write a SQL type such as varchar(n), integer",
                    code="SG901",
                )
            )


def _table_facts(entity: EntityIR, items: list[ListItem], out: Fragment, quiet: bool = False) -> None:
    """`PRIMARY KEY: id`, `FOREIGN KEY: user_id REFERENCES users(id)`, `UNIQUE (a, b)`, `ix_name on col`."""
    for item in items:
        loc = Location(out.path, item.line)
        fact = table_fact(item.text)
        if fact is None:
            if not quiet:
                out.skipped.append(Skipped(loc, "item", "not an index or constraint"))
            continue
        kind, columns, target, name, extra = fact
        cols = [fl.column_name(c) or c for c in columns]
        if kind == "primary_key":
            entity.constraints.append(ConstraintIR("primary_key", loc, name, cols))
        elif kind == "unique":
            entity.constraints.append(ConstraintIR("unique", loc, name, cols))
        elif kind == "check" and extra:
            entity.constraints.append(ConstraintIR("check", loc, name, [], extra))
        elif kind == "index":
            entity.indexes.append(IndexIR(cols, loc, name=name, unique=extra == "unique"))
        elif kind == "foreign_key" and target:
            fk = fl.reference(target, cols, loc)
            if fk is not None:
                fk.on_delete = fk.on_delete or on_action(extra)
                entity.foreign_keys.append(fk)
