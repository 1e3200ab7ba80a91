"""Arithmetic inside one table (DOMAIN.md "What must hold" 1).

类 = Σ 款 = Σ 项 in every amount column; a row's total = Σ its part columns (总计 = Σ sources,
合计 = 基本 + 项目, 合计 = 人员 + 公用, a project = Σ its economic columns); the total row = Σ the
top-level rows; sub-items add to their 款; 表一/表四 income and expenditure sides add up and
balance; 表八 合计 = its parts. Tolerance: half a unit of the printed precision per term.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..model import (
    Amount,
    EconomicLine,
    EconomicTable,
    FunctionalLine,
    FunctionalTable,
    IncomeSource,
    OverviewTable,
    ProjectTable,
)
from .common import (
    LEDGER,
    ZERO,
    Figure,
    cell_label,
    compare,
    figure,
    line_figure,
    money,
    places_of,
    row_label,
    short,
    signed,
    sum_tolerance,
    table_precision,
)
from .finding import Finding
from .registry import Context, declare, finding, rule

ROUNDING = declare(
    "rounding", "info", "尾差（在舍入允许范围内）",
    "A sum or a repeated figure differs by less than the rounding tolerance of the printed precision "
    "(half a unit of the last printed digit per term), or by one printed unit after converting 元 to 万元.",
    "表三“201 一般公共服务支出”行“合计”列与各项之和相差 0.01 万元，在四舍五入允许范围（0.015 万元）内。",
    family="arithmetic",
)


@dataclass(frozen=True)
class Failure:
    """An identity that does not hold, in 万元: ``total`` should be Σ ``parts`` (``blame`` finds the culprit)."""

    total: Figure
    parts: tuple[Figure, ...]
    delta: Decimal  # total − Σ parts
    tolerance: Decimal




def sum_check(code: str, total: Figure, parts: list[Figure], basis: str) -> Finding | None:
    """A finding when ``total`` is not the sum of ``parts`` (None when it is, within tolerance)."""
    if not parts:
        return None
    unit = total.unit
    same_unit = all(p.unit == unit for p in parts)
    expected = sum((p.value for p in parts), ZERO) if same_unit else sum((p.wan for p in parts), ZERO)
    actual = total.value if same_unit else total.wan
    tol = sum_tolerance([total, *parts])
    if same_unit and unit == "元":
        tol = tol.scaleb(4)
    if not same_unit:
        unit = "万元"
    result = compare(expected, actual, tol)
    if result.status == "ok":
        return None
    places = places_of([total, *parts])
    detail = _parts_text(parts, unit, places)
    if result.status == "rounding":
        return finding(ROUNDING, f"{total.label}与{basis}相差 {money(abs(result.delta), unit)}，"
                                 f"在四舍五入允许范围（{money(tol, unit)}）内。",
                       total.where, expected=expected, actual=actual, delta=result.delta, tolerance=tol, unit=unit,
                       compared=[p.where for p in parts[:12]])
    ledger = LEDGER.get()
    if ledger is not None:
        wan_tol = tol if unit == "万元" else tol.scaleb(-4)
        ledger.append(Failure(total, tuple(parts), total.wan - sum((p.wan for p in parts), ZERO), wan_tol))
    actual_text = "空白" if total.value == 0 and not _printed(total) else " " + money(actual, unit, places)
    message = (f"{total.label}应为 {money(expected, unit, places)}（{basis}{detail}），"
               f"实际为{actual_text}，相差 {signed(result.delta)} {unit}。")
    return finding(code, message, total.where, expected=expected, actual=actual, delta=result.delta,
                   tolerance=tol, unit=unit, compared=[p.where for p in parts[:12]])


def _printed(f: Figure) -> bool:
    return f.value != 0 or f.value.as_tuple().exponent != 0


def _parts_text(parts: list[Figure], unit: str, places: int) -> str:
    shown = [p for p in parts if p.value != 0]
    if not shown or len(shown) > 6:
        return ""
    return "：" + " + ".join(f"{p.value}" for p in shown)


# ---------------------------------------------------------------- functional tables


def _functional_tables(ctx: Context) -> list[FunctionalTable]:
    return ctx.d.views.functional_tables()


def _children(lines: list[FunctionalLine], parent: FunctionalLine) -> list[FunctionalLine]:
    n = len(parent.code)
    direct = [ln for ln in lines if len(ln.code) == n + 2 and ln.code.startswith(parent.code)]
    if direct or n != 3:
        return direct
    # a layout printing 类 and 项 without 款 rows: the 项 are the children
    return [ln for ln in lines if len(ln.code) == 7 and ln.code.startswith(parent.code)]


@rule("tree-sum", "error", tags=("table", "sum"), title="上级科目不等于下级科目之和",
      description="In every table keyed by a code tree, each amount column of a 类 row equals the sum of its "
                  "款 rows and each 款 equals the sum of its 项 rows (功能分类); each 经济分类 类 equals the sum of "
                  "its 款; each 类/款 subtotal of the project table equals the sum of its projects.",
      example="表三“201 一般公共服务支出”行“基本支出”列应为 437.73 万元（其下各款之和：437.73），实际为 427.73 万元，"
              "相差 -10 万元。",
      emits=(ROUNDING,))
def tree_sums(ctx: Context) -> Iterator[Finding]:
    for table in _functional_tables(ctx):
        for line in table.lines:
            if line.code and len(line.code) < 7:
                kids = _children(table.lines, line)
                if kids:
                    yield from _tree_columns(ctx, table.table, table.columns, line, kids)
    for econ in _economic_tables(ctx):
        for eline in econ.lines:
            if len(eline.code) == 3:
                ekids = [ln for ln in econ.lines if len(ln.code) == 5 and ln.code.startswith(eline.code)]
                if ekids:
                    yield from _tree_columns(ctx, econ.table, econ.columns, eline, ekids)
    if ctx.d.views.general_project is not None:
        yield from _project_subtotals(ctx, ctx.d.views.general_project)


def _tree_columns(ctx: Context, table_id: str, columns: dict[str, str], line: FunctionalLine | EconomicLine,
                  kids: list[FunctionalLine] | list[EconomicLine]) -> Iterator[Finding]:
    level = "款" if len(line.code) == 3 and len(kids[0].code) == 5 else "项"
    if isinstance(line, EconomicLine):
        level = "款"
    for role, label in columns.items():
        total = line_figure(ctx.d, table_id, line, role, label)
        parts = [line_figure(ctx.d, table_id, k, role, label) for k in kids]
        f = sum_check("tree-sum", total, parts, f"其下各{level}之和")
        if f is not None:
            yield f


def _project_subtotals(ctx: Context, pt: ProjectTable) -> Iterator[Finding]:
    precision = table_precision(ctx.d, pt.table)
    for sub in pt.subtotals:
        members = [p for p in pt.projects if p.function_code.startswith(sub.code)]
        if not members or not all(p.function_code for p in pt.projects):
            continue
        label = cell_label(pt.table, row_label(sub.code, sub.name), "合计")
        total = figure(sub.total, precision, sub.source, label, table=pt.table, column="合计")
        parts = [figure(p.amount, precision, p.source, cell_label(pt.table, short(p.name))) for p in members]
        f = sum_check("tree-sum", total, parts, "其下各项目之和")
        if f is not None:
            yield f
        for label in pt.columns:
            if label not in sub.extra and not any(label in p.by_economic for p in members):
                continue
            total = figure(sub.extra.get(label), precision, sub.source,
                           cell_label(pt.table, row_label(sub.code, sub.name), label), table=pt.table, column=label)
            parts = [figure(p.by_economic.get(label), precision, p.source, short(p.name), column=label)
                     for p in members]
            f = sum_check("tree-sum", total, parts, "其下各项目之和")
            if f is not None:
                yield f


# ---------------------------------------------------------------- economic tables


def _economic_tables(ctx: Context) -> list[EconomicTable]:
    v = ctx.d.views
    return [t for t in (v.general_basic, v.basic_economic) if t is not None]


@rule("item-sum", "error", tags=("table", "sum"), title="款不等于其明细之和",
      description="In the basic-expenditure table (经济分类), a 款 row that is followed by local sub-items "
                  "(rows without a code of their own) equals the sum of those sub-items in every column.",
      example="表六“30102 工资津贴补贴”行“合计”列应为 65.89 万元（其下明细之和：23.5 + 40.27 + 2.12），实际为 "
              "66.89 万元，相差 +1 万元。",
      emits=(ROUNDING,))
def item_sums(ctx: Context) -> Iterator[Finding]:
    for econ in _economic_tables(ctx):
        precision = table_precision(ctx.d, econ.table)
        for line in econ.lines:
            if not line.items:
                continue
            for role, label in econ.columns.items():
                if role not in ("total", "personnel", "public"):
                    continue
                total = line_figure(ctx.d, econ.table, line, role, label)
                parts = [figure(getattr(it, role), precision, it.source, cell_label(econ.table, short(it.name), label),
                                table=econ.table, column=label) for it in line.items]
                f = sum_check("item-sum", total, parts, "其下明细之和")
                if f is not None:
                    yield f


# ---------------------------------------------------------------- rows: total = Σ columns


def _row_parts(columns: dict[str, str]) -> list[tuple[str, list[str]]]:
    """(total role, part roles) identities that hold for the columns present."""
    roles = set(columns)
    out: list[tuple[str, list[str]]] = []
    if "total" in roles and {"basic", "project"} <= roles:
        # Jiangsu's 支出预算总表: 合计 = 基本支出 + 项目支出 + 单位预留机动经费 + 结转下年资金
        uses = [r for r in ("x:reserve", "x:carryover_end") if r in roles]
        out.append(("total", ["basic", "project", *uses]))
    if "total" in roles and {"personnel", "public"} <= roles:
        out.append(("total", ["personnel", "public"]))
    sources = [r for r in columns if r.startswith("src:")]
    fiscal_parts = [r for r in sources if r[4:] in ("general_budget", "gov_fund", "state_capital")]
    if "src:fiscal" in roles and fiscal_parts:
        out.append(("src:fiscal", fiscal_parts))
        sources = [r for r in sources if r not in fiscal_parts]
    sources = [r for r in sources if r[4:] not in ("current_total", "unknown", "total")]
    has_unknown = any(r.startswith("x:") and not r.startswith(("x:prior", "x:final", "x:budget", "x:adjusted",
                                                                 "x:completion")) for r in columns)
    if "total" in roles and len(sources) >= 2 and not {"basic", "project"} & roles and not has_unknown:
        out.append(("total", sources))
    return out


@rule("row-sum", "error", tags=("table", "sum"), title="行合计不等于各列之和",
      description="In each row, the total column equals the sum of the columns that make it up, for the "
                  "columns present: 合计 = 基本支出 + 项目支出 (+ 单位预留机动经费 + 结转下年资金 where printed); 合计 = 人员经费 + 公用经费; 总计 = Σ income sources "
                  "(财政拨款 = 一般公共预算 + 政府性基金 + 国有资本经营); in the project table each project's total "
                  "equals the sum of its economic-class columns; in 表四 合计 = Σ of the fund columns.",
      example="表四“201 一般公共服务支出”行“合计”列应为 564.48 万元（一般公共预算 + 政府性基金预算 + 国有资本经营预算：564.48），"
              "实际为 0 万元（空白），相差 -564.48 万元。",
      emits=(ROUNDING,))
def row_sums(ctx: Context) -> Iterator[Finding]:
    for table in _functional_tables(ctx):
        identities = _identities(table)
        for line in [*table.lines, *([table.total] if table.total else [])]:
            yield from _row_identities(ctx, table.table, table.columns, line, identities)
    for econ in _economic_tables(ctx):
        identities = _identities(econ)
        for eline in [*econ.lines, *([econ.total] if econ.total else [])]:
            yield from _row_identities(ctx, econ.table, econ.columns, eline, identities)
        yield from _item_rows(ctx, econ)
    for ov in (ctx.d.views.overview, ctx.d.views.fiscal_overview):
        if ov is not None:
            yield from _overview_rows(ctx, ov)
    if ctx.d.views.general_project is not None:
        yield from _project_rows(ctx, ctx.d.views.general_project)


def _identities(table: FunctionalTable | EconomicTable) -> list[tuple[str, list[str]]]:
    """The row identities chosen when the table was read; for a model built elsewhere (JSON, workbook)
    without them, the ones its column roles name."""
    if table.identities:
        return [(i.total, list(i.parts)) for i in table.identities]
    return _row_parts(table.columns)


def _row_identities(ctx: Context, table_id: str, columns: dict[str, str],
                    line: FunctionalLine | EconomicLine,
                    identities: list[tuple[str, list[str]]] | None = None) -> Iterator[Finding]:
    for total_role, part_roles in (identities if identities is not None else _row_parts(columns)):
        total = line_figure(ctx.d, table_id, line, total_role, columns[total_role])
        parts = [line_figure(ctx.d, table_id, line, r, columns[r]) for r in part_roles]
        basis = " + ".join(columns[r] for r in part_roles) if len(part_roles) <= 4 else "各列之和"
        f = sum_check("row-sum", total, parts, basis)
        if f is not None:
            yield f


def _item_rows(ctx: Context, econ: EconomicTable) -> Iterator[Finding]:
    """A local sub-item's 合计 = 人员经费 + 公用经费, like any row."""
    if not {"total", "personnel", "public"} <= set(econ.columns):
        return
    precision = table_precision(ctx.d, econ.table)
    labels = econ.columns
    for line in econ.lines:
        for it in line.items:
            row = cell_label(econ.table, short(it.name))
            total = figure(it.total, precision, it.source, f"{row}“{labels['total']}”列", table=econ.table,
                           column=labels["total"])
            parts = [figure(getattr(it, role), precision, it.source, labels[role], table=econ.table,
                            column=labels[role]) for role in ("personnel", "public")]
            f = sum_check("row-sum", total, parts, f"{labels['personnel']} + {labels['public']}")
            if f is not None:
                yield f


