"""The summary contract of DOMAIN.md: totals, functional and economic lines, projects, 三公, in 万元.

Other tools rely on this shape; keep it stable.
"""

from __future__ import annotations

from typing import Any

from .model import Amount, ClaimKind, Disclosure, FunctionalLine, FunctionalTable, wan_string


def _w(amount: Amount | None) -> str:
    return wan_string(amount)


def _total(amount: Amount | None) -> str | None:
    """A total in 万元, or None when no table and no sentence states it (unknown is not 0)."""
    return None if amount is None else wan_string(amount)


# the subjects of the narrative's headline totals, and the summary field each states
_STATED = (("income_total", ("income_total", None)), ("income_total", ("total", None)),
           ("expenditure_total", ("expenditure_total", None)), ("expenditure_total", ("total", None)),
           ("basic", ("expenditure", "basic")), ("project", ("expenditure", "project")))


def _stated_totals(d: Disclosure) -> dict[str, Amount]:
    """The first sure, this-year amount the narrative states for each total."""
    out: dict[str, Amount] = {}
    for claim in d.narrative.claims:
        if claim.kind != ClaimKind.AMOUNT or not claim.sure or claim.measure is not None \
                or claim.unit not in ("万元", "元"):
            continue
        for field, (kind, key) in _STATED:
            if field not in out and claim.subject.kind == kind and claim.subject.key == key:
                out[field] = Amount(value=claim.value, unit=claim.unit)  # type: ignore[arg-type]
    return out


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
    totals: dict[str, Amount | None] = {
        "income_total": income_total, "expenditure_total": expenditure_total,
        "basic": total_line.basic if total_line else None, "project": total_line.project if total_line else None}
    sources = {k: "table" for k, a in totals.items() if a is not None}
    if not d.tables:
        # a narrative published without its tables: the totals it states, else nothing (null, never 0)
        for k, a in _stated_totals(d).items():
            if totals[k] is None:
                totals[k], sources[k] = a, "narrative"
    return {
        "income_total": _total(totals["income_total"]),
        "expenditure_total": _total(totals["expenditure_total"]),
        "basic": _total(totals["basic"]),
        "project": _total(totals["project"]),
        "sources": sources,
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
