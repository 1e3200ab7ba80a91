"""login throttle: failed sign-ins counted per account name and per address, in the database

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

One row per account name (known or not: an unknown name is locked like a known one, so a lock tells
nothing about which names exist) and per client address; counted and locked atomically under a row
lock, so parallel attempts cannot lose counts. Replaces ``users.failed_logins`` / ``locked_until``
(left in place, no longer used).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from yusuan.store.types import UtcDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("window_started_at", UtcDateTime(), nullable=False),
        sa.Column("locked_until", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_login_throttle")),
    )


def downgrade() -> None:
    op.drop_table("login_throttle")
