"""Errors only where the reading is sure (issue 11).

A finding is an error only when what it stands on was read with confidence. After the rules have run:

- every finding about the figures of a table whose reading is in doubt (``TableReading.confident`` is
  false: its own identities fail in ways no few printed figures explain) is gathered under ONE warning
  ``table-unreliable`` for that table, which says what failed; the findings follow it as ``related``;
- a narrative finding resting on a figure whose subject is not sure (``Claim.doubt``: taken from an
  earlier figure, or another name stands between) is kept, as ``info``, saying why.
"""

from __future__ import annotations

from ..model import Claim, Disclosure, SourceRef, TableReading
from .finding import Finding
from .registry import declare, finding

TABLE_UNRELIABLE = declare(
    "table-unreliable", "warning", "表格未能可靠识别",
    "A table's own identities (row totals, 类/款/项 sums, the total row) fail in more places than a few "
    "misprinted figures can explain: the header, a continuation page or the layout was probably not "
    "understood. The table's arithmetic and cross-table findings are not reported as errors; they are "
    "listed under this one warning, which says how many identities failed and where to look.",
    "表五“一般公共预算支出情况表”未能可靠识别：48 处勾稽关系中 11 处不成立，且无法归因于少数几个数字"
    "（表头、续表或版式可能未被正确识别）；据此得出的 12 项表内与表间问题未作为错误报告，请人工核对该表。",
    family="engine",
)

# codes that speak of the figures of tables (their arithmetic and their agreement with other tables)
TABLE_CODES = frozenset({"row-sum", "tree-sum", "grand-total", "item-sum", "overview-sum", "cross-table",
                         "cross-subset", "suspect-cell", "three-public-sum", "rounding", "empty-table-has-figures"})
_DOUBT_SUFFIX = "（{doubt}，仅供核对，未作为错误报告）"


def apply(d: Disclosure, findings: list[Finding]) -> list[Finding]:
    """Findings with those resting on a doubtful reading gathered or softened."""
    doubtful = {r.table: r for r in d.readings if not r.confident}
    out: list[Finding] = []
    absorbed: dict[str, list[Finding]] = {}
    for f in findings:
        table = _doubtful_table(f, doubtful)
        if table is not None:
            absorbed.setdefault(table, []).append(f)
            continue
        out.append(_soften(d, f))
    for table_id, group in absorbed.items():
        out.append(_unreliable(d, doubtful[table_id], group))
    return out


def _doubtful_table(f: Finding, doubtful: dict[str, TableReading]) -> str | None:
    if f.code not in TABLE_CODES:
        return None
    for ref in (f.location, *f.compared):
        if ref.table in doubtful:
            return ref.table
    return None


def _unreliable(d: Disclosure, reading: TableReading, group: list[Finding]) -> Finding:
    table = d.table(reading.table)
    name = f"{reading.table}“{table.title}”" if table is not None and table.title else reading.table
    errors = sum(1 for f in group if f.severity == "error")
    message = (f"{name}未能可靠识别：{reading.reason or '读取结果与表内勾稽关系不符'}；据此得出的 {len(group)} 项"
               f"表内与表间问题（其中错误 {errors} 项）未作为错误报告，请人工核对该表。")
    where = table.source if table is not None else SourceRef(table=reading.table)
    softened = [f.model_copy(update={"severity": "info"}) for f in group]
    return finding(TABLE_UNRELIABLE, message, where, expected=str(reading.checks), actual=str(reading.held)
                   ).model_copy(update={"rule": "engine.confidence", "related": softened})


def claims_at(d: Disclosure) -> dict[tuple[str, tuple[int, int]], Claim]:
    return {(c.sentence, c.span): c for c in d.narrative.claims}


def _soften(d: Disclosure, f: Finding) -> Finding:
    """A narrative error resting on an unsure figure becomes info, saying why."""
    if f.severity != "error":
        return f
    index = _claim_index(d)
    for ref in (f.location, *f.compared):
        if ref.sentence is None or ref.span is None:
            continue
        claim = index.get((ref.sentence, tuple(ref.span)))  # type: ignore[arg-type]
        if claim is not None and claim.doubt is not None:
            return f.model_copy(update={"severity": "info",
                                        "message": f.message.rstrip("。") + _DOUBT_SUFFIX.format(doubt=claim.doubt)})
    return f


_INDEX: dict[int, tuple[Disclosure, dict[tuple[str, tuple[int, int]], Claim]]] = {}


def _claim_index(d: Disclosure) -> dict[tuple[str, tuple[int, int]], Claim]:
    cached = _INDEX.get(id(d))
    if cached is not None and cached[0] is d:
        return cached[1]
    if len(_INDEX) > 64:
        _INDEX.clear()
    index = claims_at(d)
    _INDEX[id(d)] = (d, index)
    return index
