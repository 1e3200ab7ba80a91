"""Projects and performance targets (DOMAIN.md "What must hold" 5).

The project list of the project table (表七), the project descriptions of the narrative and the
项目支出绩效目标表 are matched by name, tolerantly (``normalize.similarity``: brackets, dashes and
spacing do not matter, a year prefix or a suffix in brackets still matches). Matched projects
must agree on the amount; each target table's 年度资金总额 = 财政拨款 + 其他资金; a 成本指标 stated in
元 equals the amount × 10 000 (a value printed without unit, such as "=500000.00", is read as 元
when it equals the amount × 10 000, as 万元 when it equals the amount, and is otherwise reported
in 元); 人数 × 标准 = the amount of a subsidy; the count and sum in 预算绩效情况 match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..model import Amount, ClaimKind, Indicator, PerformanceTarget, ProjectDescription, SourceRef
from ..normalize import key, similarity
from ..tolerances import TOLERANCES
from .common import ZERO, half_unit, money, short, wan_text
from .facts import claim_figure
from .finding import Finding
from .registry import Context, declare, finding, rule

MATCH_THRESHOLD = TOLERANCES.project_match


@dataclass(frozen=True)
class Named:
    name: str
    amount: Amount | None
    where: SourceRef
    label: str  # "表七“…”", "项目说明“…”", "绩效目标表“…”"


def _table_projects(ctx: Context) -> list[Named]:
    pt = ctx.d.views.general_project
    if pt is None:
        return []
    return [Named(p.name, p.amount, p.source, f"{pt.table}项目“{short(p.name, 30)}”") for p in pt.projects]


def _described(ctx: Context) -> list[Named]:
    return [Named(p.name, p.amount, _claim_where(ctx, p, "project") or _desc_where(p), f"项目说明“{short(p.name, 30)}”")
            for p in ctx.d.projects]


def _desc_where(p: ProjectDescription) -> SourceRef:
    return p.source.with_(section=p.source.section or "项目支出情况说明", sentence=f"项目名称：{p.name}")


def _claim_where(ctx: Context, p: ProjectDescription, kind: str, measure: str | None = None) -> SourceRef | None:
    """Where the description states the figure (its 预算安排规模 or 补贴人数 line)."""
    for c in ctx.d.narrative.claims:
        if c.subject.kind == kind and c.subject.key == p.name and (measure is None or c.measure == measure):
            return claim_figure(c).where
    return None


def _targets(ctx: Context) -> list[Named]:
    out = []
    for t in ctx.d.performance:
        t = in_printed_unit(ctx, t)
        amount = t.fiscal if t.fiscal is not None and t.other is not None and t.other.value else (t.fiscal or t.total)
        out.append(Named(t.project, amount, _funds_row(ctx, t), f"绩效目标表“{short(t.project, 30)}”"))
    return out


def _funds_row(ctx: Context, t: PerformanceTarget) -> SourceRef:
    """Where a target table prints its funds (项目资金 / 年度资金总额), else the table."""
    table = ctx.d.table(t.table or "")
    if table is not None:
        for row in table.rows:
            if any("资金" in key(c) for c in row.cells[:3]):
                return row.source.with_(table=table.id, row=t.project)
    return t.source.with_(row=t.project)


def _unit_of_target(ctx: Context, t: PerformanceTarget) -> str:
    """The unit a target table prints its funds in: “项目资金（元）” in Shanghai, 万元 elsewhere."""
    table = ctx.d.table(t.table or "")
    if table is None:
        return "万元"
    cells = [c for row in table.header for c in row] + [c for r in table.rows[:4] for c in r.cells]
    for cell in cells:
        k = key(cell)
        if "资金" in k and ("(元)" in k or k.endswith("元")) and "万元" not in k:
            return "元"
    return table.unit or "万元"


def in_printed_unit(ctx: Context, t: PerformanceTarget) -> PerformanceTarget:
    """The target with its funds in the unit the table prints (the reader assumes 万元)."""
    unit = ctx.memo(f"target-unit:{t.table}", lambda: _unit_of_target(ctx, t))
    if unit == "万元":
        return t
    fix = {name: Amount(value=a.value, unit=unit) for name in ("total", "fiscal", "other", "carryover")
           if (a := getattr(t, name)) is not None}
    return t.model_copy(update=fix)


def match(left: Sequence[Named], right: Sequence[Named]) -> list[tuple[int, int, float]]:
    """One-to-one pairs (i, j, score) of tolerantly equal names, best first."""
    scored = []
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            score = _score(a.name, b.name)
            if score >= MATCH_THRESHOLD:
                same_amount = a.amount is not None and b.amount is not None and a.amount.wan == b.amount.wan
                scored.append((score + (0.01 if same_amount else 0), i, j))
    scored.sort(reverse=True)
    used_i: set[int] = set()
    used_j: set[int] = set()
    out = []
    for score, i, j in scored:
        if i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        out.append((i, j, min(score, 1.0)))
    return out


def _score(a: str, b: str) -> float:
    ka, kb = _core(a), _core(b)
    if ka == kb:
        return 1.0
    return max(similarity(a, b), similarity(ka, kb))


def _core(name: str) -> str:
    """A name without a trailing remark in brackets and without a leading year: the part that identifies it."""
    k = key(name)
    if k.endswith(")") and "(" in k:
        k = k[: k.rfind("(")]
    for prefix in ("20", "19"):
        if k.startswith(prefix) and len(k) > 5 and k[4] in "年":
            k = k[5:]
            k = k.removeprefix("度")
    return k


# ---------------------------------------------------------------- names and presence

UNMATCHED = declare(
    "project-unmatched", "warning", "项目在各处不一致",
    "A project described in the narrative or given a performance-target table does not appear in the project "
    "table (表七); or (info) a project of the table is not described or has no target table, or (info) without a "
    "project table, a target table has no description (layouts that describe key projects only).",
    "项目说明“办公设备购置经费”在表七中找不到对应的项目。", family="projects")


@rule("project-name", "info", tags=("projects",), title="同一项目名称写法不一",
      description="The same project is named differently in 表七, in its description and in its target table "
                  "(matched tolerantly: brackets, dashes, spacing, a year prefix or a remark in brackets do not "
                  "prevent the match). Reported as info so that names can be made identical.",
      example="表七项目“人口服务管理和实名制工作领导小组办公室工作经费”在项目说明中写作“人口服务管理和实名制工作小组办公室工作经费”。",
      emits=(UNMATCHED,))
def project_names(ctx: Context) -> Iterator[Finding]:
    table = _table_projects(ctx)
    for others, word in ((_described(ctx), "项目说明"), (_targets(ctx), "绩效目标表")):
        if not others:
            continue
        reference = table or (_described(ctx) if word == "绩效目标表" else [])
        if not reference:
            continue
        pairs = match(reference, others)
        matched_j = {j for _, j, _ in pairs}
        matched_i = {i for i, _, _ in pairs}
        for i, j, _ in pairs:
            a, b = reference[i], others[j]
            if key(a.name) != key(b.name):
                yield finding("project-name", f"{a.label}在{word}中写作“{b.name}”。", b.where,
                              expected=a.name, actual=b.name, compared=[a.where])
        for j, b in enumerate(others):
            if j not in matched_j:
                if table:
                    yield finding(UNMATCHED, f"{b.label}在表七中找不到对应的项目。", b.where, actual=b.name)
                else:  # without a project table the descriptions cover key projects only: not a list to match
                    yield finding(UNMATCHED, f"{b.label}没有对应的项目说明（本文件没有项目支出表，项目说明可只涉及重点"
                                             f"项目）。", b.where, actual=b.name, severity="info")
        if table and reference is table:
            for i, a in enumerate(table):
                if i not in matched_i:
                    yield finding(UNMATCHED, f"{a.label}没有对应的{word}。", a.where, expected=a.name,
                                  severity="info")


# ---------------------------------------------------------------- amounts


@rule("project-amount", "error", tags=("projects",), title="项目金额各处不一致",
      description="A project's amount is the same in the project table (表七), in its description (预算安排规模) and "
                  "in its target table (财政拨款, or 年度资金总额 when no split is given). When there is no project "
                  "table, descriptions and target tables are compared with each other.",
      example="绩效目标表“乌财行[2020]23号—拨付2019年度“忠诚干净担当好班子”奖金…”的财政拨款为 14.36 万元，而表七该项目为 12.39 万元。")
def project_amounts(ctx: Context) -> Iterator[Finding]:
    table = _table_projects(ctx)
    described, targets = _described(ctx), _targets(ctx)
    pairs_list: list[tuple[list[Named], list[Named], str]] = []
    if table:
        pairs_list = [(table, described, "预算安排规模"), (table, targets, "财政拨款")]
    elif described:
        pairs_list = [(described, targets, "财政拨款")]
    for reference, others, what in pairs_list:
        for i, j, _ in match(reference, others):
            a, b = reference[i], others[j]
            if a.amount is None or b.amount is None:
                continue
            tol = _half(a.amount) + _half(b.amount)
            if abs(a.amount.wan - b.amount.wan) <= tol:
                continue
            yield finding("project-amount", f"{b.label}的{what}为 {money(b.amount.value, b.amount.unit)}，而{a.label}为 "
                                            f"{money(a.amount.value, a.amount.unit)}。",
                          b.where, expected=a.amount.wan, actual=b.amount.wan, delta=b.amount.wan - a.amount.wan,
                          tolerance=tol, unit="万元", compared=[a.where])


def _half(amount: Amount) -> Decimal:
    exponent = amount.value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    h = half_unit(max(places, 2))
    return h.scaleb(-4) if amount.unit == "元" else h


@rule("target-funds", "error", tags=("projects", "performance", "sum"), title="绩效目标表资金总额不等于各来源之和",
      description="In each 项目支出绩效目标表, 年度资金总额 equals 财政拨款 + 其他资金; where the table prints a "
                  "上年结转 row of its own, the total may include it (年度资金总额 = 财政拨款 + 上年结转 + 其他资金).",
      example="绩效目标表“政务协调工作经费”的年度资金总额为 30 万元，而财政拨款 25 万元 + 其他资金 0 万元 = 25 万元。")
def target_funds(ctx: Context) -> Iterator[Finding]:
    for t in (in_printed_unit(ctx, x) for x in ctx.d.performance):
        if t.total is None or t.fiscal is None:
            continue
        other = t.other.wan if t.other is not None else ZERO
        carryover = t.carryover.wan if t.carryover is not None else ZERO
        parts = t.fiscal.wan + other
        tol = _half(t.total) + _half(t.fiscal) + (_half(t.other) if t.other is not None else ZERO)
        if abs(t.total.wan - parts) <= tol:
            continue
        if t.carryover is not None and abs(t.total.wan - parts - carryover) <= tol + _half(t.carryover):
            continue  # 年度资金总额 includes the 上年结转 row
        with_carryover = (f"（计入上年结转 {wan_text(carryover)} 万元为 {wan_text(parts + carryover)} 万元）"
                          if t.carryover is not None else "")
        yield finding("target-funds", f"绩效目标表“{short(t.project, 30)}”的年度资金总额为 {money(t.total.value, t.total.unit)}，而财政拨款 "
                                      f"{wan_text(t.fiscal.wan)} 万元 + 其他资金 {wan_text(other)} 万元 = {wan_text(parts)} 万元"
                                      f"{with_carryover}。",
                      _funds_row(ctx, t).with_(column="年度资金总额"), expected=parts, actual=t.total.wan, delta=t.total.wan - parts, tolerance=tol,
                      unit="万元")


# ---------------------------------------------------------------- 成本指标


# a cost per person, per unit or a standard ("人均发放标准 =710元") is not the project's amount
_UNIT_COST = re.compile(r"人均|每人|每户|户均|次均|亩均|每[次个件台套月年天]|标准|单价|单位成本|平均|均价|/人|／人")


def _cost_terms(t: PerformanceTarget) -> list[tuple[Indicator, Decimal, str]]:
    out = []
    for ind in t.indicators:
        if "成本" not in ind.level2 and "成本" not in ind.level1:
            continue
        if _UNIT_COST.search(ind.name or "") or _UNIT_COST.search(ind.value.text or ""):
            continue
        for term in ind.value.terms:
            unit = term.unit.strip()
            if term.op == "=" and unit in ("元", "万元", ""):
                out.append((ind, term.number, unit))
    return out


def _project_amount(ctx: Context, t: PerformanceTarget) -> tuple[Amount | None, str]:
    table = _table_projects(ctx)
    me = Named(t.project, t.fiscal or t.total, t.source, "")
    if table:
        pairs = match(table, [me])
        if pairs:
            a = table[pairs[0][0]]
            return a.amount, a.label
    return t.total, f"绩效目标表“{short(t.project, 30)}”的年度资金总额"


@rule("cost-indicator", "error", tags=("projects", "performance"), title="成本指标与项目金额不符",
      description="When a target table has exactly one 成本指标 stated as an amount (=x元, =x万元, or a bare "
                  "number), it equals the project's amount (from 表七, else the table's 年度资金总额): x元 = amount × "
                  "10 000. A bare number is read as 元 when it equals amount × 10 000 and as 万元 when it equals the "
                  "amount; otherwise it is reported in 元. Several money 成本指标 must not add up to more than the "
                  "amount.",
      example="绩效目标表“乌财行…奖金”的成本指标“项目金额 =143600.00”（按元计）应为 123900 元（表七该项目 12.39 万元 × 10000）。")
def cost_indicators(ctx: Context) -> Iterator[Finding]:
    for t in (in_printed_unit(ctx, x) for x in ctx.d.performance):
        terms = _cost_terms(t)
        amount, source_label = _project_amount(ctx, t)
        if not terms or amount is None:
            continue
        yuan = amount.wan * 10000
        tol = _half(amount) * 10000 if amount.unit == "万元" else _half(amount).scaleb(4)
        if len(terms) > 1:
            total = sum((n if unit != "万元" else n * 10000 for _, n, unit in terms), ZERO)
            if total > yuan + tol * len(terms):
                yield finding("cost-indicator", f"绩效目标表“{short(t.project, 30)}”各成本指标之和 {wan_text(total)} 元大于"
                                                f"{source_label}（{money(amount.value, amount.unit)}）。",
                              terms[0][0].source, expected=f"≤{wan_text(yuan)}", actual=total, unit="元")
            continue
        ind, number, unit = terms[0]
        if unit == "万元":
            ok = abs(number * 10000 - yuan) <= tol + half_unit(2) * 10000
        elif unit == "元":
            ok = abs(number - yuan) <= tol + 1
        else:
            ok = abs(number - yuan) <= tol + 1 or abs(number - amount.wan) <= _half(amount)
        if ok:
            continue
        actual = number * 10000 if unit == "万元" else number
        reading = "（未标单位，按元计）" if not unit else ""
        yield finding("cost-indicator", f"绩效目标表“{short(t.project, 30)}”的成本指标“{ind.name} {ind.value.text}”{reading}"
                                        f"应为 {wan_text(yuan)} 元（{source_label} {money(amount.value, amount.unit)} × 10000）。",
                      ind.source, expected=yuan, actual=actual, delta=actual - yuan, tolerance=tol, unit="元")


# ---------------------------------------------------------------- indicators copied from another project

_GENERIC = ("工作经费", "专项经费", "运行经费", "经费", "专项资金", "资金", "项目", "补助", "补贴", "支出")


def _identity(name: str) -> str:
    """The words that identify a project: "政务协调工作经费" → "政务协调"."""
    k = _core_key(name)
    for suffix in _GENERIC:
        if k.endswith(suffix) and len(k) > len(suffix) + 1:
            k = k[: -len(suffix)]
            break
    return k


def _core_key(name: str) -> str:
    k = key(name)
    if k[:4].isdigit() and k[4:5] == "年":
        k = k[5:].removeprefix("度")
    return k




@rule("target-copied", "warning", tags=("projects", "performance"), title="绩效目标疑似抄自其他项目",
      description="An indicator or the overall goal of a project's target table names another project of the "
                  "same document (and not its own), which usually means it was copied from that project's table. "
                  "A project is named by the words that identify it (政务协调 in 政务协调工作经费), three characters at "
                  "least; a short kind of expense (物业费, 培训费) is a common word any project may use.",
      example="绩效目标表“电子政务中心工作经费”的指标“政务协调工作满意度”提到另一个项目“政务协调工作经费”。")
def copied_targets(ctx: Context) -> Iterator[Finding]:
    names = [t.project for t in ctx.d.performance] + [p.name for p in _table_projects(ctx)]
    cores = {n: _identity(n) for n in names}
    for t in ctx.d.performance:
        own = key(t.project)
        # a short kind of expense (物业费, 培训费) is a common word, not the name of another project
        others = {n: c for n, c in cores.items() if len(c) >= 3 and not (len(c) <= 3 and c[-1] in "费金款")
                  and c not in own and _identity(t.project) not in c
                  and _score(n, t.project) < MATCH_THRESHOLD}
        texts = [(i.name, i.source) for i in t.indicators] + ([(t.goal, t.source.with_(row="项目总体目标"))]
                                                              if t.goal else [])
        for text, where in texts:
            hit = next((n for n, c in others.items() if c in key(text)), None)
            if hit is None:
                continue
            yield finding("target-copied", f"绩效目标表“{short(t.project, 30)}”的“{text}”提到另一个项目“{short(hit, 30)}”，"
                                           f"疑似抄自该项目。", where.with_(row=text or where.row), actual=text,
                          expected=t.project)


# ---------------------------------------------------------------- 补贴: 人数 × 标准


@rule("subsidy-total", "error", tags=("projects", "narrative"), title="补贴人数×标准不等于金额",
      description="For a subsidy project, 补贴人数 × 补贴标准 (per person) equals the project's amount (its "
                  "预算安排规模, else the project table's amount).",
      example="项目说明“2021年临时聘用人员经费”称补贴 2 人、每人 2.145 万元，合计 4.29 万元，而预算安排规模为 5.29 万元。")
def subsidies(ctx: Context) -> Iterator[Finding]:
    table = _table_projects(ctx)
    for p in ctx.d.projects:
        s = p.subsidy
        if s is None or s.people is None or s.standard is None:
            continue
        amount = p.amount
        label = "预算安排规模"
        if amount is None and table:
            pairs = match(table, [Named(p.name, None, p.source, "")])
            if pairs:
                amount, label = table[pairs[0][0]].amount, "表七金额"
        if amount is None:
            continue
        product = s.standard.wan * s.people
        tol = _half(s.standard) * s.people + _half(amount)
        if abs(product - amount.wan) <= tol:
            continue
        yield finding("subsidy-total", f"项目说明“{short(p.name, 30)}”称补贴 {s.people} 人、每人 "
                                       f"{money(s.standard.value, s.standard.unit)}，合计 {wan_text(product)} 万元，而{label}为 "
                                       f"{money(amount.value, amount.unit)}。",
                      _claim_where(ctx, p, "subsidy", "people") or _desc_where(p), expected=amount.wan, actual=product, delta=product - amount.wan, tolerance=tol,
                      unit="万元")


# ---------------------------------------------------------------- 预算绩效情况


@rule("performance-summary", "error", tags=("projects", "performance", "narrative"), title="预算绩效项目数或金额不符",
      description="The number of projects and the amount stated under 预算绩效情况 match the project table (表七: "
                  "its number of projects and its total), or else the target tables published with it.",
      example="“（四）预算绩效情况”称实行绩效管理的项目 7 个，而表七列有 6 个项目、绩效目标表 6 张。")
def performance_summary(ctx: Context) -> Iterator[Finding]:
    claims = [c for c in ctx.d.narrative.claims if c.subject.kind == "performance"]
    count = next((c for c in claims if c.subject.key == "projects" and c.kind == ClaimKind.COUNT), None)
    amount = next((c for c in claims if c.subject.key == "amount" and c.unit in ("万元", "元")), None)
    table = _table_projects(ctx)
    targets = [in_printed_unit(ctx, t) for t in ctx.d.performance]
    pt = ctx.d.views.general_project
    if count is not None and (table or targets):
        options = [n for n in (len(table) if table else None, len(targets) if targets else None) if n is not None]
        if int(count.value) not in options:
            expected = options[0]
            yield finding("performance-summary",
                          f"“预算绩效情况”称项目 {count.value} 个，而" + "、".join(
                              ([f"表七列有 {len(table)} 个项目"] if table else [])
                              + ([f"绩效目标表 {len(targets)} 张"] if targets else [])) + "。",
                          claim_figure(count).where, expected=expected, actual=count.value, unit="个")
    if amount is not None:
        stated = claim_figure(amount)
        options_amt: list[tuple[Decimal, Decimal, str]] = []
        if pt is not None and pt.total is not None:
            options_amt.append((pt.total.wan, _half(pt.total), f"表七合计 {money(pt.total.value, pt.total.unit)}"))
        funded = [t.fiscal or t.total for t in targets]
        if targets and all(a is not None for a in funded):
            total = sum((a.wan for a in funded if a is not None), ZERO)
            options_amt.append((total, _half(funded[0]) * len(funded) if funded[0] else ZERO,  # type: ignore[arg-type]
                                f"各绩效目标表资金之和 {wan_text(total)} 万元"))
        if options_amt and not any(abs(v - stated.wan) <= tol + stated.half for v, tol, _ in options_amt):
            yield finding("performance-summary",
                          f"“预算绩效情况”称涉及金额 {wan_text(stated.value)} {stated.unit}，而" +
                          "、".join(text for _, _, text in options_amt) + "。",
                          stated.where, expected=options_amt[0][0], actual=stated.wan,
                          delta=stated.wan - options_amt[0][0], unit="万元")


# ---------------------------------------------------------------- 分季度用款计划


def _quarters_where(ctx: Context, p: ProjectDescription) -> SourceRef:
    """The sentence stating the project's quarters, else the description."""
    values = [q.value for q in p.quarters]
    by_sentence: dict[str, list[Decimal]] = {}
    first: dict[str, SourceRef] = {}
    for c in ctx.d.narrative.claims:
        if c.subject.kind == "project_quarter":
            by_sentence.setdefault(c.sentence, []).append(c.value)
            first.setdefault(c.sentence, claim_figure(c).where)
    for sentence, stated in by_sentence.items():
        if stated == values:
            return first[sentence]
    return _desc_where(p)


