"""Field bullets of conventional Markdown: `` `email`: string, unique ``, `**name** (type): text`,
`name — type — notes`, several names in one item, nested bullets adding words.

A list is a field list when at least half of its items state a field with a type (or, under a
field label, name one); otherwise it is something else (constraints, validation rules, prose).
"""

from __future__ import annotations

import re

from specgen.parse.fields import Field, column_name, plain_text, split_items, split_type, to_field
from specgen.parse.ir import ColumnIR
from specgen.parse.markdown import ListItem
from specgen.parse.phrases import Facts, read_phrases
from specgen.source import Location
from specgen.vocab.written import WrittenType

_HEAD_NAME = re.compile(r"^(?P<names>(?:`[^`]+`|\*\*[^*]+\*\*|__[^_]+__|[A-Za-z_][\w.-]*)(?:\s*(?:,|&|/|\band\b|\+)\s*(?:`[^`]+`|\*\*[^*]+\*\*|[A-Za-z_][\w-]*))*)\s*")  # fmt: skip

# Asked of every bullet: compiled once (re's cache lookup costs as much as the match)
_NAME_SEP = re.compile(r"\s*(?:,|&|/|\band\b|\+)\s*")
_PARENTHESIZED = re.compile(r"^[(（](?P<inner>(?:[^()]|\([^()]*\))*)[)）]\s*(?P<after>.*)$")
_DESCRIPTION = re.compile(r"\s(?:-|—|–)\s+(.+)$")
# A word saying that the code span before it names an entity (`` `Task` model … ``), in the languages specs use.
_MODEL_WORD = re.compile(
    r"(?i)^(?:model|entity|table|class|aggregate|modelo|entidad|entidade|tabla|tabela|modèle|entité|modell|entität|"
    r"tabelle|modello|entità|tabella|tabel|encja|tablo|varlık|модель|сущность|сутність|таблица|таблиця|bảng|"
    r"thực thể|モデル|テーブル|エンティティ|模型|实体|實體|表|모델|테이블|엔티티)(?![\w])"
)
_SEP = re.compile(r"^\s*(?::|：|\s-\s|-\s|—|–|=|…|\.{3})\s*")
_NOT_FIELD_NAMES = {
    "type", "purpose", "example", "examples", "validation", "default", "description", "source", "format",
    "constraints", "constraint", "notes", "note", "display", "generation", "immutable", "uniqueness", "values",
    "relationships", "relationship", "indexes", "index", "primary", "foreign", "unique", "check", "table",
    "usage", "storage", "lifecycle", "state", "states", "ui", "visual", "behavior", "rules",
    "cascade", "restrict",  # a legend of referential actions (`**CASCADE** → children go too`)
}  # fmt: skip


def list_columns(items: list[ListItem], path: str, labelled: bool) -> tuple[list[Field], str | None]:
    """The fields a bullet list states, or ([], why it is not a field list).

    A top item that is only a label meaning "columns" (`**Columns**`, `- 主な列`, `- Поля:`) holds its field list
    in its nested bullets; one that names the key (`**Primary key**: `id``, `- 主キー: @@id([a, b])`) marks those
    columns as the key (and adds the ones no field bullet names)."""
    keys, groups, rest = _label_groups(items)
    out: list[Field] = []
    for children in groups:
        out += _plain_columns(children, path, labelled=True)[0]
    why = None
    if rest:
        more, why = _plain_columns(rest, path, labelled)
        out += more
    if not out:
        return [], why
    return _with_keys(out, keys, Location(path, items[0].line)), None


