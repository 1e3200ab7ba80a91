"""Figures the renderer needs that a model may not hold directly.

A workbook or a generated budget has the detailed tables (表二, 表三, 表五, 表九) but not the
summaries (表一, 表四); they are derived here from the detailed views, exactly. Also: the short
department name used in sentences, and plain helpers on amounts.
"""

from __future__ import annotations

from decimal import Decimal

from .. import catalog
from ..model import (
    Amount,
    Disclosure,
    FunctionalLine,
    FunctionalTable,
    IncomeLine,
    IncomeSource,
    Level,
    OverviewTable,
)

ZERO = Decimal(0)

#: income sources of 表一 / 表二, in printed order, with their standard labels
INCOME_LABELS: dict[str, str] = {
    IncomeSource.FISCAL.value: "财政拨款（补助）",
    IncomeSource.GENERAL_BUDGET.value: "一般公共预算",
    IncomeSource.GOV_FUND.value: "政府性基金预算",
    IncomeSource.STATE_CAPITAL.value: "国有资本经营预算",
    IncomeSource.SPECIAL_ACCOUNT.value: "财政专户管理资金",
    IncomeSource.BUSINESS.value: "事业收入",
    IncomeSource.OPERATING.value: "事业单位经营收入",
    IncomeSource.SUPERIOR.value: "上级补助收入",
    IncomeSource.SUBORDINATE.value: "附属单位上缴收入",
    IncomeSource.OTHER.value: "单位其他资金收入",
    IncomeSource.CARRYOVER.value: "上年结转",
}
#: the parts of 财政拨款
FISCAL_PARTS = (IncomeSource.GENERAL_BUDGET.value, IncomeSource.GOV_FUND.value, IncomeSource.STATE_CAPITAL.value)
#: sources printed as columns of 表二 even when empty (the standard template)
STANDARD_SOURCES = (
    IncomeSource.GENERAL_BUDGET.value, IncomeSource.GOV_FUND.value, IncomeSource.STATE_CAPITAL.value,
    IncomeSource.SPECIAL_ACCOUNT.value, IncomeSource.BUSINESS.value, IncomeSource.OPERATING.value,
    IncomeSource.OTHER.value,
)


def val(amount: Amount | None) -> Decimal:
    """The value of an amount, zero when blank."""
    return amount.value if amount is not None else ZERO


def wan(amount: Amount | None) -> Decimal:
    return amount.wan if amount is not None else ZERO


def display_name(d: Disclosure) -> str:
    """The department's name as sentences use it: the compiler printed on the tables when it is a
    shorter form of the name, else the name without its city ("乌鲁木齐市水磨沟区…" → "水磨沟区…")."""
    full = d.department.name
    if d.department.short_name:
        return d.department.short_name
    for table in d.tables:
        if table.compiler and full.endswith(table.compiler) and len(table.compiler) >= 4:
            return table.compiler
    region = d.department.region or ""
    city = region.split("市", 1)[0] + "市" if "市" in region else ""
    rest = full[len(city):] if city and full.startswith(city) else ""
    if rest[:1] and any(w in region[len(city):] for w in ("区", "县", "旗")) and rest.startswith(region[len(city):]):
        return rest
    return full or "本部门"


def unit_of(d: Disclosure) -> str:
    v = d.views
    for view in (v.expenditure, v.income, v.general_budget, v.overview):
        if view is not None:
            return view.unit
    return "万元"


def class_catalog(year: int | None) -> list[tuple[str, str]]:
    """(code, name) of every functional 类 of the year's catalogue, in code order."""
    entries = [e for e in catalog.functional().all(year) if e.level == "class"]
    return sorted(((e.code, e.name) for e in entries), key=lambda x: x[0])


def classes_of(table: FunctionalTable | None) -> list[FunctionalLine]:
    return [ln for ln in (table.lines if table else []) if ln.level == Level.CLASS]


def source_total(table: FunctionalTable | None, source: str) -> Decimal:
    """Σ over 类 lines of one source column (the total row when printed)."""
    if table is None:
        return ZERO
    if table.total is not None and source in table.total.by_source:
        return val(table.total.by_source[source])
    return sum((val(ln.by_source.get(source)) for ln in classes_of(table)), ZERO)


def to_wan(value: Decimal, table: FunctionalTable | OverviewTable | None) -> Decimal:
    """A value of ``table`` (in its unit) in 万元, exactly."""
    return value if table is None or table.unit == "万元" else value.scaleb(-4)


def column_total_wan(table: FunctionalTable | None, field: str) -> Decimal:
    return to_wan(column_total(table, field), table)


def column_total(table: FunctionalTable | None, field: str) -> Decimal:
    """Total of the ``total`` / ``basic`` / ``project`` column."""
    if table is None:
        return ZERO
    if table.total is not None and getattr(table.total, field) is not None:
        return val(getattr(table.total, field))
    return sum((val(getattr(ln, field)) for ln in classes_of(table)), ZERO)


