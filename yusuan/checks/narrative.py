"""The narrative against the tables (DOMAIN.md "What must hold" 3).

Every amount and share stated in the 情况说明 is tied to what it speaks of (``claim.subject``) and
compared with the table cell that holds it (``facts.table_figure``): amounts at the precision the
sentence prints, shares as part / whole of the table amounts at the printed precision plus the
propagated rounding of the inputs. A figure stated twice must be stated the same way. Changes
are compared with a table's prior-year column where one is printed. Figures whose subject could
not be resolved are listed as info, never as errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from ..model import Claim, ClaimKind, decimals_of
from .arithmetic import ROUNDING
from .common import Figure, compare, half_unit, money, percent, short, signed
from .facts import (
    claim_figure,
    claim_half,
    claim_scope,
    said,
    same_subject,
    scope_of,
    section_name,
    subject_words,
    table_figure,
)
from .finding import Finding
from .registry import Context, declare, finding, rule

_MONEY = ("万元", "元")


def _money_claims(ctx: Context, kind: ClaimKind) -> list[Claim]:
    """Money claims of a kind; in a 决算 the 年初预算 / 全年预算 figures measure something the tables do not hold."""
    return [c for c in ctx.d.narrative.claims if c.kind == kind and c.unit in _MONEY and c.subject.kind != "reason"
            and c.measure not in ("budget", "prior")]


def _where(c: Claim) -> str:
    return f"“{section_name(c.section)}”"


def _same_value_hint(ctx: Context, value: Decimal, unit: str) -> str:
    """Where else the tables print the stated value (a figure copied from the wrong line)."""
    v = ctx.d.views
    for table in (v.general_budget, v.expenditure, v.income):
        if table is None:
            continue
        for line in table.lines:
            if line.total is not None and line.total.unit == unit and line.total.value == value and value:
                return f"；{money(value, unit)}是{table.table}“{line.code} {short(line.name, 14)}”的金额"
    return ""


UNIT_MISMATCH = declare(
    "unit-mismatch", "error", "金额单位写错",
    "A narrative amount whose number is the table's figure but whose unit is not: the table's 万元 figure written "
    "with 元 (基本支出 464.04 元 where 表五 prints 464.04 万元), or a figure the table prints in 元 written with 万元.",
    "“三、关于…支出预算情况说明”称基本支出 464.04 元，而表五“合计”行“基本支出”列为 464.04 万元：数字相同，单位应为“万元”。",
    family="narrative")


def _unit_slip(stated: Figure, table: Figure) -> str | None:
    """The unit the stated number belongs to, when it is the table's figure in the other unit."""
    if stated.value == 0 or table.value == 0:
        return None
    own = half_unit(stated.precision)
    if stated.unit == "元" and abs(stated.value - table.wan) <= own + table.half:
        return "万元"
    if stated.unit == "万元" and abs(stated.value - table.wan * 10000) <= own + table.half * 10000:
        return "元"
    return None


@rule("narrative-amount", "error", tags=("narrative",), title="说明中的金额与表格不符",
      description="Every amount stated in the narrative (totals, income sources, 基本/项目支出, 人员/公用经费, "
                  "function lines, “三公” items, 政府性基金) is compared with the table cell that holds it, at the "
                  "precision the sentence prints. The section decides the scope of money (一般公共预算 sections "
                  "are compared with 表五, others with 表一/表三).",
      example="“二、关于…收入预算情况说明”称一般公共预算 564.48 万元，而表一“一般公共预算”行为 595.08 万元；"
              "564.48 万元是表五“201 一般公共服务支出”的金额。",
      emits=(ROUNDING, UNIT_MISMATCH))
