"""The outcome of a batch: one ``DocumentResult`` per document, and what the reports count."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks.finding import SEVERITY_ORDER
from .codes import BATCH_CODES

#: a document that could not be checked becomes one finding of these codes (severity error)
STATUS_CODES: dict[str, tuple[str, str]] = {
    status: (f"document-{status}", BATCH_CODES[f"document-{status}"].title)
    for status in ("unreadable", "failed", "timeout", "memory", "crashed")
}
STATUS_NAMES: dict[str, str] = {"ok": "已检查", **{k: v[1] for k, v in STATUS_CODES.items()}}
KIND_NAMES: dict[str, str] = {"budget": "预算", "final_accounts": "决算"}
SCOPE_NAMES: dict[str, str] = {"department": "部门", "unit": "单位"}


@dataclass
class DocumentResult:
    """One document of the run: where it came from, what happened, what was found."""

    key: str
    path: str
    files: list[str]
    status: str
    problem: str | None = None
    meta: dict[str, Any] | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)  # from the checks of this document
    cross: list[dict[str, Any]] = field(default_factory=list)  # from the checks across documents
    seconds: float = 0.0
    reused: bool = False  # taken from the manifest, not recomputed in this run
    abspaths: list[str] = field(default_factory=list)

    @property
    def all_findings(self) -> list[dict[str, Any]]:
        """Every finding, 错误 then 警告 then 提示; inside each, the document's own before those across documents."""
        return sorted(self.own_findings + self.cross, key=lambda f: -SEVERITY_ORDER.get(f.get("severity", ""), 0))

    @property
    def own_findings(self) -> list[dict[str, Any]]:
        """The document's findings, the one that says why it could not be checked first."""
        head = []
        if self.status in STATUS_CODES:
            code, title = STATUS_CODES[self.status]
            head.append({"code": code, "severity": "error", "rule": "batch", "message": self.problem or title,
                         "location": {"file": self.path}, "expected": None, "actual": None, "delta": None,
                         "tolerance": None})
        return head + self.findings

    def counts(self) -> Counter[str]:
        return Counter(f["severity"] for f in self.all_findings)

    @property
    def department(self) -> str:
        name = (self.meta or {}).get("department") or ""
        return name or Path(self.files[0]).stem

    @property
    def year(self) -> int | None:
        return (self.meta or {}).get("year")

    @property
    def kind(self) -> str:
        return KIND_NAMES.get((self.meta or {}).get("kind") or "", "")

    @property
    def scope(self) -> str:
        return SCOPE_NAMES.get((self.meta or {}).get("scope") or "", "")

    def worst(self) -> str | None:
        found = self.all_findings
        return max((f["severity"] for f in found), key=SEVERITY_ORDER.__getitem__) if found else None


@dataclass
class BatchOutcome:
    """What ``run_batch`` returns (and what the CLI prints)."""

    run_id: str
    outdir: Path
    documents: list[DocumentResult]
    computed: int = 0
    reused: int = 0
    seconds: float = 0.0
    workers: int = 0
    backend: str = "local"
    peak_rss_mb: dict[int, float] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    reports: dict[str, Path] = field(default_factory=dict)
    imported: int = 0
    import_unchanged: int = 0  # already in the database as they are
    import_problems: list[str] = field(default_factory=list)
    database: str | None = None  # where --import stored them

    def counts(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for doc in self.documents:
            total.update(doc.counts())
        return total

    def statuses(self) -> Counter[str]:
        return Counter(doc.status for doc in self.documents)

    def exit_code(self, fail_on: str = "error") -> int:
        """0 when no finding reaches ``fail_on`` (error / warning / info / never), else 1."""
        if fail_on == "never":
            return 0
        level = SEVERITY_ORDER[fail_on]
        return 1 if any(SEVERITY_ORDER[s] >= level for s in self.counts()) else 0
