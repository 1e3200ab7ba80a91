"""What the columns of a code-tree table add up to, chosen by the table's own rows.

The header allows several readings of how columns add up: a group's 小计 is the sum of the columns under
it; the total is the sum of the top-level columns, or 基本支出 + 项目支出, or 人员经费 + 公用经费 + 项目支出,
or the sum of the income sources, with or without the columns printed as "其中：…" (a part of another
column shown apart, not an addend). Each candidate is tried on every row; for each total column the
candidate that holds in most rows is kept, and kept only if it holds in most of them (a mistake in a
printed figure breaks one row, a wrong reading breaks the column). A total column none of whose
readings holds keeps the reading its labels name best (the first candidate), so that the failure is
seen (``consistency`` decides whether the table was read with confidence).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..model import Amount, EconomicLine, FunctionalLine, Identity, line_amount
from ..normalize import key
from ..tolerances import TOLERANCES
from .columns import is_total_word

# columns that compare with something else (another year, the budget of a 决算): never addends
_NOT_PARTS = ("x:prior", "x:change", "x:change_rate", "x:completion_rate", "x:budget", "x:adjusted_budget",
              "x:final")
_USES = ("x:reserve", "x:carryover_end", "x:operating", "x:to_superior", "x:to_subordinate")
_FISCAL = ("src:general_budget", "src:gov_fund", "src:state_capital")
MIN_SHARE = TOLERANCES.identity_min_share  # a reading must hold in at least this share of the rows it speaks of

Line = FunctionalLine | EconomicLine


def _is_of(label: str) -> bool:
    return any(p.startswith("其中") for p in key(label).split("/"))


def candidates(columns: dict[str, str], labels: dict[str, str]) -> dict[str, list[list[str]]]:
    """For each total column (by role), the readings of its parts, the labels' favourite first.

    ``columns`` maps role → printed label (the last header row); ``labels`` maps role → the whole
    header path ("基本支出/小计")."""
    roles = [r for r in columns if r not in _NOT_PARTS]
    out: dict[str, list[list[str]]] = {}

    def add(total: str, parts: Sequence[str]) -> None:
        parts = [p for p in parts if p != total]
        if total not in columns or not parts or any(p not in columns for p in parts):
            return
        options = out.setdefault(total, [])
        if list(parts) not in options:
            options.append(list(parts))

    paths = {r: [p for p in key(labels.get(r, columns[r])).split("/") if p] for r in roles}
    # groups: a subtotal column (its last label a total word) and the columns under the same group
    for role in roles:
        path = paths[role]
        if len(path) >= 2 and is_total_word(path[-1]):
            group = path[:-1]
            members = [r for r in roles if r != role and paths[r][:len(group)] == group and len(paths[r]) > len(group)]
            plain = [r for r in members if not _is_of(labels.get(r, ""))]
            add(role, plain)
            if plain != members:
                add(role, members)
    # the semantic readings
    has = set(roles)
    uses = [u for u in _USES if u in has]
    add("total", ["basic", "project"])
    add("total", ["basic", "project", *uses])
    add("total", ["personnel", "public", "project"])
    add("total", ["personnel", "public", "project", *uses])
    add("basic", ["personnel", "public"])
    add("total", ["personnel", "public"])
    fiscal = [r for r in _FISCAL if r in has]
    add("src:fiscal", fiscal)
    carry_parts = [r for r in roles if r.startswith("x:carryover:")]
    add("src:carryover", carry_parts)
    sources = [r for r in roles if r.startswith("src:") and r not in ("src:current_total", "src:unknown",
                                                                       "src:total", "src:carryover")]
    once = [r for r in sources if r not in fiscal] if "src:fiscal" in has else sources
    add("src:current_total", once)
    if "src:current_total" in has:
        add("total", ["src:current_total", *(["src:carryover"] if "src:carryover" in has else carry_parts)])
    add("total", once)
    add("total", [*once, *(["src:carryover"] if "src:carryover" in has else carry_parts)])
    # the top level of the header: every column not under a group with a subtotal
    top = []
    for role in roles:
        path = paths[role]
        if role == "total" or _is_of(labels.get(role, "")):
            continue
        grouped = len(path) >= 2 and any(
            paths[r][:-1] == path[:-1] and is_total_word(paths[r][-1]) and r != role for r in roles)
        if not grouped:
            top.append(role)
    add("total", top)
    return out


def _value(line: Line, role: str) -> Decimal:
    amount: Amount | None = line_amount(line, role)
    return amount.value if amount is not None else Decimal(0)


def _holds(line: Line, total: str, parts: list[str], tolerance: Decimal) -> bool | None:
    """Whether the identity holds in a row (None: the row has no figure in these columns)."""
    values = [_value(line, total), *(_value(line, p) for p in parts)]
    if not any(values):
        return None
    return abs(values[0] - sum(values[1:], Decimal(0))) <= tolerance * (len(parts) + 1)


def choose(options: dict[str, list[list[str]]], rows: Sequence[Line], precision: int, unit: str) -> list[Identity]:
    """The identity kept for each total column, with how many rows bear it out."""
    half = Decimal(5).scaleb(-precision - 1)  # half a unit of the last printed digit
    chosen: list[Identity] = []
    for total, readings in options.items():
        scored = []
        for parts in readings:
            results = [r for line in rows if (r := _holds(line, total, parts, half)) is not None]
            scored.append(Identity(total=total, parts=parts, held=sum(results), rows=len(results)))
        best = max(scored, key=lambda i: (i.held, -scored.index(i)))
        if best.rows and best.held >= MIN_SHARE * best.rows:
            chosen.append(best)
        else:
            chosen.append(scored[0])  # none holds: the labels' reading stands (and fails where it fails)
    return _without_overlap(chosen)


def _without_overlap(identities: list[Identity]) -> list[Identity]:
    """One identity per total column (several totals may share parts: 合计 = 基本 + 项目 and 基本 = 人员 + 公用)."""
    seen: set[str] = set()
    out = []
    for ident in identities:
        if ident.total not in seen:
            seen.add(ident.total)
            out.append(ident)
    return out
