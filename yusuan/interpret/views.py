"""Semantic views of printed tables: what each row and column means.

One builder per family of tables; each takes a ``PrintedTable`` and returns its view. Blank cells
in an amount column read as zero here (the printed table keeps the blank).
"""

from __future__ import annotations

from decimal import Decimal

from .. import catalog
from ..model import (
    Amount,
    EconomicItem,
    EconomicLine,
    EconomicTable,
    FunctionalLine,
    FunctionalTable,
    IncomeLine,
    IncomeSource,
    Level,
    OverviewTable,
    PrintedTable,
    ProjectLine,
    ProjectTable,
    Row,
    TableKind,
    ThreePublic,
    Views,
)
from ..normalize import key
from ..numbers import parse_amount
from .columns import ColumnRoles, amount_role, code_tree_roles, income_source, split_code_name, strip_numbering

_TOTAL_WORDS = ("合计", "总计")


def _unit(table: PrintedTable) -> str:
    return table.unit or "万元"


def _amount(text: str, unit: str) -> Amount:
    value = parse_amount(text)
    return Amount(value=value if value is not None else Decimal(0), unit=unit)  # type: ignore[arg-type]


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _is_total_label(text: str) -> bool:
    k = key(text)
    return any(w in k for w in _TOTAL_WORDS) and not any(ch.isdigit() for ch in k)


def _row_code(row: Row, roles: ColumnRoles, last_class: str, last_section: str) -> tuple[str, str]:
    """(full code, name) of a code-tree row; code "" when the row has none."""
    name = row.cell(roles.name) if roles.name is not None else ""
    if roles.code_class is not None or roles.code_section is not None:
        c = _digits(row.cell(roles.code_class)) if roles.code_class is not None else ""
        s = _digits(row.cell(roles.code_section)) if roles.code_section is not None else ""
        i = _digits(row.cell(roles.code_item)) if roles.code_item is not None else ""
        if len(c) in (5, 7) and not s and not i:
            return c, name
        if i:
            cls = c or last_class
            sec = s or (last_section[3:5] if last_section.startswith(cls) else "")
            return cls + sec + i, name
        if s:
            return (c or last_class) + s, name
        if c:
            return c, name
    elif roles.code is not None:
        raw = row.cell(roles.code)
        code, rest = split_code_name(raw)
        digits = code or _digits(raw)
        if len(digits) in (3, 5, 7):
            return digits, name or rest
    code, rest = split_code_name(name)
    if code:
        return code, rest
    return "", name


def _level(code: str) -> Level:
    return {3: Level.CLASS, 5: Level.SECTION}.get(len(code), Level.ITEM)


def _total_label_in(row: Row, roles: ColumnRoles) -> bool:
    limit = roles.first_amount if roles.amounts else len(row.cells)
    return any(_is_total_label(c) for c in row.cells[:limit] if c) or any(
        _is_total_label(c) for c in row.cells if c and parse_amount(c) is None
    )


def _amounts_of(row: Row, roles: ColumnRoles, unit: str) -> dict[str, Amount]:
    out: dict[str, Amount] = {}
    for index, role in roles.amounts.items():
        if role not in out:
            out[role] = _amount(row.cell(index), unit)
    return out


def _functional_line(code: str, level: Level, name: str, amounts: dict[str, Amount], row: Row,
                     roles: ColumnRoles) -> FunctionalLine:
    by_source = {r[4:]: a for r, a in amounts.items() if r.startswith("src:")}
    extra = {r[2:]: a for r, a in amounts.items() if r.startswith("x:")}
    return FunctionalLine(
        code=code, level=level, name=name, total=amounts.get("total"), basic=amounts.get("basic"),
        project=amounts.get("project"), by_source=by_source, extra=extra,
        source=row.source.with_(row=code or name),
    )


