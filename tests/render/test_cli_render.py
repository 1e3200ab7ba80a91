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
