"""One finding per root cause (issue 11).

One wrong printed figure fails every identity it takes part in: its row total, its parent line, the total
row, the same figure in another table; one wrong amount in the narrative also fails the share, the rate
and the sum computed from it. Reported one by one, a single slip reads as seven errors. Findings are
grouped here: findings that point at the same cell or the same narrative figure, the failures a
``suspect-cell`` names the culprit of, the same column left blank row after row, and a finding that
compares with the figure another one found wrong. Each group is reported as its root — the most severe,
then the most telling (the culprit, the amount before what was computed from it) — with the others in
its ``related`` list. Counts, exit codes, reports and the portal count roots.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import SourceRef
from .confidence import TABLE_CODES
from .finding import SEVERITY_ORDER, Finding

Cell = tuple[str, str, str]
Spot = tuple[str, tuple[int, int]]

# which finding of a group speaks first: the culprit, then what is wrong before what follows from it
_PRIORITY = ("suspect-cell", "narrative-amount", "tree-sum", "item-sum", "row-sum", "grand-total", "overview-sum",
             "three-public-sum", "cross-table", "cross-subset", "narrative-share", "rate-mismatch", "rate-from-zero",
             "change-sum", "narrative-conflict", "share-sum")
_NARRATIVE = ("narrative", "narrative_internal", "changes")


def _cell(ref: SourceRef) -> Cell | None:
    if ref.table and ref.row:
        return (ref.table, ref.row, ref.column or "")
    return None


def _spot(ref: SourceRef) -> Spot | None:
    if ref.sentence is not None and ref.span is not None:
        return (ref.sentence, (ref.span[0], ref.span[1]))
    return None


class _Groups:
    """Union-find over finding indexes."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _is_narrative(f: Finding) -> bool:
    return f.rule.split(".", 1)[0] in _NARRATIVE or _spot(f.location) is not None


def group(findings: list[Finding]) -> list[Finding]:
    """Roots, each with the findings that follow from it in ``related``."""
    n = len(findings)
    groups = _Groups(n)
    table = [i for i, f in enumerate(findings) if f.code in TABLE_CODES]
    _by_key(groups, table, lambda f: _cell(f.location), findings)
    _suspects(groups, findings, table)
    _blank_columns(groups, findings, table)
    # a line that does not add up to its own lines: the same gap in every column and every table printing it
    _by_key(groups, [i for i in table if findings[i].code == "tree-sum"],
            lambda f: (f.location.row, f.delta) if f.delta else None, findings)
    narrative = [i for i, f in enumerate(findings) if _is_narrative(f) and f.code not in TABLE_CODES]
    _by_key(groups, narrative, lambda f: _spot(f.location), findings)
    _compared_with_wrong(groups, findings, narrative)
    # the same stated change found not to add up in every section that restates it
    _by_key(groups, [i for i in narrative if findings[i].code == "change-sum"],
            lambda f: (f.expected, f.actual), findings)
    _narrative_on_suspect(groups, findings, table, narrative)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(groups.find(i), []).append(i)
    out = []
    for first in sorted(members):
        indexes = members[first]
        root = min(indexes, key=lambda i: _rank(findings[i], i))
        rest = [findings[i] for i in indexes if i != root]
        f = findings[root]
        out.append(f.model_copy(update={"related": [*f.related, *rest]}) if rest else f)
    return out


def _rank(f: Finding, index: int) -> tuple[int, int, int]:
    priority = _PRIORITY.index(f.code) if f.code in _PRIORITY else len(_PRIORITY)
    return (-SEVERITY_ORDER[f.severity], priority, index)


def _by_key(groups: _Groups, indexes: Iterable[int], key: object, findings: list[Finding]) -> None:
    seen: dict[object, int] = {}
    for i in indexes:
        k = key(findings[i])  # type: ignore[operator]
        if k is None:
            continue
        if k in seen:
            groups.join(seen[k], i)
        else:
            seen[k] = i


def _suspects(groups: _Groups, findings: list[Finding], table: list[int]) -> None:
    """The failures a suspect cell makes: every table finding that involves that cell."""
    for i in table:
        if findings[i].code != "suspect-cell":
            continue
        culprit = _cell(findings[i].location)
        for j in table:
            if j != i and culprit in {_cell(r) for r in (findings[j].location, *findings[j].compared)}:
                groups.join(i, j)


def _blank_columns(groups: _Groups, findings: list[Finding], table: list[int]) -> None:
    """The same total column printed blank row after row: one cause."""
    seen: dict[tuple[str, str, str], int] = {}
    for i in table:
        f = findings[i]
        if f.code != "row-sum" or f.actual not in ("0", None) or not f.location.table:
            continue
        k = (f.location.table, f.location.column or "", f.code)
        if k in seen:
            groups.join(seen[k], i)
        else:
            seen[k] = i


def _compared_with_wrong(groups: _Groups, findings: list[Finding], narrative: list[int]) -> None:
    """A finding comparing with a figure that another finding says is wrong follows from it (the share
    of a wrong amount, the rate of a wrong change, a 'conflict' with a figure already found wrong)."""
    wrong: dict[Spot, int] = {}
    for i in narrative:
        if findings[i].severity == "error" and findings[i].code in ("narrative-amount", "rate-mismatch"):
            spot = _spot(findings[i].location)
            if spot is not None:
                wrong.setdefault(spot, i)
    for i in narrative:
        for ref in findings[i].compared:
            spot = _spot(ref)
            if spot is not None and spot in wrong and wrong[spot] != i:
                groups.join(wrong[spot], i)


def _narrative_on_suspect(groups: _Groups, findings: list[Finding], table: list[int], narrative: list[int]) -> None:
    """A narrative figure compared with a cell a suspect-cell finding names: the cell is the cause."""
    culprits = {_cell(findings[i].location): i for i in table if findings[i].code == "suspect-cell"}
    for i in narrative:
        for ref in findings[i].compared:
            cell = _cell(ref)
            if cell is not None and cell in culprits:
                groups.join(culprits[cell], i)
