"""Templates and the twin responses: every page is built from one dict of data, sent as HTML through
a Jinja2 template or as JSON (its ``/api`` twin)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import __version__

TEMPLATES = Path(__file__).parent / "templates"
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_NAMES = {"ok": "检查通过", "warning": "有警告", "error": "有错误", "unchecked": "未检查"}
KIND_NAMES = {"budget": "预算", "final_accounts": "决算"}


def jsonable(value: Any) -> Any:
    """Plain JSON data: Decimals as exact strings, times in ISO 8601, dataclasses as objects."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in getattr(value, "__json_properties__", ()):
            out[name] = jsonable(getattr(value, name))
        return out
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    return value


def money(value: Any, empty: str = "—") -> str:
    """An amount as printed (its decimals kept), with thousands separators."""
    if value is None or value == "":
        return empty
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return f"{number:,f}"


def percent(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value) * 100:.{digits}f}%"


def when(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    local = value.astimezone(dt.timezone(dt.timedelta(hours=8)))
    return local.strftime("%Y-%m-%d %H:%M")


def heading_number(number: str, level: int) -> str:
    """Section numbers as printed: 一、 at the first level, （一） at the second, 1. below."""
    if not number:
        return ""
    if number.startswith(("（", "(")) or number.endswith(("、", ".", "．")):
        return number
    if number.isdigit():
        return f"{number}."
    return f"（{number}）" if level >= 2 else f"{number}、"


def _json_default(value: Any) -> Any:
    converted = jsonable(value)
    if converted is value:
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")
    return converted


def to_json_script(value: Any) -> Markup:
    """JSON safe to embed in <script type="application/json"> (no '</script>' breakout)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters.update(money=money, percent=percent, when=when, json_script=to_json_script,
                       heading_number=heading_number, relative=relative)
    from .assets import asset_url

    env.globals.update(SEVERITY_NAMES=SEVERITY_NAMES, STATUS_NAMES=STATUS_NAMES, KIND_NAMES=KIND_NAMES,
                       version=__version__, asset=asset_url)
    return env


def is_api(path: str) -> bool:
    """A JSON twin's path: ``/api`` or under ``/api/`` (not ``/api-docs``, an HTML page)."""
    return path == "/api" or path.startswith("/api/")


def render_page(request: Request, template: str, data: dict[str, Any]) -> str:
    session = getattr(request.state, "session", None)
    context = {"request": request, "session": session, "user": session.user if session else None,
               "csrf_token": session.csrf_token if session else "", "path": request.url.path, **data}
    return environment().get_template(template).render(context)


def twin(request: Request, template: str, data: dict[str, Any], status: int = 200,
         api: dict[str, Any] | None = None) -> Response:
    """The HTML page, or for ``/api/...`` the same data as JSON (``api`` replaces it where given)."""
    if is_api(request.url.path):
        return JSONResponse(jsonable(api if api is not None else data), status_code=status)
    return HTMLResponse(render_page(request, template, data), status_code=status)


def relative(url: Any) -> str:
    """A URL of this site as its path and query only (what a page links to)."""
    query = getattr(url, "query", "")
    return f"{url.path}?{query}" if query else str(url.path)


def link(request: Request, target: Any = None, **params: Any) -> str:
    """The one place list, pagination, download and JSON links are built: ``target`` is a path (the query
    asked is kept) or a URL of this site (default: the address asked), ``params`` replaced in its query
    (``None`` removes one). Under the configured public address (``YUSUAN_PUBLIC_URL``), else relative:
    never built from the Host header a client sends."""
    url = request.url if target is None else request.url.replace(path=target) if isinstance(target, str) else target
    for name, value in params.items():
        url = url.remove_query_params(name) if value is None else url.include_query_params(**{name: value})
    return public_address(request, relative(url))


def public_address(request: Request, path: str) -> str:
    base = getattr(request.app.state.settings, "public_url", "")
    return f"{base}{path}" if base else path


def absolute(request: Request, path: str) -> str:
    """The address of a path of this portal in a CSV download (read outside the portal): full under
    ``YUSUAN_PUBLIC_URL``, else relative (the Host header a client sends is never trusted)."""
    return public_address(request, path)


def pagination(request: Request, page: int, per_page: int, total: int) -> dict[str, Any]:
    pages = max(1, -(-total // per_page))

    def at(number: int) -> str | None:
        if number < 1 or number > pages:
            return None
        return link(request, page=number)

    return {"page": page, "per_page": per_page, "total": total, "pages": pages, "next": at(page + 1),
            "prev": at(page - 1)}
