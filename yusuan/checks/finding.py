"""The Finding record: one problem found in a document, precise enough to act on."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from ..model import Record, SourceRef

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 3, "warning": 2, "info": 1}


class Finding(Record):
    """A stable kebab-case ``code``, a severity, the rule that found it, where, and the numbers."""

    code: str
    severity: Severity
    rule: str
    message: str  # Chinese
    location: SourceRef = SourceRef()
    expected: str | None = None
    actual: str | None = None
    delta: str | None = None
    tolerance: str | None = None

    @staticmethod
    def number(value: Decimal | int | str | None) -> str | None:
        if value is None:
            return None
        return format(value, "f") if isinstance(value, Decimal) else str(value)
