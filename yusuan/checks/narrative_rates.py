"""The narrative's rates of change on their own (DOMAIN.md "What must hold" 3): a rate must be the change over
the prior-year amount (prior = current − change; a change from 0 is not a percentage), its direction the
change's, a change no larger than this year's amount. Where the sentence does not state the current amount,
the table's is used. Its rules belong to the family ``narrative_internal`` (their ids predate this module)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..model import Claim, ClaimKind
from .arithmetic import ROUNDING
from .common import ZERO, money, percent, wan_text
from .facts import (
    claim_figure,
    claim_half,
    said,
    same_subject,
    subject_words,
    table_figure,
)
from .finding import Finding
from .narrative_claims import _MONEY, _half_wan, _sign, _wan, _where
from .registry import Context, declare, finding, rule

# ---------------------------------------------------------------- rates

RATE_FROM_ZERO = declare(
    "rate-from-zero", "error", "上年为零却写增长率",
    "A rate of change is stated (增长 100% …) although the prior-year amount (this year's amount minus the stated "
    "change) is zero: a change from zero is not a percentage (write 新增 instead); a completion rate of a budget "
    "stated as 0 (年初预算为0万元…完成年初预算的95.89%: name the budget it was computed on, or say there was no "
    "年初预算). “增长 0%” when both years are 0 is a warning (write 与上年持平 or 未安排).",
    "“（三）一般公共预算当年拨款具体使用情况”称其他民族事务支出比上年预算数增加 12.39 万元，增加 100%；上年数为 "
    "12.39 − 12.39 = 0 万元，增长率无从计算，应写“新增”。", family="narrative_internal")
CHANGE_EXCEEDS = declare(
    "change-exceeds-amount", "error", "增加额大于本年数",
    "A stated increase is larger than this year's amount, so the prior-year amount would be negative; in "
    "particular an amount of 0 said to have increased (“政府性基金拨款支出预算0万元，比上年增加1421.25万元”). The "
    "amount is the one stated just before the change in the same clause (…X 万元，比上年增加 Y 万元), else the "
    "table's. (An amount of 0 that decreased is normal: last year had some.)",
    "“…”称项目支出 30 万元，比上年增加 40 万元；上年数将为 -10 万元。", family="narrative_internal")
DIRECTION = declare(
    "direction-mismatch", "error", "增减方向前后矛盾",
    "The direction of a change and of its rate disagree in one sentence (减少 x 万元，增长 y%), a decrease is "
    "larger than 100%, or a change said to be flat (持平) has a non-zero amount or rate.",
    "“…”称基层政权建设和社区治理比上年减少 4.3 万元，下降 110%；减少的幅度不能超过 100%。", family="narrative_internal")


@dataclass
class _Rate:
    rate: Claim
    change: Claim | None
    current: Decimal | None
    current_half: Decimal
    current_text: str


def _current_for(ctx: Context, change: Claim) -> tuple[Decimal | None, Decimal, str]:
    """This year's amount of the change's subject: stated before it in the sentence, else the table's."""
    claims = ctx.d.narrative.claims
    same = [c for c in claims if c.sentence == change.sentence and c.kind == ClaimKind.AMOUNT
            and same_subject(c.subject, change.subject) and c.span[0] < change.span[0] and c.unit in _MONEY]
    if same:
        c = same[-1]
        return _wan(c), _half_wan(c), c.text
    table = table_figure(ctx, change.subject, change.section)
    if table is not None:
        return table.wan, table.half, f"{table.label} {money(table.value, table.unit)}"
    # a notice without tables: the amount stated earlier in the same section
    index = claims.index(change)
    earlier = [c for c in claims[:index] if c.section == change.section and c.kind == ClaimKind.AMOUNT
               and same_subject(c.subject, change.subject) and c.unit in _MONEY and c.measure is None]
    if earlier:
        c = earlier[-1]
        return _wan(c), _half_wan(c), c.text
    return None, ZERO, ""


def _rates(ctx: Context) -> list[_Rate]:
    out = []
    claims = ctx.d.narrative.claims
    for i, r in enumerate(claims):
        if r.kind != ClaimKind.RATE or r.subject.kind in ("reason", "unknown"):
            continue
        change = None
        for c in reversed(claims[:i]):
            if c.sentence != r.sentence:
                break
            if c.kind == ClaimKind.CHANGE and c.unit in _MONEY and same_subject(c.subject, r.subject):
                change = c
                break
        current, half, text = _current_for(ctx, change) if change is not None else (None, ZERO, "")
        out.append(_Rate(r, change, current, half, text))
    return out


