"""Project descriptions in the narrative (项目名称 / 设立的政策依据 / 预算安排规模 …) and the glossary."""

from __future__ import annotations

import re

from ..model import (
    Amount,
    GlossaryEntry,
    Paragraph,
    PerformanceTarget,
    ProjectDescription,
    SourceRef,
    Subsidy,
)
from ..numbers import parse_decimal
from .structure import Node

_PROJECT_START = re.compile(r"^(?:(\d+)[、.．]\s*)?项目名称\s*[：:]\s*(.+)$")
_FIELD = re.compile(r"^([^：:，。]{2,14})\s*[：:]\s*(.*)$")
_MONEY = re.compile(r"(-?\d+(?:,\d{3})*(?:\.\d+)?)\s*(万元|元)")
_PEOPLE = re.compile(r"(\d+)\s*(?:人|名)")

FIELD_MAP = {
    "设立的政策依据": "policy_basis", "政策依据": "policy_basis", "立项依据": "policy_basis",
    "预算安排规模": "amount", "预算安排": "amount", "项目金额": "amount", "安排规模": "amount",
    "项目承担单位": "undertaker", "承担单位": "undertaker", "实施主体": "undertaker",
    "资金分配情况": "allocation", "资金分配": "allocation",
    "资金执行时间": "period", "执行时间": "period", "实施周期": "period",
}
SUBSIDY_MAP = {
    "资金来源": "funding_source", "补贴人数": "people", "补助人数": "people", "补贴标准": "standard",
    "补助标准": "standard", "补贴范围": "scope", "补助范围": "scope", "补贴方式": "method", "补助方式": "method",
    "发放程序": "procedure", "受益人群和社会效益": "beneficiaries", "受益人群": "beneficiaries",
}


def money(text: str) -> Amount | None:
    m = _MONEY.search(text)
    if not m:
        return None
    value = parse_decimal(m.group(1))
    return Amount(value=value, unit=m.group(2)) if value is not None else None  # type: ignore[arg-type]


def read_projects(paragraphs: list[Paragraph]) -> list[ProjectDescription]:
    """Projects from a run of paragraphs; a project starts at "项目名称：" and ends at the next one."""
    projects: list[ProjectDescription] = []
    current: dict | None = None

    def close() -> None:
        if current is not None:
            projects.append(_build(current))

    for p in paragraphs:
        m = _PROJECT_START.match(p.text)
        if m:
            close()
            current = {"number": m.group(1) or "", "name": m.group(2).strip(), "fields": {}, "source": p.source}
            continue
        if current is None:
            continue
        f = _FIELD.match(p.text)
        if f:
            current["fields"][f.group(1).strip()] = f.group(2).strip()
        else:
            break_words = ("绩效", "三公", "机关运行")
            if any(w in p.text for w in break_words):
                close()
                current = None
    close()
    return projects


def _build(data: dict) -> ProjectDescription:
    fields: dict[str, str] = data["fields"]
    values: dict[str, object] = {}
    subsidy: dict[str, object] = {}
    for label, text in fields.items():
        name = FIELD_MAP.get(label)
        if name == "amount":
            values["amount"] = money(text)
            values["quarters"] = budget_plan(text)[1]
        elif name:
            values[name] = text
        sname = SUBSIDY_MAP.get(label)
        if sname == "people":
            m = _PEOPLE.search(text)
            subsidy["people"] = int(m.group(1)) if m else None
        elif sname == "standard":
            subsidy["standard"] = money(text)
            subsidy["standard_text"] = text
        elif sname:
            subsidy[sname] = text
    return ProjectDescription(
        number=data["number"], name=data["name"], fields=fields, source=data["source"],
        subsidy=Subsidy(**subsidy) if subsidy else None, **values,  # type: ignore[arg-type]
    )


_SECTION_FIELDS = {
    "立项依据": "policy_basis", "设立依据": "policy_basis", "政策依据": "policy_basis",
    "实施主体": "undertaker", "承担单位": "undertaker", "实施周期": "period", "执行时间": "period",
    "资金分配": "allocation", "年度预算安排": "amount", "预算安排": "amount",
}
_PROJECT_TITLE = re.compile(r"^(.*?)(?:项目)?(?:经费)?(?:情况)?说明$")


