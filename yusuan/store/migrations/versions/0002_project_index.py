"""project index: every project of every revision, for search by project name

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

The rows are filled from the canonical model already stored with each revision, so a database
with data gains the index without re-reading any source; the downgrade drops the index only.
"""

from __future__ import annotations

import json
import zlib
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

from yusuan.normalize import key
from yusuan.store.types import ExactDecimal

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    projects = op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("function_code", sa.String(length=16), server_default="", nullable=False),
        sa.Column("amount", ExactDecimal(), nullable=True),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], name=op.f("fk_projects_revision_id_revisions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_revision_id"), ["revision_id"], unique=False)
    _backfill(projects)


def _backfill(projects: sa.Table) -> None:
    bind = op.get_bind()
    revisions = sa.table("revisions", sa.column("id", sa.Integer), sa.column("model", sa.LargeBinary))
    rows = []
    for revision_id, model in bind.execute(sa.select(revisions.c.id, revisions.c.model)):
        document = json.loads(zlib.decompress(model))
        for project in document.get("summary", {}).get("projects", []):
            rows.append({"revision_id": revision_id, "name": project["name"], "name_key": key(project["name"]),
                         "function_code": project.get("function_code") or "",
                         "amount": Decimal(project["amount"]) if project.get("amount") else None})
        if len(rows) >= 1000:
            op.bulk_insert(projects, rows)
            rows = []
    if rows:
        op.bulk_insert(projects, rows)


def downgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_revision_id"))
    op.drop_table("projects")
