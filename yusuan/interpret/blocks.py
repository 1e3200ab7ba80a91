"""Format-neutral blocks: what every reader produces and the interpreter consumes.

A reader (text, PDF, XLSX, DOCX) turns its input into a flat list of ``TextBlock`` (one paragraph)
and ``TableBlock`` (rows of cell texts), in reading order, each with a SourceRef. Everything about
what the blocks mean (parts, sections, table kinds, claims) is decided once, in ``interpret``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import SourceInfo, SourceRef


@dataclass
class TextBlock:
    text: str
    source: SourceRef = field(default_factory=SourceRef)
    # set when the format shows the line as a title (a centred line in a PDF, a Word heading
    # style): the outline may open a part on it even without a "第一部分" / "一、" number
    heading: bool = False


@dataclass
class TableBlock:
    rows: list[list[str]]
    sources: list[SourceRef]  # one per row
    source: SourceRef = field(default_factory=SourceRef)
    title: str | None = None  # when the format knows it (a sheet name, a caption)
    unit: str | None = None
    # a part at the top of a page right after a table part at the bottom of the previous one: for
    # each of its columns, the column of the previous block it lies under (the reader's geometry);
    # whether it is joined is decided in interpret/continuation.py
    continues: list[int] | None = None
    parts: list[SourceRef] = field(default_factory=list)  # where each continuation joined to it starts

    def append(self, cells: list[str], source: SourceRef) -> None:
        self.rows.append(cells)
        self.sources.append(source)


Block = TextBlock | TableBlock


@dataclass
class RawDocument:
    """What a reader returns: blocks in reading order and what it knows about the input."""

    blocks: list[Block]
    info: SourceInfo
    problems: list[tuple[str, str, SourceRef]] = field(default_factory=list)  # (code, message, where)
