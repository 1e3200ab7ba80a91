"""This year's figure for every subject key the narrative speaks of ("expenditure:basic",
"functional:2010301", "three_public:reception" …), computed once from the views.

The keys are those of ``Disclosure.prior`` and ``Disclosure.reasons``: a subject's kind, and its key
after a colon where it has one (see ``yusuan.model.narrative.Subject``).
"""

from __future__ import annotations

from decimal import Decimal

from ..model import Disclosure, IncomeSource, Level, Subject
from .derive import ZERO, derive_overview, other_uses, standard_fiscal_overview, to_wan
from .derive import column_total_wan as column_total  # every figure in 万元
from .derive import wan as val

PARTS_OF_THREE_PUBLIC = ("outbound", "vehicle_purchase", "vehicle_operation", "reception")


def subject_key(subject: Subject) -> str:
    """"expenditure:basic", "functional:2010301", "operating_costs" …"""
    return f"{subject.kind}:{subject.key}" if subject.key else subject.kind


def current_figures(d: Disclosure) -> dict[str, Decimal]:
    """Every figure a change can be stated for, in 万元 (exact, whatever the tables' unit)."""
    v = d.views
    out: dict[str, Decimal] = {}
    overview = v.overview or derive_overview(d)
    exp = v.expenditure or v.general_budget
    if overview is not None:
        for line in overview.income:
            if line.key not in (IncomeSource.TOTAL, IncomeSource.CURRENT_TOTAL, IncomeSource.UNKNOWN):
                out[f"income:{line.key.value}"] = out.get(f"income:{line.key.value}", ZERO) + val(line.amount)
        if overview.income_total is not None:
            out["income_total"] = val(overview.income_total)
        if overview.expenditure_total is not None:
            out["expenditure_total"] = val(overview.expenditure_total.total)
    out.setdefault("income_total", column_total(v.income or exp, "total"))
    out.setdefault("expenditure_total", column_total(exp, "total"))
    out["total"] = out["income_total"]
    out["expenditure:basic"] = column_total(exp, "basic")
    out["expenditure:project"] = column_total(exp, "project")
    for use, value in other_uses(exp).items():
        out[f"expenditure:{use}"] = to_wan(value, exp)
    fiscal = standard_fiscal_overview(d)
    if fiscal is not None and fiscal.income_total is not None:
        out["fiscal_total"] = val(fiscal.income_total)
    else:
        out["fiscal_total"] = sum((out.get(f"income:{s}", ZERO) for s in ("general_budget", "gov_fund", "state_capital")),
                                  ZERO)
    out["general_budget_total"] = column_total(v.general_budget, "total")
    for item in v.general_budget.lines if v.general_budget else []:
        if item.level == Level.ITEM:
            out[f"functional:{item.code}"] = val(item.total)
    out["gov_fund"] = column_total(v.gov_fund, "total")
    basic = v.general_basic
    if basic is not None and basic.total is not None:
        out["basic:personnel"] = val(basic.total.personnel)
        out["basic:public"] = val(basic.total.public)
    tp = v.three_public
    if tp is not None:
        for part in PARTS_OF_THREE_PUBLIC:
            out[f"three_public:{part}"] = val(getattr(tp, part))
        out["three_public:vehicle_total"] = val(tp.vehicle_purchase) + val(tp.vehicle_operation)
        out["three_public:total"] = (val(tp.total) if tp.total is not None
                                     else sum((out[f"three_public:{p}"] for p in PARTS_OF_THREE_PUBLIC), ZERO))
    from .narrative import operating_costs_of

    costs = operating_costs_of(d)
    if costs is not None:
        out["operating_costs"] = costs.wan
    return out
