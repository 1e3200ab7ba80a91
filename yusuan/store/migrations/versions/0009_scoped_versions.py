"""scoped data versions and list pages built ahead

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

- ``scope_versions``: a version per (region, year, kind), bumped by each write that changes a document of
  that scope (``yusuan.store.index.bump``); the explorer's and the export form's pages are fingerprinted by
  the versions of the scopes they show instead of the one global data version;
- ``list_responses``: those pages built ahead after a write (``yusuan.web.prebuild.refresh_lists``), stored
  gzip-compressed under their canonical address and fingerprint.

Both start empty: a scope without a row has version 0 until its first write, and a page not built ahead is
built at its first view. The downgrade drops them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from yusuan.store.types import UtcDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scope_versions",
        sa.Column("region", sa.String(length=128), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region", "year", "kind", name=op.f("pk_scope_versions")),
    )
    op.create_table(
        "list_responses",
        sa.Column("address", sa.String(length=512), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("address", name=op.f("pk_list_responses")),
    )


def downgrade() -> None:
    op.drop_table("list_responses")
    op.drop_table("scope_versions")
