"""``summary.html``: one self-contained page (inline CSS and SVG, no network) for the whole run:
departments ranked by errors and warnings, counts by rule and by family, documents that could not be
checked, and every document's findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..results import STATUS_NAMES, BatchOutcome, DocumentResult
from . import svg
from .common import (
    count_families,
    count_rules,
    generated_at,
    rank_departments,
    rule_title,
    severity_name,
    version,
    where,
)

TOP = 25  # bars per chart
DETAILS = 500  # documents whose findings the page lists (the worst first); all are in findings.csv
PER_DOCUMENT = 200  # findings listed per document


def _env() -> Environment:
    env = Environment(loader=PackageLoader("yusuan.batch", "templates"), autoescape=select_autoescape(["html", "jinja"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["severity"] = severity_name
    env.filters["where"] = where
    env.filters["rule_title"] = rule_title
    env.globals["status_name"] = lambda s: STATUS_NAMES.get(s, s)
    return env


def _charts(outcome: BatchOutcome) -> dict[str, Markup]:
    ranks = [r for r in rank_departments(outcome) if r.errors or r.warnings][:TOP]
    rules = count_rules(outcome)[:TOP]
    families = count_families(outcome)
    counts = outcome.counts()
    statuses = outcome.statuses()
    return {
        "departments": Markup(svg.stacked_bars(
            [svg.Bar(r.name, (("error", r.errors), ("warning", r.warnings)), f"{r.name}：错误 {r.errors}，警告 {r.warnings}")
             for r in ranks], caption=f"错误和警告最多的部门（前 {len(ranks)} 个）")),
        "rules": Markup(svg.stacked_bars(
            [svg.Bar(f"{r.title}", ((r.severity, r.findings),), f"{r.code}：{r.findings} 条，{r.documents} 份文件")
             for r in rules], caption="各类问题的数量")),
        "families": Markup(svg.stacked_bars(
            [svg.Bar(name, (("error", c["error"]), ("warning", c["warning"]), ("info", c["info"])))
             for name, c in families], caption="按检查类别")),
        "severity": Markup(svg.donut([(s, severity_name(s), counts.get(s, 0)) for s in ("error", "warning", "info")])),
        "status": Markup(svg.donut([("ok" if s == "ok" else "error", STATUS_NAMES.get(s, s), n)
                                    for s, n in sorted(statuses.items())])),
        "legend": Markup(svg.legend([("error", "错误"), ("warning", "警告"), ("info", "提示")])),
    }


def _anchor(doc: DocumentResult, index: int) -> str:
    return f"doc-{index}"


def context(outcome: BatchOutcome) -> dict[str, Any]:
    docs = outcome.documents
    counts = outcome.counts()
    ranks = rank_departments(outcome)
    ranked = sorted(docs, key=lambda d: (-d.counts().get("error", 0), -d.counts().get("warning", 0), d.path))
    anchors = {doc.key: _anchor(doc, i) for i, doc in enumerate(ranked[:DETAILS])}  # documents listed below
    return {
        "outcome": outcome,
        "generated_at": generated_at(),
        "version": version(),
        "counts": counts,
        "statuses": outcome.statuses(),
        "ranks": ranks,
        "departments_with_errors": sum(1 for r in ranks if r.errors),
        "rules": count_rules(outcome),
        "charts": _charts(outcome),
        "anchors": anchors,
        "not_checked": [d for d in docs if d.status != "ok"],
        "documents": ranked[:DETAILS],
        "more_documents": max(0, len(ranked) - DETAILS),
        "per_document": PER_DOCUMENT,
    }


def render_html(outcome: BatchOutcome) -> str:
    return _env().get_template("summary.html.jinja").render(**context(outcome))


def write_html(outcome: BatchOutcome, target: Path) -> None:
    target.write_text(render_html(outcome), encoding="utf-8")
