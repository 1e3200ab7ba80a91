"""Cross-table identities (DOMAIN.md "What must hold" 2): the same quantity wherever it appears.

Each quantity (the total, a function line's total, its 一般公共预算 part, the 基本支出 of 一般公共预算 …)
is collected from every table that prints it. When the tables disagree, the value most of them
print is taken as the reference (ties: the earlier table) and every other cell is reported there,
with the cells it contradicts. Only identities that hold for the columns present are used: money
from other sources is in 表一/表二/表三 but not in the 财政拨款 tables, so 表三 基本/项目 = 表五 only
for lines whose money is all 一般公共预算 (per 表二), and otherwise 表五 ≤ 表三.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import (
    Amount,
    EconomicLine,
    FunctionalLine,
    FunctionalTable,
    IncomeSource,
    OverviewTable,
    SourceRef,
    ThreePublic,
)
from ..normalize import key
from .arithmetic import ROUNDING, Failure
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
    table_precision,
)
from .finding import Finding
from .registry import Context, finding, rule


@dataclass
class Quantity:
    """One quantity and every printed figure of it, in order of preference."""

    name: str  # what it is, in words
    figures: list[Figure]


def _line(table: FunctionalTable | None, code: str) -> FunctionalLine | None:
    return table.find(code) if table is not None else None


def _has_level(table: FunctionalTable, code: str) -> bool:
    return any(len(ln.code) == len(code) for ln in table.lines)


def _cell(ctx: Context, table: FunctionalTable | None, code: str, role: str, label: str,
          zero_if_missing: bool = True) -> Figure | None:
    """The figure of a code's line in a column role; 0 when the table omits the line (when it has that level)."""
    if table is None or (role not in table.columns and not (role == "total" and table.columns)):
        return None
    line = table.total if code == "" else _line(table, code)
    column = table.columns.get(role, label)
    if line is not None:
        return line_figure(ctx.d, table.table, line, role, column)
    if code and zero_if_missing and _has_level(table, code):
        where = SourceRef(file=ctx.d.source.path or None, table=table.table, row=code)
        return Figure(ZERO, table.unit, table_precision(ctx.d, table.table), where,
                      f"{table.table}（无“{code}”行，即 0）")
    return None


def _income(ctx: Context, ov: OverviewTable | None, source: IncomeSource) -> Figure | None:
    """An income source of an overview table; where it lists the carry-over by source too ("二、上年结转"
    / "(一)一般公共预算拨款"), this year's and the carried-over money of that source together, as the
    other tables count it."""
    if ov is None:
        return None
    line = ov.income_of(source)
    if line is None:
        return None
    precision = table_precision(ctx.d, ov.table)
    carried = ov.income_of(source, part_of=IncomeSource.CARRYOVER)
    if carried is not None and carried.amount is not None and carried.amount.value and line.amount is not None:
        both = Amount(value=line.amount.value + carried.amount.value, unit=line.amount.unit)
        return figure(both, precision, line.source,
                      f"{cell_label(ov.table, line.label)}与上年结转“{carried.label}”行之和", table=ov.table)
    return figure(line.amount, precision, line.source, cell_label(ov.table, line.label), table=ov.table)


def _ov_total(ctx: Context, ov: OverviewTable | None) -> Figure | None:
    if ov is None or ov.income_total is None:
        return None
    line = ov.income_of(IncomeSource.TOTAL)
    where = (line.source if line else ov.income_total_source).with_(table=ov.table)
    return figure(ov.income_total, table_precision(ctx.d, ov.table), where,
                  cell_label(ov.table, line.label if line else "收入总计"))


def _ov_class(ctx: Context, ov: OverviewTable | None, code: str, role: str, label: str) -> Figure | None:
    if ov is None:
        return None
    line = ov.expenditure_total if code == "" else next((ln for ln in ov.expenditure if ln.code == code), None)
    if line is None:
        uncoded = any(not ln.code and ln.total is not None and ln.total.value for ln in ov.expenditure)
        if code and any(ln.code for ln in ov.expenditure) and not uncoded:
            where = SourceRef(file=ctx.d.source.path or None, table=ov.table, row=code)
            return Figure(ZERO, ov.unit, table_precision(ctx.d, ov.table), where, f"{ov.table}（无“{code}”行，即 0）")
        return None
    if role.startswith("src:") and role[4:] not in line.by_source:
        return None
    return line_figure(ctx.d, ov.table, line, role, label)


