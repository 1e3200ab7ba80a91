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
