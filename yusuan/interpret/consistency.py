"""How far each table's own figures bear out the way it was read (``TableReading``).

Every identity a code-tree table must obey under its reading is tried: each row's total against the
columns that make it up (the identities chosen in ``identities``), each 类/款 against its lines, the
total row against the 类. A mistake in the document breaks the few identities its cell takes part in;
a reading gone wrong (a header not understood, a table cut off, a column taken for another) breaks
many, and no small set of cells explains them. So the failures are explained greedily by cells (the
cell most failures point at, whose proposed corrections agree, first — the inference ``suspect-cell``
makes for one cell); a column left blank where its parts have figures counts as one cause. The table
is read with confidence when at most ``SUSPECT_LIMIT`` causes explain every failure.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..model import (
    EconomicLine,
    EconomicTable,
    FunctionalLine,
    FunctionalTable,
    OverviewTable,
    PrintedTable,
    TableReading,
    Views,
    line_amount,
)
from ..tolerances import TOLERANCES
from .tables import printed_decimals

Cell = tuple[str, str]  # (row, column role)
Line = FunctionalLine | EconomicLine

SUSPECT_LIMIT = TOLERANCES.suspect_limit  # more causes than this: the reading, not the document, is in doubt
_RATES = ("x:completion_rate", "x:change_rate")


@dataclass(frozen=True)
class Check:
    total: Cell
    parts: tuple[Cell, ...]
    delta: Decimal  # total − Σ parts
    tolerance: Decimal

    @property
    def ok(self) -> bool:
        return abs(self.delta) <= self.tolerance


class _Values:
    """The figures of one table by cell, and whether each was printed (a blank reads as 0)."""

    def __init__(self, half: Decimal) -> None:
        self.half = half
        self.value: dict[Cell, Decimal] = {}
        self.printed: dict[Cell, bool] = {}

    def add(self, row: str, line: Line, role: str) -> Cell:
        cell = (row, role)
        amount = line_amount(line, role)
        value = amount.value if amount is not None else Decimal(0)
        self.value[cell] = value
        self.printed[cell] = amount is not None and (value != 0 or value.as_tuple().exponent != 0)
        return cell

    def check(self, total: Cell, parts: Sequence[Cell]) -> Check | None:
        values = [self.value[total], *(self.value[p] for p in parts)]
        if not any(values):
            return None
        delta = values[0] - sum(values[1:], Decimal(0))
        return Check(total, tuple(parts), delta, self.half * (len(parts) + 1))


def _row(line: Line) -> str:
    return line.code or "合计"


def _roles(columns: dict[str, str]) -> list[str]:
    return [r for r in columns if r not in _RATES]


def _children(lines: Sequence[Line], parent: Line) -> list[Line]:
    n = len(parent.code)
    direct = [ln for ln in lines if len(ln.code) == n + 2 and ln.code.startswith(parent.code)]
    if direct or n != 3 or isinstance(parent, EconomicLine):
        return direct
    return [ln for ln in lines if len(ln.code) == 7 and ln.code.startswith(parent.code)]


def tree_checks(table: FunctionalTable | EconomicTable, half: Decimal) -> tuple[list[Check], _Values]:
    """Every identity of a code-tree table under its reading."""
    values = _Values(half)
    roles = _roles(table.columns)
    lines: list[Line] = list(table.lines)
    rows = [*lines, *([table.total] if table.total is not None else [])]
    for line in rows:
        for role in roles:
            values.add(_row(line), line, role)
    checks: list[Check] = []

    def add(found: Check | None) -> None:
        if found is not None:
            checks.append(found)

    for line in rows:
        for ident in table.identities:
            if ident.total in roles and all(p in roles for p in ident.parts):
                add(values.check((_row(line), ident.total), [(_row(line), p) for p in ident.parts]))
    for line in lines:
        if line.code and len(line.code) < 7:
            kids = _children(lines, line)
            for role in roles if kids else []:
                add(values.check((_row(line), role), [(_row(k), role) for k in kids]))
    leaf = 5 if isinstance(table, EconomicTable) else 7
    top = [ln for ln in lines if len(ln.code) == 3] or [ln for ln in lines if len(ln.code) == leaf]
    if table.total is not None and top:
        for role in roles:
            add(values.check(("合计", role), [(_row(ln), role) for ln in top]))
    return checks, values


def overview_checks(ov: OverviewTable, half: Decimal) -> tuple[list[Check], _Values]:
    """Each expenditure line's 合计 against its fund columns (表四), where the table prints them."""
    values = _Values(half)
    lines = [*ov.expenditure, *([ov.expenditure_total] if ov.expenditure_total else [])]
    sources = sorted({k for ln in lines for k in ln.by_source})
    checks: list[Check] = []
    if not sources or not any(ln.total is not None for ln in lines):
        return checks, values
    for n, line in enumerate(lines):
        row = line.code or f"{n}:{line.name}"
        total = values.add(row, line, "total")
        parts = [values.add(row, line, f"src:{k}") for k in sources]
        found = values.check(total, parts)
        if found is not None:
            checks.append(found)
    return checks, values


