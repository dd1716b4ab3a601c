"""specgen: Markdown database specs -> validated design document -> SQLModel models and Alembic revisions."""

__version__ = "0.1.0"
