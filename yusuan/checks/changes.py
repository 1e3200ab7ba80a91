"""Changes of parts against the change of the whole (part of the narrative_internal family).

The stated change of a whole equals the sum of the stated changes of its parts: the total (or its
only income source) = 基本支出 + 项目支出 = Σ 项; 基本支出 = Σ of the 项 holding only 基本支出 = 人员经费
+ 公用经费; a 类 = Σ its 项; “三公” = its items. Only changes in the same scope of money are added.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Claim, ClaimKind, Subject
from .common import ZERO, nonzero, signed
from .facts import (
    claim_figure,
    fiscal_is_general,
    other_spending,
    said,
    scope_of,
    subject_words,
    table_figure,
)
from .finding import Finding
from .narrative_claims import _MONEY, TOTAL_KINDS, _half_wan, _sign, _wan, _where
from .narrative_rates import _word
from .registry import Context, finding, rule


@dataclass
class _Derivation:
    label: str
    total: Decimal
    tolerance: Decimal
    parts: list[tuple[str, Decimal]]
    lines: bool = False  # a sum over the 项 the tables print (a line gone this year is not among them)
    claims: list[Claim] = field(default_factory=list)  # the stated change of each part, in the order of parts


def _changes(ctx: Context) -> list[Claim]:
    return [c for c in ctx.d.narrative.claims if c.kind == ClaimKind.CHANGE and c.unit in _MONEY
            and c.subject.kind not in ("reason", "unknown")]


def _all_one_source(ctx: Context) -> bool:
    """All money is 一般公共预算 (so every scope of money is the same)."""
    total = table_figure(ctx, Subject(kind="total"))
    general = table_figure(ctx, Subject(kind="income", key="general_budget"))
    return total is not None and general is not None and abs(total.wan - general.wan) <= total.half + general.half


def _is_whole(ctx: Context, c: Claim) -> bool:
    if c.subject.kind in TOTAL_KINDS:
        return True
    if c.subject.kind == "income" and c.subject.key:
        part = table_figure(ctx, c.subject, c.section)
        total = table_figure(ctx, Subject(kind="total"))
        return part is not None and total is not None and total.wan != 0 and \
            abs(part.wan - total.wan) <= part.half + total.half
    return False


def _first_change(changes: list[Claim], kind: str, key: str | None, scope: str | None) -> Claim | None:
    for c in changes:
        if c.subject.kind == kind and c.subject.key == key and (scope is None or scope_of(c.section) == scope):
            return c
    return None


def _derive(parts: list[tuple[str, Claim | None]]) -> _Derivation | None:
    values = []
    claims = []
    tol = ZERO
    for label, c in parts:
        if c is None:
            return None
        sign = _sign(c)
        if sign is None:
            return None
        values.append((label, _wan(c) * sign))
        claims.append(c)
        tol += _half_wan(c)
    return _Derivation("", sum((v for _, v in values), ZERO), tol, values, claims=claims)


def _item_derivation(ctx: Context, changes: list[Claim], scope: str | None, prefix: str = "") -> _Derivation | None:
    """Σ of the stated changes of every 项 (under ``prefix``); None unless every 项 of the table has one."""
    v = ctx.d.views
    if scope == "fiscal":
        if not _fiscal_is_general(ctx):
            return None  # 财政拨款 includes fund money that the 项 of 一般公共预算 do not show
        scope = "general"
    table = v.general_budget if scope == "general" or v.expenditure is None else v.expenditure
    if scope == "fund":
        table = v.gov_fund
    if table is None:
        return None
    items = [ln for ln in table.lines if len(ln.code) == 7 and ln.code.startswith(prefix)]
    items = [ln for ln in items if nonzero(ln.total)]
    if not items:
        return None
    stated = _stated_items(ctx, changes, scope)
    if None in stated:
        return None  # a change stated for a line no table lists (gone to 0 this year): the sum cannot be complete
    parts = [(f"{ln.code} {ln.name.split('（')[0]}", stated.get(ln.code)) for ln in items]
    d = _derive(parts)
    if d is not None:
        d.lines = True
    return d


def _fiscal_is_general(ctx: Context) -> bool:
    return fiscal_is_general(ctx)


def _stated_items(ctx: Context, changes: list[Claim], scope: str | None) -> dict[str | None, Claim]:
    """Stated changes of function lines in the same scope of money (all scopes when all money is one source)."""
    merged = _all_one_source(ctx)
    out: dict[str | None, Claim] = {}
    for c in changes:
        mine = scope_of(c.section)
        if mine == "fiscal" and _fiscal_is_general(ctx):
            mine = "general"
        if c.subject.kind == "functional" and (merged or scope is None or _same_scope(mine, scope)):
            out.setdefault(c.subject.key, c)
    return out


def _same_scope(a: str, b: str) -> bool:
    return a == b


CHANGE_SUM = "change-sum"


@rule(CHANGE_SUM, "error", family="narrative_internal", tags=("narrative", "change", "internal"), title="各部分增减额之和不等于总增减额",
      description="The stated change of a whole equals the sum of the stated changes of its parts: the total (or "
                  "the only income source) = 基本支出 + 项目支出 = Σ the changes of every 项; 基本支出 = Σ the changes "
                  "of the 项 that hold only 基本支出 (and 项目支出 likewise) = 人员经费 + 公用经费; a 类 = Σ its 项; "
                  "“三公”经费 = its items (an item stated as 0 with no change counts as no change). When turning "
                  "round the direction of exactly one part (减少 for 增加) makes the sum hold, and another part moved "
                  "too, the finding is told at that part, the whole agreeing with the rest.",
      example="“二、关于…收入预算情况说明”称一般公共预算比上年增加（减少）79.3 万元，但基本支出（+20.08）与项目支出"
              "（+57.45）的变动之和为 +77.53 万元，各项变动之和亦为 +77.53 万元。")
def change_sums(ctx: Context) -> Iterator[Finding]:
    changes = _changes(ctx)
    merged = _all_one_source(ctx)
    for whole in changes:
        scope = None if merged else scope_of(whole.section)
        derivations: list[_Derivation] = []
        if _is_whole(ctx, whole):
            d = None if other_spending(ctx) else _derive([
                ("基本支出", _first_change(changes, "expenditure", "basic", scope)),
                ("项目支出", _first_change(changes, "expenditure", "project", scope))])
            if d is not None:
                d.label = "基本支出与项目支出的变动之和"
                derivations.append(d)
            d = _item_derivation(ctx, changes, scope or scope_of(whole.section))
            if d is not None:
                d.label = "各项（功能分类项级科目）变动之和"
                derivations.append(d)
        elif whole.subject.kind == "expenditure" and whole.subject.key in ("basic", "project"):
            d = _pure_items(ctx, changes, whole.subject.key, scope or scope_of(whole.section))
            if d is not None:
                derivations.append(d)
            if whole.subject.key == "basic":
                d = _derive([("人员经费", _first_change(changes, "basic", "personnel", scope)),
                             ("公用经费", _first_change(changes, "basic", "public", scope))])
                if d is not None:
                    d.label = "人员经费与公用经费的变动之和"
                    derivations.append(d)
        elif whole.subject.kind == "functional" and whole.subject.key and len(whole.subject.key) in (3, 5):
            d = _item_derivation(ctx, changes, scope or scope_of(whole.section), prefix=whole.subject.key)
            if d is not None and len(d.parts) > 1:
                d.label = "其下各项变动之和"
                derivations.append(d)
        elif whole.subject.kind == "three_public" and whole.subject.key == "total":
            d = _three_public(ctx, changes, whole)
            if d is not None:
                derivations.append(d)
        yield from _judge(whole, derivations)


def _pure_items(ctx: Context, changes: list[Claim], kind: str, scope: str) -> _Derivation | None:
    v = ctx.d.views
    if scope == "fiscal":
        if not _fiscal_is_general(ctx):
            return None
        scope = "general"
    table = v.general_budget if scope in ("general", "fiscal") or v.expenditure is None else v.expenditure
    if scope == "fund":
        table = v.gov_fund
    if table is None or kind not in table.columns:
        return None
    items = [ln for ln in table.lines if len(ln.code) == 7 and nonzero(ln.total)]
    if not items or any(nonzero(ln.basic) and nonzero(ln.project) for ln in items):
        return None
    mine = [ln for ln in items if nonzero(getattr(ln, kind))]
    if not mine:
        return None
    stated = _stated_items(ctx, changes, scope)
    if not all(ln.code in stated for ln in items):
        return None
    d = _derive([(f"{ln.code} {ln.name.split('（')[0]}", stated.get(ln.code)) for ln in mine])
    if d is not None:
        d.label = f"只含{'基本支出' if kind == 'basic' else '项目支出'}的各项变动之和"
        d.lines = True
    return d


_TP_PARTS = (("outbound", "因公出国（境）费"), ("vehicle_purchase", "公务用车购置费"),
             ("vehicle_operation", "公务用车运行费"), ("reception", "公务接待费"))


def _three_public(ctx: Context, changes: list[Claim], whole: Claim) -> _Derivation | None:
    section = [c for c in changes if c.section == whole.section and c.subject.kind == "three_public"]
    amounts = [c for c in ctx.d.narrative.claims if c.section == whole.section and c.kind == ClaimKind.AMOUNT
               and c.subject.kind == "three_public"]
    parts: list[tuple[str, Claim | None]] = []
    total_tol = ZERO
    values: list[tuple[str, Decimal]] = []
    vehicle_total = next((c for c in section if c.subject.key == "vehicle_total"), None)
    keys = _TP_PARTS if vehicle_total is None else (_TP_PARTS[0], ("vehicle_total", "公务用车购置及运行费"),
                                                    _TP_PARTS[3])
    for key, label in keys:
        c = next((x for x in section if x.subject.key == key), None)
        if c is not None:
            parts.append((label, c))
            continue
        moved = any(x.section == whole.section and x.subject.kind == "three_public" and x.subject.key == key
                    and x.kind == ClaimKind.RATE and x.value != 0 for x in ctx.d.narrative.claims)
        if _is_zero_now(ctx, amounts, key) and not moved:
            values.append((label, ZERO))
            continue
        return None  # its change is not stated as an amount ("0.00万元，比上年预算数下降100%"): no sum to check
    d = _derive(parts) if parts else _Derivation("", ZERO, ZERO, [])
    if d is None or not parts:
        return None
    d.parts = [p for p in d.parts] + [v for v in values]
    d.tolerance += total_tol
    d.label = "各项变动之和"
    return d


def _is_zero_now(ctx: Context, amounts: list[Claim], key: str) -> bool:
    stated = [c for c in amounts if c.subject.key == key]
    if stated:
        return all(c.value == 0 for c in stated)
    table = table_figure(ctx, Subject(kind="three_public", key=key))
    return table is not None and table.wan == 0


def _judge(whole: Claim, derivations: list[_Derivation]) -> Iterator[Finding]:
    if not derivations:
        return
    sign = _sign(whole)
    stated = _wan(whole)
    e_whole = _half_wan(whole)
    bad = []
    for d in derivations:
        tol = d.tolerance + e_whole
        if sign is None:
            ok = abs(abs(d.total) - stated) <= tol
        else:
            ok = abs(d.total - stated * sign) <= tol
        if not ok:
            bad.append((d, tol))
    if not bad:
        return
    d, tol = bad[0]
    flipped = _flipped(d, stated * sign, tol) if sign else None
    if flipped is not None:
        yield _direction_of_part(whole, d, flipped, tol)
        return
    actual = stated * (sign if sign is not None else (1 if d.total >= 0 else -1))
    parts_text = "、".join(f"{label} {signed(value) if value else 0}" for label, value in d.parts)
    others = "".join(f"；{x.label}亦为 {signed(x.total)} 万元" for x in derivations[1:] if x is not d)
    message = (f"{_where(whole)}称{subject_words(whole.subject)}比上年{_word(whole)} {said(whole)}，但{d.label}为 "
               f"{signed(d.total)} 万元（{parts_text}）{others}。")
    severity = None
    if d.lines and actual < d.total and all(x.lines for x, _ in bad):
        # the whole fell by more than its lines: a line of last year with no budget this year is in no table
        # and may be the difference, so the sum cannot say which figure is wrong
        severity = "info"
        message = message.rstrip("。") + f"；差额 {signed(actual - d.total)} 万元可能是本年已无预算、未在表中列出的科目，请核对。"
    yield finding(CHANGE_SUM, message, claim_figure(whole).where, expected=d.total, actual=actual,
                  delta=actual - d.total, tolerance=tol, unit="万元", severity=severity)  # type: ignore[arg-type]


def _flipped(d: _Derivation, target: Decimal, tol: Decimal) -> int | None:
    """The one part whose direction, turned round, makes the parts add up to the whole's change exactly
    (a part written 减少 for 增加): None when no part or more than one does, and when no other part moved
    (a whole and its one moving part that disagree in direction say nothing of which one is wrong)."""
    fits = [i for i, (_, v) in enumerate(d.parts[:len(d.claims)]) if v and abs(d.total - 2 * v - target) <= tol
            and any(w for j, (_, w) in enumerate(d.parts) if j != i)]
    return fits[0] if len(fits) == 1 else None


def _direction_of_part(whole: Claim, d: _Derivation, i: int, tol: Decimal) -> Finding:
    """The change-sum finding told at the part whose direction is wrong, the whole and the rest agreeing."""
    label, value = d.parts[i]
    part = d.claims[i]
    rest = d.total - value
    others = [f"{lb} {signed(v) if v else 0}" for j, (lb, v) in enumerate(d.parts) if j != i]
    rest_text = f"{others[0]} 万元" if len(others) == 1 else f"其余部分（{'、'.join(others)}）合计 {signed(rest)} 万元"
    right = "增加" if value < 0 else "减少"
    message = (f"{_where(part)}称{subject_words(part.subject)}比上年{_word(part)} {said(part)}，但{_where(whole)}称"
               f"{subject_words(whole.subject)}比上年{_word(whole)} {said(whole)}，{rest_text}：{label}应为{right} "
               f"{format(abs(value), 'f')} 万元，变动方向可能写反。")
    return finding(CHANGE_SUM, message, claim_figure(part).where, expected=-value, actual=value, delta=2 * value,
                   tolerance=tol, unit="万元", compared=[claim_figure(whole).where])
