"""``yusuan batch`` as a user types it: exit codes, one-line Chinese errors, the closing summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.cli import main


def test_batch_prints_a_summary_and_exits_by_fail_on(tmp_path: Path, make_docs,  # type: ignore[no-untyped-def]
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    make_docs(tmp_path / "in", 2)
    out = tmp_path / "out"
    code = main(["batch", str(tmp_path / "in"), "-o", str(out), "-q", "--workers", "2"])
    stdout = capsys.readouterr().out
    assert code == 1  # the seed has errors
    assert "共 2 份文件（本次处理 2 份，沿用上次结果 0 份" in stdout and "已检查 2 份" in stdout
    assert f"报告：{out / 'findings.json'}" in stdout
    assert main(["batch", str(tmp_path / "in"), "-o", str(out), "-q", "--fail-on", "never"]) == 0
    assert "沿用上次结果 2 份" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["batch", "{tmp}/missing", "-o", "{tmp}/out"], "路径不存在：{tmp}/missing"),
    (["batch", "{tmp}/nothing", "-o", "{tmp}/out"], "没有找到可读取的公开文件"),
    (["batch", "{tmp}/nothing", "-o", "{tmp}/out", "--select", "no-such-rule"], "未知的规则代码"),
    (["batch", "{tmp}/nothing", "-o", "{tmp}/out", "--dask-shared-files"], "只能与 --dask 一起使用"),
    (["batch", "{tmp}/nothing", "-o", "{tmp}/out", "--timeout", "-1"], "不能为负数"),
])
def test_usage_errors_are_one_chinese_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                           message: str) -> None:
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "README.md").write_text("not a disclosure")
    code = main([a.format(tmp=tmp_path) for a in args]) if "--timeout" not in args else _exit_code(args, tmp_path)
    err = capsys.readouterr().err
    assert code == 2
    assert message.format(tmp=tmp_path) in err and "Traceback" not in err


def _exit_code(args: list[str], tmp_path: Path) -> int:
    with pytest.raises(SystemExit) as exc:
        main([a.format(tmp=tmp_path) for a in args])
    return int(exc.value.code or 0)
