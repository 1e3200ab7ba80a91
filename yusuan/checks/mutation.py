"""Mutation testing of the rules: change one printed figure at a time and see whether a new error appears.

``figures(text)`` lists the figures of a document in the seed's text format (table cells and
narrative numbers, each with its line and place), ``mutate(text, figure)`` changes one of them by a
visible amount (one unit of its integer part: 564.48 → 565.48, 0.06 → 1.06, 6 → 7), and ``detect``
reads and checks the changed document and says whether an error finding appeared or changed.
Every table cell that takes part in an identity (the nine tables and the funds of the target
tables) must be caught; narrative figures are caught when the rules can tie them to something.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..model import ClaimKind, Disclosure, TableKind
from ..numbers import parse_amount
from .finding import Finding, walk

IDENTITY_TABLES = {TableKind.OVERVIEW, TableKind.INCOME, TableKind.EXPENDITURE, TableKind.FISCAL_OVERVIEW,
                   TableKind.GENERAL_BUDGET, TableKind.GENERAL_BASIC, TableKind.GENERAL_PROJECT,
                   TableKind.THREE_PUBLIC, TableKind.GOV_FUND}


@dataclass(frozen=True)
class PrintedFigure:
    """One figure as printed: in a table cell (``cell`` set) or in a sentence (``occurrence`` set)."""

    line: int  # 1-based line of the text
    text: str  # as printed ("564.48")
    where: str  # words: "表三 201 一般公共服务支出 / 合计" or the sentence
    identity: bool  # takes part in an identity the rules check
    cell: int | None = None  # index of the tab-separated cell
    occurrence: int = 0  # the n-th occurrence of ``text`` on its line(s)
    end_line: int | None = None
    kind: str = "table"  # table / amount / share / change / rate / count / …
    unit: str = ""  # the unit printed after a narrative figure ("万元", "%", "辆" …)


def _code_columns(labels: list[str]) -> set[int]:
    return {j for j, label in enumerate(labels) if label.split("/")[-1] in ("类", "款", "项")
            or "编码" in label.split("/")[-1]}


def figures(text: str, d: Disclosure) -> list[PrintedFigure]:
    """Every figure of the document ``d`` read from ``text``."""
    lines = text.splitlines()
    out: list[PrintedFigure] = []
    for t in d.tables:
        codes = _code_columns(t.columns)
        funds_only = t.kind == TableKind.PERFORMANCE
        for row in t.rows:
            line = row.source.line
            if line is None or line > len(lines) or "\t" not in lines[line - 1]:
                continue
            raw = lines[line - 1].split("\t")
            funds = funds_only and ("资金" in "".join(row.cells[:2]) or "成本" in "".join(row.cells[:2]))
            for j, cell in enumerate(row.cells):
                if j in codes or j >= len(raw) or parse_amount(cell) is None or not _digits(raw[j]):
                    continue
                identity = t.kind in IDENTITY_TABLES or funds
                label = next((c for c in row.cells if c and parse_amount(c) is None), "")
                column = t.columns[j].split("/")[-1] if j < len(t.columns) else ""
                out.append(PrintedFigure(line, raw[j].strip(), f"{t.id} {label} / {column}", identity, cell=j))
    out.extend(_narrative(lines, d))
    return out


def _digits(cell: str) -> bool:
    return bool(re.search(r"\d", cell))


def _narrative(lines: list[str], d: Disclosure) -> list[PrintedFigure]:
    out: list[PrintedFigure] = []
    seen: dict[tuple[int, str, str], int] = {}
    for c in d.narrative.claims:
        line = c.source.line
        if line is None or c.subject.kind == "reason":
            continue
        number = format(c.value, "f")
        unit = c.text[len(c.text.rstrip("万元%辆人个台套（）()平方米家次名项场")):] if c.text else ""
        k = (line, number, unit)
        occurrence = seen.get(k, 0)
        seen[k] = occurrence + 1
        end = c.source.end_line or line
        joined = "".join(lines[line - 1:end])
        if len(_occurrences(joined, number, unit)) <= occurrence:
            continue
        identity = c.kind in (ClaimKind.AMOUNT, ClaimKind.SHARE, ClaimKind.RATE) and c.subject.kind != "unknown"
        out.append(PrintedFigure(line, number, c.sentence, identity, occurrence=occurrence, end_line=end,
                                 kind=c.kind.value, unit=unit))
    return out


def _number_pattern(number: str) -> str:
    """A number as printed in the raw text, where the conversion may have put spaces around the point."""
    return re.escape(number).replace(r"\.", r"\s*\.\s*")


def _occurrences(text: str, number: str, unit: str = "") -> list[int]:
    """Where a figure is printed: the number, then (when known) its unit, so that "2.车辆" is not "2 辆"."""
    after = r"\s*" + re.escape(unit[:1]) if unit else r"(?![\d])"
    pattern = re.compile(r"(?<![\d.])" + _number_pattern(number) + r"(?![\d])(?=" + after + ")")
    return [m.start() for m in pattern.finditer(text)]


def changed(value: str) -> str:
    """The figure one unit of its integer part larger (keeping its printed decimals)."""
    clean = value.replace(",", "").replace(" ", "")
    number = Decimal(clean)
    places = len(clean.split(".")[1]) if "." in clean else 0
    return format((number + 1).quantize(Decimal(1).scaleb(-places)), "f")


def mutate(text: str, figure: PrintedFigure) -> str:
    lines = text.splitlines(keepends=True)
    i = figure.line - 1
    if figure.cell is not None:
        ending = "\n" if lines[i].endswith("\n") else ""
        cells = lines[i].rstrip("\n").split("\t")
        cells[figure.cell] = cells[figure.cell].replace(figure.text, changed(figure.text), 1)
        lines[i] = "\t".join(cells) + ending
        return "".join(lines)
    end = figure.end_line or figure.line
    block = "".join(lines[i:end])
    starts = _occurrences(block, figure.text, figure.unit)
    pos = starts[figure.occurrence]
    m = re.compile(_number_pattern(figure.text)).match(block, pos)
    assert m is not None
    block = block[:pos] + changed(figure.text) + block[m.end():]
    return "".join(lines[:i]) + block + "".join(lines[end:])


def error_keys(found: Iterable[Finding]) -> set[tuple[object, ...]]:
    """Every error reported, the roots and the consequences listed under them."""
    return {(f.code, f.location.table, f.location.row, f.location.column, f.location.line, f.expected, f.actual)
            for f in walk(found) if f.severity == "error"}


@dataclass
class Outcome:
    figure: PrintedFigure
    detected: bool
    codes: tuple[str, ...]
    located: bool = False  # an error names the changed figure's own line (cell or sentence)


def detect(text: str, figures_: Iterable[PrintedFigure], read: Callable[[str], Disclosure],
           check: Callable[[Disclosure], list[Finding]]) -> list[Outcome]:
    """Mutate each figure in turn; detected when an error finding appears or changes."""
    baseline = error_keys(check(read(text)))
    out = []
    for fig in figures_:
        try:
            found = check(read(mutate(text, fig)))
        except Exception:  # a mutation that makes the document unreadable is caught by the reader
            out.append(Outcome(fig, True, ("unreadable",)))
            continue
        new = error_keys(found) - baseline
        located = any(k[4] is not None and fig.line <= int(str(k[4])) <= (fig.end_line or fig.line) for k in new)
        out.append(Outcome(fig, bool(new), tuple(sorted({str(k[0]) for k in new})), located))
    return out
