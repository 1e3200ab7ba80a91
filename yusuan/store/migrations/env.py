"""Alembic environment: runs on the engine handed over by ``yusuan.store.db.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, Engine

from yusuan.store.db import WRITE
from yusuan.store.schema import metadata

config = context.config


def run() -> None:
    engine = config.attributes.get("engine")
    if not isinstance(engine, Engine):
        from yusuan.store.db import open_engine

        engine = open_engine(config.get_main_option("sqlalchemy.url") or None)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # SQLite rebuilds tables to alter them: foreign keys are checked after, not during (a pragma
            # that only acts outside a transaction: sent on the driver's connection, before BEGIN)
            _pragma(connection, "PRAGMA foreign_keys=OFF")
        connection.execution_options(**{WRITE: True})  # SQLite: BEGIN IMMEDIATE, one migrating at a time
        try:
            with connection.begin():
                if not sqlite:  # PostgreSQL: one migration of this schema at a time
                    connection.exec_driver_sql(
                        "SELECT pg_advisory_xact_lock(hashtext('yusuan-migrate:' || current_schema()))")
                context.configure(
                    connection=connection,
                    target_metadata=metadata,
                    render_as_batch=sqlite,  # SQLite cannot ALTER most things
                    compare_type=True,
                    transactional_ddl=True,  # SQLite too: the whole upgrade is one transaction
                )
                context.run_migrations()
                if sqlite:
                    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise RuntimeError(f"foreign keys broken by the migration: {problems[:5]}")
        finally:
            if sqlite:
                _pragma(connection, "PRAGMA foreign_keys=ON")


def _pragma(connection: Connection, statement: str) -> None:
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(statement)
    finally:
        cursor.close()


if context.is_offline_mode():
    raise SystemExit("yusuan migrations run online only (yusuan.store.db.migrate)")
run()
