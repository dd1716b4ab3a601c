"""4 schema changes (spec version 1.0)

Revision ID: 14428f703657
Revises: 8a9665ed370c

Written by specgen from design a69271c264ed; the design it leads to is stored beside this file
(14428f703657_*.design.json). Do not edit: change the specs and run `specgen render --target alembic`.

Steps:
- drop index ix_sessions_started_at
- drop index ix_context_snapshots_created_at
- create index ix_sessions_started_at on sessions
- create index ix_context_snapshots_created_at on context_snapshots
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "14428f703657"
down_revision: str | None = "8a9665ed370c"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.drop_index("ix_sessions_started_at", table_name="sessions")
    op.drop_index("ix_context_snapshots_created_at", table_name="context_snapshots")
    op.create_index("ix_sessions_started_at", "sessions", [sa.text("started_at DESC")], unique=False)
    op.create_index("ix_context_snapshots_created_at", "context_snapshots", [sa.text("created_at DESC")], unique=False)


def downgrade() -> None:
    op.drop_index("ix_context_snapshots_created_at", table_name="context_snapshots")
    op.drop_index("ix_sessions_started_at", table_name="sessions")
    op.create_index("ix_context_snapshots_created_at", "context_snapshots", ["created_at"], unique=False)
    op.create_index("ix_sessions_started_at", "sessions", ["started_at"], unique=False)
