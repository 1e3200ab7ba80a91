"""The nine tables of the standard layout (and the performance-target tables) as ``Grid``s.

Built from the semantic views, so a table written by yusuan says exactly what the model says;
the summaries 表一 and 表四 are derived when a model has only the detailed tables. Zero amounts
print as blank cells (the published templates do the same); amounts keep their printed digits.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import (
    Amount,
    Disclosure,
    EconomicTable,
    FunctionalLine,
    FunctionalTable,
    IncomeLine,
    IncomeSource,
    Level,
    OverviewTable,
    PerformanceTarget,
    ProjectTable,
    TableKind,
    ThreePublic,
)
from ..normalize import to_chinese_number
from .derive import (
    FISCAL_PARTS,
    INCOME_LABELS,
    OTHER_USES,
    STANDARD_SOURCES,
    ZERO,
    class_catalog,
    derive_overview,
    display_name,
    other_uses,
    standard_fiscal_overview,
    val,
)
from .grid import Grid, GridRow, Merge, RowStyle

TITLES: dict[TableKind, str] = {
    TableKind.OVERVIEW: "收支总体情况表",
    TableKind.INCOME: "收入总体情况表",
    TableKind.EXPENDITURE: "支出总体情况表",
    TableKind.FISCAL_OVERVIEW: "财政拨款收支总体情况表",
    TableKind.GENERAL_BUDGET: "一般公共预算支出情况表",
    TableKind.GENERAL_BASIC: "一般公共预算基本支出情况表",
    TableKind.GENERAL_PROJECT: "一般公共预算项目支出情况表",
    TableKind.THREE_PUBLIC: "一般公共预算“三公”经费支出情况表",
    TableKind.GOV_FUND: "政府性基金预算支出情况表",
}

#: economic classes printed as columns of 表七 (the standard template)
PROJECT_ECONOMIC_COLUMNS = (
    "工资福利支出", "商品和服务支出", "对个人和家庭的补助", "债务利息及费用支出", "资本性支出（基本建设）",
    "资本性支出", "对企业补助（基本建设）", "对企业补助", "对社会保障基金补助", "其他支出",
)

_SOURCE_COLUMN_LABELS = {
    IncomeSource.FISCAL.value: "财政拨款",
    IncomeSource.GENERAL_BUDGET.value: "一般公共预算",
    IncomeSource.GOV_FUND.value: "政府性基金预算拨款",
    IncomeSource.STATE_CAPITAL.value: "国有资本经营预算拨款",
    IncomeSource.SPECIAL_ACCOUNT.value: "财政专户管理资金",
    IncomeSource.BUSINESS.value: "事业收入",
    IncomeSource.OPERATING.value: "事业单位经营收入",
    IncomeSource.SUPERIOR.value: "上级补助收入",
    IncomeSource.SUBORDINATE.value: "附属单位上缴收入",
    IncomeSource.OTHER.value: "单位其他资金收入",
    IncomeSource.CARRYOVER.value: "上年结转",
}


def cell(amount: Amount | Decimal | None) -> str:
    """Printed text of an amount: blank for zero or missing, else its digits as held."""
    if amount is None:
        return ""
    value = amount.value if isinstance(amount, Amount) else amount
    if value == 0:
        return ""
    return format(value, "f")


def _titled(d: Disclosure, kind: TableKind) -> str:
    title = TITLES[kind]
    if kind in (TableKind.OVERVIEW, TableKind.INCOME, TableKind.EXPENDITURE):
        return ("部门" if d.scope == "department" else "单位") + title
    return title


def _grid(d: Disclosure, kind: TableKind, number: int, unit: str) -> Grid:
    return Grid(id=f"表{to_chinese_number(number)}", number=number, title=_titled(d, kind), kind=kind.value,
                compiler=display_name(d), unit=unit)


# ---------------------------------------------------------------- 表一 / 表四


def _class_rows(d: Disclosure, overview: OverviewTable | None) -> list[tuple[str, str, FunctionalLine | None]]:
    """Every 类 of the catalogue (printed even when blank), plus any other class the view holds."""
    found = {ln.code: ln for ln in (overview.expenditure if overview else []) if ln.code}
    rows = [(code, _unnumbered(found[code].name) if code in found else name, found.get(code))
            for code, name in class_catalog(d.year)]
    known = {code for code, _, _ in rows}
    rows += [(ln.code, _unnumbered(ln.name), ln) for ln in (overview.expenditure if overview else []) if ln.code and ln.code not in known]
    rows.sort(key=lambda r: r[0])
    # lines without a code (expenditure by kind) keep their label; subtotals and blank lines are left out
    rows += [("", ln.name, ln) for ln in (overview.expenditure if overview else [])
             if not ln.code and ln.total is not None and ln.total.value and not re.search(r"小计|合计|总计", ln.name)]
    return rows


_CLASS_NUMBERING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*")


def _unnumbered(name: str) -> str:
    """"一、一般公共服务支出" (Jiangsu and Shanghai number the classes of 表一) → "一般公共服务支出"."""
    return _CLASS_NUMBERING.sub("", name)


def overview_grid(d: Disclosure, number: int = 1) -> Grid:
    view = d.views.overview or derive_overview(d)
    unit = view.unit if view else "万元"
    g = _grid(d, TableKind.OVERVIEW, number, unit)
    g.columns = ["text", "amount", "text", "amount"]
    g.widths = [3, 1.4, 3.6, 1.4]
    g.header = [["收入", "", "支出", ""], ["项目", "预算数", "功能分类", "预算数"]]
    g.header_merges = [Merge(0, 0, 0, 1), Merge(0, 2, 0, 3)]
    left = _income_rows(view)
    right = [(f"{code} {name}".strip(), ln.total if ln else None) for code, name, ln in _class_rows(d, view)]
    for i in range(max(len(left), len(right))):
        lcells = [left[i][0], cell(left[i][1])] if i < len(left) else ["", ""]
        rcells = [right[i][0], cell(right[i][1])] if i < len(right) else ["", ""]
        g.body.append(GridRow(cells=lcells + rcells, style="sub" if i < len(left) and left[i][2] else "plain"))
    income_total = view.income_total if view else None
    exp_total = view.expenditure_total.total if view and view.expenditure_total else None
    g.body.append(GridRow(cells=["收入总计", cell(income_total), "支出总计", cell(exp_total)], style="total"))
    return g


def _first_by_key(view: OverviewTable | None) -> dict[str, IncomeLine]:
    """Income lines by key, the first of each (a 决算 repeats 一般公共预算 … under 年初结转和结余)."""
    out: dict[str, IncomeLine] = {}
    for ln in view.income if view else []:
        out.setdefault(ln.key.value, ln)
    return out


def _fiscal_sum(view: OverviewTable, by_key: dict[str, IncomeLine]) -> Amount | None:
    """财政拨款 where only its parts are printed: their sum (None when none of them is printed)."""
    parts = [val(by_key[k].amount) for k in FISCAL_PARTS if k in by_key and by_key[k].amount is not None]
    return Amount(value=sum(parts, ZERO), unit=view.unit) if parts else None


def _income_rows(view: OverviewTable | None) -> list[tuple[str, Amount | None, bool]]:
    """(label, amount, is a part of 财政拨款) for the income side, standard rows first."""
    by_key = _first_by_key(view)
    rows: list[tuple[str, Amount | None, bool]] = []
    for key, label in INCOME_LABELS.items():
        line = by_key.get(key)
        if line is None and key not in STANDARD_SOURCES and key != IncomeSource.FISCAL.value:
            continue
        amount = line.amount if line else None
        if key == IncomeSource.FISCAL.value and line is None and view is not None:
            amount = _fiscal_sum(view, by_key)
        if key == IncomeSource.CARRYOVER.value and view is not None and view.income_current_total is not None \
                and view.income_total is not None and view.income_current_total.value != view.income_total.value:
            rows.append(("本年收入合计", view.income_current_total, False))  # 决算: before 年初结转和结余
        rows.append((label, amount, key in FISCAL_PARTS))
    known = set(INCOME_LABELS) | {IncomeSource.TOTAL.value, IncomeSource.CURRENT_TOTAL.value}
    rows += [(ln.label, ln.amount, False) for ln in (view.income if view else []) if ln.key.value not in known]
    return rows


def fiscal_overview_grid(d: Disclosure, number: int = 4) -> Grid:
    view = standard_fiscal_overview(d)
    unit = view.unit if view else "万元"
    g = _grid(d, TableKind.FISCAL_OVERVIEW, number, unit)
    g.columns = ["text", "amount", "text", "amount", "amount", "amount", "amount"]
    g.widths = [2.4, 1.2, 3.4, 1.2, 1.2, 1.2, 1.2]
    g.header = [["财政拨款收入", "", "财政拨款支出", "", "", "", ""],
                ["项目", "合计", "功能分类", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]]
    g.header_merges = [Merge(0, 0, 0, 1), Merge(0, 2, 0, 6)]
    g.column_sums = [(3, [4, 5, 6])]
    by_key = _first_by_key(view)
    left = [(INCOME_LABELS[k], by_key[k].amount if k in by_key else None, k != "fiscal")
            for k in ("fiscal", *FISCAL_PARTS)]
    if "fiscal" not in by_key and view is not None:
        left[0] = (INCOME_LABELS["fiscal"], _fiscal_sum(view, by_key) or Amount(value=ZERO, unit=view.unit), False)
    if "carryover" in by_key and val(by_key["carryover"].amount):  # 决算: 年初财政拨款结转和结余 is in the total
        left.append((by_key["carryover"].label, by_key["carryover"].amount, False))
    right = _class_rows(d, view)
    for i in range(max(len(left), len(right))):
        lcells = [left[i][0], cell(left[i][1])] if i < len(left) else ["", ""]
        if i < len(right):
            code, name, ln = right[i]
            rcells = [f"{code} {name}".strip(), cell(ln.total if ln else None),
                      *(cell(ln.by_source.get(s)) if ln else "" for s in FISCAL_PARTS)]
        else:
            rcells = [""] * 5
        g.body.append(GridRow(cells=lcells + rcells, style="sub" if i < len(left) and left[i][2] else "plain"))
    total = view.expenditure_total if view else None
    g.body.append(GridRow(cells=[
        "收入总计", cell(view.income_total if view else None), "支出总计", cell(total.total if total else None),
        *(cell(total.by_source.get(s)) if total else "" for s in FISCAL_PARTS)], style="total"))
    return g


# ---------------------------------------------------------------- 表二 / 表三 / 表五 / 表九


def _code_cells(code: str) -> list[str]:
    if len(code) == 3:
        return [code, "", ""]
    if len(code) == 5:
        return ["", code[3:5], ""]
    return [code[:3], code[3:5], code[5:7]]


def _style(level: Level) -> str:
    return {Level.CLASS: "class", Level.SECTION: "section", Level.ITEM: "item"}.get(level, "plain")


def _tree_sums(lines: list[FunctionalLine], first_row: int) -> list[list[int]]:
    """For each line, the rows of its children (class ← sections ← items) in the printed body."""
    out: list[list[int]] = []
    for ln in lines:
        if len(ln.code) == 3:
            kids = [first_row + j for j, c in enumerate(lines) if len(c.code) == 5 and c.code.startswith(ln.code)]
        elif len(ln.code) == 5:
            kids = [first_row + j for j, c in enumerate(lines) if len(c.code) == 7 and c.code.startswith(ln.code)]
        else:
            kids = []
        out.append(kids)
    return out


def _functional_rows(g: Grid, view: FunctionalTable | None, columns: list[str], total_first: bool) -> None:
    """Code-tree rows of a functional table; ``columns`` are field names or ``src:<key>``."""

    def amounts(line: FunctionalLine | None) -> list[str]:
        if line is None:
            return [""] * len(columns)
        out = []
        for c in columns:
            if c.startswith("src:"):
                out.append(cell(line.by_source.get(c[4:])))
            elif c.startswith("x:"):
                out.append(cell(line.extra.get(c[2:])))
            else:
                out.append(cell(getattr(line, c)))
        return out

    lines = list(view.lines) if view else []
    first = 1 if total_first and lines else 0
    sums = _tree_sums(lines, first)
    rows = [GridRow(cells=[*_code_cells(ln.code), ln.name, *amounts(ln)], style=_style(ln.level), sum_of=s)  # type: ignore[arg-type]
            for ln, s in zip(lines, sums, strict=True)]
    if not lines:  # nothing by function; a table of totals only (Jiangsu's 支出预算总表) keeps its totals
        g.body = [GridRow(cells=["", "", "", "合计", *amounts(view.total if view else None)], style="total")]
        return
    classes = [first + i for i, ln in enumerate(lines) if len(ln.code) == 3]
    total = GridRow(cells=["", "", "", "合计", *amounts(view.total if view else None)], style="total", sum_of=classes)
    if view is not None and view.total is None:
        total.cells = ["", "", "", "合计", *_sum_cells(lines, columns)]
    g.body = [total, *rows] if total_first else [*rows, total]


def _sum_cells(lines: list[FunctionalLine], columns: list[str]) -> list[str]:
    out = []
    for c in columns:
        total = ZERO
        for ln in lines:
            if len(ln.code) != 3:
                continue
            total += val(ln.by_source.get(c[4:])) if c.startswith("src:") else val(getattr(ln, c))
        out.append(cell(total))
    return out


def _code_header(name_label: str, amount_labels: list[str], code_label: str = "功能分类科目编码") -> tuple[list[list[str]], list[Merge]]:
    n = len(amount_labels)
    header = [[code_label, "", "", name_label, *amount_labels], ["类", "款", "项", "", *[""] * n]]
    merges = [Merge(0, 0, 0, 2), Merge(0, 3, 1, 3)] + [Merge(0, 4 + i, 1, 4 + i) for i in range(n)]
    return header, merges


def income_grid(d: Disclosure, number: int = 2) -> Grid:
    view = d.views.income
    g = _grid(d, TableKind.INCOME, number, view.unit if view else "万元")
    sources = list(STANDARD_SOURCES)
    labels = dict(_SOURCE_COLUMN_LABELS)
    present = {s for ln in (view.lines if view else []) for s in ln.by_source}
    if "fiscal" in present and not present & set(FISCAL_PARTS):
        # a table that prints 财政拨款 as one column: it is the 一般公共预算 column when all fiscal
        # money is 一般公共预算 (表一 says so), else printed as its own column in place of the parts
        overview = d.views.overview
        income = {ln.key.value: val(ln.amount) for ln in (overview.income if overview else [])}
        if income.get("fiscal") and income.get("fiscal") == income.get("general_budget"):
            sources[0] = "fiscal"
            labels["fiscal"] = _SOURCE_COLUMN_LABELS["general_budget"]
        else:
            sources = ["fiscal", *(s for s in sources if s not in FISCAL_PARTS)]
    for ln in view.lines if view else []:
        sources += [s for s in ln.by_source if s not in sources and s in _SOURCE_COLUMN_LABELS]
    g.header, g.header_merges = _code_header("功能分类科目名称", ["总计", *(labels[s] for s in sources)])
    g.columns = ["code", "code", "code", "text", *["amount"] * (1 + len(sources))]  # type: ignore[list-item]
    g.widths = [0.6, 0.5, 0.5, 4.2, *[1.1] * (1 + len(sources))]
    g.column_sums = [(4, list(range(5, 5 + len(sources))))]
    _functional_rows(g, _with_sources_from_overview(d, view), ["total", *(f"src:{s}" for s in sources)],
                     total_first=True)
    return g


def _with_sources_from_overview(d: Disclosure, view: FunctionalTable | None) -> FunctionalTable | None:
    """A 收入 table of totals only, by source in rows (Jiangsu's 收入预算总表): its 合计 row gets the amount of
    each source from 表一, where they are printed, so that the standard 表二's 合计 row adds up."""
    overview = d.views.overview
    if view is None or view.lines or view.total is None or view.total.by_source or overview is None:
        return view
    amounts = {ln.key.value: ln.amount for ln in overview.income if ln.amount is not None}
    by_source = {k: a for k, a in amounts.items() if k in _SOURCE_COLUMN_LABELS and k != "fiscal"}
    return view.model_copy(update={"total": view.total.model_copy(update={"by_source": by_source})})


def _split_grid(d: Disclosure, kind: TableKind, number: int, view: FunctionalTable | None) -> Grid:
    g = _grid(d, kind, number, view.unit if view else "万元")
    lines = [*(view.lines if view else []), *([view.total] if view and view.total else [])]
    if lines and all(ln.basic is None and ln.project is None for ln in lines):
        # the source printed no 基本/项目 split: print the totals only, not blank columns that would not add up
        g.header, g.header_merges = _code_header("功能分类科目名称", ["合计"])
        g.columns = ["code", "code", "code", "text", "amount"]
        g.widths = [0.6, 0.5, 0.5, 5.0, 1.3]
        _functional_rows(g, view, ["total"], total_first=False)
        return g
    uses = list(other_uses(view))  # Jiangsu: 单位预留机动经费, 结转下年资金 beside 基本 and 项目
    g.header, g.header_merges = _code_header("功能分类科目名称", ["合计", "基本支出", "项目支出",
                                                                *(OTHER_USES[u] for u in uses)])
    g.columns = ["code", "code", "code", "text", *["amount"] * (3 + len(uses))]  # type: ignore[list-item]
    g.widths = [0.6, 0.5, 0.5, 5.0, *[1.3] * (3 + len(uses))]
    g.column_sums = [(4, list(range(5, 7 + len(uses))))]
    _functional_rows(g, view, ["total", "basic", "project", *(f"x:{u}" for u in uses)], total_first=False)
    if view is None or (not view.lines and (view.total is None or not val(view.total.total))):
        g.empty_note = "注：本表无数据，为空表。"
    return g


def expenditure_grid(d: Disclosure, number: int = 3) -> Grid:
    return _split_grid(d, TableKind.EXPENDITURE, number, d.views.expenditure)


def general_budget_grid(d: Disclosure, number: int = 5) -> Grid:
    return _split_grid(d, TableKind.GENERAL_BUDGET, number, d.views.general_budget)


def gov_fund_grid(d: Disclosure, number: int = 9) -> Grid:
    return _split_grid(d, TableKind.GOV_FUND, number, d.views.gov_fund)


# ---------------------------------------------------------------- 表六


def economic_grid(d: Disclosure, number: int = 6) -> Grid:
    view: EconomicTable | None = d.views.general_basic
    g = _grid(d, TableKind.GENERAL_BASIC, number, view.unit if view else "万元")
    split = view is None or not view.lines or any(ln.personnel is not None or ln.public is not None
                                                  for ln in view.lines)
    fields: tuple[str, ...] = ("total", "personnel", "public") if split else ("total",)
    labels = ["合计", "人员经费", "公用经费"][: len(fields)]
    g.header = [["经济分类科目编码", "", "经济分类科目名称", *labels], ["类", "款", "", *[""] * len(fields)]]
    g.header_merges = [Merge(0, 0, 0, 1), Merge(0, 2, 1, 2), *(Merge(0, 3 + i, 1, 3 + i) for i in range(len(fields)))]
    g.columns = ["code", "code", "text", *["amount"] * len(fields)]  # type: ignore[list-item]
    g.widths = [0.6, 0.5, 5.0, *[1.3] * len(fields)]
    g.column_sums = [(3, [4, 5])] if split else []
    class_rows: list[int] = []
    open_class: GridRow | None = None
    for ln in view.lines if view else []:
        amounts = [cell(getattr(ln, f)) for f in fields]
        if ln.level == Level.CLASS:
            open_class = GridRow(cells=[ln.code, "", ln.name, *amounts], style="class")
            class_rows.append(len(g.body))
            g.body.append(open_class)
            continue
        section_row = len(g.body)
        if open_class is not None and ln.code.startswith(open_class.cells[0]):
            open_class.sum_of.append(section_row)
        if ln.items:
            g.body.append(GridRow(cells=["", ln.code[3:5], ln.name, *amounts], style="section",
                                  sum_of=list(range(section_row + 1, section_row + 1 + len(ln.items)))))
            for item in ln.items:
                g.body.append(GridRow(cells=[ln.code[:3], ln.code[3:5], item.name,
                                             *(cell(getattr(item, f)) for f in fields)], style="item"))
        else:
            g.body.append(GridRow(cells=[ln.code[:3], ln.code[3:5], ln.name, *amounts], style="section"))
    total = view.total if view else None
    g.body.append(GridRow(cells=["", "", "合计", *(cell(getattr(total, f)) if total else "" for f in fields)],
                          style="total", sum_of=class_rows))
    return g


# ---------------------------------------------------------------- 表七


def project_grid(d: Disclosure, number: int = 7) -> Grid:
    view: ProjectTable | None = d.views.general_project
    g = _grid(d, TableKind.GENERAL_PROJECT, number, view.unit if view else "万元")
    econ = list(PROJECT_ECONOMIC_COLUMNS)
    # other economic columns only where they hold a figure (converted PDFs print garbled duplicates)
    for label in [k for p in (view.projects if view else []) for k, a in p.by_economic.items() if val(a) != 0]:
        if label not in econ:
            econ.append(label)
    n = len(econ)
    g.header = [["科目编码", "", "", "科目名称", "项目名称", "项目支出合计", *econ], ["类", "款", "项", *[""] * (3 + n)]]
    g.header_merges = [Merge(0, 0, 0, 2)] + [Merge(0, c, 1, c) for c in range(3, 6 + n)]
    g.columns = ["code", "code", "code", "text", "text", *["amount"] * (1 + n)]  # type: ignore[list-item]
    g.widths = [0.6, 0.5, 0.5, 3.0, 3.4, *[1.1] * (1 + n)]
    g.column_sums = [(5, list(range(6, 6 + n)))]
    projects = list(view.projects) if view else []
    subtotals = {ln.code: ln for ln in (view.subtotals if view else [])}
    codes = sorted({p.function_code[:3] for p in projects if p.function_code}
                   | {p.function_code[:5] for p in projects if len(p.function_code) >= 5})
    class_rows: list[int] = []
    placed: set[int] = set()
    for code in codes:
        row_index = len(g.body)
        if len(code) == 3:
            class_rows.append(row_index)
        members = [p for p in projects if p.function_code.startswith(code)]
        sub = subtotals.get(code)
        amounts = [cell(sub.total if sub else _sum(p.amount for p in members)),
                   *(cell(sub.extra.get(e) if sub else _sum(p.by_economic.get(e) for p in members)) for e in econ)]
        style: RowStyle = "class" if len(code) == 3 else "section"
        g.body.append(GridRow(cells=[*_code_cells(code), _function_name(code, view), "", *amounts], style=style))
        if len(code) == 5:
            for i, p in enumerate(projects):
                if p.function_code.startswith(code) and i not in placed:
                    placed.add(i)
                    g.body[row_index].sum_of.append(len(g.body))
                    g.body.append(_project_row(p, econ))
        else:
            g.body[row_index].sum_of = []  # filled below once its sections are placed
    _link_classes(g)
    for i, p in enumerate(projects):  # projects without a (valid) function code
        if i not in placed:
            g.body.append(_project_row(p, econ))
    total_amounts = [cell(view.total if view else None),
                     *(cell(view.total_by_economic.get(e)) if view else "" for e in econ)]
    if view is not None and view.total is None:
        total_amounts = [cell(_sum(p.amount for p in projects)),
                         *(cell(_sum(p.by_economic.get(e) for p in projects)) for e in econ)]
    g.body.append(GridRow(cells=["", "", "", "", "合计", *total_amounts], style="total", sum_of=class_rows))
    return g


def _link_classes(g: Grid) -> None:
    for i, row in enumerate(g.body):
        if row.style != "class":
            continue
        row.sum_of = [j for j, r in enumerate(g.body) if r.style == "section" and r.cells[0] == "" and
                      _class_of(g, j) == i]


def _class_of(g: Grid, index: int) -> int | None:
    for j in range(index, -1, -1):
        if g.body[j].style == "class":
            return j
    return None


def _sum(amounts) -> Decimal:  # type: ignore[no-untyped-def]
    return sum((val(a) for a in amounts), ZERO)


def _function_name(code: str, view: ProjectTable | None) -> str:
    from ..catalog import functional

    for ln in view.subtotals if view else []:
        if ln.code == code and ln.name:
            return ln.name
    found = functional().lookup(code)
    return found.name or ""


def _project_row(p, econ: list[str]) -> GridRow:  # type: ignore[no-untyped-def]
    code = p.function_code
    cells = [*_code_cells(code)] if len(code) == 7 else ["", "", ""]
    return GridRow(cells=[*cells, p.function_name, p.name, cell(p.amount),
                          *(cell(p.by_economic.get(e)) for e in econ)], style="item")


# ---------------------------------------------------------------- 表八


def three_public_grid(d: Disclosure, number: int = 8) -> Grid:
    view: ThreePublic | None = d.views.three_public
    g = _grid(d, TableKind.THREE_PUBLIC, number, view.unit if view else "万元")
    g.header = [["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"],
                ["", "", "小计", "公务用车购置费", "公务用车运行费", ""]]
    g.header_merges = [Merge(0, 0, 1, 0), Merge(0, 1, 1, 1), Merge(0, 2, 0, 4), Merge(0, 5, 1, 5)]
    g.columns = ["amount"] * 6
    g.widths = [1.0] * 6
    g.column_sums = [(0, [1, 2, 5]), (2, [3, 4])]
    fields = ("total", "outbound", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")
    values = [getattr(view, f) if view else None for f in fields]
    if values[2] is None and view is not None:
        values[2] = Amount(value=val(view.vehicle_purchase) + val(view.vehicle_operation), unit=view.unit)
    cells = [cell(v) for v in values]
    if not any(cells):
        cells = ["0"] * 6  # an all-zero 三公 row still prints its figures
    g.body = [GridRow(cells=cells, style="plain")]
    return g


# ---------------------------------------------------------------- 项目支出绩效目标表


def performance_grid(target: PerformanceTarget, index: int, year: int | None) -> Grid:
    g = Grid(id=f"绩效{index}", title="项目支出绩效目标表", kind=TableKind.PERFORMANCE.value, unit=None,
             year_line=f"（{target.year or year}年）" if (target.year or year) else None)
    g.columns = ["text", "text", "text", "text", "text", "text", "text"]
    g.widths = [1.3, 1.3, 1.3, 1.3, 1.3, 1.3, 1.3]
    g.body = [
        GridRow(cells=["预算单位", target.budget_unit or "", "", "", "项目名称", target.project, ""], style="label"),
        GridRow(cells=["项目资金（万元）", "年度资金总额：", _fund(target.total), "其中：财政拨款", _fund(target.fiscal),
                       "其他资金", _fund(target.other)], style="label"),
        GridRow(cells=["项目总体目标", target.goal or "", "", "", "", "", ""], style="label"),
        GridRow(cells=["一级指标", "二级指标", "三级指标", "", "指标值（包含数字及文字描述）", "", ""], style="label"),
    ]
    g.body_merges = [Merge(0, 1, 0, 3), Merge(0, 5, 0, 6), Merge(2, 1, 2, 6), Merge(3, 2, 3, 3), Merge(3, 4, 3, 6)]
    start = len(g.body)
    for ind in target.indicators:
        r = len(g.body)
        g.body.append(GridRow(cells=[ind.level1, ind.level2, ind.name or "--", "", ind.value.text or "--", "", ""],
                              style="plain"))
        g.body_merges += [Merge(r, 2, r, 3), Merge(r, 4, r, 6)]
    g.body_merges += _vertical_runs(g, start, 0) + _vertical_runs(g, start, 1)
    return g


def _fund(amount: Amount | None) -> str:
    """A target table's fund in 万元, the unit its row label prints (Shanghai's tables give them in 元)."""
    if amount is None:
        return ""
    if amount.unit == "万元":
        return format(amount.value, "f")  # as printed
    value = amount.wan
    if value == value.quantize(Decimal("0.01")):
        return format(value.quantize(Decimal("0.01")), "f")
    return format(value.normalize(), "f")


def _vertical_runs(g: Grid, start: int, col: int) -> list[Merge]:
    """Merge equal consecutive cells of a column (一级/二级 indicator labels)."""
    merges = []
    r = start
    while r < len(g.body):
        end = r
        while (end + 1 < len(g.body) and g.body[end + 1].cells[col] == g.body[r].cells[col]
               and (col == 0 or g.body[end + 1].cells[0] == g.body[r].cells[0])):
            end += 1
        if end > r:
            merges.append(Merge(r, col, end, col))
        r = end + 1
    return merges


def standard_grids(d: Disclosure) -> list[Grid]:
    """The nine tables of the standard layout, in order."""
    return [overview_grid(d), income_grid(d), expenditure_grid(d), fiscal_overview_grid(d), general_budget_grid(d),
            economic_grid(d), project_grid(d), three_public_grid(d), gov_fund_grid(d)]
