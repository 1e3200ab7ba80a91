"""The check report: what the CLI prints, the web shows, batch stores and the tests compare.

A ``Report`` holds one entry per document (its path, kind, year, department and findings, or the
one-line reason it could not be read). ``to_json`` is the stable interface of DOMAIN.md (plus
``rule``, ``delta``, ``tolerance``, ``unit``, ``where``, ``compared`` and ``related`` per finding, ``counts`` per
document, and ``error`` for an unreadable one); ``to_text`` groups findings by part and table and
prints the offending row or sentence under each message; ``to_html`` is one self-contained page
with the document rendered and the offending cells and sentences highlighted and linked;
``flatten`` gives short tuples for tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .checks.finding import SEVERITY_NAMES, SEVERITY_ORDER, Finding
from .checks.locate import cell_of, paragraphs
from .model import Disclosure, SourceRef, TableKind


@dataclass
class DocumentReport:
    """The findings of one document, or why it could not be read."""

    path: str
    disclosure: Disclosure | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None

    @property
    def kind(self) -> str | None:
        return self.disclosure.kind if self.disclosure else None

    @property
    def year(self) -> int | None:
        return self.disclosure.year if self.disclosure else None

    @property
    def department(self) -> str | None:
        return self.disclosure.department.name if self.disclosure else None

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def ordered(self) -> list[tuple[str, list[Finding]]]:
        """Findings grouped by part and table (in document order), each group in reading order."""
        groups: dict[tuple[int, int, str], list[Finding]] = {}
        for f in self.findings:
            groups.setdefault(group_of(self.disclosure, f), []).append(f)
        out = []
        for k in sorted(groups):
            out.append((k[2], sorted(groups[k], key=_reading_order)))
        return out


def _reading_order(f: Finding) -> tuple[int, int, int, int]:
    """错误, 警告, 提示 in that order; each in the order of the document."""
    loc = f.location
    return (-SEVERITY_ORDER[f.severity], loc.page or 0, loc.line or 0, loc.span[0] if loc.span else 0)


def by_severity(findings: list[Finding]) -> list[Finding]:
    """错误 first, then 警告, then 提示; the order of the checks kept inside each (a stable sort)."""
    return sorted(findings, key=lambda f: -SEVERITY_ORDER.get(f.severity, 0))


_PART_WORDS = ((1, ("概况", "职能", "机构")), (3, ("说明",)), (5, ("名词",)))


def group_of(d: Disclosure | None, f: Finding) -> tuple[int, int, str]:
    """(part order, order inside the part, title) of the group a finding is printed in."""
    loc = f.location
    if loc.table:
        table = d.table(loc.table) if d is not None else None
        if table is not None and d is not None:
            index = d.tables.index(table)
            if table.kind == TableKind.PERFORMANCE:
                project = next((p.project for p in d.performance if p.table == table.id), table.title)
                return (4, index, f"项目支出绩效目标表 › {project}")
            return (2, index, f"第二部分 公开表 › {table.id} {table.title}".rstrip())
        return (2, 99, f"第二部分 公开表 › {loc.table}（未公开）")
    if loc.section and loc.section != "目录":
        parts = [p for p in loc.section.split(" / ") if p]
        head = parts[0]
        part = next((n for n, words in _PART_WORDS if any(w in head for w in words)), 3)
        if head.startswith("第") and "部分" in head and len(parts) > 1:
            part = next((n for n, words in _PART_WORDS if any(w in head for w in words)), 3)
            title = parts[1]
        else:
            title = head
        order = _section_order(d, title)
        from .checks.facts import section_name

        name = {1: "第一部分 概况", 3: "第三部分 情况说明", 5: "第四部分 名词解释"}[part]
        return (part, order, f"{name} › {section_name(title)}")
    if loc.section == "目录":
        return (0, 1, "目录")
    if f.rule.startswith("narrative_internal.staff") or (loc.sentence and d is not None and any(
            loc.sentence in p.text for p in d.profile.paragraphs)):
        return (1, 0, "第一部分 概况")
    return (0, 0, "全文")


def _section_order(d: Disclosure | None, title: str) -> int:
    if d is None:
        return 0
    for i, s in enumerate(d.narrative.all_sections()):
        if s.title and (s.title in title or title.endswith(s.title)):
            return i
    return 0


@dataclass
class Report:
    documents: list[DocumentReport] = field(default_factory=list)

    # ------------------------------------------------------------ summary

    @property
    def findings(self) -> list[Finding]:
        return [f for doc in self.documents for f in doc.findings]

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0, "unreadable": 0}
        for doc in self.documents:
            for k, v in doc.counts().items():
                out[k] += v
            out["unreadable"] += 1 if doc.error else 0
        return out

    def exit_code(self, fail_on: str = "error") -> int:
        """1 when a finding is at or above ``fail_on``; else 2 when a document could not be read; else 0."""
        if any(f.at_least(fail_on) for f in self.findings):
            return 1
        if any(doc.error for doc in self.documents):
            return 2
        return 0

    def flatten(self) -> list[tuple[str | None, str | None, str | None, str]]:
        """(table or section, row or figure, column, code) per finding, for tests."""
        out = []
        for f in self.findings:
            out.append(flat(f))
        return out

    # ------------------------------------------------------------ JSON

    def to_dict(self) -> dict[str, Any]:
        docs = []
        for doc in self.documents:
            entry: dict[str, Any] = {"path": doc.path, "kind": doc.kind, "year": doc.year,
                                     "department": doc.department,
                                     "findings": [finding_dict(f) for f in by_severity(doc.findings)]}
            if doc.error:
                entry["error"] = doc.error
            else:
                entry["counts"] = doc.counts()
            docs.append(entry)
        return {"documents": docs, "counts": self.counts()}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    # ------------------------------------------------------------ text

    def to_text(self, color: bool = False) -> str:
        paint = _Paint(color)
        out: list[str] = []
        for doc in self.documents:
            out.extend(_doc_text(doc, paint))
            out.append("")
        if len(self.documents) > 1:
            c = self.counts()
            out.append(paint.bold(f"共 {len(self.documents)} 个文件：错误 {c['error']} 项，警告 {c['warning']} 项，"
                                  f"提示 {c['info']} 项" + (f"，{c['unreadable']} 个文件无法读取" if c["unreadable"] else "")))
        return "\n".join(out).rstrip() + "\n"

    # ------------------------------------------------------------ HTML

    def to_html(self) -> str:
        from .report_html import render_html

        return render_html(self)


def finding_dict(f: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": f.code, "severity": f.severity, "message": f.message,
        "location": f.location.model_dump(mode="json"), "expected": f.expected, "actual": f.actual,
        "rule": f.rule, "delta": f.delta, "tolerance": f.tolerance, "unit": f.unit, "where": where_text(f.location),
    }
    if f.compared:
        data["compared"] = [r.model_dump(mode="json") for r in f.compared]
    if f.related:  # the findings that only follow from this one (checks/roots.py)
        data["related"] = [finding_dict(r) for r in f.related]
    return data


def where_text(loc: SourceRef) -> str:
    """The location in words: 表四，行“201”，列“合计”，第 185 行; or the section and the figure."""
    parts: list[str] = []
    if loc.table:
        parts.append(loc.table)
        if loc.row:
            parts.append(f"“{loc.row}”行")
        if loc.column:
            parts.append(f"“{loc.column}”列")
    elif loc.section:
        parts.append(loc.section.split(" / ")[-1])
        if loc.sentence and loc.span:
            parts.append(f"“{loc.sentence[loc.span[0]:loc.span[1]]}”")
    if loc.page is not None:
        parts.append(f"第 {loc.page} 页")
    if loc.line is not None:
        parts.append(f"第 {loc.line} 行")
    return "，".join(parts)


def flat(f: Finding) -> tuple[str | None, str | None, str | None, str]:
    from .checks.facts import section_name

    loc = f.location
    if loc.table:
        return (loc.table, loc.row, loc.column, f.code)
    section = section_name(loc.section) if loc.section else None
    figure = loc.sentence[loc.span[0]:loc.span[1]] if loc.sentence and loc.span else None
    return (section, figure, None, f.code)


# ---------------------------------------------------------------- text rendering


class _Paint:
    _CODES = {"error": "31;1", "warning": "33", "info": "2", "bold": "1", "mark": "7"}

    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, style: str, text: str) -> str:
        return f"\033[{self._CODES[style]}m{text}\033[0m" if self.on else text

    def bold(self, text: str) -> str:
        return self("bold", text)

    def mark(self, text: str) -> str:
        return self("mark", text) if self.on else f"「{text}」"


def _doc_text(doc: DocumentReport, paint: _Paint) -> list[str]:
    d = doc.disclosure
    if doc.error or d is None:
        return [paint.bold(f"══ {doc.path}"), paint("error", f"无法读取：{doc.error}")]
    kind = "预算" if d.kind == "budget" else "决算"
    title = f"{d.department.name or '（未识别部门）'} · {d.year or '？'} 年{'部门' if d.scope == 'department' else '单位'}{kind}"
    c = doc.counts()
    lines = [paint.bold(f"══ {title}"), f"文件：{doc.path}",
             f"结果：错误 {c['error']} 项，警告 {c['warning']} 项，提示 {c['info']} 项"
             + ("（未发现问题）" if not doc.findings else "")]
    paras = paragraphs(d)
    for group, findings in doc.ordered():
        lines.append("")
        lines.append(paint.bold(group))
        for f in findings:
            label = SEVERITY_NAMES[f.severity]
            lines.append(f"  {paint(f.severity, label)} [{f.code}] {f.message}")
            lines.extend(f"      {x}" for x in _evidence(d, paras, f, paint))
    return lines


def _evidence(d: Disclosure, paras: list[Any], f: Finding, paint: _Paint) -> list[str]:
    """The offending row (with the cell marked) or sentence (with the figure marked)."""
    loc = f.location
    page = f"第 {loc.page} 页" if loc.page is not None else ""
    where = page + (f"第 {loc.line} 行" if loc.line is not None else "")
    if loc.table:
        cell = cell_of(d, loc)
        if cell is None:
            return []
        row = cell.table.rows[cell.row]
        cells = list(row.cells)
        while cells and not cells[-1] and (cell.column is None or len(cells) - 1 > cell.column):
            cells.pop()
        marked = cell.column if cell.column is not None else cell.label
        shown = [paint.mark(c or "　") if i == marked else c for i, c in enumerate(cells)]
        line = f"{where}：" if where else ""
        return [line + " │ ".join(shown)]
    if loc.sentence:
        sentence = loc.sentence
        if loc.span:
            a, b = loc.span
            text = sentence[:a] + paint.mark(sentence[a:b]) + sentence[b:]
            if len(sentence) > 110:
                left = max(0, a - 45)
                right = min(len(sentence), b + 45)
                text = ("…" if left else "") + sentence[left:a] + paint.mark(sentence[a:b]) + sentence[b:right] + (
                    "…" if right < len(sentence) else "")
        else:
            text = sentence if len(sentence) <= 110 else sentence[:108] + "…"
        return [(f"{where}：" if where else "") + text]
    return []


def merge_reports(reports: Iterable[Report]) -> Report:
    return Report([doc for r in reports for doc in r.documents])
