"""A disclosure: its page (tables as printed, narrative, findings in place, charts), the JSON twin,
its history, and downloads in every format yusuan writes."""

from __future__ import annotations

import gzip
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..store import reads
from ..store.reads import DisclosureInfo
from .auth import is_staff
from .document import Body, body_for, document_json
from .downloads import available_formats
from .render import is_api, jsonable, render_page, twin

router = APIRouter()


def _meta(info: DisclosureInfo) -> dict[str, Any]:
    shown = info.shown
    return {"disclosure_id": info.id, "department": jsonable(info.department), "year": info.year,
            "kind": info.kind, "kind_name": info.kind_name, "published_revision_id": info.published_revision_id,
            "revision_count": info.revision_count, "revision": jsonable(shown)}


async def _cached(request: Request, revision_id: int, check_id: int | None,
                  with_document: bool) -> tuple[bytes | None, Body]:
    """The rendered body (and for the API the canonical JSON): from memory, else fetched in a worker thread."""
    bodies = request.app.state.bodies
    document = None
    body = bodies.get(("body", revision_id, check_id))
    if body is None or with_document:
        def build() -> tuple[bytes | None, Body]:
            with request.app.state.store.read() as conn:
                return (document_json(conn, revision_id) if with_document else None,
                        body_for(bodies, conn, revision_id, check_id))

        document, body = await run_in_threadpool(build)
    return document, body


async def _page(request: Request, info: DisclosureInfo, others: list[tuple[int, str, int]]) -> Response:
    shown = info.shown
    if shown is None:  # a disclosure with no revision cannot exist; kept for safety
        from ..store import NotFound

        raise NotFound("这份公开文件没有修订")
    check_id = shown.check.run_id if shown.check else None
    staff = is_staff(request)
    cache = request.app.state.cache
    # what a visitor's response depends on; it is kept whole under this key
    key: tuple[object, ...] = ("response", request.url.path, shown.id, check_id, info.published_revision_id, info.revision_count,
           info.department.name, info.department.region)
    api = is_api(request.url.path)
    if api:
        if not staff and (packed := cache.get(key)) is not None:
            return _send(request, packed, "application/json")
        document, body = await _cached(request, shown.id, check_id, with_document=True)
        meta = jsonable({**_meta(info), "downloads": available_formats(shown.id, shown)})
        head = json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        payload = b"".join((head[:-1], b',"findings":', body.findings_json, b',"charts":', body.charts_json,
                            b',"document":', document or b"null", b"}"))
        if not staff:
            packed = gzip.compress(payload, 3)
            cache.put(key, packed, len(packed))
            return _send(request, packed, "application/json")
        return Response(payload, media_type="application/json")
    page_key = (*key, tuple(others))
    if not staff and (packed := cache.get(page_key)) is not None:
        return _send(request, packed, "text/html; charset=utf-8")
    _, body = await _cached(request, shown.id, check_id, with_document=False)
    data = {"title": shown.title or f"{info.department.name} {info.year} 年{info.kind_name}", "info": info,
            "shown": shown, "body": body, "others": others, "downloads": available_formats(shown.id, shown),
            "json_url": f"/api/revisions/{shown.id}"}
    if staff:
        return twin(request, "disclosure.html", data)
    packed = gzip.compress(render_page(request, "disclosure.html", data).encode("utf-8"), 3)
    cache.put(page_key, packed, len(packed))
    return _send(request, packed, "text/html; charset=utf-8")


def _send(request: Request, packed: bytes, media_type: str) -> Response:
    """A cached (gzip) response: as is to clients that accept gzip (all browsers), else unpacked."""
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(packed, media_type=media_type, headers={"content-encoding": "gzip", "vary": "Accept-Encoding"})
    return Response(gzip.decompress(packed), media_type=media_type, headers={"vary": "Accept-Encoding"})


@router.get("/disclosures/{disclosure_id}", include_in_schema=False)
@router.get("/api/disclosures/{disclosure_id}", tags=["公开文件"],
            summary="公开文件：已发布修订（工作人员看到最新修订）的全部内容、检查结果与图表数据")
async def disclosure(request: Request, disclosure_id: int) -> Response:
    # two indexed look-ups on one connection, well under a millisecond: done on the event loop
    public = not is_staff(request)
    with request.app.state.store.quick_read() as conn:
        info = reads.disclosure(conn, disclosure_id, public)
        others = [] if is_api(request.url.path) else reads.department_index(conn, info.department.id, public)
    return await _page(request, info, others)


@router.get("/revisions/{revision_id}", include_in_schema=False)
@router.get("/api/revisions/{revision_id}", tags=["公开文件"], summary="某一修订的全部内容与检查结果")
async def revision(request: Request, revision_id: int) -> Response:
    public = not is_staff(request)
    with request.app.state.store.quick_read() as conn:
        info = reads.revision(conn, revision_id, public)
        others = [] if is_api(request.url.path) else reads.department_index(conn, info.department.id, public)
    return await _page(request, info, others)


@router.get("/disclosures/{disclosure_id}/history", include_in_schema=False)
@router.get("/api/disclosures/{disclosure_id}/history", tags=["公开文件"], summary="修订历史")
def history(request: Request, disclosure_id: int) -> Response:
    public = not is_staff(request)
    with request.app.state.store.read() as conn:
        info = reads.disclosure(conn, disclosure_id, public)
        revisions = reads.revisions_of(conn, disclosure_id, public)
    data = {"title": f"{info.department.name} {info.year} 年{info.kind_name}：修订历史", "info": info,
            "revisions": revisions, "json_url": f"/api/disclosures/{disclosure_id}/history"}
    return twin(request, "history.html", data, api={"disclosure": _meta(info), "revisions": revisions})
