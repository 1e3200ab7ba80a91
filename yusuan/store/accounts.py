"""Staff accounts: users with argon2 password hashes, database sessions, and the audit log.

Sessions live in the database (only the SHA-256 of the cookie token is stored), so any number of
servers on the same database share them and a restart signs nobody out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, delete, func, select, update

from .errors import NotFound, StoreError
from .schema import audit_log, sessions, users
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
        bump(conn)


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


def authenticate(conn: Connection, name: str, password: str) -> User | None:
    """The user when the password is right (and the account not locked), else None."""
    row = conn.execute(select(users).where(users.c.name == name)).mappings().first()
    if row is None:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)  # same time whether or not the name exists
        return None
    now = utcnow()
    if row["locked_until"] is not None and row["locked_until"] > now:
        return None
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        failed = row["failed_logins"] + 1
        values: dict[str, Any] = {"failed_logins": failed}
        if failed >= MAX_FAILED_LOGINS:
            values = {"failed_logins": 0, "locked_until": now + dt.timedelta(minutes=LOCK_MINUTES)}
        conn.execute(update(users).where(users.c.id == row["id"]).values(**values))
        return None
    values = {"failed_logins": 0, "locked_until": None}
    if _hasher.check_needs_rehash(row["password_hash"]):
        values["password_hash"] = _hasher.hash(password)
    conn.execute(update(users).where(users.c.id == row["id"]).values(**values))
    return User(id=row["id"], name=row["name"], created_at=row["created_at"])


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
