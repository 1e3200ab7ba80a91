"""Public pages and their JSON twins: home, departments, a department, search, compare."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BeforeValidator
from starlette.concurrency import run_in_threadpool

from ..store import NotFound, Store, reads, search
from ..store.reads import KIND_NAMES
from . import api_models, listing, public
from .auth import is_staff
from .compare import compare_data
from .render import absolute, is_api, jsonable, link, pagination, twin
from .years import department_years

router = APIRouter()

Page = Annotated[int, Query(ge=1, le=100000, description="页码，从 1 开始")]


def _year(value: object) -> int | None:
    """An empty form field (year=) means "any year", not an error."""
    if value in ("", None):
        return None
    year = int(str(value))
    if not 1900 <= year <= 2100:
        raise ValueError("年度应在 1900–2100 之间")
    return year


Year = Annotated[int | None, BeforeValidator(_year), Query(description="年度（空为不限）")]
PerPage = Annotated[int, Query(ge=1, le=200, description="每页条数（最多 200）")]


def _public(request: Request) -> bool:
    return not is_staff(request)


@router.get("/", include_in_schema=False)
@router.get("/api/", tags=["浏览"], summary="首页：地区、年度、最近发布", response_model=api_models.Home,
            responses=api_models.errors(304))
async def home(request: Request) -> Response:
    def build() -> bytes:
        public = _public(request)
        with request.app.state.store.read() as conn:
            counts = reads.counts(conn, public)
            regions = reads.regions(conn, public)
            years = reads.years(conn, public)
            recent, _ = reads.disclosures_list(conn, public, limit=12)
        data = {"title": "部门预算决算公开", "counts": counts,
                "regions": [{"region": r, "departments": n} for r, n in regions],
                "years": [{"year": y, "kind": k, "disclosures": n} for y, k, n in years],
                "recent": recent, "json_url": "/api/"}
        return listing.page_bytes(request, "home.html", data)

    return await listing.serve(request, build)


DEPARTMENT_CSV = ["部门编号", "部门", "地区", "公开文件（年度类型）", "地址"]
CSV_LIMIT = 100_000  # rows of one list download


@router.get("/departments", include_in_schema=False)
@router.get("/api/departments", tags=["浏览"], response_model=api_models.Departments,
            responses=api_models.errors(304, 422, csv=True),
            summary="部门列表（可按地区、年度、名称筛选，分页；format=csv 下载全部）")
async def departments(request: Request, region: str | None = None, year: Year = None, q: str | None = None,
                      page: Page = 1, per_page: PerPage = 50) -> Response:
    q = (q or "").strip()[:100] or None
    fmt = listing.wants(request)
    store = request.app.state.store
    if fmt == "csv":
        with store.read() as conn:
            items, _ = reads.departments_page(conn, _public(request), region=region, year=year, q=q, limit=CSV_LIMIT)
        rows = ([d.id, d.name, d.region or "", " ".join(f"{y}{KIND_NAMES[k]}" for y, k, _ in d.disclosures),
                 absolute(request, f"/departments/{d.id}")] for d in items)
        return listing.csv_response("部门.csv", DEPARTMENT_CSV, rows)

    def build() -> bytes:
        with store.read() as conn:
            items, total = reads.departments_page(conn, _public(request), region=region, year=year, q=q,
                                                  offset=(page - 1) * per_page, limit=per_page)
        data = {"title": "部门", "items": items, "region": region, "year": year, "q": q,
                "pagination": pagination(request, page, per_page, total), "downloads": _downloads(request),
                "json_url": link(request, "/api/departments", format=None)}
        return listing.page_bytes(request, "departments.html", data, fmt=fmt)

    return await listing.serve(request, build, fmt)


def _downloads(request: Request) -> dict[str, str]:
    path = request.url.path if is_api(request.url.path) else "/api" + request.url.path
    return {"csv": link(request, path, format="csv", page=None, per_page=None), "json": link(request, path, format=None)}


def _moved(request: Request, merged_into_id: int) -> Response:
    prefix = "/api" if is_api(request.url.path) else ""
    return RedirectResponse(f"{prefix}/departments/{merged_into_id}", status_code=301)


def _department_data(dept: dict[str, Any], held: list[reads.DisclosureInfo]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The page's data and its JSON twin's, from the department and its disclosures (with digests)."""
    timeline = department_years(held)
    latest = max((i for i in held if i.digest), key=lambda i: (i.year, i.kind == "budget"), default=None)
    profile = latest.digest if latest else None
    data = {"title": dept["name"], "department": {k: dept[k] for k in ("id", "name", "region", "created_at")},
            "aliases": dept["aliases"], "events": dept["events"], "disclosures": held, "timeline": timeline["rows"],
            "charts": timeline["charts"], "staff": timeline["staff"], "profile_from": latest,
            "units": (profile or {}).get("units", []), "functions": (profile or {}).get("functions", []),
            "internal_sections": (profile or {}).get("internal_sections", []),
            "json_url": f"/api/departments/{dept['id']}"}
    api = {k: v for k, v in data.items() if k not in ("profile_from",)}
    api["disclosures"] = [_disclosure_summary(i) for i in held]
    api["timeline"] = [{"year": r["year"], "kind": r["kind"],
                        "disclosure": _disclosure_summary(r["disclosure"]) if r["disclosure"] else None}
                       for r in timeline["rows"]]
    return data, api


