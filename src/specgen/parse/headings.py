"""Headings of conventional Markdown: the entity name and stated table name a heading gives.

`### 4.2 Funnel Definitions Table (`funnel_definitions`)` -> (FunnelDefinitions, funnel_definitions).
Numbering, labels (`Entity:`, `Table`, `Таблица`, …), a trailing entity/table/model, backticks, bold
and emoji are cleaned; a parenthesised word that is a label or a translation is not a table name.
"""

from __future__ import annotations

import re
import unicodedata

from specgen.vocab.naming import pascal_case

_KEBAB = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_CODE = re.compile(r"`([^`]+)`")
_EMOJI = re.compile(r"^[^\w`*(\[]+", re.U)
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[IVX]+\.)\s+")
_LABEL_WORDS = (
    r"entity|entidad|entidade|table|tabel|tabela|tabella|tabelle|tableau|tablo|tabla|tabulka|model|aggregate|aggregate root|модель|сущность|сутність|"
    r"таблица|таблиця|bảng|thực thể|テーブル|エンティティ|モデル|테이블|엔티티|모델|collection|sheet|object|class|"
    r"resource|record|domain entity|core entity|database table|db table|type"
)
_LABEL_PREFIX = re.compile(rf"^(?:{_LABEL_WORDS})(?:\s+\d+)?\s*[:：\-–—]\s*", re.I)
_LABEL_WORD_PREFIX = re.compile(r"^(?:table|tabel|tabla|tabulka|таблица|таблиця|bảng|テーブル|테이블)\s+(?=`)", re.I)
_LABEL_SUFFIX = re.compile(
    r"\s+(?:entity|table|model|aggregate|fields|schema|record|collection|(?:\(root\))|テーブル|테이블|таблица)\s*$",
    re.I,
)
_PAREN = re.compile(r"\s*[(（]([^()（）]*)[)）]\s*$")


# A CommonMark backslash escape (`shopping\\_lists`) outside a code span: the character it escapes.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(text: str) -> str:
    if "\\" not in text:
        return text
    parts = re.split(r"(`[^`]*`)", text)
    return "".join(p if p.startswith("`") else _ESCAPE.sub(r"\1", p) for p in parts)


def clean_heading(text: str) -> str:
    t = unicodedata.normalize("NFKC", unescape(text)).replace("**", "").replace("__", "").strip()
    t = _EMOJI.sub("", t).strip()
    t = _NUMBERING.sub("", t).strip()
    return t.rstrip(":").strip()


def strip_label(title: str) -> str:
    """`Entity: X`, `Table `x``, `X Entity` -> X."""
    t = _LABEL_PREFIX.sub("", title).strip()
    t = _LABEL_WORD_PREFIX.sub("", t).strip()
    return _LABEL_SUFFIX.sub("", t).strip()


def entity_names(text: str) -> tuple[str | None, str | None]:
    """(entity name, stated table name) from a heading; (None, None) when it names nothing usable."""
    if names_file(text):
        return None, None
    t = strip_label(clean_heading(text))
    gloss = _GLOSSED.match(t) or _glossed_identifier(text, t)
    if gloss:
        t = gloss.group("name")  # `pup - 幼犬表`: the name, and its translation
    table: str | None = None
    m = _PAREN.search(t)
    if m:
        inner = m.group(1).strip()
        inner_code = _CODE.findall(inner)
        labelled = re.match(r"(?i)^(?:table|tabel|sheet|таблица|таблиця)\s*[:：]?\s*", inner)
        inner_plain = inner[labelled.end() :].strip("` ") if labelled else inner.strip("` ")
        t = _LABEL_SUFFIX.sub("", t[: m.start()].strip()).strip()
        # `User (`users`)`, `User (users)`, `(Sheet: Products)` state a table; `(Entity)`, `(Aggregate Root)`,
        # `(Міста)` are labels or translations.
        candidate = inner_code[0] if inner_code else inner_plain
        stated = bool(inner_code) or bool(labelled) or bool(re.fullmatch(r"[a-z_][a-z0-9_.-]*", candidate))
        if stated and _KEBAB.match(candidate.replace(".", "_")):
            table = candidate
    codes = _CODE.findall(t)
    if codes:
        # `users` table / Table `users` / `document_group`: the code span is the table (or entity) name.
        rest = _CODE.sub(" ", t).strip(" -–—:&,")
        if len(codes) == 1:
            ident = codes[0].strip()
            if not rest or re.fullmatch(rf"(?i)(?:{_LABEL_WORDS})", rest):
                return _split_name(ident, table)
            if table is None and _KEBAB.match(ident.replace(".", "_")):
                return _split_name(ident, None) if not rest else (_entity_from_words(rest) or _ident(ident), ident)
        else:
            return None, None  # `a` & `b`: a heading over several tables
    if "&" in t or re.search(r"\band\b|\bи\b", t) and table is None:
        return None, None
    if _KEBAB.match(t.replace(".", "_")) and t:
        return _split_name(t, table)
    name = _entity_from_words(t)
    if name is None and table:
        return _split_name(table, None)
    return name, table