def amounts(ctx: Context) -> Iterator[Finding]:
    for c in _money_claims(ctx, ClaimKind.AMOUNT):
        table = table_figure(ctx, c.subject, c.section, claim_scope(ctx, c))
        if table is None:
            continue
        stated = claim_figure(c)
        tol = stated.half + table.half
        converted = stated.unit != table.unit or (table.precision > stated.precision and stated.precision >= 2)
        result = compare(table.wan, stated.wan, tol, unit_step=stated.half * 2, converted=converted)
        if result.status == "ok" or abs(result.delta) <= tol:
            continue  # the sentence prints the table's amount, rounded to its own digits
        if result.status == "rounding":
            if stated.unit != table.unit:
                yield finding(ROUNDING, f"{_where(c)}所述{subject_words(c.subject)} {said(c)}与{table.label}"
                                        f"（{money(table.value, table.unit)}）换算后相差一个尾数单位，属舍入差异。",
                              stated.where, expected=table.wan, actual=stated.wan, delta=result.delta, tolerance=tol,
                              unit="万元", compared=[table.where])
            continue
        slip = _unit_slip(stated, table)
        if slip is not None:
            yield finding(UNIT_MISMATCH, f"{_where(c)}称{subject_words(c.subject)} {said(c)}，而{table.label}为 "
                                         f"{money(table.value, table.unit)}：数字相同，单位应为“{slip}”。",
                          stated.where, expected=slip, actual=c.unit, compared=[table.where])
            continue
        hint = _same_value_hint(ctx, c.value, c.unit)
        converted_text = f"（即 {money(table.wan, '万元')}）" if table.unit != stated.unit else ""
        yield finding("narrative-amount",
                      f"{_where(c)}称{subject_words(c.subject)} {said(c)}，而{table.label}为 "
                      f"{money(table.value, table.unit)}{converted_text}{hint}。",
                      stated.where, expected=table.wan, actual=stated.wan, delta=result.delta, tolerance=tol,
                      unit="万元", compared=[table.where])


SHARE_FORCED = declare(
    "share-forced", "warning", "占比被凑成 100%",
    "Shares of one whole that add up to exactly 100% only because one of them was moved by a unit of its last "
    "digit: rounded honestly from the tables they add up to 99.99% (or 100.01%). The warning names the honest "
    "figure; a list of rounded shares need not add up to 100%.",
    "“三、关于…支出预算情况说明”中各部分占比之和被凑成 100%：项目支出按表格应为 22.01%（131.00 ÷ 595.08），写作 "
    "22.02%；如实写出时合计为 99.99%，不必凑足 100%。",
    family="narrative")


@rule("narrative-share", "error", tags=("narrative", "percent"), title="说明中的占比与表格不符",
      description="Every share stated in the narrative (占 x%) equals part / whole of the table amounts of what it "
                  "speaks of and of the whole it is taken of, compared at the printed precision (half a unit of the "
                  "last printed digit) plus the rounding of the two amounts carried through the division.",
      example="“二、关于…收入预算情况说明”称一般公共预算占 94.86%，而按表格计算为 100.00%（表一“一般公共预算” "
              "595.08 万元 ÷ 表一“收入总计” 595.08 万元）。",
      emits=(ROUNDING, SHARE_FORCED))
def shares(ctx: Context) -> Iterator[Finding]:
    for c in ctx.d.narrative.claims:
        if c.kind != ClaimKind.SHARE or c.of is None:
            continue
        scope = claim_scope(ctx, c)
        part = table_figure(ctx, c.subject, c.section, scope)
        whole = table_figure(ctx, c.of, c.section, scope)
        if part is None or whole is None or whole.wan == 0:
            continue
        expected = part.wan / whole.wan * 100
        printed = claim_half(c)
        tol = printed + 100 * (part.half / whole.wan + part.wan * whole.half / (whole.wan * whole.wan))
        delta = c.value - expected
        if abs(delta) <= tol:
            continue
        places = max(2, decimals_of(c.value))
        # one unit away from its honest rounding, in a list made to add up to exactly 100%
        forced = _forced(ctx, c) if abs(delta) <= tol + 2 * printed else None
        if forced is not None:
            yield forced
            continue
        if abs(delta) <= tol + printed:
            # one unit off: truncated, or adjusted so that the shares add up to 100%
            yield finding(ROUNDING, f"{_where(c)}所述{subject_words(c.subject)}占 {said(c)}（计算值 "
                                    f"{percent(expected, places + 1)}）相差一个末位单位，属舍入或为凑足 100% 的调整。",
                          claim_figure(c).where, expected=expected.quantize(Decimal(1).scaleb(-places)),
                          actual=c.value, delta=delta.quantize(Decimal("0.0001")),
                          tolerance=tol.quantize(Decimal("0.0001")), unit="%")
            continue
        hint, stated = _stated_share_hint(ctx, c, whole, part)
        yield finding("narrative-share",
                      f"{_where(c)}称{subject_words(c.subject)}占 {said(c)}，而按表格计算为 "
                      f"{percent(expected, places)}（{part.label} {money(part.value, part.unit)} ÷ {whole.label} "
                      f"{money(whole.value, whole.unit)}）{hint}。",
                      claim_figure(c).where, expected=expected.quantize(Decimal(1).scaleb(-places)), actual=c.value,
                      delta=delta.quantize(Decimal("0.0001")), tolerance=tol.quantize(Decimal("0.0001")), unit="%",
                      compared=[part.where, whole.where, *([claim_figure(stated).where] if stated else [])])


