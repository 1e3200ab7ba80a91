"""Consistency checks of a disclosure (DOMAIN.md, "What must hold").

``check(disclosure, prior=None, select=None, ignore=None) -> list[Finding]`` runs every registered
rule; rule families live in their own modules and register with the ``@rule`` decorator of
``registry``. A rule that crashes becomes a finding naming the rule; the others still run.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Disclosure
from .finding import SEVERITY_ORDER, Finding, Severity


def check(
    disclosure: Disclosure,
    prior: Disclosure | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> list[Finding]:
    """All findings for one document (and its prior-year document when given)."""
    try:
        from .registry import run_rules
    except ModuleNotFoundError:  # rules not built yet
        return []
    return run_rules(disclosure, prior=prior, select=select, ignore=ignore)


__all__ = ["Finding", "Severity", "SEVERITY_ORDER", "check"]
