"""Where a finding sits in the document as printed: a table cell (or row), or a span of a paragraph.

A finding's location is a ``SourceRef``. A table location is matched to a printed row by its read
position (line, page, sheet cell) and else by its code or label, and to a column by its label (the
one right of the row's label when a side-by-side table repeats it); a narrative location is matched
to the paragraph holding its sentence. Used by the text and HTML reports; no web dependency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Disclosure, Paragraph, PrintedTable, Row, SourceRef
from ..normalize import key
from .finding import Finding


@dataclass(frozen=True)
class Cell:
    table: PrintedTable
    row: int  # index into table.rows
    column: int | None  # index into the row's cells
    label: int | None = None  # the cell holding the row's label


@dataclass(frozen=True)
class Span:
    paragraph: Paragraph
    start: int
    end: int


def _position(ref: SourceRef) -> tuple[object, ...] | None:
    if ref.line is None and ref.cell is None:
        return None
    m = re.search(r"(\d+)$", ref.cell or "")
    return (ref.page, ref.line, ref.sheet, m.group(1) if m else ref.cell)


def _row_code(row: Row) -> str:
    digits = ""
    for text in row.cells[:3]:
        t = text.strip()
        if t.isdigit():
            digits += t
        elif t:
            m = re.match(r"^(\d{3,7})", t)
            return m.group(1) if m and not digits else digits
    return digits


def _label_cell(row: Row, label: str | None) -> int | None:
    if not label:
        return None
    wanted = key(label)
    for j, text in enumerate(row.cells):
        k = key(text)
        if not k:
            continue
        if k == wanted or (wanted.isdigit() and k.startswith(wanted) and not k[len(wanted):len(wanted) + 1].isdigit()):
            return j
    for j, text in enumerate(row.cells):
        k = key(text)
        if k and len(wanted) >= 2 and (wanted in k or k in wanted) and not k.replace(".", "").isdigit():
            return j
    return None


def find_row(table: PrintedTable, ref: SourceRef) -> tuple[int | None, int | None]:
    """(row index, index of the row's label cell) of the row a location names."""
    where = _position(ref)
    if where is not None:
        for i, row in enumerate(table.rows):
            if _position(row.source) == where:
                return i, _label_cell(row, ref.row)
    if not ref.row:
        return None, None
    wanted = key(ref.row)
    if wanted.isdigit():
        for i, row in enumerate(table.rows):
            if _row_code(row) == wanted:
                return i, 0
        name = _class_name(wanted)
        if name:  # a 类 printed by name only ("一、一般公共服务支出")
            for i, row in enumerate(table.rows):
                j = next((j for j, c in enumerate(row.cells) if key(c).endswith(key(name))), None)
                if j is not None:
                    return i, j
    for i, row in enumerate(table.rows):
        j = _label_cell(row, ref.row)
        if j is not None:
            return i, j
    return None, None


def _class_name(code: str) -> str | None:
    if len(code) != 3:
        return None
    from ..catalog import class_name

    return class_name(code)


def find_column(table: PrintedTable, column: str | None, near: int | None) -> int | None:
    if not column:
        return None
    wanted = key(column)
    for test in (lambda lab: key(lab) == wanted, lambda lab: key(lab.split("/")[-1]) == wanted,
                 lambda lab: bool(wanted) and wanted in key(lab)):
        candidates = [j for j, label in enumerate(table.columns) if test(label)]
        if candidates:
            if near is not None:
                right = [j for j in candidates if j > near]
                return min(right) if right else max(candidates)
            return candidates[0]
    return None


def cell_of(d: Disclosure, ref: SourceRef) -> Cell | None:
    table = d.table(ref.table or "")
    if table is None:
        return None
    row, label_at = find_row(table, ref)
    if row is None:
        return None
    return Cell(table, row, find_column(table, ref.column, label_at), label_at)


def paragraphs(d: Disclosure) -> list[Paragraph]:
    out = list(d.profile.paragraphs)
    for section in d.narrative.all_sections():
        out.extend(section.paragraphs)
    return out


def span_of(paras: list[Paragraph], ref: SourceRef) -> Span | None:
    """The paragraph and character span a narrative location names."""
    sentence = ref.sentence or ""
    if not sentence:
        return None
    for p in paras:
        start = p.text.find(sentence)
        if start < 0:
            continue
        elsewhere = ref.line is not None and p.source.line is not None and not (
            p.source.line <= ref.line <= (p.source.end_line or p.source.line))
        if elsewhere and sum(1 for q in paras if sentence in q.text) > 1:
            continue
        if ref.span:
            begin, end = start + ref.span[0], start + ref.span[1]
        else:
            begin, end = start, start + len(sentence)
        return Span(p, begin, min(max(end, begin + 1), len(p.text)))
    return None


@dataclass
class Placement:
    """Findings (numbered from 1) by the cell, row, table or paragraph span they sit in."""

    cells: dict[tuple[str, int, int], list[int]] = field(default_factory=dict)
    rows: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    tables: dict[str, list[int]] = field(default_factory=dict)
    spans: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)  # id(paragraph) → spans
    placed: set[int] = field(default_factory=set)


def place(d: Disclosure, findings: list[Finding]) -> Placement:
    placement = Placement()
    paras = paragraphs(d)
    for number, f in enumerate(findings, start=1):
        for ref in (f.location, *f.compared[:1]) if not f.location.table and not f.location.sentence else (f.location,):
            if _place_one(d, paras, ref, number, placement):
                placement.placed.add(number)
                break
    return placement


def _place_one(d: Disclosure, paras: list[Paragraph], ref: SourceRef, number: int, placement: Placement) -> bool:
    table = d.table(ref.table or "")
    if table is not None:
        row, label_at = find_row(table, ref)
        column = find_column(table, ref.column, label_at) if row is not None else None
        if column is None and not ref.column:
            column = label_at  # a finding about the row: its label cell
        if row is not None and column is not None:
            placement.cells.setdefault((table.id, row, column), []).append(number)
        elif row is not None:
            placement.rows.setdefault((table.id, row), []).append(number)
        else:
            placement.tables.setdefault(table.id, []).append(number)
        return True
    span = span_of(paras, ref)
    if span is not None:
        placement.spans.setdefault(id(span.paragraph), []).append((span.start, span.end, number))
        return True
    return False


def segments(text: str, spans: list[tuple[int, int, int]]) -> list[tuple[str, list[int]]]:
    """The text cut where findings start and end: (piece, numbers of the findings covering it)."""
    if not spans:
        return [(text, [])]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a < b:
            out.append((text[a:b], [n for s, e, n in spans if s <= a and b <= e]))
    return out
