"""What the narrative's own checks (``narrative_rates``, ``narrative_internal``, ``changes``) read off a claim:
where it is, its amount in 万元 and the half-unit of its printed precision, the sign of its change."""

from __future__ import annotations

from decimal import Decimal

from ..model import Claim
from .facts import (
    claim_half,
    section_name,
)

_MONEY = ("万元", "元")
TOTAL_KINDS = ("total", "income_total", "expenditure_total", "fiscal_total", "general_budget_total")


def _where(c: Claim) -> str:
    return f"“{section_name(c.section)}”"


def _wan(c: Claim) -> Decimal:
    return c.value.scaleb(-4) if c.unit == "元" else c.value


def _half_wan(c: Claim) -> Decimal:
    h = claim_half(c)
    return h.scaleb(-4) if c.unit == "元" else h


def _sign(c: Claim) -> int | None:
    if c.direction in ("increase", "new"):
        return 1
    if c.direction == "decrease":
        return -1
    if c.direction == "flat":
        return 0
    return None
