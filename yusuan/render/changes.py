"""``changes.html``: every sentence of the corrected narrative that differs from the published one,
before and after, and why.

Sentences are aligned section by section (the numbered headings of Part 3), then in order; the
reasons come from the correction notes (recovered prior-year figures, wrong bases, parts that do not
add up), from the findings of ``yusuan check`` on the published document, and from comparing the
figures each sentence states.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from html import escape

from ..model import Claim, ClaimKind, Disclosure, Section
from ..normalize import key, similarity
from .correct import Note
from .figures import current_figures, subject_key

RESIDUE = re.compile(r"增加[（(]减少[)）]|减少[（(]增加[)）]|增长[（(]下降[)）]|下降[（(]增长[)）]|[（(]或[^）)]*[)）]|XX|××")
KIND_WORDS = {ClaimKind.AMOUNT: "金额", ClaimKind.SHARE: "占比", ClaimKind.CHANGE: "变动额", ClaimKind.RATE: "增减率"}


@dataclass
class SentenceChange:
    section: str
    before: str
    after: str
    why: list[str] = field(default_factory=list)


def _sentences(section: Section) -> list[str]:
    out = []
    for p in section.paragraphs:
        parts = [s for s in re.findall(r"[^。]+。?", p.text) if s.strip()]
        out.extend(parts or [p.text])
    return out


def _by_section(sections: list[Section]) -> dict[str, tuple[str, list[str]]]:
    """Section path ("五/三") → (heading, sentences), children included."""
    out: dict[str, tuple[str, list[str]]] = {}

    def walk(section: Section, path: list[str]) -> None:
        here = [*path, section.number or section.title]
        heading = f"{section.number}、{section.title}" if section.level <= 1 else f"（{section.number}）{section.title}"
        out["/".join(here)] = (heading, _sentences(section))
        for child in section.children:
            walk(child, here)

    for s in sections:
        walk(s, [])
    return out


def _align(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """Pairs (before, after) of sentences that differ; "" on one side for a sentence only on the other."""
    matcher = difflib.SequenceMatcher(a=[key(s) for s in before], b=[key(s) for s in after], autojunk=False)
    pairs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = before[i1:i2], after[j1:j2]
        used: set[int] = set()
        for old in olds:
            best = max(((similarity(old, new), j) for j, new in enumerate(news) if j not in used), default=(0.0, -1))
            if best[0] >= 0.45:
                used.add(best[1])
                pairs.append((old, news[best[1]]))
            else:
                pairs.append((old, ""))
        pairs += [("", new) for j, new in enumerate(news) if j not in used]
    return pairs


def _claims_by_sentence(d: Disclosure) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {}
    for c in d.narrative.claims:
        out.setdefault(key(c.sentence), []).append(c)
    return out


def _in(sentence: str, index: dict[str, list[Claim]]) -> list[Claim]:
    k = key(sentence)
    return [c for s, claims in index.items() if s and (s in k or k in s) for c in claims]


def _why(before: str, after: str, old_claims: list[Claim], new_claims: list[Claim], notes: list[Note],
         findings: list[tuple[str, str]], figures: dict[str, object]) -> list[str]:
    reasons: list[str] = []
    k_before = key(before)
    for sentence, message in findings:
        ks = key(sentence)
        if ks and before and (ks in k_before or k_before in ks) and message not in reasons:
            reasons.append(f"检查发现：{message}")
    subjects = {subject_key(c.subject) for c in old_claims + new_claims}
    for note in notes:
        if note.subject in subjects and note.message not in reasons:
            reasons.append(note.message)
    old_subjects = {subject_key(c.subject) for c in old_claims if c.subject.kind != "reason"}
    new_subjects = {subject_key(c.subject) for c in new_claims if c.subject.kind != "reason"}
    if old_subjects and new_subjects and not old_subjects & new_subjects:
        reasons.append(f"原文此句说的是{_names(old_subjects)}，按本节标题改为说明{_names(new_subjects)}。")
    if "项目名称" in before and "项目名称" in after and key(before) != key(after):
        reasons.append("项目名称改为与表七一致。")
    if before and RESIDUE.search(before):
        reasons.append(f"删除模板残留“{RESIDUE.search(before).group(0)}”。")  # type: ignore[union-attr]
    old_by = {(subject_key(c.subject), c.kind): c for c in old_claims}
    for c in new_claims:
        old = old_by.get((subject_key(c.subject), c.kind))
        word = KIND_WORDS.get(c.kind)
        if word is None:
            continue
        if old is None:
            if c.kind in (ClaimKind.SHARE, ClaimKind.CHANGE, ClaimKind.RATE) and before:
                reasons.append(f"补充{word} {c.text}（按表中数字计算）。")
            continue
        if old.value != c.value:
            basis = "与表中数字一致" if figures.get(subject_key(c.subject)) == c.value else "按表中数字重新计算"
            line = f"{word}由 {old.text} 改为 {c.text}（{basis}）。"
            if not any(str(old.value) in r and str(c.value) in r for r in reasons):
                reasons.append(line)
    if not before:
        reasons.append("原文没有这一句：按表中数字补写。")
    elif not after:
        reasons.append("新文没有这一句：其内容已并入相邻句子，或所述数据已按表格改写。")
    if not reasons:
        reasons.append("数字未变，措辞按统一格式改写（单位名称、小数位、标点）。")
    return reasons


SUBJECT_NAMES = {
    "total": "收支总预算", "income_total": "收入总预算", "expenditure_total": "支出总预算",
    "expenditure:basic": "基本支出", "expenditure:project": "项目支出", "fiscal_total": "财政拨款收支总预算",
    "general_budget_total": "一般公共预算当年拨款", "basic:personnel": "人员经费", "basic:public": "公用经费",
    "operating_costs": "机关运行经费", "gov_fund": "政府性基金预算拨款支出", "income:general_budget": "一般公共预算收入",
}


def _names(subjects: set[str]) -> str:
    return "、".join(sorted(SUBJECT_NAMES.get(s, s) for s in subjects))


def compare(published: Disclosure, corrected: Disclosure, notes: list[Note],
            findings: list[tuple[str, str]] | None = None) -> list[SentenceChange]:
    """Every sentence of the corrected narrative that differs from the published one."""
    from .document import narrative_sections

    old = _by_section(narrative_sections(published))
    new = _by_section(narrative_sections(corrected))
    old_index, new_index = _claims_by_sentence(published), _claims_by_sentence(corrected)
    figures: dict[str, object] = dict(current_figures(corrected))
    out: list[SentenceChange] = []
    for path in [*old, *(p for p in new if p not in old)]:
        heading, before = old.get(path, ("", []))
        new_heading, after = new.get(path, (heading, []))
        for b, a in _align(before, after):
            why = _why(b, a, _in(b, old_index) if b else [], _in(a, new_index) if a else [], notes, findings or [],
                       figures)
            out.append(SentenceChange(section=new_heading or heading, before=b, after=a, why=why))
    return out


def changes_html(changes: list[SentenceChange], title: str, notes: list[Note],
                 table_problems: list[str] | None = None) -> str:
    """One self-contained page: a table of sentence changes, grouped by section; then the problems
    found in the tables, which correction mode leaves as published."""
    rows = []
    section = None
    for ch in changes:
        if ch.section != section:
            section = ch.section
            rows.append(f'<tr class="section"><th colspan="3" scope="colgroup">{escape(section)}</th></tr>')
        why = "".join(f"<li>{escape(w)}</li>" for w in ch.why)
        rows.append(f"<tr><td class=\"before\">{_mark(ch.before, ch.after, 'del')}</td>"
                    f"<td class=\"after\">{_mark(ch.after, ch.before, 'ins')}</td><td><ul>{why}</ul></td></tr>")
    other = [n for n in notes if n.subject.startswith(("project:", "table:")) or n.subject == "glossary"]
    extra = "".join(f"<li>{escape(n.message)}</li>" for n in other)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}：情况说明修改对照</title>
<style>
body {{ font-family: "Noto Serif CJK SC", "SimSun", serif; margin: 2em auto; max-width: 75em; line-height: 1.6; color: #1a1a1a; }}
h1 {{ font-family: "Noto Sans CJK SC", "SimHei", sans-serif; font-size: 1.5em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #999; padding: .4em .6em; vertical-align: top; text-align: left; }}
thead th {{ background: #eee; }}
tr.section th {{ background: #f6f1e7; font-family: "Noto Sans CJK SC", sans-serif; }}
td.before {{ width: 36%; }} td.after {{ width: 36%; }}
del {{ background: #fbdada; text-decoration: line-through; }} ins {{ background: #d8f3d8; text-decoration: none; }}
ul {{ margin: 0; padding-left: 1.2em; }}
</style></head><body>
<h1>{escape(title)}：情况说明修改对照</h1>
<p>表格保持原样；情况说明按表格数字重新生成。下表列出与原文不同的每一句（共 {len(changes)} 处），以及修改原因。</p>
{f'<h2>其他修改</h2><ul>{extra}</ul>' if extra else ''}
{_table_section(table_problems or [])}
<table><thead><tr><th scope="col">原文</th><th scope="col">修改后</th><th scope="col">原因</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""


def _table_section(problems: list[str]) -> str:
    if not problems:
        return ""
    items = "".join(f"<li>{escape(p)}</li>" for p in problems)
    return ("<h2>表格中的问题（未改动）</h2><p>更正模式保留公开表原样；以下问题需在预算数据中核实后更正。</p>"
            f"<ul>{items}</ul>")


def _mark(text: str, other: str, tag: str) -> str:
    """The text with the parts absent from ``other`` marked (``del`` in the old, ``ins`` in the new)."""
    if not text:
        return "<em>（无）</em>"
    if not other:
        return escape(text)
    matcher = difflib.SequenceMatcher(a=other, b=text, autojunk=False)
    out = []
    for op, _, _, j1, j2 in matcher.get_opcodes():
        piece = escape(text[j1:j2])
        out.append(piece if op == "equal" or not piece else f"<{tag}>{piece}</{tag}>")
    return "".join(out)
