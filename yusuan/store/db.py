"""Where the database is and how to open it.

- ``YUSUAN_DATABASE_URL`` names any SQLAlchemy URL (``postgresql://user@host/db`` is read as
  psycopg 3; ``sqlite:///path``).
- Otherwise a SQLite file: ``$YUSUAN_HOME/yusuan.sqlite3`` when ``YUSUAN_HOME`` is set, else
  ``$XDG_DATA_HOME/yusuan/yusuan.sqlite3`` (``~/.local/share/yusuan/yusuan.sqlite3``).

``open_engine(url)`` creates the engine (SQLite: WAL, foreign keys, a busy timeout so that a
server and an import can write at the same time) and ``migrate(engine)`` brings the schema to the
newest revision with the Alembic migrations packaged in ``yusuan.store.migrations``.

Concurrent writers (several imports, servers and commands at once) are safe by locks, not luck:

- SQLite: yusuan begins every transaction itself (pysqlite's own BEGIN comes late and never before
  DDL); a write (``writing``) begins ``BEGIN IMMEDIATE``, taking the database's write lock before it
  reads what it will write (a revision number, whether a table exists), so writers queue (busy
  timeout 30 s) instead of failing on a stale snapshot. A migration is one such transaction.
- PostgreSQL: a migration holds an advisory lock for its schema; a new revision locks its
  disclosure's row before numbering it (``writes``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

ENV_URL = "YUSUAN_DATABASE_URL"
ENV_HOME = "YUSUAN_HOME"


def data_home() -> Path:
    """The per-user directory holding the default database."""
    if os.environ.get(ENV_HOME):
        return Path(os.environ[ENV_HOME]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "yusuan"


def default_url() -> str:
    return f"sqlite:///{data_home() / 'yusuan.sqlite3'}"


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``YUSUAN_DATABASE_URL``, else the per-user SQLite file."""
    url = url or os.environ.get(ENV_URL) or default_url()
    return normalize_url(url)


def normalize_url(url: str) -> str:
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def open_engine(url: str | None = None, **kwargs: Any) -> Engine:
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        # a server answers from a thread pool of 40: let each thread keep a connection
        kwargs.setdefault("pool_size", 20)
        kwargs.setdefault("max_overflow", 30)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    return create_engine(url, **kwargs)


#: address space SQLite may map per connection (not memory used: the pages are the operating system's file cache)
MMAP_BYTES = 1 << 30

WRITE = "yusuan_write"  # execution option of a connection that will write: SQLite begins IMMEDIATE


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # read the file through a memory map: a page read is no copy into each connection's own cache (a server's
    # 20 connections would each hold their own copy of the search index's hot pages)
    cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    cursor.close()
    dbapi_connection.isolation_level = None  # transactions are begun by _sqlite_begin


def _sqlite_begin(conn: Connection) -> None:
    options = conn.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":
        return
    conn.connection.dbapi_connection.isolation_level = None  # type: ignore[union-attr]  # a pool reset sets it back
    conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE) else "BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction (committed at the end, rolled back on an error); on SQLite it holds the write
    lock from its first statement."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            yield conn


def _alembic_config(engine: Engine):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "yusuan.store:migrations")
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` (default: the newest)."""
    from alembic import command

    command.upgrade(_alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(_alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return str(ScriptDirectory.from_config(_alembic_config(None)).get_current_head())  # type: ignore[arg-type]


def is_empty(engine: Engine) -> bool:
    return not inspect(engine).get_table_names()
