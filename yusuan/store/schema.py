"""The database schema (SQLAlchemy Core), the same on SQLite and PostgreSQL.

The migrations in ``migrations/versions`` build exactly this schema (a test compares them).

- ``departments`` have a stable identity across years; every spelling a department was imported
  under is a row of ``department_aliases`` (matched by ``normalize.key`` and region), and merges
  and renames recorded by hand are ``department_events``.
- ``disclosures`` are one per department, year and kind; each import is a new ``revisions`` row
  (never an update), holding the canonical JSON of the model (zlib-compressed), a small digest
  for lists, charts and comparisons, and the source file by content hash (``blobs``).
- ``check_runs`` and their ``findings`` belong to a revision; re-checking adds a run.
- ``users``, ``sessions`` (shared by every server on the same database) and ``audit_log``.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from .types import ExactDecimal, UtcDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("failed_logins", Integer, nullable=False, server_default="0"),  # unused since 0005 (login_throttle)
    Column("locked_until", UtcDateTime, nullable=True),
)

sessions = Table(
    "sessions", metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the cookie token: a stolen table is no login
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False, index=True),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("actor", String(128), nullable=False),  # user name, or "命令行（login）" for the CLI
    Column("action", String(32), nullable=False),
    Column("target", String(255), nullable=False, server_default=""),
    Column("detail", Text, nullable=False, server_default="{}"),  # JSON
)

departments = Table(
    "departments", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False),
    Column("region", String(128), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("merged_into_id", Integer, ForeignKey("departments.id"), nullable=True),
)

department_aliases = Table(
    "department_aliases", metadata,
    Column("id", Integer, primary_key=True),
    Column("department_id", Integer, ForeignKey("departments.id"), nullable=False, index=True),
    Column("name", String(255), nullable=False),
    Column("name_key", String(255), nullable=False),
    Column("region_key", String(128), nullable=False, server_default=""),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("region_key", "name_key", name="uq_department_aliases_region_name"),
)

department_events = Table(
    "department_events", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # rename / merge
    Column("department_id", Integer, ForeignKey("departments.id"), nullable=False, index=True),
    Column("other_department_id", Integer, ForeignKey("departments.id"), nullable=True),
    Column("old_name", String(255), nullable=False, server_default=""),
    Column("new_name", String(255), nullable=False, server_default=""),
    Column("year", Integer, nullable=True),  # the year from which it applies, where known
    Column("note", Text, nullable=False, server_default=""),
    Column("actor", String(128), nullable=False),
    Column("at", UtcDateTime, nullable=False),
)

blobs = Table(
    "blobs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("media_type", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

disclosures = Table(
    "disclosures", metadata,
    Column("id", Integer, primary_key=True),
    Column("department_id", Integer, ForeignKey("departments.id"), nullable=False),
    Column("year", Integer, nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # budget / final_accounts
    Column("created_at", UtcDateTime, nullable=False),
    Column("published_revision_id", Integer,
           ForeignKey("revisions.id", use_alter=True, name="fk_disclosures_published_revision_id_revisions"),
           nullable=True),
    UniqueConstraint("department_id", "year", "kind", name="uq_disclosures_department_year_kind"),
)

revisions = Table(
    "revisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("disclosure_id", Integer, ForeignKey("disclosures.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("source_sha256", String(64), ForeignKey("blobs.sha256"), nullable=True),
    Column("source_name", String(255), nullable=False, server_default=""),
    Column("source_format", String(16), nullable=False, server_default=""),
    Column("title", Text, nullable=False, server_default=""),
    Column("scope", String(16), nullable=False, server_default="department"),
    Column("layout", String(32), nullable=False, server_default=""),
    Column("model", LargeBinary, nullable=False),  # zlib(canonical JSON, model + summary)
    Column("digest", Text, nullable=False),  # JSON, see digest.py
    Column("restored_from_id", Integer, ForeignKey("revisions.id"), nullable=True),
    Column("note", Text, nullable=False, server_default=""),
    Column("published_at", UtcDateTime, nullable=True),  # first publication of this revision
    Column("income_total", ExactDecimal, nullable=True),  # 万元, exact
    Column("expenditure_total", ExactDecimal, nullable=True),
    Column("basic", ExactDecimal, nullable=True),
    Column("project", ExactDecimal, nullable=True),
    Column("three_public", ExactDecimal, nullable=True),
    Column("operating_costs", ExactDecimal, nullable=True),
    Column("staff_authorized", Integer, nullable=True),
    Column("staff_actual", Integer, nullable=True),
    UniqueConstraint("disclosure_id", "number", name="uq_revisions_disclosure_number"),
)

check_runs = Table(
    "check_runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("revision_id", Integer, ForeignKey("revisions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("checker", String(64), nullable=False),  # yusuan version that ran the rules
    Column("rules_available", Boolean, nullable=False),
    Column("errors", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("infos", Integer, nullable=False),
)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True),
    Column("check_run_id", Integer, ForeignKey("check_runs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("code", String(64), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("rule", String(64), nullable=False, server_default=""),
    Column("message", Text, nullable=False),
    Column("location", Text, nullable=False, server_default="{}"),  # JSON SourceRef
    Column("expected", String(128), nullable=True),
    Column("actual", String(128), nullable=True),
    Column("delta", String(128), nullable=True),
    Column("tolerance", String(128), nullable=True),
    Column("unit", String(16), nullable=True),
    Column("related", Text, nullable=False, server_default="[]"),  # JSON list of SourceRef
)

Index("ix_revisions_disclosure", revisions.c.disclosure_id)
Index("ix_disclosures_department", disclosures.c.department_id)

# added by migration 0002: every project of every revision, for search by project name
projects = Table(
    "projects", metadata,
    Column("id", Integer, primary_key=True),
    Column("revision_id", Integer, ForeignKey("revisions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("function_code", String(16), nullable=False, server_default=""),
    Column("amount", ExactDecimal, nullable=True),  # 万元, exact
)

# added by migration 0003: disclosure page bodies rendered once per check run and renderer version,
# shared by every server on the database (a cache: deleting the rows loses nothing)
rendered_pages = Table(
    "rendered_pages", metadata,
    Column("check_run_id", Integer, ForeignKey("check_runs.id", ondelete="CASCADE"), primary_key=True),
    Column("renderer", String(64), primary_key=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("body", LargeBinary, nullable=False),  # zlib(JSON {"html", "findings", "charts"})
)

# added by migration 0004: the complete responses a visitor gets (disclosure page and JSON twin per
# published revision, department page and JSON), gzip-compressed, each with the fingerprint of
# everything it shows (its ETag); served as stored while the fingerprint still matches what the
# database holds, so a second server serves them too (a cache: deleting the rows loses nothing)
public_responses = Table(
    "public_responses", metadata,
    Column("scope", String(16), primary_key=True),  # revision / department
    Column("object_id", Integer, primary_key=True),
    Column("format", String(8), primary_key=True),  # html / json
    Column("etag", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("body", LargeBinary, nullable=False),  # gzip of the response body
)

# added by migration 0005: failed sign-ins per account name (known or not) and per client address,
# counted and locked atomically (replaces users.failed_logins / locked_until, no longer used)
login_throttle = Table(
    "login_throttle", metadata,
    Column("scope", String(8), primary_key=True),  # name / address
    Column("key", String(128), primary_key=True),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("window_started_at", UtcDateTime, nullable=False),  # failures count within one lock period
    Column("locked_until", UtcDateTime, nullable=True),
)

# added by migration 0006: the disclosure written in each format (PDF, DOCX …), built by a background
# worker (one build per revision at a time) and served from here; a cache: deleting rows loses nothing
renditions = Table(
    "renditions", metadata,
    Column("revision_id", Integer, ForeignKey("revisions.id", ondelete="CASCADE"), primary_key=True),
    Column("format", String(16), primary_key=True),
    Column("renderer", String(64), nullable=False),  # version of the writing code: another one rebuilds
    Column("state", String(16), nullable=False),  # queued / building / done / failed
    Column("requested_at", UtcDateTime, nullable=False),
    Column("started_at", UtcDateTime, nullable=True),
    Column("finished_at", UtcDateTime, nullable=True),
    Column("worker", String(128), nullable=False, server_default=""),
    Column("error", Text, nullable=False, server_default=""),
    Column("body", LargeBinary, nullable=True),
)
Index("ix_renditions_state", renditions.c.state, renditions.c.requested_at)

# added by migration 0008: the comparable figures of every revision, each with the place on the disclosure page
# that prints it (``figures.py``), for the explorer across documents
figures = Table(
    "figures", metadata,
    Column("id", Integer, primary_key=True),
    Column("revision_id", Integer, ForeignKey("revisions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("section", String(16), nullable=False),  # total / functional / economic / three_public / …
    Column("code", String(32), nullable=False, server_default=""),
    Column("measure", String(16), nullable=False),  # total / basic / project / personnel / public / amount
    Column("name", Text, nullable=False),
    Column("amount", ExactDecimal, nullable=True),  # 万元, exact; None: printed blank
    Column("anchor", String(96), nullable=False, server_default=""),
)
Index("ix_figures_measure", figures.c.section, figures.c.code, figures.c.measure, figures.c.revision_id)

# added by migration 0008: the search index (``search.py``): names, table lines and sentences as jieba terms,
# indexed by FTS5 (table search_fts, SQLite) or, on PostgreSQL, by a GIN index on a stored column
# tsv = to_tsvector('simple', terms) that the migration adds (dialect-specific: not declared here)
search_entries = Table(
    "search_entries", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # department / project / line / sentence
    Column("revision_id", Integer, ForeignKey("revisions.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("department_id", Integer, ForeignKey("departments.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("text", Text, nullable=False),
    Column("detail", String(255), nullable=False, server_default=""),
    Column("anchor", String(96), nullable=False, server_default=""),
    Column("terms", Text, nullable=False),
)

# added by migration 0008: one row, counting the writes that change what the public portal shows (import,
# publish, withdraw, restore, re-check, rename, merge): the version lists and the explorer are cached under
data_version = Table(
    "data_version", metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)

# added by migration 0009: a version per (region, year, kind) of the documents visitors see, bumped by every
# write that changes one of them (``index.bump``): the explorer's and the export form's pages are fingerprinted
# by the versions of the scopes they show, so a write leaves the other regions' and years' pages valid
scope_versions = Table(
    "scope_versions", metadata,
    Column("region", String(128), primary_key=True),  # "" for a department without a region
    Column("year", Integer, primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("version", Integer, nullable=False),
)

# added by migration 0009: list pages built ahead (``yusuan.web.prebuild.refresh_lists``), gzip-compressed,
# under their canonical address and the fingerprint of what they show (served only while it still matches)
list_responses = Table(
    "list_responses", metadata,
    Column("address", String(512), primary_key=True),
    Column("etag", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("body", LargeBinary, nullable=False),
)
