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

    def sign_in(self, name: str, password: str, address: str = "",
                throttle: accounts.Throttle | None = None) -> accounts.SignIn:
        """Verify a sign-in within the throttle (see ``accounts``): a session, a lock, or a refusal.

        The argon2 verification runs outside any transaction; the counts are changed under row locks. At
        most two attempts run at once in a process (each costs 64 MB and a core for ~0.1 s).
        """
        throttle = throttle or accounts.Throttle()
        with accounts.attempt_slot():  # the lock is looked at and the failure counted inside one slot: a burst
            return self._sign_in(name, password, address.strip()[:128], throttle)  # is judged as it is counted

    def _sign_in(self, name: str, password: str, address: str, throttle: accounts.Throttle) -> accounts.SignIn:
        key = accounts.name_key(name)
        with self.read() as conn:
            blocked = accounts.current_lock(conn, "address", address) if address else None
            lock = accounts.current_lock(conn, "name", key)
            user, stored = accounts.password_hash(conn, key)
        if blocked is not None:  # refused before any verification: an address's lock says nothing of names
            return accounts.SignIn(lock=blocked)
        right = accounts.verify(stored if lock is None else accounts.dummy_hash(), password) and lock is None
        anonymous = Actor(name=f"登录尝试（{address or '地址未知'}）")
        if right and user is not None:
            with self.write() as conn:
                lock = accounts.clear_name(conn, key)  # locked meanwhile by parallel failures: still refused
                if lock is None:
                    accounts.rehash_if_needed(conn, user, stored, password)
                    token, session = accounts.create_session(conn, user)
                    accounts.audit(conn, Actor(name=user.name, user_id=user.id), "login", f"user:{user.name}",
                                   {"address": address})
                    return accounts.SignIn(user=user, token=token, session=session)
        started = None
        with self.write() as conn:
            if lock is None:
                started, lock = accounts.record_failure(conn, "name", key, throttle.failures, throttle)
            if lock is not None:
                accounts.audit(conn, anonymous, "login-locked", f"user:{key}", {"address": address})
                return accounts.SignIn(lock=lock)
            accounts.audit(conn, anonymous, "login-failed", f"user:{key}",
                           {"address": address, "reason": "unknown-user" if user is None else "wrong-password"})
            if started is not None:
                accounts.audit(conn, anonymous, "account-locked", f"user:{key}",
                               {"address": address, "until": started.until, "failures": throttle.failures})
            if address:
                blocked, _ = accounts.record_failure(conn, "address", address, throttle.address_failures, throttle)
                if blocked is not None:
                    accounts.audit(conn, anonymous, "address-locked", f"address:{address}",
                                   {"until": blocked.until, "failures": throttle.address_failures})
        return accounts.SignIn()

    def unlock(self, scope: str, key: str, actor: Actor | None = None) -> bool:
        """Lift the lock of an account name (``scope="name"``) or an address; whether there was anything."""
        with self.write() as conn:
            return accounts.unlock(conn, scope, key, actor or cli_actor())

    def login_locks(self) -> list[dict[str, Any]]:
        with self.read() as conn:
            return accounts.locks(conn)
