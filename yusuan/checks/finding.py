"""The Finding record: one problem found in a document, precise enough to act on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Literal

from ..model import Record, SourceRef

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 3, "warning": 2, "info": 1}
SEVERITY_NAMES: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}


class Finding(Record):
    """A stable kebab-case ``code``, a severity, the rule that found it, where, and the numbers.

    ``expected`` / ``actual`` / ``delta`` / ``tolerance`` are exact decimal strings (in ``unit`` when
    they are amounts); ``compared`` holds the other places the finding compares with (the cell of
    another table, the sentence a figure contradicts), so a report can highlight both. ``related``
    holds the findings that only follow from this one (the same wrong cell failing other identities,
    the share computed from a wrong amount): a report counts and lists the root, its consequences
    under it (checks/roots.py).
    """

    code: str
    severity: Severity
    rule: str
    message: str  # Chinese
    location: SourceRef = SourceRef()
    expected: str | None = None
    actual: str | None = None
    delta: str | None = None
    tolerance: str | None = None
    unit: str | None = None
    compared: list[SourceRef] = []
    related: list[Finding] = []

    @staticmethod
    def number(value: Decimal | int | str | None) -> str | None:
        if value is None:
            return None
        return format(value, "f") if isinstance(value, Decimal) else str(value)

    def at_least(self, severity: str) -> bool:
        return SEVERITY_ORDER[self.severity] >= SEVERITY_ORDER[severity]



def walk(findings: Iterable[Finding]) -> Iterator[Finding]:
    """Every finding, roots and the consequences under them (depth first, each root before its own)."""
    for f in findings:
        yield f
        yield from walk(f.related)


Finding.model_rebuild()
