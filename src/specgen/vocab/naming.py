"""Naming conventions: table names from entity names and back, Python attribute names."""

from __future__ import annotations

import keyword
import re

_CAMEL_1 = re.compile(r"(.)([A-Z][a-z]+)")
_CAMEL_2 = re.compile(r"([a-z0-9])([A-Z])")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


_SNAKE = re.compile(r"^[a-z_][a-z0-9_]*$")


def snake_case(name: str) -> str:
    if _SNAKE.match(name) and "__" not in name and not name.startswith("_") and not name.endswith("_"):
        return name
    s = _CAMEL_2.sub(r"\1_\2", _CAMEL_1.sub(r"\1_\2", name.strip()))
    s = re.sub(r"[^0-9A-Za-z_]+", "_", s)
    return re.sub(r"_+", "_", s).strip("_").lower()


def camel_case(name: str) -> str:
    parts = snake_case(name).split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def pascal_case(name: str) -> str:
    if IDENTIFIER.match(name) and "_" not in name and name[:1].isupper():
        return name
    return "".join(p[:1].upper() + p[1:] for p in snake_case(name).split("_") if p)


def pluralize(word: str) -> str:
    low = word.lower()
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def singularize(word: str) -> str:
    low = word.lower()
    if low.endswith("ies") and len(low) > 3:
        return word[:-3] + "y"
    if low.endswith(("sses", "uses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if low.endswith(("ss", "us", "is")):
        return word
    if low.endswith("s") and len(low) > 1:
        return word[:-1]
    return word


def table_name_for(entity: str) -> str:
    """`ArtifactAssociation` -> `artifact_associations`; a name already plural (`users`) is kept."""
    snake = snake_case(entity)
    head, _, last = snake.rpartition("_")
    single = singularize(last)
    plural = last if single != last and pluralize(single) == last else pluralize(last)
    return f"{head}_{plural}" if head else plural


def entity_name_for(table: str) -> str:
    """`artifact_associations` -> `ArtifactAssociation`; `film_actor` -> `FilmActor`."""
    snake = snake_case(table)
    head, _, last = snake.rpartition("_")
    single = f"{head}_{singularize(last)}" if head else singularize(last)
    return pascal_case(single) or "Entity"


def python_name(column: str, case: str = "snake_case") -> str:
    """The attribute name of a column; keywords and non-identifiers are made safe."""
    name = camel_case(column) if case == "camelCase" else snake_case(column)
    if not name or not IDENTIFIER.match(name):
        name = "f_" + (name or "column")
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED_ATTRIBUTES:
        name += "_"
    return name


# Attribute names SQLModel/SQLAlchemy declarative classes reserve for themselves.
RESERVED_ATTRIBUTES = frozenset({"metadata", "registry", "model_config", "model_fields", "query"})


def is_identifier(name: str) -> bool:
    return bool(IDENTIFIER.match(name))
