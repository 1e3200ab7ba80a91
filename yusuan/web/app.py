"""The FastAPI application factory.

``create_app(store=None, settings=None)`` builds the portal on a ``Store`` (by default the one the
environment names, see ``yusuan.store.db``). Everything a request needs that must be shared
(sessions, documents, the audit log) lives in the database, so several servers can run on one
PostgreSQL database (a visitor's disclosure and department responses are stored there too, see
``public``); the only per-process state is a memory cache of rendered pages and responses, each
keyed by what it shows.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI

from .. import __version__
from ..store import Store
from . import (
    api_models,
    assets,
    auth,
    downloads,
    errors,
    explore,
    exports,
    guards,
    rendering,
    views_accounts,
    views_disclosure,
    views_public,
    views_staff,
)
from .document import RenderCache
from .offload import Offload
from .security import SecurityMiddleware
from .settings import Settings
from .transport import GzipText, HeadAsGet

STATIC = Path(__file__).parent / "static"

DESCRIPTION = """yusuan 门户的数据接口。每个网页都有一个 JSON 孪生接口：把网址前加上 `/api`
（如 `/departments/1` → `/api/departments/1`）。金额为万元的精确十进制字符串。错误统一为
`{"error": {"status", "code", "message"}}`。列表分页参数 `page`、`per_page`，返回 `pagination`。
写操作需要登录（`POST /api/session`）并在请求头 `X-CSRF-Token` 中带上登录返回的令牌。
凡有 GET 的地址都可用 HEAD；文本响应按 `Accept-Encoding` 以 gzip 压缩；列表带 `ETag`（`If-None-Match` 相同时答 304）。
列表和比较结果加 `format=csv` 可下载 CSV（UTF-8 带 BOM）；`/api/export` 按地区、年度导出 CSV、JSON 或 Fiscal Data Package。"""


def create_app(store: Store | None = None, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    store = store or Store.open(settings.database_url)
    app = FastAPI(title="yusuan 预算公开门户", version=__version__, description=DESCRIPTION,
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
                  dependencies=[Depends(guards.ids_in_range)], lifespan=_lifespan)
    app.state.store = store
    app.state.settings = settings
    app.state.cache = RenderCache(settings.cache_bytes)  # whole responses for visitors, downloads
    app.state.bodies = RenderCache(max(settings.cache_bytes // 4, 8 * 1024 * 1024))  # page bodies (also in the DB)
    app.state.building = {}  # visitors' responses being built now (each built once however many wait)
    app.state.build_slots = None  # how many of them are built at once (``public._build_once``; made in the loop)
    app.state.render_workers = None  # background writers of downloads, started with the server (``rendering``)
    app.state.offload = Offload(settings.read_workers, settings.read_timeout)  # uploads read and checked in other processes
    errors.install(app)
    # the most visited routes first: routes are matched in order
    for router in (views_disclosure.router, assets.router, views_public.router, explore.router, exports.router,
                   downloads.router, auth.router, views_staff.router, views_accounts.router):
        app.include_router(router)
    described: dict[str, object] = {}

    def openapi() -> dict[str, object]:
        if not described:
            described.update(api_models.describe(app))
        return described

    app.openapi = openapi  # type: ignore[method-assign]
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET"],
                           allow_headers=["*"], allow_credentials=False)
    app.add_middleware(GzipText)  # text that is not stored compressed already
    app.add_middleware(SecurityMiddleware, upload_limit=settings.upload_limit, session_cookie=settings.session_cookie)
    app.add_middleware(HeadAsGet)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    rendering.start(app)
    try:
        yield
    finally:
        rendering.stop(app)
        app.state.offload.close()


def charts_available() -> bool:
    return (STATIC / "vendor" / "echarts.min.js").exists()


def all_routes(app: FastAPI) -> list[tuple[str, str, object]]:
    """(path, method, endpoint) of every route, including those of included routers (no prefixes used)."""
    out: list[tuple[str, str, object]] = []

    def walk(routes: list[object]) -> None:
        for route in routes:
            original = getattr(route, "original_router", None)
            if original is not None:
                walk(list(original.routes))
                continue
            for method in getattr(route, "methods", None) or ():
                out.append((getattr(route, "path", ""), method, getattr(route, "endpoint", None)))

    walk(list(app.routes))
    return out
