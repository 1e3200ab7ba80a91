"""The narrative on its own (DOMAIN.md "What must hold" 3 and 4): its internal arithmetic.

These rules need no table, so a “三公” notice or a 说明 published alone is still checked: stated parts
must add to the stated total, shares of one whole must add to 100, vehicles by type to the total, the
numbers of people to each other. The rates of change are ``narrative_rates`` (same family of rules).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..model import Claim, ClaimKind
from .common import ZERO, nonzero, percent, wan_text
from .facts import (
    claim_figure,
    claim_half,
    other_spending,
    said,
    subject_words,
)
from .finding import Finding
from .narrative_claims import _MONEY, _half_wan, _wan, _where
from .registry import Context, declare, finding, rule

# ---------------------------------------------------------------- stated parts vs stated total


VEHICLES_SUM = declare(
    "vehicles-sum", "error", "车辆分类数之和不等于总数",
    "Under 国有资产占用, the vehicles by type (一般公务用车, 执法执勤用车, 其他车辆 …) add up to the stated total, "
    "in number and in value.",
    "“（三）国有资产占用使用情况”称车辆 26 辆，而各类车辆之和为 18 + 0 + 9 = 27 辆。", family="narrative_internal")

PART_EXCEEDS = declare(
    "part-exceeds-whole", "error", "其中的部分大于总数",
    "A figure introduced by 其中 (a part of what was just stated) is larger than the whole: larger than every amount "
    "(or count, or area) of the same kind stated before 其中 in the sentence (“政府采购预算总额0万元，其中：政府采购货物"
    "预算3456.6万元”, “安排购置车辆0辆，其中：执法执勤用车18辆”). Comparing with the largest figure before 其中 "
    "keeps a list of several wholes from being misread.",
    "“（二）政府采购情况”称政府采购预算总额 0 万元，其中政府采购货物预算 3456.6 万元；部分不能大于总数。",
    family="narrative_internal")


_PART_SETS: tuple[tuple[tuple[str, str | None], tuple[tuple[str, str | None], ...], str], ...] = (
    (("three_public", "total"), (("three_public", "outbound"), ("three_public", "vehicle_total"),
                                 ("three_public", "reception")), "“三公”经费各项"),
    (("three_public", "total"), (("three_public", "outbound"), ("three_public", "vehicle_purchase"),
                                 ("three_public", "vehicle_operation"), ("three_public", "reception")), "“三公”经费各项"),
    (("three_public", "vehicle_total"), (("three_public", "vehicle_purchase"), ("three_public", "vehicle_operation")),
     "公务用车购置费与运行费"),
    (("procurement", "total"), (("procurement", "goods"), ("procurement", "works"), ("procurement", "services")),
     "货物、工程、服务采购"),
    (("expenditure_total", None), (("expenditure", "basic"), ("expenditure", "project")), "基本支出与项目支出"),
    (("expenditure", "basic"), (("basic", "personnel"), ("basic", "public")), "人员经费与公用经费"),
)


@rule("parts-sum", "error", tags=("narrative", "sum", "internal"), title="说明中各分项之和不等于总数",
      description="Within one section of the narrative, stated parts add up to the stated total: “三公”经费 = "
                  "因公出国（境）费 + 公务用车购置及运行费 + 公务接待费 (购置及运行 = 购置 + 运行); 政府采购 = 货物 + 工程 + "
                  "服务; 支出 = 基本支出 + 项目支出; 基本支出 = 人员经费 + 公用经费; vehicles by type = the total.",
      example="“八、关于…“三公”经费预算情况说明”称“三公”经费 23.98 万元，而各项之和为 0 + 0 + 23.92 + 0.16 = 24.08 万元。",
      emits=(VEHICLES_SUM, PART_EXCEEDS))
def parts_sums(ctx: Context) -> Iterator[Finding]:
    by_section: dict[str, list[Claim]] = {}
    for c in ctx.d.narrative.claims:
        if c.kind == ClaimKind.AMOUNT and c.unit in _MONEY and c.measure not in ("budget", "prior"):
            by_section.setdefault(c.section, []).append(c)
    done: set[tuple[str, str, str | None]] = set()
    told: set[int] = set()  # wholes already reported by parts-sum
    for section, claims in by_section.items():
        for whole_key, part_keys, words in _PART_SETS:
            if whole_key == ("expenditure_total", None) and other_spending(ctx):
                continue
            whole = _first_of(claims, whole_key)
            parts = [_first_of(claims, k) for k in part_keys]
            if whole is None or any(p is None for p in parts) or (section, *whole_key) in done:
                continue
            done.add((section, *whole_key))
            found = _parts_finding("parts-sum", whole, [p for p in parts if p is not None], words)
            if found is not None:
                told.add(id(whole))
                yield found
    yield from _vehicles(ctx)
    yield from _at_most(ctx)
    yield from _parts_beyond_whole(ctx, told)


_AT_MOST: tuple[tuple[tuple[str, str], tuple[str, str], str], ...] = (
    (("procurement", "sme"), ("procurement", "total"), "面向中小企业预留金额不能大于政府采购预算总额"),
    (("procurement", "small_micro"), ("procurement", "sme"), "面向小微企业预留金额不能大于面向中小企业预留金额"),
    (("assets", "equipment_100"), ("assets", "equipment_50"), "100 万元以上设备是 50 万元以上设备的一部分"),
)


def _at_most(ctx: Context) -> Iterator[Finding]:
    """A part stated larger than the whole it belongs to (预留 ≤ 采购总额, 100 万元以上设备 ≤ 50 万元以上)."""
    claims = [c for c in ctx.d.narrative.claims if c.kind in (ClaimKind.AMOUNT, ClaimKind.COUNT)]
    for part_key, whole_key, why in _AT_MOST:
        for plan in (False, True):
            mine = [c for c in claims if _is_plan(c) == plan]
            part = next((c for c in mine if (c.subject.kind, c.subject.key) == part_key), None)
            whole = next((c for c in mine if (c.subject.kind, c.subject.key) == whole_key), None)
            if part is None or whole is None or part.value <= whole.value + claim_half(part) + claim_half(whole):
                continue
            yield finding("parts-sum", f"{_where(part)}称{subject_words(part.subject)} {said(part)}，大于"
                                       f"{subject_words(whole.subject)} {said(whole)}；{why}。",
                          claim_figure(part).where, expected=f"≤{whole.value}", actual=part.value, unit=part.unit,
                          compared=[claim_figure(whole).where])


def _family(c: Claim) -> str:
    return "money" if c.unit in _MONEY else c.unit


def _magnitude(c: Claim) -> Decimal:
    return _wan(c) if c.unit in _MONEY else c.value


def _parts_beyond_whole(ctx: Context, told: set[int]) -> Iterator[Finding]:
    """Parts after 其中 larger than every whole of their kind stated before it in the sentence."""
    claims = [c for c in ctx.d.narrative.claims if c.kind in (ClaimKind.AMOUNT, ClaimKind.COUNT, ClaimKind.AREA)]
    by_sentence: dict[str, list[Claim]] = {}
    for c in claims:
        by_sentence.setdefault(c.sentence, []).append(c)
    reported: set[int] = set()
    for sentence, mine in by_sentence.items():
        for m in re.finditer("其中", sentence):
            end = sentence.find("其中", m.end())
            end = len(sentence) if end < 0 else end
            before = [c for c in mine if c.span[1] <= m.start()]
            for part in (c for c in mine if m.end() <= c.span[0] < end and id(c) not in reported):
                wholes = [w for w in before if _family(w) == _family(part) and w.kind == part.kind]
                if not wholes:
                    continue
                whole = max(wholes, key=_magnitude)
                if id(whole) in told:
                    continue
                slack = _half_wan(whole) + _half_wan(part) if part.unit in _MONEY else ZERO
                if _magnitude(part) <= _magnitude(whole) + slack:
                    continue
                reported.add(id(part))
                yield finding(PART_EXCEEDS, f"{_where(part)}称{_part_words(sentence, whole)} {said(whole)}，其中"
                                            f"{_part_words(sentence, part)} {said(part)}；部分不能大于总数。",
                              claim_figure(part).where, expected=f"≤{whole.value}", actual=part.value, unit=part.unit,
                              compared=[claim_figure(whole).where])


def _part_words(sentence: str, part: Claim) -> str:
    """The words naming a part: the text just before its figure, back to the last separator."""
    before = sentence[: part.span[0]]
    start = max(before.rfind(ch) for ch in "，,、；;：:") + 1
    return before[start:].strip() or subject_words(part.subject)


def _is_plan(c: Claim) -> bool:
    return "安排购置" in c.sentence[: c.span[0]] or "拟购置" in c.sentence[: c.span[0]]


def _first_of(claims: list[Claim], key: tuple[str, str | None]) -> Claim | None:
    kind, k = key
    for c in claims:
        if c.subject.kind == kind and c.subject.key == k and "安排购置" not in c.sentence:
            return c
        if kind == "expenditure_total" and c.subject.kind in ("total", "expenditure_total"):
            return c
    return None


def _parts_finding(code: str, whole: Claim, parts: list[Claim], words: str, unit: str = "万元") -> Finding | None:
    total = sum((_wan(p) if unit == "万元" else p.value for p in parts), ZERO)
    stated = _wan(whole) if unit == "万元" else whole.value
    # money is rounded to its printed digits; counts of vehicles or people are exact
    tol = sum((_half_wan(p) for p in [whole, *parts]), ZERO) if unit == "万元" else ZERO
    if abs(total - stated) <= tol:
        return None
    text = " + ".join(wan_text(_wan(p) if unit == "万元" else p.value) for p in parts)
    return finding(code, f"{_where(whole)}称{subject_words(whole.subject)} {said(whole)}，而{words}之和为 {text} = "
                         f"{wan_text(total)} {unit}。",
                   claim_figure(whole).where, expected=total, actual=stated, delta=stated - total, tolerance=tol,
                   unit=unit, compared=[claim_figure(p).where for p in parts])


def _vehicles(ctx: Context) -> Iterator[Finding]:
    claims = [c for c in ctx.d.narrative.claims if c.subject.kind == "assets" and "安排购置" not in c.sentence
              and (c.subject.key or "").startswith("vehicles")]
    for measure, unit in (("count", "辆"), ("value", "万元")):
        mine = [c for c in claims if c.measure == measure and c.kind in (ClaimKind.COUNT, ClaimKind.AMOUNT)]
        whole = next((c for c in mine if c.subject.key == "vehicles"), None)
        seen: dict[str, Claim] = {}
        for c in mine:
            if c.subject.key != "vehicles" and c.subject.key not in seen:
                seen[c.subject.key or ""] = c
        if whole is None or len(seen) < 2:
            continue
        found = _parts_finding(VEHICLES_SUM, whole, list(seen.values()), "各类车辆", unit)
        if found is not None:
            yield found


# ---------------------------------------------------------------- shares of one whole


@rule("share-sum", "error", tags=("narrative", "percent", "internal"), title="各部分占比之和不等于 100%",
      description="Shares of one whole stated in one section add up to at most 100%, and to 100% (within the "
                  "rounding of the printed shares) when the parts cover the whole (基本支出 + 项目支出; every "
                  "function class with money).",
      example="“三、关于…支出预算情况说明”称基本支出占 77.98%、项目支出占 23.02%，合计 101.00%，应为 100%。")
def share_sums(ctx: Context) -> Iterator[Finding]:
    groups: dict[tuple[str, str, str | None, str], list[Claim]] = {}
    for c in ctx.d.narrative.claims:
        if c.kind != ClaimKind.SHARE or c.of is None or c.subject.kind in ("unknown", "reason"):
            continue
        family = "functional3" if c.subject.kind == "functional" and len(c.subject.key or "") == 3 else c.subject.kind
        groups.setdefault((c.section, c.of.kind, c.of.key, family), []).append(c)
    for (_, _, _, family), claims in groups.items():
        unique = list({(c.subject.kind, c.subject.key): c for c in claims}.values())
        if len(unique) < 2:
            continue
        total = sum((c.value for c in unique), ZERO)
        tol = sum((claim_half(c) for c in unique), ZERO)
        complete = _covers(ctx, family, unique)
        if total > 100 + tol or (complete and abs(total - 100) > tol):
            text = "、".join(f"{subject_words(c.subject)} {said(c)}" for c in unique)
            yield finding("share-sum", f"{_where(unique[0])}称{text}，合计 {percent(total)}，"
                                       f"{'应为 100%' if complete else '超过 100%'}。",
                          claim_figure(unique[0]).where, expected="100" if complete else "≤100", actual=total,
                          delta=total - 100, tolerance=tol, unit="%",
                          compared=[claim_figure(c).where for c in unique[1:]])


def _covers(ctx: Context, family: str, claims: list[Claim]) -> bool:
    keys = {c.subject.key for c in claims}
    if family == "expenditure":
        return keys >= {"basic", "project"} and not other_spending(ctx)
    if family == "functional3":
        table = ctx.d.views.general_budget or ctx.d.views.expenditure
        if table is None:
            return False
        classes = {ln.code for ln in table.lines if len(ln.code) == 3 and nonzero(ln.total)}
        return bool(classes) and classes <= keys
    return False


# ---------------------------------------------------------------- Part 1: people and units

STAFF_SUM = "staff-sum"


@rule(STAFF_SUM, "warning", tags=("profile", "internal"), title="人员数前后不符",
      description="In Part 1 (人员情况), 实有人数 equals 在职 + 退休 + 离休 when all are stated; the number of units "
                  "by type (行政单位 + 事业单位) equals 本级 + the stated number of subordinate units.",
      example="水磨沟区人民政府办公室实有人数 15 人，而在职 14 人 + 退休 0 人 + 离休 0 人 = 14 人。")
def staff(ctx: Context) -> Iterator[Finding]:
    p = ctx.d.profile
    for s in p.staff:
        parts = [s.active, s.retired, s.veteran_retired]
        if s.actual is None or any(x is None for x in parts):
            continue
        total = sum(x for x in parts if x is not None)
        if total != s.actual:
            yield finding(STAFF_SUM, f"{s.unit}实有人数 {s.actual} 人，而在职 {s.active} 人 + 退休 {s.retired} 人 + "
                                     f"离休 {s.veteran_retired} 人 = {total} 人。", s.source,
                          expected=total, actual=s.actual, delta=s.actual - total, unit="人")
    for c in ctx.d.narrative.claims:
        generic = re.match(r"家(?:预算)?单位", c.sentence[c.span[1] - 1:c.span[1] + 4]) is not None
        if c.subject.kind == "units" and c.subject.key == "subordinate" and c.kind == ClaimKind.COUNT \
                and p.unit_count is not None and int(c.value) != p.unit_count and generic:
            yield finding(STAFF_SUM, f"{_where(c)}称下属 {said(c)}，而概况称下属 {p.unit_count} 家预算单位。",
                          claim_figure(c).where, expected=p.unit_count, actual=c.value, unit="家")
    if p.unit_count is not None and p.admin_units is not None and p.institution_units is not None:
        typed = p.admin_units + p.institution_units
        if typed != p.unit_count + 1 and typed != p.unit_count:
            yield finding(STAFF_SUM, f"概况称下属 {p.unit_count} 家预算单位（连同本级共 {p.unit_count + 1} 家），而行政单位 "
                                     f"{p.admin_units} 家 + 事业单位 {p.institution_units} 家 = {typed} 家。",
                          p.paragraphs[0].source if p.paragraphs else None, expected=p.unit_count + 1, actual=typed,
                          unit="家")
