"""initial schema (spec version 1.0)

Revision ID: 8a9665ed370c
Revises:

Written by specgen from design 8e2e261860a2; the design it leads to is stored beside this file
(8a9665ed370c_*.design.json). Do not edit: change the specs and run `specgen render --target alembic`.

Steps:
- create enum project_status
- create enum task_status
- create enum session_status
- create enum SkillTypeEnum
- create enum SkillStatusEnum
- create enum SkillWeightEnum
- create enum LoadPriorityEnum
- create table artifacts
- create table artifact_associations
- create table collections
- create table groups
- create table collection_artifacts
- create table group_artifacts
- create table projects
- create table tasks
- create table sessions
- create table context_snapshots
- create table decisions
- create table conflicts
- create table skills
- create table capabilities
- create table skill_files
- create table skill_dependencies
- create table dependency_closure
- create table taxonomy_categories
- create table skill_categories
- create table taxonomy_closure
- create table jobs
- create table hitl_interactions
- create table conversation_sessions
- create table validation_reports
- create table skill_test_coverage
- create table usage_events
- create table tag_stats
- create index ix_artifact_associations_child_id on artifact_associations
- create index ix_collections_name on collections
- create index ix_collections_created_by on collections
- create index ix_collections_created_at on collections
- create index ix_groups_collection_position on groups
- create index ix_groups_created_at on groups
- create index ix_collection_artifacts_artifact_id on collection_artifacts
- create index ix_group_artifacts_artifact_id on group_artifacts
- create index ix_group_artifacts_group_position on group_artifacts
- create index ix_tasks_project_wave on tasks
- create index ix_sessions_task_id on sessions
- create index ix_sessions_project_status on sessions
- create index ix_context_snapshots_session_id on context_snapshots
- create index ix_conflicts_project_id on conflicts
- create index ix_conflicts_session_a_id on conflicts
- create index ix_conflicts_session_b_id on conflicts
- create index ix_skills_parent_version_id on skills
- create index idx_skills_status_type on skills
- create index idx_skills_version_lookup on skills
- create index ix_capabilities_skill_id on capabilities
- create index ix_skill_files_skill_id on skill_files
- create index idx_dependencies_dependency on skill_dependencies
- create index idx_dependency_closure_descendant on dependency_closure
- create index ix_taxonomy_categories_parent_id on taxonomy_categories
- create index idx_skill_categories_category on skill_categories
- create index idx_taxonomy_closure_descendant on taxonomy_closure
- create index ix_jobs_status on jobs
- create index idx_jobs_polling on jobs
- create index ix_hitl_interactions_job_id on hitl_interactions
- create index ix_validation_reports_skill_id on validation_reports
- create index ix_validation_reports_job_id on validation_reports
- create index ix_skill_test_coverage_skill_id on skill_test_coverage
- create index ix_usage_events_skill_id on usage_events
- create index idx_usage_events_occurred_at on usage_events
- create index ix_sessions_started_at on sessions
- create index ix_decisions_project_category on decisions
- create index ix_context_snapshots_created_at on context_snapshots
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "8a9665ed370c"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE TYPE project_status AS ENUM ('pending', 'running', 'completed', 'failed')")
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE TYPE task_status AS ENUM ('pending', 'running', 'completed', 'failed')")
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE TYPE session_status AS ENUM ('starting', 'running', 'completed', 'failed')")
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE TYPE \"SkillTypeEnum\" AS ENUM ('cognitive', 'technical', 'domain', 'tool', 'mcp', 'specialization', 'task_focus', 'memory')",
        )
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE TYPE \"SkillStatusEnum\" AS ENUM ('draft', 'active', 'deprecated', 'archived')")
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE TYPE \"SkillWeightEnum\" AS ENUM ('lightweight', 'medium', 'heavyweight')")
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE TYPE \"LoadPriorityEnum\" AS ENUM ('always', 'task_specific', 'on_demand', 'dormant')")
    op.create_table(
        "artifacts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("type", sa.String(32), nullable=False, server_default=sa.text("'skill'")),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("length(name) > 0", name="ck_artifacts_name"),
    )
    op.create_table(
        "artifact_associations",
        sa.Column("parent_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("relationship_type", sa.String(32), nullable=False, server_default=sa.text("'contains'")),
        sa.Column("pinned_version_hash", sa.String(64), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.PrimaryKeyConstraint("parent_id", "child_id"),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["artifacts.id"],
            name="fk_artifact_associations_parent_id_artifacts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["artifacts.id"],
            name="fk_artifact_associations_child_id_artifacts",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(
            "relationship_type in ('contains', 'requires', 'extends', 'depends_on')",
            name="ck_artifact_associations_relationship_type",
        ),
    )
    op.create_table(
        "collections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(255), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("length(name) > 0", name="ck_collections_name"),
    )
    op.create_table(
        "groups",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("collection_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["collections.id"],
            name="fk_groups_collection_id_collections",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint("length(name) > 0", name="ck_groups_name"),
        sa.CheckConstraint("position >= 0", name="ck_groups_position"),
        sa.UniqueConstraint("collection_id", "name", name="uq_group_name_per_collection"),
    )
    op.create_table(
        "collection_artifacts",
        sa.Column("collection_id", sa.Uuid(), nullable=False),
        sa.Column("artifact_id", sa.Uuid(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("collection_id", "artifact_id"),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["collections.id"],
            name="fk_collection_artifacts_collection_id_collections",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["artifact_id"],
            ["artifacts.id"],
            name="fk_collection_artifacts_artifact_id_artifacts",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "group_artifacts",
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("artifact_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("group_id", "artifact_id"),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name="fk_group_artifacts_group_id_groups",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["artifact_id"],
            ["artifacts.id"],
            name="fk_group_artifacts_artifact_id_artifacts",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint("position >= 0", name="ck_group_artifacts_position"),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("specification", sa.Text(), nullable=False),
        sa.Column(
            "status",
            postgresql.ENUM("pending", "running", "completed", "failed", name="project_status", create_type=False),
            nullable=False,
        ),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "tasks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("wave", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            postgresql.ENUM("pending", "running", "completed", "failed", name="task_status", create_type=False),
            nullable=False,
        ),
        sa.Column("dependencies", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_tasks_project_id_projects",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=True),
        sa.Column(
            "status",
            postgresql.ENUM("starting", "running", "completed", "failed", name="session_status", create_type=False),
            nullable=False,
        ),
        sa.Column(
            "started_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_sessions_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name="fk_sessions_task_id_tasks", ondelete="SET NULL"),
    )
    op.create_table(
        "context_snapshots",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("context_type", sa.String(64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name="fk_context_snapshots_session_id_sessions",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_decisions_project_id_projects",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "conflicts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("file_path", sa.Text(), nullable=False),
        sa.Column("session_a_id", sa.Uuid(), nullable=True),
        sa.Column("session_b_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_conflicts_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_a_id"],
            ["sessions.id"],
            name="fk_conflicts_session_a_id_sessions",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_b_id"],
            ["sessions.id"],
            name="fk_conflicts_session_b_id_sessions",
            ondelete="SET NULL",
        ),
    )
    op.create_table(
        "skills",
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("skill_path", sa.String(255), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column(
            "type",
            postgresql.ENUM(
                "cognitive",
                "technical",
                "domain",
                "tool",
                "mcp",
                "specialization",
                "task_focus",
                "memory",
                name="SkillTypeEnum",
                create_type=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            postgresql.ENUM("draft", "active", "deprecated", "archived", name="SkillStatusEnum", create_type=False),
            nullable=False,
        ),
        sa.Column(
            "weight",
            postgresql.ENUM("lightweight", "medium", "heavyweight", name="SkillWeightEnum", create_type=False),
            nullable=False,
        ),
        sa.Column(
            "load_priority",
            postgresql.ENUM(
                "always",
                "task_specific",
                "on_demand",
                "dormant",
                name="LoadPriorityEnum",
                create_type=False,
            ),
            nullable=False,
        ),
        sa.Column("parent_version_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.PrimaryKeyConstraint("skill_id"),
        sa.ForeignKeyConstraint(
            ["parent_version_id"],
            ["skills.skill_id"],
            name="fk_skills_parent_version_id_skills",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("skill_path", name="uq_skills_skill_path"),
        sa.CheckConstraint(
            "skill_path ~ '^[a-z0-9_-]+(?:/[a-z0-9_-]+)*$'",
            name="skill_path_format",
        ).ddl_if(dialect="postgresql"),
        sa.CheckConstraint("name ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", name="name_kebab_case").ddl_if(dialect="postgresql"),
        sa.CheckConstraint(
            "version ~ '^[0-9]+[.][0-9]+[.][0-9]+$'",
            name="version_format",
        ).ddl_if(dialect="postgresql"),
    )
    op.create_table(
        "capabilities",
        sa.Column("capability_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("test_criteria", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("capability_id"),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.skill_id"],
            name="fk_capabilities_skill_id_skills",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "skill_files",
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("file_type", sa.String(32), nullable=False),
        sa.Column("relative_path", sa.String(512), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("binary_data", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("file_id"),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.skill_id"],
            name="fk_skill_files_skill_id_skills",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "skill_dependencies",
        sa.Column("dependent_id", sa.Integer(), nullable=False),
        sa.Column("dependency_skill_id", sa.Integer(), nullable=False),
        sa.Column("dependency_type", sa.String(16), nullable=False),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("dependent_id", "dependency_skill_id"),
        sa.ForeignKeyConstraint(
            ["dependent_id"],
            ["skills.skill_id"],
            name="fk_skill_dependencies_dependent_id_skills",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dependency_skill_id"],
            ["skills.skill_id"],
            name="fk_skill_dependencies_dependency_skill_id_skills",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint("dependent_id != dependency_skill_id", name="no_self_dependency"),
    )
    op.create_table(
        "dependency_closure",
        sa.Column("ancestor_id", sa.Integer(), nullable=False),
        sa.Column("descendant_id", sa.Integer(), nullable=False),
        sa.Column("min_depth", sa.Integer(), nullable=False),
        sa.Column("dependency_types", postgresql.ARRAY(sa.Text()).with_variant(sa.JSON(), "sqlite"), nullable=False),
        sa.PrimaryKeyConstraint("ancestor_id", "descendant_id"),
        sa.ForeignKeyConstraint(
            ["ancestor_id"],
            ["skills.skill_id"],
            name="fk_dependency_closure_ancestor_id_skills",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["descendant_id"],
            ["skills.skill_id"],
            name="fk_dependency_closure_descendant_id_skills",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "taxonomy_categories",
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(255), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("category_id"),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["taxonomy_categories.category_id"],
            name="fk_taxonomy_categories_parent_id_taxonomy_categories",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("path", name="uq_taxonomy_categories_path"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id != category_id", name="category_no_loop"),
    )
    op.create_table(
        "skill_categories",
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("skill_id", "category_id"),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.skill_id"],
            name="fk_skill_categories_skill_id_skills",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["taxonomy_categories.category_id"],
            name="fk_skill_categories_category_id_taxonomy_categories",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "taxonomy_closure",
        sa.Column("ancestor_id", sa.Integer(), nullable=False),
        sa.Column("descendant_id", sa.Integer(), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("ancestor_id", "descendant_id", "depth"),
        sa.ForeignKeyConstraint(
            ["ancestor_id"],
            ["taxonomy_categories.category_id"],
            name="fk_taxonomy_closure_ancestor_id_taxonomy_categories",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["descendant_id"],
            ["taxonomy_categories.category_id"],
            name="fk_taxonomy_closure_descendant_id_taxonomy_categories",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "jobs",
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("task_description", sa.Text(), nullable=False),
        sa.Column("result", postgresql.JSONB().with_variant(sa.JSON(), "sqlite"), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("hitl_type", sa.String(32), nullable=True),
        sa.Column("hitl_data", postgresql.JSONB().with_variant(sa.JSON(), "sqlite"), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.PrimaryKeyConstraint("job_id"),
    )
    op.create_table(
        "hitl_interactions",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("interaction_type", sa.String(32), nullable=False),
        sa.Column("round_number", sa.Integer(), nullable=False),
        sa.Column("prompt_data", postgresql.JSONB().with_variant(sa.JSON(), "sqlite"), nullable=False),
        sa.Column("response_data", postgresql.JSONB().with_variant(sa.JSON(), "sqlite"), nullable=True),
        sa.PrimaryKeyConstraint("interaction_id"),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.job_id"],
            name="fk_hitl_interactions_job_id_jobs",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "conversation_sessions",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("messages", postgresql.JSONB().with_variant(sa.JSON(), "sqlite"), nullable=False),
        sa.Column("skill_draft", postgresql.JSONB().with_variant(sa.JSON(), "sqlite"), nullable=True),
        sa.Column("checklist_state", postgresql.JSONB().with_variant(sa.JSON(), "sqlite"), nullable=False),
        sa.PrimaryKeyConstraint("session_id"),
    )
    op.create_table(
        "validation_reports",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=True),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("errors", postgresql.ARRAY(sa.Text()).with_variant(sa.JSON(), "sqlite"), nullable=True),
        sa.Column("warnings", postgresql.ARRAY(sa.Text()).with_variant(sa.JSON(), "sqlite"), nullable=True),
        sa.PrimaryKeyConstraint("report_id"),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.skill_id"],
            name="fk_validation_reports_skill_id_skills",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.job_id"],
            name="fk_validation_reports_job_id_jobs",
            ondelete="SET NULL",
        ),
    )
    op.create_table(
        "skill_test_coverage",
        sa.Column("coverage_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("total_tests", sa.Integer(), nullable=False),
        sa.Column("passing_tests", sa.Integer(), nullable=False),
        sa.Column("failing_tests", sa.Integer(), nullable=False),
        sa.Column("coverage_percent", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("coverage_id"),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.skill_id"],
            name="fk_skill_test_coverage_skill_id_skills",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "usage_events",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=True),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("error_type", sa.String(64), nullable=True),
        sa.Column(
            "occurred_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.PrimaryKeyConstraint("event_id"),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.skill_id"],
            name="fk_usage_events_skill_id_skills",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "tag_stats",
        sa.Column("tag", sa.String(64), nullable=False),
        sa.Column("usage_count", sa.Integer(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("tag"),
    )
    op.create_index("ix_artifact_associations_child_id", "artifact_associations", ["child_id"], unique=False)
    op.create_index("ix_collections_name", "collections", ["name"], unique=False)
    op.create_index("ix_collections_created_by", "collections", ["created_by"], unique=False)
    op.create_index("ix_collections_created_at", "collections", ["created_at"], unique=False)
    op.create_index("ix_groups_collection_position", "groups", ["collection_id", "position"], unique=False)
    op.create_index("ix_groups_created_at", "groups", ["created_at"], unique=False)
    op.create_index("ix_collection_artifacts_artifact_id", "collection_artifacts", ["artifact_id"], unique=False)
    op.create_index("ix_group_artifacts_artifact_id", "group_artifacts", ["artifact_id"], unique=False)
    op.create_index("ix_group_artifacts_group_position", "group_artifacts", ["group_id", "position"], unique=False)
    op.create_index("ix_tasks_project_wave", "tasks", ["project_id", "wave"], unique=False)
    op.create_index("ix_sessions_task_id", "sessions", ["task_id"], unique=False)
    op.create_index("ix_sessions_project_status", "sessions", ["project_id", "status"], unique=False)
    op.create_index("ix_context_snapshots_session_id", "context_snapshots", ["session_id"], unique=False)
    op.create_index("ix_conflicts_project_id", "conflicts", ["project_id"], unique=False)
    op.create_index("ix_conflicts_session_a_id", "conflicts", ["session_a_id"], unique=False)
    op.create_index("ix_conflicts_session_b_id", "conflicts", ["session_b_id"], unique=False)
    op.create_index("ix_skills_parent_version_id", "skills", ["parent_version_id"], unique=False)
    op.create_index("idx_skills_status_type", "skills", ["status", "type"], unique=False)
    op.create_index("idx_skills_version_lookup", "skills", ["skill_path", "version"], unique=False)
    op.create_index("ix_capabilities_skill_id", "capabilities", ["skill_id"], unique=False)
    op.create_index("ix_skill_files_skill_id", "skill_files", ["skill_id"], unique=False)
    op.create_index("idx_dependencies_dependency", "skill_dependencies", ["dependency_skill_id"], unique=False)
    op.create_index("idx_dependency_closure_descendant", "dependency_closure", ["descendant_id"], unique=False)
    op.create_index("ix_taxonomy_categories_parent_id", "taxonomy_categories", ["parent_id"], unique=False)
    op.create_index("idx_skill_categories_category", "skill_categories", ["category_id"], unique=False)
    op.create_index("idx_taxonomy_closure_descendant", "taxonomy_closure", ["descendant_id"], unique=False)
    op.create_index("ix_jobs_status", "jobs", ["status"], unique=False)
    op.create_index("idx_jobs_polling", "jobs", ["user_id", "created_at"], unique=False)
    op.create_index("ix_hitl_interactions_job_id", "hitl_interactions", ["job_id"], unique=False)
    op.create_index("ix_validation_reports_skill_id", "validation_reports", ["skill_id"], unique=False)
    op.create_index("ix_validation_reports_job_id", "validation_reports", ["job_id"], unique=False)
    op.create_index("ix_skill_test_coverage_skill_id", "skill_test_coverage", ["skill_id"], unique=False)
    op.create_index("ix_usage_events_skill_id", "usage_events", ["skill_id"], unique=False)
    op.create_index("idx_usage_events_occurred_at", "usage_events", ["occurred_at"], unique=False)
    op.create_index("ix_sessions_started_at", "sessions", ["started_at"], unique=False)
    op.create_index("ix_decisions_project_category", "decisions", ["project_id", "category"], unique=False)
    op.create_index("ix_context_snapshots_created_at", "context_snapshots", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_context_snapshots_created_at", table_name="context_snapshots")
    op.drop_index("ix_decisions_project_category", table_name="decisions")
    op.drop_index("ix_sessions_started_at", table_name="sessions")
    op.drop_index("idx_usage_events_occurred_at", table_name="usage_events")
    op.drop_index("ix_usage_events_skill_id", table_name="usage_events")
    op.drop_index("ix_skill_test_coverage_skill_id", table_name="skill_test_coverage")
    op.drop_index("ix_validation_reports_job_id", table_name="validation_reports")
    op.drop_index("ix_validation_reports_skill_id", table_name="validation_reports")
    op.drop_index("ix_hitl_interactions_job_id", table_name="hitl_interactions")
    op.drop_index("idx_jobs_polling", table_name="jobs")
    op.drop_index("ix_jobs_status", table_name="jobs")
    op.drop_index("idx_taxonomy_closure_descendant", table_name="taxonomy_closure")
    op.drop_index("idx_skill_categories_category", table_name="skill_categories")
    op.drop_index("ix_taxonomy_categories_parent_id", table_name="taxonomy_categories")
    op.drop_index("idx_dependency_closure_descendant", table_name="dependency_closure")
    op.drop_index("idx_dependencies_dependency", table_name="skill_dependencies")
    op.drop_index("ix_skill_files_skill_id", table_name="skill_files")
    op.drop_index("ix_capabilities_skill_id", table_name="capabilities")
    op.drop_index("idx_skills_version_lookup", table_name="skills")
    op.drop_index("idx_skills_status_type", table_name="skills")
    op.drop_index("ix_skills_parent_version_id", table_name="skills")
    op.drop_index("ix_conflicts_session_b_id", table_name="conflicts")
    op.drop_index("ix_conflicts_session_a_id", table_name="conflicts")
    op.drop_index("ix_conflicts_project_id", table_name="conflicts")
    op.drop_index("ix_context_snapshots_session_id", table_name="context_snapshots")
    op.drop_index("ix_sessions_project_status", table_name="sessions")
    op.drop_index("ix_sessions_task_id", table_name="sessions")
    op.drop_index("ix_tasks_project_wave", table_name="tasks")
    op.drop_index("ix_group_artifacts_group_position", table_name="group_artifacts")
    op.drop_index("ix_group_artifacts_artifact_id", table_name="group_artifacts")
    op.drop_index("ix_collection_artifacts_artifact_id", table_name="collection_artifacts")
    op.drop_index("ix_groups_created_at", table_name="groups")
    op.drop_index("ix_groups_collection_position", table_name="groups")
    op.drop_index("ix_collections_created_at", table_name="collections")
    op.drop_index("ix_collections_created_by", table_name="collections")
    op.drop_index("ix_collections_name", table_name="collections")
    op.drop_index("ix_artifact_associations_child_id", table_name="artifact_associations")
    op.drop_table("tag_stats")
    op.drop_table("usage_events")
    op.drop_table("skill_test_coverage")
    op.drop_table("validation_reports")
    op.drop_table("conversation_sessions")
    op.drop_table("hitl_interactions")
    op.drop_table("jobs")
    op.drop_table("taxonomy_closure")
    op.drop_table("skill_categories")
    op.drop_table("taxonomy_categories")
    op.drop_table("dependency_closure")
    op.drop_table("skill_dependencies")
    op.drop_table("skill_files")
    op.drop_table("capabilities")
    op.drop_table("skills")
    op.drop_table("conflicts")
    op.drop_table("decisions")
    op.drop_table("context_snapshots")
    op.drop_table("sessions")
    op.drop_table("tasks")
    op.drop_table("projects")
    op.drop_table("group_artifacts")
    op.drop_table("collection_artifacts")
    op.drop_table("groups")
    op.drop_table("collections")
    op.drop_table("artifact_associations")
    op.drop_table("artifacts")
    if op.get_context().dialect.name == "postgresql":
        op.execute('DROP TYPE IF EXISTS "LoadPriorityEnum"')
    if op.get_context().dialect.name == "postgresql":
        op.execute('DROP TYPE IF EXISTS "SkillWeightEnum"')
    if op.get_context().dialect.name == "postgresql":
        op.execute('DROP TYPE IF EXISTS "SkillStatusEnum"')
    if op.get_context().dialect.name == "postgresql":
        op.execute('DROP TYPE IF EXISTS "SkillTypeEnum"')
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TYPE IF EXISTS session_status")
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TYPE IF EXISTS task_status")
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TYPE IF EXISTS project_status")