def _plain_columns(items: list[ListItem], path: str, labelled: bool) -> tuple[list[Field], str | None]:
    base = min(i.depth for i in items)
    top = [it for it in items if it.depth == base]
    if _comma_mode(top, labelled):
        return _comma_list(top, path), None
    parsed: list[tuple[ListItem, list[str], WrittenType | None, str, bool]] = []
    details: set[int] = set()  # `description: String?`: a detail word as a field's name, typed and nothing more
    strong = medium = navigations = 0
    for it in top:
        p = _bullet(it.text)
        if p is None:
            continue
        names, wt, rest, coded = p
        if any(n.lower() in _NOT_FIELD_NAMES for n in names) and not raw_code(it.text) and not _sql_column(wt, rest):
            if not _only_type(it.text, wt, rest):
                continue  # `**Type**: String` in a field's details, not a field named Type
            details.add(id(it))
        parsed.append((it, names, wt, rest, coded))
        if wt is not None and wt.unmapped and _ENTITY_TYPED.match(wt.written):
            navigations += 1  # `teams: Team[]`: a navigation field (parse/navigation.py), neutral here
            continue
        if id(it) in details:
            continue
        if wt is not None and not wt.unmapped:
            strong += 1
        elif coded:
            medium += 1
    n = len(top) - len(details) - navigations
    # A detail word is a field where the other items make a field list on their own (`- id: String (PK)` …
    # `- description: String?`); under a field's details (`- Type: String`, `- Description: …`) they do not.
    if strong < 2:
        parsed = [p for p in parsed if id(p[0]) not in details]
    if not n:
        return [], None
    is_fields = (
        strong >= 0.5 * n
        or (labelled and (strong + medium) >= 0.5 * n)
        or ((strong + medium) >= 0.7 * n and strong >= 1)
    )
    if not is_fields:
        why = (
            None
            if strong + medium == 0
            else f"{strong} of {n} items state a field with a type ({medium} more name one without): not a field list"
        )
        return [], why
    children = _children(items)
    out: list[Field] = []
    for it, names, wt, rest, _coded in parsed:
        extra = " , ".join(children.get(id(it), []))
        sub_type = None
        for c in children.get(id(it), []):
            m = re.match(r"(?i)^\s*(?:\*\*)?type(?:\*\*)?\s*:\s*(?:\*\*)?\s*(.+)$", c)
            if m and sub_type is None:
                sub_type, _ = split_type(m.group(1))
        for name in names:
            col = ColumnIR(name, Location(path, it.line), type_loc=Location(path, it.line))
            desc = _description(rest)
            words = rest[: rest.rfind(desc)] if desc and desc in rest else rest
            facts = read_phrases(words + (" , " + extra if extra else ""), name)
            if desc:
                col.description = desc
                facts.merge(read_phrases(desc, name, strict=False))
            if not facts.fk:
                _text_reference(rest, facts)
            wt_use = wt if (wt is not None and not wt.unmapped) else (sub_type or wt)
            if wt_use is not None and wt_use.unmapped and (wt_use.written.strip() == "" or _is_phrase(wt_use.written)):
                wt_use = None
            field = to_field(col, wt_use, facts)
            field.self_reference = not facts.fk and bool(_SELF_REFERENCE.search(rest))
            out.append(field)
    return out, None


def _sql_column(wt: WrittenType | None, rest: str) -> bool:
    """`state: VARCHAR(20), Not Null`: a word that usually heads a detail (`**State**: draft -> done`) names a
    column where an SQL type with its size, or a column constraint, follows it."""
    if wt is None or wt.unmapped:
        return False
    if "(" in wt.written:
        return True
    f = read_phrases(rest)
    return f.not_null or f.primary_key or f.fk or f.unique


# A type that names another entity: `Team`, `Team[]`, `Team?`, `List<Team>`, with a remark (`(1:1)`) after it.
_ENTITY_TYPED = re.compile(
    r"^(?:[A-Z][A-Za-z0-9_]*\s*(?:\[\]|\?)?|[A-Z][A-Za-z]*\s*<\s*[A-Z][A-Za-z0-9_]*\s*>)\s*(?:\([^()]*\))?$"
)


