"""Bulk export from the web: the documents of a region, year and kind as one tidy CSV, one JSON, or one
Fiscal Data Package (ZIP), streamed as they are written (the digests are read 50 documents at a time), at
most ``LIMIT`` documents per request (a larger selection is refused with the reason; ``yusuan export``
on the server has no limit)."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterator
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from ..store import export, fdp, index, reads
from ..store.reads import KIND_NAMES
from . import api_models, listing
from .auth import is_staff
from .downloads import content_disposition, safe_filename
from .errors import WebError

router = APIRouter()

LIMIT = 5000  # documents in one export from the web
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json", "fdp": "application/zip"}


def _name(region: str | None, year: int | None, kind: str | None, extension: str) -> str:
    parts = [region or "全部地区", f"{year}年" if year else "各年", KIND_NAMES.get(kind or "", "预算决算")]
    return safe_filename("yusuan_" + "_".join(parts) + "." + extension)


def _json(items: Iterator[list[reads.DisclosureInfo]]) -> Iterator[bytes]:
    yield b'{"disclosures":['
    first = True
    for batch in items:
        for info in batch:
            yield (b"" if first else b",") + json.dumps(export.json_entry(info), ensure_ascii=False).encode("utf-8")
            first = False
    yield b"]}"


@router.get("/export", include_in_schema=False)
@router.get("/api/export", tags=["下载"], responses={**api_models.errors(400, 422), 200: {
    "description": "文件：CSV（UTF-8 带 BOM，每行一个金额）、JSON 或 Fiscal Data Package（ZIP）",
    "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in FORMATS.values()}}},
    summary=f"批量导出：按地区、年度、类型导出全部文件的数据（CSV / JSON / FDP），流式传输，每次最多 {LIMIT} 份")
async def bulk_export(request: Request,
                format: Annotated[str | None, Query(description="csv / json / fdp；网页地址不带时显示选择表单")] = None,
                region: Annotated[str | None, Query(description="地区（空为全部）")] = None,
                year: Annotated[int | None, Query(ge=1900, le=2100, description="年度（空为全部）")] = None,
                kind: Annotated[str | None, Query(description="budget / final_accounts（空为两者）")] = None) -> Response:
    public = not is_staff(request)
    kind = kind if kind in KIND_NAMES else None
    region = region or None
    store = request.app.state.store
    if format not in FORMATS:
        if request.url.path.startswith("/api/"):
            raise WebError(422, "请指定 format：csv、json 或 fdp", code="invalid-input")

        return await listing.serve(request, form_builder(request, region, year, kind), "html",
                                   form_keyed(request, region, year, kind))
    selection = await run_in_threadpool(_selection, store, public, year, kind, region)
    if len(selection) > LIMIT:
        raise WebError(400, f"所选范围有 {len(selection)} 份文件，超过网页一次导出的上限 {LIMIT} 份：请按地区或年度缩小范围",
                       code="too-many")
    ids = [i for i, _, _ in selection]
    batches = partial(export.batches, store.read, public)
    body: Iterator[bytes]
    if format == "csv":
        body = listing.csv_chunks(export.CSV_HEADER, export.csv_rows(_flat(batches(ids))))
    elif format == "json":
        body = _json(batches(ids))
    else:
        body = fdp.stream_zip(selection, batches)
    extension = {"csv": "csv", "json": "json", "fdp": "zip"}[format]
    headers = {"content-disposition": content_disposition(_name(region, year, kind, extension)),
               "x-yusuan-documents": str(len(ids))}
    if not public:
        headers["cache-control"] = "private, no-store"
    return StreamingResponse(body, media_type=FORMATS[format], headers=headers)


def form_builder(request: Request, region: str | None, year: int | None, kind: str | None) -> Callable[[], bytes]:
    """The form, with the number of documents chosen (built when called)."""
    def page() -> bytes:
        from ..store import explore

        public = not is_staff(request)
        with request.app.state.store.read() as conn:
            offered = listing.shared(request, "choices", lambda: explore.choices(conn, public))
            count = reads.export_count(conn, public, year=year, kind=kind, region=region)
        links = {f: listing.link(request, "/api/export", format=f) for f in FORMATS}
        return listing.page_bytes(request, "export.html", {
            "title": "批量下载", "offered": offered, "region": region, "year": year, "kind": kind, "count": count,
            "links": links, "limit": LIMIT, "json_url": None})

    return page


def form_address(region: str | None, year: int | None, kind: str | None) -> str:
    params = {"region": region, "year": year, "kind": kind}
    return "/export?" + urlencode({k: v for k, v in params.items() if v is not None})


def form_keyed(request: Request, region: str | None, year: int | None, kind: str | None) -> listing.Keyed:
    """The form follows the scopes it counts and the choices it offers."""
    def key(conn: Connection) -> tuple[str, Hashable]:
        from ..store import explore

        public = not is_staff(request)
        offered = listing.shared(request, "choices", lambda: explore.choices(conn, public))
        scopes = index.scope_stamp(conn, region, None if year is None else [year], None if kind is None else [kind])
        return form_address(region, year, kind), (scopes, tuple(offered["years"]), tuple(offered["regions"]))

    return key


def _selection(store: Any, public: bool, year: int | None, kind: str | None,
               region: str | None) -> list[tuple[int, int, str]]:
    with store.read() as conn:
        return reads.export_ids(conn, public, year=year, kind=kind, region=region)


def _flat(batches: Iterator[list[Any]]) -> Iterator[Any]:
    for batch in batches:
        yield from batch
