"""One minimal case per finding code: the smallest change to ``checkdoc.BASE`` (or a model built from it)
that must give a finding of that code.

``tests/checks/test_engine.py`` runs every case through the public producers of findings (``check``,
and ``consolidation`` for a department and its units) and fails when a code of the registry has no case
or when a case no longer produces its code. The family tests (test_arithmetic.py, test_narrative.py …)
assert the details of each finding; this registry only guarantees that no code is left untested.
``BASE`` itself gives no finding at all (``test_base_document_is_clean``), so what a case finds comes
from its change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from checkdoc import BASE, T, read, variant

from yusuan.checks import Finding, check, walk
from yusuan.model import Disclosure, PageFacts

Case = Callable[[], list[Finding]]
CASES: dict[str, Case] = {}


def case(code: str) -> Callable[[Case], Case]:
    def register(fn: Case) -> Case:
        assert code not in CASES, f"two cases for {code}"
        CASES[code] = fn
        return fn

    return register


def found(text: str | Disclosure, prior: str | None = None) -> list[Finding]:
    """Every finding of a full check (roots and the consequences listed under them)."""
    d = read(text) if isinstance(text, str) else text
    return list(walk(check(d, prior=read(prior) if prior is not None else None)))


def changed(*pairs: tuple[str, str]) -> list[Finding]:
    return found(variant(*pairs))


def without(start: str, end: str) -> str:
    """BASE without the text from ``start`` up to (not including) ``end``."""
    i, j = BASE.index(start), BASE.index(end)
    return BASE[:i] + BASE[j:]


ITEM = "2022 年预算数为 60.00 万元，比上年预算数增加 3.00 万元，增长 5.26%"
REASON = "基本支出 80.00 万元，占 66.67%，比上年增加 5.00 万元，增长 6.67%，主要原因是工资调整。"
NO_FUND = "没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。"
PLAN = "预算安排规模：25.00 万元"
LAST_YEAR = BASE.replace("2022", "2021")  # last year printed the same amounts: every stated change is wrong


# ---------------------------------------------------------------- arithmetic inside one table

@case("tree-sum")
def _tree_sum() -> list[Finding]:
    return changed((f"{T}03{T}{T}政府办公厅（室）及相关机构事务{T}100.00{T}60.00{T}40.00",
                    f"{T}03{T}{T}政府办公厅（室）及相关机构事务{T}100.00{T}61.00{T}40.00"))


@case("item-sum")
def _item_sum() -> list[Finding]:
    return changed((f"301{T}01{T}地方补贴{T}20.00{T}20.00{T}", f"301{T}01{T}地方补贴{T}21.00{T}21.00{T}"))


@case("row-sum")
def _row_sum() -> list[Finding]:
    return changed((f"201{T}03{T}01{T}行政运行{T}60.00{T}60.00{T}\n", f"201{T}03{T}01{T}行政运行{T}60.00{T}59.00{T}\n"))


@case("grand-total")
def _grand_total() -> list[Finding]:
    return changed((f"{T}{T}{T}合 计{T}120.00{T}80.00{T}40.00", f"{T}{T}{T}合 计{T}120.00{T}81.00{T}40.00"))


@case("overview-sum")
def _overview_sum() -> list[Finding]:
    return changed((f"收 入 总 计{T}120.00", f"收 入 总 计{T}121.00"))


@case("three-public-sum")
def _three_public_sum() -> list[Finding]:
    return changed((f"4.00{T}{T}3.00{T}{T}3.00{T}1.00", f"5.00{T}{T}3.00{T}{T}3.00{T}1.00"))


@case("rounding")
def _rounding() -> list[Finding]:
    return changed((f"301{T}01{T}地方补贴{T}20.00{T}20.00{T}", f"301{T}01{T}地方补贴{T}20.01{T}20.01{T}"))


# ---------------------------------------------------------------- across tables

@case("cross-table")
def _cross_table() -> list[Finding]:
    return changed((f"{T}{T}合 计{T}80.00{T}70.00{T}10.00", f"{T}{T}合 计{T}81.00{T}71.00{T}10.00"))


@case("cross-subset")
def _cross_subset() -> list[Finding]:
    return changed((f"201{T}03{T}01{T}行政运行{T}60.00{T}60.00{T}{T}", f"201{T}03{T}01{T}行政运行{T}60.00{T}50.00{T}{T}10.00"),
                   (f"201{T}03{T}01{T}行政运行{T}60.00{T}60.00{T}\n", f"201{T}03{T}01{T}行政运行{T}55.00{T}55.00{T}\n"))


@case("three-public-basic")
def _three_public_basic() -> list[Finding]:
    return changed((f"{T}17{T}公务接待费{T}1.00{T}{T}1.00", f"{T}17{T}公务接待费{T}2.00{T}{T}2.00"),
                   (f"302{T}17{T}公务接待费{T}1.00{T}{T}1.00", f"302{T}17{T}公务接待费{T}2.00{T}{T}2.00"))


@case("table-unreliable")
def _table_unreliable() -> list[Finding]:
    # 表三 with its 基本/项目 columns read from another layout: no row adds up, and no few cells explain it
    return changed(
        (f"201{T}{T}{T}一般公共服务支出{T}100.00{T}60.00{T}40.00", f"201{T}{T}{T}一般公共服务支出{T}100.00{T}71.00{T}10.00"),
        (f"{T}03{T}{T}政府办公厅（室）及相关机构事务{T}100.00{T}60.00{T}40.00",
         f"{T}03{T}{T}政府办公厅（室）及相关机构事务{T}100.00{T}72.00{T}11.00"),
        (f"201{T}03{T}01{T}行政运行{T}60.00{T}60.00{T}\n", f"201{T}03{T}01{T}行政运行{T}60.00{T}33.00{T}1.00\n"),
        (f"208{T}{T}{T}社会保障和就业支出{T}20.00{T}20.00{T}\n", f"208{T}{T}{T}社会保障和就业支出{T}20.00{T}14.00{T}2.00\n"),
        (f"{T}{T}{T}合 计{T}120.00{T}80.00{T}40.00", f"{T}{T}{T}合 计{T}120.00{T}95.00{T}3.00"))


@case("suspect-cell")
def _suspect_cell() -> list[Finding]:
    return changed((f"201{T}03{T}01{T}行政运行{T}60.00{T}60.00{T}\n", f"201{T}03{T}01{T}行政运行{T}60.00{T}61.00{T}\n"))


# ---------------------------------------------------------------- completeness

@case("table-missing")
def _table_missing() -> list[Finding]:
    return found(without("表七：", "表八："))


@case("empty-table-missing")
def _empty_table_missing() -> list[Finding]:
    return found(without("表九：", "第三部分 2022 年部门预算情况说明\n\n一、"))


@case("empty-table-unstated")
def _empty_table_unstated() -> list[Finding]:
    return changed((NO_FUND, "政府性基金预算情况见表九。"))


@case("empty-table-has-figures")
def _empty_table_has_figures() -> list[Finding]:
    return changed((f"{T}{T}{T}合 计{T}{T}{T}", f"{T}{T}{T}合 计{T}5.00{T}{T}5.00"))


@case("section-missing")
def _section_missing() -> list[Finding]:
    return found(without("（二）政府采购情况", "（三）国有资产占用使用情况"))


@case("read-problem")
def _read_problem() -> list[Finding]:
    return found(without("第四部分 名词解释\n\n一、", "某某区某某局\n\n2022年2月6日"))


# ---------------------------------------------------------------- the narrative against the tables

@case("narrative-amount")
def _narrative_amount() -> list[Finding]:
    return changed(("基本支出 80.00 万元，占 66.67%", "基本支出 82.00 万元，占 66.67%"))


@case("narrative-share")
def _narrative_share() -> list[Finding]:
    return changed(("基本支出 80.00 万元，占 66.67%", "基本支出 80.00 万元，占 68.67%"))


@case("narrative-conflict")
def _narrative_conflict() -> list[Finding]:
    return changed(("其中：因公出国（境）费为 0 万元", "其中：因公出国（境）费为 1.00 万元"))


@case("narrative-change")
def _narrative_change() -> list[Finding]:
    return changed((f"合 计{T}因公出国（境）费{T}公务用车购置及运行费{T}{T}{T}公务接待费",
                    f"合 计{T}因公出国（境）费{T}公务用车购置及运行费{T}{T}{T}公务接待费{T}上年公务接待费"),
                   (f"{T}{T}合计{T}公务用车购置费{T}公务用车运行费{T}", f"{T}{T}合计{T}公务用车购置费{T}公务用车运行费{T}{T}"),
                   (f"4.00{T}{T}3.00{T}{T}3.00{T}1.00", f"4.00{T}{T}3.00{T}{T}3.00{T}1.00{T}0.90"))


@case("claim-unresolved")
def _claim_unresolved() -> list[Finding]:
    return changed(("（二）政府采购情况", "（二）其他事项\n\n另有 12.00 万元。\n\n（三）政府采购情况"))


@case("vehicle-purchase-plan")
def _vehicle_purchase_plan() -> list[Finding]:
    return changed(("1. 车辆 3 辆", "2022 年部门预算安排购置车辆经费 30.00 万元。\n\n1. 车辆 3 辆"))


@case("line-name")
def _line_name() -> list[Finding]:
    return changed(("1. 一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）",
                    "1. 公共管理与行政服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）"))


@case("unit-mismatch")
def _unit_mismatch() -> list[Finding]:
    return changed(("基本支出 80.00 万元，占 66.67%", "基本支出 80.00 元，占 66.67%"))


@case("share-forced")
def _share_forced() -> list[Finding]:
    # a generated budget whose class shares, rounded honestly, add up to 99.99% or 100.01%: one share moved by
    # 0.01 to make them 100.00% (planted by the test machinery, which says where)
    from yusuan.generate import generate_text
    from yusuan.readers import read_string
    from yusuan_testing.mistakes import plant_mistakes

    for seed in range(60):
        forced, planted = plant_mistakes(generate_text(seed), seed, kinds=["share-forced"])
        if planted:
            return found(read_string(forced))
    raise AssertionError("no generated budget with shares that do not add up to 100")


# ---------------------------------------------------------------- the narrative's own arithmetic

@case("rate-mismatch")
def _rate_mismatch() -> list[Finding]:
    return changed(("增加 5.00 万元，增长 6.67%", "增加 5.00 万元，增长 6.25%"))


@case("rate-from-zero")
def _rate_from_zero() -> list[Finding]:
    return changed((ITEM, "2022 年预算数为 60.00 万元，比上年预算数增加 60.00 万元，增长 100%"))


@case("change-exceeds-amount")
def _change_exceeds_amount() -> list[Finding]:
    return changed((ITEM, "2022 年预算数为 60.00 万元，比上年预算数增加 70.00 万元，增长 5.26%"))


@case("direction-mismatch")
def _direction_mismatch() -> list[Finding]:
    return changed((ITEM, "2022 年预算数为 60.00 万元，比上年预算数增加 3.00 万元，下降 5.26%"))


@case("change-sum")
def _change_sum() -> list[Finding]:
    return changed(("比上年增加 10.00 万元，增长 9.09%，主要原因是人员增加", "比上年增加 12.00 万元，增长 11.11%，主要原因是人员增加"))


@case("parts-sum")
def _parts_sum() -> list[Finding]:
    return changed(("“三公”经费数为 4.00 万元", "“三公”经费数为 5.00 万元"))


@case("part-exceeds-whole")
def _part_exceeds_whole() -> list[Finding]:
    return changed(("1. 车辆 3 辆，价值 60.00 万元；其中：一般公务用车 2 辆", "1. 车辆 3 辆，价值 60.00 万元；其中：一般公务用车 5 辆"))


@case("vehicles-sum")
def _vehicles_sum() -> list[Finding]:
    return changed(("一般公务用车 2 辆", "一般公务用车 3 辆"))


@case("share-sum")
def _share_sum() -> list[Finding]:
    return changed(("占 33.33%", "占 34.33%"))


@case("staff-sum")
def _staff_sum() -> list[Finding]:
    return changed(("实有人数9人", "实有人数10人"))


# ---------------------------------------------------------------- projects and performance targets

@case("project-name")
def _project_name() -> list[Finding]:
    return changed(("1、项目名称：项目甲经费", "1、项目名称：2022年项目甲经费"))


@case("project-unmatched")
def _project_unmatched() -> list[Finding]:
    return changed(("八、关于某某区某某局 2022 年一般公共预算“三公”",
                    "3、项目名称：项目丙经费\n\n预算安排规模：5.00 万元\n\n八、关于某某区某某局 2022 年一般公共预算“三公”"))


@case("project-amount")
def _project_amount() -> list[Finding]:
    return changed(("预算安排规模：25.00 万元", "预算安排规模：26.00 万元"))


@case("project-quarters")
def _project_quarters() -> list[Finding]:
    return changed((PLAN, f"{PLAN}，其中第一季度用款计划 5.00 万元，第二季度用款计划 10.00 万元，"
                          "第三季度用款计划 5.00 万元，第四季度用款计划 4.00 万元"))


@case("target-funds")
def _target_funds() -> list[Finding]:
    return changed((f"年度资金总额:{T}25.00{T}其中: 财政拨款{T}25.00", f"年度资金总额:{T}26.00{T}其中: 财政拨款{T}25.00"))


@case("cost-indicator")
def _cost_indicator() -> list[Finding]:
    return changed(("=250000 元", "=260000 元"))


@case("subsidy-total")
def _subsidy_total() -> list[Finding]:
    return changed(("补贴人数：3 人", "补贴人数：4 人"))


@case("performance-summary")
def _performance_summary() -> list[Finding]:
    return changed(("一般公共预算项目 2 个", "一般公共预算项目 3 个"))


@case("target-copied")
def _target_copied() -> list[Finding]:
    return changed((f"{T}成本指标{T}项目执行资金{T}{T}=150000.00", f"{T}成本指标{T}项目甲执行资金{T}{T}=150000.00"))


# ---------------------------------------------------------------- classification codes

@case("code-name")
def _code_name() -> list[Finding]:
    return changed((f"201{T}03{T}01{T}行政运行", f"201{T}03{T}01{T}行政运转"))


@case("code-malformed")
def _code_malformed() -> list[Finding]:
    return changed(("208 社会保障和就业支出", "299 社会保障和就业支出"))


@case("code-unknown")
def _code_unknown() -> list[Finding]:
    return found(BASE.replace(f"201{T}03{T}01{T}行政运行", f"201{T}03{T}97{T}行政运行"))


@case("code-tree")
def _code_tree() -> list[Finding]:
    return changed((f"{T}05{T}{T}行政事业单位养老支出{T}20.00{T}20.00{T}\n", ""))


@case("code-order")
def _code_order() -> list[Finding]:
    return changed((f"财政拨款（补助）{T}120.00{T}201 一般公共服务支出{T}100.00\n一般公共预算{T}120.00{T}208 社会保障和就业支出{T}20.00",
                    f"财政拨款（补助）{T}120.00{T}208 社会保障和就业支出{T}20.00\n一般公共预算{T}120.00{T}201 一般公共服务支出{T}100.00"))


@case("code-renumbered")
def _code_renumbered() -> list[Finding]:
    return changed((f"{T}01{T}办公费", f"{T}02{T}办公费"), (f"302{T}01{T}办公费", f"302{T}02{T}办公费"),
                   (f"{T}17{T}公务接待费", f"{T}03{T}公务接待费"), (f"302{T}17{T}公务接待费", f"302{T}03{T}公务接待费"),
                   (f"{T}31{T}公务用车运行维护费", f"{T}04{T}公务用车运行维护费"),
                   (f"302{T}31{T}公务用车运行维护费", f"302{T}04{T}公务用车运行维护费"))


@case("section-named-after-item")
def _section_named_after_item() -> list[Finding]:
    return changed((f"{T}31{T}公务用车运行维护费{T}3.00{T}{T}3.00\n302{T}31{T}公务用车运行维护费{T}3.00{T}{T}3.00",
                    f"{T}98{T}车辆杂项经费{T}3.00{T}{T}3.00\n302{T}98{T}车辆杂项经费{T}2.00{T}{T}2.00\n"
                    f"302{T}98{T}车辆保险费{T}1.00{T}{T}1.00"))


# ---------------------------------------------------------------- text, wording and the printed page

@case("template-residue")
def _template_residue() -> list[Finding]:
    return changed(("项目支出 40.00 万元，占 33.33%，比上年增加", "项目支出 40.00 万元，占 33.33%，比上年增加（减少）"))


@case("unfinished-sentence")
def _unfinished_sentence() -> list[Finding]:
    return changed(("主要原因是工资调整。", "主要原因是。"))


@case("number-missing")
def _number_missing() -> list[Finding]:
    return changed(("比上年预算减少 1.00 万元", "比上年预算减少万元"))


@case("doubled-punctuation")
def _doubled_punctuation() -> list[Finding]:
    return changed(("主要原因是工资调整。", "主要原因是工资调整。。"))


@case("unpaired-punctuation")
def _unpaired_punctuation() -> list[Finding]:
    return changed((REASON, REASON.replace("工资调整", "工资调整）")))


@case("stray-period")
def _stray_period() -> list[Finding]:
    return changed(("某某区某某局 2022 年支出预算 120.00 万元", "某某区某。某局 2022 年支出预算 120.00 万元"))


@case("missing-sentence-end")
def _missing_sentence_end() -> list[Finding]:
    return changed(("（一）负责全区某某工作。",
                    "（一）负责全区某某工作，统筹协调全区相关事务和日常管理（二）负责全区其他事务的监督检查工作。"))


@case("scope-wording")
def _scope_wording() -> list[Finding]:
    return changed(("2022 年，某某区某某局政府采购预算 6.00 万元", "2022 年，本单位政府采购预算 6.00 万元"))


@case("stale-year")
def _stale_year() -> list[Finding]:
    return changed(("确保 2022 年度某某工作", "确保 2021 年度某某工作"))


@case("year-self-comparison")
def _year_self_comparison() -> list[Finding]:
    return changed(("比上年增加 5.00 万元，增长 6.67%，主要原因是工资调整", "比 2022 年预算增加 5.00 万元，增长 6.67%，主要原因是工资调整"))


def _with_pages(*facts: PageFacts) -> list[Finding]:
    """BASE as if read from a PDF whose pages the reader described so."""
    d = read(BASE)
    return found(d.model_copy(update={"source": d.source.model_copy(update={"page_facts": list(facts),
                                                                             "path": "x.pdf"})}))


def _page(number: int, glyphs: int = 800, **kw: object) -> PageFacts:
    return PageFacts(number=number, file="x.pdf", glyphs=glyphs, text_chars=kw.pop("text_chars", glyphs), **kw)  # type: ignore[arg-type]


@case("blank-page")
def _blank_page() -> list[Finding]:
    return _with_pages(_page(1), _page(2, glyphs=1, text_chars=1), _page(3))


@case("unreadable-page")
def _unreadable_page() -> list[Finding]:
    return _with_pages(_page(1), _page(2, glyphs=400, unreadable=390, sample="\ue001\ue002\ue003"), _page(3))


@case("repeated-page")
def _repeated_page() -> list[Finding]:
    return _with_pages(_page(1), _page(2), _page(3, repeats=[2], repeated_share=0.95))


@case("hidden-text")
def _hidden_text() -> list[Finding]:
    return _with_pages(_page(1), _page(2, offpage=600, repeats=[1], repeated_share=0.97))


# ---------------------------------------------------------------- across documents

@case("prior-figure")
def _prior_figure() -> list[Finding]:
    return found(BASE, prior=LAST_YEAR)


@case("prior-not-comparable")
def _prior_not_comparable() -> list[Finding]:
    return found(BASE, prior=BASE)  # a "prior" of the same year


@case("department-units")
def _department_units() -> list[Finding]:
    from yusuan.checks.across import consolidation
    from yusuan.model import BudgetUnit, Profile

    dept = read(BASE)
    dept = dept.model_copy(update={"profile": Profile(units=[BudgetUnit(name="某某区某某局", role="self")])})
    short = read(variant(("部门预算公开\n", "单位预算公开\n"), (f"收 入 总 计{T}120.00", f"收 入 总 计{T}110.00")))
    return list(walk(consolidation([dept, short])))


# ---------------------------------------------------------------- the engine

@case("internal-error")
def _internal_error() -> list[Finding]:
    from yusuan.checks.registry import CODES, RULES, Context, rule

    @rule("test-crash", "error", family="arithmetic", description="crashes", example="…")
    def crashing(ctx: Context) -> Iterator[Finding]:
        raise ValueError("boom")
        yield  # pragma: no cover

    try:
        return found(BASE)
    finally:
        RULES.pop("arithmetic.crashing")
        CODES.pop("test-crash")
