"""Issue 13, items 6–9: what the portal gives away or gets wrong when asked oddly — server paths, ids beyond
the integer range, cache headers of private responses, links built from the Host header."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from yusuan.store import Actor, Store, reads
from yusuan.web import render_worker
from yusuan.web.app import create_app
from yusuan.web.settings import Settings

from .conftest import api_sign_in, run_cli

STAFF = Actor(name="测试")


@pytest.fixture
def imported(tmp_path: Path, seed_path: Path) -> tuple[str, Path]:
    """The seed imported and published from the command line, from a server directory of its own."""
    folder = tmp_path / "srv" / "预算数据" / "2021"
    folder.mkdir(parents=True)
    document = folder / "水磨沟区政府办公室.txt"
    document.write_bytes(seed_path.read_bytes())
    url = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    done = run_cli("import", document, "--publish", "--database", url)
    assert done.returncode == 0, done.stderr
    return url, folder


def test_no_server_path_reaches_the_public(imported: tuple[str, Path]) -> None:
    """Item 6: public pages and JSON showed the server's absolute path of an imported document."""
    url, folder = imported
    store = Store.open(url)
    app = create_app(store, Settings(render_workers=0))
    render_worker.drain(store)
    with TestClient(app) as client:
        with store.read() as conn:
            info = reads.disclosure(conn, 1, public=True)
        revision = info.shown.id  # type: ignore[union-attr]
        pages = [f"/disclosures/{info.id}", f"/api/disclosures/{info.id}", f"/revisions/{revision}",
                 f"/api/revisions/{revision}", f"/departments/{info.department.id}",
                 f"/api/departments/{info.department.id}", "/", "/api/", "/search?q=水磨沟", "/api/search?q=水磨沟"]
        downloads = [f"/revisions/{revision}/download/{fmt}"
                     for fmt in ("json", "yaml", "csv", "findings", "report", "text", "html")]
        bodies = {}
        for page in pages + downloads:
            answer = client.get(page)
            assert answer.status_code == 200, page
            bodies[page] = answer.text
        for page, text in bodies.items():
            assert str(folder) not in text and "/srv/" not in text, page
        model = json.loads(bodies[f"/revisions/{revision}/download/json"])
        assert model["source"]["path"] == "水磨沟区政府办公室.txt"
    store.close()


