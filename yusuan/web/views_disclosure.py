"""A disclosure: its page (tables as printed, narrative, findings in place, charts), the JSON twin,
its history, and downloads in every format yusuan writes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..store import reads
from ..store.reads import DisclosureInfo
from .auth import is_staff
from .document import body_for, document_json
from .downloads import available_formats
from .render import jsonable, twin

router = APIRouter()


def _meta(info: DisclosureInfo) -> dict[str, Any]:
    shown = info.shown
    return {"disclosure_id": info.id, "department": jsonable(info.department), "year": info.year,
            "kind": info.kind, "kind_name": info.kind_name, "published_revision_id": info.published_revision_id,
            "revision_count": info.revision_count, "revision": jsonable(shown)}


def _page(request: Request, info: DisclosureInfo) -> Response:
    shown = info.shown
    if shown is None:  # a disclosure with no revision cannot exist; kept for safety
        from ..store import NotFound

        raise NotFound("这份公开文件没有修订")
    store = request.app.state.store
    cache = request.app.state.cache
    check_id = shown.check.run_id if shown.check else None
    if request.url.path.startswith("/api"):
        with store.read() as conn:
            document = document_json(cache, conn, shown.id)
            body = body_for(cache, conn, shown.id, check_id)
        meta = jsonable({**_meta(info), "findings": body.findings,
                         "downloads": available_formats(shown.id), "charts": body.charts})
        import json

        head = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
        payload = head[:-1].encode("utf-8") + b',"document":' + document + b"}"
        return Response(payload, media_type="application/json")
    with store.read() as conn:
        body = body_for(cache, conn, shown.id, check_id)
        others = reads.department_disclosures(conn, info.department.id, public=not is_staff(request))
    data = {"title": shown.title or f"{info.department.name} {info.year} 年{info.kind_name}", "info": info,
            "shown": shown, "body": body, "others": others, "downloads": available_formats(shown.id),
            "json_url": f"/api/revisions/{shown.id}"}
    return twin(request, "disclosure.html", data)


@router.get("/disclosures/{disclosure_id}", include_in_schema=False)
@router.get("/api/disclosures/{disclosure_id}", tags=["公开文件"],
            summary="公开文件：已发布修订（工作人员看到最新修订）的全部内容、检查结果与图表数据")
def disclosure(request: Request, disclosure_id: int) -> Response:
    with request.app.state.store.read() as conn:
        info = reads.disclosure(conn, disclosure_id, public=not is_staff(request))
    return _page(request, info)


@router.get("/revisions/{revision_id}", include_in_schema=False)
@router.get("/api/revisions/{revision_id}", tags=["公开文件"], summary="某一修订的全部内容与检查结果")
def revision(request: Request, revision_id: int) -> Response:
    with request.app.state.store.read() as conn:
        info = reads.revision(conn, revision_id, public=not is_staff(request))
    return _page(request, info)


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
