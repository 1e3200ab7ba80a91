"""Reader for the text of a published PDF (the seed's format).

Paragraphs are lines; table cells are separated by tabs; page breaks show as blank lines inside
tables and sentences. This module only turns lines into blocks; ``interpret`` does the rest.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import limits
from ..interpret.blocks import RawDocument, TableBlock, TextBlock
from ..model import SourceInfo, SourceRef
from ..model.problems import SPACE_ALIGNED
from ..normalize import clean
from .sniff import decode_text

_PAGE_MARK = re.compile(r"^(?:-\s*\d{1,3}\s*-|\d{1,3}|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_SEPARATOR_CELL = re.compile(r"^[-—=_\s]*$")
_BULLET = re.compile(r"^[-•·]\s*(?![\d.\s-])")
# a line that starts something new: a heading, a numbered item, a table caption or a label
_STARTS_NEW = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]\D"
    r"|表[一二三四五六七八九十\d]+|[^，。：:]{2,12}[：:])"
)
_TERMINAL = ("。", "！", "？", "；", "：", ":", "!", "?", ";")
_CONTINUES = re.compile(r"^(万元|元|%|人|辆|个|[，。、；：）)”])")


def read_text(path: str | Path, data: bytes | None = None) -> RawDocument:
    """Read a text file into blocks. Raises ReadError for input that is not text."""
    path = Path(path)
    if data is None:
        data = path.read_bytes()
    text, encoding = decode_text(data, str(path))
    limits.check_text(str(path), text)
    info = SourceInfo(path=str(path), format="text", encoding=encoding, files=[str(path)])
    lines = text.splitlines()
    blocks = lines_to_blocks(lines, str(path))
    info = info.model_copy(update={"lines": text.count("\n") + 1})
    problems = []
    aligned = space_aligned_rows(lines)
    if aligned and not any(isinstance(b, TableBlock) for b in blocks):
        problems.append((SPACE_ALIGNED,
                         f"文本中有 {len(aligned)} 行像是用空格对齐的表格（如 pdftotext -layout 的输出），而没有用制表符分隔单元格："
                         "这些表格未能读取。请直接读取原 PDF，或把单元格用制表符分隔。", SourceRef(file=str(path), line=aligned[0])))
    return RawDocument(blocks=blocks, info=info, problems=problems)


_ALIGNED_ROW = re.compile(r"\S\s{2,}-?\d[\d,]*(?:\.\d+)?(?:\s|$)")


def space_aligned_rows(lines: list[str]) -> list[int]:
    """Line numbers of rows that look like a table laid out with spaces: text, then two or more spaces
    and a figure, at least twice in the line (none when the text uses tabs)."""
    if any("\t" in line for line in lines):
        return []
    rows = [n for n, line in enumerate(lines, start=1) if len(_ALIGNED_ROW.findall(line)) >= 2]
    return rows if len(rows) >= 5 else []


def lines_to_blocks(lines: list[str], file: str | None = None) -> list[TextBlock | TableBlock]:
    """Blocks of the lines, in one pass: a paragraph's lines are collected and joined once it ends
    (joining as they come would copy the paragraph at every line: quadratic in a long one)."""
    blocks: list[TextBlock | TableBlock] = []
    table: TableBlock | None = None
    para: _Paragraph | None = None
    for number, raw in enumerate(lines, start=1):
        if "\t" in raw:
            cells = [clean(c) for c in raw.split("\t")]
            if all(_SEPARATOR_CELL.match(c) for c in cells):
                continue  # blank or "-------" rule between table parts
            if table is None:
                table = TableBlock(rows=[], sources=[], source=SourceRef(file=file, line=number))
                blocks.append(table)
            table.append(cells, SourceRef(file=file, line=number))
            _close(para)
            para = None
            continue
        text = clean(raw.strip())
        if not text or _PAGE_MARK.match(text):
            continue
        text = _BULLET.sub("", text)
        table = None
        if para is not None and _continues(para.last, para.length, text):
            para.add(text, number)
            continue
        _close(para)
        para = _Paragraph(TextBlock(text=text, source=SourceRef(file=file, line=number)))
        blocks.append(para.block)
    _close(para)
    return blocks


class _Paragraph:
    """A paragraph being read: its block, the lines joined so far, and what ``_continues`` looks at."""

    def __init__(self, block: TextBlock) -> None:
        self.block = block
        self.parts = [block.text]
        self.length = len(block.text)
        self.first = block.text
        self.end_line: int | None = None

    @property
    def last(self) -> str:
        """The paragraph's text as far as ``_continues`` needs it: its start (a heading?) and its end."""
        if len(self.parts) == 1 or self.length < 120:
            return "".join(self.parts)
        return self.first[:60] + self.parts[-1]

    def add(self, text: str, line: int) -> None:
        self.parts.append(text)
        self.length += len(text)
        self.end_line = line


def _close(para: _Paragraph | None) -> None:
    """A paragraph that has ended: its lines joined, once."""
    if para is not None and len(para.parts) > 1:
        para.block.text = "".join(para.parts)
        para.block.source = para.block.source.with_(end_line=para.end_line)
        para.parts = [para.block.text]
        para.first = para.block.text


def _continues(previous: str, length: int, line: str) -> bool:
    """Is ``line`` the rest of the paragraph ``previous`` (``length`` characters), cut by a page or line break?"""
    if previous.endswith(_TERMINAL):
        return False
    if _CONTINUES.match(line):
        return True
    if _STARTS_NEW.match(line) or (length < 50 and _looks_like_heading(previous)):
        return False
    return length >= 25 and not line.startswith(("表", "单位：", "编制"))


def _looks_like_heading(text: str) -> bool:
    return len(text) < 50 and "，" not in text and bool(_STARTS_NEW.match(text))


def read_text_string(text: str, name: str = "<text>") -> RawDocument:
    """Blocks of a document given as a string (tests, the web upload of pasted text)."""
    info = SourceInfo(path=name, format="text", encoding="utf-8", files=[name], lines=text.count("\n") + 1)
    return RawDocument(blocks=lines_to_blocks(text.splitlines(), name), info=info)
