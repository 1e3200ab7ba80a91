"""Cross-table identities: the same quantity wherever it is printed."""

from __future__ import annotations

from checkdoc import BASE, T, findings, flat, variant


def test_cross_table_blames_the_cell_whose_own_sums_fail() -> None:
    # 表六 合计 81.00 (its classes add to 80.00) against 表五 基本支出 80.00
    text = variant((f"{T}{T}合 计{T}80.00{T}70.00{T}10.00", f"{T}{T}合 计{T}81.00{T}71.00{T}10.00"))
    found = findings(text, "cross-table")
    assert ("表六", "合计", "合计", "cross-table") in flat(found)
    f = next(f for f in found if f.location.table == "表六" and f.code == "cross-table")
    assert f.expected == "80.00" and f.actual == "81.00" and f.severity == "error"
    assert any(r.table == "表五" for r in f.compared)


def test_cross_table_majority_names_the_odd_table() -> None:
    # 表三 says 2010301 is 61.00; 表二 (and 表五) say 60.00
    text = variant((f"201{T}03{T}01{T}行政运行{T}60.00{T}60.00{T}\n", f"201{T}03{T}01{T}行政运行{T}61.00{T}61.00{T}\n"))
    found = flat(findings(text, "cross-table"))
    assert ("表三", "2010301", "合计", "cross-table") in found
    assert not any(t == "表二" for t, *_ in found)


def test_cross_subset_general_budget_cannot_exceed_all_money() -> None:
    # 2010301 is 50.00 一般公共预算 + 10.00 事业收入 in 表二, so 表三 ≠ 表五 is allowed, but 表五 ≤ 表三 is not
    text = variant((f"201{T}03{T}01{T}行政运行{T}60.00{T}60.00{T}{T}", f"201{T}03{T}01{T}行政运行{T}60.00{T}50.00{T}{T}10.00"),
                   (f"201{T}03{T}01{T}行政运行{T}60.00{T}60.00{T}\n", f"201{T}03{T}01{T}行政运行{T}55.00{T}55.00{T}\n"))
    assert ("表五", "2010301", "合计", "cross-subset") in flat(findings(text, "cross-subset"))


def test_three_public_vs_basic_expenditure_is_a_warning() -> None:
    text = variant((f"{T}17{T}公务接待费{T}1.00{T}{T}1.00", f"{T}17{T}公务接待费{T}2.00{T}{T}2.00"),
                   (f"302{T}17{T}公务接待费{T}1.00{T}{T}1.00", f"302{T}17{T}公务接待费{T}2.00{T}{T}2.00"))
    found = findings(text, "three-public-basic")
    assert flat(found) == [("表八", None, "公务接待费", "three-public-basic")]
    assert found[0].severity == "warning"


def test_base_has_no_cross_table_finding() -> None:
    assert findings(BASE, "cross_table") == []


def test_suspect_cell_is_the_figure_every_failing_identity_points_at() -> None:
    # 表三 2010301 基本支出 61.00: its row total, its 款, its 类 … and 表五 all disagree; 60.00 repairs them all
    text = variant((f"201{T}03{T}01{T}行政运行{T}60.00{T}60.00{T}\n", f"201{T}03{T}01{T}行政运行{T}60.00{T}61.00{T}\n"))
    found = findings(text, "suspect-cell")
    assert flat(found) == [("表三", "2010301", "基本支出", "suspect-cell")]
    assert (found[0].expected, found[0].actual, found[0].severity) == ("60.00", "61.00", "error")


def test_three_public_larger_than_the_basic_line_is_normal() -> None:
    # 表八 also counts what projects spend on 公务接待: 2.00 in 表八 against 1.00 in 表六 is no finding
    text = variant((f"4.00{T}{T}3.00{T}{T}3.00{T}1.00", f"5.00{T}{T}3.00{T}{T}3.00{T}2.00"))
    assert findings(text, "three-public-basic") == []
