"""`yusuan extract` and `yusuan schema` as a user runs them: output, exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from yusuan.cli import main


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "yusuan", *args], capture_output=True, text=True, timeout=120)


def test_extract_seed_json(seed_path: Path) -> None:
    out = _run("extract", str(seed_path), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["year"] == 2021 and data["kind"] == "budget" and data["department"]["name"].endswith("人民政府办公室")
    s = data["summary"]
    assert (s["income_total"], s["expenditure_total"], s["basic"], s["project"]) == ("595.08", "595.08", "464.04",
                                                                                    "131.04")
    assert s["three_public"] == {"total": "23.98", "outbound": "0", "vehicle_purchase": "0",
                                 "vehicle_operation": "23.92", "reception": "0.06"}


def test_extract_yaml_to_file_and_read_back(seed_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "seed.yaml"
    assert main(["extract", str(seed_path), "--format", "yaml", "-o", str(target)]) == 0
    out = _run("extract", str(target), "--format", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["summary"]["income_total"] == "595.08"


def test_json_round_trip_through_cli(seed_path: Path, tmp_path: Path) -> None:
    first = tmp_path / "a.json"
    second = tmp_path / "b.json"
    assert main(["extract", str(seed_path), "-o", str(first)]) == 0
    assert main(["extract", str(first), "-o", str(second)]) == 0
    assert json.loads(first.read_text("utf-8")) == json.loads(second.read_text("utf-8"))


def test_schema_validates_output(seed_path: Path) -> None:
    import jsonschema

    schema = json.loads(_run("schema").stdout)
    data = json.loads(_run("extract", str(seed_path)).stdout)
    jsonschema.validate(data, schema)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "文件为空"),
        ("garbage.bin", bytes(range(256)) * 40, "二进制"),
        ("novel.txt", "从前有座山，山里有座庙。庙里有个老和尚在讲故事。\n".encode() * 20, "不是预算或决算公开文件"),
        ("broken.json", b'{"schema_version": "1", "year": ', "JSON 格式错误"),
        ("other.json", b'{"hello": 1}', "不是 yusuan 导出的模型文件"),
        ("fake.pdf", b"%PDF-1.4\n%garbage that is not a pdf", "PDF"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    out = _run("extract", str(path))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, out.stderr
    assert name in lines[0] and message in lines[0]


def test_missing_file() -> None:
    out = _run("extract", "/nonexistent/预算.txt")
    assert out.returncode == 2 and "文件不存在" in out.stderr and "/nonexistent/预算.txt" in out.stderr


def test_truncated_document_reads_what_it_can(seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_text(seed_text[: seed_text.index("表七：")], encoding="utf-8")
    out = _run("extract", str(path))
    # a part missing never stops a read (issue 11): the model is written, the gap said; check reports it
    assert out.returncode == 0
    assert "不完整" in out.stderr and "cut.txt" in out.stderr and "第三部分" in out.stderr
    data = json.loads(out.stdout)  # what could be read is still written
    assert data["summary"]["income_total"] == "595.08"
    assert {p["code"] for p in data["problems"]} >= {"missing-part", "missing-table"}


def test_usage_error_exit_code() -> None:
    out = _run("extract")
    assert out.returncode == 2


def test_help_in_chinese_and_english() -> None:
    out = _run("--help")
    assert out.returncode == 0 and "部门预算" in out.stdout and "read, check, render" in out.stdout
    version = _run("--version")
    assert version.returncode == 0 and version.stdout.startswith("yusuan ")


def test_a_document_in_two_files_is_extracted_as_check_takes_it(tmp_path: Path) -> None:
    """`yusuan extract 说明+表格` and `yusuan extract 说明 表格` read one document from both files; the
    narrative alone states its totals (from the text, not 0)."""
    from tests.labels import shared_dir

    corpus = shared_dir() / "corpus"
    text = corpus / "jiangsu_renda_changweihui_bangongting_2019_yusuan_text.pdf"
    tables = corpus / "jiangsu_renda_changweihui_bangongting_2019_yusuan_tables.pdf"
    if not text.exists():
        pytest.skip("../shared/corpus is absent")
    joined = _run("extract", f"{text}+{tables}")
    apart = _run("extract", str(text), str(tables))
    assert joined.returncode == apart.returncode == 0, joined.stderr + apart.stderr
    both = json.loads(joined.stdout)["summary"]
    assert both == json.loads(apart.stdout)["summary"] and both["sources"]["income_total"] == "table"
    alone = json.loads(_run("extract", str(text)).stdout)["summary"]
    assert alone["sources"] == {k: "narrative" for k in ("income_total", "expenditure_total", "basic", "project")}
    assert {k: alone[k] for k in alone["sources"]} == {"income_total": "18330.37", "expenditure_total": "18330.37",
                                                       "basic": "9312.9", "project": "6459.58"}
    assert both["basic"] == "9312.90"


def test_nothing_stated_is_null_not_zero() -> None:
    from yusuan.readers import read_string
    from yusuan.summary import summary

    d = read_string("某某局 2022 年部门预算公开\n\n第三部分 情况说明\n\n一、总体情况\n\n本年度共开展培训 3 次，接待来访 20 人次。\n")
    s = summary(d)
    assert [s[k] for k in ("income_total", "expenditure_total", "basic", "project")] == [None] * 4
