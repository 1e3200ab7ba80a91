"""A batch over the real corpus (skipped without ../shared/corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.corpus


def test_corpus_batch(corpus: Path, tmp_path: Path, batch) -> None:  # type: ignore[no-untyped-def]
    outcome = batch([corpus], timeout=300)
    docs = {Path(d.files[0]).name: d for d in outcome.documents}
    pdfs = sorted(p.name for p in corpus.glob("*.pdf"))
    # 13 files, the two Jiangsu documents published as narrative + tables read as one document each
    assert sorted(Path(f).name for d in outcome.documents for f in d.files) == pdfs
    assert len(outcome.documents) == len(pdfs) - 2
    paired = [[Path(f).name for f in d.files] for d in outcome.documents if len(d.files) > 1]
    assert paired == [["jiangsu_renda_changweihui_bangongting_2019_yusuan_text.pdf",
                       "jiangsu_renda_changweihui_bangongting_2019_yusuan_tables.pdf"],
                      ["jiangsu_zhengxie_bangongting_2019_yusuan_text.pdf",
                       "jiangsu_zhengxie_bangongting_2019_yusuan_tables.pdf"]]
    assert {name: d.status for name, d in docs.items() if d.status != "ok"} == {}
    kinds = {name: (d.meta or {}).get("kind") for name, d in docs.items()}
    assert sorted(n for n, k in kinds.items() if k == "final_accounts") == [
        "shanghai_putuo_caizhengju_2024_juesuan_dept.pdf", "shanghai_putuo_shehui_gongzuobu_2024_juesuan_dept.pdf"]
    assert docs["shanghai_putuo_shehui_fuliyuan_2024_yusuan_unit.pdf"].meta["scope"] == "unit"

    data = json.loads((outcome.outdir / "findings.json").read_text(encoding="utf-8"))
    assert len(data["documents"]) == len(outcome.documents)
    assert data["run"]["counts"]["error"] == outcome.counts()["error"] > 0
    page = (outcome.outdir / "summary.html").read_text(encoding="utf-8")
    assert "上海市普陀区财政局" in page

    again = batch([corpus])
    assert again.computed == 0 and again.reused == len(outcome.documents)
