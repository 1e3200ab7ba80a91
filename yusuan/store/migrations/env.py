"""Alembic environment: runs on the engine handed over by ``yusuan.store.db.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

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
            # SQLite rebuilds tables to alter them: foreign keys are checked after, not during
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                context.configure(
                    connection=connection,
                    target_metadata=metadata,
                    render_as_batch=sqlite,  # SQLite cannot ALTER most things
                    compare_type=True,
                )
                context.run_migrations()
                if sqlite:
                    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise RuntimeError(f"foreign keys broken by the migration: {problems[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


if context.is_offline_mode():
    raise SystemExit("yusuan migrations run online only (yusuan.store.db.migrate)")
run()
