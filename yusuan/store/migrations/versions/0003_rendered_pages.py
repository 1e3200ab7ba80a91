"""rendered pages: disclosure page bodies rendered once, shared by every server

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

A cache keyed by check run and renderer version: the first view of a page (or the import, which
renders it ahead) stores it; other servers and restarts read it instead of rendering again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from yusuan.store.types import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rendered_pages",
        sa.Column("check_run_id", sa.Integer(), nullable=False),
        sa.Column("renderer", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["check_run_id"], ["check_runs.id"],
                                name=op.f("fk_rendered_pages_check_run_id_check_runs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("check_run_id", "renderer", name=op.f("pk_rendered_pages")),
    )


def downgrade() -> None:
    op.drop_table("rendered_pages")
