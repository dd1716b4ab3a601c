"""Constraint phrases in plain words: what Notes, Constraints and Key cells and field bullets say.

`read_phrases("PK, unique, default 0, FK -> users.id on delete cascade")` returns the facts it
recognised and the words that said them (for `design --explain`). Phrases are matched as whole
words, case-blind, in English and in the other languages specs are written in (Spanish,
Portuguese, Indonesian, Russian, Ukrainian, Czech, Vietnamese, Japanese, Korean). Free
description text is read with `strict=False`, which leaves out the words prose uses loosely
("a unique identifier", "required for login").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from specgen.vocab.terms import OnAction, on_action

_I = re.I | re.U


@dataclass
class Facts:
    primary_key: bool = False
    unique: bool = False
    index: bool = False
    not_null: bool = False
    nullable: bool = False
    autoincrement: bool = False
    fk: bool = False  # marked as a reference, with or without a target
    fk_target: str | None = None  # `users.id`, `users(id)`, `users`
    on_delete: OnAction | None = None
    on_update: OnAction | None = None
    default: str | None = None
    on_update_now: bool = False
    max_length: int | None = None
    check: str | None = None
    enum_values: tuple[str, ...] = ()
    words: list[str] = field(default_factory=list)

    def copy(self) -> Facts:
        """A shallow copy, as copy.copy makes it without its protocol lookups (a quarter of the time: read_phrases
        copies one for every column of conventional specs)."""
        new = Facts.__new__(Facts)
        new.__dict__.update(self.__dict__)
        return new

    def merge(self, other: Facts) -> None:
        for name in ("primary_key", "unique", "index", "not_null", "nullable", "autoincrement", "fk", "on_update_now"):
            if getattr(other, name):
                setattr(self, name, True)
        for name in ("fk_target", "on_delete", "on_update", "default", "max_length", "check"):
            if getattr(self, name) is None and getattr(other, name) is not None:
                setattr(self, name, getattr(other, name))
        self.enum_values = self.enum_values or other.enum_values
        self.words.extend(w for w in other.words if w not in self.words)


# Foreign key in other languages (German, French, Italian, Dutch, Polish, Turkish, Spanish, Indonesian, Chinese)
_FK_WORDS = (
    r"fremdschl(?:ü|ue|u)ssel|cl[ée]\s+[ée]trang[èe]re|chiave\s+esterna|vreemde\s+sleutel|klucz\s+obcy|"
    r"yabanc[ıi]\s+anahtar|(?:llave|clave)\s+(?:for[áa]nea|externa)|chave\s+estrangeira|kunci\s+asing|外键|外鍵"
)
_PK = re.compile(
    r"(?<![\w-])(primary[\s_-]*key|pk|\(primary\)|первичный\s+ключ|первинний\s+ключ|主キー|主鍵|기본\s*키|"
    r"khóa\s+chính|kunci\s+utama|clave\s+primaria|chave\s+prim[áa]ria|primární\s+klíč|"
    # German, French, Italian, Dutch, Polish, Turkish, Spanish, Indonesian, Chinese: comments in sketches
    r"prim(?:ä|ae|a)rschl(?:ü|ue|u)ssel|cl[ée]\s+primaire|chiave\s+primaria|prim(?:ai)?re\s+sleutel|"
    r"klucz\s+(?:główny|glowny|podstawowy|prywatny)|birincil\s+anahtar|llave\s+primaria|kunci\s+primer|主键)(?![\w-])",
    _I,
)
_FK = re.compile(
    r"(?<![\w-])(foreign[\s_-]*key|fk|внешний\s+ключ|зовнішній\s+ключ|外部キー|외래\s*키|khóa\s+ngoại|"
    r"cizí\s+klíč|" + _FK_WORDS + r")(?![\w-])",
    _I,
)
_UNIQUE = re.compile(
    r"(?<![\w-])(unique|uk|uq|uniq|уникальн\w*|унікальн\w*|ユニーク|一意|고유|유니크|unik|únic[oa])(?![\w-])", _I
)
_LOOSE_UNIQUE = re.compile(
    r"(?:\b(?:a|an|the)\s+)unique\b|unique\s+(identifier|id\b|key\b|code\b|name\b|per\b|within\b)", _I
)
_NOT_NULL = re.compile(
    r"(?<![\w-])(not[\s_]+null|non[\s-]?null(?:able)?|nn|required|mandatory|обязательн\w*|обов'?язков\w*|必須|필수|"
    r"wajib|obligatori[oa]|requerido|povinn[éý])(?![\w-])",
    _I,
)
_NULLABLE = re.compile(
    r"(?<![\w-])(nullable|optional|null|опциональн\w*|необязательн\w*|необов'?язков\w*|任意|선택|opsional|opcional)(?![\w-])",
    _I,
)
_AUTO = re.compile(
    r"(?<![\w-])(auto[\s_-]?increment(?:ing|ed)?|autoincrement|serial|identity(?:\s*\(\s*\d+\s*,\s*\d+\s*\))?|"
    r"generated\s+(?:always|by\s+default)\s+as\s+identity|автоинкремент)(?![\w-])",
    _I,
)
_INDEX = re.compile(r"(?<![\w-])(indexed|index|idx|индекс\w*|індекс\w*|インデックス|인덱스|indeks)(?![\w-])", _I)
_NAME = r"[A-Za-z_][\w-]*"
_TARGET = rf"`?(?P<target>{_NAME}(?:\.{_NAME}){{0,2}}(?:\s*\(\s*{_NAME}(?:\s*,\s*{_NAME})*\s*\))?)`?"
# `FK lógica → x`, `FK (logical) -> x`: a key the application keeps, not the database; the target still follows.
_SOFT = r"(?:\s*\(?(?:logical|logique|logisch|l[oó]gic[oa]|logiczn[ya]|логическ\w*|soft|virtual)(?![\w])\)?)?"
# `apunta a `users.id``, `verweist auf `users.id``: "points to" in a description, with the target as code.
_POINTS_TO = re.compile(
    r"(?<![\w-])(?:points?\s+to|refers?\s+to|apunta\s+a|aponta\s+para|pointe\s+(?:sur|vers)|verweist\s+auf|"
    r"wskazuje\s+na|указывает\s+на|вказує\s+на|punta\s+a|verwijst\s+naar|trỏ\s+(?:đến|tới)|menunjuk\s+ke)\s+"
    r"(?:the\s+|la\s+|el\s+|le\s+|die\s+|den\s+)?`(?P<target>[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*){1,2})`"
)
# `Referencia al rol`, `Reference to the owner`: a reference in words; the column's name says to what.
_REFERENCE_TO = re.compile(
    r"(?i)(?<![\w-])(?:reference\s+to|referencia\s+al?|referência\s+(?:ao|à|a)|référence\s+(?:à|au|vers)|"
    r"verweis\s+auf|riferimento\s+(?:al|a)|verwijzing\s+naar|odwołanie\s+do|ссылка\s+на|посилання\s+на|"
    r"tham\s+chiếu\s+(?:đến|tới))(?![\w])"
)
_FK_TARGET = re.compile(
    rf"(?:(?<![\w-])(?:(?:fk|foreign[\s_-]*key|{_FK_WORDS})(?:\s+references?)?|references?|refs?|ref\s*:\s*[<>-]|"
    rf"fk\s*=|links?\s+to|points?\s+to)(?![\w]){_SOFT}"
    # `to` in the languages comments are written in: German zu/auf/nach, French vers/sur/à, Italian verso/su,
    # Dutch naar/op, Polish do/na, Spanish/Portuguese hacia/para, Indonesian ke, Russian на/к
    rf"\s*(?:(?:ke|to|на|к|a|al|de|on|zu|auf|nach|vers|sur|à|verso|su|naar|op|do|hacia|para)(?![\w])|へ|→|->|=>|:|=|\()?"
    rf"\s*{_TARGET}"
    rf"|(?:→|->|=>)\s*{_TARGET.replace('target', 'target2')})",
    _I,
)
# Chinese, Japanese and Korean write the reference around a Latin table name: `关联 users 表` ("relates to the
# users table"), `引用 users.id`, `users テーブルの id を参照`, `users 테이블의 id 참조`.
_ASCII = r"[A-Za-z_][A-Za-z0-9_-]*"  # `\w` would run on into the CJK words around the name
_CJK_NAME = rf"`?(?P<table>{_ASCII}(?:`?\.`?{_ASCII})?)`?(?![A-Za-z0-9_])"
_CJK_COL = rf"(?:\s*(?:的|の|의)\s*`?(?P<col>{_ASCII})`?)?"
_CJK_BEFORE = re.compile(
    rf"(?:关联|關聯|引用|参照|參照|外键|外鍵)\s*[:：]?\s*(?:到|至)?\s*{_CJK_NAME}\s*(?:表|テーブル)?{_CJK_COL}"
)
_CJK_AFTER = re.compile(
    rf"{_CJK_NAME}\s*(?:表|テーブル|테이블)?{_CJK_COL}\s*(?:を|へ|への|을|를|에)?\s*(?:参照|참조)(?!\w*(?:しない|안))"
)


def _cjk_reference(text: str) -> str | None:
    m = _CJK_BEFORE.search(text) or _CJK_AFTER.search(text)
    if m is None:
        return None
    table, col = m.group("table").replace("`", ""), m.group("col")
    if table.isupper() and not re.search(r"[_.]", table):
        return None  # `README を参照`, `API 참조`: a document or an acronym, not a table
    return f"{table}.{col}" if col and "." not in table else table


_ACTION = re.compile(
    r"\bon[\s_]+(delete|update)\s*[:=]?\s*(cascade|set[\s_]+null|set[\s_]+default|restrict|no[\s_]+action|protect|"
    r"do_nothing)\b",
    _I,
)
_BARE_ACTION = re.compile(r"(?<![\w-])(cascade|set[\s_]null|restrict|protect)(?![\w-])", _I)
_DEFAULT = re.compile(
    r"(?<![\w-])(?:default(?:s)?(?:\s+(?:to|is|value))?|по\s+умолчанию|за\s+замовчуванням|デフォルト|기본값|bawaan)"
    r"\s*[:=]?\s*(?P<value>'[^']*'|\"[^\"]*\"|`[^`]*`|[\w.+-]+(?:\(\s*\))?)",
    _I,
)
_ON_UPDATE_NOW = re.compile(r"on\s+update(?:\s+current_timestamp|\s+now(?:\(\))?)?\s*$|auto[\s-]?updated?\b", _I)
_MAX_LEN = re.compile(
    r"(?:max(?:imum)?(?:\s+length)?\s*[:=]?\s*|up\s+to\s+|≤\s*|<=\s*|\d+\s*[-–]\s*)(?P<n>\d{1,6})\s*"
    r"(?:chars?|characters?|символ\w*|文字|자)",
    _I,
)
_CMP = re.compile(r"(?<![\w<>=!])(?P<op>>=|<=|>|<|≥|≤)\s*(?P<n>-?\d+(?:\.\d+)?)(?![\w.])")
_BETWEEN = re.compile(r"\bbetween\s+(?P<a>-?\d+(?:\.\d+)?)\s+and\s+(?P<b>-?\d+(?:\.\d+)?)\b", _I)
_NONNEG = re.compile(r"\bnon[\s-]?negative\b", _I)
_POSITIVE = re.compile(r"(?<![\w-])positive\b", _I)
_ONE_OF = re.compile(r"(?:\bone\s+of|\benum|\bvalues?|\bmust\s+be\s+in)\s*[:=]?\s*(?P<list>.+)$", _I)
_SAFE_DEFAULT = re.compile(
    r"^(?:'[^']{0,200}'|-?\d+(?:\.\d+)?|true|false|null|now(?:\(\))?|current_timestamp(?:\(\))?|current_date|"
    r"gen_random_uuid\(\)|uuid4|uuid\(\)|[A-Za-z_][\w.]{0,60}(?:\(\))?)$",
    _I,
)


_COLUMN = "\x00"  # stands for the column's name in cached checks


def read_phrases(text: str, column: str = "", strict: bool = True) -> Facts:
    """The facts a constraint text states about `column`; `strict=False` for free description text."""
    if not text or not text.strip():
        return Facts()
    # Specs repeat the same few phrases thousands of times ("required", "optional, indexed"): read each once.
    cached = _read_cached(text, strict)
    f = cached.copy()
    f.words = list(cached.words)
    if f.check is not None:
        if column:
            f.check = f.check.replace(_COLUMN, column)
            f.words = [w.replace(_COLUMN, column) for w in f.words]
        else:
            f.check = None
            f.words = [w for w in f.words if _COLUMN not in w]
    return f


@lru_cache(maxsize=8192)
def _read_cached(text: str, strict: bool) -> Facts:
    return _read(text, _COLUMN, strict)


def _read(text: str, column: str, strict: bool) -> Facts:
    f = Facts()
    t = _clean(text)
    low = t.lower()

    def say(word: str) -> None:
        if word not in f.words:
            f.words.append(word)

    if _PK.search(t):
        f.primary_key = True
        say("primary key")
    m = _FK_TARGET.search(t)
    if m:
        target = (m.group("target") or m.group("target2") or "").strip()
        # `FK to users (optional)`: a parenthesised remark after the table, not its key columns
        paren = re.match(r"^(?P<table>[^(\s]+)\s*\(\s*(?P<inner>[^)]*)\)$", target)
        if paren and paren.group("inner").strip().lower() in _NOT_TARGETS:
            target = paren.group("table")
        if target and target.lower() not in _NOT_TARGETS:
            f.fk, f.fk_target = True, target
            say(f"references {target}")
    if not f.fk:
        points = _POINTS_TO.search(text)
        target = points.group("target") if points else _cjk_reference(t)
        if target:
            f.fk, f.fk_target = True, target
            say(f"references {target}")
    if not f.fk and (_FK.search(t) or _REFERENCE_TO.search(t)):
        f.fk = True
        say("foreign key")
    for m in _ACTION.finditer(t):
        action = _action(m.group(2))
        if m.group(1).lower() == "delete":
            f.on_delete = action
        else:
            f.on_update = action
        say(f"on {m.group(1).lower()} {action.lower()}")
    if f.fk and f.on_delete is None and strict:
        m = _BARE_ACTION.search(_ACTION.sub("", t))
        if m:
            f.on_delete = _action(m.group(1))
            say(f"on delete {f.on_delete.lower()}")
    scrub = _FK_TARGET.sub(" ", _ACTION.sub(" ", t))
    # Free text says "a unique identifier" / "унікальний ідентифікатор" of keys: only an unqualified
    # English "unique" counts there.
    loose = not strict and (_LOOSE_UNIQUE.search(scrub) or not re.search(r"(?i)\bunique\b", scrub))
    if _UNIQUE.search(scrub) and not loose:
        f.unique = True
        say("unique")
    if _NOT_NULL.search(scrub) and (strict or not re.search(r"required\s+(for|when|if|to)\b", low)):
        f.not_null = True
        say("not null")
    elif _NULLABLE.search(re.sub(r"(?i)not[\s_]+null|default\s+null", " ", scrub)) and (
        strict or re.search(r"(?i)\b(nullable|optional)\b", scrub)
    ):
        f.nullable = True
        say("nullable")
    if _AUTO.search(scrub):
        f.autoincrement = True
        say("autoincrement")
    if strict and _INDEX.search(scrub) and not re.search(r"(?i)\bindex\s+(of|in|into)\b", scrub):
        f.index = True
        say("index")
    m = _DEFAULT.search(t)
    if m:
        value = m.group("value").strip("`")
        if re.fullmatch(r"(?i)current_timestamp\s+on\s+update", value):
            value = "now"
        literal = re.fullmatch(r"(?i)'.*'|\".*\"|`.*`|-?\d+(?:\.\d+)?|true|false|null|\w+\(\)", m.group("value"))
        # In free text ("Default execution branch") only a literal is a default; a constraint cell may name one.
        if (strict or literal) and _SAFE_DEFAULT.match(value) and value.lower() not in _NOT_VALUES:
            f.default = _default(value)
            say(f"default {f.default}")
    if re.search(r"(?i)default\s+current_timestamp\s+on\s+update|on\s+update\s+current_timestamp", t):
        f.on_update_now = True
        say("on update now")
    m = _MAX_LEN.search(t)
    if m:
        f.max_length = int(m.group("n"))
        say(f"max length {f.max_length}")
    if column and strict:
        f.check = _check(t, column)
        if f.check:
            say(f"check {f.check}")
    m = _ONE_OF.search(t)
    if m and strict:
        values = _values(m.group("list"))
        if len(values) >= 2:
            f.enum_values = values
            say("one of " + ", ".join(values))
    return f


# Words after `FK` that say something else about the column (`FK nullable`, `FK, optional`), not its target.
_NOT_TARGETS = {
    "delete", "update", "null", "not", "none", "nullable", "optional", "required", "unique", "index", "indexed",
    "cascade", "pk", "nn", "to", "column", "field",
    "logical", "lógica", "lógico", "logica", "logico", "logique", "logisch", "soft", "virtual",  # `FK (logical)`
}  # fmt: skip
_NOT_VALUES = {"from", "for", "is", "of", "on", "and", "the", "a", "an", "to", "in", "by", "if", "when", "value"}


def _clean(text: str) -> str:
    t = text.replace("\\|", "|").replace("**", "").replace("__", " ")
    return " ".join(t.split())


_ACTION_WORDS: dict[str, OnAction] = {"protect": "RESTRICT", "do nothing": "NO ACTION"}  # Django's words


def _action(word: str) -> OnAction:
    """The SQL action of a word _ACTION or _BARE_ACTION matched (they match no other words)."""
    w = " ".join(word.replace("_", " ").lower().split())
    return _ACTION_WORDS.get(w) or on_action(w) or "NO ACTION"


def _default(value: str) -> str:
    low = value.lower()
    if low in ("now", "now()", "current_timestamp", "current_timestamp()"):
        return "now"
    if low in ("uuid()", "gen_random_uuid()", "uuid4"):
        return "uuid4"
    if value.startswith('"') and value.endswith('"'):
        return "'" + value[1:-1].replace("'", "''") + "'"
    return value


def _check(text: str, column: str) -> str | None:
    m = _BETWEEN.search(text)
    if m:
        return f"{column} BETWEEN {m.group('a')} AND {m.group('b')}"
    parts = []
    for m in _CMP.finditer(text):
        op = {"≥": ">=", "≤": "<="}.get(m.group("op"), m.group("op"))
        tail = text[m.end() : m.end() + 12].lower()
        if re.match(r"\s*(chars?|characters?|mb|kb|gb|bytes?|tags?|items?|символ)", tail):
            continue  # a length or a size in words, not a value bound
        parts.append(f"{column} {op} {m.group('n')}")
    if parts:
        return " AND ".join(dict.fromkeys(parts[:2]))
    if _NONNEG.search(text):
        return f"{column} >= 0"
    if _POSITIVE.search(text) and not re.search(r"(?i)positive\s+(or|and)\b", text):
        return f"{column} > 0"
    return None


def _values(text: str) -> tuple[str, ...]:
    t = text.strip().strip("{}[]()")
    parts = re.split(r"\s*(?:\||,|/|\bor\b)\s*", t)
    out = []
    for p in parts:
        v = p.strip().strip("`'\"").strip()
        if not v or len(v) > 40 or " " in v.strip():
            return ()
        out.append(v)
    return tuple(dict.fromkeys(out))
