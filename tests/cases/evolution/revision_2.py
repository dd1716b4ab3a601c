"""8 schema changes (spec version 2)

Revision ID: b9b52a02b44c
Revises: 83aea9fe6f9b

Written by specgen from design f013998298d0; the design it leads to is stored beside this file
(b9b52a02b44c_*.design.json). Do not edit: change the specs and run `specgen render --target alembic`.

Steps:
- alter enum books_status: draft, published -> draft, published, archived
- drop unique constraint uq_publishers_name on publishers
- rename table publishers -> imprints
- rename column books.title -> name
- add column authors.country
- alter column authors.name: type varchar(100) -> varchar(200)
- create unique constraint uq_imprints_name on imprints
- drop column authors.legacy_code
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "b9b52a02b44c"
down_revision: str | None = "83aea9fe6f9b"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("ALTER TYPE books_status ADD VALUE IF NOT EXISTS 'archived'")
    with op.batch_alter_table("publishers") as batch_op:
        batch_op.drop_constraint("uq_publishers_name", type_="unique")
    op.rename_table("publishers", "imprints")
    with op.batch_alter_table("books") as batch_op:
        batch_op.alter_column("title", new_column_name="name")
    with op.batch_alter_table("authors") as batch_op:
        batch_op.add_column(sa.Column("country", sa.String(2), nullable=False, server_default=sa.text("'xx'")))
        batch_op.alter_column("name", existing_type=sa.String(100), type_=sa.String(200), existing_nullable=False)
    with op.batch_alter_table("imprints") as batch_op:
        batch_op.create_unique_constraint("uq_imprints_name", ["name"])
    with op.batch_alter_table("authors") as batch_op:
        batch_op.drop_column("legacy_code")


def downgrade() -> None:
    with op.batch_alter_table("authors") as batch_op:
        batch_op.add_column(sa.Column("legacy_code", sa.String(10), nullable=True))
    with op.batch_alter_table("imprints") as batch_op:
        batch_op.drop_constraint("uq_imprints_name", type_="unique")
    with op.batch_alter_table("authors") as batch_op:
        batch_op.alter_column("name", existing_type=sa.String(200), type_=sa.String(100), existing_nullable=False)
        batch_op.drop_column("country")
    with op.batch_alter_table("books") as batch_op:
        batch_op.alter_column("name", new_column_name="title")
    op.rename_table("imprints", "publishers")
    with op.batch_alter_table("publishers") as batch_op:
        batch_op.create_unique_constraint("uq_publishers_name", ["name"])
    if op.get_context().dialect.name == "postgresql":
        op.execute("ALTER TYPE books_status RENAME TO books_status_old")
        op.execute("CREATE TYPE books_status AS ENUM ('draft', 'published')")
        op.execute("ALTER TABLE books ALTER COLUMN status DROP DEFAULT")
        op.execute("ALTER TABLE books ALTER COLUMN status TYPE books_status USING status::text::books_status")
        op.execute("ALTER TABLE books ALTER COLUMN status SET DEFAULT 'draft'")
        op.execute("DROP TYPE books_status_old")
