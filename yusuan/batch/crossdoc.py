"""Checks across the documents of one run.

- The same department in consecutive years: the later document is checked again with the earlier
  one as ``prior`` (the rules of ``yusuan.checks`` that need a prior-year document run then).
- A 部门 document against the documents of its 单位: where every budget unit the 部门 document
  lists was found in the run, 部门 = Σ 单位 (``yusuan.checks.across.consolidation``, code
  ``department-units``); where only some were found, ``department-units-partial`` says which are missing.
- The same department, kind and year published twice in one run (``duplicate-document``).
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..normalize import key
from .codes import BATCH_CODES

log = logging.getLogger("yusuan.batch")

#: codes of the findings made here (family ``across``)
CODES: dict[str, tuple[str, str]] = {
    code: (BATCH_CODES[code].severity, BATCH_CODES[code].title)
    for code in ("department-units-partial", "duplicate-document")
}

_KIND = {"budget": "预算", "final_accounts": "决算"}


@dataclass(frozen=True)
class Doc:
    """A read document as the cross-document checks see it."""

    key: str
    path: str
    meta: dict[str, Any]

    @property
    def department(self) -> str:
        return key(self.meta.get("department") or "")

    @property
    def year(self) -> int | None:
        year = self.meta.get("year")
        return int(year) if year else None

    @property
    def group(self) -> tuple[str, str, str]:
        return (self.department, self.meta.get("kind") or "", self.meta.get("scope") or "")


def batch_finding(code: str, message: str, location: dict[str, Any] | None = None, *, expected: str | None = None,
                  actual: str | None = None, delta: str | None = None, tolerance: str | None = None,
                  compared: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """A finding made by the batch itself, in the same JSON form as the findings of the checks."""
    return {"code": code, "severity": CODES[code][0], "rule": f"across.batch.{code.replace('-', '_')}",
            "message": message, "location": location or {}, "expected": expected, "actual": actual,
            "delta": delta, "tolerance": tolerance, "unit": "万元" if expected is not None else None,
            "compared": list(compared)}


# ------------------------------------------------------------------------------ consecutive years

def _by_group(docs: Iterable[Doc]) -> dict[tuple[str, str, str], dict[int, list[Doc]]]:
    groups: dict[tuple[str, str, str], dict[int, list[Doc]]] = defaultdict(lambda: defaultdict(list))
    for doc in docs:
        if doc.department and doc.year:
            groups[doc.group][doc.year].append(doc)
    return groups


def cross_year_pairs(docs: Iterable[Doc]) -> list[tuple[Doc, Doc]]:
    """(this year's document, last year's document) of the same department, kind and scope."""
    pairs: list[tuple[Doc, Doc]] = []
    for years in _by_group(docs).values():
        for year, found in sorted(years.items()):
            if year - 1 in years:
                prior = sorted(years[year - 1], key=lambda d: d.key)[0]
                pairs.extend((doc, prior) for doc in sorted(found, key=lambda d: d.key))
    return sorted(pairs, key=lambda p: p[0].key)


def duplicates(docs: Iterable[Doc]) -> dict[str, list[dict[str, Any]]]:
    """``duplicate-document`` findings for documents of the same department, kind, scope and year."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (_, kind, _scope), years in _by_group(docs).items():
        for year, found in years.items():
            if len(found) < 2:
                continue
            for doc in found:
                others = "、".join(o.path for o in found if o is not doc)
                out[doc.key].append(batch_finding(
                    "duplicate-document",
                    f"本次检查中{doc.meta.get('department')} {year} 年{_KIND.get(kind, '')}有 {len(found)} 份文件"
                    f"（另见 {others}），请确认哪一份是正式公开的版本",
                    {"file": doc.path}, compared=[{"file": o.path} for o in found if o is not doc]))
    return dict(out)


def new_findings(base: list[dict[str, Any]], combined: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings of the run with a prior-year document that the run without it did not have."""
    seen = Counter(_signature(f) for f in base)
    out = []
    for f in combined:
        sig = _signature(f)
        if seen[sig]:
            seen[sig] -= 1
        else:
            out.append(f)
    return out


def _signature(f: dict[str, Any]) -> str:
    return json.dumps([f.get("code"), f.get("location"), f.get("message")], sort_keys=True, ensure_ascii=False)


# ------------------------------------------------------------------------------ 部门 = Σ 单位

def _same_unit(unit_name: str, doc: Doc) -> bool:
    a, b = key(unit_name), doc.department
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 4 and (a.endswith(b) or b.endswith(a)))


def unit_groups(docs: list[Doc]) -> list[tuple[Doc, list[Doc], list[str]]]:
    """(部门 document, the documents of its units found in the run, the units not found) for every 部门
    document that lists subordinate units of which at least one was found."""
    units_by_year: dict[tuple[int | None, str], list[Doc]] = defaultdict(list)
    for doc in docs:
        if doc.meta.get("scope") == "unit":
            units_by_year[(doc.year, doc.meta.get("kind") or "")].append(doc)
    groups = []
    for dept in docs:
        listed = [u for u in dept.meta.get("units") or [] if u.get("name")]
        if dept.meta.get("scope") != "department" or not any(u.get("role") == "subordinate" for u in listed):
            continue
        candidates = units_by_year.get((dept.year, dept.meta.get("kind") or ""), [])
        matched = {u["name"]: next((d for d in candidates if _same_unit(u["name"], d)), None) for u in listed}
        found = [d for d in matched.values() if d is not None]
        if found:
            groups.append((dept, found, [name for name, d in matched.items() if d is None]))
    return groups


def department_units(docs: list[Doc], load: Callable[[str], Any]) -> dict[str, list[dict[str, Any]]]:
    """Findings of 部门 = Σ 单位, keyed by the 部门 document.

    The comparison itself is ``yusuan.checks.across.consolidation`` (on the documents' models, loaded
    with ``load(key)`` one group at a time); where some units were not found, an info finding says so.
    """
    from ..checks.across import consolidation

    out: dict[str, list[dict[str, Any]]] = {}
    for dept, found, missing in unit_groups(docs):
        if missing:
            out[dept.key] = [_partial(dept, found, missing)]
            continue
        try:
            findings = consolidation([load(dept.key), *(load(u.key) for u in found)])
        except Exception as exc:  # a defect there must not lose the run's other results
            log.exception("consolidating %s failed", dept.path)
            out[dept.key] = [{**batch_finding("department-units-partial", f"部门与所属单位之和未能核对（{type(exc).__name__}：{exc}）",
                                              {"file": dept.path}), "severity": "warning"}]
            continue
        if findings:
            out[dept.key] = [f.model_dump(mode="json") for f in findings]
    return out


def _partial(dept: Doc, found: list[Doc], missing: list[str]) -> dict[str, Any]:
    return batch_finding(
        "department-units-partial",
        f"部门文件列出 {len(found) + len(missing)} 家预算单位，本次只找到 {len(found)} 家的单位公开文件"
        f"（缺：{'、'.join(missing)}），未核对部门数与单位数之和",
        {"file": dept.path, "section": "机构设置"}, compared=[{"file": d.path} for d in found])
