"""Stored public responses (table ``public_responses``): a visitor's complete page or JSON twin,
gzip-compressed, under the fingerprint of everything it shows.

The store does not know how a response is built (``yusuan.web.public`` does); it keeps one row per
(scope, object, format) and answers the bytes only while the caller's fingerprint still matches, so
a stored response can be out of date but is never served so.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError

from .schema import list_responses, public_responses
from .types import utcnow


@lru_cache(maxsize=1)
def _statements() -> dict[str, Select[Any]]:
    # built once: a page view runs one of them (constructing a statement costs more than running it)
    key = (public_responses.c.scope == bindparam("scope"), public_responses.c.object_id == bindparam("object_id"),
           public_responses.c.format == bindparam("format"))
    return {"body": select(public_responses.c.body).where(*key, public_responses.c.etag == bindparam("etag")),
            "etag": select(public_responses.c.etag).where(*key)}


def body(conn: Connection, scope: str, object_id: int, fmt: str, etag: str) -> bytes | None:
    """The stored gzip bytes, if stored under this fingerprint."""
    found = conn.execute(_statements()["body"], {"scope": scope, "object_id": object_id, "format": fmt,
                                                 "etag": etag}).scalar()
    return None if found is None else bytes(found)


def etag(conn: Connection, scope: str, object_id: int, fmt: str) -> str | None:
    """The fingerprint a response is stored under, if any."""
    found = conn.execute(_statements()["etag"], {"scope": scope, "object_id": object_id, "format": fmt}).scalar()
    return None if found is None else str(found)


def save(conn: Connection, scope: str, object_id: int, fmt: str, etag: str, gz: bytes) -> None:
    """Store (or replace) a response; two servers storing the same one at once is fine."""
    values = {"etag": etag, "body": gz, "created_at": utcnow()}
    changed = update(public_responses).where(public_responses.c.scope == scope, public_responses.c.object_id == object_id,
                                             public_responses.c.format == fmt).values(**values)
    if conn.execute(changed).rowcount:
        return
    try:
        with conn.begin_nested():
            conn.execute(public_responses.insert().values(scope=scope, object_id=object_id, format=fmt, **values))
    except IntegrityError:
        conn.execute(changed)  # inserted meanwhile by another server: the newer build wins


def clear(conn: Connection, scope: str | None = None) -> int:
    """Forget stored responses (all, or of one scope; ``list``: the list pages built ahead): they are built again
    at their next view."""
    count = 0
    if scope in (None, "list"):
        count += int(conn.execute(delete(list_responses)).rowcount or 0)
    if scope != "list":
        query = delete(public_responses)
        if scope is not None:
            query = query.where(public_responses.c.scope == scope)
        count += int(conn.execute(query).rowcount or 0)
    return count


# -- list pages built ahead (table ``list_responses``) ----------------------------------------------------------

@lru_cache(maxsize=1)
def _list_statements() -> dict[str, Select[Any]]:
    address = list_responses.c.address == bindparam("address")
    return {"body": select(list_responses.c.body).where(address, list_responses.c.etag == bindparam("etag")),
            "etag": select(list_responses.c.etag).where(address)}


def list_body(conn: Connection, address: str, etag: str) -> bytes | None:
    """A list page's gzip bytes built ahead, if stored under this fingerprint."""
    found = conn.execute(_list_statements()["body"], {"address": address, "etag": etag}).scalar()
    return None if found is None else bytes(found)


def list_etag(conn: Connection, address: str) -> str | None:
    found = conn.execute(_list_statements()["etag"], {"address": address}).scalar()
    return None if found is None else str(found)


def save_list(conn: Connection, address: str, etag: str, gz: bytes) -> None:
    """Store (or replace) a list page built ahead; two writers storing the same one at once is fine."""
    values = {"etag": etag, "body": gz, "created_at": utcnow()}
    changed = update(list_responses).where(list_responses.c.address == address).values(**values)
    if conn.execute(changed).rowcount:
        return
    try:
        with conn.begin_nested():
            conn.execute(list_responses.insert().values(address=address, **values))
    except IntegrityError:
        conn.execute(changed)
