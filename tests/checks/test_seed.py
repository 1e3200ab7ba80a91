"""The seed's real mistakes, each found as an error with expected and actual values."""

from __future__ import annotations

from yusuan.checks import check, walk
from yusuan.report import flat


def _errors(seed):  # type: ignore[no-untyped-def]
    """Every error, the roots and the consequences listed under them."""
    return {(*flat(f), f.expected, f.actual) for f in walk(check(seed)) if f.severity == "error"}


INCOME = "二、收入预算情况说明"
USE = "（三）一般公共预算当年拨款具体使用情况"

EXPECTED_ERRORS = {
    # 表四's 合计 column is blank while 一般公共预算 holds 564.48 / 30.60 / 595.08
    ("表四", "201", "合计", "row-sum", "564.48", "0"),
    ("表四", "208", "合计", "row-sum", "30.60", "0"),
    ("表四", "支出总计", "合计", "row-sum", "595.08", "0"),
    # 收入说明: 一般公共预算 564.48 (表一/表二: 595.08), and so its share 94.86% (100%)
    (INCOME, "564.48万元", None, "narrative-amount", "595.08", "564.48"),
    (INCOME, "94.86%", None, "narrative-share", "100.00", "94.86"),
    # stated change 79.3 vs 基本支出 +20.08 and 项目支出 +57.45 (= the six 项 changes) = 77.53
    (INCOME, "79.3万元", None, "change-sum", "77.53", "79.3"),
    # 其他民族事务支出 增加 100% from a prior of 0
    (USE, "100%", None, "rate-from-zero", "不适用（上年为 0）", "100"),
    # 基层政权建设和社区治理 减少 4.3 → prior 8.59 → 50.06%, stated 下降 110%
    (USE, "110%", None, "rate-mismatch", "50.06", "110"),
    # 机关运行经费 减少 3.29: 8.98% is 3.29/36.62; right is 3.29/39.91 = 8.24%
    ("（一）机关运行经费情况", "8.98%", None, "rate-mismatch", "8.24", "8.98"),
    # 三公 change −4.04 vs its parts −4.04 + 0.02 = −4.02
    ("八、一般公共预算“三公”经费预算情况说明", "4.04万元", None, "change-sum", "-4.02", "-4.04"),
    # 表九 listed in the contents and said to be empty, but not printed
    ("表九", None, None, "empty-table-missing", "九、政府性基金预算支出情况表", "（未公开）"),
    # 乌财行 target table: 14.36 万元 and 成本指标 =143600.00 while 表七 says 12.39
    ("T13", "乌财行[2020]23号—拨付2019年度“忠诚干净担当好班子”奖金(用于民族团结等活动)", None, "project-amount",
     "12.39", "14.36"),
    ("T13", "项目金额", None, "cost-indicator", "123900.00", "143600.00"),
    # template residue
    (INCOME, "增加（减少）", None, "template-residue", None, "增加（减少）"),
    ("（三）国有资产占用使用情况", "（或安排购置车辆经费0万元）", None, "template-residue", None, "（或安排购置车辆经费0万元）"),
}


def test_every_real_mistake_of_the_seed_is_an_error_with_expected_and_actual(seed) -> None:  # type: ignore[no-untyped-def]
    assert _errors(seed) == EXPECTED_ERRORS


def test_one_root_per_cause(seed) -> None:  # type: ignore[no-untyped-def]
    """表四's blank 合计 column is one cause (its three rows follow from it); the share 94.86% is computed
    from the wrong amount 564.48 stated in the same sentence, so it follows from that amount."""
    roots = {flat(f): sorted(flat(r) for r in f.related) for f in check(seed) if f.severity == "error"}
    assert roots[("表四", "201", "合计", "row-sum")] == [("表四", "208", "合计", "row-sum"),
                                                         ("表四", "支出总计", "合计", "row-sum")]
    assert roots[(INCOME, "564.48万元", None, "narrative-amount")] == [(INCOME, "94.86%", None, "narrative-share")]
    assert len(roots) == len(EXPECTED_ERRORS) - 3


def test_the_seeds_lesser_problems_are_warnings_or_info(seed) -> None:  # type: ignore[no-untyped-def]
    found = {(flat(f), f.severity) for f in check(seed) if f.severity != "error"}
    assert (("表一", "209", None, "code-order"), "warning") in found  # 209 listed after 210
    # 30399's 款 row is named after its first sub-item: the catalogue knows 30399 (printed in published
    # documents), so the hint is part of its code-name warning
    named = [f for f in check(seed) if flat(f)[:2] == ("表六", "30399")]
    assert [f.code for f in named] == ["code-name"] and "与其第一个明细项相同" in named[0].message
    assert (("表六", "30102", None, "code-name"), "warning") in found  # 工资津贴补贴 vs 津贴补贴
    assert (("表一", "234", None, "code-name"), "warning") in found  # 抗疫特别国债还本支出
    assert (("T10", "项目总体目标", None, "stale-year"), "warning") in found  # 完成 2020 年…包联工作
    names = {f[0] for f in found if f[0][3] == "project-name"}
    assert len(names) == 4 and all(sev == "info" for (_, _, _, c), sev in found if c == "project-name")
