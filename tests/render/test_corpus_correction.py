"""Correction mode on real documents of other layouts: the rewritten package brings no error of its own.

Jiangsu (12 tables, 单位预留机动经费, tables in a second file) and Shanghai (tables in 元, 决算 with
年初结转和结余) are written in the standard layout; read back and checked, the package may keep the
document's own mistakes (a 决算's narrative is kept as published) but must add none.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.checks import check
from yusuan.cli import main
from yusuan.readers import read

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

DOCUMENTS = [
    "jiangsu_jianchayuan_2019_yusuan.pdf",
    "jiangsu_zhengxie_bangongting_2019_yusuan_text.pdf+jiangsu_zhengxie_bangongting_2019_yusuan_tables.pdf",
    "shanghai_putuo_caizhengju_2024_juesuan_dept.pdf",
    "shanghai_putuo_shehui_fuliyuan_2024_yusuan_unit.pdf",
    "shanghai_putuo_shehui_gongzuobu_2024_juesuan_dept.pdf",
    "shanghai_putuo_wanli_jiedao_2023_yusuan_dept.pdf",
]


def _errors(d) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.code for f in check(d) if f.severity == "error"}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_corrected_package_adds_no_error(corpus: Path, tmp_path: Path, name: str) -> None:
    paths = [corpus / part for part in name.split("+")]
    before = _errors(read(*paths))
    assert main(["render", "+".join(str(p) for p in paths), "-o", str(tmp_path), "--format", "txt"]) == 0
    [text] = tmp_path.glob("*.txt")
    after = _errors(read(text))
    assert after <= before, sorted(after - before)


def test_pdf_of_a_document_in_yuan_reads_back_the_same(corpus: Path, tmp_path: Path) -> None:
    """Shanghai prints 元: 8-digit amounts need wider columns than the grid proposes, or they run into
    the next cell of the PDF (and read back as other figures)."""
    from yusuan.render.package import render_package
    from yusuan.summary import summary

    d = read(corpus / "shanghai_putuo_zhengfu_bangongshi_2025_yusuan_dept.pdf")
    render_package(d, tmp_path, ["txt", "pdf"])
    [text], [pdf] = tmp_path.glob("*.txt"), tmp_path.glob("*.pdf")
    from_text, from_pdf = read(text), read(pdf)
    assert summary(from_pdf) == summary(from_text)
    assert _errors(from_pdf) <= _errors(from_text)
    fiscal = from_pdf.views.fiscal_overview
    assert fiscal is not None and fiscal.income_total is not None and str(fiscal.income_total.value) == "91016775.35"
