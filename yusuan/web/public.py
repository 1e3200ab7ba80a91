"""Complete responses for visitors, built once and stored gzip-compressed in the database.

The most visited pages (a disclosure and a department, each as a page and as its JSON twin) are
the same for every visitor. Each such response is built once, gzip-compressed and stored in
``public_responses`` under the fingerprint of everything it shows: the look-ups a view makes
anyway (the disclosure, the revision it shows with its check run and publication, the
department's other years, the downloads offered; for a department its row, spellings, events and
the revision each of its documents shows) and the version of the code and templates that build it
(``VERSION``). A view serves the stored bytes only under the fingerprint it computes now, so a
publication, withdrawal, new revision, restore, re-check, rename or merge shows at once on every
server whether or not the response was rebuilt ahead (``prebuild``): an out-of-date response is
built again at its next view. The fingerprint is the response's (weak) ETag.

The look-ups a view makes anyway say under which fingerprint a response is stored
(``reads.public_disclosure``: one query for a disclosure; ``reads.public_department``); the bytes
come from a per-process memory cache, else from one more indexed read, and are sent as stored to
clients that accept gzip (every browser), unpacked for the others. Signed-in staff never get
these: their pages show controls and CSRF tokens and are built at each view.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..store import Store, responses
from . import transport
from .document import RENDERER
from .render import environment

MEDIA_TYPES = {"html": "text/html; charset=utf-8", "json": "application/json"}
GZIP_LEVEL = 6  # built once, sent many times
#: a signed-in user gets another page at the same address: caches must tell them apart
VARY = "Accept-Encoding, Cookie"
#: staff pages (controls, CSRF tokens) are kept by no cache
PRIVATE = {"cache-control": "private, no-store", "vary": "Cookie"}

#: a built response: its fingerprint and its gzip bytes
Built = tuple[str, bytes]


def _version() -> str:
    """The page renderer's version and a hash of the code that assembles whole responses."""
    digest = hashlib.sha256(RENDERER.encode())
    here = Path(__file__).parent
    for name in ("public.py", "views_disclosure.py", "views_public.py", "years.py", "downloads.py"):
        digest.update((here / name).read_bytes())
    return f"{RENDERER}:{digest.hexdigest()[:16]}"


VERSION = _version()


def fingerprint(*parts: object) -> str:
    """The fingerprint of what a response shows (``repr`` of plain data and frozen dataclasses)."""
    return hashlib.sha256(repr((VERSION, *parts)).encode("utf-8")).hexdigest()[:40]


def render_anonymous(template: str, data: dict[str, Any], path: str) -> bytes:
    """A page as a visitor who is not signed in sees it (no request needed: it is built ahead)."""
    context = {"request": None, "session": None, "user": None, "csrf_token": "", "path": path, **data}
    return environment().get_template(template).render(context).encode("utf-8")


def json_bytes(value: Any) -> bytes:
    """JSON exactly as ``JSONResponse`` writes it."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode("utf-8")


def pack(payload: bytes) -> bytes:
    return gzip.compress(payload, GZIP_LEVEL, mtime=0)


def save(store: Store, scope: str, object_id: int, fmt: str, etag: str, payload: bytes) -> Built:
    """Compress and store a built response; its fingerprint and gzip bytes."""
    gz = pack(payload)
    with store.write() as conn:
        responses.save(conn, scope, object_id, fmt, etag, gz)
    return etag, gz


def accepts_gzip(request: Request) -> bool:
    """Whether the client takes gzip (``transport.accepts_gzip`` on the request's headers)."""
    return transport.accepts_gzip(request.scope)


def not_modified(request: Request, etag: str) -> bool:
    """Whether the client already holds this response (If-None-Match, weak comparison)."""
    wanted = request.headers.get("if-none-match")
    if not wanted:
        return False
    tags = {t.strip().removeprefix("W/") for t in wanted.split(",")}
    return f'"{etag}"' in tags or "*" in tags


def send(request: Request, etag: str, gz: bytes, fmt: str) -> Response:
    """A stored response: as is to clients that accept gzip, else unpacked; 304 when the client has it."""
    headers = {"etag": f'W/"{etag}"', "vary": VARY, "cache-control": "no-cache"}
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    if accepts_gzip(request):
        return Response(gz, media_type=MEDIA_TYPES[fmt], headers={**headers, "content-encoding": "gzip"})
    return Response(gzip.decompress(gz), media_type=MEDIA_TYPES[fmt], headers=headers)


async def serve(request: Request, scope: str, object_id: int, fmt: str, etag: str, stored: str | None,
                build: Callable[[], Built]) -> Response:
    """The visitor's response: from memory, else as stored in the database when stored under ``etag`` (``stored``:
    what the view's look-up found), else built (in a worker thread, once per process however many ask for it
    at the same time) and stored."""
    if not_modified(request, etag):
        return send(request, etag, b"", fmt)
    state = request.app.state
    key = ("public", scope, object_id, fmt, etag)
    gz = state.cache.get(key)
    if gz is None:
        if stored == etag:
            with state.store.quick_read() as conn:
                gz = responses.body(conn, scope, object_id, fmt, etag)
        if gz is None:
            etag, gz = await _build_once(state, key, build)
        state.cache.put(("public", scope, object_id, fmt, etag), gz, len(gz))
    return send(request, etag, gz, fmt)


async def _in_slot(state: Any, build: Callable[[], Built]) -> Built:
    """``build`` in a worker thread once one of the server's build slots is free (``YUSUAN_BUILD_SLOTS``, the
    number of cores): builds are CPU work, and fifty at once in fifty threads took each three times the CPU of
    one alone (the threads contend for the interpreter and the database) and finished all of them later."""
    if state.build_slots is None:
        state.build_slots = asyncio.Semaphore(state.settings.build_slots)
    async with state.build_slots:
        return await run_in_threadpool(build)


async def _build_once(state: Any, key: tuple[object, ...], build: Callable[[], Built]) -> Built:
    building: dict[tuple[object, ...], asyncio.Future[Built]] = state.building
    task = building.get(key)
    if task is None:
        task = asyncio.ensure_future(_in_slot(state, build))
        building[key] = task
        task.add_done_callback(lambda _: building.pop(key, None))
    return await asyncio.shield(task)  # a visitor who leaves does not cancel the others' build
