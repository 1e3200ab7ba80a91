"""Security: every write needs a signed-in user and a CSRF token; uploads are checked; text is escaped."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from yusuan.model import Department, Disclosure
from yusuan.store import Store

from .conftest import STAFF, routes, sign_in

WRITE = {"POST", "PUT", "PATCH", "DELETE"}
SIGN_IN = {("/login", "POST"), ("/api/session", "POST")}


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def write_routes(app: FastAPI) -> list[tuple[str, str]]:
    return sorted((p, m) for p, m in routes(app) if m in WRITE and (p, m) not in SIGN_IN)


def test_every_write_refuses_anonymous_users(app: FastAPI, client: TestClient, published: dict[str, int]) -> None:
    writes = write_routes(app)
    assert len(writes) >= 14
    for path, method in writes:
        answer = client.request(method, _concrete(path), data={"csrf_token": "guess"})
        assert answer.status_code == 401, (method, path, answer.status_code)
        if path.startswith("/api"):
            assert answer.json()["error"]["code"] == "not-signed-in"


def test_every_write_refuses_a_missing_or_wrong_csrf_token(app: FastAPI, client: TestClient, store: Store,
                                                           published: dict[str, int]) -> None:
    sign_in(client, store)
    for path, method in write_routes(app):
        for data in ({}, {"csrf_token": "wrong"}):
            answer = client.request(method, _concrete(path), data=data)
            assert answer.status_code == 403, (method, path, data, answer.status_code)
        wrong_header = client.request(method, _concrete(path), headers={"X-CSRF-Token": "wrong"})
        assert wrong_header.status_code == 403
    assert client.get(f"/api/disclosures/{published['disclosure']}").json()["published_revision_id"] == \
        published["revision"]  # nothing was changed


def test_sign_in_form_needs_its_token_and_refuses_bad_passwords(client: TestClient, store: Store) -> None:
    store.add_user("li", "a long password")
    assert client.post("/login", data={"name": "li", "password": "a long password"}).status_code == 403
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    wrong = client.post("/login", data={"name": "li", "password": "nope", "csrf_token": token})
    assert wrong.status_code == 401 and "不正确" in wrong.text
    right = client.post("/login", data={"name": "li", "password": "a long password", "csrf_token": token,
                                        "next": "//evil.example/steal"})
    assert right.status_code == 303 and right.headers["location"] == "/admin"  # no open redirect
    cookie = right.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_secure_cookie_when_configured(store: Store) -> None:
    from yusuan.web.app import create_app
    from yusuan.web.settings import Settings

    store.add_user("wang", "a long password")
    with TestClient(create_app(store, Settings(cookie_secure=True))) as client:
        answer = client.post("/api/session", json={"name": "wang", "password": "a long password"})
    assert answer.status_code == 200 and "secure" in answer.headers["set-cookie"].lower()


def test_staff_pages_need_sign_in(client: TestClient) -> None:
    assert client.get("/admin").status_code == 303
    assert client.get("/admin").headers["location"].startswith("/login")
    assert client.get("/api/admin").status_code == 401
    assert client.get("/admin/audit").status_code == 303


def _upload(client: TestClient, token: str, name: str, data: bytes, api: bool = True):  # type: ignore[no-untyped-def]
    url = "/api/uploads" if api else "/admin/upload"
    return client.post(url, files={"file": (name, data)}, headers={"X-CSRF-Token": token})


def test_uploads_too_big_or_of_the_wrong_type_are_refused(client: TestClient, store: Store, seed_text: str) -> None:
    token = sign_in(client, store)
    big = b"x" * (300 * 1024)
    answer = _upload(client, token, "big.txt", big)
    assert answer.status_code == 413 and answer.json()["error"]["code"] == "too-large"
    page = _upload(client, token, "big.txt", big, api=False)
    assert page.status_code == 413 and "过大" in page.text

    def streamed():  # type: ignore[no-untyped-def]
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
        for _ in range(40):
            yield b"y" * 10000
        yield b"\r\n--b--\r\n"

    chunked = client.post("/api/uploads", content=streamed(),  # no Content-Length: refused while streaming
                          headers={"X-CSRF-Token": token, "content-type": "multipart/form-data; boundary=b"})
    assert chunked.status_code == 413
    refused = {
        "picture.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "program.txt": b"\x7fELF\x02\x01\x01\x00" + bytes(2000),
        "archive.zip": _zip({"readme.md": b"hello"}),
        "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "fake.pdf": seed_text.encode("utf-8"),  # the name says PDF, the content is text
    }
    for name, data in refused.items():
        answer = _upload(client, token, name, data)
        assert answer.status_code == 415, (name, answer.status_code, answer.text)
        assert answer.json()["error"]["message"]
    assert _upload(client, token, "empty.txt", b"").status_code == 400
    with store.read() as conn:
        from yusuan.store import reads

        assert reads.counts(conn, public=False)["disclosures"] == 0


def _zip(files: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("hostile", ["../../etc/passwd.txt", "..\\..\\windows\\win.ini.txt",
                                     "<script>alert(1)</script>.txt", "evil\x00name.txt", "\u202etxt.exe.txt",
                                     "a" * 400 + ".txt"])
def test_hostile_file_names_are_neutralised(client: TestClient, store: Store, seed_text: str, hostile: str) -> None:
    token = sign_in(client, store)
    answer = _upload(client, token, hostile, seed_text.encode("utf-8"))
    assert answer.status_code == 201, answer.text
    revision = answer.json()["revision_id"]
    stored = client.get(f"/api/revisions/{revision}").json()["revision"]["source_name"]
    assert "/" not in stored and "\\" not in stored and "<" not in stored and "\x00" not in stored
    assert "\u202e" not in stored and len(stored) <= 120 and stored.endswith(".txt")
    download = client.get(f"/revisions/{revision}/download/source")
    assert download.status_code == 200 and "/" not in download.headers["content-disposition"].split("filename*")[0]


def test_user_text_is_escaped(client: TestClient, store: Store, seed: Disclosure) -> None:
    evil = "<script>alert('x')</script>办公室"
    d = seed.model_copy(update={"department": Department(name=evil, region="<b>某地</b>"), "title": evil})
    result = store.import_document(d, STAFF, source=b"x", source_name="<img src=x onerror=alert(1)>.txt")
    store.publish(result.revision_id, STAFF)
    for url in ("/", f"/departments/{result.department_id}", f"/disclosures/{result.disclosure_id}",
                "/departments", f"/compare?d={result.department_id}"):
        page = client.get(url).text
        assert "<script>alert" not in page and "<b>某地</b>" not in page, url
        assert "&lt;script&gt;" in page, url
    reflected = client.get("/search", params={"q": "<svg onload=alert(1)>"}).text
    assert "<svg onload" not in reflected and "&lt;svg onload=alert(1)&gt;" in reflected
    signed = sign_in(client, store)
    assert signed
    page = client.get(f"/disclosures/{result.disclosure_id}").text
    assert "<img src=x" not in page


def test_security_headers_and_no_inline_scripts(client: TestClient, published: dict[str, int]) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    for url in ("/", f"/disclosures/{published['disclosure']}", f"/departments/{published['department']}"):
        tags = re.findall(r"<script[^>]*>", client.get(url).text)
        assert all("src=" in t or 'type="application/json"' in t for t in tags), url
        assert "<script" in client.get(f"/disclosures/{published['disclosure']}").text
