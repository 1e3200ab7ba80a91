"""`yusuan extract --stage` and `--overlay`: what each reading stage produced, seen in one command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yusuan.cli import main
from yusuan.readers import read


def _stage(capsys: pytest.CaptureFixture[str], path: Path, stage: str, *more: str) -> str:
    assert main(["extract", str(path), "--stage", stage, *more]) == 0
    return capsys.readouterr().out


def test_blocks_are_the_readers_output_before_any_meaning(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _stage(capsys, seed_path, "blocks")
    assert "段落：一、主要职能" in out or "段落：（一）" in out
    assert "表格" in out and "行" in out
    data = json.loads(_stage(capsys, seed_path, "blocks", "--format", "json"))
    assert {b["type"] for b in data} == {"text", "table"}
    assert all(b["where"].startswith("第") for b in data)


def test_tables_stage_shows_each_table_as_printed(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _stage(capsys, seed_path, "tables")
    seed = read(seed_path)
    for table in seed.tables:
        assert f"== {table.id} " in out
    data = json.loads(_stage(capsys, seed_path, "tables", "--format", "json"))
    expenditure = next(t for t in data if t["kind"] == "expenditure")
    assert expenditure["unit"] == "万元" and expenditure["rows"] and expenditure["columns"]


def test_roles_are_what_the_views_read_each_column_as(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_stage(capsys, seed_path, "roles", "--format", "json"))
    seed = read(seed_path)
    view = seed.views.expenditure
    assert view is not None
    entry = next(t for t in data if t["table"] == view.table)
    roles = {c["role"]: c["label"] for c in entry["columns"] if c["role"]}
    assert {"name", "total", "basic", "project"} <= set(roles)
    # the column the view took for 'basic' is the one its label names
    assert "基本支出" in roles["basic"]
    assert entry["identities"] and entry["identities"][0]["total"] == "total"
    overview = next(t for t in data if t["kind"] == "overview")
    assert overview["read_by"] == "rows" and not any(c["role"] for c in overview["columns"])
    text = _stage(capsys, seed_path, "roles")
    assert "→ basic" in text and "行恒等式" in text


def test_readings_and_views(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _stage(capsys, seed_path, "readings")
    assert "项勾稽成立" in out and "可信" in out
    views = json.loads(_stage(capsys, seed_path, "views"))
    assert views["expenditure"]["total"]["total"]["value"] == "595.08"


def test_a_workbook_or_json_has_no_blocks_and_says_so(seed_path: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "seed.json"
    assert main(["extract", str(seed_path), "-o", str(model)]) == 0
    out = _stage(capsys, model, "blocks")
    assert "没有文本块阶段" in out


def test_overlay_draws_the_tables_of_a_pdf_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import weasyprint
    from PIL import Image

    rows = "".join(f"<tr><td>20103{i:02d}</td><td>项目{i}</td><td>{i}.00</td><td>{i}.00</td><td></td></tr>"
                   for i in range(1, 6))
    html = ("<html><head><meta charset='utf-8'><style>body{font-family:'Noto Serif CJK SC'}"
            "td{border:0.5pt solid black;padding:2pt}table{border-collapse:collapse}</style></head><body>"
            "<p>表三：部门支出总体情况表</p><p>单位：万元</p><table><tr><td>科目编码</td><td>科目名称</td>"
            f"<td>合计</td><td>基本支出</td><td>项目支出</td></tr>{rows}"
            "<tr><td></td><td>合计</td><td>15.00</td><td>15.00</td><td></td></tr></table></body></html>")
    pdf = tmp_path / "one.pdf"
    pdf.write_bytes(weasyprint.HTML(string=html).write_pdf())
    out = tmp_path / "page.png"
    assert main(["extract", str(pdf), "--overlay", "1", "-o", str(out)]) == 0
    image = Image.open(out).convert("RGB")
    assert image.width > 500
    raw = image.tobytes()
    red = sum(1 for i in range(0, len(raw), 3) if raw[i] > 200 and raw[i + 1] < 60 and raw[i + 2] < 60)
    assert red > 500  # the table's outline is drawn
    assert main(["extract", str(pdf), "--overlay", "9", "-o", str(out)]) == 2
    assert "没有第 9 页" in capsys.readouterr().err


def test_overlay_is_for_pdf_only(seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(seed_path), "--overlay", "1", "-o", str(tmp_path / "x.png")]) == 2
    assert "只用于 PDF" in capsys.readouterr().err