def _overview_columns(ov: OverviewTable) -> dict[str, str]:
    roles: dict[str, str] = {}
    for line in [*ov.expenditure, *([ov.expenditure_total] if ov.expenditure_total else [])]:
        if line.total is not None:
            roles.setdefault("total", "合计")
        for k in line.by_source:
            roles.setdefault(f"src:{k}", _SOURCE_LABEL.get(k, k))
    return roles


_SOURCE_LABEL = {"general_budget": "一般公共预算", "gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算",
                 "fiscal": "财政拨款", "special_account": "财政专户管理资金", "business": "事业收入",
                 "operating": "事业单位经营收入", "other": "其他收入"}


def _overview_rows(ctx: Context, ov: OverviewTable) -> Iterator[Finding]:
    columns = _overview_columns(ov)
    if "total" not in columns or not any(r.startswith("src:") for r in columns):
        return
    lines = [*ov.expenditure, *([ov.expenditure_total] if ov.expenditure_total else [])]
    for line in lines:
        yield from _row_identities(ctx, ov.table, columns, line)


def _project_rows(ctx: Context, pt: ProjectTable) -> Iterator[Finding]:
    precision = table_precision(ctx.d, pt.table)
    for p in pt.projects:
        if not p.by_economic:
            continue
        total = figure(p.amount, precision, p.source, cell_label(pt.table, short(p.name), "合计"), column="合计")
        parts = [figure(a, precision, p.source, lab, column=lab) for lab, a in p.by_economic.items()]
        f = sum_check("row-sum", total, parts, "各经济分类列之和")
        if f is not None:
            yield f
    for sub in pt.subtotals:
        if not sub.extra:
            continue
        total = figure(sub.total, precision, sub.source,
                       cell_label(pt.table, row_label(sub.code, sub.name), "合计"), table=pt.table, column="合计")
        parts = [figure(a, precision, sub.source, lab, table=pt.table, column=lab) for lab, a in sub.extra.items()]
        f = sum_check("row-sum", total, parts, "各经济分类列之和")
        if f is not None:
            yield f
    if pt.total is not None and pt.total_by_economic:
        total = figure(pt.total, precision, pt.total_source, cell_label(pt.table, "合计", "合计"), column="合计")
        parts = [figure(a, precision, pt.total_source, lab, column=lab) for lab, a in pt.total_by_economic.items()]
        f = sum_check("row-sum", total, parts, "各经济分类列之和")
        if f is not None:
            yield f


