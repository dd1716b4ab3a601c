"""Column types as people write them in Markdown docs, mapped onto specgen's vocabulary.

`read_type("String (UUID)")`, `read_type("uuid? -> users", entities)`, `read_type("'a' | 'b'")`,
`read_type("NVARCHAR(MAX)")`: whatever the dialect or language, the answer is a `WrittenType` whose
`sql` is text that `specgen.vocab.types.parse_type` accepts, or None (a reference, or nothing known).

The work is in two steps: the shape of a text (cached by the text alone), then the names it may
carry (`User`, `-> users`) looked up in the caller's entities and enums. Texts over 200 characters
are not read (unmapped); nothing here backtracks: the scanners walk the text once per step.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from specgen.vocab.naming import singularize, snake_case
from specgen.vocab.types import UnknownType, parse_type, small_int
from specgen.vocab.written_words import (
    ARRAY_WRAPPERS,
    AUTO_WORDS,
    MANY_WRAPPERS,
    MAP_WRAPPERS,
    NULLABLE_WORDS,
    NULLABLE_WRAPPERS,
    PK_WORDS,
    PLAIN_WRAPPERS,
    RELATION_WRAPPERS,
    REQUIRED_WORDS,
    UNIQUE_WORDS,
    WORDS,
    Word,
)

MAX_LENGTH = 200  # longer texts are prose, not types


@dataclass(frozen=True)
class WrittenType:
    """A type as written, and what it means in specgen's vocabulary."""

    written: str  # the text as given
    sql: str | None  # vocabulary text parse_type accepts; None for a reference or when unmapped
    nullable: bool | None = None  # `X?`, `X | null`, `Optional[X]` -> True; `X!`, `non-null` -> False
    reference: str | None = None  # the entity (as given in `entities`) the type names; the column is then an FK
    array: bool = False
    enum_values: tuple[str, ...] = ()
    unmapped: bool = False  # nothing known: the column is kept as text, with a warning
    hint: str | None = None  # closest known type, for the warning
    # What else the text says, for readers that want it:
    is_enum: bool = False  # an enum form (`enum`, `enum(a, b)`, `'a' | 'b'`); values where written
    foreign_key: bool = False  # FK / ForeignKey / `-> table` / REFERENCES, whether or not the target is known
    target: str | None = None  # the FK target as written (`users.id`, `users`)
    primary_key: bool = False
    unique: bool = False
    autoincrement: bool = False  # serial, IDENTITY(1,1), AUTO_INCREMENT


def read_type(text: str, entities: Collection[str] = (), enums: Collection[str] = ()) -> WrittenType:
    """Map a written type onto specgen's vocabulary. Never raises.

    `entities` and `enums` are the names a type may refer to (case-blind, singular or plural). Pass the same
    collection object from call to call: its lookup index is kept while neither its identity nor its size change.
    """
    shape = _CACHE.get(text)
    if shape is None:
        if len(_CACHE) > 50_000:  # bounded: hostile inputs must not grow memory without end
            _CACHE.clear()
        shape = _CACHE[text] = _shape(text)
    if shape.name is None or not (entities or enums):
        return shape.result
    return _resolve(shape, _index(entities, 0), _index(enums, 1))


# ---------------------------------------------------------------------------------------------------------------
# Names: entities and enums a type may refer to


@dataclass(frozen=True)
class _Shape:
    result: WrittenType
    name: str | None  # a name that may be an entity or an enum
    known: bool  # the name is also a known type word: it refers to an entity only when spelled exactly like it


_CACHE: dict[str, _Shape] = {}
_INDEXES: list[tuple[object, int, dict[str, str]]] = [((), 0, {}), ((), 0, {})]


def _key(name: str) -> str:
    return snake_case(name.rsplit(".", 1)[-1])


def _index(names: Collection[str], slot: int) -> dict[str, str]:
    obj, size, index = _INDEXES[slot]
    if obj is names and size == len(names):
        return index
    index = {}
    for n in names:
        k = _key(n)
        index.setdefault(k, n)
        index.setdefault(singularize(k), n)
    _INDEXES[slot] = (names, len(names), index)
    return index


