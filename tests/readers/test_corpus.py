"""Every real disclosure of ../shared/corpus read whole: identity, every table recognised, golden summary.

Every figure of the golden summaries (tests/golden/corpus/*.json) was checked by hand on the page images
(pdftoppm), row by row; each golden says on which page and table each part was read (``where``) and each
line carries its ``page``. Tables printed in 元 are converted to 万元 exactly (91,016,775.35 元 →
"9101.677535"). These files are never written by a test: a figure changes only after reading the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labels import load_checked
from yusuan.model import TableKind
from yusuan.summary import summary

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "corpus"

# name → (files, year, kind, scope, department, layout, table kinds in order)
S9 = ["overview", "income", "expenditure", "fiscal_overview", "general_budget", "gov_fund", "state_capital",
      "general_basic", "three_public"]
F9 = ["units", "overview", "income", "expenditure", "fiscal_overview", "general_budget", "general_basic",
      "three_public", "gov_fund", "state_capital"]
J12 = ["overview", "income", "expenditure", "fiscal_overview", "fiscal_expenditure", "basic_economic",
       "general_budget", "general_basic", "three_public", "gov_fund", "operating_costs", "procurement"]
CASES: dict[str, tuple[list[str], int, str, str, str, str, list[str]]] = {
    "shanghai_putuo_zhengfu_bangongshi_2025_yusuan_dept": (
        ["shanghai_putuo_zhengfu_bangongshi_2025_yusuan_dept"], 2025, "budget", "department",
        "上海市普陀区人民政府办公室", "shanghai", S9),
    "shanghai_putuo_shangwuwei_2025_yusuan_dept": (
        ["shanghai_putuo_shangwuwei_2025_yusuan_dept"], 2025, "budget", "department", "上海市普陀区商务委员会",
        "shanghai", S9),
    "shanghai_putuo_caizhengju_2025_yusuan_dept": (
        ["shanghai_putuo_caizhengju_2025_yusuan_dept"], 2025, "budget", "department", "上海市普陀区财政局",
        "shanghai", S9),
    "shanghai_putuo_wanli_jiedao_2023_yusuan_dept": (
        ["shanghai_putuo_wanli_jiedao_2023_yusuan_dept"], 2023, "budget", "department",
        "上海市普陀区人民政府万里街道办事处", "shanghai", S9 + ["performance"] * 5),
    "shanghai_putuo_wanli_jiedao_2025_yusuan_dept": (
        ["shanghai_putuo_wanli_jiedao_2025_yusuan_dept"], 2025, "budget", "department",
        "上海市普陀区人民政府万里街道办事处", "shanghai", S9),
    "shanghai_putuo_shehui_fuliyuan_2024_yusuan_unit": (
        ["shanghai_putuo_shehui_fuliyuan_2024_yusuan_unit"], 2024, "budget", "unit", "上海市普陀区社会福利院",
        "shanghai", S9),
    "shanghai_putuo_caizhengju_2024_juesuan_dept": (
        ["shanghai_putuo_caizhengju_2024_juesuan_dept"], 2024, "final_accounts", "department", "上海市普陀区财政局",
        "national-final", F9),
    "shanghai_putuo_shehui_gongzuobu_2024_juesuan_dept": (
        ["shanghai_putuo_shehui_gongzuobu_2024_juesuan_dept"], 2024, "final_accounts", "department",
        "中共上海市普陀区委社会工作部", "national-final", F9),
    "jiangsu_jianchayuan_2019_yusuan": (
        ["jiangsu_jianchayuan_2019_yusuan"], 2019, "budget", "department", "江苏省人民检察院", "jiangsu-2019", J12),
    "jiangsu_renda_changweihui_bangongting_2019_yusuan": (
        ["jiangsu_renda_changweihui_bangongting_2019_yusuan_text",
         "jiangsu_renda_changweihui_bangongting_2019_yusuan_tables"], 2019, "budget", "department",
        "江苏省人大常委会办公厅", "jiangsu-2019", J12),
    "jiangsu_zhengxie_bangongting_2019_yusuan": (
        ["jiangsu_zhengxie_bangongting_2019_yusuan_text", "jiangsu_zhengxie_bangongting_2019_yusuan_tables"],
        2019, "budget", "department", "江苏省政协办公厅", "jiangsu-2019", J12),
}

@pytest.fixture(scope="module")
def documents(corpus: Path) -> dict[str, object]:
    from yusuan.readers import read

    return {name: read(*[corpus / f"{f}.pdf" for f in case[0]]) for name, case in CASES.items()}


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(CASES))
def test_identity_and_tables(documents, name):  # type: ignore[no-untyped-def]
    d = documents[name]
    _, year, kind, scope, department, layout, kinds = CASES[name]
    assert (d.year, d.kind, d.scope, d.department.name, d.layout) == (year, kind, scope, department, layout)
    assert [t.kind.value for t in d.tables] == kinds
    assert all(t.recognized for t in d.tables)
    assert not [p for p in d.problems if p.code in ("table-unrecognized", "missing-table", "missing-part")]


def test_every_corpus_golden_belongs_to_a_case() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(CASES)


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_summary(documents, name):  # type: ignore[no-untyped-def]
    assert summary(documents[name]) == load_checked(GOLDEN / f"{name}.json")


@pytest.mark.corpus
def test_final_accounts_views_carry_budget_and_carryover(documents):  # type: ignore[no-untyped-def]
    d = documents["shanghai_putuo_caizhengju_2024_juesuan_dept"]
    tp = d.views.three_public
    assert str(tp.budget["total"].value) == "0.95" and str(tp.budget["reception"].value) == "0.95"
    ov = d.views.overview
    assert str(ov.income_current_total.value) == "2946.25"  # 本年收入合计, beside 总计 2,995.39
    assert str(ov.expenditure_current_total.total.value) == "2940.05"
    carry = [ln for ln in ov.income if ln.key == "carryover"]
    assert carry and str(carry[0].amount.value) == "49.14"  # 年初结转和结余
    basic = d.views.general_basic
    assert (str(basic.total.personnel.value), str(basic.total.public.value)) == ("2152.26", "184.65")


@pytest.mark.corpus
def test_jiangsu_overview_by_use_and_meetings(documents):  # type: ignore[no-untyped-def]
    d = documents["jiangsu_renda_changweihui_bangongting_2019_yusuan"]
    uses = {ln.name: str(ln.total.value) for ln in d.views.overview.expenditure_by_use}
    assert uses == {"基本支出": "9,312.90".replace(",", ""), "项目支出": "6459.58", "单位预留机动经费": "2557.89"}
    extra = {k: str(v.value) for k, v in d.views.three_public.extra.items()}
    assert extra == {"all": "2600.71", "meetings": "1469.73", "training": "363.38"}
    assert d.views.expenditure.total.extra["reserve"].value == d.views.overview.expenditure_by_use[2].total.value
    assert d.table_of_kind(TableKind.OPERATING_COSTS) is not None


@pytest.mark.corpus
def test_profiles_and_project_sections(documents):  # type: ignore[no-untyped-def]
    office = documents["shanghai_putuo_zhengfu_bangongshi_2025_yusuan_dept"]
    assert [u.name for u in office.profile.units] == ["上海市普陀区人民政府办公室", "上海市普陀区交流服务中心"]
    assert (office.profile.admin_units, office.profile.institution_units, len(office.profile.functions)) == (1, 1, 14)
    project = office.projects[0]
    assert project.name == "区政府督查及建议提案工作业务经费" and project.period == "2025全年度。"
    assert project.policy_basis.startswith("《区委、区政府2024年重点工作任务书》")
    home = documents["shanghai_putuo_shehui_fuliyuan_2024_yusuan_unit"]
    assert home.profile.internal_sections == ["院长室", "办公室", "财务室", "后勤部", "护理部"]
    finance = documents["shanghai_putuo_caizhengju_2024_juesuan_dept"]  # 单位构成 printed as a table
    assert [u.name for u in finance.profile.units] == ["上海市普陀区财政局", "上海市普陀区财政局财政所",
                                                       "上海市普陀区国库收付中心"]
    jiangsu = documents["jiangsu_renda_changweihui_bangongting_2019_yusuan"]
    assert len(jiangsu.profile.functions) == 15 and len(jiangsu.glossary) == 9


@pytest.mark.corpus
def test_jiangsu_files_read_alone(corpus):  # type: ignore[no-untyped-def]
    from yusuan.readers import read

    text = read(corpus / "jiangsu_renda_changweihui_bangongting_2019_yusuan_text.pdf")
    assert not text.tables and [p.code for p in text.problems] == ["tables-in-another-file"]
    assert len(text.narrative.claims) > 100
    tables = read(corpus / "jiangsu_zhengxie_bangongting_2019_yusuan_tables.pdf")  # no title page at all
    assert tables.department.name == "江苏省政协办公厅" and tables.year == 2019 and len(tables.tables) == 12


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(CASES))
def test_same_document_as_workbook_and_word(documents, name, corpus, tmp_path):  # type: ignore[no-untyped-def]
    """Each corpus document, written back as a budget-system workbook and as a Word document from what the
    PDF reader read, reads to the same summary (and from Word to the same narrative claims)."""
    from yusuan.readers import merge, read, read_raw

    from . import seedgen

    files = CASES[name][0]
    raws = [read_raw(corpus / f"{f}.pdf") for f in files]
    raw = merge(raws) if len(raws) > 1 else raws[0]
    d = documents[name]
    workbook, word = tmp_path / "doc.xlsx", tmp_path / "doc.docx"
    workbook.write_bytes(seedgen.seed_xlsx(raw))
    word.write_bytes(seedgen.seed_docx(raw))
    from_xlsx, from_docx = read(workbook), read(word)
    assert summary(from_xlsx) == summary(d) == summary(from_docx)
    assert [t.kind for t in from_xlsx.tables] == [t.kind for t in d.tables] == [t.kind for t in from_docx.tables]
    claims = [(c.subject.kind, c.subject.key, str(c.value)) for c in d.narrative.claims]
    assert [(c.subject.kind, c.subject.key, str(c.value)) for c in from_docx.narrative.claims] == claims
