"""The narrative's own arithmetic: rates on the right base, changes of parts, parts and shares."""

from __future__ import annotations

from checkdoc import BASE, findings, flat, roots, variant

ITEM = "2022 年预算数为 60.00 万元，比上年预算数增加 3.00 万元，增长 5.26%"
USE = "（三）一般公共预算当年拨款具体使用情况"


def test_rate_on_the_wrong_base() -> None:
    found = findings(variant(("增加 5.00 万元，增长 6.67%", "增加 5.00 万元，增长 6.25%")), "rate-mismatch")
    assert flat(found) == [("三、支出预算情况说明", "6.25%", None, "rate-mismatch")]
    assert found[0].expected == "6.67" and "以本年数 80 万元为基数" in found[0].message.replace(".00", "")


def test_rate_from_zero() -> None:
    text = variant((ITEM, "2022 年预算数为 60.00 万元，比上年预算数增加 60.00 万元，增长 100%"))
    assert flat(findings(text, "rate-from-zero")) == [(USE, "100%", None, "rate-from-zero")]


def test_change_exceeds_amount() -> None:
    text = variant((ITEM, "2022 年预算数为 60.00 万元，比上年预算数增加 70.00 万元，增长 5.26%"))
    assert flat(findings(text, "change-exceeds-amount")) == [(USE, "70.00万元", None, "change-exceeds-amount")]


def test_direction_of_change_and_rate_disagree() -> None:
    text = variant((ITEM, "2022 年预算数为 60.00 万元，比上年预算数增加 3.00 万元，下降 5.26%"))
    assert flat(findings(text, "direction-mismatch")) == [(USE, "5.26%", None, "direction-mismatch")]


def test_direction_swapped_in_both_words() -> None:
    text = variant((ITEM, "2022 年预算数为 60.00 万元，比上年预算数减少 3.00 万元，下降 5.26%"))
    found = findings(text, "direction-mismatch")
    assert flat(found) == [(USE, "5.26%", None, "direction-mismatch")] and "疑似写反" in found[0].message


def test_change_sum_total_against_basic_plus_project() -> None:
    text = variant(("比上年增加 10.00 万元，增长 9.09%，主要原因是人员增加", "比上年增加 12.00 万元，增长 11.11%，主要原因是人员增加"))
    found = findings(text, "change-sum")
    assert flat(found) == [("二、收入预算情况说明", "12.00万元", None, "change-sum")]
    assert found[0].expected == "10.00" and found[0].actual == "12.00"


def test_change_sum_told_at_the_part_whose_direction_is_reversed() -> None:
    # 项目支出 written as a decrease: the whole (+10) and 基本支出 (+5) agree that it rose by 5; the sum of the 项
    # (+10) confirms the whole. The finding is told at the part, never at the whole.
    text = variant(("比上年增加 5.00 万元，增长 14.29%，主要原因是新增项目", "比上年减少 5.00 万元，下降 14.29%，主要原因是新增项目"))
    found = roots(text, "change-sum")  # every section restating the total finds it: one root, told at the part
    assert flat(found) == [("三、支出预算情况说明", "5.00万元", None, "change-sum")]
    assert (found[0].expected, found[0].actual) == ("5.00", "-5.00") and "应为增加 5.00 万元" in found[0].message
    assert found[0].related and all(r.location.sentence == found[0].location.sentence for r in found[0].related)


def test_change_sum_total_off_by_other_than_a_reversed_part_is_told_at_the_total() -> None:
    # the whole off by 2 (not twice a part): no part explains it; the whole is reported as before
    text = variant(("比上年增加 10.00 万元，增长 9.09%，主要原因是人员增加", "比上年增加 12.00 万元，增长 11.11%，主要原因是人员增加"))
    found = findings(text, "change-sum")
    assert [f.location.sentence for f in found] == [next(iter(found)).location.sentence]
    assert "写反" not in found[0].message


def test_change_sum_three_public_items() -> None:
    text = variant(("公务接待费减少 0.20 万元", "公务接待费减少 0.10 万元"))
    found = findings(text, "change-sum")
    assert flat(found) == [("八、一般公共预算“三公”经费预算情况说明", "0.50万元", None, "change-sum")]
    assert found[0].expected == "-0.40"


def test_parts_sum_three_public() -> None:
    found = findings(variant(("“三公”经费数为 4.00 万元", "“三公”经费数为 5.00 万元")), "parts-sum")
    assert [(f.code, f.expected, f.actual) for f in found] == [("parts-sum", "4.00", "5.00")]


def test_vehicles_by_type_add_to_the_total() -> None:
    found = findings(variant(("一般公务用车 2 辆", "一般公务用车 3 辆")), "vehicles-sum")
    assert [(f.code, f.expected, f.actual, f.unit) for f in found] == [("vehicles-sum", "4", "3", "辆")]


def test_shares_of_one_whole_add_to_100() -> None:
    found = findings(variant(("占 33.33%", "占 34.33%")), "share-sum")
    assert [(f.code, f.actual) for f in found] == [("share-sum", "101.00")]