def _codes(*tables: FunctionalTable | None) -> list[str]:
    seen: dict[str, None] = {}
    for t in tables:
        if t is not None:
            for ln in t.lines:
                seen.setdefault(ln.code, None)
    return list(seen)


def _name(ctx: Context, code: str) -> str:
    v = ctx.d.views
    for t in (v.expenditure, v.general_budget, v.income, v.gov_fund, v.state_capital):
        line = _line(t, code)
        if line is not None:
            return row_label(code, line.name)
    return code


def _all_general(ctx: Context, code: str) -> bool:
    """Is all the money of this line 一般公共预算 (so 表三 = 表五 for it)?"""
    v = ctx.d.views
    if v.income is not None and "src:general_budget" in v.income.columns:
        line = v.income.total if code == "" else v.income.find(code)
        if line is None:
            return False
        general = line.by_source.get("general_budget")
        return line.total is not None and general is not None and abs(line.total.value - general.value) <= \
            2 * (Figure(general.value, general.unit, table_precision(ctx.d, v.income.table), SourceRef(), "").half)
    ov = v.overview
    if ov is not None and ov.income_total is not None:
        general_line = ov.income_of(IncomeSource.GENERAL_BUDGET)
        return general_line is not None and general_line.amount is not None and \
            general_line.amount.wan == ov.income_total.wan
    return False


def quantities(ctx: Context) -> list[Quantity]:
    """Every quantity printed in more than one table."""
    v = ctx.d.views
    ov, fov = v.overview, v.fiscal_overview
    out: list[Quantity] = []
    # a 决算 carries money over: 收入 ≠ 支出 by function, and its 总计 rows include 年初/年末结转, so only
    # the identities between expenditure tables hold there
    final = ctx.d.kind == "final_accounts"
    income = None if final else v.income

    def add(name: str, *figs: Figure | None) -> None:
        present = [f for f in figs if f is not None]
        if len(present) >= 2:
            out.append(Quantity(name, present))

    add("全部收支总额", None if final else _ov_total(ctx, ov), _cell(ctx, income, "", "total", "合计"),
        _cell(ctx, v.expenditure, "", "total", "合计"))
    for code in _codes(income, v.expenditure):
        add(f"“{_name(ctx, code)}”的支出（全部资金）", _ov_class(ctx, ov, code, "total", "预算数") if len(code) == 3 else None,
            _cell(ctx, income, code, "total", "总计"), _cell(ctx, v.expenditure, code, "total", "合计"))
    yield_sources = (("general_budget", "一般公共预算", v.general_budget), ("gov_fund", "政府性基金预算", v.gov_fund),
                     ("state_capital", "国有资本经营预算", v.state_capital))
    for key_, word, table in yield_sources:
        source = IncomeSource(key_)
        if not final:
            add(f"{word}收支总额", _income(ctx, ov, source), _cell(ctx, income, "", f"src:{key_}", word),
                _income(ctx, fov, source), _ov_class(ctx, fov, "", f"src:{key_}", word),
                _cell(ctx, table, "", "total", "合计"))
        for code in _codes(income, table):
            add(f"“{_name(ctx, code)}”的{word}支出", _cell(ctx, income, code, f"src:{key_}", word),
                _cell(ctx, table, code, "total", "合计"),
                _ov_class(ctx, fov, code, f"src:{key_}", word) if len(code) == 3 else None)
    if not final:
        add("财政拨款收入", _income(ctx, ov, IncomeSource.FISCAL), _cell(ctx, income, "", "src:fiscal", "财政拨款"),
            _income(ctx, fov, IncomeSource.FISCAL))
    gb = v.general_budget
    if v.general_basic is not None and v.general_basic.total is not None:
        basic_total = line_figure(ctx.d, v.general_basic.table, v.general_basic.total, "total", "合计")
        add("一般公共预算基本支出", _cell(ctx, gb, "", "basic", "基本支出"), basic_total)
    pt = v.general_project
    if pt is not None and pt.total is not None:
        pt_total = figure(pt.total, table_precision(ctx.d, pt.table), pt.total_source,
                          cell_label(pt.table, "合计", "合计"), column="合计")
        add("一般公共预算项目支出", _cell(ctx, gb, "", "project", "项目支出"), pt_total)
    out.extend(_project_lines(ctx))
    for code in ["", *_codes(v.expenditure, gb)]:
        if gb is None or v.expenditure is None or not _all_general(ctx, code):
            continue
        name = f"“{_name(ctx, code)}”的" if code else ""
        for role, word in (("basic", "基本支出"), ("project", "项目支出")):
            add(f"{name}{word}{'' if code else '合计'}（资金全部为一般公共预算）", _cell(ctx, v.expenditure, code, role, word),
                _cell(ctx, gb, code, role, word))
    return out


