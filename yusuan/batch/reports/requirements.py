"""The requirements a reviewer checks each document against, and which findings speak to which.

The table and explanation requirements (2.x, 3.x) are read from the packaged
``catalog/data/disclosure_requirements.md`` with their sources; the accuracy requirements come from
its 1.4/1.5 (全面、真实、完整; 内容准确、形式规范), split by rule family so that a reviewer sees
*which* kind of accuracy failed. A 决算 document is held to the national 9-table 决算 set instead of
the 预算 tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ...normalize import key


@dataclass(frozen=True)
class Requirement:
    id: str
    title: str
    basis: str  # where the requirement comes from
    keywords: tuple[str, ...] = ()  # how a completeness finding names it
    families: tuple[str, ...] = ()  # rule families whose findings speak to it
    kinds: tuple[str, ...] = ("budget", "final_accounts")


READABLE = Requirement("0", "文件可以读取并完整检查", "yusuan 批量检查", families=("engine", "batch"))

_TABLE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "2.1": ("收支总体情况表", "收支总表", "表一"),
    "2.2": ("收入总体情况表", "收入总表", "表二"),
    "2.3": ("支出总体情况表", "支出总表", "表三"),
    "2.4": ("财政拨款收支总体情况表", "财政拨款收支", "表四"),
    "2.5": ("一般公共预算支出情况表", "一般公共预算支出表", "表五"),
    "2.6": ("一般公共预算基本支出情况表", "基本支出情况表", "基本支出表", "表六"),
    "2.7": ("三公", "表八"),
    "2.8": ("政府性基金预算支出情况表", "政府性基金", "表九"),
    "2.9": ("国有资本经营预算支出", "国有资本经营"),
    "2.10": ("一般公共预算项目支出", "项目支出情况表", "项目支出表", "表七"),
    "2.11": ("绩效目标表", "绩效目标"),
}
# the reference document words these in English and Chinese; the review sheet needs them in Chinese
_SECTION_TITLES: dict[str, str] = {
    "3.1": "本部门职责、机构设置情况",
    "3.2": "预算收支增减变化及原因",
    "3.3": "机关运行经费安排情况",
    "3.4": "“三公”经费预算（因公出国（境）费、公务用车购置及运行费、公务接待费）及增减变化原因",
    "3.5": "政府采购预算（总额及货物、工程、服务）",
    "3.6": "国有资产占用情况",
    "3.7": "重点项目预算绩效目标",
    "3.8": "名词解释",
}
_SECTION_KEYWORDS: dict[str, tuple[str, ...]] = {
    "3.1": ("主要职能", "职责", "机构设置", "概况", "人员情况"),
    "3.2": ("增减变化", "比上年", "收支预算情况", "总体说明", "情况说明"),
    "3.3": ("机关运行经费",),
    "3.4": ("三公",),
    "3.5": ("政府采购",),
    "3.6": ("国有资产",),
    "3.7": ("绩效",),
    "3.8": ("名词解释",),
}

_FINAL_TABLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("F.1", "收入支出决算总表", ("收入支出决算总表", "收支决算总表")),
    ("F.2", "收入决算表", ("收入决算表",)),
    ("F.3", "支出决算表", ("支出决算表",)),
    ("F.4", "财政拨款收入支出决算总表", ("财政拨款收入支出决算总表", "财政拨款收支决算")),
    ("F.5", "一般公共预算财政拨款支出决算表", ("一般公共预算财政拨款支出决算表",)),
    ("F.6", "一般公共预算财政拨款基本支出决算表", ("基本支出决算表",)),
    ("F.7", "一般公共预算财政拨款“三公”经费支出决算表", ("三公",)),
    ("F.8", "政府性基金预算财政拨款收入支出决算表", ("政府性基金",)),
    ("F.9", "国有资本经营预算财政拨款支出决算表", ("国有资本经营",)),
)

_ACCURACY: tuple[Requirement, ...] = (
    Requirement("A.1", "表内数据平衡（类=Σ款=Σ项，合计=Σ各列）", "1.5 内容准确", families=("arithmetic",)),
    Requirement("A.2", "表间数据一致（同一数在各表相同）", "1.5 内容准确", families=("cross_table",)),
    Requirement("A.3", "情况说明与表格一致（金额、占比、增减）", "1.5 内容准确",
                families=("narrative", "narrative_internal")),
    Requirement("A.4", "项目、项目说明与绩效目标表一致", "1.5 内容准确；3.7 绩效目标", families=("projects",)),
    Requirement("A.5", "科目编码与名称规范（功能分类到项级、经济分类到款级）", "2 Level of detail（P13）",
                families=("codes",)),
    Requirement("A.6", "文字规范（无模板残留、无残句、部门/单位用语一致）", "1.5 形式规范", families=("text",)),
    Requirement("A.7", "跨年度与部门/单位数据一致", "1.4 真实、完整", families=("across",)),
)


@lru_cache(maxsize=1)
def _reference_rows() -> dict[str, tuple[str, str]]:
    """{"2.1": (title, basis)} from the packaged requirements document."""
    text = resources.files("yusuan.catalog").joinpath("data/disclosure_requirements.md").read_text(encoding="utf-8")
    rows: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        m = re.match(r"^\|\s*([23]\.\d+)\s*\|\s*(.+?)\s*\|\s*(.+?)\s*\|", line)
        if m:
            title = re.sub(r"\*\*|\s*\(.*?\)$", "", m.group(2)).strip()
            rows[m.group(1)] = (title, _basis(m.group(1), m.group(3)))
    return rows


def _basis(number: str, cell: str) -> str:
    if number.startswith("2."):
        return f"disclosure_requirements.md {number}（财预〔2016〕143号及各地公开目录）"
    sources = ", ".join(dict.fromkeys(re.findall(r"P\d+|预算法", cell))) or "disclosure_requirements.md"
    return f"disclosure_requirements.md {number}（{sources}）"


@lru_cache(maxsize=2)
def requirements(kind: str = "budget") -> tuple[Requirement, ...]:
    """Every requirement for a document of this kind, in the order of the review sheet."""
    rows = _reference_rows()
    out: list[Requirement] = [READABLE]
    if kind == "final_accounts":
        out += [Requirement(rid, title, "全国统一决算公开表（9 张，实务）", kw, ("completeness",))
                for rid, title, kw in _FINAL_TABLES]
    else:
        out += [Requirement(rid, rows.get(rid, (rid, ""))[0], rows.get(rid, ("", ""))[1], kw, ("completeness",))
                for rid, kw in _TABLE_KEYWORDS.items()]
    out += [Requirement(rid, _SECTION_TITLES[rid], rows.get(rid, ("", ""))[1], kw, ("completeness",))
            for rid, kw in _SECTION_KEYWORDS.items()]
    out += list(_ACCURACY)
    out.append(Requirement("C", "其他完整性要求（空表说明等）", "2 Empty tables", families=("completeness",)))
    out.append(Requirement("Z", "其他检查发现", "yusuan 检查规则"))
    return tuple(out)


def family_of(finding: dict[str, Any]) -> str:
    """The rule family of a finding: from the rule's name ("arithmetic.tree_sums"), else the registry."""
    code = finding.get("code") or ""
    if code.startswith("document-"):
        return "batch"
    if code == "internal-error":
        return "engine"
    head = (finding.get("rule") or "").split(".", 1)[0]
    if head == "batch":
        return "across" if code.startswith("cross-") else "batch"
    if head:
        return head
    try:
        from ...checks.registry import CODES
    except ImportError:
        return ""
    return CODES[code].family if code in CODES else ""


