"""Every real disclosure of ../shared/corpus read whole: identity, every table recognised, golden summary.

The golden summaries (tests/golden/corpus/*.json) were produced by the reader and checked by hand on a
sample: the figures asserted in ``VERIFIED`` below were read off the page images (pdftoppm) and the
pdftotext layout of the page named beside each, independently of yusuan. Tables printed in 元 are
converted to 万元 exactly (91,016,775.35 元 → "9101.677535").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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

# Figures checked by hand against the printed page (page numbers are the PDF's, 1-based).
VERIFIED: dict[str, list[tuple[str, str, str]]] = {
    "shanghai_putuo_zhengfu_bangongshi_2025_yusuan_dept": [
        ("income_total", "9101.677535", "p8 财务收支预算总表 收入总计 91,016,775.35 元"),
        ("basic", "2460.677535", "p11-12 支出预算总表 合计 基本支出 24,606,775.35 元"),
        ("project", "6641", "p11-12 支出预算总表 合计 项目支出 66,410,000.00 元"),
        ("functional:2010301", "1202.950184/1191.950184/11", "p11 行政运行 12,029,501.84 / 11,919,501.84 / 110,000.00"),
        ("functional:2210203", "186.768/186.768/0", "p12 购房补贴 1,867,680.00"),
        ("economic:30101", "254.0192/254.0192/0", "p18 基本工资 2,540,192.00"),
        ("economic:302", "193.277754/0/193.277754", "p18 商品和服务支出 1,932,777.54"),
        ("three_public", "867.50/839.00/0/0/28.50", "p20 三公 合计 867.50 因公出国 839.00 接待 28.50 (万元)"),
    ],
    "shanghai_putuo_shangwuwei_2025_yusuan_dept": [
        ("income_total", "37151.4655", "p9 收入总计 371,514,655.00 元"),
        ("basic", "1983.0655", "支出预算总表 合计 基本支出 19,830,655.00 元"),
        ("functional:201", "2160.1733/1229.1733/931", "支出预算总表 201 21,601,733.00 / 12,291,733.00 / 9,310,000.00"),
        ("three_public", "1.00/0/0/0/1.00", "三公 合计 1.00 公务接待费 1.00"),
    ],
    "shanghai_putuo_caizhengju_2025_yusuan_dept": [
        ("income_total", "3121.42058", "收入总计 31,214,205.80 元"),
        ("project", "609.31148", "支出预算总表 合计 项目支出 6,093,114.80 元"),
        ("functional:201", "2218.64408/1609.3326/609.31148", "201 22,186,440.80 / 16,093,326.00 / 6,093,114.80"),
        ("three_public", "0.95/0/0/0/0.95", "三公 合计 0.95 公务接待费 0.95"),
    ],
    "shanghai_putuo_wanli_jiedao_2023_yusuan_dept": [
        ("income_total", "16497.864", "收入总计 164,978,640 元"),
        ("basic", "9940.6297", "支出预算总表 合计 99,406,297"),
        ("project", "6557.2343", "支出预算总表 合计 65,572,343"),
        ("three_public", "22.91/0/0/21.56/1.35", "三公 22.91 = 0 + 1.35 + 21.56 (购置 0, 运行 21.56)"),
    ],
    "shanghai_putuo_wanli_jiedao_2025_yusuan_dept": [
        ("income_total", "18976.7551", "收入总计 189,767,551 元"),
        ("basic", "10134.1746", "p18 合计 alone on its page: 101,341,746 (merged into the table of p14-17)"),
        ("project", "8842.5805", "p18 合计 88,425,805"),
        ("three_public", "37.91/0/15/21.56/1.35", "三公 37.91; 购置费 15, 运行费 21.56, 接待费 1.35"),
    ],
    "shanghai_putuo_shehui_fuliyuan_2024_yusuan_unit": [
        ("income_total", "1212.1164", "收入总计 12,121,164 元"),
        ("functional:2101102", "50.3724/50.3724/0", "类 printed as “7” on 210 11 02 事业单位医疗: read under 210"),
        ("three_public", "6.4/0/0/6.4/0", "三公 6.4: 运行费 6.4"),
    ],
    "shanghai_putuo_caizhengju_2024_juesuan_dept": [
        ("income_total", "2995.39", "p7 收入支出决算总表 总计 2,995.39"),
        ("basic", "2336.91", "p10 支出决算表 合计 基本支出 2,336.91"),
        ("functional:2010601", "1511.89/1503.52/8.37", "p10 行政运行 1,511.89 / 1,503.52 / 8.37"),
        ("economic:30102", "1238.58/0/0", "p16 津贴补贴 1,238.58 (two trees side by side)"),
        ("economic:30239", "48.49/0/0", "p17 其他交通费用 48.49 (right-hand tree)"),
        ("three_public", "0/0/0/0/0", "p18 三公 决算数 blank (预算数 0.95)"),
    ],
    "shanghai_putuo_shehui_gongzuobu_2024_juesuan_dept": [
        ("income_total", "307.82", "p5 总计 307.82"),
        ("project", "202.24", "p8 支出决算表 合计 项目支出 202.24"),
        ("functional:2080505", "6.18/6.18/0", "p8 机关事业单位基本养老保险缴费支出 6.18 (name wrapped in its cell)"),
        ("economic:30113", "17.70/0/0", "p13 住房公积金 17.70"),
    ],
    "jiangsu_jianchayuan_2019_yusuan": [
        ("income_total", "24169.74", "p14 收支预算总表 收入合计 24,169.74"),
        ("basic", "15844.04", "p15 支出预算总表 基本支出 15844.04"),
        ("functional:2040401", "12268.62/0/0", "p16 财政拨款支出预算表 行政运行 12,268.62"),
        ("three_public", "418.26/80/0/237/101.26", "p20 三公 小计 418.26 (合计 1276.7 includes 会议费, 培训费)"),
    ],
    "jiangsu_renda_changweihui_bangongting_2019_yusuan": [
        ("income_total", "18330.37", "tables p1 (rotated page) 收入合计 18,330.37"),
        ("project", "6459.58", "tables p3 支出预算总表 项目支出 6,459.58"),
        ("functional:2010101", "7448.20/0/0", "tables p5 行政运行 7,448.20"),
        ("economic:30231", "183.60/0/0", "tables p8 公务用车运行维护费 183.60"),
        ("three_public", "767.60/199.25/0/183.60/384.75", "tables p9 三公 小计 767.60"),
    ],
    "jiangsu_zhengxie_bangongting_2019_yusuan": [
        ("income_total", "13377.11", "tables p1 收入合计 13,377.11"),
        ("basic", "6522.75", "tables p3 支出预算总表 6,522.75"),
        ("functional:2010201", "5223.22/0/0", "tables p5 行政运行 5,223.22"),
        ("three_public", "660.10/106.00/0/156.60/397.50", "tables p9 三公 小计 660.10"),
    ],
}


@pytest.fixture(scope="module")
def documents(corpus: Path) -> dict[str, object]:
    from yusuan.readers import read

    return {name: read(*[corpus / f"{f}.pdf" for f in case[0]]) for name, case in CASES.items()}


def _verified_value(s: dict, field: str) -> str:  # type: ignore[type-arg]
    if ":" not in field:
        if field == "three_public":
            tp = s["three_public"]
            return "/".join(tp[k] for k in ("total", "outbound", "vehicle_purchase", "vehicle_operation", "reception"))
        return str(s[field])
    family, code = field.split(":")
    line = next(e for e in s[family] if e["code"] == code)
    keys = ("total", "basic", "project") if family == "functional" else ("total", "personnel", "public")
    return "/".join(line[k] for k in keys)


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(CASES))
def test_identity_and_tables(documents, name):  # type: ignore[no-untyped-def]
    d = documents[name]
    _, year, kind, scope, department, layout, kinds = CASES[name]
    assert (d.year, d.kind, d.scope, d.department.name, d.layout) == (year, kind, scope, department, layout)
    assert [t.kind.value for t in d.tables] == kinds
    assert all(t.recognized for t in d.tables)
    assert not [p for p in d.problems if p.code in ("table-unrecognized", "missing-table", "missing-part")]


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_summary(documents, name, regen_golden):  # type: ignore[no-untyped-def]
    got = summary(documents[name])
    path = GOLDEN / f"{name}.json"
    if regen_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(VERIFIED))
def test_figures_checked_by_hand(documents, name):  # type: ignore[no-untyped-def]
    s = summary(documents[name])
    for field, expected, where in VERIFIED[name]:
        assert _verified_value(s, field) == expected, where


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
