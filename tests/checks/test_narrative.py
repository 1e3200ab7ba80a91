"""The narrative against the tables."""

from __future__ import annotations

from checkdoc import BASE, T, findings, flat, variant


def test_narrative_amount_against_the_table() -> None:
    text = variant(("基本支出 80.00 万元，占 66.67%", "基本支出 82.00 万元，占 66.67%"))
    found = findings(text, "narrative-amount")
    assert flat(found) == [("三、支出预算情况说明", "82.00万元", None, "narrative-amount")]
    assert found[0].expected == "80.00" and found[0].actual == "82.00" and "表三" in found[0].message


def test_narrative_amount_printed_with_fewer_decimals_is_fine() -> None:
    assert findings(variant(("基本支出 80.00 万元，占", "基本支出 80 万元，占")), "narrative-amount") == []


def test_narrative_share_part_over_whole() -> None:
    text = variant(("基本支出 80.00 万元，占 66.67%", "基本支出 80.00 万元，占 68.67%"))
    found = findings(text, "narrative-share")
    assert flat(found) == [("三、支出预算情况说明", "68.67%", None, "narrative-share")]
    assert found[0].expected == "66.67"


def test_narrative_conflict_same_figure_stated_twice() -> None:
    text = variant(("其中：因公出国（境）费为 0 万元", "其中：因公出国（境）费为 1.00 万元"))
    assert ("八、一般公共预算“三公”经费预算情况说明", "1.00万元", None, "narrative-conflict") in flat(
        findings(text, "narrative-conflict"))


def test_narrative_change_against_a_prior_year_column() -> None:
    text = variant((f"合 计{T}因公出国（境）费{T}公务用车购置及运行费{T}{T}{T}公务接待费",
                    f"合 计{T}因公出国（境）费{T}公务用车购置及运行费{T}{T}{T}公务接待费{T}上年公务接待费"),
                   (f"{T}{T}合计{T}公务用车购置费{T}公务用车运行费{T}", f"{T}{T}合计{T}公务用车购置费{T}公务用车运行费{T}{T}"),
                   (f"4.00{T}{T}3.00{T}{T}3.00{T}1.00", f"4.00{T}{T}3.00{T}{T}3.00{T}1.00{T}0.90"))
    found = findings(text, "narrative-change")
    assert [f.code for f in found] == ["narrative-change"]
    assert found[0].expected == "0.10" and found[0].actual == "-0.20"


def test_claim_unresolved_is_info() -> None:
    text = variant(("（二）政府采购情况", "（二）其他事项\n\n另有 12.00 万元。\n\n（三）政府采购情况"))
    found = findings(text, "claim-unresolved")
    assert [(f.severity, f.location.sentence) for f in found] == [("info", "另有12.00万元。")]


def test_vehicle_purchase_plan_against_three_public_table() -> None:
    text = variant(("1. 车辆 3 辆", "2022 年部门预算安排购置车辆经费 30.00 万元。\n\n1. 车辆 3 辆"))
    found = findings(text, "vehicle-purchase-plan")
    assert [(f.code, f.severity, f.expected, f.actual) for f in found] == [
        ("vehicle-purchase-plan", "warning", "0", "30.00")]


def test_base_has_no_narrative_finding() -> None:
    assert findings(BASE, "narrative") == []


def _claim_findings(*pairs: tuple[str, str]) -> list[tuple[str, str | None, str | None]]:
    found = findings(variant(*pairs), "narrative-amount", "claim-unresolved")
    return [(f.code, f.expected, f.actual) for f in found]


def test_functional_class_named_as_printed_without_marker() -> None:
    # Jiangsu: "2.社会保障和就业支出1890.27万元" (the 类 name as printed in the tables, no （类）)
    old = "2. 社会保障和就业支出（类）20.00 万元"
    assert _claim_findings((old, "2.社会保障和就业支出20.00万元")) == []
    assert _claim_findings((old, "2.社会保障和就业支出21.00万元")) == [("narrative-amount", "20.00", "21.00")]


def test_numbering_before_a_class_phrase_is_not_part_of_the_name() -> None:
    old = "1. 一般公共服务（类）100.00 万元"
    assert _claim_findings((old, "1.一般公共服务（类）101.00 万元")) == [("narrative-amount", "100.00", "101.00")]


def test_item_named_under_its_section_without_the_class() -> None:
    # Jiangsu, under a 类 heading: "2.检察（款）一般行政管理事务(项)支出2354.4万元"
    old = "1. 一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：2022 年预算数为 60.00 万元"
    new = "1. 政府办公厅（室）及相关机构事务（款）行政运行(项)支出61.00万元"
    assert _claim_findings((old, new)) == [("narrative-amount", "60.00", "61.00")]


def test_section_marked_as_class_still_names_its_item() -> None:
    # "住房改革支出（类）住房公积金（项）": the writer marked a 款 as 类
    old = "1. 一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：2022 年预算数为 60.00 万元"
    new = "1. 政府办公厅（室）及相关机构事务（类）行政运行（项）：2022 年预算数为 61.00 万元"
    assert _claim_findings((old, new)) == [("narrative-amount", "60.00", "61.00")]


def test_class_under_another_name_is_resolved_and_reported() -> None:
    # "医疗卫生与计划生育支出（类）行政事业单位医疗（款）…" in a 2024 document: 210 is 卫生健康支出 since 2019
    old = "1. 一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）"
    text = variant((old, "1. 公共管理与行政服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）"))
    found = findings(text, "line-name", "narrative-amount", "claim-unresolved")
    assert [(f.code, f.expected, f.actual) for f in found] == [("line-name", "一般公共服务支出", "公共管理与行政服务")]
    assert findings(BASE, "line-name") == []


def test_a_wan_yuan_figure_written_with_yuan() -> None:
    text = variant(("基本支出 80.00 万元，占 66.67%", "基本支出 80.00 元，占 66.67%"))
    found = findings(text, "unit-mismatch", "narrative-amount")
    assert [(f.code, f.expected, f.actual) for f in found] == [("unit-mismatch", "万元", "元")]
    assert findings(BASE, "unit-mismatch") == []


def test_shares_forced_to_add_up_to_100_name_the_honest_figure() -> None:
    # a generated budget whose class shares, rounded honestly, add up to 99.99% or 100.01%: one share moved by
    # 0.01 makes them 100.00%, and the warning names the honest figure
    from yusuan.checks import check
    from yusuan.generate import generate_text
    from yusuan.readers import read_string
    from yusuan.render.mistakes import plant_mistakes

    for seed in range(60):
        text = generate_text(seed)
        forced, planted = plant_mistakes(text, seed, kinds=["share-forced"])
        if planted:
            break
    assert planted, "no generated budget with shares that do not add up to 100"
    assert check(read_string(text), select=["share-forced"]) == []  # honest shares: no warning
    found = check(read_string(forced), select=["share-forced"])
    assert [(f.code, f.severity) for f in found] == [("share-forced", "warning")]
    assert "不必凑足 100%" in found[0].message and found[0].expected != found[0].actual
