"""Completeness: tables the contents list, empty tables and what the text says of them, sections."""

from __future__ import annotations

from checkdoc import BASE, T, findings, flat, variant


def _without(start: str, end: str) -> str:
    i, j = BASE.index(start), BASE.index(end)
    return BASE[:i] + BASE[j:]


def test_table_listed_in_contents_but_missing() -> None:
    found = findings(_without("表七：", "表八："), "table-missing")
    assert flat(found) == [("表七", None, None, "table-missing")]
    assert found[0].severity == "error" and found[0].expected == "七、一般公共预算项目支出情况表"


def test_empty_table_said_empty_but_not_published() -> None:
    found = findings(_without("表九：", "第三部分 2022 年部门预算情况说明\n\n一、"), "empty-table-missing")
    assert flat(found) == [("表九", None, None, "empty-table-missing")]


def test_empty_table_published_without_a_statement() -> None:
    text = variant(("没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。", "政府性基金预算情况见表九。"))
    assert flat(findings(text, "empty-table-unstated")) == [("表九", None, None, "empty-table-unstated")]


def test_table_said_empty_holds_figures() -> None:
    text = variant((f"{T}{T}{T}合 计{T}{T}{T}", f"{T}{T}{T}合 计{T}5.00{T}{T}5.00"))
    found = findings(text, "empty-table-has-figures")
    assert [f.code for f in found] == ["empty-table-has-figures"] * len(found) and found


def test_required_section_missing() -> None:
    text = _without("（二）政府采购情况", "（三）国有资产占用使用情况")
    found = findings(text, "section-missing")
    assert [(f.code, f.expected) for f in found] == [("section-missing", "政府采购")]


def test_read_problem_missing_part() -> None:
    text = _without("第四部分 名词解释\n\n一、", "某某区某某局\n\n2022年2月6日")
    found = findings(text, "read-problem")
    assert any(f.severity == "error" and f.actual == "missing-part" for f in found)


def test_base_has_no_completeness_finding() -> None:
    assert findings(BASE, "completeness") == []


NO_FUND = "没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。"


def test_an_empty_table_explained_by_a_note_or_by_saying_there_is_no_such_money() -> None:
    # “注：本表本年无发生额” under the table; “政府性基金拨款支出预算为0” or “本部门无此项支出” in the narrative
    note = variant((NO_FUND, "政府性基金预算情况见表九。"),
                   (f"{T}{T}{T}合 计{T}{T}{T}\n", f"{T}{T}{T}合 计{T}{T}{T}\n注：本表本年无发生额。\n"))
    zero = variant((NO_FUND, "政府性基金拨款支出预算为0。"))
    none = variant((NO_FUND, "本部门无政府性基金预算支出。"))
    for text in (note, zero, none):
        assert findings(text, "empty-table-unstated") == []


def test_a_change_of_zero_does_not_explain_an_empty_table() -> None:
    text = variant((NO_FUND, "政府性基金预算支出比上年增加0万元。"))
    assert flat(findings(text, "empty-table-unstated")) == [("表九", None, None, "empty-table-unstated")]


def test_the_list_of_budget_units_is_not_an_empty_table() -> None:
    from checkdoc import read

    from yusuan.checks import check
    from yusuan.model import PrintedTable, Row, TableKind

    d = read(BASE)
    units = PrintedTable(id="T1", title="单位构成", kind=TableKind.UNITS, rows=[Row(cells=["1", "某某区某某局"])])
    d = d.model_copy(update={"tables": [units, *d.tables]})
    assert check(d, select=["empty-table-unstated"]) == []


def test_a_table_yusuan_cannot_recognise_is_info() -> None:
    # a table of key projects printed inside the narrative without a title: kept, listed, not a warning
    table = f"项目{T}预算数（单位：万元）{T}绩效目标\n项目甲经费{T}25{T}确保某某工作顺利开展\n\n"
    text = variant(("（四）预算绩效情况\n\n", "（四）预算绩效情况\n\n" + table))
    found = [f for f in findings(text, "read-problem") if f.actual == "table-unrecognized"]
    assert found and {f.severity for f in found} == {"info"}
