"""Findings land on the requirement of the review sheet they speak to."""

from __future__ import annotations

from yusuan.batch.reports.requirements import requirement_of, requirements


def _f(code: str, rule: str, **location: str) -> dict[str, object]:
    return {"code": code, "severity": "error", "rule": rule, "message": location.pop("message", ""),
            "location": location}


def test_requirements_come_from_the_reference_document() -> None:
    budget = {r.id: r for r in requirements("budget")}
    assert budget["2.7"].title.startswith("一般公共预算“三公”经费支出情况表")
    assert budget["3.3"].title == "机关运行经费安排情况"
    assert "disclosure_requirements.md 3.3" in budget["3.3"].basis
    final = {r.id for r in requirements("final_accounts")}
    assert "F.1" in final and "2.1" not in final and "3.8" in final


def test_families_and_completeness_map_to_requirements() -> None:
    cases = {
        ("row-sum", "arithmetic.row_sums", ()): "A.1",
        ("cross-total", "cross_table.totals", ()): "A.2",
        ("narrative-share", "narrative.shares", ()): "A.3",
        ("rate-mismatch", "narrative_internal.rates", ()): "A.3",
        ("project-amount", "projects.project_amounts", ()): "A.4",
        ("code-unknown", "codes.known", ()): "A.5",
        ("template-residue", "text.residue", ()): "A.6",
        ("prior-figure", "across.prior_figures", ()): "A.7",
        ("department-units-partial", "across.batch.department_units_partial", ()): "A.7",
        ("document-timeout", "batch", ()): "0",
        ("internal-error", "arithmetic.tree_sums", ()): "0",
        ("missing-table", "completeness.tables", (("table", "表八"),)): "2.7",
        ("missing-table", "completeness.tables", (("message", "缺少“政府性基金预算支出情况表”"),)): "2.8",
        ("missing-section", "completeness.sections", (("section", "（一）机关运行经费情况"),)): "3.3",
        ("missing-section", "completeness.sections", (("message", "没有名词解释"),)): "3.8",
        ("empty-table-note", "completeness.empty", ()): "C",
    }
    got = {case: requirement_of(_f(case[0], case[1], **dict(case[2]))).id for case in cases}
    assert got == cases


def test_final_accounts_tables() -> None:
    f = _f("missing-table", "completeness.tables", message="缺少“收入支出决算总表”")
    assert requirement_of(f, "final_accounts").id == "F.1"


def test_batch_codes_are_documented() -> None:
    from pathlib import Path

    from yusuan.batch.results import STATUS_CODES
    from yusuan.batch.selection import BATCH_CODES

    text = (Path(__file__).resolve().parents[2] / "docs" / "scale.md").read_text(encoding="utf-8")
    codes = {code for code, _ in STATUS_CODES.values()} | set(BATCH_CODES)
    assert sorted(c for c in codes if f"| `{c}` |" not in text) == []
