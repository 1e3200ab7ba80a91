"""The summary contract of DOMAIN.md: totals, functional and economic lines, projects, 三公, in 万元.

Other tools rely on this shape; keep it stable.
"""

from __future__ import annotations

from typing import Any

from .model import Amount, Disclosure, FunctionalLine, FunctionalTable, wan_string


def _w(amount: Amount | None) -> str:
    return wan_string(amount)


def _expenditure_view(d: Disclosure) -> FunctionalTable | None:
    """The table of expenditure by function: the first one that has code lines.

    Jiangsu's 支出预算总表 has no code tree (its lines are in 财政拨款支出预算表).
    """
    v = d.views
    for view in (v.expenditure, v.fiscal_expenditure, v.general_budget, v.income):
        if view is not None and view.lines:
            return view
    return v.expenditure or v.general_budget or v.income


def _total_line(d: Disclosure, exp: FunctionalTable | None) -> FunctionalLine | None:
    """The total line giving 基本支出 / 项目支出: the expenditure table's, wherever it was printed."""
    v = d.views
    for view in (v.expenditure, exp):
        if view is not None and view.total is not None and (view.total.basic or view.total.project):
            return view.total
    return exp.total if exp else None


def summary(d: Disclosure) -> dict[str, Any]:
    v = d.views
    exp = _expenditure_view(d)
    income_total = v.overview.income_total if v.overview and v.overview.income_total is not None else None
    if income_total is None and v.income and v.income.total:
        income_total = v.income.total.total
    expenditure_total = None
    if v.overview and v.overview.expenditure_total is not None:
        expenditure_total = v.overview.expenditure_total.total
    total_line = _total_line(d, exp)
    if expenditure_total is None and total_line is not None:
        expenditure_total = total_line.total
    functional = [
        {"code": ln.code, "name": ln.name, "total": _w(ln.total), "basic": _w(ln.basic), "project": _w(ln.project)}
        for ln in (exp.lines if exp else [])
    ]
    econ = v.general_basic or v.basic_economic
    economic = []
    for ln in econ.lines if econ else []:
        entry: dict[str, Any] = {"code": ln.code, "name": ln.name, "total": _w(ln.total),
                                 "personnel": _w(ln.personnel), "public": _w(ln.public)}
        if ln.items:
            entry["items"] = [{"name": it.name, "total": _w(it.total), "personnel": _w(it.personnel),
                               "public": _w(it.public)} for it in ln.items]
        economic.append(entry)
    projects = [{"name": p.name, "function_code": p.function_code, "amount": _w(p.amount)}
                for p in (v.general_project.projects if v.general_project else [])]
    tp = v.three_public
    three_public = {
        "total": _w(tp.total if tp else None),
        "outbound": _w(tp.outbound if tp else None),
        "vehicle_purchase": _w(tp.vehicle_purchase if tp else None),
        "vehicle_operation": _w(tp.vehicle_operation if tp else None),
        "reception": _w(tp.reception if tp else None),
    }
    return {
        "income_total": _w(income_total),
        "expenditure_total": _w(expenditure_total),
        "basic": _w(total_line.basic if total_line else None),
        "project": _w(total_line.project if total_line else None),
        "functional": functional,
        "economic": economic,
        "projects": projects,
        "three_public": three_public,
    }


def to_json_dict(d: Disclosure) -> dict[str, Any]:
    """The canonical JSON object: the model plus its summary."""
    data = d.model_dump(mode="json")
    data["summary"] = summary(d)
    return data
