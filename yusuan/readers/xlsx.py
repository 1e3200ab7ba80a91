"""XLSX reader: workbooks exported by budget systems, and the workbooks yusuan writes.

Each visible sheet is one table in its printed layout: caption rows (title, 编制单位, 单位：万元)
above a header found by its text (项目 / 科目编码 / 合计 / 金额 …, never by cell address), merged
cells read from their top-left cell, notes (注：…) below. The sheet name stands in for a missing
title ("表1-收支总表", "一般公共预算支出"). Numbers keep the decimals their number format prints;
numbers stored as text are read like printed ones; a formula without a cached value (a workbook
written by a program, yusuan's own) is evaluated when it is a sum or a plain arithmetic of cells.
Sheets without a table (instructions, narrative) become paragraphs.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .. import limits
from ..errors import LimitError, ReadError
from ..interpret.blocks import Block, RawDocument, TableBlock, TextBlock
from ..model import SourceInfo, SourceRef
from ..normalize import clean, key
from ..numbers import parse_amount
from .formula import evaluate
from .sniff import check_zip

_HEADER_WORDS = ("项目", "科目", "编码", "名称", "合计", "总计", "金额", "预算数", "决算数", "功能分类", "经济分类",
                 "收入", "支出", "类", "款", "单位名称", "一级指标")
_UNIT = re.compile(r"单位\s*[：:为]\s*(万元|元)")
_DECIMALS = re.compile(r"0\.(0+)")
_NOTE = re.compile(r"^(?:注|说明|备注)\s*\d*\s*[：:]")
_SHEET_NUMBER = re.compile(r"^(?:表|附表|公开表)?\s*[\d一二三四五六七八九十]+(?:[-－.．_、]\d+)?\s*[-－.．_、：:\s]*")


def read_xlsx(path: str | Path, data: bytes | None = None, *, checked: bool = False) -> RawDocument:
    """Read a workbook into blocks. Raises ReadError for a file that is not a readable workbook
    (``checked``: ``check_workbook`` has passed already)."""
    path = Path(path)
    if data is None:
        data = path.read_bytes()
    if not checked:
        check_workbook(data, str(path))
    book, values = _open(path, data)
    blocks: list[Block] = []
    names = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        names.append(sheet.title)
        cached = values[sheet.title] if values is not None else None
        blocks.extend(sheet_blocks(sheet, cached, str(path)))
    if not blocks:
        raise ReadError(str(path), "工作簿中没有内容（所有工作表为空或被隐藏）")
    _default_unit(blocks)
    info = SourceInfo(path=str(path), format="xlsx", files=[str(path)])
    return RawDocument(blocks=blocks, info=info)


_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_SHEET_MEMBER = re.compile(r"^xl/(?:worksheets|chartsheets|dialogsheets|macrosheets)/[^/]+\.xml$")


def check_workbook(data: bytes, path: str) -> None:
    """Refuse a workbook beyond the limits before openpyxl builds it (a cell costs openpyxl ~1 KB and
    ~20 µs, twice when the workbook has formulas): its size when unpacked (zip bomb), its sheets, and
    its cells, counted in the sheets' XML as it streams out of the archive (linear, constant memory)."""
    check_zip(data, path, "XLSX 工作簿")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sheets = [m for m in archive.infolist() if _SHEET_MEMBER.match(m.filename)]
        if len(sheets) > limits.SHEETS:
            raise LimitError(path, f"工作簿有 {len(sheets)} 个工作表，超过 {limits.SHEETS} 个的上限", status=413)
        cells = 0
        for member in sheets:
            cells += _count_cells(archive, member)
            if cells > limits.CELLS:
                raise LimitError(path, f"工作簿的单元格超过 {limits.CELLS:,} 个的上限（已数到工作表 {member.filename}）："
                                       "不是正常的公开文件，或请删去多余的工作表和空白格式后重试", status=413)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ReadError(path, "XLSX 工作簿已损坏或格式无法识别，无法读取") from exc


