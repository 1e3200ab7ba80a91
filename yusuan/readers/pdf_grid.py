"""Ruled tables: cell grids built from the border lines of a page, and the text of each cell.

Budget systems, Excel, WPS and Word all draw cell borders. The borders give the cells exactly:
slots between consecutive column and row lines, merged where a border is missing (a header label
spanning three columns, a name spanning two rows). A merged cell's text is put in its top-left
slot and the other slots stay blank, the shape every later stage expects.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .pdf_layout import Glyph, Rule
from .pdf_lines import cell_text

_SNAP = 2.0  # lines closer than this are one line
_JOIN = 2.5  # collinear segments closer than this are one segment
_MIN_CELL = 3.0  # slots narrower than this come from doubled borders


@dataclass
class Grid:
    """One ruled table on one page."""

    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[list[str]] = field(default_factory=list)
    row_tops: list[float] = field(default_factory=list)
    columns: list[float] = field(default_factory=list)  # x of each column's left edge
    spans: list[tuple[float, float]] = field(default_factory=list)  # borderless: x extent of each column

    def contains(self, g: Glyph, slack: float = 1.0) -> bool:
        return self.x0 - slack <= g.cx <= self.x1 + slack and self.top - slack <= g.cy <= self.bottom + slack


@dataclass
class _Line:
    pos: float
    start: float
    end: float


def _merge(rules: list[tuple[float, float, float]]) -> list[_Line]:
    """(position, start, end) segments → collinear lines joined."""
    out: list[_Line] = []
    for pos, start, end in sorted(rules):
        for line in reversed(out[-6:]):
            if abs(line.pos - pos) <= _SNAP and start <= line.end + _JOIN and end >= line.start - _JOIN:
                line.start, line.end = min(line.start, start), max(line.end, end)
                break
        else:
            out.append(_Line(pos, start, end))
    return out


def _split(rules: list[Rule]) -> tuple[list[_Line], list[_Line]]:
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    for r in rules:
        w, h = r.x1 - r.x0, r.bottom - r.top
        if h <= 3.0 and w >= 4.0:
            hs.append(((r.top + r.bottom) / 2, r.x0, r.x1))
        elif w <= 3.0 and h >= 4.0:
            vs.append(((r.x0 + r.x1) / 2, r.top, r.bottom))
    return _merge(hs), _merge(vs)


def _components(hs: list[_Line], vs: list[_Line]) -> list[tuple[list[_Line], list[_Line]]]:
    """Groups of horizontal and vertical lines that touch each other (one group per table)."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = 2.5
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.start - tol <= v.pos <= h.end + tol and v.start - tol <= h.pos <= v.end + tol:
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[_Line], list[_Line]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _MIN_CELL:
            continue
        out.append(v)
    return out


def _covered(lines: list[_Line], pos: float, start: float, end: float) -> bool:
    """Is there a border at ``pos`` covering most of [start, end]?"""
    need = (end - start) * 0.5
    for line in lines:
        if abs(line.pos - pos) <= _MIN_CELL:
            overlap = min(line.end, end) - max(line.start, start)
            if overlap >= need:
                return True
    return False


def build_grid(hs: list[_Line], vs: list[_Line], glyphs: list[Glyph]) -> Grid | None:
    """The cells of one group of lines, filled with the glyphs inside them."""
    xs = _positions([v.pos for v in vs] + [min(h.start for h in hs), max(h.end for h in hs)])
    ys = _positions([h.pos for h in hs] + [min(v.start for v in vs), max(v.end for v in vs)])
    if len(xs) < 2 or len(ys) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the root is the top-left slot

    for r in range(n_rows):
        for c in range(n_cols - 1):
            if not _covered(vs, xs[c + 1], ys[r], ys[r + 1]):
                union(r * n_cols + c, r * n_cols + c + 1)
    for r in range(n_rows - 1):
        for c in range(n_cols):
            if not _covered(hs, ys[r + 1], xs[c], xs[c + 1]):
                union(r * n_cols + c, (r + 1) * n_cols + c)
    grid = Grid(xs[0], ys[0], xs[-1], ys[-1])
    cells: dict[int, list[Glyph]] = {}
    for g in glyphs:
        if not grid.contains(g):
            continue
        c = min(max(bisect_right(xs, g.cx) - 1, 0), n_cols - 1)
        r = min(max(bisect_right(ys, g.cy) - 1, 0), n_rows - 1)
        cells.setdefault(find(r * n_cols + c), []).append(g)
    texts = {slot: cell_text(gs) for slot, gs in cells.items()}
    rows: list[list[str]] = []
    tops: list[float] = []
    for r in range(n_rows):
        row = [texts.get(r * n_cols + c, "") if find(r * n_cols + c) == r * n_cols + c else "" for c in range(n_cols)]
        if any(row):
            rows.append(row)
            tops.append(ys[r])
    grid.rows = rows
    grid.row_tops = tops
    grid.columns = xs[:-1]
    return grid if grid.rows else None


def ruled_grids(rules: list[Rule], glyphs: list[Glyph]) -> list[Grid]:
    """Every ruled table of a page, top to bottom."""
    hs, vs = _split(rules)
    if len(hs) < 2 or len(vs) < 2:
        return []
    grids = []
    for group_h, group_v in _components(hs, vs):
        grid = build_grid(group_h, group_v, glyphs)
        if grid is not None and len(grid.columns) >= 2:
            grids.append(grid)
    grids.sort(key=lambda g: (g.top, g.x0))
    return grids
