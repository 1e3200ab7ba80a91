"""Views built from the finest figures: money by functional item, source and basic/project, economic
lines with local sub-items, projects and “三公”. Used by the generator and the officers' workbook:
every summary table is a sum of these figures, so the tables agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import (
    Amount,
    EconomicItem,
    EconomicLine,
    EconomicTable,
    FunctionalLine,
    FunctionalTable,
    Level,
    ProjectLine,
    ProjectTable,
    ThreePublic,
)

ZERO = Decimal(0)


def amt(value: Decimal) -> Amount:
    return Amount(value=value, unit="万元")


@dataclass
class Ledger:
    """Money by functional item (7-digit code) and source, as [basic, project]."""

    cells: dict[str, dict[str, list[Decimal]]] = field(default_factory=dict)

    def add(self, code: str, source: str, basic: Decimal = ZERO, project: Decimal = ZERO) -> None:
        entry = self.cells.setdefault(code, {}).setdefault(source, [ZERO, ZERO])
        entry[0] += basic
        entry[1] += project

    def total(self, source: str | None = None, part: int | None = None) -> Decimal:
        out = ZERO
        for by_source in self.cells.values():
            for src, (basic, project) in by_source.items():
                if source is None or src == source:
                    out += basic if part == 0 else project if part == 1 else basic + project
        return out


def functional_table(table_id: str, ledger: Ledger, names: dict[str, str], sources: tuple[str, ...] | None,
                     by_source: bool) -> FunctionalTable:
    """A 类/款/项 table from the ledger: 表二 (``by_source``), 表三 (all sources), 表五 / 表九 (one source)."""
    items: dict[str, dict[str, list[Decimal]]] = {}
    for code, per_source in ledger.cells.items():
        kept = {s: v for s, v in per_source.items() if (sources is None or s in sources) and (v[0] or v[1])}
        if kept:
            items[code] = kept
    codes = sorted({c[:3] for c in items} | {c[:5] for c in items} | set(items))

    def line(code: str) -> FunctionalLine:
        members = [v for c, v in items.items() if c.startswith(code)]
        basic = sum((b for m in members for b, _ in m.values()), ZERO)
        project = sum((p for m in members for _, p in m.values()), ZERO)
        srcs = sorted({s for m in members for s in m})
        level = {3: Level.CLASS, 5: Level.SECTION, 0: Level.TOTAL}.get(len(code), Level.ITEM)
        return FunctionalLine(
            code=code, level=level, name=names.get(code, code) if code else "合计", total=amt(basic + project),
            basic=None if by_source else amt(basic), project=None if by_source else amt(project),
            by_source={s: amt(sum((sum(m.get(s, [ZERO, ZERO]), ZERO) for m in members), ZERO)) for s in srcs}
            if by_source else {},
        )

    return FunctionalTable(table=table_id, lines=[line(c) for c in codes], total=line(""))


@dataclass
class EconomicRow:
    """One 款 of the basic-expenditure table, with its local sub-items (name, personnel, public)."""

    code: str
    name: str
    personnel: Decimal = ZERO
    public: Decimal = ZERO
    items: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)


def economic_table(rows: list[EconomicRow], class_names: dict[str, str]) -> EconomicTable:
    lines: list[EconomicLine] = []
    grand = [ZERO, ZERO]
    for cls in sorted({r.code[:3] for r in rows}):
        members = sorted((r for r in rows if r.code.startswith(cls)), key=lambda r: r.code)
        sums = [sum((r.personnel for r in members), ZERO), sum((r.public for r in members), ZERO)]
        lines.append(EconomicLine(code=cls, level=Level.CLASS, name=class_names.get(cls, cls), total=amt(sum(sums, ZERO)),
                                  personnel=amt(sums[0]), public=amt(sums[1])))
        for r in members:
            items = [EconomicItem(name=n, total=amt(p + q), personnel=amt(p), public=amt(q)) for n, p, q in r.items]
            lines.append(EconomicLine(code=r.code, level=Level.SECTION, name=r.name, total=amt(r.personnel + r.public),
                                      personnel=amt(r.personnel), public=amt(r.public), items=items))
        grand = [grand[0] + sums[0], grand[1] + sums[1]]
    total = EconomicLine(code="", level=Level.TOTAL, name="合计", total=amt(grand[0] + grand[1]),
                         personnel=amt(grand[0]), public=amt(grand[1]))
    return EconomicTable(table="表六", lines=lines, total=total)


@dataclass
class ProjectRow:
    name: str
    code: str
    amount: Decimal
    split: dict[str, Decimal] = field(default_factory=dict)  # economic class label → amount


def project_table(projects: list[ProjectRow], names: dict[str, str]) -> ProjectTable:
    lines = [ProjectLine(name=p.name, function_code=p.code, function_name=names.get(p.code, ""), amount=amt(p.amount),
                         by_economic={k: amt(v) for k, v in p.split.items() if v})
             for p in projects]
    by_econ: dict[str, Decimal] = {}
    for p in projects:
        for k, v in p.split.items():
            by_econ[k] = by_econ.get(k, ZERO) + v
    return ProjectTable(table="表七", projects=lines, total=amt(sum((p.amount for p in projects), ZERO)),
                        total_by_economic={k: amt(v) for k, v in by_econ.items() if v})


def three_public(outbound: Decimal, purchase: Decimal, operation: Decimal, reception: Decimal) -> ThreePublic:
    return ThreePublic(table="表八", total=amt(outbound + purchase + operation + reception), outbound=amt(outbound),
                       vehicle_total=amt(purchase + operation), vehicle_purchase=amt(purchase),
                       vehicle_operation=amt(operation), reception=amt(reception))
