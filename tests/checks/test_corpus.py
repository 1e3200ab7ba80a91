"""Real published disclosures (../shared/corpus): the errors found were verified by hand against the PDF.

- 普陀区财政局 2025: the narrative says 职业年金 887.36 万元; every table says 873,617.00 元 (87.36 万元).
- 普陀区社会福利院 2024: 社会福利事业单位 738.66 万元 in the 财政拨款 narrative; the 一般公共预算 table says
  6,964,796 元 (696.48 万元), all money 958.48 万元; and “主要原因是。” is left unfinished.
- 万里街道 2023: item 16 copies 441.25 万元 and 60.54% from item 15 (its own amount is 220.63); 314.82% is
  not (45.41 − 11.67) ÷ 11.67; two items grow “100%” from 0; the five target tables add to 3351.33 万元,
  not the 3328.13 stated; 政府性基金拨款支出预算 is “0万元，比2022年预算增加1421.25万元” (the change of the
  一般公共预算 line copied: nothing can grow to 0).
- 普陀区政府办公室 2025 and 江苏省政协办公厅 2019 (narrative + tables): no error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.checks import check, walk
from yusuan.readers import read

pytestmark = pytest.mark.corpus


def _errors(*paths: Path) -> list[tuple[str, str | None]]:
    """Every error, roots and the consequences under them."""
    return sorted((f.code, f.actual) for f in walk(check(read(*paths))) if f.severity == "error")


def _roots(*paths: Path) -> list[tuple[str, str | None, int]]:
    """Root errors, each with the number of findings that follow from it."""
    return sorted((f.code, f.actual, len(f.related)) for f in check(read(*paths)) if f.severity == "error")


def test_putuo_government_office_2025_has_no_error(corpus: Path) -> None:
    assert _errors(corpus / "shanghai_putuo_zhengfu_bangongshi_2025_yusuan_dept.pdf") == []


def test_jiangsu_cppcc_2019_text_and_tables_has_no_error(corpus: Path) -> None:
    assert _errors(corpus / "jiangsu_zhengxie_bangongting_2019_yusuan_text.pdf",
                   corpus / "jiangsu_zhengxie_bangongting_2019_yusuan_tables.pdf") == []


def test_putuo_finance_bureau_2025_pension_typo(corpus: Path) -> None:
    # the same sentence is checked against the table twice (as a 项 and as a named line): one cause
    path = corpus / "shanghai_putuo_caizhengju_2025_yusuan_dept.pdf"
    assert _errors(path) == [("narrative-amount", "887.36"), ("narrative-amount", "887.36")]
    assert _roots(path) == [("narrative-amount", "887.36", 1)]


def test_putuo_welfare_home_2024(corpus: Path) -> None:
    assert _errors(corpus / "shanghai_putuo_shehui_fuliyuan_2024_yusuan_unit.pdf") == [
        ("narrative-amount", "738.66"), ("narrative-amount", "738.66"), ("unfinished-sentence", "主要原因是。")]


def test_wanli_subdistrict_2023(corpus: Path) -> None:
    path = corpus / "shanghai_putuo_wanli_jiedao_2023_yusuan_dept.pdf"
    assert _errors(path) == [
        ("change-exceeds-amount", "1421.25"), ("narrative-amount", "441.25"), ("narrative-conflict", "441.25"),
        ("performance-summary", "3328.13"),
        ("rate-from-zero", "100.00"), ("rate-from-zero", "100.00"), ("rate-mismatch", "314.82"),
        ("rate-mismatch", "60.54")]
    # item 16's copied 441.25 is the cause; its conflict with 220.63 and its rate 60.54% follow from it
    assert ("narrative-amount", "441.25", 2) in _roots(path) and len(_roots(path)) == 6


def _unresolved(*paths: Path) -> list[str | None]:
    return [f.location.sentence for f in check(read(*paths), select=["claim-unresolved"])]


def test_jiangsu_narratives_every_figure_resolved(corpus: Path) -> None:
    """Jiangsu writes lines as "2.社会保障和就业支出1890.27万元", "检察（款）行政运行（项）", a 款 marked as 类
    ("住房改革支出（类）住房公积金（项）") and speaks of 单位预留机动经费 and 结转下年资金 (columns of 表三)."""
    assert _unresolved(corpus / "jiangsu_jianchayuan_2019_yusuan.pdf") == []
    for name in ("renda_changweihui_bangongting", "zhengxie_bangongting"):
        assert _unresolved(corpus / f"jiangsu_{name}_2019_yusuan_text.pdf",
                           corpus / f"jiangsu_{name}_2019_yusuan_tables.pdf") == []


def test_jiangsu_procuratorate_2019_rates(corpus: Path) -> None:
    # 10.06%: 2214.39 ÷ (24169.74 − 2214.39) = 10.09%; 13.22% for 项目支出 is copied from 基本支出 the line before
    # (1237.7 ÷ 5573.0 = 22.21%); 住房公积金 368.97 ÷ 1073.77 = 34.36%, printed 34.38%
    assert _errors(corpus / "jiangsu_jianchayuan_2019_yusuan.pdf") == [
        ("rate-mismatch", "10.06"), ("rate-mismatch", "13.22"), ("rate-mismatch", "34.38")]


def test_putuo_finance_bureau_2024_final_accounts_narrative(corpus: Path) -> None:
    """决算 narratives name each 项 in a sentence of its own ("1、一般公共服务支出（类）财政事务（款）行政运行（项）。
    主要用于：… 年初预算为1560.05万元，支出决算为1511.89万元。"), and lines wrap mid-figure in the PDF
    ("…占99.79%；其他" / "收入6.2万元"; "一般公共服务支出" / "（类）2106.66万元"): every figure is resolved.
    Found: 财政拨款收入支出总计 "0.3万元" (T5: 2961.68); 一般公共服务支出 2106.66 ÷ 2940.05 = 71.65%, printed
    71.73%, so the four shares add to 100.07%."""
    pdf = corpus / "shanghai_putuo_caizhengju_2024_juesuan_dept.pdf"
    found = list(walk(check(read(pdf), select=["narrative", "narrative_internal"])))
    assert sorted((f.code, f.actual) for f in found if f.severity == "error") == [
        ("narrative-amount", "0.3"), ("narrative-share", "71.73"), ("share-sum", "100.07")]
    assert [f for f in found if f.code == "claim-unresolved"] == []
    assert _unresolved(corpus / "shanghai_putuo_shehui_gongzuobu_2024_juesuan_dept.pdf") == []


def test_wanli_2023_project_section_named_by_its_target_table(corpus: Path) -> None:
    """The section "项目经费情况说明" has no project name: the 绩效目标表 printed after it names it; its
    年度预算安排 is four quarters (25.88 + 180.74 + 186.60 + 16.78 = 410.00 万元 = the table's 4,100,000.00 元)."""
    d = read(corpus / "shanghai_putuo_wanli_jiedao_2023_yusuan_dept.pdf")
    [project] = d.projects
    assert project.name == "新建万里街道社区公共服务中心" and project.amount is None
    assert [str(q.value) for q in project.quarters] == ["25.88", "180.74", "186.60", "16.78"]
    assert check(d, select=["project-quarters"]) == []
    wrong = project.model_copy(update={"quarters": [*project.quarters[:3], project.quarters[0]]})
    found = check(d.model_copy(update={"projects": [wrong]}), select=["project-quarters"])
    assert [(f.expected, f.actual) for f in found] == [("410", "419.10")]


def test_welfare_home_2024_former_class_name(corpus: Path) -> None:
    pdf = corpus / "shanghai_putuo_shehui_fuliyuan_2024_yusuan_unit.pdf"
    found = check(read(pdf), select=["line-name", "claim-unresolved"])
    assert [(f.code, f.expected, f.actual) for f in found] == [("line-name", "卫生健康支出", "医疗卫生与计划生育支出")]


def test_welfare_home_2024_renumbered_economic_codes(corpus: Path) -> None:
    """Its 表八 numbers the 302 款 01–13 in order (咨询费 as 30202, 水费 as 30203 …): one finding."""
    found = check(read(corpus / "shanghai_putuo_shehui_fuliyuan_2024_yusuan_unit.pdf"), select=["code-renumbered"])
    assert [(f.expected, f.actual) for f in found] == [("30203", "30202")]
    assert "咨询费印作 30202（目录为 30203）" in found[0].message and "30206 办公设备购置费" in found[0].message