def _honest_share(ctx: Context, c: Claim) -> Decimal | None:
    """The share the tables give, rounded to the digits the claim prints."""
    if c.of is None:
        return None
    scope = claim_scope(ctx, c)
    part = table_figure(ctx, c.subject, c.section, scope)
    whole = table_figure(ctx, c.of, c.section, scope)
    if part is None or whole is None or whole.wan == 0:
        return None
    return (part.wan / whole.wan * 100).quantize(Decimal(1).scaleb(-decimals_of(c.value)), rounding=ROUND_HALF_UP)


def _forced(ctx: Context, c: Claim) -> Finding | None:
    """A share one unit off its honest value in a list of shares made to add up to exactly 100%."""
    group = list({(x.subject.kind, x.subject.key): x for x in ctx.d.narrative.claims
                  if x.kind == ClaimKind.SHARE and x.section == c.section and x.of is not None and c.of is not None
                  and (x.of.kind, x.of.key) == (c.of.kind, c.of.key)}.values())
    if len(group) < 2 or sum((x.value for x in group), Decimal(0)) != 100:
        return None
    honest = [_honest_share(ctx, x) for x in group]
    if any(h is None for h in honest):
        return None
    total = sum((h for h in honest if h is not None), Decimal(0))
    mine = _honest_share(ctx, c)
    unit = Decimal(1).scaleb(-decimals_of(c.value))
    if total == 100 or mine is None or abs(mine - c.value) != unit or abs(total - 100) != unit:
        return None  # not one share moved by one unit to close a one-unit gap
    others = [x for x in group if x is not c]
    return finding(SHARE_FORCED, f"{_where(c)}中各部分占比之和被凑成 100%：{subject_words(c.subject)}按表格应为 "
                                 f"{percent(mine, decimals_of(c.value))}，写作 {said(c)}；如实写出时合计为 "
                                 f"{percent(total, decimals_of(c.value))}，不必凑足 100%。",
                   claim_figure(c).where, expected=mine, actual=c.value, unit="%",
                   compared=[claim_figure(x).where for x in others])


def _stated_share_hint(ctx: Context, c: Claim, whole: Figure, part: Figure) -> tuple[str, Claim | None]:
    """A hint when the share agrees with the amount the sentence states (then that amount is the mistake,
    and the share follows from it), with that amount's claim."""
    stated = next((x for x in ctx.d.narrative.claims if x.sentence == c.sentence and x.kind == ClaimKind.AMOUNT
                   and same_subject(x.subject, c.subject) and x.unit in _MONEY), None)
    if stated is None or whole.wan == 0:
        return "", None
    if abs(claim_figure(stated).wan - part.wan) <= claim_figure(stated).half + part.half:
        return "", None  # the stated amount is right: the share itself is wrong
    value = claim_figure(stated).wan / whole.wan * 100
    if abs(value - c.value) <= claim_half(c) * 2:
        return f"；该比例与说明所述 {said(stated)} 相符，但该金额本身与表格不符", stated
    return "", None


# ---------------------------------------------------------------- the same figure stated twice


# the headline figures a document restates (totals, 基本/项目, 人员/公用, “三公”, function lines): a repeated
# statement of these must agree; lists of assets, procurement details and counts vary too much to compare
_RESTATED = {"total", "income_total", "expenditure_total", "fiscal_total", "general_budget_total", "income",
             "expenditure", "basic", "three_public", "operating_costs", "functional", "gov_fund", "state_capital"}


def _conflict_key(c: Claim) -> tuple[object, ...] | None:
    if c.subject.kind not in _RESTATED or not c.subject.label or c.measure is not None:
        return None
    if c.subject.kind == "functional" and not c.subject.key:
        return None
    if c.kind not in (ClaimKind.AMOUNT, ClaimKind.CHANGE, ClaimKind.RATE, ClaimKind.SHARE):
        return None
    if c.kind in (ClaimKind.CHANGE, ClaimKind.RATE) and c.direction == "flat":
        return None
    of = (c.of.kind, c.of.key) if c.of is not None else None
    plan = "plan" if any(w in c.sentence for w in ("安排购置", "拟购置")) else ""
    current = "本年" in c.subject.label  # 本年收入合计 is not 收入总计 in a 决算
    return (c.subject.kind, c.subject.key, c.kind.value, c.measure, c.unit, of, scope_of(c.section), plan, current)


