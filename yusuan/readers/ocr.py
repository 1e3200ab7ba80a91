"""Scanned PDFs: pages without a text layer, read by OCR (Debian's tesseract with chi_sim), offline.

Without ``YUSUAN_OCR=1`` a scan is refused with one clear line (numbers read by OCR need a person to
check them). With it, each page is rendered with pypdfium2, tesseract gives the words and their
boxes (TSV), and the table borders are found in the image (long runs of dark pixels); the page then
goes through the same layout steps as a text PDF. Every block is marked ``SourceRef.ocr``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ..errors import ReadError
from ..numbers import parse_amount
from .pdf_layout import Glyph, PageContent, Rule

DPI = 300
LANG = "chi_sim"
_NO_TEXT = "PDF 没有文字层（可能是扫描件），无法读取文字"


def ocr_enabled() -> bool:
    return os.environ.get("YUSUAN_OCR", "").strip().lower() in ("1", "true", "yes", "on")


def ocr_pages(path: Path, data: bytes, pages: list[PageContent], unreadable: bool = False) -> list[PageContent]:
    """The pages read by OCR, or ReadError saying why the file cannot be read."""
    what = "PDF 的文字层无法识别（字体没有字符映射）" if unreadable else _NO_TEXT
    if not ocr_enabled():
        raise ReadError(str(path), f"{what}；如需光学字符识别（OCR），设置环境变量 YUSUAN_OCR=1 后重试，识别结果须人工核对")
    if shutil.which("tesseract") is None:
        raise ReadError(str(path), f"{what}；OCR 需要 tesseract（apt-get install tesseract-ocr tesseract-ocr-chi-sim）")
    from .pdf import PDFIUM, open_pdf

    with PDFIUM:
        return _ocr_pages(open_pdf(path, data), path)


def _ocr_pages(pdf: Any, path: Path) -> list[PageContent]:
    import pypdfium2 as pdfium

    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                out.append(ocr_page(page, i + 1))
            finally:
                page.close()
        return out
    except pdfium.PdfiumError as exc:
        raise ReadError(str(path), "PDF 文件已损坏，无法渲染页面进行 OCR") from exc
    finally:
        pdf.close()


def ocr_page(page: object, number: int) -> PageContent:
    width, height = page.get_size()  # type: ignore[attr-defined]
    scale = DPI / 72
    image = page.render(scale=scale).to_pil().convert("L")  # type: ignore[attr-defined]
    binary = image.point(lambda v: 0 if v < 160 else 255)
    runs, turned_runs = _line_runs(binary)
    rules = _rules(runs, turned_runs, 1 / scale)
    glyphs = _words(_without_lines(binary, runs, turned_runs), 1 / scale)
    return PageContent(number=number, width=width, height=height, glyphs=glyphs, rules=rules)


def _without_lines(binary: object, runs: list[tuple[int, int, int]], turned: list[tuple[int, int, int]]) -> object:
    """The page with its table borders painted white: tesseract reads borders as "|" and "_"."""
    from PIL import ImageDraw

    clean = binary.copy()  # type: ignore[attr-defined]
    draw = ImageDraw.Draw(clean)
    for y, a, b in runs:
        draw.line([(a, y), (b, y)], fill=255, width=3)
    for x, a, b in turned:
        draw.line([(x, a), (x, b)], fill=255, width=3)
    return clean


def _words(image: object, factor: float) -> list[Glyph]:
    """tesseract's words as glyphs (each word's box shared out among its characters)."""
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)  # type: ignore[attr-defined]
        result = subprocess.run(["tesseract", str(png), "-", "-l", LANG, "--psm", "6", "tsv"],
                                capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise ReadError("tesseract", f"OCR 失败（{result.stderr.strip()[:80]}）")
    glyphs: list[Glyph] = []
    for row in csv.DictReader(io.StringIO(result.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip().strip("|_")
        if row.get("level") != "5" or not text or float(row.get("conf") or -1) < 0:
            continue
        bare = text.strip("“”\"'‘’`,，")
        if bare and parse_amount(bare) is not None:
            text = bare  # a quote or comma stuck to a figure by the scan
        left, top = int(row["left"]) * factor, int(row["top"]) * factor
        w, h = int(row["width"]) * factor, int(row["height"]) * factor
        # one glyph per word: its characters stay in the order tesseract read them
        glyphs.append(Glyph(text, left, left + w, top, top + h, top + h * 0.85, max(h, 1.0)))
    return glyphs


def _runs(image: object, minimum: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every run of dark pixels at least ``minimum`` long, row by row."""
    width, height = image.size  # type: ignore[attr-defined]
    data = image.tobytes()  # type: ignore[attr-defined]
    pattern = re.compile(b"\x00{%d,}" % minimum)
    out = []
    for y in range(height):
        for m in pattern.finditer(data, y * width, (y + 1) * width):
            out.append((y, m.start() - y * width, m.end() - y * width))
    return out


def _line_runs(binary: object) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    from PIL import Image

    minimum = DPI // 4
    turned = binary.transpose(Image.Transpose.TRANSPOSE)  # type: ignore[attr-defined]
    return _runs(binary, minimum), _runs(turned, minimum)


def _rules(runs: list[tuple[int, int, int]], turned: list[tuple[int, int, int]], factor: float) -> list[Rule]:
    """Table borders: runs of dark pixels at least a quarter of an inch long."""
    rules = [Rule(a * factor, y * factor, b * factor, (y + 1) * factor) for y, a, b in runs]
    rules += [Rule(x * factor, a * factor, (x + 1) * factor, b * factor) for x, a, b in turned]
    return rules