def _count_cells(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> int:
    count, tail = 0, b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            buffer = tail + chunk
            cut = max(len(buffer) - 64, 0)
            count += sum(1 for m in _CELL.finditer(buffer, 0, len(buffer)) if m.start() < cut)
            tail = buffer[cut:]
            if count > limits.CELLS:
                return count
    return count + len(_CELL.findall(tail))


def _open(path: Path, data: bytes) -> tuple[Any, Any]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
        has_formulas = any(isinstance(c.value, str) and c.value.startswith("=")
                           for ws in book.worksheets for row in ws.iter_rows() for c in row)
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True) if has_formulas else None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise ReadError(str(path), "XLSX 工作簿已损坏或格式无法识别，无法读取") from exc
    return book, values


_WORKBOOK_UNIT = re.compile(r"单位\s*为\s*(万元|元)|单位\s*[：:]\s*(万元|元)\s*[（(]?下同")


def _default_unit(blocks: list[Block]) -> None:
    """A sheet without its own unit takes the one the workbook states for all ("金额单位为元", "（下同）");
    another table's unit is not a guess for it (Shanghai prints 三公 in 万元 and the rest in 元)."""
    stated = {m.group(1) or m.group(2) for b in blocks if isinstance(b, TextBlock)
              and (m := _WORKBOOK_UNIT.search(b.text))}
    if len(stated) == 1:
        unit = stated.pop()
        for b in blocks:
            if isinstance(b, TableBlock) and not b.unit:
                b.unit = unit


# ---------------------------------------------------------------- cells


def _number_text(value: float | int | Decimal, number_format: str) -> str:
    """A number as its format prints it (decimals only; no thousands separators needed).

    A float keeps the 15 significant digits Excel stores and shows (an 18-digit code typed as a number
    reads as Excel shows it, 110101199001011000, never as a traceback)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    try:
        exact = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        return str(value)
    if not exact.is_finite():
        return ""
    if "%" in number_format:
        exact = exact * 100
    m = _DECIMALS.search(number_format or "")
    try:
        if m and exact == exact.quantize(Decimal(1).scaleb(-12)):
            exact = exact.quantize(Decimal(1).scaleb(-len(m.group(1))))
        elif number_format in ("0", "#,##0") and exact == exact.to_integral_value():
            exact = exact.quantize(Decimal(1))
    except InvalidOperation:
        pass  # more digits than a decimal context holds: printed as stored (the limits refuse it as an amount)
    text = format(exact, "f")
    return text + "%" if "%" in number_format else text


def cell_text(cell: Any, cached: Any, sheet: Any) -> str:
    value = cell.value
    if isinstance(value, str) and value.startswith("="):
        value = cached.cell(row=cell.row, column=cell.column).value if cached is not None else None
        if value is None:
            value = evaluate(cell.value[1:], lambda ref: _ref_value(sheet, cached, ref))
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float | Decimal):
        return _number_text(value, cell.number_format or "General")
    return clean(str(value).replace("\n", "").replace("\r", ""))


def _ref_value(sheet: Any, cached: Any, ref: str) -> Decimal | None:
    cell = sheet[ref]
    text = cell_text(cell, cached, sheet)
    return parse_amount(text)


def _grid(sheet: Any, cached: Any) -> tuple[list[list[str]], list[int]]:
    """Visible cells as text (merged cells blank except their top-left), and the row numbers."""
    from openpyxl.utils import get_column_letter

    hidden_cols = {letter for letter, dim in sheet.column_dimensions.items() if dim.hidden}
    rows: list[list[str]] = []
    numbers: list[int] = []
    empty = 0
    # formatting applied to whole rows or columns makes a sheet look a million cells big: read the first
    # 256 columns and stop after 2,000 empty rows
    for row in sheet.iter_rows(max_col=min(sheet.max_column or 1, 256)):
        if not row or sheet.row_dimensions[row[0].row].hidden:
            continue
        if all(c.value is None for c in row):
            empty += 1
            if empty > 2000:
                break
        else:
            empty = 0
        cells = [cell_text(c, cached, sheet) if get_column_letter(c.column) not in hidden_cols else None
                 for c in row]
        texts = [c for c in cells if c is not None]
        rows.append(texts)
        numbers.append(row[0].row)
    width = max((len(r) for r in rows), default=0)
    while width and all(len(r) < width or not r[width - 1] for r in rows):
        width -= 1
    rows = [(r + [""] * width)[:width] for r in rows]
    while rows and not any(rows[-1]):
        rows.pop()
        numbers.pop()
    return rows, numbers


# ---------------------------------------------------------------- sheet → blocks


def _is_header(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    if len(filled) < 2:
        return False
    return any(any(w in key(c) for w in _HEADER_WORDS) for c in filled)


def _header_row(rows: list[list[str]]) -> int | None:
    """Index of the first header row (found by its text), or None for a sheet without a table."""
    for i, cells in enumerate(rows[:30]):
        if _is_header(cells):
            return i
        filled = [c for c in cells if c]
        if len(filled) >= 3 and sum(1 for c in filled if parse_amount(c) is not None) >= 1:
            return i
    return None


def sheet_title(name: str) -> str:
    """A sheet name as a table title: numbering dropped, "表" added ("1-收支总表" → "收支总表")."""
    title = _SHEET_NUMBER.sub("", name.strip()) or name.strip()
    return title if title.endswith("表") else title + "表"


def sheet_blocks(sheet: Any, cached: Any, file: str) -> list[Block]:
    """The sheet's tables (several when they are stacked below each other) with their captions."""
    rows, numbers = _grid(sheet, cached)

    def ref(i: int) -> SourceRef:
        return SourceRef(file=file, sheet=sheet.title, line=numbers[i], cell=f"A{numbers[i]}")

    blocks: list[Block] = []
    first = True
    begin = 0
    while begin < len(rows):
        start = _header_row(rows[begin:])
        if start is None:
            blocks += [TextBlock(text="  ".join(c for c in rows[i] if c), source=ref(i))
                       for i in range(begin, len(rows)) if any(rows[i])]
            break
        start += begin
        stop = _next_table(rows, start)
        blocks += _table_blocks(rows, begin, start, stop, ref, sheet_title(sheet.title) if first else None)
        first = False
        begin = stop
    return blocks


