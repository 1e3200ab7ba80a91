"""What the tables say about a narrative subject: the printed figure a claim is compared with.

``table_figure(ctx, subject, section)`` finds the cell that holds the amount a sentence speaks of
("基本支出" in a section about 一般公共预算 → 表五's 合计 row, 基本支出 column). The section decides the
scope of money: a sentence under “一般公共预算…说明” speaks of 一般公共预算 money (表五), one under
“支出预算情况说明” of all money (表三).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import Claim, Disclosure, FunctionalTable, IncomeSource, OverviewTable, Section, Subject
from ..numbers import decimals
from .common import Figure, cell_label, figure, half_unit, line_figure, table_precision
from .registry import Context

Scope = str  # "general" (一般公共预算), "fiscal" (财政拨款), "fund" (政府性基金预算), "all"


def scope_of(section: str) -> Scope:
    words = section.split(" / ")[-2:] if section else []
    text = "".join(words)
    if "一般公共预算" in text:
        return "general"
    if "政府性基金" in text:
        return "fund"
    if "财政拨款" in text:
        return "fiscal"
    return "all"


_EXACT = 12  # a printed 0 is exactly nothing, whatever its digits


def claim_figure(claim: Claim) -> Figure:
    """The figure a claim prints (precision from its own digits; a zero is exact)."""
    digits = claim.text.split(claim.unit)[0] if claim.unit else claim.text
    places = decimals("".join(ch for ch in digits if ch.isdigit() or ch == "."))
    if claim.value == 0:
        places = _EXACT
    unit = claim.unit if claim.unit in ("元", "万元") else "万元"
    where = claim.source.with_(sentence=claim.sentence, span=claim.span)
    return Figure(claim.value, unit, places, where, f"“{claim.text}”")


def claim_half(claim: Claim) -> Decimal:
    """Half a unit of the claim's last printed digit, in the claim's own unit (0 for a zero)."""
    if claim.value == 0:
        return Decimal(0)
    digits = claim.text.split(claim.unit)[0] if claim.unit else claim.text
    return half_unit(decimals("".join(ch for ch in digits if ch.isdigit() or ch == ".")))


def _ov_income(ctx: Context, ov: OverviewTable | None, source: IncomeSource,
               part_of: IncomeSource | None = None) -> Figure | None:
    if ov is None:
        return None
    line = ov.income_of(source, part_of)
    if line is None or line.amount is None:
        return None
    return figure(line.amount, table_precision(ctx.d, ov.table), line.source,
                  cell_label(ov.table, line.label), table=ov.table)


def _ov_total(ctx: Context, ov: OverviewTable | None, side: str) -> Figure | None:
    if ov is None:
        return None
    if side == "income" and ov.income_total is not None:
        line = ov.income_of(IncomeSource.TOTAL)
        where = (line.source if line else ov.income_total_source).with_(table=ov.table)
        return figure(ov.income_total, table_precision(ctx.d, ov.table), where,
                      cell_label(ov.table, line.label if line else "收入总计"))
    total = ov.expenditure_total
    if side == "expenditure" and total is not None and total.total is not None and total.total.value:
        return line_figure(ctx.d, ov.table, total, "total", "合计")
    return None


def _total_cell(ctx: Context, table: FunctionalTable | None, role: str) -> Figure | None:
    if table is None or table.total is None or (role != "total" and role not in table.columns):
        return None
    return line_figure(ctx.d, table.table, table.total, role, table.columns.get(role, "合计"))


def _code_cell(ctx: Context, table: FunctionalTable | None, code: str, role: str = "total") -> Figure | None:
    if table is None:
        return None
    line = table.find(code)
    if line is None:
        return None
    return line_figure(ctx.d, table.table, line, role, table.columns.get(role, "合计"))


def _current_total(ctx: Context, kind: str) -> Figure | None:
    """本年收入合计 / 本年支出合计 of a 决算 (收入总计 and 支出总计 there include 年初/年末结转)."""
    ov = ctx.d.views.overview
    if ov is None:
        return None
    if kind == "income_total":
        return _ov_income(ctx, ov, IncomeSource.CURRENT_TOTAL)
    for line in ov.expenditure:
        if not line.code and "本年支出合计" in line.name.replace(" ", "") and line.total is not None:
            return line_figure(ctx.d, ov.table, line, "total", "合计")
    return _total_cell(ctx, ctx.d.views.expenditure, "total")


def _ov_class(ctx: Context, ov: OverviewTable | None, code: str) -> Figure | None:
    if ov is None:
        return None
    line = next((ln for ln in ov.expenditure if ln.code == code), None)
    if line is None or line.total is None:
        return None
    return line_figure(ctx.d, ov.table, line, "total", "合计")


def fiscal_is_general(ctx: Context) -> bool:
    """No 政府性基金 or 国有资本经营 money: 财政拨款 is all 一般公共预算."""
    for subject in (Subject(kind="gov_fund"), Subject(kind="income", key="state_capital")):
        found = table_figure(ctx, subject)
        if found is not None and found.wan != 0:
            return False
    return True


def _general_is_all(ctx: Context) -> bool:
    """All money is 一般公共预算 (so 表五 speaks for all money too)."""
    ov = ctx.d.views.overview
    if ov is None or ov.income_total is None:
        return ctx.d.views.expenditure is None and ctx.d.views.income is None
    general = ov.income_of(IncomeSource.GENERAL_BUDGET)
    return general is not None and general.amount is not None and general.amount.wan == ov.income_total.wan


def _first(*figs: Figure | None) -> Figure | None:
    return next((f for f in figs if f is not None), None)


_LEAD_IN = re.compile(r"(一般公共预算|财政拨款)[^。；]{0,20}(?:主要内容|具体情况|主要用于|安排情况)?[^。；]{0,10}(?:如下|包括)[：:]?$")


def claim_scope(ctx: Context, claim: Claim) -> Scope:
    """The scope of money of a claim: its section's, or a lead-in paragraph's ("财政拨款支出主要内容如下：")."""
    scope = scope_of(claim.section)
    if scope != "all" or claim.source.line is None:
        return scope
    leads: dict[tuple[int, int], Scope] = ctx.memo("lead-ins", lambda: _lead_ins(ctx))
    here = (claim.source.page or 0, claim.source.line)
    found = [(at, s) for at, s in leads.items() if at < here]
    return max(found)[1] if found else scope


def _lead_ins(ctx: Context) -> dict[tuple[int, int], Scope]:
    """Positions (page, line) of lead-in paragraphs and the scope they open, until their section ends."""
    out: dict[tuple[int, int], Scope] = {}
    for _, section in section_paths(ctx.d):
        opened = False
        for p in section.paragraphs:
            m = _LEAD_IN.search(p.text.strip())
            if m and p.source.line is not None:
                out[(p.source.page or 0, p.source.line)] = "general" if m.group(1) == "一般公共预算" else "fiscal"
                opened = True
        last = section.paragraphs[-1].source if section.paragraphs else None
        if opened and last is not None and last.line is not None:
            out.setdefault((last.page or 0, (last.end_line or last.line) + 1), "all")
    return out


def table_figure(ctx: Context, subject: Subject | None, section: str = "", scope: Scope | None = None) -> Figure | None:
    """The table cell holding the amount ``subject`` names (None when no table holds it)."""
    if subject is None:
        return None
    v = ctx.d.views
    scope = scope or scope_of(section)
    kind, key = subject.kind, subject.key
    if "本年" in subject.label and kind in ("income_total", "expenditure_total"):
        current = _current_total(ctx, kind)
        if current is not None:
            return current
    if scope == "fund" and kind in ("total", "income_total", "expenditure_total", "gov_fund"):
        # "政府性基金预算支出情况说明": its totals and shares are of the fund money (表九), not of all money
        return _first(_total_cell(ctx, v.gov_fund, "total"), _ov_income(ctx, v.overview, IncomeSource.GOV_FUND))
    if scope == "fund" and kind == "functional" and key:
        return _code_cell(ctx, v.gov_fund, key)
    if kind in ("total", "income_total"):
        if scope == "fiscal":
            return _first(_ov_total(ctx, v.fiscal_overview, "income"), _ov_income(ctx, v.overview, IncomeSource.FISCAL))
        return _first(_ov_total(ctx, v.overview, "income"), _total_cell(ctx, v.income, "total"),
                      _total_cell(ctx, v.expenditure, "total"))
    if kind == "expenditure_total":
        if scope == "general":
            return _total_cell(ctx, v.general_budget, "total")
        return _first(_ov_total(ctx, v.overview, "expenditure"), _total_cell(ctx, v.expenditure, "total"),
                      _ov_total(ctx, v.overview, "income"))
    if kind == "income" and key:
        try:
            source = IncomeSource(key)
        except ValueError:
            return None
        found = _ov_income(ctx, v.overview, source)
        if found is None and v.income is not None:
            found = _total_cell(ctx, v.income, f"src:{key}")
        if found is None and source == IncomeSource.GENERAL_BUDGET:
            found = _total_cell(ctx, v.general_budget, "total")
        return found
    if kind == "carryover_part" and key:
        # "上年结转结余的一般公共预算收入": the carry-over's part of that source, where a table lists it
        try:
            part = IncomeSource(key)
        except ValueError:
            return None
        return _first(_ov_income(ctx, v.overview, part, IncomeSource.CARRYOVER),
                      _ov_income(ctx, v.fiscal_overview, part, IncomeSource.CARRYOVER))
    if kind == "fiscal_total":
        return _first(_ov_total(ctx, v.fiscal_overview, "income"), _ov_income(ctx, v.overview, IncomeSource.FISCAL))
    if kind == "general_budget_total":
        return _first(_total_cell(ctx, v.general_budget, "total"),
                      _ov_income(ctx, v.overview, IncomeSource.GENERAL_BUDGET))
    if kind == "expenditure" and key in ("basic", "project"):
        if scope in ("general", "fiscal"):  # 表三 covers all money: it speaks for these when all is 一般公共预算
            return _first(_total_cell(ctx, v.general_budget, key),
                          _total_cell(ctx, v.expenditure, key) if _general_is_all(ctx) else None)
        return _first(_total_cell(ctx, v.expenditure, key), _total_cell(ctx, v.general_budget, key))
    if kind == "expenditure" and key in ("reserve", "carryover_end", "operating"):
        return _total_cell(ctx, v.expenditure, f"x:{key}")
    if kind == "basic" and key in ("personnel", "public"):
        if scope == "all" and v.expenditure is not None and v.expenditure.total is not None \
                and key in v.expenditure.columns:
            # "按支出用途分类，包括人员支出…": all money, as 表三 prints it beside 项目支出
            return line_figure(ctx.d, v.expenditure.table, v.expenditure.total, key, v.expenditure.columns[key])
        econ = v.general_basic or v.basic_economic
        if econ is None or econ.total is None or key not in econ.columns:
            return None
        return line_figure(ctx.d, econ.table, econ.total, key, econ.columns[key])
    if kind == "functional" and key:
        if scope == "general":
            return _first(_code_cell(ctx, v.general_budget, key), _code_cell(ctx, v.fiscal_expenditure, key),
                          _code_cell(ctx, v.expenditure, key), _code_cell(ctx, v.income, key))
        if scope == "fiscal":
            # 财政拨款 by 类 is printed in 表四; 表五 holds only its 一般公共预算 part
            fiscal_class = _ov_class(ctx, v.fiscal_overview, key) if len(key) == 3 else None
            general = _code_cell(ctx, v.general_budget, key) if fiscal_is_general(ctx) or fiscal_class is None \
                and v.fiscal_overview is None else None
            return _first(_code_cell(ctx, v.fiscal_expenditure, key), fiscal_class, general)
        return _first(_code_cell(ctx, v.expenditure, key), _code_cell(ctx, v.income, key),
                      _ov_class(ctx, v.overview, key) if len(key) == 3 else None,
                      _code_cell(ctx, v.general_budget, key) if _general_is_all(ctx) else None)
    if kind == "three_public" and key and v.three_public is not None:
        tp = v.three_public
        amount = getattr(tp, key, None)
        if amount is None:
            return None
        label = _TP_LABELS.get(key, key)
        return figure(amount, table_precision(ctx.d, tp.table), tp.source,
                      f"{tp.table}“{label}”", table=tp.table, column=label)
    if kind == "operating_costs" and v.three_public is not None and v.three_public.operating_costs is not None:
        tp = v.three_public
        return figure(tp.operating_costs, table_precision(ctx.d, tp.table),
                      tp.source, f"{tp.table}“机关运行经费”", table=tp.table, column="机关运行经费")
    if kind == "gov_fund":
        return _first(_total_cell(ctx, v.gov_fund, "total"),
                      _ov_income(ctx, v.overview, IncomeSource.GOV_FUND))
    return None


_TP_LABELS = {"total": "合计", "outbound": "因公出国（境）费", "vehicle_total": "公务用车购置及运行费",
              "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行费", "reception": "公务接待费"}


_ABOUT = re.compile(r"关于.{0,40}?\d{4}\s*年度?")


def section_name(section: str) -> str:
    """The innermost heading, without "关于<department><year>年": "二、收入预算情况说明"."""
    last = section.split(" / ")[-1] if section else "情况说明"
    return _ABOUT.sub("", last, count=1)


def heading(section: Section) -> str:
    """A section's heading as printed: 第三部分 …, 二、…, （一）…."""
    if not section.number:
        return section.title
    if section.level == 0:
        return f"第{section.number}部分 {section.title}".strip()
    if section.level == 1:
        return f"{section.number}、{section.title}"
    return f"（{section.number}）{section.title}"


