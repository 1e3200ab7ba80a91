"""Projects: 表七, the project descriptions and the performance-target tables."""

from __future__ import annotations

from checkdoc import BASE, T, findings, flat, variant

PROJECTS = "七、一般公共预算项目支出情况说明"


def test_project_names_matched_tolerantly_are_info() -> None:
    found = findings(variant(("1、项目名称：项目甲经费", "1、项目名称：2022年项目甲经费")), "project-name")
    assert [(f.code, f.severity, f.expected, f.actual) for f in found] == [
        ("project-name", "info", "项目甲经费", "2022年项目甲经费")]


def test_project_described_but_not_in_the_table() -> None:
    text = variant(("八、关于某某区某某局 2022 年一般公共预算“三公”", "3、项目名称：项目丙经费\n\n预算安排规模：5.00 万元\n\n"
                                                            "八、关于某某区某某局 2022 年一般公共预算“三公”"))
    found = [f for f in findings(text, "project-unmatched") if f.severity == "warning"]
    assert [(f.code, f.actual) for f in found] == [("project-unmatched", "项目丙经费")]


def test_project_amount_description_against_table() -> None:
    found = findings(variant(("预算安排规模：25.00 万元", "预算安排规模：26.00 万元")), "project-amount")
    assert flat(found) == [(PROJECTS, "26.00万元", None, "project-amount")]
    assert found[0].expected == "25.00" and found[0].actual == "26.00"


def test_target_funds_total_is_fiscal_plus_other() -> None:
    text = variant((f"年度资金总额:{T}25.00{T}其中: 财政拨款{T}25.00", f"年度资金总额:{T}26.00{T}其中: 财政拨款{T}25.00"))
    found = findings(text, "target-funds")
    assert [(f.code, f.location.row, f.expected, f.actual) for f in found] == [("target-funds", "项目甲经费", "25.00", "26.00")]


def test_cost_indicator_in_yuan_equals_amount_times_10000() -> None:
    found = findings(variant(("=250000 元", "=260000 元")), "cost-indicator")
    assert [(f.code, f.expected, f.actual, f.unit) for f in found] == [("cost-indicator", "250000.00", "260000", "元")]


def test_cost_indicator_without_unit_read_as_yuan() -> None:
    assert findings(BASE, "cost-indicator") == []  # 项目乙: "=150000.00" for 15.00 万元
    found = findings(variant(("=150000.00", "=143600.00")), "cost-indicator")
    assert len(found) == 1 and "未标单位，按元计" in found[0].message


def test_subsidy_people_times_standard() -> None:
    found = findings(variant(("补贴人数：3 人", "补贴人数：4 人")), "subsidy-total")
    assert flat(found) == [(PROJECTS, "4人", None, "subsidy-total")]
    assert found[0].expected == "15.00" and found[0].actual == "20"


def test_performance_summary_count_and_amount() -> None:
    found = findings(variant(("一般公共预算项目 2 个", "一般公共预算项目 3 个")), "performance-summary")
    assert [(f.code, f.expected, f.actual) for f in found] == [("performance-summary", "2", "3")]
    found = findings(variant(("涉及预算金额 40.00 万元", "涉及预算金额 45.00 万元")), "performance-summary")
    assert [(f.code, f.expected, f.actual) for f in found] == [("performance-summary", "40.00", "45.00")]


def test_base_has_no_project_finding() -> None:
    assert findings(BASE, "projects") == []


def test_target_indicator_copied_from_another_project() -> None:
    found = findings(variant((f"{T}成本指标{T}项目执行资金{T}{T}=150000.00", f"{T}成本指标{T}项目甲执行资金{T}{T}=150000.00")),
                     "target-copied")
    assert [(f.code, f.severity, f.actual) for f in found] == [("target-copied", "warning", "项目甲执行资金")]


_PLAN = "预算安排规模：25.00 万元"


def _quarters(q4: str) -> str:
    return variant((_PLAN, f"{_PLAN}，其中第一季度用款计划 5.00 万元，第二季度用款计划 10.00 万元，"
                           f"第三季度用款计划 5.00 万元，第四季度用款计划 {q4} 万元"))


def test_quarters_add_up_to_the_project_amount() -> None:
    assert findings(_quarters("5.00"), "project-quarters", "claim-unresolved") == []
    found = findings(_quarters("4.00"), "project-quarters")
    assert [(f.code, f.expected, f.actual) for f in found] == [("project-quarters", "25.00", "24.00")]
    assert "5.00 + 10.00 + 5.00 + 4.00" in found[0].message and found[0].location.sentence


def test_budget_plan_by_quarter_states_no_amount_of_its_own() -> None:
    from yusuan.interpret.projects import budget_plan

    amount, quarters = budget_plan("第一季度用款计划25.88万元，第二季度用款计划180.74万元，第三季度用款计划186.60万元，"
                                   "第四季度用款计划16.78万元。")
    assert amount is None and [str(q.value) for q in quarters] == ["25.88", "180.74", "186.60", "16.78"]
    assert budget_plan("信息化系统日常维护费166.66万元，中介机构服务费418.80万元，财政业务费10万元。") == (None, [])
    amount, quarters = budget_plan("全年预算100万元，其中第一季度用款计划20万元，第二季度用款计划80万元")
    assert str(amount.value) == "100" and len(quarters) == 2  # type: ignore[union-attr]


def test_target_funds_may_include_a_carryover_row() -> None:
    funds = f"年度资金总额:{T}25.00{T}其中: 财政拨款{T}25.00{T}其他资金{T}0"
    with_carryover = variant((funds, f"年度资金总额:{T}25.00{T}其中: 财政拨款{T}20.00{T}上年结转{T}5.00{T}其他资金{T}0"))
    assert findings(with_carryover, "target-funds") == []
    wrong = variant((funds, f"年度资金总额:{T}27.00{T}其中: 财政拨款{T}20.00{T}上年结转{T}5.00{T}其他资金{T}0"))
    found = findings(wrong, "target-funds")
    assert [f.actual for f in found] == ["27.00"] and "计入上年结转 5.00 万元为 25.00 万元" in found[0].message


def test_without_a_project_table_an_undescribed_target_is_info() -> None:
    # layouts without 表七 describe their key projects only: a target table without a description is normal
    start, end = BASE.index("表七："), BASE.index("表八：")
    text = (BASE[:start] + BASE[end:]).replace("七、一般公共预算项目支出情况表\n", "")
    text = text.replace("2、项目名称：项目乙补贴\n\n预算安排规模：15.00 万元\n\n补贴人数：3 人\n\n补贴标准：5 万元每人\n\n", "")
    found = findings(text, "project-unmatched")
    assert [(f.severity, f.actual) for f in found] == [("info", "项目乙补贴")]


def test_a_kind_of_expense_is_not_another_projects_name() -> None:
    # “…年物业费每平米50.4元” in the targets of 办公楼物业 does not copy a project named 物业费
    text = variant(("2、项目名称：项目乙补贴", "2、项目名称：物业费"), (f"项目名称{T}项目乙补贴", f"项目名称{T}物业费"),
                   (f"{T}成本指标{T}项目执行资金{T}{T}=250000 元", f"{T}成本指标{T}年物业费每平米50.4元{T}{T}=250000 元"))
    assert findings(text, "target-copied") == []
