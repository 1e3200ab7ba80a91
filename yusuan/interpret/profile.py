"""Part 1 (概况): duties, internal sections, budget units and staff."""

from __future__ import annotations

import re

from ..model import BudgetUnit, Paragraph, PrintedTable, Profile, StaffCount
from ..normalize import chinese_number, key
from .structure import Node

_ITEM = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|[一二三四五六七八九十]+、)\s*(.+)$")
_SECTIONS = re.compile(r"(?:下设|设有?)\s*(\d+|[一二三四五六七八九十]+)\s*个(?:内设)?(?:科室|处室|机构|部门|科|处)[^：:]*[：:]\s*(.+?)。")
_UNIT_COUNT = re.compile(r"下属\s*(\d+|[一二三四五六七八九十]+)\s*家(?:预算单位|事业单位|单位)")
_ADMIN = re.compile(r"行政单位\s*(\d+|[一二三四五六七八九十]+)\s*家")
_INST = re.compile(r"事业单位\s*(\d+|[一二三四五六七八九十]+)\s*家")
_SUBORDINATES = re.compile(r"(?:二级预算单位|下属单位|所属单位|下属事业单位)(?:包括|有|为)\s*[：:]?\s*(.+?)(?:。|$)")
_STAFF = re.compile(
    r"(?P<unit>[^。；，：]*?)编制(?:数)?\s*(?P<auth>\d+)\s*人[，,]\s*实有(?:人数)?\s*(?P<actual>\d+)\s*人"
    r"(?P<rest>[^。]*)"
)
_STATUS = re.compile(r"(?P<what>在职|退休|离休)\s*(?P<n>\d+)\s*人(?:[，,]\s*(?:(?P<dir>增加|减少)\s*(?P<d>\d+)\s*人"
                     r"|(?P<flat>与上年持平|持平)))?")


def _int(text: str) -> int | None:
    return chinese_number(text)


def read_profile(parts: list[Node], department: str, unit_tables: list[PrintedTable] | None = None) -> Profile:
    nodes = [n for p in parts if p.role == "profile" for n in p.walk()]
    if not nodes:
        return Profile(units=_table_units(unit_tables or [], department))
    paragraphs: list[Paragraph] = [para for n in nodes for para in n.paragraphs]
    functions: list[str] = []
    for node in nodes:
        if "职能" in node.title or "职责" in node.title:
            functions.extend(_numbered(node.paragraphs))
    if not functions:
        functions = _numbered(paragraphs)
    text = "".join(p.text for p in paragraphs)
    internal: list[str] = []
    m = _SECTIONS.search(text)
    if m:
        internal = [s.strip() for s in re.split(r"[、，,；]", m.group(2).replace("分别是", "")) if s.strip()]
    units = [BudgetUnit(name=department, role="self")] if department else []
    for m in _SUBORDINATES.finditer(text):
        for name in re.split(r"[、，,；]", m.group(1)):
            name = name.strip()
            if name and name not in {u.name for u in units} and len(name) < 40:
                units.append(BudgetUnit(name=name, role="subordinate"))
    for name in _listed_units(paragraphs) + [u.name for u in _table_units(unit_tables or [], department)]:
        if name and name not in {u.name for u in units} and not is_profile_unit(name, department):
            units.append(BudgetUnit(name=name, role="subordinate"))
    staff = [s for p in paragraphs for s in _staff(p)]
    return Profile(
        functions=functions,
        internal_sections=internal,
        units=units,
        unit_count=_int(m.group(1)) if (m := _UNIT_COUNT.search(text)) else None,
        admin_units=_int(m.group(1)) if (m := _ADMIN.search(text)) else None,
        institution_units=_int(m.group(1)) if (m := _INST.search(text)) else None,
        staff=staff,
        paragraphs=paragraphs,
    )


_LIST_HEAD = re.compile(r"具体包括|单位包括|预算单位(?:构成|包括)|纳入.*?(?:编制)?范围的(?:预算)?单位(?:包括|有)")
_UNIT_NAME = re.compile(r"^(?:下属(?:事业|行政)?单位|所属(?:事业|行政)?单位)?(.+?)(?:（?本部）?|（?本级）?)?"
                        r"(?:不单列预算|预算不单列|[，,。；]|$)")


def _listed_units(paragraphs: list[Paragraph]) -> list[str]:
    """Units listed one per numbered paragraph after "具体包括：" (Shanghai's 机构设置)."""
    names: list[str] = []
    listing = False
    for p in paragraphs:
        if _LIST_HEAD.search(p.text) and p.text.rstrip().endswith(("：", ":")):
            listing = True
            continue
        m = _ITEM.match(p.text) if listing else None
        if not m:
            listing = listing and not names
            continue
        n = _UNIT_NAME.match(m.group(1).strip())
        if n and 2 < len(n.group(1)) <= 40:
            names.append(n.group(1).strip())
    return names


def _table_units(tables: list[PrintedTable], department: str) -> list[BudgetUnit]:
    """Units of a 单位构成 table (序号 / 单位名称 / 备注)."""
    out: list[BudgetUnit] = []
    for table in tables:
        name_col = next((i for i, label in enumerate(table.columns) if "名称" in label), None)
        if name_col is None:
            continue
        for row in table.rows:
            name = re.sub(r"[（(]本级[)）]$", "", row.cell(name_col)).strip()
            if name:
                role = "self" if is_profile_unit(name, department) or "本级" in row.cell(name_col) else "subordinate"
                out.append(BudgetUnit(name=name, role=role))  # type: ignore[arg-type]
    return out


def _numbered(paragraphs: list[Paragraph]) -> list[str]:
    out = []
    for p in paragraphs:
        m = _ITEM.match(p.text)
        if m:
            out.append(m.group(1).strip())
    return out


def _staff(paragraph: Paragraph) -> list[StaffCount]:
    out = []
    for m in _STAFF.finditer(paragraph.text):
        unit = re.sub(r"^(?:其中|本部门|全部门)[：:，,]?", "", m.group("unit")).strip()
        counts: dict[str, int | None] = {}
        for s in _STATUS.finditer(m.group("rest")):
            field = {"在职": "active", "退休": "retired", "离休": "veteran_retired"}[s.group("what")]
            counts[field] = int(s.group("n"))
            if s.group("d") is not None:
                d = int(s.group("d"))
                counts[f"{field}_change"] = -d if s.group("dir") == "减少" else d
            elif s.group("flat"):
                counts[f"{field}_change"] = 0
        out.append(StaffCount(
            unit=unit, authorized=int(m.group("auth")), actual=int(m.group("actual")),
            source=paragraph.source.with_(sentence=m.group(0), span=(m.start(), m.end())), **counts,
        ))
    return out


def is_profile_unit(name: str, department: str) -> bool:
    return key(name) == key(department)
