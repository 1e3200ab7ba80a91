"""The explorer across documents, the search (Chinese segmentation), bulk export, and list caching, on SQLite
and PostgreSQL: figures come from the store and link to their cells; queries of punctuation match nothing;
matches are highlighted and escaped; exports stream as CSV with BOM, JSON and a Fiscal Data Package."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from yusuan.generate import generate
from yusuan.model import Disclosure
from yusuan.store import Store
from yusuan.web.app import create_app
from yusuan.web.settings import Settings

from .conftest import STAFF, sign_in, variant


@pytest.fixture(params=["sqlite", "postgresql"])
def portal(request: pytest.FixtureRequest, tmp_path: Path, seed: Disclosure) -> Iterator[tuple[TestClient, Store,
                                                                                               dict[str, int]]]:
    """Three departments of one region with 2021 budgets (one also 2020), one department elsewhere."""
    if request.param == "sqlite":
        url, schema = f"sqlite:///{tmp_path / 'explore.sqlite3'}", None
    else:
        from yusuan.store.testing import temporary_schema

        schema = temporary_schema(request.getfixturevalue("postgres_url"))
        url = schema.__enter__()
    store = Store.open(url)
    ids: dict[str, int] = {}
    region = seed.department.region
    documents = {"seed": seed, "seed2020": variant(seed, year=2020),
                 "second": variant(generate(3), name="第二局", year=2021, region=region),
                 "third": variant(generate(4), name="第三局", year=2021, region=region),
                 "elsewhere": variant(generate(5), name="别处局", year=2021, region="别处")}
    for name, d in documents.items():
        result = store.import_document(d, STAFF, source=b"x", source_name=f"{name}.txt")
        store.publish(result.revision_id, STAFF)
        ids[name] = result.revision_id
        ids[name + "_department"] = result.department_id
    try:
        with TestClient(create_app(store, Settings()), follow_redirects=False) as client:
            yield client, store, ids
    finally:
        store.close()
        if schema is not None:
            schema.__exit__(None, None, None)


def test_three_public_across_departments_with_last_year_and_links(portal, seed: Disclosure) -> None:  # type: ignore[no-untyped-def]
    client, store, ids = portal
    region = seed.department.region
    data = client.get("/api/explore", params={"section": "three_public", "region": region, "year": 2021}).json()
    assert data["measure"]["label"] == "“三公”经费合计" and data["summary"]["documents"] == 3
    amounts = [r["amount"] for r in data["rows"] if r["amount"] is not None]
    assert amounts == sorted(amounts, key=lambda a: -float(a))  # largest first
    mine = next(r for r in data["rows"] if r["department"]["id"] == ids["seed_department"])
    assert mine["amount"] == "23.98" and mine["prior"]["amount"] == "23.98" and mine["change"] == "0.00"
    assert mine["link"] == f"/revisions/{ids['seed']}#c-表八-0-0"
    # the link opens the page where that cell holds that figure
    page = client.get(mine["link"].split("#")[0]).text
    cell = re.search(r'<td[^>]*id="c-表八-0-0"[^>]*>([^<]*)', page)
    assert cell and cell.group(1) == "23.98"
    assert all(r["department"]["region"] == region for r in data["rows"])
    by_name = client.get("/api/explore", params={"section": "three_public", "region": region, "year": 2021,
                                                 "sort": "name"}).json()
    assert [r["department"]["name"] for r in by_name["rows"]] == sorted(r["department"]["name"] for r in by_name["rows"])


def test_a_functional_class_and_one_department_over_the_years(portal) -> None:  # type: ignore[no-untyped-def]
    client, _, ids = portal
    data = client.get("/api/explore", params={"section": "functional", "code": "201", "measure": "basic",
                                               "year": 2021}).json()
    mine = next(r for r in data["rows"] if r["department"]["id"] == ids["seed_department"])
    assert mine["amount"] == "437.73" and mine["name"] == "一般公共服务支出" and "#c-表三-" in mine["link"]
    years = client.get("/api/explore", params={"section": "total", "code": "expenditure_total",
                                                "department": ids["seed_department"]}).json()
    assert [(r["year"], r["amount"]) for r in years["rows"]] == [(2020, "595.08"), (2021, "595.08")]
    assert years["rows"][1]["prior"]["year"] == 2020 and years["rows"][0]["prior"] is None
    page = client.get("/explore", params={"section": "total", "department": ids["seed_department"]})
    assert page.status_code == 200 and "历年" in page.text and 'data-chart="figures"' in page.text


def test_the_form_takes_an_item_code_and_shows_it_chosen(portal) -> None:  # type: ignore[no-untyped-def]
    client, _, ids = portal
    page = client.get("/explore", params={"section": "functional", "code": "201", "item": "2010301", "year": 2021})
    assert page.status_code == 200 and "2010301" in page.text.split("<h1>")[1].split("</h1>")[0]
    chosen = re.search(r'<select name="code"><option value="(\d+)" selected>', page.text)
    assert chosen and chosen.group(1) == "2010301"  # listed first, chosen, though the list holds 类 and 款 only
    same = client.get("/api/explore", params={"section": "functional", "code": "2010301", "year": 2021}).json()
    assert same["measure"]["code"] == "2010301" and any(r["amount"] for r in same["rows"])
    assert page.headers["etag"] == client.get("/explore", params={"section": "functional", "code": "2010301",
                                                                    "year": 2021}).headers["etag"]
    # a box left empty or holding something else leaves the list's choice
    for item in ("", "abc", "20103011"):
        other = client.get("/explore", params={"section": "functional", "code": "201", "item": item, "year": 2021})
        assert "201 一般公共服务支出" in other.text.split("<h1>")[1].split("</h1>")[0]


def test_a_document_without_the_measure_says_so(portal, seed: Disclosure) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = portal
    data = client.get("/api/explore", params={"section": "functional", "code": "229", "year": 2021}).json()
    assert data["summary"]["with_figure"] == 0 and data["summary"]["documents"] == 4
    assert all(r["amount"] is None for r in data["rows"])
    assert "未列出" in client.get("/explore", params={"section": "functional", "code": "229", "year": 2021}).text


def test_explorer_csv_is_excel_friendly_and_complete(portal) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = portal
    answer = client.get("/api/explore", params={"section": "three_public", "year": 2021, "format": "csv",
                                                "per_page": 1})
    assert answer.headers["content-type"].startswith("text/csv") and "attachment" in answer.headers[
        "content-disposition"]
    assert answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["部门编号", "部门", "地区"] and len(rows) == 1 + 4  # every row, not one page
    # the address of each row's figure: relative unless YUSUAN_PUBLIC_URL is set (never from the Host header)
    assert all(r[-1].startswith("/revisions/") for r in rows[1:])


def test_search_segments_chinese_and_finds_lines_sentences_and_names(portal) -> None:  # type: ignore[no-untyped-def]
    client, _, ids = portal
    found = client.get("/api/search", params={"q": "公务接待费"}).json()
    assert found["words"] == ["公务", "接待费"] and found["counts"]["sentence"] >= 1 and found["counts"]["line"] >= 1
    sentence = next(h for h in found["hits"] if h["kind"] == "sentence")
    assert "<mark>公务接待费</mark>" in sentence["highlighted"] and re.search(r"#p-\d+$", sentence["link"])
    # a part of a word jieba keeps whole is found too (as the run of its characters), a single character too
    assert client.get("/api/search", params={"q": "务用车"}).json()["counts"]["line"] >= 1
    single = client.get("/api/search", params={"q": "费", "kind": "line"}).json()
    assert single["counts"]["line"] >= 1 and all("费" in h["text"] + h["detail"] for h in single["hits"])
    # a department by a part of its name, the region's name with it
    names = client.get("/api/search", params={"q": "水磨沟 办公室", "kind": "department"}).json()
    assert [h["department"]["id"] for h in names["hits"]] == [ids["seed_department"]]
    # a functional code finds its line, linked to its row in the document
    lines = client.get("/api/search", params={"q": "2010301", "kind": "line"}).json()["hits"]
    assert f"/revisions/{ids['seed']}#r-表二-3" in [h["link"] for h in lines]


@pytest.mark.parametrize("query", ["'", "%", '"', "''", "*", "--", "()"])
def test_a_query_of_punctuation_matches_nothing(portal, query: str) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = portal
    data = client.get("/api/search", params={"q": query}).json()
    assert data["hits"] == [] and sum(data["counts"].values()) == 0
    assert client.get("/api/departments", params={"q": query}).json()["pagination"]["total"] == 0
    assert client.get("/search", params={"q": query}).status_code == 200


def test_search_pages_and_escapes(portal) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = portal
    first = client.get("/api/search", params={"q": "经费", "per_page": 2}).json()
    assert first["pagination"]["total"] > 2 and len(first["hits"]) == 2 and first["pagination"]["next"]
    second = client.get(first["pagination"]["next"]).json()
    assert {h["link"] for h in second["hits"]}.isdisjoint({h["link"] for h in first["hits"]})
    hostile = client.get("/search", params={"q": "<script>alert(1)</script>经费"}).text
    assert "<script>alert(1)" not in hostile and "&lt;script&gt;" in hostile


def test_search_shows_only_published_revisions(portal, seed: Disclosure) -> None:  # type: ignore[no-untyped-def]
    client, store, _ = portal
    secret = variant(seed, name="未发布的秘密局", region="别处")
    store.import_document(secret, STAFF, source=b"x", source_name="secret.txt")
    assert client.get("/api/search", params={"q": "秘密局"}).json()["hits"] == []
    sign_in(client, store)
    assert client.get("/api/search", params={"q": "秘密局"}).json()["counts"]["department"] == 1


def test_bulk_export_csv_json_and_fdp(portal, seed: Disclosure) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = portal
    region = seed.department.region
    answer = client.get("/api/export", params={"region": region, "year": 2021, "format": "csv"})
    assert answer.status_code == 200 and answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["部门编号", "部门", "地区", "年度"]
    assert len({r[0] for r in rows[1:]}) == 3 and answer.headers["x-yusuan-documents"] == "3"
    assert {r[2] for r in rows[1:]} == {region} and {r[3] for r in rows[1:]} == {"2021"}
    assert ["三公经费", "total", "“三公”经费合计", "", "金额", "23.98"] in [r[6:] for r in rows]
    data = client.get("/api/export", params={"region": region, "format": "json"}).json()
    assert len(data["disclosures"]) == 4
    package = client.get("/api/export", params={"year": 2021, "format": "fdp"})
    with zipfile.ZipFile(io.BytesIO(package.content)) as archive:
        names = archive.namelist()
        descriptor = json.loads(archive.read("datapackage.json"))
        functional = archive.read("data/functional.csv").decode("utf-8").splitlines()
    assert names[0] == "datapackage.json" and "data/projects.csv" in names
    assert descriptor["model"]["measures"]["total"]["factor"] == 10000
    assert functional[0].startswith("department_id,") and len({line.split(",")[0] for line in functional[1:]}) == 4
    page = client.get("/export", params={"year": 2021})
    assert page.status_code == 200 and "共 <strong>4</strong> 份" in page.text
    assert client.get("/api/export").status_code == 422


def test_lists_carry_an_etag_and_change_when_the_data_does(portal, seed: Disclosure) -> None:  # type: ignore[no-untyped-def]
    client, store, ids = portal
    first = client.get("/api/departments")
    tag = first.headers["etag"]
    assert tag.startswith('W/"') and first.headers["cache-control"] == "no-cache"
    assert client.get("/api/departments", headers={"if-none-match": tag}).status_code == 304
    store.unpublish(_disclosure_of(store, ids["third"]), STAFF)
    again = client.get("/api/departments", headers={"if-none-match": tag})
    assert again.status_code == 200 and again.headers["etag"] != tag
    assert "第三局" not in again.text
    explore = client.get("/api/explore", params={"section": "three_public", "year": 2021}).json()
    assert "第三局" not in {r["department"]["name"] for r in explore["rows"]}


def _disclosure_of(store: Store, revision_id: int) -> int:
    from yusuan.store import reads

    with store.read() as conn:
        return reads.revision(conn, revision_id, public=False).id


def _etag(client: TestClient, **params: object) -> str:
    response = client.get("/explore", params=params)
    assert response.status_code == 200
    return str(response.headers["etag"])


def test_a_write_changes_the_explorer_pages_of_its_own_region_and_year_only(portal, seed: Disclosure) -> None:  # type: ignore[no-untyped-def]
    client, store, ids = portal
    region = seed.department.region
    pages = {"mine": {"region": region, "year": 2021}, "all": {"year": 2021}, "elsewhere": {"region": "别处", "year": 2021},
             "next year": {"region": region, "year": 2022}, "form elsewhere": {"region": "别处"}}

    def tags() -> dict[str, str]:
        out = {name: _etag(client, section="three_public", **params) for name, params in pages.items()
               if name != "form elsewhere"}
        out["form elsewhere"] = str(client.get("/export", params=pages["form elsewhere"]).headers["etag"])
        out["form mine"] = str(client.get("/export", params={"region": region, "year": 2021}).headers["etag"])
        return out

    before = tags()
    # however the query is spelled, one view is one page
    assert _etag(client, year=2021, section="three_public", kind="budget", region=region, sort="bogus") == before["mine"]
    store.unpublish(_disclosure_of(store, ids["third"]), STAFF)  # 第三局, the seed's region, 2021
    after = tags()
    assert after["mine"] != before["mine"] and after["all"] != before["all"] and after["form mine"] != before["form mine"]
    assert after["elsewhere"] == before["elsewhere"] and after["form elsewhere"] == before["form elsewhere"]
    # a 2022 page shows 2021 as last year; none is stored, and the page follows 2021's scope all the same
    assert after["next year"] != before["next year"]
    # a rename changes the pages that show the department's name, in every year it has documents
    store.rename_department(ids["elsewhere_department"], "别处新局", STAFF)
    renamed = tags()
    assert renamed["elsewhere"] != after["elsewhere"] and renamed["mine"] == after["mine"]
    assert "别处新局" in client.get("/explore", params=pages["elsewhere"] | {"section": "three_public"}).text


def test_front_pages_are_built_ahead_and_served_as_stored_until_their_scope_changes(  # type: ignore[no-untyped-def]
        portal, seed: Disclosure, monkeypatch: pytest.MonkeyPatch) -> None:
    from yusuan.store import index, responses
    from yusuan.store.explore import Measure
    from yusuan.web import explore, exports, prebuild

    client, store, ids = portal
    region = seed.department.region
    addresses = prebuild.list_addresses(store)
    front = explore.View(Measure.parse("three_public", None, None), region, 2021, "budget").address()
    assert front in addresses and f"region={quote(region)}" in front
    assert prebuild.refresh_lists(client.app) == len(addresses) > 20
    assert prebuild.refresh_lists(client.app) == 0  # all up to date
    built_ahead = client.get("/explore", params={"section": "three_public", "region": region}).text

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page built ahead should have been served")

    fresh = TestClient(create_app(store, Settings()))  # another server: nothing in its memory
    with monkeypatch.context() as patched:
        patched.setattr(explore, "_query", refuse)
        patched.setattr(exports.reads, "export_count", refuse)
        for params in ({"section": "three_public", "region": region}, {"section": "three_public", "year": "2021"},
                       {"section": "total", "code": "expenditure_total", "region": region, "kind": "budget"},
                       {"section": "functional", "code": "201"}):
            response = fresh.get("/explore", params=params)
            assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
        assert fresh.get("/explore", params={"section": "three_public", "region": region}).text == built_ahead
        for section in ("three_public", "total", "operating_costs"):  # a department's years, for the fixed measures
            years = fresh.get("/explore", params={"section": section, "department": ids["seed_department"]})
            assert years.status_code == 200 and "历年" in years.text
        assert fresh.get("/export", params={"region": region, "year": 2021}).status_code == 200
    # a write in the scope: the stored copy no longer matches, the page is built again and shows the change
    store.unpublish(_disclosure_of(store, ids["third"]), STAFF)
    assert "第三局" not in TestClient(create_app(store, Settings())).get(
        "/explore", params={"section": "three_public", "region": region}).text
    # only the pages of that scope are built again, and of the departments only the one whose documents changed
    rebuilt = prebuild.refresh_lists(client.app, {(region, 2021, "budget")})
    assert 0 < rebuilt < len(addresses) and prebuild.refresh_lists(client.app) == 0
    def stored(department: int) -> str | None:
        address = explore.View(Measure.parse("three_public", None, None), department=department).address()
        with store.read() as conn:
            return responses.list_etag(conn, f"html:{address}")

    seed_before, second_before = stored(ids["seed_department"]), stored(ids["second_department"])
    assert seed_before and second_before
    store.rename_department(ids["second_department"], "第二新局", STAFF)  # same region and year as the seed
    with store.read() as conn:
        scopes = index.scopes_of(conn, f"department:{ids['second_department']}")
    assert prebuild.refresh_lists(client.app, scopes) > 0
    assert stored(ids["second_department"]) != second_before  # its years show its new name
    assert stored(ids["seed_department"]) == seed_before  # another department's years did not change
    # the first document of a new region changes every page's form: all are built again, whatever scope was written
    result = store.import_document(variant(generate(6), name="新区局", year=2021, region="新区"), STAFF)
    store.publish(result.revision_id, STAFF)
    # (but a department's years, which offer no choice of region or year)
    with_form = [a for a in addresses if "department=" not in a]
    assert len(with_form) < len(addresses)
    assert prebuild.refresh_lists(client.app, {("新区", 2021, "budget")}) >= len(with_form)
    assert prebuild.refresh_lists(client.app, {("新区", 2021, "budget")}) == 0


def test_a_staff_write_builds_its_scopes_front_pages_ahead(portal, seed: Disclosure) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from yusuan.store.schema import list_responses

    client, store, ids = portal
    token = sign_in(client, store)
    disclosure = _disclosure_of(store, ids["elsewhere"])
    assert client.post(f"/disclosures/{disclosure}/unpublish", data={"csrf_token": token}).status_code == 303
    with store.read() as conn:
        stored = set(conn.execute(select(list_responses.c.address)).scalars())
    assert any("region=%E5%88%AB%E5%A4%84" in a for a in stored)


def test_a_region_too_long_to_key_is_built_at_its_first_view(portal) -> None:  # type: ignore[no-untyped-def]
    from yusuan.web import prebuild

    client, store, _ = portal
    region = "很长的地区名称" * 18  # 126 characters: its addresses pass the 512 characters a stored page is keyed by
    result = store.import_document(variant(generate(7), name="远方局", year=2021, region=region), STAFF)
    store.publish(result.revision_id, STAFF)
    assert prebuild.refresh_lists(client.app, {(region, 2021, "budget")}) > 0  # the others, all regions' included
    page = client.get("/explore", params={"section": "three_public", "region": region, "year": 2021})
    assert page.status_code == 200 and "远方局" in page.text
