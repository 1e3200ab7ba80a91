"""Generated budgets: consistent by construction, realistic, fast; planted mistakes are reported."""

from __future__ import annotations

import time

import pytest

from yusuan.checks import check, walk
from yusuan.generate import generate, generate_text, plant_mistakes
from yusuan.readers import read_string
from yusuan.summary import summary


def test_same_seed_same_document() -> None:
    assert generate_text(11) == generate_text(11)
    assert generate_text(11) != generate_text(12)


@pytest.mark.parametrize("seed", range(8))
def test_generated_budget_reads_cleanly_and_adds_up(seed: int) -> None:
    d = generate(seed)
    assert d.problems == []
    s = summary(d)
    assert s["income_total"] == s["expenditure_total"]
    lines = {ln["code"]: ln for ln in s["functional"]}
    for code, ln in lines.items():
        kids = [k for c, k in lines.items() if len(c) == len(code) + 2 and c.startswith(code)]
        if kids:
            assert sum(float(k["total"]) for k in kids) == pytest.approx(float(ln["total"]))
    assert len(d.performance) == len(s["projects"])


@pytest.mark.parametrize("seed", range(6))
def test_general_budget_only_documents_have_no_error(seed: int) -> None:
    d = generate(seed, other_funds=False, gov_fund=False, catalog_only=True)
    assert [f for f in check(d) if f.severity in ("error", "warning")] == []


def test_generator_is_fast() -> None:
    start = time.perf_counter()
    for seed in range(20):
        generate(seed)
    assert (time.perf_counter() - start) / 20 < 0.25  # tens per second on the shared 2 cores


TABLE_KINDS = ("table-cell", "table-total", "economic-item", "three-public-part", "overview-total",
               "performance-total-copied", "narrative-amount", "share", "wrong-base-rate", "project-amount")


@pytest.mark.parametrize("seed", range(2))
def test_planted_mistakes_are_reported(seed: int) -> None:
    d = generate(seed, projects=3)
    for kind in TABLE_KINDS:
        text, planted = plant_mistakes(d, seed, kinds=[kind])
        assert len(planted) == 1, kind
        mistake = planted[0]
        assert mistake.after and mistake.after != mistake.before and mistake.after in text or kind.endswith("part")
        codes = {m.code for f in check(read_string(text)) for m in walk([f])}
        assert codes & set(mistake.expected), (kind, mistake.expected, sorted(codes))


def test_plant_several_from_text() -> None:
    text, planted = plant_mistakes(generate_text(2, projects=3), 2, count=4)
    assert len(planted) == 4 and len({m.kind for m in planted}) == 4
    with pytest.raises(ValueError):
        plant_mistakes(text, 1, kinds=["no-such-kind"])
