"""项目支出绩效目标表: funds, overall goal and the indicator tree; 指标值 parsing."""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import Amount, Indicator, IndicatorTerm, IndicatorValue, PerformanceTarget, PrintedTable
from ..normalize import key
from ..numbers import parse_amount

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
_TERM = re.compile(r"(>=|<=|≥|≤|=|==|>|<|≠|大于等于|小于等于|不低于|不少于|不高于|不超过|大于|小于|等于)\s*"
                   r"(-?\d+(?:,\d{3})*(?:\.\d+)?)\s*([^&\d≥≤=<>]*)")
_OPS = {">=": "≥", "<=": "≤", "==": "=", "大于等于": "≥", "不低于": "≥", "不少于": "≥", "小于等于": "≤",
        "不高于": "≤", "不超过": "≤", "大于": ">", "小于": "<", "等于": "="}
_BARE = re.compile(r"^(-?\d+(?:,\d{3})*(?:\.\d+)?)\s*(\S*)$")
_NA = {"--", "---", "-", "—", "——", "/", "无", "不适用"}


def _bare_unit(text: str) -> str:
    """"(平方米)" → "平方米": the Shanghai 填报表 prints units in brackets."""
    t = text.strip()
    if len(t) > 2 and t[0] in "(（" and t[-1] in ")）":
        t = t[1:-1].strip()
    return t


def parse_indicator_value(text: str) -> IndicatorValue:
    """"≥2次" → [≥ 2 次]; "≥1月&&≤12月" → two terms; "优" → qualitative; "--" → not applicable."""
    t = text.strip()
    if not t or t in _NA or set(t) <= {"-", "—"}:
        return IndicatorValue(text=text, not_applicable=True)
    terms = []
    for part in re.split(r"&&|且|，且|并且", t):
        part = part.strip()
        m = _TERM.fullmatch(part) or _TERM.match(part)
        if m and m.end() == len(part):
            op = _OPS.get(m.group(1), m.group(1))
            terms.append(IndicatorTerm(op=op, number=Decimal(m.group(2).replace(",", "")),  # type: ignore[arg-type]
                                       unit=_bare_unit(m.group(3))))
            continue
        bare = _BARE.match(part)
        if bare and not terms:
            terms.append(IndicatorTerm(op="=", number=Decimal(bare.group(1).replace(",", "")), unit=bare.group(2)))
            continue
        terms = []
        break
    if terms:
        return IndicatorValue(text=text, terms=terms)
    return IndicatorValue(text=text, qualitative=t)


_LABELS = {
    "预算单位": "budget_unit", "单位名称": "budget_unit", "项目名称": "project", "项目总体目标": "goal",
    "总体目标": "goal", "年度目标": "goal",
}


def _label_value(cells: list[str], label: str) -> str | None:
    for i, c in enumerate(cells):
        if key(c).startswith(key(label)):
            rest = c[len(label):].strip(" ：:")
            if rest:
                return rest
            for nxt in cells[i + 1:]:
                if nxt:
                    return nxt
    return None


def _funds(cells: list[str]) -> dict[str, Decimal]:
    """项目资金 row: 年度资金总额 / 其中：财政拨款 / 其他资金 (labels and values in any cells)."""
    found: dict[str, Decimal] = {}
    label: str | None = None
    for c in cells:
        k = key(c)
        if not k:
            continue
        value = parse_amount(c)
        if value is None:
            m = re.search(r"(-?\d+(?:\.\d+)?)$", k)
            if m and any(w in k for w in ("总额", "财政拨款", "其他资金", "结转")):
                value = Decimal(m.group(1))
                k = k[: m.start()]
        if "总额" in k or "资金总额" in k:
            label = "total"
        elif "结转" in k:  # 上年结转（资金）: part of the year's funds besides the new appropriation
            label = "carryover"
        elif "财政拨款" in k or "财政资金" in k:
            label = "fiscal"
        elif "其他资金" in k:
            label = "other"
        if value is not None and label is not None and label not in found:
            found[label] = value
            label = None
    return found


_FUND_WORDS = ("资金总额", "财政拨款", "财政资金", "其他资金", "上年结转")


