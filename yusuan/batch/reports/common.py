"""What every report of a batch shares: locations in words, rule titles, the ranking of departments."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ... import __version__
from ...checks.finding import SEVERITY_NAMES
from ...model import SourceRef
from ..crossdoc import CODES as CROSS_CODES
from ..results import STATUS_CODES, BatchOutcome, DocumentResult
from .requirements import family_of

SEVERITIES = ("error", "warning", "info")
FAMILY_FALLBACK = {"batch": "批量检查", "across": "跨年度/跨文件", "engine": "检查程序", "": "其他"}


def severity_name(severity: str) -> str:
    return SEVERITY_NAMES.get(severity, severity)


def where(location: dict[str, Any] | None, with_file: bool = False) -> str:
    """A finding's location in words, without the file name (the file has its own column)."""
    data = dict(location or {})
    if not with_file:
        data.pop("file", None)
    try:
        text = SourceRef.model_validate(data).describe()
    except ValueError:
        text = ""
    sentence = data.get("sentence")
    if sentence and not data.get("table"):
        if len(sentence) > 60:  # enough to find it; the message says what is wrong in it
            sentence = sentence[:59] + "…"
        text = f"{text}：“{sentence}”" if text else f"“{sentence}”"
    return text


@lru_cache(maxsize=1)
def _registry_codes() -> dict[str, tuple[str, str]]:
    """{code: (title, family)} from the rule registry (empty before the rules exist)."""
    try:
        from ...checks.registry import CODES, load

        load()
    except Exception:
        return {}
    return {c: (v.title, v.family) for c, v in CODES.items()}


def rule_title(code: str) -> str:
    for status_code, title in STATUS_CODES.values():
        if code == status_code:
            return title
    if code in CROSS_CODES:
        return CROSS_CODES[code][1]
    if code == "cross-year-failed":
        return "跨年度核对未完成"
    return _registry_codes().get(code, (code, ""))[0]


def family_title(family: str) -> str:
    try:
        from ...checks.registry import FAMILY_TITLES as titles
    except ImportError:
        titles = {}
    return titles.get(family) or FAMILY_FALLBACK.get(family, family)


def generated_at() -> str:
    return dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")


def version() -> str:
    return __version__


@dataclass
class DepartmentRank:
    """One department across its documents in the run."""

    name: str
    documents: list[DocumentResult] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def errors(self) -> int:
        return self.counts.get("error", 0)

    @property
    def warnings(self) -> int:
        return self.counts.get("warning", 0)

    @property
    def infos(self) -> int:
        return self.counts.get("info", 0)

    @property
    def unreadable(self) -> int:
        return sum(1 for d in self.documents if d.status != "ok")


def rank_departments(outcome: BatchOutcome) -> list[DepartmentRank]:
    """Departments by errors, then warnings (most first), then name."""
    groups: dict[str, DepartmentRank] = {}
    for doc in outcome.documents:
        rank = groups.setdefault(doc.department, DepartmentRank(doc.department))
        rank.documents.append(doc)
        rank.counts.update(doc.counts())
    return sorted(groups.values(), key=lambda r: (-r.errors, -r.warnings, -r.infos, r.name))


@dataclass
class RuleCount:
    code: str
    title: str
    family: str
    severity: str
    findings: int = 0
    documents: int = 0


def count_rules(outcome: BatchOutcome) -> list[RuleCount]:
    """Findings and documents per code, most frequent first."""
    counts: dict[str, RuleCount] = {}
    docs: dict[str, set[str]] = defaultdict(set)
    for doc in outcome.documents:
        for f in doc.all_findings:
            code = f["code"]
            if code not in counts:
                counts[code] = RuleCount(code, rule_title(code), family_title(family_of(f)), f["severity"])
            counts[code].findings += 1
            docs[code].add(doc.key)
    for code, rc in counts.items():
        rc.documents = len(docs[code])
    return sorted(counts.values(), key=lambda r: (-_weight(r.severity), -r.findings, r.code))


def count_families(outcome: BatchOutcome) -> list[tuple[str, Counter[str]]]:
    """Findings per rule family and severity."""
    families: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in outcome.documents:
        for f in doc.all_findings:
            families[family_title(family_of(f))][f["severity"]] += 1
    return sorted(families.items(), key=lambda kv: (-kv[1]["error"], -kv[1]["warning"], kv[0]))


def _weight(severity: str) -> int:
    return {"error": 3, "warning": 2, "info": 1}.get(severity, 0)
