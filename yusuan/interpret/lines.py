"""Helpers shared by the view builders: amounts of a row, totals, levels, code-tree line codes."""

from __future__ import annotations

from decimal import Decimal

from ..model import Amount, FunctionalLine, Level, PrintedTable, Row
from ..normalize import key
from ..numbers import parse_amount
from .columns import ColumnRoles, split_code_name

_TOTAL_WORDS = ("合计", "总计")


def unit_of(table: PrintedTable) -> str:
    """The unit its cells are printed in (元, 万元 or 千元; 万元 when nothing says otherwise)."""
    return table.unit or "万元"


def view_unit(unit: str) -> str:
    """The unit of the amounts read from cells printed in ``unit`` (千元 are read as 元)."""
    return "元" if unit in ("元", "千元") else "万元"


def amount_of(text: str, unit: str) -> Amount:
    """A cell's amount; a blank cell reads as zero (the printed table keeps the blank)."""
    value = parse_amount(text)
    value = value if value is not None else Decimal(0)
    if unit == "千元":
        return Amount(value=value.scaleb(3), unit="元")
    return Amount(value=value, unit=unit)  # type: ignore[arg-type]


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def is_total_label(text: str) -> bool:
    k = key(text)
    return any(w in k for w in _TOTAL_WORDS) and not any(ch.isdigit() for ch in k)


def level_of(code: str) -> Level:
    return {3: Level.CLASS, 5: Level.SECTION}.get(len(code), Level.ITEM)


RATE_ROLES = ("x:completion_rate", "x:change_rate")


def amounts_of(row: Row, roles: ColumnRoles, unit: str) -> dict[str, Amount]:
    out: dict[str, Amount] = {}
    for index, role in roles.amounts.items():
        if role not in out and role not in RATE_ROLES:
            out[role] = amount_of(row.cell(index), unit)
    return out


def rates_of(row: Row, roles: ColumnRoles) -> dict[str, Decimal]:
    """Percentage columns (完成率) as printed, without the % sign; blank cells are left out."""
    out: dict[str, Decimal] = {}
    for index, role in roles.amounts.items():
        if role in RATE_ROLES:
            text = row.cell(index).replace("%", "").replace("％", "").strip()
            value = parse_amount(text)
            if value is not None:
                out[role[2:]] = value
    return out


def functional_line(code: str, level: Level, name: str, amounts: dict[str, Amount], row: Row,
                    rates: dict[str, Decimal] | None = None) -> FunctionalLine:
    by_source = {r[4:]: a for r, a in amounts.items() if r.startswith("src:")}
    extra = {r[2:]: a for r, a in amounts.items() if r.startswith("x:")}
    extra.update({r: a for r, a in amounts.items() if r in ("personnel", "public")})
    return FunctionalLine(
        code=code, level=level, name=name, total=amounts.get("total"), basic=amounts.get("basic"),
        project=amounts.get("project"), by_source=by_source, extra=extra, rates=rates or {},
        source=row.source.with_(row=code or name),
    )


def total_label_in(row: Row, roles: ColumnRoles) -> bool:
    limit = roles.first_amount if roles.amounts else len(row.cells)
    return any(is_total_label(c) for c in row.cells[:limit] if c) or any(
        is_total_label(c) for c in row.cells if c and parse_amount(c) is None
    )


def row_code(row: Row, roles: ColumnRoles, last_class: str, last_section: str) -> tuple[str, str]:
    """(full code, name) of a code-tree row; code "" when the row has none.

    Codes come in three columns (类 / 款 / 项, parents left blank or repeated), merged in one
    column ("2010301"), or inside the name ("201 一般公共服务支出", "一般公共服务支出（201类）").
    A 类 cell that is not three digits (a template slip printing "7") gives way to the open 类.
    """
    name = row.cell(roles.name) if roles.name is not None else ""
    if roles.code_class is not None or roles.code_section is not None:
        c = digits(row.cell(roles.code_class)) if roles.code_class is not None else ""
        s = digits(row.cell(roles.code_section)) if roles.code_section is not None else ""
        i = digits(row.cell(roles.code_item)) if roles.code_item is not None else ""
        if len(c) in (5, 7) and not s and not i:
            return c, name
        if c and len(c) != 3 and (s or i) and last_class:
            c = last_class
        if i:
            cls = c or last_class
            sec = s or (last_section[3:5] if last_section.startswith(cls) else "")
            return cls + sec + i, name
        if s:
            return (c or last_class) + s, name
        if len(c) == 3:
            return c, name
    elif roles.code is not None:
        raw = row.cell(roles.code)
        code, rest = split_code_name(raw)
        found = code or digits(raw)
        if len(found) in (3, 5, 7) and (code or raw.replace(" ", "").isdigit()):
            return found, name or rest
    code, rest = split_code_name(name)
    if code:
        return code, rest
    return "", name


def functional_code(code: str) -> bool:
    """Codes of the functional classification (支出功能分类) all start with 2 (201 … 234); a unit code
    ("024", "024001") printed in the same place is not one."""
    return code.startswith("2")
