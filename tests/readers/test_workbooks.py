"""XLSX and DOCX readers on documents built in the test: what budget systems export, and bad files."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.errors import ReadError
from yusuan.interpret.blocks import TableBlock, TextBlock
from yusuan.model import TableKind
from yusuan.readers import read
from yusuan.readers.formula import evaluate
from yusuan.summary import summary


def _budget_workbook() -> bytes:
    """One sheet per table, titled only by the sheet name; merged headers, 元, numbers as text,
    totals as formulas without cached values (as a program writes them), an instructions sheet
    and a hidden helper sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "填报说明"
    notes.append(["本工作簿由预算管理系统导出，金额单位为元。"])
    overview = book.create_sheet("表1-收支总表")
    overview.append(["编制单位：示例局", None, None, "单位：元"])
    overview.append(["收入", None, "支出", None])
    overview.merge_cells("A2:B2")
    overview.merge_cells("C2:D2")
    overview.append(["项目", "预算数", "项目", "预算数"])
    overview.append(["一、财政拨款收入", 1234567.5, "一、一般公共服务支出", 1000000])
    overview.append(["二、事业收入", None, "二、社会保障和就业支出", "234,567.50"])
    overview.append(["收入总计", "=B4+B5", "支出总计", "=SUM(D4:D5)"])
    for row in overview.iter_rows(min_row=4):
        for cell in row:
            cell.number_format = "#,##0.00"
    spend = book.create_sheet("03 支出总表")
    spend.append(["功能分类科目编码", None, None, "功能分类科目名称", "合计", "基本支出", "项目支出"])
    spend.merge_cells("A1:C1")
    spend.append(["类", "款", "项", None, None, None, None])
    spend.append(["201", None, None, "一般公共服务支出", "=SUM(E4:E5)", "=F4+F5", "=G4+G5"])
    spend.append(["201", "03", "01", "行政运行", "=F4+G4", 600000, None])
    spend.append(["201", "03", "02", "一般行政管理事务", "=F5+G5", "0", "400,000.00"])
    spend.append(["208", None, None, "社会保障和就业支出", 234567.5, 234567.5, None])
    spend.append([None, None, None, "合计", "=E3+E6", "=F3+F6", "=G3+G6"])
    spend.append(["注：本表为示例。"])
    hidden = book.create_sheet("helper")
    hidden.append(["收支总表", 1, 2, 3])
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_budget_system_workbook(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "export.xlsx"
    path.write_bytes(_budget_workbook())
    d = read(path)
    assert [(t.kind, t.title) for t in d.tables] == [(TableKind.OVERVIEW, "收支总表"),
                                                     (TableKind.EXPENDITURE, "支出总表")]
    overview, spend = d.tables
    assert overview.unit == "元" and overview.compiler == "示例局"
    assert overview.header[0] == ["收入", "", "支出", ""]  # merged cells: text in the top-left one
    s = summary(d)
    # 1,234,567.50 元 = 123.456750 万元; formulas without cached values are evaluated exactly
    assert (s["income_total"], s["expenditure_total"]) == ("123.45675", "123.45675")
    assert [(e["code"], e["total"], e["basic"], e["project"]) for e in s["functional"]] == [
        ("201", "100", "60", "40"), ("2010301", "60", "60", "0"), ("2010302", "40", "0", "40"),
        ("208", "23.45675", "23.45675", "0")]
    assert (s["basic"], s["project"]) == ("83.45675", "40")
    assert spend.notes == ["注：本表为示例。"]
    assert spend.rows[0].source.sheet == "03 支出总表" and spend.rows[0].source.line == 3


def test_workbook_sources_name_sheet_and_row(tmp_path):  # type: ignore[no-untyped-def]
    from yusuan.readers.xlsx import read_xlsx

    path = tmp_path / "export.xlsx"
    path.write_bytes(_budget_workbook())
    raw = read_xlsx(path)
    texts = [b.text for b in raw.blocks if isinstance(b, TextBlock)]
    assert texts[0] == "本工作簿由预算管理系统导出，金额单位为元。"  # a sheet without a table: paragraphs
    assert not any("helper" in (b.source.sheet or "") for b in raw.blocks)  # hidden sheets are skipped
    table = next(b for b in raw.blocks if isinstance(b, TableBlock))
    assert table.rows[-1] == ["收入总计", "1234567.50", "支出总计", "1234567.50"]


def test_two_tables_on_one_sheet(tmp_path):  # type: ignore[no-untyped-def]
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "三公及机关运行经费"
    for row in (["“三公”经费支出预算表"], ["单位：万元"], ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"],
                [3, 1, 1.5, 0.5], [], ["机关运行经费支出预算表"], ["单位：万元"], ["科目编码", "科目名称", "金额"],
                ["302", "商品和服务支出", 8], ["30201", "办公费", 8]):
        sheet.append(row)
    path = tmp_path / "two.xlsx"
    book.save(path)
    d = read(path)
    assert [t.kind for t in d.tables] == [TableKind.THREE_PUBLIC, TableKind.OPERATING_COSTS]
    assert d.views.three_public.total.value == 3 and d.views.operating_costs.find("30201").total.value == 8


def test_formula_evaluator():  # type: ignore[no-untyped-def]
    cells = {"A1": Decimal("1.10"), "A2": Decimal("2.20"), "B1": Decimal("3")}
    assert evaluate("SUM(A1:A2)+B1*2", cells.get) == Decimal("9.30")
    assert evaluate("(A1+A2)/B1", cells.get) == Decimal("1.1")
    assert evaluate("VLOOKUP(A1,B1:C9,2,0)", cells.get) is None  # not a sum: left blank, never wrong


def test_not_a_workbook(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(ReadError, match="bad.xlsx"):
        read(path)


def _word_document() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("示例局2021年部门预算公开", level=0)
    document.add_heading("第二部分 2021年部门预算公开表", level=1)
    document.add_paragraph("表三：")
    document.add_paragraph("部门支出总体情况表")
    document.add_paragraph("单位：万元")
    table = document.add_table(rows=5, cols=6)
    table.style = "Table Grid"
    head = ["功能分类科目编码", "", "功能分类科目名称", "合计", "基本支出", "项目支出"]
    for c, text in enumerate(head):
        table.cell(0, c).text = text
    table.cell(0, 0).merge(table.cell(0, 1))  # a label over two columns
    table.cell(0, 2).merge(table.cell(1, 2))  # a label over two rows
    for c, text in enumerate(["类", "款"]):
        table.cell(1, c).text = text
    rows = [["201", "", "一般公共服务支出", "100.00", "60.00", "40.00"],
            ["201", "03", "政府办公厅（室）及相关机构事务", "100.00", "60.00", "40.00"],
            ["", "", "合计", "100.00", "60.00", "40.00"]]
    for r, row in enumerate(rows, start=2):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_heading("第三部分 2021年部门预算情况说明", level=1)
    document.add_paragraph("一、关于2021年支出预算情况说明")
    document.add_paragraph("支出预算100万元，其中：基本支出60万元，占60%；项目支出40万元，占40%。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_document(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "doc.docx"
    path.write_bytes(_word_document())
    d = read(path)
    table = d.tables[0]
    assert (table.kind, table.id, table.unit) == (TableKind.EXPENDITURE, "表三", "万元")
    assert table.header[0][:3] == ["功能分类科目编码", "", "功能分类科目名称"]
    assert table.header[1][:3] == ["类", "款", ""]  # the vertically merged label is not repeated
    s = summary(d)
    assert [(e["code"], e["total"]) for e in s["functional"]] == [("201", "100.00"), ("20103", "100.00")]
    assert (s["basic"], s["project"]) == ("60.00", "40.00")
    assert d.year == 2021 and d.department.name == "示例局"
    assert [c.value for c in d.narrative.claims if c.subject.kind == "expenditure"] == [60, 60, 40, 40]


def test_not_a_word_document(tmp_path):  # type: ignore[no-untyped-def]
    from yusuan.readers.docx import read_docx

    path = tmp_path / "bad.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x01" * 64)
    with pytest.raises(ReadError, match="DOCX"):
        read_docx(Path(path))


def test_word_text_box_is_read(tmp_path):  # type: ignore[no-untyped-def]
    import docx
    from docx.oxml import parse_xml

    from yusuan.readers.docx import read_docx

    document = docx.Document()
    anchor = document.add_paragraph("第一部分 部门概况")
    anchor._p.append(parse_xml(  # a cover title set in a text box
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:pict><w:txbxContent>'
        "<w:p><w:r><w:t>示例局2021年部门预算公开</w:t></w:r></w:p></w:txbxContent></w:pict></w:r>"))
    path = tmp_path / "box.docx"
    document.save(path)
    assert [b.text for b in read_docx(path).blocks] == ["示例局2021年部门预算公开", "第一部分部门概况"]


@pytest.mark.parametrize("suffix, folder", [("xlsx", "xl/worksheets/sheet1.xml"), ("docx", "word/document.xml")])
def test_zip_bomb_is_refused_before_unpacking(tmp_path, suffix: str, folder: str) -> None:  # type: ignore[no-untyped-def]
    import io
    import zipfile

    from yusuan.errors import ReadError
    from yusuan.readers import read

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(folder, b"<a>" + b" " * (20 * 1024 * 1024) + b"</a>")  # 20 MB packed into ~20 KB
    path = tmp_path / f"bomb.{suffix}"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ReadError, match="压缩炸弹"):
        read(path)