# A heading about a file (`File: `sales.csv``, `` `exports/orders.json` ``) describes a file's layout, not a table.
_FILE_LABEL = re.compile(
    r"(?i)^(?:file|data file|csv file|json file|datei|fichier|archivo|arquivo|bestand|plik|dosya|файл|soubor|"
    r"文件|檔案|ファイル|파일|tệp|berkas|fail)\s*[:：]"
)
_FILE_NAME = re.compile(
    r"(?i)(?:^|[\s`(])(?:[\w.-]+/)*[\w-]+\.(?:csv|tsv|json|jsonl|ndjson|ya?ml|xml|xlsx?|ods|parquet|avro|orc|"
    r"feather|txt|ini|toml|env|pdf|html?|md|sqlite3?|db)(?=$|[\s`),:])"
)


# `users - 用户表`, `orders — Заказы`: an identifier, a dash and a translation in a script without Latin letters.
_GLOSSED = re.compile(r"^(?P<name>`?[A-Za-z_][\w.-]*`?)\s+[-–—:]\s+(?P<gloss>[^A-Za-z]+)$")


# `refresh_tokens - Token làm mới`, `**Users** – les comptes`: an identifier, a dash or colon and a description.
_GLOSSED_ANY = re.compile(r"^(?P<name>`?[A-Za-z_][\w.-]*`?)(?:\s+[-–—]|\s*[:：])\s*(?P<gloss>\S.*)$")


def _glossed_identifier(raw: str, title: str) -> re.Match[str] | None:
    """An identifier glossed in any language names the table when it is written as one: lower case or
    snake_case, or marked as code or bold in the heading (a capitalised plain word may open a sentence)."""
    m = _GLOSSED_ANY.match(title)
    if m is None:
        return None
    name = m.group("name").strip("`")
    marked = f"`{name}`" in raw or f"**{name}**" in raw or f"__{name}__" in raw
    return m if marked or re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", name) else None


def names_file(text: str) -> bool:
    """Whether a heading names a file (a label such as `File:`, or a name with a data-file extension)."""
    t = clean_heading(text)
    return bool(_FILE_LABEL.match(t) or _FILE_NAME.search(t))


def _split_name(ident: str, table: str | None) -> tuple[str | None, str | None]:
    ident = ident.strip()
    if not _KEBAB.match(ident.replace(".", "_")):
        return None, None
    if ident.replace("-", "_").islower() or "." in ident or ident.isupper():
        # A lower-case name is how a table is written: keep it as the table, derive the entity.
        tab = ident.replace("-", "_")
        return table and _ident(ident) or pascal_case(tab.rsplit(".", 1)[-1]), table or tab
    return ident.replace("-", "_"), table


def _ident(text: str) -> str:
    return pascal_case(text.replace("-", "_").replace(".", "_"))


def _entity_from_words(text: str) -> str | None:
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", text)
    if not words or len(words) > 5 or re.search(r"[^\x00-\x7f]", text) and len(words) < 1:
        return None
    if len(" ".join(words)) < len(re.sub(r"[^\w]", "", text)) * 0.6:
        return None  # mostly non-Latin words: no identifier can be derived
    if len(words) == 1 and (words[0][:1].isupper() or words[0].islower()):
        return words[0]
    return "".join(w[:1].upper() + w[1:] for w in words)


# `` `reviews_a` / `reviews_b` ``, `` `a`, `b` and `c` ``: code spans joined by separators and nothing else.
_JOINERS = re.compile(
    r"(?i)^(?:[/,&、・+]|and|or|und|oder|et|ou|y|o|e|en|i|и|или|та|і|和|与|及|または|と|및|와|과|và)$"
)


def several_tables(text: str) -> list[str]:
    """The table names of a heading over several tables that share one column table, or []."""
    t = strip_label(clean_heading(text))
    codes = _CODE.findall(t)
    if len(codes) < 2 or not all(_KEBAB.match(c.strip()) for c in codes):
        return []
    rest = _CODE.sub(" ", t).replace(",", " , ").replace("/", " / ").split()
    if not rest or any(not (_JOINERS.match(w) or re.fullmatch(rf"(?i)(?:{_LABEL_WORDS})s?", w)) for w in rest):
        return []
    return [c.strip() for c in codes]
