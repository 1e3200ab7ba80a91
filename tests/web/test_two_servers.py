"""Two servers on one PostgreSQL database: sessions, publication and pages agree, with no state
held in either process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from yusuan.model import Disclosure
from yusuan.store import Store
from yusuan.store.testing import temporary_schema
from yusuan.web.app import create_app
from yusuan.web.settings import Settings

from .conftest import PASSWORD, STAFF


@pytest.fixture
def pg_url(postgres_url: str) -> Iterator[str]:
    with temporary_schema(postgres_url) as url:
        yield url


def test_a_second_server_shares_sessions_and_publication(pg_url: str, seed: Disclosure) -> None:
    first_store, second_store = Store.open(pg_url), Store.open(pg_url)
    first_store.add_user("zhao", PASSWORD)
    result = first_store.import_document(seed, STAFF, source=b"x", source_name="x.txt")
    a = TestClient(create_app(first_store, Settings()), follow_redirects=False)
    b = TestClient(create_app(second_store, Settings()), follow_redirects=False)
    public = TestClient(create_app(second_store, Settings()), follow_redirects=False)
    url = f"/api/disclosures/{result.disclosure_id}"
    assert public.get(url).status_code == 404
    a.get(url)  # server A caches the page
    signed = a.post("/api/session", json={"name": "zhao", "password": PASSWORD})
    token = signed.json()["csrf_token"]
    b.cookies.set("yusuan_session", a.cookies.get("yusuan_session"))  # same browser, other server
    assert b.get("/api/session").json()["user"] == "zhao"
    assert b.post(f"/api/revisions/{result.revision_id}/publish", headers={"X-CSRF-Token": token}).status_code == 200
    assert public.get(url).status_code == 200
    a.cookies.clear()
    assert a.get(url).json()["published_revision_id"] == result.revision_id  # A sees B's write at once
    b.post(f"/api/disclosures/{result.disclosure_id}/unpublish", headers={"X-CSRF-Token": token})
    assert a.get(url).status_code == 404  # and the withdrawal, despite its cache
    cookie = b.cookies.get("yusuan_session")
    assert cookie and b.delete("/api/session", headers={"X-CSRF-Token": token}).status_code == 200
    a.cookies.set("yusuan_session", cookie)
    assert a.get("/api/session").json()["user"] is None  # signed out everywhere
    for client in (a, b, public):
        client.close()
    first_store.close()
    second_store.close()
