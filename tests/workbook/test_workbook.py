"""The officers' workbook: template, filled round trip, problems with sheet and cell, CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from yusuan.cli import main
from yusuan.generate import generate_model
from yusuan.readers import read
from yusuan.render import render_text
from yusuan.workbook import is_workbook, read_workbook_report, write_template
from yusuan.workbook.fill import fill_template, write_filled


def test_template_has_every_sheet_and_validation(tmp_path: Path) -> None:
    path = write_template(tmp_path / "budget.xlsx", 2022)
    assert is_workbook(path)
    wb = load_workbook(path)
    for name in ("填报说明", "基本情况", "单位人员", "功能分类", "经济分类", "项目支出", "绩效目标", "三公经费", "其他事项",
                 "上年数与原因", "名词解释"):
        assert name in wb.sheetnames
    assert wb["yusuan"].sheet_state == "hidden"
    assert wb["基本情况"]["B7"].value == 2022
    assert len(wb["项目支出"].data_validations.dataValidation) >= 4
    codes = [c.value for c in wb["功能分类"]["A"][3:]]
    assert "2010301" in codes and "201" in codes  # the code tree is prefilled


def test_empty_template_reports_what_is_missing(tmp_path: Path) -> None:
    path = write_template(tmp_path / "budget.xlsx", 2022)
    _, problems = read_workbook_report(path)
    errors = [(p.sheet, p.cell) for p in problems if p.severity == "error"]
    assert ("基本情况", "B4") in errors and ("功能分类", None) in errors


@pytest.mark.parametrize("seed", range(4))
def test_filled_workbook_renders_the_same_document(tmp_path: Path, seed: int) -> None:
    model = generate_model(seed)
    path = write_filled(model, tmp_path / "filled.xlsx")
    d, problems = read_workbook_report(path)
    assert problems == []
    assert render_text(d, generate=True) == render_text(model, generate=True)


def test_inconsistencies_name_sheet_and_cell(tmp_path: Path) -> None:
    wb = fill_template(generate_model(3, projects=3))
    projects = wb["项目支出"]
    projects["D4"] = float(projects["D4"].value) + 1  # amount no longer equals its economic split
    economic = wb["经济分类"]
    economic["D4"] = float(economic["D4"].value or 0) + 2  # economic lines no longer equal the basic expenditure
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    _, problems = read_workbook_report(path)
    errors = {(p.sheet, p.cell) for p in problems if p.severity == "error"}
    assert ("项目支出", "D4") in errors
    assert any(sheet == "经济分类" for sheet, _ in errors)


def test_readers_route_the_workbook(tmp_path: Path) -> None:
    path = write_filled(generate_model(2), tmp_path / "filled.xlsx")
    d = read(path)
    assert d.source.format == "workbook" and d.views.expenditure is not None


def test_cli_template_then_render(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "budget.xlsx"
    assert main(["template", "-o", str(empty), "--year", "2023"]) == 0
    assert main(["render", str(empty), "-o", str(tmp_path / "out")]) == 1  # errors: nothing written
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    filled = write_filled(generate_model(4), tmp_path / "filled.xlsx")
    assert main(["render", str(filled), "-o", str(tmp_path / "out"), "--format", "html,txt"]) == 0
    out = capsys.readouterr()
    assert "工作表“基本情况”单元格 B4" in out.err
    assert len(list((tmp_path / "out").glob("*.html"))) == 1
    assert main(["render", str(filled), "-o", str(tmp_path / "x"), "--format", "doc"]) == 2


def test_target_names_written_a_little_differently(tmp_path: Path) -> None:
    model = generate_model(3, projects=3)
    wb = fill_template(model)
    targets = wb["绩效目标"]
    cells = [c for c in targets["A"][3:] if isinstance(c.value, str) and c.value.strip()]  # rows 4 … (title, note, header)
    first = cells[0].value
    for cell in cells:
        if cell.value == first:
            cell.value = first + "费"  # one character more than in 项目支出
    path = tmp_path / "near.xlsx"
    wb.save(path)
    d, problems = read_workbook_report(path)
    assert [p.severity for p in problems] == ["warning"] and "已按后者处理" in problems[0].message
    assert [t.project for t in d.performance] == [t.project for t in model.performance]
    for cell in cells:
        if cell.value == first + "费":
            cell.value = "完全不同的名字"
    wb.save(path)
    _, problems = read_workbook_report(path)
    assert any(p.severity == "error" and "不在“项目支出”表中" in p.message for p in problems)


def test_a_broken_workbook_of_ours_is_said_never_read_as_another_xlsx(tmp_path: Path) -> None:
    import zipfile

    from yusuan.errors import ReadError

    good = tmp_path / "good.xlsx"
    write_filled(generate_model(2), good)
    broken = tmp_path / "填报.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            dst.writestr(item, body[: len(body) // 2] if item.filename == "xl/styles.xml" else body)
    with pytest.raises(ReadError, match="填报工作簿，但文件已损坏"):
        read(broken)