def section_paths(d: Disclosure) -> list[tuple[str, Section]]:
    """Every narrative section with its heading path ("第三部分 … / 十、… / （一）…", as claims have it)."""
    out: list[tuple[str, Section]] = []

    def walk(section: Section, path: list[str]) -> None:
        here = [*path, heading(section)] if section.title else path
        out.append((" / ".join(here), section))
        for child in section.children:
            walk(child, here)

    for s in d.narrative.sections:
        walk(s, [])
    return out


def same_subject(a: Subject, b: Subject) -> bool:
    """The same thing, however it was worded ("“三公”经费" and "三公经费")."""
    return a.kind == b.kind and a.key == b.key


def said(claim: Claim) -> str:
    """A stated figure for messages: "79.3 万元", "94.86%"."""
    text = format(claim.value, "f")
    return f"{text}%" if claim.unit == "%" else f"{text} {claim.unit}"


_LAST_NAME = re.compile(r"([^（）()]+)[（(](?:\d+)?[类款项][)）]\s*$")


def subject_words(subject: Subject) -> str:
    """The subject in words for messages."""
    if subject.kind == "functional":
        label = subject.label.strip("0123456789.、 ：:")
        m = _LAST_NAME.search(label)
        name = m.group(1).strip() if m else label
        return f"{name}（{subject.key}）" if subject.key else (name or "该科目")
    return _WORDS.get(f"{subject.kind}:{subject.key}", _WORDS.get(subject.kind, subject.label or subject.kind))