def test_paths_stored_before_are_scrubbed_by_the_migration(tmp_path: Path, seed_path: Path) -> None:
    """Item 6: migration 0007 rewrites models and findings stored with paths, and empties the caches."""
    from sqlalchemy import update

    from yusuan.store.db import downgrade, migrate
    from yusuan.store.schema import findings, revisions

    store = Store.open(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    result = store.import_path(seed_path, STAFF)
    downgrade(store.engine, "0006")
    with store.write() as conn:  # as an older yusuan stored it: the absolute path everywhere
        blob = reads.model_blob(conn, result.revision_id)
        name = seed_path.name  # the seed's own name, or the copy in tests/fixtures where ../shared is absent
        text = zlib.decompress(blob).decode().replace(f'"{name}', f'"/srv/data/{name}')
        conn.execute(update(revisions).values(model=zlib.compress(text.encode())))
        conn.execute(update(findings).values(location='{"file": "/srv/data/x.txt", "line": 3}'))
    migrate(store.engine)
    with store.read() as conn:
        stored = zlib.decompress(reads.model_blob(conn, result.revision_id)).decode()
        locations = [row[0] for row in conn.execute(findings.select().with_only_columns(findings.c.location))]
    assert "/srv/" not in stored and f'"path":"{seed_path.name}"' in stored
    assert all("/srv/" not in loc for loc in locations) and '"x.txt"' in locations[0]
    store.close()


@pytest.mark.parametrize("path", ["/disclosures/{n}", "/api/disclosures/{n}", "/revisions/{n}", "/api/revisions/{n}",
                                  "/departments/{n}", "/api/departments/{n}", "/disclosures/{n}/history",
                                  "/revisions/{n}/download/pdf", "/api/compare?d={n}"])
@pytest.mark.parametrize("number", ["2147483648", "99999999999999999999", "9" * 5000])
def test_ids_out_of_range_are_not_found(client: TestClient, path: str, number: str) -> None:
    """Item 7: an id beyond the database's integer range answered 500 with a traceback in the log."""
    answer = client.get(path.format(n=number))
    assert answer.status_code == 404
    if path.startswith("/api"):
        assert answer.json()["error"]["code"] == "not-found"


def test_ids_out_of_range_in_staff_writes(client: TestClient, store: Store) -> None:
    token = api_sign_in(client, store)
    headers = {"X-CSRF-Token": token}
    for url in ("/api/revisions/99999999999/publish", "/api/disclosures/99999999999/unpublish",
                "/api/revisions/99999999999/recheck", "/api/departments/99999999999/rename"):
        assert client.post(url, headers=headers, json={"name": "x"}).status_code == 404, url
    merged = client.post("/api/departments/1/merge", headers=headers, json={"absorb": "99999999999"})
    assert merged.status_code == 404
    assert client.get("/api/admin?page=99999999999").status_code == 422


def test_private_responses_are_never_cached(client: TestClient, store: Store) -> None:
    """Item 8: staff pages and the session endpoint (which returns the CSRF token) carried no
    ``Cache-Control: private, no-store`` / ``Vary: Cookie``, although docs/portal.md says they do."""
    for url in ("/api/session", "/login"):
        answer = client.get(url)
        assert answer.headers["cache-control"] == "private, no-store" and "Cookie" in answer.headers["vary"], url
    api_sign_in(client, store)
    for url in ("/api/session", "/admin", "/api/admin", "/admin/audit", "/admin/users", "/admin/upload", "/",
                "/api/departments", "/search?q=x"):
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert answer.headers["cache-control"] == "private, no-store", url
        assert "Cookie" in [v.strip() for v in answer.headers["vary"].split(",")], url


def test_links_come_from_the_configured_address_not_the_host_header(store: Store) -> None:
    """Item 9: links in the JSON (``pagination.next``, ``json_url``) were built from the Host header, which a
    client chooses (cache poisoning, phishing links). Now relative, or under ``YUSUAN_PUBLIC_URL``."""
    from yusuan.generate import generate

    for i in range(3):
        r = store.import_document(generate(i, year=2021), STAFF)
        store.publish(r.revision_id, STAFF)
    hostile = {"host": "evil.example"}
    with TestClient(create_app(store, Settings(render_workers=0))) as client:
        data = client.get("/api/departments?per_page=1", headers=hostile).json()
        assert data["pagination"]["next"] == "/api/departments?per_page=1&page=2"
        assert data["json_url"].startswith("/api/departments")
        assert "evil.example" not in client.get("/departments?per_page=1", headers=hostile).text
        assert "evil.example" not in client.get("/compare?d=1&d=2", headers=hostile).text
        for csv_url in ("/api/departments?format=csv", "/api/explore?section=total&format=csv"):
            assert "evil.example" not in client.get(csv_url, headers=hostile).content.decode("utf-8-sig"), csv_url
    configured = Settings(render_workers=0, public_url="https://yusuan.example.gov.cn")
    with TestClient(create_app(store, configured)) as client:
        data = client.get("/api/search?q=部门&per_page=1", headers=hostile).json()
        assert data["json_url"].startswith("https://yusuan.example.gov.cn/api/search")
        data = client.get("/api/departments?per_page=1", headers=hostile).json()
        assert data["pagination"]["next"] == "https://yusuan.example.gov.cn/api/departments?per_page=1&page=2"
        rows = client.get("/api/departments?format=csv", headers=hostile).content.decode("utf-8-sig").splitlines()
        assert rows[1].endswith(",https://yusuan.example.gov.cn/departments/1") or \
            rows[1].split(",")[-1].startswith("https://yusuan.example.gov.cn/departments/")