def department_etag(dept: dict[str, Any], held: list[reads.DisclosureInfo], fmt: str) -> str:
    """The fingerprint of a visitor's department response: the department (name, region, spellings, events)
    and the revision each document shows (digests left out: they never change for a revision)."""
    return public.fingerprint("department", fmt, dept, [replace(i, digest=None) for i in held])


def build_department(store: Store, department_id: int, fmt: str) -> public.Built:
    """A visitor's department response (page or JSON), built and stored."""
    with store.read() as conn:
        dept = reads.department(conn, department_id, public=True)
        held = reads.department_disclosures(conn, department_id, public=True)
    if dept["merged_into_id"] is not None:  # merged meanwhile: its address now redirects
        raise NotFound("这个部门已并入其他部门")
    data, api = _department_data(dept, held)
    payload = (public.json_bytes(jsonable(api)) if fmt == "json"
               else public.render_anonymous("department.html", data, f"/departments/{department_id}"))
    return public.save(store, "department", department_id, fmt, department_etag(dept, held, fmt), payload)


def _staff_department(request: Request, department_id: int) -> Response:
    with request.app.state.store.read() as conn:
        dept = reads.department(conn, department_id, public=False)
        if dept["merged_into_id"] is not None:
            return _moved(request, dept["merged_into_id"])
        held = reads.department_disclosures(conn, department_id, public=False)
    data, api = _department_data(dept, held)
    response = twin(request, "department.html", data, api=api)
    response.headers.update(public.PRIVATE)
    return response


@router.get("/departments/{department_id}", include_in_schema=False)
@router.get("/api/departments/{department_id}", tags=["浏览"], summary="部门：概况、人员、历年公开文件与检查状态",
            response_model=api_models.Department, responses=api_models.errors(301, 304, 404))
async def department(request: Request, department_id: int) -> Response:
    if is_staff(request):
        return await run_in_threadpool(_staff_department, request, department_id)
    fmt = "json" if is_api(request.url.path) else "html"
    store = request.app.state.store
    with store.quick_read() as conn:  # two indexed look-ups (the digests left out): done on the event loop
        dept, stored = reads.public_department(conn, department_id, fmt)
        if dept["merged_into_id"] is None:
            held = reads.department_disclosures(conn, department_id, public=True, with_digest=False)
    if dept["merged_into_id"] is not None:
        return _moved(request, dept["merged_into_id"])
    return await public.serve(request, "department", department_id, fmt, department_etag(dept, held, fmt), stored,
                              lambda: build_department(store, department_id, fmt))


def _disclosure_summary(info: reads.DisclosureInfo) -> dict[str, Any]:
    shown = info.shown
    return {"id": info.id, "year": info.year, "kind": info.kind, "kind_name": info.kind_name,
            "published_revision_id": info.published_revision_id, "revision_count": info.revision_count,
            "shown_revision": None if shown is None else {
                "id": shown.id, "number": shown.number, "created_at": shown.created_at,
                "is_published": shown.is_published, "totals": shown.totals, "staff_actual": shown.staff_actual,
                "check": None if shown.check is None else {"status": shown.check.status, "errors": shown.check.errors,
                                                           "warnings": shown.check.warnings,
                                                           "infos": shown.check.infos}}}


SEARCH_CSV = ["类别", "文字", "编码或章节", "部门编号", "部门", "地区", "年度", "类型", "地址"]


def _hit(row: dict[str, Any], query: search.Query) -> dict[str, Any]:
    """A search hit as the page and the API show it: the text escaped and its matches marked, and the place it
    was found (a cell or paragraph of the document, or the department)."""
    text = row["text"] if row["kind"] != "sentence" else search.excerpt(row["text"], query)
    if row["revision_id"] is not None:
        where = f"/revisions/{row['revision_id']}" + (f"#{row['anchor']}" if row["anchor"] else "")
    else:
        where = f"/departments/{row['department_id']}"
    return {"kind": row["kind"], "text": text, "highlighted": str(search.highlight(text, query)),
            "detail": row["detail"], "department": {"id": row["department_id"], "name": row["department"],
                                                    "region": row["region"]},
            "disclosure_id": row["disclosure_id"], "year": row["year"], "disclosure_kind": row["disclosure_kind"],
            "revision_id": row["revision_id"], "link": where}


@router.get("/search", include_in_schema=False)
@router.get("/api/search", tags=["浏览"], response_model=api_models.Search,
            responses=api_models.errors(304, 422, csv=True),
            summary="全文搜索：部门与项目名称、表格科目、情况说明中的句子（中文分词，分页；format=csv 下载）")
