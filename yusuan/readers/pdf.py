"""PDF reader (text layer): pages → paragraphs and table blocks, in reading order.

pypdfium2 gives the glyphs and the ruling lines of each page (``pdf_layout``); ruled tables become
cell grids (``pdf_grid``), borderless ones are found from the alignment of their columns
(``pdf_stream``); the rest is running text joined into paragraphs (``pdf_text``). A table that
runs over several pages comes out as one block per page; a part at the top of a page right after a
table gets a ``continues`` hint (which of the previous part's columns each of its columns lies under),
and ``interpret/continuation.py`` decides whether it is joined.

Input that cannot be read (a broken or encrypted file, a scan without a text layer) raises
``ReadError`` with one Chinese line; a scan is read by OCR when ``YUSUAN_OCR`` allows it (``ocr``).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from .. import limits
from ..errors import ReadError
from ..interpret.blocks import Block, RawDocument, TableBlock, TextBlock
from ..model import SourceInfo, SourceRef
from ..model.problems import IMAGE_PAGE, OCR
from ..normalize import clean
from ..tolerances import TOLERANCES
from .pdf_grid import Grid, ruled_grids
from .pdf_layout import PageContent, page_content
from .pdf_lines import Line, group_lines
from .pdf_pages import page_facts
from .pdf_stream import stream_grids
from .pdf_text import (
    Margins,
    PageLines,
    continues,
    join,
    line_text,
    margins,
    remove_furniture,
    strip_field_codes,
)

MAX_PAGES = limits.PDF_PAGES
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")


@dataclass
class _Item:
    """A paragraph line or a table on a page, in reading order."""

    top: float
    line: Line | None = None
    grid: Grid | None = None


@dataclass
class _Page:
    number: int
    width: float
    height: float
    items: list[_Item] = field(default_factory=list)
    margins: Margins | None = None


def open_pdf(path: Path, data: bytes) -> pdfium.PdfDocument:
    """The document, or ReadError for a broken or encrypted file."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc)
        if "password" in text.lower() or "Incorrect password" in text:
            raise ReadError(str(path), "PDF 文件已加密（需要密码），无法读取；请提供未加密的文件") from exc
        raise ReadError(str(path), "PDF 文件已损坏或不是有效的 PDF，无法读取") from exc


# pdfium is not thread-safe: two threads inside it at once crash the process (a segmentation fault). Every use
# of it holds this lock, so that reading PDFs from threads (a server's worker threads) is safe; the work after
# the pages are extracted (tables, interpretation) runs in parallel.
PDFIUM = threading.RLock()


def read_pages(path: Path, data: bytes) -> list[PageContent]:
    with PDFIUM:
        return _read_pages(path, data)


def _read_pages(path: Path, data: bytes) -> list[PageContent]:
    pdf = open_pdf(path, data)
    try:
        count = len(pdf)
        if count == 0:
            raise ReadError(str(path), "PDF 文件没有页面")
        limits.check_pages(str(path), count)
        pages = []
        for i in range(count):
            page = pdf[i]
            try:
                pages.append(page_content(page, i + 1))
            finally:
                page.close()
        return pages
    except pdfium.PdfiumError as exc:
        raise ReadError(str(path), "PDF 文件已损坏，无法读取页面内容") from exc
    finally:
        pdf.close()


def read_pdf(path: str | Path, data: bytes | None = None) -> RawDocument:
    """Read a PDF's text layer into blocks. Raises ReadError for input that cannot be read."""
    path = Path(path)
    if data is None:
        data = path.read_bytes()
    pages = read_pages(path, data)
    glyphs = sum(len(p.glyphs) for p in pages)
    unmapped = sum(p.unmapped for p in pages)
    texted = sum(1 for p in pages if len(p.glyphs) >= 10)
    ocr = False
    if texted * 5 < len(pages) or (glyphs and unmapped > glyphs * 0.3):
        from .ocr import ocr_pages

        pages = ocr_pages(path, data, pages, unreadable=unmapped > glyphs * 0.3 and glyphs > 0)
        ocr = True
    texts: dict[int, str] = {}
    blocks = pages_to_blocks(pages, str(path), ocr=ocr, texts=texts)
    info = SourceInfo(path=str(path), format="pdf", files=[str(path)], pages=len(pages),
                      page_facts=[] if ocr else page_facts(pages, texts, str(path)))
    problems: list[tuple[str, str, SourceRef]] = []
    for p in pages if not ocr else []:
        if len(p.glyphs) < TOLERANCES.image_page_glyphs and p.image_share > TOLERANCES.image_page_share:
            problems.append((IMAGE_PAGE, f"第 {p.number} 页是图片，没有文字层，其内容未读取",
                             SourceRef(file=str(path), page=p.number)))
    if ocr:
        problems.append((OCR, "本文件没有文字层，内容由光学字符识别（OCR）读取，数字须人工核对",
                         SourceRef(file=str(path), ocr=True)))
    return RawDocument(blocks=blocks, info=info, problems=problems)


