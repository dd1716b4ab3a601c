"""Finding the entity a written name means: its table or entity name, as written, in any case,
schema-qualified or not, singular or plural (`users`, `User`, `USERS`, `public.users`)."""

from __future__ import annotations

from typing import TypeVar

from specgen.vocab.naming import pluralize, singularize

T = TypeVar("T")


def name_forms(name: str) -> list[str]:
    """The spellings under which `name` may be known, most exact first."""
    n = name.strip().strip('`"')
    low = n.lower()
    bare = low.rpartition(".")[2]
    snake = bare.replace("-", "_")
    out = [n, low, bare, snake, singularize(snake), pluralize(snake), snake.replace("_", "")]
    return list(dict.fromkeys(x for x in out if x))


def resolve(by_key: dict[str, T], name: str) -> T | None:
    """The value `by_key` holds for `name` under any of its spellings, or None."""
    if not name:
        return None
    exact = by_key.get(name.strip().strip('`"'))  # the first of name_forms: most names are found as written
    if exact is not None:
        return exact
    for form in name_forms(name):
        hit = by_key.get(form)
        if hit is not None:
            return hit
    return None
