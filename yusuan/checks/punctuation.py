"""The printed page, in words (family ``text``): paired punctuation, sentence ends, a stray 。 in a name.

A reviewer reads the page as printed: a bracket or a quotation mark opened and never closed (or
closed without being opened), a numbered item that runs into the next one without its 。, a 。
that splits a name in two. Each of these is a warning with the place and the words around it.

Paragraphs the reader split (a sentence continued on the next page) are taken together: a bracket
left open at the end of one paragraph and closed at the start of the next is paired. Full- and
half-width brackets pair with each other (（…) is not reported here); a list number closed by a
bracket ("1）", "a)") is not a stray bracket.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .finding import Finding
from .registry import Context, finding, rule
from .text import _at, _context, _Text, texts

# opening → (closing, kind name); half-width brackets are the same pair as full-width ones
_OPEN = {"“": "quote", "‘": "squote", "《": "book", "（": "paren", "(": "paren", "【": "square", "〔": "lenticular",
         "〈": "angle"}
_CLOSE = {"”": "quote", "’": "squote", "》": "book", "）": "paren", ")": "paren", "】": "square", "〕": "lenticular",
          "〉": "angle"}
_WORDS = {"quote": ("“", "”"), "squote": ("‘", "’"), "book": ("《", "》"), "paren": ("（", "）"), "square": ("【", "】"),
          "lenticular": ("〔", "〕"), "angle": ("〈", "〉")}
# "1）", "a)", "①" … numbering closed by a bracket, after the start or a separator
_NUMBER_CLOSE = re.compile(r"(?:^|[\s，,。；;：:、])[\dA-Za-z一二三四五六七八九十]{1,2}$")


@dataclass
class _Mark:
    kind: str
    pos: int
    char: str


def _scan(text: str) -> tuple[list[_Mark], list[_Mark]]:
    """(closing marks with nothing open, opening marks never closed), each kind counted on its own so
    that one crossed pair does not make every later mark look wrong."""
    open_marks: dict[str, list[_Mark]] = {}
    stray: list[_Mark] = []
    for i, ch in enumerate(text):
        if ch in _OPEN:
            open_marks.setdefault(_OPEN[ch], []).append(_Mark(_OPEN[ch], i, ch))
        elif ch in _CLOSE:
            kind = _CLOSE[ch]
            if open_marks.get(kind):
                open_marks[kind].pop()
            elif not (kind == "paren" and _NUMBER_CLOSE.search(text[max(0, i - 4):i])):
                stray.append(_Mark(kind, i, ch))
    unclosed = sorted((m for marks in open_marks.values() for m in marks), key=lambda m: m.pos)
    return stray, unclosed


UNPAIRED = "unpaired-punctuation"


@rule(UNPAIRED, "warning", family="text", tags=("text", "page"), title="成对标点不配对",
      description="Paired punctuation (“ ” ‘ ’ 《 》 （ ） 【 】 〔 〕) is opened and closed: an opening mark "
                  "left open to the end of the paragraph, or a closing mark with nothing open (a stray ”). "
                  "Each kind is counted on its own; full- and half-width brackets pair with each other; a "
                  "paragraph left open and continued by the next one (a sentence split by a page break) is "
                  "taken together; a number closed by a bracket (1）, a)) is not a stray bracket.",
      example="“（三）“三公”经费”中“…无增减变化）；公务用车…”：右括号“）”前没有对应的左括号。")
def unpaired(ctx: Context) -> Iterator[Finding]:
    items = [item for item in texts(ctx) if not _furniture(item.text)]
    scans = [_scan(item.text) for item in items]
    for i, item in enumerate(items):
        stray, unclosed = scans[i]
        if i > 0 and items[i - 1].place == item.place:
            stray = _drop_continued(scans[i - 1][1], stray, items[i - 1].text, item.text)
        if i + 1 < len(items) and items[i + 1].place == item.place:
            unclosed = _drop_closed_next(unclosed, scans[i + 1][0], item.text, items[i + 1].text)
        for opening, closing in _crossed(unclosed, stray):
            unclosed.remove(opening)
            stray.remove(closing)
            yield _at_mark(item, opening, f"{_what(opening.kind, True)}“{opening.char}”以“{closing.char}”结束，"
                                          f"应为“{_WORDS[opening.kind][1]}”")
        for m in stray:
            yield _at_mark(item, m, f"{_what(m.kind, False)}“{m.char}”前没有对应的{_what(m.kind, True)}"
                                    f"“{_WORDS[m.kind][0]}”")
        for m in unclosed:
            yield _at_mark(item, m, f"{_what(m.kind, True)}“{m.char}”没有对应的{_what(m.kind, False)}"
                                    f"“{_WORDS[m.kind][1]}”")


def _furniture(text: str) -> bool:
    """A page number or a rule left between two parts of a paragraph ("—4—", "- 12 -")."""
    return len(text) <= 12 and not re.search(r"[\u4e00-\u9fffA-Za-z]", text)


def _crossed(unclosed: list[_Mark], stray: list[_Mark]) -> list[tuple[_Mark, _Mark]]:
    """An opening mark closed by the wrong mark shortly after ("（含地质勘探〉"): one mistake, told once."""
    pairs = []
    used: set[int] = set()
    for o in unclosed:
        c = next((c for c in stray if c.pos > o.pos and c.pos - o.pos <= 30 and id(c) not in used), None)
        if c is not None:
            used.add(id(c))
            pairs.append((o, c))
    return pairs


def _what(kind: str, opening: bool) -> str:
    if kind in ("quote", "squote"):
        return "前引号" if opening else "后引号"
    if kind == "book":
        return "前书名号" if opening else "后书名号"
    return "左括号" if opening else "右括号"


def _continues(previous: str, text: str) -> bool:
    """Does ``text`` continue the sentence ``previous`` left unfinished (split by a page or line break)?"""
    return not re.search(r"[。！？；;!?]\s*[”’）)]?\s*$", previous) and not re.match(
        r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．])", text)


def _drop_continued(previous_unclosed: list[_Mark], stray: list[_Mark], previous: str, text: str) -> list[_Mark]:
    if not previous_unclosed or not _continues(previous, text):
        return stray
    left = [m.kind for m in previous_unclosed]
    out = []
    for m in stray:
        if m.kind in left:
            left.remove(m.kind)
        else:
            out.append(m)
    return out


def _drop_closed_next(unclosed: list[_Mark], next_stray: list[_Mark], text: str, following: str) -> list[_Mark]:
    if not unclosed or not _continues(text, following):
        return unclosed
    closing = [m.kind for m in next_stray]
    out = []
    for m in reversed(unclosed):
        if m.kind in closing:
            closing.remove(m.kind)
        else:
            out.append(m)
    return list(reversed(out))


def _at_mark(item: _Text, m: _Mark, what: str) -> Finding:
    match = re.compile(re.escape(m.char)).search(item.text, m.pos)
    assert match is not None
    return finding(UNPAIRED, f"{item.place}中“{_context(item.text, match)}”：{what}。", _at(item, match), actual=m.char)


# ---------------------------------------------------------------- numbered items and their 。

_CN = "一二三四五六七八九"


def _cn_number(text: str) -> int | None:
    """一 … 九十九 → 1 … 99."""
    if not text or any(ch not in _CN + "十" for ch in text):
        return None
    if "十" not in text:
        return _CN.index(text) + 1 if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    value = (_CN.index(tens) + 1 if tens else 1) * 10
    return value + (_CN.index(ones) + 1 if ones else 0)


# a numbered item: （一） 一、 1. 1、 （1） (1)
_MARKER = re.compile(r"(?:[（(]([一二三四五六七八九十]{1,3})[)）]|([一二三四五六七八九十]{1,3})、|(\d{1,2})[、．.](?!\d)"
                     r"|[（(](\d{1,2})[)）])")
_ENDED = re.compile(r"[。！？；;!?：:…]\s*[”’）)》]?\s*$")
_STYLES = ("（一）", "一、", "1.", "（1）")


def _marker(m: re.Match[str]) -> tuple[str, int] | None:
    for style, group in zip(_STYLES, m.groups(), strict=True):
        if group:
            number = int(group) if group.isdigit() else _cn_number(group)
            return (style, number) if number else None
    return None


def _numbered(item: _Text) -> tuple[str, int] | None:
    m = _MARKER.match(item.text.lstrip())
    return _marker(m) if m else None


@rule("stray-period", "warning", family="text", tags=("text", "page"), title="名称中间多出句号",
      description="A 。 inside a name the document uses (the department, its units, its projects: "
                  "“水磨沟区人民政府。办公室”): a name is printed whole elsewhere, and here a full stop splits it.",
      example="“三、关于…支出预算情况说明”中“…水磨沟区人民政府。办公室 2021 年…”：句号把名称“水磨沟区人民政府办公室”断开。",
)
def stray_periods(ctx: Context) -> Iterator[Finding]:
    yield from _stray_periods(ctx)


MISSING_END = "missing-sentence-end"


@rule(MISSING_END, "warning", family="text", tags=("text", "page"), title="句末缺少标点",
      description="A numbered item runs into the next one without its sentence-end mark: in one paragraph, item N "
                  "(（二）, 2., 二、) is followed by item N + 1 right after a word (…开展工作（三）负责…); or, in a list "
                  "whose items end with 。 or ；, one item (a sentence of 15 characters or more) ends with none "
                  "before the next item.",
      example="概况中“…负责全区政务公开工作（三）负责电子政务…”：第（二）项与第（三）项之间缺少句末标点“。”。")
def sentence_ends(ctx: Context) -> Iterator[Finding]:
    yield from _run_in_items(ctx)
    yield from _unended_items(ctx)


def _names(ctx: Context) -> list[str]:
    """Names the document uses: the department (also without its province or city: 金牛区城市管理局), its
    units and projects."""
    d = ctx.d
    names = {d.department.name, *(u.name for u in d.profile.units), *(p.name for p in d.projects),
             *(t.project for t in d.performance)}
    full = d.department.name
    names |= {full[i + 1:] for i, ch in enumerate(full) if ch in "省市区县州旗" and len(full) - i - 1 >= 6}
    return sorted({n for n in names if n and len(n) >= 6 and "。" not in n}, key=len, reverse=True)


def _stray_periods(ctx: Context) -> Iterator[Finding]:
    names = _names(ctx)
    if not names:
        return
    for item in texts(ctx):
        for m in re.finditer("。", item.text):
            p = m.start()
            left, right = item.text[max(0, p - 40):p], item.text[p + 1:p + 41]
            hit = next((n for n in names for k in range(2, len(n) - 1)
                        if left.endswith(n[:k]) and right.startswith(n[k:])), None)
            if hit is None:
                continue
            yield finding("stray-period", f"{item.place}中“{_context(item.text, m)}”：句号把名称“{hit}”断开。",
                          _at(item, m), expected=hit, actual=item.text[p - 2:p + 3])


def _run_in_items(ctx: Context) -> Iterator[Finding]:
    """Item N followed, in the same paragraph, by item N + 1 straight after a word."""
    for item in texts(ctx):
        first = _MARKER.match(item.text.lstrip())
        start = _marker(first) if first else None
        if start is None:
            continue
        style, number = start
        offset = len(item.text) - len(item.text.lstrip())
        last = offset + (first.end() if first else 0)
        for m in _MARKER.finditer(item.text, last):
            found = _marker(m)
            if found != (style, number + 1):
                continue
            before = item.text[m.start() - 1] if m.start() else ""
            segment = item.text[last:m.start()]
            sentence = len(segment) >= 20 or "，" in segment  # a sentence, not a list of names (…处（三）…处)
            if sentence and re.match(r"[\u4e00-\u9fffA-Za-z0-9”）)》%％]", before):
                yield finding(MISSING_END, f"{item.place}中“{_context(item.text, m)}”：第{_label(style, number)}项与"
                                           f"第{_label(style, number + 1)}项之间缺少句末标点“。”。",
                              _at(item, m), expected="。", actual=before)
            last, number = m.end(), number + 1


def _unended_items(ctx: Context) -> Iterator[Finding]:
    """In a list whose items end with 。 or ；, an item (a sentence) that ends with nothing before the next one."""
    items = texts(ctx)
    marks = [_numbered(item) for item in items]
    i = 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and marks[j] and marks[j + 1] and items[j + 1].place == items[i].place \
                and marks[j + 1] == (marks[j][0], marks[j][1] + 1):  # type: ignore[index]
            j += 1
        run = range(i, j + 1)
        if marks[i] is not None and len(run) >= 3:
            ended = [bool(_ENDED.search(items[k].text)) for k in run]
            if sum(ended) * 3 >= 2 * len(ended):
                for k, done in zip(run, ended, strict=True):
                    text = items[k].text.rstrip()
                    if done or k == j or len(text) < 15 or "…" in text or "...." in text:
                        continue
                    m = re.search(r".$", text)
                    assert m is not None
                    style, number = marks[k]  # type: ignore[misc]
                    yield finding(MISSING_END, f"{items[k].place}中“{_context(text, m)}”：第{_label(style, number)}项"
                                               f"末尾缺少句末标点（同一列表的其他各项以“。”或“；”结尾）。",
                                  _at(items[k], m), expected="。", actual=text[-1])
        i = j + 1


def _label(style: str, number: int) -> str:
    if style in ("（一）", "一、"):
        tens, ones = divmod(number, 10)
        word = (("" if tens == 1 else _CN[tens - 1]) + "十" if tens else "") + (_CN[ones - 1] if ones else "")
        return f"（{word}）" if style == "（一）" else f"{word}"
    return f"（{number}）" if style == "（1）" else f" {number} "