# ---------------------------------------------------------------- pages → items


def page_tables(content: PageContent) -> list[list[list[str]]]:
    """The tables found on one page (rows of cleaned cell texts), before joining across pages."""
    page = _layout_page(content)
    return [[[clean(c) for c in row] for row in it.grid.rows] for it in page.items if it.grid is not None]


def _layout_page(content: PageContent, carry: list[tuple[float, float]] | None = None) -> _Page:
    grids = ruled_grids(content.rules, content.glyphs)
    boxes = [(g.x0 - 1, g.top - 1, g.x1 + 1, g.bottom + 1) for g in grids]
    rest = [g for g in content.glyphs
            if not any(x0 <= (g.x0 + g.x1) / 2 <= x1 and y0 <= (g.top + g.bottom) / 2 <= y1 for x0, y0, x1, y1 in boxes)]
    lines = group_lines(rest, content.number)
    more_grids, lines = stream_grids(lines, content.width, carry if not grids else None)
    grids = sorted(grids + more_grids, key=lambda g: g.top)
    page = _Page(content.number, content.width, content.height)
    page.items = sorted([_Item(g.top, grid=g) for g in grids] + [_Item(ln.top, line=ln) for ln in lines],
                        key=lambda it: it.top)
    return page


def pages_to_blocks(contents: list[PageContent], file: str, ocr: bool = False,
                    texts: dict[int, str] | None = None) -> list[Block]:
    """Blocks of the pages in reading order; ``texts`` receives each page's running text (outside tables,
    without page numbers and running headers), for the facts of the printed page."""
    pages: list[_Page] = []
    carry: list[tuple[float, float]] | None = None
    for content in contents:
        page = _layout_page(content, carry)
        pages.append(page)
        last = page.items[-1] if page.items else None
        carry = last.grid.spans if last is not None and last.grid is not None and last.grid.spans else None
    text_pages = [PageLines(p.number, p.width, p.height, [it.line for it in p.items if it.line]) for p in pages]
    remove_furniture(text_pages)
    by_width: dict[int, Margins] = {}
    for page, tp in zip(pages, text_pages, strict=True):
        kept = {id(ln) for ln in tp.lines}
        page.items = [it for it in page.items if it.grid is not None or id(it.line) in kept]
        page.margins = margins(tp.lines, page.width, by_width.get(round(page.width)))
        if texts is not None:  # what the page shows: lines placed outside the page are not printed
            texts[page.number] = "\n".join(line_text(ln) for ln in tp.lines if ln.bottom > 0 and ln.top < page.height)
        if len([ln for ln in tp.lines if len(ln.glyphs) >= 12]) >= 3:
            by_width.setdefault(round(page.width), page.margins)
    sizes = sorted(ln.size for tp in text_pages for ln in tp.lines for _ in range(len(ln.glyphs)))
    body = sizes[len(sizes) // 2] if sizes else 12.0
    return _Assembler(file, ocr, body).run(pages)


class _Assembler:
    """Walks the pages once, joining lines into paragraphs and table parts into tables."""

    def __init__(self, file: str, ocr: bool, body_size: float) -> None:
        self.file = file
        self.ocr = ocr
        self.body_size = body_size
        self.blocks: list[Block] = []
        # id(TableBlock) → (column edges, column spans of a borderless table)
        self.columns: dict[int, tuple[list[float], list[tuple[float, float]]]] = {}
        self.last_line: tuple[Line, Margins] | None = None
        self.table_open = False  # the last thing seen was a table (nothing after it yet)

    def ref(self, page: int, line: int | None = None) -> SourceRef:
        return SourceRef(file=self.file, page=page, line=line, ocr=self.ocr)

    def run(self, pages: list[_Page]) -> list[Block]:
        for page in pages:
            first = True
            line_no = 0
            for item in page.items:
                if item.grid is not None:
                    self.add_grid(item.grid, page.number, continuing=first)
                elif item.line is not None:
                    line_no += 1
                    self.add_line(item.line, page, line_no, first)
                first = False
        return self.blocks

    def add_line(self, line: Line, page: _Page, line_no: int, first_on_page: bool) -> None:
        text = line_text(line)
        if not text:
            return
        m = page.margins or Margins(0, page.width, 12)
        last = self.blocks[-1] if self.blocks else None
        heading = _is_title(line, page, m, self.body_size) or bool(_PART.match(text))
        if isinstance(last, TextBlock) and self.last_line is not None and not self.table_open:
            prev, prev_m = self.last_line
            same_page = prev.page == line.page
            if (continues(prev, prev_m, line, m, same_page) and not heading) or (
                    last.heading and heading and same_page and _title_continues(prev, line, text, self.body_size)):
                last.text = clean(join(last.text, text))
                last.source = last.source.with_(end_line=line_no)
                self.last_line = (line, m)
                return
        self.blocks.append(TextBlock(text=text, source=self.ref(page.number, line_no), heading=heading))
        self.last_line = (line, m)
        self.table_open = False

    def add_grid(self, grid: Grid, page: int, continuing: bool) -> None:
        rows = [[clean(strip_field_codes(c)) for c in row] for row in grid.rows]
        last = self.blocks[-1] if self.blocks else None
        edges = [*grid.columns, grid.x1]
        hint = None
        if continuing and self.table_open and isinstance(last, TableBlock) and id(last) in self.columns \
                and not _titled(rows):
            # the top of a page right after a table at the bottom of the last one: may be its continuation.
            # Only the geometry is known here; interpret decides (interpret/continuation.py).
            before_edges, before_spans = self.columns[id(last)]
            hint = _span_map(before_spans, grid.spans) if grid.spans and before_spans \
                else _column_map(before_edges, edges)
        block = TableBlock(rows=[], sources=[], source=self.ref(page), continues=hint)
        for row in rows:
            block.append(row, self.ref(page))
        self.blocks.append(block)
        self.columns[id(block)] = (edges, grid.spans)
        self.table_open = True
        self.last_line = None


def _is_title(line: Line, page: _Page, m: Margins, body: float) -> bool:
    """A centred line standing alone: a part or section title, a table caption, the cover."""
    text = line.text.strip()
    if len(text) > 60 or len(line.segments()) > 1:
        return False
    left, right = (m.left, m.right) if m.right - m.left > page.width * 0.4 else (0.0, page.width)
    mid = (line.x0 + line.x1) / 2
    centre_of_text = abs(mid - (left + right) / 2) < 0.05 * (right - left)
    centre_of_page = abs(mid - page.width / 2) < 0.04 * page.width
    centred = (centre_of_text or centre_of_page) and line.x0 > left + 2 * line.size
    return centred and (line.size >= 1.1 * body or not text.endswith(("。", "；", "，", "：", ":")))


def _title_continues(prev: Line, line: Line, text: str, body: float) -> bool:
    """The second line of a title wrapped on two centred lines ("…决算情况" / "说明")."""
    return (abs(line.size - prev.size) <= 0.1 * prev.size and (prev.size >= 1.15 * body or len(text) <= 6)
            and line.base - prev.base <= 2.4 * prev.size and "：" not in text and ":" not in text
            and not prev.text.rstrip().endswith(("。", "；", "：")))


def _titled(rows: list[list[str]]) -> bool:
    """A table whose first row is its own title (a title cell spanning the table): not a continuation."""
    from ..interpret.tables import recognize_title

    first = [c for c in rows[0] if c] if rows else []
    return len(first) == 1 and recognize_title(first[0]) is not None


def _column_map(previous: list[float], edges: list[float]) -> list[int] | None:
    """Column index in the previous part for each column of a continuation, when its borders are
    the same (or a subset: a merged "合计" cell spanning the code columns)."""
    if len(previous) < 2 or len(edges) < 2 or abs(previous[-1] - edges[-1]) > 4.0 or abs(previous[0] - edges[0]) > 4.0:
        return None
    out = []
    for x in edges[:-1]:
        j = next((j for j, p in enumerate(previous[:-1]) if abs(p - x) <= 4.0), None)
        if j is None:
            return None
        out.append(j)
    return out


def _span_map(previous: list[tuple[float, float]], spans: list[tuple[float, float]]) -> list[int] | None:
    """Borderless continuation: each column goes to the previous column it overlaps most."""
    out = []
    for a, b in spans:
        overlaps = [min(b, y) - max(a, x) for x, y in previous]
        best = max(range(len(previous)), key=lambda i: overlaps[i])
        if overlaps[best] <= 0:
            return None
        out.append(best)
    return out if len(set(out)) == len(out) else None


