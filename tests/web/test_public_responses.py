"""Visitors' responses stored whole in the database (``yusuan.web.public``): built ahead at import and
after every staff write, served as stored by any server, and never shown once out of date, whoever
changed the database and whether or not anybody rebuilt them."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from yusuan.model import Disclosure
from yusuan.store import Store, reads, responses
from yusuan.web import document, prebuild, views_disclosure, views_public
from yusuan.web.app import create_app
from yusuan.web.render import render_page
from yusuan.web.settings import Settings

from .conftest import STAFF, sign_in, variant

MISTAKE = ("项目支出 131.04 万元，占 22.02%", "项目支出 131.04 万元，占 25.02%")


@pytest.fixture(params=["sqlite", "postgresql"])
def shared(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A store on SQLite or on a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        s = Store.open(f"sqlite:///{tmp_path / 'shared.sqlite3'}")
        yield s
        s.close()
        return
    from yusuan.store.testing import temporary_schema

    with temporary_schema(request.getfixturevalue("postgres_url")) as url:
        s = Store.open(url)
        yield s
        s.close()


def _stored(store: Store, scope: str, object_id: int, fmt: str) -> str | None:
    with store.read() as conn:
        return responses.etag(conn, scope, object_id, fmt)


def _no_building(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> Any:
        raise AssertionError("the stored response should have been served")

    for module, name in ((views_disclosure, "build"), (views_public, "build_department"), (document, "render_body")):
        monkeypatch.setattr(module, name, refuse)


def test_import_builds_what_visitors_get_and_any_server_serves_it(store: Store, published: dict[str, int],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    document.prerender(store, published["revision"])  # as `yusuan import` does
    for scope, object_id in (("revision", published["revision"]), ("department", published["department"])):
        for fmt in ("html", "json"):
            assert _stored(store, scope, object_id, fmt), (scope, fmt)
    _no_building(monkeypatch)
    with TestClient(create_app(store, Settings())) as other:  # another server: nothing in its memory
        url = f"/disclosures/{published['disclosure']}"
        page = other.get(url, headers={"Accept-Encoding": "gzip"})
        assert page.status_code == 200 and "表一" in page.text and "工作人员登录" in page.text
        assert page.headers["content-encoding"] == "gzip" and page.headers["cache-control"] == "no-cache"
        assert page.headers["vary"] == "Accept-Encoding, Cookie"
        tag = page.headers["etag"]
        assert tag == f'W/"{_stored(store, "revision", published["revision"], "html")}"'
        plain = other.get(url, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers and plain.text == page.text and plain.headers["etag"] == tag
        refused = other.get(url, headers={"Accept-Encoding": "gzip;q=0, br"})
        assert "content-encoding" not in refused.headers
        again = other.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
        assert other.get(url, headers={"If-None-Match": 'W/"other"'}).status_code == 200
        # the published revision's own address is the same response
        assert other.get(f"/revisions/{published['revision']}").headers["etag"] == tag
        data = other.get(f"/api{url}").json()
        assert data["document"]["summary"]["expenditure_total"] == "595.08" and data["findings"]
        department = other.get(f"/api/departments/{published['department']}")
        assert department.json()["department"]["name"] == "乌鲁木齐市水磨沟区人民政府办公室"
        assert other.get(f"/departments/{published['department']}").headers["content-encoding"] == "gzip"


def test_the_same_bytes_as_built_at_each_view(client: TestClient, store: Store, published: dict[str, int]) -> None:
    """A stored response is byte for byte what the dynamic path gives (staff see the same revision here: it is
    published)."""
    disclosure = f"/api/disclosures/{published['disclosure']}"
    department = f"/api/departments/{published['department']}"
    public = {url: client.get(url).content for url in (disclosure, department)}
    sign_in(client, store)
    for url, seen in public.items():
        staff = client.get(url)
        assert "etag" not in staff.headers and staff.headers["cache-control"] == "private, no-store"
        assert staff.content == seen, url
    page = client.get(f"/disclosures/{published['disclosure']}")
    assert "重新检查" in page.text and 'name="csrf_token"' in page.text  # staff pages stay dynamic
    client.cookies.clear()
    url = f"/disclosures/{published['disclosure']}"
    visitor = client.get(url).text
    assert "重新检查" not in visitor and 'name="csrf_token"' not in visitor
    # the page as the request-bound template rendering gives it to a visitor
    request = Request({"type": "http", "method": "GET", "path": url, "query_string": b"", "headers": []})
    request.state.session = None
    with store.read() as conn:
        info = reads.disclosure(conn, published["disclosure"], public=True)
        others = reads.department_index(conn, published["department"], public=True)
        body = document.body_for(document.RenderCache(1 << 24), conn, published["revision"],
                                 info.shown.check.run_id if info.shown and info.shown.check else None)
    assert render_page(request, "disclosure.html", views_disclosure.page_data(info, others, body)) == visitor


def test_batch_imports_are_built_at_their_first_view_once(store: Store, seed: Disclosure,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    result = store.import_document(seed, STAFF, source=b"x", source_name="x.txt")  # as `yusuan batch --import`
    store.publish(result.revision_id, STAFF)
    assert _stored(store, "revision", result.revision_id, "html") is None
    with TestClient(create_app(store, Settings())) as first:
        assert first.get(f"/disclosures/{result.disclosure_id}").status_code == 200
        assert first.get(f"/api/departments/{result.department_id}").status_code == 200
    assert _stored(store, "revision", result.revision_id, "html") and _stored(
        store, "department", result.department_id, "json")
    # the two not viewed yet (the JSON of the disclosure, the department page) and the explorer's front pages
    assert prebuild.refresh_all(store) == 2 + len(prebuild.list_addresses(store))
    assert prebuild.refresh_all(store) == 0
    _no_building(monkeypatch)
    with TestClient(create_app(store, Settings())) as second:
        assert second.get(f"/api/disclosures/{result.disclosure_id}").json()["revision"]["id"] == result.revision_id


def _public(visitor: TestClient, ids: dict[str, int]) -> dict[str, Any]:
    """What a visitor sees of the disclosure and its department (404s included)."""
    page = visitor.get(f"/disclosures/{ids['disclosure']}")
    data = visitor.get(f"/api/disclosures/{ids['disclosure']}")
    dept = visitor.get(f"/api/departments/{ids['department']}")
    return {"page": page.text if page.status_code == 200 else page.status_code,
            "data": data.json() if data.status_code == 200 else data.status_code,
            "department": dept.json() if dept.status_code == 200 else dept.status_code,
            "department_page": visitor.get(f"/departments/{ids['department']}").text}


def test_every_write_through_the_web_updates_what_the_public_sees(shared: Store, seed_text: str) -> None:
    staff = TestClient(create_app(shared, Settings()), follow_redirects=False)
    visitor = TestClient(create_app(shared, Settings()))  # another server, keeping its own memory cache
    headers = {"X-CSRF-Token": sign_in(staff, shared)}

    def upload(text: str, name: str) -> dict[str, Any]:
        answer = staff.post("/api/uploads", files={"file": (name, text.encode())}, headers=headers)
        assert answer.status_code == 201, answer.text
        return dict(answer.json())

    def post(url: str) -> Any:
        answer = staff.post(url, headers=headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    first = upload(seed_text, "v1.txt")
    ids = {"disclosure": first["disclosure_id"], "department": first["department_id"]}
    seen = _public(visitor, ids)
    assert (seen["page"], seen["data"], seen["department"]) == (404, 404, 404)

    post(f"/api/revisions/{first['revision_id']}/publish")
    assert _stored(shared, "revision", first["revision_id"], "html")  # built ahead, after the answer
    seen = _public(visitor, ids)
    assert seen["data"]["revision"]["number"] == 1 and seen["data"]["revision_count"] == 1
    assert "25.02%" not in seen["page"] and "修订历史" not in seen["page"]
    assert [d["shown_revision"]["number"] for d in seen["department"]["disclosures"]] == [1]

    second = upload(seed_text.replace(*MISTAKE), "v2.txt")  # a new revision, not published yet
    seen = _public(visitor, ids)
    assert seen["data"]["revision"]["number"] == 1 and seen["data"]["revision_count"] == 2
    assert "修订历史" in seen["page"] and "25.02%" not in seen["page"]

    post(f"/api/revisions/{second['revision_id']}/publish")
    seen = _public(visitor, ids)
    assert seen["data"]["revision"]["number"] == 2 and "25.02%" in seen["page"]
    assert any("25.02" in f["message"] for f in seen["data"]["findings"])
    assert seen["department"]["disclosures"][0]["shown_revision"]["number"] == 2

    before = seen["data"]["revision"]["check"]["run_id"]
    rerun = post(f"/api/revisions/{second['revision_id']}/recheck")
    seen = _public(visitor, ids)
    assert seen["data"]["revision"]["check"]["run_id"] == rerun["check_run_id"] != before

    restored = post(f"/api/revisions/{first['revision_id']}/restore")  # #3, with #1's content, not published
    assert _public(visitor, ids)["data"]["revision"]["number"] == 2
    post(f"/api/revisions/{restored['revision_id']}/publish")
    seen = _public(visitor, ids)
    assert seen["data"]["revision"]["number"] == 3 and seen["data"]["revision"]["restored_from_id"] == first["revision_id"]
    assert "25.02%" not in seen["page"] and "恢复自修订 #1" in seen["page"]

    other = upload(seed_text.replace("2021 年", "2022 年"), "2022.txt")  # another year of the department
    assert other["department_id"] == ids["department"] and other["disclosure_id"] != ids["disclosure"]
    post(f"/api/revisions/{other['revision_id']}/publish")
    seen = _public(visitor, ids)
    assert f'href="/disclosures/{other["disclosure_id"]}"' in seen["page"]  # 本部门其他年度
    assert len(seen["department"]["disclosures"]) == 2

    staff.post(f"/api/departments/{ids['department']}/rename", json={"name": "水磨沟区政府办公室"}, headers=headers)
    seen = _public(visitor, ids)
    assert seen["data"]["department"]["name"] == "水磨沟区政府办公室" and "水磨沟区政府办公室" in seen["department_page"]

    post(f"/api/disclosures/{ids['disclosure']}/unpublish")
    seen = _public(visitor, ids)
    assert (seen["page"], seen["data"]) == (404, 404)
    assert visitor.get(f"/revisions/{restored['revision_id']}").status_code == 404
    assert [d["id"] for d in seen["department"]["disclosures"]] == [other["disclosure_id"]]
    other_page = visitor.get(f"/disclosures/{other['disclosure_id']}").text
    assert f'href="/disclosures/{ids["disclosure"]}"' not in other_page  # the withdrawn year is no longer listed
    staff.close()
    visitor.close()


def test_writes_made_elsewhere_show_at_once(shared: Store, seed: Disclosure) -> None:
    """Writes that build nothing ahead (another program on the database, `yusuan batch --import`): the
    stored responses are out of date, and are not served."""
    visitor = TestClient(create_app(shared, Settings()))
    first = shared.import_document(seed, STAFF)
    shared.publish(first.revision_id, STAFF)
    ids = {"disclosure": first.disclosure_id, "department": first.department_id}
    assert _public(visitor, ids)["data"]["revision"]["number"] == 1  # built now, stored, in memory
    prebuild.refresh(shared, [first.department_id])
    second = shared.import_document(variant(seed), STAFF)
    assert _public(visitor, ids)["data"]["revision_count"] == 2
    shared.publish(second.revision_id, STAFF)
    assert _public(visitor, ids)["data"]["revision"]["number"] == 2
    shared.rename_department(first.department_id, "水磨沟区办公室", STAFF)
    seen = _public(visitor, ids)
    assert seen["data"]["department"]["name"] == "水磨沟区办公室" and "水磨沟区办公室" in seen["page"]
    assert seen["department"]["department"]["name"] == "水磨沟区办公室"
    shared.unpublish(first.disclosure_id, STAFF)
    seen = _public(visitor, ids)
    assert (seen["page"], seen["data"], seen["department"]) == (404, 404, 404)
    shared.publish(first.revision_id, STAFF)  # an older revision published again
    seen = _public(visitor, ids)
    assert seen["data"]["revision"]["number"] == 1 and seen["data"]["published_revision_id"] == first.revision_id
    again = gzip.decompress(_stored_body(shared, first.revision_id))
    assert b'"number":1' in again
    visitor.close()


def _stored_body(store: Store, revision_id: int) -> bytes:
    with store.read() as conn:
        tag = responses.etag(conn, "revision", revision_id, "json")
        assert tag is not None
        found = responses.body(conn, "revision", revision_id, "json", tag)
    assert found is not None
    return found


def test_many_first_views_at_once_build_once(store: Store, published: dict[str, int],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio
    import time

    import httpx

    built: list[int] = []
    original = views_disclosure.build

    def slow_build(*args: Any) -> Any:
        built.append(1)
        time.sleep(0.2)  # the others arrive while it is being built
        return original(*args)

    monkeypatch.setattr(views_disclosure, "build", slow_build)
    app = create_app(store, Settings())

    async def visit() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
            return await asyncio.gather(*(client.get(f"/disclosures/{published['disclosure']}") for _ in range(8)))

    answers = asyncio.run(visit())
    assert [a.status_code for a in answers] == [200] * 8 and len({a.text for a in answers}) == 1
    assert built == [1]


@pytest.mark.parametrize("slots", [1, 2])
def test_builds_run_at_most_as_many_at_once_as_there_are_slots(slots: int) -> None:
    """Visitors' first views are built in worker threads, at most ``YUSUAN_BUILD_SLOTS`` at once (the others wait
    their turn); each key is still built once however many ask for it."""
    import asyncio
    import threading
    import time
    from types import SimpleNamespace

    from yusuan.web import public
    from yusuan.web.settings import Settings

    running, most, calls = [0], [0], []
    lock = threading.Lock()

    def build(name: str) -> Any:
        def run() -> tuple[str, bytes]:
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
                calls.append(name)
            time.sleep(0.05)
            with lock:
                running[0] -= 1
            return name, b""
        return run

    state = SimpleNamespace(settings=Settings(build_slots=slots), building={}, build_slots=None)

    async def main() -> list[Any]:
        asks = [public._build_once(state, (f"k{i % 4}",), build(f"k{i % 4}")) for i in range(12)]
        return await asyncio.gather(*asks)

    answers = asyncio.run(main())
    assert most[0] == slots and sorted(calls) == ["k0", "k1", "k2", "k3"]
    assert [etag for etag, _ in answers] == [f"k{i % 4}" for i in range(12)]
