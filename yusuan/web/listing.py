"""Lists, searches and the explorer for visitors: built once per data version, kept compressed, sent with an ETag;
and their CSV and JSON downloads.

A visitor's list page (home, departments, search, compare, explorer, and their JSON twins) depends on the
address asked for and on what the database holds. Every write that changes what visitors see (import,
publication, withdrawal, restore, re-check, rename, merge) bumps ``data_version`` in its own transaction
(``store.index.bump``), so the fingerprint of a list response is ``(code version, path, query, data
version)``: one indexed read tells whether the bytes kept in memory are still right, on every server
sharing the database. The fingerprint is the response's weak ``ETag``; a matching ``If-None-Match`` is
answered 304. Signed-in staff get every list built at each view (``private, no-store``).

The explorer and the export form are ``keyed``: fingerprinted by their canonical address and the versions of the
(region, year, kind) scopes they show (``store.index.scope_stamp``), so a write leaves other scopes' pages
valid; their front pages are built ahead after each write (``prebuild.refresh_lists``) and stored in
``list_responses``, which a first view reads when its memory holds nothing under the fingerprint.

CSV downloads are UTF-8 with a byte-order mark (Excel then reads the Chinese), one header row, amounts
as exact 万元 strings; they are streamed row by row, so a long export never sits whole in memory.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Hashable, Iterable, Iterator
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from ..store import index, responses
from . import public
from .auth import is_staff
from .document import RENDERER
from .downloads import content_disposition
from .render import is_api, jsonable, link, render_page

__all__ = ["link", "serve", "csv_response", "page_bytes", "wants"]


def _version() -> str:
    digest = hashlib.sha256(RENDERER.encode())
    here = Path(__file__).parent
    for name in ("listing.py", "views_public.py", "explore.py", "compare.py", "render.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


VERSION = _version()
MEDIA = {"html": "text/html; charset=utf-8", "json": "application/json", "csv": "text/csv; charset=utf-8"}


def page_bytes(request: Request, template: str, data: dict[str, Any],
               api: dict[str, Any] | Callable[[], dict[str, Any]] | None = None, fmt: str | None = None) -> bytes:
    """The page (HTML) or its JSON twin (``fmt`` json, or an ``/api`` address), as bytes; ``api``: the twin's data
    where it differs from the page's (a function: built only when the JSON is asked for)."""
    if fmt == "json" or is_api(request.url.path):
        answer = api() if callable(api) else api
        return public.json_bytes(jsonable(answer if answer is not None else data))
    return render_page(request, template, data).encode("utf-8")


def fingerprint(request: Request, data_version: int) -> str:
    query = sorted(request.query_params.multi_items())
    return hashlib.sha256(repr((VERSION, request.url.path, query, data_version)).encode()).hexdigest()[:40]


def scoped_fingerprint(address: str, shown: Hashable) -> str:
    """The fingerprint of a page known by its canonical ``address`` (format included) and ``shown``: the versions of
    the scopes it shows and whatever else it depends on (see ``Keyed``)."""
    return hashlib.sha256(repr((VERSION, address, shown)).encode()).hexdigest()[:40]


#: what a page whose content follows a few scopes gives ``serve``: its canonical address (the same page however its
#: query is spelled: the key under which it may have been built ahead) and what it shows, read from the database
#: (the versions of its scopes, the form's choices …)
Keyed = Callable[[Connection], tuple[str, Hashable]]


async def serve(request: Request, build: Callable[[], bytes], fmt: str | None = None,
                keyed: Keyed | None = None) -> Response:
    """A list response: for visitors from memory while what it shows has not changed (else the copy built ahead,
    else built once, in a worker thread, however many ask at the same time); for staff built now and kept by no
    cache. Without ``keyed`` a list follows the one data version (every write); with it, only its own scopes."""
    fmt = fmt or ("json" if is_api(request.url.path) else "html")
    if is_staff(request):
        payload = await run_in_threadpool(build)
        return Response(payload, media_type=MEDIA[fmt], headers=public.PRIVATE)
    state = request.app.state
    with state.store.quick_read() as conn:
        address, etag = _fingerprint(request, conn, fmt, keyed)
        if public.not_modified(request, etag):
            return Response(status_code=304, headers=_headers(etag))
        key = ("list", etag)
        gz = state.cache.get(key)
        if gz is None and address is not None:
            gz = responses.list_body(conn, address, etag)  # built ahead (``prebuild.refresh_lists``)
            if gz is not None:
                state.cache.put(key, gz, len(gz))
    if gz is None:
        def built() -> public.Built:
            return etag, public.pack(build())

        etag, gz = await public._build_once(state, key, built)
        state.cache.put(key, gz, len(gz))
    if public.accepts_gzip(request):
        return Response(gz, media_type=MEDIA[fmt], headers={**_headers(etag), "content-encoding": "gzip"})
    import gzip

    return Response(gzip.decompress(gz), media_type=MEDIA[fmt], headers=_headers(etag))


def _fingerprint(request: Request, conn: Connection, fmt: str, keyed: Keyed | None) -> tuple[str | None, str]:
    """The canonical address (None for a list without one) and the fingerprint of the response asked for."""
    version = index.version(conn)
    request.state.data_version = version
    if keyed is None:
        return None, fingerprint(request, version)
    address, shown = keyed(conn)
    address = f"{fmt}:{address}"
    return address, scoped_fingerprint(address, shown)


def build_ahead(request: Request, build: Callable[[], bytes], fmt: str, keyed: Keyed) -> bool:
    """Build and store a keyed list page for visitors unless it is stored under its current fingerprint (``request``:
    one made for its canonical address, ``prebuild.refresh_lists``); whether it was built."""
    store = request.app.state.store
    with store.read() as conn:
        address, etag = _fingerprint(request, conn, fmt, keyed)
        if address is None or responses.list_etag(conn, address) == etag:
            return False
    gz = public.pack(build())
    with store.write() as conn:
        responses.save_list(conn, address, etag, gz)
    return True


def shared(request: Request, name: Hashable, compute: Callable[[], Any]) -> Any:
    """A value many list responses share (the regions and years offered …): for visitors, computed once per data
    version and process (``serve`` has read the version); for staff, computed now."""
    version = getattr(request.state, "data_version", None)
    if version is None:
        return compute()
    cache = request.app.state.cache
    key = ("shared", name, version)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.put(key, value, 4096)
    return value


def _headers(etag: str) -> dict[str, str]:
    return {"etag": f'W/"{etag}"', "vary": public.VARY, "cache-control": "no-cache"}


# -- CSV --------------------------------------------------------------------------------------------

BOM = "\ufeff"


def csv_chunks(header: list[str], rows: Iterable[list[Any]], every: int = 500) -> Iterator[bytes]:
    """CSV text, UTF-8 with BOM, in chunks of ``every`` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow(["" if v is None else v for v in row])
        if count % every == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_response(filename: str, header: list[str], rows: Iterable[list[Any]]) -> StreamingResponse:
    return StreamingResponse(csv_chunks(header, rows), media_type=MEDIA["csv"],
                             headers={"content-disposition": content_disposition(filename)})


def wants(request: Request) -> str:
    """The format asked for with ``format=``: ``csv``, ``json`` or the page's own."""
    asked = request.query_params.get("format", "")
    return asked if asked in ("csv", "json") else ("json" if is_api(request.url.path) else "html")
