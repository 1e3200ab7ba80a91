"""The words of the narrative: amounts, shares, changes and rates, computed and phrased once.

Rules (DOMAIN.md, "What must hold"): a rate is taken on the prior-year base (prior = current −
change); a change from zero has no percentage (新增); equal figures are 持平; nothing budgeted is
未安排. Amounts print with the tables' precision; percentages with two decimals, rounded half up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def num(value: Decimal, places: int = 2) -> str:
    """A figure for a sentence: fixed decimals, no exponent; zero is "0"."""
    if value == 0:
        return "0"
    return format(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")


def money(value: Decimal, unit: str = "万元", places: int = 2) -> str:
    return f"{num(value, places)}{unit}"


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole in percent, two decimals; None when the whole is zero."""
    if whole == 0:
        return None
    return (part / whole * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def share_clause(part: Decimal, whole: Decimal) -> str:
    """"占 12.34%" (empty when the whole is zero, or when the part is not a part of it: a share above 100%
    or below 0 is never written — the figures it would come from were not read as one whole)."""
    p = percent(part, whole)
    if p is None or p > HUNDRED or p < 0:
        return ""
    return f"占{format(p, 'f')}%"


@dataclass(frozen=True)
class Change:
    """A year-over-year change of one figure."""

    current: Decimal
    prior: Decimal

    @property
    def delta(self) -> Decimal:
        return self.current - self.prior

    @property
    def rate(self) -> Decimal | None:
        """Change in percent of the prior year; None from a zero base."""
        if self.prior == 0:
            return None
        return (abs(self.delta) / abs(self.prior) * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def change_clause(current: Decimal, prior: Decimal | None, base: str = "比上年", unit: str = "万元",
                  places: int = 2) -> str:
    """"比上年增加 9.74 万元，增长 3.25%"; "与上年持平"; "比上年新增 12.39 万元"; "" without a prior figure."""
    if prior is None:
        return ""
    change = Change(current, prior)
    if change.delta == 0:
        if current == 0:
            return ""
        return f"与{base.removeprefix('比')}持平"
    amount = money(abs(change.delta), unit, places)
    if change.delta > 0 and prior == 0:
        return f"{base}新增{amount}"
    verb, rate_verb = ("增加", "增长") if change.delta > 0 else ("减少", "下降")
    if change.rate == 0:  # a change too small to show at two decimals: no "下降0.00%"
        return f"{base}{verb}{amount}"
    return f"{base}{verb}{amount}，{rate_verb}{format(change.rate, 'f')}%"


def reason_clause(reason: str | None) -> str:
    """"主要原因是……" or nothing; never an unfinished "主要原因是。"."""
    text = clean_reason(reason)
    return f"主要原因是{text}" if text else ""


def clean_reason(reason: str | None) -> str:
    if not reason:
        return ""
    text = reason.strip().strip("。；;，,：: ")
    for prefix in ("主要原因是", "主要原因为", "原因是", "主要是"):
        text = text.removeprefix(prefix).lstrip("：: ")
    return text


def join_clauses(*parts: str) -> str:
    """Clauses joined with "，", empty ones dropped."""
    return "，".join(p for p in parts if p)


def sentence(*parts: str) -> str:
    text = join_clauses(*parts)
    return text if text.endswith(("。", "：")) else text + "。"


def listing(names: list[str]) -> str:
    return "、".join(n for n in names if n)
