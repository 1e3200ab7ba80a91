"""Text quality: template residue, cut-off sentences, punctuation, 部门/单位 wording, stale years."""

from __future__ import annotations

from checkdoc import BASE, findings, flat, variant

SPENDING = "三、支出预算情况说明"


def test_template_residue() -> None:
    text = variant(("项目支出 40.00 万元，占 33.33%，比上年增加", "项目支出 40.00 万元，占 33.33%，比上年增加（减少）"))
    found = findings(text, "template-residue")
    assert flat(found) == [(SPENDING, "增加（减少）", None, "template-residue")] and found[0].severity == "error"


def test_template_alternative_in_brackets() -> None:
    text = variant(("1. 车辆 3 辆", "未安排购置车辆经费（或安排购置车辆经费 0 万元）。\n\n1. 车辆 3 辆"))
    assert [f.actual for f in findings(text, "template-residue")] == ["（或安排购置车辆经费0万元）"]


def test_unfinished_sentence() -> None:
    found = findings(variant(("主要原因是工资调整。", "主要原因是。")), "unfinished-sentence")
    assert flat(found) == [(SPENDING, "主要原因是。", None, "unfinished-sentence")]


def test_number_missing_before_a_unit() -> None:
    found = findings(variant(("比上年预算减少 1.00 万元", "比上年预算减少万元")), "number-missing")
    assert [f.actual for f in found] == ["减少万元"]


def test_doubled_punctuation() -> None:
    found = findings(variant(("主要原因是工资调整。", "主要原因是工资调整。。")), "doubled-punctuation")
    assert [(f.severity, f.actual) for f in found] == [("warning", "。。")]


def test_unit_disclosure_calling_itself_a_department() -> None:
    unit = BASE.replace("部门预算", "单位预算")  # worded as a unit's disclosure throughout
    text = unit.replace("某某区某某局 2022 年收支总预算", "本部门 2022 年收支总预算")
    found = findings(text, "scope-wording")
    assert [(f.code, f.expected, f.actual) for f in found] == [("scope-wording", "本单位", "本部门")]


def test_stale_year_in_a_target_goal() -> None:
    found = findings(variant(("确保 2022 年度某某工作", "确保 2021 年度某某工作")), "stale-year")
    assert [(f.code, f.location.row, f.expected, f.actual) for f in found] == [("stale-year", "项目总体目标", "2022", "2021")]


def test_years_after_jiezhi_and_comparisons_are_not_stale() -> None:
    assert findings(BASE, "stale-year") == []  # "截至 2021 年底" is right in a 2022 budget


def test_base_has_no_text_finding() -> None:
    assert findings(BASE, "text") == []


def test_stale_year_in_a_heading() -> None:
    text = variant(("三、关于某某区某某局 2022 年支出预算情况说明", "三、关于某某区某某局 2021 年支出预算情况说明"))
    assert [(f.code, f.actual) for f in findings(text, "stale-year")] == [("stale-year", "2021")]
