"""The words of changes, rates and shares (DOMAIN.md: the rate is on the prior-year base)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from yusuan.render.wording import change_clause, percent, reason_clause, share_clause


@pytest.mark.parametrize(("current", "prior", "expected"), [
    (D("309.08"), D("299.34"), "比上年增加9.74万元，增长3.25%"),
    (D("4.29"), D("8.59"), "比上年减少4.30万元，下降50.06%"),  # the seed printed 110%: base was wrong
    (D("12.39"), D("0"), "比上年新增12.39万元"),  # no percentage from a zero base
    (D("0"), D("3.00"), "比上年减少3.00万元，下降100.00%"),
    (D("5.00"), D("5.00"), "与上年持平"),
    (D("0"), D("0"), ""),
    (D("5.00"), None, ""),
])
def test_change_clause(current: D, prior: D | None, expected: str) -> None:
    assert change_clause(current, prior) == expected


def test_rate_on_prior_base_not_current() -> None:
    # 机关运行经费 of the seed: 36.62 now, 3.29 less than last year → 8.24 %, not 3.29 / 36.62 = 8.98 %
    assert change_clause(D("36.62"), D("39.91"), "比上年预算") == "比上年预算减少3.29万元，下降8.24%"


def test_share_and_percent() -> None:
    assert share_clause(D("464.04"), D("595.08")) == "占77.98%"
    assert share_clause(D("1"), D("0")) == ""
    assert percent(D("1"), D("3")) == D("33.33")


def test_reason_never_unfinished() -> None:
    assert reason_clause("人员增加。") == "主要原因是人员增加"
    assert reason_clause("主要原因是：人员增加") == "主要原因是人员增加"
    assert reason_clause("  。") == ""
    assert reason_clause(None) == ""


def test_a_change_too_small_for_the_rate_has_no_rate() -> None:
    assert change_clause(D("320.85"), D("320.86")) == "比上年减少0.01万元"
