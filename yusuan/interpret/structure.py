"""The document's outline: title page, table of contents, parts, numbered sections and tables.

Blocks are walked once. Headings open parts and sections; paragraphs go to the open section;
a table block takes its caption from the paragraphs just above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Paragraph, PrintedTable, SourceRef, TableKind
from ..normalize import key
from .blocks import Block, TableBlock, TextBlock
from .tables import (
    Caption,
    build_printed_table,
    caption_compiler,
    caption_unit,
    parse_caption,
    recognize_by_header,
    recognize_title,
    table_id_for,
)

_PART = re.compile(r"^第([一二三四五六七八九十]+)部分\s*(.*)$")
_L1 = re.compile(r"^([一二三四五六七八九十]{1,3})[、.．]\s*(.+)$")
_L2 = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[)）]\s*(.+)$")
_TOC_WORDS = ("目录", "目 录")
_NOTE = re.compile(r"^(?:注|说明|备注)\s*\d*\s*[：:]|^无.{0,30}的，仍保留该表格式")
_YEAR_ROW = re.compile(r"^[(（]?\s*\d{4}\s*年(?:度)?\s*[)）]?$")
_CONTINUED = re.compile(r"\s*[（(]\s*续(?:表)?\s*[)）]\s*$|^续表\s*[:：]?\s*")
_TOC_ITEM = re.compile(r"^\d{1,2}\s*[.．、]\s*\S")
_LEADERS = re.compile(r"[.…·．]{4,}\s*\d*$|\s\d{1,3}$")

ROLE_PROFILE = "profile"
ROLE_TABLES = "tables"
ROLE_NARRATIVE = "narrative"
ROLE_GLOSSARY = "glossary"
ROLE_PROJECTS = "projects"


@dataclass
class Node:
    """A part or a numbered section, with what was printed under it."""

    number: str
    title: str
    level: int  # 0 part, 1 一、, 2 （一）
    role: str | None
    source: SourceRef
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)  # ids of tables printed in this node

    def walk(self) -> list[Node]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    @property
    def heading(self) -> str:
        if self.level == 0:
            return f"第{self.number}部分 {self.title}".strip() if self.number else self.title
        if self.level == 1:
            return f"{self.number}、{self.title}"
        return f"（{self.number}）{self.title}"


@dataclass
class Outline:
    title_lines: list[str]
    toc: list[str]
    parts: list[Node]
    tables: list[PrintedTable]
    table_nodes: dict[str, Node]  # table id → the node it was printed in
    all_text: list[str]


def role_of(title: str) -> str | None:
    k = key(title)
    if "名词解释" in k or "名词说明" in k:
        return ROLE_GLOSSARY
    if ("表" in k and ("公开表" in k or "预算表" in k or "决算表" in k or "报表" in k)) or k.endswith("表"):
        return ROLE_TABLES
    if "概况" in k or "职能" in k or "机构设置" in k or "基本情况" in k or "人员情况" in k:
        return ROLE_PROFILE
    if "项目" in k and ("说明" in k or "情况" in k) and "预算情况" not in k and "支出情况" not in k:
        return ROLE_PROJECTS
    if "说明" in k or "情况" in k:
        return ROLE_NARRATIVE
    return None


def heading_of(text: str) -> tuple[int, str, str] | None:
    """(level, number, title) when ``text`` is a heading line."""
    m = _PART.match(text)
    if m:
        return 0, m.group(1), m.group(2).strip()
    if len(text) > 60 or text.endswith(("。", "；", ";")) or "，" in text:
        return None
    if "：" in text and not text.endswith("："):
        return None
    m = _L1.match(text)
    if m:
        return 1, m.group(1), m.group(2).strip()
    m = _L2.match(text)
    if m:
        return 2, m.group(1), m.group(2).strip()
    return None


def split_front(blocks: list[Block]) -> tuple[list[str], list[str], int]:
    """Title lines, table of contents, and the index of the first body block."""
    texts = [(i, b.text) for i, b in enumerate(blocks) if isinstance(b, TextBlock)]
    toc_at = next((i for i, t in texts[:60] if key(t) in ("目录",) or t.strip() in _TOC_WORDS), None)
    if toc_at is None:
        title: list[str] = []
        for i, b in enumerate(blocks[:6]):
            if not isinstance(b, TextBlock) or heading_of(b.text) or len(b.text) > 40 or _caption_line(b.text):
                return title, [], i
            title.append(b.text)
            if "预算" in b.text or "决算" in b.text:
                return title, [], i + 1
        return title, [], min(len(blocks), len(title))
    title = [b.text for b in blocks[:toc_at] if isinstance(b, TextBlock)]
    toc: list[str] = []
    first_marker: str | None = None
    i = toc_at + 1
    while i < len(blocks):
        b = blocks[i]
        if not isinstance(b, TextBlock):
            break
        text = b.text
        marker = _marker(text)
        if first_marker is None:
            first_marker = marker
        elif marker and marker == first_marker:
            break
        if not (_LEADERS.search(text) or marker or heading_of(text) or _TOC_ITEM.match(text)) or len(text) > 80:
            break
        toc.append(_LEADERS.sub("", text).strip())
        i += 1
    return title, toc, i


def _caption_line(text: str) -> bool:
    """A table caption line ("表一：", a table title, "单位：万元", "编制部门：…")."""
    return bool(re.match(r"^(?:附|公开)?表\s*[一二三四五六七八九十\d]+|^公开\s*\d{1,2}\s*表$", text)) \
        or recognize_title(text) is not None \
        or text.startswith(("单位：", "单位:", "编制部门", "编制单位"))


def _marker(text: str) -> str | None:
    m = _PART.match(text)
    if m:
        return f"第{m.group(1)}部分"
    m = _L1.match(text)
    if m:
        return f"{m.group(1)}、"
    return None


def build_outline(blocks: list[Block], file: str | None) -> Outline:
    title_lines, toc, start = split_front(blocks)
    root = Node(number="", title="", level=-1, role=None, source=SourceRef(file=file))
    stack: list[Node] = [root]
    tables: list[PrintedTable] = []
    table_nodes: dict[str, Node] = {}
    used_ids: set[str] = set()
    pending: list[TextBlock] = []
    has_parts = any(isinstance(b, TextBlock) and (_PART.match(b.text) or _titled_part(b)) for b in blocks[start:])

    def current() -> Node:
        return stack[-1]

    def commit(items: list[TextBlock]) -> None:
        for item in items:
            current().paragraphs.append(Paragraph(text=item.text, source=item.source))

    under_table = False  # the blocks read since the last table are its notes
    since_table = 0  # text blocks read since the last table (its notes aside)
    for block in blocks[start:]:
        if isinstance(block, TextBlock) and under_table and tables and _NOTE.match(block.text):
            # "注：本表…" / "说明：…故本表无数据" printed under a table belongs to it
            tables[-1] = tables[-1].model_copy(update={"notes": [*tables[-1].notes, block.text]})
            continue
        under_table = isinstance(block, TableBlock)
        if isinstance(block, TextBlock):
            since_table += 1
        if isinstance(block, TableBlock):
            caption = parse_caption([p.text for p in pending])
            keep = len(pending) - caption.lines_used
            adjacent = bool(tables) and since_table == caption.lines_used  # only its caption since the last table
            commit(pending[:keep])
            pending = []
            since_table = 0
            table = _make_table(block, caption, len(tables) + 1, used_ids, tables, adjacent)
            if table is None:
                continue
            tables.append(table)
            table_nodes[table.id] = current()
            current().tables.append(table.id)
            continue
        head = heading_of(block.text)
        if head is None and _titled_part(block):
            head = (0, "", block.text)
        if head is None:
            pending.append(block)
            continue
        level, number, title = head
        if level > 0 and _is_caption_like(block.text):
            pending.append(block)
            continue
        commit(pending)
        pending = []
        while stack[-1].level >= level and len(stack) > 1:
            stack.pop()
        parent = stack[-1]
        role = role_of(title) if (level == 0 or not has_parts and level == 1) else None
        node = Node(number=number, title=title, level=level, role=role or parent.role, source=block.source)
        parent.children.append(node)
        stack.append(node)
    commit(pending)
    parts = root.children
    if root.paragraphs:  # text before any heading (title-less layouts)
        intro = Node(number="", title="", level=0, role=None, source=root.source, paragraphs=root.paragraphs)
        parts = [intro, *parts]
    all_text = [b.text for b in blocks if isinstance(b, TextBlock)]
    return Outline(title_lines=title_lines, toc=toc, parts=parts, tables=tables, table_nodes=table_nodes,
                   all_text=all_text)


def _titled_part(block: TextBlock) -> bool:
    """A title shown as such (centred, a Word heading) that names a part: "…主要职能", "名词解释",
    "2025年部门预算编制说明", "其他相关情况说明", "…项目经费情况说明" (Shanghai has no 第X部分)."""
    if not block.heading or len(block.text) > 50 or heading_of(block.text) is not None:
        return False
    role = role_of(block.text)
    if role is None:
        return False
    return recognize_title(block.text) is None


def _is_caption_like(text: str) -> bool:
    return recognize_title(text) is not None and text.endswith("表")


def _title_rows(block: TableBlock, caption: Caption) -> TableBlock:
    """Title and year printed in the first rows of the table itself (a cell spanning the width)."""
    taken = 0
    for cells in block.rows[:4]:
        filled = [c for c in cells if c]
        if not filled or len(filled) > 2:
            break
        text = filled[0]
        units = [m for c in filled if (m := caption_unit(c))]
        if len(filled) == 1 and not caption.title and recognize_title(text) is not None:
            caption.title = text
        elif len(filled) == 1 and _YEAR_ROW.match(text) and caption.title:
            caption.year_line = text
        elif units or all(caption_compiler(c) for c in filled):
            # "编制单位：…" and "单位：万元" printed in the first row of the grid
            caption.unit = caption.unit or (units[0] if units else None)
            caption.compiler = caption.compiler or next((v for c in filled if (v := caption_compiler(c))), None)
        else:
            break
        taken += 1
    if not taken:
        return block
    return TableBlock(rows=block.rows[taken:], sources=block.sources[taken:], source=block.source,
                      title=block.title, unit=block.unit)


def _make_table(
    block: TableBlock, caption: Caption, index: int, used: set[str], previous: list[PrintedTable],
    adjacent: bool = False,
) -> PrintedTable | None:
    block = _title_rows(block, caption)
    if not caption.title and block.title:  # a workbook's sheet name
        caption.title = block.title
    continued = bool(caption.title and _CONTINUED.search(caption.title))
    if continued:  # "部门收支总表（续）": the rest of the table above, its header printed again
        caption.title = _CONTINUED.sub("", caption.title).strip()
    kind = recognize_title(caption.title) if caption.title else None
    table = build_printed_table(block, caption, table_id_for(caption, index, used), kind, None)
    if continued and previous and len(table.columns) == len(previous[-1].columns) \
            and (kind is None or kind == previous[-1].kind):
        _join(previous, table, used)
        return None
    untitled = not caption.title and caption.number is None
    if previous and adjacent and _same_caption(table, previous[-1], caption):
        # the title (and number) printed again over the rest of the table on the next page
        _join(previous, table, used)
        return None
    if untitled and previous and _continues(table, previous[-1], adjacent and not caption.lines_used):
        # an untitled part after a table: the rest of that table (a page break the reader could not
        # bridge, a page header between the parts, a format without page geometry)
        _join(previous, table, used)
        return None
    if kind is None:
        by_header = recognize_by_header(table.columns, [r.cells for r in table.rows])
        if by_header is not None:
            table = table.model_copy(update={"kind": by_header, "recognized": True})
    return table


def _same_caption(table: PrintedTable, last: PrintedTable, caption: Caption) -> bool:
    """The same title, number and columns as the table just above (a page header repeated with it)."""
    if not caption.title or table.kind == TableKind.PERFORMANCE or key(table.title) != key(last.title):
        return False
    if caption.number is not None and caption.number != last.number:
        return False
    return [key(c) for c in table.columns] == [key(c) for c in last.columns]


def _continues(table: PrintedTable, last: PrintedTable, adjacent: bool) -> bool:
    """An untitled part continues the table above when it repeats its header, or has none and its width."""
    if last.kind == TableKind.PERFORMANCE and not adjacent:
        return False  # performance-target tables stand one after another, each with its own rows
    if table.header:
        same = [key(c) for c in table.columns] == [key(c) for c in last.columns]
        return same and (adjacent or len(table.rows) > 0)
    if len(table.columns) in (len(last.columns), len(last.columns) + 1):
        return True
    return recognize_by_header(table.columns, [r.cells for r in table.rows]) is None


def _join(previous: list[PrintedTable], table: PrintedTable, used: set[str]) -> None:
    """Append a continuation's rows to the table above it."""
    last = previous[-1]
    rows = last.rows + [r.model_copy(update={"source": r.source.with_(table=last.id)}) for r in table.rows]
    parts = [*last.parts, table.source.with_(table=last.id), *table.parts]
    previous[-1] = last.model_copy(update={"rows": rows, "parts": parts})
    used.discard(table.id)
