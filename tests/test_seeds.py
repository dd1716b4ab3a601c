"""The seeds as acceptance tests: the real specs this project started from, read in place from
../shared/seeds (skipped with a reason where absent), and their restatements in specs/database/."""

from __future__ import annotations

import pytest

from conftest import ROOT, seed_path
from specgen.design.build import BuildResult, build_design
from specgen.design.model import Entity
from specgen.parse import parse, parse_text
from specgen.parse.ir import SpecIR


def design_of_seed(prefix: str) -> tuple[str, BuildResult]:
    path = seed_path(prefix)
    name = f"seed{prefix}.md"
    spec = parse_text(name, path.read_text(encoding="utf-8"))
    return name, build_design(SpecIR([spec]))


def entity(result: BuildResult, table: str) -> Entity:
    e = result.design.database_schema.entity(table)
    assert e is not None, f"no table {table}"
    return e


def fk_actions(e: Entity) -> dict[str, tuple[str, str | None]]:
    return {",".join(fk.columns): (fk.ref_table, fk.on_delete) for fk in e.foreign_keys}


# -- seed 001: SQLAlchemy models beside SQL indexes ------------------------------------------------


def test_seed_001_tables_indexes_and_foreign_keys() -> None:
    _, result = design_of_seed("001")
    counts = {t: len(entity(result, t).columns) for t in ("projects", "tasks", "sessions")}
    assert counts == {"projects": 7, "tasks": 9, "sessions": 8}
    names = {i.index_name: (i.table_name, i.columns) for i in result.design.database_schema.indexes}
    assert names["ix_tasks_project_wave"] == ("tasks", ["project_id", "wave"])
    assert names["ix_sessions_project_status"] == ("sessions", ["project_id", "status"])
    assert fk_actions(entity(result, "tasks")) == {"project_id": ("projects", "CASCADE")}
    assert fk_actions(entity(result, "sessions")) == {
        "project_id": ("projects", "CASCADE"),
        "task_id": ("tasks", "SET NULL"),
    }
    assert entity(result, "tasks").column("project_id").database_type == "uuid"  # the key it references
    assert [e.name for e in result.design.database_schema.enums] == ["project_status", "task_status", "session_status"]


def test_seed_001_never_defined_entities_are_reported_with_their_lines() -> None:
    from specgen.validate import validate

    name, result = design_of_seed("001")
    assert not result.errors  # the design of what was read; validate judges the references
    warned = [(d.loc.line, d.message) for d in result.diagnostics if d.code == "SG505"]
    assert [line for line, _ in warned] == [277, 281, 284]
    assert all("no spec defines" in m for _, m in warned)
    assert "'decisions'" in warned[0][1] and "'context_snapshots'" in warned[1][1]
    findings = validate(result.design)
    assert [(f.line, f.severity) for f in findings if f.code == "SG505"] == [
        (277, "error"),
        (281, "error"),
        (284, "error"),
    ]
    unknown = [(f.line, f.message) for f in findings if f.code == "SG105"]
    assert unknown == [
        (107, "relationship Project.decisions points at unknown entity 'Decision'"),
        (181, "relationship Session.context_snapshots points at unknown entity 'ContextSnapshot'"),
    ]


# -- seed 002: the same four tables as SQL DDL and as ORM classes ----------------------------------


