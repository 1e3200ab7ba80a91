"""Arithmetic inside one table: each rule on a variant of the consistent BASE document."""

from __future__ import annotations

from checkdoc import BASE, T, findings, flat, variant


def test_tree_sum_class_section_item() -> None:
    text = variant((f"{T}03{T}{T}政府办公厅（室）及相关机构事务{T}100.00{T}60.00{T}40.00",
                    f"{T}03{T}{T}政府办公厅（室）及相关机构事务{T}100.00{T}61.00{T}40.00"))
    found = findings(text, "tree-sum")
    assert ("表三", "20103", "基本支出", "tree-sum") in flat(found)
    f = next(f for f in found if f.location.row == "20103" and f.location.table == "表三")
    assert f.severity == "error" and f.expected == "60.00" and f.actual == "61.00" and f.tolerance == "0.015"


def test_item_sum_local_sub_items() -> None:
    text = variant((f"301{T}01{T}地方补贴{T}20.00{T}20.00{T}", f"301{T}01{T}地方补贴{T}21.00{T}21.00{T}"))
    assert ("表六", "30101", "合计", "item-sum") in flat(findings(text, "item-sum"))


def test_row_sum_total_is_basic_plus_project() -> None:
    text = variant((f"201{T}03{T}01{T}行政运行{T}60.00{T}60.00{T}\n", f"201{T}03{T}01{T}行政运行{T}60.00{T}59.00{T}\n"))
    found = findings(text, "row-sum")
    assert ("表三", "2010301", "合计", "row-sum") in flat(found)
    assert "基本支出 + 项目支出" in found[0].message and found[0].expected == "59.00"


def test_row_sum_blank_total_column_of_fiscal_overview() -> None:
    text = variant((f"201 一般公共服务支出{T}100.00{T}100.00", f"201 一般公共服务支出{T}{T}100.00"))
    found = findings(text, "row-sum")
    assert flat(found) == [("表四", "201", "合计", "row-sum")]
    assert "实际为空白" in found[0].message and found[0].expected == "100.00" and found[0].actual == "0"


def test_grand_total_is_sum_of_classes() -> None:
    text = variant((f"{T}{T}{T}合 计{T}120.00{T}80.00{T}40.00", f"{T}{T}{T}合 计{T}120.00{T}81.00{T}40.00"))
    assert ("表三", "合计", "基本支出", "grand-total") in flat(findings(text, "grand-total"))


def test_overview_sum_names_the_side_that_does_not_add_up() -> None:
    text = variant((f"收 入 总 计{T}120.00", f"收 入 总 计{T}121.00"))
    assert flat(findings(text, "overview-sum")) == [("表一", "收入总计", None, "overview-sum")]  # ≠ Σ sources
    # both sides add up but differ: the two totals do not balance
    text = variant((f"201 一般公共服务支出{T}100.00", f"201 一般公共服务支出{T}90.00"),
                   (f"支 出 总 计{T}120.00", f"支 出 总 计{T}110.00"))
    found = findings(text, "overview-sum")
    assert flat(found) == [("表一", "支出总计", None, "overview-sum")]
    assert found[0].expected == "120.00" and found[0].actual == "110.00"


def test_three_public_total_is_sum_of_items() -> None:
    text = variant((f"4.00{T}{T}3.00{T}{T}3.00{T}1.00", f"5.00{T}{T}3.00{T}{T}3.00{T}1.00"))
    found = findings(text, "three-public-sum")
    assert flat(found) == [("表八", None, "合计", "three-public-sum")]
    assert found[0].expected == "4.00" and found[0].actual == "5.00"


def test_rounding_break_within_tolerance_is_info() -> None:
    text = variant((f"301{T}01{T}地方补贴{T}20.00{T}20.00{T}", f"301{T}01{T}地方补贴{T}20.01{T}20.01{T}"))
    found = findings(text, "item-sum", "rounding")
    assert {f.severity for f in found} == {"info"}
    assert ("表六", "30101", "合计", "rounding") in flat(found)


def test_base_has_no_arithmetic_finding() -> None:
    assert findings(BASE, "arithmetic") == []
