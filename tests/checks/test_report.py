"""The Report: JSON exactly as DOMAIN.md, text grouped by part and table, self-contained HTML."""

from __future__ import annotations

import json
from pathlib import Path

from checkdoc import BASE, T, variant

from yusuan.checks import check_files

BROKEN = variant((f"4.00{T}{T}3.00{T}{T}3.00{T}1.00", f"5.00{T}{T}3.00{T}{T}3.00{T}1.00"),
                 ("主要原因是工资调整。", "主要原因是。"))


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    good, bad, empty = tmp_path / "good.txt", tmp_path / "bad.txt", tmp_path / "empty.txt"
    good.write_text(BASE, encoding="utf-8")
    bad.write_text(BROKEN, encoding="utf-8")
    empty.write_bytes(b"")
    return good, bad, empty


def test_json_is_the_stable_interface(tmp_path: Path) -> None:
    good, bad, empty = _files(tmp_path)
    report = check_files([good, bad, empty], select=["three-public-sum", "unfinished-sentence"])
    data = json.loads(report.to_json())
    assert [d["path"] for d in data["documents"]] == [str(good), str(bad), str(empty)]
    first, second, third = data["documents"]
    assert (first["kind"], first["year"], first["department"], first["findings"]) == ("budget", 2022, "某某区某某局", [])
    codes = [f["code"] for f in second["findings"]]
    assert sorted(codes) == ["three-public-sum", "unfinished-sentence"]
    f = next(f for f in second["findings"] if f["code"] == "three-public-sum")
    assert {"code", "severity", "message", "location", "expected", "actual"} <= set(f)
    assert (f["severity"], f["expected"], f["actual"], f["location"]["table"]) == ("error", "4.00", "5.00", "表八")
    assert third["findings"] == [] and "文件为空" in third["error"] and third["kind"] is None
    assert report.exit_code() == 1


def test_exit_codes(tmp_path: Path) -> None:
    good, bad, empty = _files(tmp_path)
    assert check_files([good]).exit_code() == 0
    assert check_files([good, empty]).exit_code() == 2  # unreadable, and no error finding
    assert check_files([bad, empty]).exit_code() == 1  # findings make it 1
    assert check_files([good], select=["code-unknown"]).exit_code("warning") == 0


def test_text_groups_by_part_and_table_and_prints_the_row_or_sentence(tmp_path: Path) -> None:
    _, bad, _ = _files(tmp_path)
    text = check_files([bad]).to_text()
    assert "第二部分 公开表 › 表八 一般公共预算“三公”经费支出情况表" in text
    assert "第三部分 情况说明 › 三、支出预算情况说明" in text
    assert "「5.00」 │  │ 3.00" in text  # the offending cell, marked, in its row
    assert "主要原因是」。" in text or "「主要原因是。」" in text  # the sentence with the words marked
    assert text.index("表八") < text.index("三、支出预算情况说明")


def test_html_is_self_contained_and_links_findings_to_cells(tmp_path: Path) -> None:
    _, bad, empty = _files(tmp_path)
    html = check_files([bad, empty]).to_html()
    assert html.startswith("<!doctype html>") and "<style>" in html
    assert "<script src" not in html and "<link" not in html and "http://" not in html and "https://" not in html
    assert 'class="hit error-hit"' in html or "error-hit" in html
    assert 'href="#d1-c1"' in html and 'id="d1-c1"' in html and 'id="d1-f1"' in html
    assert "无法读取" in html


def test_flatten_gives_short_tuples(tmp_path: Path) -> None:
    _, bad, _ = _files(tmp_path)
    flat = check_files([bad], select=["three-public-sum", "unfinished-sentence"]).flatten()
    assert sorted(flat, key=str) == sorted([("表八", None, "合计", "three-public-sum"),
                                            ("三、支出预算情况说明", "主要原因是。", None, "unfinished-sentence")], key=str)
