"""public responses: a visitor's complete disclosure and department responses, stored compressed

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

Precomputed at import and publication (or at the first view): each row holds the gzip bytes of
one response and the fingerprint of everything it shows, so the first view of a page costs a
look-up instead of a rendering, on every server sharing the database.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from yusuan.store.types import UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "public_responses",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "object_id", "format", name=op.f("pk_public_responses")),
    )


def downgrade() -> None:
    op.drop_table("public_responses")
