"""TypeORM and MikroORM column types and naming defaults -> the type vocabulary and the database's names.

Types: a stated column type (`@Column('decimal', …)`, `{ type: 'varchar', length: 255 }`, MikroORM's
`columnType`/`type`) is read with its length, precision and scale; without one, the property's TypeScript type
decides, as TypeORM's PostgreSQL driver does (`normalizeType`: Number -> integer, String -> character varying,
Date -> timestamp, Boolean -> boolean) and MikroORM's (string -> varchar(255), Date -> timestamptz).

Names, as each ORM's default naming strategy makes them (TypeORM's DefaultNamingStrategy, MikroORM's
UnderscoreNamingStrategy): tables, relation join columns and many-to-many join tables.
"""

from __future__ import annotations

import re

from specgen.parse.drizzle_syntax import Node, Obj

# TypeORM's and MikroORM's own type names, where the vocabulary spells them differently.
_NAMES: dict[str, str] = {
    "simple-array": "text",
    "simple-json": "text",
    "string": "varchar",
    "number": "integer",
    "int": "integer",
    "double": "double",
    "datetime": "timestamp",
    "timestamp with time zone": "timestamptz",
    "timestamp without time zone": "timestamp",
    "tinytext": "text",
    "mediumtext": "text",
    "longtext": "text",
    "blob": "bytea",
    "longblob": "bytea",
    "buffer": "bytea",
    "blobtype": "bytea",
    "arraybuffer": "bytea",
    "jsontype": "json",
    "texttype": "text",
    "uuidtype": "uuid",
    "datetype": "date",
    "timetype": "time",
    "bigint": "bigint",
    "biginttype": "bigint",
    "integertype": "integer",
    "smallinttype": "smallint",
    "booleantype": "boolean",
    "decimaltype": "numeric",
    "doubletype": "double",
    "floattype": "real",
    "stringtype": "varchar",
    "datetimetype": "timestamptz",
    "intervaltype": "interval",
}
_SIZED = {"varchar", "character varying", "char", "character", "nvarchar", "nchar", "varbinary", "binary", "bit"}
_PRECISE = {"decimal", "numeric", "dec", "fixed"}
_TIMES = {"timestamp", "timestamptz", "time", "timetz", "datetime"}


def stated_type(name: str, length: object, precision: object, scale: object) -> str:
    """The vocabulary spelling of a stated column type with its options (validated by the caller)."""
    base = name.strip().lower()
    if "(" in base:
        return base  # MikroORM's columnType: 'varchar(100)', written as SQL
    base = _NAMES.get(base, base)
    if base in _SIZED and _int(length) is not None:
        return f"{base}({_int(length)})"
    if base in _PRECISE and _int(precision) is not None:
        p, s = _int(precision), _int(scale)
        return f"{base}({p},{s})" if s is not None else f"{base}({p})"
    if base in _TIMES and _int(precision) is not None:
        return f"{base}({_int(precision)})"
    return base


def ts_type(name: str, mikro: bool) -> str | None:
    """The column type a TypeScript property type gives (None: not a column type)."""
    simple = {
        "string": "varchar(255)" if mikro else "varchar",
        "number": "integer",
        "boolean": "boolean",
        "Date": "timestamptz" if mikro else "timestamp",
        "bigint": "bigint",
        "Buffer": "bytea",
    }
    return simple.get(name)


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


# --- naming ------------------------------------------------------------------------------------------------------


def typeorm_snake(name: str) -> str:
    """TypeORM's snakeCase (util/StringUtils): `UserProfile` -> `user_profile`, `HTMLPage` -> `html_page`."""
    name = re.sub(r"([A-Z])([A-Z])([a-z])", r"\1_\2\3", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def typeorm_camel(name: str) -> str:
    """TypeORM's camelCase (util/StringUtils): `tenant_id` -> `tenantId`, `users_id` -> `usersId`."""
    name = re.sub(r"^([A-Z])", lambda m: m.group(1).lower(), name)
    return re.sub(r"[\s\-_](\w)", lambda m: m.group(1).upper(), name)


def mikro_underscore(name: str) -> str:
    """MikroORM's UnderscoreNamingStrategy.underscore: `bookTag` -> `book_tag`."""
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def table_name(class_name: str, mikro: bool) -> str:
    return mikro_underscore(class_name) if mikro else typeorm_snake(class_name)


def column_name(prop: str, mikro: bool) -> str:
    return mikro_underscore(prop) if mikro else prop


def join_column_name(prop: str, ref_prop: str, mikro: bool) -> str:
    """A relation's column: TypeORM `joinColumnName(relation, referenced)` = camelCase(`author_id`) = `authorId`;
    MikroORM `joinColumnName(prop)` = `author_id`."""
    return f"{mikro_underscore(prop)}_{ref_prop}" if mikro else typeorm_camel(f"{prop}_{ref_prop}")


def join_table_name(owner_table: str, prop: str, target_table: str, mikro: bool) -> str:
    """TypeORM: snakeCase(`users_roles_role`); MikroORM: `<owner table>_<property>`."""
    if mikro:
        return f"{owner_table}_{mikro_underscore(prop)}"
    return typeorm_snake(f"{owner_table}_{prop.replace('.', '_')}_{target_table}")


def join_key_name(table: str, class_name: str, key: str, mikro: bool) -> str:
    """A join table's column: TypeORM `joinTableColumnName(table, …, column)` = camelCase(`users_id`);
    MikroORM `joinKeyColumnName(Class)` = `user_id`."""
    return f"{mikro_underscore(class_name)}_{key}" if mikro else typeorm_camel(f"{table}_{key}")


RELATIONS = {"ManyToOne", "OneToOne", "OneToMany", "ManyToMany"}
_NULLISH = {"null", "undefined"}
_WRAPPERS = re.compile(r"^(?:Opt|Ref|Rel|Relation|Reference|IdentifiedReference|Hidden|Collection|Array)<(.*)>$")


def options(node: Node | None) -> dict[str, Node]:
    """The entries of an options object literal, by key."""
    if not isinstance(node, Obj):
        return {}
    return {k: v for k, v in node.entries if k is not None}


def ts_annotation(words: tuple[str, ...]) -> tuple[str | None, bool, bool]:
    """A property's TypeScript type -> (its base type, it admits null, it is a list): `string | null` ->
    ('string', True, False); `Tag[]` -> ('Tag', False, True); `Opt<Date>` -> ('Date', False, False)."""
    text = "".join(words)
    parts = _top_level_union(text)
    nullable = any(p in _NULLISH for p in parts)
    rest = [p for p in parts if p not in _NULLISH]
    if len(rest) != 1:
        return None, nullable, False
    base = rest[0]
    is_list = False
    while True:
        m = _WRAPPERS.match(base)
        if m is None:
            break
        is_list = is_list or base.startswith(("Collection<", "Array<"))
        base = m.group(1)
    if base.endswith("[]"):
        base, is_list = base[:-2], True
    return (base or None), nullable, is_list


def _top_level_union(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "<([{":
            depth += 1
        elif ch in ">)]}":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p]
