"""A department over the years: the timeline with its gaps, and the charts of figures by year.

A year without a stored (or, for the public, published) document is shown as missing. Where a
year is missing but the next year's narrative states the change, last year's figure is derived
(this year − the stated change) and labelled as derived, never mixed with published figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..store.reads import DisclosureInfo
from .charts import over_years


def _year_range(held: list[DisclosureInfo]) -> list[int]:
    years = sorted({i.year for i in held})
    return list(range(years[0], years[-1] + 1)) if years else []


def _stated_prior(info: DisclosureInfo, subject: str, current: Decimal | None) -> Decimal | None:
    if current is None or not info.digest:
        return None
    for change in info.digest.get("changes", []):
        if change["subject"] == subject and change["change"] is not None and change["unit"] == "万元":
            return current - Decimal(change["change"])
    return None


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def department_years(held: list[DisclosureInfo]) -> dict[str, Any]:
    years = _year_range(held)
    by_key = {(i.year, i.kind): i for i in held}
    rows = []
    for year in years:
        for kind in ("budget", "final_accounts"):
            if not any(k == kind for _, k in by_key):
                continue
            rows.append({"year": year, "kind": kind, "disclosure": by_key.get((year, kind))})
    budgets = {i.year: i for i in held if i.kind == "budget"}
    charts: dict[str, Any] = {}
    staff: list[dict[str, Any]] = []
    if budgets and years:
        def value(year: int, column: str) -> Decimal | None:
            info = budgets.get(year)
            return info.shown.totals.get(column) if info and info.shown else None

        missing = [y for y in years if y not in budgets]
        note = "单位：万元（预算）" + (f"；缺 {'、'.join(str(y) for y in missing)} 年" if missing else "")
        charts["totals"] = over_years("历年预算总额", note, years, [
            ("收入总计", [_f(value(y, "income_total")) for y in years]),
            ("基本支出", [_f(value(y, "basic")) for y in years]),
            ("项目支出", [_f(value(y, "project")) for y in years])])
        derived_years = sorted(set(years) | {years[0] - 1})
        tp_derived, oc_derived = [], []
        for y in derived_years:
            nxt = budgets.get(y + 1)
            stored = y in budgets
            tp_derived.append(None if stored or nxt is None else _f(
                _stated_prior(nxt, "three_public:total", value(y + 1, "three_public"))))
            oc_derived.append(None if stored or nxt is None else _f(
                _stated_prior(nxt, "operating_costs", value(y + 1, "operating_costs"))))
        has_derived = any(v is not None for v in tp_derived + oc_derived)
        axis = derived_years if has_derived else years
        sub = "单位：万元（预算）" + ("；虚线框为推算数，见图下说明" if has_derived else "")
        charts["three_public"] = over_years("“三公”经费与机关运行经费", sub, axis, [
            ("“三公”经费", [_f(value(y, "three_public")) for y in axis]),
            ("机关运行经费", [_f(value(y, "operating_costs")) for y in axis])],
            derived=[("“三公”经费（推算）", tp_derived), ("机关运行经费（推算）", oc_derived)] if has_derived else None)
        if has_derived:
            charts["three_public"]["note"] = ("虚线框：没有收录那一年的文件，按下一年情况说明所述“比上年增加／减少”倒推的上年数"
                                              "（本年数 − 所述增减），不是公开文件所列数字。")
        for y in years:
            info = budgets.get(y)
            s = (info.digest or {}).get("staff", {}) if info else {}
            staff.append({"year": y, "authorized": s.get("authorized"), "actual": s.get("actual"),
                          "units": s.get("units", []), "present": info is not None})
        if any(s["actual"] is not None for s in staff):
            staff_chart = over_years("人员情况", "单位：人（编制数、实有人数）", years, [
                ("编制数", [s["authorized"] for s in staff]), ("实有人数", [s["actual"] for s in staff])], kind="line")
            staff_chart["yAxis"]["name"] = "人"
            charts["staff"] = staff_chart
    return {"rows": rows, "charts": charts, "staff": staff}
