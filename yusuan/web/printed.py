"""HTML of tables as printed and of narrative paragraphs, with findings marked in place.

Built in Python rather than in a template: a disclosure has thousands of cells, and a template
macro per cell would make the first view of a page several times slower.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from ..model import PrintedTable
from ..numbers import parse_amount
from ..store.figures import cell_anchor, row_anchor

RANK = {"error": 3, "warning": 2, "info": 1}


def severity(numbers: list[int], findings: list[dict[str, Any]]) -> str:
    return max((findings[n - 1]["severity"] for n in numbers), key=lambda s: RANK.get(s, 0), default="info")


def marks(numbers: list[int], findings: list[dict[str, Any]]) -> str:
    out = []
    for n in numbers:
        f = findings[n - 1]
        out.append(f'<sup class="fmark {f["severity"]}"><a href="#f{n}" title="{escape(f["message"])}">{n}</a></sup>')
    return "".join(out)


def _hit(numbers: list[int], findings: list[dict[str, Any]], kind: str = "", anchor: str = "") -> str:
    """The class and id of a cell or row: the first finding's anchor where findings sit in it (the place's own
    anchor then goes on a span inside, see ``table_html``), else the place's anchor (``figures.cell_anchor``)."""
    if not numbers:
        return (f' class="{kind}"' if kind else "") + (f' id="{anchor}"' if anchor else "")
    return f' class="hit {severity(numbers, findings)}{" " + kind if kind else ""}" id="at-f{numbers[0]}"'


def _cell_kind(text: str, column: int) -> str:
    """``num`` for an amount (right-aligned, never wrapped), ``name`` for a label long enough to need room;
    a code in the first columns ("201", "03", "2010301") is neither."""
    if text.isdigit() and len(text) in (2, 3, 5, 7) and column < 3:
        return ""
    if parse_amount(text) is not None:
        return "num"
    return "name" if len(text) >= 4 else ""


def table_html(table: PrintedTable, placement: Any, findings: list[dict[str, Any]],
               notes: dict[tuple[str, int], str] | None = None) -> Markup:
    notes = notes or {}
    cells, rows = placement.cells, placement.rows
    parts = ['<table class="printed', " performance" if table.kind == "performance" else "", '"><thead>']
    for header in table.header:
        parts.append("<tr>" + "".join(f"<th>{escape(c)}</th>" for c in header) + "</tr>")
    parts.append("</thead><tbody>")
    tid = table.id
    for i, row in enumerate(table.rows):
        row_marks = rows.get((tid, i), [])
        row_id = row_anchor(tid, i)
        parts.append(f"<tr{_hit(row_marks, findings, anchor=row_id)}>")
        last = len(row.cells) - 1
        note = notes.get((tid, i))
        for j, text in enumerate(row.cells):
            cell_marks = cells.get((tid, i, j))
            kind = _cell_kind(text, j)
            cell_id = cell_anchor(tid, i, j) if kind == "num" else ""
            inner = str(escape(text))
            if cell_marks and cell_id:  # the cell's id is its finding's: its own anchor goes inside
                inner = f'<span id="{cell_id}"></span>{inner}'
            if j == 0 and row_marks:  # the same for the row
                inner = f'<span id="{row_id}"></span>{inner}'
            if j == 0 and note:
                inner += f' <span class="badge unverified" title="{escape(note)}">编码未核实</span>'
            if cell_marks:
                inner += marks(cell_marks, findings)
            if j == last and row_marks:
                inner += marks(row_marks, findings)
            parts.append(f"<td{_hit(cell_marks or [], findings, kind, cell_id)}>{inner}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return Markup("".join(parts))


def paragraph_html(segments: list[tuple[str, list[int]]], findings: list[dict[str, Any]], anchor: str = "") -> Markup:
    """A paragraph with its findings marked; ``anchor``: its id (``figures.paragraph_anchor``)."""
    out = []
    for text, numbers in segments:
        if numbers:
            out.append(f"<mark{_hit(numbers, findings)}>{escape(text)}</mark>{marks(numbers, findings)}")
        else:
            out.append(str(escape(text)))
    return Markup((f'<p id="{anchor}">' if anchor else "<p>") + "".join(out) + "</p>")