def test_staff_counts() -> None:
    found = findings(variant(("实有人数9人", "实有人数10人")), "staff-sum")
    assert [(f.code, f.severity, f.expected, f.actual) for f in found] == [("staff-sum", "warning", "9", "10")]


def test_base_has_no_internal_narrative_finding() -> None:
    assert findings(BASE, "narrative_internal") == []


def test_a_reserved_amount_cannot_exceed_the_procurement_total() -> None:
    text = variant(("政府采购服务预算 0 万元。", "政府采购服务预算 0 万元。面向中小企业预留政府采购项目预算金额 8.00 万元。"))
    found = findings(text, "parts-sum")
    assert [(f.code, f.expected, f.actual) for f in found] == [("parts-sum", "≤6.00", "8.00")]


def test_a_three_public_notice_on_its_own_still_adds_up(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from yusuan.checks import check_files

    notice = tmp_path / "notice.txt"
    notice.write_text("某某区某某局2022年“三公”经费预算情况说明\n\n一、“三公”经费预算情况\n\n"
                      "2022年“三公”经费预算12.00万元，其中：因公出国（境）费2.00万元，公务用车购置及运行费5.00万元"
                      "（其中：公务用车购置费0万元，公务用车运行费5.00万元），公务接待费3.00万元。\n\n"
                      "2022年“三公”经费比上年减少1.00万元，下降8.33%。\n", encoding="utf-8")
    found = check_files([notice]).findings
    assert sorted((f.code, f.expected, f.actual) for f in found) == [
        ("parts-sum", "10.00", "12.00"), ("rate-mismatch", "7.69", "8.33")]


def test_an_amount_of_zero_said_to_have_increased() -> None:
    text = variant(("公用经费 10.00 万元，主要包括", "其他经费 0 万元，比上年增加 2.00 万元。公用经费 10.00 万元，主要包括"))
    base = BASE.replace("项目支出 40.00 万元，占 33.33%，比上年增加 5.00 万元，增长 14.29%",
                        "项目支出 0 万元，比上年增加 5.00 万元")
    found = findings(base, "change-exceeds-amount")
    assert [(f.code, f.actual) for f in found] == [("change-exceeds-amount", "5.00")] and "本年为 0" in found[0].message
    assert [f.actual for f in findings(text, "change-exceeds-amount")] == ["2.00"]  # 0 万元，比上年增加 2.00 万元
    decreased = BASE.replace("项目支出 40.00 万元，占 33.33%，比上年增加 5.00 万元，增长 14.29%",
                             "项目支出 0 万元，比上年减少 5.00 万元")
    assert findings(decreased, "change-exceeds-amount") == []  # last year had some: normal


def test_a_part_larger_than_its_whole() -> None:
    text = variant(("1. 车辆 3 辆，价值 60.00 万元；其中：一般公务用车 2 辆",
                    "1. 车辆 3 辆，价值 60.00 万元；其中：一般公务用车 5 辆"))
    found = findings(text, "part-exceeds-whole")
    assert [(f.code, f.actual, f.expected) for f in found] == [("part-exceeds-whole", "5", "≤3")]
    money = variant(("政府采购预算 6.00 万元，其中：政府采购货物预算 6.00 万元", "政府采购预算 6.00 万元，其中：政府采购货物预算 8.00 万元"))
    assert [f.actual for f in findings(money, "part-exceeds-whole")] == []  # told by parts-sum, not twice
    assert findings(BASE, "part-exceeds-whole") == []


def test_a_part_is_compared_with_the_largest_whole_before_its_qizhong() -> None:
    # 总额 712.49，…服务 225.99；其中一般公共预算拨款 504.98：the whole is the 总额, not the last figure
    text = variant(("2022 年，某某区某某局政府采购预算 6.00 万元，其中：政府采购货物预算 6.00 万元，政府采购工程预算 0 万元，政府采购服务预算 0 万元。",
                    "2022 年，某某区某某局政府采购预算总额 712.49 万元：货物 486.50 万元、服务 225.99 万元；其中一般公共预算拨款采购 504.98 万元。"))
    assert findings(text, "part-exceeds-whole") == []


def test_a_completion_rate_of_a_budget_of_zero() -> None:
    sentence = "某某区某某局 2022 年一般公共预算当年拨款 120.00 万元，比上年预算数增加 10.00 万元，增长 9.09%。"
    text = variant((sentence, "年初预算为 0 万元，全年预算为 321.02 万元，支出决算为 307.82 万元，完成年初预算的 95.89%。"))
    found = findings(text, "rate-from-zero")
    assert [(f.severity, f.actual) for f in found] == [("error", "95.89")]
    assert "按 321.02 万元 计算" in found[0].message
    fine = variant((sentence, "年初预算为 321.02 万元，支出决算为 307.82 万元，完成年初预算的 95.89%。"))
    assert findings(fine, "rate-from-zero") == []


def test_growth_of_zero_percent_from_nothing_is_a_warning() -> None:
    text = variant(("因公出国（境）费为 0 万元，未安排预算；", "因公出国（境）费为 0 万元，比上年增加 0 万元，增长 0%；"))
    found = findings(text, "rate-from-zero")
    assert [(f.severity, f.actual) for f in found] == [("warning", "0")] and "与上年持平" in found[0].message
