"""Time against input size (issue 13): no reader or writer may be worse than linear.

Readers: text of 1, 2, 4 and 8 MB in three shapes — one long paragraph (the text reader was quadratic:
2 MB took 10 s, 50 MB did not finish in 4 minutes), one long table, and the seed document repeated —
and a PDF of 1×, 2×, 4× and 8× the pages of a corpus document. Writers: text, HTML, XLSX and DOCX of
the long-table model at ⅛, ¼, ½ and 1 MB, and its PDF at 1/32 to ¼ MB (about 30 to 100 pages).

For each series it prints the CPU seconds of this process (the machine is shared: wall time measures the
neighbours too), seconds per unit (MB or page), and the growth between consecutive sizes (×2.0 when
linear: the size doubles). A series whose time per unit grows by more than half from the smallest to the
largest size is marked ``SUPERLINEAR``. The wall time is printed beside it.

    .venv/bin/python benchmarks/scale.py                 # everything (several minutes on a busy machine)
    .venv/bin/python benchmarks/scale.py --only text     # text readers only
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT.parent / "shared" / "seed" / "shuimogou_zhengfu_bangongshi_2021_yusuan.txt"
CORPUS_PDF = ROOT.parent / "shared" / "corpus" / "shanghai_putuo_shangwuwei_2025_yusuan_dept.pdf"
MB = 1024 * 1024


WALL: list[float] = []


def _timed(func: Callable[[], object]) -> float:
    """CPU seconds of ``func`` (its wall seconds are kept in ``WALL``)."""
    gc.collect()
    start, wall = time.process_time(), time.perf_counter()
    func()
    WALL.append(time.perf_counter() - wall)
    return time.process_time() - start


def _series(name: str, unit: str, sizes: list[float], run: Callable[[float], float]) -> None:
    times = []
    for size in sizes:
        seconds = run(size)
        times.append(seconds)
        growth = f"×{seconds / times[-2]:4.1f}" if len(times) > 1 else "     "
        print(f"  {name:<34} {size:>6g} {unit:<5} {seconds:7.2f} s CPU  {seconds / size:7.3f} s/{unit}  {growth}"
              f"   ({WALL[-1]:.2f} s wall)", flush=True)
    first, last = times[0] / sizes[0], times[-1] / sizes[-1]
    print(f"  {'':<34} {'SUPERLINEAR' if last > 1.5 * first else 'linear'}: s/{unit} {first:.3f} → {last:.3f}")


def _text(shape: str, size: float) -> str:
    seed = SEED.read_text(encoding="utf-8")
    lines = seed.splitlines()
    target = int(size * MB)
    if shape == "paragraph":  # a paragraph whose lines all continue it: one block of `size` MB
        line = "这是一个没有句号结尾的很长的段落文字，每一行都接着上一行继续写下去"
        extra = [line] * (target // len(line.encode()))
    elif shape == "table":  # one table of many rows (an expenditure line repeated)
        row = next(x for x in lines if x.count("\t") >= 5 and "事业运行" in x)
        extra = [row] * (target // len(row.encode()))
    else:  # the whole seed again and again
        return "\n".join([seed] * max(1, target // len(seed.encode())))
    at = next(i for i, x in enumerate(lines) if "\t" in x and "事业运行" in x) if shape == "table" else len(lines) // 2
    return "\n".join(lines[:at] + extra + lines[at:])


def readers_text() -> None:
    from yusuan.readers import read_string

    print("text reader (read_string: blocks + interpretation)")
    for shape in ("paragraph", "table", "seed repeated"):
        _series(shape, "MB", [1, 2, 4, 8], lambda size, shape=shape: _timed(lambda: read_string(_text(shape, size))))


def _pdf_pages(times: int) -> bytes:
    import io

    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(CORPUS_PDF.read_bytes())
    out = pdfium.PdfDocument.new()
    for _ in range(times):
        out.import_pages(source)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def readers_pdf() -> None:
    import pypdfium2 as pdfium

    from yusuan.readers import read_raw

    pages = len(pdfium.PdfDocument(CORPUS_PDF.read_bytes()))
    print(f"PDF reader (read_raw: the pages into blocks) — {CORPUS_PDF.name}, {pages} pages repeated")
    _series("pages", "page", [pages * k for k in (1, 2, 4, 8)],
            lambda n: _timed(lambda: read_raw("bench.pdf", _pdf_pages(int(n) // pages))))


def writers() -> None:
    import yusuan.render as render
    from yusuan.readers import read_string

    print("writers (the long-table model)")
    models = {size: read_string(_text("table", size)) for size in (0.125, 0.25, 0.5, 1)}
    for fmt in ("text", "html", "xlsx", "docx"):
        func = getattr(render, f"render_{fmt}")
        _series(fmt, "MB", list(models), lambda size, func=func: _timed(lambda: func(models[size])))
    print("PDF writer (the long-table model; the PDF's pages in brackets; after one warm-up)")
    import pypdfium2 as pdfium

    render.render_pdf(read_string(_text("table", 1 / 64)))  # fonts and WeasyPrint loaded once
    small = {size: read_string(_text("table", size)) for size in (1 / 32, 1 / 16, 1 / 8, 1 / 4)}
    pages: dict[float, int] = {}

    def pdf(size: float) -> float:
        out: list[bytes] = []
        seconds = _timed(lambda: out.append(render.render_pdf(small[size])))
        pages[size] = len(pdfium.PdfDocument(out[0]))
        print(f"  {'':<34} ({pages[size]} pages)")
        return seconds

    _series("pdf", "MB", list(small), pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=("text", "pdf", "writers"))
    args = parser.parse_args()
    print(f"machine load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.only in (None, "text"):
        readers_text()
    if args.only in (None, "pdf") and CORPUS_PDF.exists():
        readers_pdf()
    if args.only in (None, "writers"):
        writers()


if __name__ == "__main__":
    main()
