"""XLSX with openpyxl: one sheet per table in the printed layout, the text on its own sheets.

Each table sheet holds the title, the compiler and unit line, the header rows (merged as printed,
frozen, repeated when printed) and the body with number formats; where a printed value is the sum of
other cells (a 类 of its 款, a 款 of its 项, 合计 of 基本 + 项目 …) the cell is a formula. The
computed value is stored with the formula, so a reader that does not calculate (openpyxl with
``data_only``) still sees the figure.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Disclosure
from ..numbers import parse_amount
from .document import build_document
from .grid import Grid, Heading, Para, RenderedDocument, TableRef

SONG = "宋体"
HEI = "黑体"
THIN = Side(style="thin", color="555555")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SHADE = PatternFill("solid", fgColor="F2F2F2")
AMOUNT_FORMAT = "#,##0.00;-#,##0.00;"  # zero shows blank, as printed


def amount_format(text: str) -> str:
    """The number format that shows the digits as printed ("23.5" keeps one decimal, "30" none)."""
    places = len(text.split(".", 1)[1]) if "." in text else (0 if text else 2)
    body = "#,##0" + ("." + "0" * places if places else "")
    return f"{body};-{body};"
TITLE_ROWS = 3  # title, year line or blank, compiler and unit
# shared style objects: openpyxl hashes each assigned style, so one instance per look is cheaper
PLAIN = Font(name=SONG, size=10)
BOLD = Font(name=SONG, size=10, bold=True)
RIGHT = Alignment(horizontal="right", vertical="center")
CENTER = Alignment(horizontal="center", vertical="center")
LEFT = Alignment(horizontal="left", vertical="center")
WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)
WRAP_INDENT = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)


def _value(text: str, kind: str) -> Any:
    if kind != "amount":
        return text or None
    value = parse_amount(text)
    return value if value is not None else None


def _sum_formula(cells: list[str]) -> str:
    return "=SUM(" + ",".join(cells) + ")" if len(cells) > 1 else f"={cells[0]}"


def _formulas(g: Grid, first_body_row: int) -> dict[tuple[int, int], tuple[str, Decimal]]:
    """(body row, column) → (formula, value) where the printed value is exactly the sum it shows."""
    out: dict[tuple[int, int], tuple[str, Decimal]] = {}
    amount_cols = [c for c, k in enumerate(g.columns) if k == "amount"]

    def value(r: int, c: int) -> Decimal:
        return parse_amount(g.body[r].cells[c]) or Decimal(0) if c < len(g.body[r].cells) else Decimal(0)

    def ref(r: int, c: int) -> str:
        return f"{get_column_letter(c + 1)}{first_body_row + r}"

    for r, row in enumerate(g.body):
        if row.sum_of:
            for c in amount_cols:
                total = sum((value(k, c) for k in row.sum_of), Decimal(0))
                if total == value(r, c) and total != 0:
                    out[(r, c)] = (_sum_formula([ref(k, c) for k in row.sum_of]), value(r, c))
        for target, sources in g.column_sums:
            if (r, target) in out or target >= len(row.cells):
                continue
            total = sum((value(r, c) for c in sources), Decimal(0))
            if total == value(r, target) and total != 0:
                out[(r, target)] = (_sum_formula([ref(r, c) for c in sources]), value(r, target))
    return out


def _table_sheet(ws: Worksheet, g: Grid) -> dict[str, Decimal]:
    width = g.width
    last = get_column_letter(width)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = f"{g.caption_number}：{g.title}" if g.caption_number else g.title
    ws["A1"].font = Font(name=HEI, size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 26
    if g.year_line:
        ws.merge_cells(f"A2:{last}2")
        ws["A2"] = g.year_line
        ws["A2"].alignment = Alignment(horizontal="center")
    if g.compiler:
        ws["A3"] = f"编制部门：{g.compiler}"
    if g.unit:
        unit_cell = ws.cell(row=3, column=width, value=f"单位：{g.unit}")
        unit_cell.alignment = Alignment(horizontal="right")
    header_top = TITLE_ROWS + 1
    for r, header_row in enumerate(g.header):
        for c, text in enumerate(header_row):
            cell = ws.cell(row=header_top + r, column=c + 1, value=text or None)
            cell.font = Font(name=SONG, size=10, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = BORDER
            cell.fill = SHADE
    for m in g.header_merges:
        ws.merge_cells(start_row=header_top + m.row, start_column=m.col + 1,
                       end_row=header_top + m.last_row, end_column=m.last_col + 1)
    body_top = header_top + len(g.header)
    formulas = _formulas(g, body_top)
    cached: dict[str, Decimal] = {}
    for r, row in enumerate(g.body):
        font = BOLD if row.style in ("total", "class") else PLAIN
        indent = 1 if row.style in ("item", "sub") else 0
        for c in range(width):
            text = row.cells[c] if c < len(row.cells) else ""
            kind = g.columns[c] if c < len(g.columns) else "text"
            cell = ws.cell(row=body_top + r, column=c + 1)
            if (r, c) in formulas:
                cell.value, cached[cell.coordinate] = formulas[(r, c)]
            else:
                cell.value = _value(text, kind)
            cell.border = BORDER
            cell.font = font
            if kind == "amount":
                cell.number_format = amount_format(text)
                cell.alignment = RIGHT
            else:
                cell.number_format = "@"
                cell.alignment = CENTER if kind == "code" else (WRAP_INDENT if indent else WRAP) if kind == "text" \
                    else LEFT
            if row.style == "total":
                cell.fill = SHADE
    for m in g.body_merges:
        ws.merge_cells(start_row=body_top + m.row, start_column=m.col + 1,
                       end_row=body_top + m.last_row, end_column=m.last_col + 1)
    if g.empty_note:
        ws.cell(row=body_top + len(g.body) + 1, column=1, value=g.empty_note)
    weights = g.widths or [1.0] * width
    for c, w in enumerate(weights):
        ws.column_dimensions[get_column_letter(c + 1)].width = max(5.0, w * 9)
    ws.freeze_panes = ws.cell(row=body_top, column=1) if g.header else None
    ws.print_title_rows = f"{header_top}:{body_top - 1}" if g.header else None
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if g.wide else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return cached


def _text_sheet(ws: Worksheet, blocks: list[Heading | Para], width: float = 100) -> None:
    ws.column_dimensions["A"].width = width
    for r, block in enumerate(blocks, start=1):
        cell = ws.cell(row=r, column=1, value=block.text)
        heading = isinstance(block, Heading)
        top = isinstance(block, Heading) and block.level <= 1
        cell.font = Font(name=HEI if heading else SONG, size=14 if top else 11, bold=heading)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center" if top else "left")


def _sheet_name(text: str, used: set[str]) -> str:
    name = re.sub(r"[\\/*?:\[\]]", "", text)[:31] or "表"
    base, n = name, 2
    while name in used:
        name = f"{base[:28]}-{n}"
        n += 1
    used.add(name)
    return name


def document_xlsx(rd: RenderedDocument) -> bytes:
    wb = Workbook()
    used: set[str] = set()
    front = wb.active
    front.title = _sheet_name("封面", used)
    _text_sheet(front, [Heading(level=0, text=t) for t in rd.title_lines]
                + [Para(text="目录")] + [Para(text=("    " * (lv - 1)) + e) for lv, e in rd.toc])
    cached: dict[str, dict[str, Decimal]] = {}
    text_blocks: list[Heading | Para] = []
    part = ""

    def flush() -> None:
        nonlocal text_blocks
        if text_blocks:
            ws = wb.create_sheet(_sheet_name(part or "说明", used))
            _text_sheet(ws, text_blocks)
            text_blocks = []

    for block in rd.blocks:
        if isinstance(block, TableRef):
            flush()
            g = block.grid
            name = g.id if g.caption_number else f"绩效目标表{g.id.removeprefix('绩效')}"
            ws = wb.create_sheet(_sheet_name(name, used))
            cached[ws.title] = _table_sheet(ws, g)
            continue
        if isinstance(block, Heading) and block.level == 1:
            flush()
            part = block.text.split(" ", 1)[-1][:20]
        text_blocks.append(block)
    text_blocks += [Para(text=t) for t in rd.signature]
    flush()
    wb.properties.title = rd.title
    wb.properties.creator = "yusuan"
    out = io.BytesIO()
    wb.save(out)
    return _with_cached_values(out.getvalue(), wb, cached)


def _with_cached_values(data: bytes, wb: Workbook, cached: dict[str, dict[str, Decimal]]) -> bytes:
    """Store each formula's value beside it (openpyxl writes formulas without one)."""
    index = {ws.title: i + 1 for i, ws in enumerate(wb.worksheets)}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            m = re.match(r"xl/worksheets/sheet(\d+)\.xml$", item.filename)
            title = next((t for t, i in index.items() if m and i == int(m.group(1))), None)
            if title in cached and cached[title]:
                values = cached[title]

                def add_value(m: re.Match[str], values: dict[str, Decimal] = values) -> str:
                    value = values.get(m.group(2))
                    return f"{m.group(1)}<v>{format(value, 'f') if value is not None else ''}</v>"

                text = re.sub(r'(<c r="([A-Z]+\d+)"[^>]*><f>[^<]*</f>)<v(?:\s*/>|></v>)', add_value,
                              content.decode("utf-8"))
                content = text.encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def render_xlsx(d: Disclosure, generate: bool | None = None) -> bytes:
    return document_xlsx(build_document(d, generate=generate))
