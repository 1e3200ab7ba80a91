"""Correction mode: keep a published document's tables, regenerate its narrative from them.

The prior-year figures are recovered from the changes the document states (prior = current − change),
kept where they are consistent: with the stated rate (on the prior-year base), with the components
of a total (基本 + 项目, the parts of “三公”), and with each other. Each decision is a ``Note`` that
says, in Chinese, why a figure of the new text differs from the published one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Amount, Claim, ClaimKind, Disclosure, PerformanceTarget
from ..normalize import key, similarity
from .derive import OTHER_USES, ZERO
from .figures import PARTS_OF_THREE_PUBLIC, current_figures, subject_key
from .wording import Change, clean_reason

HALF = Decimal("0.5")


@dataclass
class Note:
    """Why a figure was changed or dropped in the corrected text."""

    subject: str  # subject key
    message: str  # Chinese


@dataclass
class Stated:
    """A change stated in the published narrative, with what it implies."""

    subject: str
    current: Decimal
    change: Decimal  # signed
    rate: Decimal | None
    rate_places: int
    reason: str
    claim: Claim
    ambiguous: bool = False

    @property
    def prior(self) -> Decimal:
        return self.current - self.change


@dataclass
class Recovered:
    prior: dict[str, Amount] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


def _places(text: str) -> int:
    digits = text.rstrip("%").strip()
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def _stated_changes(d: Disclosure, current: dict[str, Decimal]) -> dict[str, Stated]:
    """The first stated change of each subject (with its rate and reason when stated with it)."""
    out: dict[str, Stated] = {}
    claims = d.narrative.claims
    for i, c in enumerate(claims):
        if c.kind != ClaimKind.CHANGE or c.unit not in ("万元", "元"):
            continue
        subject = subject_key(c.subject)
        if subject in out or subject not in current:
            continue
        value = Amount(value=c.value, unit=c.unit).wan  # type: ignore[arg-type]
        rate_claim = next((r for r in claims[i + 1:i + 3] if r.kind == ClaimKind.RATE and r.sentence == c.sentence
                           and subject_key(r.subject) == subject), None)
        direction = c.direction or (rate_claim.direction if rate_claim else None)
        sign = {"increase": 1, "new": 1, "decrease": -1, "flat": 0}.get(direction or "", 1)
        out[subject] = Stated(
            subject=subject, current=current[subject], change=sign * value,
            rate=rate_claim.value if rate_claim else None,
            rate_places=_places(rate_claim.text) if rate_claim else 2,
            reason=clean_reason(c.reason or (rate_claim.reason if rate_claim else None)),
            claim=c, ambiguous=c.direction is None,
        )
    return out


def _rate_note(s: Stated) -> Note | None:
    if s.rate is None:
        return None
    prior = s.prior
    if prior == 0:
        return Note(s.subject, f"上年数为 0（本年 {s.current} 全部为新增），不应计算增长率，原文写的 {s.rate}% 已删除。")
    expected = Change(s.current, prior).rate or ZERO
    tolerance = HALF * Decimal(1).scaleb(-s.rate_places)
    if abs(expected - s.rate) <= tolerance + Decimal("0.005"):
        return None
    on_current = (abs(s.change) / s.current * 100) if s.current else None
    if on_current is not None and abs(on_current - s.rate) <= tolerance + Decimal("0.005"):
        return Note(s.subject, f"原文增长率 {s.rate}% 是用变动额 {abs(s.change)} 除以本年数 {s.current} 算的；"
                               f"应以上年数 {prior} 为基数，为 {expected}%。")
    return Note(s.subject, f"原文增长率 {s.rate}% 与变动额不符：上年数 {prior}，变动 {abs(s.change)}，应为 {expected}%。")


def recover_prior(d: Disclosure) -> Recovered:
    """Prior-year figures and reasons from the changes a published narrative states."""
    current = current_figures(d)
    stated = _stated_changes(d, current)
    out = Recovered()
    priors: dict[str, Decimal] = {}
    for subject, s in stated.items():
        priors[subject] = s.prior
        if s.reason:
            out.reasons[subject] = s.reason
        if s.ambiguous:
            out.notes.append(Note(subject, "原文“增加（减少）”未写明方向，按与其他数字一致的方向改写。"))
        note = _rate_note(s)
        if note:
            out.notes.append(note)
    _reconcile_totals(priors, stated, current, out)
    _reconcile_three_public(priors, stated, current, out)
    out.prior = {k: Amount(value=v, unit="万元") for k, v in priors.items()}
    return out


def _parts_words(uses: list[str]) -> str:
    words = {"expenditure:basic": "基本支出", "expenditure:project": "项目支出",
             **{f"expenditure:{k}": v for k, v in OTHER_USES.items()}}
    return "、".join(words[u] for u in uses)


def _reconcile_totals(priors: dict[str, Decimal], stated: dict[str, Stated], current: dict[str, Decimal],
                      out: Recovered) -> None:
    """Totals must change by the sum of their parts: 基本 + 项目 is the whole budget's change."""
    uses = ["expenditure:basic", "expenditure:project",
            *(k for k in current if k.startswith("expenditure:") and k.split(":")[1] in OTHER_USES)]
    if any(u not in priors for u in uses):
        return  # a part's prior figure is not stated: the whole cannot be told from its parts
    prior_total = sum((priors[u] for u in uses), ZERO)
    whole = ("total", "income_total", "expenditure_total", "fiscal_total", "general_budget_total",
             "income:general_budget")
    only_general = current.get("income:general_budget") == current.get("total")
    for subject in whole:
        if subject not in priors:
            continue
        if subject == "income:general_budget" and not only_general:
            continue
        if subject in ("fiscal_total", "general_budget_total") and not only_general:
            continue
        if priors[subject] != prior_total:
            s = stated[subject]
            fixed = current[subject] - prior_total
            out.notes.append(Note(subject, f"原文称比上年{'增加' if s.change >= 0 else '减少'} {abs(s.change)}，"
                                           f"但{_parts_words(uses)}的变动之和为 {fixed:+}，按后者改写。"))
            priors[subject] = prior_total
    for subject in whole:
        if subject not in priors and only_general and subject in current:
            priors[subject] = prior_total


