"""Borderless tables: columns found from the alignment of text on consecutive lines.

A table starts at lines cut into several segments by wide gaps and carrying figures ("strong"
rows). Its columns are the stretches of the x axis its segments cover. It grows down (and up, for
its header) over lines whose segments all fall inside those columns (label-only rows, wrapped
cells) while the line spacing stays that of a table; a paragraph across the columns, a caption or
a wide gap ends it. A label spanning several columns goes to the first; a line of text alone in a
text column right below a data row is the rest of a wrapped cell.
"""

from __future__ import annotations

import re

from ..numbers import parse_amount
from .pdf_grid import Grid
from .pdf_lines import Line

_MIN_STRONG = 3
_FIGURE_CHARS = set("0123456789.,-%")


def _segs(line: Line) -> list[Line]:
    """The line's segments, figures set a space apart cut too ("309.08 309.08" is two cells)."""
    out: list[Line] = []
    for seg in line.segments():
        glyphs = seg.glyphs
        start = 0
        for k in range(1, len(glyphs)):
            gap = glyphs[k].x0 - glyphs[k - 1].x1
            if gap > 0.3 * max(glyphs[k].size, 1.0) and glyphs[k - 1].text in _FIGURE_CHARS \
                    and glyphs[k].text in _FIGURE_CHARS:
                out.append(Line(glyphs[start:k], line.page))
                start = k
        out.append(seg if start == 0 else Line(glyphs[start:], line.page))
    return out
_HEADER_LINES = 4


def _figures(line: Line) -> int:
    return sum(1 for seg in _segs(line) if parse_amount(seg.text.replace(" ", "")) is not None)


def _strong(line: Line) -> bool:
    n = len(_segs(line))
    return n >= 2 and (_figures(line) >= 2 or (n >= 3 and _figures(line) >= 1))


Span = tuple[float, float]


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if merged and x0 <= merged[-1][1] + 1.0:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _fits(line: Line, columns: list[Span], slack: float) -> bool:
    """Every segment of the line lies in one column (it may be wider than the column so far, up to the
    next one), or spans whole columns (a header label)."""
    for seg in _segs(line):
        if _home(seg, columns, slack) is not None:
            continue
        covered = [i for i, (a, b) in enumerate(columns) if min(b, seg.x1) - max(a, seg.x0) > 0]
        if len(covered) < 2:
            return False
    return True


def _home(seg: Line, columns: list[Span], slack: float) -> int | None:
    for i, (a, b) in enumerate(columns):
        limit = columns[i + 1][0] if i + 1 < len(columns) else float("inf")
        if a - slack <= seg.x0 <= b + slack and seg.x1 <= limit + slack * 0.2 and seg.x0 < limit:
            return i
    return None


def _widen(line: Line, columns: list[Span], slack: float) -> list[Span]:
    out = list(columns)
    for seg in _segs(line):
        i = _home(seg, out, slack)
        if i is not None:
            out[i] = (min(out[i][0], seg.x0), max(out[i][1], seg.x1))
    return out


def _column_of(seg: Line, columns: list[Span]) -> int:
    best, best_overlap = 0, -1.0
    for i, (a, b) in enumerate(columns):
        overlap = min(b, seg.x1) - max(a, seg.x0)
        if overlap > best_overlap + 0.5:
            best, best_overlap = i, overlap
    if best_overlap <= 0:
        centre = (seg.x0 + seg.x1) / 2
        best = min(range(len(columns)), key=lambda i: abs((columns[i][0] + columns[i][1]) / 2 - centre))
    return best


def _pieces(seg: Line) -> list[Line]:
    """A segment cut at its spaces: cells set close together still have a space between them."""
    parts: list[list] = [[seg.glyphs[0]]]  # type: ignore[type-arg]
    for prev, g in zip(seg.glyphs, seg.glyphs[1:], strict=False):
        if g.space or g.x0 - prev.x1 > 0.3 * max(g.size, 1.0):
            parts.append([g])
        else:
            parts[-1].append(g)
    return [seg] if len(parts) == 1 else [Line(p, seg.page) for p in parts]


def _cells(line: Line, columns: list[Span]) -> list[str]:
    cells = [""] * len(columns)
    for seg in _segs(line):
        for piece in _pieces(seg):
            covered = [i for i, (a, b) in enumerate(columns) if min(b, piece.x1) - max(a, piece.x0) > 0]
            i = covered[0] if len(covered) >= 2 else _column_of(piece, columns)  # a label over columns: the first
            cells[i] = cells[i] + piece.text.strip()
    return cells


def _spans(line: Line) -> list[Span]:
    return [(p.x0, p.x1) for seg in _segs(line) for p in _pieces(seg)]


