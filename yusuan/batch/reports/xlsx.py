"""``review.xlsx``: the reviewers' sheet — one row per document per requirement (符合 / 不符合 /
无法判断, the problem, where), then the departments ranked, the list of every finding, and a note on
how the sheet was made. Written in openpyxl's streaming mode, so tens of thousands of documents fit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ..results import STATUS_NAMES, BatchOutcome, DocumentResult
from .common import generated_at, rank_departments, rule_title, severity_name, version, where
from .files import CSV_COLUMNS, csv_rows, safe_text
from .requirements import READABLE, Requirement, requirement_of, requirements

COMPLIANT, NONCOMPLIANT, UNKNOWN = "符合", "不符合", "无法判断"
REVIEW_COLUMNS = (("序号", 6), ("部门", 30), ("年度", 7), ("类型", 10), ("文件", 36), ("要求编号", 8),
                  ("审查要求", 34), ("依据", 30), ("结论", 9), ("问题", 70), ("位置", 40), ("错误", 6), ("警告", 6))
MAX_LISTED = 12  # problems listed in one cell; the rest are in 问题清单
MAX_ROWS = 1_048_575  # Excel's limit below the header

_FILLS = {COMPLIANT: PatternFill("solid", fgColor="E2F0D9"), NONCOMPLIANT: PatternFill("solid", fgColor="F8D7D3"),
          UNKNOWN: PatternFill("solid", fgColor="E7E6E6")}
_HEADER_FILL = PatternFill("solid", fgColor="1F3B5A")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_WRAP = Alignment(wrap_text=True, vertical="top")


def review_rows(doc: DocumentResult) -> list[dict[str, Any]]:
    """The review rows of one document: every requirement with its conclusion and problems."""
    kind = (doc.meta or {}).get("kind") or "budget"
    by_req: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in doc.all_findings:
        by_req[requirement_of(f, kind).id].append(f)
    rows = []
    for req in requirements(kind):
        found = sorted(by_req.get(req.id, []), key=lambda f: {"error": 0, "warning": 1}.get(f["severity"], 2))
        shown = [f for f in found if f["severity"] in ("error", "warning")]
        rows.append({"requirement": req, "conclusion": _conclusion(doc, req, found), "findings": shown,
                     "errors": sum(1 for f in found if f["severity"] == "error"),
                     "warnings": sum(1 for f in found if f["severity"] == "warning")})
    return rows


def _conclusion(doc: DocumentResult, req: Requirement, found: list[dict[str, Any]]) -> str:
    if doc.status != "ok" and req is not READABLE:
        return UNKNOWN
    return NONCOMPLIANT if any(f["severity"] == "error" for f in found) else COMPLIANT


def _problems(findings: list[dict[str, Any]]) -> tuple[str, str]:
    lines, places = [], []
    for f in findings[:MAX_LISTED]:
        mark = "" if f["severity"] == "error" else "【警告】"
        lines.append(f"{mark}{f.get('message') or rule_title(f['code'])}")
        places.append(where(f.get("location")) or "—")
    if len(findings) > MAX_LISTED:
        lines.append(f"……另有 {len(findings) - MAX_LISTED} 条，见“问题清单”")
    return "\n".join(lines), "\n".join(places)


def write_xlsx(outcome: BatchOutcome, target: Path) -> None:
    wb = Workbook(write_only=True)
    _review_sheet(wb.create_sheet("审查表"), outcome)
    _ranking_sheet(wb.create_sheet("部门汇总"), outcome)
    _findings_sheet(wb.create_sheet("问题清单"), outcome)
    _about_sheet(wb.create_sheet("说明"), outcome)
    wb.save(target)


def _header(ws: WriteOnlyWorksheet, columns: Iterable[tuple[str, int]]) -> None:
    columns = list(columns)
    for i, (_, width) in enumerate(columns):
        ws.column_dimensions[_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, name, font=_HEADER_FONT, fill=_HEADER_FILL) for name, _ in columns])


def _review_sheet(ws: WriteOnlyWorksheet, outcome: BatchOutcome) -> None:
    _header(ws, REVIEW_COLUMNS)
    number = 0
    for doc in sorted(outcome.documents, key=lambda d: (d.department, d.year or 0, d.path)):
        for row in review_rows(doc):
            number += 1
            req: Requirement = row["requirement"]
            problems, places = _problems(row["findings"])
            conclusion = row["conclusion"]
            ws.append([number, _cell(ws, safe_text(doc.department)), doc.year, f"{doc.kind}{doc.scope}",
                       _cell(ws, safe_text(doc.path)), req.id, _cell(ws, req.title), _cell(ws, req.basis),
                       _cell(ws, conclusion, fill=_FILLS[conclusion]), _cell(ws, safe_text(problems)),
                       _cell(ws, safe_text(places)), row["errors"] or None, row["warnings"] or None])
    ws.auto_filter.ref = f"A1:{_letter(len(REVIEW_COLUMNS) - 1)}{number + 1}"


def _ranking_sheet(ws: WriteOnlyWorksheet, outcome: BatchOutcome) -> None:
    columns = (("排名", 6), ("部门", 36), ("文件数", 8), ("错误", 8), ("警告", 8), ("提示", 8), ("无法检查", 9), ("文件", 60))
    _header(ws, columns)
    for i, rank in enumerate(rank_departments(outcome), start=1):
        ws.append([i, _cell(ws, safe_text(rank.name)), len(rank.documents), rank.errors, rank.warnings, rank.infos,
                   rank.unreadable or None, _cell(ws, safe_text("\n".join(
                       f"{d.path}（{STATUS_NAMES.get(d.status, d.status)}）" for d in rank.documents)))])


def _findings_sheet(ws: WriteOnlyWorksheet, outcome: BatchOutcome) -> None:
    widths = {"文件": 36, "部门": 30, "说明": 70, "位置": 40, "问题类型": 20, "规则": 26}
    _header(ws, [(name, widths.get(name, 10)) for name in CSV_COLUMNS])
    rows = csv_rows(outcome)
    shown = rows[:MAX_ROWS - 1] if len(rows) > MAX_ROWS else rows
    for values in shown:
        ws.append([_cell(ws, v) if isinstance(v, str) and len(v) > 20 else v for v in values])
    if len(shown) < len(rows):
        ws.append([f"……另有 {len(rows) - len(shown)} 条超出 Excel 行数上限，见 findings.csv"])
    ws.auto_filter.ref = f"A1:{_letter(len(CSV_COLUMNS) - 1)}{len(shown) + 1}"


def _about_sheet(ws: WriteOnlyWorksheet, outcome: BatchOutcome) -> None:
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 100
    counts = outcome.counts()
    for label, value in (
        ("生成时间", generated_at()), ("程序", f"yusuan {version()}（{outcome.backend}）"),
        ("文件数", f"{len(outcome.documents)}（本次处理 {outcome.computed}，沿用上次结果 {outcome.reused}）"),
        ("问题数", f"错误 {counts.get('error', 0)}，警告 {counts.get('warning', 0)}，提示 {counts.get('info', 0)}"),
        ("结论", "某项要求下有错误级问题为“不符合”；只有警告时为“符合”，警告列在问题栏供复核；文件无法读取时其余各项为“无法判断”。"),
        ("要求来源", "2.x、3.x 见 disclosure_requirements.md（财预〔2016〕143号及各地公开目录）；A.x 为“内容准确、形式规范”按检查类别细分；"
                     "决算文件按全国统一的 9 张决算公开表核对。"),
        ("级别", "、".join(f"{severity_name(s)}（{s}）" for s in ("error", "warning", "info"))),
    ):
        ws.append([_cell(ws, label, font=Font(bold=True)), _cell(ws, value)])


def _cell(ws: WriteOnlyWorksheet, value: Any, font: Font | None = None, fill: PatternFill | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.alignment = _WRAP
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