def _project_lines(ctx: Context) -> list[Quantity]:
    """表五 项目支出 per code against the projects of 表七 (its subtotals, or the sum of its projects)."""
    v = ctx.d.views
    pt, gb = v.general_project, v.general_budget
    if pt is None or gb is None or "project" not in gb.columns or not pt.projects:
        return []
    if not all(p.function_code for p in pt.projects):
        return []
    precision = table_precision(ctx.d, pt.table)
    out = []
    subtotal_codes = {s.code: s for s in pt.subtotals}
    for line in gb.lines:
        fig_gb = line_figure(ctx.d, gb.table, line, "project", gb.columns["project"])
        sub = subtotal_codes.get(line.code)
        if sub is not None:
            fig_pt = figure(sub.total, precision, sub.source,
                            cell_label(pt.table, row_label(sub.code, sub.name), "合计"), table=pt.table, column="合计")
        elif len(line.code) == 7:
            members = [p for p in pt.projects if p.function_code == line.code]
            value = sum((p.amount.value for p in members if p.amount is not None), ZERO)
            where = members[0].source if members else SourceRef(file=ctx.d.source.path or None, table=pt.table)
            fig_pt = Figure(value, pt.unit, precision, where.with_(table=pt.table),
                            f"{pt.table}中科目“{line.code}”下各项目之和")
        else:
            continue
        out.append(Quantity(f"“{_name(ctx, line.code)}”的一般公共预算项目支出", [fig_gb, fig_pt]))
    codes_gb = {ln.code for ln in gb.lines}
    for p in pt.projects:
        if p.function_code not in codes_gb and _has_level(gb, p.function_code):
            fig_pt = figure(p.amount, precision, p.source, cell_label(pt.table, p.name[:20]))
            zero = Figure(ZERO, gb.unit, table_precision(ctx.d, gb.table),
                          SourceRef(file=ctx.d.source.path or None, table=gb.table, row=p.function_code),
                          f"{gb.table}（无“{p.function_code}”行，即 0）")
            out.append(Quantity(f"“{_name(ctx, p.function_code)}”的一般公共预算项目支出", [zero, fig_pt]))
    return out


def _clusters(q: Quantity) -> list[list[Figure]]:
    groups: list[list[Figure]] = []
    for f in q.figures:
        for g in groups:
            ref = g[0]
            if abs(ref.wan - f.wan) <= ref.half + f.half or _converted_step(ref, f):
                g.append(f)
                break
        else:
            groups.append([f])
    return groups


def _converted_step(a: Figure, b: Figure) -> bool:
    """A one-unit break that comes from printing 元 in one table and 万元 in the other."""
    if a.unit == b.unit:
        return False
    coarse = a if a.unit == "万元" else b
    step = coarse.half * 2
    return abs(a.wan - b.wan) <= step + a.half + b.half


def _describe(fig: Figure) -> str:
    return f"{fig.label}（{money(fig.value, fig.unit)}）"


def _spot(where: SourceRef) -> tuple[str | None, str | None, str | None]:
    return where.table, where.row, where.column


def _suspects(ctx: Context) -> set[tuple[str | None, str | None, str | None]]:
    """Cells whose own table arithmetic fails: when two tables disagree, these are the likelier culprits."""
    from . import arithmetic

    def compute() -> set[tuple[str | None, str | None, str | None]]:
        out = set()
        for func in (arithmetic.tree_sums, arithmetic.grand_totals, arithmetic.item_sums):
            for f in func(ctx):
                if f.severity == "error":
                    out.add(_spot(f.location))
                    out.update(_spot(r) for r in f.compared)
        return out

    return ctx.memo("arithmetic-suspects", compute)  # type: ignore[no-any-return]