@rule("narrative-conflict", "error", tags=("narrative",), title="说明前后矛盾",
      description="A figure stated more than once in the narrative (the same subject, the same kind of figure and "
                  "the same scope of money, e.g. the change of 基本支出 in the 支出 section and again in the "
                  "一般公共预算 section when all money is 一般公共预算) is stated with the same value and direction.",
      example="“（一）一般公共预算当年拨款规模变化情况”称基本支出比上年增加 21.08 万元，而“三、关于…支出预算情况说明”"
              "称增加 20.08 万元。")
def conflicts(ctx: Context) -> Iterator[Finding]:
    seen: dict[tuple[object, ...], Claim] = {}
    for c in ctx.d.narrative.claims:
        k = _conflict_key(c)
        if k is None:
            continue
        first = seen.get(k)
        if first is None:
            seen[k] = c
            continue
        if first.sentence == c.sentence:
            continue  # two figures of one sentence are two things (本年 and 上年, 预算 and 决算)
        tol = claim_half(c) + claim_half(first)
        same_value = abs(c.value - first.value) <= tol
        same_direction = c.direction is None or first.direction is None or c.direction == first.direction
        if same_value and same_direction:
            continue
        what = {"change": "比上年变动", "rate": "变动幅度", "share": "占比"}.get(c.kind.value, "")
        yield finding("narrative-conflict",
                      f"{_where(c)}称{subject_words(c.subject)}{what} {_dir(c)}{said(c)}，而{_where(first)}称 "
                      f"{_dir(first)}{said(first)}；同一数字前后不一致。",
                      claim_figure(c).where, expected=first.value, actual=c.value, delta=c.value - first.value,
                      tolerance=tol, unit=c.unit, compared=[claim_figure(first).where])


def _dir(c: Claim) -> str:
    return {"increase": "增加 ", "decrease": "减少 ", "new": "新增 ", "flat": "持平 "}.get(c.direction or "", "")


# ---------------------------------------------------------------- changes against printed prior-year figures


@rule("narrative-change", "error", tags=("narrative", "change"), title="说明中的增减额与表列上年数不符",
      description="Where a table prints the prior-year figure (a 上年 column of the “三公” table), the stated change "
                  "(比上年增加/减少 x) equals this year's figure minus the prior-year one, in size and direction.",
      example="“八、关于…“三公”经费预算情况说明”称公务接待费比上年增加 0.02 万元，而表八本年 0.06 万元、上年 0.10 万元，"
              "应为减少 0.04 万元。")
def changes_vs_prior_columns(ctx: Context) -> Iterator[Finding]:
    tp = ctx.d.views.three_public
    if tp is None or not tp.prior:
        return
    for c in ctx.d.narrative.claims:
        if c.kind != ClaimKind.CHANGE or c.subject.kind != "three_public" or c.unit not in _MONEY:
            continue
        key = c.subject.key or ""
        now, before = getattr(tp, key, None), tp.prior.get(key)
        if now is None or before is None:
            continue
        expected = now.wan - before.wan
        stated = claim_figure(c)
        sign = -1 if c.direction == "decrease" else 1
        actual = stated.wan * sign if c.direction else (stated.wan if expected >= 0 else -stated.wan)
        tol = stated.half + 2 * half_unit(2) * (Decimal("0.0001") if now.unit == "元" else 1)
        result = compare(expected, actual, tol)
        if result.status != "error":
            continue
        yield finding("narrative-change",
                      f"{_where(c)}称{subject_words(c.subject)}比上年{_dir(c)}{said(c)}，而{tp.table}本年 "
                      f"{money(now.value, now.unit)}、上年 {money(before.value, before.unit)}，应为 {signed(expected)} 万元。",
                      stated.where, expected=expected, actual=actual, delta=result.delta, tolerance=tol, unit="万元",
                      compared=[tp.source])


# ---------------------------------------------------------------- what could not be tied to a table


