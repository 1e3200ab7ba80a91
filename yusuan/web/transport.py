"""HEAD wherever GET exists: a HEAD request is answered as the GET would be (status and headers, the
Content-Length of the body it would send), without the body. Plain ASGI, in front of the routes."""

from __future__ import annotations

from .security import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        scope = {**scope, "method": "GET"}
        finished = False

        async def without_body(message: Message) -> None:
            nonlocal finished
            if finished:
                return
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the rest of a streamed body is dropped as it comes
                finished = True
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(scope, receive, without_body)

