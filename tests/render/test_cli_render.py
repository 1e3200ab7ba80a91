"""``yusuan render`` on a published document: correction mode, changes.html, a check-clean result."""

from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.checks import check
from yusuan.cli import main
from yusuan.readers import read


def test_render_seed_corrects_the_narrative(seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(seed_path), "-o", str(tmp_path), "--format", "html,txt"]) == 0
    changes = (tmp_path / "changes.html").read_text(encoding="utf-8")
    assert "110%" in changes and "50.06%" in changes  # the wrong rate and its correction
    assert "8.24%" in changes and "增加（减少）" in changes
    text = next(tmp_path.glob("*.txt"))
    rendered = read(text)
    assert [f for f in check(rendered) if f.severity == "error"] == []
    err = capsys.readouterr().err
    assert "检查结果：0 个错误" in err


def test_render_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    assert main(["render", str(bad), "-o", str(tmp_path / "out")]) == 2
    assert "x.pdf" in capsys.readouterr().err


def test_render_refuses_a_document_whose_tables_were_read_in_doubt(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Writing follows reading: no narrative is rewritten from a table whose figures do not bear out how it
    was read; one line names the table. With --force the published text is kept and the package says 未经核验."""
    from tests.checks.checkdoc import variant
    from tests.checks.test_confidence import _MISREAD_EXPENDITURE

    src = tmp_path / "misread.txt"
    src.write_text(variant(*_MISREAD_EXPENDITURE), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(src), "-o", str(out), "--format", "txt"]) == 2
    err = capsys.readouterr().err
    assert "未能可靠识别" in err and "表三" in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert not out.exists() or not any(out.iterdir())  # nothing half-written
    assert main(["render", str(src), "-o", str(out), "--format", "txt", "--force"]) == 0
    written = next(out.glob("*.txt")).read_text(encoding="utf-8")
    assert "未经核验" in written.split("目 录")[0]
    assert "某某区某某局2022年收入预算120.00万元" in written.replace(" ", "")  # the published words


def test_generated_text_never_states_a_share_above_100() -> None:
    from decimal import Decimal

    from yusuan.render.wording import share_clause

    assert share_clause(Decimal("50"), Decimal("200")) == "占25.00%"
    assert share_clause(Decimal("201"), Decimal("200")) == "" and share_clause(Decimal("-1"), Decimal("200")) == ""
