"""表六 and its equivalents: basic expenditure by economic class (301 工资福利支出 …).

Layouts: the seed's (类 / 款 columns, local sub-items under a 款, 合计 / 人员经费 / 公用经费),
Shanghai's (the same with 部门预算经济分类), Jiangsu's (merged codes "30101", one 金额 column) and
the 决算 layout, which prints two code trees side by side (301/303 left, 302/310 right) with
"人员经费合计" and "公用经费合计" at the foot instead of a 合计 row.
"""

from __future__ import annotations

from ..model import Amount, EconomicItem, EconomicLine, EconomicTable, Level, PrintedTable, Row
from ..normalize import key
from .columns import code_tree_roles, split_code_name
from .identities import candidates, choose
from .lines import amounts_of, digits, total_label_in, unit_of, view_unit
from .tables import printed_decimals


def unstack(table: PrintedTable) -> PrintedTable:
    """A table printed as two halves side by side, as one table (left rows, then right rows)."""
    width = len(table.columns)
    if width < 4 or width % 2:
        return table
    half = width // 2
    left = [key(c).split("/")[-1] for c in table.columns[:half]]
    right = [key(c).split("/")[-1] for c in table.columns[half:]]
    if left != right or not any(left):
        return table
    rows_left = [r.model_copy(update={"cells": r.cells[:half]}) for r in table.rows]
    rows_right = [r.model_copy(update={"cells": r.cells[half:]}) for r in table.rows]
    rows = [r for r in rows_left + rows_right if any(r.cells)]
    return table.model_copy(update={"columns": table.columns[:half], "rows": rows,
                                    "header": [h[:half] for h in table.header]})


def _economic_line(code: str, level: Level, name: str, amounts: dict[str, Amount], row: Row) -> EconomicLine:
    extra = {r.split(":", 1)[1]: a for r, a in amounts.items() if r.startswith(("x:", "src:"))}
    return EconomicLine(
        code=code, level=level, name=name, total=amounts.get("total"), personnel=amounts.get("personnel"),
        public=amounts.get("public"), extra=extra, source=row.source.with_(row=code or name),
    )


def _foot_total(row: Row, amounts: dict[str, Amount]) -> tuple[str, Amount] | None:
    """"人员经费合计" / "公用经费合计" rows of the 决算 layout: (field, amount)."""
    label = next((c for c in row.cells if c and key(c).endswith("合计")), "")
    k = key(label)
    value = amounts.get("total")
    if value is None:
        return None
    if "人员经费" in k:
        return "personnel", value
    if "公用经费" in k:
        return "public", value
    return None


def build_economic(table: PrintedTable) -> EconomicTable:
    printed_width = len(table.columns)
    table = unstack(table)
    halves = len(table.columns) if len(table.columns) != printed_width else 0
    roles = code_tree_roles(table, economic=True)
    unit = unit_of(table)
    lines: list[EconomicLine] = []
    total: EconomicLine | None = None
    feet: dict[str, Amount] = {}
    foot_row: Row | None = None
    last_class = ""
    open_section: EconomicLine | None = None
    items: list[EconomicItem] = []

    def close_section() -> None:
        nonlocal open_section, items
        if open_section is not None:
            lines.append(open_section.model_copy(update={"items": items}))
        open_section, items = None, []

    for row in table.rows:
        amounts = amounts_of(row, roles, unit)
        name = row.cell(roles.name) if roles.name is not None else ""
        c = digits(row.cell(roles.code_class)) if roles.code_class is not None else ""
        s = digits(row.cell(roles.code_section)) if roles.code_section is not None else ""
        if roles.code is not None and not c:
            raw = row.cell(roles.code)
            code, rest = split_code_name(raw)
            merged = code or (digits(raw) if raw.replace(" ", "").isdigit() else "")
            c, s, sub = merged[:3], merged[3:5], merged[5:]
            name = name or rest
        else:
            sub = ""
        if not c and not s:
            code, rest = split_code_name(name)
            if code:
                c, s, sub, name = code[:3], code[3:5], code[5:], rest
        if sub and (open_section is not None and open_section.code == c + s
                    or lines and lines[-1].code == c + s):
            # "3010201 规范性津补贴" under "30102 津贴补贴": a sub-item of that 款 with a code of its own
            if open_section is None:
                last = lines.pop()
                open_section, items = last, list(last.items)
            items.append(EconomicItem(name=name, total=amounts.get("total"), personnel=amounts.get("personnel"),
                                      public=amounts.get("public"), source=row.source.with_(row=f"{c}{s}{sub} {name}")))
            continue
        if not c and not s:
            foot = _foot_total(row, amounts)
            if foot is not None:
                close_section()
                feet[foot[0]] = foot[1]
                foot_row = foot_row or row
            elif total_label_in(row, roles) and total is None:
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
    if total is None and feet and foot_row is not None:
        personnel, public = feet.get("personnel"), feet.get("public")
        whole = None
        if personnel is not None and public is not None:  # 基本支出 = 人员经费 + 公用经费, both printed
            whole = Amount(value=personnel.value + public.value, unit=personnel.unit)
        total = EconomicLine(code="", level=Level.TOTAL, name="合计", total=whole, personnel=personnel,
                             public=public, source=foot_row.source.with_(row="人员经费合计/公用经费合计"))
    columns = {role: roles.labels.get(i, "") for i, role in roles.amounts.items()}
    paths = {role: table.columns[i] if i < len(table.columns) else "" for i, role in roles.amounts.items()}
    rows = [*lines, *([total] if total is not None else [])]
    identities = choose(candidates(columns, paths), rows, printed_decimals(table), unit)
    return EconomicTable(table=table.id, unit=view_unit(unit), columns=columns, lines=lines, total=total,  # type: ignore[arg-type]
                         identities=identities, roles=roles.by_index(halves))
