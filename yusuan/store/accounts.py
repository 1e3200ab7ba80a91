"""Staff accounts: users with argon2 password hashes, database sessions, and the audit log.

Sessions live in the database (only the SHA-256 of the cookie token is stored), so any number of
servers on the same database share them and a restart signs nobody out.

Sign-in attempts are throttled in ``login_throttle``, per account name and per client address:

- failures are counted under a row lock (``record_failure``), so parallel attempts never lose one;
  the ``Throttle.failures``-th failure of a name within ``lock_minutes`` locks it for ``lock_minutes``,
  the ``address_failures``-th of an address locks the address;
- a name is counted and locked whether or not the account exists, and every attempt on a name costs
  exactly one argon2 verification (against a dummy hash for an unknown or locked name), so neither
  the answers nor their timing tell which names exist;
- a locked name is refused even with the right password until the lock expires or an administrator
  unlocks it (``unlock``); failed, refused and locking attempts are in the audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
import threading
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .errors import NotFound, StoreError
from .schema import audit_log, login_throttle, sessions, users
from .types import utcnow

SESSION_DAYS = 7
MAX_FAILED_LOGINS = 10
LOCK_MINUTES = 15
USER_NAME = re.compile(r"^[A-Za-z0-9_.@\-\u4e00-\u9fff]{1,64}$")
MIN_PASSWORD = 8

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("yusuan-timing-equaliser")


@dataclass(frozen=True)
class User:
    id: int
    name: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str
    expires_at: dt.datetime


def _actor_fields(actor: Any) -> tuple[str, int | None]:
    return getattr(actor, "name", str(actor)), getattr(actor, "user_id", None)


def audit(conn: Connection, actor: Any, action: str, target: str = "", detail: dict[str, Any] | None = None) -> None:
    name, user_id = _actor_fields(actor)
    conn.execute(audit_log.insert().values(at=utcnow(), user_id=user_id, actor=name[:128], action=action,
                                           target=target[:255],
                                           detail=json.dumps(detail or {}, ensure_ascii=False, default=str)))
    from .index import CHANGES, bump

    if action in CHANGES:  # what visitors see changed: lists and the explorer are cached under the data version
        bump(conn, target)


def add_user(conn: Connection, name: str, password: str, actor: Any) -> User:
    if not USER_NAME.match(name):
        raise StoreError("用户名只能包含字母、数字、汉字和 _ . @ -，长度 1 到 64")
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"密码至少 {MIN_PASSWORD} 个字符")
    if conn.execute(select(users.c.id).where(users.c.name == name)).first():
        raise StoreError(f"用户“{name}”已存在")
    now = utcnow()
    user_id = int(conn.execute(users.insert().values(name=name, password_hash=_hasher.hash(password),
                                                     created_at=now)).inserted_primary_key[0])  # type: ignore[index]
    audit(conn, actor, "user-add", f"user:{name}")
    return User(id=user_id, name=name, created_at=now)


def list_users(conn: Connection) -> list[User]:
    rows = conn.execute(select(users.c.id, users.c.name, users.c.created_at).order_by(users.c.name)).all()
    return [User(id=r.id, name=r.name, created_at=r.created_at) for r in rows]


def remove_user(conn: Connection, name: str, actor: Any) -> None:
    found = conn.execute(select(users.c.id).where(users.c.name == name)).first()
    if found is None:
        raise NotFound(f"用户“{name}”不存在")
    conn.execute(delete(sessions).where(sessions.c.user_id == found[0]))
    conn.execute(delete(users).where(users.c.id == found[0]))
    audit(conn, actor, "user-remove", f"user:{name}")


@dataclass(frozen=True)
class Throttle:
    """How many failed sign-ins lock an account name, or an address, and for how long."""

    failures: int = MAX_FAILED_LOGINS
    address_failures: int = 30
    lock_minutes: int = LOCK_MINUTES

    @property
    def period(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.lock_minutes)


@dataclass(frozen=True)
class Lock:
    """An account name or an address that is locked, and until when."""

    scope: str  # name / address
    key: str
    until: dt.datetime

    @property
    def retry_after(self) -> int:
        return max(1, int((self.until - utcnow()).total_seconds()) + 1)


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: a session (``token`` for the cookie), a lock refusing it, or neither
    (wrong name or password)."""

    user: User | None = None
    lock: Lock | None = None
    token: str = ""
    session: Session | None = None


#: sign-in attempts running at once in this process: each argon2 verification takes 64 MB and a core for
#: ~0.1 s, so a burst queues here instead of taking the server's memory
_ATTEMPTS = threading.BoundedSemaphore(2)


def attempt_slot() -> threading.BoundedSemaphore:
    """The context of one sign-in attempt (lock look-up, verification, counting)."""
    return _ATTEMPTS


def dummy_hash() -> str:
    return _DUMMY_HASH


def name_key(name: str) -> str:
    return name.strip()[:128]


def current_lock(conn: Connection, scope: str, key: str, now: dt.datetime | None = None) -> Lock | None:
    row = conn.execute(select(login_throttle.c.locked_until).where(login_throttle.c.scope == scope,
                                                                   login_throttle.c.key == key)).first()
    until = row[0] if row is not None else None
    return Lock(scope, key, until) if until is not None and until > (now or utcnow()) else None


def password_hash(conn: Connection, name: str) -> tuple[User | None, str]:
    """The user of this name and the hash to verify an attempt against (a dummy one when there is no user)."""
    row = conn.execute(select(users.c.id, users.c.name, users.c.created_at, users.c.password_hash)
                       .where(users.c.name == name)).first()
    if row is None:
        return None, _DUMMY_HASH
    return User(id=row.id, name=row.name, created_at=row.created_at), row.password_hash