def _reference(ctx: Context, q: Quantity, groups: list[list[Figure]]) -> list[Figure]:
    suspects = _suspects(ctx)

    def trust(g: list[Figure]) -> tuple[int, int, int]:
        clean = sum(1 for f in g if _spot(f.where) not in suspects)
        return len(g), clean, -q.figures.index(g[0])

    return max(groups, key=trust)


@rule("cross-table", "error", tags=("table", "cross"), title="同一数字在不同表中不一致",
      description="The same quantity printed in several tables has the same value: 表一 totals = 表二 = 表三; "
                  "表一 per class = 表二/表三 class rows; every 表二/表三 line; 表二's 一般公共预算 column = 表五 "
                  "(per line) = 表四's 一般公共预算 column (per class) = 表一/表四's 一般公共预算 income; the same for "
                  "政府性基金 (表九) and 国有资本经营; 表五 基本支出 = 表六 合计; 表五 项目支出 = 表七 合计 and per code; "
                  "表三 基本/项目 = 表五 for lines whose money is all 一般公共预算. When tables disagree, the value most "
                  "of them print is the reference and each other cell is reported.",
      example="表五“合计”行“基本支出”列为 464.04 万元，而表六“合计”行“合计”列为 454.04 万元；"
              "两者应相等（同为一般公共预算基本支出）。",
      emits=(ROUNDING,))
def cross_tables(ctx: Context) -> Iterator[Finding]:
    for q in quantities(ctx):
        groups = _clusters(q)
        if len(groups) == 1:
            yield from _rounding(q)
            continue
        reference = _reference(ctx, q, groups)
        ref = reference[0]
        for g in groups:
            if g is reference:
                continue
            for f in g:
                yield _mismatch(q, f, ref, reference)


def _mismatch(q: Quantity, f: Figure, ref: Figure, reference: list[Figure]) -> Finding:
    ledger = LEDGER.get()
    if ledger is not None:  # f should equal ref: an identity f = ref with one part
        ledger.append(Failure(f, (ref,), f.wan - ref.wan, f.half + ref.half))
    others = "、".join(r.label for r in reference[:3])
    expected = ref.value if ref.unit == f.unit else (ref.wan if f.unit == "万元" else ref.wan.scaleb(4))
    places = places_of([f, ref])
    delta = f.value - expected
    actual_text = money(f.value, f.unit, places) if f.value or f.value.as_tuple().exponent else "空白"
    if len(reference) > 1:
        message = (f"{f.label}为 {actual_text}，而{others}均为 {money(ref.value, ref.unit, places)}；"
                   f"应相等（同为{q.name}）。")
    else:
        message = (f"{f.label}为 {actual_text}，而{ref.label}为 {money(ref.value, ref.unit, places)}；"
                   f"两者应相等（同为{q.name}）。")
    return finding("cross-table", message, f.where, expected=expected, actual=f.value, delta=delta,
                   tolerance=f.half + ref.half if f.unit == "万元" else (f.half + ref.half).scaleb(4), unit=f.unit,
                   compared=[r.where for r in reference])


def _rounding(q: Quantity) -> Iterator[Finding]:
    ref = q.figures[0]
    for f in q.figures[1:]:
        if f.wan != ref.wan:
            delta = f.wan - ref.wan
            yield finding(ROUNDING, f"{_describe(f)}与{_describe(ref)}相差 {money(abs(delta), '万元')}，"
                                    f"在舍入允许范围内（同为{q.name}）。",
                          f.where, expected=ref.wan, actual=f.wan, delta=delta, tolerance=f.half + ref.half,
                          unit="万元", compared=[ref.where])


# ---------------------------------------------------------------- 表五 ⊆ 表三


