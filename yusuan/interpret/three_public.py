"""表八 and its equivalents: the “三公” expenses, their parts, and what is printed with them.

Column roles come from the header labels: 合计 / 因公出国（境）费 / 公务用车购置及运行费 (小计,
购置费, 运行费) / 公务接待费, in any order. Shanghai adds 机关运行经费; Jiangsu prints 会议费 and
培训费 beside them under a 合计 that includes both (the “三公” total is then the “三公” 小计); the 决算
layout prints a 预算数 and a 决算数 under each item (the view holds the 决算数, ``budget`` the 预算数).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import Amount, PrintedTable, Row, ThreePublic
from ..normalize import key
from ..numbers import parse_amount
from .columns import strip_numbering
from .lines import amount_of, unit_of, view_unit

_TP_ORDER = ("total", "outbound", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")
_MEASURES = {"预算数": "budget", "预算": "budget", "年初预算数": "budget", "全年预算数": "budget",
             "决算数": "final", "决算": "final", "执行数": "final", "上年预算数": "prior", "上年": "prior"}


def _role(parts: list[str], has_subtotal: bool) -> str | None:
    k = "/".join(parts)
    last = parts[-1] if parts else ""
    if "机关运行" in k:
        return "operating_costs"
    if "会议费" in last:
        return "x:meetings"
    if "培训费" in last:
        return "x:training"
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
        if "三公" not in k and has_subtotal:
            return "x:all"  # Jiangsu: 合计 of 三公, 会议费 and 培训费
        return "total"
    return None


_YEAR = re.compile(r"(\d{4})年")


def _split(label: str, year: int | None = None) -> tuple[list[str], str]:
    """Label parts without the measure ("预算数" / "决算数") and the measure."""
    parts = [p for p in key(label).split("/") if p]
    measure = "main"
    years = [int(m.group(1)) for p in parts if (m := _YEAR.search(p))]
    if years and year is not None:
        # "2025年预算数/合计" beside "2026年预算数/合计": the document's year is the figure, the year before the prior
        parts = [p for p in parts if not _YEAR.search(p)]
        if years[0] == year - 1:
            return parts, "prior"
        if years[0] != year:
            return parts, "other"
        return parts, "main"
    if parts and parts[-1] in _MEASURES:
        measure = {"final": "main"}.get(_MEASURES[parts[-1]], _MEASURES[parts[-1]])
        parts = parts[:-1]
    elif any("上年" in p for p in parts) and not any("本年" in p for p in parts):
        measure = "prior"
    return parts, measure


def _consistent(values: dict[str, Decimal], tolerance: Decimal) -> bool:
    def get(k: str) -> Decimal:
        return values.get(k, Decimal(0))

    ok = abs(get("total") - get("outbound") - get("vehicle_total") - get("reception")) <= tolerance
    if "vehicle_purchase" in values or "vehicle_operation" in values:
        ok = ok and abs(get("vehicle_total") - get("vehicle_purchase") - get("vehicle_operation")) <= tolerance
    return ok


def _mapping(table: PrintedTable, year: int | None = None) -> dict[str, dict[str, int]]:
    """measure ("main" / "budget" / "prior") → role → column index."""
    split = [_split(label, year) for label in table.columns]
    has_subtotal = any("三公" in "/".join(parts) and parts and parts[-1] in ("小计", "合计")
                       for parts, _ in split if len(parts) > 1)
    out: dict[str, dict[str, int]] = {"main": {}, "budget": {}, "prior": {}, "other": {}}
    for i, (parts, measure) in enumerate(split):
        role = _role(parts, has_subtotal)
        if role is not None:
            out[measure].setdefault(role, i)
    return out


_CORE = ("total", "outbound", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")


def _by_rows(table: PrintedTable) -> ThreePublic | None:
    """A table listing the items as rows ("“三公”经费", "其中：（一）因公出国（境）支出" … beside 合计 /
    一般公共预算 columns; Guangzhou prints 行政经费 above them): each row's role from its label, the
    figure from the 合计 column."""
    unit = unit_of(table)
    found: dict[str, Row] = {}
    for row in table.rows:
        label = next((c for c in row.cells if c and parse_amount(c) is None), "")
        text = re.sub(r"^其中[：:]?", "", strip_numbering(label))
        role = _role([key(text)], False) if text else None
        if role in _CORE and role not in found:
            found[role] = row
    if len(found) < 3:
        return None
    column = next((i for i, label in enumerate(table.columns) if key(label).split("/")[-1] in ("合计", "总计")), None)
    if column is None:
        column = next((i for i, c in enumerate(next(iter(found.values())).cells) if parse_amount(c) is not None), None)
    if column is None:
        return None
    values = {role: amount_of(row.cell(column), unit) for role, row in found.items()}
    first = found.get("total") or next(iter(found.values()))
    return ThreePublic(table=table.id, unit=view_unit(unit), source=first.source, **values)  # type: ignore[arg-type]


def build_three_public(table: PrintedTable, year: int | None = None) -> tuple[ThreePublic, str | None]:
    """The 三公 view, and a note when garbled headers forced the standard column order."""
    unit = unit_of(table)
    data = [r for r in table.rows if any(parse_amount(c) is not None for c in r.cells)]
    row = data[0] if data else (table.rows[0] if table.rows else None)
    maps = _mapping(table, year)
    if len([r for r in maps["main"] if r in _CORE]) < 2:
        rows_view = _by_rows(table)
        if rows_view is not None:
            return rows_view, None
    by_header = maps["main"]
    note = None
    mapping = by_header
    if row is not None and not maps["budget"]:
        tolerance = Decimal(5).scaleb(-table.precision - 1) * 6
        values_h = {r: parse_amount(row.cell(i)) or Decimal(0) for r, i in by_header.items() if not r.startswith("x:")}
        cells = row.cells[: len(_TP_ORDER)]
        standard = {r: i for i, r in enumerate(_TP_ORDER) if i < len(cells)}
        values_s = {r: parse_amount(row.cell(i)) or Decimal(0) for r, i in standard.items()}
        core = {r: i for r, i in by_header.items() if not r.startswith("x:")}
        ambiguous = len(set(core.values())) < len(core) or len(core) < 5
        if (not _consistent(values_h, tolerance) or ambiguous) and len(row.cells) >= 6 \
                and _consistent(values_s, tolerance) and "operating_costs" not in by_header \
                and not any(r.startswith("x:") for r in by_header):
            mapping = standard
            note = "“三公”经费表表头在转换中错位，按标准列序（合计、因公出国（境）费、公务用车购置及运行费小计、购置费、运行费、公务接待费）读取"

    def amount(role: str, where: dict[str, int]) -> Amount | None:
        if row is None or role not in where:
            return None
        return amount_of(row.cell(where[role]), unit)

    def group(where: dict[str, int], extras: bool = False) -> dict[str, Amount]:
        return {(r[2:] if extras else r): a for r in where if r.startswith("x:") == extras
                and (a := amount(r, where)) is not None}

    view = ThreePublic(
        table=table.id, unit=view_unit(unit),  # type: ignore[arg-type]
        total=amount("total", mapping), outbound=amount("outbound", mapping),
        vehicle_total=amount("vehicle_total", mapping), vehicle_purchase=amount("vehicle_purchase", mapping),
        vehicle_operation=amount("vehicle_operation", mapping), reception=amount("reception", mapping),
        operating_costs=amount("operating_costs", mapping),
        prior=group(maps["prior"]), budget=group(maps["budget"]), extra=group(by_header, extras=True),
        source=row.source if row is not None else table.source,
    )
    return view, note