def _lookup(name: str, index: dict[str, str], exact: bool) -> str | None:
    if not index:
        return None
    k = _key(name)
    if exact:
        hit = index.get(k)
        return hit if hit is not None and _key(hit) == k else None
    hit = index.get(k) or index.get(singularize(k))
    if hit is None and k.endswith("_id") and len(k) > 3:  # `DocumentId` names the Document entity's key
        hit = index.get(k[:-3]) or index.get(singularize(k[:-3]))
    return hit


def _resolve(shape: _Shape, entities: dict[str, str], enums: dict[str, str]) -> WrittenType:
    r = shape.result
    assert shape.name is not None
    entity = _lookup(shape.name, entities, exact=shape.known)
    if entity is not None:
        return replace(r, reference=entity, sql=None, unmapped=False, hint=None, foreign_key=True, is_enum=False)
    if r.target is None:
        enum = _lookup(shape.name, enums, exact=shape.known)
        if enum is not None:
            sql = enum + ("[]" if r.array else "")
            return replace(r, sql=sql, unmapped=False, hint=None, is_enum=True)
    return r


# ---------------------------------------------------------------------------------------------------------------
# Shapes


@dataclass
class _State:
    sql: str | None = None
    nullable: bool | None = None
    array: bool = False
    enum_values: tuple[str, ...] = ()
    is_enum: bool = False
    unmapped: bool = False
    hint: str | None = None
    fk: bool = False
    target: str | None = None
    pk: bool = False
    unique: bool = False
    auto: bool = False
    name: str | None = None
    known: bool = False
    refine: str | None = None
    length: int | None = None
    notes: list[str] = field(default_factory=list)


_ONE_OF = re.compile(r"\bone of\b")
_OPEN = {"(": ")", "[": "]", "<": ">", "{": "}"}
_NULLISH = frozenset({"null", "undefined", "none", "nil", "void", "nothing"})
_QUOTES = "'\"“”‘’"


def _shape(text: str) -> _Shape:
    st = _State()
    if len(text) > MAX_LENGTH:
        st.unmapped = True
    else:
        _read(_clean(text), st, 0)
    return _finish(text, st)


def _clean(s: str) -> str:
    s = s.replace("\\|", "|").replace("`", "").replace("**", "").replace("→", "->").replace("\u00a0", " ")
    s = " ".join(s.split())
    return s.strip(" ,;:.")


def _split_top(s: str, sep: str) -> list[str]:
    """Split at `sep` outside brackets and quotes (one pass)."""
    parts, depth, angle, quote, start = [], 0, 0, "", 0
    for i, ch in enumerate(s):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == "<" and i > 0 and (s[i - 1].isalnum() or s[i - 1] == "_"):
            angle += 1
        elif ch == ">" and angle and s[i - 1] != "-":
            angle -= 1
        elif ch == sep and depth == 0 and angle == 0:
            parts.append(s[start:i])
            start = i + 1
    parts.append(s[start:])
    return [p.strip() for p in parts]


def _tokens(s: str) -> list[str]:
    """Whitespace-separated tokens outside brackets; a bracket group after a space is its own token."""
    out: list[str] = []
    for part in _split_top(s, " "):
        if part:
            out.append(part)
    return out


def _read(s: str, st: _State, depth: int) -> None:
    """Read `s` into `st`: enum phrases, comma-separated modifiers, unions, then a type phrase with modifiers."""
    if not s or depth > 12:
        st.unmapped = True
        return
    low = s.lower()
    one_of = _ONE_OF.search(low)
    if one_of:
        _enum_values(s[one_of.end() :].strip(" :()"), st)
        return
    for prefix in ("enum:", "enum -", "enum of", "enum with values", "values:"):
        if low.startswith(prefix):
            _enum_values(s[len(prefix) :].strip(" :()"), st)
            return
    parts = _split_top(s, ",")
    if len(parts) > 1:
        if all(_is_literal(p) for p in parts):
            _enum_values(s, st)
            return
        for p in parts[1:]:
            _modifiers(_tokens(p), st, depth)
        s = parts[0]
        if not s:
            st.unmapped = True
            return
    alts = [a for a in _split_top(s, "|")]
    if len(alts) > 1:
        _union(alts, st, depth)
        return
    at = s.find(" @")
    if at > 0:  # Prisma attributes: `String @db.VarChar(100) @unique`
        s = _prisma(s[:at], s[at + 1 :].split(), st)
    tokens = _tokens(s)
    i = _type_end(tokens)
    _modifiers(tokens[i:], st, depth)
    _core(" ".join(tokens[:i]), st, depth)


