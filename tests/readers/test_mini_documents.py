"""Inline mini-documents: each table type and each claim pattern, read from a few lines of text."""

from __future__ import annotations

from decimal import Decimal

from yusuan.model import ClaimKind, IncomeSource, TableKind
from yusuan.readers import read_string

HEAD = "某某区某某局 2022 年\n部门预算公开\n\n"


def doc(*parts: str) -> str:
    return HEAD + "\n\n".join(parts) + "\n"


def table(caption: str, *rows: str, unit: str = "万元") -> str:
    return f"{caption}\n\n编制部门（单位）：某某局\n\n单位：{unit}\n\n" + "\n".join(rows)


def narrative(*paragraphs: str) -> str:
    return "第三部分 2022 年部门预算情况说明\n\n" + "\n\n".join(paragraphs)


def claims(d, kind=None):  # type: ignore[no-untyped-def]
    return [(c.subject.kind, c.subject.key, c.kind.value, str(c.value), c.direction) for c in d.narrative.claims
            if kind is None or c.subject.kind == kind]


def test_overview_with_codes_in_labels() -> None:
    d = read_string(doc(table(
        "表一：\n\n部门收支总体情况表",
        "收 入\t\t支 出\t",
        "项 目\t预算数\t功能分类\t预算数",
        "财政拨款（补助）\t100.00\t201 一般公共服务支出\t80.00",
        "一般公共预算\t90.00\t208 社会保障和就业支出\t20.00",
        "政府性基金预算\t10.00\t\t",
        "事业收入\t5.00\t\t",
        "收 入 总 计\t105.00\t支 出 总 计\t100.00",
    )))
    ov = d.views.overview
    assert d.tables[0].kind == TableKind.OVERVIEW
    assert [(ln.key, str(ln.amount.value)) for ln in ov.income[:4]] == [
        (IncomeSource.FISCAL, "100.00"), (IncomeSource.GENERAL_BUDGET, "90.00"), (IncomeSource.GOV_FUND, "10.00"),
        (IncomeSource.BUSINESS, "5.00")]
    assert ov.income_total.value == Decimal("105.00")
    assert [(ln.code, str(ln.total.value)) for ln in ov.expenditure] == [("201", "80.00"), ("208", "20.00")]
    assert ov.expenditure_total.total.value == Decimal("100.00")


def test_overview_with_numbered_class_names() -> None:
    d = read_string(doc(table(
        "部门财务收支预算总表",
        "本年收入\t\t本年支出\t",
        "项目\t预算数\t项目\t预算数",
        "一、财政拨款收入\t1,000.00\t一、一般公共服务支出\t1,000.00",
        "收入总计\t1,000.00\t支出总计\t1,000.00", unit="元")))
    ov = d.views.overview
    assert ov.unit == "元" and ov.expenditure[0].code == "201"
    assert ov.income_total.value == Decimal("1000.00")


def test_functional_table_three_code_columns() -> None:
    d = read_string(doc(table(
        "表三：\n\n部门支出总体情况表",
        "功能分类科目编码\t\t\t功能分类科目名称\t合 计\t基本支出\t项目支出",
        "类\t款\t项\t\t\t\t",
        "201\t\t\t一般公共服务支出\t30.00\t20.00\t10.00",
        "\t03\t\t政府办公厅（室）及相关机构事务\t30.00\t20.00\t10.00",
        "201\t03\t01\t行政运行\t20.00\t20.00\t",
        "\t\t02\t一般行政管理事务\t10.00\t\t10.00",
        "\t\t\t合 计\t30.00\t20.00\t10.00",
    )))
    view = d.views.expenditure
    assert [(ln.code, ln.level.value) for ln in view.lines] == [
        ("201", "class"), ("20103", "section"), ("2010301", "item"), ("2010302", "item")]
    assert view.find("2010302").project.value == Decimal("10.00")
    assert view.find("2010302").basic.value == 0
    assert view.total.basic.value == Decimal("20.00")


