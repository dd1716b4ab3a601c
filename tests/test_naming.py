"""Naming: one home for plurals, used for table names and back."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from specgen.vocab.naming import _ES_SINGULARS, entity_name_for, is_plural, pluralize, singularize, table_name_for

PAIRS = [
    ("user", "users"),
    ("post", "posts"),
    ("comment", "comments"),
    ("order", "orders"),
    ("day", "days"),
    ("key", "keys"),
    ("category", "categories"),
    ("company", "companies"),
    ("address", "addresses"),
    ("class", "classes"),
    ("box", "boxes"),
    ("tax", "taxes"),
    ("church", "churches"),
    ("dish", "dishes"),
    ("buzz", "buzzes"),
    ("house", "houses"),
    ("warehouse", "warehouses"),
    ("case", "cases"),
    ("course", "courses"),
    ("response", "responses"),
    ("price", "prices"),
    ("archive", "archives"),
    ("shoe", "shoes"),
    ("setting", "settings"),
    ("person", "people"),
    ("child", "children"),
    ("man", "men"),
    ("woman", "women"),
    ("status", "statuses"),
    ("analysis", "analyses"),
    ("alias", "aliases"),
    ("quiz", "quizzes"),
    ("bus", "buses"),
    ("campus", "campuses"),
    ("virus", "viruses"),
    ("bonus", "bonuses"),
    ("index", "indexes"),
    ("matrix", "matrices"),
    ("vertex", "vertices"),
    ("datum", "data"),
    ("medium", "media"),
    ("criterion", "criteria"),
    ("leaf", "leaves"),
    ("knife", "knives"),
    ("life", "lives"),
    ("wife", "wives"),
    ("half", "halves"),
    ("shelf", "shelves"),
    ("tooth", "teeth"),
    ("foot", "feet"),
    ("mouse", "mice"),
    ("goose", "geese"),
    ("ox", "oxen"),
    ("hero", "heroes"),
    ("movie", "movies"),
    ("cookie", "cookies"),
    ("cache", "caches"),
    ("crisis", "crises"),
    ("axis", "axes"),
    ("gas", "gases"),
    ("sheep", "sheep"),
    ("series", "series"),
    ("species", "species"),
    ("news", "news"),
    ("equipment", "equipment"),
    ("information", "information"),
    ("metadata", "metadata"),
]


@pytest.mark.parametrize(("single", "plural"), PAIRS)
def test_plural_and_back(single: str, plural: str) -> None:
    assert pluralize(single) == plural
    assert singularize(plural) == single
    assert singularize(pluralize(single)) == single  # the round trip
    assert pluralize(plural) == plural  # a plural is not pluralised again
    assert singularize(single) == single
    assert table_name_for(single) == plural


@pytest.mark.parametrize(
    ("word", "plural", "single"),
    [
        ("ROLES", "ROLES", "ROLE"),
        ("USER", "USERS", "USER"),
        ("Person", "People", "Person"),
        ("People", "People", "Person"),
        ("UserRole", "UserRoles", "UserRole"),
        ("UserRoles", "UserRoles", "UserRole"),
        ("SalesPerson", "SalesPeople", "SalesPerson"),
        ("user_roles", "user_roles", "user_role"),
        ("order_status", "order_statuses", "order_status"),
        ("Category", "Categories", "Category"),
    ],
)
def test_case_and_compounds(word: str, plural: str, single: str) -> None:
    assert (pluralize(word), singularize(word)) == (plural, single)


@pytest.mark.parametrize(
    ("entity", "table"),
    [
        ("User", "users"),
        ("USERS", "users"),
        ("users", "users"),
        ("Person", "people"),
        ("UserRoles", "user_roles"),
        ("UserRole", "user_roles"),
        ("Settings", "settings"),
        ("ArtifactAssociation", "artifact_associations"),
        ("OrderStatus", "order_statuses"),
        ("Address", "addresses"),
        ("Media", "media"),
        ("News", "news"),
    ],
)
def test_table_name_for(entity: str, table: str) -> None:
    assert table_name_for(entity) == table


@pytest.mark.parametrize(
    ("table", "entity"),
    [
        ("users", "User"),
        ("people", "Person"),
        ("user_roles", "UserRole"),
        ("film_actor", "FilmActor"),
        ("order_statuses", "OrderStatus"),
        ("categories", "Category"),
        ("addresses", "Address"),
        ("news", "News"),
    ],
)
def test_entity_name_for(table: str, entity: str) -> None:
    assert entity_name_for(table) == entity
    assert table_name_for(entity) == (table if is_plural(table) else pluralize(table))


def test_is_plural() -> None:
    assert all(is_plural(w) for w in ["users", "people", "settings", "news", "statuses", "UserRoles", "data"])
    assert not any(is_plural(w) for w in ["user", "person", "status", "address", "analysis", "bus", "alias"])


# words of the regular kind: ending in a consonant the rules leave alone
_REGULAR = st.from_regex(r"[bcdgklmnprt][aeiou][a-z]{0,5}[bdgklmnprt]", fullmatch=True)


@given(_REGULAR)
def test_regular_words_round_trip(word: str) -> None:
    assume(not is_plural(word) and singularize(word) == word)  # `men`, `feet` are plurals already
    assume(pluralize(word) not in _ES_SINGULARS)  # `len` + s is the word `lens`, a singular of its own
    assert singularize(pluralize(word)) == word
    assert table_name_for(word) == pluralize(word)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzAEIOUXYZ_", min_size=1, max_size=14))
def test_pluralize_is_idempotent(word: str) -> None:
    # `-us` reads as a singular (status, campus): a word in -u whose plural is -us is listed (menu, sku) or not known
    assume(not word.lower().endswith("u"))
    once = pluralize(word)
    assert pluralize(once) == once
    assert singularize(singularize(word)) == singularize(word) or word.lower().endswith("ies")


def test_role_participles_name_the_referenced_side() -> None:
    from specgen.vocab.naming import role_participle

    assert role_participle("creator") == "created"
    assert role_participle("assignee") == "assigned"
    assert role_participle("created_by") == "created"
    assert role_participle("last_modified_by") == "last_modified"
    assert role_participle("primary_reviewer") == "primary_reviewed"
    assert role_participle("session_a") is None
    assert role_participle("user") is None  # an `-er` word that is no agent is not guessed at
