"""A workbook filled from a model: last year's document as the start of this year's, and the round
trip model → workbook → model that the tests rely on."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Disclosure, Level
from ..render.derive import display_name, val
from ..render.narrative import match_description, operating_costs_of
from . import layout as L
from .template import build_template

ZERO = Decimal(0)


def _columns(ws: Worksheet) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[L.HEADER_ROW] if c.value}


def _put(ws: Worksheet, row: int, values: dict[str, Any]) -> None:
    cols = _columns(ws)
    for label, value in values.items():
        if value is None or value == "":
            continue
        cell = ws.cell(row=row, column=cols[label], value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # "=100%" is an indicator value, not a formula


def _row_of(ws: Worksheet, code: str) -> int | None:
    for r in range(L.FIRST_ROW, ws.max_row + 1):
        if str(ws.cell(row=r, column=1).value or "") == code:
            return r
    return None


def _clear_data(ws: Worksheet) -> None:
    for row in ws.iter_rows(min_row=L.FIRST_ROW):
        for cell in row:
            cell.value = None


def fill_template(d: Disclosure, year: int | None = None) -> Workbook:
    """The template filled with ``d``'s figures, texts and prior-year data."""
    wb = build_template(year or d.year)
    _profile(wb[L.PROFILE], d, year)
    _units(wb[L.UNITS], d)
    _functional(wb[L.FUNCTIONAL], d)
    _economic(wb[L.ECONOMIC], d)
    _projects(wb[L.PROJECTS], d)
    _targets(wb[L.TARGETS], d)
    _three_public(wb[L.THREE_PUBLIC], d)
    _other(wb[L.OTHER], d)
    _prior(wb[L.PRIOR], d)
    return wb


def write_filled(d: Disclosure, path: str | Path) -> Path:
    path = Path(path)
    fill_template(d).save(path)
    return path


def _profile(ws: Worksheet, d: Disclosure, year: int | None) -> None:
    fields = {f: L.FIRST_ROW + i for i, (f, _, _) in enumerate(L.PROFILE_FIELDS)}
    values = {"department": d.department.name, "short_name": display_name(d), "region": d.department.region,
              "year": year or d.year, "scope": "部门" if d.scope == "department" else "单位",
              "date": d.date.isoformat() if d.date else None, "sections": "、".join(d.profile.internal_sections),
              "other_matters": d.reasons.get("other_matters", "无")}
    for f, value in values.items():
        ws.cell(row=fields[f], column=2, value=value)
    start = L.FIRST_ROW + len(L.PROFILE_FIELDS) + 1
    for i, text in enumerate(d.profile.functions, start=1):
        ws.cell(row=start + i, column=1, value=i)
        ws.cell(row=start + i, column=2, value=text)


def _units(ws: Worksheet, d: Disclosure) -> None:
    _clear_data(ws)
    staff = {s.unit: s for s in d.profile.staff}
    for r, unit in enumerate(d.profile.units, start=L.FIRST_ROW):
        s = staff.get(unit.name) or next((v for k, v in staff.items() if k in unit.name or unit.name in k), None)
        _put(ws, r, {"单位名称": unit.name, "单位类型": "本级" if unit.role == "self" else "下属单位",
                     "单位性质": unit.type or ("行政单位" if unit.role == "self" else "事业单位"),
                     "编制数": s.authorized if s else None, "在职人数": s.active if s else None,
                     "在职比上年增减": s.active_change if s else None, "退休人数": s.retired if s else None,
                     "退休比上年增减": s.retired_change if s else None, "离休人数": s.veteran_retired if s else None,
                     "离休比上年增减": s.veteran_retired_change if s else None})


def _functional(ws: Worksheet, d: Disclosure) -> None:
    v = d.views
    general = {ln.code: ln for ln in (v.general_budget.lines if v.general_budget else [])}
    fund = {ln.code: ln for ln in (v.gov_fund.lines if v.gov_fund else [])}
    next_row = ws.max_row + 1
    for ln in v.income.lines if v.income else []:
        if ln.level != Level.ITEM:
            continue
        r = _row_of(ws, ln.code)
        if r is None:
            r, next_row = next_row, next_row + 1
        values: dict[str, Any] = {"科目编码": ln.code, "科目名称": ln.name}
        gb = general.get(ln.code)
        values["基本支出：一般公共预算"] = val(gb.basic) if gb else None
        fb = fund.get(ln.code)
        values["基本支出：政府性基金预算"] = val(fb.basic) if fb else None
        for source, label in L.SOURCES[2:]:
            amount = ln.by_source.get(source)
            values[f"基本支出：{label}"] = val(amount) if amount else None
        values = {k: (x if x != 0 else None) for k, x in values.items()}
        key = f"functional:{ln.code}"
        values["上年一般公共预算数"] = d.prior[key].value if key in d.prior else None
        values["增减原因"] = d.reasons.get(key)
        _put(ws, r, values)


def _economic(ws: Worksheet, d: Disclosure) -> None:
    _clear_data(ws)
    view = d.views.general_basic
    r = L.FIRST_ROW
    for ln in view.lines if view else []:
        if ln.level != Level.SECTION:
            continue
        rows = [(item.name, item.personnel, item.public) for item in ln.items] or [("", ln.personnel, ln.public)]
        for detail, personnel, public in rows:
            _put(ws, r, {"科目编码": ln.code, "科目名称": ln.name, "明细名称": detail,
                         "人员经费": val(personnel) or None, "公用经费": val(public) or None})
            r += 1