def _is_literal(s: str) -> bool:
    s = s.strip()
    return len(s) >= 2 and s[0] in _QUOTES and s[-1] in _QUOTES


def _enum_values(s: str, st: _State) -> None:
    st.is_enum = True
    raw = re.split(r",|\||\bor\b|/", s) if len(s) <= MAX_LENGTH else []
    values = []
    for v in raw:
        v = v.strip().strip(_QUOTES).strip()
        # a value that cannot be spelled inside enum(...) is dropped rather than break the vocabulary
        if v and not any(c in v for c in ",()[]'\"") and v not in values:
            values.append(v)
    st.enum_values = tuple(values)


def _union(alts: list[str], st: _State, depth: int) -> None:
    rest = [a for a in alts if a.strip().lower() not in _NULLISH]
    if len(rest) < len(alts):
        st.nullable = True
    if rest and all(_is_literal(a) or _is_number(a) for a in rest):
        _enum_values("|".join(rest), st)
    elif len(rest) == 1:
        _read(rest[0], st, depth + 1)
    else:
        sqls = set()
        for a in rest:
            sub = _State()
            _read(a, sub, depth + 1)
            sqls.add(None if sub.unmapped else _finish("", sub).result.sql)
        if len(sqls) == 1 and None not in sqls:
            st.sql = sqls.pop()
        else:
            st.unmapped, st.hint = True, "json"


def _is_number(s: str) -> bool:
    return s.strip().lstrip("-").replace(".", "", 1).isdigit()


def _prisma(head: str, attrs: list[str], st: _State) -> str:
    for a in attrs:
        low = a.lower()
        if low.startswith("@db."):
            head = a[4:] if "(" in a or low[4:] in WORDS else head
        elif low == "@id":
            st.pk = True
        elif low == "@unique":
            st.unique = True
        elif low.startswith("@default(autoincrement"):
            st.auto = True
        elif low.startswith("@relation"):
            st.fk = True
    return head


_STOP = frozenset(
    {
        "not", "null", "nullable", "optional", "required", "non-null", "primary", "pk", "fk", "foreign", "unique",
        "references", "ref", "ref:", "default", "check", "constraint", "collate", "generated", "identity",
        "auto_increment", "autoincrement", "auto-increment", "comment", "unsigned", "signed", "zerofill", "->",
        "=>", ">", "array", "uk", "index", "indexed", "mandatory", "on", "serial", "@id",
    }
)  # fmt: skip


def _type_end(tokens: list[str]) -> int:
    """How many leading tokens make the type phrase: it ends at the first modifier or qualifier."""
    for i, t in enumerate(tokens):
        low = t.lower()
        if i == 0:
            if low in ("->", "=>", "references", "ref", "ref:", "fk"):
                return 0
            continue
        if low in _STOP or low.startswith("identity(") or low.startswith("default"):
            return i
        if t.startswith("(") and not _args_like(t[1:-1] if t.endswith(")") else t[1:]):
            return i
    return len(tokens)


def _args_like(inner: str) -> bool:
    """`10, 2`, `255`, `MAX`, `'a','b'`: arguments of the type before, not a qualifier in words."""
    parts = [p.strip() for p in inner.split(",")]
    return all(p.isdigit() or p.lower() == "max" or _is_literal(p) for p in parts) and any(parts)


