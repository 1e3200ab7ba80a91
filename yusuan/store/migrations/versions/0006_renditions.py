"""renditions: the disclosure written as PDF, DOCX, XLSX, HTML and text, built in the background

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

A download of a written format is served from here; one not built yet is queued (a row in state
``queued``) and built by a bounded background worker, one build per revision at a time, never in
the request that asked for it. A cache: deleting its rows loses nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from yusuan.store.types import UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "renditions",
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("renderer", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("requested_at", UtcDateTime(), nullable=False),
        sa.Column("started_at", UtcDateTime(), nullable=True),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
        sa.Column("worker", sa.String(length=128), nullable=False, server_default=""),
        sa.Column("error", sa.Text(), nullable=False, server_default=""),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], name=op.f("fk_renditions_revision_id_revisions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("revision_id", "format", name=op.f("pk_renditions")),
    )
    op.create_index("ix_renditions_state", "renditions", ["state", "requested_at"])


def downgrade() -> None:
    op.drop_index("ix_renditions_state", table_name="renditions")
    op.drop_table("renditions")