def derive_overview(d: Disclosure) -> OverviewTable | None:
    """表一 from 表二 (income by source) and 表三 (expenditure by class)."""
    v = d.views
    income, exp = v.income, v.expenditure or v.general_budget
    if income is None and exp is None:
        return None
    unit = (income or exp).unit  # type: ignore[union-attr]
    lines: list[IncomeLine] = []
    amounts = {s: source_total(income, s) for s in INCOME_LABELS if s != IncomeSource.FISCAL.value}
    fiscal = sum((amounts[s] for s in FISCAL_PARTS), ZERO)
    lines.append(IncomeLine(key=IncomeSource.FISCAL, label=INCOME_LABELS["fiscal"], amount=Amount(value=fiscal, unit=unit)))
    for s, label in INCOME_LABELS.items():
        if s == IncomeSource.FISCAL.value:
            continue
        if s in STANDARD_SOURCES or amounts[s]:
            lines.append(IncomeLine(key=IncomeSource(s), label=label, amount=Amount(value=amounts[s], unit=unit)))
    income_total = column_total(income, "total") if income is not None else column_total(exp, "total")
    expenditure = [FunctionalLine(code=ln.code, level=Level.CLASS, name=ln.name, total=ln.total)
                   for ln in classes_of(exp)]
    exp_total = column_total(exp, "total")
    return OverviewTable(
        table="表一", unit=unit, income=lines, expenditure=expenditure,
        income_total=Amount(value=income_total, unit=unit),
        expenditure_total=FunctionalLine(code="", level=Level.TOTAL, name="支出总计", total=Amount(value=exp_total, unit=unit)),
    )


def derive_fiscal_overview(d: Disclosure) -> OverviewTable | None:
    """表四 from 表五 (一般公共预算), 表九 (政府性基金) and the state-capital table."""
    v = d.views
    parts = {IncomeSource.GENERAL_BUDGET.value: v.general_budget, IncomeSource.GOV_FUND.value: v.gov_fund,
             IncomeSource.STATE_CAPITAL.value: v.state_capital}
    present = [t for t in parts.values() if t is not None]
    if not present:
        return None
    unit = present[0].unit
    by_class: dict[str, dict[str, Decimal]] = {}
    names: dict[str, str] = {}
    for source, table in parts.items():
        for ln in classes_of(table):
            by_class.setdefault(ln.code, {})[source] = val(ln.total)
            names.setdefault(ln.code, ln.name)
    totals = {s: column_total(t, "total") for s, t in parts.items()}
    fiscal = sum(totals.values(), ZERO)
    income = [IncomeLine(key=IncomeSource.FISCAL, label=INCOME_LABELS["fiscal"], amount=Amount(value=fiscal, unit=unit))]
    income += [IncomeLine(key=IncomeSource(s), label=INCOME_LABELS[s], amount=Amount(value=totals[s], unit=unit))
               for s in FISCAL_PARTS]
    expenditure = []
    for code in sorted(by_class):
        amounts = by_class[code]
        expenditure.append(FunctionalLine(
            code=code, level=Level.CLASS, name=names[code],
            total=Amount(value=sum(amounts.values(), ZERO), unit=unit),
            by_source={s: Amount(value=amounts.get(s, ZERO), unit=unit) for s in FISCAL_PARTS},
        ))
    return OverviewTable(
        table="表四", unit=unit, income=income, expenditure=expenditure,
        income_total=Amount(value=fiscal, unit=unit),
        expenditure_total=FunctionalLine(
            code="", level=Level.TOTAL, name="支出总计", total=Amount(value=fiscal, unit=unit),
            by_source={s: Amount(value=totals[s], unit=unit) for s in FISCAL_PARTS}),
    )


def standard_fiscal_overview(d: Disclosure) -> OverviewTable | None:
    """表四 as the standard layout prints it (spending by function, one column per fund): the document's
    own when it has that shape; derived from 表五/表九 when its 财政拨款收支总表 lists spending by use
    (Jiangsu: 基本支出 / 项目支出 / 单位预留机动经费, no codes)."""
    view = d.views.fiscal_overview
    if view is not None and any(ln.code for ln in view.expenditure):
        return view
    return derive_fiscal_overview(d) or view


#: spending that is neither 基本 nor 项目, printed beside them (Jiangsu's 支出预算总表): extra key → words
OTHER_USES: dict[str, str] = {"reserve": "单位预留机动经费", "carryover_end": "结转下年资金"}


def other_uses(table: FunctionalTable | None) -> dict[str, Decimal]:
    """The 单位预留机动经费 / 结转下年资金 a table's total line prints (those not zero), in its unit."""
    total = table.total if table is not None else None
    if total is None:
        return {}
    return {k: val(total.extra[k]) for k in OTHER_USES if k in total.extra and val(total.extra[k]) != 0}