def _tree_columns(cells: list[str]) -> dict[str, int] | None:
    """Column of each level in a tree header whose 一级指标 is not in the first column (the Shanghai
    填报表 puts a merged "绩效指标" column first): {"1": …, "2": …, "3": …, "value": …}."""
    keys = [key(c) for c in cells]
    found = {name: next((i for i, k in enumerate(keys) if k.startswith(label)), None)
             for name, label in (("1", "一级指标"), ("2", "二级指标"), ("3", "三级指标"))}
    value = next((i for i, k in enumerate(keys) if "指标值" in k), None)
    if found["1"] in (None, 0) or found["2"] is None or found["3"] is None or value is None:
        return None
    return {"1": found["1"], "2": found["2"], "3": found["3"], "value": value}  # type: ignore[dict-item]


def _unit_of(rows: list[list[str]]) -> str:
    for cells in rows:
        for c in cells:
            k = key(c)
            if "资金" in k and "(元)" in k:
                return "元"
            if "资金" in k and "(万元)" in k:
                return "万元"
    return "万元"


def read_performance(table: PrintedTable, year: int | None) -> PerformanceTarget:
    rows = [list(table.header[i]) for i in range(len(table.header))] + [r.cells for r in table.rows]
    sources = [table.source] * len(table.header) + [r.source for r in table.rows]
    budget_unit = project = goal = None
    funds: dict[str, Decimal] = {}
    indicators: list[Indicator] = []
    level1 = level2 = ""
    in_tree = False
    columns: dict[str, int] | None = None
    goal_column: int | None = None
    for cells, src in zip(rows, sources, strict=False):
        filled = [c for c in cells if c]
        if not filled:
            continue
        k0 = key(filled[0])
        if not in_tree:
            if budget_unit is None and (v := _label_value(cells, "预算单位") or _label_value(cells, "单位名称")
                                        or _label_value(cells, "实施单位") or _label_value(cells, "主管部门")):
                budget_unit = v
            if project is None and (v := _label_value(cells, "项目名称")):
                project = v
            joined = "".join(key(c) for c in cells)
            if "项目资金" in k0 or any(w in joined for w in _FUND_WORDS):
                for field, amount in _funds(cells).items():
                    funds.setdefault(field, amount)
                continue
            if goal_column is not None and goal is None:
                goal = cells[goal_column] if goal_column < len(cells) and cells[goal_column] else filled[-1]
                continue
            labels = [i for i, c in enumerate(cells) if "总体目标" in key(c) or "总目标" in key(c)]
            if labels and all(("目标" in key(c)) for c in filled[1:]):
                goal_column = labels[-1]  # the year's goal (年度总体目标) when both are printed
                continue
            if "总体目标" in k0 or "年度目标" in k0:
                goal = next((c for c in filled[1:]), None)
                continue
            if any(key(c).startswith("一级指标") for c in filled):
                in_tree = True
                columns = _tree_columns(cells)
            continue
        if any(key(c).startswith("一级指标") for c in filled):
            continue
        if columns is not None:
            level1 = _at(cells, columns["1"]) or level1
            level2 = _at(cells, columns["2"]) or level2
            name, value = _at(cells, columns["3"]), _at(cells, columns["value"]) or filled[-1]
            indicators.append(Indicator(level1=level1, level2=level2, name=name, value=parse_indicator_value(value),
                                        source=src.with_(table=table.id, row=name or level2)))
            continue
        # a 一级 name only in the first column: "成本指标" further right is a 二级 of 产出指标
        first_is_l1 = k0 in LEVEL1 and bool(cells[0])
        if first_is_l1:
            level1 = filled[0]
            filled = filled[1:]
        if filled and key(filled[0]).endswith("指标") and len(filled) >= 2:
            level2 = filled[0]
            filled = filled[1:]
            if not first_is_l1 and key(level2) in LEVEL1:
                level1 = level2
        if not filled:
            continue
        if len(filled) == 1:
            name, value = "", filled[0]
        else:
            name, value = filled[0], filled[-1]
        indicators.append(Indicator(level1=level1, level2=level2, name=name, value=parse_indicator_value(value),
                                    source=src.with_(table=table.id, row=name or level2)))
    unit = _unit_of(rows)

    def money(field: str) -> Amount | None:
        return Amount(value=funds[field], unit=unit) if field in funds else None  # type: ignore[arg-type]

    return PerformanceTarget(
        year=year, budget_unit=budget_unit, project=project or "", total=money("total"), fiscal=money("fiscal"),
        other=money("other"), carryover=money("carryover"), goal=goal, indicators=indicators, table=table.id, source=table.source,
    )


def _at(cells: list[str], index: int) -> str:
    return cells[index] if 0 <= index < len(cells) else ""