# ---------------------------------------------------------------- total rows


@rule("grand-total", "error", tags=("table", "sum"), title="合计行不等于各类之和",
      description="The total row (合计/总计) of a code-tree table equals the sum of its 类 rows in every amount "
                  "column; the total of the project table equals the sum of its projects (in total and per "
                  "economic-class column).",
      example="表五“合计”行“项目支出”列应为 131.04 万元（各类之和：126.75 + 4.29），实际为 141.04 万元，相差 +10 万元。",
      emits=(ROUNDING,))
def grand_totals(ctx: Context) -> Iterator[Finding]:
    for table in _functional_tables(ctx):
        top = [ln for ln in table.lines if len(ln.code) == 3] or [ln for ln in table.lines if len(ln.code) == 7]
        if table.total is None or not top:
            continue
        for role, label in table.columns.items():
            total = line_figure(ctx.d, table.table, table.total, role, label)
            parts = [line_figure(ctx.d, table.table, ln, role, label) for ln in top]
            f = sum_check("grand-total", total, parts, "各类之和" if len(top[0].code) == 3 else "各项之和")
            if f is not None:
                yield f
    for econ in _economic_tables(ctx):
        top_e = [ln for ln in econ.lines if len(ln.code) == 3] or [ln for ln in econ.lines if len(ln.code) == 5]
        if econ.total is None or not top_e:
            continue
        for role, label in econ.columns.items():
            total = line_figure(ctx.d, econ.table, econ.total, role, label)
            parts = [line_figure(ctx.d, econ.table, ln, role, label) for ln in top_e]
            f = sum_check("grand-total", total, parts, "各类之和" if len(top_e[0].code) == 3 else "各款之和")
            if f is not None:
                yield f
    pt = ctx.d.views.general_project
    if pt is not None and pt.total is not None and pt.projects:
        yield from _project_total(ctx, pt)


