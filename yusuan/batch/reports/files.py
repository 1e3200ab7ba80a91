"""``findings.json`` (the ``yusuan check --format json`` shape, one entry per document, plus the run)
and ``findings.csv`` (one row per finding, UTF-8 with BOM so that Excel opens it as Chinese)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from ..results import BatchOutcome, DocumentResult
from .common import generated_at, rule_title, severity_name, version, where

FINDING_FIELDS = ("code", "severity", "rule", "message", "location", "expected", "actual", "delta", "tolerance",
                  "unit", "compared")

CSV_COLUMNS = ("文件", "部门", "年度", "类型", "范围", "状态", "级别", "代码", "问题类型", "说明", "位置", "应为", "实为",
               "差额", "容差", "单位", "规则", "来源")


def document_json(doc: DocumentResult) -> dict[str, Any]:
    """One document as ``yusuan check --format json`` prints it, plus the batch's own fields
    (``files``, ``scope``, ``region``, ``status``, ``problem``; ``origin`` per finding)."""
    meta = doc.meta or {}
    counts = doc.counts()
    entry = {
        "path": doc.path,
        "files": doc.files,
        "kind": meta.get("kind"),
        "scope": meta.get("scope"),
        "year": meta.get("year"),
        "department": meta.get("department"),
        "region": meta.get("region"),
        "layout": meta.get("layout"),
        "status": doc.status,
        "problem": doc.problem,
        "counts": {s: counts.get(s, 0) for s in ("error", "warning", "info")},
        "findings": [_finding(f, "document") for f in doc.own_findings] + [_finding(f, "across") for f in doc.cross],
    }
    if doc.status != "ok":
        entry["error"] = doc.problem
    return entry


def _finding(f: dict[str, Any], origin: str) -> dict[str, Any]:
    """A finding as ``yusuan check --format json`` writes it (``report.finding_dict``), and where it came from."""
    from ...checks.finding import Finding
    from ...report import finding_dict

    out = finding_dict(Finding.model_validate({k: v for k, v in f.items() if k in FINDING_FIELDS and v is not None}))
    out["origin"] = origin
    return out


def findings_json(outcome: BatchOutcome) -> dict[str, Any]:
    counts = outcome.counts()
    return {
        "run": {"id": outcome.run_id, "generated_at": generated_at(), "yusuan": version(),
                "documents": len(outcome.documents), "computed": outcome.computed, "reused": outcome.reused,
                "statuses": dict(sorted(outcome.statuses().items())),
                "counts": {s: counts.get(s, 0) for s in ("error", "warning", "info")},
                "backend": outcome.backend, "workers": outcome.workers, "seconds": round(outcome.seconds, 2)},
        "documents": [document_json(doc) for doc in outcome.documents],
        "counts": {**{s: counts.get(s, 0) for s in ("error", "warning", "info")},
                   "unreadable": sum(1 for d in outcome.documents if d.status != "ok")},
    }


def write_json(outcome: BatchOutcome, target: Path) -> None:
    target.write_text(json.dumps(findings_json(outcome), ensure_ascii=False, indent=1), encoding="utf-8")


def csv_rows(outcome: BatchOutcome) -> list[list[str]]:
    rows: list[list[str]] = []
    for doc in outcome.documents:
        meta = doc.meta or {}
        for origin, found in (("本文件", doc.own_findings), ("跨文件", doc.cross)):
            rows.extend(_csv_row(doc, meta, f, origin) for f in found)
    return rows


def _csv_row(doc: DocumentResult, meta: dict[str, Any], f: dict[str, Any], origin: str) -> list[str]:
    return [safe_text(doc.path), safe_text(doc.department), str(meta.get("year") or ""), doc.kind, doc.scope,
            doc.status, severity_name(f["severity"]), f["code"], rule_title(f["code"]), safe_text(f.get("message") or ""),
            safe_text(where(f.get("location"))), f.get("expected") or "", f.get("actual") or "", f.get("delta") or "",
            f.get("tolerance") or "", f.get("unit") or "", f.get("rule") or "", origin]


def safe_text(text: str) -> str:
    """Text a spreadsheet will not run as a formula (a document's own words may start with "=")."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(outcome: BatchOutcome, target: Path) -> None:
    with target.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(csv_rows(outcome))
