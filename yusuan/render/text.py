"""The seed's text format: paragraphs as lines, table cells separated by tabs.

``yusuan.readers.read`` of the written text gives back the same figures; the checks engineer
builds test documents with it and the text reader is tested against it.
"""

from __future__ import annotations

from ..model import Disclosure
from .document import build_document
from .grid import Grid, Heading, Para, RenderedDocument, TableRef


def render_text(d: Disclosure, generate: bool | None = None) -> str:
    """The whole document as text. ``generate``: write Part 3 from the numbers (default: only when
    ``d`` has no narrative)."""
    return document_text(build_document(d, generate=generate))


def document_text(doc: RenderedDocument) -> str:
    lines: list[str] = [*doc.title_lines, "", "目 录", ""]
    lines += [entry for _, entry in doc.toc]
    lines.append("")
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += ["", block.text, ""]
        elif isinstance(block, Para):
            lines += [block.text, ""]
        elif isinstance(block, TableRef):
            lines += grid_lines(block.grid)
            lines.append("")
    lines += ["", *doc.signature, ""]
    return "\n".join(lines)


def grid_lines(g: Grid) -> list[str]:
    """Caption lines, then one line per header and body row, cells joined by tabs."""
    out: list[str] = []
    if g.caption_number:
        out.append(f"{g.caption_number}：")
    out.append(g.title)
    if g.year_line:
        out.append(g.year_line)
    if g.compiler:
        out.append(f"编制部门：{g.compiler}")
    if g.unit:
        out.append(f"单位：{g.unit}")
    out.append("")
    width = g.width
    for row in g.header:
        out.append("\t".join(row + [""] * (width - len(row))))
    for body in g.body:
        out.append("\t".join(body.cells + [""] * (width - len(body.cells))))
    if g.empty_note:
        out += ["", g.empty_note]
    return out
