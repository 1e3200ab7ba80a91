"""How responses travel, as plain ASGI middleware in front of the routes.

- ``HeadAsGet``: HEAD wherever GET exists: a HEAD request is answered as the GET would be (status and
  headers, the Content-Length of the body it would send), without the body; a streamed body (an export)
  is stopped after its first part instead of being built and dropped.
- ``GzipText``: text responses gzip-compressed for clients that take it.
"""

from __future__ import annotations

from typing import Any

from .security import ASGIApp, Message, Receive, Scope, Send


class _Answered(BaseException):
    """Raised into a streaming response once a HEAD request is answered: the rest is never built.
    (A BaseException, so that no handler of ``Exception`` on the way takes it for a failure.)"""


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        scope = {**scope, "method": "GET"}

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                if message.get("more_body", False):
                    raise _Answered  # a streamed body (an export): stop building it
                return
            await send(message)

        try:
            await self.app(scope, receive, without_body)
        except _Answered:
            pass
        except BaseExceptionGroup as group:  # raised inside a task group (a streaming response's)
            rest = group.subgroup(lambda e: not isinstance(e, _Answered))
            if rest is not None:
                raise rest from None


COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/yaml", "image/svg+xml")


def accepts_gzip(scope: Scope) -> bool:
    """Whether the client takes gzip (``gzip``, ``x-gzip`` or ``*`` with a q-value above 0)."""
    header = b""
    for name, value in scope.get("headers", []):
        if name == b"accept-encoding":
            header = value
    quality: dict[str, float] = {}
    for item in header.decode("latin-1").lower().split(","):
        name, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        quality[name] = q
    return quality.get("gzip", quality.get("x-gzip", quality.get("*", 0.0))) > 0


class GzipText:
    """gzip for text responses (HTML, JSON, CSV, CSS, JavaScript, SVG) of 1 KB or more, when the client takes it
    and the response is not encoded already (visitors' stored pages are sent as stored); a streamed response
    is compressed as it streams (each chunk flushed, so the client gets it at once)."""

    def __init__(self, app: ASGIApp, minimum: int = 1024, level: int = 6) -> None:
        self.app = app
        self.minimum = minimum
        self.level = level

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not accepts_gzip(scope):
            await self.app(scope, receive, send)
            return
        import zlib

        start: Message | None = None
        compressor: Any = None
        passthrough = False

        def eligible(message: Message) -> bool:
            headers = {k.lower(): v for k, v in message.get("headers", [])}
            media = headers.get(b"content-type", b"").decode("latin-1").lower()
            return (b"content-encoding" not in headers and message.get("status", 200) not in (204, 206, 304)
                    and media.startswith(COMPRESSIBLE))

        def encoded(message: Message, length: int | None) -> Message:
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in (b"content-length", b"vary")]
            vary = [v for k, v in message.get("headers", []) if k.lower() == b"vary"]
            values = [p.strip() for v in vary for p in v.decode("latin-1").split(",") if p.strip()]
            if not any(v.lower() == "accept-encoding" for v in values):
                values.append("Accept-Encoding")
            headers += [(b"content-encoding", b"gzip"), (b"vary", ", ".join(values).encode("latin-1"))]
            if length is not None:
                headers.append((b"content-length", str(length).encode()))
            return {**message, "headers": headers}

        async def wrapped(message: Message) -> None:
            nonlocal start, compressor, passthrough
            if message["type"] == "http.response.start":
                if eligible(message):
                    start = message
                else:
                    passthrough = True
                    await send(message)
                return
            if passthrough or start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body, more = message.get("body", b""), message.get("more_body", False)
            if compressor is None:
                if not more:  # the whole body at once
                    if len(body) < self.minimum:
                        await send(start)
                        await send(message)
                    else:
                        packed = zlib.compress(body, self.level, wbits=31)
                        await send(encoded(start, len(packed)))
                        await send({"type": "http.response.body", "body": packed, "more_body": False})
                    start = None
                    passthrough = True
                    return
                compressor = zlib.compressobj(self.level, zlib.DEFLATED, 31)
                await send(encoded(start, None))
            chunk = compressor.compress(body) + (compressor.flush(zlib.Z_SYNC_FLUSH) if more else compressor.flush())
            await send({"type": "http.response.body", "body": chunk, "more_body": more})

        await self.app(scope, receive, wrapped)