def _modifiers(tokens: list[str], st: _State, depth: int) -> None:
    """Constraint words after a type: NOT NULL, PK, FK -> users.id, REFERENCES t(c), (optional), IDENTITY(1,1)…"""
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        low = t.lower().strip(",;")
        nxt = tokens[i + 1].lower() if i + 1 < n else ""
        if t.startswith("(") and t.endswith(")"):
            _qualifier(t[1:-1].strip(), st, depth + 1)
        elif low == "not" and nxt == "null":
            st.nullable = False
            i += 1
        elif low in REQUIRED_WORDS:
            st.nullable = False
        elif low in NULLABLE_WORDS:
            st.nullable = True
        elif low == "primary" or low in PK_WORDS:
            st.pk = True
            i += 1 if nxt == "key" else 0
        elif low in UNIQUE_WORDS:
            st.unique = True
        elif low in AUTO_WORDS or low.startswith("identity("):
            st.auto = True
        elif low in ("fk", "foreign", "foreignkey"):
            st.fk = True
            i += 1 if nxt == "key" else 0
        elif low in ("->", "=>", ">", "references", "ref", "ref:", "to") and i + 1 < n:
            if low != "to" or st.fk:
                st.fk, st.target = True, tokens[i + 1].strip(",;:.")
                i += 1
        elif low.startswith("->") and len(low) > 2:
            st.fk, st.target = True, t[2:].strip(",;:.")
        elif low == "array":
            st.array = True
        elif low in ("default", "check", "comment", "collate", "constraint"):
            i += 1  # the value or name that follows is not ours
        elif low.startswith("max") or low in ("length", "maxlength"):
            _length(" ".join(tokens[i : i + 3]), st)
        i += 1


_LEN_WORDS = ("max", "char", "length", "long", "limit", "up to", "≤", "<=", "characters", "chars", "symbols")
_SCAN_WORDS = (
    "uuid", "guid", "ulid", "integer", "int", "bigint", "jsonb", "json", "timestamptz", "timestamp", "datetime",
    "date", "time", "boolean", "bool", "decimal", "float", "double", "email", "url", "uri", "text", "varchar",
)  # fmt: skip


def _length(s: str, st: _State) -> None:
    m = re.search(r"\d{1,9}", s)
    if m and int(m.group()) > 0:
        st.length = int(m.group())


def _qualifier(q: str, st: _State, depth: int) -> None:
    """`(UUID)`, `(FK -> users.id)`, `(max 255)`, `(optional)`, `(Unix timestamp)`: refines what stands before it."""
    low = q.lower()
    if not low or depth > 12:
        return
    words = re.findall(r"[a-z0-9_\-]+|->", low)
    if "fk" in words or "->" in words or "references" in words or "foreign" in words:
        _modifiers(_tokens(q), st, depth)
        return
    if "one" in words and "of" in words:
        _read(q, st, depth)
        return
    flags = [w for w in (p.strip() for p in low.split(",")) if w]
    if all(f in NULLABLE_WORDS | REQUIRED_WORDS | PK_WORDS | UNIQUE_WORDS | AUTO_WORDS | {"enum"} for f in flags):
        _modifiers(flags, st, depth)
        return
    if any(w in low for w in _LEN_WORDS) and re.search(r"\d", low):
        _length(low, st)
        return
    if "unix" in words or "epoch" in words or "milliseconds" in words:
        st.refine = "bigint"
        return
    sub = _State()
    _read(q, sub, depth)
    if not sub.unmapped and sub.sql and not sub.is_enum:
        st.refine = _finish("", sub).result.sql
        return
    for w in words:
        if w in _SCAN_WORDS:
            st.refine = WORDS[w].sql if WORDS[w].kind in ("fixed", "time") else WORDS[w].base or WORDS[w].sql
            return


_UNDERSCORE = re.compile(r"([a-z][a-z0-9]*?)_(\d{1,9})(?:_(\d{1,9}))?")