def requirement_of(finding: dict[str, Any], kind: str = "budget") -> Requirement:
    """The requirement a finding speaks to."""
    family = family_of(finding)
    reqs = requirements(kind)
    if family in ("engine", "batch"):
        return READABLE
    if family == "completeness":
        return _completeness(finding, reqs)
    return next((r for r in reqs if family in r.families and r.id.startswith("A.")), reqs[-1])


def _completeness(finding: dict[str, Any], reqs: tuple[Requirement, ...]) -> Requirement:
    location = finding.get("location") or {}
    table_text = key(" ".join(str(location.get(k) or "") for k in ("table",)))
    section_text = key(str(location.get("section") or ""))
    message = key(finding.get("message") or "")
    tables = [r for r in reqs if r.id.startswith(("2.", "F."))]
    sections = [r for r in reqs if r.id.startswith("3.")]
    for text, group in ((table_text, tables), (section_text, sections), (message, tables + sections)):
        if not text:
            continue
        best = _best(text, group)
        if best is not None:
            return best
    return next(r for r in reqs if r.id == "C")


def _best(text: str, group: list[Requirement]) -> Requirement | None:
    """The requirement whose keyword appears in the text, the longest keyword winning."""
    hits = [(len(kw), -i, r) for i, r in enumerate(group) for kw in r.keywords if key(kw) in text]
    return max(hits, key=lambda h: (h[0], h[1]))[2] if hits else None
