"""A throw-away PostgreSQL schema for tests and benchmarks (parallel runs never collide)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from .db import normalize_url


@contextmanager
def temporary_schema(base_url: str, prefix: str = "yusuan_test") -> Iterator[str]:
    """A URL whose connections use a new, empty schema; the schema is dropped afterwards."""
    base_url = normalize_url(base_url)
    schema = f"{prefix}_{secrets.token_hex(6)}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


__all__ = ["temporary_schema"]
