"""Naming conventions: table names from entity names and back, Python attribute names."""

from __future__ import annotations

import keyword
import re
from functools import lru_cache

from specgen.vocab.reserved import RESERVED_ATTRIBUTES

_CAMEL_1 = re.compile(r"(.)([A-Z][a-z]+)")
_CAMEL_2 = re.compile(r"([a-z0-9])([A-Z])")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


_SNAKE = re.compile(r"^[a-z_][a-z0-9_]*$")


@lru_cache(maxsize=1 << 16)  # pure, and asked again for every column, key and relationship
def snake_case(name: str) -> str:
    if _SNAKE.match(name) and "__" not in name and not name.startswith("_") and not name.endswith("_"):
        return name
    s = _CAMEL_2.sub(r"\1_\2", _CAMEL_1.sub(r"\1_\2", name.strip()))
    s = re.sub(r"[^0-9A-Za-z_]+", "_", s)
    return re.sub(r"_+", "_", s).strip("_").lower()


@lru_cache(maxsize=1 << 16)
def camel_case(name: str) -> str:
    parts = snake_case(name).split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


@lru_cache(maxsize=1 << 16)
def pascal_case(name: str) -> str:
    if IDENTIFIER.match(name) and "_" not in name and name[:1].isupper():
        return name
    return "".join(p[:1].upper() + p[1:] for p in snake_case(name).split("_") if p)


# Plurals no rule gives. Singular -> plural, lower case; the reverse map is derived.
_IRREGULAR: dict[str, str] = {
    "person": "people", "child": "children", "man": "men", "woman": "women", "tooth": "teeth", "foot": "feet",
    "mouse": "mice", "goose": "geese", "ox": "oxen", "datum": "data", "medium": "media", "criterion": "criteria",
    "phenomenon": "phenomena", "quiz": "quizzes", "matrix": "matrices", "vertex": "vertices", "axis": "axes",
    "leaf": "leaves", "knife": "knives", "life": "lives", "wife": "wives", "half": "halves", "shelf": "shelves",
    "wolf": "wolves", "calf": "calves", "self": "selves", "thief": "thieves", "loaf": "loaves", "elf": "elves",
    "hero": "heroes", "potato": "potatoes", "tomato": "tomatoes", "echo": "echoes", "veto": "vetoes",
    "cactus": "cacti", "fungus": "fungi", "alumnus": "alumni", "stimulus": "stimuli",
}  # fmt: skip
# Singulars ending in s whose plural adds -es (the rules would read them as plurals already).
_ES_SINGULARS = (
    "status bus campus virus bonus census focus syllabus corpus nexus radius surplus octopus circus chorus genus "
    "apparatus prospectus stylus thesaurus alias bias canvas atlas gas lens iris plus minus onus lotus walrus "
    "analysis basis crisis diagnosis thesis hypothesis synopsis parenthesis emphasis synthesis prognosis ellipsis "
    "oasis"
).split()
# Singulars whose plural the rules give but whose singular they would not find again.
_RULE_SINGULARS = (
    "movie cookie pie tie lie zombie calorie rookie selfie hoodie goalie brownie smoothie prairie genie "
    "cache niche headache ache avalanche cliche moustache mustache menu guru emu tutu haiku sku cpu gpu tofu"
).split()
_UNCOUNTABLE = frozenset(
    (
        "sheep series species news equipment information fish deer moose aircraft software hardware firmware "
        "middleware feedback metadata staff personnel furniture luggage baggage rice music advice traffic evidence "
        "knowledge research homework progress audio chassis"
    ).split()
)
for _w in _ES_SINGULARS:
    _IRREGULAR[_w] = _w[:-2] + "es" if _w.endswith("sis") else _w + "es"
for _w in _RULE_SINGULARS:
    _IRREGULAR[_w] = _w + "s"
_SINGULAR_OF = {plural: single for single, plural in _IRREGULAR.items()} | {"indices": "index"}


def _plural(low: str) -> str:
    if low in _UNCOUNTABLE or low in _SINGULAR_OF:
        return low
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return low[:-1] + "ies"
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return low + "es"
    return low + "s"


def _singular(low: str) -> str:
    if low in _UNCOUNTABLE or low in _IRREGULAR:
        return low
    if low in _SINGULAR_OF:
        return _SINGULAR_OF[low]
    if low.endswith("ies") and len(low) > 3:
        return low[:-3] + "y"
    if low.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return low[:-2]
    if low.endswith(("ss", "us", "sis")):  # class, status, analysis; but taxis, apis are plurals
        return low
    if low.endswith("s") and len(low) > 1:
        return low[:-1]
    return low


