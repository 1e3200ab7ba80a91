"""Checks every request passes before its route runs (an application-wide dependency, on the event loop).

- Ids out of range: a path parameter ``…_id`` (or a ``d`` department id of the compare page) beyond
  the database's integer range names nothing, so it is answered 404 like any id that does not exist,
  never passed to the database (where it overflowed: 500 and a traceback in the log).
"""

from __future__ import annotations

from fastapi import Request

from .errors import WebError

#: the largest id the database's INTEGER columns hold (PostgreSQL's integer; SQLite's is wider)
MAX_ID = 2**31 - 1
ID_QUERY = ("d",)


def out_of_range(text: str) -> bool:
    """A decimal id (as sent) beyond ``MAX_ID``; other text is left to the route's own validation."""
    text = text.strip()
    return text.isdigit() and (len(text) > 10 or int(text) > MAX_ID)


async def ids_in_range(request: Request) -> None:
    for name, value in request.path_params.items():
        if name.endswith("_id") and isinstance(value, str) and out_of_range(value):
            raise WebError(404, "没有找到：编号超出范围")
    for name in ID_QUERY:
        if any(out_of_range(v) for v in request.query_params.getlist(name)):
            raise WebError(404, "没有找到：编号超出范围")
