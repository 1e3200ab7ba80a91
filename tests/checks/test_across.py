"""Across documents: last year's document of the same department, and a department and its units."""

from __future__ import annotations

from checkdoc import BASE, T, findings, flat, read, variant

from yusuan.checks.across import consolidation
from yusuan.model import BudgetUnit, Profile

LAST_YEAR = BASE.replace("2022", "2021")  # last year printed the same amounts: every stated change is wrong


def test_prior_figures_against_last_years_document() -> None:
    found = findings(BASE, "prior-figure", prior=LAST_YEAR)
    assert ("三、支出预算情况说明", "5.00万元", None, "prior-figure") in flat(found)
    f = next(f for f in found if f.location.section and "支出预算" in f.location.section)
    assert f.expected == "80.00" and f.actual == "75.00" and f.severity == "error"


def test_prior_figures_that_agree() -> None:
    # last year: 基本支出 75.00 (80.00 − 5.00); the stated change of 基本支出 then agrees
    prior = LAST_YEAR.replace(f"{T}{T}{T}合 计{T}120.00{T}80.00{T}40.00", f"{T}{T}{T}合 计{T}110.00{T}75.00{T}35.00")
    found = findings(BASE, "prior-figure", prior=prior)
    assert not any(f.location.sentence and f.location.sentence.startswith("基本支出80.00") for f in found)


def test_prior_of_another_department_is_not_compared() -> None:
    found = findings(BASE, "prior-figure", "prior-not-comparable", prior=LAST_YEAR.replace("某某区某某局", "另一区另一局"))
    assert [(f.code, f.severity) for f in found] == [("prior-not-comparable", "warning")]


def test_prior_of_the_same_year_is_not_compared() -> None:
    found = findings(BASE, "prior-figure", "prior-not-comparable", prior=BASE)
    assert [f.code for f in found] == ["prior-not-comparable"]


def test_department_equals_the_sum_of_its_units() -> None:
    dept = read(BASE)
    dept = dept.model_copy(update={"profile": Profile(units=[BudgetUnit(name="某某区某某局", role="self")])})
    unit = read(variant(("部门预算公开\n", "单位预算公开\n")))
    assert consolidation([dept, unit]) == []
    short = read(variant(("部门预算公开\n", "单位预算公开\n"), (f"收 入 总 计{T}120.00", f"收 入 总 计{T}110.00")))
    found = consolidation([dept, short])
    assert [(f.code, f.expected, f.actual) for f in found] == [("department-units", "110.00", "120.00")]


def test_without_prior_nothing_is_compared() -> None:
    assert findings(BASE, "across") == []
