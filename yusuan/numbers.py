"""Numbers as printed: amounts in table cells, figures in sentences, percentages."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# a printed amount: optional sign, thousands separators, decimals; "(12.30)" accounting negative
# a first group longer than three digits ("125360,898") is a template grouping only the last digits:
# still one whole number (amounts are never written with a decimal comma here)
_AMOUNT = re.compile(r"^[-−－]?\d+(,\d{3})+(\.\d+)?$|^[-−－]?\d+(\.\d+)?$|^[-−－]?\.\d+$")
_BLANKS = {"", "-", "--", "---", "—", "——", "－", "/", "0.00", "*"}


def parse_amount(text: str | None) -> Decimal | None:
    """The Decimal value of a printed amount, or None for a blank or non-numeric cell.

    Keeps the printed precision ("30.60" stays Decimal("30.60")). A dash or an empty cell is
    None (blank), not zero; callers decide what a blank means. (Cached: the same cell text is parsed
    by several stages; a Decimal is immutable.)
    """
    if text is None:
        return None
    return _parse_amount(text)


@lru_cache(maxsize=1 << 16)
def _parse_amount(text: str) -> Decimal | None:
    t = text.strip().replace(" ", "").replace("\u3000", "")
    if not t or t in ("-", "--", "---", "—", "——", "－", "/", "*"):
        return None
    negative = False
    if t.startswith(("(", "（")) and t.endswith((")", "）")):
        t, negative = t[1:-1], True
    t = t.replace("，", ",")
    if not _AMOUNT.match(t):
        return None
    t = t.replace(",", "").replace("−", "-").replace("－", "-")
    try:
        value = Decimal(t)
    except InvalidOperation:
        return None
    return -value if negative else value


def is_amount(text: str) -> bool:
    return parse_amount(text) is not None


def is_blank(text: str) -> bool:
    return text.strip() in _BLANKS - {"0.00"} or not text.strip()


def parse_decimal(text: str) -> Decimal | None:
    """A plain number inside a sentence ("1,202.95", "8.98")."""
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


def decimals(text: str) -> int:
    """Decimals printed in a number's text ("30.60" → 2, "30" → 0)."""
    t = text.strip()
    return len(t.split(".", 1)[1]) if "." in t else 0


_PERCENT = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*%\s*$")


def parse_percent(text: str) -> Decimal | None:
    m = _PERCENT.match(text)
    return Decimal(m.group(1)) if m else None
