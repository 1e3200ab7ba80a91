"""Store fixtures: the same tests run on SQLite and on PostgreSQL (a fresh schema per test)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from yusuan.store import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'yusuan.sqlite3'}"
        return
    from yusuan.store.testing import temporary_schema

    base = request.getfixturevalue("postgres_url")
    with temporary_schema(base) as url:
        yield url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store.open(db_url)
    yield s
    s.close()