def build_functional(table: PrintedTable) -> FunctionalTable:
    roles = code_tree_roles(table)
    unit = _unit(table)
    lines: list[FunctionalLine] = []
    total: FunctionalLine | None = None
    last_class = last_section = ""
    for row in table.rows:
        code, name = _row_code(row, roles, last_class, last_section)
        amounts = _amounts_of(row, roles, unit)
        if not code:
            if _total_label_in(row, roles) and total is None:
                label = next((c for c in row.cells if _is_total_label(c)), "合计")
                total = _functional_line("", Level.TOTAL, label, amounts, row, roles)
            continue
        level = _level(code)
        if level == Level.CLASS:
            last_class, last_section = code, ""
        elif level == Level.SECTION:
            last_class, last_section = code[:3], code
        lines.append(_functional_line(code, level, name, amounts, row, roles))
    columns = {role: roles.labels.get(i, "") for i, role in roles.amounts.items()}
    return FunctionalTable(table=table.id, unit=unit, columns=columns, lines=lines, total=total)  # type: ignore[arg-type]


# ---------------------------------------------------------------- 表一 / 表四


def _label_columns(table: PrintedTable) -> list[int]:
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
        label = key(table.columns[i])
        if "行次" in label or "栏次" in label:
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


def build_overview(table: PrintedTable, year: int | None = None) -> OverviewTable:
    unit = _unit(table)
    label_cols = _label_columns(table)
    width = len(table.columns)
    if not label_cols:
        return OverviewTable(table=table.id, unit=unit)  # type: ignore[arg-type]
    left = label_cols[0]
    right = label_cols[1] if len(label_cols) > 1 else width
    income_cols = [i for i in range(left + 1, right) if not _skip_column(table, i)]
    expense_cols = [i for i in range(right + 1, width) if not _skip_column(table, i)]
    income: list[IncomeLine] = []
    income_total: Amount | None = None
    income_total_source = table.source
    expenditure: list[FunctionalLine] = []
    expenditure_total: FunctionalLine | None = None
    expense_roles = ColumnRoles(amounts={}, labels={})
    for n, i in enumerate(expense_cols):
        role = amount_role(table.columns[i])
        if n == 0 and not role.startswith("src:"):
            role = "total"
        expense_roles.amounts[i] = role
        expense_roles.labels[i] = table.columns[i].split("/")[-1]
    for row in table.rows:
        label = row.cell(left)
        if label:
            amounts = [_amount(row.cell(i), unit) for i in income_cols]
            source = income_source(label)
            first = amounts[0] if amounts else None
            extra = {table.columns[i].split("/")[-1]: a for i, a in zip(income_cols[1:], amounts[1:], strict=False)}
            if source == IncomeSource.TOTAL:
                income_total, income_total_source = first, row.source.with_(row=label)
            income.append(IncomeLine(key=source, label=label, amount=first, extra=extra,
                                     source=row.source.with_(row=label)))
        if right < width:
            rlabel = row.cell(right)
            if not rlabel:
                continue
            amounts_r = _amounts_of(row, expense_roles, unit)
            code, name = split_code_name(rlabel)
            if _is_total_label(rlabel) or key(rlabel).startswith("支出总计"):
                expenditure_total = _functional_line("", Level.TOTAL, rlabel, amounts_r, row, expense_roles)
                continue
            code = code or _class_code_for(name, year)
            level = _level(code) if code else Level.ITEM
            expenditure.append(_functional_line(code, level, strip_numbering(name) if not code else name,
                                                amounts_r, row, expense_roles))
    return OverviewTable(
        table=table.id, unit=unit, income=income, expenditure=expenditure,  # type: ignore[arg-type]
        income_total=income_total, expenditure_total=expenditure_total,
        income_total_source=income_total_source,
    )


def _skip_column(table: PrintedTable, index: int) -> bool:
    label = key(table.columns[index])
    return "行次" in label or "栏次" in label


# ---------------------------------------------------------------- 表六


