"""Format-neutral printed tables and documents: what every renderer draws.

A ``Grid`` is one table as it will be printed: caption (number, title, compiler, unit), header rows
with merged cells, body rows with a style and, where a printed value is a sum, which rows or
columns it sums (the XLSX renderer turns those into formulas). A ``RenderedDocument`` is the whole
disclosure as a flat list of blocks in reading order. Text, HTML, PDF, DOCX and XLSX all draw the
same ``RenderedDocument``, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RowStyle = Literal["total", "class", "section", "item", "sub", "plain", "label"]
ColumnKind = Literal["code", "text", "amount", "value"]


@dataclass
class Merge:
    """A merged area of the header (or of a body row), inclusive bounds."""

    row: int
    col: int
    last_row: int
    last_col: int


@dataclass
class GridRow:
    cells: list[str]
    style: RowStyle = "plain"
    # indexes of the body rows whose sum this row prints (same columns), when it is a sum
    sum_of: list[int] = field(default_factory=list)


@dataclass
class Grid:
    """One printed table."""

    id: str  # "表一" … or "绩效1"
    title: str
    kind: str  # TableKind value
    number: int | None = None  # 表一 → 1
    compiler: str | None = None  # 编制部门（单位）
    unit: str | None = "万元"
    year_line: str | None = None  # "（2021年）" under a performance table title
    columns: list[ColumnKind] = field(default_factory=list)
    header: list[list[str]] = field(default_factory=list)
    header_merges: list[Merge] = field(default_factory=list)
    body: list[GridRow] = field(default_factory=list)
    # merged body cells (body coordinates); a covered cell may repeat the text for the text format
    body_merges: list[Merge] = field(default_factory=list)
    # (target column, source columns): the target prints the sum of the sources in every row
    column_sums: list[tuple[int, list[int]]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)  # relative column widths
    empty_note: str | None = None  # printed under an empty table

    @property
    def width(self) -> int:
        return max([len(r) for r in self.header] + [len(r.cells) for r in self.body] + [len(self.columns)])

    @property
    def wide(self) -> bool:
        """Too wide for a portrait page: the DOCX renderer gives it a landscape section."""
        return self.width > 8

    @property
    def caption_number(self) -> str:
        return self.id if self.id.startswith("表") else ""


@dataclass
class Heading:
    level: int  # 0 title, 1 part (第一部分), 2 一、, 3 （一）
    text: str


@dataclass
class Para:
    text: str
    style: Literal["body", "item", "field", "signature", "toc", "note"] = "body"


@dataclass
class TableRef:
    grid: Grid


Block = Heading | Para | TableRef


@dataclass
class RenderedDocument:
    """The whole disclosure in reading order."""

    title_lines: list[str]
    toc: list[tuple[int, str]]  # (level, entry)
    blocks: list[Block]
    department: str
    year: int | None
    signature: list[str] = field(default_factory=list)

    @property
    def grids(self) -> list[Grid]:
        return [b.grid for b in self.blocks if isinstance(b, TableRef)]

    @property
    def title(self) -> str:
        return "".join(self.title_lines)


def fitted_shares(g: Grid, content_mm: float, digit_mm: float, pad_mm: float) -> list[float]:
    """Column widths as fractions of the table: as the grid proposes, widened where the longest figure of
    an amount or code column would not fit on one line (8-digit amounts in 元 ran into the next cell), the
    room taken from the text columns in proportion."""
    if not g.widths:
        return []
    total = sum(g.widths)
    shares = [w / total for w in g.widths]
    kinds = [g.columns[i] if i < len(g.columns) else "text" for i in range(len(shares))]
    needed: dict[int, float] = {}
    for i, kind in enumerate(kinds):
        if kind not in ("amount", "code"):
            continue
        longest = max((len(r.cells[i].strip()) for r in g.body if i < len(r.cells)), default=0)
        fit = (longest * digit_mm * 1.08 + pad_mm) / content_mm  # bold totals are a little wider
        if fit > shares[i]:
            needed[i] = fit
    if not needed:
        return shares
    text = [i for i, kind in enumerate(kinds) if kind not in ("amount", "code")]
    fixed = sum(needed.get(i, shares[i]) for i in range(len(shares)) if i not in text)
    room = max(1.0 - fixed, 0.05 * len(text))
    scale = room / (sum(shares[i] for i in text) or 1.0)
    out = [needed.get(i, shares[i] * scale if i in text else shares[i]) for i in range(len(shares))]
    norm = sum(out)
    return [s / norm for s in out]

