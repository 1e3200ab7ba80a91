"""The figures of a disclosure that can be compared across documents, each with where it is printed.

Stored once per revision (table ``figures``, filled at import from the model): the explorer compares
one measure across departments, years and kinds with one indexed query, never re-reading a model.

A figure is ``(section, code, measure, amount)``:

- ``total``: ``income_total`` 收入总计, ``expenditure_total`` 支出总计, ``basic`` 基本支出, ``project`` 项目支出;
- ``functional``: a 类 (3 digits), 款 (5) or 项 (7) of the expenditure table, measures ``total`` /
  ``basic`` / ``project``;
- ``economic``: a 类 (3) or 款 (5) of the basic-expenditure table, measures ``total`` / ``personnel`` /
  ``public``;
- ``three_public``: ``total`` and its parts (``outbound``, ``vehicle_total``, ``vehicle_purchase``,
  ``vehicle_operation``, ``reception``);
- ``operating_costs``: 机关运行经费;
- ``income``: income by source (the keys of ``IncomeSource``).

Amounts are exact 万元 strings (a table printed in 元 converted exactly); a line the document prints
blank has no amount (``None``), never 0. ``anchor`` is the id of the element of the disclosure page
that shows the figure (``cell_anchor`` …, made by ``yusuan.web.printed`` with the same functions): the
cell where it can be placed, else its row, its table, or the paragraph of the sentence stating it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..model import Amount, Disclosure, SourceRef, wan_string

FUNCTIONAL_MEASURES = {"total": "合计", "basic": "基本支出", "project": "项目支出"}
ECONOMIC_MEASURES = {"total": "合计", "personnel": "人员经费", "public": "公用经费"}
TOTAL_NAMES = {"income_total": "收入总计", "expenditure_total": "支出总计", "basic": "基本支出", "project": "项目支出"}
THREE_PUBLIC_NAMES = {"total": "“三公”经费合计", "outbound": "因公出国（境）费", "vehicle_total": "公务用车购置及运行费",
                      "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行费",
                      "reception": "公务接待费"}
#: the column label each 三公 part is printed under (to find its cell)
THREE_PUBLIC_COLUMNS = {"total": "合计", "outbound": "因公出国（境）费", "vehicle_total": "公务用车购置及运行费",
                        "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行费",
                        "reception": "公务接待费"}
SECTIONS = {"total": "总额", "functional": "支出功能分类", "economic": "基本支出经济分类", "three_public": "“三公”经费",
            "operating_costs": "机关运行经费", "income": "收入来源"}


@dataclass(frozen=True)
class Figure:
    section: str
    code: str
    name: str
    measure: str
    amount: str | None  # exact 万元
    anchor: str = ""


def _safe(table_id: str) -> str:
    return re.sub(r"[\s\"'<>&#]", "_", table_id)


def table_anchor(table_id: str) -> str:
    return f"t-{table_id}"


def row_anchor(table_id: str, row: int) -> str:
    return f"r-{_safe(table_id)}-{row}"


def cell_anchor(table_id: str, row: int, column: int) -> str:
    return f"c-{_safe(table_id)}-{row}-{column}"


def paragraph_anchor(index: int) -> str:
    return f"p-{index}"


class Anchors:
    """Where a location is shown on the disclosure page (``locate`` finds the printed cell or paragraph)."""

    def __init__(self, d: Disclosure) -> None:
        from ..checks.locate import paragraphs

        self.d = d
        self.paragraphs = paragraphs(d)

    def of(self, ref: SourceRef, column: str | None = None) -> str:
        from ..checks.locate import cell_of, span_of

        if column:
            ref = ref.with_(column=column)
        if ref.table and self.d.table(ref.table) is not None:
            try:
                cell = cell_of(self.d, ref)
            except Exception:  # noqa: BLE001 - an anchor is a convenience: the figure is kept without it
                cell = None
            if cell is None:
                return table_anchor(ref.table)
            if cell.column is not None:
                return cell_anchor(cell.table.id, cell.row, cell.column)
            return row_anchor(cell.table.id, cell.row)
        if ref.sentence:
            span = span_of(self.paragraphs, ref)
            if span is not None:
                for i, p in enumerate(self.paragraphs):
                    if p is span.paragraph:
                        return paragraph_anchor(i)
        if ref.line is not None and ref.table is None:  # a value read from a paragraph: the paragraph by its lines
            for i, p in enumerate(self.paragraphs):
                first = p.source.line
                if first is not None and first <= ref.line <= (p.source.end_line or first):
                    return paragraph_anchor(i)
        return ""

    def in_row(self, ref: SourceRef, value: Amount, columns: list[int | None]) -> str:
        """The cell of the row ``ref`` names, among ``columns`` (in order of preference), that prints ``value``
        (a blank cell prints 0); else the row. For tables whose headers do not say reliably which column is which."""
        from ..checks.locate import cell_of
        from ..numbers import parse_amount

        try:
            cell = cell_of(self.d, ref)
        except Exception:  # noqa: BLE001
            cell = None
        if cell is None:
            return table_anchor(ref.table) if ref.table else ""
        row = cell.table.rows[cell.row]
        for j in columns:
            if j is None or j >= len(row.cells):
                continue
            printed = parse_amount(row.cells[j]) if row.cells[j].strip() else Decimal(0)
            if printed is not None and printed == value.value:
                return cell_anchor(cell.table.id, cell.row, j)
        return row_anchor(cell.table.id, cell.row)

    def paragraph(self, index: int) -> str:
        return paragraph_anchor(index)


def _w(amount: Amount | None) -> str | None:
    return None if amount is None else wan_string(amount)


def _line_ref(ref: SourceRef, table: str, code: str, name: str) -> SourceRef:
    return ref.with_(table=ref.table or table, row=ref.row or code or name)


def figures(d: Disclosure, summary: dict[str, Any]) -> list[Figure]:
    """Every comparable figure of ``d`` (``summary``: its summary contract, for the totals as stored)."""
    from ..summary import _expenditure_view, _total_line

    anchors = Anchors(d)
    out: list[Figure] = []
    v = d.views
    exp = _expenditure_view(d)
    overview = v.overview
    total_line = _total_line(d, exp)
    total_refs: dict[str, str] = {}
    if overview is not None:
        total_refs["income_total"] = anchors.of(overview.income_total_source.with_(
            table=overview.income_total_source.table or overview.table))
        if overview.expenditure_total is not None:
            ref = overview.expenditure_total.source
            total_refs["expenditure_total"] = anchors.of(ref.with_(table=ref.table or overview.table),
                                                         column=None)
    if total_line is not None and exp is not None:
        table = exp.table if exp.total is total_line else (v.expenditure.table if v.expenditure else exp.table)
        ref = total_line.source.with_(table=total_line.source.table or table)
        columns = (v.expenditure.columns if v.expenditure and v.expenditure.total is total_line else exp.columns)
        total_refs["basic"] = anchors.of(ref, columns.get("basic"))
        total_refs["project"] = anchors.of(ref, columns.get("project"))
        total_refs.setdefault("expenditure_total", anchors.of(ref, columns.get("total")))
    for code, name in TOTAL_NAMES.items():
        value = summary.get(code)
        if value is not None:
            out.append(Figure("total", code, name, "amount", value, total_refs.get(code, "")))
    if exp is not None:
        for line in exp.lines:
            if not line.code:
                continue
            ref = _line_ref(line.source, exp.table, line.code, line.name)
            for measure in FUNCTIONAL_MEASURES:
                amount = getattr(line, measure)
                if amount is not None:
                    out.append(Figure("functional", line.code, line.name, measure, _w(amount),
                                      anchors.of(ref, exp.columns.get(measure))))
    econ = v.general_basic or v.basic_economic
    if econ is not None:
        for eline in econ.lines:
            if not eline.code:
                continue
            ref = _line_ref(eline.source, econ.table, eline.code, eline.name)
            for measure in ECONOMIC_MEASURES:
                amount = getattr(eline, measure)
                if amount is not None:
                    out.append(Figure("economic", eline.code, eline.name, measure, _w(amount),
                                      anchors.of(ref, econ.columns.get(measure))))
    tp = v.three_public
    if tp is not None:
        from ..checks.locate import find_column

        ref = tp.source.with_(table=tp.table)
        printed = d.table(tp.table)
        for position, (part, name) in enumerate(THREE_PUBLIC_NAMES.items()):
            amount = getattr(tp, part)
            if amount is None:
                continue
            # the column its header names, else its place in the standard order (headers are often garbled)
            by_header = find_column(printed, THREE_PUBLIC_COLUMNS[part], None) if printed is not None else None
            out.append(Figure("three_public", part, name, "amount", _w(amount),
                              anchors.in_row(ref, amount, [by_header, position])))
    if d.other.operating_costs is not None:
        out.append(Figure("operating_costs", "", "机关运行经费", "amount", _w(d.other.operating_costs),
                          anchors.of(d.other.operating_costs_source)))
    if overview is not None:
        for income in overview.income:
            if income.amount is None or str(income.key) in ("unknown", "total", "current_total"):
                continue
            ref = income.source.with_(table=income.source.table or overview.table, row=income.source.row or income.label)
            out.append(Figure("income", str(income.key), income.label, "amount", _w(income.amount), anchors.of(ref)))
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for f in out:  # a line printed twice (a 类 repeated after a page break) counts once: the first
        if (f.section, f.code, f.measure) not in seen:
            seen.add((f.section, f.code, f.measure))
            unique.append(f)
    return unique


def decimal(text: str | None) -> Decimal | None:
    return None if text in (None, "") else Decimal(text)
