"""The PDF reader on small generated PDFs: page furniture, detached numbers, field codes, look-alike
characters, tables over pages, bad input and scans."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from yusuan.errors import ReadError
from yusuan.interpret.blocks import TableBlock, TextBlock
from yusuan.interpret.continuation import join_parts
from yusuan.readers import read
from yusuan.readers.pdf import read_pdf

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

PARAGRAPH = (
    "2021年本部门一般公共预算支出13.11%用于人员经费，比上年增加4.25万元，增长3.47%；公用经费94.02万元，"
    "占20.26%，比上年减少1.13万元，下降1.19%；项目支出131.04万元，占28.24%，主要原因是增加访惠聚工作经费。"
)


def _pdf(tmp_path: Path, body: str, name: str = "doc.pdf", page_css: str = "") -> Path:
    import weasyprint

    html = ("<html><head><meta charset='utf-8'><style>@page { size: A5; margin: 1.5cm;"
            " @bottom-center { content: counter(page); font-size: 10pt } " + page_css + "}"
            " body { font-family: 'Noto Serif CJK SC'; font-size: 11pt; text-align: justify }"
            " p { text-indent: 2em; margin: 0 }"
            " td { border: 0.5pt solid black; padding: 2pt } table { border-collapse: collapse }"
            "</style></head><body>" + body + "</body></html>")
    path = tmp_path / name
    path.write_bytes(weasyprint.HTML(string=html).write_pdf())
    return path


def _texts(path: Path) -> list[str]:
    return [b.text for b in read_pdf(path).blocks if isinstance(b, TextBlock)]


def test_page_numbers_never_enter_sentences(tmp_path):  # type: ignore[no-untyped-def]
    # eight paragraphs of figures over several pages, each page numbered at its foot
    path = _pdf(tmp_path, "".join(f"<p>{PARAGRAPH}</p>" for _ in range(8)))
    texts = _texts(path)
    assert len(read_pdf(path).info.model_dump()) and read_pdf(path).info.pages >= 2
    assert texts == [PARAGRAPH] * 8  # no "4" glued to "13.11%", no number cut from its "万元"


def test_paragraph_across_a_page_break_is_one_paragraph(tmp_path):  # type: ignore[no-untyped-def]
    filler = "".join(f"<p>第{i}段。</p>" for i in range(1, 18))
    path = _pdf(tmp_path, filler + f"<p>{PARAGRAPH * 3}</p>")
    assert _texts(path)[-1] == PARAGRAPH * 3


def test_word_field_codes_are_removed(tmp_path):  # type: ignore[no-untyped-def]
    body = "<p>一、主要职能 PAGEREF _Toc52816437 \\h 3</p><p>二、机构设置 HYPERLINK \\l \"_Toc52816438\" 4</p>"
    texts = _texts(_pdf(tmp_path, body))
    assert texts == ["一、主要职能3", "二、机构设置4"]  # the field results (page numbers) stay


def test_radical_lookalikes_and_full_width_forms(tmp_path):  # type: ignore[no-untyped-def]
    body = "<p>⼀般公共预算⽀出１２３．４５万元，⻓期项目。</p>"  # Kangxi/supplement radicals, full-width digits
    assert _texts(_pdf(tmp_path, body)) == ["一般公共预算支出123.45万元，长期项目。"]


def test_table_over_pages_with_repeated_header(tmp_path):  # type: ignore[no-untyped-def]
    rows = "".join(f"<tr><td>2010{i:03d}</td><td>项目{i}</td><td>{i}.50</td></tr>" for i in range(1, 61))
    body = ("<p>表五：一般公共预算支出情况表</p><table><thead><tr><td>科目编码</td><td>科目名称</td><td>合计</td>"
            f"</tr></thead><tbody>{rows}</tbody></table>")
    raw = read_pdf(_pdf(tmp_path, body))
    parts = [b for b in raw.blocks if isinstance(b, TableBlock)]
    # the reader gives a block per page, each later one with the columns it lies under …
    assert len(parts) >= 2 and raw.info.pages and raw.info.pages >= 2
    assert parts[0].continues is None and all(p.continues == [0, 1, 2] for p in parts[1:])
    # … and interpret joins them into one table
    tables = [b for b in join_parts(raw.blocks) if isinstance(b, TableBlock)]
    assert len(tables) == 1 and len(tables[0].parts) == len(parts) - 1
    assert tables[0].rows[0] == ["科目编码", "科目名称", "合计"]  # the header once, not on every page
    assert tables[0].rows[1:] == [[f"2010{i:03d}", f"项目{i}", f"{i}.50"] for i in range(1, 61)]
    assert tables[0].sources[-1].page and tables[0].sources[-1].page >= 2


def test_landscape_page_read_like_portrait(tmp_path):  # type: ignore[no-untyped-def]
    cells = "".join(f"<td>列{i}</td>" for i in range(12))
    figures = "".join(f"<td>{i}.00</td>" for i in range(12))
    path = _pdf(tmp_path, f"<table><tr>{cells}</tr><tr>{figures}</tr></table>", page_css="size: A4 landscape;")
    table = next(b for b in read_pdf(path).blocks if isinstance(b, TableBlock))
    assert table.rows == [[f"列{i}" for i in range(12)], [f"{i}.00" for i in range(12)]]


def test_broken_pdf(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage")
    with pytest.raises(ReadError, match="PDF 文件已损坏"):
        read(path)


def test_encrypted_pdf():  # type: ignore[no-untyped-def]
    with pytest.raises(ReadError, match="已加密"):
        read(FIXTURES / "encrypted.pdf")


def _scan(tmp_path: Path, source: Path, pages: tuple[int, ...]) -> Path:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(source)
    images = [pdf[i].render(scale=300 / 72).to_pil().convert("L") for i in pages]
    path = tmp_path / "scan.pdf"
    images[0].save(path, save_all=True, append_images=images[1:], resolution=300)
    return path


def test_scan_without_text_layer_is_refused_clearly(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("YUSUAN_OCR", raising=False)
    source = _pdf(tmp_path, f"<p>{PARAGRAPH}</p>", name="src.pdf")
    with pytest.raises(ReadError, match="没有文字层.*扫描件.*YUSUAN_OCR=1"):
        read(_scan(tmp_path, source, (0,)))


def test_cli_reports_a_scan_in_one_line(tmp_path):  # type: ignore[no-untyped-def]
    source = _pdf(tmp_path, f"<p>{PARAGRAPH}</p>", name="src.pdf")
    scan = _scan(tmp_path, source, (0,))
    env = {k: v for k, v in os.environ.items() if k != "YUSUAN_OCR"}
    result = subprocess.run([sys.executable, "-m", "yusuan", "extract", str(scan)], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "没有文字层" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_scan_read_by_ocr_is_marked(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    import shutil

    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    monkeypatch.setenv("YUSUAN_OCR", "1")
    rows = "".join(f"<tr><td>2010{i}</td><td>行政运行</td><td>{i}{i}.{i}5</td></tr>" for i in range(1, 6))
    source = _pdf(tmp_path, "<p>表五：一般公共预算支出情况表</p><table><tr><td>科目编码</td><td>科目名称</td>"
                            f"<td>合计</td></tr>{rows}</table>", name="src.pdf")
    raw = read_pdf(_scan(tmp_path, source, (0,)))
    table = next(b for b in raw.blocks if isinstance(b, TableBlock))
    assert [r[2] for r in table.rows[1:]] == [f"{i}{i}.{i}5" for i in range(1, 6)]
    assert all(s.ocr for s in table.sources) and all(b.source.ocr for b in raw.blocks)
    assert any(code == "ocr" for code, _, _ in raw.problems)


def test_borderless_table_over_pages(tmp_path):  # type: ignore[no-untyped-def]
    rows = "".join(f"<tr><td>2010{i:03d}</td><td>项目{i}</td><td>{i}.50</td><td>{i}.00</td><td>0.50</td></tr>"
                   for i in range(1, 41))
    body = ("<p>表三：部门支出总体情况表</p><p>单位：万元</p>"
            "<table style='width:100%'><tr><td>科目编码</td><td>科目名称</td><td>合计</td><td>基本支出</td>"
            f"<td>项目支出</td></tr>{rows}</table><p>注：本表为示例。</p>")
    path = _pdf(tmp_path, body.replace("<td>", "<td style='border:none;padding:2pt 8pt'>"))
    raw = read_pdf(path)
    parts = [b for b in raw.blocks if isinstance(b, TableBlock)]
    assert len(parts) >= 2 and all(p.continues is not None for p in parts[1:])
    tables = [b for b in join_parts(raw.blocks) if isinstance(b, TableBlock)]
    assert len(tables) == 1 and raw.info.pages and raw.info.pages >= 2
    assert tables[0].rows[0] == ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    assert tables[0].rows[1:] == [[f"2010{i:03d}", f"项目{i}", f"{i}.50", f"{i}.00", "0.50"] for i in range(1, 41)]
    d = read(path)
    assert d.tables[0].kind.value == "expenditure" and d.tables[0].notes == ["注：本表为示例。"]


def test_figure_pushed_to_the_next_line_stays_in_its_sentence(tmp_path):  # type: ignore[no-untyped-def]
    # the line breaks before the figure, short of the right margin (as in 万里街道 2023, p7)
    body = ("<p>机关事业单位基本养老保险缴费支出2022年当年预算执行数为274.85万元，比2022年当年预算执行数同口径"
            "相比增加<br>60.54%。主要原因是：机关事业单位基本养老保险缴费支出经费增加。</p><p>下一段。</p>")
    texts = _texts(_pdf(tmp_path, body))
    assert texts[0].endswith("同口径相比增加60.54%。主要原因是：机关事业单位基本养老保险缴费支出经费增加。")
    assert texts[1] == "下一段。"
