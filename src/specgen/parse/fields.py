"""Field tables of conventional Markdown, read into ColumnIR; the type and word reading that field
bullets (parse/bullets.py) and sketches (parse/pseudo.py) share.

A field table is one whose header has a field column (the column holding names) and, usually, a
type column; every other header is read by what it means (Required, Nullable, Default, Key,
Constraints, Notes, …), in English and in the other languages specs use. A field bullet is
`` `name`: type, words ``, `**name** (type): text`, `name — type — notes`, `name (TYPE, PK)`,
with several names in one item allowed (`` `a` & `b` ``) and nested bullets adding words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from specgen.parse.ir import ColumnIR, ForeignKeyIR
from specgen.parse.markdown import Table
from specgen.parse.phrases import Facts, read_phrases
from specgen.source import Location
from specgen.vocab.headers import (
    COLUMNS_HEADERS,
    HEADERS,
    NAME_HEADERS,
    ON_DELETE_HEADERS,
    ON_UPDATE_HEADERS,
    REF_COLUMN_HEADERS,
    REF_TABLE_HEADERS,
    TABLE_HEADERS,
    lookup,
    normal_header,
)
from specgen.vocab.terms import ON_ACTIONS, OnAction
from specgen.vocab.written import WrittenType, read_type

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NON_WORD = re.compile(r"[^\w-]*")
_KEBAB = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_CODE = re.compile(r"`([^`]+)`")


@dataclass
class Field:
    column: ColumnIR
    unmapped_type: str | None = None
    hint: str | None = None
    self_reference: bool = False  # the words say the column references its own entity (`parent … self-reference`)


def is_relationship_table(t: Table) -> bool:
    heads = {_header(h) for h in t.header.cells}
    return bool(heads & {"parent", "from", "source", "entity a", "table a", "родитель"}) and bool(
        heads & {"child", "to", "target", "entity b", "table b", "потомок"}
    )


def _header(cell: str) -> str:
    return normal_header(cell)


_ENTITY_HEADS = {"model", "model class", "class", "entity", "entity name", "model name"}
_PK_HEADS = {"pk", "pk field", "pk column", "primary key", "key", "id field", "id column"}
_PK_TYPE_HEADS = {"pk type", "key type", "type", "id type"}
# Headers of a table that lists indexes or constraints (`| Index | Table | Columns |`), not tables.
_NOT_TABLE_ROWS = {"index", "index name", "indexes", "constraint", "constraint name", "unique", "method", "using"}
_ELLIPSIS = {"...", "…", "etc", "etc.", "and more"}


def entity_rows(t: Table, path: str) -> list[tuple[str | None, str | None, list[Field]]]:
    """A table whose rows are tables, with their key (`| Model | Table | PK field | PK type |`) or their
    columns named in one cell (`| Table | Columns | Notes |`, `Id, Name, ProductId (FK)`): (entity name,
    table name, columns) per row. Empty for any other table."""
    heads = [_header(h) for h in t.header.cells]

    def col(names: set[str]) -> int | None:
        return next((i for i, h in enumerate(t.header.cells) if lookup(h, names)), None)

    ti, pi, ci, ei = col(TABLE_HEADERS), col(_PK_HEADS), col(COLUMNS_HEADERS), col(_ENTITY_HEADS)
    if (ti is None and (ei is None or ci is None)) or (pi is None and ci is None) or set(heads) & _NOT_TABLE_ROWS:
        return []
    ki = col(_PK_TYPE_HEADS)
    out: list[tuple[str | None, str | None, list[Field]]] = []
    for row in t.rows:
        cells = row.cells + [""] * len(heads)
        table = column_name(cells[ti]) if ti is not None else None
        name = column_name(cells[ei]) if ei is not None else None
        loc = Location(path, row.line)
        columns: list[Field] = []
        pk = column_name(cells[pi]) if pi is not None else None
        if pk:
            values = {"type": [cells[ki]]} if ki is not None and cells[ki].strip() else {}
            key = _field(pk, values, loc)
            key.column.primary_key = True
            columns.append(key)
        if ci is not None:
            columns += [f for f in listed_columns(cells[ci], loc) if f.column.name != pk]
        if (table or name) and columns:
            out.append((name, table, columns))
    return out


def listed_columns(cell: str, loc: Location) -> list[Field]:
    """The columns a cell names in a comma list, each with what its parentheses say (`ProductId (FK)`,
    `` `id` (uuid, PK) ``); empty when any item is not a column name (prose)."""
    out: list[Field] = []
    for item in split_items(" ".join(cell.replace("\\|", "|").split())):
        if item.lower() in _ELLIPSIS or not item:
            continue
        name = column_name(item)
        if name is None or len(item.split("(")[0].split()) > 1:
            return []
        note = item[item.index("(") + 1 : item.rindex(")")] if "(" in item and item.endswith(")") else ""
        wt, rest = split_type(note) if note else (None, "")
        if wt is not None and wt.unmapped:
            wt, rest = None, note
        col = ColumnIR(name, loc, type_loc=loc)
        col.written_type = wt.written if wt is not None else None
        out.append(to_field(col, wt, read_phrases(rest, name)))
    return out


def split_items(text: str) -> list[str]:
    """`a, b (x, y), c[1,2]、d` -> ['a', 'b (x, y)', 'c[1,2]', 'd']: the commas (ASCII, full-width, ideographic)
    outside brackets, as column cells and comma-list bullets write them."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "(（[":
            depth += 1
        elif ch in ")）]":
            depth = max(depth - 1, 0)
        elif ch in ",，、" and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def looks_like_field_table(t: Table) -> bool:
    return any(header_kind(h) == "type" for h in t.header.cells)


def header_kind(cell: str) -> str | None:
    """The field a header cell fills (`type`, `nullable`, `notes`, …), in any language the vocabulary has."""
    known = lookup(cell, HEADERS)
    return HEADERS[known] if known else None


def name_priority(cell: str) -> int:
    """How surely a header names the column holding field names (0: it does not)."""
    known = lookup(cell, NAME_HEADERS)
    return NAME_HEADERS[known] if known else 0


@dataclass
class Layout:
    name: int
    fields: dict[int, str]
    note: str | None = None  # a header read as another (`Kind` as Type), said in a warning


def table_layout(t: Table) -> Layout | None:
    candidates = [(i, p) for i, h in enumerate(t.header.cells) if (p := name_priority(h)) > 0]
    fields = {i: k for i, h in enumerate(t.header.cells) if (k := header_kind(h)) is not None}
    has_type = any(v in ("type", "type2", "type?") for v in fields.values())
    if not candidates:
        return None
    if not has_type:
        # A `Name | Description` table lists things, not columns: a field table states types or constraints.
        if not any(v in ("constraints", "required", "nullable", "key", "pk") for v in fields.values()):
            return None
        if all(p < 3 for _, p in candidates):
            return None
    best = max(candidates, key=lambda c: (_name_quality(t, c[0]), c[1], -c[0]))
    if _name_quality(t, best[0]) < 0.5:
        return None
    note = None
    if "type" not in fields.values():
        guess = next((t.header.cells[i].strip() for i, v in fields.items() if v == "type?"), None)
        note = f"header '{guess}' read as the Type column" if guess else None
        fields = {i: ("type" if v in ("type2", "type?") else v) for i, v in fields.items()}
    fields = {i: v for i, v in fields.items() if i != best[0] and v not in ("type2", "type?")}
    return Layout(best[0], fields, note)


def _name_quality(t: Table, i: int) -> float:
    names = [column_name(r.cells[i]) if i < len(r.cells) else None for r in t.rows]
    if not names:
        return 0.0
    good = [n for n in names if n and len(n) > 1]
    return len(good) / len(names)


def column_name(cell: str) -> str | None:
    """A column name as a cell writes it (`` `id` ``, **id**, id 🔑), or None."""
    t = cell.strip().strip("`")
    if _IDENT.match(t):
        return t  # the common case
    t = cell.strip().replace("**", "").replace("__", "").strip()
    m = _CODE.search(t)
    if m:
        t = m.group(1)
    # Linear cuts (the `[^\w-]+$` substitution they replace was quadratic on a long run of brackets).
    cut = min((i for i in (t.find("("), t.find("（")) if i >= 0), default=len(t))
    t = t[:cut].strip().strip("*").strip()
    t = t[: len(t) - len(_NON_WORD.match(t[::-1]).group())].strip()  # type: ignore[union-attr]
    t = re.sub(r"^[^\w]+", "", t)
    if _IDENT.match(t):
        return t
    if _KEBAB.match(t):
        return t.replace("-", "_")
    if "." in t and all(_IDENT.match(p) for p in t.split(".")):
        return t.rsplit(".", 1)[1]  # `messages.tool_calls`: the column of a qualified name
    return None


def table_columns(t: Table, layout: Layout, path: str) -> tuple[list[Field], list[tuple[int, str]]]:
    out: list[Field] = []
    skipped: list[tuple[int, str]] = []
    for row in t.rows:
        cell = row.cells[layout.name] if layout.name < len(row.cells) else ""
        names = _names(cell)
        if not names:
            if cell.strip() and not set(cell.strip()) <= set(".…-— "):
                skipped.append((row.line, f"'{cell.strip()}' is not a column name"))
            continue
        values: dict[str, list[str]] = {}
        for i, kind in layout.fields.items():
            if i < len(row.cells) and row.cells[i].strip():
                values.setdefault(kind, []).append(row.cells[i])
        for name in names:
            out.append(_field(name, values, Location(path, row.line)))
    return out, skipped


def _names(cell: str) -> list[str]:
    parts = re.split(r"\s*(?:,|&|/|\+)\s*", cell.strip()) if re.search(r"[,&/+]", cell) else [cell]
    names = [column_name(p) for p in parts]
    if all(names) and len(names) > 1 and all(_CODE.search(p) or _IDENT.match(p.strip()) for p in parts):
        return [n for n in names if n]
    one = column_name(cell)
    return [one] if one else []


def _field(name: str, values: dict[str, list[str]], loc: Location) -> Field:
    col = ColumnIR(name, loc, type_loc=loc)
    facts = Facts()
    type_text = _with_length(" ".join(values.get("type", [])), values.get("length", []))
    wt, rest = split_type(type_text) if type_text else (None, "")
    col.written_type = " ".join(type_text.replace("`", "").split()) or None
    if rest:
        facts.merge(read_phrases(rest, name))
    for kind in ("constraints", "key", "pk", "fk", "unique", "index"):
        for text in values.get(kind, []):
            facts.merge(_cell_facts(kind, text, name))
    for text in values.get("required", []):
        truth = _truth(text)
        if truth is not None:
            col.nullable = not truth
        else:
            facts.merge(read_phrases(text, name))
    for text in values.get("nullable", []):
        truth = _truth(text)
        if truth is not None:
            col.nullable = truth
        else:
            facts.merge(read_phrases(text, name))
    for text in values.get("default", []):
        if _GENERATED_CELL.match(text.strip().strip("`").strip()):
            facts.autoincrement = True  # `auto`, `IDENTITY`: the database numbers the rows, no value to insert
            facts.words.append("autoincrement")
            continue
        d = _default_cell(text)
        if d is not None:
            facts.default = facts.default or d
            facts.words.append(f"default {d}")
    notes = " ".join(values.get("notes", []))
    if notes:
        facts.merge(read_phrases(notes, name, strict=False))
        col.description = plain_text(notes)
    return to_field(col, wt, facts)


def _with_length(type_text: str, lengths: list[str]) -> str:
    """`varchar` beside a Length cell `50` (`10,2` for a decimal): `varchar(50)`; a type that states its own
    length keeps it."""
    length = " ".join(lengths).strip().strip("`").strip()
    if not type_text.strip() or "(" in type_text or not re.fullmatch(r"\d{1,5}(?:\s*,\s*\d{1,3})?", length):
        return type_text
    words = type_text.split()
    return " ".join([f"{words[0].strip('`')}({length.replace(' ', '')})", *words[1:]])


def _cell_facts(kind: str, text: str, column: str) -> Facts:
    t = text.strip().strip("`").strip()
    if kind in ("pk", "unique", "index"):
        truth = _truth(t)
        f = Facts()
        if truth:
            setattr(f, {"pk": "primary_key"}.get(kind, kind), True)
            f.words.append({"pk": "primary key"}.get(kind, kind))
            return f
        if truth is False:
            return f
    if kind == "fk":
        f = read_phrases(t, column)
        if not f.fk and column_name(t.split(".")[0].split("(")[0]):
            f.fk, f.fk_target = True, t.strip("` ")
            f.words.append(f"references {f.fk_target}")
        return f
    return read_phrases(t, column)


def to_field(col: ColumnIR, wt: WrittenType | None, facts: Facts) -> Field:
    field = Field(col)
    if wt is not None:
        col.written_type = col.written_type or wt.written
        if wt.foreign_key:
            facts.fk = True
            if wt.target and not facts.fk_target:
                facts.fk_target = wt.target
                facts.words.append(f"references {wt.target}")
        for flag, word in (("primary_key", "primary key"), ("unique", "unique"), ("autoincrement", "autoincrement")):
            if getattr(wt, flag, False) and not getattr(facts, flag):
                setattr(facts, flag, True)
                facts.words.append(word)
        if wt.reference and not facts.fk_target:
            facts.fk, facts.fk_target = True, wt.reference
            facts.words.append(f"references {wt.reference}")
        if wt.nullable is not None and col.nullable is None:
            col.nullable = wt.nullable
        if wt.sql:
            col.type = wt.sql
        elif wt.enum_values:
            col.type = "enum(" + ", ".join(wt.enum_values) + ")"
        elif wt.unmapped:
            col.type, col.unmapped_type = None, wt.written
            field.unmapped_type, field.hint = wt.written, wt.hint
        if wt.reference and not wt.sql:
            col.type_from_reference = True
    apply_facts(col, facts, field)
    return field


def apply_written(field: Field, type_text: str, facts: Facts, description: str | None = None) -> Field:
    """A field from a type as written and the words around it (bullets, sketches)."""
    wt, rest = split_type(type_text)
    if rest:
        facts.merge(read_phrases(rest, field.column.name))
    if description:
        field.column.description = plain_text(description)
    out = to_field(field.column, wt, facts)
    field.unmapped_type, field.hint = out.unmapped_type, out.hint
    return field


def apply_facts(col: ColumnIR, facts: Facts, field: Field | None = None) -> None:
    """Set what the words say on the column; the written type's facts are already there."""
    unmapped = field is not None and field.unmapped_type is not None
    if col.type is None and facts.enum_values and not unmapped:
        col.type = "enum(" + ", ".join(facts.enum_values) + ")"
    if facts.max_length and col.type in ("varchar", "text", None) and not unmapped:
        col.type = f"varchar({facts.max_length})"
    col.primary_key = col.primary_key or facts.primary_key
    col.unique = col.unique or (facts.unique and not facts.primary_key)
    col.index = col.index or facts.index
    if facts.not_null:
        col.nullable = False
    elif facts.nullable and col.nullable is None:
        col.nullable = True
    if facts.autoincrement:
        col.autoincrement = True
    if facts.default is not None and col.default is None:
        col.default = facts.default
    if facts.on_update_now:
        col.on_update = "now"
    if facts.check and col.check is None:
        col.check = facts.check
    if facts.fk:
        col.fk_marked = True
        if facts.fk_target:
            col.fk = reference(facts.fk_target, [col.name], col.loc)
            if col.fk is not None:
                col.fk.on_delete, col.fk.on_update = facts.on_delete, facts.on_update
    col.words = list(dict.fromkeys([*col.words, *facts.words]))


_REMARK = re.compile(r"^(?P<dotted>[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+)\s+\(")


def reference(target: str, columns: list[str], loc: Location) -> ForeignKeyIR | None:
    """`users.id`, `users(id)`, `users`, `public.users.id`, `User`: a foreign key to it."""
    t = target.strip().strip("`").strip()
    remark = _REMARK.match(t)
    if remark:
        t = remark.group("dotted")  # `Tasks.TaskId (future)`: a table.column, and a remark in parentheses
    m = re.match(r"^(?P<table>[A-Za-z_][\w.-]*?)\s*\(\s*(?P<cols>[^)]*)\)\s*$", t)
    if m:
        table, ref_cols = m.group("table"), [c.strip().strip("`") for c in m.group("cols").split(",") if c.strip()]
    elif t.count(".") >= 1:
        # `users.id`, `Projects.ProjectId`, `public.users.id`: the last part is the column.
        head, _, last = t.rpartition(".")
        table, ref_cols = head, [last]
    else:
        table, ref_cols = t, []
    table = table.replace("-", "_")
    ref_cols = [c.replace("-", "_") for c in ref_cols if _KEBAB.match(c)]
    if not _KEBAB.match(table.replace(".", "_")):
        return None
    return ForeignKeyIR(list(columns), table, ref_cols, loc, ref_is_entity=not table.islower())


_REF_TYPE = re.compile(
    r"(?i)^(?P<kind>fk|foreign\s*key|foreignkey|onetoonefield|one-to-one|manytoonerel|reference|ref)"
    r"(?:\s*\(\s*['\"]?(?P<target>[\w.]+)['\"]?[^)]*\))?(?![\w])(?P<rest>.*)$"
)


# `pk(INT)`, `fk(bigint)`: a key role around the type; `FK(users.id)` names a target instead and is not this.
_ROLE_TYPE = re.compile(r"(?i)^(?P<role>pk|fk)\s*\(\s*(?P<type>[^()]+(?:\([^()]*\))?)\s*\)(?P<rest>.*)$")


@lru_cache(maxsize=8192)
def split_type(text: str) -> tuple[WrittenType | None, str]:
    """The type a Type cell states, and the words after it (`TEXT (FK -> users.id)`, `int PK`)."""
    t = " ".join(text.replace("\\|", "|").replace("**", "").split())
    t = re.sub(r"`([^`]*)`", r"\1", t).strip()
    if not t:
        return None, ""
    role = _ROLE_TYPE.match(t)
    if role:
        wt = read_type(role.group("type").strip())
        if not wt.unmapped:
            return wt, f"{role.group('role').upper()} {role.group('rest')}".strip()
    marker = _REF_TYPE.match(t)
    if marker:
        # `FK`, `ForeignKey`, `OneToOneField(User)`: the type is the referenced key's; the words say FK.
        target = (marker.group("target") or "").strip()
        unique = ", unique" if marker.group("kind").lower().startswith("one") else ""
        return None, f"FK {('-> ' + target) if target else ''}{unique} {marker.group('rest')}".strip()
    arrow = re.search(r"\s*(?:->|→|=>)\s*", t)
    rest = ""
    if arrow:
        rest, t = t[arrow.start() :].strip(), t[: arrow.start()].strip()
    wt = read_type(t)
    if not wt.unmapped:
        return wt, rest
    # The longest leading run of words that is a type; the remainder is constraint words.
    tokens = _tokens(t)
    for k in range(len(tokens) - 1, 0, -1):
        head = " ".join(tokens[:k])
        wt2 = read_type(head)
        if not wt2.unmapped:
            return wt2, (" ".join(tokens[k:]) + " " + rest).strip()
    return wt, rest


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    depth = 0
    buf = ""
    for ch in text:
        if ch in "([<":
            depth += 1
        elif ch in ")]>":
            depth = max(0, depth - 1)
        if ch in " ," and depth == 0:
            if buf:
                out.append(buf)
            buf = ""
            continue
        buf += ch
    if buf:
        out.append(buf)
    return out[:40]


# Yes and no as a Required/Nullable/Unique cell writes them, in the languages of the header vocabulary.
_TRUE = {
    "yes", "y", "true", "1", "x", "✓", "✔", "✅", "√", "o", "○", "◯", "〇", "required", "ja", "oui", "sí", "si", "sim",
    "sì", "tak", "evet", "да", "так", "ano", "是", "有", "可", "はい", "예", "네", "có", "ya", "ใช่",
}  # fmt: skip
_FALSE = {
    "no", "n", "false", "0", "-", "—", "–", "✗", "✘", "❌", "×", "✕", "optional", "nein", "non", "não", "nee", "nie",
    "hayır", "нет", "ні", "ne", "否", "无", "無", "不可", "いいえ", "아니오", "아니요", "không", "tidak", "ไม่", "",
}  # fmt: skip


def _truth(text: str) -> bool | None:
    t = text.strip().strip("`*_").strip().lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    return None


# A Default cell that says the database generates the value: a key's numbering, not a default value.
_GENERATED_CELL = re.compile(
    r"(?i)^(?:auto(?:[\s_-]?(?:increment(?:ed)?|generated|number|numbered))?|autoincrement|serial|identity"
    r"(?:\s*\(\s*\d+\s*,\s*\d+\s*\))?|generated|db[\s-]generated)$"
)


def _default_cell(text: str) -> str | None:
    t = text.strip().strip("`").strip()
    if not t or t in ("-", "—", "–") or t.lower() in ("none", "null", "n/a", "—"):
        return None
    f = read_phrases("default " + t)
    return f.default


def plain_text(text: str) -> str:
    return " ".join(text.replace("\\|", "|").split())[:500]


# Headers that make a table a column table (its reference cells are read there), not a table of keys.
_COLUMN_TABLE_KINDS = {"type", "type2", "constraints", "required", "nullable", "pk", "key", "default", "unique"}


@dataclass
class FkRow:
    table: str | None  # the row's own table, where a column says it (`| Table | Column | References |`)
    field: Field


def fk_table_rows(t: Table, path: str) -> list[FkRow] | None:
    """A table of foreign keys: a column of key columns beside the table (and column) each refers to, and
    maybe its actions (`| Column | Referenced table | Referenced column | On delete |`, `| FK | References |`);
    None for any other table. A table with a Type column is a column table (its reference cells are read
    there)."""
    heads = t.header.cells

    def col(words: set[str]) -> int | None:
        return next((i for i, h in enumerate(heads) if lookup(h, words)), None)

    rt, rc = col(REF_TABLE_HEADERS), col(REF_COLUMN_HEADERS)
    if rt is None or any(header_kind(h) in _COLUMN_TABLE_KINDS for h in heads):
        return None
    st = col(TABLE_HEADERS)
    taken = {rt, rc, st}
    names = [(p, i) for i, h in enumerate(heads) if i not in taken and (p := name_priority(h)) > 0]
    names += [(1, i) for i, h in enumerate(heads) if i not in taken and header_kind(h) == "fk"]
    if not names:
        return None
    nc = max(names, key=lambda c: (c[0], -c[1]))[1]
    od, ou = col(ON_DELETE_HEADERS), col(ON_UPDATE_HEADERS)
    out: list[FkRow] = []
    for row in t.rows:
        cells = row.cells + [""] * len(heads)
        name, target = column_name(cells[nc]), _ref_cell(cells[rt])
        if name is None or target is None:
            continue
        ref_col = column_name(cells[rc]) if rc is not None else None
        loc = Location(path, row.line)
        column = ColumnIR(name, loc)
        column.fk = reference(f"{target}.{ref_col}" if ref_col and "." not in target else target, [name], loc)
        if column.fk is None:
            continue
        column.fk_marked = True
        column.fk.on_delete = _leading_action(cells[od]) if od is not None else None
        column.fk.on_update = _leading_action(cells[ou]) if ou is not None else None
        action = column.fk.on_delete
        column.words = [f"references {target}"] + ([f"on delete {action.lower()}"] if action else [])
        table = column_name(cells[st]) if st is not None else None
        out.append(FkRow(table, Field(column)))
    return out


def _ref_cell(cell: str) -> str | None:
    """`users`, `` `users`.`id` ``, `users(id)`, `users.id`: the reference a cell writes, or None (prose)."""
    t = " ".join(cell.replace("**", "").replace("`", "").split())
    t = re.sub(r"\s*\.\s*", ".", t)
    if re.fullmatch(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*){0,2}(?:\s*\(\s*[\w\s,-]+\))?", t):
        return t
    return None


def _leading_action(cell: str) -> OnAction | None:
    """`SET NULL (self reference)`, `cascade`: the referential action a cell starts with."""
    t = " ".join(cell.replace("`", "").replace("_", " ").upper().split())
    return next((a for a in ON_ACTIONS if t == a or t.startswith(a + " ") or t.startswith(a + ",")), None)
