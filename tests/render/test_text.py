"""The text renderer: the seed's format, read back by the text reader with the same figures."""

from __future__ import annotations

from pathlib import Path

from render_helpers import assert_same_figures

from yusuan.model import TableKind
from yusuan.readers import read
from yusuan.render import render_text


def _round_trip(d, tmp_path: Path, **options):  # type: ignore[no-untyped-def]
    path = tmp_path / "out.txt"
    path.write_text(render_text(d, **options), encoding="utf-8")
    return read(path)


def test_seed_round_trip_keeps_every_figure(seed, tmp_path: Path) -> None:
    back = _round_trip(seed, tmp_path)
    assert_same_figures(seed, back)
    assert back.year == seed.year and back.department.name == seed.department.name and back.date == seed.date
    # the seed's eight numbered tables in order, then the 表九 it lists but does not print (written empty), then
    # its six performance-target tables
    numbered = [(t.id, t.kind) for t in seed.tables if t.id.startswith("表")]
    assert len(numbered) == 8
    assert [(t.id, t.kind) for t in back.tables[:9]] == [*numbered, ("表九", TableKind.GOV_FUND)]
    assert [t.kind for t in back.tables[9:]] == [t.kind for t in seed.tables[8:]] == [TableKind.PERFORMANCE] * 6


def test_seed_text_has_the_standard_layout(seed) -> None:
    text = render_text(seed)
    for caption in ("表一：", "表九：", "编制部门：水磨沟区人民政府办公室", "单位：万元", "第四部分 名词解释",
                    "项目支出绩效目标表"):
        assert caption in text
    assert "201\t03\t01\t行政运行" in text  # 类/款/项 in three columns
    assert text.count("项目支出绩效目标表") == 6


def test_rendered_seed_has_no_reading_problems(seed, tmp_path: Path) -> None:
    back = _round_trip(seed, tmp_path)
    assert back.problems == []  # the empty 表九 is published, the 三公 header is clean
    assert back.table("表九") is not None and back.table("表九").is_empty