def _next_table(rows: list[list[str]], start: int) -> int:
    """Where the next table of the sheet begins: after blank rows, a title or caption row."""
    i = start + 1
    while i < len(rows):
        if not any(rows[i]):
            j = i
            while j < len(rows) and not any(rows[j]):
                j += 1
            if j < len(rows):
                filled = [c for c in rows[j] if c]
                if len(filled) <= 2 and any(_title_or_caption(c) for c in filled):
                    return j
            i = j
            continue
        i += 1
    return len(rows)


def _title_or_caption(text: str) -> bool:
    from ..interpret.tables import caption_unit, recognize_title

    return recognize_title(text) is not None or caption_unit(text) is not None or text.startswith(("表", "编制"))


def _table_blocks(rows: list[list[str]], begin: int, start: int, stop: int, ref: Any,
                  title: str | None) -> list[Block]:
    blocks: list[Block] = []
    unit = None
    for i in range(begin, start):
        text = "  ".join(c for c in rows[i] if c)
        if text:
            blocks.append(TextBlock(text=text, source=ref(i)))
            m = _UNIT.search(text)
            unit = unit or (m.group(1) if m else None)
    end = stop
    notes: list[TextBlock] = []
    while end > start + 1:
        filled = [c for c in rows[end - 1] if c]
        if len(filled) == 1 and (_NOTE.match(filled[0]) or len(filled[0]) > 40) and parse_amount(filled[0]) is None:
            notes.insert(0, TextBlock(text=filled[0], source=ref(end - 1)))
            end -= 1
        elif not filled:
            end -= 1
        else:
            break
    table = TableBlock(rows=[], sources=[], source=ref(start), title=title, unit=unit)
    for i in range(start, end):
        if any(rows[i]):
            table.append(rows[i], ref(i))
    return [*blocks, table, *notes]