@rule("rate-mismatch", "error", tags=("narrative", "percent", "change", "internal"), title="增减幅度计算错误",
      description="A stated rate of change (增长/下降 y%) equals the stated change divided by the prior-year amount, "
                  "where prior = this year's amount − the signed change (this year's amount as stated in the same "
                  "sentence, else from the tables). Compared at the printed precision of the rate plus the "
                  "rounding of the amounts carried through the division; a rate computed on the wrong base (this "
                  "year's amount) is named as such.",
      example="“（一）机关运行经费情况”称机关运行经费比上年预算减少 3.29 万元，减少 8.98%；上年数为 36.62 + 3.29 = "
              "39.91 万元，应为 8.24%（8.98% 是以本年数 36.62 万元为基数算得）。",
      emits=(RATE_FROM_ZERO, CHANGE_EXCEEDS, DIRECTION, ROUNDING), family="narrative_internal")
def rates(ctx: Context) -> Iterator[Finding]:
    yield from _changes_beyond_amount(ctx)
    yield from _completion_from_zero(ctx)
    for item in _rates(ctx):
        r, c = item.rate, item.change
        where = claim_figure(r).where
        if r.direction == "decrease" and r.value > 100 and (c is None or item.current is None):
            yield finding(DIRECTION, f"{_where(r)}称{subject_words(r.subject)}下降 {said(r)}；减少的幅度不能超过 100%。",
                          where, expected="≤100", actual=r.value, unit="%")
            continue
        if c is None:
            yield from _explicit_prior(ctx, r)
            continue
        if c.direction and r.direction and {c.direction, r.direction} != {"increase", "new"} \
                and c.direction != r.direction:
            yield finding(DIRECTION, f"{_where(r)}称{subject_words(r.subject)}{_word(c)} {said(c)}，却又称"
                                     f"{_word(r)} {said(r)}；增减方向矛盾。", where,
                          expected=_word(c), actual=_word(r), compared=[claim_figure(c).where])
            continue
        if item.current is None:
            continue
        sign = _sign(c) or _sign(r)
        if sign is None:
            continue
        change = _wan(c) * sign
        prior = item.current - change
        e_change = _half_wan(c)
        e_prior = item.current_half + e_change
        if abs(prior) <= e_prior:
            if change == 0 and r.value == 0:
                if item.current == 0 and r.direction in ("increase", "decrease"):
                    # nothing this year and last: there is no rate, "增长 0%" only looks like one
                    yield finding(RATE_FROM_ZERO,
                                  f"{_where(r)}称{subject_words(r.subject)}比上年{_word(c)} {said(c)}，{_word(r)} {said(r)}；"
                                  f"本年和上年均为 0，没有增长率可言，应写“与上年持平（均为 0）”或“未安排”。",
                                  where, expected="不适用（上年为 0）", actual=r.value, unit="%", severity="warning",
                                  compared=[claim_figure(c).where])
                continue
            yield finding(RATE_FROM_ZERO,
                          f"{_where(r)}称{subject_words(r.subject)}比上年{_word(c)} {said(c)}，{_word(r)} {said(r)}；"
                          f"上年数为 {wan_text(item.current)} − {wan_text(change)} = 0 万元，增长率无从计算，应写“新增”。",
                          where, expected="不适用（上年为 0）", actual=r.value, unit="%",
                          compared=[claim_figure(c).where])
            continue
        if prior < 0:
            yield finding(CHANGE_EXCEEDS,
                          f"{_where(c)}称{subject_words(c.subject)}比上年增加 {said(c)}，大于本年数 "
                          f"{wan_text(item.current)} 万元；上年数将为 {wan_text(prior)} 万元。",
                          claim_figure(c).where, expected=f"≤{wan_text(item.current)}", actual=_wan(c), unit="万元")
            continue
        yield from _rate_value(r, c, item, prior, change, e_change, e_prior, where)


_ADJACENT = re.compile(r"^[，,]?\s*(?:比|较|与)[^，。；;,]{0,16}?$")


def _changes_beyond_amount(ctx: Context) -> Iterator[Finding]:
    """A change without a rate larger than the amount stated right before it ("0万元，比上年增加 5 万元")."""
    claims = ctx.d.narrative.claims
    rated = {id(item.change) for item in _rates(ctx) if item.change is not None}
    for c in claims:
        if c.kind != ClaimKind.CHANGE or c.unit not in _MONEY or c.direction != "increase" or id(c) in rated:
            continue
        before = [a for a in claims if a.sentence == c.sentence and a.kind == ClaimKind.AMOUNT and a.unit in _MONEY
                  and a.span[1] <= c.span[0] and same_subject(a.subject, c.subject) and a.measure is None]
        if not before or not _ADJACENT.match(c.sentence[before[-1].span[1]:c.span[0]]):
            continue
        a = before[-1]
        current, change = _wan(a), _wan(c)
        if change <= current + _half_wan(a) + _half_wan(c):
            continue
        what = "本年为 0，不可能比上年增加" if current == 0 else f"大于本年数 {said(a)}"
        yield finding(CHANGE_EXCEEDS,
                      f"{_where(c)}称{subject_words(c.subject)} {said(a)}，比上年增加 {said(c)}；{what}（上年数将为 "
                      f"{wan_text(current - change)} 万元）。", claim_figure(c).where,
                      expected=f"≤{wan_text(current)}", actual=change, unit="万元", compared=[claim_figure(a).where])


