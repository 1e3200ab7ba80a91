"""Where each finding sits in the document as printed: a table cell or row, or a span of a sentence.

A finding's location is a ``SourceRef``. A table location is matched to a printed row by its
source position (line / page / sheet row) and else by the row's code or label, and to a column by
its label; a narrative location is matched to the paragraph holding its sentence, and its span
inside that sentence. What cannot be placed stays in the list of findings with its description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..checks import Finding
from ..model import Disclosure, Paragraph, PrintedTable, Row, SourceRef
from ..normalize import key


@dataclass
class Placement:
    cells: dict[tuple[str, int, int], list[int]] = field(default_factory=dict)  # (table, row, col) → findings
    rows: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    tables: dict[str, list[int]] = field(default_factory=dict)
    spans: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)  # id(paragraph) → (start, end, n)
    placed: set[int] = field(default_factory=set)


_CELL_ROW = re.compile(r"(\d+)$")


def position(ref: SourceRef) -> tuple[object, ...] | None:
    """Where a row was read (enough to tell rows apart), or None when the reader gave no position."""
    cell_row = None
    if ref.cell:
        m = _CELL_ROW.search(ref.cell)
        cell_row = m.group(1) if m else ref.cell
    if ref.line is None and cell_row is None:
        return None
    return (ref.page, ref.line, ref.sheet, cell_row)


def row_code(row: Row) -> str:
    """The full classification code printed at the start of a row ("201" "03" "01" → "2010301")."""
    digits = ""
    for text in row.cells[:3]:
        t = text.strip()
        if t.isdigit():
            digits += t
        elif digits or t:
            m = re.match(r"^(\d{3,7})", t)
            if m and not digits:
                return m.group(1)
            break
    return digits


def _find_row(table: PrintedTable, ref: SourceRef) -> tuple[int | None, int | None]:
    """(row index, index of the cell holding the row label) of the row a location names."""
    where = position(ref)
    if where is not None:
        for i, row in enumerate(table.rows):
            if position(row.source) == where:
                return i, _label_cell(row, ref.row)
    if not ref.row:
        return None, None
    wanted = key(ref.row)
    for i, row in enumerate(table.rows):
        if wanted.isdigit() and row_code(row) == wanted:
            return i, 0
    for i, row in enumerate(table.rows):
        j = _label_cell(row, ref.row)
        if j is not None:
            return i, j
    return None, None


def _label_cell(row: Row, label: str | None) -> int | None:
    if not label:
        return None
    wanted = key(label)
    for j, text in enumerate(row.cells):
        k = key(text)
        if not k:
            continue
        if k == wanted or (len(wanted) >= 2 and k.endswith(wanted) and k[: len(k) - len(wanted)].isdigit()):
            return j
        if wanted.isdigit() and k.startswith(wanted) and not k[len(wanted):len(wanted) + 1].isdigit():
            return j  # "201一般公共服务支出" is the row of code 201
    return None


def _find_column(table: PrintedTable, column: str | None, near: int | None) -> int | None:
    if not column:
        return None
    wanted = key(column)
    candidates = [j for j, label in enumerate(table.columns) if key(label) == wanted]
    if not candidates:
        candidates = [j for j, label in enumerate(table.columns) if key(label.split("/")[-1]) == wanted]
    if not candidates:
        candidates = [j for j, label in enumerate(table.columns) if wanted and wanted in key(label)]
    if not candidates:
        return None
    if near is not None:
        right = [j for j in candidates if j > near]
        return min(right) if right else max(candidates)
    return candidates[0]


def _paragraphs(d: Disclosure) -> list[Paragraph]:
    out = list(d.profile.paragraphs)
    for section in d.narrative.all_sections():
        out.extend(section.paragraphs)
    return out


def _place_sentence(paragraphs: list[Paragraph], ref: SourceRef, number: int, placement: Placement) -> bool:
    sentence = ref.sentence or ""
    target = key(sentence)
    for paragraph in paragraphs:
        start = paragraph.text.find(sentence) if sentence else -1
        if start < 0 and ref.line is not None and paragraph.source.line == ref.line and not sentence:
            start = 0
        if start < 0 and target and target in key(paragraph.text) and paragraph.source.line == ref.line:
            start = 0  # same line, spelled differently: mark the paragraph from its start
            sentence = paragraph.text
        if start < 0:
            continue
        if ref.span and sentence == (ref.sentence or ""):
            begin, end = start + ref.span[0], start + ref.span[1]
        else:
            begin, end = start, start + len(sentence or paragraph.text)
        end = min(max(end, begin + 1), len(paragraph.text))
        placement.spans.setdefault(id(paragraph), []).append((begin, end, number))
        return True
    return False


def place(d: Disclosure, findings: list[Finding]) -> Placement:
    """Placement of findings numbered from 1 in list order."""
    placement = Placement()
    tables = {t.id: t for t in d.tables}
    paragraphs = _paragraphs(d)
    for number, finding in enumerate(findings, start=1):
        ref = finding.location
        table = tables.get(ref.table or "")
        if table is not None:
            row, label_at = _find_row(table, ref)
            column = _find_column(table, ref.column, label_at)
            if row is not None and column is not None:
                placement.cells.setdefault((table.id, row, column), []).append(number)
            elif row is not None:
                placement.rows.setdefault((table.id, row), []).append(number)
            else:
                placement.tables.setdefault(table.id, []).append(number)
            placement.placed.add(number)
        elif (ref.sentence or ref.line is not None) and _place_sentence(paragraphs, ref, number, placement):
            placement.placed.add(number)
    return placement


def segments(text: str, spans: list[tuple[int, int, int]]) -> list[tuple[str, list[int]]]:
    """The text cut where findings start and end: (piece, finding numbers covering it)."""
    if not spans:
        return [(text, [])]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        covering = [n for s, e, n in spans if s <= a and b <= e]
        out.append((text[a:b], covering))
    return out
