"""One self-contained, printable, accessible HTML page (also the source of the PDF).

Tables are real tables: a caption with the number, the title, the compiler and the unit; header rows
in ``<thead>`` (repeated on every printed page); merged cells as ``colspan``/``rowspan``; amounts
right-aligned and never wrapped. Wide tables print on landscape pages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..model import Disclosure
from .document import build_document
from .grid import Grid, Heading, Merge, Para, RenderedDocument, TableRef, fitted_shares


@dataclass
class HtmlCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    classes: str = ""
    header: bool = False


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("yusuan.render", "templates"), autoescape=select_autoescape(["html", "jinja"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return resources.files("yusuan.render").joinpath("templates", "document.css").read_text(encoding="utf-8")


def _rows(cells: list[list[str]], merges: list[Merge], kinds: Sequence[str], header: bool) -> list[list[HtmlCell]]:
    """Rows of HTML cells, with merged areas folded into their top-left cell."""
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for m in merges:
        spans[(m.row, m.col)] = (m.last_row - m.row + 1, m.last_col - m.col + 1)
        covered |= {(r, c) for r in range(m.row, m.last_row + 1) for c in range(m.col, m.last_col + 1)} - {(m.row, m.col)}
    out = []
    for r, row in enumerate(cells):
        html_row = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            kind = kinds[c] if c < len(kinds) else "text"
            classes = "num" if kind == "amount" and not header else ("code" if kind == "code" else "")
            html_row.append(HtmlCell(text=text, colspan=colspan, rowspan=rowspan, classes=classes, header=header))
        out.append(html_row)
    return out


def grid_context(g: Grid) -> dict[str, object]:
    width = g.width
    header = [row + [""] * (width - len(row)) for row in g.header]
    body = [row.cells + [""] * (width - len(row.cells)) for row in g.body]
    body_rows = _rows(body, g.body_merges, g.columns, header=False)
    if g.kind == "performance":  # label cells of a performance table are row headers
        for row in body_rows:
            for cell in row:
                if cell.text in _PERFORMANCE_LABELS:
                    cell.header = True
    return {
        "grid": g,
        "header": _rows(header, g.header_merges, g.columns, header=True),
        "body": list(zip(body_rows, [r.style for r in g.body], strict=True)),
        "widths": _widths(g),
        "wide": g.wide,
    }


_PERFORMANCE_LABELS = {"预算单位", "项目名称", "项目资金（万元）", "年度资金总额：", "其中：财政拨款", "其他资金", "项目总体目标",
                       "一级指标", "二级指标", "三级指标", "指标值（包含数字及文字描述）"}


# the printed page (document.css): content width in mm, and a digit's width at the table's font size
_CONTENT_MM = {False: 174.0, True: 269.0}
_DIGIT_MM = {False: 1.68, True: 1.41}


def _widths(g: Grid) -> list[float]:
    """Column widths in % of the table (``grid.fitted_shares`` on the printed page)."""
    shares = fitted_shares(g, _CONTENT_MM[bool(g.wide)], _DIGIT_MM[bool(g.wide)], 2.6)
    return [round(s * 100, 2) for s in shares]


_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:万元每人|万元|元|%|台（套）|平方米|辆|人|个|家|次)")


def figures_unbroken(text: str) -> Markup:
    """Escaped text with every figure and its unit kept on one line ("0台（套）" never splits)."""
    out, last = [], 0
    for m in _FIGURE.finditer(text):
        out.append(escape(text[last:m.start()]))
        out.append(Markup('<span class="fig">') + escape(m.group(0)) + Markup("</span>"))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def document_html(doc: RenderedDocument, for_print: bool = False) -> str:
    blocks: list[dict[str, Any]] = []
    anchors = iter(range(1, 10_000))
    for block in doc.blocks:
        if isinstance(block, Heading):
            blocks.append({"type": "heading", "level": block.level, "text": block.text, "id": f"s{next(anchors)}"})
        elif isinstance(block, Para):
            label, _, rest = block.text.partition("：")
            field = block.style == "field" and rest
            blocks.append({"type": "para", "style": block.style, "text": figures_unbroken(block.text),
                           "label": label if field else "", "rest": figures_unbroken(rest) if field else ""})
        elif isinstance(block, TableRef):
            blocks.append({"type": "table", **grid_context(block.grid)})
    toc_ids = {b["text"]: b["id"] for b in blocks if b["type"] == "heading"}
    table_ids = {f"{b['grid'].id[1:]}、{b['grid'].title}": b["grid"].id for b in blocks if b["type"] == "table"}
    toc = [{"level": level, "text": text, "href": toc_ids.get(text) or table_ids.get(text)} for level, text in doc.toc]
    return _env().get_template("document.html.jinja").render(
        doc=doc, blocks=blocks, toc=toc, css=stylesheet(), for_print=for_print)


def render_html(d: Disclosure, generate: bool | None = None) -> str:
    """The whole disclosure as one HTML page."""
    return document_html(build_document(d, generate=generate))