_COMPLETION = re.compile(r"完成(年初|全年|调整后?)?预算(?:数)?(?:的)?\s*$")
_BASE_WORDS = {"年初": ("年初预算",), "全年": ("全年预算", "调整预算", "调整后预算"), "调整": ("调整预算", "调整后预算"),
               "调整后": ("调整后预算", "调整预算"), "": ("预算",)}


def _completion_from_zero(ctx: Context) -> Iterator[Finding]:
    """"完成年初预算的 95.89%" when the 年初预算 stated in the clause is 0: there is no such rate."""
    claims = ctx.d.narrative.claims
    for r in claims:
        if r.kind not in (ClaimKind.PERCENT, ClaimKind.RATE) or r.unit != "%":
            continue
        m = _COMPLETION.search(r.sentence[: r.span[0]])
        if m is None:
            continue
        clause_start = max(r.sentence.rfind(ch, 0, m.start()) for ch in "；;。") + 1
        amounts = [a for a in claims if a.sentence == r.sentence and a.kind == ClaimKind.AMOUNT and a.unit in _MONEY
                   and clause_start <= a.span[0] < m.start()]
        words = _BASE_WORDS[m.group(1) or ""]
        base = next((a for a in reversed(amounts) if any(w in a.sentence[max(0, a.span[0] - 8):a.span[0]]
                                                          for w in words) and "决算" not in
                     a.sentence[max(0, a.span[0] - 3):a.span[0]]), None)
        if base is None or base.value != 0:
            continue
        spent = next((a for a in reversed(amounts) if "决算" in a.sentence[max(0, a.span[0] - 8):a.span[0]]), None)
        other = next((a for a in amounts if a is not base and a is not spent and a.value and spent is not None
                      and abs(_wan(spent) / _wan(a) * 100 - r.value) <= claim_half(r) * 2), None)
        hint = (f"（{said(r)}是按 {said(other)} 计算的，应写明该预算数）" if other is not None
                else "，应写“年初未安排预算”而不写完成率")
        nothing = r.value == 0 and (spent is None or spent.value == 0)
        yield finding(RATE_FROM_ZERO,
                      f"{_where(r)}称完成{m.group(1) or ''}预算的 {said(r)}，而该预算为 {said(base)}；以 0 为基数没有完成率"
                      f"{hint}。", claim_figure(r).where, expected="不适用（预算为 0）", actual=r.value, unit="%",
                      severity="warning" if nothing else None, compared=[claim_figure(base).where])


def _rate_value(r: Claim, c: Claim, item: _Rate, prior: Decimal, change: Decimal, e_change: Decimal,
                e_prior: Decimal, where: object) -> Iterator[Finding]:
    expected = abs(change) / prior * 100
    printed = claim_half(r)
    tol = printed + 100 * (e_change / prior + abs(change) * e_prior / (prior * prior))
    delta = r.value - expected
    if abs(delta) <= tol:
        return
    places = max(2, _places(r.value))
    if abs(delta) <= tol + printed:  # truncated rather than rounded
        yield finding(ROUNDING, f"{_where(r)}所述{subject_words(r.subject)}变动幅度 {said(r)}（计算值 "
                                f"{percent(expected, places + 1)}）系截断而非四舍五入，在一个末位单位之内。",
                      where, expected=expected.quantize(Decimal(1).scaleb(-places)), actual=r.value,  # type: ignore[arg-type]
                      delta=delta.quantize(Decimal("0.0001")), tolerance=tol.quantize(Decimal("0.0001")), unit="%")
        return
    flipped = _flipped(r, c, item, change, e_change)
    if flipped is not None:
        yield flipped
        return
    hint = "；减少的幅度不能超过 100%" if r.direction == "decrease" and r.value > 100 else ""
    current = item.current or ZERO
    if item.current:
        wrong_base = abs(change) / item.current * 100
        if abs(wrong_base - r.value) <= tol:
            hint = f"（{said(r)}是以本年数 {wan_text(item.current)} 万元为基数算得）"
    yield finding("rate-mismatch",
                  f"{_where(r)}称{subject_words(r.subject)}比上年{_word(c)} {said(c)}，{_word(r)} {said(r)}；上年数为 "
                  f"{wan_text(current)} {'−' if change >= 0 else '+'} {wan_text(abs(change))} = {wan_text(prior)} 万元，"
                  f"应为 {percent(expected, places)}{hint}。",
                  where, expected=expected.quantize(Decimal(1).scaleb(-places)), actual=r.value,  # type: ignore[arg-type]
                  delta=delta.quantize(Decimal("0.0001")), tolerance=tol.quantize(Decimal("0.0001")), unit="%",
                  compared=[claim_figure(c).where])