def _reconcile_three_public(priors: dict[str, Decimal], stated: dict[str, Stated], current: dict[str, Decimal],
                            out: Recovered) -> None:
    """“三公” changes: the parts are more specific than the total; parts stated as 未安排 did not change."""
    if not any(f"three_public:{p}" in priors for p in PARTS_OF_THREE_PUBLIC):
        return
    for part in PARTS_OF_THREE_PUBLIC:
        subject = f"three_public:{part}"
        if subject not in priors and current.get(subject, ZERO) == 0:
            priors[subject] = ZERO  # "未安排预算": nothing this year and, as stated, no change
    if not all(f"three_public:{p}" in priors for p in PARTS_OF_THREE_PUBLIC):
        return
    parts = sum((priors[f"three_public:{p}"] for p in PARTS_OF_THREE_PUBLIC), ZERO)
    if "three_public:total" in priors and priors["three_public:total"] != parts:
        s = stated["three_public:total"]
        change = current["three_public:total"] - parts
        out.notes.append(Note("three_public:total", f"原文称“三公”经费合计比上年变动 {s.change:+}，"
                                                    f"但各项变动之和为 {change:+}，按各项改写。"))
    priors["three_public:total"] = parts


LEVEL1 = ("产出指标", "效益指标", "满意度指标")
# a 二级 indicator printed in the 一级 column → (一级, 二级)
LEVEL1_SLIPS = {"成本指标": ("产出指标", "成本指标"), "可持续影响指标": ("效益指标", "可持续影响指标"),
                "社会效益指标": ("效益指标", "社会效益指标"), "经济效益指标": ("效益指标", "经济效益指标"),
                "生态效益指标": ("效益指标", "生态效益指标"), "数量指标": ("产出指标", "数量指标"),
                "质量指标": ("产出指标", "质量指标"), "时效指标": ("产出指标", "时效指标")}


def _fix_levels(t: PerformanceTarget) -> tuple[PerformanceTarget, list[Note]]:
    """Indicators whose 二级 name sits in the 一级 column are put back under their 一级."""
    indicators, notes = [], []
    for ind in t.indicators:
        if ind.level1 not in LEVEL1 and ind.level1 in LEVEL1_SLIPS:
            level1, level2 = LEVEL1_SLIPS[ind.level1]
            notes.append(Note(f"project:{t.project}", f"绩效目标表“{t.project}”中“{ind.name or ind.level1}”按一级指标"
                                                      f"“{level1}”、二级指标“{level2}”归类。"))
            ind = ind.model_copy(update={"level1": level1, "level2": level2})
        indicators.append(ind)
    return t.model_copy(update={"indicators": indicators}), notes


