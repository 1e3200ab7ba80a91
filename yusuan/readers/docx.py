"""DOCX reader: Word documents with real tables and the narrative in paragraphs (yusuan's own too).

The body is walked in order; paragraphs become text blocks (a heading style, or a short centred
paragraph, marks a title the outline may open a part on), tables become table blocks with a
merged cell's text in its top-left cell and blanks in the cells it covers. Field codes shown as
text (PAGEREF …) are removed; headers and footers (page numbers) are not read.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from .. import limits
from ..errors import LimitError, ReadError
from ..interpret.blocks import Block, RawDocument, TableBlock, TextBlock
from ..model import SourceInfo, SourceRef
from ..normalize import clean
from .pdf_text import strip_field_codes
from .sniff import check_zip

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_BOX = _W + "txbxContent"
_PARAGRAPH = _W + "p"
_HEADING_STYLES = ("heading", "title", "标题", "subtitle", "副标题")


def read_docx(path: str | Path, data: bytes | None = None) -> RawDocument:
    """Read a Word document into blocks. Raises ReadError for a file that is not a readable DOCX."""
    path = Path(path)
    if data is None:
        data = path.read_bytes()
    check_zip(data, str(path), "DOCX 文档")
    _check_body(data, str(path))
    document = _open(path, data)
    blocks: list[Block] = []
    for number, (kind, item) in enumerate(_body(document), start=1):
        ref = SourceRef(file=str(path), line=number)
        if kind == "p":
            text = clean(strip_field_codes(item.text.replace("\t", "  ")))
            if text:
                blocks.append(TextBlock(text=text, source=ref, heading=_is_heading(item, text)))
        else:
            table = _table(item, ref)
            if table.rows:
                blocks.append(table)
    if not blocks:
        raise ReadError(str(path), "Word 文档中没有文字或表格")
    return RawDocument(blocks=blocks, info=SourceInfo(path=str(path), format="docx", files=[str(path)]))


def _check_body(data: bytes, path: str) -> None:
    """The body's XML, unpacked, within ``limits.DOCX_BODY_BYTES`` (python-docx builds it whole in lxml)."""
    try:
        body = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    except KeyError:
        return  # not a Word document: _open says so
    if body.file_size > limits.DOCX_BODY_BYTES:
        raise LimitError(path, f"Word 文档正文解压后 {body.file_size / limits.MB:.0f} MB，超过 "
                               f"{limits.DOCX_BODY_BYTES // limits.MB} MB 的上限", status=413)


def _open(path: Path, data: bytes) -> Any:
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(str(path), "DOCX 文档已损坏或格式无法识别，无法读取") from exc
    except Exception as exc:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise ReadError(str(path), "DOCX 文档已损坏或格式无法识别，无法读取") from exc


def _body(document: Any) -> list[tuple[str, Any]]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[tuple[str, Any]] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            # a cover or a title set in a text box: its paragraphs come before the anchoring one
            for inner in child.iter(_TEXT_BOX):
                out += [("p", Paragraph(p, document)) for p in inner.iter(_PARAGRAPH)]
            out.append(("p", Paragraph(child, document)))
        elif tag == "tbl":
            out.append(("t", Table(child, document)))
        elif tag == "sdt":  # content controls (a table of contents): their paragraphs
            for p in child.iter():
                if p.tag.rsplit("}", 1)[-1] == "p":
                    out.append(("p", Paragraph(p, document)))
    return out


def _is_heading(paragraph: Any, text: str) -> bool:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name.lower().startswith(_HEADING_STYLES):
        return True
    return paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER and len(text) <= 50 and not text.endswith("。")


def _table(table: Any, ref: SourceRef) -> TableBlock:
    block = TableBlock(rows=[], sources=[], source=ref)
    seen: set[int] = set()
    alive: list[Any] = []  # keep the elements alive so that their ids stay unique
    for row in table.rows:
        cells = []
        for cell in row.cells:
            tc = id(cell._tc)
            if tc in seen:  # a merged cell repeats: its text stays in the top-left slot
                cells.append("")
                continue
            seen.add(tc)
            alive.append(cell._tc)
            cells.append(clean(strip_field_codes("".join(p.text for p in cell.paragraphs))))
        if any(cells):
            block.append(cells, ref)
    return block
