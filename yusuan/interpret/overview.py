"""表一 / 表四 and their equivalents: income by source printed beside expenditure.

The printed shapes differ: the seed puts income beside expenditure by class; Jiangsu adds a third
group, expenditure by use (基本支出 / 项目支出 / 单位预留机动经费), with the totals in a cell spanning
both; the 决算 tables add carry-over rows (年初结转和结余, 年末结转和结余) and grand totals (总计)
below the current-year totals (本年收入合计 / 本年支出合计). Columns are grouped by their row-label
column: the first group is income, a group whose labels are uses is expenditure by use, the other
is expenditure by class.
"""

from __future__ import annotations

import re

from .. import catalog
from ..model import Amount, FunctionalLine, IncomeLine, IncomeSource, Level, OverviewTable, PrintedTable, Row
from ..normalize import key
from ..numbers import parse_amount
from .columns import (
    ColumnRoles,
    amount_role,
    income_source,
    spanning_groups,
    split_code_name,
    strip_numbering,
)
from .lines import amount_of, amounts_of, functional_line, is_total_label, level_of, unit_of, view_unit

_TOP_NUMBER = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_SUB_NUMBER = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
_USE_WORDS = ("基本支出", "项目支出", "预留", "机动经费", "人员经费", "公用经费", "结转下年", "事业单位经营支出",
              "上缴上级", "对附属单位")


def _skip_column(table: PrintedTable, index: int) -> bool:
    label = key(table.columns[index])
    return "行次" in label or "栏次" in label


def label_columns(table: PrintedTable) -> list[int]:
    """Columns holding row labels (mostly text) in a side-by-side overview table."""
    out = []
    for i in range(len(table.columns)):
        texts = numbers = 0
        for row in table.rows:
            cell = row.cell(i)
            if not cell:
                continue
            if parse_amount(cell) is None:
                texts += 1
            else:
                numbers += 1
        if _skip_column(table, i):
            continue
        if texts > numbers:
            out.append(i)
    return out


def _class_code_for(name: str, year: int | None) -> str:
    wanted = key(strip_numbering(name))
    for entry in catalog.functional().all(year):
        if entry.level == "class" and key(entry.name) == wanted:
            return entry.code
    return ""


def _is_use_group(table: PrintedTable, label: int) -> bool:
    labels = [key(r.cell(label)) for r in table.rows if r.cell(label)]
    uses = [t for t in labels if any(w in t for w in _USE_WORDS)]
    header = key(table.columns[label])
    return "支出用途" in header or (bool(labels) and len(uses) * 2 > len(labels))


def _total_rank(label: str) -> int:
    """How grand a total label is: 总计 > 合计 > 小计 (0: not a total)."""
    k = key(label)
    if strip_numbering(label) in ("本年支出", "本年收入", "当年支出", "当年收入"):
        return 1  # "一、本年支出": the current-year subtotal heading the side (Jiangsu)
    if not is_total_label(label) and not k.startswith(("支出总计", "收入总计")):
        return 0
    if "总计" in k:
        return 3
    if "本年" in k or "当年" in k or "小计" in k:
        return 1
    return 2


def _spanning_amount(row: Row, start: int, unit: str) -> Amount | None:
    """The first figure right of ``start`` (a total printed in a cell spanning several columns)."""
    for i in range(start + 1, len(row.cells)):
        if parse_amount(row.cell(i)) is not None:
            return amount_of(row.cell(i), unit)
    return None


