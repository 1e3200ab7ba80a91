"""The printed page and the wording (issue 12): paired punctuation, sentence ends, a stray 。 in a name,
the document's name for itself, the year compared with itself, figures missing from a sentence, and
blank, unreadable and repeated pages."""

from __future__ import annotations

from checkdoc import BASE, findings, flat, read, variant

from yusuan.checks import check
from yusuan.model import PageFacts

SPENDING = "三、支出预算情况说明"
REASON = "基本支出 80.00 万元，占 66.67%，比上年增加 5.00 万元，增长 6.67%，主要原因是工资调整。"


# ---------------------------------------------------------------- paired punctuation


def test_a_stray_closing_bracket_is_reported() -> None:
    found = findings(variant((REASON, REASON.replace("工资调整", "工资调整）"))), "unpaired-punctuation")
    assert flat(found) == [(SPENDING, "）", None, "unpaired-punctuation")]
    assert found[0].severity == "warning" and "右括号" in found[0].message


def test_a_bracket_left_open_and_one_closed_by_the_wrong_mark() -> None:
    open_only = findings(variant((REASON, REASON.replace("工资调整", "（工资调整"))), "unpaired-punctuation")
    assert [f.actual for f in open_only] == ["（"] and "没有对应的右括号" in open_only[0].message
    crossed = findings(variant((REASON, REASON.replace("工资调整", "工资（含津贴〉调整"))), "unpaired-punctuation")
    assert len(crossed) == 1 and "以“〉”结束" in crossed[0].message  # one mistake, told once


def test_quotes_and_book_titles_must_pair() -> None:
    text = variant(("《关于下达 2022 年部门预算的通知》", "《关于下达 2022 年部门预算的通知"),
                   (REASON, REASON.replace("工资调整", "工资调整”")))
    assert sorted(f.actual for f in findings(text, "unpaired-punctuation")) == ["”", "《"]


def test_balanced_mixed_width_numbered_and_split_paragraphs_are_not_reported() -> None:
    assert findings(BASE, "unpaired-punctuation") == []
    mixed = variant((REASON, REASON.replace("工资调整", "工资调整（含津贴)")))
    numbered = variant((REASON, REASON.replace("主要原因是工资调整", "主要原因是：1）工资调整；2）人员增加")))
    # a bracket opened at the end of one paragraph and closed at the start of the next (a page break)
    split = variant((REASON, "基本支出 80.00 万元，占 66.67%（按支出\n\n—4—\n\n预算计），比上年增加 5.00 万元，增长 6.67%。"))
    for text in (mixed, numbered, split):
        assert findings(text, "unpaired-punctuation") == []


# ---------------------------------------------------------------- sentence ends and names


def test_a_stray_period_inside_the_department_name() -> None:
    text = variant(("某某区某某局 2022 年支出预算 120.00 万元", "某某区某。某局 2022 年支出预算 120.00 万元"))
    found = findings(text, "stray-period")
    assert [(f.code, f.expected) for f in found] == [("stray-period", "某某区某某局")]
    assert findings(BASE, "stray-period") == []


RUN_IN = ("（一）负责全区某某工作。", "（一）负责全区某某工作，统筹协调全区相关事务和日常管理（二）负责全区其他事务的监督检查工作。")


def test_an_item_running_into_the_next_without_its_full_stop() -> None:
    found = findings(variant(RUN_IN), "missing-sentence-end")
    assert [(f.code, f.severity) for f in found] == [("missing-sentence-end", "warning")]
    assert "第（一）项与第（二）项" in found[0].message


def test_a_list_item_without_its_full_stop_among_items_that_have_one() -> None:
    items = ("（一）负责全区某某工作。", "（一）负责全区某某工作和相关协调事务。\n\n（二）负责全区某某规划的编制，并组织实施工作\n\n"
                                  "（三）负责全区某某统计和信息发布工作。\n\n（四）完成区委、区人民政府交办的其他任务。")
    found = findings(variant(items), "missing-sentence-end")
    assert [f.actual for f in found] == ["作"] and "第（二）项末尾" in found[0].message


def test_lists_of_names_and_titles_are_not_sentences() -> None:
    names = ("（一）负责全区某某工作。", "内设机构包括：（一）办公室（二）法规科（三）计划财务科（四）执法监督科。")
    titles = ("（一）负责全区某某工作。", "（一）提质创新，开展扩大消费行动\n\n（二）招大引强，开展招商引资行动\n\n"
                                   "（三）稳质增效，开展对外开放行动")
    assert findings(variant(names), "missing-sentence-end") == []
    assert findings(variant(titles), "missing-sentence-end") == []
    assert findings(BASE, "missing-sentence-end") == []


# ---------------------------------------------------------------- the document's name for itself


def test_a_department_calling_itself_a_unit() -> None:
    text = variant(("2022 年，某某区某某局政府采购预算 6.00 万元", "2022 年，本单位政府采购预算 6.00 万元"))
    found = findings(text, "scope-wording")
    assert [(f.expected, f.actual) for f in found] == [("本部门", "本单位")]


UNIT = BASE.replace("部门预算", "单位预算")  # a unit's disclosure, worded as one