def test_seed_002_tables_constraints_and_indexes() -> None:
    _, result = design_of_seed("002")
    counts = {
        t: len(entity(result, t).columns) for t in ("collections", "groups", "collection_artifacts", "group_artifacts")
    }
    assert counts == {"collections": 6, "groups": 7, "collection_artifacts": 3, "group_artifacts": 4}
    groups = entity(result, "groups")
    assert [(k.type, k.columns) for k in groups.constraints if k.type == "unique"] == [
        ("unique", ["collection_id", "name"])
    ]
    checks = sorted(k.expression for k in groups.constraints if k.type == "check")
    assert checks == ["LENGTH(name) > 0 AND LENGTH(name) <= 255", "position >= 0"]
    assert len([k for k in entity(result, "collections").constraints if k.type == "check"]) == 1
    assert entity(result, "collection_artifacts").primary_key.columns == ["collection_id", "artifact_id"]
    named = sorted(i.index_name for i in result.design.database_schema.indexes)
    assert named == sorted(
        [
            "idx_collections_name",
            "idx_collections_created_by",
            "idx_collections_created_at",
            "idx_groups_collection_id",
            "idx_groups_position",
            "idx_groups_created_at",
            "idx_collection_artifacts_artifact_id",
            "idx_collection_artifacts_added_at",
            "idx_group_artifacts_artifact_id",
            "idx_group_artifacts_position",
            "idx_group_artifacts_added_at",
        ]
    )
    assert fk_actions(groups) == {"collection_id": ("collections", "CASCADE")}
    assert sorted(entity(result, "groups").forms) == ["python", "sql"]


def test_seed_002_disagreements_between_sql_and_orm_name_both_lines() -> None:
    name, result = design_of_seed("002")
    conflicts = [
        (c.entity, c.column, c.fact, [str(s) for s in c.sources]) for c in result.design.database_schema.conflicts
    ]
    # The SQL says TEXT, the ORM says String(255): a real disagreement of the seed. Nothing else differs
    # (DATETIME DEFAULT CURRENT_TIMESTAMP and default=datetime.utcnow agree; TEXT and String agree).
    assert conflicts == [
        ("Collection", "name", "type", [f"{name}:149", f"{name}:227"]),
        ("Group", "name", "type", [f"{name}:168", f"{name}:282"]),
    ]


# -- seed 000: SQLAlchemy fragments ------------------------------------------------------------------


def test_seed_000_model_classes_closures_enums_and_regex_checks() -> None:
    _, result = design_of_seed("000")
    schema = result.design.database_schema
    classes = {
        "Skill",
        "Capability",
        "SkillDependency",
        "SkillFile",
        "SkillCategory",
        "TaxonomyCategory",
        "TaxonomyClosure",
        "DependencyClosure",
        "Job",
        "HITLInteraction",
        "ConversationSession",
        "ValidationReport",
        "SkillTestCoverage",
        "UsageEvent",
        "TagStats",
    }
    found = {e.name for e in schema.entities} & classes
    with_columns = {e.name for e in schema.entities if e.columns} & classes
    assert found == classes and len(with_columns) >= 14
    closure = entity(result, "TaxonomyClosure")
    assert closure.primary_key.columns == ["ancestor_id", "descendant_id", "depth"]
    assert fk_actions(entity(result, "DependencyClosure")) == {
        "ancestor_id": ("skills", None),
        "descendant_id": ("skills", None),
    }
    assert entity(result, "DependencyClosure").column("dependency_types").sql_type == "text[]"
    assert entity(result, "ConversationSession").column("messages").sql_type == "jsonb"
    assert {e.name: len(e.values) for e in schema.enums} == {
        "skill_type_enum": 8,  # class SkillTypeEnum: the type is named in snake_case
        "skill_status_enum": 4,
        "skill_weight_enum": 3,
        "load_priority_enum": 4,
    }
    skills = entity(result, "skills")
    regex = {k.name: k.expression for k in skills.constraints if k.type == "check"}
    assert sorted(regex) == ["name_kebab_case", "skill_path_format", "version_format"]
    assert all(" ~ '" in x for x in regex.values())
    assert [k.name for k in entity(result, "TaxonomyCategory").constraints] == ["category_no_loop"]
    assert entity(result, "TaxonomyCategory").relationships[0].remote_side == ["category_id"]


# -- seed 003: prose only -----------------------------------------------------------------------------


def test_seed_003_says_no_entities_and_how_to_write_one() -> None:
    name, result = design_of_seed("003")
    assert result.design.database_schema.entities == []
    (note,) = [d for d in result.diagnostics if "no entity definitions" in d.message]
    assert note.loc.line == 1 and "## Entity:" in (note.hint or "")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_reader_raises_on_a_seed(prefix: str) -> None:
    path = seed_path(prefix)
    spec = parse_text(path.name, path.read_text(encoding="utf-8"))
    assert all(d.loc is not None and d.loc.line >= 1 for d in spec.diagnostics)
    assert [d.format() for d in spec.diagnostics if d.severity == "error"] == []


