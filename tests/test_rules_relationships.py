"""SG116: the key that carries each relationship is judged by validate, and the SQLModel target only asserts it.

Both ways: a finding for each relationship no one key carries (all of them, not the first), and a clean
design whose models import and configure; `render` given the same design refuses with the same problems,
never a problem validate did not report first.
"""

from __future__ import annotations

import pytest
from design_edit import edit
from test_render_sqlmodel import check_models, rendered
from validate_helpers import design_from, entity, findings, run

from specgen.errors import SpecErrors
from specgen.render.sqlmodel import build_context

ID = "id | integer | no | | pk"


def _two_keys(options: str = "") -> str:
    """Post has two keys to users; `author` names none of them unless `options` does."""
    return entity(
        "User", "users", ID, extra="### Relationships\n- posts: one-to-many Post (back_populates author)\n"
    ) + (
        entity(
            "Post",
            "posts",
            ID,
            "author_id | integer | no | | fk users.id on delete cascade, index",
            "editor_id | integer | yes | | fk users.id on delete set null, index",
            extra=f"### Relationships\n- author: many-to-one User (back_populates posts{options})\n",
        )
    )


def test_sg116_several_keys_each_relationship_reported(tmp_path):
    found = run(tmp_path, _two_keys(), "SG116")
    assert sorted(f.message for f in found) == [
        "relationship 'author': several foreign keys link 'posts' and 'users'",
        "relationship 'posts': several foreign keys link 'users' and 'posts'",
    ]
    assert all(f.severity == "error" and f.line for f in found)


def test_sg116_render_refuses_with_what_validate_reported(tmp_path):
    """The renderer is not the first to refuse: its problems are exactly validate's SG116 findings."""
    design = design_from(tmp_path, _two_keys())
    messages = sorted(f.message for f in findings(design, "SG116"))
    with pytest.raises(SpecErrors) as err:
        build_context(design)
    assert sorted(d.message for d in err.value.diagnostics) == messages


def _named() -> str:
    """Both sides name their key."""
    return _two_keys(", foreign_keys author_id").replace(
        "one-to-many Post (back_populates author)", "one-to-many Post (back_populates author, foreign_keys author_id)"
    )


def test_sg116_named_key_passes_and_the_models_work(tmp_path):
    spec = _named()
    assert run(tmp_path, spec, "SG116") == []
    path = tmp_path / "spec.md"
    path.write_text(spec, encoding="utf-8")
    _, models, design_yaml = rendered(path, tmp_path / "out")
    report = check_models(models, design_yaml, "sqlite://")
    assert report["differences"] == []


def test_sg116_no_key_links_the_tables(tmp_path):
    spec = entity("User", "users", ID) + entity(
        "Note", "notes", ID, "user_ref | integer | no | |", extra="### Relationships\n- user: many-to-one User\n"
    )
    [f] = run(tmp_path, spec, "SG116")
    assert "no foreign key links 'notes' and 'users'" in f.message


def test_sg116_link_table_with_two_keys_to_one_side(tmp_path):
    spec = entity(
        "Person", "people", ID, extra="### Relationships\n- friends: many-to-many Person through friendships\n"
    ) + entity(
        "Friendship",
        "friendships",
        "a_id | integer | no | | pk, fk people.id on delete cascade",
        "b_id | integer | no | | pk, fk people.id on delete cascade, index",
    )
    design = design_from(tmp_path, spec)
    at = next(n for n, r in enumerate(design.database_schema.entities[0].relationships) if r.name == "friends")
    design = edit(design, f"database_schema.entities.0.relationships.{at}", join_table_columns=[])  # hand-written
    [f] = findings(design, "SG116")
    assert "name the join columns" in f.message
    with pytest.raises(SpecErrors):
        build_context(design)


def test_sg116_entity_spelled_otherwise(tmp_path):
    design = design_from(tmp_path, _two_keys(", foreign_keys author_id"))
    post = next(n for n, e in enumerate(design.database_schema.entities) if e.name == "Post")
    # SG105 finds it case-insensitively; the models would not
    design = edit(design, f"database_schema.entities.{post}.relationships.0", related_entity="user")
    found = findings(design, "SG116")
    assert [f.message for f in found if "spelled" in f.message] == [
        "relationship 'author' names 'user'; the entity is spelled 'User'"
    ]
    assert findings(design, "SG105") == []


def test_render_given_an_unvalidated_design_refuses_with_located_errors_not_an_assertion(tmp_path):
    """build_context on a design that skipped validation: an unknown entity or join table is a located
    error of the precondition check (never the renderer's AssertionError)."""
    design = design_from(tmp_path, _named())
    post = next(n for n, e in enumerate(design.database_schema.entities) if e.name == "Post")
    design = edit(design, f"database_schema.entities.{post}.relationships.0", related_entity="Nobody")
    with pytest.raises(SpecErrors) as err:
        build_context(design)
    [d] = err.value.diagnostics
    assert "unknown entity 'Nobody'" in d.message and d.loc is not None and d.loc.line
    assert [f.code for f in findings(design, "SG105")] == ["SG105"]
    assert findings(design, "SG116") == []  # said once, by SG105