def explain(checks: list[Check], values: _Values) -> list[str]:
    """The fewest causes (cells, or a column left blank) that explain every failing check."""
    failing = [c for c in checks if not c.ok]
    causes: list[str] = []
    failing = _blank_columns(failing, values, causes)
    while failing:
        cell, covered = _most_blamed(failing, values)
        if cell is None or len(covered) < 2:
            causes.extend(f"{c.total[0]}|{c.total[1]}" for c in failing)  # each failure its own cause
            break
        causes.append(f"{cell[0]}|{cell[1]}")
        failing = [c for n, c in enumerate(failing) if n not in covered]
    return causes


def _blank_columns(failing: list[Check], values: _Values, causes: list[str]) -> list[Check]:
    """A total column printed blank in every failing row whose parts have figures: one cause."""
    by_role: dict[str, list[Check]] = {}
    for c in failing:
        by_role.setdefault(c.total[1], []).append(c)
    rest = failing
    for role, group in by_role.items():
        blank = [c for c in group if not values.printed.get(c.total, False)]
        if len(blank) >= 2 and len(blank) == len(group):
            causes.append(f"*|{role}")
            rest = [c for c in rest if c not in group]
    return rest


def _most_blamed(failing: list[Check], values: _Values) -> tuple[Cell | None, set[int]]:
    proposals: dict[Cell, list[tuple[int, Decimal, Decimal]]] = {}
    for n, c in enumerate(failing):
        proposals.setdefault(c.total, []).append((n, values.value[c.total] - c.delta, c.tolerance))
        for p in c.parts:
            proposals.setdefault(p, []).append((n, values.value[p] + c.delta, c.tolerance))
    best: tuple[Cell | None, set[int]] = (None, set())
    for cell, props in proposals.items():
        first, tol = props[0][1], props[0][2]
        agreeing = {n for n, v, t in props if abs(v - first) <= tol + t}
        if len(agreeing) > len(best[1]):
            best = (cell, agreeing)
    return best


def assess(views: Views, tables: Sequence[PrintedTable]) -> Iterator[TableReading]:
    """A reading record for every table whose identities can be tried."""
    printed = {t.id: t for t in tables}
    code_tables: list[FunctionalTable | EconomicTable] = [
        *views.functional_tables(), *(t for t in (views.general_basic, views.basic_economic) if t is not None)]
    for view in code_tables:
        table = printed.get(view.table)
        half = Decimal(5).scaleb(-(printed_decimals(table) if table else 2) - 1)
        checks, values = tree_checks(view, half)
        yield _reading(view.table, table, checks, values, _choices(view))
    for ov in (views.overview, views.fiscal_overview):
        if ov is not None:
            table = printed.get(ov.table)
            half = Decimal(5).scaleb(-(printed_decimals(table) if table else 2) - 1)
            checks, values = overview_checks(ov, half)
            yield _reading(ov.table, table, checks, values, [])


def _choices(view: FunctionalTable | EconomicTable) -> list[str]:
    out = []
    for ident in view.identities:
        names = [view.columns.get(p, p) for p in ident.parts]
        total = view.columns.get(ident.total, ident.total)
        out.append(f"列：“{total}” = {' + '.join(f'“{n}”' for n in names)}（{ident.held}/{ident.rows} 行成立）")
    return out


def _reading(table_id: str, table: PrintedTable | None, checks: list[Check], values: _Values,
             choices: list[str]) -> TableReading:
    held = sum(1 for c in checks if c.ok)
    causes = explain(checks, values)
    confident = len(causes) <= SUSPECT_LIMIT
    reason = None
    if not confident:
        reason = (f"{len(checks)} 处勾稽关系中 {len(checks) - held} 处不成立，且无法归因于少数几个数字"
                  "（表头、续表或版式可能未被正确识别）")
    pages = sorted({r.source.page for r in table.rows if r.source.page}) if table else []
    if table is not None and table.parts:
        choices = [*choices, f"续表：{len(table.parts)} 个续页并入本表"]
    return TableReading(table=table_id, kind=table.kind.value if table else "", pages=pages, choices=choices,
                        checks=len(checks), held=held, suspects=causes, confident=confident, reason=reason)
