"""Semantic views of printed tables: what each row and column means.

One builder per family of tables; each takes a ``PrintedTable`` and returns its view. Blank cells
in an amount column read as zero here (the printed table keeps the blank). The overview tables
(``overview``), the economic tables (``economic``) and the “三公” table (``three_public``) have
modules of their own; the code-tree tables by function and the project table are built here.
"""

from __future__ import annotations

import logging

from ..model import (
    Amount,
    FunctionalLine,
    FunctionalTable,
    Level,
    OverviewTable,
    PrintedTable,
    ProjectLine,
    ProjectTable,
    Row,
    SourceRef,
    TableKind,
    Views,
)
from ..model.problems import DUPLICATE_TABLE, HEADER_GARBLED, STAGE_FAILED
from ..numbers import parse_amount
from .columns import ColumnRoles, amount_role, code_tree_roles
from .economic import build_economic
from .identities import candidates, choose
from .lines import (
    amount_of,
    amounts_of,
    functional_code,
    functional_line,
    is_total_label,
    level_of,
    rates_of,
    row_code,
    total_label_in,
    unit_of,
    view_unit,
)
from .overview import build_overview
from .tables import printed_decimals
from .three_public import build_three_public

log = logging.getLogger("yusuan.interpret")

__all__ = ["build_economic", "build_functional", "build_overview", "build_projects", "build_three_public",
           "build_views"]


def _total_only(table: PrintedTable, unit: str) -> tuple[FunctionalLine | None, ColumnRoles]:
    """A table of totals without a code tree (Jiangsu's 支出预算总表: one row of figures), with its columns."""
    roles = ColumnRoles()
    data = [r for r in table.rows if any(parse_amount(c) is not None for c in r.cells)]
    if len(data) != 1 or any(c and parse_amount(c) is None for c in data[0].cells):
        return None, roles
    for i, label in enumerate(table.columns):
        roles.amounts[i] = amount_role(label)
        roles.labels[i] = label.split("/")[-1]
    return functional_line("", Level.TOTAL, "合计", amounts_of(data[0], roles, unit), data[0]), roles


def _repeats(previous: FunctionalLine, line: FunctionalLine) -> bool:
    """The same code, name and figures as the line just above."""
    return (previous.code == line.code and previous.name == line.name and previous.total == line.total
            and previous.basic == line.basic and previous.project == line.project
            and previous.by_source == line.by_source)


def build_functional(table: PrintedTable) -> FunctionalTable:
    roles = code_tree_roles(table)
    unit = unit_of(table)
    lines: list[FunctionalLine] = []
    total: FunctionalLine | None = None
    last_class = last_section = ""
    for row in table.rows:
        code, name = row_code(row, roles, last_class, last_section)
        amounts = amounts_of(row, roles, unit)
        if code and not functional_code(code):
            continue  # a budget unit's row ("024 某局") in a table listed by unit
        if not code:
            if total_label_in(row, roles) and total is None:
                label = next((c for c in row.cells if is_total_label(c)), "合计")
                total = functional_line("", Level.TOTAL, label, amounts, row, rates_of(row, roles))
            continue
        level = level_of(code)
        if level == Level.CLASS:
            last_class, last_section = code, ""
        elif level == Level.SECTION:
            last_class, last_section = code[:3], code
        line = functional_line(code, level, name, amounts, row, rates_of(row, roles))
        if lines and _repeats(lines[-1], line):
            continue  # "21999 其他支出" printed again under itself: its one 项, printed with the 款's code
        lines.append(line)
    if not lines and total is None:
        total, roles = _total_only(table, unit)
    columns = {role: roles.labels.get(i, "") for i, role in roles.amounts.items()}
    paths = {role: table.columns[i] if i < len(table.columns) else "" for i, role in roles.amounts.items()}
    rows = [*lines, *([total] if total is not None else [])]
    identities = choose(candidates(columns, paths), rows, printed_decimals(table), unit)
    return FunctionalTable(table=table.id, unit=view_unit(unit), columns=columns, lines=lines, total=total,  # type: ignore[arg-type]
                           identities=identities, roles=roles.by_index())


# ---------------------------------------------------------------- 表七


def build_projects(table: PrintedTable) -> ProjectTable:
    roles = code_tree_roles(table)
    unit = unit_of(table)
    total_index = roles.index_of("total")
    if total_index is None and roles.amounts:
        total_index = roles.first_amount
    econ_cols = [i for i in sorted(roles.amounts) if i != total_index]
    labels = [table.columns[i].split("/")[-1] for i in econ_cols]
    projects: list[ProjectLine] = []
    subtotals: list[FunctionalLine] = []
    total: Amount | None = None
    total_by_econ: dict[str, Amount] = {}
    total_source = table.source
    last_class = last_section = ""
    for row in table.rows:
        code, fname = row_code(row, roles, last_class, last_section)
        pname = row.cell(roles.project_name) if roles.project_name is not None else ""
        amount = amount_of(row.cell(total_index), unit) if total_index is not None else None
        by_econ = {lab: amount_of(row.cell(i), unit) for lab, i in zip(labels, econ_cols, strict=False)
                   if parse_amount(row.cell(i)) is not None}
        if pname and not is_total_label(pname):
            projects.append(_project(row, roles, pname, code, fname, amount, by_econ))
            continue
        if code:
            level = level_of(code)
            if level == Level.CLASS:
                last_class, last_section = code, ""
            elif level == Level.SECTION:
                last_class, last_section = code[:3], code
            subtotals.append(FunctionalLine(code=code, level=level, name=fname, total=amount, extra=by_econ,
                                            source=row.source.with_(row=code)))
            continue
        if total_label_in(row, roles) and total is None:
            total, total_by_econ, total_source = amount, by_econ, row.source.with_(row="合计")
    return ProjectTable(
        table=table.id, unit=view_unit(unit), columns=labels, subtotals=subtotals, projects=projects,  # type: ignore[arg-type]
        total=total, total_by_economic=total_by_econ, total_source=total_source,
    )


