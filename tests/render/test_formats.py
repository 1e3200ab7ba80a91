"""Each format read back by ``yusuan.readers.read``: the same summary and the same claims."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from render_helpers import claim_keys

from yusuan.generate import generate
from yusuan.readers import read
from yusuan.render.docx import render_docx
from yusuan.render.html import render_html
from yusuan.render.xlsx import render_xlsx
from yusuan.summary import summary


@pytest.fixture(scope="module")
def seed_pdf(seed, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    from yusuan.render.pdf import render_pdf

    path = tmp_path_factory.mktemp("pdf") / "seed.pdf"
    path.write_bytes(render_pdf(seed))
    return path


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_seed_round_trip(seed, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"seed.{fmt}"
    path.write_bytes(render_docx(seed) if fmt == "docx" else render_xlsx(seed))
    back = read(path)
    assert summary(back) == summary(seed)
    assert claim_keys(back) == claim_keys(seed)
    assert len(back.performance) == len(seed.performance) and len(back.projects) == len(seed.projects)


@pytest.mark.parametrize("seed_number", [1])
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_generated_round_trip(tmp_path: Path, fmt: str, seed_number: int) -> None:
    d = generate(seed_number, projects=3)
    path = tmp_path / f"g.{fmt}"
    path.write_bytes(render_docx(d) if fmt == "docx" else render_xlsx(d))
    back = read(path)
    assert summary(back) == summary(d)
    assert claim_keys(back) == claim_keys(d)


def test_pdf_round_trip(seed, seed_pdf: Path) -> None:  # type: ignore[no-untyped-def]
    back = read(seed_pdf)
    assert summary(back) == summary(seed)
    assert claim_keys(back) == claim_keys(seed)  # every claim, in order


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdf_fonts_are_embedded(seed_pdf: Path) -> None:
    out = subprocess.run(["pdffonts", str(seed_pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert any("Noto-Serif-CJK" in r[0] for r in rows) and any("Noto-Sans-CJK" in r[0] for r in rows)
    assert all(r[-5] == "yes" for r in rows), out  # the "emb" column


def test_pdf_has_landscape_pages_for_wide_tables(seed_pdf: Path) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils not installed")
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "60", str(seed_pdf)], capture_output=True, text=True).stdout
    sizes = re.findall(r"size:\s+([\d.]+) x ([\d.]+)", out)
    assert any(float(w) > float(h) for w, h in sizes) and any(float(w) < float(h) for w, h in sizes)


def _docx_xml(data: bytes) -> str:
    return zipfile.ZipFile(__import__("io").BytesIO(data)).read("word/document.xml").decode("utf-8")


def test_docx_structure(seed) -> None:  # type: ignore[no-untyped-def]
    data = render_docx(seed)
    xml = _docx_xml(data)
    assert xml.count("<w:tbl>") + xml.count("<w:tbl ") == 9 + len(seed.performance)  # real Word tables
    assert "<w:tblHeader/>" in xml  # header rows repeat on every page
    assert 'w:orient="landscape"' in xml  # landscape sections for wide tables
    assert "<w:noWrap/>" in xml  # amounts never wrap
    styles = zipfile.ZipFile(__import__("io").BytesIO(data)).read("word/styles.xml").decode("utf-8")
    assert 'w:eastAsia="宋体"' in styles and 'w:eastAsia="黑体"' in styles
    footer = "".join(zipfile.ZipFile(__import__("io").BytesIO(data)).read(n).decode("utf-8")
                     for n in zipfile.ZipFile(__import__("io").BytesIO(data)).namelist() if "footer" in n)
    assert "PAGE" in footer  # page numbers
    assert 'w:w="11906"' in xml and 'w:h="16838"' in xml  # A4


def test_xlsx_formulas_carry_their_values(seed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    path = tmp_path / "seed.xlsx"
    path.write_bytes(render_xlsx(seed))
    formulas = load_workbook(path)["表三"]
    values = load_workbook(path, data_only=True)["表三"]
    found = 0
    for row in formulas.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("=SUM"):
                found += 1
                assert values[cell.coordinate].value is not None, cell.coordinate
    assert found >= 10
    assert formulas.freeze_panes == "A6"


def test_html_is_self_contained_and_accessible(seed) -> None:  # type: ignore[no-untyped-def]
    html = render_html(seed)
    assert '<html lang="zh-CN">' in html and "<link" not in html and "src=" not in html
    assert html.count("<thead>") == 9 and 'scope="col"' in html and "aria-labelledby" in html
    assert "&gt; *" not in html  # the stylesheet is not escaped


def test_generated_pdf_round_trip(tmp_path: Path) -> None:
    from yusuan.render.pdf import render_pdf

    d = generate(7)
    path = tmp_path / "g.pdf"
    path.write_bytes(render_pdf(d))
    back = read(path)
    assert summary(back) == summary(d)
    assert claim_keys(back) == claim_keys(d)
