"""The views of layouts other than the seed's, from a few inline table lines (tabs separate cells):
决算 columns (预算数 / 决算数 / 完成率, 结转), codes merged or in brackets, side-by-side trees,
Jiangsu's totals-only table, 三公 with 预算数 / 决算数 and with 会议费 / 培训费."""

from __future__ import annotations

from decimal import Decimal

from yusuan.model import TableKind
from yusuan.readers import read_string
from yusuan.summary import summary

HEAD = "某某区某某局 2024 年度\n部门决算\n\n"


def doc(caption: str, *rows: str, unit: str = "万元") -> str:
    return HEAD + f"{caption}\n\n单位：{unit}\n\n" + "\n".join(rows) + "\n"


def test_final_accounts_budget_final_and_completion_rate() -> None:
    d = read_string(doc(
        "一般公共预算财政拨款支出决算表",
        "科目编码\t科目名称\t年初预算数\t全年预算数\t决算数\t完成率",
        "栏次\t\t1\t2\t3\t4",
        "201\t一般公共服务支出\t100.00\t110.00\t99.00\t90.00%",
        "2010301\t行政运行\t100.00\t110.00\t99.00\t90.00%",
        "\t合计\t100.00\t110.00\t99.00\t90.00%"))
    view = d.views.general_budget
    line = view.find("2010301")
    assert d.tables[0].kind == TableKind.GENERAL_BUDGET and d.kind == "final_accounts"
    assert (line.total.value, line.extra["budget"].value, line.extra["adjusted_budget"].value) == (
        Decimal("99.00"), Decimal("100.00"), Decimal("110.00"))
    assert line.rates == {"completion_rate": Decimal("90.00")}
    assert view.total.total.value == Decimal("99.00")


def test_fund_table_with_carryover() -> None:
    d = read_string(doc(
        "政府性基金预算财政拨款收入支出决算表",
        "项目\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余",
        "功能分类科目编码\t科目名称\t\t\t小计\t基本支出\t项目支出\t",
        "212\t城乡社区支出\t5.00\t20.00\t22.00\t\t22.00\t3.00",
        "\t合计\t5.00\t20.00\t22.00\t\t22.00\t3.00"))
    line = d.views.gov_fund.find("212")
    assert d.tables[0].kind == TableKind.GOV_FUND
    assert (line.total.value, line.project.value) == (Decimal("22.00"), Decimal("22.00"))
    assert (line.extra["carryover_begin"].value, line.extra["income"].value, line.extra["carryover_end"].value) == (
        Decimal("5.00"), Decimal("20.00"), Decimal("3.00"))


def test_codes_in_brackets_and_merged() -> None:
    d = read_string(doc(
        "支出决算表",
        "项目\t本年支出合计\t基本支出\t项目支出",
        "一般公共服务支出（201类）\t10.00\t6.00\t4.00",
        "2010301 行政运行\t10.00\t6.00\t4.00",
        "合计\t10.00\t6.00\t4.00"))
    assert [(e["code"], e["name"], e["basic"]) for e in summary(d)["functional"]] == [
        ("201", "一般公共服务支出", "6.00"), ("2010301", "行政运行", "6.00")]


def test_economic_trees_side_by_side() -> None:
    d = read_string(doc(
        "一般公共预算财政拨款基本支出决算表",
        "科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数",
        "301\t工资福利支出\t8.00\t302\t商品和服务支出\t2.00",
        "30101\t基本工资\t8.00\t30201\t办公费\t2.00",
        "人员经费合计\t\t8.00\t公用经费合计\t\t2.00"))
    view = d.views.general_basic
    assert [ln.code for ln in view.lines] == ["301", "30101", "302", "30201"]
    assert (view.total.personnel.value, view.total.public.value, view.total.total.value) == (
        Decimal("8.00"), Decimal("2.00"), Decimal("10.00"))


def test_three_public_budget_and_final() -> None:
    d = read_string(doc(
        "财政拨款“三公”经费支出决算表",
        "合计\t\t因公出国（境）费\t\t公务用车购置及运行费\t\t\t\t\t\t公务接待费\t",
        "\t\t\t\t小计\t\t公务用车购置费\t\t公务用车运行费\t\t\t",
        "预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数",
        "5.00\t4.00\t1.00\t1.00\t3.00\t2.50\t\t\t3.00\t2.50\t1.00\t0.50"))
    tp = d.views.three_public
    assert (tp.total.value, tp.outbound.value, tp.vehicle_operation.value, tp.reception.value) == (
        Decimal("4.00"), Decimal("1.00"), Decimal("2.50"), Decimal("0.50"))
    assert (tp.budget["total"].value, tp.budget["reception"].value) == (Decimal("5.00"), Decimal("1.00"))


def test_jiangsu_three_public_with_meetings_and_totals_only_table() -> None:
    text = (HEAD.replace("决算", "预算") + "“三公”经费、会议费、培训费支出预算表\n\n单位：万元\n\n"
            "合计\t“三公”经费\t\t\t\t\t\t会议费\t培训费\n"
            "\t小计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t\t\n"
            "\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\n"
            "20.00\t12.00\t2.00\t6.00\t\t6.00\t4.00\t5.00\t3.00\n\n"
            "支出预算总表\n\n单位：万元\n\n"
            "合计\t基本支出\t项目支出\t单位预留机动经费\t结转下年资金\n"
            "100.00\t60.00\t30.00\t10.00\t\n")
    d = read_string(text)
    tp = d.views.three_public
    assert (tp.total.value, tp.vehicle_total.value, tp.extra["meetings"].value, tp.extra["all"].value) == (
        Decimal("12.00"), Decimal("6.00"), Decimal("5.00"), Decimal("20.00"))
    total = d.views.expenditure.total
    assert (total.total.value, total.basic.value, total.project.value, total.extra["reserve"].value) == (
        Decimal("100.00"), Decimal("60.00"), Decimal("30.00"), Decimal("10.00"))


def test_year_on_year_columns() -> None:
    d = read_string(HEAD.replace("决算", "预算") + "一般公共预算支出表\n\n单位：万元\n\n"
                    "科目编码\t科目名称\t2023年预算数\t2024年预算数\t增减额\t增减%\n"
                    "2010301\t行政运行\t100.00\t110.00\t10.00\t10.00%\n"
                    "\t合计\t100.00\t110.00\t10.00\t10.00%\n")
    line = d.views.general_budget.find("2010301")
    assert (line.total.value, line.extra["prior"].value, line.extra["change"].value) == (
        Decimal("110.00"), Decimal("100.00"), Decimal("10.00"))
    assert line.rates == {"change_rate": Decimal("10.00")}


def test_table_continued_under_a_repeated_title() -> None:
    d = read_string(HEAD.replace("决算", "预算") + "一般公共预算支出表\n\n单位：万元\n\n"
                    "科目编码\t科目名称\t合计\n201\t一般公共服务支出\t10.00\n\n"
                    "一般公共预算支出表（续）\n\n单位：万元\n\n"
                    "科目编码\t科目名称\t合计\n208\t社会保障和就业支出\t5.00\n\t合计\t15.00\n")
    assert len(d.tables) == 1
    view = d.views.general_budget
    assert [ln.code for ln in view.lines] == ["201", "208"] and view.total.total.value == Decimal("15.00")