def _project(row: Row, roles: ColumnRoles, name: str, code: str, fname: str, amount: Amount | None,
             by_econ: dict[str, Amount]) -> ProjectLine:
    return ProjectLine(
        name=name, function_code=code, function_name=fname, amount=amount, by_economic=by_econ,
        unit_name=row.cell(roles.unit_name) if roles.unit_name is not None else None,
        source=row.source.with_(row=name),
    )


# ---------------------------------------------------------------- all views

_FUNCTIONAL_SLOT = {
    TableKind.INCOME: "income",
    TableKind.EXPENDITURE: "expenditure",
    TableKind.GENERAL_BUDGET: "general_budget",
    TableKind.GOV_FUND: "gov_fund",
    TableKind.STATE_CAPITAL: "state_capital",
    TableKind.FISCAL_EXPENDITURE: "fiscal_expenditure",
}
_ECONOMIC_SLOT = {
    TableKind.GENERAL_BASIC: "general_basic",
    TableKind.BASIC_ECONOMIC: "basic_economic",
    TableKind.OPERATING_COSTS: "operating_costs",
}


Note = tuple[str, str, SourceRef]  # (read-problem code, message, where)


def _slot_of(kind: TableKind) -> str | None:
    if kind in _FUNCTIONAL_SLOT:
        return _FUNCTIONAL_SLOT[kind]
    if kind in _ECONOMIC_SLOT:
        return _ECONOMIC_SLOT[kind]
    return {TableKind.OVERVIEW: "overview", TableKind.FISCAL_OVERVIEW: "fiscal_overview",
            TableKind.GENERAL_PROJECT: "general_project", TableKind.PROJECT_LIST: "general_project",
            TableKind.THREE_PUBLIC: "three_public"}.get(kind)


def _build(table: PrintedTable, slot: str, year: int | None) -> tuple[object, str | None]:
    if slot in _FUNCTIONAL_SLOT.values():
        return build_functional(table), None
    if slot in ("overview", "fiscal_overview"):
        return build_overview(table, year), None
    if slot in _ECONOMIC_SLOT.values():
        return build_economic(table), None
    if slot == "general_project":
        return build_projects(table), None
    return build_three_public(table, year)


def build_views(tables: list[PrintedTable], year: int | None) -> tuple[Views, list[Note]]:
    """All views from the recognised tables, each built on its own (one that fails is said and skipped);
    also what was noted: a garbled header read by the standard order, a second table of a kind."""
    slots: dict[str, object] = {}
    owners: dict[str, PrintedTable] = {}
    notes: list[Note] = []
    for table in tables:
        slot = _slot_of(table.kind)
        if slot is None:
            continue
        if slot in slots:
            first = owners[slot]
            notes.append((DUPLICATE_TABLE, f"{_name(table)}与{_name(first)}同为一类表格，两表均按原样保留；"
                                           f"核对以{first.id}为准", table.source))
            continue
        try:
            view, note = _build(table, slot, year)
        except Exception as exc:  # one table's defect must not lose the others
            log.exception("view of %s failed", table.id)
            notes.append((STAGE_FAILED, f"{_name(table)}的含义读取出错（{type(exc).__name__}: {exc}），该表按原样保留、"
                                        "未参与核对（这是 yusuan 的缺陷，请报告）", table.source))
            continue
        slots[slot], owners[slot] = view, table
        if note:
            notes.append((HEADER_GARBLED, note, table.source))
    detailed = [t for k, t in slots.items() if k in _FUNCTIONAL_SLOT.values() and isinstance(t, FunctionalTable)]
    for slot in ("overview", "fiscal_overview"):
        summary = slots.get(slot)
        if isinstance(summary, OverviewTable):
            slots[slot] = _codes_by_amount(summary, detailed)
    return Views(**slots), notes  # type: ignore[arg-type]


def _name(table: PrintedTable) -> str:
    return f"{table.id}“{table.title}”" if table.title else table.id


def _codes_by_amount(overview: OverviewTable, tables: list[FunctionalTable]) -> OverviewTable:
    """An overview's class printed under a name the catalogue does not know (a former name:
    医疗卫生与计划生育支出 for 210) gets the code of the one class of the detailed tables with the same
    amount that the overview does not list otherwise."""
    listed = {ln.code for ln in overview.expenditure if ln.code}
    lines, changed = [], False
    for ln in overview.expenditure:
        if not ln.code and ln.total is not None and ln.total.value and ln.name.endswith("支出"):
            codes = {c.code for t in tables for c in t.lines if len(c.code) == 3 and c.code not in listed
                     and c.total is not None and c.total.wan == ln.total.wan}
            if len(codes) == 1:
                ln = ln.model_copy(update={"code": codes.pop(), "level": Level.CLASS})
                changed = True
        lines.append(ln)
    return overview.model_copy(update={"expenditure": lines}) if changed else overview
