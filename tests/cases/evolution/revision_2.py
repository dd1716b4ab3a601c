"""7 schema changes (spec version 2)

Revision ID: afbaa24226d8
Revises: 6eb24e2354e0

Written by specgen from design 67e4ceda0347; the design it leads to is stored beside this file
(afbaa24226d8_*.design.json). Do not edit: change the specs and run `specgen render --target alembic`.

Steps:
- alter enum books_status: draft, published -> draft, published, archived
- rename table publishers -> imprints
- rename column books.title -> name
- rename constraint uq_publishers_name -> uq_imprints_name
- add column authors.country
- alter column authors.name: type varchar(100) -> varchar(200)
- drop column authors.legacy_code
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "afbaa24226d8"
down_revision: str | None = "6eb24e2354e0"
branch_labels: str | None = None
depends_on: str | None = None
# SQLite's batch copies reflect their own table, not every table its foreign keys reach (recursively)
BATCH_REFLECT = {"resolve_fks": False}


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for table in ["authors", "books", "imprints"]:
            op.execute(f'DROP TABLE IF EXISTS "_alembic_tmp_{table}"')
    if op.get_context().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.execute("ALTER TYPE books_status ADD VALUE IF NOT EXISTS 'archived'")
    op.rename_table("publishers", "imprints")
    if op.get_context().dialect.name == "postgresql":
        op.execute("ALTER INDEX IF EXISTS publishers_pkey RENAME TO imprints_pkey")
        op.execute(
            "ALTER SEQUENCE IF EXISTS publishers_id_seq RENAME TO imprints_id_seq",
        )
    with op.batch_alter_table("books", reflect_kwargs=BATCH_REFLECT) as batch_op:
        batch_op.alter_column("title", new_column_name="name")
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE imprints RENAME CONSTRAINT uq_publishers_name TO uq_imprints_name",
        )
    else:
        with op.batch_alter_table("imprints", reflect_kwargs=BATCH_REFLECT) as batch_op:
            batch_op.drop_constraint("uq_publishers_name", type_="unique")
            batch_op.create_unique_constraint("uq_imprints_name", ["name"])
    with op.batch_alter_table("authors", reflect_kwargs=BATCH_REFLECT) as batch_op:
        batch_op.add_column(
            sa.Column(
                "country",
                sa.String(2),
                nullable=False,
                server_default=sa.text("'xx'"),
            ),
        )
        batch_op.alter_column(
            "name",
            existing_type=sa.String(100),
            type_=sa.String(200),
            existing_nullable=False,
        )
        batch_op.drop_column("legacy_code")


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for table in ["authors", "books", "imprints"]:
            op.execute(f'DROP TABLE IF EXISTS "_alembic_tmp_{table}"')
    with op.batch_alter_table("authors", reflect_kwargs=BATCH_REFLECT) as batch_op:
        batch_op.add_column(sa.Column("legacy_code", sa.String(10), nullable=True))
        batch_op.alter_column(
            "name",
            existing_type=sa.String(200),
            type_=sa.String(100),
            existing_nullable=False,
        )
        batch_op.drop_column("country")
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE imprints RENAME CONSTRAINT uq_imprints_name TO uq_publishers_name",
        )
    else:
        with op.batch_alter_table("imprints", reflect_kwargs=BATCH_REFLECT) as batch_op:
            batch_op.drop_constraint("uq_imprints_name", type_="unique")
            batch_op.create_unique_constraint("uq_publishers_name", ["name"])
    with op.batch_alter_table("books", reflect_kwargs=BATCH_REFLECT) as batch_op:
        batch_op.alter_column("name", new_column_name="title")
    op.rename_table("imprints", "publishers")
    if op.get_context().dialect.name == "postgresql":
        op.execute("ALTER INDEX IF EXISTS imprints_pkey RENAME TO publishers_pkey")
        op.execute(
            "ALTER SEQUENCE IF EXISTS imprints_id_seq RENAME TO publishers_id_seq",
        )
    if op.get_context().dialect.name == "postgresql":
        op.execute("ALTER TYPE books_status RENAME TO books_status_old")
        op.execute("CREATE TYPE books_status AS ENUM ('draft', 'published')")
        op.execute("ALTER TABLE books ALTER COLUMN status DROP DEFAULT")
        op.execute(
            "ALTER TABLE books ALTER COLUMN status TYPE books_status USING status::text::books_status",
        )
        op.execute("ALTER TABLE books ALTER COLUMN status SET DEFAULT 'draft'")
        op.execute("DROP TYPE books_status_old")