def build_economic(table: PrintedTable) -> EconomicTable:
    roles = code_tree_roles(table, economic=True)
    unit = _unit(table)
    lines: list[EconomicLine] = []
    total: EconomicLine | None = None
    last_class = ""
    open_section: EconomicLine | None = None
    items: list[EconomicItem] = []

    def close_section() -> None:
        nonlocal open_section, items
        if open_section is not None:
            lines.append(open_section.model_copy(update={"items": items}))
        open_section, items = None, []

    for row in table.rows:
        amounts = _amounts_of(row, roles, unit)
        name = row.cell(roles.name) if roles.name is not None else ""
        c = _digits(row.cell(roles.code_class)) if roles.code_class is not None else ""
        s = _digits(row.cell(roles.code_section)) if roles.code_section is not None else ""
        if roles.code is not None and not c:
            merged = _digits(row.cell(roles.code))
            c, s = merged[:3], merged[3:5]
        if not c and not s:
            code, rest = split_code_name(name)
            if code:
                c, s, name = code[:3], code[3:5], rest
        if not c and not s:
            if _total_label_in(row, roles) and total is None:
                close_section()
                total = _economic_line("", Level.TOTAL, "合计", amounts, row)
            continue
        if c and not s:  # 类 row
            close_section()
            last_class = c
            lines.append(_economic_line(c, Level.CLASS, name, amounts, row))
            continue
        code = (c or last_class) + s
        if c and open_section is not None and open_section.code == code:
            # "301 01 name" under a "  01 name" row: a local sub-item of that 款
            items.append(EconomicItem(name=name, total=amounts.get("total"), personnel=amounts.get("personnel"),
                                      public=amounts.get("public"), source=row.source.with_(row=f"{code} {name}")))
            continue
        close_section()
        open_section = _economic_line(code, Level.SECTION, name, amounts, row)
        if c:  # a 款 printed with both codes and no 款-only row: it has no sub-items
            close_section()
    close_section()
    columns = {role: roles.labels.get(i, "") for i, role in roles.amounts.items()}
    return EconomicTable(table=table.id, unit=unit, columns=columns, lines=lines, total=total)  # type: ignore[arg-type]


def _economic_line(code: str, level: Level, name: str, amounts: dict[str, Amount], row: Row) -> EconomicLine:
    extra = {r[2:]: a for r, a in amounts.items() if r.startswith("x:") or r.startswith("src:")}
    return EconomicLine(
        code=code, level=level, name=name, total=amounts.get("total"), personnel=amounts.get("personnel"),
        public=amounts.get("public"), extra=extra, source=row.source.with_(row=code or name),
    )


# ---------------------------------------------------------------- 表七


def build_projects(table: PrintedTable) -> ProjectTable:
    roles = code_tree_roles(table)
    unit = _unit(table)
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
        code, fname = _row_code(row, roles, last_class, last_section)
        pname = row.cell(roles.project_name) if roles.project_name is not None else ""
        amount = _amount(row.cell(total_index), unit) if total_index is not None else None
        by_econ = {lab: _amount(row.cell(i), unit) for lab, i in zip(labels, econ_cols, strict=False)
                   if parse_amount(row.cell(i)) is not None}
        if pname and not _is_total_label(pname):
            projects.append(ProjectLine(
                name=pname, function_code=code, function_name=fname, amount=amount, by_economic=by_econ,
                unit_name=row.cell(roles.unit_name) if roles.unit_name is not None else None,
                source=row.source.with_(row=pname),
            ))
            continue
        if code:
            level = _level(code)
            if level == Level.CLASS:
                last_class, last_section = code, ""
            elif level == Level.SECTION:
                last_class, last_section = code[:3], code
            subtotals.append(FunctionalLine(code=code, level=level, name=fname, total=amount, extra=by_econ,
                                            source=row.source.with_(row=code)))
            continue
        if _total_label_in(row, roles) and total is None:
            total, total_by_econ, total_source = amount, by_econ, row.source.with_(row="合计")
    return ProjectTable(
        table=table.id, unit=unit, columns=labels, subtotals=subtotals, projects=projects,  # type: ignore[arg-type]
        total=total, total_by_economic=total_by_econ, total_source=total_source,
    )


# ---------------------------------------------------------------- 表八

