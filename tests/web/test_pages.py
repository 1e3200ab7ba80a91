"""Pages and their JSON twins, as a visitor uses them."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal

import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from yusuan.generate import generate
from yusuan.model import Disclosure
from yusuan.store import Store
from yusuan.web.render_worker import drain

from .conftest import STAFF, routes, variant


def test_every_html_page_has_a_json_twin(app: FastAPI) -> None:
    exempt = {"/login", "/admin/upload", "/api-docs", "/revisions/{revision_id}/download/{fmt}"}
    answered = routes(app)
    pages = {p for p, m in answered if m == "GET" and not p.startswith(("/api", "/static")) and p not in exempt}
    assert len(pages) >= 9
    missing = [p for p in pages if ("/api" + ("/" if p == "/" else p), "GET") not in answered]
    assert missing == []


def test_public_home_and_disclosure(client: TestClient, published: dict[str, int]) -> None:
    home = client.get("/")
    assert home.status_code == 200 and "乌鲁木齐市水磨沟区人民政府办公室" in home.text
    assert client.get("/api/").json()["counts"] == {"departments": 1, "disclosures": 1}
    page = client.get(f"/disclosures/{published['disclosure']}")
    assert page.status_code == 200
    for printed in ("表一", "部门（单位）收支总体情况表", "政务协调工作经费", "主要原因是厉行节约", "名词解释"):
        assert printed in page.text
    assert 'data-chart="functional"' in page.text and 'id="chart-data"' in page.text
    data = client.get(f"/api/disclosures/{published['disclosure']}").json()
    assert data["document"]["summary"]["expenditure_total"] == "595.08"
    assert data["document"]["summary"]["functional"][7] == {"code": "208", "name": "社会保障和就业支出",
                                                            "total": "30.60", "basic": "26.31", "project": "4.29"}
    assert data["revision"]["totals"]["three_public"] == "23.98"
    assert {"json", "csv", "xlsx-data", "fdp", "source"} <= {d["format"] for d in data["downloads"]}
    assert set(data["charts"]) >= {"income", "functional", "basic_project", "economic", "changes"}
    reasons = data["charts"]["changes"]["yAxis"]["data"]  # each line's change and reason, written above its bar
    assert any("厉行节约" in r for r in reasons) and [d["reason"] for d in data["charts"]["changes"]["series"][0][
        "data"] if "厉行节约" in d["reason"]]


def test_findings_are_highlighted_where_they_are(client: TestClient, published: dict[str, int]) -> None:
    data = client.get(f"/api/disclosures/{published['disclosure']}").json()
    findings = data["findings"]
    assert findings, "the seed has known mistakes"
    page = client.get(f"/disclosures/{published['disclosure']}").text
    placed = [f for f in findings if f["placed"]]
    # every finding with a printed line is marked in place; the one that is not points at a table that is absent
    assert [f["code"] for f in findings if not f["placed"]] == ["empty-table-missing"]
    assert all(f["location"].get("line") for f in placed)
    for f in placed:
        assert f'<a href="#f{f["number"]}"' in page  # its numbered mark sits where it was found
    # the 增加（减少） template residue in part 3 is marked inside its sentence
    residue = [f for f in findings if "增加（减少）" in (f["location"].get("sentence") or "") and f["placed"]]
    assert residue and 'class="hit' in page


def test_unpublished_is_invisible_to_the_public(client: TestClient, store: Store, seed: Disclosure) -> None:
    result = store.import_document(seed, STAFF, source=b"x", source_name="x.txt")
    for url in (f"/disclosures/{result.disclosure_id}", f"/api/disclosures/{result.disclosure_id}",
                f"/revisions/{result.revision_id}", f"/revisions/{result.revision_id}/download/source",
                f"/departments/{result.department_id}", f"/disclosures/{result.disclosure_id}/history"):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/search", params={"q": "政务"}).json()["hits"] == []
    assert "乌鲁木齐" not in client.get("/departments").text


def test_downloads_in_every_format(client: TestClient, store: Store, published: dict[str, int], seed_path) -> None:  # type: ignore[no-untyped-def]
    base = f"/revisions/{published['revision']}/download"
    formats = {d["format"] for d in client.get(f"/api/revisions/{published['revision']}").json()["downloads"]}
    written = {"text", "html", "docx", "pdf", "xlsx"} & formats  # built in the background, never in the request
    for fmt in written:
        waiting = client.get(f"{base}/{fmt}")
        assert waiting.status_code == 202 and int(waiting.headers["retry-after"]) >= 1, fmt
    drain(store)  # what the background worker does
    for fmt in formats:
        answer = client.get(f"{base}/{fmt}")
        assert answer.status_code == 200, fmt
        assert "attachment" in answer.headers["content-disposition"]
    csv_text = client.get(f"{base}/csv").content
    assert csv_text.startswith(b"\xef\xbb\xbf") and "功能分类,2010301".encode() in csv_text
    book = load_workbook(io.BytesIO(client.get(f"{base}/xlsx-data").content))
    assert book.sheetnames[:3] == ["公开文件", "功能分类", "经济分类"]
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{base}/fdp").content))
    package = json.loads(archive.read("datapackage.json"))
    measure = package["model"]["measures"]["total"]
    assert (measure["factor"], measure["phase"], measure["currency"]) == (10000, "approved", "CNY")
    assert package["model"]["dimensions"]["functional-classification"]["attributes"]["item_code"]["parent"] == \
        "section_code"
    assert yaml.safe_load(client.get(f"{base}/yaml").text)["summary"]["basic"] == "464.04"
    assert client.get(f"{base}/source").content == seed_path.read_bytes()
    report = client.get(f"{base}/findings").json()["documents"][0]
    assert report["year"] == 2021 and {"code", "severity", "message", "location"} <= set(report["findings"][0])
    assert "<html" in client.get(f"{base}/report").text.lower()
    assert client.get(f"{base}/nonsense").status_code == 404


def test_department_page_shows_years_gaps_and_staff(client: TestClient, store: Store, seed: Disclosure) -> None:
    for year in (2019, 2021):
        r = store.import_document(variant(seed, year=year), STAFF)
        store.publish(r.revision_id, STAFF)
    page = client.get(f"/departments/{r.department_id}").text
    assert "没有这一年的预算公开文件" in page  # 2020 is missing, and said so
    data = client.get(f"/api/departments/{r.department_id}").json()
    assert [row["year"] for row in data["timeline"]] == [2019, 2020, 2021]
    assert data["timeline"][1]["disclosure"] is None
    assert [s["actual"] for s in data["staff"]] == [24, None, 24]
    assert data["charts"]["totals"]["series"][0]["data"] == [595.08, None, 595.08]


def test_search_and_pagination(client: TestClient, store: Store) -> None:
    for seed in range(3):
        r = store.import_document(generate(seed), STAFF)
        store.publish(r.revision_id, STAFF)
    first = client.get("/api/departments", params={"per_page": 2}).json()
    assert first["pagination"]["total"] == 3 and len(first["items"]) == 2 and first["pagination"]["next"]
    second = client.get(first["pagination"]["next"]).json()
    assert len(second["items"]) == 1 and second["pagination"]["next"] is None
    name = first["items"][0]["name"]
    found = client.get("/api/search", params={"q": name[-6:], "kind": "department"}).json()
    assert name in [h["text"] for h in found["hits"]]
    project = store.model(r.revision_id).views.general_project.projects[0].name  # type: ignore[union-attr]
    hits = client.get("/api/search", params={"q": project, "kind": "project"}).json()["hits"]
    assert project in [h["text"] for h in hits]
    assert client.get("/search", params={"q": project}).status_code == 200


def test_compare_two_departments(client: TestClient, store: Store, seed: Disclosure) -> None:
    a = store.import_document(seed, STAFF)
    b = store.import_document(generate(7, year=2021), STAFF)
    prior = store.import_document(variant(seed, year=2020), STAFF)
    for r in (a, b, prior):
        store.publish(r.revision_id, STAFF)
    data = client.get("/api/compare", params={"d": [a.department_id, b.department_id], "year": 2021}).json()
    first, second = data["rows"]
    assert first["expenditure_total"] == "595.08"
    assert Decimal(first["three_public_per_staff"]) == Decimal("9991.67")  # 23.98 万元 ÷ 24 人
    assert first["basic_share"] == "78.0" and first["growth"] == "0.0"  # same figures as the 2020 copy
    assert second["present"] and second["growth"] is None and not second["has_prior"]
    assert set(data["charts"]) == {"totals", "per_staff"}
    page = client.get("/compare", params={"d": [a.department_id, b.department_id]}).text
    assert "无上年文件" in page and "9,991.67" in page


def test_compare_without_staff_numbers_draws_no_empty_chart(client: TestClient, store: Store, seed: Disclosure) -> None:
    no_staff = seed.model_copy(update={"profile": seed.profile.model_copy(update={"staff": []})})
    a = store.import_document(no_staff, STAFF)
    b = store.import_document(variant(no_staff, name="某某区另一局"), STAFF)
    for r in (a, b):
        store.publish(r.revision_id, STAFF)
    data = client.get("/api/compare", params={"d": [a.department_id, b.department_id], "year": 2021}).json()
    assert [r["three_public_per_staff"] for r in data["rows"]] == [None, None]
    assert set(data["charts"]) == {"totals"}
    assert "无法计算" in client.get("/compare", params={"d": [a.department_id, b.department_id]}).text


def test_errors_share_one_envelope(client: TestClient) -> None:
    missing = client.get("/api/disclosures/999")
    assert missing.status_code == 404 and set(missing.json()["error"]) == {"status", "code", "message"}
    invalid = client.get("/api/departments", params={"page": 0})
    assert invalid.status_code == 422 and invalid.json()["error"]["code"] == "invalid-input"
    assert client.get("/api/nowhere").json()["error"]["code"] == "not-found"
    page = client.get("/disclosures/999")
    assert page.status_code == 404 and "没有找到" in page.text and "Traceback" not in page.text
    assert client.get("/api/openapi.json").json()["paths"]["/api/disclosures/{disclosure_id}"]


def test_cors_is_off_by_default(client: TestClient, published: dict[str, int]) -> None:
    answer = client.get("/api/", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in answer.headers
    preflight = client.options("/api/", headers={"Origin": "https://elsewhere.example",
                                                 "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers


def test_a_page_is_rendered_once_for_every_server(store: Store, published: dict[str, int],
                                                  monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from yusuan.web import document
    from yusuan.web.app import create_app
    from yusuan.web.settings import Settings

    document.prerender(store, published["revision"])  # as `yusuan import` does

    def no_rendering(*args: object, **kwargs: object) -> None:
        raise AssertionError("the stored body should have been used")

    monkeypatch.setattr(document, "render_body", no_rendering)
    with TestClient(create_app(store, Settings())) as fresh:  # another server, empty memory cache
        page = fresh.get(f"/disclosures/{published['disclosure']}")
        assert page.status_code == 200 and "表一" in page.text
        assert fresh.get(f"/api/disclosures/{published['disclosure']}").json()["findings"]


def test_visitors_get_cached_pages_compressed_or_plain(client: TestClient, published: dict[str, int]) -> None:
    url = f"/disclosures/{published['disclosure']}"
    first = client.get(url)
    again = client.get(url, headers={"Accept-Encoding": "gzip"})
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert again.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert first.text == again.text == plain.text
    data = client.get(f"/api{url}", headers={"Accept-Encoding": "identity"}).json()
    assert data == client.get(f"/api{url}").json()


def test_api_docs_is_a_page(client: TestClient) -> None:
    page = client.get("/api-docs")
    assert page.headers["content-type"].startswith("text/html") and "/api/disclosures/{disclosure_id}" in page.text
