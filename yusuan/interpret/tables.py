"""Tables as printed: captions, recognition of what a table is, header rows and column labels.

Recognition uses the title and the meaning of the headers, never the table's number or page: the
same 一般公共预算支出情况表 is 表五 in one template and 5. in another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import PrintedTable, Row, SourceRef, TableKind
from ..normalize import chinese_number, key
from ..numbers import decimals, parse_amount
from .blocks import TableBlock

_TABLE_NUMBER = re.compile(r"^(?:附|公开)?表\s*([一二三四五六七八九十\d]+)\s*[：:.、]?\s*(.*)$")
_PUBLIC_NUMBER = re.compile(r"^公开\s*(\d{1,2})\s*表$")  # Jiangsu: "公开01表"
_LIST_NUMBER = re.compile(r"^(\d{1,2})\s*[.．、]\s*(.+)$")
_UNIT = re.compile(r"(?:金额)?单位\s*[：:]\s*(万元|元|千元|亿元|百万元|[^\s，,；;)）\d]{1,3}(?=$|\s))")
KNOWN_UNITS = ("元", "万元", "千元")
_COMPILER = re.compile(r"(?:编制部门|编制单位|单位名称|部门名称|预算单位|部门)(?:（单位）|\(单位\))?\s*[：:]\s*(.+?)(?:\s+(?:金额)?单位\s*[：:].*)?$")
_YEAR_CAPTION = re.compile(r"^[(（]?\s*\d{4}\s*年(?:度)?\s*[)）]?$")

# (kind, required key fragments (all), forbidden fragments (any)); first match wins
_TITLE_RULES: list[tuple[TableKind, tuple[str, ...], tuple[str, ...]]] = [
    (TableKind.PERFORMANCE, ("绩效目标",), ()),
    (TableKind.THREE_PUBLIC, ("三公",), ()),
    (TableKind.OPERATING_COSTS, ("机关运行经费",), ()),
    # 决算: 政府性基金预算财政拨款收入支出决算表 is the fund table, not 表四
    (TableKind.GOV_FUND, ("政府性基金",), ("一般公共预算",)),
    (TableKind.STATE_CAPITAL, ("国有资本经营",), ("一般公共预算",)),
    (TableKind.FISCAL_OVERVIEW, ("财政拨款收支",), ()),
    (TableKind.FISCAL_OVERVIEW, ("财政拨款收入支出",), ()),
    (TableKind.GENERAL_BASIC, ("一般公共预算", "基本支出"), ()),
    (TableKind.GENERAL_PROJECT, ("一般公共预算", "项目支出"), ()),
    (TableKind.FISCAL_SPECIAL, ("财政专户",), ()),
    (TableKind.GENERAL_BUDGET, ("一般公共预算",), ("收入",)),
    (TableKind.PROCUREMENT, ("政府采购",), ()),
    (TableKind.FISCAL_EXPENDITURE, ("财政拨款支出",), ()),
    (TableKind.BASIC_ECONOMIC, ("基本支出",), ()),
    (TableKind.PROJECT_LIST, ("项目支出",), ("收入",)),
    (TableKind.OVERVIEW, ("收支总",), ()),
    (TableKind.OVERVIEW, ("财务收支",), ()),
    (TableKind.OVERVIEW, ("收入支出决算总表",), ()),
    (TableKind.OVERVIEW, ("收支预算总表",), ()),
    (TableKind.INCOME, ("收入",), ("支出",)),
    (TableKind.EXPENDITURE, ("支出",), ("收入",)),
]


def recognize_title(title: str) -> TableKind | None:
    """The kind of table a title names, or None when the title says nothing we know."""
    k = key(title)
    if not k or "表" not in k:
        return None
    for kind, required, forbidden in _TITLE_RULES:
        if all(r in k for r in required) and not any(f in k for f in forbidden):
            return kind
    return None


@dataclass
class Caption:
    """What the lines above a table say about it."""

    number: int | None = None
    number_text: str | None = None
    title: str = ""
    unit: str | None = None
    compiler: str | None = None
    year_line: str | None = None
    lines_used: int = 0  # how many text blocks before the table belong to the caption


def caption_unit(text: str) -> str | None:
    """"单位：万元" → "万元" (None when the text states no unit)."""
    m = _UNIT.search(text)
    return None if m is None else ("元" if m.group(1) == "元" else m.group(1))


def caption_compiler(text: str) -> str | None:
    """"编制部门：某某局" → "某某局"."""
    m = _COMPILER.match(text)
    return m.group(1).strip() if m else None


def parse_caption(lines: list[str]) -> Caption:
    """Read a caption from the text lines just above a table (nearest last).

    ``lines`` are the paragraphs between the previous table or heading and this table.
    """
    caption = Caption()
    used = 0
    for text in reversed(lines):
        if used >= 6:
            break
        m_unit = _UNIT.search(text)
        m_comp = _COMPILER.match(text)
        m_num = _TABLE_NUMBER.match(text)
        if m_unit or m_comp:
            if m_unit and caption.unit is None:
                caption.unit = "元" if m_unit.group(1) == "元" else m_unit.group(1)
            if m_comp and caption.compiler is None:
                caption.compiler = m_comp.group(1).strip()
            used += 1
            continue
        if _YEAR_CAPTION.match(text):
            caption.year_line = text
            used += 1
            continue
        m_pub = _PUBLIC_NUMBER.match(text)
        if m_num or m_pub:
            number_text = m_num.group(1) if m_num else m_pub.group(1)  # type: ignore[union-attr]
            caption.number_text = number_text if m_num else str(int(number_text))
            caption.number = chinese_number(number_text)
            rest = m_num.group(2).strip() if m_num else ""
            if rest and not caption.title:
                caption.title = rest
            used += 1
            if caption.title:
                break
            continue  # Jiangsu prints the title above "公开表一"
        if not caption.title and _title_like(text):
            m_list = _LIST_NUMBER.match(text)
            if m_list:
                caption.number = int(m_list.group(1))
                text = m_list.group(2)
            caption.title = text
            used += 1
            if caption.number is not None:
                break
            continue
        break
    caption.lines_used = used
    return caption


def _title_like(text: str) -> bool:
    t = re.sub(r"[(（][^)）]*[)）]$", "", text).strip()  # "…支出预算表（功能科目）"
    return (recognize_title(text) is not None or t.endswith("表")) and len(text) < 60 and "：" not in text


# ---------------------------------------------------------------- header and body

_HEADER_WORDS = ("项目", "科目", "编码", "名称", "合计", "总计", "预算", "支出", "收入", "类", "款", "项", "指标",
                 "金额", "单位", "决算", "经费", "功能分类", "经济分类", "小计", "费")


def _is_code(text: str) -> bool:
    t = text.replace(" ", "")
    return t.isdigit() and len(t) in (2, 3, 5, 7)


def _row_has_data(cells: list[str]) -> bool:
    if any(key(c) in ("栏次", "行次") for c in cells):
        return False  # numbered column headings of 决算 tables: "栏次 1 2 3"
    if any(parse_amount(c) is not None for c in cells):
        return True
    return any(_is_code(c) and len(c.replace(" ", "")) >= 3 for c in cells[:3])


_TOTAL_KEYS = ("合计", "总计", "小计")
_CODE_LABELS = ("类", "款", "项")


def _is_total_row(cells: list[str]) -> bool:
    """"合计" in the first column and nothing but figures (or blanks) after it: an empty table's total."""
    if not cells or key(cells[0]) not in _TOTAL_KEYS:
        return False
    return all(not c or parse_amount(c) is not None for c in cells[1:])


