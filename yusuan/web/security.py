"""Security middleware (plain ASGI, cheap on every request): response headers and a body-size limit.

- Headers: a Content-Security-Policy allowing scripts from this site only (charts read their data
  from JSON blocks, never from inline scripts), no framing, no MIME sniffing, no referrer leaks.
- Body limit: a request body larger than the limit is refused with 413 while it streams in, whether
  or not it declares its length (the upload routes allow the upload limit, others 1 MB); a JSON body
  nested deeper than ``limits.NESTING`` is refused with 422 before any parser recurses into it.
- Caching: a response to a signed-in browser (it sends the session cookie), the sign-in and session
  endpoints (they carry CSRF tokens), the staff pages and any response setting a cookie are marked
  ``Cache-Control: private, no-store`` and ``Vary: Cookie``: no shared cache keeps or mixes them up.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .. import limits

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


PRIVATE_PATHS = ("/login", "/logout", "/api/session")
PRIVATE_PREFIXES = ("/admin", "/api/admin")
NO_STORE = [(b"cache-control", b"private, no-store")]


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, upload_limit: int, session_cookie: str = "yusuan_session") -> None:
        self.app = app
        # multipart framing and the other fields come on top of the file itself
        self.upload_body = upload_limit + 64 * 1024
        self.session_cookie = session_cookie.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_body if scope["path"] in UPLOAD_PATHS else SMALL_BODY
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(scope, send, limit)
            return
        if _is_json(scope):
            replay = await _json_body(receive, limit)
            if replay is None:
                await self._refuse(scope, send, limit)
                return
            if limits.json_depth(replay[0].decode("utf-8", "replace")) > limits.NESTING:
                await _answer(scope, send, 422, "invalid-input", f"请求内容的 JSON 嵌套超过 {limits.NESTING} 层")
                return
            receive = _replaying(replay, receive)
        private = self._private(scope)
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
                if private or b"set-cookie" in present:
                    headers = _no_store(headers)
                message["headers"] = headers
            await send(message)

        with contextlib.suppress(TooLarge):
            await self.app(scope, limited_receive, with_headers)
        if too_large and not started:
            await self._refuse(scope, send, limit)

    def _private(self, scope: Scope) -> bool:
        """Whether the response is for one browser only: staff pages, sign-in, session, or a signed-in browser."""
        path = scope["path"]
        if path in PRIVATE_PATHS or path.startswith(PRIVATE_PREFIXES):
            return True
        for name, value in scope.get("headers", []):
            if name == b"cookie" and self.session_cookie + b"=" in value:
                return True
        return False

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


def _no_store(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``Cache-Control: private, no-store`` in place of any other, and ``Cookie`` among the ``Vary`` headers."""
    vary = [v.decode("latin-1") for n, v in headers if n.lower() == b"vary"]
    kept = [(n, v) for n, v in headers if n.lower() not in (b"cache-control", b"vary")]
    names = [part.strip() for value in vary for part in value.split(",") if part.strip()]
    if not any(n.lower() == "cookie" for n in names):
        names.append("Cookie")
    return [*kept, *NO_STORE, (b"vary", ", ".join(names).encode("latin-1"))]


def _is_json(scope: Scope) -> bool:
    if scope.get("method") not in ("POST", "PUT", "PATCH", "DELETE"):
        return False
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            kind = value.split(b";")[0].strip().lower()
            return kind == b"application/json" or kind.endswith(b"+json")
    return False


async def _json_body(receive: Receive, limit: int) -> tuple[bytes, list[Message]] | None:
    """The whole (small) JSON body and its messages, or None when it goes over ``limit``."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        size += len(message.get("body", b""))
        if size > limit:
            return None
        if not message.get("more_body", False):
            break
    return b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request"), messages


def _replaying(replay: tuple[bytes, list[Message]], then: Receive) -> Receive:
    """The messages read ahead, then the client's own (a disconnect, when it comes)."""
    pending = list(replay[1])

    async def receive() -> Message:
        return pending.pop(0) if pending else await then()

    return receive


async def _answer(scope: Scope, send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"status": status, "code": code, "message": message}}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *HEADERS, *NO_STORE]})
    await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