def _projects(ws: Worksheet, d: Disclosure) -> None:
    view = d.views.general_project
    r = L.FIRST_ROW
    for p in view.projects if view else []:
        desc = match_description(p.name, d.projects)
        sub = desc.subsidy if desc else None
        split = {label: val(p.by_economic.get(label)) or None for label in L.PROJECT_ECONOMIC}
        split["资本性支出"] = sum((val(a) for k, a in p.by_economic.items() if k.startswith("资本性支出")), ZERO) or None
        _put(ws, r, {"项目名称": p.name, "功能科目编码": p.function_code, "资金来源": "一般公共预算",
                     "项目金额": val(p.amount), **split,
                     "设立的政策依据": desc.policy_basis if desc else None,
                     "项目承担单位": desc.undertaker if desc else None,
                     "资金分配情况": desc.allocation if desc else None, "资金执行时间": desc.period if desc else None,
                     "补贴人数": sub.people if sub else None,
                     "补贴标准（元/人）": sub.standard.value * 10000 if sub and sub.standard else None,
                     "补贴范围": sub.scope if sub else None, "补贴方式": sub.method if sub else None,
                     "发放程序": sub.procedure if sub else None, "受益人群和社会效益": sub.beneficiaries if sub else None})
        r += 1
    for ln in d.views.gov_fund.lines if d.views.gov_fund else []:
        if ln.level == Level.ITEM and val(ln.project):
            _put(ws, r, {"项目名称": f"{ln.name}（政府性基金）", "功能科目编码": ln.code, "资金来源": "政府性基金预算",
                         "项目金额": val(ln.project), "商品和服务支出": val(ln.project)})
            r += 1


def _targets(ws: Worksheet, d: Disclosure) -> None:
    r = L.FIRST_ROW
    for t in d.performance:
        first = True
        for ind in t.indicators or []:
            _put(ws, r, {"项目名称": t.project if first else None, "项目总体目标": t.goal if first else None,
                         "其他资金": val(t.other) or None if first else None, "一级指标": ind.level1,
                         "二级指标": ind.level2, "三级指标": ind.name, "指标值": ind.value.text})
            first = False
            r += 1


def _three_public(ws: Worksheet, d: Disclosure) -> None:
    tp = d.views.three_public
    for r, (f, _) in enumerate(L.THREE_PUBLIC_ROWS, start=L.FIRST_ROW):
        key = f"three_public:{f}"
        current = None if f == "total" else (val(getattr(tp, f)) if tp else None)
        _put(ws, r, {"本年预算数": current, "上年预算数": d.prior[key].value if key in d.prior else None,
                     "增减原因": d.reasons.get(key)})


def _other(ws: Worksheet, d: Disclosure) -> None:
    rows = {f: L.FIRST_ROW + i for i, (f, _) in enumerate(L.OTHER_ROWS)}
    costs = operating_costs_of(d)
    p, a = d.other.procurement, d.other.assets
    values: dict[str, Any] = {"operating_costs": costs.value if costs else None}
    if p is not None:
        values |= {"procurement_goods": val(p.goods), "procurement_works": val(p.works),
                   "procurement_services": val(p.services),
                   "sme_reserved": val(p.sme_reserved) if p.sme_reserved else None,
                   "small_micro_reserved": val(p.small_micro_reserved) if p.small_micro_reserved else None}
    if a is not None:
        values |= {"as_of": (a.as_of or "").removeprefix("截至") or None, "building_area": a.building_area,
                   "building_value": val(a.building_value) if a.building_value else None,
                   "furniture_value": val(a.furniture_value) if a.furniture_value else None,
                   "other_value": val(a.other_value) if a.other_value else None, "equipment_50": a.equipment_50,
                   "equipment_100": a.equipment_100,
                   "plan_vehicle_amount": val(a.plan_vehicle_amount) if a.plan_vehicle_amount else None,
                   "plan_vehicles": a.plan_vehicles, "plan_equipment_50": a.plan_equipment_50,
                   "plan_equipment_100": a.plan_equipment_100}
    for f, value in values.items():
        if value is not None:
            ws.cell(row=rows[f], column=2, value=value)
    if "operating_costs" in d.prior:
        ws.cell(row=rows["operating_costs"], column=3, value=d.prior["operating_costs"].value)
    if d.reasons.get("operating_costs"):
        ws.cell(row=rows["operating_costs"], column=4, value=d.reasons["operating_costs"])
    start = L.FIRST_ROW + len(L.OTHER_ROWS) + 1
    groups = {g.type: g for g in (a.vehicles if a else [])}
    names = list(L.VEHICLE_TYPES) + [t for t in groups if t not in L.VEHICLE_TYPES]
    for r, name in enumerate(names, start=start + 1):
        g = groups.get(name)
        ws.cell(row=r, column=1, value=name)
        if g is not None:
            ws.cell(row=r, column=2, value=g.count)
            ws.cell(row=r, column=3, value=val(g.value))


def _prior(ws: Worksheet, d: Disclosure) -> None:
    for r, (subject, _) in enumerate(L.PRIOR_ROWS, start=L.FIRST_ROW):
        if subject in d.prior:
            ws.cell(row=r, column=2, value=d.prior[subject].value)
        if d.reasons.get(subject):
            ws.cell(row=r, column=3, value=d.reasons[subject])