# -- the restatements in specs/database -----------------------------------------------------------------


def test_demo_specs_hold_the_seed_expectations_without_errors_or_conflicts() -> None:
    result = build_design(parse([ROOT / "specs"]))
    assert result.errors == []
    schema = result.design.database_schema
    assert schema.conflicts == []
    counts = {
        t: len(entity(result, t).columns)
        for t in ("projects", "tasks", "sessions", "collections", "groups", "collection_artifacts", "group_artifacts")
    }
    assert counts == {
        "projects": 7,
        "tasks": 9,
        "sessions": 8,
        "collections": 6,
        "groups": 7,
        "collection_artifacts": 3,
        "group_artifacts": 4,
    }
    for t in ("collections", "groups", "collection_artifacts", "group_artifacts"):
        assert sorted(entity(result, t).forms) == ["native", "python", "sql"]
    skills = entity(result, "skills")
    [parent] = [fk for fk in skills.foreign_keys if fk.columns == ["parent_version_id"]]
    assert (parent.ref_table, parent.ref_columns, parent.on_delete) == ("skills", ["skill_id"], "SET NULL")
    rel = {r.name: r for r in skills.relationships}
    assert rel["parent_version"].remote_side == ["skill_id"] and rel["child_versions"].type == "one_to_many"
    seed000 = {
        "Skill",
        "Capability",
        "SkillDependency",
        "SkillFile",
        "SkillCategory",
        "TaxonomyCategory",
        "TaxonomyClosure",
        "DependencyClosure",
        "Job",
        "HITLInteraction",
        "ConversationSession",
        "ValidationReport",
        "SkillTestCoverage",
        "UsageEvent",
        "TagStats",
    }
    assert seed000 <= {e.name for e in schema.entities}
    assert {"ContextSnapshot", "Decision"} <= {e.name for e in schema.entities}
    indexes = {i.index_name: (i.table_name, i.columns) for i in schema.indexes}
    assert indexes["ix_tasks_project_wave"] == ("tasks", ["project_id", "wave"])
    assert fk_actions(entity(result, "sessions")) == {
        "project_id": ("projects", "CASCADE"),
        "task_id": ("tasks", "SET NULL"),
    }
    # seed 002: the unique pair, the checks, the named indexes (one of each, though three forms state them)
    groups = entity(result, "groups")
    assert [(k.name, k.columns) for k in groups.constraints if k.type == "unique"] == [
        ("uq_group_name_per_collection", ["collection_id", "name"])
    ]
    assert (groups.column("name").check_expression, groups.column("position").check_expression) == (
        "length(name) > 0",
        "position >= 0",
    )
    assert sorted(n for n, (t, _) in indexes.items() if t in ("collections", "groups", "group_artifacts")) == [
        "ix_collections_created_at",
        "ix_collections_created_by",
        "ix_collections_name",
        "ix_group_artifacts_artifact_id",
        "ix_group_artifacts_group_position",
        "ix_groups_collection_position",
        "ix_groups_created_at",
    ]
    # seed 000: the closure tables, the enums, the PostgreSQL regex checks
    assert entity(result, "taxonomy_closure").primary_key.columns == ["ancestor_id", "descendant_id", "depth"]
    assert entity(result, "dependency_closure").primary_key.columns == ["ancestor_id", "descendant_id"]
    assert {"skill_type_enum", "skill_status_enum", "skill_weight_enum", "load_priority_enum"} <= {
        e.name for e in schema.enums
    }
    assert skills.column("type").enum == "skill_type_enum"
    assert sorted(k.name for k in skills.constraints if k.type == "check" and " ~ '" in (k.expression or "")) == [
        "name_kebab_case",
        "skill_path_format",
        "version_format",
    ]
