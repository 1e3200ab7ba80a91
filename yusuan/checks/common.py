"""What every rule family shares: figures with their printed precision, tolerances, comparison, labels.

Tolerance comes from printed precision, never a magic epsilon: a figure printed with N decimals
stands for any value within half a unit of its last digit (0.005 for two decimals), so a sum of
k printed terms compared with a printed total may differ by up to 0.5·10^-N per term, the total
included. Everything is compared in 万元, converted exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from ..interpret.tables import printed_decimals
from ..model import Amount, Disclosure, EconomicLine, FunctionalLine, PrintedTable, SourceRef, line_amount
from ..normalize import key

ZERO = Decimal(0)

#: while rules run, the identities that fail are logged here (``arithmetic.Failure``), so that ``blame``
#: can name the figure they all point at without recomputing them
LEDGER: ContextVar[list[Any] | None] = ContextVar("identity-ledger", default=None)
Status = Literal["ok", "rounding", "error"]


@lru_cache(maxsize=64)
def half_unit(decimals: int) -> Decimal:
    """Half a unit of the last printed digit: 2 decimals → 0.005."""
    return Decimal(5).scaleb(-decimals - 1)


@dataclass(frozen=True)
class Figure:
    """One printed figure: its value and unit as printed, how precisely it was printed, where it is.

    The location is built only when a finding needs it (``ref`` plus ``patch``): checking makes
    thousands of figures and copying a frozen SourceRef for each is most of the cost.
    """

    value: Decimal
    unit: str  # 元 / 万元
    precision: int
    ref: SourceRef
    label: str  # where, in words: 表三“合计”行“基本支出”列
    patch: tuple[tuple[str, str | None], ...] = ()

    @property
    def where(self) -> SourceRef:
        return self.ref.with_(**dict(self.patch)) if self.patch else self.ref

    @property
    def wan(self) -> Decimal:
        return self.value.scaleb(-4) if self.unit == "元" else self.value

    @property
    def half(self) -> Decimal:
        """Rounding half-unit in 万元."""
        h = half_unit(self.precision)
        return h.scaleb(-4) if self.unit == "元" else h


def figure(amount: Amount | None, precision: int, where: SourceRef, label: str, **patch: str | None) -> Figure:
    """A figure of an amount; ``patch`` (table=, column= …) is applied to ``where`` only when it is shown."""
    fields = tuple(patch.items())
    if amount is None:
        return Figure(ZERO, "万元", precision, where, label, fields)
    return Figure(amount.value, amount.unit, precision, where, label, fields)


@dataclass(frozen=True)
class Comparison:
    status: Status
    expected: Decimal
    actual: Decimal
    delta: Decimal
    tolerance: Decimal


def compare(expected: Decimal, actual: Decimal, tolerance: Decimal, unit_step: Decimal | None = None,
            converted: bool = False) -> Comparison:
    """ok within tolerance (rounding when not exactly equal); a break of one printed unit that comes
    from converting 元 to 万元 is rounding too (``converted``); anything else is an error."""
    delta = actual - expected
    size = abs(delta)
    if size == 0:
        status: Status = "ok"
    elif size <= tolerance or converted and unit_step is not None and size <= unit_step + tolerance:
        status = "rounding"
    else:
        status = "error"
    return Comparison(status, expected, actual, delta, tolerance)


def sum_tolerance(figures: Iterable[Figure]) -> Decimal:
    return sum((f.half for f in figures), ZERO)


def wan_text(value: Decimal, places: int | None = None) -> str:
    """A 万元 value for messages, without float noise: 464.04, 0.0000005 → 0.0000005."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    text = format(value, "f")
    if "." in text and places is None:
        text = text.rstrip("0").rstrip(".") if len(text.split(".")[1]) > 2 else text
    return "0" if text in ("-0", "") else text


def money(value: Decimal, unit: str = "万元", places: int | None = None) -> str:
    """"464.04 万元" for messages."""
    return f"{wan_text(value, places)} {unit}"


def places_of(figures: Iterable[Figure]) -> int:
    """Decimals to show for a value computed from figures (at least the printed precision)."""
    return max((f.precision for f in figures), default=2)


def signed(value: Decimal) -> str:
    text = wan_text(value)
    return text if value < 0 else f"+{text}"


def percent(value: Decimal, places: int = 2) -> str:
    return f"{wan_text(value, places)}%"


# ---------------------------------------------------------------- table access

_PRECISION: dict[int, tuple[PrintedTable, int]] = {}


def table_precision(d: Disclosure, table_id: str) -> int:
    """Decimals printed in a table's amounts: 0 for a table of whole 元 (rounding then is ±0.5 元)."""
    t = d.table(table_id)
    if t is None:
        return 2
    cached = _PRECISION.get(id(t))
    if cached is not None and cached[0] is t:
        return cached[1]
    if len(_PRECISION) > 512:
        _PRECISION.clear()  # the entries keep their tables alive: bound them
    places = printed_decimals(t)
    _PRECISION[id(t)] = (t, places)
    return places


def line_value(line: FunctionalLine | EconomicLine, role: str) -> Amount | None:
    """The amount of a line in a column role ("total", "basic", "src:general_budget", "x:…")."""
    return line_amount(line, role)


def row_label(code: str, name: str) -> str:
    if not code:
        return key(name).replace(" ", "") or "合计"
    short = name if len(name) <= 18 else name[:17] + "…"
    return f"{code} {short}".strip()


def cell_label(table_id: str, row: str, column: str | None = None) -> str:
    text = f"{table_id}“{row}”行"
    return f"{text}“{column}”列" if column else text


def line_figure(d: Disclosure, table_id: str, line: FunctionalLine | EconomicLine, role: str,
                column_label: str) -> Figure:
    label = cell_label(table_id, row_label(line.code, line.name), column_label)
    patch = (("table", table_id), ("row", line.code or line.name), ("column", column_label or None))
    amount = line_value(line, role)
    precision = table_precision(d, table_id)
    if amount is None:
        return Figure(ZERO, "万元", precision, line.source, label, patch)
    return Figure(amount.value, amount.unit, precision, line.source, label, patch)


def short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def nonzero(amount: object) -> bool:
    """An amount that is printed and not zero."""
    return amount is not None and getattr(amount, "value", 0) != 0
