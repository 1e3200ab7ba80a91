"""The seed document read from its text: every figure exactly (golden summary, every figure checked by hand
against the seed's lines: tests/golden/seed_summary.json says on which line each was read)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.labels import load_checked
from yusuan.model import ClaimKind, TableKind
from yusuan.summary import summary

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "seed_summary.json"


def test_summary_matches_golden(seed):  # type: ignore[no-untyped-def]
    assert summary(seed) == load_checked(GOLDEN)


def test_document_identity(seed):  # type: ignore[no-untyped-def]
    assert seed.year == 2021
    assert seed.kind == "budget"
    assert seed.scope == "department"
    assert seed.department.name == "乌鲁木齐市水磨沟区人民政府办公室"
    assert seed.department.region == "乌鲁木齐市水磨沟区"
    assert str(seed.date) == "2021-02-06"


def test_all_tables_recognised(seed):  # type: ignore[no-untyped-def]
    kinds = [t.kind for t in seed.tables]
    assert kinds[:8] == [TableKind.OVERVIEW, TableKind.INCOME, TableKind.EXPENDITURE, TableKind.FISCAL_OVERVIEW,
                         TableKind.GENERAL_BUDGET, TableKind.GENERAL_BASIC, TableKind.GENERAL_PROJECT,
                         TableKind.THREE_PUBLIC]
    assert kinds[8:] == [TableKind.PERFORMANCE] * 6
    assert all(t.unit == "万元" for t in seed.tables[:8])
    # 表九 is listed in the table of contents but not printed
    assert any(p.code == "missing-table" and "政府性基金" in p.message for p in seed.problems)


def test_every_table_cell_is_kept(seed, seed_text):  # type: ignore[no-untyped-def]
    """Each tab-separated figure of the text is in some printed table, in order."""
    printed = [c for t in seed.tables for r in [*t.header, *(row.cells for row in t.rows)] for c in r if c]
    from yusuan.normalize import clean

    rows = [[clean(c) for c in line.split("\t")] for line in seed_text.splitlines() if "\t" in line]
    rows = [r for r in rows if any(set(c) - set("-") for c in r)]  # "-------" rules between table parts
    source = [c for r in rows for c in r if c]
    assert printed == source


def test_overview_and_fiscal_tables(seed):  # type: ignore[no-untyped-def]
    ov = seed.views.overview
    assert ov.income_total.value == Decimal("595.08")
    assert [(ln.code, str(ln.total.value)) for ln in ov.expenditure if ln.total.value] == [
        ("201", "564.48"), ("208", "30.60")]
    fiscal = seed.views.fiscal_overview
    line_201 = next(ln for ln in fiscal.expenditure if ln.code == "201")
    assert line_201.total.value == 0  # printed blank (a real mistake of the seed)
    assert line_201.by_source["general_budget"].value == Decimal("564.48")


def test_income_table_by_source(seed):  # type: ignore[no-untyped-def]
    income = seed.views.income
    assert income.total.total.value == Decimal("595.08")
    assert income.total.by_source["general_budget"].value == Decimal("595.08")
    assert set(income.columns) >= {"total", "src:general_budget", "src:gov_fund", "src:business", "src:other"}


def test_projects_and_descriptions(seed):  # type: ignore[no-untyped-def]
    assert len(seed.views.general_project.projects) == 6
    assert seed.views.general_project.total.value == Decimal("131.04")
    names = [p.name for p in seed.projects]
    assert names[0] == "政务协调工作经费" and len(names) == 6
    last = seed.projects[-1]
    assert last.amount.value == Decimal("4.29")
    assert last.subsidy.people == 2 and last.subsidy.standard.value == Decimal("2.145")
    assert last.period == "2021年1月1日-2021年12月31日"
    assert "水财发【2021】24号" in seed.projects[1].policy_basis  # sentence broken by a page break, joined


def test_performance_targets(seed):  # type: ignore[no-untyped-def]
    targets = seed.performance
    assert [t.project for t in targets][:2] == ["政务协调工作经费", "包联工作经费"]
    first = targets[0]
    assert (first.total.value, first.fiscal.value, first.other.value) == (30, 30, 0)
    cost = next(i for i in first.indicators if i.level2 == "成本指标")
    assert cost.value.terms[0].op == "=" and cost.value.terms[0].number == 300000 and cost.value.terms[0].unit == "元"
    sustained = next(i for i in first.indicators if "可持续" in i.level2)
    assert sustained.value.qualitative == "优" and sustained.level1 == "效益指标"
    fifth = targets[4]
    assert fifth.total.value == Decimal("14.36")  # as printed (copied from another project)
    when = next(i for i in fifth.indicators if i.level2 == "时效指标")
    assert [(t.op, t.number, t.unit) for t in when.value.terms] == [("≥", 1, "月"), ("≤", 12, "月")]
    satisfaction = targets[1].indicators[-1]
    assert satisfaction.level1 == "满意度指标" and satisfaction.value.terms[0].number == 95


def test_profile(seed):  # type: ignore[no-untyped-def]
    p = seed.profile
    assert len(p.functions) == 12 and p.functions[6].startswith("协助区人民政府领导同志处置")
    assert p.internal_sections == ["文秘科", "信息科", "督查科", "会务科", "财务室", "综合办公室"]
    assert [u.name for u in p.units] == ["乌鲁木齐市水磨沟区人民政府办公室", "水磨沟区电子政务中心"]
    assert (p.admin_units, p.institution_units, p.unit_count) == (1, 1, 1)
    office, centre = p.staff
    assert (office.authorized, office.actual, office.active, office.active_change) == (18, 15, 15, 1)
    assert (centre.unit, centre.authorized, centre.actual, centre.active_change) == ("水磨沟区电子政务中心", 10, 9, 5)


def test_glossary(seed):  # type: ignore[no-untyped-def]
    terms = [g.term for g in seed.glossary]
    assert terms == ["财政拨款", "一般公共预算", "财政专户管理资金", "其他资金", "基本支出", "项目支出", "“三公”经费",
                     "机关运行经费"]
    assert seed.glossary[-1].definition.endswith("公务用车运行维护费及其他费用。")


def _claims(seed, kind, key=None):  # type: ignore[no-untyped-def]
    return [c for c in seed.narrative.claims if c.subject.kind == kind and (key is None or c.subject.key == key)]


def test_claims_income_and_expenditure(seed):  # type: ignore[no-untyped-def]
    gb = _claims(seed, "income", "general_budget")
    assert [(c.kind, c.value) for c in gb] == [(ClaimKind.AMOUNT, Decimal("564.48")), (ClaimKind.SHARE, Decimal("94.86")),
                                              (ClaimKind.CHANGE, Decimal("79.3"))]
    assert gb[2].direction is None  # 增加（减少）: template residue, no direction
    assert gb[1].of.kind == "income_total"
    basic = _claims(seed, "expenditure", "basic")
    change = next(c for c in basic if c.kind == ClaimKind.CHANGE)
    assert change.value == Decimal("20.08") and change.direction == "increase"
    assert change.reason.startswith("增加6名人员")  # sentence broken across a page, joined


def test_claims_functional_items(seed):  # type: ignore[no-untyped-def]
    by_code = {}
    for c in _claims(seed, "functional"):
        by_code.setdefault(c.subject.key, []).append((c.kind.value, str(c.value), c.direction))
    assert by_code["2010301"] == [("amount", "309.08", None), ("change", "9.74", "increase"),
                                  ("rate", "3.25", "increase")]
    assert by_code["2080208"] == [("amount", "4.29", None), ("change", "4.3", "decrease"), ("rate", "110", "decrease")]
    assert by_code["201"] == [("amount", "564.48", None), ("share", "94.86", None)]
    assert set(by_code) == {"201", "208", "2010301", "2010302", "2010350", "2012399", "2080208", "2080505"}


def test_claims_three_public_and_other_matters(seed):  # type: ignore[no-untyped-def]
    tp = _claims(seed, "three_public")
    assert [(c.subject.key, c.kind.value, str(c.value)) for c in tp[:5]] == [
        ("total", "amount", "23.98"), ("outbound", "amount", "0"), ("vehicle_purchase", "amount", "0"),
        ("vehicle_operation", "amount", "23.92"), ("reception", "amount", "0.06")]
    changes = [(c.subject.key, c.direction, str(c.value)) for c in tp if c.kind == ClaimKind.CHANGE]
    assert changes == [("total", "decrease", "4.04"), ("vehicle_operation", "decrease", "4.04"),
                       ("reception", "increase", "0.02")]
    other = seed.other
    assert other.operating_costs.value == Decimal("36.62")
    assert other.procurement.total.value == 0 and other.procurement.sme_reserved.value == 0
    assets = other.assets
    assert (assets.building_area, assets.vehicle_count, assets.equipment_50, assets.equipment_100) == (
        Decimal("10759.19"), 26, 4, 0)
    assert [(v.type, v.count, str(v.value.value)) for v in assets.vehicles] == [
        ("一般公务用车", 18, "305.27"), ("执法执勤用车", 0, "0"), ("其他车辆", 8, "257.03")]
    assert (other.performance.projects, other.performance.amount.value) == (6, Decimal("131.04"))
    rate = next(c for c in _claims(seed, "operating_costs") if c.kind == ClaimKind.RATE)
    assert rate.value == Decimal("8.98") and rate.direction == "decrease" and rate.reason == "厉行节约"


def test_claims_projects(seed):  # type: ignore[no-untyped-def]
    amounts = [(c.subject.key, str(c.value)) for c in _claims(seed, "project")]
    assert amounts[0] == ("政务协调工作经费", "30") and len(amounts) == 6
    subsidy = _claims(seed, "subsidy")
    assert [(c.measure, str(c.value)) for c in subsidy] == [("people", "2"), ("standard", "2.145")]


def test_every_claim_has_a_location(seed):  # type: ignore[no-untyped-def]
    for c in seed.narrative.claims:
        assert c.sentence[c.span[0]:c.span[1]] == c.text
        assert c.source.line and c.source.section
    unresolved = [c for c in seed.narrative.claims if c.subject.kind == "unknown"]
    assert unresolved == []
