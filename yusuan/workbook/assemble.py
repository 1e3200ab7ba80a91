"""The sheets of a filled workbook put together into one model, with the checks that span sheets."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from .. import catalog
from ..errors import ReadError
from ..model import (
    Amount,
    Assets,
    Department,
    Disclosure,
    OtherMatters,
    Procurement,
    Profile,
    SourceInfo,
    Views,
)
from ..render.build import Ledger, economic_table, functional_table, project_table, three_public
from . import layout as L
from .reader import (
    ZERO,
    Context,
    Money,
    Problem,
    _economic,
    _functional,
    _glossary,
    _int,
    _other,
    _prior,
    _profile,
    _projects,
    _targets,
    _text,
    _three_public,
    _units,
)


def is_workbook(path: str | Path, data: bytes | None = None) -> bool:
    """Is this .xlsx an officers' workbook (it has yusuan's hidden marker sheet)? One that names the marker
    sheet but cannot be opened is a broken workbook of ours: ``ReadError``, never read as another XLSX."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as z:
            if f'name="{L.MARKER_SHEET}"' not in z.read("xl/workbook.xml").decode("utf-8", "replace"):
                return False  # cheap test first: most .xlsx files are not ours
    except Exception:  # noqa: BLE001 - not a zip with a workbook part: not ours (the XLSX reader says what it is)
        return False
    try:
        wb = load_workbook(io.BytesIO(data) if data is not None else path, read_only=True)
    except Exception as exc:  # noqa: BLE001 - ours by its marker, but openpyxl cannot open it
        raise ReadError(str(path), f"这是 yusuan 的填报工作簿，但文件已损坏，无法打开（{type(exc).__name__}）；"
                                   "请用 Excel 打开并另存后重试，或重新生成填报工作簿") from exc
    try:
        if L.MARKER_SHEET not in wb.sheetnames:
            return False
        return str(wb[L.MARKER_SHEET]["A1"].value or "") == L.MARKER
    finally:
        wb.close()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value).replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        return None


def _cross_checks(ctx: Context, money: Money, economic: list, three: dict[str, Decimal]) -> None:  # type: ignore[type-arg]
    """What must agree between sheets."""
    basic = money.ledger.total("general_budget", 0)
    econ = sum((r.personnel + r.public for r in economic), ZERO)
    if basic != econ:
        ctx.error(L.ECONOMIC, "D:E", f"经济分类合计 {econ} 万元，不等于“功能分类”表一般公共预算基本支出合计 {basic} 万元"
                                     f"（相差 {econ - basic}）；两者是同一笔钱的两种分类")
    if not money.ledger.cells:
        ctx.error(L.FUNCTIONAL, None, "没有填写任何支出")
    by_code = {r.code: r.personnel + r.public for r in economic}
    for field, code, word in (("reception", "30217", "公务接待费"), ("vehicle_operation", "30231", "公务用车运行维护费"),
                              ("outbound", "30212", "因公出国（境）费用")):
        if three[field] and three[field] != by_code.get(code, ZERO):
            ctx.warning(L.THREE_PUBLIC, None, f"“三公”经费中的{word} {three[field]} 万元与经济分类 {code} "
                                              f"{by_code.get(code, ZERO)} 万元不同（若有项目支出安排，可以不同）")
    prior = money.prior
    if all(k in prior for k in ("total", "expenditure:basic", "expenditure:project")):
        parts = prior["expenditure:basic"] + prior["expenditure:project"]
        if parts != prior["total"]:
            ctx.warning(L.PRIOR, "B4", f"上年收支总预算 {prior['total']} 不等于上年基本支出与项目支出之和 {parts}")
    if all(k in prior for k in ("basic:personnel", "basic:public", "expenditure:basic")) and \
            money.ledger.total() == money.ledger.total("general_budget"):
        parts = prior["basic:personnel"] + prior["basic:public"]
        if parts != prior["expenditure:basic"]:
            ctx.warning(L.PRIOR, None, f"上年人员经费与公用经费之和 {parts} 不等于上年基本支出 {prior['expenditure:basic']}")


def _complete_prior(money: Money) -> None:
    """Totals the officer did not repeat: all money is 一般公共预算 → the totals are one figure."""
    prior = money.prior
    only_general = money.ledger.total() == money.ledger.total("general_budget")
    if "total" not in prior and "expenditure:basic" in prior and "expenditure:project" in prior:
        prior["total"] = prior["expenditure:basic"] + prior["expenditure:project"]
    if only_general and "total" in prior:
        for k in ("income:general_budget", "fiscal_total", "general_budget_total"):
            prior.setdefault(k, prior["total"])