def correct_performance(d: Disclosure) -> tuple[list[PerformanceTarget], list[Note]]:
    """Performance-target funds that disagree with 表七: set to the project's amount, with a note;
    二级 indicators printed as 一级 put back in place."""
    view = d.views.general_project
    fixed: list[PerformanceTarget] = []
    notes: list[Note] = []
    targets = []
    for t in d.performance:
        t, level_notes = _fix_levels(t)
        notes += level_notes
        targets.append(t)
    if view is None:
        return targets, notes
    for t in targets:
        line = max(view.projects, key=lambda p: 1.0 if key(p.name) == key(t.project) else similarity(p.name, t.project),
                   default=None)
        if line is None or line.amount is None or similarity(line.name, t.project) < 0.6:
            fixed.append(t)
            continue
        amount = line.amount
        other = t.other.value if t.other else ZERO
        if t.total is not None and t.total.value == amount.value + other:
            fixed.append(t)
            continue
        notes.append(Note(f"project:{t.project}", f"绩效目标表“{t.project}”的资金总额 {t.total.value if t.total else '（空）'} "
                                                  f"与表七该项目的 {amount.value} 不符，改为表七的数。"))
        indicators = [_fix_cost(ind, t, amount) for ind in t.indicators]
        fixed.append(t.model_copy(update={"total": Amount(value=amount.value + other, unit=amount.unit),
                                          "fiscal": amount, "indicators": indicators}))
    return fixed, notes


def _fix_cost(indicator, target: PerformanceTarget, amount: Amount):  # type: ignore[no-untyped-def]
    """A 成本指标 that restates the (wrong) total in 元 follows the corrected amount."""
    from ..interpret.performance import parse_indicator_value

    if "成本" not in indicator.level2 + indicator.level1 or target.total is None:
        return indicator
    terms = indicator.value.terms
    if len(terms) != 1 or terms[0].number != target.total.wan * 10000:
        return indicator
    yuan = format((amount.wan * 10000).normalize(), "f")
    unit = terms[0].unit
    return indicator.model_copy(update={"value": parse_indicator_value(f"{terms[0].op}{yuan}{unit}")})


def complete_fiscal_overview(d: Disclosure) -> tuple[Disclosure, list[Note]]:
    """表四's 合计 column left blank while its parts are printed: filled with the sum of the parts
    (a missing derived figure is completed; no printed figure is changed)."""
    view = d.views.fiscal_overview
    if view is None:
        return d, []
    lines, filled = [], 0
    for line in [*view.expenditure, *([view.expenditure_total] if view.expenditure_total else [])]:
        parts = sum((a.value for a in line.by_source.values()), ZERO)
        if (line.total is None or line.total.value == 0) and parts != 0:
            line = line.model_copy(update={"total": Amount(value=parts, unit=view.unit)})
            filled += 1
        lines.append(line)
    if not filled:
        return d, []
    total = lines.pop() if view.expenditure_total else None
    fixed = view.model_copy(update={"expenditure": lines, "expenditure_total": total})
    note = Note("table:表四", f"表四“合计”列有 {filled} 个空白单元格，而其右侧各列有数，按各列之和补填（原有数字未改动）。")
    return d.model_copy(update={"views": d.views.model_copy(update={"fiscal_overview": fixed})}), [note]


def correct(d: Disclosure) -> tuple[Disclosure, list[Note]]:
    """The document with the narrative's prior-year figures recovered and the targets fixed; the
    narrative itself is regenerated by the renderer (``build_document(d, generate=True)``)."""
    recovered = recover_prior(d)
    d, table_notes = complete_fiscal_overview(d)
    performance, target_notes = correct_performance(d)
    prior = {**recovered.prior, **d.prior}  # figures given explicitly win over recovered ones
    reasons = {**recovered.reasons, **d.reasons}
    fixed = d.model_copy(update={"prior": prior, "reasons": reasons, "performance": performance})
    return fixed, recovered.notes + table_notes + target_notes
