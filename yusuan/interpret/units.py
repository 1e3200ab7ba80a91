"""The unit of each table's amounts, where the page does not say it.

A table prints its unit above it ("单位：万元"). When it does not, the unit is chosen among 元 and 万元
by the document's own figures: the one under which the table's largest figure (its grand total) equals
the grand total of another table that states its unit; failing that, the unit the other tables state;
failing that, 万元. Either way the choice is said (a read problem ``unit-assumed``), never silent. A
unit the reader does not know ("单位：亿元") is a read problem too; 千元 is read as 元 × 1000.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from ..model import PrintedTable, SourceRef, TableKind
from ..model.problems import UNIT_ASSUMED, UNIT_CONVERTED, UNIT_UNKNOWN
from ..numbers import parse_amount
from ..tolerances import TOLERANCES

# tables whose cells are amounts of money in the table's unit
MONEY_KINDS = frozenset({
    TableKind.OVERVIEW, TableKind.INCOME, TableKind.EXPENDITURE, TableKind.FISCAL_OVERVIEW,
    TableKind.GENERAL_BUDGET, TableKind.GENERAL_BASIC, TableKind.GENERAL_PROJECT, TableKind.THREE_PUBLIC,
    TableKind.GOV_FUND, TableKind.STATE_CAPITAL, TableKind.FISCAL_SPECIAL, TableKind.BASIC_ECONOMIC,
    TableKind.PROJECT_LIST, TableKind.FISCAL_EXPENDITURE, TableKind.OPERATING_COSTS,
})
_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1")}

Problem = tuple[str, str, SourceRef]


_CODE = re.compile(r"[2-5]\d{2}(?:\d{2}){0,2}")


def _code_columns(table: PrintedTable) -> set[int]:
    """Columns most of whose filled cells are classification codes (201, 20103, 3010101)."""
    filled: Counter[int] = Counter()
    codes: Counter[int] = Counter()
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            if cell.strip():
                filled[i] += 1
                codes[i] += bool(_CODE.fullmatch(cell.strip()))
    return {i for i in filled if codes[i] * 2 > filled[i]}


def _largest(table: PrintedTable) -> Decimal | None:
    """The table's largest amount (its grand total), codes left out."""
    skip = _code_columns(table)
    values = [v for row in table.rows for i, c in enumerate(row.cells)
              if i not in skip and (v := parse_amount(c)) is not None]
    return max(values) if values else None


def _name(table: PrintedTable) -> str:
    return f"{table.id}“{table.title}”" if table.title else table.id


def settle_units(tables: list[PrintedTable]) -> tuple[list[PrintedTable], list[Problem]]:
    """Tables with a unit for every money table, and what was assumed."""
    money = [t for t in tables if t.kind in MONEY_KINDS]
    stated = Counter(t.unit for t in money if t.unit)
    prevailing = stated.most_common(1)[0][0] if stated else None
    unstated = any(t.unit is None for t in money)  # the anchors are needed only then
    anchors: list[tuple[str, Decimal]] = [(str(t.unit), big) for t in money
                                          if unstated and t.unit and (big := _largest(t)) is not None]
    problems: list[Problem] = []
    out = []
    for table in tables:
        if table.kind in MONEY_KINDS and table.unit == "千元":
            problems.append((UNIT_CONVERTED, f"{_name(table)}金额单位为千元，已按“元 × 1000”换算读取", table.source))
        if table.kind not in MONEY_KINDS or table.unit is not None or _largest(table) is None:
            out.append(table)
            continue
        unit, why = _choose(table, anchors, prevailing)
        odd = next((n[3:] for n in table.notes if n.startswith("单位：")), None)
        if odd is not None:
            problems.append((UNIT_UNKNOWN, f"{_name(table)}标明的金额单位“{odd}”无法识别，{why}，请人工核对",
                             table.source))
        else:
            problems.append((UNIT_ASSUMED, f"{_name(table)}未标明金额单位，{why}", table.source))
        out.append(table.model_copy(update={"unit": unit}))
    return out, problems


def _choose(table: PrintedTable, anchors: list[tuple[str, Decimal]], prevailing: str | None) -> tuple[str, str]:
    big = _largest(table)
    assert big is not None
    votes: Counter[str] = Counter()
    for unit in ("万元", "元"):
        for anchor_unit, anchor in anchors:
            if abs(big * _WAN[unit] - anchor * _WAN[anchor_unit]) <= TOLERANCES.unit_anchor * _WAN[unit] + Decimal("0.0001"):
                votes[unit] += 1
    if votes:
        unit = max(("万元", "元"), key=lambda u: (votes[u], u == prevailing))
        if votes[unit] and votes[unit] > votes["元" if unit == "万元" else "万元"]:
            return unit, f"其合计数与其他表格的合计在“{unit}”下相符，按{unit}读取"
    if prevailing is not None:
        return prevailing, f"按本文件其他表格的单位（{prevailing}）读取"
    return "万元", "全文均未标明单位，按万元读取"
