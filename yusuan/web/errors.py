"""One error envelope everywhere: ``{"error": {"status", "code", "message"}}`` for the API, and the
same message on a Chinese error page for HTML. No traceback ever reaches a user."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..store import NotFound, StoreError

log = logging.getLogger("yusuan.web")

CODES = {400: "bad-request", 401: "not-signed-in", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
         409: "conflict", 413: "too-large", 415: "unsupported-type", 422: "invalid-input", 429: "too-many-requests",
         500: "internal-error"}
MESSAGES = {400: "请求有误", 401: "请先登录", 403: "没有权限，或表单已过期（请刷新页面后重试）", 404: "没有找到该页面",
            405: "不支持该请求方法", 413: "上传的文件过大", 415: "不支持的文件类型", 422: "请求参数不正确",
            500: "服务器内部错误，已记录；请稍后重试"}


class WebError(Exception):
    """An error shown to the user as is (Chinese message)."""

    def __init__(self, status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or CODES.get(status, "error")
        self.headers = headers or {}


def wants_json(request: Request) -> bool:
    from .render import is_api

    return is_api(request.url.path)


def envelope(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, **extra}}


def error_response(request: Request, status: int, message: str, code: str | None = None,
                   headers: dict[str, str] | None = None, **extra: Any) -> Response:
    code = code or CODES.get(status, "error")
    if wants_json(request):
        return JSONResponse(envelope(status, code, message, **extra), status_code=status, headers=headers)
    from .render import render_page

    html = render_page(request, "error.html", {"status": status, "message": message, "code": code})
    return HTMLResponse(html, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        return error_response(request, exc.status, exc.message, exc.code, exc.headers)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> Response:
        return error_response(request, 409, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) and exc.status_code != 404 else None
        status = exc.status_code
        headers = getattr(exc, "headers", None)
        return error_response(request, status, message or MESSAGES.get(status, "请求失败"), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
                    for e in exc.errors()]
        where = "、".join(p["where"] for p in problems[:3])
        return error_response(request, 422, f"请求参数不正确：{where}", problems=problems)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(request, 500, MESSAGES[500])