class _Side:
    """One expenditure group: its label column, amount columns and their roles."""

    def __init__(self, table: PrintedTable, label: int, columns: list[int]) -> None:
        self.label = label
        self.roles = ColumnRoles(amounts={}, labels={})
        whole = spanning_groups([table.columns[i] for i in columns])
        for n, i in enumerate(columns):
            role = amount_role(table.columns[i], economic=True, whole=whole)
            if n == 0 and not role.startswith("src:"):
                role = "total"
            self.roles.amounts[i] = role
            self.roles.labels[i] = table.columns[i].split("/")[-1]
        self.lines: list[FunctionalLine] = []
        self.totals: list[tuple[int, FunctionalLine]] = []

    def read(self, row: Row, unit: str, year: int | None) -> None:
        text = row.cell(self.label)
        if not text:
            return
        amounts = amounts_of(row, self.roles, unit)
        rank = _total_rank(text)
        if rank:
            if all(a.value == 0 for a in amounts.values()) and not any(row.cell(i) for i in self.roles.amounts):
                spanning = _spanning_amount(row, max(self.roles.amounts, default=self.label), unit)
                if spanning is not None:
                    amounts = {"total": spanning}
            self.totals.append((rank, functional_line("", Level.TOTAL, text, amounts, row)))
            return
        code, name = split_code_name(text)
        code = code or _class_code_for(name, year)
        level = level_of(code) if code else Level.ITEM
        self.lines.append(functional_line(code, level, strip_numbering(name) if not code else name, amounts, row))

    def grand_total(self) -> FunctionalLine | None:
        if not self.totals:
            return None
        best = max(rank for rank, _ in self.totals)
        return next(line for rank, line in reversed(self.totals) if rank == best)

    def current_total(self) -> FunctionalLine | None:
        for rank, line in self.totals:
            if rank == 1 and ("本年" in line.name or "当年" in line.name):
                return line
        return None


def build_overview(table: PrintedTable, year: int | None = None) -> OverviewTable:
    unit = unit_of(table)
    labels = label_columns(table)
    width = len(table.columns)
    if not labels:
        return OverviewTable(table=table.id, unit=view_unit(unit))  # type: ignore[arg-type]
    bounds = [*labels, width]
    groups = [(labels[i], [c for c in range(labels[i] + 1, bounds[i + 1]) if not _skip_column(table, c)])
              for i in range(len(labels))]
    income_label, income_cols = groups[0]
    sides = [_Side(table, label, cols) for label, cols in groups[1:]]
    by_use = [s for s in sides if _is_use_group(table, s.label)]
    functional = [s for s in sides if s not in by_use][:1]
    income: list[IncomeLine] = []
    income_total: Amount | None = None
    income_current: Amount | None = None
    income_total_source = table.source
    heading: IncomeSource | None = None  # the top-level income line the sub-lines below belong to
    for row in table.rows:
        label = row.cell(income_label)
        if label:
            amounts = [amount_of(row.cell(i), unit) for i in income_cols]
            source = income_source(label)
            if _TOP_NUMBER.match(label.strip()):
                heading = source
            part_of = IncomeSource.CARRYOVER if heading == IncomeSource.CARRYOVER and _SUB_NUMBER.match(
                label.strip()) and source != IncomeSource.CARRYOVER else None
            first = amounts[0] if amounts else None
            extra = {table.columns[i].split("/")[-1]: a for i, a in zip(income_cols[1:], amounts[1:], strict=False)}
            if source == IncomeSource.TOTAL:
                income_total, income_total_source = first, row.source.with_(row=label)
            elif source == IncomeSource.CURRENT_TOTAL and income_current is None:
                income_current = first
            income.append(IncomeLine(key=source, label=label, amount=first, extra=extra,
                                     source=row.source.with_(row=label), part_of=part_of))
        for side in sides:
            side.read(row, unit, year)
    main = functional[0] if functional else (by_use[0] if by_use else None)
    uses = [line for s in by_use if s is not main for line in s.lines]
    grand = main.grand_total() if main else None
    if grand is None or grand.total is None or grand.total.value == 0:
        grand = next((t for s in sides if (t := s.grand_total()) is not None and t.total and t.total.value), grand)
    return OverviewTable(
        table=table.id, unit=view_unit(unit), income=income, expenditure=main.lines if main else [],  # type: ignore[arg-type]
        income_total=income_total, expenditure_total=grand, income_total_source=income_total_source,
        expenditure_by_use=uses, income_current_total=income_current,
        expenditure_current_total=main.current_total() if main else None,
    )