def _flipped(r: Claim, c: Claim, item: _Rate, change: Decimal, e_change: Decimal) -> Finding | None:
    """The rate fits the opposite direction: 增加 and 减少 (or 增长 and 下降) were swapped."""
    if item.current is None or not c.direction or c.direction == "flat":
        return None
    prior = item.current + change
    if prior <= 0:
        return None
    expected = abs(change) / prior * 100
    e_prior = item.current_half + e_change
    tol = claim_half(r) + 100 * (e_change / prior + abs(change) * e_prior / (prior * prior))
    if abs(r.value - expected) > tol:
        return None
    other = "减少" if c.direction in ("increase", "new") else "增加"
    return finding(DIRECTION,
                   f"{_where(r)}称{subject_words(r.subject)}比上年{_word(c)} {said(c)}，{_word(r)} {said(r)}；按本年数 "
                   f"{wan_text(item.current)} 万元计算，只有{other} {said(c)}（上年 {wan_text(prior)} 万元）时幅度才是 "
                   f"{said(r)}：增减方向疑似写反。",
                   claim_figure(r).where, expected=other, actual=_word(c), compared=[claim_figure(c).where])


_PRIOR_WORDS = ("执行数", "上年", "上一年", "去年")


def _explicit_prior(ctx: Context, r: Claim) -> Iterator[Finding]:
    """A rate stated with both amounts ("2022 年执行数为 11.67 万元，2023 年预算安排 45.41 万元，增加 314.82%")."""
    year = ctx.d.year
    amounts = [c for c in ctx.d.narrative.claims if c.sentence == r.sentence and c.kind == ClaimKind.AMOUNT
               and c.unit in _MONEY and c.span[0] < r.span[0]]
    prior = current = None
    for c in amounts:
        before = c.sentence[max(0, c.span[0] - 14):c.span[0]]
        if c.measure == "prior" or any(w in before for w in _PRIOR_WORDS) or (year and f"{year - 1}年" in before):
            prior = c
        elif prior is not None and (year is None or f"{year}年" in before or "预算安排" in before or "本年" in before):
            current = c
    if prior is None or current is None or r.direction not in ("increase", "decrease"):
        return
    before_v, now_v = _wan(prior), _wan(current)
    where = claim_figure(r).where
    if before_v == 0:
        if now_v != 0:
            yield finding(RATE_FROM_ZERO, f"{_where(r)}称上年 {said(prior)}、本年 {said(current)}，{_word(r)} {said(r)}；"
                                          f"上年为 0，增长率无从计算，应写“新增”。", where,
                          expected="不适用（上年为 0）", actual=r.value, unit="%", compared=[claim_figure(prior).where])
        return
    change = now_v - before_v
    if (change > 0) != (r.direction == "increase") and change != 0:
        yield finding(DIRECTION, f"{_where(r)}称上年 {said(prior)}、本年 {said(current)}，却称{_word(r)} {said(r)}；"
                                 f"实际为{'增长' if change > 0 else '下降'}。", where,
                      expected="增长" if change > 0 else "下降", actual=_word(r), compared=[claim_figure(prior).where])
        return
    e_prior, e_now = _half_wan(prior), _half_wan(current)
    expected = abs(change) / before_v * 100
    tol = claim_half(r) + 100 * ((e_prior + e_now) / before_v + abs(change) * e_prior / (before_v * before_v))
    delta = r.value - expected
    if abs(delta) <= tol + claim_half(r):
        return
    places = max(2, _places(r.value))
    yield finding("rate-mismatch",
                  f"{_where(r)}称上年 {said(prior)}、本年 {said(current)}，{_word(r)} {said(r)}；应为 "
                  f"({wan_text(now_v)} − {wan_text(before_v)}) ÷ {wan_text(before_v)} = {percent(expected, places)}。",
                  where, expected=expected.quantize(Decimal(1).scaleb(-places)), actual=r.value,
                  delta=delta.quantize(Decimal("0.0001")), tolerance=tol.quantize(Decimal("0.0001")), unit="%",
                  compared=[claim_figure(prior).where, claim_figure(current).where])


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _word(c: Claim) -> str:
    if c.kind == ClaimKind.RATE:
        return {"increase": "增长", "decrease": "下降", "new": "增长", "flat": "持平"}.get(c.direction or "", "变动")
    return {"increase": "增加", "decrease": "减少", "new": "新增", "flat": "持平"}.get(c.direction or "", "增加（减少）")
