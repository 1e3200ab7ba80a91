"""Facts about each printed page of a PDF, for the checks of the printed page (``checks/pages.py``).

For every page: how many characters it prints, how many of them are unreadable (no Unicode value,
a private-use code point, a control character, or a script no disclosure is written in: mojibake),
how many characters its text layer places outside the page (never printed), how much running text
it shows outside its tables once page numbers and running headers are gone,
whether it draws table borders, how much of it is an image, and which earlier pages its running
text repeats. The reader only measures; what is a mistake is decided by the checks.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..model import PageFacts
from .pdf_layout import UNMAPPED, PageContent

#: code point ranges of what a Chinese budget disclosure prints (anything else is unreadable)
_ORDINARY: tuple[tuple[int, int], ...] = (
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xBF), (0xD7, 0xD7), (0xF7, 0xF7),  # Latin-1 signs: ° ± · × ÷ (not its letters: mojibake)
    (0x2000, 0x206F),  # general punctuation: “ ” ‘ ’ — …
    (0x2100, 0x22FF),  # letterlike, number forms (Ⅰ Ⅱ), arrows, maths (≥ ≤ ≠)
    (0x2460, 0x24FF),  # ① ②
    (0x2500, 0x27BF),  # box drawing, shapes (■ □ ○ √)
    (0x2E80, 0x2FDF),  # CJK radicals (normalised later)
    (0x3000, 0x33FF),  # CJK punctuation, kana, enclosed and squared forms
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),  # ideographs
    (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),  # CJK compatibility and full-width forms
)
#: a repeated page: this share of its running text's 8-character pieces printed on other pages
_PIECE = 8
_MIN_TEXT = 150


@lru_cache(maxsize=8192)
def readable(ch: str) -> bool:
    if ch == UNMAPPED:
        return False
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _ORDINARY)


def page_facts(contents: list[PageContent], texts: dict[int, str], file: str) -> list[PageFacts]:
    """One ``PageFacts`` per page; ``texts`` is each page's running text (outside tables, furniture removed)."""
    pieces = {n: _pieces(t) for n, t in texts.items()}
    out = []
    for content in contents:
        chars = [g.text for g in content.glyphs if g.text.strip()]
        offpage = _offpage(content)
        unreadable = sum(n for ch, n in Counter(chars).items() if not readable(ch))
        text = texts.get(content.number, "")
        repeats, share = _repeats(content.number, pieces)
        out.append(PageFacts(
            number=content.number, file=file, glyphs=len(chars), unreadable=unreadable,
            offpage=offpage,
            text_chars=len("".join(text.split())), ruled=len(content.rules) >= 4, image_share=round(content.image_share, 3),
            repeats=repeats, repeated_share=round(share, 3), sample="".join(chars[:40])))
    return out


def _offpage(content: PageContent) -> int:
    """Readable glyphs whose centre lies outside the page (doubled coordinates: halving is exact)."""
    w2, h2 = 2 * content.width, 2 * content.height
    xs = [g.x0 + g.x1 for g in content.glyphs]
    ys = [g.top + g.bottom for g in content.glyphs]
    if not xs or (min(xs) >= 0 and max(xs) <= w2 and min(ys) >= 0 and max(ys) <= h2):
        return 0  # the usual page: every glyph inside
    return sum(1 for g, x, y in zip(content.glyphs, xs, ys, strict=True)
               if not (0 <= x <= w2 and 0 <= y <= h2) and readable(g.text))


def _pieces(text: str) -> set[str]:
    t = "".join(text.split())
    return {t[i:i + _PIECE] for i in range(0, max(len(t) - _PIECE + 1, 0))} if len(t) >= _MIN_TEXT else set()


def _repeats(number: int, pieces: dict[int, set[str]]) -> tuple[list[int], float]:
    """Earlier pages whose running text this page prints again, and the share of its text repeated."""
    mine = pieces.get(number) or set()
    if not mine:
        return [], 0.0
    found: set[str] = set()
    pages = []
    for other in sorted(pieces):
        if other >= number or not pieces[other]:
            continue
        common = mine & pieces[other]
        if len(common) >= 0.2 * len(mine):
            pages.append(other)
            found |= common
    return pages, len(found) / len(mine)