_TP_ORDER = ("total", "outbound", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")


def _three_public_role(label: str) -> str | None:
    k = key(label)
    last = k.split("/")[-1]
    if "机关运行" in k:
        return "operating_costs"
    if "因公出国" in k:
        return "outbound"
    if "接待" in last:
        return "reception"
    if "购置" in last and "运行" not in last:
        return "vehicle_purchase"
    if "运行" in last and "购置" not in last:
        return "vehicle_operation"
    if "公务用车" in k:
        return "vehicle_total"
    if last in ("合计", "总计", "小计") or "三公" in last:
        return "total"
    return None


def _consistent(values: dict[str, Decimal], tolerance: Decimal) -> bool:
    def get(k: str) -> Decimal:
        return values.get(k, Decimal(0))

    ok = abs(get("total") - get("outbound") - get("vehicle_total") - get("reception")) <= tolerance
    if "vehicle_purchase" in values or "vehicle_operation" in values:
        ok = ok and abs(get("vehicle_total") - get("vehicle_purchase") - get("vehicle_operation")) <= tolerance
    return ok


def build_three_public(table: PrintedTable) -> tuple[ThreePublic, str | None]:
    """The 三公 view, and a note when garbled headers forced the standard column order."""
    unit = _unit(table)
    data = [r for r in table.rows if any(parse_amount(c) is not None for c in r.cells)]
    row = data[0] if data else (table.rows[0] if table.rows else None)
    by_header: dict[str, int] = {}
    prior: dict[str, int] = {}
    for i, label in enumerate(table.columns):
        role = _three_public_role(label)
        if role is None:
            continue
        target = prior if ("上年" in label and "本年" not in label) else by_header
        target.setdefault(role, i)
    note = None
    mapping = by_header
    if row is not None:
        tolerance = Decimal(5).scaleb(-table.precision - 1) * 6
        values_h = {r: parse_amount(row.cell(i)) or Decimal(0) for r, i in by_header.items()}
        cells = row.cells[: len(_TP_ORDER)]
        standard = {r: i for i, r in enumerate(_TP_ORDER) if i < len(cells)}
        values_s = {r: parse_amount(row.cell(i)) or Decimal(0) for r, i in standard.items()}
        ambiguous = len(set(by_header.values())) < len(by_header) or len(by_header) < 5
        if (not _consistent(values_h, tolerance) or ambiguous) and len(row.cells) >= 6 \
                and _consistent(values_s, tolerance) and "operating_costs" not in by_header:
            mapping = standard
            note = "“三公”经费表表头在转换中错位，按标准列序（合计、因公出国（境）费、公务用车购置及运行费小计、购置费、运行费、公务接待费）读取"

    def amount(role: str, where: dict[str, int]) -> Amount | None:
        if row is None or role not in where:
            return None
        return _amount(row.cell(where[role]), unit)

    view = ThreePublic(
        table=table.id, unit=unit,  # type: ignore[arg-type]
        total=amount("total", mapping), outbound=amount("outbound", mapping),
        vehicle_total=amount("vehicle_total", mapping), vehicle_purchase=amount("vehicle_purchase", mapping),
        vehicle_operation=amount("vehicle_operation", mapping), reception=amount("reception", mapping),
        operating_costs=amount("operating_costs", mapping),
        prior={r: a for r in prior if (a := amount(r, prior)) is not None},
        source=row.source if row is not None else table.source,
    )
    return view, note


# ---------------------------------------------------------------- all views

_FUNCTIONAL_SLOT = {
    TableKind.INCOME: "income",
    TableKind.EXPENDITURE: "expenditure",
    TableKind.GENERAL_BUDGET: "general_budget",
    TableKind.GOV_FUND: "gov_fund",
    TableKind.STATE_CAPITAL: "state_capital",
    TableKind.FISCAL_EXPENDITURE: "fiscal_expenditure",
}


def build_views(tables: list[PrintedTable], year: int | None) -> tuple[Views, list[tuple[str, str]]]:
    """All views from the recognised tables; also notes about how garbled tables were read."""
    slots: dict[str, object] = {}
    notes: list[tuple[str, str]] = []
    for table in tables:
        kind = table.kind
        if kind in _FUNCTIONAL_SLOT:
            slots.setdefault(_FUNCTIONAL_SLOT[kind], build_functional(table))
        elif kind == TableKind.OVERVIEW:
            slots.setdefault("overview", build_overview(table, year))
        elif kind == TableKind.FISCAL_OVERVIEW:
            slots.setdefault("fiscal_overview", build_overview(table, year))
        elif kind == TableKind.GENERAL_BASIC:
            slots.setdefault("general_basic", build_economic(table))
        elif kind == TableKind.BASIC_ECONOMIC:
            slots.setdefault("basic_economic", build_economic(table))
        elif kind in (TableKind.GENERAL_PROJECT, TableKind.PROJECT_LIST) and "general_project" not in slots:
            slots["general_project"] = build_projects(table)
        elif kind == TableKind.THREE_PUBLIC and "three_public" not in slots:
            view, note = build_three_public(table)
            slots["three_public"] = view
            if note:
                notes.append((table.id, note))
    return Views(**slots), notes  # type: ignore[arg-type]
