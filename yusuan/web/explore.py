"""The explorer: one measure (a functional 类 or 款, an economic 类 or 款, “三公” and its parts, 机关运行经费,
a total, an income source) across the departments of a region for one year and kind, sortable, charted,
with last year beside it; or one department's measure over the years. Every figure links to its cell in
its document. The figures come from the store (``store.explore``), never from re-reading a document."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup, escape
from sqlalchemy import Connection, Select, bindparam, select

from .. import catalog
from ..store import explore, index
from ..store.explore import Measure, Row
from ..store.figures import ECONOMIC_MEASURES, FUNCTIONAL_MEASURES, SECTIONS, THREE_PUBLIC_NAMES, TOTAL_NAMES
from ..store.reads import KIND_NAMES
from ..store.schema import departments
from . import api_models, listing
from .auth import is_staff
from .charts import ranked_bars, yearly_bars
from .render import absolute, link, pagination

router = APIRouter()

CHART_ROWS = 30  # bars drawn (the table lists every department)


@lru_cache(maxsize=1)
def measure_options() -> dict[str, Any]:
    """What the form offers for each section (类 and 款 from yusuan's classification catalogue)."""
    def tree(cat: catalog.Catalog, digits: tuple[int, ...]) -> list[dict[str, str]]:
        return [{"code": e.code, "name": e.name} for e in sorted(cat.all(), key=lambda e: e.code)
                if len(e.code) in digits]

    return {"sections": [{"section": k, "name": v} for k, v in SECTIONS.items()],
            "total": [{"code": k, "name": v} for k, v in TOTAL_NAMES.items()],
            "three_public": [{"code": k, "name": v} for k, v in THREE_PUBLIC_NAMES.items()],
            "functional": tree(catalog.functional(), (3, 5)), "economic": tree(catalog.economic(), (3, 5)),
            "functional_measures": [{"measure": k, "name": v} for k, v in FUNCTIONAL_MEASURES.items()],
            "economic_measures": [{"measure": k, "name": v} for k, v in ECONOMIC_MEASURES.items()]}


@lru_cache(maxsize=2)
def _option_list(section: str) -> str:
    """The form's list of 类 and 款 of a section as HTML, built once (hundreds of options: rendering them through the
    template at each page cost most of a page's time)."""
    return "".join(f'<option value="{escape(o["code"])}">{escape(o["code"])} {escape(o["name"])}</option>'
                   for o in measure_options()[section])


@lru_cache(maxsize=1024)
def code_options(section: str, code: str, label: str) -> Markup:
    """The options of the form's code list with ``code`` chosen (listed first, by ``label``, when the list does not
    hold it: a 项 asked for by its code)."""
    options = _option_list(section)
    chosen = f'<option value="{escape(code)}">'
    if chosen in options:
        return Markup(options.replace(chosen, f'<option value="{escape(code)}" selected>', 1))
    return Markup(f'<option value="{escape(code)}" selected>{escape(label)}</option>' + options)


def _name(measure: Measure) -> str | None:
    if measure.section == "functional":
        return catalog.functional().lookup(measure.code).name
    if measure.section == "economic":
        return catalog.economic().lookup(measure.code).name
    return None


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def row_json(row: Row) -> dict[str, Any]:
    p, prior = row.point, row.prior
    return {"department": {"id": p.department_id, "name": p.department, "region": p.region},
            "disclosure_id": p.disclosure_id, "year": p.year, "kind": p.kind, "kind_name": p.kind_name,
            "revision_id": p.revision_id, "revision": p.revision, "name": p.name, "amount": _s(p.amount),
            "share": _s(p.share), "link": p.link,
            "prior": None if prior is None else {"year": prior.year, "disclosure_id": prior.disclosure_id,
                                                 "revision_id": prior.revision_id, "amount": _s(prior.amount),
                                                 "link": prior.link},
            "change": _s(row.change), "rate": _s(row.rate)}


CSV_HEADER = ["部门编号", "部门", "地区", "年度", "类型", "修订", "指标", "金额（万元）", "占支出总计（%）", "上年金额（万元）",
              "比上年增减（万元）", "增减率（%）", "出处"]


def csv_rows(request: Request, rows: list[Row], label: str) -> list[list[Any]]:
    out = []
    for row in rows:
        p = row.point
        out.append([p.department_id, p.department, p.region or "", p.year, p.kind_name, p.revision, label,
                    _s(p.amount), _s(p.share), _s(row.prior.amount) if row.prior else None, _s(row.change),
                    _s(row.rate), absolute(request, p.link)])
    return out


@dataclass(frozen=True)
class View:
    """One view of the explorer as asked, its defaults applied (``year`` None: the latest year that holds
    documents, filled in by ``resolved``)."""

    measure: Measure
    region: str | None = None
    year: int | None = None
    kind: str = "budget"
    sort: str = "-amount"
    department: int | None = None
    page: int = 1
    per_page: int = 100

    @classmethod
    def parse(cls, section: str | None, code: str | None, measure: str | None, region: str | None, year: int | None,
              kind: str, sort: str, department: int | None, page: int = 1, per_page: int = 100) -> View:
        return cls(Measure.parse(section, code, measure), region or None, year if department is None else None,
                   kind if kind in KIND_NAMES else "budget", sort if sort in explore.SORTS else "-amount",
                   department, page, per_page)

    def resolved(self, offered: dict[str, Any]) -> View:
        if self.department is not None or self.year is not None:
            return self
        return replace(self, year=next(iter(offered["years"]), None))

    def address(self) -> str:
        """The canonical address of this view (every parameter spelled, in one order)."""
        m = self.measure
        params = {"section": m.section, "code": m.code, "measure": m.measure, "region": self.region, "year": self.year,
                  "kind": None if self.department else self.kind, "sort": self.sort, "department": self.department,
                  "page": self.page, "per_page": self.per_page}
        return "/explore?" + urlencode({k: v for k, v in params.items() if v is not None})

    def shown(self, conn: Connection, offered: dict[str, Any]) -> Hashable:
        """What the page shows, for its fingerprint: across departments, the versions of the scopes its rows come
        from (a year's and the year before's, of its region or every region, and its kind) and the form's choices;
        a department's years, its name and the revision each of its documents shows (its form offers no choices)."""
        if self.department is not None:
            return tuple(tuple(row) for row in conn.execute(_department_query(), {"department": self.department}))
        if self.year is None:
            scopes: tuple[Any, ...] = ()
        else:
            scopes = index.scope_stamp(conn, self.region, [self.year, self.year - 1], [self.kind])
        return scopes, tuple(offered["years"]), tuple(offered["regions"])


@lru_cache(maxsize=1)
def _department_query() -> Select[Any]:
    from ..store.schema import disclosures

    return (select(departments.c.name, departments.c.merged_into_id, disclosures.c.id, disclosures.c.year,
                   disclosures.c.kind, disclosures.c.published_revision_id)
            .select_from(departments.outerjoin(disclosures, disclosures.c.department_id == departments.c.id))
            .where(departments.c.id == bindparam("department")).order_by(disclosures.c.id))


def _offered(request: Request, conn: Connection) -> dict[str, Any]:
    public = not is_staff(request)
    return listing.shared(request, "choices", lambda: explore.choices(conn, public))  # type: ignore[no-any-return]


def keyed(request: Request, view: View) -> listing.Keyed:
    def key(conn: Connection) -> tuple[str, Hashable]:
        offered = _offered(request, conn)
        resolved = view.resolved(offered)
        return resolved.address(), resolved.shown(conn, offered)

    return key


def _query(request: Request, view: View) -> tuple[dict[str, Any], dict[str, Any], list[Row], str]:
    public = not is_staff(request)
    chosen = view.measure
    with request.app.state.store.read() as conn:
        offered = _offered(request, conn)
        view = view.resolved(offered)
        region, year, kind, department = view.region, view.year, view.kind, view.department
        if department is not None:
            rows = explore.over_years(conn, chosen, public, department, kind=None)
        else:
            rows = explore.across(conn, chosen, public, year, kind, region, view.sort) if year else []
    name = next((r.point.name for r in rows if r.point.name), None) or _name(chosen)
    label = chosen.label(name)
    present = [r for r in rows if r.point.amount is not None]
    total = sum((r.point.amount for r in present if r.point.amount is not None), Decimal(0))
    start = (view.page - 1) * view.per_page
    shown = rows[start:start + view.per_page]
    where = "、".join(x for x in (region or "", f"{year} 年" if year else "", KIND_NAMES[kind] if not department
                                 else "") if x)
    if department is not None:
        who = rows[0].point.department if rows else f"部门 {department}"
        title = f"{who}：{label}（历年）"
    else:
        title = f"{label}：各部门比较" + (f"（{where}）" if where else "")
    charts = {}
    if present:
        charts["figures"] = (yearly_bars(label, rows) if department is not None
                             else ranked_bars(label, [r for r in rows if r.point.amount is not None][:CHART_ROWS],
                                              more=max(0, len(present) - CHART_ROWS)))
    filters = {"section": chosen.section, "code": chosen.code, "measure": chosen.measure, "region": region,
               "year": year, "kind": kind, "sort": view.sort, "department": department}
    summary = {"documents": len(rows), "with_figure": len(present), "without_figure": len(rows) - len(present),
               "total": format(total, "f") if present else None}
    downloads = {"csv": link(request, "/api/explore", format="csv", page=None, per_page=None),
                 "json": link(request, "/api/explore", format=None)}
    api = {"title": title, "measure": {**filters, "label": label}, "summary": summary,
           "rows": shown, "pagination": pagination(request, view.page, view.per_page, len(rows)), "downloads": downloads}
    years_link = link(request, department=None, page=None) if department is None else ""
    data = {**api, "filters": filters, "offered": offered, "options": measure_options(), "charts": charts,
            "code_options": code_options(chosen.section, chosen.code, label) if chosen.section in ("functional", "economic")
            else "",
            "label": label, "json_url": downloads["json"], "years_link": years_link + ("&" if "?" in years_link else "?")}
    return data, api, rows, label


def page_builder(request: Request, view: View, fmt: str) -> Callable[[], bytes]:
    """The page (or its JSON twin) of a view, built when called."""
    def build() -> bytes:
        data, api, _, _ = _query(request, view)
        return listing.page_bytes(request, "explore.html", data, fmt=fmt,
                                  api=lambda: {**api, "rows": [row_json(r) for r in api["rows"]]})

    return build


Page = Annotated[int, Query(ge=1, le=100000, description="页码，从 1 开始")]
PerPage = Annotated[int, Query(ge=1, le=500, description="每页条数（最多 500；CSV 下载不分页）")]


@router.get("/explore", include_in_schema=False)
@router.get("/api/explore", tags=["比较"], response_model=api_models.Explore,
            responses=api_models.errors(304, 422, csv=True),
            summary="一个指标在各部门之间比较（按地区、年度、类型），或一个部门的历年数；format=csv 下载全部")
async def explore_view(request: Request,
                       section: Annotated[str | None, Query(description="total / functional / economic / "
                                                            "three_public / operating_costs / income")] = None,
                       code: Annotated[str | None, Query(description="编码：功能或经济分类的类、款；“三公”的组成部分；"
                                                         "总额的名称；收入来源")] = None,
                       measure: Annotated[str | None, Query(description="total / basic / project / personnel / "
                                                            "public（功能、经济分类）")] = None,
                       region: Annotated[str | None, Query(description="地区（空为全部）")] = None,
                       year: Annotated[int | None, Query(ge=1900, le=2100, description="年度（默认最近一年）")] = None,
                       kind: Annotated[str, Query(description="budget 预算 / final_accounts 决算")] = "budget",
                       sort: Annotated[str, Query(description="-amount（默认）amount name -change change -share share")]
                       = "-amount",
                       department: Annotated[int | None, Query(ge=1, description="部门编号：看这个部门的历年数")] = None,
                       page: Page = 1, per_page: PerPage = 100) -> Response:
    item = request.query_params.get("item", "").strip()  # the form's code box (a 项 is not in its list of 类 and 款)
    if item.isdigit() and len(item) in (3, 5, 7):
        code = item
    view = View.parse(section, code, measure, region, year, kind, sort, department, page, per_page)
    fmt = listing.wants(request)
    if fmt == "csv":
        data, _, rows, label = _query(request, replace(view, page=1, per_page=1))
        return listing.csv_response(f"{data['title']}.csv", CSV_HEADER, csv_rows(request, rows, label))
    return await listing.serve(request, page_builder(request, view, fmt), fmt, keyed(request, view))
