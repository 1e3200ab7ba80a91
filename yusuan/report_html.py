"""The check report as one self-contained HTML page (``Report.to_html``).

Each document is rendered as printed (Part 1, the tables, the narrative, the target tables, the
glossary) beside the list of its findings. Offending cells and sentences are highlighted by
severity; each finding links to its place in the document and each highlight back to its finding.
No external file, font or script is needed: the page can be mailed or archived as it is.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from .checks.facts import heading, section_paths
from .checks.finding import SEVERITY_NAMES, SEVERITY_ORDER, Finding
from .checks.locate import Placement, place, segments
from .model import Disclosure, Paragraph, PrintedTable, TableKind
from .report import DocumentReport, Report, where_text

CSS = """
:root { --error: #c62828; --error-bg: #fde2e1; --warning: #a15c00; --warning-bg: #fff1c9;
        --info: #1d5fa8; --info-bg: #e3eefc; --line: #d5d9e0; --muted: #5f6b7a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.6 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       sans-serif; color: #1f2933; background: #f5f6f8; }
header.top { background: #1f3a5f; color: #fff; padding: 14px 24px; }
header.top h1 { margin: 0; font-size: 20px; }
header.top p { margin: 4px 0 0; opacity: .85; }
section.doc { margin: 18px 24px 32px; }
section.doc > h2 { margin: 0 0 4px; font-size: 18px; }
.meta { color: var(--muted); margin: 0 0 10px; }
.counts span { display: inline-block; padding: 1px 8px; border-radius: 10px; margin-right: 6px; font-weight: 600; }
.counts .error { background: var(--error-bg); color: var(--error); }
.counts .warning { background: var(--warning-bg); color: var(--warning); }
.counts .info { background: var(--info-bg); color: var(--info); }
.layout { display: grid; grid-template-columns: minmax(340px, 38%) 1fr; gap: 18px; align-items: start; }
aside.findings { position: sticky; top: 8px; max-height: calc(100vh - 16px); overflow: auto; background: #fff;
                 border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
aside summary { font-size: 13px; margin: 10px 0 4px; color: #33404f; font-weight: 600; cursor: pointer;
                border-bottom: 1px solid var(--line); }
aside summary small { font-weight: 400; color: var(--muted); }
.digest { background: var(--error-bg); border-radius: 4px; padding: 6px 10px; margin: 4px 0 8px; }
.digest b { color: var(--error); }
.digest li { border: 0; padding: 1px 0; margin: 0; font-size: 12.5px; }
.digest a { color: #5a1b1b; text-decoration: none; }
aside ol { list-style: none; margin: 0; padding: 0; }
aside li { padding: 6px 6px 6px 8px; margin: 4px 0; border-left: 4px solid var(--line); border-radius: 3px; }
aside li.error { border-color: var(--error); background: #fff8f8; }
aside li.warning { border-color: #e0a100; background: #fffdf5; }
aside li.info { border-color: var(--info); background: #f8fbff; }
aside li:target { outline: 2px solid #1f3a5f; }
.badge { font-size: 12px; font-weight: 700; margin-right: 4px; }
li.error .badge { color: var(--error); } li.warning .badge { color: var(--warning); } li.info .badge { color: var(--info); }
code { font-size: 12px; color: var(--muted); }
.num { font-size: 12px; color: var(--muted); }
a.go { font-size: 12px; margin-left: 4px; }
main.document { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 22px; min-width: 0; }
main h3 { font-size: 16px; margin: 22px 0 6px; }
main h4 { font-size: 14px; margin: 14px 0 4px; }
main p { margin: 4px 0; }
.caption { margin: 18px 0 4px; font-weight: 600; }
.caption small { font-weight: 400; color: var(--muted); margin-left: 8px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 12.5px; margin: 2px 0 10px; }
th, td { border: 1px solid var(--line); padding: 2px 6px; vertical-align: top; }
thead th { background: #eef1f5; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.hit, mark { position: relative; }
.error-hit { background: var(--error-bg) !important; outline: 2px solid var(--error); }
.warning-hit { background: var(--warning-bg) !important; outline: 1px solid #e0a100; }
.info-hit { background: var(--info-bg) !important; }
tr.row-error td { background: #fff5f5; } tr.row-warning td { background: #fffcf0; } tr.row-info td { background: #f6f9ff; }
mark { padding: 0 1px; border-radius: 2px; }
sup.ref a { font-size: 10px; text-decoration: none; font-weight: 700; color: #1f3a5f; margin-left: 1px; }
.missing { color: var(--error); font-style: italic; }
.unreadable { background: var(--error-bg); border: 1px solid var(--error); padding: 10px 14px; border-radius: 6px; }
@media print { aside.findings { position: static; max-height: none; } .layout { display: block; } }
"""


JS = """
addEventListener("click", e => {
  const a = e.target.closest("a[href^='#']");
  if (!a) return;
  const target = document.getElementById(a.getAttribute("href").slice(1));
  const details = target && target.closest("details");
  if (details) details.open = true;
});
"""


class _Doc:
    """HTML of one document with its findings placed."""

    def __init__(self, n: int, doc: DocumentReport) -> None:
        self.n = n
        self.doc = doc
        self.d: Disclosure = doc.disclosure  # type: ignore[assignment]
        self.findings = [f for _, group in doc.ordered() for f in group]
        self.placement: Placement = place(self.d, self.findings)
        self.anchored: set[int] = set()

    def fid(self, number: int) -> str:
        return f"d{self.n}-f{number}"

    def cid(self, number: int) -> str:
        return f"d{self.n}-c{number}"

    def sev(self, numbers: list[int]) -> str:
        return max((self.findings[i - 1].severity for i in numbers), key=lambda s: SEVERITY_ORDER[s])

    def refs(self, numbers: list[int]) -> str:
        """Superscript links to findings, and the anchors the findings link to."""
        out = []
        for i in numbers:
            anchor = ""
            if i not in self.anchored:
                self.anchored.add(i)
                anchor = f' id="{self.cid(i)}"'
            out.append(f'<a{anchor} href="#{self.fid(i)}" title="{escape(self.findings[i - 1].message)}">{i}</a>')
        return f'<sup class="ref">{"".join(out)}</sup>'

    # ------------------------------------------------------------ findings list

    def aside(self) -> str:
        parts = ['<aside class="findings">']
        if not self.findings:
            parts.append("<p>未发现问题。</p>")
        errors = [(i, f) for i, f in enumerate(self.findings, start=1) if f.severity == "error"]
        if errors:
            # the errors first, in one short list: what a reviewer must act on
            parts.append(f'<div class="digest"><b>错误 {len(errors)} 项</b><ol>')
            parts.extend(f'<li><a href="#{self.fid(i)}">{i}. {escape(_short(f.message))}</a></li>' for i, f in errors)
            parts.append("</ol></div>")
        number = 0
        for group, findings in self.doc.ordered():
            worst = max((SEVERITY_ORDER[f.severity] for f in findings), default=0)
            # groups with errors are open; warnings and info are folded (click to open)
            parts.append(f'<details{" open" if worst >= SEVERITY_ORDER["error"] else ""}>'
                         f"<summary>{escape(group)} <small>{_counts(findings)}</small></summary><ol>")
            for f in findings:
                number += 1
                parts.append(self.item(number, f))
            parts.append("</ol></details>")
        parts.append("</aside>")
        return "".join(parts)

    def item(self, number: int, f: Finding) -> str:
        go = (f' <a class="go" href="#{self.cid(number)}">定位 ↓</a>' if number in self.placement.placed else "")
        nums = []
        if f.expected is not None:
            nums.append(f"应为 {escape(f.expected)}")
        if f.actual is not None:
            nums.append(f"实为 {escape(f.actual)}")
        if f.delta is not None:
            nums.append(f"差 {escape(f.delta)}")
        if f.tolerance is not None:
            nums.append(f"允差 {escape(f.tolerance)}")
        unit = f" {escape(f.unit)}" if f.unit and nums else ""
        where = where_text(f.location)
        return (f'<li id="{self.fid(number)}" class="{f.severity}"><span class="badge">{number}. '
                f'{SEVERITY_NAMES[f.severity]}</span><code>{escape(f.code)}</code> {escape(f.message)}{go}'
                + (f'<div class="num">{" · ".join(nums)}{unit}' + (f"（{escape(where)}）" if where else "")
                   + "</div>" if nums or where else "") + "</li>")

    # ------------------------------------------------------------ the document

    def body(self) -> str:
        d = self.d
        parts = ['<main class="document">']
        if d.profile.paragraphs:
            parts.append("<h3>第一部分 概况</h3>")
            parts.extend(self.paragraph(p) for p in d.profile.paragraphs)
        tables = [t for t in d.tables if t.kind != TableKind.PERFORMANCE]
        if tables:
            parts.append("<h3>第二部分 公开表</h3>")
            parts.extend(self.table(t) for t in tables)
        parts.extend(self.missing_tables())
        for path, section in section_paths(d):
            depth = path.count(" / ")
            if section.title:
                tag = "h3" if depth == 0 else "h4"
                parts.append(f"<{tag}>{escape(heading(section))}</{tag}>")
            parts.extend(self.paragraph(p) for p in section.paragraphs)
        targets = [t for t in d.tables if t.kind == TableKind.PERFORMANCE]
        if targets:
            parts.append("<h3>项目支出绩效目标表</h3>")
            parts.extend(self.table(t) for t in targets)
        if d.glossary:
            parts.append("<h3>名词解释</h3>")
            parts.extend(f"<p>{escape(g.number)}、{escape(g.term)}：{escape(g.definition)}</p>" for g in d.glossary)
        parts.append("</main>")
        return "".join(parts)

    def missing_tables(self) -> list[str]:
        out = []
        printed = {t.id for t in self.d.tables}
        for number, f in enumerate(self.findings, start=1):
            table = f.location.table
            if table and table not in printed and number not in self.placement.placed:
                self.placement.placed.add(number)
                out.append(f'<p class="caption missing">{escape(table)}（未公开）{self.refs([number])}</p>')
        return out

    def paragraph(self, p: Paragraph) -> str:
        spans = self.placement.spans.get(id(p), [])
        ends: dict[int, list[int]] = {}
        for _, end, n in spans:
            ends.setdefault(end, []).append(n)
        out, cursor = [], 0
        for text, numbers in segments(p.text, spans):
            cursor += len(text)
            out.append(f'<mark class="{self.sev(numbers)}-hit">{escape(text)}</mark>' if numbers else escape(text))
            if cursor in ends:
                out.append(self.refs(ends.pop(cursor)))  # the links go right after the marked figure
        return f"<p>{''.join(out)}</p>"

    def table(self, t: PrintedTable) -> str:
        caption_refs = self.refs(self.placement.tables[t.id]) if t.id in self.placement.tables else ""
        unit = f"<small>单位：{escape(t.unit)}</small>" if t.unit else ""
        title = t.title if t.kind != TableKind.PERFORMANCE else f"{t.title}（{t.id}）"
        out = [f'<p class="caption">{escape(t.id if t.kind != TableKind.PERFORMANCE else "")} {escape(title)}'
               f'{unit}{caption_refs}</p><div class="scroll"><table>']
        if t.header:
            out.append("<thead>")
            for header_row in t.header:
                out.append("<tr>" + "".join(f"<th>{escape(c)}</th>" for c in header_row) + "</tr>")
            out.append("</thead>")
        out.append("<tbody>")
        codes = {j for j, label in enumerate(t.columns) if label.split("/")[-1] in ("类", "款", "项")
                 or "编码" in label.split("/")[-1]}
        for i, row in enumerate(t.rows):
            row_numbers = self.placement.rows.get((t.id, i), [])
            klass = f' class="row-{self.sev(row_numbers)}"' if row_numbers else ""
            cells = []
            for j, text in enumerate(row.cells):
                numbers = self.placement.cells.get((t.id, i, j), [])
                numeric = "n" if j not in codes and _numeric(text) else ""
                if numbers:
                    cls = f"{numeric} hit {self.sev(numbers)}-hit".strip()
                    cells.append(f'<td class="{cls}">{escape(text) or "&nbsp;"}{self.refs(numbers)}</td>')
                else:
                    cells.append(f'<td class="{numeric}">{escape(text)}</td>' if numeric else f"<td>{escape(text)}</td>")
            if row_numbers:
                cells[-1] = cells[-1][:-5] + self.refs(row_numbers) + "</td>"
            out.append(f"<tr{klass}>" + "".join(cells) + "</tr>")
        out.append("</tbody></table></div>")
        return "".join(out)

    def html(self) -> str:
        d = self.d
        kind = "预算" if d.kind == "budget" else "决算"
        c = self.doc.counts()
        title = f"{d.department.name or '（未识别部门）'} · {d.year or '？'} 年{'部门' if d.scope == 'department' else '单位'}{kind}"
        return (f'<section class="doc" id="d{self.n}"><h2>{escape(title)}</h2>'
                f'<p class="meta">文件：{escape(self.doc.path)}　<span class="counts">'
                f'<span class="error">错误 {c["error"]}</span><span class="warning">警告 {c["warning"]}</span>'
                f'<span class="info">提示 {c["info"]}</span></span></p>'
                f'<div class="layout">{self.body_and_aside()}</div></section>')

    def body_and_aside(self) -> str:
        body = self.body()  # places the anchors first, so the list knows what can be linked
        return self.aside() + body


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _counts(findings: list[Finding]) -> str:
    counts = {sev: sum(1 for f in findings if f.severity == sev) for sev in ("error", "warning", "info")}
    return " · ".join(f"{SEVERITY_NAMES[sev]} {n}" for sev, n in counts.items() if n)


def _numeric(text: str) -> bool:
    t = text.replace(",", "").replace(".", "", 1).replace("-", "", 1)
    return bool(t) and t.isdigit()


def render_html(report: Report) -> str:
    c = report.counts()
    docs = []
    for n, doc in enumerate(report.documents, start=1):
        if doc.error or doc.disclosure is None:
            docs.append(f'<section class="doc" id="d{n}"><h2>{escape(doc.path)}</h2>'
                        f'<p class="unreadable">无法读取：{escape(doc.error or "")}</p></section>')
        else:
            docs.append(_Doc(n, doc).html())
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    summary = (f"{len(report.documents)} 个文件 · 错误 {c['error']} 项 · 警告 {c['warning']} 项 · 提示 {c['info']} 项"
               + (f" · {c['unreadable']} 个文件无法读取" if c["unreadable"] else ""))
    return ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>yusuan 检查报告</title><style>{CSS}</style><script>{JS}</script></head><body>"
            f'<header class="top"><h1>yusuan 检查报告</h1><p>{escape(summary)} · 生成于 {now}</p></header>'
            + "".join(docs) + "</body></html>\n")
