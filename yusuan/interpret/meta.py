"""Document metadata from the title page: department, year, kind, scope, region, date."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass

from ..normalize import key

_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_DEPT_LINE = re.compile(r"(?:预算主管部门|主管部门|部门名称|单位名称|预算单位|编制部门)(?:（单位）)?\s*[：:]\s*(.+)$")
_REGION = re.compile(
    r"^(?:中共|中国共产党)?((?:[^省市区县]{1,7}(?:省|自治区))?(?:[^省市区县]{1,7}?市)?(?:[^省市区县]{1,6}?(?:区|县|旗))?)"
)
_TITLE_TAIL = re.compile(r"(?:年度)?(?:区级|市级|县级|省级)?(?:部门|单位)?(?:（单位）|\(单位\))?(?:预算|决算)(?:公开|信息公开|说明)?.*$")
_LEADING_YEAR = re.compile(r"^\s*(?:20|19)\d{2}\s*年(?:度)?\s*")
_ORG_WORDS = ("人民政府", "委员会", "办公室", "局", "厅", "院", "中心", "街道", "部", "会", "所", "站", "馆", "园", "处", "队")


@dataclass
class Meta:
    title: str = ""
    department: str = ""
    region: str | None = None
    year: int | None = None
    kind: str = "budget"
    scope: str = "department"
    date: dt.date | None = None


def read_meta(title_lines: list[str], all_lines: list[str]) -> Meta:
    """Metadata from the lines before the table of contents (and the closing date line)."""
    meta = Meta()
    title = "".join(t for t in title_lines if not _DEPT_LINE.search(t))
    meta.title = title
    year = _YEAR.search(title) or next((m for t in all_lines[:40] if (m := _YEAR.search(t))), None)
    if year:
        meta.year = int(year.group(1))
    k = key(title + "".join(title_lines))
    meta.kind = "final_accounts" if "决算" in k else "budget"
    if re.search(r"单位(?:预算|决算)", k) and "部门(单位)" not in k and "部门预算" not in k:
        meta.scope = "unit"
    dept = next((m.group(1).strip() for t in title_lines if (m := _DEPT_LINE.search(t))), "")
    if not dept and title:
        head = title[: year.start()] if year and year.start() > 0 else _TITLE_TAIL.sub("", title)
        dept = head.strip(" ：:")
    dept = _LEADING_YEAR.sub("", dept)  # "2026年度无锡市信访局": the year is not part of the name
    meta.department = dept
    if re.search(r"[（(]本级[)）]$", dept) and "部门预算" not in k.replace("(单位)", ""):
        meta.scope = "unit"  # "某某局（本级）": the department's own unit, not the department with its units
    meta.region = region_of(dept) or region_of(_LEADING_YEAR.sub("", title))
    for text in reversed(all_lines[-8:]):
        m = _DATE.match(text.strip())
        if m:
            with contextlib.suppress(ValueError):
                meta.date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            break
    return meta


def with_department(meta: Meta, compilers: list[str]) -> Meta:
    """The department named by most tables (编制部门：…), when the title page did not name it."""
    names = [re.split(r"\s{2,}|单位[：:]", c)[0].strip(" ：:") for c in compilers if c]
    names = [n for n in names if 2 <= len(n) <= 40]
    if not names:
        return meta
    best = _LEADING_YEAR.sub("", max(set(names), key=names.count))
    meta.department = best
    meta.region = meta.region or region_of(best)
    return meta


def region_of(name: str) -> str | None:
    """"乌鲁木齐市水磨沟区人民政府办公室" → "乌鲁木齐市水磨沟区"; "江苏省人民检察院" → "江苏省"."""
    m = _REGION.match(name)
    if not m or not m.group(1):
        return None
    region = m.group(1)
    rest = name[m.end(1):]
    # "普陀区人民政府" is an organ, not part of the region name; keep only place names
    if not rest and any(w in region for w in _ORG_WORDS):
        return None
    return region