def _only_type(text: str, wt: WrittenType | None, rest: str) -> bool:
    """`name: Type` with nothing after the type but constraint words, the name not bold (`**Type**: …` labels)."""
    if wt is None or wt.unmapped or text.lstrip().startswith(("**", "__")):
        return False
    words = rest.strip(" ,;-()")
    return not words or (len(words.split()) <= 3 and bool(read_phrases(words).words))


def raw_code(text: str) -> bool:
    return text.lstrip().startswith("`")


def _is_phrase(text: str) -> bool:
    """Words, not a type: constraint words, more than three words, or letters beyond ASCII (types are written in
    ASCII; `ノート所有者` or `владелец` describes the field)."""
    f = read_phrases(text)
    return bool(f.words) or len(text.split()) > 3 or any(ch.isalpha() and not ch.isascii() for ch in text)


def _children(items: list[ListItem]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    base = min(i.depth for i in items)
    parent: ListItem | None = None
    for it in items:
        if it.depth == base:
            parent = it
        elif parent is not None:
            out.setdefault(id(parent), []).append(it.text)
    return out


def _bullet(text: str) -> tuple[list[str], WrittenType | None, str, bool] | None:
    """(names, type, the rest, name was code/bold) of a field bullet, or None."""
    t = text.strip()
    m = _HEAD_NAME.match(t)
    if not m:
        return None
    raw_names = m.group("names")
    coded = raw_names.startswith(("`", "**", "__"))
    parts = _NAME_SEP.split(raw_names)
    names = [column_name(p) for p in parts]
    if not all(names) or not names:
        return None
    if not coded and len(names) > 1:
        return None
    rest = t[m.end() :].strip()
    if coded and _MODEL_WORD.match(rest):
        return None  # `` `Task` model … `` among fields: a note about another entity, not a field
    if coded and not rest:
        return [n for n in names if n], None, "", coded  # `` `createdAt` / `updatedAt` ``: names alone
    wt: WrittenType | None = None
    # `name (TYPE, words): description`
    pm = _PARENTHESIZED.match(rest)
    if pm:
        inner = pm.group("inner")
        head = _first_part(inner)
        wt, tail = split_type(head)
        after = _SEP.sub("", pm.group("after"), count=1)
        rest = (tail + ", " + inner[len(head) :].lstrip(",;: ") + " - " + after).strip(" ,-")
        return [n for n in names if n], wt, rest, coded
    sm = _SEP.match(rest)
    if not sm:
        if rest and coded:
            wt, tail = split_type(rest.split(",")[0])
            return [n for n in names if n], wt, tail + "," + ",".join(rest.split(",")[1:]), coded
        return None
    if "…" in sm.group() or "..." in sm.group():
        # `` `owner_id` … the note's owner (`User.id`) ``: an ellipsis leads to a description, not a type
        return [n for n in names if n], None, " - " + rest[sm.end() :].strip(), coded
    rest = rest[sm.end() :].strip()
    first = _first_part(rest)
    wt, tail = split_type(first)
    if wt is not None and wt.unmapped and _is_phrase(wt.written):
        return [n for n in names if n], wt, rest, coded  # a description, not a type: its words all count
    return [n for n in names if n], wt, (tail + " " + rest[len(first) :]).strip(), coded


def _first_part(text: str) -> str:
    """The text up to the first top-level `,`, `;`, `:` or ` - ` (not inside parentheses or backticks)."""
    depth, code = 0, False
    for i, ch in enumerate(text):
        if ch == "`":
            code = not code
        elif ch in "([" and not code:
            depth += 1
        elif ch in ")]" and not code:
            depth = max(0, depth - 1)
        elif depth == 0 and not code:
            if ch in ",;:" or (ch in "-—–" and text[i - 1 : i] == " " and text[i + 1 : i + 2] == " "):
                return text[:i].strip()
    return text.strip()


def _description(rest: str) -> str | None:
    m = _DESCRIPTION.search(rest)
    return plain_text(m.group(1)) if m else None


# ---------------------------------------------------------------------------------------------------------------
# Label bullets: `- **Columns**` over nested field bullets, `- **Primary key**: `id``

# A label meaning "the columns" in the languages specs are written in, optionally qualified ("main", "key").
_FIELD_LABEL = re.compile(
    r"(?i)^(?:(?:main|key|core|all|principal(?:es)?|principais|principali|wichtigste|hlavní|основные|основні|"
    r"主な|主要|주요|chính|utama)\s*)?"
    r"(?:columns?|fields?|attributes?|properties|column list|field list|"
    r"колонки|столбцы|поля|атрибуты|атрибути|стовпці|"
    r"campos|columnas|atributos|colunas|champs|colonnes|attributs|felder|spalten|eigenschaften|attribute|"
    r"campi|colonne|attributi|kolommen|velden|attributen|pola|kolumny|atrybuty|alanlar|sütunlar|kolonlar|"
    r"öznitelikler|cột|các cột|trường|thuộc tính|kolom|atribut|bidang|sloupce|pole|atributy|"
    r"列|カラム|フィールド|項目|属性|字段|栏位|欄位|列名|컬럼|칼럼|필드|속성)$"
)
_KEY_LABEL = re.compile(
    r"(?i)^(?:primary\s+keys?|pk|主キー|主鍵|主键|複合主キー|复合主键|기본\s*키|первичный\s+ключ|первинний\s+ключ|"
    r"clave\s+primaria|llave\s+primaria|chave\s+primária|clé\s+primaire|primärschlüssel|chiave\s+primaria|"
    r"primaire\s+sleutel|klucz\s+(?:główny|podstawowy)|birincil\s+anahtar|khóa\s+chính|kunci\s+(?:utama|primer)|"
    r"primární\s+klíč)$"
)
_BOLD_LABEL = re.compile(r"^(\*\*|__)(?P<label>[^*_]{1,40}?)\s*[:：]?\s*\1\s*[:：]?\s*(?P<rest>.*)$")
_PLAIN_LABEL = re.compile(r"^(?P<label>[^:：`*]{1,40}?)\s*[:：]\s*(?P<rest>.*)$")


def _label_of(text: str) -> tuple[str, str] | None:
    """(label, what follows it) of `**Label**: value`, `**Label:** value`, `Label: value`, `Label`."""
    t = " ".join(text.split())
    m = _BOLD_LABEL.match(t) or _PLAIN_LABEL.match(t)
    label, rest = (m.group("label"), m.group("rest")) if m else (t, "")
    label = re.sub(r"\s*[(（][^)）]*[)）]$", "", label.strip())  # `Columns (12)`
    return (label, rest.strip()) if label and len(label) <= 40 else None


def _label_groups(items: list[ListItem]) -> tuple[list[str], list[list[ListItem]], list[ListItem]]:
    """(key columns, nested field lists, the other items with their nested ones) of a list. A label bullet with
    its fields inline (`- **Columns**: id, name, owner_id (FK)`) is a field list of one comma item."""
    base = min(i.depth for i in items)
    keys: list[str] = []
    groups: list[list[ListItem]] = []
    rest: list[ListItem] = []
    current: list[ListItem] | None = None
    for it in items:
        if it.depth > base:
            (current if current is not None else rest).append(it)
            continue
        current = None
        label = _label_of(it.text)
        if label and _FIELD_LABEL.match(label[0]) and not label[1]:
            current = []
            groups.append(current)
        elif label and _FIELD_LABEL.match(label[0]) and comma_parts(label[1]):
            current = [ListItem(label[1], it.line, base + 1)]
            groups.append(current)
        elif label and _KEY_LABEL.match(label[0]) and label[1]:
            keys += _key_names(label[1])
            current = []
            groups.append(current)  # fields nested under the key's bullet are fields too
        else:
            rest.append(it)
    return keys, [g for g in groups if g], rest


def _key_names(text: str) -> list[str]:
    """`` `id` ``, `id, tenant_id`, `` `@@id([noteId, tagId])` ``, `(a, b)` (then any remark): the key's columns."""
    t = text.replace("`", "")
    inner = re.search(r"[\[(（]([^\[\]()（）]*)[\])）]", t)
    head = inner.group(1) if inner and not re.match(r"^\s*[A-Za-z_][\w-]*\s*(?:,|$)", t) else t
    head = re.split(r"[（(]|\s[-—–]\s|[.;。]", head)[0] if head is t else head
    names = [column_name(p) for p in re.split(r"\s*(?:,|、|\+|&|\band\b)\s*", head.strip()) if p.strip()]
    return [n for n in names if n] if names and all(names) else []


def _with_keys(fields: list[Field], keys: list[str], loc: Location) -> list[Field]:
    """The fields, the key's columns marked; key columns no field names first, as the label bullet names them."""
    if not keys:
        return fields
    have = {f.column.name.lower(): f for f in fields}
    missing: list[Field] = []
    for k in keys:
        f = have.get(k.lower())
        if f is None:
            col = ColumnIR(k, loc, type_loc=loc)
            col.words.append("primary key")
            f = Field(col)
            missing.append(f)
        f.column.primary_key = True
        f.column.unique = False
    return missing + fields


# ---------------------------------------------------------------------------------------------------------------
# Comma lists: `- id, tenantId (FK), name, email (unique)` and the items around them

_PART = re.compile(
    r"^(?P<name>`[^`]+`|\*\*[^*]+\*\*|__[^_]+__|[A-Za-z_][\w-]*)\s*(?:(?:->|→|=>)\s*(?P<target>`?[A-Za-z_][\w.]*`?))?\s*"
    r"(?:[(（](?P<note>.*)[)）])?$"
)
_KEYISH = re.compile(r"^(?:id|.+_id|.+Id|.+ID|.+_key)$")
_VALUE = re.compile(r"^[A-Z][A-Z0-9_]*$")


def comma_parts(text: str, bold_keys: bool = False) -> list[tuple[str, str, str | None]] | None:
    """(name, note, target) of each field a comma list names (`id (cuid), name, typeId -> Category (a, b)`), or
    None when any part is not a field name (prose, values). With `bold_keys` (relational notation,
    `Person(**id**, name)`) a bold name is the key."""
    out: list[tuple[str, str, str | None]] = []
    for part in split_items(" ".join(text.split()).rstrip(".;")):
        m = _PART.match(part)
        name = column_name(m.group("name")) if m else None
        if m is None or name is None or (_VALUE.match(name) and len(name) > 1 and not m.group("note")):
            return None
        note = (m.group("note") or "").strip()
        if bold_keys and m.group("name").startswith(("**", "__")):
            note = ("PK, " + note).strip(", ")
        out.append((name, note, (m.group("target") or "").strip("`") or None))
    return out


def _comma_mode(top: list[ListItem], labelled: bool = False) -> bool:
    """A list whose items each carry several fields (`- id, tenantId (FK), name`): a field list when one item
    names two or more fields and one of them is a key or carries a note (or a label says the list holds fields)."""
    for it in top:
        parts = comma_parts(it.text) if "," in it.text else None
        if parts and len(parts) >= 2 and (labelled or any(_KEYISH.match(n) or note or t for n, note, t in parts)):
            return True
    return False


def comma_fields(parts: list[tuple[str, str, str | None]], loc: Location) -> list[Field]:
    out: list[Field] = []
    for name, note, target in parts:
        col = ColumnIR(name, loc, type_loc=loc)
        wt, rest = split_type(note) if note else (None, "")
        if wt is not None and (wt.unmapped or wt.enum_values):
            wt, rest = None, note
        facts = read_phrases(rest, name) if rest else read_phrases("")
        if target:
            facts.fk, facts.fk_target = True, target
            facts.words.append(f"references {target}")
        out.append(to_field(col, wt, facts))
    return out


_NAMED = re.compile(r"^(?P<name>`[^`]+`|\*\*[^*]+\*\*|[A-Za-z_][\w-]*)\s*[:：]\s*(?P<value>.+)$")


def _comma_list(top: list[ListItem], path: str) -> list[Field]:
    """Fields of a list in comma form: comma lists, bare names, `name: description`, `name: A | B` (values)."""
    out: list[Field] = []
    for it in top:
        loc = Location(path, it.line)
        text = " ".join(it.text.split())
        parts = comma_parts(text)
        if parts:
            out += comma_fields(parts, loc)
            continue
        m = _NAMED.match(text)
        if m is None:
            continue  # prose
        raw = m.group("name")
        name = column_name(raw)
        if name is None or not (raw[0] in "`*" or name[0].islower() or "_" in name):
            continue  # `Actions: LOGIN, …`: a label (capitalised word), not a field
        out += _named_field(name, m.group("value"), loc)
    return out


def _named_field(name: str, value: str, loc: Location) -> list[Field]:
    """`role: OWNER | CASHIER`, `status: A → B | C`, `paidAt: timestamp of payment`, and field names after values
    (`deliveryType: PICKUP | DELIVERY, deliveryAddress`)."""
    parts = split_items(value)
    more: list[Field] = []
    while len(parts) > 1 and (tail := comma_parts(parts[-1])) and all(n[0].islower() for n, _, _ in tail):
        more = comma_fields(tail, loc) + more
        parts.pop()
    text = ", ".join(parts)
    col = ColumnIR(name, loc, type_loc=loc)
    values = [re.sub(r"\s*[(（][^)）]*[)）]", "", v).strip() for v in re.split(r"\s*(?:\||→|->|,)\s*", text)]
    if len(values) >= 2 and all(_VALUE.match(v) for v in values):
        facts = read_phrases("")
        facts.enum_values = tuple(dict.fromkeys(values))
        facts.words.append("one of " + ", ".join(facts.enum_values))
        return [to_field(col, None, facts), *more]
    wt, _ = split_type(_first_part(text))
    if wt is not None and wt.unmapped:
        wt = None
    facts = read_phrases(text, name, strict=False)
    col.description = plain_text(text)
    return [to_field(col, wt, facts), *more]


# ---------------------------------------------------------------------------------------------------------------
# References in a field's words: `ownerId … owner (`User.id`)`, `parentId … parent (optional, self-reference)`

_PAREN_REFERENCE = re.compile(
    r"[(（][^()（）]*?`(?P<table>[A-Za-z_][\w-]*)\.(?P<column>[A-Za-z_][\w-]*)`[^()（）]*[)）]"
)
_SELF_REFERENCE = re.compile(
    r"(?i)self[\s-]*referen\w*|self[\s-]*join|自己参照|自己結合|自引用|自关联|自關聯|自参照|자기\s*참조|셀프\s*참조|"
    r"самоссыл\w*|ссылка\s+на\s+себя|самопосилан\w*|auto[\s-]*referen\w*|autorreferen\w*|selbstreferenz\w*|"
    r"selbstbezug\w*|autoriferiment\w*|samoodwoł\w*|kendine\s+referans|tự\s+tham\s+chiếu|referensi\s+diri"
)


def _text_reference(text: str, facts: Facts) -> None:
    """A field's words that name the key it holds in parentheses, as a code span (`` (`User.id`) ``): a foreign
    key to it. Only a key column (`id`, `…Id`, `…_id`) or an entity's (capitalised) name counts: a
    `(`settings.theme`)` in a description names a JSON path, not a key."""
    m = _PAREN_REFERENCE.search(text)
    if m and (m.group("table")[0].isupper() or re.search(r"(?i)(?:^|_)id$|[a-z]Id$", m.group("column"))):
        facts.fk, facts.fk_target = True, f"{m.group('table')}.{m.group('column')}"
        facts.words.append(f"references {facts.fk_target}")


# ---------------------------------------------------------------------------------------------------------------
# Entity bullets: `- User: id (uuid), name, typeId -> Category` (one bullet per table)

# Labels of bullets that name columns but not a table: indexes, keys, constraints, relationships, notes.
_NOT_ENTITY = re.compile(
    r"(?i)^(?:ind(?:ex|exes|ices|ices)|idx|keys?|unique|constraints?|relations?(?:hips?)?|references?|foreign\s*keys?|"
    r"fks?|enums?|notes?|examples?|sorting|ordering|"
    r"индекс\w*|ключ\w*|связ\w*|ограничени\w*|індекс\w*|зв'яз\w*|índices|relaciones|restricciones|claves?|"
    r"índices|relações|chaves?|indizes|schlüssel|beziehungen|indeks\w*|relasi|kunci|chỉ\s*mục|khóa|"
    r"インデックス|索引|制約|約束|关系|關係|リレーション|인덱스|관계|제약\w*)$"
)
_ENTITY_BULLET = re.compile(
    r"^(?:\*\*|__|`)?(?P<name>[^\W\d][\w-]*)(?:\*\*|__|`)?\s*(?:\*\*)?\s*[:：]\s*(?P<fields>.+)$"
)
# Relational notation: `Person(**id**, name, kind_id -> Kind)`, the key in bold.
_ENTITY_PAREN = re.compile(r"^(?:\*\*|__|`)?(?P<name>[^\W\d][\w-]*)(?:\*\*|__|`)?\s*[(（](?P<fields>.+)[)）]\s*[.;]?$")


def entity_bullets(
    items: list[ListItem], path: str, paren_only: bool = False
) -> list[tuple[str, Location, list[Field]]]:
    """The tables a list defines one per bullet, an entity's name then its fields as a comma list
    (`- Person: id, name`, or in relational notation `Person(**id**, name)`, the only form `paren_only` reads:
    lines of a paragraph); [] unless most of the list's items, two at least, are such bullets and each names a
    key or a reference (`id`, `userId`, `-> Category`): `- Roles: admin, editor` lists values, and one
    `- Body: userId, amount` under an endpoint is no schema."""
    base = min(i.depth for i in items)
    top = [it for it in items if it.depth == base]
    found: list[tuple[str, Location, list[Field]]] = []
    for it in top:
        text = " ".join(it.text.split())
        m = _ENTITY_PAREN.match(text)
        parts = comma_parts(m.group("fields"), bold_keys=True) if m else None
        if not parts and not paren_only:
            m = _ENTITY_BULLET.match(text)
            parts = comma_parts(m.group("fields")) if m else None
        if m is None or not parts or len(parts) < 2 or not any(_KEYISH.match(n) or t for n, _, t in parts):
            continue
        if (
            _FIELD_LABEL.match(m.group("name"))
            or _KEY_LABEL.match(m.group("name"))
            or _NOT_ENTITY.match(m.group("name"))
        ):
            continue  # `- Columns: id, name`, `- Indexes: user_id, created_at`: a label, not a table
        loc = Location(path, it.line)
        found.append((m.group("name"), loc, comma_fields(parts, loc)))
    if len(found) < 2 or 2 * len(found) < len(top):
        return []
    return found


def inline_fields(text: str, loc: Location) -> list[Field]:
    """`**Columns:** id, name, owner_id (FK)` (a paragraph, in any language): the fields it names, else []."""
    label = _label_of(text)
    if label is None or not _FIELD_LABEL.match(label[0]) or not label[1]:
        return []
    parts = comma_parts(label[1])
    return comma_fields(parts, loc) if parts and len(parts) >= 2 else []
