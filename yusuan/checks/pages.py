"""The printed page itself (family ``text``): blank pages, unreadable pages, pages printed twice.

A PDF's reader records what every page holds (``SourceInfo.page_facts``, see ``readers/pdf_pages``);
these rules say what a reviewer would write on the checklist: a page left blank inside the
document (nothing but its page number), a page whose text cannot be read (characters that map to
nothing, to private-use code points, or mojibake), a page whose running text repeats an earlier
page. Text a page places outside its printed area (a text box overflowing the page in the text
layer) is reported as info: it is not printed, but whoever copies or searches the text gets it.
Other formats have no pages: these rules say nothing about them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import PageFacts, SourceRef
from ..readers.pdf_pages import readable
from ..tolerances import TOLERANCES
from .finding import Finding
from .registry import Context, declare, finding, rule

# thresholds: yusuan.tolerances (page_*)
_T = TOLERANCES


def _where(ctx: Context, f: PageFacts) -> SourceRef:
    return SourceRef(file=f.file or ctx.d.source.path or None, page=f.number)


def _page(ctx: Context, f: PageFacts) -> str:
    several = len({x.file for x in ctx.d.source.page_facts}) > 1
    name = (f.file or "").rsplit("/", 1)[-1]
    return f"“{name}”第 {f.number} 页" if several and name else f"第 {f.number} 页"


def _blank(f: PageFacts) -> bool:
    return (f.glyphs <= _T.page_blank_glyphs and f.text_chars <= _T.page_blank_glyphs and not f.ruled
            and f.image_share < _T.image_page_share)


UNREADABLE = declare(
    "unreadable-page", "warning", "页面文字无法识别",
    "A page whose text layer is unreadable: at least 30% of its characters (20 or more) map to nothing, to private-"
    "use code points, to control characters or to scripts a disclosure is not written in (mojibake such as "
    "“Ã¤Â¸Â­”). Such a page cannot be searched, copied or checked; the figures on it were not read.",
    "第 12 页的文字无法识别：412 个字符中有 398 个没有对应的汉字（如“”），该页内容未能核对。",
    family="text")
REPEATED = declare(
    "repeated-page", "warning", "页面内容重复",
    "A page whose running text (outside its tables, without page numbers and running headers) is, for 80% or more, "
    "text an earlier page prints: a page printed twice, or a page left over from another section. Pages with "
    "text placed outside the printed area are left out (their text layer is not what is printed).",
    "第 5 页的正文与第 4 页重复（95% 的文字相同），疑似重复打印了同一页。",
    family="text")
HIDDEN = declare(
    "hidden-text", "info", "页面外的文字",
    "A page whose text layer places characters outside the page (a text box overflowing the page): they are not "
    "printed, but whoever copies or searches the text gets them, and they may repeat what another page prints.",
    "第 4 页的文字层有 656 个字符位于页面之外（打印时不可见）。",
    family="text")


@rule("blank-page", "warning", family="text", tags=("text", "page"), title="文件中有空白页",
      description="A page inside the document (after the first page with text and before the last) that prints "
                  "nothing but, at most, its page number: no text, no table, no picture (a blank page left by a "
                  "section break after the 目录, or a deleted table). Also reports (unreadable-page) pages whose text "
                  "cannot be read, (repeated-page) pages that repeat an earlier page, and (hidden-text, info) text "
                  "placed outside the page.",
      example="第 3 页是空白页（除页码外没有任何内容），位于目录与正文之间。",
      emits=(UNREADABLE, REPEATED, HIDDEN))
def printed_pages(ctx: Context) -> Iterator[Finding]:
    facts = ctx.d.source.page_facts
    for file in dict.fromkeys(f.file for f in facts):
        pages = [f for f in facts if f.file == file]
        yield from _blanks(ctx, pages)
    for f in facts:
        if f.glyphs >= _T.page_min_glyphs and f.unreadable >= _T.page_unreadable_share * f.glyphs:
            yield finding(UNREADABLE, f"{_page(ctx, f)}的文字无法识别：{f.glyphs} 个字符中有 {f.unreadable} 个没有对应的"
                                      f"汉字或符号{_sample(f)}，该页内容未能核对。", _where(ctx, f),
                          expected="可识别的文字", actual=f"{f.unreadable}/{f.glyphs}")
        if f.offpage >= _T.page_hidden_chars:
            yield finding(HIDDEN, f"{_page(ctx, f)}的文字层有 {f.offpage} 个字符位于页面之外（打印时不可见），复制或检索"
                                  f"时会读到这些文字。", _where(ctx, f), actual=str(f.offpage))
        elif f.repeats and f.repeated_share >= _T.page_repeated_share and not f.offpage and not _blank(f):
            earlier = "、".join(f"第 {n} 页" for n in f.repeats)
            yield finding(REPEATED, f"{_page(ctx, f)}的正文与{earlier}重复（{round(f.repeated_share * 100)}% 的文字相同），"
                                    f"疑似重复打印。", _where(ctx, f), expected="不重复",
                          actual=f"{round(f.repeated_share * 100)}%",
                          compared=[SourceRef(file=f.file, page=n) for n in f.repeats])


def _blanks(ctx: Context, pages: list[PageFacts]) -> Iterator[Finding]:
    printed = [i for i, f in enumerate(pages) if not _blank(f)]
    if not printed:
        return
    for f in pages[printed[0] + 1: printed[-1]]:
        if _blank(f):
            yield finding("blank-page", f"{_page(ctx, f)}是空白页（没有正文、表格或图片，至多有页码），位于文件中间；"
                                        f"请删除或注明“此页无正文”。",
                          _where(ctx, f), expected="有内容", actual="空白")


def _sample(f: PageFacts) -> str:
    odd = "".join(ch for ch in f.sample if not readable(ch))[:6]
    return f"（如“{odd}”）" if odd else ""
