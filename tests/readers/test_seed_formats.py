"""The seed in every format read back to the same summary (and the same narrative claims) as its text.

PDFs are generated in the test: WeasyPrint from HTML (table headers repeated on every page, tables
broken across pages), LibreOffice from a DOCX (landscape, rows cut by page breaks), and the
WeasyPrint PDF with its pages rotated (/Rotate 90); the DOCX and the XLSX are read directly.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.labels import load_checked
from yusuan.readers import read
from yusuan.summary import summary

from . import seedgen

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "seed_summary.json"


def _claims(d) -> list[tuple[str, str | None, str]]:  # type: ignore[no-untyped-def]
    return [(c.subject.kind, c.subject.key, str(c.value)) for c in d.narrative.claims]


@pytest.fixture(scope="module")
def raw(seed_path: Path):  # type: ignore[no-untyped-def]
    return seedgen.seed_blocks(seed_path)


@pytest.fixture(scope="module")
def golden() -> dict:  # type: ignore[type-arg]
    return load_checked(GOLDEN)  # the seed's figures, checked by hand


@pytest.fixture(scope="module")
def weasy_pdf(raw, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    import weasyprint

    path = tmp_path_factory.mktemp("weasy") / "seed.pdf"
    path.write_bytes(weasyprint.HTML(string=seedgen.seed_html(raw)).write_pdf())
    return path


@pytest.fixture(scope="module")
def docx_file(raw, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("docx") / "seed.docx"
    path.write_bytes(seedgen.seed_docx(raw))
    return path


def _same_as_text(d, seed, golden) -> None:  # type: ignore[no-untyped-def]
    assert summary(d) == golden
    assert _claims(d) == _claims(seed)
    assert [t.kind for t in d.tables] == [t.kind for t in seed.tables]
    assert (d.year, d.department.name, d.date) == (seed.year, seed.department.name, seed.date)
    assert [p.name for p in d.projects] == [p.name for p in seed.projects]


@pytest.mark.slow
def test_weasyprint_pdf(weasy_pdf, seed, golden):  # type: ignore[no-untyped-def]
    d = read(weasy_pdf)
    _same_as_text(d, seed, golden)
    assert d.source.format == "pdf" and d.source.pages and d.source.pages > 10


@pytest.mark.slow
def test_weasyprint_pdf_rotated_pages(weasy_pdf, seed, golden, tmp_path):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(weasy_pdf.read_bytes())
    for i in range(len(pdf)):
        pdf[i].set_rotation(90 if i % 2 else 270)  # shown landscape, read in the text's own direction
    buffer = io.BytesIO()
    pdf.save(buffer)
    path = tmp_path / "rotated.pdf"
    path.write_bytes(buffer.getvalue())
    _same_as_text(read(path), seed, golden)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="libreoffice is not installed")
def test_libreoffice_pdf(docx_file, seed, golden, tmp_path):  # type: ignore[no-untyped-def]
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_file)],
                   check=True, capture_output=True, timeout=180)
    _same_as_text(read(tmp_path / "seed.pdf"), seed, golden)


def test_docx(docx_file, seed, golden):  # type: ignore[no-untyped-def]
    d = read(docx_file)
    _same_as_text(d, seed, golden)
    assert d.source.format == "docx"


def test_xlsx(raw, seed, golden, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "seed.xlsx"
    path.write_bytes(seedgen.seed_xlsx(raw))
    d = read(path)
    assert summary(d) == golden  # a workbook holds the tables only
    assert [t.kind for t in d.tables] == [t.kind for t in seed.tables]
    assert d.tables[0].unit == "万元" and d.tables[0].compiler == "水磨沟区人民政府办公室"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="libreoffice is not installed")
def test_libreoffice_pdf_of_a_generated_budget(tmp_path):  # type: ignore[no-untyped-def]
    """A generated budget written as DOCX and printed by LibreOffice: its empty 表九 ("注：本表无数据") and
    the “三公” table sit under their titles with "编制部门：…" printed just below, which is not part of the title."""
    from yusuan.checks import check
    from yusuan.generate import generate
    from yusuan.render import render_docx

    d = generate(0)
    (tmp_path / "g0.docx").write_bytes(render_docx(d))
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "g0.docx")],
                   check=True, capture_output=True, timeout=180)
    got = read(tmp_path / "g0.pdf")
    assert summary(got) == summary(d)
    assert [(t.id, t.title) for t in got.tables if t.number in (8, 9)] == [
        ("表八", "一般公共预算“三公”经费支出情况表"), ("表九", "政府性基金预算支出情况表")]
    assert [f.code for f in check(got) if f.severity == "error"] == []
