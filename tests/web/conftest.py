"""Web fixtures: the portal on a fresh SQLite database (PostgreSQL where a test asks for it)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from yusuan.model import Department, Disclosure
from yusuan.store import Actor, Store
from yusuan.web.app import all_routes, create_app
from yusuan.web.settings import Settings

PASSWORD = "correct horse battery"
STAFF = Actor(name="测试")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{tmp_path / 'web.sqlite3'}")
    yield s
    s.close()


@pytest.fixture
def settings() -> Settings:
    # no background render workers: a test builds the queued downloads itself (``render_worker.drain``);
    # uploads read in the test's own process (the worker processes are tested in test_offload.py)
    return Settings(upload_limit=256 * 1024, render_workers=0, read_workers=0)


@pytest.fixture
def app(store: Store, settings: Settings) -> FastAPI:
    return create_app(store, settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as c:
        yield c


def routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (path, method) the portal answers."""
    return {(path, method) for path, method, _ in all_routes(app)}


def sign_in(client: TestClient, store: Store, name: str = "zhang") -> str:
    """Sign in through the form as a new user; the session's CSRF token."""
    if name not in {u.name for u in store.list_users()}:
        store.add_user(name, PASSWORD)
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    answer = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token, "next": "/admin"})
    assert answer.status_code == 303, answer.text
    return str(client.get("/api/session").json()["csrf_token"])


def variant(d: Disclosure, name: str | None = None, year: int | None = None, region: str | None = None) -> Disclosure:
    dept = Department(name=name or d.department.name, region=region if region is not None else d.department.region)
    return d.model_copy(update={"department": dept, "year": year or d.year})


@pytest.fixture
def published(store: Store, seed: Disclosure, seed_path: Path) -> dict[str, int]:
    """The seed imported from its file and published; its ids."""
    result = store.import_path(seed_path, STAFF)
    store.publish(result.revision_id, STAFF)
    return {"department": result.department_id, "disclosure": result.disclosure_id, "revision": result.revision_id}
