"""The rules engine: registration, selection, isolation of crashing rules, the Finding record."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from checkdoc import BASE, T, findings, read, variant
from codecases import CASES

from yusuan.checks import check
from yusuan.checks.finding import Finding
from yusuan.checks.registry import CODES, RULES, Context, all_rules, resolve, rule
from yusuan.errors import UsageError


def test_a_crashing_rule_becomes_a_finding_and_the_others_run() -> None:
    @rule("test-crash", "error", family="arithmetic", description="crashes", example="…")
    def crashing(ctx: Context) -> Iterator[Finding]:
        raise ValueError("boom")
        yield  # pragma: no cover

    try:
        text = variant((f"4.00{T}{T}3.00{T}{T}3.00{T}1.00", f"5.00{T}{T}3.00{T}{T}3.00{T}1.00"))
        found = check(read(text))
        crash = [f for f in found if f.code == "internal-error"]
        assert len(crash) == 1 and "arithmetic.crashing" in crash[0].message and "ValueError" in crash[0].message
        assert crash[0].rule == "arithmetic.crashing"
        assert any(f.code == "three-public-sum" for f in found)  # the other rules still ran
    finally:
        RULES.pop("arithmetic.crashing")
        CODES.pop("test-crash")


def test_selection_by_code_family_tag_and_rule_name() -> None:
    assert resolve(["row-sum"]) == {"row-sum"}
    assert {"tree-sum", "row-sum", "grand-total"} <= (resolve(["arithmetic"]) or set())
    assert "three-public-basic" in (resolve(["three-public"]) or set())  # a tag
    assert resolve(["arithmetic.row_sums"]) == {"row-sum", "rounding"}
    assert resolve(["row-sum,tree-sum"]) == {"row-sum", "tree-sum"}
    with pytest.raises(UsageError, match="未知的规则代码"):
        resolve(["no-such-rule"])


def test_ignore_drops_findings_of_a_code() -> None:
    text = variant((f"4.00{T}{T}3.00{T}{T}3.00{T}1.00", f"5.00{T}{T}3.00{T}{T}3.00{T}1.00"))
    assert any(f.code == "three-public-sum" for f in check(read(text)))
    assert not any(f.code == "three-public-sum" for f in check(read(text), ignore=["three-public-sum"]))


def test_every_code_is_declared_once_with_a_severity_description_and_example() -> None:
    rules = all_rules()
    assert len(rules) >= 35
    for code in CODES.values():
        assert code.code == code.code.lower() and " " not in code.code
        assert code.severity in ("error", "warning", "info")
        assert code.description and code.example and code.title, code.code


def test_every_code_has_a_case() -> None:
    """Each code of the registry has a minimal case in codecases.py (and no case names an unknown code)."""
    import importlib
    import pkgutil

    import yusuan.checks

    for module in pkgutil.iter_modules(yusuan.checks.__path__):  # every module that may declare a code
        importlib.import_module(f"yusuan.checks.{module.name}")
    all_rules()
    assert sorted(set(CODES) - set(CASES)) == [] and sorted(set(CASES) - set(CODES)) == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_case_produces_its_code(code: str) -> None:
    """The case's document gives a finding of its code (a root or a consequence listed under one)."""
    found = CASES[code]()
    mine = [f for f in found if f.code == code]
    assert mine, f"{code}: the case gave only {sorted({f.code for f in found})}"
    assert all(f.message and f.severity in ("error", "warning", "info") for f in mine)


def test_numeric_findings_record_expected_actual_delta_and_tolerance() -> None:
    text = variant((f"201{T}03{T}01{T}行政运行{T}60.00{T}60.00{T}\n", f"201{T}03{T}01{T}行政运行{T}60.00{T}59.00{T}\n"),
                   ("基本支出 80.00 万元，占 66.67%", "基本支出 82.00 万元，占 66.67%"))
    for f in findings(text, "row-sum", "tree-sum", "narrative-amount"):
        assert f.expected is not None and f.actual is not None and f.delta is not None and f.tolerance is not None
        assert f.location.table or f.location.sentence


def test_base_document_is_clean() -> None:
    assert [(f.code, f.message) for f in check(read(BASE))] == []
