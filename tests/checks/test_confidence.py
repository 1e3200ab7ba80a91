"""Errors only where the reading is sure, and one finding per root cause (checks/confidence.py, roots.py)."""

from __future__ import annotations

from yusuan.checks import check, walk

from .checkdoc import T, flat, read, roots, variant

# 表三 with its 基本/项目 columns read from another layout: no row adds up, and no few cells explain it
_MISREAD_EXPENDITURE = [
    (f"201{T}{T}{T}一般公共服务支出{T}100.00{T}60.00{T}40.00", f"201{T}{T}{T}一般公共服务支出{T}100.00{T}71.00{T}10.00"),
    (f"{T}03{T}{T}政府办公厅（室）及相关机构事务{T}100.00{T}60.00{T}40.00",
     f"{T}03{T}{T}政府办公厅（室）及相关机构事务{T}100.00{T}72.00{T}11.00"),
    (f"201{T}03{T}01{T}行政运行{T}60.00{T}60.00{T}\n", f"201{T}03{T}01{T}行政运行{T}60.00{T}33.00{T}1.00\n"),
    (f"208{T}{T}{T}社会保障和就业支出{T}20.00{T}20.00{T}\n", f"208{T}{T}{T}社会保障和就业支出{T}20.00{T}14.00{T}2.00\n"),
    (f"{T}{T}{T}合 计{T}120.00{T}80.00{T}40.00", f"{T}{T}{T}合 计{T}120.00{T}95.00{T}3.00"),
]


def test_a_table_read_in_doubt_gives_one_warning_and_no_error() -> None:
    d = read(variant(*_MISREAD_EXPENDITURE))
    reading = d.reading("表三")
    assert reading is not None and not reading.confident and reading.held < reading.checks
    found = check(d)
    assert not any(f.severity == "error" and f.location.table == "表三" for f in walk(found))
    warnings = [f for f in found if f.code == "table-unreliable"]
    assert [f.location.table for f in warnings] == ["表三"]
    absorbed = warnings[0].related
    assert {"row-sum", "tree-sum"} <= {f.code for f in absorbed} and all(f.severity == "info" for f in absorbed)
    assert "未能可靠识别" in warnings[0].message and f"{len(absorbed)} 项" in warnings[0].message


def test_a_consistent_table_is_read_with_confidence() -> None:
    d = read(variant())
    assert all(r.confident and r.held == r.checks for r in d.readings if r.checks)
    assert not [f for f in check(d) if f.code == "table-unreliable"]


def test_one_wrong_cell_is_one_error_with_its_consequences_under_it() -> None:
    # 表三 2010301 基本支出 60.00 → 61.00 fails its row, its 款 and 类, the total row and 表五's figure
    found = roots(variant((f"201{T}03{T}01{T}行政运行{T}60.00{T}60.00{T}\n", f"201{T}03{T}01{T}行政运行{T}60.00{T}61.00{T}\n")))
    errors = [f for f in found if f.severity == "error"]
    assert len(errors) == 1, flat(errors)
    root = errors[0]
    assert (root.location.table, root.location.row, root.location.column) == ("表三", "2010301", "基本支出")
    assert root.code == "suspect-cell" and root.expected == "60.00"
    assert {"row-sum", "tree-sum"} <= {f.code for f in root.related}
    assert len([f for f in walk(found) if f.severity == "error"]) > 3  # nothing lost: listed under the root


def test_a_figure_whose_subject_is_not_sure_is_info_not_error() -> None:
    # "一般公共预算安排委托业务费 5.00 万元": the figure is the 委托业务费's, not 一般公共预算 income (120.00)
    text = variant(("一般公共预算 120.00 万元，占 100.00%，比上年增加 10.00 万元，增长 9.09%，主要原因是人员增加。",
                    "一般公共预算 120.00 万元，占 100.00%，比上年增加 10.00 万元，增长 9.09%，主要原因是人员增加。"
                    "一般公共预算安排委托业务费 5.00 万元。"))
    d = read(text)
    claim = next(c for c in d.narrative.claims if str(c.value) == "5.00")
    assert claim.doubt is not None and "委托业务费" in claim.doubt
    found = [f for f in walk(check(d)) if f.location.sentence and "委托业务费" in f.location.sentence]
    assert found and all(f.severity == "info" and "未作为错误报告" in f.message for f in found)


def test_a_figure_named_in_its_own_clause_is_sure() -> None:
    d = read(variant())
    income = next(c for c in d.narrative.claims if c.sentence.startswith("一般公共预算120.00") and c.unit == "万元")
    share = next(c for c in d.narrative.claims if c.sentence.startswith("一般公共预算120.00") and c.unit == "%")
    assert income.sure and share.sure  # "…，占 100.00%": the share speaks of the figure before it


def test_an_amount_typo_is_the_root_of_the_share_and_rate_computed_from_it() -> None:
    # 基本支出 82.00 (表: 80.00); its share 68.33% agrees with 82.00, so it follows from the amount
    text = variant(("基本支出 80.00 万元，占 66.67%", "基本支出 82.00 万元，占 68.33%"))
    errors = [f for f in roots(text) if f.severity == "error"]
    amount = next(f for f in errors if f.code == "narrative-amount")
    assert "narrative-share" in {f.code for f in amount.related}
    assert not any(f.code == "narrative-share" for f in errors)
