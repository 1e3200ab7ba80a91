"""``Store``: the one interface to the database, the same for SQLite and PostgreSQL.

Each method is one transaction. Reading a file and checking it happen before the transaction
(they are slow and need no database), so a write holds its locks for milliseconds.
"""

from __future__ import annotations

import getpass
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from ..model import Disclosure
from . import accounts, identity, reads, writes
from .db import describe, migrate, open_engine, writing
from .identity import Actor
from .writes import CheckResult, ImportResult


def cli_actor() -> Actor:
    try:
        who = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        who = "?"
    return Actor(name=f"命令行（{who}）")


class Store:
    """A yusuan database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._quick = threading.local()
        self._quick_all: list[tuple[threading.Thread, Connection]] = []
        self._quick_lock = threading.Lock()

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool = True, **engine_options: Any) -> Store:
        """Open (and by default create or upgrade) the database at ``url`` (see ``db.database_url``)."""
        engine = open_engine(url, **engine_options)
        if upgrade:
            migrate(engine)
        return cls(engine)

    @property
    def url(self) -> str:
        return describe(self.engine.url.render_as_string(hide_password=False))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        with self._quick_lock:
            for _, conn in self._quick_all:
                with suppress(Exception):
                    conn.close()
            self._quick_all.clear()
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def quick_read(self) -> Iterator[Connection]:
        """A kept autocommit connection of the calling thread, for short look-ups from a server's event loop.

        Each statement sees the latest committed data, with no checkout, ping, BEGIN or ROLLBACK around
        it: on PostgreSQL a page view's look-ups cost their own round trips only. Each thread has its own
        connection (use it from the event loop only, not from a pool of worker threads), given back to the
        pool once its thread has ended; one that fails is dropped and the next call opens a new one.
        """
        conn: Connection | None = getattr(self._quick, "conn", None)
        if conn is None or conn.closed or conn.invalidated:
            with self._quick_lock:  # the connections of event loops that have ended (tests start many)
                ended = [c for thread, c in self._quick_all if not thread.is_alive()]
                self._quick_all = [(t, c) for t, c in self._quick_all if t.is_alive()]
            for old in ended:
                with suppress(Exception):
                    old.close()
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self._quick.conn = conn
            with self._quick_lock:
                self._quick_all.append((threading.current_thread(), conn))
        try:
            yield conn
        except DBAPIError:
            self._quick.conn = None
            with suppress(Exception):
                conn.close()
            raise

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (on SQLite it takes the write lock at once: see ``db``)."""
        with writing(self.engine) as conn:
            yield conn

    # -- documents -------------------------------------------------------------------------

    def prior_of(self, d: Disclosure) -> Disclosure | None:
        """Last year's document of the same department and kind, where stored."""
        if d.year is None:
            return None
        with self.read() as conn:
            department_id = identity.find(conn, d.department.name, d.department.region)
            if department_id is None:
                return None
            blob = reads.latest_model_of(conn, department_id, d.year - 1, d.kind)
        return writes.unpack_model(blob) if blob else None

    def check(self, d: Disclosure) -> CheckResult:
        return writes.run_checks(d, prior=self.prior_of(d))

    def import_document(self, d: Disclosure, actor: Actor | None = None, *, source: bytes | None = None,
                        source_name: str = "", source_format: str = "", note: str = "",
                        checked: CheckResult | None = None) -> ImportResult:
        """Check ``d`` and store it as a new revision of its disclosure."""
        checked = checked if checked is not None else self.check(d)
        with self.write() as conn:
            return writes.import_document(conn, d, checked, actor or cli_actor(), source=source,
                                          source_name=source_name, source_format=source_format or d.source.format,
                                          note=note)

    def import_path(self, path: str | Path, actor: Actor | None = None) -> ImportResult:
        """Read a file (raises ``ReadError``), check it and store it."""
        from ..readers import read

        p = Path(path)
        d = read(p)
        return self.import_document(d, actor, source=p.read_bytes(), source_name=p.name,
                                    source_format=d.source.format)

    def publish(self, revision_id: int, actor: Actor) -> None:
        with self.write() as conn:
            writes.publish(conn, revision_id, actor)

    def unpublish(self, disclosure_id: int, actor: Actor) -> None:
        with self.write() as conn:
            writes.unpublish(conn, disclosure_id, actor)

    def restore(self, revision_id: int, actor: Actor) -> ImportResult:
        with self.read() as conn:
            model = writes.unpack_model(reads.model_blob(conn, revision_id))
        checked = self.check(model)
        with self.write() as conn:
            return writes.restore(conn, revision_id, checked, actor)

    def recheck(self, revision_id: int, actor: Actor) -> int:
        """Run the current rules again on a stored revision (a new check run; the revision is unchanged)."""
        with self.read() as conn:
            model = writes.unpack_model(reads.model_blob(conn, revision_id))
        checked = self.check(model)
        with self.write() as conn:
            run_id = writes.record_check(conn, revision_id, checked, actor)
            accounts.audit(conn, actor, "recheck", f"revision:{revision_id}", {"check_run": run_id})
            return run_id

    def model(self, revision_id: int) -> Disclosure:
        with self.read() as conn:
            return writes.unpack_model(reads.model_blob(conn, revision_id))

    # -- departments -----------------------------------------------------------------------

    def rename_department(self, department_id: int, new_name: str, actor: Actor, year: int | None = None,
                          note: str = "") -> None:
        with self.write() as conn:
            identity.rename(conn, department_id, new_name, actor, year, note)
            accounts.audit(conn, actor, "rename", f"department:{department_id}", {"name": new_name, "year": year})

    def merge_departments(self, keep_id: int, absorb_id: int, actor: Actor, year: int | None = None,
                          note: str = "") -> None:
        with self.write() as conn:
            identity.merge(conn, keep_id, absorb_id, actor, year, note)
            accounts.audit(conn, actor, "merge", f"department:{keep_id}", {"absorbed": absorb_id, "year": year})

    # -- users -----------------------------------------------------------------------------

    def add_user(self, name: str, password: str, actor: Actor | None = None) -> accounts.User:
        with self.write() as conn:
            return accounts.add_user(conn, name, password, actor or cli_actor())

    def list_users(self) -> list[accounts.User]:
        with self.read() as conn:
            return accounts.list_users(conn)

    def remove_user(self, name: str, actor: Actor | None = None) -> None:
        with self.write() as conn:
            accounts.remove_user(conn, name, actor or cli_actor())