def _project_total(ctx: Context, pt: ProjectTable) -> Iterator[Finding]:
    precision = table_precision(ctx.d, pt.table)
    where = pt.total_source
    total = figure(pt.total, precision, where, cell_label(pt.table, "合计", "合计"), column="合计")
    parts = [figure(p.amount, precision, p.source, cell_label(pt.table, short(p.name))) for p in pt.projects]
    f = sum_check("grand-total", total, parts, "各项目之和")
    if f is not None:
        yield f
    for label, amount in pt.total_by_economic.items():
        total = figure(amount, precision, where, cell_label(pt.table, "合计", label), column=label)
        parts = [figure(p.by_economic.get(label), precision, p.source, short(p.name), column=label)
                 for p in pt.projects]
        f = sum_check("grand-total", total, parts, "各项目之和")
        if f is not None:
            yield f


# ---------------------------------------------------------------- 表一 / 表四


_FISCAL_PARTS = (IncomeSource.GENERAL_BUDGET, IncomeSource.GOV_FUND, IncomeSource.STATE_CAPITAL)
_NOT_PARTS = (IncomeSource.TOTAL, IncomeSource.CURRENT_TOTAL, IncomeSource.UNKNOWN)


@rule("overview-sum", "error", tags=("table", "sum", "overview"), title="收支总表两侧不平",
      description="In the overview tables (表一 收支总体情况表, 表四 财政拨款收支总体情况表): 收入总计 equals the sum "
                  "of the income sources (财政拨款 counted once: it equals 一般公共预算 + 政府性基金 + 国有资本经营 "
                  "when those are listed under it); 支出总计 equals the sum of the expenditure classes; and "
                  "收入总计 equals 支出总计.",
      example="表一“收入总计”行应为 595.08 万元（各项收入之和：595.08），实际为 605.08 万元，相差 +10 万元。",
      emits=(ROUNDING,))
