"""A disclosure: its page (tables as printed, narrative, findings in place, charts), the JSON twin,
its history, and downloads in every format yusuan writes.

Visitors get the complete response built once and stored (``public``: it is the same for all of
them); signed-in staff get it built at each view (it shows controls and CSRF tokens)."""

from __future__ import annotations

import json
from collections.abc import Awaitable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..store import NotFound, Store, reads
from ..store.reads import DisclosureInfo
from . import api_models, public
from .auth import is_staff
from .document import Body, RenderCache, body_for, document_json
from .downloads import available_formats, formats
from .render import is_api, jsonable, twin

router = APIRouter()

Others = list[tuple[int, str, int]]  # (year, kind, disclosure id) of the department's disclosures


def _meta(info: DisclosureInfo) -> dict[str, Any]:
    shown = info.shown
    return {"disclosure_id": info.id, "department": jsonable(info.department), "year": info.year,
            "kind": info.kind, "kind_name": info.kind_name, "published_revision_id": info.published_revision_id,
            "revision_count": info.revision_count, "revision": jsonable(shown)}


def _downloads(info: DisclosureInfo) -> list[dict[str, str]]:
    assert info.shown is not None
    return available_formats(info.shown.id, info.shown)


def etag(info: DisclosureInfo, others: Others, fmt: str) -> str:
    """The fingerprint of a visitor's response: everything the page (or the JSON) shows besides the
    revision's body and document, which never change (the check run is part of ``info``)."""
    offered = tuple(f.name for f in formats(info.shown))  # the rest of each download's entry follows from info
    return public.fingerprint("disclosure", fmt, info, others if fmt == "html" else None, offered)


def page_data(info: DisclosureInfo, others: Others, body: Body) -> dict[str, Any]:
    shown = info.shown
    assert shown is not None
    return {"title": shown.title or f"{info.department.name} {info.year} 年{info.kind_name}", "info": info,
            "shown": shown, "body": body, "others": others, "downloads": _downloads(info),
            "json_url": f"/api/revisions/{shown.id}"}


def json_payload(info: DisclosureInfo, body: Body, document: bytes | None) -> bytes:
    head = json.dumps(jsonable({**_meta(info), "downloads": _downloads(info)}), ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
    return b"".join((head[:-1], b',"findings":', body.findings_json, b',"charts":', body.charts_json,
                     b',"document":', document or b"null", b"}"))


def _parts(store: Store, bodies: RenderCache, info: DisclosureInfo, with_document: bool) -> tuple[bytes | None, Body]:
    shown = info.shown
    assert shown is not None
    with store.read() as conn:
        return (document_json(conn, shown.id) if with_document else None,
                body_for(bodies, conn, shown.id, shown.check.run_id if shown.check else None))


def build(store: Store, bodies: RenderCache, info: DisclosureInfo, others: Others, fmt: str) -> public.Built:
    """A visitor's response (page or JSON) for ``info``, the published revision, built and stored."""
    document, body = _parts(store, bodies, info, with_document=fmt == "json")
    if fmt == "json":
        payload = json_payload(info, body, document)
    else:
        payload = public.render_anonymous("disclosure.html", page_data(info, others, body), f"/disclosures/{info.id}")
    assert info.shown is not None
    return public.save(store, "revision", info.shown.id, fmt, etag(info, others, fmt), payload)


def _visitor(request: Request, info: DisclosureInfo, others: Others, stored: str | None) -> Awaitable[Response]:
    assert info.shown is not None
    fmt = "json" if is_api(request.url.path) else "html"
    state = request.app.state
    return public.serve(request, "revision", info.shown.id, fmt, etag(info, others, fmt), stored,
                        lambda: build(state.store, state.bodies, info, others, fmt))


async def _staff(request: Request, info: DisclosureInfo, others: Others) -> Response:
    shown = info.shown
    if shown is None:  # a disclosure with no revision cannot exist; kept for safety
        raise NotFound("这份公开文件没有修订")
    state = request.app.state
    api = is_api(request.url.path)
    body = state.bodies.get(("body", shown.id, shown.check.run_id if shown.check else None))
    document = None
    if body is None or api:  # the body is often in memory: no thread hand-off then
        document, body = await run_in_threadpool(_parts, state.store, state.bodies, info, api)
    if api:
        return Response(json_payload(info, body, document), media_type="application/json", headers=public.PRIVATE)
    response = twin(request, "disclosure.html", page_data(info, others, body))
    response.headers.update(public.PRIVATE)
    return response


@router.get("/disclosures/{disclosure_id}", include_in_schema=False)
@router.get("/api/disclosures/{disclosure_id}", tags=["公开文件"], response_model=api_models.Disclosure,
            responses=api_models.errors(304, 404),
            summary="公开文件：已发布修订（工作人员看到最新修订）的全部内容、检查结果与图表数据")
async def disclosure(request: Request, disclosure_id: int) -> Response:
    # indexed look-ups on a kept connection, well under a millisecond: done on the event loop
    api, anonymous = is_api(request.url.path), not is_staff(request)
    with request.app.state.store.quick_read() as conn:
        if anonymous:  # one query, saying under which fingerprint its response is stored
            info, others, stored = reads.public_disclosure(conn, "json" if api else "html",
                                                           disclosure_id=disclosure_id, with_others=not api)
        else:
            info = reads.disclosure(conn, disclosure_id, public=False)
            others = [] if api else reads.department_index(conn, info.department.id, public=False)
    return await (_visitor(request, info, others, stored) if anonymous else _staff(request, info, others))


@router.get("/revisions/{revision_id}", include_in_schema=False)
@router.get("/api/revisions/{revision_id}", tags=["公开文件"], summary="某一修订的全部内容与检查结果",
            response_model=api_models.Disclosure, responses=api_models.errors(304, 404))
async def revision(request: Request, revision_id: int) -> Response:
    api, anonymous = is_api(request.url.path), not is_staff(request)
    with request.app.state.store.quick_read() as conn:
        if anonymous:  # the public sees a published revision only: its disclosure's response
            info, others, stored = reads.public_disclosure(conn, "json" if api else "html", revision_id=revision_id,
                                                           with_others=not api)
        else:
            info = reads.revision(conn, revision_id, public=False)
            others = [] if api else reads.department_index(conn, info.department.id, public=False)
    return await (_visitor(request, info, others, stored) if anonymous else _staff(request, info, others))


@router.get("/disclosures/{disclosure_id}/history", include_in_schema=False)
@router.get("/api/disclosures/{disclosure_id}/history", tags=["公开文件"], summary="修订历史",
            response_model=api_models.History, responses=api_models.errors(404))
def history(request: Request, disclosure_id: int) -> Response:
    anonymous = not is_staff(request)
    with request.app.state.store.read() as conn:
        info = reads.disclosure(conn, disclosure_id, anonymous)
        revisions = reads.revisions_of(conn, disclosure_id, anonymous)
    data = {"title": f"{info.department.name} {info.year} 年{info.kind_name}：修订历史", "info": info,
            "revisions": revisions, "json_url": f"/api/disclosures/{disclosure_id}/history"}
    return twin(request, "history.html", data, api={"disclosure": _meta(info), "revisions": revisions})
