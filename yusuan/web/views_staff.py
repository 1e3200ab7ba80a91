"""Staff pages and writes: dashboard, upload (with the check report at once), publish, unpublish,
restore, re-check, rename and merge departments, the audit log. Every write goes through
``auth.writer`` (signed in + CSRF token) and is recorded in the audit log by the store."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from ..errors import LimitError, ReadError
from ..store import StoreError, reads
from ..store.accounts import Session, audit_entries
from ..store.writes import run_checks
from . import api_models, prebuild
from .auth import Writer, actor_of, current_session
from .errors import WebError
from .guards import out_of_range
from .render import is_api, jsonable, pagination, twin
from .upload import read_upload, source_of, validate

router = APIRouter()


def staff_page(request: Request) -> Session:
    """Dependency of staff pages: the session, else the sign-in page (HTML) or 401 (API)."""
    session = current_session(request)
    if session is None:
        if is_api(request.url.path):
            raise WebError(401, "请先登录")
        raise WebError(303, "请先登录", code="sign-in", headers={"location": f"/login?next={request.url.path}"})
    return session


Staff = Annotated[Session, Depends(staff_page)]


def _is_api(request: Request) -> bool:
    return is_api(request.url.path)


@router.get("/admin", include_in_schema=False)
@router.get("/api/admin", tags=["工作人员"], summary="工作台：全部公开文件（含未发布）与最近操作",
            response_model=api_models.Admin, responses=api_models.errors(401))
def dashboard(request: Request, session: Staff, unpublished: bool = False,
              page: Annotated[int, Query(ge=1, le=100000)] = 1,
              per_page: Annotated[int, Query(ge=1, le=200)] = 50) -> Response:
    with request.app.state.store.read() as conn:
        items, total = reads.disclosures_list(conn, public=False, offset=(page - 1) * per_page, limit=per_page,
                                              unpublished_only=unpublished)
        log, _ = audit_entries(conn, limit=10)
    data = {"title": "工作台", "items": items, "unpublished": unpublished, "audit": log,
            "pagination": pagination(request, page, per_page, total), "json_url": "/api/admin"}
    return twin(request, "admin.html", data)


@router.get("/admin/audit", include_in_schema=False)
@router.get("/api/admin/audit", tags=["工作人员"], summary="操作记录（谁在何时做了什么）",
            response_model=api_models.Audit, responses=api_models.errors(401))
def audit_log(request: Request, session: Staff, page: Annotated[int, Query(ge=1, le=100000)] = 1,
              per_page: Annotated[int, Query(ge=1, le=200)] = 50) -> Response:
    with request.app.state.store.read() as conn:
        entries, total = audit_entries(conn, offset=(page - 1) * per_page, limit=per_page)
    data = {"title": "操作记录", "entries": entries, "pagination": pagination(request, page, per_page, total),
            "json_url": "/api/admin/audit"}
    return twin(request, "audit.html", data)


@router.get("/admin/upload", include_in_schema=False)
def upload_form(request: Request, session: Staff) -> Response:
    limit = request.app.state.settings.upload_limit
    return twin(request, "upload.html", {"title": "上传公开文件", "error": None, "limit_mb": limit // 1024 // 1024})


def _import(request: Request, session: Session, files: list[tuple[str, bytes]]) -> dict[str, Any]:
    """Read, check and store one document from one file, or from its 说明 and 表格 files."""
    store = request.app.state.store
    offload = request.app.state.offload  # reading and checking cost seconds: in a worker process
    limit = request.app.state.settings.upload_limit
    uploads = [validate(name, data, limit) for name, data in files]
    try:
        document = offload.call(read_upload, *uploads)
    except LimitError as exc:  # beyond yusuan.limits: 413 for sizes, 422 for content out of bounds
        raise WebError(exc.status, f"无法读取：{exc}", code="too-large" if exc.status == 413 else "out-of-bounds") from exc
    except ReadError as exc:
        raise WebError(422, f"无法读取：{exc}", code="unreadable") from exc
    source, source_name, source_format = source_of(uploads)
    if len(uploads) == 1:
        source_format = document.source.format or source_format
    checked = offload.call(run_checks, document, store.prior_of(document))
    try:
        result = store.import_document(document, actor_of(session), source=source, source_name=source_name,
                                       source_format=source_format, checked=checked)
    except StoreError as exc:
        raise WebError(422, f"无法入库：{exc}", code="not-stored") from exc
    with store.read() as conn:
        info = reads.revision(conn, result.revision_id, public=False)
        found = reads.findings_of(conn, info.shown.check.run_id) if info.shown and info.shown.check else []
    return {"result": result, "info": info, "findings": found}


async def _files(file: UploadFile, tables: UploadFile | None, limit: int) -> list[tuple[str, bytes]]:
    """The uploaded file, and the tables file when the document's 表格 were published apart."""
    files = [(file.filename or "", await file.read(limit + 1))]
    if tables is not None and tables.filename:
        files.append((tables.filename, await tables.read(limit + 1)))
    return files


