"""Static files (the style sheet, app.js, ECharts, the icon), served from memory with fingerprinted addresses.

Pages refer to ``/static/NAME?v=HASH`` (``asset_url``), HASH being the first 12 hex digits of the file's
SHA-256: such an address never changes meaning, so it is sent with ``Cache-Control: public,
max-age=31536000, immutable`` and a browser asks for it once. The same file without (or with an old)
``v`` is sent with ``no-cache`` and its ETag, so it is revalidated. Text files (CSS, JavaScript, SVG)
are gzip-compressed once, at their first request, and sent compressed to every client that accepts it
(echarts.min.js: 1.1 MB → about 360 KB).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .public import accepts_gzip

STATIC = Path(__file__).parent / "static"
LONG = "public, max-age=31536000, immutable"
TEXT = (".css", ".js", ".svg", ".json", ".txt", ".map")
MEDIA = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}

router = APIRouter()


@dataclass(frozen=True)
class Asset:
    data: bytes
    gz: bytes | None
    digest: str
    media_type: str


_assets: dict[str, Asset | None] = {}
_lock = threading.Lock()


def _load(name: str) -> Asset | None:
    with _lock:
        if name in _assets:
            return _assets[name]
    path = (STATIC / name).resolve()
    asset = None
    if path.is_file() and STATIC.resolve() in path.parents:
        data = path.read_bytes()
        suffix = path.suffix.lower()
        media = MEDIA.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        gz = gzip.compress(data, 9, mtime=0) if suffix in TEXT and len(data) > 512 else None
        asset = Asset(data, gz, hashlib.sha256(data).hexdigest()[:12], media)
    with _lock:
        _assets[name] = asset
    return asset


def asset_url(name: str) -> str:
    """The fingerprinted address of a static file (the plain address when the file is missing)."""
    asset = _load(name)
    return f"/static/{name}" + (f"?v={asset.digest}" if asset else "")


@router.get("/static/{name:path}", include_in_schema=False)
def static(request: Request, name: str) -> Response:
    asset = _load(name)
    if asset is None:
        from .errors import WebError

        raise WebError(404, "没有这个文件")
    fresh = request.query_params.get("v") == asset.digest
    headers = {"etag": f'"{asset.digest}"', "cache-control": LONG if fresh else "no-cache"}
    if asset.gz is not None:
        headers["vary"] = "Accept-Encoding"
    wanted = request.headers.get("if-none-match", "")
    if wanted and (f'"{asset.digest}"' in wanted or wanted.strip() == "*"):
        return Response(status_code=304, headers=headers)
    if asset.gz is not None and accepts_gzip(request):
        return Response(asset.gz, media_type=asset.media_type, headers={**headers, "content-encoding": "gzip"})
    return Response(asset.data, media_type=asset.media_type, headers=headers)