_NUMBERING_LABELS = ("栏次", "行次", "甲", "乙", "丙", "丁")


def is_column_numbers(cells: list[str]) -> bool:
    """The row numbering the columns ("栏次 1 2 3 …", "甲 乙 1 2 3"): header, never figures."""
    filled = [key(c) for c in cells if c.strip()]
    # labels of the numbering row: 栏次, 甲 乙, or placeholders such as "**" / "—"
    numbers = [c for c in filled if c not in _NUMBERING_LABELS and any(ch.isalnum() for ch in c)]
    labelled = len(numbers) < len(filled)  # "** ** 1": one numbered column beside its labels
    if len(numbers) < (1 if labelled else 2) or not all(c.isdigit() for c in numbers):
        return False
    values = [int(c) for c in numbers]
    return values == list(range(values[0], values[0] + len(values))) and values[0] <= 2


def split_header(rows: list[list[str]]) -> int:
    """Number of header rows at the top of a table block (the column-number row included)."""
    for i, cells in enumerate(rows):
        if is_column_numbers(cells):
            continue
        if _row_has_data(cells) or (i > 0 and _is_total_row(cells)):
            return i
        label_cells = [c for c in cells if c]
        if label_cells and not any(w in key(c) for c in label_cells for w in _HEADER_WORDS) and i > 0:
            return i
    return len(rows)


