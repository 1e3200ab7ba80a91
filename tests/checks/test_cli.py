"""``yusuan check`` and ``yusuan rules`` as a user runs them (in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from checkdoc import BASE, T, variant

from yusuan.cli import main


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_clean_document_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", _write(tmp_path, "a.txt", BASE)]) == 0
    assert "未发现问题" in capsys.readouterr().out


def test_errors_exit_1_and_json_has_the_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _write(tmp_path, "b.txt", variant((f"4.00{T}{T}3.00", f"5.00{T}{T}3.00")))
    assert main(["check", bad, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["documents"][0]["path"] == bad
    assert any(f["code"] == "three-public-sum" for f in data["documents"][0]["findings"])


def test_fail_on_warning(tmp_path: Path) -> None:
    text = variant(("主要原因是工资调整。", "主要原因是工资调整。。"))  # a warning only
    path = _write(tmp_path, "w.txt", text)
    assert main(["check", path]) == 0
    assert main(["check", path, "--fail-on", "warning"]) == 1


def test_unreadable_single_file_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing.pdf")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "文件不存在" in err[0] and "Traceback" not in err[0]


def test_several_paths_one_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(tmp_path, "a.txt", BASE)
    assert main(["check", good, str(tmp_path / "gone.txt"), "--format", "json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert [("error" in d) for d in data["documents"]] == [False, True]


def test_select_ignore_and_unknown_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _write(tmp_path, "b.txt", variant((f"4.00{T}{T}3.00", f"5.00{T}{T}3.00")))
    assert main(["check", bad, "--ignore", "three-public-sum,narrative-amount,parts-sum"]) == 0
    assert main(["check", bad, "--select", "arithmetic"]) == 1
    assert main(["check", bad, "--select", "nonsense"]) == 2
    assert "未知的规则代码" in capsys.readouterr().err


def test_prior_and_output_file(tmp_path: Path) -> None:
    this = _write(tmp_path, "2022.txt", BASE)
    last = _write(tmp_path, "2021.txt", BASE.replace("2022", "2021"))
    out = tmp_path / "report.html"
    assert main(["check", this, "--prior", last, "--format", "html", "-o", str(out)]) == 1
    assert "prior-figure" in out.read_text(encoding="utf-8")
    assert main(["check", this, "--prior", str(tmp_path / "none.txt")]) == 2


def test_rules_lists_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "row-sum" in out and "change-sum" in out and "prior-figure" in out