_WORDS = {
    "total": "收支总预算", "income_total": "收入预算", "expenditure_total": "支出预算", "fiscal_total": "财政拨款收支总预算",
    "general_budget_total": "一般公共预算拨款", "income:general_budget": "一般公共预算收入",
    "income:gov_fund": "政府性基金预算收入", "income:state_capital": "国有资本经营预算收入", "income:fiscal": "财政拨款收入",
    "income:special_account": "财政专户管理资金收入", "income:business": "事业收入", "income:operating": "经营收入",
    "income:other": "其他收入", "income:carryover": "上年结转",
    "expenditure:basic": "基本支出", "expenditure:project": "项目支出", "basic:personnel": "人员经费",
    "basic:public": "公用经费", "three_public:total": "“三公”经费", "three_public:outbound": "因公出国（境）费",
    "three_public:vehicle_total": "公务用车购置及运行费", "three_public:vehicle_purchase": "公务用车购置费",
    "three_public:vehicle_operation": "公务用车运行费", "three_public:reception": "公务接待费",
    "operating_costs": "机关运行经费", "gov_fund": "政府性基金预算支出", "procurement:total": "政府采购预算",
    "procurement:goods": "政府采购货物预算", "procurement:works": "政府采购工程预算",
    "procurement:services": "政府采购服务预算", "assets:vehicles": "车辆",
}


OTHER_SPENDING = ("机动经费", "经营支出", "上缴上级", "附属单位补助", "结转下年", "预备费")


def other_spending(ctx: Context) -> bool:
    """Spending that is neither 基本 nor 项目 (Jiangsu: 单位预留机动经费, 结转下年资金 …): then 支出 ≠ 基本 + 项目."""

    def compute() -> bool:
        table = ctx.d.views.expenditure
        if table is not None and table.total is not None and any(a.value for a in table.total.extra.values()):
            return True
        for _, section in section_paths(ctx.d):
            if any(w in p.text for p in section.paragraphs for w in OTHER_SPENDING):
                return True
        return False

    return ctx.memo("other-spending", compute)  # type: ignore[no-any-return]
