"""Classification codes against the (partial) catalogue, tree shape and order."""

from __future__ import annotations

from checkdoc import BASE, T, findings, flat, variant


def test_code_name_differs_from_the_catalogue() -> None:
    found = findings(variant((f"201{T}03{T}01{T}行政运行", f"201{T}03{T}01{T}行政运转")), "code-name")
    assert flat(found) == [("表二", "2010301", None, "code-name")]
    assert found[0].severity == "warning" and found[0].expected == "行政运行" and found[0].actual == "行政运转"


def test_code_name_allows_the_section_name_in_brackets() -> None:
    text = variant((f"201{T}03{T}01{T}行政运行{T}60.00{T}60.00{T}{T}",
                    f"201{T}03{T}01{T}行政运行（政府办公厅（室）及相关机构事务）{T}60.00{T}60.00{T}{T}"))
    assert findings(text, "code-name") == []


def test_an_unknown_class_is_a_warning() -> None:
    # the catalogue holds every 类: one it does not know is not a well-formed code
    found = findings(variant(("208 社会保障和就业支出", "299 社会保障和就业支出")), "code-unknown", "code-malformed")
    assert [(f.code, f.severity, f.actual) for f in found] == [("code-malformed", "warning", "299")]


def test_a_well_formed_unknown_code_is_info_checked_by_structure() -> None:
    text = BASE.replace(f"201{T}03{T}01{T}行政运行", f"201{T}03{T}97{T}行政运行")
    found = findings(text, "code-unknown", "code-malformed")
    assert {(f.code, f.severity, f.actual) for f in found} == {("code-unknown", "info", "2010397")}
    assert "目录未收录，已按结构核对" in found[0].message and "款 20103" in found[0].message


def test_an_unknown_item_is_info_when_its_section_is_printed_and_a_warning_when_nobody_knows_it() -> None:
    printed = BASE.replace(f"{T}03{T}{T}政府办公厅", f"{T}96{T}{T}政府办公厅").replace(f"201{T}03{T}", f"201{T}96{T}")
    found = findings(printed, "code-unknown", "code-malformed")
    assert {(f.code, f.actual) for f in found} == {("code-unknown", "20196"), ("code-unknown", "2019601"),
                                                     ("code-unknown", "2019602")}
    nowhere = BASE.replace(f"201{T}03{T}01{T}", f"201{T}96{T}01{T}")  # the 款 row still says 03
    found = findings(nowhere, "code-unknown", "code-malformed")
    assert [(f.code, f.severity, f.actual, f.expected) for f in found] == [
        ("code-malformed", "warning", "2019601", "20196")]


def test_a_name_is_checked_against_the_names_of_its_own_year() -> None:
    # 20805 was 行政事业单位离退休 in the 2019 documents, 行政事业单位养老支出 from 2021 on
    old = "行政事业单位离退休"
    in_2019 = BASE.replace("2022", "2019").replace("2021", "2018").replace("行政事业单位养老支出", old)
    assert [f for f in findings(in_2019, "code-name") if "20805" in f.message] == []
    in_2024 = BASE.replace("2022", "2024").replace("2021", "2023").replace("行政事业单位养老支出", old)
    found = [f for f in findings(in_2024, "code-name") if f.location.row == "20805"]
    assert found and found[0].severity == "warning" and found[0].expected == "行政事业单位养老支出"
    assert "“行政事业单位离退休”是2019 年的名称" in found[0].message


def test_the_name_of_a_sibling_code_is_a_warning() -> None:
    text = BASE.replace("机关事业单位基本养老保险缴费支出", "机关事业单位职业年金缴费支出")
    found = [f for f in findings(text, "code-name") if f.location.row == "2080505"]
    assert found and found[0].severity == "warning" and "科目 2080506 的名称" in found[0].message


def test_section_named_after_its_first_sub_item() -> None:
    text = variant((f"{T}31{T}公务用车运行维护费{T}3.00{T}{T}3.00\n302{T}31{T}公务用车运行维护费{T}3.00{T}{T}3.00",
                    f"{T}10{T}公务用车车辆经费{T}3.00{T}{T}3.00\n302{T}10{T}公务用车车辆经费{T}2.00{T}{T}2.00\n"
                    f"302{T}10{T}公务用车保险费{T}1.00{T}{T}1.00"))
    # 30210 is known from published documents (车辆运行费): the hint joins its code-name warning
    got = findings(text, "codes")
    assert flat(got) == [("表六", "30210", None, "code-name")]
    assert "与其第一个明细项相同" in got[0].message and "车辆运行费" in got[0].message
    # the catalogue knows no name of 30210 for 2022: a different name is info, not a warning
    assert got[0].severity == "info"