def _region(lines: list[Line], start: int, used: set[int]) -> tuple[int, int, list[Span]] | None:
    """(first, end, columns) of the table grown from the strong row ``start``."""
    columns = _merge(_spans(lines[start]))
    size = max(lines[start].size, 1.0)
    end = start + 1
    strong = 1
    while end < len(lines) and end not in used:
        line = lines[end]
        if line.base - lines[end - 1].base > 2.6 * size or _caption(line):
            break
        if _strong(line):
            columns = _merge(columns + _spans(line))
            strong += 1
        elif _fits(line, columns, slack=size):
            columns = _widen(line, columns, slack=size)
        else:
            break
        end += 1
    if (strong < _MIN_STRONG and not (strong >= 2 and end - start >= 4)) or len(columns) < 2:
        return None
    first = start
    while first > 0 and start - first < _HEADER_LINES and first - 1 not in used:
        above = lines[first - 1]
        if lines[first].base - above.base > 2.6 * size or _caption(above) or not _fits(above, columns, slack=size * 2):
            break
        if len(_segs(above)) < 2 and not _spanning(above, columns):
            break
        first -= 1
    return first, end, columns


_CAPTION = re.compile(r"^(?:附|公开)?表\s*[一二三四五六七八九十\d]+\s*[：:]?$|^(?:金额)?单位\s*[：:]|^编制(?:部门|单位)"
                      r"|^(?:注|说明|备注)\s*\d*\s*[：:]")


def _caption(line: Line) -> bool:
    """A table's caption (表四：, 单位：万元, 编制部门：…, a title): the end of the table above."""
    from ..interpret.tables import recognize_title

    text = line.text.strip()
    return bool(_CAPTION.match(text)) or (len(_segs(line)) == 1 and recognize_title(text) is not None)


def _spanning(line: Line, columns: list[Span]) -> bool:
    seg = _segs(line)[0]
    return sum(1 for a, b in columns if min(b, seg.x1) - max(a, seg.x0) > 0) >= 2


def _continuation(lines: list[Line], columns: list[Span]) -> int:
    """How many lines at the top of a page continue a borderless table of the page before."""
    n = 0
    while n < len(lines) and len(_segs(lines[n])) >= 1 and _fits(lines[n], columns, slack=lines[n].size):
        if n and lines[n].base - lines[n - 1].base > 2.6 * max(lines[n].size, 1.0):
            break
        lone = len(_segs(lines[n])) == 1 and not _figures(lines[n]) and not _spanning(lines[n], columns)
        if n == 0 and lone and len(lines) > 1 and not _fits(lines[1], columns, slack=lines[1].size):
            break  # a lone label at the very top with no table under it: a page header
        n += 1
    return n


def _wrapped(prev: Line, line: Line) -> bool:
    """The second line of a cell: text alone, set tight under a row of figures, not a new label."""
    text = line.text.strip()
    if len(_segs(line)) != 1 or _figures(line) or not _figures(prev) or not text or _caption(line):
        return False
    if text[0].isdigit() or text.startswith(("一、", "二、", "三、", "（", "(", "合计", "总计")):
        return False
    return line.base - prev.base <= 1.35 * max(prev.size, 1.0)


def stream_grids(lines: list[Line], page_width: float, carry: list[Span] | None = None
                 ) -> tuple[list[Grid], list[Line]]:
    """Tables without borders among ``lines``, and the lines that are not part of one.

    ``carry``: the columns of a borderless table that ended the page before; lines at the top of
    this page that fit them are its continuation (even without figures).
    """
    grids: list[Grid] = []
    used: set[int] = set()
    i = 0
    if carry:
        n = _continuation(lines, carry)
        if n:
            grids.append(_grid(lines, 0, n, 0, carry))
            used.update(range(n))
            i = n
    while i < len(lines):
        if i in used or not _strong(lines[i]):
            i += 1
            continue
        found = _region(lines, i, used)
        if found is None:
            i += 1
            continue
        first, end, columns = found
        grids.append(_grid(lines, first, end, i, columns))
        used.update(range(first, end))
        i = end
    return grids, [ln for k, ln in enumerate(lines) if k not in used]


def _grid(lines: list[Line], first: int, end: int, data: int, columns: list[Span]) -> Grid:
    rows: list[list[str]] = []
    for k in range(first, end):
        line = lines[k]
        cells = _cells(line, columns)
        if rows and k > data and _wrapped(lines[k - 1], line):
            rows[-1] = [a + b for a, b in zip(rows[-1], cells, strict=True)]  # a wrapped cell
            continue
        rows.append(cells)
    block = lines[first:end]
    return Grid(x0=min(ln.x0 for ln in block), top=min(ln.top for ln in block), x1=max(ln.x1 for ln in block),
                bottom=max(ln.bottom for ln in block), rows=rows, row_tops=[ln.top for ln in block],
                columns=[a for a, _ in columns], spans=columns)