@router.post("/admin/upload", include_in_schema=False)
async def upload(request: Request, session: Writer, file: Annotated[UploadFile | None, File()] = None,
                 tables: Annotated[UploadFile | None, File()] = None) -> Response:
    limit = request.app.state.settings.upload_limit
    try:
        if file is None or not file.filename:
            raise WebError(400, "请选择要上传的文件", code="no-file")
        outcome = await run_in_threadpool(_import, request, session, await _files(file, tables, limit))
    except WebError as exc:
        page = twin(request, "upload.html", {"title": "上传公开文件", "error": exc.message,
                                             "limit_mb": limit // 1024 // 1024}, status=exc.status)
        return page
    revision_id = outcome["result"].revision_id
    return _rebuild(request, RedirectResponse(f"/revisions/{revision_id}?uploaded=1", status_code=303),
                    revision_id=revision_id)


@router.post("/api/uploads", tags=["工作人员"], status_code=201, response_model=api_models.Uploaded,
             responses=api_models.errors(400, 401, 403, 413, 415, 422, 503),
             summary="上传并检查一份公开文件（multipart，字段 file；说明与表格分开发布时，表格文件放在字段 tables）")
async def api_upload(request: Request, session: Writer, file: Annotated[UploadFile, File()],
                     tables: Annotated[UploadFile | None, File()] = None) -> Response:
    limit = request.app.state.settings.upload_limit
    outcome = await run_in_threadpool(_import, request, session, await _files(file, tables, limit))
    result = outcome["result"]
    body = {"revision_id": result.revision_id, "disclosure_id": result.disclosure_id,
            "department_id": result.department_id, "number": result.number, "errors": result.errors,
            "warnings": result.warnings, "infos": result.infos, "url": f"/revisions/{result.revision_id}",
            "findings": [f.model_dump(mode="json") for f in outcome["findings"]]}
    return _rebuild(request, JSONResponse(jsonable(body), status_code=201), revision_id=result.revision_id)


def _done(request: Request, target: str, api: dict[str, Any], **changed: Any) -> Response:
    """The answer to a write; then what visitors see of the department changed is built ahead (``prebuild``),
    ``changed`` saying which: ``revision_id``, ``disclosure_id`` or ``department_ids``."""
    response = JSONResponse(jsonable(api)) if _is_api(request) else RedirectResponse(target, status_code=303)
    return _rebuild(request, response, **changed)


def _rebuild(request: Request, response: Response, **changed: Any) -> Response:
    state = request.app.state
    response.background = BackgroundTask(prebuild.refresh_quietly, state.store, state.bodies, app=request.app,
                                         **changed)
    if state.render_workers is not None:  # a publication queues the downloads of its revision
        state.render_workers.wake()
    return response


@router.post("/revisions/{revision_id}/publish", include_in_schema=False)
@router.post("/api/revisions/{revision_id}/publish", tags=["工作人员"], response_model=api_models.Published,
             responses=api_models.errors(401, 403, 404), summary="发布该修订（公众可见）")
def publish(request: Request, revision_id: int, session: Writer) -> Response:
    request.app.state.store.publish(revision_id, actor_of(session))
    return _done(request, f"/revisions/{revision_id}", {"published_revision_id": revision_id},
                 revision_id=revision_id)


@router.post("/disclosures/{disclosure_id}/unpublish", include_in_schema=False)
@router.post("/api/disclosures/{disclosure_id}/unpublish", tags=["工作人员"], response_model=api_models.Unpublished,
             responses=api_models.errors(401, 403, 404), summary="撤回发布（公众不再可见）")
def unpublish(request: Request, disclosure_id: int, session: Writer) -> Response:
    request.app.state.store.unpublish(disclosure_id, actor_of(session))
    return _done(request, f"/disclosures/{disclosure_id}", {"disclosure_id": disclosure_id,
                                                            "published_revision_id": None},
                 disclosure_id=disclosure_id)


@router.post("/revisions/{revision_id}/restore", include_in_schema=False)
@router.post("/api/revisions/{revision_id}/restore", tags=["工作人员"], response_model=api_models.Restored,
             responses=api_models.errors(401, 403, 404), summary="以该修订的内容建立新修订（恢复）")
def restore(request: Request, revision_id: int, session: Writer) -> Response:
    result = request.app.state.store.restore(revision_id, actor_of(session))
    return _done(request, f"/revisions/{result.revision_id}", {"revision_id": result.revision_id,
                                                               "number": result.number},
                 department_ids=[result.department_id])


@router.post("/revisions/{revision_id}/recheck", include_in_schema=False)
@router.post("/api/revisions/{revision_id}/recheck", tags=["工作人员"], response_model=api_models.Rechecked,
             responses=api_models.errors(401, 403, 404), summary="用当前规则重新检查该修订")
def recheck(request: Request, revision_id: int, session: Writer) -> Response:
    run_id = request.app.state.store.recheck(revision_id, actor_of(session))
    return _done(request, f"/revisions/{revision_id}", {"revision_id": revision_id, "check_run_id": run_id},
                 revision_id=revision_id)


async def _fields(request: Request) -> dict[str, str]:
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = await request.json()
        except ValueError as exc:
            raise WebError(400, "请求内容不是合法的 JSON") from exc
        return {k: str(v) for k, v in body.items() if v is not None} if isinstance(body, dict) else {}
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _year(text: str | None) -> int | None:
    if not text:
        return None
    if not text.strip().isdigit() or not 1990 <= int(text) <= 2100:
        raise WebError(400, "年度应为四位数字")
    return int(text)


@router.post("/departments/{department_id}/rename", include_in_schema=False)
@router.post("/api/departments/{department_id}/rename", tags=["工作人员"], response_model=api_models.Renamed,
             responses=api_models.errors(401, 403, 400, 404, 409), summary="记录部门更名（name, year, note）")
async def rename(request: Request, department_id: int, session: Writer) -> Response:
    fields = await _fields(request)
    name = fields.get("name", "").strip()
    if not name:
        raise WebError(400, "请填写新名称")
    await run_in_threadpool(request.app.state.store.rename_department, department_id, name, actor_of(session),
                            _year(fields.get("year")), fields.get("note", "")[:500])
    return _done(request, f"/departments/{department_id}", {"department_id": department_id, "name": name},
                 department_ids=[department_id])


@router.post("/departments/{department_id}/merge", include_in_schema=False)
@router.post("/api/departments/{department_id}/merge", tags=["工作人员"], response_model=api_models.Merged,
             responses=api_models.errors(401, 403, 400, 404, 409),
             summary="记录部门合并：把 absorb 部门并入本部门（absorb, year, note）")
async def merge(request: Request, department_id: int, session: Writer) -> Response:
    fields = await _fields(request)
    absorb = fields.get("absorb", "").strip()
    if not absorb.isdigit():
        raise WebError(400, "请填写要并入的部门编号")
    if out_of_range(absorb):
        raise WebError(404, f"部门 {absorb[:20]} 不存在")
    await run_in_threadpool(request.app.state.store.merge_departments, department_id, int(absorb),
                            actor_of(session), _year(fields.get("year")), fields.get("note", "")[:500])
    return _done(request, f"/departments/{department_id}", {"department_id": department_id, "absorbed": int(absorb)},
                 department_ids=[department_id])