def test_section_named_after_its_first_sub_item_unknown_code() -> None:
    text = variant((f"{T}31{T}公务用车运行维护费{T}3.00{T}{T}3.00\n302{T}31{T}公务用车运行维护费{T}3.00{T}{T}3.00",
                    f"{T}98{T}车辆杂项经费{T}3.00{T}{T}3.00\n302{T}98{T}车辆杂项经费{T}2.00{T}{T}2.00\n"
                    f"302{T}98{T}车辆保险费{T}1.00{T}{T}1.00"))
    assert flat(findings(text, "section-named-after-item")) == [("表六", "30298", None, "section-named-after-item")]


def test_code_tree_item_without_its_section() -> None:
    text = variant((f"{T}05{T}{T}行政事业单位养老支出{T}20.00{T}20.00{T}\n", ""))
    assert flat(findings(text, "code-tree")) == [("表三", "2080505", None, "code-tree")]


def test_code_order() -> None:
    text = variant((f"财政拨款（补助）{T}120.00{T}201 一般公共服务支出{T}100.00\n一般公共预算{T}120.00{T}208 社会保障和就业支出{T}20.00",
                    f"财政拨款（补助）{T}120.00{T}208 社会保障和就业支出{T}20.00\n一般公共预算{T}120.00{T}201 一般公共服务支出{T}100.00"))
    assert flat(findings(text, "code-order")) == [("表一", "201", None, "code-order")]


def test_base_has_no_code_finding() -> None:
    assert findings(BASE, "codes") == []


def test_items_renumbered_in_sequence_are_one_finding() -> None:
    # a table numbering its 款 01, 02, 03 … instead of using the codes (Shanghai 福利院 2024: 咨询费 printed as 30202)
    text = variant((f"{T}01{T}办公费", f"{T}02{T}办公费"), (f"302{T}01{T}办公费", f"302{T}02{T}办公费"),
                   (f"{T}17{T}公务接待费", f"{T}03{T}公务接待费"), (f"302{T}17{T}公务接待费", f"302{T}03{T}公务接待费"),
                   (f"{T}31{T}公务用车运行维护费", f"{T}04{T}公务用车运行维护费"),
                   (f"302{T}31{T}公务用车运行维护费", f"302{T}04{T}公务用车运行维护费"))
    found = findings(text, "code-name", "code-renumbered")
    assert [(f.code, f.expected, f.actual) for f in found] == [("code-renumbered", "30201", "30202")]
    assert "办公费印作 30202（目录为 30201）" in found[0].message and len(found[0].compared) == 2
    one = variant((f"{T}17{T}公务接待费", f"{T}03{T}公务接待费"), (f"302{T}17{T}公务接待费", f"302{T}03{T}公务接待费"))
    assert [f.code for f in findings(one, "code-name", "code-renumbered")] == ["code-name"]


def test_codes_an_overview_does_not_print_are_not_checked() -> None:
    # classes named "一、…" without their code: the reader infers the code, the table did not print it
    text = variant((f"财政拨款（补助）{T}120.00{T}201 一般公共服务支出{T}100.00\n一般公共预算{T}120.00{T}208 社会保障和就业支出{T}20.00",
                    f"财政拨款（补助）{T}120.00{T}二、社会保障和就业支出{T}20.00\n一般公共预算{T}120.00{T}一、一般公共服务支出{T}100.00"))
    assert findings(text, "code-order", "code-name", "code-unknown") == []


def test_local_sub_items_printed_with_their_sections_code() -> None:
    from yusuan.checks.codes import economic_sub_items
    from yusuan.model import EconomicLine, Level

    lines = [EconomicLine(code=c, level=Level.SECTION, name=n) for c, n in
             (("30102", "津贴补贴"), ("30102", "规范性津补贴"), ("30102", "其他津补贴"), ("30103", "奖金"))]
    assert [ln.name for ln in economic_sub_items(lines)] == ["规范性津补贴", "其他津补贴"]


def test_a_document_never_attests_its_own_names() -> None:
    from yusuan import catalog

    mine = catalog.documents_of("江苏省人民检察院", 2019, "budget")
    assert len(mine) == 1
    with_me = catalog.functional().names("20805", 2019)
    without_me = catalog.functional().names("20805", 2019, exclude=mine)
    assert with_me.this_year["行政事业单位离退休"] == without_me.this_year["行政事业单位离退休"] + 1


def test_a_budget_unit_listed_with_its_unit_code_is_not_a_classification_line() -> None:
    # 收入总表 by unit (Suzhou, Wuxi): "327 无锡市统计局" is a unit code, not a 类
    text = variant((f"事业收入{T}{T}{T}", f"事业收入{T}{T}327 某某区某某局{T}"))
    assert findings(text, "code-unknown", "code-malformed") == []
    text = variant((f"事业收入{T}{T}{T}", f"事业收入{T}{T}298 某某保障支出{T}"))
    assert [f.actual for f in findings(text, "code-malformed")] == ["298"]
