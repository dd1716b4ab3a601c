"""initial schema (spec version 1)

Revision ID: 6eb24e2354e0
Revises:

Written by specgen from design a93b3f5b5fef; the design it leads to is stored beside this file
(6eb24e2354e0_*.design.json). Do not edit: change the specs and run `specgen render --target alembic`.

Steps:
- create enum books_status
- create table publishers
- create table authors
- create table books
- create index ix_books_author_id on books
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "6eb24e2354e0"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE TYPE books_status AS ENUM ('draft', 'published')")
    op.create_table(
        "publishers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", name="uq_publishers_name"),
    )
    op.create_table(
        "authors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("legacy_code", sa.String(10), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "books",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(50), nullable=False),
        sa.Column(
            "status",
            postgresql.ENUM(
                "draft",
                "published",
                name="books_status",
                create_type=False,
            ),
            nullable=False,
            server_default=sa.text("'draft'"),
        ),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["authors.id"],
            name="fk_books_author_id_authors",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_books_author_id", "books", ["author_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_books_author_id", table_name="books")
    op.drop_table("books")
    op.drop_table("authors")
    op.drop_table("publishers")
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TYPE IF EXISTS books_status")