def overview_sums(ctx: Context) -> Iterator[Finding]:
    for ov in (ctx.d.views.overview, ctx.d.views.fiscal_overview):
        if ov is None:
            continue
        precision = table_precision(ctx.d, ov.table)
        sides = [*_income_side(ov, precision), *_expenditure_side(ctx, ov)]
        yield from sides
        if not any(f.severity == "error" for f in sides):
            # a side that does not add up is the culprit already named; else the two totals disagree
            yield from _balance(ov, precision)


def _income_figure(ov: OverviewTable, key: IncomeSource, precision: int) -> Figure | None:
    line = ov.income_of(key)
    if line is None:
        return None
    return figure(line.amount, precision, line.source, cell_label(ov.table, line.label), table=ov.table)


def _income_side(ov: OverviewTable, precision: int) -> Iterator[Finding]:
    fiscal = _income_figure(ov, IncomeSource.FISCAL, precision)
    components = [f for k in _FISCAL_PARTS if (f := _income_figure(ov, k, precision)) is not None]
    if fiscal is not None and components:
        found = sum_check("overview-sum", fiscal, components, "其下各项财政拨款之和")
        if found is not None:
            yield found
    if ov.income_total is None:
        return
    unknown = [ln for ln in ov.income if ln.key == IncomeSource.UNKNOWN and ln.amount is not None and ln.amount.value]
    if unknown:
        return  # a line we cannot place: no claim about what adds to what
    parts = []
    for line in ov.income:
        if line.key in _NOT_PARTS or (fiscal is not None and line.key in _FISCAL_PARTS) or line.part_of is not None:
            continue  # (a part of the carry-over is counted in the carry-over's own line)
        parts.append(figure(line.amount, precision, line.source, line.label, table=ov.table))
    total_line = ov.income_of(IncomeSource.TOTAL)
    where = (total_line.source if total_line else ov.income_total_source).with_(table=ov.table)
    total = figure(ov.income_total, precision, where, cell_label(ov.table, total_line.label if total_line else "收入总计"))
    current = ov.income_of(IncomeSource.CURRENT_TOTAL)
    if current is not None:
        return  # 本年收入合计 + 结转: layouts differ too much to be sure what adds to what
    found = sum_check("overview-sum", total, parts, "各项收入之和")
    if found is not None:
        yield found


