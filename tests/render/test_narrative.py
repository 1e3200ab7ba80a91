"""Part 3 written from the numbers: read back, every stated change and rate agrees with the model."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from yusuan.generate import generate, generate_model
from yusuan.model import ClaimKind
from yusuan.readers import read_string
from yusuan.render import render_text, write_narrative
from yusuan.render.figures import current_figures, subject_key

RESIDUE = re.compile(r"增加[（(]减少[)）]|减少[（(]增加[)）]|增长[（(]下降[)）]|下降[（(]增长[)）]|[（(]或|XX|××|\{|\}|主要原因是[。；]|None|。。|，，")


@pytest.mark.parametrize("seed", range(6))
def test_stated_changes_match_the_prior_figures(seed: int) -> None:
    model = generate_model(seed)
    d = read_string(render_text(model, generate=True))
    current = current_figures(d)
    checked = 0
    for claim in d.narrative.claims:
        key = subject_key(claim.subject)
        if claim.kind != ClaimKind.CHANGE or key not in model.prior or key not in current:
            continue
        prior = model.prior[key].value
        sign = {"increase": 1, "new": 1, "decrease": -1, "flat": 0}[claim.direction or "flat"]
        assert current[key] - sign * claim.value == prior, claim.sentence
        checked += 1
    for claim in d.narrative.claims:
        key = subject_key(claim.subject)
        if claim.kind == ClaimKind.RATE and key in model.prior:
            prior = model.prior[key].value
            assert prior != 0, f"a rate from a zero base: {claim.sentence}"
            expected = (abs(current[key] - prior) / prior * 100).quantize(Decimal("0.01"))
            assert abs(claim.value - expected) <= Decimal("0.01"), claim.sentence
    assert checked >= 5


@pytest.mark.parametrize("seed", range(10))
def test_no_template_residue(seed: int) -> None:
    text = render_text(generate_model(seed), generate=True)
    assert not RESIDUE.search(text), RESIDUE.search(text)


def test_empty_fund_table_is_stated_and_zero_items_say_not_budgeted() -> None:
    d = generate(5, gov_fund=False, projects=0, vehicle_purchase=False)
    text = "".join(p.text for s in d.narrative.all_sections() for p in s.paragraphs)
    assert "政府性基金预算支出情况表为空表" in text
    assert "未安排一般公共预算项目支出" in text


def test_reasons_are_inserted_where_they_belong() -> None:
    model = generate_model(7)
    key, reason = next((k, r) for k, r in model.reasons.items() if k.startswith("functional:"))
    model = model.model_copy(update={"reasons": {key: "测试原因甲"}})
    d = read_string(render_text(model, generate=True))
    with_reason = [c for c in d.narrative.claims if c.reason == "测试原因甲"]
    assert with_reason and all(subject_key(c.subject) == key for c in with_reason)


def test_without_prior_figures_nothing_is_compared() -> None:
    model = generate_model(3, prior=False)
    sections = write_narrative(model)
    text = "".join(p.text for s in sections for x in s.walk() for p in x.paragraphs)
    assert "比上年" not in text and "持平" not in text.replace("与上年持平", "") and "主要原因" not in text


def test_seed_narrative_regenerated_keeps_every_table_figure(seed) -> None:  # type: ignore[no-untyped-def]
    d = read_string(render_text(seed, generate=True))
    current = current_figures(seed)
    for claim in d.narrative.claims:
        key = subject_key(claim.subject)
        if claim.kind == ClaimKind.AMOUNT and key in current and claim.unit == "万元":
            assert claim.value == current[key], claim.sentence
