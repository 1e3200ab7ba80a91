"""The digest of a disclosure: the small set of facts that lists, charts and comparisons need.

Stored as JSON beside each revision so that department pages, comparisons and exports never
decompress and re-validate whole models. Amounts are exact 万元 strings (``wan_string``), as in
the summary contract; absent values are ``None`` (never a guessed zero).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..model import Amount, ClaimKind, Disclosure, IncomeSource, wan_string
from ..summary import summary

#: income sources that are parts (the aggregates 财政拨款 and the totals are left out)
INCOME_PARTS = (
    IncomeSource.GENERAL_BUDGET, IncomeSource.GOV_FUND, IncomeSource.STATE_CAPITAL, IncomeSource.SPECIAL_ACCOUNT,
    IncomeSource.BUSINESS, IncomeSource.OPERATING, IncomeSource.SUPERIOR, IncomeSource.SUBORDINATE,
    IncomeSource.OTHER, IncomeSource.CARRYOVER, IncomeSource.NON_FISCAL_BALANCE,
)
FISCAL_PARTS = (IncomeSource.GENERAL_BUDGET, IncomeSource.GOV_FUND, IncomeSource.STATE_CAPITAL)

#: Chinese names of the subjects a stated change can speak of (functional lines use their own name)
SUBJECT_NAMES = {
    "total": "收支总预算", "income_total": "收入合计", "expenditure_total": "支出合计",
    "income:general_budget": "一般公共预算收入", "income:gov_fund": "政府性基金预算收入",
    "income:state_capital": "国有资本经营预算收入", "income:business": "事业收入", "income:other": "其他收入",
    "expenditure:basic": "基本支出", "expenditure:project": "项目支出",
    "basic:personnel": "人员经费", "basic:public": "公用经费",
    "three_public:total": "“三公”经费", "three_public:outbound": "因公出国（境）费",
    "three_public:vehicle_total": "公务用车购置及运行费", "three_public:vehicle_purchase": "公务用车购置费",
    "three_public:vehicle_operation": "公务用车运行费", "three_public:reception": "公务接待费",
    "operating_costs": "机关运行经费", "fiscal_total": "财政拨款收支总预算",
}


def _w(amount: Amount | None) -> str | None:
    return None if amount is None else wan_string(amount)


def income_by_source(d: Disclosure) -> list[dict[str, Any]]:
    """Income by source as printed in 表一 (parts only, so that the amounts add up)."""
    overview = d.views.overview
    if overview is None:
        return []
    lines = {line.key: line for line in overview.income}
    out = [{"key": str(k), "label": lines[k].label, "amount": _w(lines[k].amount)} for k in INCOME_PARTS if k in lines]
    fiscal = lines.get(IncomeSource.FISCAL)
    if fiscal is not None and not any(k in lines for k in FISCAL_PARTS):
        out.insert(0, {"key": str(IncomeSource.FISCAL), "label": fiscal.label, "amount": _w(fiscal.amount)})
    return out


def staff(d: Disclosure) -> dict[str, Any]:
    """编制数 and 实有人数 of the department (the sum of its units), None where not stated."""
    units = [{"unit": s.unit, "authorized": s.authorized, "actual": s.actual} for s in d.profile.staff]
    authorized = [s.authorized for s in d.profile.staff if s.authorized is not None]
    actual = [s.actual for s in d.profile.staff if s.actual is not None]
    return {
        "authorized": sum(authorized) if authorized else None,
        "actual": sum(actual) if actual else None,
        "units": units,
    }


def stated_changes(d: Disclosure, functional_names: dict[str, str]) -> list[dict[str, Any]]:
    """Year-over-year changes as the narrative states them, with the stated reason."""
    rates: dict[tuple[str, str | None, str], Decimal] = {}
    for claim in d.narrative.claims:
        if claim.kind == ClaimKind.RATE:
            rates[(claim.subject.kind, claim.subject.key, claim.sentence)] = claim.value
    out: list[dict[str, Any]] = []
    for claim in d.narrative.claims:
        if claim.kind != ClaimKind.CHANGE:
            continue
        subject = claim.subject.kind + (f":{claim.subject.key}" if claim.subject.key else "")
        if claim.subject.kind == "functional" and claim.subject.key:
            name = functional_names.get(claim.subject.key) or claim.subject.label.strip(".")
        else:
            name = SUBJECT_NAMES.get(subject) or claim.subject.label or subject
        signed: Decimal | None = claim.value
        if claim.direction == "decrease":
            signed = -claim.value
        elif claim.direction is None:
            signed = None  # the text does not say which way (e.g. 增加（减少）): not guessed
        rate = rates.get((claim.subject.kind, claim.subject.key, claim.sentence))
        out.append({
            "subject": subject, "name": name, "unit": claim.unit, "amount": format(claim.value, "f"),
            "change": None if signed is None else format(signed, "f"), "direction": claim.direction,
            "rate": None if rate is None else format(rate, "f"), "reason": claim.reason,
            "text": claim.sentence,
        })
    return out


def digest(d: Disclosure, summary_dict: dict[str, Any] | None = None) -> dict[str, Any]:
    s = summary_dict if summary_dict is not None else summary(d)
    names = {line["code"]: line["name"] for line in s["functional"]}
    tp = d.views.three_public
    return {
        "summary": s,
        "income": income_by_source(d),
        "three_public_present": tp is not None,
        "operating_costs": _w(d.other.operating_costs),
        "staff": staff(d),
        "changes": stated_changes(d, names),
        "gov_fund_empty": _gov_fund_empty(d),
        "units": [u.name for u in d.profile.units],
        "functions": list(d.profile.functions),
        "internal_sections": list(d.profile.internal_sections),
    }


def _gov_fund_empty(d: Disclosure) -> bool | None:
    table = d.table_of_kind("gov_fund")
    return None if table is None else table.is_empty


def decimal_or_none(text: str | None) -> Decimal | None:
    return None if text in (None, "") else Decimal(text)