def test_functional_table_merged_codes_and_sources() -> None:
    d = read_string(doc(table(
        "部门收入总体情况表",
        "科目编码\t科目名称\t总计\t一般公共预算\t事业收入\t其他收入",
        "201\t一般公共服务支出\t12.00\t10.00\t2.00\t",
        "20103\t政府办公厅（室）及相关机构事务\t12.00\t10.00\t2.00\t",
        "2010350\t事业运行\t12.00\t10.00\t2.00\t",
        "\t合计\t12.00\t10.00\t2.00\t",
    )))
    view = d.views.income
    assert [ln.code for ln in view.lines] == ["201", "20103", "2010350"]
    item = view.find("2010350")
    assert str(item.total.value) == "12.00"
    # each source column by its meaning, as printed; the blank 其他收入 cell is 0
    assert {k: (str(v.value), v.unit) for k, v in item.by_source.items()} == {
        "general_budget": ("10.00", "万元"), "business": ("2.00", "万元"), "other": ("0", "万元")}
    assert view.total.name == "合计" and str(view.total.total.value) == "12.00"
    assert {k: str(v.value) for k, v in view.total.by_source.items()} == {
        "general_budget": "10.00", "business": "2.00", "other": "0"}


def test_economic_table_with_local_sub_items() -> None:
    d = read_string(doc(table(
        "一般公共预算基本支出情况表",
        "经济分类科目编码\t\t经济分类科目名称\t合 计\t人员经费\t公用经费",
        "类\t款\t\t\t\t",
        "301\t\t工资福利支出\t10.00\t10.00\t",
        "\t02\t津贴补贴\t10.00\t10.00\t",
        "301\t02\t工资津贴补贴\t6.00\t6.00\t",
        "301\t02\t地方补贴\t4.00\t4.00\t",
        "302\t01\t办公费\t2.00\t\t2.00",
        "\t\t合 计\t12.00\t10.00\t2.00",
    )))
    econ = d.views.general_basic
    assert [(ln.code, len(ln.items)) for ln in econ.lines] == [("301", 0), ("30102", 2), ("30201", 0)]
    assert econ.total.public.value == Decimal("2.00")


def test_project_table() -> None:
    d = read_string(doc(table(
        "一般公共预算项目支出情况表",
        "科目编码\t\t\t科目\t项目名称\t项目支出合计\t工资福利支出\t商品和服务支出",
        "类\t款\t项\t\t\t\t\t",
        "201\t03\t02\t一般行政管理事务\t信息化建设经费\t8.00\t\t8.00",
        "201\t03\t02\t一般行政管理事务\t会议经费\t2.00\t\t2.00",
        "\t\t\t\t合计\t10.00\t\t10.00",
    )))
    pt = d.views.general_project
    assert [(p.name, p.function_code, str(p.amount.value)) for p in pt.projects] == [
        ("信息化建设经费", "2010302", "8.00"), ("会议经费", "2010302", "2.00")]
    assert pt.total.value == Decimal("10.00") and pt.projects[0].by_economic["商品和服务支出"].value == Decimal("8.00")


def test_three_public_table_with_clear_headers() -> None:
    d = read_string(doc(table(
        "一般公共预算“三公”经费支出情况表",
        "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费",
        "\t\t小计\t公务用车购置费\t公务用车运行费\t",
        "10.00\t1.00\t8.00\t5.00\t3.00\t1.00",
    )))
    tp = d.views.three_public
    assert (tp.total.value, tp.outbound.value, tp.vehicle_total.value, tp.vehicle_purchase.value,
            tp.vehicle_operation.value, tp.reception.value) == (10, 1, 8, 5, 3, 1)
    assert not any(p.code == "header-garbled" for p in d.problems)


def test_claims_income_pattern() -> None:
    d = read_string(doc(narrative(
        "二、关于某某局 2022 年收入预算情况说明",
        "某某局 2022 年收入预算 200 万元，其中：",
        "一般公共预算 150 万元，占 75%，比上年减少 10 万元，下降 6.25%，主要原因是项目调整。",
        "事业收入 50 万元，占 25%，与上年持平。",
    )))
    got = claims(d)
    assert got[0] == ("income_total", None, "amount", "200", None)
    assert got[1:5] == [("income", "general_budget", "amount", "150", None),
                        ("income", "general_budget", "share", "75", None),
                        ("income", "general_budget", "change", "10", "decrease"),
                        ("income", "general_budget", "rate", "6.25", "decrease")]
    assert ("income", "business", "change", "0", "flat") in got
    change = d.narrative.claims[3]
    assert change.reason == "项目调整" and change.base == "比上年"
    assert d.narrative.claims[2].of.kind == "income_total"


