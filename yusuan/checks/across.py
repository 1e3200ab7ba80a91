"""Across documents (DOMAIN.md "What must hold" 9): this year's stated prior-year figures against last
year's published document of the same department (``--prior``), and a 部门 against its units.

A stated change implies the prior-year figure: prior = this year's amount − the signed change. That
figure must be what last year's document published for the same subject (the same table cell:
totals, 基本/项目支出, each function line by code, the “三公” items). A prior document of another
department, another year or another kind (预算 vs 决算) is not compared: a warning says why.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..model import Claim, ClaimKind, Disclosure, SourceRef, Subject
from ..normalize import key, similarity
from .common import ZERO, Figure, money, wan_text
from .facts import claim_figure, said, same_subject, section_name, subject_words, table_figure
from .finding import Finding
from .registry import Context, declare, finding, rule

PRIOR_MISMATCH = declare(
    "prior-not-comparable", "warning", "上年文件不可比",
    "The document given with --prior is not last year's document of the same department and kind (another "
    "department, another year or 预算 vs 决算): nothing is compared, and the warning says why.",
    "--prior 给出的是“上海市普陀区财政局”2024 年的文件，与本文件（上海市普陀区商务委员会）不是同一部门，未作跨年度比对。",
    family="across")


def _same_department(a: Disclosure, b: Disclosure) -> bool:
    ka, kb = key(a.department.name), key(b.department.name)
    if not ka or not kb:
        return True
    return ka == kb or ka in kb or kb in ka or similarity(ka, kb) >= 0.85


def comparable(d: Disclosure, prior: Disclosure) -> str | None:
    """Why ``prior`` cannot be compared with ``d`` (None when it can)."""
    if not _same_department(d, prior):
        return (f"--prior 给出的是“{prior.department.name}”的文件，与本文件（{d.department.name}）不是同一部门，"
                f"未作跨年度比对。")
    if d.year is not None and prior.year is not None and prior.year != d.year - 1:
        return f"--prior 给出的是 {prior.year} 年的文件，不是本文件（{d.year} 年）的上一年度，未作跨年度比对。"
    if d.kind != prior.kind:
        kinds = {"budget": "预算", "final_accounts": "决算"}
        return f"--prior 给出的是{kinds[prior.kind]}文件，本文件是{kinds[d.kind]}，口径不同，未作跨年度比对。"
    return None


@rule("prior-figure", "error", family="across", tags=("across", "change"), title="上年数与上年公开文件不符",
      description="With --prior (last year's document of the same department): for every change stated in the "
                  "narrative (比上年增加/减少 x), this year's amount − the signed change equals the figure last year's "
                  "document published for the same subject (totals, income sources, 基本/项目支出, each function line "
                  "by code, the “三公” items, 人员/公用经费). A change written 增加（减少） is compared by size and the "
                  "true direction is named. A prior document that is not comparable gives prior-not-comparable.",
      example="“五、一般公共预算当年拨款情况说明”称基本支出 464.04 万元、比上年增加 20.08 万元，即上年 443.96 万元；"
              "而上年公开的表五基本支出为 450.00 万元，实际增加 14.04 万元。",
      emits=(PRIOR_MISMATCH,), needs_prior=True)
def prior_figures(ctx: Context) -> Iterator[Finding]:
    prior = ctx.prior
    if prior is None:
        return
    why = comparable(ctx.d, prior)
    if why is not None:
        yield finding(PRIOR_MISMATCH, why, _doc_where(ctx.d), expected=ctx.d.department.name,
                      actual=prior.department.name)
        return
    before = Context(prior)
    seen: set[tuple[str, str | None, str]] = set()
    for c in ctx.d.narrative.claims:
        if c.kind != ClaimKind.CHANGE or c.unit not in ("万元", "元") or c.subject.kind in ("reason", "unknown"):
            continue
        current = _current(ctx, c)
        if current is None:
            continue
        last = _prior_figure(before, c.subject, c.section)
        if last is None:
            continue
        k = (c.subject.kind, c.subject.key, f"{c.value}")
        if k in seen:
            continue
        seen.add(k)
        found = _compare(c, current, last, prior)
        if found is not None:
            yield found


def _doc_where(d: Disclosure) -> SourceRef:
    return SourceRef(file=d.source.path or None)


def _current(ctx: Context, change: Claim) -> Figure | None:
    same = [c for c in ctx.d.narrative.claims if c.sentence == change.sentence and c.kind == ClaimKind.AMOUNT
            and same_subject(c.subject, change.subject) and c.unit in ("万元", "元") and c.span[0] < change.span[0]]
    if same:
        return claim_figure(same[-1])
    return table_figure(ctx, change.subject, change.section)


def _prior_figure(before: Context, subject: Subject, section: str) -> Figure | None:
    found = table_figure(before, subject, section)
    if found is not None:
        return found
    if subject.kind == "functional" and subject.key:
        v = before.d.views
        table = v.general_budget or v.expenditure
        if table is not None and any(len(ln.code) == len(subject.key) for ln in table.lines):
            return Figure(ZERO, table.unit, 2, SourceRef(file=before.d.source.path or None, table=table.table,
                                                         row=subject.key),
                          f"上年{table.table}（无“{subject.key}”行，即 0）")
    return None


def _compare(c: Claim, current: Figure, last: Figure, prior: Disclosure) -> Finding | None:
    stated = claim_figure(c)
    sign = {"increase": 1, "new": 1, "decrease": -1, "flat": 0}.get(c.direction or "")
    true_change = current.wan - last.wan
    tol = current.half + stated.half + last.half
    if sign is None:
        implied = current.wan - stated.wan * (1 if true_change >= 0 else -1)
    else:
        implied = current.wan - stated.wan * sign
    if abs(implied - last.wan) <= tol:
        return None
    word = "增加" if true_change >= 0 else "减少"
    return finding(
        "prior-figure",
        f"“{section_name(c.section)}”称{subject_words(c.subject)} {money(current.value, current.unit)}、比上年"
        f"{_dir(c)} {said(c)}，即上年 {wan_text(implied)} 万元；而上年公开的{last.label}为 "
        f"{money(last.value, last.unit)}（{prior.year or ''} 年），实际{word} {wan_text(abs(true_change))} 万元。",
        stated.where, expected=last.wan, actual=implied, delta=implied - last.wan, tolerance=tol, unit="万元",
        compared=[last.where])


def _dir(c: Claim) -> str:
    return {"increase": "增加", "decrease": "减少", "new": "新增", "flat": "持平"}.get(c.direction or "", "增加（减少）")


# ---------------------------------------------------------------- a 部门 and its units

CONSOLIDATION = "department-units"


def consolidation(documents: Sequence[Disclosure]) -> list[Finding]:
    """部门 = Σ its units, when a department's document and all its units' documents are checked together."""
    from .registry import load

    load()
    out: list[Finding] = []
    for dept in documents:
        if dept.scope != "department" or not dept.profile.units:
            continue
        units = [u for u in documents if u is not dept and u.scope == "unit" and u.year == dept.year]
        names = [u.name for u in dept.profile.units]
        mine = [u for u in units if any(_same_name(u.department.name, n) for n in names)]
        if not mine or len(mine) < len(names):
            continue
        for subject, words in ((Subject(kind="total"), "收支总额"), (Subject(kind="expenditure", key="basic"), "基本支出"),
                               (Subject(kind="expenditure", key="project"), "项目支出")):
            whole = table_figure(Context(dept), subject)
            parts = [table_figure(Context(u), subject) for u in mine]
            if whole is None or any(p is None for p in parts):
                continue
            total = sum((p.wan for p in parts if p is not None), ZERO)
            tol = whole.half + sum((p.half for p in parts if p is not None), ZERO)
            if abs(total - whole.wan) <= tol:
                continue
            out.append(finding(CONSOLIDATION, f"{dept.department.name}{words} {money(whole.value, whole.unit)}，而所属 "
                                              f"{len(mine)} 个单位之和为 {wan_text(total)} 万元。", whole.where,
                               expected=total, actual=whole.wan, delta=whole.wan - total, tolerance=tol, unit="万元",
                               compared=[p.where for p in parts if p is not None]).model_copy(
                update={"rule": "across.consolidation"}))
    return out


def _same_name(a: str, b: str) -> bool:
    ka, kb = key(a), key(b)
    return bool(ka and kb) and (ka == kb or ka.endswith(kb) or kb.endswith(ka))


declare(CONSOLIDATION, "error", "部门数不等于所属单位之和",
        "When a department's document and the documents of all the units it lists (本级 and 下属) are checked "
        "together, the department's totals (收支总额, 基本支出, 项目支出) equal the sum of its units'.",
        "乌鲁木齐市水磨沟区人民政府办公室收支总额 595.08 万元，而所属 2 个单位之和为 585.08 万元。", family="across")