async def search_view(request: Request, q: Annotated[str, Query(description="检索词；多个词须全部命中")] = "",
                      kind: Annotated[str | None, Query(description="只看一类：department / project / line / "
                                                        "sentence")] = None,
                      page: Page = 1, per_page: PerPage = 50) -> Response:
    query = search.parse(q)
    kind = kind if kind in search.KINDS else None
    fmt = listing.wants(request)
    store = request.app.state.store
    if fmt == "csv":
        with store.read() as conn:
            rows, _ = search.find(conn, query, _public(request), kind=kind, limit=CSV_LIMIT)
        out = ([search.KINDS[h["kind"]], h["text"], h["detail"], h["department"]["id"], h["department"]["name"],
                h["department"]["region"] or "", h["year"] or "",
                KIND_NAMES.get(h["disclosure_kind"] or "", ""), absolute(request, h["link"])]
               for h in (_hit(r, query) for r in rows))
        return listing.csv_response(f"搜索_{query.text or '空'}.csv", SEARCH_CSV, out)

    def build() -> bytes:
        rows: list[dict[str, Any]] = []
        counts = dict.fromkeys(search.KINDS, 0)
        if not query.empty:
            public = _public(request)
            with store.read() as conn:  # the counts are shared by the query's pages and tabs
                counts = listing.shared(request, ("search", query.words), lambda: search.count(conn, query, public))
                rows, counts = search.find(conn, query, public, kind=kind, offset=(page - 1) * per_page,
                                           limit=per_page, counts=counts)
        capped = search.capped(counts)
        counts = {k: min(n, search.CAP) for k, n in counts.items()}
        total = counts.get(kind, 0) if kind else sum(counts.values())
        shown_q = q.strip()[:100]
        data = {"title": f"搜索：{shown_q}" if shown_q else "搜索", "q": shown_q, "words": list(query.words),
                "kind": kind, "counts": counts, "more": capped, "hits": [_hit(r, query) for r in rows],
                "pagination": pagination(request, page, per_page, total), "downloads": _downloads(request),
                "json_url": link(request, "/api/search", format=None), "kinds": search.KINDS}
        api = {k: v for k, v in data.items() if k != "kinds"}
        return listing.page_bytes(request, "search.html", data, api=api, fmt=fmt)

    return await listing.serve(request, build, fmt)


COMPARE_CSV = ["部门编号", "部门", "年度", "类型", "收入总计（万元）", "支出总计（万元）", "基本支出（万元）", "项目支出（万元）",
               "“三公”经费（万元）", "机关运行经费（万元）", "基本支出占比（%）", "实有人数", "人均“三公”经费（元／人）",
               "支出总计比上年增长（%）", "检查"]


@router.get("/compare", include_in_schema=False)
@router.get("/api/compare", tags=["比较"], response_model=api_models.Compare,
            responses=api_models.errors(304, 422, csv=True),
            summary="部门并排比较：总额、人均“三公”、基本支出占比、增长（format=csv 下载）")
async def compare(request: Request, d: Annotated[list[int] | None, Query(description="部门编号，可重复")] = None,
                  year: Year = None, kind: str = "budget", region: str | None = None) -> Response:
    if kind not in ("budget", "final_accounts"):
        kind = "budget"
    ids = list(dict.fromkeys(d or []))[:12]
    fmt = listing.wants(request)

    def data_of() -> tuple[dict[str, Any], dict[str, Any]]:
        public = _public(request)
        with request.app.state.store.read() as conn:
            data = compare_data(conn, ids, year, kind, public)
            choices, choice_total = reads.departments_page(conn, public, region=region or None, limit=300)
            regions = reads.regions(conn, public)
        data.update({"title": "部门比较", "choices": choices, "choice_total": choice_total, "region": region,
                     "regions": [r for r, _ in regions], "selected": ids, "downloads": _downloads(request),
                     "json_url": link(request, "/api/compare", format=None)})
        return data, {k: v for k, v in data.items() if k not in ("choices", "regions", "choice_total")}

    if fmt == "csv":
        data, _ = await run_in_threadpool(data_of)
        rows = ([r["department_id"], r["name"], data["year"], KIND_NAMES[kind],
                 *[_plain(r.get(k)) for k in ("income_total", "expenditure_total", "basic", "project", "three_public",
                                              "operating_costs", "basic_share", "staff_actual",
                                              "three_public_per_staff", "growth")],
                 r.get("check_status", "") if r["present"] else "该年无文件"] for r in data["rows"])
        return listing.csv_response("部门比较.csv", COMPARE_CSV, rows)

    def build() -> bytes:
        data, api = data_of()
        return listing.page_bytes(request, "compare.html", data, api=api, fmt=fmt)

    return await listing.serve(request, build, fmt)


def _plain(value: Any) -> Any:
    return format(value, "f") if isinstance(value, Decimal) else value


@router.get("/api-docs", include_in_schema=False)
def api_docs(request: Request) -> Response:
    schema = request.app.openapi()
    endpoints = []
    for path, methods in schema.get("paths", {}).items():
        for method, spec in methods.items():
            endpoints.append({"method": method.upper(), "path": path, "summary": spec.get("summary", ""),
                              "tag": (spec.get("tags") or [""])[0],
                              "parameters": [p["name"] for p in spec.get("parameters", [])]})
    return twin(request, "api_docs.html", {"title": "数据接口（API）", "endpoints": endpoints})


def ratio(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return part / whole
