"""PDF reading: yusuan's reader against pdfplumber's extract_tables, same files, same run.

Speed: pages per second over every PDF of ../shared/corpus, for yusuan's whole reader (text and
tables of every page, ``read_pdf``) and for pdfplumber opening the file and calling
``extract_tables()`` page by page (tables only). Accuracy: the share of hand-verified table cells
(tests/fixtures/pdf_cells.json, read off the page images) that each tool reproduces exactly, row by
row in order. Prints the figures and their ratios; run it from the repository root:

    .venv/bin/pip install -e '.[bench]'     # pdfplumber: the baseline, not a dependency of yusuan
    .venv/bin/python benchmarks/pdf.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CELLS = ROOT / "tests" / "fixtures" / "pdf_cells.json"


def _norm(text: str | None) -> str:
    from yusuan.normalize import clean

    return "".join(clean((text or "").replace("\n", "")).split())


def _rows(tables: list[list[list[str | None]]]) -> list[list[str]]:
    out = []
    for table in tables:
        for row in table:
            cells = [_norm(c) for c in row if c]
            cells = [c for c in cells if c]
            if cells:
                out.append(cells)
    return out


def _lcs(a: list[str], b: list[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def cell_score(expected: list[list[str]], got: list[list[str]]) -> tuple[int, int]:
    """(cells reproduced, cells expected): each expected row against the next rows read, in order."""
    found = 0
    pointer = 0
    for row in expected:
        want = [_norm(c) for c in row]
        best, best_at = 0, None
        for j in range(pointer, min(len(got), pointer + 8)):
            score = _lcs(want, got[j])
            if score > best:
                best, best_at = score, j
        if best_at is not None:
            found += best
            pointer = best_at + 1
    return found, sum(len(r) for r in expected)


def yusuan_page_rows(path: Path, page: int) -> list[list[str]]:
    import pypdfium2 as pdfium

    from yusuan.readers.pdf import page_tables
    from yusuan.readers.pdf_layout import page_content

    pdf = pdfium.PdfDocument(path)
    try:
        return _rows(page_tables(page_content(pdf[page - 1], page)))  # type: ignore[arg-type]
    finally:
        pdf.close()


def plumber_page_rows(path: Path, page: int) -> list[list[str]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return _rows(pdf.pages[page - 1].extract_tables())


def accuracy() -> dict[str, tuple[int, int]]:
    spec = json.loads(CELLS.read_text(encoding="utf-8"))
    totals = {"yusuan": [0, 0], "pdfplumber": [0, 0]}
    for table in spec["tables"]:
        path = CORPUS / table["file"]
        for name, reader in (("yusuan", yusuan_page_rows), ("pdfplumber", plumber_page_rows)):
            found, expected = cell_score(table["rows"], reader(path, table["page"]))
            totals[name][0] += found
            totals[name][1] += expected
    return {k: (v[0], v[1]) for k, v in totals.items()}


def time_yusuan(files: list[Path]) -> tuple[float, float]:
    """(wall, CPU) seconds to read every file with yusuan's reader."""
    from yusuan.readers.pdf import read_pdf

    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        read_pdf(path, path.read_bytes())
    return time.perf_counter() - start, time.process_time() - cpu


def time_plumber(files: list[Path]) -> tuple[float, float]:
    """(wall, CPU) seconds for pdfplumber's extract_tables on every page of every file."""
    import pdfplumber

    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per tool (the median is kept)")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"{CORPUS} is absent: nothing to measure")
        return 0
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        print("pdfplumber (the baseline) is not installed: .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2
    warnings.filterwarnings("ignore")
    files = sorted(CORPUS.glob("*.pdf"))
    import pypdfium2 as pdfium

    pages = sum(len(pdfium.PdfDocument(p)) for p in files)
    time_yusuan(files[:1])  # warm imports and caches for both
    yusuan_runs = [time_yusuan(files) for _ in range(args.repeat)]
    plumber_runs = [time_plumber(files) for _ in range(args.repeat)]
    ty, tp = (statistics.median(r[0] for r in runs) for runs in (yusuan_runs, plumber_runs))
    cy, cp = (statistics.median(r[1] for r in runs) for runs in (yusuan_runs, plumber_runs))
    acc = accuracy()
    print(f"files: {len(files)}, pages: {pages}, timing runs: {args.repeat} (median)")
    print(f"yusuan read_pdf (text + tables):    wall {ty:7.3f} s  {pages / ty:7.1f} pages/s   CPU {cy:7.3f} s")
    print(f"pdfplumber extract_tables (tables): wall {tp:7.3f} s  {pages / tp:7.1f} pages/s   CPU {cp:7.3f} s")
    print(f"speed ratio yusuan / pdfplumber:    wall {tp / ty:6.2f}x                      CPU {cp / cy:6.2f}x")
    for name, (found, expected) in acc.items():
        print(f"cell accuracy {name:11}             {found}/{expected} = {found / expected:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
