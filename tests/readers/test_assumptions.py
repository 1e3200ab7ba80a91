"""Nothing the reader assumes is silent (issue 15): units assumed or converted, a second table of a kind,
a stage that fails — each is a read problem from one catalogue, and the document is still read."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.checks.checkdoc import BASE, T, variant
from yusuan.checks import check
from yusuan.model.problems import PROBLEMS
from yusuan.readers import read_string

EXPENDITURE_UNIT = "部门支出总体情况表\n\n编制部门：某某区某某局\n\n单位：万元"


def _codes(text: str) -> list[str]:
    return [p.code for p in read_string(text, "mini.txt").problems]


def test_the_base_document_assumes_nothing() -> None:
    assert not {"unit-assumed", "unit-converted", "duplicate-table", "stage-failed"} & set(_codes(BASE))


def test_a_table_without_a_unit_takes_the_unit_its_totals_agree_with_and_says_so() -> None:
    d = read_string(variant((EXPENDITURE_UNIT, "部门支出总体情况表\n\n编制部门：某某区某某局")), "mini.txt")
    said = [p for p in d.problems if p.code == "unit-assumed"]
    assert len(said) == 1 and "表三" in said[0].message and "万元" in said[0].message
    assert d.table("表三").unit == "万元" and d.views.expenditure.total.total.value == Decimal("120.00")


def test_a_table_in_yuan_without_a_unit_line_is_read_in_yuan() -> None:
    # every figure of 表三 written in 元, and no unit line: its total equals the others' in 元, not in 万元
    text = variant((EXPENDITURE_UNIT, "部门支出总体情况表\n\n编制部门：某某区某某局"))
    head, rest = text.split("表三：\n\n部门支出总体情况表", 1)
    table, tail = rest.split("表四：", 1)
    table = table.replace("100.00", "1000000").replace("60.00", "600000").replace("40.00", "400000") \
        .replace("20.00", "200000").replace("120.00", "1200000").replace("80.00", "800000")
    d = read_string(head + "表三：\n\n部门支出总体情况表" + table + "表四：" + tail, "mini.txt")
    assert d.table("表三").unit == "元" and d.views.expenditure.total.total.wan == Decimal("120")
    assert any(p.code == "unit-assumed" and "元" in p.message for p in d.problems)


def test_a_table_in_thousands_is_read_as_yuan_times_1000() -> None:
    text = variant((EXPENDITURE_UNIT, EXPENDITURE_UNIT.replace("万元", "千元")))
    head, rest = text.split("表三：\n\n部门支出总体情况表", 1)
    table, tail = rest.split("表四：", 1)
    table = table.replace("100.00", "1000.0").replace("60.00", "600.0").replace("40.00", "400.0") \
        .replace("20.00", "200.0").replace("120.00", "1200.0").replace("80.00", "800.0")
    d = read_string(head + "表三：\n\n部门支出总体情况表" + table + "表四：" + tail, "mini.txt")
    assert d.views.expenditure.total.total.value == Decimal("1200000") and d.views.expenditure.unit == "元"
    assert any(p.code == "unit-converted" for p in d.problems)
    assert not [f for f in check(d) if f.severity == "error" and f.location.table == "表三"]


def test_a_second_table_of_a_kind_is_kept_and_said() -> None:
    second = ("\n\n表三（二）：\n\n部门支出总体情况表\n\n编制部门：某某区某某局\n\n单位：万元\n\n"
              f"功能分类科目编码{T}{T}{T}功能分类科目名称{T}合 计{T}基本支出{T}项目支出\n"
              f"201{T}{T}{T}一般公共服务支出{T}1.00{T}1.00{T}\n{T}{T}{T}合 计{T}1.00{T}1.00{T}\n\n表四：")
    d = read_string(BASE.replace("\n\n表四：", second, 1), "mini.txt")
    kinds = [t.kind.value for t in d.tables].count("expenditure")
    said = [p for p in d.problems if p.code == "duplicate-table"]
    assert kinds == 2 and len(said) == 1 and "表三" in said[0].message
    assert d.views.expenditure.total.total.value == Decimal("120.00")  # the first is the one checked


def test_a_stage_that_fails_loses_only_its_part(monkeypatch: pytest.MonkeyPatch) -> None:
    from yusuan.interpret import assemble

    def broken(*_args: object) -> object:
        raise ValueError("boom")

    monkeypatch.setattr(assemble, "read_glossary", broken)
    d = read_string(BASE, "mini.txt")
    failed = [p for p in d.problems if p.code == "stage-failed"]
    assert len(failed) == 1 and "名词解释" in failed[0].message and "ValueError: boom" in failed[0].message
    assert d.glossary == [] and d.views.expenditure is not None and d.narrative.claims  # the rest is read


def test_a_table_whose_view_fails_is_said_and_the_others_are_built(monkeypatch: pytest.MonkeyPatch) -> None:
    from yusuan.interpret import views

    def broken(*_args: object) -> object:
        raise KeyError("x")

    monkeypatch.setattr(views, "build_economic", broken)
    d = read_string(BASE, "mini.txt")
    assert d.views.general_basic is None and d.views.expenditure is not None
    assert any(p.code == "stage-failed" and "表六" in p.message for p in d.problems)


def test_every_problem_code_is_in_the_catalogue(seed) -> None:  # type: ignore[no-untyped-def]
    codes = {p.code for p in seed.problems} | set(_codes(BASE))
    assert codes <= set(PROBLEMS)


def test_a_failed_stage_logs_its_traceback_only_with_debug(tmp_path: Path) -> None:
    # a process whose glossary stage raises: the read goes on, the terminal gets no traceback, --debug has it
    script = tmp_path / "run.py"
    script.write_text(
        "import sys\n"
        "from yusuan.interpret import assemble\n"
        "def broken(*a):\n    raise ValueError('boom')\n"
        "assemble.read_glossary = broken\n"
        "from yusuan.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n", encoding="utf-8")
    doc = tmp_path / "mini.txt"
    doc.write_text(BASE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    quiet = subprocess.run([sys.executable, str(script), "extract", str(doc), "-o", str(tmp_path / "a.json")],
                           capture_output=True, text=True, env=env, timeout=120)
    assert quiet.returncode == 0 and "Traceback" not in quiet.stderr
    assert "stage-failed" in (tmp_path / "a.json").read_text(encoding="utf-8")
    loud = subprocess.run([sys.executable, str(script), "--debug", "extract", str(doc), "-o", str(tmp_path / "b.json")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert loud.returncode == 0 and "Traceback" in loud.stderr and "ValueError: boom" in loud.stderr
