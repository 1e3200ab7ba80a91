"""DOCX with python-docx: real Word tables, header rows repeated, 宋体/黑体 for East Asian text,
page numbers, A4, and landscape sections for wide tables.

The structure is the standard one (so a DOCX reader reads it back): headings with the part and
section numbers, paragraphs, and for every table the caption paragraphs "表一：", the title,
"编制部门：…" and "单位：万元" just above it.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..model import Disclosure
from .document import build_document
from .grid import Grid, Heading, Para, RenderedDocument, TableRef, fitted_shares

SONG = "宋体"  # body text
HEI = "黑体"  # headings and table titles
LATIN = "Times New Roman"
A4 = (Cm(21.0), Cm(29.7))
HEADING_SIZES = {0: 22, 1: 16, 2: 14, 3: 12}


def set_fonts(element: Any, east_asia: str = SONG, latin: str = LATIN) -> None:
    """Set the fonts of a style or run, East Asian included (python-docx only sets the Latin name)."""
    element.font.name = latin
    rpr = element.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        fonts.set(qn(attr), value)


def _styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    set_fonts(normal)
    normal.font.size = Pt(12)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(0)
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        set_fonts(style, HEI, LATIN)
        style.font.size = Pt(HEADING_SIZES[level])
        style.font.bold = True
        style.font.color.rgb = None
        style.paragraph_format.space_before = Pt(12 if level == 1 else 8)
        style.paragraph_format.space_after = Pt(6)
    title = doc.styles["Title"]
    set_fonts(title, HEI, LATIN)
    title.font.size = Pt(HEADING_SIZES[0])
    title.font.color.rgb = None
    table_style = doc.styles["Table Grid"]
    set_fonts(table_style)
    table_style.font.size = Pt(9)


def _page(section: Any, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin = section.bottom_margin = Cm(2.2 if not landscape else 1.8)
    section.left_margin = section.right_margin = Cm(2.0 if not landscape else 1.6)


def _page_number(section: Any) -> None:
    """"- N -" centred in the footer, as a PAGE field."""
    footer = section.footer
    footer.is_linked_to_previous = True
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("- ")
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), tag)
            run._r.append(fld)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    paragraph.add_run(" -")


def _para(doc: Any, text: str, align: Any = None, bold: bool = False, east_asia: str | None = None,
          size: float | None = None, indent: bool = True) -> Any:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold or None
    if east_asia:
        set_fonts(run, east_asia)
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if indent and align is None:
        paragraph.paragraph_format.first_line_indent = Pt(24)
    return paragraph


def _run(text: str, bold: bool) -> str:
    if not text:
        return ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _cell_xml(text: str, width: int, span: int, vmerge: str | None, align: str, bold: bool, no_wrap: bool,
              shade: bool) -> str:
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if span > 1:
        props.append(f'<w:gridSpan w:val="{span}"/>')
    if vmerge == "restart":
        props.append('<w:vMerge w:val="restart"/>')
    elif vmerge == "continue":
        props.append("<w:vMerge/>")
    if shade:
        props.append('<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>')
    if no_wrap:
        props.append("<w:noWrap/>")
    props.append('<w:vAlign w:val="center"/>')
    paragraph = (f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
                 f'<w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>{_run(text, bold)}</w:p>')
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{paragraph}</w:tc>"


def table_xml(g: Grid, usable_width: int) -> str:
    """The WordprocessingML of one table (built directly: python-docx's cell API is quadratic)."""
    width = g.width
    content_mm = usable_width / 56.7  # twips → mm
    # digits as wide as a fallback serif draws them at 9 pt (Word's 宋体 needs less), and the cell margins
    shares = fitted_shares(g, content_mm, 2.6, 3.2) or [1.0 / width] * width
    widths = [int(usable_width * s) for s in shares]
    n_header = len(g.header)
    rows = [r + [""] * (width - len(r)) for r in g.header] + [r.cells + [""] * (width - len(r.cells)) for r in g.body]
    styles = ["header"] * n_header + [r.style for r in g.body]
    # merged areas: top-left cell → (rows, cols); covered cells are skipped (same row) or continued (below)
    starts: dict[tuple[int, int], tuple[int, int]] = {}
    below: dict[tuple[int, int], int] = {}
    skipped: set[tuple[int, int]] = set()
    for merges, offset in ((g.header_merges, 0), (g.body_merges, n_header)):
        for m in merges:
            r0, r1 = m.row + offset, m.last_row + offset
            span = m.last_col - m.col + 1
            starts[(r0, m.col)] = (r1 - r0 + 1, span)
            for r in range(r0, r1 + 1):
                for c in range(m.col, m.last_col + 1):
                    if (r, c) != (r0, m.col):
                        skipped.add((r, c))
                if r > r0:
                    below[(r, m.col)] = span
    out = [f'<w:tbl {NSDECL}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
           '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
           '<w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr>',
           "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
    for r, cells in enumerate(rows):
        header = r < n_header
        trpr = '<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>' if header else '<w:trPr><w:cantSplit/></w:trPr>'
        xml = [f"<w:tr>{trpr}"]
        bold = header or styles[r] in ("total", "class")
        c = 0
        while c < width:
            kind = g.columns[c] if c < len(g.columns) else "text"
            amount = kind == "amount" and not header
            align = "right" if amount else ("center" if header or kind == "code" or styles[r] == "label" else "left")
            if (r, c) in below:
                span = below[(r, c)]
                xml.append(_cell_xml("", sum(widths[c:c + span]), span, "continue", align, False, False, header))
                c += span
                continue
            if (r, c) in skipped:
                c += 1
                continue
            nrows, span = starts.get((r, c), (1, 1))
            xml.append(_cell_xml(cells[c], sum(widths[c:c + span]), span, "restart" if nrows > 1 else None, align,
                                 bold or styles[r] == "label" and cells[c] in LABELS, amount or kind == "code",
                                 header or styles[r] == "total"))
            c += span
        xml.append("</w:tr>")
        out.append("".join(xml))
    out.append("</w:tbl>")
    return "".join(out)


LABELS = {"预算单位", "项目名称", "项目资金（万元）", "项目总体目标", "一级指标", "二级指标", "三级指标", "指标值（包含数字及文字描述）"}
NSDECL = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _table(doc: Any, g: Grid, usable_width: int) -> None:
    caption_lines: list[tuple[str, Any, bool, str | None]] = []
    if g.caption_number:
        caption_lines.append((f"{g.caption_number}：", WD_ALIGN_PARAGRAPH.LEFT, True, HEI))
    caption_lines.append((g.title, WD_ALIGN_PARAGRAPH.CENTER, True, HEI))
    if g.year_line:
        caption_lines.append((g.year_line, WD_ALIGN_PARAGRAPH.CENTER, False, None))
    if g.compiler:
        caption_lines.append((f"编制部门：{g.compiler}", WD_ALIGN_PARAGRAPH.LEFT, False, None))
    if g.unit:
        caption_lines.append((f"单位：{g.unit}", WD_ALIGN_PARAGRAPH.RIGHT, False, None))
    for text, align, bold, font in caption_lines:
        p = _para(doc, text, align=align, bold=bold, east_asia=font, size=14 if text == g.title else 10.5)
        p.paragraph_format.keep_with_next = True
    body = doc.element.body
    body.insert(len(body) - 1, parse_xml(table_xml(g, usable_width)))  # before the final sectPr
    if g.empty_note:
        _para(doc, g.empty_note, indent=False, size=10.5)


def document_docx(rd: RenderedDocument) -> bytes:
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    _page(section, landscape=False)
    _page_number(section)
    core = doc.core_properties
    core.title = rd.title
    core.author = rd.department
    core.comments = "由 yusuan 生成"
    for line in rd.title_lines:
        p = doc.add_paragraph(line, style="Title")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "目 录", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, east_asia=HEI, size=16)
    for level, entry in rd.toc:
        p = _para(doc, entry, align=WD_ALIGN_PARAGRAPH.LEFT)
        p.paragraph_format.left_indent = Pt(24 * (level - 1))
    portrait_width = int((A4[0] - Cm(4.0)) / 635)  # EMU → twips (dxa)
    landscape_width = int((A4[1] - Cm(3.2)) / 635)
    landscape = False
    for block in rd.blocks:
        if isinstance(block, Heading):
            if landscape:
                landscape = _switch(doc, False)  # a new section starts a new page
            elif block.level == 1:
                doc.add_page_break()
            p = doc.add_heading(block.text, level=block.level)
            if block.level == 1:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(block, Para):
            if landscape:
                landscape = _switch(doc, False)
            _para(doc, block.text)
        elif isinstance(block, TableRef):
            wide = block.grid.wide
            if wide != landscape:
                landscape = _switch(doc, wide)
            _table(doc, block.grid, landscape_width if landscape else portrait_width)
    if landscape:
        _switch(doc, False)
    for line in rd.signature:
        _para(doc, line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _switch(doc: Any, landscape: bool) -> bool:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape)
    return landscape


def render_docx(d: Disclosure, generate: bool | None = None) -> bytes:
    return document_docx(build_document(d, generate=generate))
