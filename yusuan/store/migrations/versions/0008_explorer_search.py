"""explorer and search: figures by revision, a full-text search index, the data version

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

- ``figures``: the comparable figures of every revision with their place in the document
  (``yusuan.store.figures``), for the explorer across documents;
- ``search_entries``: department spellings, projects, table lines and narrative sentences as
  jieba-segmented terms (``yusuan.store.search``), with an FTS5 table ``search_fts`` on SQLite (kept in
  step by triggers) and on PostgreSQL a stored column ``tsv = to_tsvector('simple', terms)`` with a GIN
  index;
- ``data_version``: one row counting the writes that change what visitors see.

Both tables are filled from the canonical models already stored with each revision (no source is
read again); the downgrade drops them.
"""

from __future__ import annotations

import json
import zlib

import sqlalchemy as sa
from alembic import op

from yusuan.store.types import ExactDecimal

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# the kind is indexed too: a query for one kind is narrowed inside the full-text index
FTS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(kind, terms, content='search_entries', content_rowid='id', "
    "tokenize='unicode61')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, kind, terms) VALUES (new.id, new.kind, new.terms); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, kind, terms) VALUES ('delete', old.id, old.kind, old.terms); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, kind, terms) VALUES ('delete', old.id, old.kind, old.terms); "
    "INSERT INTO search_fts(rowid, kind, terms) VALUES (new.id, new.kind, new.terms); END",
]


PG = [
    "ALTER TABLE search_entries ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, terms)) STORED",
    "CREATE INDEX ix_search_entries_tsv ON search_entries USING gin (tsv)",
    "CREATE INDEX ix_search_entries_kind ON search_entries (kind)",
]


def upgrade() -> None:
    figures = op.create_table(
        "figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=32), server_default="", nullable=False),
        sa.Column("measure", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("amount", ExactDecimal(), nullable=True),
        sa.Column("anchor", sa.String(length=96), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], name=op.f("fk_figures_revision_id_revisions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figures")),
    )
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_figures_revision_id"), ["revision_id"], unique=False)
        batch_op.create_index("ix_figures_measure", ["section", "code", "measure", "revision_id"], unique=False)
    entries = op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("detail", sa.String(length=255), server_default="", nullable=False),
        sa.Column("anchor", sa.String(length=96), server_default="", nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"],
                                name=op.f("fk_search_entries_revision_id_revisions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"],
                                name=op.f("fk_search_entries_department_id_departments"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
    )
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_entries_revision_id"), ["revision_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_entries_department_id"), ["department_id"], unique=False)
    version = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in FTS:
            op.execute(statement)
    else:
        # the vector stored beside the terms: a phrase query rechecks each candidate row against it, which
        # would otherwise parse its terms again
        for statement in PG:
            op.execute(statement)
    op.bulk_insert(version, [{"id": 1, "version": 1}])
    _backfill(figures, entries)


def _backfill(figures: sa.Table, entries: sa.Table) -> None:
    from yusuan.model import Disclosure
    from yusuan.store.index import index_department, index_revision

    bind = op.get_bind()
    revisions = sa.table("revisions", sa.column("id", sa.Integer), sa.column("model", sa.LargeBinary))
    for revision_id, model in bind.execute(sa.select(revisions.c.id, revisions.c.model)).all():
        data = json.loads(zlib.decompress(model))
        summary = data.pop("summary", {})
        index_revision(bind, revision_id, Disclosure.model_validate(data), summary, tables=(figures, entries))
    departments = sa.table("departments", sa.column("id", sa.Integer), sa.column("merged_into_id", sa.Integer))
    for (department_id,) in bind.execute(sa.select(departments.c.id).where(departments.c.merged_into_id.is_(None))):
        index_department(bind, department_id, table=entries)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("search_entries_ai", "search_entries_ad", "search_entries_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("data_version")
    op.drop_table("search_entries")
    op.drop_table("figures")
