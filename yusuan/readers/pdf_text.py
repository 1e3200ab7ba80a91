"""Running text of a PDF: page furniture removed, lines joined into paragraphs by their geometry.

A line continues the paragraph above when the line above reaches the right margin and this one
starts at the left margin (no first-line indent), on the same page or across a page break.
Page numbers, running headers and footers are recognised by their place on the page and their
repetition, so a footer "4" never ends up inside "13.11%", and a number printed on the next line
("307.82" / "万元。") stays in its sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..normalize import clean
from .pdf_lines import Line

_PAGE_NUMBER = re.compile(
    r"^(?:[-—─–－_~·\s]*\d{1,4}[-—─–－_~·\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+"
    r"|[-—─–－]?\s*[ivxlcIVXLC]{1,6}\s*[-—─–－]?|page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE,
)
_FIELD_CODES = re.compile(
    r"\b(?:PAGEREF|REF|NOTEREF)\s+_?[A-Za-z]+\d*(?:\s*\\[a-zA-Z*]+)*"
    r"|\bHYPERLINK\s+(?:\\[a-z]\s+)?\"[^\"]*\"(?:\s*\\[a-z]\s*)*"
    r"|\bTOC\s+(?:\\[a-z]\s*(?:\"[^\"]*\")?\s*)+"
    r"|\bMERGEFORMAT\b|\\\*\s*MERGEFORMAT"
)
_NUMBERED = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}[、.．](?!\d)|表[一二三四五六七八九十\d]+|附件|附表|(?:公开)?表\s*[一二三四五六七八九十\d]+)"
)
_DETACHED = re.compile(r"^(?:[-\d.,，]+\s*(?:%|％|万元|亿元|元|人|辆|个|台|套|平方米|家|次|项)|[，。、；：）)%”])")
# the lines under a table's title: never the rest of the line above
_CAPTION_META = re.compile(r"^(?:编制(?:部门|单位)|(?:金额)?单位\s*[：:]|预算单位\s*[：:])")
_ENDS = ("。", "；", "！", "？", "：", ":", ";")
_LEADERS = re.compile(r"(?:[.…·．]{3,}|…{2,})\s*\d*\s*$")
TOP_ZONE = 0.09
BOTTOM_ZONE = 0.10


def strip_field_codes(text: str) -> str:
    """Remove Word field codes printed as text (PAGEREF _Toc123 \\h …)."""
    if "PAGEREF" not in text and "HYPERLINK" not in text and "TOC" not in text and "REF" not in text \
            and "MERGEFORMAT" not in text:
        return text
    return re.sub(r"\s{2,}", " ", _FIELD_CODES.sub(" ", text)).strip()


def line_text(line: Line) -> str:
    """Cleaned text of a line; segments far apart stay apart (two spaces) for captions."""
    parts = [clean(strip_field_codes(seg.text)) for seg in line.segments()]
    return "  ".join(p for p in parts if p)


# ---------------------------------------------------------------- furniture


@dataclass
class PageLines:
    number: int
    width: float
    height: float
    lines: list[Line]


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def remove_furniture(pages: list[PageLines]) -> None:
    """Drop page numbers and running headers/footers (in place)."""
    repeated: Counter[str] = Counter()
    for page in pages:
        seen = {_shape(ln.text) for ln in page.lines if _in_margin(ln, page)}
        repeated.update(seen)
    threshold = max(3, len(pages) // 3)
    for page in pages:
        kept = []
        ends = _page_ends(page)
        for ln in page.lines:
            if id(ln) in ends and _PAGE_NUMBER.match(ln.text.strip()):
                continue  # a page number printed above the usual footer zone, alone at the end of its page
            if _in_margin(ln, page):
                text = ln.text.strip()
                if _PAGE_NUMBER.match(text) or (repeated[_shape(text)] >= threshold and len(pages) >= 3):
                    continue
                ln = _drop_trailing_number(ln, page)
            kept.append(ln)
        page.lines = kept


def _page_ends(page: PageLines) -> set[int]:
    """The last line of a page (when in its lower half) and the first (when in its upper quarter)."""
    if not page.lines:
        return set()
    low = max(page.lines, key=lambda ln: ln.top)
    high = min(page.lines, key=lambda ln: ln.top)
    out = {id(low)} if low.top >= page.height / 2 else set()
    if high.bottom <= page.height / 4 and high is not low:
        out.add(id(high))
    return out


def _in_margin(line: Line, page: PageLines) -> bool:
    return line.bottom <= page.height * TOP_ZONE or line.top >= page.height * (1 - BOTTOM_ZONE)


def _drop_trailing_number(line: Line, page: PageLines) -> Line:
    """A page number printed on the baseline of the last line, far to its right."""
    segments = line.segments(gap=4.0)
    if len(segments) > 1 and _PAGE_NUMBER.match(segments[-1].text.strip()):
        return Line([g for s in segments[:-1] for g in s.glyphs], line.page)
    if len(segments) > 1 and _PAGE_NUMBER.match(segments[0].text.strip()) and line.top >= page.height / 2:
        return Line([g for s in segments[1:] for g in s.glyphs], line.page)
    return line


# ---------------------------------------------------------------- paragraphs


@dataclass
class Margins:
    left: float
    right: float
    pitch: float


def margins(lines: list[Line], width: float, fallback: Margins | None = None) -> Margins:
    """Left and right margin of the running text of a page, and its usual line pitch.

    A page with too little running text (a table page) takes the margins of the document's pages
    of the same width, or margins symmetric about the page centre.
    """
    long_lines = [ln for ln in lines if len(ln.glyphs) >= 12]
    if len(long_lines) < 3 and fallback is not None:
        return fallback
    if len(long_lines) >= 3:
        lefts = sorted(ln.x0 for ln in long_lines)
        rights = sorted(ln.x1 for ln in long_lines)
        left = lefts[len(lefts) // 10]
        right = rights[-1 - len(rights) // 10]
    else:
        left = min((ln.x0 for ln in lines), default=width * 0.1)
        left = min(left, width * 0.15)
        right = max(width - left, max((ln.x1 for ln in lines), default=0.0))
    steps = sorted(b.base - a.base for a, b in zip(lines, lines[1:], strict=False)
                   if 0 < b.base - a.base < 4 * max(a.size, 1.0))
    pitch = steps[len(steps) // 2] if steps else (lines[0].size * 1.5 if lines else 12.0)
    return Margins(left, right, pitch)


def is_full(line: Line, m: Margins) -> bool:
    return line.x1 >= m.right - 1.8 * max(line.size, 1.0)


def is_indented(line: Line, m: Margins) -> bool:
    return line.x0 > m.left + 0.9 * max(line.size, 1.0)


def continues(prev: Line, prev_m: Margins, line: Line, m: Margins, same_page: bool) -> bool:
    """Is ``line`` the continuation of the paragraph whose last line is ``prev``?"""
    text, prev_text = line.text.strip(), prev.text.strip()
    if not text or not prev_text:
        return False
    if _LEADERS.search(prev_text) or _NUMBERED.match(text) or _CAPTION_META.match(text):
        return False
    close = not same_page or line.base - prev.base <= 2.2 * max(prev_m.pitch, prev.size)
    long_prev = prev.x1 >= prev_m.left + 0.6 * (prev_m.right - prev_m.left)
    if _DETACHED.match(text) and not prev_text.endswith(_ENDS) and close and long_prev and not is_indented(line, m):
        return True  # "…比上年增加" / "60.54%。": a figure pushed to the next line stays in its sentence
    if is_indented(line, m):
        return False
    # a line stopped short of the margin ends its paragraph, unless it stops mid-sentence within a few
    # characters of it (Word moves "（项）。" or "元，" whole to the next line)
    nearly_full = prev.x1 >= prev_m.right - 4.5 * max(prev.size, 1.0) and not prev_text.endswith(_ENDS)
    if not (is_full(prev, prev_m) or nearly_full):
        return False
    if abs(line.size - prev.size) > 0.6 * max(prev.size, 1.0):
        return False
    if same_page and line.base - prev.base > 1.7 * max(prev_m.pitch, prev.size):
        return False
    return not (len(prev.segments()) > 1 or len(line.segments()) > 1)


def join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b
