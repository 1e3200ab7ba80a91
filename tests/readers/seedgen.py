"""Documents generated from the seed for round-trip tests: HTML (→ WeasyPrint PDF), DOCX (→ LibreOffice
PDF), XLSX. Built from the blocks the text reader makes of the seed, so every format carries the same
paragraphs and table cells as the text."""

from __future__ import annotations

import html
import io
from pathlib import Path

from yusuan.interpret.blocks import RawDocument, TableBlock, TextBlock
from yusuan.interpret.continuation import join_parts
from yusuan.readers.text import read_text


def seed_blocks(seed_path: Path) -> RawDocument:
    return read_text(seed_path)


def _width(table: TableBlock) -> int:
    return max(len(r) for r in table.rows)


def _header_rows(table: TableBlock) -> int:
    from yusuan.interpret.tables import split_header

    width = _width(table)
    return split_header([r + [""] * (width - len(r)) for r in table.rows])


def seed_html(raw: RawDocument, repeat_headers: bool = True, borders: bool = True) -> str:
    """One HTML page: paragraphs, and tables with cell borders (headers in <thead> repeat on every page)."""
    border = "border: 0.6pt solid #000;" if borders else ""
    out = ["<!doctype html><html><head><meta charset='utf-8'><style>",
           "@page { size: A4; margin: 2cm; }",
           "body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC'; font-size: 10.5pt; }",
           "p { margin: 0 0 4pt 0; text-indent: 2em; }",
           "table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 4pt 0 10pt 0; }",
           f"td, th {{ {border} padding: 1pt 2pt; font-weight: normal; }}",
           "</style></head><body>"]
    for block in join_parts(raw.blocks):  # tables as one block each, as a person would lay them out
        if isinstance(block, TextBlock):
            out.append(f"<p>{html.escape(block.text)}</p>")
            continue
        width = _width(block)
        n_head = _header_rows(block) if repeat_headers else 0
        out.append("<table>")
        for i, row in enumerate(block.rows):
            if i == 0 and n_head:
                out.append("<thead>")
            if i == n_head:
                out.append("</thead><tbody>" if n_head else "<tbody>")
            cells = row + [""] * (width - len(row))
            tag = "th" if i < n_head else "td"
            out.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>")
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out)


def seed_docx(raw: RawDocument) -> bytes:
    """A Word document: one paragraph per paragraph, a real table (style Table Grid) per table."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    section = document.sections[0]  # landscape: the project table has sixteen columns
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.5)
    for block in join_parts(raw.blocks):  # tables as one block each, as a person would lay them out
        if isinstance(block, TextBlock):
            document.add_paragraph(block.text, style="Heading 2" if block.heading else None)
            continue
        width = _width(block)
        table = document.add_table(rows=len(block.rows), cols=width)
        table.style = "Table Grid"
        for row, cells in zip(block.rows, table.rows, strict=True):
            for text, cell in zip(row, cells.cells, strict=False):  # row by row: table.cell() is quadratic
                if text:
                    cell.paragraphs[0].add_run(text).font.size = Pt(7)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed_xlsx(raw: RawDocument) -> bytes:
    """A workbook as a budget system exports it: one sheet per table, caption rows, merged title,
    numbers stored as numbers (some as text), header labels spanning merged cells."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    from yusuan.numbers import parse_amount

    book = openpyxl.Workbook()
    book.remove(book.active)
    pending: list[str] = []
    n = 0
    for block in join_parts(raw.blocks):  # tables as one block each, as a person would lay them out
        if isinstance(block, TextBlock):
            pending = (pending + [block.text])[-4:]
            continue
        n += 1
        sheet = book.create_sheet(f"表{n}")
        width = _width(block)
        captions = [t for t in pending if t.startswith(("编制部门", "编制单位", "部门", "单位："))]
        title = next((t for t in reversed(pending) if t.rstrip("）)").split("（")[0].endswith("表")), "")
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        for text in captions:
            sheet.append([text])
        for r, row in enumerate(block.rows):
            values: list[object] = []
            for c, text in enumerate(row + [""] * (width - len(row))):
                value = parse_amount(text)
                if value is not None and "." in text and (r + c) % 3:
                    values.append(float(value))  # most figures as numbers…
                else:
                    values.append(text or None)  # …some as text, as exports do
            sheet.append(values)
            for c, text in enumerate(row):
                cell = sheet.cell(row=sheet.max_row, column=c + 1)
                if isinstance(cell.value, float):  # the format prints the decimals the seed prints
                    cell.number_format = "#,##0." + "0" * len(text.split(".")[1])
        sheet.column_dimensions[get_column_letter(1)].width = 12
        pending = []
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