@lru_cache(maxsize=1 << 16)
def is_plural(word: str) -> bool:
    """`users`, `people`, `settings`, `news` are plural (or uncountable); `status`, `user`, `address` are not."""
    low = _split_last(word)[1].lower()
    if low in _UNCOUNTABLE or low in _SINGULAR_OF:
        return True
    if low in _IRREGULAR:
        return False
    # `aies` may be `aie` + s as well as `aiy` -> `aies`: any singular whose plural is the word makes it one.
    candidates = {_singular(low), low[:-1] if low.endswith("s") else low, low[:-2] if low.endswith("es") else low}
    return any(c != low and _plural(c) == low for c in candidates)


@lru_cache(maxsize=1 << 16)
def pluralize(word: str) -> str:
    """`user` -> `users`, `Person` -> `People`, `UserRole` -> `UserRoles`, `category` -> `categories`. A plural
    stays as it is (`users`, `ROLES`, `settings`), and the case of what is kept follows the word's."""
    head, last = _split_last(word)
    if not last or is_plural(last):
        return word
    return head + _match_case(last, _plural(last.lower()))


@lru_cache(maxsize=1 << 16)
def singularize(word: str) -> str:
    """`users` -> `user`, `People` -> `Person`, `statuses` -> `status`; a singular stays as it is."""
    head, last = _split_last(word)
    if not last:
        return word
    return head + _match_case(last, _singular(last.lower()))


_LAST_WORD = re.compile(r"(?:(?<=[a-z0-9])(?=[A-Z])|[_\s-])(?=[A-Za-z0-9]*$)")


def _split_last(word: str) -> tuple[str, str]:
    """`user_roles` -> (`user_`, `roles`), `SalesPerson` -> (`Sales`, `Person`): only the last word is inflected."""
    cuts = [m.end() for m in _LAST_WORD.finditer(word)]
    if not cuts:
        return "", word
    cut = cuts[-1]
    return word[:cut], word[cut:]


def _match_case(original: str, low: str) -> str:
    """`low` spelt in the case of `original`: ROLE -> ROLES, Person -> People, user -> users."""
    if original.isupper() and len(original) > 1:
        return low.upper()
    common = 0
    for a, b in zip(original.lower(), low, strict=False):
        if a != b:
            break
        common += 1
    if common == 0 and original[:1].isupper():
        return low[:1].upper() + low[1:]
    return original[:common] + low[common:]


# The role a foreign key names (`creator_id`) read from the referenced side: a user's `created_tasks`.
_ROLE_PARTICIPLE: dict[str, str] = {
    "creator": "created", "author": "authored", "owner": "owned", "assignee": "assigned", "reviewer": "reviewed",
    "approver": "approved", "editor": "edited", "manager": "managed", "updater": "updated", "modifier": "modified",
    "reporter": "reported", "requester": "requested", "requestor": "requested", "sender": "sent",
    "recipient": "received", "receiver": "received", "buyer": "bought", "seller": "sold", "payer": "paid",
    "mentor": "mentored", "supervisor": "supervised", "publisher": "published", "uploader": "uploaded",
    "submitter": "submitted", "verifier": "verified", "inviter": "sent", "invitee": "received",
    "host": "hosted", "organizer": "organized", "organiser": "organised", "translator": "translated",
}  # fmt: skip


def role_participle(role: str) -> str | None:
    """`creator` -> `created`, `created_by` -> `created`, `last_modified_by` -> `last_modified`: how the
    referenced row stands to the referencing ones; None for a role that is no known agent (`session_a`)."""
    low = snake_case(role)
    if low.endswith("_by") and len(low) > 3:
        return low[:-3]
    head, _, last = low.rpartition("_")
    participle = _ROLE_PARTICIPLE.get(last)
    if participle is None:
        return None
    return f"{head}_{participle}" if head else participle


@lru_cache(maxsize=1 << 16)
def table_name_for(entity: str) -> str:
    """`ArtifactAssociation` -> `artifact_associations`, `Person` -> `people`, `USERS` -> `users`."""
    return pluralize(snake_case(entity))


@lru_cache(maxsize=1 << 16)
def entity_name_for(table: str) -> str:
    """`artifact_associations` -> `ArtifactAssociation`; `film_actor` -> `FilmActor`; `people` -> `Person`."""
    return pascal_case(singularize(snake_case(table))) or "Entity"


@lru_cache(maxsize=1 << 16)
def python_name(column: str, case: str = "snake_case") -> str:
    """The attribute name of a column; keywords and non-identifiers are made safe."""
    name = camel_case(column) if case == "camelCase" else snake_case(column)
    if not name or not IDENTIFIER.match(name):
        name = "f_" + (name or "column")
    return attribute_safe(name)


def attribute_safe(name: str) -> str:
    """A name moved aside where Python or the ORM claims it: `class` -> `class_`, the soft keyword `case` ->
    `case_`, `metadata` -> `metadata_` (columns' python names and relationship names alike)."""
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED_ATTRIBUTES:
        return name + "_"
    return name


def is_identifier(name: str) -> bool:
    return bool(IDENTIFIER.match(name))
