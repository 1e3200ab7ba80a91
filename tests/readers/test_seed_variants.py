"""Variants of the seed made by the tests: the reader must read this kind of document, not one file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from yusuan.readers import read, read_string
from yusuan.summary import summary


def _variant(text: str, old: str, new: str, count: int = 1) -> str:
    assert old in text, old
    return text.replace(old, new, count)


def _functional(d):  # type: ignore[no-untyped-def]
    return {e["code"]: e for e in summary(d)["functional"]}


def test_added_item_row(seed_text):  # type: ignore[no-untyped-def]
    row = "208\t05\t05\t机关事业单位基本养老保险缴费支出\t26.31\t26.31\t\n"
    new = "208\t05\t06\t机关事业单位职业年金缴费支出\t13.15\t13.15\t\n"
    text = seed_text.replace(row, row + new)
    d = read_string(text)
    lines = _functional(d)
    assert lines["2080506"]["total"] == "13.15" and lines["2080506"]["basic"] == "13.15"
    assert lines["2080506"]["name"] == "机关事业单位职业年金缴费支出"
    assert summary(d)["functional"][-1]["code"] == "2080506"


def test_removed_project(seed_text):  # type: ignore[no-untyped-def]
    row = "201\t03\t02\t一般行政管理事务（政府办公厅（室）及相关机构事务）\t包联工作经费\t20\t\t20"
    line = next(ln for ln in seed_text.splitlines() if ln.startswith(row))
    d = read_string(seed_text.replace(line + "\n", ""))
    names = [p["name"] for p in summary(d)["projects"]]
    assert "包联工作经费" not in names and len(names) == 5


def test_added_project(seed_text):  # type: ignore[no-untyped-def]
    row = "208\t02\t08\t基层政权建设和社区治理\t2021 年临时聘用人员经费\t4.29\t\t4.29"
    line = next(ln for ln in seed_text.splitlines() if ln.startswith(row))
    extra = line.replace("2021 年临时聘用人员经费", "社区治理培训经费").replace("4.29", "1.50")
    d = read_string(seed_text.replace(line, line + "\n" + extra))
    projects = summary(d)["projects"]
    assert projects[-1] == {"name": "社区治理培训经费", "function_code": "2080208", "amount": "1.50"}


def test_changed_amount(seed_text):  # type: ignore[no-untyped-def]
    text = _variant(seed_text, "201\t03\t01\t行政运行（政府办公厅（室）及相关机构事务）\t309.08\t309.08",
                    "201\t03\t01\t行政运行（政府办公厅（室）及相关机构事务）\t319.08\t319.08", count=-1)
    d = read_string(text)
    assert _functional(d)["2010301"]["total"] == "319.08"


def test_table_broken_by_page_number(seed_text):  # type: ignore[no-untyped-def]
    """A page break with a page number inside 表三 keeps one table."""
    anchor = "\t23\t\t民族事务\t12.39\t\t12.39\n"
    idx = seed_text.index(anchor, seed_text.index("部门（单位）支出总体情况表\n\n编制"))
    text = seed_text[:idx] + "\n12\n\n" + seed_text[idx:]
    d = read_string(text)
    assert summary(d) == summary(read_string(seed_text))


def test_table_moved_to_next_page_after_caption(seed_text):  # type: ignore[no-untyped-def]
    text = _variant(seed_text, "表五：\n\n一般公共预算支出情况表\n\n编制部门（单位）：水磨沟区人民政府办公室\n\n单位：万元\n",
                    "表五：\n\n一般公共预算支出情况表\n\n编制部门（单位）：水磨沟区人民政府办公室\n\n单位：万元\n\n- 7 -\n\n")
    d = read_string(text)
    assert d.views.general_budget is not None and d.views.general_budget.total.total.value == Decimal("595.08")


def test_tables_in_another_order(seed_text):  # type: ignore[no-untyped-def]
    """Tables are recognised by title, not by position: swap 表五 and 表六 blocks."""
    start5 = seed_text.index("表五：")
    start6 = seed_text.index("表六：")
    start7 = seed_text.index("表七：")
    text = seed_text[:start5] + seed_text[start6:start7] + seed_text[start5:start6] + seed_text[start7:]
    d = read_string(text)
    assert summary(d) == summary(read_string(seed_text))


def test_section_renumbered(seed_text):  # type: ignore[no-untyped-def]
    text = seed_text.replace("七、关于水磨沟区人民政府办公室 2021 年一般公共预算项目支出", "八、关于水磨沟区人民政府办公室 2021 年一般公共预算项目支出")
    text = text.replace("八、关于水磨沟区人民政府办公室 2021 年一般公共预算“三公”", "七、关于水磨沟区人民政府办公室 2021 年一般公共预算“三公”")
    d = read_string(text)
    base = read_string(seed_text)
    assert [(c.subject.kind, c.subject.key, c.value) for c in d.narrative.claims] == [
        (c.subject.kind, c.subject.key, c.value) for c in base.narrative.claims]


def test_numbered_table_captions(seed_text):  # type: ignore[no-untyped-def]
    text = seed_text
    for cn, n in (("一", 1), ("二", 2), ("三", 3), ("四", 4), ("五", 5), ("六", 6), ("七", 7), ("八", 8)):
        text = text.replace(f"表{cn}：\n", f"表{n}\n")
    d = read_string(text)
    assert [t.id for t in d.tables[:8]] == [f"表{n}" for n in range(1, 9)]
    assert summary(d) == summary(read_string(seed_text))


def test_second_subordinate_unit_staff(seed_text):  # type: ignore[no-untyped-def]
    old = "水磨沟区电子政务中心编制数10人，实有人数9人，其中：在职9人，增加5人；退休0人，增加0人；离休0人，增加0人。"
    new = old + "水磨沟区档案馆编制数5人，实有人数4人，其中：在职3人，减少1人；退休1人，增加1人；离休0人，增加0人。"
    d = read_string(_variant(seed_text, old, new))
    staff = {s.unit: s for s in d.profile.staff}
    archive = staff["水磨沟区档案馆"]
    assert (archive.authorized, archive.actual, archive.active, archive.active_change, archive.retired_change) == (
        5, 4, 3, -1, 1)


def test_different_change_wording(seed_text):  # type: ignore[no-untyped-def]
    text = _variant(seed_text, "比上年预算数减少4.3万元，下降110%", "较上年预算数减少4.30万元，降幅50.06%")
    d = read_string(text)
    claims = [c for c in d.narrative.claims if c.subject.key == "2080208"]
    assert [(c.kind.value, str(c.value), c.direction) for c in claims] == [
        ("amount", "4.29", None), ("change", "4.30", "decrease"), ("rate", "50.06", "decrease")]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_encodings(seed_path, seed_text, tmp_path, encoding):  # type: ignore[no-untyped-def]
    path = tmp_path / f"seed-{encoding}.txt"
    path.write_bytes(seed_text.replace("\n", "\r\n").encode(encoding))
    d = read(path)
    assert summary(d) == summary(read(seed_path))
    assert d.source.encoding == ("gb18030" if encoding == "gb18030" else "utf-8")


def test_full_width_digits_and_radicals(seed_text):  # type: ignore[no-untyped-def]
    text = _variant(seed_text, "收支总预算 595.08 万元", "收支总预算 ５９５．０８ 万元")
    text = _variant(text, "水磨沟区人民政府办公室编制数18人", "水磨沟区人民政府办公室编制数１８人")
    text = text.replace("一般公共服务支出", "一般公共服务⽀出")  # KANGXI RADICAL BRANCH looks like 支
    d = read_string(text)
    assert _functional(d)["201"]["name"] == "一般公共服务支出"
    assert d.narrative.claims[0].value == Decimal("595.08")
    assert d.profile.staff[0].authorized == 18