def test_a_unit_calling_its_budget_a_department_budget() -> None:
    assert findings(UNIT, "scope-wording") == []
    text = UNIT.replace("2022 年财政拨款收支总预算 120.00 万元。", "2022 年部门预算财政拨款收支总预算 120.00 万元。")
    assert [(f.expected, f.actual) for f in findings(text, "scope-wording")] == [("单位预算", "部门预算")]
    heading = UNIT.replace("第三部分 2022 年单位预算情况说明", "第三部分 2022 年部门预算情况说明")
    assert [(f.location.sentence, f.actual) for f in findings(heading, "scope-wording")] == [
        ("第三部分 2022年部门预算情况说明", "部门预算")]


def test_words_that_are_not_the_document_naming_itself() -> None:
    # a department speaks of its units' budgets, of a meeting room of the unit, of the 部门预算 classification
    text = variant(("2022 年财政拨款收支总预算 120.00 万元。",
                    "2022 年财政拨款收支总预算 120.00 万元，含下属单位预算。会议尽量在本单位会议室召开。"))
    assert findings(text, "scope-wording") == []
    unit_duty = UNIT.replace("（一）负责全区某某工作。", "（一）负责本部门经费统筹管理。")
    assert findings(unit_duty, "scope-wording") == []  # a duty copied from the 三定 text


# ---------------------------------------------------------------- years and figures


def test_the_year_compared_with_itself() -> None:
    text = variant(("比上年增加 5.00 万元，增长 6.67%，主要原因是工资调整", "比 2022 年预算增加 5.00 万元，增长 6.67%，主要原因是工资调整"))
    found = findings(text, "year-self-comparison")
    assert [(f.severity, f.expected, f.actual) for f in found] == [("error", "2021", "2022")]
    assert findings(BASE, "year-self-comparison") == []


def test_a_final_account_compares_with_its_own_years_budget() -> None:
    text = variant(("部门预算公开\n", "部门决算公开\n"),
                   ("比上年增加 5.00 万元，增长 6.67%，主要原因是工资调整", "比 2022 年年初预算增加 5.00 万元，主要原因是工资调整"))
    assert findings(text, "year-self-comparison") == []


def test_figures_missing_from_their_sentence() -> None:
    text = variant(("某某区某某局 2022 年支出预算 120.00 万元", "某某区某某局 2022 年预算支出万元"),
                   ("某某区某某局编制数10人", "某某区某某局编制数人"))
    found = findings(text, "number-missing")
    assert sorted(f.actual for f in found) == ["万元", "编制数人"]
    assert any("预算支出万元" in f.message for f in found)


def test_a_unit_named_in_a_note_is_not_a_missing_figure() -> None:
    text = variant(("某某区某某局 2022 年收支总预算 120.00 万元。",
                    "某某区某某局 2022 年收支总预算 120.00 万元。金额转化为万元时，可能存在尾差。"))
    assert findings(text, "number-missing") == []


# ---------------------------------------------------------------- pages (facts recorded by the PDF reader)


def _with_pages(*facts: PageFacts):  # type: ignore[no-untyped-def]
    d = read(BASE)
    return d.model_copy(update={"source": d.source.model_copy(update={"page_facts": list(facts), "path": "x.pdf"})})


def _page(number: int, glyphs: int = 800, **kw: object) -> PageFacts:
    return PageFacts(number=number, file="x.pdf", glyphs=glyphs, text_chars=kw.pop("text_chars", glyphs), **kw)  # type: ignore[arg-type]


PAGE_CODES = ["blank-page", "unreadable-page", "repeated-page", "hidden-text"]


def test_a_blank_page_inside_the_document() -> None:
    d = _with_pages(_page(1), _page(2, glyphs=1, text_chars=1), _page(3), _page(4, glyphs=0, text_chars=0))
    found = check(d, select=PAGE_CODES)
    assert [(f.code, f.location.page) for f in found] == [("blank-page", 2)]  # the last page is not inside


def test_a_page_with_a_table_or_a_picture_is_not_blank() -> None:
    d = _with_pages(_page(1), _page(2, glyphs=0, text_chars=0, ruled=True), _page(3, glyphs=0, text_chars=0,
                                                                                     image_share=0.9), _page(4))
    assert check(d, select=PAGE_CODES) == []


def test_an_unreadable_page() -> None:
    d = _with_pages(_page(1), _page(2, glyphs=400, unreadable=390, sample="\ue001\ue002\ue003"), _page(3))
    found = check(d, select=PAGE_CODES)
    assert [(f.code, f.location.page, f.actual) for f in found] == [("unreadable-page", 2, "390/400")]
    assert "\ue001" in found[0].message
    assert check(_with_pages(_page(1, unreadable=20), _page(2)), select=PAGE_CODES) == []  # a few odd marks


def test_a_page_that_repeats_an_earlier_one() -> None:
    d = _with_pages(_page(1), _page(2), _page(3, repeats=[2], repeated_share=0.95))
    found = check(d, select=PAGE_CODES)
    assert [(f.code, f.location.page, [r.page for r in f.compared]) for f in found] == [("repeated-page", 3, [2])]
    partly = _with_pages(_page(1), _page(2), _page(3, repeats=[2], repeated_share=0.5))
    assert check(partly, select=PAGE_CODES) == []


def test_text_outside_the_page_is_info_and_not_a_repeat() -> None:
    d = _with_pages(_page(1), _page(2, offpage=600, repeats=[1], repeated_share=0.97))
    assert [(f.code, f.severity) for f in check(d, select=PAGE_CODES)] == [("hidden-text", "info")]


def test_documents_without_pages_get_no_page_finding() -> None:
    assert findings(BASE, *PAGE_CODES) == []