def column_labels(header: list[list[str]], width: int) -> list[str]:
    """One label per column from (possibly multi-row, merged) header rows.

    A blank cell in an upper row inherits the label on its left when a lower row has a label in
    that column (a horizontally merged cell); labels of a column are joined top-down with "/".
    """
    grid = [list(r) + [""] * (width - len(r)) for r in header if not is_column_numbers(r)]
    filled = [row[:] for row in grid]
    for r in range(len(grid) - 1):
        for c in range(1, width):
            below = any(grid[rr][c] for rr in range(r + 1, len(grid)))
            # under another parent label, a blank is that label merged downwards, not the left one's span
            same_parent = r == 0 or filled[r - 1][c] == filled[r - 1][c - 1]
            if not grid[r][c] and below and filled[r][c - 1] and not _spans_down(grid, r, c - 1) and same_parent:
                filled[r][c] = filled[r][c - 1]
    labels = []
    for c in range(width):
        parts: list[str] = []
        for r in range(len(filled)):
            text = filled[r][c].replace(" ", "")
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        labels.append("/".join(parts))
    return labels


def _spans_down(grid: list[list[str]], r: int, c: int) -> bool:
    """A label whose column has nothing below it is a vertical merge, not a horizontal one."""
    return not any(grid[rr][c] for rr in range(r + 1, len(grid)))


def printed_decimals(table: PrintedTable) -> int:
    """Decimals printed in a table's amounts: 0 for a table of whole 元 (rounding is then ±0.5 元).
    (``PrintedTable.precision`` says 2 for such a table: the places the writer uses.)"""
    places = 0
    for row in table.rows:
        for cell in row.cells:
            if "." in cell and parse_amount(cell) is not None:
                places = max(places, len(cell.rsplit(".", 1)[1].strip()))
    return places - 3 if table.unit == "千元" else places  # 千元 read as 元: its last digit is 元 × 1000


def precision_of(rows: list[list[str]]) -> int:
    best = 0
    for cells in rows:
        for c in cells:
            if parse_amount(c) is not None and "." in c:
                best = max(best, decimals(c))
    return best or 2


def _split_code_label_row(rows: list[list[str]], sources: list[SourceRef]) -> None:
    """A data row that also carries the "类 款 项" labels (决算 tables print them in the 合计 row)."""
    for i, cells in enumerate(rows[:8]):
        lead = [j for j, c in enumerate(cells) if key(c) in _CODE_LABELS]
        if len(lead) < 2 or not any(parse_amount(c) is not None for c in cells):
            continue
        labels = [c if j in lead else "" for j, c in enumerate(cells)]
        rows[i:i + 1] = [labels, ["" if j in lead else c for j, c in enumerate(cells)]]
        sources[i:i + 1] = [sources[i], sources[i]]
        return


