"""Downloads of a revision in every format yusuan writes.

Data formats come from the store (canonical JSON/YAML, tidy CSV, XLSX of the data, a Fiscal Data
Package, the findings); the disclosure itself in text / HTML / DOCX / PDF / XLSX comes from
``yusuan.render`` when that renderer is installed (``render_<format>(d)``), written by the background
workers and served as stored (``rendering``: never written inside a request); the source file as
imported is kept by content hash.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..model import Disclosure
from ..store import NotFound, reads, writes
from ..store.reads import DisclosureInfo, RevisionInfo
from . import rendering
from .auth import is_staff
from .document import document_json

router = APIRouter()
log = logging.getLogger("yusuan.web")


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    from .api_models import errors

    return errors(*statuses)


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    media_type: str
    extension: str
    group: str  # data / document / check / source


DATA_FORMATS = (
    Format("json", "标准模型（JSON）", "application/json", "json", "data"),
    Format("yaml", "标准模型（YAML）", "application/yaml; charset=utf-8", "yaml", "data"),
    Format("csv", "数据表（CSV，UTF-8）", "text/csv; charset=utf-8", "csv", "data"),
    Format("xlsx-data", "数据表（XLSX）", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "xlsx", "data"),
    Format("fdp", "Fiscal Data Package（ZIP）", "application/zip", "zip", "data"),
    Format("findings", "检查报告（JSON）", "application/json", "json", "check"),
    Format("report", "检查报告（HTML）", "text/html; charset=utf-8", "html", "check"),
)
RENDERED = (
    Format("text", "公开文件（文本）", "text/plain; charset=utf-8", "txt", "document"),
    Format("html", "公开文件（HTML）", "text/html; charset=utf-8", "html", "document"),
    Format("docx", "公开文件（Word）", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "docx", "document"),
    Format("pdf", "公开文件（PDF）", "application/pdf", "pdf", "document"),
    Format("xlsx", "公开文件（Excel 九张表）", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "xlsx", "document"),
)
SOURCE = Format("source", "原始文件", "application/octet-stream", "", "source")


def _renderer(name: str) -> Callable[[Disclosure], str | bytes] | None:
    try:
        import yusuan.render as render
    except Exception:  # noqa: BLE001 - a renderer that cannot load is not offered, and the log says why
        log.exception("the writers (yusuan.render) cannot be loaded: written formats are not offered")
        return None
    func = getattr(render, f"render_{name}", None)
    return func if callable(func) else None


def formats(shown: RevisionInfo | None = None) -> list[Format]:
    out = list(DATA_FORMATS) + [f for f in RENDERED if _renderer(f.name) is not None]
    if shown is None or shown.source_sha256:
        out.append(SOURCE)
    return out


def available_formats(revision_id: int, shown: RevisionInfo | None = None) -> list[dict[str, str]]:
    return [{"format": f.name, "label": f.label, "group": f.group,
             "url": f"/revisions/{revision_id}/download/{f.name}"} for f in formats(shown)]


def safe_filename(name: str, fallback: str = "file") -> str:
    """A file name with no path, no control or bidirectional characters, of a sane length."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in ("C",) and ch not in '<>:"|?*')
    name = name.strip().lstrip(".").strip()
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:100] + dot + ext[:15]) if dot and len(ext) <= 15 else name[:120]
    return name or fallback


def content_disposition(filename: str) -> str:
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _basename(info: DisclosureInfo, shown: RevisionInfo) -> str:
    return safe_filename(f"{info.department.name}_{info.year}年{info.kind_name}_修订{shown.number}")


def _with_digest(info: DisclosureInfo, digest: dict[str, Any]) -> DisclosureInfo:
    from dataclasses import replace

    return replace(info, digest=digest)


def _report(conn: Any, fmt: str, shown: RevisionInfo) -> bytes:
    """The check report of yusuan.report: its stable JSON (DOMAIN.md), or its self-contained HTML page."""
    from ..report import DocumentReport, Report

    found = reads.findings_of(conn, shown.check.run_id) if shown.check else []
    model = writes.unpack_model(reads.model_blob(conn, shown.id))
    report = Report(documents=[DocumentReport(path=shown.source_name or f"revision-{shown.id}", disclosure=model,
                                              findings=found)])
    if fmt == "report":
        return report.to_html().encode("utf-8")
    data = report.to_dict()
    data["checked"] = {"revision": shown.id, "check_run": shown.check.run_id if shown.check else None,
                       "rules_available": bool(shown.check and shown.check.rules_available)}
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _produce(fmt: str, info: DisclosureInfo, shown: RevisionInfo, request: Request) -> bytes:
    store = request.app.state.store
    with store.read() as conn:
        if fmt == "json":
            return document_json(conn, shown.id)
        if fmt in ("findings", "report"):
            return _report(conn, fmt, shown)
        if fmt in ("csv", "xlsx-data", "fdp"):
            from ..store import export, fdp

            items = [_with_digest(info, reads.digest_of(conn, shown.id))]
            return {"csv": export.to_csv, "xlsx-data": export.to_xlsx, "fdp": fdp.to_zip}[fmt](items)
        model = writes.unpack_model(reads.model_blob(conn, shown.id))
    from ..serialize import dumps

    return dumps(model, "yaml").encode("utf-8")


@router.get("/revisions/{revision_id}/download/{fmt}", tags=["公开文件"], summary="下载（各种格式）",
            responses={**_errors(404, 503), 200: {"description": "文件（附件）：格式见 fmt", "content": {
                f.media_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                for f in (*DATA_FORMATS, *RENDERED, SOURCE)}}})
def download(request: Request, revision_id: int, fmt: str) -> Response:
    with request.app.state.store.read() as conn:
        info = reads.revision(conn, revision_id, public=not is_staff(request))
    shown = info.shown
    assert shown is not None
    chosen = {f.name: f for f in formats(shown)}.get(fmt)
    if chosen is None:
        raise NotFound(f"没有“{fmt}”这种下载格式")
    if chosen is SOURCE:
        with request.app.state.store.read() as conn:
            data, media_type = reads.source_blob(conn, shown.source_sha256 or "")
        name = safe_filename(shown.source_name, "source")
        return Response(data, media_type=media_type, headers={"content-disposition": content_disposition(name)})
    if chosen.group == "document":  # written by the background workers, never in this request (``rendering``)
        return rendering.answer(request, shown.id, fmt, f"{_basename(info, shown)}.{chosen.extension}",
                                chosen.media_type)
    cache = request.app.state.cache
    key = ("download", revision_id, fmt, shown.check.run_id if shown.check and fmt in ("findings", "report") else None)
    data = cache.get(key)
    if data is None:
        data = _produce(fmt, info, shown, request)
        cache.put(key, data, len(data))
    name = f"{_basename(info, shown)}.{chosen.extension}"
    return Response(data, media_type=chosen.media_type, headers={"content-disposition": content_disposition(name)})
