"""Consistency checks of a disclosure (DOMAIN.md, "What must hold").

``check(disclosure, prior=None, select=None, ignore=None) -> list[Finding]`` runs every registered
rule; rule families live in their own modules and register with the ``@rule`` decorator of
``registry``. A rule that crashes becomes a finding naming the rule; the others still run.
``check_files(paths, …) -> Report`` reads files and checks them (the library call of ``yusuan check``).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Disclosure
from .finding import SEVERITY_ORDER, Finding, Severity, walk


def check(
    disclosure: Disclosure,
    prior: Disclosure | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> list[Finding]:
    """All findings for one document (and its prior-year document when given)."""
    from .registry import run_rules

    return run_rules(disclosure, prior=prior, select=select, ignore=ignore)


from .documents import check_files  # noqa: E402  (after check: documents uses it)

__all__ = ["Finding", "Severity", "SEVERITY_ORDER", "check", "check_files", "walk"]