def test_claims_functional_patterns() -> None:
    d = read_string(doc(
        table("部门支出总体情况表",
              "科目编码\t科目名称\t合计\t基本支出\t项目支出",
              "201\t一般公共服务支出\t30.00\t20.00\t10.00",
              "20103\t政府办公厅（室）及相关机构事务\t30.00\t20.00\t10.00",
              "2010301\t行政运行\t30.00\t20.00\t10.00"),
        narrative("五、关于某某局一般公共预算当年拨款情况说明",
                  "1. 一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：2022年预算数为30万元，"
                  "比上年预算数增加3万元，增长11.11%，主要原因是人员增加。",
                  "2. “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目30万元，主要用于基本支出。")))
    got = claims(d, "functional")
    assert got[:3] == [("functional", "2010301", "amount", "30", None),
                       ("functional", "2010301", "change", "3", "increase"),
                       ("functional", "2010301", "rate", "11.11", "increase")]
    assert got[3] == ("functional", "2010301", "amount", "30", None)


def test_claims_other_matters() -> None:
    d = read_string(doc(narrative(
        "十、其他重要事项的情况说明",
        "（一）机关运行经费情况",
        "2022 年机关运行经费财政拨款预算 20 万元，比上年预算增加 2 万元，增长 11.11%。",
        "（二）政府采购情况",
        "2022 年政府采购预算 34 万元，其中：政府采购货物预算 0 万元、政府采购工程预算 0 万元、政府采购服务预算 34 万元。",
        "面向中小企业预留政府采购项目预算金额 34 万元，其中：预留给小型和微型企业的政府采购项目预算为 34 万元。",
        "（三）国有资产占用使用情况",
        "车辆 3 辆，价值 60 万元；其中：一般公务用车 2 辆，价值 40 万元；其他车辆 1 辆，价值 20 万元。",
        "单位价值 50 万元以上大型设备 1 台（套）。",
        "（四）预算绩效情况",
        "实行绩效管理的项目 4 个，涉及预算金额 80 万元。",
    )))
    o = d.other
    assert o.operating_costs.value == 20
    assert (o.procurement.total.value, o.procurement.services.value, o.procurement.sme_reserved.value,
            o.procurement.small_micro_reserved.value) == (34, 34, 34, 34)
    assert o.assets.vehicle_count == 3 and [(v.type, v.count) for v in o.assets.vehicles] == [
        ("一般公务用车", 2), ("其他车辆", 1)]
    assert o.assets.equipment_50 == 1
    assert (o.performance.projects, o.performance.amount.value) == (4, 80)
    assert not [c for c in d.narrative.claims if c.subject.kind == "unknown"]


def test_claims_three_public_notice_without_tables() -> None:
    d = read_string(doc(narrative(
        "八、关于“三公”经费预算情况说明",
        "2022 年“三公”经费预算数为 12 万元，其中：因公出国（境）费 0 万元，公务用车购置及运行费 10 万元"
        "（其中：公务用车购置费 4 万元，公务用车运行费 6 万元），公务接待费 2 万元。",
        "“三公”经费比上年增加 2 万元，增长 20%，其中：公务用车购置费新增 4 万元；公务接待费减少 2 万元。",
    )))
    got = claims(d, "three_public")
    assert got[:6] == [("three_public", "total", "amount", "12", None), ("three_public", "outbound", "amount", "0", None),
                       ("three_public", "vehicle_total", "amount", "10", None),
                       ("three_public", "vehicle_purchase", "amount", "4", None),
                       ("three_public", "vehicle_operation", "amount", "6", None),
                       ("three_public", "reception", "amount", "2", None)]
    assert got[6:] == [("three_public", "total", "change", "2", "increase"),
                       ("three_public", "total", "rate", "20", "increase"),
                       ("three_public", "vehicle_purchase", "change", "4", "new"),
                       ("three_public", "reception", "change", "2", "decrease")]
    assert d.narrative.claims[0].kind == ClaimKind.AMOUNT


def test_tables_aligned_with_spaces_are_reported_not_guessed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from yusuan.generate import generate_text
    from yusuan.readers import read

    text = generate_text(0)
    laid_out = tmp_path / "layout.txt"  # what pdftotext -layout gives: cells padded with spaces
    laid_out.write_text(text.replace("\t", "    "), encoding="utf-8")
    d = read(laid_out)
    assert d.tables == []
    [problem] = [p for p in d.problems if p.code == "space-aligned-tables"]
    assert "制表符" in problem.message and problem.source.line
    tabbed = tmp_path / "tabs.txt"
    tabbed.write_text(text, encoding="utf-8")
    assert not [p for p in read(tabbed).problems if p.code == "space-aligned-tables"]