def _fix_shifted_columns(header: list[list[str]], body: list[list[str]]) -> None:
    """A header label printed one column off its figures (Word tables whose rows differ in cell widths)."""
    width = len(body[0]) if body else 0
    c = 0
    while c < width - 1:
        head_a = any(r[c] for r in header)
        head_b = any(r[c + 1] for r in header)
        body_a = any(r[c] for r in body)
        body_b = any(r[c + 1] for r in body)
        if (not head_a and body_a and head_b and not body_b) or (head_a and not body_a and not head_b and body_b):
            for r in header:
                r[c] = r[c] or r[c + 1]
                del r[c + 1]
            for r in body:
                r[c] = r[c] or r[c + 1]
                del r[c + 1]
            width -= 1
            continue
        c += 1


def build_printed_table(
    block: TableBlock, caption: Caption, table_id: str, kind: TableKind | None, default_unit: str | None
) -> PrintedTable:
    rows = [list(r) for r in block.rows]
    sources = list(block.sources)
    width = max((len(r) for r in rows), default=0)
    # trailing empty columns printed by the conversion carry nothing
    while width and all(len(r) < width or not r[width - 1] for r in rows):
        width -= 1
    rows = [(r + [""] * (width - len(r)))[:width] for r in rows]
    _split_code_label_row(rows, sources)
    n_header = split_header(rows)
    header, body = rows[:n_header], rows[n_header:]
    if header and len(body) >= 2:
        _fix_shifted_columns(header, body)
        width = len(body[0])
    body_sources = sources[n_header:]
    title = caption.title or block.title or ""
    unit = caption.unit or block.unit or default_unit
    notes: list[str] = []
    if unit is not None and unit not in KNOWN_UNITS:
        notes.append(f"单位：{unit}")  # a unit yusuan does not read: said by units.settle_units
    kept: list[Row] = []
    for cells, src in zip(body, body_sources, strict=False):
        first = next((c for c in cells if c), "")
        if first.startswith(("注：", "注:", "说明：")) and sum(1 for c in cells if c) == 1:
            notes.append(first)
            continue
        kept.append(Row(cells=cells, source=src.with_(table=table_id)))
    return PrintedTable(
        id=table_id,
        number=caption.number,
        title=title,
        kind=kind or TableKind.OTHER,
        recognized=kind is not None,
        unit=unit if unit in ("元", "万元", "千元") else None,
        compiler=caption.compiler,
        header=header,
        columns=column_labels(header, width),
        rows=kept,
        notes=notes,
        precision=precision_of(body),
        source=block.source.with_(table=table_id, end_line=block.sources[-1].line if block.sources else None),
        parts=[p.with_(table=table_id) for p in block.parts],
    )


def table_id_for(caption: Caption, index: int, used: set[str]) -> str:
    if caption.number_text:
        base = f"表{caption.number_text}"
    elif caption.number is not None:
        base = f"表{caption.number}"
    else:
        base = f"T{index}"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def recognize_by_header(columns: list[str], rows: list[list[str]]) -> TableKind | None:
    """When the title is missing or unknown: guess the kind from the headers."""
    joined = key("|".join(columns))
    if "单位名称" in joined and ("序号" in joined or "备注" in joined) and "金额" not in joined:
        return TableKind.UNITS
    if "人员经费" in joined and "公用经费" in joined:
        return TableKind.GENERAL_BASIC
    if "因公出国" in joined or "公务接待" in joined:
        return TableKind.THREE_PUBLIC
    if "项目名称" in joined and ("工资福利" in joined or "商品和服务" in joined):
        return TableKind.GENERAL_PROJECT
    if "一级指标" in joined or "三级指标" in joined:
        return TableKind.PERFORMANCE
    if "基本支出" in joined and "项目支出" in joined:
        return TableKind.EXPENDITURE
    if "事业收入" in joined and ("一般公共预算" in joined or "财政拨款" in joined):
        return TableKind.INCOME
    return None

