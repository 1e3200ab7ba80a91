"""Facts of the printed page recorded by the PDF reader, and the checks that use them, on PDFs made here:
a blank page inside the document, a page printed twice, a page whose text maps to private-use code points."""

from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.checks import check
from yusuan.readers import read
from yusuan.readers.pdf_pages import readable

PARAGRAPH = ("2021年本部门一般公共预算支出464.04万元，比上年增加20.08万元，增长4.5%，主要原因是人员增加；"
             "项目支出131.04万元，占22.02%，比上年增加57.45万元，主要原因是增加访惠聚工作经费和电子政务中心工作经费。")
OTHER = ("机关运行经费财政拨款预算36.62万元，比上年预算减少3.29万元，下降8.24%，主要原因是厉行节约，压减一般性支出；"
         "政府采购预算12.00万元，其中政府采购货物预算12.00万元，面向中小企业预留政府采购项目预算金额12.00万元。")
BREAK = "<div style='page-break-after: always'></div>"
CODES = ["blank-page", "unreadable-page", "repeated-page", "hidden-text"]


def _pdf(tmp_path: Path, body: str) -> Path:
    import weasyprint

    html = ("<html><head><meta charset='utf-8'><style>@page { size: A5; margin: 1.5cm;"
            " @bottom-center { content: counter(page); font-size: 10pt } }"
            " body { font-family: 'Noto Serif CJK SC'; font-size: 11pt } p { text-indent: 2em; margin: 0 }"
            "</style></head><body>" + body + "</body></html>")
    path = tmp_path / "doc.pdf"
    path.write_bytes(weasyprint.HTML(string=html).write_pdf())
    return path


def _found(path: Path) -> list[tuple[str, int | None]]:
    return [(f.code, f.location.page) for f in check(read(path), select=CODES)]


def test_facts_of_ordinary_pages(tmp_path: Path) -> None:
    d = read(_pdf(tmp_path, f"<p>{PARAGRAPH}</p>{BREAK}<p>{OTHER}</p>"))
    facts = d.source.page_facts
    assert [f.number for f in facts] == [1, 2]
    assert all(f.glyphs > 100 and f.unreadable == 0 and f.offpage == 0 and not f.repeats for f in facts)
    assert facts[0].text_chars == len(PARAGRAPH)  # running text without the page number
    assert [f.code for f in check(d, select=CODES)] == []


def test_a_blank_page_after_the_contents(tmp_path: Path) -> None:
    path = _pdf(tmp_path, f"<p>目录</p><p>一、收支预算情况</p>{BREAK}{BREAK}<p>{PARAGRAPH}</p>{BREAK}<p>{OTHER}</p>")
    facts = read(path).source.page_facts
    assert facts[1].text_chars == 0 and facts[1].glyphs <= 2  # its page number only
    assert _found(path) == [("blank-page", 2)]


def test_a_page_printed_twice(tmp_path: Path) -> None:
    long = PARAGRAPH + OTHER  # a page of running text, long enough to tell
    third = ("截至2020年底，本部门占用使用国有资产房屋10759.19平方米，价值7408.19万元；车辆26辆，价值562.30万元；"
             "办公家具价值1780.08万元；单位价值50万元以上大型设备4台（套），单位价值100万元以上大型设备0台（套）。")
    path = _pdf(tmp_path, f"<p>{long}</p>{BREAK}<p>{third}</p>{BREAK}<p>{long}</p>")
    facts = read(path).source.page_facts
    assert facts[2].repeats == [1] and facts[2].repeated_share == 1.0
    assert _found(path) == [("repeated-page", 3)]


def test_a_page_of_private_use_characters(tmp_path: Path) -> None:
    garbled = "".join(chr(0xE000 + i % 200) for i in range(120))
    path = _pdf(tmp_path, f"<p>{PARAGRAPH}</p>{BREAK}<p>{garbled}</p>{BREAK}<p>{OTHER}</p>")
    facts = read(path).source.page_facts
    assert facts[1].unreadable >= 100 and facts[0].unreadable == 0
    assert _found(path) == [("unreadable-page", 2)]


def test_what_counts_as_readable() -> None:
    assert all(readable(ch) for ch in "预算1.5%（一）“三公”≥①Ⅱ×°■")
    assert not any(readable(ch) for ch in "\ufffd\ue000Ãë\x07")


def test_glyphs_outside_the_page_are_counted() -> None:
    from yusuan.readers.pdf_layout import Glyph, PageContent
    from yusuan.readers.pdf_pages import _offpage

    def glyph(text: str, x: float, y: float) -> Glyph:
        return Glyph(text, x - 5, x + 5, y - 5, y + 5, y + 4, 10)

    inside = [glyph("预", 100, 100), glyph("算", 595, 842)]  # a centre on the edge is inside
    page = PageContent(1, 595, 842, inside)
    assert _offpage(page) == 0
    page.glyphs += [glyph("收", -20, 100), glyph("入", 300, 900), glyph("\ue000", 700, 100)]
    assert _offpage(page) == 2  # an unreadable glyph off the page is not hidden text


def test_pdfium_is_used_under_the_lock(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """pdfium is not thread-safe (two threads inside it crash the process): every page is extracted holding
    ``PDFIUM``, so a server's threads may read PDFs at once."""
    from yusuan.readers import pdf

    held = []
    extract = pdf.page_content

    def watched(page, number):  # type: ignore[no-untyped-def]
        held.append(pdf.PDFIUM._is_owned())  # type: ignore[attr-defined]
        return extract(page, number)

    monkeypatch.setattr(pdf, "page_content", watched)
    read(_pdf(tmp_path, f"<p>{PARAGRAPH}</p>{BREAK}<p>{OTHER}</p>"))
    assert held == [True, True]


def test_corpus_pdfs_read_from_threads_at_once() -> None:
    """Six corpus PDFs read by six threads of one process (without the lock this crashed with a segmentation
    fault every time). In a child process: a crash is its exit status, not the end of the test run."""
    import subprocess
    import sys

    from tests.labels import shared_dir

    pdfs = sorted((shared_dir() / "corpus-wide").glob("*/*.pdf"))[:6]
    if len(pdfs) < 6:
        pytest.skip("../shared/corpus-wide is not next to this checkout")
    script = ("import sys, threading\nfrom yusuan.readers import read\nout = []\n"
              "threads = [threading.Thread(target=lambda p=p: out.append(read(p).source.pages)) for p in sys.argv[1:]]\n"
              "[t.start() for t in threads]\n[t.join() for t in threads]\nprint(len(out))\n")
    done = subprocess.run([sys.executable, "-c", script, *map(str, pdfs)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "6"
