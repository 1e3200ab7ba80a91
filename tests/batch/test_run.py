"""A batch end to end on seed variants: reports, reuse of unchanged results, cross-year pairing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook

from yusuan.batch.reports.requirements import requirements
from yusuan.checks import check
from yusuan.readers import read


def test_reports_and_reuse(tmp_path: Path, make_docs, batch, documents_json) -> None:  # type: ignore[no-untyped-def]
    docs = make_docs(tmp_path / "in", 4)
    out = tmp_path / "out"
    first = batch([tmp_path / "in"])
    assert first.computed == 4 and first.reused == 0
    assert sorted(first.reports) == ["findings.csv", "findings.json", "review.xlsx", "summary.html"]

    # findings.json holds, per document, exactly what checking the document alone finds
    expected = [f.model_dump(mode="json") for f in check(read(docs[0]))]
    got = next(d for d in documents_json(out) if d["path"] == str(docs[0]))
    assert [f["code"] for f in got["findings"]] == [f["code"] for f in expected]
    assert got["department"] == "乌鲁木齐市水磨沟区人民政府办公室" and got["year"] == 2021 and got["kind"] == "budget"

    # a rerun reuses everything; a changed file alone is read again
    second = batch([tmp_path / "in"])
    assert second.computed == 0 and second.reused == 4
    docs[1].write_text(docs[1].read_text(encoding="utf-8").replace("595.08", "595.18", 1), encoding="utf-8")
    third = batch([tmp_path / "in"])
    assert third.computed == 1 and [d.path for d in third.documents if not d.reused] == [str(docs[1])]
    assert batch([tmp_path / "in"], force=True).computed == 4


def test_csv_opens_in_excel_as_chinese(tmp_path: Path, make_docs, batch) -> None:  # type: ignore[no-untyped-def]
    make_docs(tmp_path / "in", 2)
    outcome = batch([tmp_path / "in"])
    raw = (outcome.outdir / "findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:4] == ["文件", "部门", "年度", "类型"]
    assert len(rows) - 1 == sum(len(d.all_findings) for d in outcome.documents)


def test_review_sheet_has_a_row_per_document_and_requirement(tmp_path: Path, make_docs, batch) -> None:  # type: ignore[no-untyped-def]
    make_docs(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    outcome = batch([tmp_path / "in"])
    sheet = load_workbook(outcome.outdir / "review.xlsx", read_only=True)["审查表"]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:9] == ("序号", "部门", "年度", "类型", "文件", "要求编号", "审查要求", "依据", "结论")
    assert len(body) == 4 * len(requirements("budget"))
    empty = [r for r in body if str(r[4]).endswith("empty.txt")]
    assert [r[8] for r in empty if r[5] == "0"] == ["不符合"]
    assert {r[8] for r in empty if r[5] != "0"} == {"无法判断"}
    assert {r[8] for r in body} <= {"符合", "不符合", "无法判断"}


def test_summary_is_self_contained(tmp_path: Path, make_docs, batch) -> None:  # type: ignore[no-untyped-def]
    make_docs(tmp_path / "in", 3)
    outcome = batch([tmp_path / "in"])
    page = (outcome.outdir / "summary.html").read_text(encoding="utf-8")
    assert "<svg" in page and "部门排名" in page
    for external in ("src=\"http", "href=\"http", "<script src", "<link rel=\"stylesheet\""):
        assert external not in page


def test_same_department_next_year_is_checked_against_last_year(tmp_path: Path, make_docs, batch) -> None:  # type: ignore[no-untyped-def]
    make_docs(tmp_path / "in", 2, year=2021)
    make_docs(tmp_path / "in", 1, year=2022)
    make_docs(tmp_path / "in", 1, year=2024, start=1)  # no 2023 document: no pairing for it
    outcome = batch([tmp_path / "in"])
    db = outcome.outdir / "manifest.sqlite"
    import sqlite3

    pairs = sqlite3.connect(db).execute("SELECT key, prior_key FROM cross_year").fetchall()
    assert [(Path(k).name, Path(p).name) for k, p in pairs] == [("doc000_2022.txt", "doc000_2021.txt")]
    # the 2022 variant repeats 2021's figures while stating changes from them: its implied prior-year
    # figures contradict the 2021 document, which only the check across the two documents can see
    by_name = {Path(d.path).name: d for d in outcome.documents}
    later = by_name["doc000_2022.txt"]
    assert later.cross and {f["code"] for f in later.cross} == {"prior-figure"}
    assert not any(f["code"] == "prior-figure" for f in later.findings)
    assert all(not d.cross for name, d in by_name.items() if name != "doc000_2022.txt")


def test_exit_code_follows_fail_on(tmp_path: Path, make_docs, batch) -> None:  # type: ignore[no-untyped-def]
    make_docs(tmp_path / "in", 1)
    outcome = batch([tmp_path / "in"])
    counts = outcome.counts()
    assert outcome.exit_code("never") == 0
    assert outcome.exit_code("error") == (1 if counts["error"] else 0)
    assert outcome.exit_code("info") == (1 if sum(counts.values()) else 0)
    data = json.loads((outcome.outdir / "findings.json").read_text(encoding="utf-8"))
    assert data["run"]["counts"] == {s: counts.get(s, 0) for s in ("error", "warning", "info")}