@rule("claim-unresolved", "info", tags=("narrative",), title="无法判断所指的数字",
      description="A money figure or percentage in the narrative whose subject could not be recognised (or a "
                  "function line named in words that no table holds) is listed so that a person can check it; "
                  "it is never an error.",
      example="“十、其他重要事项的情况说明”中的“12.00 万元”无法判断所指，未能核对。")
def unresolved(ctx: Context) -> Iterator[Finding]:
    for c in ctx.d.narrative.claims:
        if c.unit not in (*_MONEY, "%"):
            continue
        if c.subject.kind == "unknown" or (c.subject.kind == "functional" and not c.subject.key):
            what = f"（“{short(c.subject.label, 30)}”在表格中找不到）" if c.subject.kind == "functional" else ""
            yield finding("claim-unresolved", f"{_where(c)}中的“{said(c)}”无法判断所指{what}，未能核对。",
                          claim_figure(c).where)


# ---------------------------------------------------------------- 车辆购置 vs 表八


@rule("vehicle-purchase-plan", "warning", tags=("narrative", "three-public"), title="购置车辆经费与“三公”表不符",
      description="The vehicle purchase budget stated under 国有资产占用 (安排购置车辆经费 x 万元) equals the "
                  "公务用车购置费 of the “三公” table (a warning: vehicles may also be bought from other money).",
      example="“（三）国有资产占用使用情况”称安排购置车辆经费 30 万元，而表八“公务用车购置费”为 0 万元。")
def vehicle_purchase_plan(ctx: Context) -> Iterator[Finding]:
    tp = ctx.d.views.three_public
    if tp is None or tp.vehicle_purchase is None:
        return
    for c in ctx.d.narrative.claims:
        if c.subject.kind != "assets" or c.subject.key != "plan_vehicle_amount" or c.unit not in _MONEY:
            continue
        stated = claim_figure(c)
        table = Figure(tp.vehicle_purchase.value, tp.vehicle_purchase.unit, 2, tp.source, "")
        if abs(stated.wan - table.wan) <= stated.half + table.half:
            continue
        yield finding("vehicle-purchase-plan",
                      f"{_where(c)}称安排购置车辆经费 {said(c)}，而{tp.table}“公务用车购置费”为 "
                      f"{money(tp.vehicle_purchase.value, tp.vehicle_purchase.unit)}。",
                      stated.where, expected=table.wan, actual=stated.wan, delta=stated.wan - table.wan,
                      tolerance=stated.half + table.half, unit="万元", compared=[tp.source.with_(table=tp.table)])





# ---------------------------------------------------------------- a line named otherwise than printed

_LEVEL_WORDS = (("类", 3), ("款", 5), ("项", 7))


def _written_names(label: str) -> list[tuple[str, str, int]]:
    """(name as written, 类/款/项, code length) of a functional phrase."""
    from ..interpret.claims import functional_phrase

    found = functional_phrase(label)
    if found is None:
        return []
    return [(name, word, size) for name, (word, size) in zip(found[0], _LEVEL_WORDS, strict=True) if name]


@rule("line-name", "warning", tags=("narrative", "codes"), title="说明中的科目名称与表格不符",
      description="A 类/款/项 named in the narrative (“医疗卫生与计划生育支出（类）行政事业单位医疗（款）…”) is found in the "
                  "tables by its other names, but the name written for one level is no line's name in any table: a "
                  "former name of the 科目 (医疗卫生与计划生育支出 became 卫生健康支出) or a wrong one. Written names "
                  "that are another level's line (a 款 marked as 类) are not reported.",
      example="“2024年单位预算编制说明”写作“医疗卫生与计划生育支出（类）”，而表格中 210 为“卫生健康支出”。")
def line_names(ctx: Context) -> Iterator[Finding]:
    from ..interpret.claims import name_fits

    lines = {ln.code: ln.name for t in ctx.d.views.functional_tables() for ln in t.lines}
    seen: set[tuple[str, str]] = set()
    for c in ctx.d.narrative.claims:
        if c.subject.kind != "functional" or not c.subject.key:
            continue
        for written, word, size in _written_names(c.subject.label):
            code = c.subject.key[:size]
            printed = lines.get(code)
            if printed is None or (written, code) in seen or name_fits(printed, written):
                continue
            seen.add((written, code))
            if any(name_fits(name, written) for name in lines.values()):
                continue
            yield finding("line-name", f"{_where(c)}写作“{written}（{word}）”，而表格中 {code} 为“{printed}”。",
                          claim_figure(c).where, expected=printed, actual=written)