def _plan_reference(ctx: Context, p: ProjectDescription) -> tuple[Amount, str, SourceRef] | None:
    """What a project's quarters add up to: its stated amount, else its 表七 line, else its target table."""
    if p.amount is not None:
        return p.amount, f"项目说明“{short(p.name, 30)}”的年度预算", _desc_where(p)
    me = [Named(p.name, None, p.source, "")]
    table = _table_projects(ctx)
    pairs = match(table, me) if table else []
    if pairs and table[pairs[0][0]].amount is not None:
        a = table[pairs[0][0]]
        return a.amount, a.label, a.where  # type: ignore[return-value]
    targets = [in_printed_unit(ctx, t) for t in ctx.d.performance]
    pairs = match([Named(t.project, t.total, t.source, "") for t in targets], me)
    if pairs:
        t = targets[pairs[0][0]]
        if t.total is not None:
            return t.total, f"绩效目标表“{short(t.project, 30)}”的年度资金总额", _funds_row(ctx, t)
    return None


@rule("project-quarters", "error", tags=("projects", "sum"), title="分季度用款计划之和不等于项目预算",
      description="Where a project description states its 年度预算安排 by quarter (第一季度用款计划 … 第四季度用款计划), "
                  "the quarters add up to the project's amount: the one stated beside them, else its line in 表七, "
                  "else the 年度资金总额 of its 绩效目标表.",
      example="项目说明“新建万里街道社区公共服务中心”的分季度用款计划之和为 400.00 万元（25.88 + 180.74 + 176.60 + 16.78），"
              "而绩效目标表该项目的年度资金总额为 410.00 万元。")
def project_quarters(ctx: Context) -> Iterator[Finding]:
    for p in ctx.d.projects:
        if len(p.quarters) < 2:
            continue
        reference = _plan_reference(ctx, p)
        if reference is None:
            continue
        amount, label, where = reference
        total = sum((q.wan for q in p.quarters), ZERO)
        tol = sum((_half(q) for q in p.quarters), _half(amount))
        if abs(total - amount.wan) <= tol:
            continue
        parts = " + ".join(wan_text(q.wan) for q in p.quarters)
        yield finding("project-quarters",
                      f"项目说明“{short(p.name, 30)}”的分季度用款计划之和为 {wan_text(total)} 万元（{parts}），"
                      f"而{label}为 {money(amount.value, amount.unit)}。",
                      _quarters_where(ctx, p), expected=wan_text(amount.wan), actual=total, delta=total - amount.wan,
                      tolerance=tol, unit="万元", compared=[where])
