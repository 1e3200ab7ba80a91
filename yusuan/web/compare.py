"""Departments side by side for one year and kind: totals, 三公 per person, basic share, growth.

Growth is computed only against the department's stored (for the public: published) document of
the year before; where there is none the cell says so instead of estimating.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Connection

from ..store import NotFound, reads
from .charts import compare_bars

CENT = Decimal("0.01")


def _q(value: Decimal | None, exp: Decimal = CENT) -> Decimal | None:
    return None if value is None else value.quantize(exp, rounding=ROUND_HALF_UP)


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def metrics(info: reads.DisclosureInfo | None, prior: reads.DisclosureInfo | None) -> dict[str, Any]:
    if info is None or info.shown is None:
        return {"present": False}
    totals = info.shown.totals
    expenditure, basic = totals.get("expenditure_total"), totals.get("basic")
    three_public, staff = totals.get("three_public"), info.shown.staff_actual
    per_staff = None
    if three_public is not None and staff:
        per_staff = _q(three_public * 10000 / staff)  # 元 per person
    growth = None
    prior_total = prior.shown.totals.get("expenditure_total") if prior and prior.shown else None
    if expenditure is not None and prior_total:
        growth = _q((expenditure - prior_total) / prior_total * 100, Decimal("0.1"))
    check = info.shown.check
    return {
        "present": True, "disclosure_id": info.id, "revision": info.shown.number, **totals,
        "staff_actual": staff, "three_public_per_staff": per_staff,
        "basic_share": _q(basic / expenditure * 100, Decimal("0.1")) if basic is not None and expenditure else None,
        "growth": growth, "prior_expenditure_total": prior_total, "has_prior": prior is not None,
        "check_status": check.status if check else "unchecked", "errors": check.errors if check else None,
    }


def _pick_year(found: dict[int, list[reads.DisclosureInfo]], ids: list[int]) -> int | None:
    years_by_dept = {i: {d.year for d in found.get(i, [])} for i in ids}
    common = set.intersection(*years_by_dept.values()) if years_by_dept else set()
    if common:
        return max(common)
    every = set().union(*years_by_dept.values()) if years_by_dept else set()
    return max(every) if every else None


def compare_data(conn: Connection, ids: list[int], year: int | None, kind: str, public: bool) -> dict[str, Any]:
    items = reads.export_items(conn, public, department_ids=ids, kind=kind) if ids else []
    found: dict[int, list[reads.DisclosureInfo]] = {}
    names: dict[int, str] = {}
    for info in items:
        found.setdefault(info.department.id, []).append(info)
        names[info.department.id] = info.department.name
    for missing in (i for i in ids if i not in names):
        try:
            names[missing] = reads.department(conn, missing, public)["name"]
        except NotFound:
            names[missing] = f"（部门 {missing} 不存在或未公开）"
    year = year or _pick_year(found, ids)
    available_years = sorted({i.year for i in items}, reverse=True)
    rows = []
    for dept_id in ids:
        by_year = {i.year: i for i in found.get(dept_id, [])}
        current = by_year.get(year) if year else None
        prior = by_year.get(year - 1) if year else None
        rows.append({"department_id": dept_id, "name": names[dept_id], **metrics(current, prior)})
    present = [r for r in rows if r["present"]]
    charts: dict[str, Any] = {}
    if present:
        labels = [r["name"] for r in present]
        kind_name = reads.KIND_NAMES[kind]
        charts["totals"] = compare_bars(f"{year} 年{kind_name}总额", "单位：万元", labels, [
            ("支出总计", [_f(r.get("expenditure_total")) for r in present]),
            ("基本支出", [_f(r.get("basic")) for r in present]),
            ("项目支出", [_f(r.get("project")) for r in present])])
        per_staff = [_f(r.get("three_public_per_staff")) for r in present]
        if any(v is not None for v in per_staff):  # no staff numbers listed: the table says 无法计算, no empty chart
            charts["per_staff"] = compare_bars("人均“三公”经费", "单位：元／人（“三公”经费 ÷ 实有人数，计算值）", labels,
                                               [("人均“三公”经费", per_staff)], unit="元/人")
    return {"year": year, "kind": kind, "rows": rows, "charts": charts, "available_years": available_years}
