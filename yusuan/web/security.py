"""Security middleware (plain ASGI, cheap on every request): response headers and a body-size limit.

- Headers: a Content-Security-Policy allowing scripts from this site only (charts read their data
  from JSON blocks, never from inline scripts), no framing, no MIME sniffing, no referrer leaks.
- Body limit: a request body larger than the limit is refused with 413 while it streams in, whether
  or not it declares its length (the upload routes allow the upload limit, others 1 MB).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
       "form-action 'self'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
SMALL_BODY = 1024 * 1024
UPLOAD_PATHS = ("/admin/upload", "/api/uploads")


class TooLarge(Exception):
    """The body went over the limit (the app may catch it; the flag in the middleware decides)."""


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, upload_limit: int) -> None:
        self.app = app
        # multipart framing and the other fields come on top of the file itself
        self.upload_body = upload_limit + 64 * 1024

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_body if scope["path"] in UPLOAD_PATHS else SMALL_BODY
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(scope, send, limit)
            return
        received = 0
        started = False
        too_large = False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_large = True
                    raise TooLarge
            return message

        async def with_headers(message: Message) -> None:
            nonlocal started
            if too_large:
                return  # the app's answer to a cut-off body is replaced by the 413 below
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in HEADERS if h[0] not in present)
                message["headers"] = headers
            await send(message)

        with contextlib.suppress(TooLarge):
            await self.app(scope, limited_receive, with_headers)
        if too_large and not started:
            await self._refuse(scope, send, limit)

    async def _refuse(self, scope: Scope, send: Send, limit: int) -> None:
        mb = max(1, round((limit - 64 * 1024) / 1024 / 1024)) if limit > SMALL_BODY else 1
        message = f"请求内容过大：上传文件不能超过 {mb} MB" if limit > SMALL_BODY else "请求内容过大"
        if scope["path"] == "/api" or scope["path"].startswith("/api/"):
            body = json.dumps({"error": {"status": 413, "code": "too-large", "message": message}},
                              ensure_ascii=False).encode()
            content_type = b"application/json"
        else:
            body = (f"<!doctype html><meta charset=utf-8><title>文件过大</title><p>{message}。"
                    f"<a href=\"/admin/upload\">返回上传页</a></p>").encode()
            content_type = b"text/html; charset=utf-8"
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close"), *HEADERS]})
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