_QUARTER = re.compile(r"第([一二三四])季度[^，。；,;\d]{0,12}?(-?\d+(?:,\d{3})*(?:\.\d+)?)\s*(万元|元)")
_PLAN_TOTAL = re.compile(r"(?:合计|共计|总计|全年|年度预算|预算安排|安排)[^，。；,;\d]{0,12}?(-?\d+(?:,\d{3})*(?:\.\d+)?)\s*(万元|元)")


def budget_plan(text: str) -> tuple[Amount | None, list[Amount]]:
    """The amount of a 年度预算安排 and its quarters. A figure named 合计 / 全年 / 年度预算 is the amount; a
    single figure too; several without a total ("第一季度用款计划25.88万元，第二季度…", "信息化系统日常维护费
    166.66万元，中介机构服务费418.80万元…") are parts, and the amount is not stated (None)."""
    quarters = {"一二三四".index(q): Amount(value=parse_decimal(v), unit=u)  # type: ignore[arg-type]
                for q, v, u in _QUARTER.findall(text) if parse_decimal(v) is not None}
    listed = [quarters[i] for i in sorted(quarters)] if len(quarters) >= 2 else []
    total = _PLAN_TOTAL.search(_QUARTER.sub("", text) if listed else text)
    if total is not None and parse_decimal(total.group(1)) is not None:
        return Amount(value=parse_decimal(total.group(1)), unit=total.group(2)), listed  # type: ignore[arg-type]
    if listed or len(_MONEY.findall(text)) > 1:
        return None, listed
    return money(text), listed


def read_project_sections(nodes: list[Node]) -> list[ProjectDescription]:
    """Projects described one per section (Shanghai: "…项目经费情况说明" with 一、项目概述 二、立项依据 …).

    A section titled only "项目经费情况说明" gets the name "" here: ``name_from_targets`` gives it the
    name of the 绩效目标表 printed after it."""
    out = []
    for node in nodes:
        if node.role != "projects" or not node.children:
            continue
        fields = {child.title: "".join(p.text for p in child.paragraphs) for child in node.children}
        if not any(k in fields for k in _SECTION_FIELDS):
            continue
        m = _PROJECT_TITLE.match(node.title)
        name = (m.group(1) if m else node.title).strip()
        values: dict[str, object] = {}
        for title, text in fields.items():
            attribute = next((a for k, a in _SECTION_FIELDS.items() if k in title), None)
            if attribute == "amount":
                values["amount"], values["quarters"] = budget_plan(text)
            elif attribute and attribute not in values:
                values[attribute] = text
        out.append(ProjectDescription(number=node.number, name=name, fields=fields, source=node.source,
                                      **values))  # type: ignore[arg-type]
    return out


def _position(source: SourceRef) -> tuple[int, int]:
    return source.page or 0, source.line or 0


def name_from_targets(projects: list[ProjectDescription], targets: list[PerformanceTarget],
                      fallback: str = "项目经费情况说明") -> list[ProjectDescription]:
    """Unnamed project sections named after the 绩效目标表 printed next after them (before the next
    project section); ``fallback`` when none is."""
    out = []
    starts = sorted(_position(p.source) for p in projects)
    for p in projects:
        if p.name:
            out.append(p)
            continue
        here = _position(p.source)
        after = [s for s in starts if s > here]
        upto = after[0] if after else (10**9, 0)
        following = [t for t in targets if here < _position(t.source) < upto and t.project]
        name = min(following, key=lambda t: _position(t.source)).project if following else fallback
        out.append(p.model_copy(update={"name": name}))
    return out


_GLOSSARY = re.compile(r"^(?:([一二三四五六七八九十]+)[、.．]|[（(]([一二三四五六七八九十\d]+)[)）]|(\d+)[、.．])\s*([^：:]{1,30})[：:]\s*(.+)$")


def read_glossary(paragraphs: list[Paragraph]) -> list[GlossaryEntry]:
    entries: list[GlossaryEntry] = []
    for p in paragraphs:
        m = _GLOSSARY.match(p.text)
        if m:
            number = m.group(1) or m.group(2) or m.group(3) or ""
            entries.append(GlossaryEntry(number=number, term=m.group(4).strip(), definition=m.group(5).strip(),
                                         source=p.source))
        elif entries and not p.text.endswith("：") and len(p.text) > 8:
            last = entries[-1]
            entries[-1] = last.model_copy(update={"definition": last.definition + p.text})
    return entries