def verify(stored_hash: str, password: str) -> bool:
    """One argon2 verification (``Store.sign_in`` runs it inside an ``attempt_slot``)."""
    try:
        return bool(_hasher.verify(stored_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _locked_row(conn: Connection, scope: str, key: str, now: dt.datetime) -> Any:
    """The throttle row of a name or address, created when missing, locked for this transaction."""
    insert = (sqlite_insert if conn.dialect.name == "sqlite" else pg_insert)(login_throttle)
    conn.execute(insert.values(scope=scope, key=key, failures=0, window_started_at=now).on_conflict_do_nothing())
    return conn.execute(select(login_throttle).where(login_throttle.c.scope == scope, login_throttle.c.key == key)
                        .with_for_update()).mappings().one()


def record_failure(conn: Connection, scope: str, key: str, limit: int, throttle: Throttle,
                   now: dt.datetime | None = None) -> tuple[Lock | None, Lock | None]:
    """Count a failed attempt of a name or address, atomically: (the lock it starts, if it starts one;
    the lock already there, set by a parallel attempt since this one looked, in which case it is not
    counted: it is refused like any attempt on a locked name)."""
    now = now or utcnow()
    row = _locked_row(conn, scope, key, now)
    if row["locked_until"] is not None and row["locked_until"] > now:
        return None, Lock(scope, key, row["locked_until"])
    fresh = row["window_started_at"] <= now - throttle.period
    failures = 1 if fresh else row["failures"] + 1
    window = now if fresh else row["window_started_at"]
    locked_until, started = row["locked_until"], None
    if failures >= limit:
        locked_until = now + throttle.period
        failures, window = 0, now  # after the lock, counting starts again
        started = Lock(scope, key, locked_until)
    conn.execute(update(login_throttle).where(login_throttle.c.scope == scope, login_throttle.c.key == key)
                 .values(failures=failures, window_started_at=window, locked_until=locked_until))
    return started, None


def clear_name(conn: Connection, name: str) -> Lock | None:
    """After the right password: the name's count starts again, unless it was locked meanwhile (then the lock)."""
    now = utcnow()
    key = name_key(name)
    row = conn.execute(select(login_throttle.c.locked_until).where(login_throttle.c.scope == "name",
                                                                   login_throttle.c.key == key).with_for_update()).first()
    if row is not None and row[0] is not None and row[0] > now:
        return Lock("name", key, row[0])
    conn.execute(delete(login_throttle).where(login_throttle.c.scope == "name", login_throttle.c.key == key))
    return None


def rehash_if_needed(conn: Connection, user: User, stored_hash: str, password: str) -> None:
    if _hasher.check_needs_rehash(stored_hash):
        conn.execute(update(users).where(users.c.id == user.id).values(password_hash=_hasher.hash(password)))


def unlock(conn: Connection, scope: str, key: str, actor: Any) -> bool:
    """Lift the lock (and forget the failures) of an account name or an address; whether there was one."""
    key = name_key(key) if scope == "name" else key.strip()
    found = conn.execute(delete(login_throttle).where(login_throttle.c.scope == scope,
                                                      login_throttle.c.key == key)).rowcount
    audit(conn, actor, "unlock", f"{'user' if scope == 'name' else 'address'}:{key}", {"had_failures": bool(found)})
    return bool(found)


def locks(conn: Connection) -> list[dict[str, Any]]:
    """Every name and address with failures or a lock now (for the administrators' page)."""
    now = utcnow()
    rows = conn.execute(select(login_throttle).order_by(login_throttle.c.scope, login_throttle.c.key)).mappings().all()
    return [{"scope": r["scope"], "key": r["key"], "failures": r["failures"],
             "locked_until": r["locked_until"] if r["locked_until"] and r["locked_until"] > now else None}
            for r in rows if r["failures"] or (r["locked_until"] and r["locked_until"] > now)]


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_session(conn: Connection, user: User) -> tuple[str, Session]:
    """A new session: the cookie token (given to the browser only) and the session."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    expires = now + dt.timedelta(days=SESSION_DAYS)
    csrf = secrets.token_urlsafe(32)
    conn.execute(sessions.insert().values(id=_token_id(token), user_id=user.id, csrf_token=csrf, created_at=now,
                                          expires_at=expires))
    conn.execute(delete(sessions).where(sessions.c.expires_at < now))
    return token, Session(user=user, csrf_token=csrf, expires_at=expires)


def load_session(conn: Connection, token: str) -> Session | None:
    if not token or len(token) > 128:
        return None
    row = conn.execute(
        select(sessions.c.csrf_token, sessions.c.expires_at, users.c.id, users.c.name, users.c.created_at)
        .join(users, users.c.id == sessions.c.user_id)
        .where(sessions.c.id == _token_id(token))
    ).first()
    if row is None or row.expires_at <= utcnow():
        return None
    return Session(user=User(id=row.id, name=row.name, created_at=row.created_at), csrf_token=row.csrf_token,
                   expires_at=row.expires_at)


def end_session(conn: Connection, token: str) -> None:
    conn.execute(delete(sessions).where(sessions.c.id == _token_id(token)))


def audit_entries(conn: Connection, offset: int = 0, limit: int = 50) -> tuple[list[dict[str, Any]], int]:
    total = int(conn.execute(select(func.count()).select_from(audit_log)).scalar() or 0)
    rows = conn.execute(select(audit_log).order_by(audit_log.c.id.desc()).offset(offset).limit(limit)).mappings().all()
    return [{**dict(r), "detail": json.loads(r["detail"] or "{}")} for r in rows], total