def read_workbook_report(path: str | Path, data: bytes | None = None) -> tuple[Disclosure, list[Problem]]:
    """The model of a filled workbook, and every problem found (errors first)."""
    path = Path(path)
    try:
        wb = load_workbook(io.BytesIO(data) if data is not None else path, data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise ReadError(str(path), f"无法作为工作簿打开（{exc.__class__.__name__}）") from exc
    ctx = Context()
    values, functions = _profile(wb, ctx)

    def field(name: str) -> Any:
        return values.get(name, (None, None))[0]

    def cell(name: str) -> str | None:
        return values.get(name, (None, None))[1]

    department = _text(field("department"))
    if not department:
        ctx.error(L.PROFILE, cell("department") or "B4", "部门名称未填写")
    year = _int(ctx, L.PROFILE, cell("year") or "B7", field("year"), "预算年度")
    if year is None:
        ctx.error(L.PROFILE, cell("year") or "B7", "预算年度未填写")
    short = _text(field("short_name")) or None
    units, staff = _units(wb, ctx, department)
    money = _functional(wb, ctx, year)
    economic = _economic(wb, ctx)
    projects, descriptions = _projects(wb, ctx, money, short or department)
    targets = _targets(wb, ctx, projects, year, short or department)
    three = _three_public(wb, ctx, money)
    other, vehicles = _other(wb, ctx, money)
    _prior(wb, ctx, money)
    _complete_prior(money)
    _cross_checks(ctx, money, economic, three)
    if not functions:
        ctx.warning(L.PROFILE, None, "主要职能未填写，概况中将省略这一节")
    names = money.names
    class_names = {e.code: e.name for e in catalog.economic().all() if e.level == "class"}
    views = Views(
        income=functional_table("表二", money.ledger, names, None, by_source=True),
        expenditure=functional_table("表三", money.ledger, names, None, by_source=False),
        general_budget=functional_table("表五", money.ledger, names, ("general_budget",), by_source=False),
        gov_fund=(functional_table("表九", money.ledger, names, ("gov_fund",), by_source=False)
                  if money.ledger.total("gov_fund") else None),
        state_capital=(functional_table("国有资本", money.ledger, names, ("state_capital",), by_source=False)
                       if money.ledger.total("state_capital") else None),
        general_basic=economic_table(economic, class_names),
        general_project=project_table(projects, names),
        three_public=three_public(three["outbound"], three["vehicle_purchase"], three["vehicle_operation"],
                                  three["reception"]),
    )
    subordinates = [u for u in units if u.role == "subordinate"]
    sections = [s for s in _text(field("sections")).replace("，", "、").replace(",", "、").split("、") if s]
    profile = Profile(functions=functions, internal_sections=sections, units=units, unit_count=len(subordinates),
                      admin_units=sum(1 for u in units if u.type and "行政" in u.type) if units else None,
                      institution_units=sum(1 for u in units if u.type and "事业" in u.type) if units else None,
                      staff=staff)
    other_matters = _other_matters(other, vehicles)
    reasons = dict(money.reasons)
    if _text(field("other_matters")) and _text(field("other_matters")) != "无":
        reasons["other_matters"] = _text(field("other_matters"))
    scope = "unit" if _text(field("scope")) == "单位" else "department"
    problems = sorted(ctx.problems, key=lambda p: p.severity != "error")
    d = Disclosure(
        kind="budget", scope=scope, year=year, layout="yusuan",
        department=Department(name=department, region=_text(field("region")) or None, short_name=short),
        title=f"{department}{year or ''}年{'部门' if scope == 'department' else '单位'}预算公开",
        date=_date(field("date")), source=SourceInfo(path=str(path), format="workbook", files=[str(path)]),
        profile=profile, views=views, projects=descriptions, performance=targets, other=other_matters,
        glossary=_glossary(wb), prior={k: Amount(value=v) for k, v in money.prior.items()}, reasons=reasons,
        problems=[p.read_problem(str(path)) for p in problems],
    )
    return d, problems


def _other_matters(values: dict[str, Any], vehicles: list) -> OtherMatters:  # type: ignore[type-arg]
    def money(name: str) -> Amount | None:
        v = values.get(name)
        return Amount(value=v) if isinstance(v, Decimal) else None

    parts = [values.get(k) or ZERO for k in ("procurement_goods", "procurement_works", "procurement_services")]
    procurement = None
    if any(parts) or values.get("sme_reserved"):
        procurement = Procurement(total=Amount(value=sum(parts, ZERO)), goods=Amount(value=parts[0]),
                                  works=Amount(value=parts[1]), services=Amount(value=parts[2]),
                                  sme_reserved=money("sme_reserved"), small_micro_reserved=money("small_micro_reserved"))
    assets = None
    asset_fields = ("building_area", "building_value", "furniture_value", "other_value", "equipment_50")
    if vehicles or any(values.get(k) is not None for k in asset_fields):
        assets = Assets(
            as_of=values.get("as_of"), building_area=values.get("building_area"),
            building_value=money("building_value"),
            vehicle_count=sum(v.count or 0 for v in vehicles) if vehicles else None,
            vehicle_value=Amount(value=sum((v.value.value for v in vehicles if v.value), ZERO)) if vehicles else None,
            vehicles=vehicles, furniture_value=money("furniture_value"), other_value=money("other_value"),
            equipment_50=values.get("equipment_50"), equipment_100=values.get("equipment_100"),
            plan_vehicle_amount=money("plan_vehicle_amount"), plan_vehicles=values.get("plan_vehicles"),
            plan_equipment_50=values.get("plan_equipment_50"), plan_equipment_100=values.get("plan_equipment_100"),
        )
    return OtherMatters(operating_costs=money("operating_costs"), procurement=procurement, assets=assets)


def read_workbook(path: str | Path, data: bytes | None = None) -> Disclosure:
    """The model of a filled workbook (its problems are in ``problems``, with sheet and cell)."""
    return read_workbook_report(path, data)[0]


__all__ = ["is_workbook", "read_workbook", "read_workbook_report", "Ledger"]