def _expenditure_side(ctx: Context, ov: OverviewTable) -> Iterator[Finding]:
    if ov.expenditure_total is None:
        return
    coded = [ln for ln in ov.expenditure if ln.code]
    uncoded = [ln for ln in ov.expenditure if not ln.code and _any_amount(ln)]
    if not coded or uncoded:
        return
    columns = _overview_columns(ov)
    for role, label in columns.items():
        total = line_figure(ctx.d, ov.table, ov.expenditure_total, role, label)
        parts = [line_figure(ctx.d, ov.table, ln, role, label) for ln in coded]
        f = sum_check("overview-sum", total, parts, "各类支出之和")
        if f is not None:
            yield f


def _any_amount(line: FunctionalLine) -> bool:
    amounts: list[Amount | None] = [line.total, *line.by_source.values()]
    return any(a is not None and a.value != 0 for a in amounts)


def _balance(ov: OverviewTable, precision: int) -> Iterator[Finding]:
    if ov.income_total is None or ov.expenditure_total is None:
        return
    exp_line = ov.expenditure_total
    exp_amount = exp_line.total
    sources = [a for a in exp_line.by_source.values() if a is not None]
    if (exp_amount is None or exp_amount.value == 0) and sources:
        # a blank 合计 column is reported by row-sum; balance the fund columns instead
        exp_amount = Amount(value=sum((a.value for a in sources), Decimal(0)), unit=sources[0].unit)
    where = exp_line.source.with_(table=ov.table)
    spent = figure(exp_amount, precision, where, cell_label(ov.table, exp_line.name or "支出总计"))
    total_line = ov.income_of(IncomeSource.TOTAL)
    income_where = (total_line.source if total_line else ov.income_total_source).with_(table=ov.table)
    income = figure(ov.income_total, precision, income_where,
                    cell_label(ov.table, total_line.label if total_line else "收入总计"))
    f = sum_check("overview-sum", spent, [income], "与收入总计相等")
    if f is not None:
        yield f


# ---------------------------------------------------------------- 表八


@rule("three-public-sum", "error", tags=("table", "sum", "three-public"), title="“三公”经费合计不等于各项之和",
      description="In the “三公” table: 合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费, and "
                  "公务用车购置及运行费 = 公务用车购置费 + 公务用车运行费.",
      example="表八“合计”应为 23.98 万元（因公出国（境）费 + 公务用车购置及运行费 + 公务接待费：23.92 + 0.06），"
              "实际为 24.98 万元，相差 +1 万元。",
      emits=(ROUNDING,))
def three_public_sums(ctx: Context) -> Iterator[Finding]:
    tp = ctx.d.views.three_public
    if tp is None:
        return
    precision = table_precision(ctx.d, tp.table)

    def fig(name: str, label: str) -> Figure | None:
        amount = getattr(tp, name)
        if amount is None:
            return None
        return figure(amount, precision, tp.source, f"{tp.table}“{label}”", table=tp.table, column=label)

    total = fig("total", "合计")
    outbound, vehicles = fig("outbound", "因公出国（境）费"), fig("vehicle_total", "公务用车购置及运行费")
    purchase, operation = fig("vehicle_purchase", "公务用车购置费"), fig("vehicle_operation", "公务用车运行费")
    reception = fig("reception", "公务接待费")
    if vehicles is not None and (purchase is not None or operation is not None):
        parts = [p for p in (purchase, operation) if p is not None]
        f = sum_check("three-public-sum", vehicles, parts, "公务用车购置费 + 公务用车运行费")
        if f is not None:
            yield f
    if total is None:
        return
    middle = [vehicles] if vehicles is not None else [p for p in (purchase, operation) if p is not None]
    parts = [p for p in (outbound, *middle, reception) if p is not None]
    f = sum_check("three-public-sum", total, parts, " + ".join(_plain(p.label) for p in parts))
    if f is not None:
        yield f


def _plain(label: str) -> str:
    return label.split("“")[-1].rstrip("”")
