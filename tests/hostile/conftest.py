"""Fixtures of the hostile-input suite: the command line as a user runs it, the portal, both databases.

Every test here answers one numbered item of issue 13 (its docstring says which) and asserts the
exact exit code or HTTP status, one clear line, and that nothing partial was left behind:

- items 1–3 (sign-in attacks, the login-attack test): ``test_accounts.py``
- item 4 (downloads rendered in the request): ``test_downloads.py``
- items 5, 10–13, 15 (hostile and clumsy input, every way in): ``test_input_limits.py``
- items 6–9 (server paths, ids out of range, cache headers, Host-header links): ``test_portal.py``
- item 14 (concurrent writers, first-time schema creation; 4–8 processes at once): ``test_concurrency.py``
- item 16 (timing races): ``tests/batch/test_resume.py`` holds the run at a gate and interrupts it in a
  known state; no test in this suite waits for a time, only for a state.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from yusuan.store import Store
from yusuan.web.app import create_app
from yusuan.web.settings import Settings

PASSWORD = "correct horse battery"


def run_cli(*args: str | Path, stdin: str | None = None, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``yusuan ARGS`` in its own process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "yusuan", *map(str, args)], capture_output=True, text=True,
                          timeout=600, input=stdin, env={**os.environ, **(env or {})}, cwd=cwd)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single error line a refusal prints (no traceback, nothing else on standard error)."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr, result.stderr
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database that does not exist yet (SQLite file) or an empty schema (PostgreSQL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hostile.sqlite3'}"
        return
    from yusuan.store.testing import temporary_schema

    with temporary_schema(request.getfixturevalue("postgres_url"), "yusuan_hostile") as url:
        yield url


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{tmp_path / 'web.sqlite3'}")
    yield s
    s.close()


@pytest.fixture
def settings() -> Settings:
    return Settings(upload_limit=2 * 1024 * 1024, render_workers=0, login_failures=10, login_address_failures=1000)


@pytest.fixture
def app(store: Store, settings: Settings) -> FastAPI:
    return create_app(store, settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as c:
        yield c


def api_sign_in(client: TestClient, store: Store, name: str = "zhang") -> str:
    """Sign in through the API as a (new) user; the CSRF token."""
    if name not in {u.name for u in store.list_users()}:
        store.add_user(name, PASSWORD)
    answer = client.post("/api/session", json={"name": name, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["csrf_token"])


def counts(store: Store) -> dict[str, int]:
    """Rows of every table that a write fills: nothing partial may be left by a refusal."""
    from sqlalchemy import func, select

    from yusuan.store.schema import blobs, check_runs, departments, disclosures, findings, projects, revisions

    with store.read() as conn:
        return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for t in (departments, disclosures, revisions, blobs, check_runs, findings, projects)}
