"""Generated consistent budgets get no error finding; mistakes planted in them are found where planted."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yusuan.checks import check, walk
from yusuan.generate import generate, generate_text
from yusuan.normalize import key
from yusuan.readers import read_string
from yusuan.render.mistakes import MISTAKE_KINDS, plant_mistakes


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10**6))
def test_every_generated_budget_gets_zero_error_findings(seed: int) -> None:
    errors = [(f.code, f.message) for f in check(generate(seed)) if f.severity == "error"]
    assert errors == []


def _at(f, loc) -> bool:  # type: ignore[no-untyped-def]
    """Is finding ``f`` at the planted location (same table and row, or the same sentence)?"""
    places = [f.location, *f.compared]
    if loc.sentence:
        wanted = key(loc.sentence)
        return any(p.sentence and (key(p.sentence) in wanted or wanted in key(p.sentence)) for p in places)
    if loc.row and not (loc.table or "").startswith("表"):  # target tables: the reader numbers them T…
        return any(p.row and key(p.row) == key(loc.row) for p in places)
    return any(p.table == loc.table for p in places)


@pytest.mark.parametrize("budget", [3, 7, 11, 20])  # 7 and 20 once planted mistakes hidden by rounding
def test_planted_mistakes_are_found_where_they_were_planted(budget: int) -> None:
    text = generate_text(budget)
    missed = []
    for kind in MISTAKE_KINDS:
        changed, planted = plant_mistakes(text, budget, kinds=[kind])
        for mistake in planted:
            # a root and the findings that follow from it (the culprit cell, then its row and column sums)
            found = [m for f in check(read_string(changed, "planted.txt")) if f.at_least(mistake.severity)
                     for m in walk([f])]
            if not any(f.code in mistake.expected and _at(f, mistake.location) for f in found):
                missed.append((kind, mistake.description, sorted({f.code for f in found})))
    assert missed == []
