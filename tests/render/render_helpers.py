"""Comparisons shared by the render tests: the figures a round trip must keep."""

from __future__ import annotations

from typing import Any

from yusuan.model import Disclosure
from yusuan.summary import summary


def claim_keys(d: Disclosure) -> list[tuple[Any, ...]]:
    """Each narrative claim as (kind, value, unit, subject kind, subject key, direction)."""
    return [(c.kind.value, c.value, c.unit, c.subject.kind, c.subject.key, c.direction) for c in d.narrative.claims]


def _strip(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items() if k not in ("source", "table")}
    if isinstance(obj, list):
        return [_strip(x) for x in obj]
    return obj


def plain(records: Any) -> Any:
    """Records as JSON data without their source locations (which differ between files)."""
    if isinstance(records, list):
        return _strip([r.model_dump(mode="json") for r in records])
    return _strip(records.model_dump(mode="json"))


def assert_same_figures(a: Disclosure, b: Disclosure) -> None:
    """What a round trip must keep: the summary, every claim, projects and performance targets."""
    assert summary(b) == summary(a)
    assert claim_keys(b) == claim_keys(a)
    assert plain(b.projects) == plain(a.projects)
    assert plain(b.performance) == plain(a.performance)
    assert [(e.term, e.definition) for e in b.glossary] == [(e.term, e.definition) for e in a.glossary]
