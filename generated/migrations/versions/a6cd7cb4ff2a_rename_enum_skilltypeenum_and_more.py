"""8 schema changes (spec version 1.0)

Revision ID: a6cd7cb4ff2a
Revises: 8a9665ed370c

Written by specgen from design 2f451e7f8f1c; the design it leads to is stored beside this file
(a6cd7cb4ff2a_*.design.json). Do not edit: change the specs and run `specgen render --target alembic`.

Steps:
- rename enum SkillTypeEnum -> skill_type_enum
- rename enum SkillStatusEnum -> skill_status_enum
- rename enum SkillWeightEnum -> skill_weight_enum
- rename enum LoadPriorityEnum -> load_priority_enum
- drop index ix_sessions_started_at
- drop index ix_context_snapshots_created_at
- create index ix_sessions_started_at on sessions
- create index ix_context_snapshots_created_at on context_snapshots
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "a6cd7cb4ff2a"
down_revision: str | None = "8a9665ed370c"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute('ALTER TYPE "SkillTypeEnum" RENAME TO skill_type_enum')
    if op.get_context().dialect.name == "postgresql":
        op.execute('ALTER TYPE "SkillStatusEnum" RENAME TO skill_status_enum')
    if op.get_context().dialect.name == "postgresql":
        op.execute('ALTER TYPE "SkillWeightEnum" RENAME TO skill_weight_enum')
    if op.get_context().dialect.name == "postgresql":
        op.execute('ALTER TYPE "LoadPriorityEnum" RENAME TO load_priority_enum')
    op.drop_index("ix_sessions_started_at", table_name="sessions")
    op.drop_index("ix_context_snapshots_created_at", table_name="context_snapshots")
    op.create_index(
        "ix_sessions_started_at",
        "sessions",
        [sa.text("started_at DESC")],
        unique=False,
    )
    op.create_index(
        "ix_context_snapshots_created_at",
        "context_snapshots",
        [sa.text("created_at DESC")],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_context_snapshots_created_at", table_name="context_snapshots")
    op.drop_index("ix_sessions_started_at", table_name="sessions")
    op.create_index(
        "ix_context_snapshots_created_at",
        "context_snapshots",
        ["created_at"],
        unique=False,
    )
    op.create_index("ix_sessions_started_at", "sessions", ["started_at"], unique=False)
    if op.get_context().dialect.name == "postgresql":
        op.execute('ALTER TYPE load_priority_enum RENAME TO "LoadPriorityEnum"')
    if op.get_context().dialect.name == "postgresql":
        op.execute('ALTER TYPE skill_weight_enum RENAME TO "SkillWeightEnum"')
    if op.get_context().dialect.name == "postgresql":
        op.execute('ALTER TYPE skill_status_enum RENAME TO "SkillStatusEnum"')
    if op.get_context().dialect.name == "postgresql":
        op.execute('ALTER TYPE skill_type_enum RENAME TO "SkillTypeEnum"')
