"""Glyphs → text lines: grouping on the baseline, overprint removal, spaces from gaps.

A line keeps its glyphs so that callers can split it into segments (cells of a borderless table,
"编制部门：…" and "单位：元" printed on one baseline) or measure it against the page margins.
"""

from __future__ import annotations

from .pdf_layout import Glyph

#: a gap wider than this many font sizes separates two segments of one baseline
SEGMENT_GAP = 2.2
#: a gap wider than this many font sizes is a space inside a segment
SPACE_GAP = 0.3


def _line_size(glyphs: list[Glyph]) -> float:
    """The font size of a line: of its Chinese characters when it has some (digits and punctuation of
    another font can measure twice their neighbours: "收入6.2万元，占0.21%；"), else of all glyphs."""
    han = [g.size for g in glyphs if g.text and "\u3400" <= g.text[0] <= "\u9fff"]
    return _median(han if len(han) >= 2 else [g.size for g in glyphs])


class Line:
    """Glyphs on one baseline, sorted by x; measures are computed once."""

    __slots__ = ("glyphs", "page", "x0", "x1", "top", "bottom", "base", "size", "_text", "_segments")

    def __init__(self, glyphs: list[Glyph], page: int = 0) -> None:
        self.glyphs = glyphs
        self.page = page
        self.x0 = glyphs[0].x0
        self.x1 = max(g.x1 for g in glyphs)
        self.top = min(g.top for g in glyphs)
        self.bottom = max(g.bottom for g in glyphs)
        self.base = _median([g.base for g in glyphs])
        self.size = _line_size(glyphs)
        self._text: str | None = None
        self._segments: list[Line] | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = join_glyphs(self.glyphs)
        return self._text

    def segments(self, gap: float = SEGMENT_GAP) -> list[Line]:
        """The line cut at gaps wider than ``gap`` font sizes."""
        if gap == SEGMENT_GAP and self._segments is not None:
            return self._segments
        out: list[list[Glyph]] = [[self.glyphs[0]]]
        for prev, g in zip(self.glyphs, self.glyphs[1:], strict=False):
            if g.x0 - prev.x1 > gap * max(min(prev.size, g.size), 1.0):
                out.append([g])
            else:
                out[-1].append(g)
        if len(out) == 1:
            result = [self]
        else:
            result = [Line(part, self.page) for part in out]
        if gap == SEGMENT_GAP:
            self._segments = result
        return result


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def join_glyphs(glyphs: list[Glyph]) -> str:
    """Text of glyphs on one baseline (sorted by x), with a space where the gap is wide."""
    parts: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        if prev is not None and (g.space or g.x0 - prev.x1 > SPACE_GAP * max(min(prev.size, g.size), 1.0)):
            parts.append(" ")
        parts.append(g.text)
        prev = g
    return "".join(parts)


def dedupe(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop glyphs printed twice at (almost) the same place: simulated bold, shadows."""
    out: list[Glyph] = []
    for g in glyphs:
        if out:
            p = out[-1]
            width = max(g.x1 - g.x0, 1.0)
            if p.text == g.text and abs(p.x0 - g.x0) < 0.3 * width and abs(p.base - g.base) < 0.3 * g.size:
                continue
        out.append(g)
    return out


def group_lines(glyphs: list[Glyph], page: int = 0) -> list[Line]:
    """Glyphs grouped into lines on their baselines, top to bottom; each line sorted by x."""
    if not glyphs:
        return []
    ordered = sorted(glyphs, key=lambda g: (g.base, g.x0))
    clusters: list[list[Glyph]] = [[ordered[0]]]
    base = ordered[0].base
    for g in ordered[1:]:
        tolerance = 0.35 * max(g.size, clusters[-1][0].size, 1.0)
        if abs(g.base - base) <= tolerance:
            clusters[-1].append(g)
        else:
            clusters.append([g])
            base = g.base
    lines = []
    for cluster in clusters:
        cluster.sort(key=lambda g: g.x0)
        lines.append(Line(dedupe(cluster), page))
    return lines


def cell_text(glyphs: list[Glyph]) -> str:
    """Text of a table cell: its lines top to bottom, joined (wrapped Chinese joins without space)."""
    if not glyphs:
        return ""
    out = ""
    for line in group_lines(glyphs):
        text = line.text.strip()
        if not text:
            continue
        if out and _is_ascii_word(out[-1]) and _is_ascii_word(text[0]) and not (out[-1].isdigit() and text[0].isdigit()):
            out += " "
        out += text
    return out
