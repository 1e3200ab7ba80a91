"""Document metadata from the title page (interpret/meta.py)."""

from __future__ import annotations

import pytest

from yusuan.interpret.meta import read_meta


@pytest.mark.parametrize(("title", "department", "region", "year", "scope"), [
    # the year printed before the name is not part of it (the portal would list a new department each year)
    (["2026年度无锡市信访局部门预算"], "无锡市信访局", "无锡市", 2026, "department"),
    (["2026年广州市司法局部门预算"], "广州市司法局", "广州市", 2026, "department"),
    (["2026年中国共产党广州市委员会宣传部部门预算"], "中国共产党广州市委员会宣传部", "广州市", 2026, "department"),
    # "（本级）": the department's own unit
    (["2026年度无锡市交通运输局（本级）预算"], "无锡市交通运输局（本级）", "无锡市", 2026, "unit"),
    (["乌鲁木齐市水磨沟区人民政府办公室 2021 年", "部门预算公开"], "乌鲁木齐市水磨沟区人民政府办公室", "乌鲁木齐市水磨沟区",
     2021, "department"),
])
def test_department_region_year_and_scope(title: list[str], department: str, region: str, year: int,
                                          scope: str) -> None:
    meta = read_meta(title, title)
    assert (meta.department, meta.region, meta.year, meta.scope) == (department, region, year, scope)
