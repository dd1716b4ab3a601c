"""What validate says about the seeds (../shared/seeds), each finding one a reviewer agrees with."""

from __future__ import annotations

from conftest import seed_path
from specgen.config import Settings
from specgen.pipeline import design_specs
from specgen.validate import validate


def _findings(prefix: str) -> set[tuple[str, str]]:
    result = design_specs([seed_path(prefix)], Settings())
    return {(f.code, f.message) for f in validate(result.design)}


def _codes(prefix: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for code, _ in _findings(prefix):
        out[code] = out.get(code, 0) + 1
    return out


def test_seed_000_redundant_indexes_and_missing_on_delete():
    found = _findings("000")
    messages = {m for _, m in found}
    # (skill_path) is a prefix of (skill_path, version); (user_id) of (user_id, created_at);
    # (ancestor_id) leads the closure table's primary key; (path) is already unique.
    assert (
        "index idx_skills_path (skill_path) is covered by index idx_skills_version_lookup (skill_path, version)"
        in messages
    )
    assert "index idx_jobs_user (user_id) is covered by index idx_jobs_polling (user_id, created_at)" in messages
    assert "index idx_taxonomy_closure_ancestor (ancestor_id) is covered by the primary key" in messages
    codes = _codes("000")
    assert codes["SG302"] >= 10  # none of the snippets' ForeignKey(...) states ondelete
    assert codes.get("SG701", 0) == 3  # the three regular-expression checks


def test_seed_001_orm_nulls_not_null_foreign_keys():
    found = _findings("001")
    assert (
        "SG307",
        "Project.tasks does not cascade deletes, so the ORM sets tasks.project_id to NULL before "
        "deleting a Project, which is NOT NULL",
    ) in found
    assert ("SG501", "foreign key sessions(task_id) has no index") in found


def test_seed_002_sql_and_orm_disagree_and_an_index_is_redundant():
    codes = _codes("002")
    messages = {m for _, m in _findings("002")}
    assert codes.get("SG001") == 2  # collections.name and groups.name: TEXT in SQL, String(255) in the ORM
    assert any(m.startswith("index idx_groups_collection_id (collection_id) is covered by") for m in messages)