def _core(s: str, st: _State, depth: int) -> None:
    """The type phrase itself: `varchar(255)`, `List<String>`, `Optional[int]`, `User[]`, `decimal_10_2`."""
    s = s.strip(" ,;:")
    if not s:
        st.unmapped = True
        return
    if s.endswith("?"):
        st.nullable = True
        s = s[:-1].rstrip()
    elif s.endswith("!"):
        st.nullable = False
        s = s[:-1].rstrip()
    if s.startswith("*"):  # Go pointer: may be nil
        st.nullable = True
        s = s[1:]
    low = " ".join(s.lower().split())
    if low in WORDS:
        _apply(WORDS[low], low, "", st)
        st.name, st.known = s, True
        return
    if low in ("enum", "enumeration", "enumerated", "choice", "choices"):
        st.is_enum = True  # values are given elsewhere (a list under the field, a Choices class)
        return
    if low.startswith("[") and low.endswith("]") and low[1:-1].strip() in WORDS:  # SQL Server quoting: [INT]
        _core(s[1:-1], st, depth + 1)
        return
    if low.endswith("]") and (low.endswith("[]") or re.fullmatch(r".*\[\s*\d*\s*\]", low[-12:])):
        st.array = True
        _core(s[: s.rindex("[")], st, depth + 1)
        return
    if low.startswith("[]"):
        st.array = True
        _core(s[2:], st, depth + 1)
        return
    if s.startswith("(") and s.endswith(")") and _balanced(s[1:-1]):  # a group: ('a' | 'b')[]
        _read(s[1:-1].strip(), st, depth + 1)
        return
    opener = next((i for i, ch in enumerate(s) if ch in "(<["), -1)
    if opener > 0 and s[-1] == _OPEN[s[opener]] and _balanced(s[opener + 1 : -1]):
        _call(s[:opener].strip(), s[opener], s[opener + 1 : -1].strip(), st, depth)
        return
    m = _UNDERSCORE.fullmatch(low)
    if m and m.group(1) in WORDS:  # Mermaid cannot write parentheses: varchar_100, decimal_10_2
        args = m.group(2) + (f",{m.group(3)}" if m.group(3) else "")
        _apply(WORDS[m.group(1)], m.group(1), args, st)
        return
    low = re.sub(r"\(\d{1,2}\)(?= with)", "", low)  # timestamp(6) with time zone
    if low in WORDS:
        _apply(WORDS[low], low, "", st)
        return
    last = low.rsplit(".", 1)[-1]
    if last.startswith("null") and last[4:] in WORDS:  # Go sql.NullString, Django NullBooleanField
        st.nullable = True
        _apply(WORDS[last[4:]], last[4:], "", st)
        return
    word = _word(low)
    if word is not None:
        _apply(WORDS[word], word, "", st)
        st.name, st.known = s, True
        return
    st.unmapped = True
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", s):
        st.name = s
    st.hint = _closest(low)


def _balanced(inner: str) -> bool:
    depth = 0
    for ch in inner:
        if ch in "([<":
            depth += 1
        elif ch in ")]>":
            depth -= 1
            if depth < 0:
                return False
    return True


def _word(low: str) -> str | None:
    """A known word under another spelling: `sa.String`, `sql.NullString`, `positive integer`, `short text`."""
    if "." in low:
        last = low.rsplit(".", 1)[1]
        if last in WORDS:
            return last
    if "_" in low and low.replace("_", " ") in WORDS:  # BIG_INTEGER, double_precision
        return low.replace("_", " ")
    if " " in low:
        words = low.split()
        for w in (words[-1], words[0]):
            if w in WORDS and w not in ("array", "list", "map", "object", "record", "any", "single", "fixed"):
                return w
    return None


def _call(name: str, opener: str, inner: str, st: _State, depth: int) -> None:
    """`name(args)`, `Name<T>`, `name[T]`: a type with arguments, or a wrapper around a type."""
    low = " ".join(name.lower().split())
    bare = low.rsplit(".", 1)[-1]
    if low in ("enum", "set") or bare == "literal":
        _enum_values(inner, st)
        return
    if bare in NULLABLE_WRAPPERS:
        st.nullable = True
        _read(inner, st, depth + 1)
    elif bare in PLAIN_WRAPPERS:
        _read(_split_top(inner, ",")[0], st, depth + 1)
    elif bare in ARRAY_WRAPPERS:
        st.array = True
        _read(_split_top(inner, ",")[0], st, depth + 1)
    elif bare in MAP_WRAPPERS:
        st.sql = "json"
    elif bare in RELATION_WRAPPERS or bare in MANY_WRAPPERS:
        first = _split_top(inner, ",")[0].strip(_QUOTES + " ")
        st.fk, st.array = True, bare in MANY_WRAPPERS
        if first and "=" not in first:
            st.target = first
        st.unmapped = not st.target
    elif low in WORDS or bare in WORDS:
        key = low if low in WORDS else bare
        _apply(WORDS[key], key, inner if opener == "(" else "", st)
        if opener == "<" and key in ("datetime", "timestamp"):
            st.sql = "timestamptz"  # DateTime<Utc>
    else:
        _core(name, st, depth + 1)  # `Foo(…)` of an unknown Foo: what we can tell from the name


