"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26

Departments (with aliases and hand-recorded events), disclosures, revisions with their canonical
model and digest, source files, check runs and findings, users, sessions and the audit log.
``disclosures.published_revision_id`` and ``revisions.disclosure_id`` refer to each other: the
first foreign key is added once both tables exist (SQLite takes it inline).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from yusuan.store.types import ExactDecimal, UtcDateTime

PUBLISHED_FK = "fk_disclosures_published_revision_id_revisions"

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _published_fk_inline() -> list[sa.ForeignKeyConstraint]:
    if _sqlite():
        return [sa.ForeignKeyConstraint(["published_revision_id"], ["revisions.id"], name=PUBLISHED_FK)]
    return []


def upgrade() -> None:
    op.create_table("blobs",
    sa.Column("sha256", sa.String(length=64), nullable=False),
    sa.Column("size", sa.Integer(), nullable=False),
    sa.Column("media_type", sa.String(length=64), nullable=False),
    sa.Column("content", sa.LargeBinary(), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blobs"))
    )
    op.create_table("departments",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(length=255), nullable=False),
    sa.Column("region", sa.String(length=128), nullable=True),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("merged_into_id", sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(["merged_into_id"], ["departments.id"], name=op.f("fk_departments_merged_into_id_departments")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_departments"))
    )
    op.create_table("users",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(length=64), nullable=False),
    sa.Column("password_hash", sa.String(length=255), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
    sa.Column("locked_until", UtcDateTime(), nullable=True),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    sa.UniqueConstraint("name", name=op.f("uq_users_name"))
    )
    op.create_table("audit_log",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("at", UtcDateTime(), nullable=False),
    sa.Column("user_id", sa.Integer(), nullable=True),
    sa.Column("actor", sa.String(length=128), nullable=False),
    sa.Column("action", sa.String(length=32), nullable=False),
    sa.Column("target", sa.String(length=255), server_default="", nullable=False),
    sa.Column("detail", sa.Text(), server_default="{}", nullable=False),
    sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users"), ondelete="SET NULL"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log"))
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table("department_aliases",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("department_id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(length=255), nullable=False),
    sa.Column("name_key", sa.String(length=255), nullable=False),
    sa.Column("region_key", sa.String(length=128), server_default="", nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["department_id"], ["departments.id"], name=op.f("fk_department_aliases_department_id_departments")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_department_aliases")),
    sa.UniqueConstraint("region_key", "name_key", name="uq_department_aliases_region_name")
    )
    with op.batch_alter_table("department_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_department_aliases_department_id"), ["department_id"], unique=False)

    op.create_table("department_events",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("department_id", sa.Integer(), nullable=False),
    sa.Column("other_department_id", sa.Integer(), nullable=True),
    sa.Column("old_name", sa.String(length=255), server_default="", nullable=False),
    sa.Column("new_name", sa.String(length=255), server_default="", nullable=False),
    sa.Column("year", sa.Integer(), nullable=True),
    sa.Column("note", sa.Text(), server_default="", nullable=False),
    sa.Column("actor", sa.String(length=128), nullable=False),
    sa.Column("at", UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["department_id"], ["departments.id"], name=op.f("fk_department_events_department_id_departments")),
    sa.ForeignKeyConstraint(["other_department_id"], ["departments.id"], name=op.f("fk_department_events_other_department_id_departments")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_department_events"))
    )
    with op.batch_alter_table("department_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_department_events_department_id"), ["department_id"], unique=False)

    op.create_table("disclosures",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("department_id", sa.Integer(), nullable=False),
    sa.Column("year", sa.Integer(), nullable=False),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("published_revision_id", sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(["department_id"], ["departments.id"], name=op.f("fk_disclosures_department_id_departments")),
    *_published_fk_inline(),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
    sa.UniqueConstraint("department_id", "year", "kind", name="uq_disclosures_department_year_kind")
    )
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.create_index("ix_disclosures_department", ["department_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_disclosures_year"), ["year"], unique=False)

    op.create_table("sessions",
    sa.Column("id", sa.String(length=64), nullable=False),
    sa.Column("user_id", sa.Integer(), nullable=False),
    sa.Column("csrf_token", sa.String(length=64), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("expires_at", UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sessions_user_id_users"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions"))
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sessions_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_sessions_user_id"), ["user_id"], unique=False)

    op.create_table("revisions",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("disclosure_id", sa.Integer(), nullable=False),
    sa.Column("number", sa.Integer(), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("actor", sa.String(length=128), nullable=False),
    sa.Column("user_id", sa.Integer(), nullable=True),
    sa.Column("source_sha256", sa.String(length=64), nullable=True),
    sa.Column("source_name", sa.String(length=255), server_default="", nullable=False),
    sa.Column("source_format", sa.String(length=16), server_default="", nullable=False),
    sa.Column("title", sa.Text(), server_default="", nullable=False),
    sa.Column("scope", sa.String(length=16), server_default="department", nullable=False),
    sa.Column("layout", sa.String(length=32), server_default="", nullable=False),
    sa.Column("model", sa.LargeBinary(), nullable=False),
    sa.Column("digest", sa.Text(), nullable=False),
    sa.Column("restored_from_id", sa.Integer(), nullable=True),
    sa.Column("note", sa.Text(), server_default="", nullable=False),
    sa.Column("published_at", UtcDateTime(), nullable=True),
    sa.Column("income_total", ExactDecimal(), nullable=True),
    sa.Column("expenditure_total", ExactDecimal(), nullable=True),
    sa.Column("basic", ExactDecimal(), nullable=True),
    sa.Column("project", ExactDecimal(), nullable=True),
    sa.Column("three_public", ExactDecimal(), nullable=True),
    sa.Column("operating_costs", ExactDecimal(), nullable=True),
    sa.Column("staff_authorized", sa.Integer(), nullable=True),
    sa.Column("staff_actual", sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(["disclosure_id"], ["disclosures.id"], name=op.f("fk_revisions_disclosure_id_disclosures")),
    sa.ForeignKeyConstraint(["restored_from_id"], ["revisions.id"], name=op.f("fk_revisions_restored_from_id_revisions")),
    sa.ForeignKeyConstraint(["source_sha256"], ["blobs.sha256"], name=op.f("fk_revisions_source_sha256_blobs")),
    sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_revisions_user_id_users"), ondelete="SET NULL"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_revisions")),
    sa.UniqueConstraint("disclosure_id", "number", name="uq_revisions_disclosure_number")
    )
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.create_index("ix_revisions_disclosure", ["disclosure_id"], unique=False)

    op.create_table("check_runs",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("revision_id", sa.Integer(), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("actor", sa.String(length=128), nullable=False),
    sa.Column("checker", sa.String(length=64), nullable=False),
    sa.Column("rules_available", sa.Boolean(), nullable=False),
    sa.Column("errors", sa.Integer(), nullable=False),
    sa.Column("warnings", sa.Integer(), nullable=False),
    sa.Column("infos", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], name=op.f("fk_check_runs_revision_id_revisions"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_check_runs"))
    )
    with op.batch_alter_table("check_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_check_runs_revision_id"), ["revision_id"], unique=False)

    op.create_table("findings",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("check_run_id", sa.Integer(), nullable=False),
    sa.Column("seq", sa.Integer(), nullable=False),
    sa.Column("code", sa.String(length=64), nullable=False),
    sa.Column("severity", sa.String(length=8), nullable=False),
    sa.Column("rule", sa.String(length=64), server_default="", nullable=False),
    sa.Column("message", sa.Text(), nullable=False),
    sa.Column("location", sa.Text(), server_default="{}", nullable=False),
    sa.Column("expected", sa.String(length=128), nullable=True),
    sa.Column("actual", sa.String(length=128), nullable=True),
    sa.Column("delta", sa.String(length=128), nullable=True),
    sa.Column("tolerance", sa.String(length=128), nullable=True),
    sa.Column("unit", sa.String(length=16), nullable=True),
    sa.Column("related", sa.Text(), server_default="[]", nullable=False),
    sa.ForeignKeyConstraint(["check_run_id"], ["check_runs.id"], name=op.f("fk_findings_check_run_id_check_runs"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_findings"))
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_findings_check_run_id"), ["check_run_id"], unique=False)
    if not _sqlite():
        op.create_foreign_key(PUBLISHED_FK, "disclosures", "revisions", ["published_revision_id"], ["id"])


def downgrade() -> None:
    if not _sqlite():
        op.drop_constraint(PUBLISHED_FK, "disclosures", type_="foreignkey")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_check_run_id"))

    op.drop_table("findings")
    with op.batch_alter_table("check_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_check_runs_revision_id"))

    op.drop_table("check_runs")
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_index("ix_revisions_disclosure")

    op.drop_table("revisions")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sessions_user_id"))
        batch_op.drop_index(batch_op.f("ix_sessions_expires_at"))

    op.drop_table("sessions")
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosures_year"))
        batch_op.drop_index("ix_disclosures_department")

    op.drop_table("disclosures")
    with op.batch_alter_table("department_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_department_events_department_id"))

    op.drop_table("department_events")
    with op.batch_alter_table("department_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_department_aliases_department_id"))

    op.drop_table("department_aliases")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    op.drop_table("users")
    op.drop_table("departments")
    op.drop_table("blobs")
