"""4 schema changes (spec version 1.0)

Revision ID: 82d0bdc9e58f
Revises: 8a9665ed370c

Written by specgen from design 03615d634074; the design it leads to is stored beside this file
(82d0bdc9e58f_*.design.json). Do not edit: change the specs and run `specgen render --target alembic`.

Steps:
- rename enum SkillTypeEnum -> skill_type_enum
- rename enum SkillStatusEnum -> skill_status_enum
- rename enum SkillWeightEnum -> skill_weight_enum
- rename enum LoadPriorityEnum -> load_priority_enum
"""

from __future__ import annotations

from alembic import op

revision: str = "82d0bdc9e58f"
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


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute('ALTER TYPE load_priority_enum RENAME TO "LoadPriorityEnum"')
    if op.get_context().dialect.name == "postgresql":
        op.execute('ALTER TYPE skill_weight_enum RENAME TO "SkillWeightEnum"')
    if op.get_context().dialect.name == "postgresql":
        op.execute('ALTER TYPE skill_status_enum RENAME TO "SkillStatusEnum"')
    if op.get_context().dialect.name == "postgresql":
        op.execute('ALTER TYPE skill_type_enum RENAME TO "SkillTypeEnum"')