def _apply(word: Word, name: str, args: str, st: _State) -> None:
    pos, kw = [], {}
    for a in _split_top(args, ",") if args else []:
        if "=" in a:
            k, _, v = a.partition("=")
            kw[k.strip().lower()] = v.strip().strip(_QUOTES)
        elif a:
            pos.append(a.strip(_QUOTES + " "))
    st.sql = word.sql
    st.auto = st.auto or word.serial
    if word.kind == "len":
        n = kw.get("max_length") or kw.get("length") or (pos[0] if pos else None)
        if n is not None and n.lower() in ("max", "-1"):
            st.sql = "text"
        elif (size := small_int(n)) is not None and 0 < size < 10**9:
            st.sql = f"{word.base}({size})"
    elif word.kind == "num":
        p = kw.get("max_digits") or kw.get("precision") or (pos[0] if pos else None)
        s = kw.get("decimal_places") or kw.get("scale") or (pos[1] if len(pos) > 1 else None)
        if (precision := small_int(p, 6)) is not None:
            scale = small_int(s, 6)
            st.sql = f"numeric({precision},{scale})" if scale is not None else f"numeric({precision})"
            if name == "number" and s in (None, "0") and precision == 1:
                st.sql = "boolean"  # Oracle NUMBER(1): a flag
    elif word.kind == "time":
        if kw.get("timezone", "").lower() == "true" and st.sql == "timestamp":
            st.sql = "timestamptz"
    elif name == "tinyint" and pos == ["1"]:
        st.sql = "boolean"  # MySQL's boolean
    elif name == "bit" and pos and pos != ["1"]:
        st.sql = "bytea"


_KNOWN = sorted(WORDS)
_HINTABLE = re.compile(r"[a-z][a-z0-9_ ]{1,23}")


def _closest(low: str) -> str | None:
    if not _HINTABLE.fullmatch(low):  # a hint is for a misspelt word, not for a sentence or punctuation
        return None
    match = difflib.get_close_matches(low, _KNOWN, n=1, cutoff=0.75)
    return WORDS[match[0]].sql if match else None


_SERIALS = {"integer": "serial", "bigint": "bigserial", "smallint": "smallserial"}


def _finish(text: str, st: _State) -> _Shape:
    sql = st.sql
    if st.refine and not st.is_enum:
        sql, st.unmapped = st.refine, False
    if st.length and sql is not None and (sql in ("varchar", "text") or sql.startswith("varchar(")):
        sql = f"varchar({st.length})"
    if st.auto and sql in _SERIALS:
        sql = _SERIALS[sql]
    if st.is_enum:
        sql = "enum(" + ", ".join(st.enum_values) + ")" if st.enum_values else (sql or "text")
        st.unmapped = False
    if st.unmapped or (st.fk and st.sql is None and not st.refine):
        sql = None
    if sql is not None and st.array and not sql.endswith("[]"):
        sql += "[]"
    if sql is not None:
        try:
            parse_type(sql)
        except UnknownType:  # defensive: a spelling the vocabulary refuses is reported, never passed on
            sql, st.unmapped = None, True
    name = st.target.split(".")[0].split("(")[0].strip() if st.target else st.name
    result = WrittenType(
        written=text,
        sql=sql,
        nullable=st.nullable,
        array=st.array,
        enum_values=st.enum_values,
        unmapped=st.unmapped,
        hint=st.hint if st.unmapped else None,
        is_enum=st.is_enum,
        foreign_key=st.fk,
        target=st.target,
        primary_key=st.pk,
        unique=st.unique,
        autoincrement=st.auto or (sql or "").endswith("serial"),
    )
    return _Shape(result, name or None, st.known and not st.target)
