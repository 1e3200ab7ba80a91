"""API quality: the OpenAPI description says what every route answers (and real answers match it), the one
error envelope with every status, the cookie and CSRF header as security schemes; HEAD wherever GET exists;
gzip for text; long cache for fingerprinted static files; findings ordered 错误, 警告, 提示."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from yusuan.store import Store

from .conftest import routes, sign_in

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def _schema(client: TestClient) -> dict[str, Any]:
    return client.get("/api/openapi.json").json()  # type: ignore[no-any-return]


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({**schema, "components": spec["components"]})


def test_every_route_says_what_it_answers(client: TestClient) -> None:
    spec = _schema(client)
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert set(spec["components"]["securitySchemes"]) == {"session", "csrf"}
    assert spec["components"]["securitySchemes"]["csrf"] == {
        "type": "apiKey", "in": "header", "name": "X-CSRF-Token", "description": pytest.approx(
            spec["components"]["securitySchemes"]["csrf"]["description"])}
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            ok = op["responses"].get("200") or op["responses"].get("201")
            assert ok is not None, (path, method)
            contents = ok.get("content", {})
            assert contents and all(c.get("schema") not in (None, {}) for c in contents.values()), (path, method)
            for status, response in op["responses"].items():
                if int(status) >= 400:
                    assert response["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/ErrorEnvelope"}, (path, method, status)
            assert "500" in op["responses"]
            if "{" in path:
                assert "404" in op["responses"], (path, method)
            if method in ("post", "delete") and path != "/api/session":
                assert op["security"] == [{"session": [], "csrf": []}], (path, method)
                assert {"401", "403"} <= set(op["responses"]), (path, method)


def test_real_answers_match_the_description(client: TestClient, store: Store, published: dict[str, int]) -> None:
    spec = _schema(client)
    urls = {"/api/": "/api/", "/api/departments": "/api/departments",
            "/api/departments/{department_id}": f"/api/departments/{published['department']}",
            "/api/disclosures/{disclosure_id}": f"/api/disclosures/{published['disclosure']}",
            "/api/revisions/{revision_id}": f"/api/revisions/{published['revision']}",
            "/api/disclosures/{disclosure_id}/history": f"/api/disclosures/{published['disclosure']}/history",
            "/api/search": "/api/search?q=接待费", "/api/compare": f"/api/compare?d={published['department']}",
            "/api/explore": "/api/explore?section=three_public", "/api/session": "/api/session"}
    for path, url in urls.items():
        answer = client.get(url)
        assert answer.status_code == 200, url
        schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        _validator(spec, schema).validate(answer.json())
    error = client.get("/api/disclosures/999999")
    envelope = spec["components"]["schemas"]["ErrorEnvelope"]
    _validator(spec, envelope).validate(error.json())
    invalid = client.get("/api/departments", params={"page": 0})
    assert invalid.status_code == 422
    _validator(spec, envelope).validate(invalid.json())
    token = sign_in(client, store)
    for path in ("/api/admin", "/api/admin/audit", "/api/admin/users"):
        schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        _validator(spec, schema).validate(client.get(path).json())
    answer = client.post(f"/api/revisions/{published['revision']}/recheck", headers={"x-csrf-token": token})
    schema = spec["paths"]["/api/revisions/{revision_id}/recheck"]["post"]["responses"]["200"]["content"][
        "application/json"]["schema"]
    _validator(spec, schema).validate(answer.json())


def _concrete(path: str, published: dict[str, int]) -> str:
    values = {"department_id": published["department"], "disclosure_id": published["disclosure"],
              "revision_id": published["revision"], "fmt": "csv", "name": "app.js"}
    return re.sub(r"\{(\w+)(:path)?\}", lambda m: str(values[m.group(1)]), path)


def test_head_wherever_get(app: FastAPI, client: TestClient, published: dict[str, int]) -> None:
    checked = 0
    for path, method in sorted(routes(app)):
        if method != "GET" or path in ("/api/openapi.json",):
            continue
        url = _concrete(path, published)
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code and head.status_code != 405, url
        assert head.content == b"" and head.headers.get("content-type") == get.headers.get("content-type"), url
        checked += 1
    assert checked >= 15
    assert client.head("/api/openapi.json").status_code == 200


def test_gzip_for_text_unless_refused(client: TestClient, published: dict[str, int]) -> None:
    history = f"/api/disclosures/{published['disclosure']}/history"
    packed = client.get(history, headers={"accept-encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip" and "Accept-Encoding" in packed.headers["vary"]
    plain = client.get(history, headers={"accept-encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in plain.headers and plain.json() == packed.json()
    csv = client.get("/api/export", params={"format": "csv"}, headers={"accept-encoding": "gzip"})
    assert csv.headers["content-encoding"] == "gzip" and csv.content.startswith(b"\xef\xbb\xbf")
    assert client.get("/api/openapi.json").headers["content-encoding"] == "gzip"


def test_fingerprinted_static_files_are_cached_for_long(client: TestClient) -> None:
    page = client.get("/").text
    css = re.search(r'href="(/static/yusuan\.css\?v=[0-9a-f]{12})"', page)
    assert css, "the style sheet is linked by its fingerprint"
    long = client.get(css.group(1))
    assert long.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert long.headers["content-encoding"] == "gzip"
    plain = client.get("/static/yusuan.css")
    assert plain.headers["cache-control"] == "no-cache" and plain.content == long.content
    assert client.get("/static/yusuan.css", headers={"if-none-match": plain.headers["etag"]}).status_code == 304
    assert client.get("/static/stale.css?v=0").status_code == 404
    assert client.get("/static/../app.py").status_code == 404


def test_findings_are_ordered_by_severity_everywhere(client: TestClient, published: dict[str, int]) -> None:
    findings = client.get(f"/api/disclosures/{published['disclosure']}").json()["findings"]
    ranks = [SEVERITY_RANK[f["severity"]] for f in findings]
    assert ranks == sorted(ranks) and len(set(ranks)) >= 2
    report = client.get(f"/revisions/{published['revision']}/download/findings").json()
    ranks = [SEVERITY_RANK[f["severity"]] for f in report["documents"][0]["findings"]]
    assert ranks == sorted(ranks)
    page = client.get(f"/disclosures/{published['disclosure']}").text
    badges = re.findall(r'<li id="f\d+" class="(error|warning|info)">', page)
    assert [SEVERITY_RANK[b] for b in badges] == sorted(SEVERITY_RANK[b] for b in badges)


def test_head_stops_a_streamed_body() -> None:
    from starlette.applications import Starlette
    from starlette.responses import StreamingResponse
    from starlette.routing import Route

    from yusuan.web.transport import HeadAsGet

    built: list[int] = []

    def chunks():  # type: ignore[no-untyped-def]
        for i in range(1000):
            built.append(i)
            yield b"x" * 1000

    async def export(request):  # type: ignore[no-untyped-def]
        return StreamingResponse(chunks(), media_type="text/csv", headers={"x-documents": "1000"})

    with TestClient(HeadAsGet(Starlette(routes=[Route("/export", export)]))) as client:
        head = client.head("/export")
        assert head.status_code == 200 and head.content == b"" and head.headers["x-documents"] == "1000"
        assert len(built) <= 2  # the first part, not the thousand
        built.clear()
        assert len(client.get("/export").content) == 1000 * 1000 and len(built) == 1000
