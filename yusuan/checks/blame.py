"""Which printed figure is wrong: the cell that every failing identity points at.

A changed cell breaks several identities at once (its row total, its parent line, the same figure in
another table); each of them, read alone, names its own total. Each failing identity proposes a
correction for every cell it involves (a total: Σ parts; a part: part + the difference). A cell
involved in two or more failing identities, more than any other cell of them, whose proposed
corrections agree, is named as the most likely culprit, with the value that makes them all hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from . import arithmetic, cross_table
from .arithmetic import Failure
from .common import LEDGER, Figure, money, places_of
from .finding import Finding
from .registry import Context, finding, rule

Cell = tuple[str | None, str | None, str | None]


def _cell(f: Figure) -> Cell:
    where = f.where
    return (where.table, where.row, where.column)


def failures(ctx: Context) -> list[Failure]:
    """Every identity of the tables that does not hold (arithmetic and cross-table)."""

    def compute() -> list[Failure]:
        ran = ctx.cache.get("ran", {})
        if all(name in ran for name in _SUM_RULES) and "ledger" in ctx.cache:
            ledger: list[Failure] = ctx.cache["ledger"]  # logged while those rules ran
        else:
            ledger = []
            token = LEDGER.set(ledger)
            try:
                for func in (arithmetic.tree_sums, arithmetic.item_sums, arithmetic.row_sums, arithmetic.grand_totals,
                             arithmetic.overview_sums, arithmetic.three_public_sums, cross_table.cross_tables):
                    for _ in func(ctx):
                        pass
            finally:
                LEDGER.reset(token)
        seen: set[tuple[Cell, tuple[Cell, ...]]] = set()
        unique = []
        for item in ledger:
            k = (_cell(item.total), tuple(sorted((_cell(p) for p in item.parts), key=str)))
            if k not in seen:
                seen.add(k)
                unique.append(item)
        return unique

    return ctx.memo("identity-failures", compute)  # type: ignore[no-any-return]


@dataclass
class _Suspect:
    figure: Figure
    proposals: list[tuple[Decimal, Decimal]] = field(default_factory=list)  # (value in 万元, tolerance)
    failures: list[int] = field(default_factory=list)


@rule("suspect-cell", "error", family="cross_table", tags=("table", "sum", "cross"), title="最可能有误的数字",
      description="When one printed figure makes several identities fail at once (its row total, its parent line, "
                  "the same figure in another table) and every one of them is repaired by the same value, that "
                  "figure is named as the likely mistake, with the value that makes them all hold.",
      example="表三“2080505 机关事业单位基本养老保险缴费支出”行“基本支出”列 138.72 万元使 3 处勾稽关系不成立；"
              "若为 119.20 万元则全部相符，最可能是这个数字有误。")
def suspects(ctx: Context) -> Iterator[Finding]:
    ran: dict[str, list[Finding]] = ctx.cache.get("ran", {})
    if all(name in ran for name in _SUM_RULES) and not any(
            f.severity == "error" for name in _SUM_RULES for f in ran[name]):
        return  # every identity holds: nothing to blame (and nothing to recompute)
    found = failures(ctx)
    cells: dict[Cell, _Suspect] = {}
    for n, item in enumerate(found):
        for fig, value in [(item.total, item.total.wan - item.delta),
                           *((p, p.wan + item.delta) for p in item.parts)]:
            s = cells.setdefault(_cell(fig), _Suspect(fig))
            s.proposals.append((value, item.tolerance))
            s.failures.append(n)
    for key_, s in cells.items():
        count = len(set(s.failures))
        if count < 2 or not _agree(s.proposals):
            continue
        rivals = [c for n in set(s.failures) for c in _cells_of(found[n]) if c != key_]
        if any(len(set(cells[c].failures)) >= count for c in rivals):
            continue
        yield _finding(s, count)


_SUM_RULES = ("arithmetic.tree_sums", "arithmetic.item_sums", "arithmetic.row_sums", "arithmetic.grand_totals",
              "arithmetic.overview_sums", "arithmetic.three_public_sums", "cross_table.cross_tables")


def _cells_of(item: Failure) -> list[Cell]:
    return [_cell(item.total), *(_cell(p) for p in item.parts)]


def _agree(proposals: list[tuple[Decimal, Decimal]]) -> bool:
    first, tol = proposals[0]
    return all(abs(v - first) <= tol + t for v, t in proposals[1:])


def _finding(s: _Suspect, count: int) -> Finding:
    fig = s.figure
    value_wan = s.proposals[0][0]
    value = value_wan if fig.unit == "万元" else value_wan.scaleb(4)
    places = places_of([fig])
    value = value.quantize(Decimal(1).scaleb(-places))
    return finding("suspect-cell",
                   f"{fig.label} {money(fig.value, fig.unit, places)}使 {count} 处勾稽关系不成立；若为 "
                   f"{money(value, fig.unit, places)}则全部相符，最可能是这个数字有误。",
                   fig.where, expected=value, actual=fig.value, delta=fig.value - value,
                   tolerance=max(t for _, t in s.proposals), unit=fig.unit)