@rule("cross-subset", "error", tags=("table", "cross"), title="一般公共预算支出大于全部资金支出",
      description="一般公共预算 money is part of all money: for every function line, 表五 (一般公共预算) total, "
                  "基本支出 and 项目支出 are at most those of 表三 (all sources), and 表二's 一般公共预算 column is at "
                  "most the line's 总计.",
      example="表五“2010301 行政运行”行“合计”列为 319.08 万元，大于表三同一行的 309.08 万元；一般公共预算支出不能大于全部资金支出。")
def subsets(ctx: Context) -> Iterator[Finding]:
    v = ctx.d.views
    gb, ex = v.general_budget, v.expenditure
    if gb is None or ex is None:
        return
    for code in ["", *_codes(gb)]:
        if _all_general(ctx, code):
            continue  # equality is checked by cross-table
        for role, word in (("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")):
            part = _cell(ctx, gb, code, role, word, zero_if_missing=False)
            whole = _cell(ctx, ex, code, role, word)
            if part is None or whole is None or role not in gb.columns or role not in ex.columns:
                continue
            tol = part.half + whole.half
            if part.wan - whole.wan > tol:
                result = compare(whole.wan, part.wan, tol)
                yield finding("cross-subset", f"{_describe(part)}大于{_describe(whole)}；一般公共预算支出不能大于"
                                              f"全部资金支出。", part.where, expected=f"≤{whole.wan}",
                              actual=part.wan, delta=result.delta, tolerance=tol, unit="万元", compared=[whole.where])


# ---------------------------------------------------------------- 表八 vs 表六

_TP_MATCH: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("outbound", "因公出国（境）费", ("30212",), ("出国",)),
    ("reception", "公务接待费", ("30217",), ("接待", "招待")),
    ("vehicle_operation", "公务用车运行费", ("30231",), ("公务用车运行", "公务用车车辆", "车辆运行", "公务用车")),
)


def _basic_line(lines: list[EconomicLine], codes: tuple[str, ...], words: tuple[str, ...]) -> EconomicLine | None:
    sections = [ln for ln in lines if len(ln.code) == 5]
    for ln in sections:
        # the code and the name must agree: local tables reuse codes for other things
        if ln.code in codes and any(w in key(ln.name) for w in (*words, "三公")):
            return ln
    for word in words:
        for ln in sections:
            if word in key(ln.name):
                return ln
    return None


@rule("three-public-basic", "warning", tags=("table", "cross", "three-public"), title="“三公”经费与基本支出明细不符",
      description="Each “三公” item of 表八 is at least the matching line of 表六 (30212 因公出国（境）费用, 30217 "
                  "公务接待费, 30231 公务用车运行维护费, or a line whose name says so): “三公” money is spent from basic "
                  "and from project expenditure, so 表八 may be larger than the basic-expenditure line (that is "
                  "normal and not reported) but not smaller. A warning: a local 表六 line may hold more than the "
                  "“三公” item its name suggests.",
      example="表八“公务接待费”为 0.06 万元，而表六“30217 招待费”行为 1.06 万元；“三公”经费包括基本支出和项目支出中的"
              "该项费用，不应小于基本支出中的数额，请核实。")
def three_public_vs_basic(ctx: Context) -> Iterator[Finding]:
    tp: ThreePublic | None = ctx.d.views.three_public
    econ = ctx.d.views.general_basic
    if tp is None or econ is None:
        return
    tp_precision = table_precision(ctx.d, tp.table)
    for name, word, codes, words in _TP_MATCH:
        amount = getattr(tp, name)
        line = _basic_line(econ.lines, codes, words)
        if amount is None or line is None or line.total is None:
            continue
        mine = figure(amount, tp_precision, tp.source, f"{tp.table}“{word}”", table=tp.table, column=word)
        theirs = line_figure(ctx.d, econ.table, line, "total", "合计")
        tol = mine.half + theirs.half
        if theirs.wan - mine.wan <= tol:
            continue  # 表八 covers basic and project spending: it may be larger than the basic line
        yield finding("three-public-basic", f"{_describe(mine)}小于{_describe(theirs)}；“三公”经费包括基本支出和项目"
                                            f"支出中的该项费用，不应小于基本支出中的数额，请核实。", mine.where,
                      expected=f"≥{theirs.wan}", actual=mine.wan, delta=mine.wan - theirs.wan, tolerance=tol,
                      unit="万元", compared=[theirs.where])
