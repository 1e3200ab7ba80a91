"""Staff journeys through the web: upload a document with mistakes and see them at once, publish,
restore, re-check, record a rename and a merge; the audit log says who did what."""

from __future__ import annotations

from fastapi.testclient import TestClient

from yusuan.generate import generate
from yusuan.store import Store

from .conftest import STAFF, sign_in

MISTAKE = ("项目支出 131.04 万元，占 22.02%", "项目支出 131.04 万元，占 25.02%")


def test_upload_with_mistakes_shows_findings_then_publish(client: TestClient, store: Store, seed_text: str) -> None:
    token = sign_in(client, store)
    wrong = seed_text.replace(*MISTAKE)
    assert wrong != seed_text
    page = client.post("/admin/upload", files={"file": ("水磨沟.txt", wrong.encode("utf-8"))},
                       data={"csrf_token": token})
    assert page.status_code == 303
    revision_url = page.headers["location"]
    shown = client.get(revision_url)
    assert "已上传并检查" in shown.text and "25.02%" in shown.text
    revision_id = int(revision_url.split("/")[2].split("?")[0])
    findings = client.get(f"/api/revisions/{revision_id}").json()["findings"]
    share = [f for f in findings if "25.02" in f["message"]]
    assert share and share[0]["placed"] and share[0]["severity"] == "error"
    assert f'id="at-f{share[0]["number"]}"' in shown.text
    # not public until published
    client.cookies.clear()
    assert client.get(f"/api/revisions/{revision_id}").status_code == 404
    token = sign_in(client, store)
    assert client.post(f"/revisions/{revision_id}/publish", data={"csrf_token": token}).status_code == 303
    client.cookies.clear()
    assert client.get(f"/api/revisions/{revision_id}").status_code == 200


def test_api_upload_restore_recheck_and_history(client: TestClient, store: Store, seed_text: str) -> None:
    token = sign_in(client, store)
    headers = {"X-CSRF-Token": token}
    first = client.post("/api/uploads", files={"file": ("v1.txt", seed_text.encode())}, headers=headers).json()
    second = client.post("/api/uploads", files={"file": ("v2.txt", seed_text.replace(*MISTAKE).encode())},
                         headers=headers).json()
    assert (first["number"], second["number"]) == (1, 2) and second["errors"] > first["errors"] - 1
    assert client.post(f"/api/revisions/{first['revision_id']}/publish", headers=headers).status_code == 200
    restored = client.post(f"/api/revisions/{first['revision_id']}/restore", headers=headers).json()
    assert restored["number"] == 3
    rerun = client.post(f"/api/revisions/{restored['revision_id']}/recheck", headers=headers).json()
    assert rerun["check_run_id"]
    history = client.get(f"/api/disclosures/{first['disclosure_id']}/history").json()["revisions"]
    assert [r["number"] for r in history] == [3, 2, 1]
    assert [r["is_published"] for r in history] == [False, False, True]
    assert client.post(f"/api/disclosures/{first['disclosure_id']}/unpublish", headers=headers).status_code == 200
    actions = [e["action"] for e in client.get("/api/admin/audit").json()["entries"]]
    assert actions[:6] == ["unpublish", "recheck", "restore", "publish", "import", "import"]
    assert client.get("/api/admin/audit").json()["entries"][0]["actor"] == "zhang"


def test_unreadable_upload_is_refused_with_a_chinese_line(client: TestClient, store: Store) -> None:
    token = sign_in(client, store)
    answer = client.post("/api/uploads", files={"file": ("note.txt", "这不是预算公开文件。".encode())},
                         headers={"X-CSRF-Token": token})
    assert answer.status_code == 400
    assert answer.json()["error"]["message"].startswith(("无法读取", "无法入库"))
    page = client.post("/admin/upload", files={"file": ("note.txt", "这不是预算公开文件。".encode())},
                       data={"csrf_token": token})
    assert page.status_code == 400 and "无法" in page.text and "<form" in page.text


def test_rename_and_merge_through_the_web(client: TestClient, store: Store) -> None:
    a = store.import_document(generate(1, year=2021), STAFF)
    b = store.import_document(generate(2, year=2022), STAFF)
    token = sign_in(client, store)
    merged = client.post(f"/departments/{a.department_id}/merge", data={"csrf_token": token,
                                                                        "absorb": str(b.department_id),
                                                                        "note": "机构改革"})
    assert merged.status_code == 303
    data = client.get(f"/api/departments/{a.department_id}").json()
    assert [d["year"] for d in data["disclosures"]] == [2021, 2022]
    assert client.get(f"/departments/{b.department_id}").status_code == 301  # the old page leads to the new one
    renamed = client.post(f"/api/departments/{a.department_id}/rename", json={"name": "新名称局", "year": 2023},
                          headers={"X-CSRF-Token": token})
    assert renamed.status_code == 200
    assert client.get(f"/api/departments/{a.department_id}").json()["department"]["name"] == "新名称局"
    clash = client.post(f"/api/departments/{a.department_id}/merge", json={"absorb": a.department_id},
                        headers={"X-CSRF-Token": token})
    assert clash.status_code == 409 and "自身" in clash.json()["error"]["message"]


def _split(text: str) -> tuple[str, str]:
    """The seed as Jiangsu publishes: the narrative in one file, Part 2's tables in another."""
    start = text.index("第二部分", text.index("第四部分"))  # Part 2 of the body (the contents list it first)
    end = text.index("第三部分", start)
    return text[:start] + text[end:], text[start:end]


def test_upload_of_a_document_in_two_files(client: TestClient, store: Store, seed_text: str) -> None:
    import io
    import zipfile

    narrative, tables = _split(seed_text)
    token = sign_in(client, store)
    both = client.post("/api/uploads", headers={"X-CSRF-Token": token},
                       files={"file": ("说明.txt", narrative.encode()), "tables": ("表格.txt", tables.encode())})
    assert both.status_code == 201, both.text
    alone = client.post("/api/uploads", headers={"X-CSRF-Token": token}, files={"file": ("说明.txt", narrative.encode())})
    whole = client.post("/api/uploads", headers={"X-CSRF-Token": token}, files={"file": ("全文.txt", seed_text.encode())})
    assert both.json()["errors"] == whole.json()["errors"] == 12  # the seed's 12 root mistakes, found across the files
    assert "table-missing" in {f["code"] for f in alone.json()["findings"]}  # the narrative alone has no tables
    source = client.get(f"/revisions/{both.json()['revision_id']}/download/source")
    assert source.headers["content-type"] == "application/zip" and "zip" in source.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(source.content)) as archive:
        assert {n: archive.read(n).decode() for n in archive.namelist()} == {"说明.txt": narrative, "表格.txt": tables}
    page = client.post("/admin/upload", data={"csrf_token": token},
                       files={"file": ("说明.txt", narrative.encode()), "tables": ("表格.txt", tables.encode())})
    assert page.status_code == 303
    bad = client.post("/api/uploads", headers={"X-CSRF-Token": token},
                      files={"file": ("说明.txt", narrative.encode()), "tables": ("x.pdf", b"not a pdf")})
    assert bad.status_code == 415 and "后缀" in bad.json()["error"]["message"]
