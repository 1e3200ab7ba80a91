"""Part 3 (情况说明) written from the numbers.

Every figure is computed from the semantic views (``d.views``), the other matters (``d.other``),
the projects and performance targets, and the prior-year figures and reasons (``d.prior`` and
``d.reasons``, keyed "kind" or "kind:key": "income:general_budget", "expenditure:basic",
"functional:2010301", "three_public:reception", "operating_costs" …). Sections whose data is
missing are left out, or say plainly what is not budgeted; nothing is ever left as a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..model import (
    Amount,
    Disclosure,
    FunctionalLine,
    FunctionalTable,
    IncomeSource,
    Level,
    Paragraph,
    ProjectDescription,
    ProjectLine,
    Section,
)
from ..normalize import key, similarity
from .derive import (
    OTHER_USES,
    ZERO,
    classes_of,
    derive_overview,
    display_name,
    other_uses,
    standard_fiscal_overview,
)
from .derive import column_total_wan as column_total  # every figure of the narrative in 万元
from .derive import wan as val
from .wording import change_clause, join_clauses, listing, money, reason_clause, sentence, share_clause

#: income sources stated in 二、收入预算情况说明, with their words; the first three are always stated
INCOME_WORDS: tuple[tuple[str, str], ...] = (
    (IncomeSource.GENERAL_BUDGET.value, "一般公共预算拨款收入"),
    (IncomeSource.GOV_FUND.value, "政府性基金预算拨款收入"),
    (IncomeSource.STATE_CAPITAL.value, "国有资本经营预算拨款收入"),
    (IncomeSource.SPECIAL_ACCOUNT.value, "财政专户管理资金收入"),
    (IncomeSource.BUSINESS.value, "事业收入"),
    (IncomeSource.OPERATING.value, "事业单位经营收入"),
    (IncomeSource.SUPERIOR.value, "上级补助收入"),
    (IncomeSource.SUBORDINATE.value, "附属单位上缴收入"),
    (IncomeSource.OTHER.value, "其他收入"),
    (IncomeSource.CARRYOVER.value, "上年结转"),
)
SOURCE_NAMES = {
    "general_budget": "一般公共预算拨款", "gov_fund": "政府性基金预算拨款", "state_capital": "国有资本经营预算拨款",
    "special_account": "财政专户管理资金", "business": "事业收入", "operating": "事业单位经营收入",
    "superior": "上级补助收入", "subordinate": "附属单位上缴收入", "other": "其他收入", "carryover": "上年结转",
}
THREE_PUBLIC_WORDS: tuple[tuple[str, str], ...] = (
    ("outbound", "因公出国（境）费"),
    ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行费"),
    ("reception", "公务接待费"),
)
CHINESE_ORDINALS = "一二三四五六七八九十"


@dataclass
class Writer:
    """What every section needs: the document, the names and the prior-year lookups."""

    d: Disclosure
    name: str
    year: int | None
    unit: str
    places: int = 2

    @property
    def y(self) -> str:
        return f"{self.year}年" if self.year else "本年"

    @property
    def scope(self) -> str:
        return self.d.unit_word

    def money(self, value: Decimal) -> str:
        return money(value, self.unit, self.places)

    def prior(self, subject: str) -> Decimal | None:
        amount = self.d.prior.get(subject)
        return None if amount is None else amount.wan

    def reason(self, subject: str) -> str:
        return reason_clause(self.d.reasons.get(subject))

    def change(self, subject: str, current: Decimal, base: str = "比上年") -> str:
        """Change clause plus its reason (the reason only where there is a change to explain)."""
        prior = self.prior(subject)
        clause = change_clause(current, prior, base, self.unit, self.places)
        if not clause or prior == current:
            return clause
        return join_clauses(clause, self.reason(subject))


def write_narrative(d: Disclosure) -> list[Section]:
    """Sections 一 … 十 of Part 3, generated from the numbers of ``d``."""
    w = Writer(d=d, name=display_name(d), year=d.year, unit="万元", places=_places(d))
    builders = (_overall, _income, _expenditure, _fiscal, _general_budget, _basic, _projects, _three_public,
                _gov_fund, _other)
    sections = []
    for i, build in enumerate(builders):
        title, paragraphs, children = build(w)
        sections.append(Section(number=CHINESE_ORDINALS[i], title=title, level=1,
                                paragraphs=[Paragraph(text=t) for t in paragraphs], children=children))
    return sections


def _places(d: Disclosure) -> int:
    precisions = [t.precision for t in d.tables if t.recognized and t.precision]
    return max(2, max(precisions, default=2))


def _sub(number: int, title: str, paragraphs: list[str]) -> Section:
    return Section(number=CHINESE_ORDINALS[number - 1], title=title, level=2,
                   paragraphs=[Paragraph(text=t) for t in paragraphs])


Built = tuple[str, list[str], list[Section]]


# ---------------------------------------------------------------- 一 … 四


def _income_amounts(w: Writer) -> dict[str, Decimal]:
    overview = w.d.views.overview or derive_overview(w.d)
    out: dict[str, Decimal] = {}
    for line in overview.income if overview else []:
        if line.key not in (IncomeSource.TOTAL, IncomeSource.CURRENT_TOTAL, IncomeSource.UNKNOWN):
            out[line.key.value] = out.get(line.key.value, ZERO) + val(line.amount)
    if IncomeSource.FISCAL.value not in out:
        out[IncomeSource.FISCAL.value] = sum((out.get(s, ZERO) for s in ("general_budget", "gov_fund",
                                                                            "state_capital")), ZERO)
    return out


def _totals(w: Writer) -> tuple[Decimal, Decimal]:
    overview = w.d.views.overview or derive_overview(w.d)
    exp = w.d.views.expenditure or w.d.views.general_budget
    income = val(overview.income_total) if overview and overview.income_total is not None else column_total(exp, "total")
    expenditure = (val(overview.expenditure_total.total) if overview and overview.expenditure_total
                   else column_total(exp, "total"))
    return income, expenditure


def _overall(w: Writer) -> Built:
    income, _ = _totals(w)
    amounts = _income_amounts(w)
    sources = [SOURCE_NAMES[s] for s, _ in INCOME_WORDS if amounts.get(s, ZERO) != 0]
    classes = [ln.name for ln in classes_of(w.d.views.expenditure or w.d.views.general_budget) if val(ln.total) != 0]
    paragraphs = [sentence(f"按照全口径预算的原则，{w.name}{w.y}所有收入和支出均纳入{w.scope}预算管理",
                           join_clauses(f"收支总预算{w.money(income)}", w.change("total", income)))]
    if sources:
        paragraphs.append(sentence(f"收入预算包括：{listing(sources)}"))
    if classes:
        paragraphs.append(sentence(f"支出预算包括：{listing(classes)}"))
    return f"关于{w.name}{w.y}收支预算情况的总体说明", paragraphs, []


def _income(w: Writer) -> Built:
    income, _ = _totals(w)
    amounts = _income_amounts(w)
    paragraphs = [f"{w.name}{w.y}收入预算{w.money(income)}，其中："]
    for i, (source, word) in enumerate(INCOME_WORDS):
        value = amounts.get(source, ZERO)
        subject = f"income:{source}"
        if value == 0:
            if i < 3 or (w.prior(subject) or ZERO) != 0:
                paragraphs.append(sentence(join_clauses(f"{word}未安排", w.change(subject, value))))
            continue
        paragraphs.append(sentence(f"{word}{w.money(value)}", share_clause(value, income), w.change(subject, value)))
    return f"关于{w.name}{w.y}收入预算情况说明", paragraphs, []


def _expenditure(w: Writer) -> Built:
    _, total = _totals(w)
    exp = w.d.views.expenditure or w.d.views.general_budget
    paragraphs = [f"{w.name}{w.y}支出预算{w.money(total)}，其中："]
    for field, word in (("basic", "基本支出"), ("project", "项目支出")):
        value = column_total(exp, field)
        subject = f"expenditure:{field}"
        if value == 0:
            paragraphs.append(sentence(join_clauses(f"{word}未安排", w.change(subject, value))))
            continue
        paragraphs.append(sentence(f"{word}{w.money(value)}", share_clause(value, total), w.change(subject, value)))
    for use, value in other_uses(exp).items():  # Jiangsu: 单位预留机动经费, 结转下年资金 beside 基本 and 项目
        paragraphs.append(sentence(f"{OTHER_USES[use]}{w.money(value)}", share_clause(value, total),
                                   w.change(f"expenditure:{use}", value)))
    return f"关于{w.name}{w.y}支出预算情况说明", paragraphs, []


def _fiscal(w: Writer) -> Built:
    fiscal_view = standard_fiscal_overview(w.d)
    amounts = _income_amounts(w)
    if fiscal_view is not None and fiscal_view.income_total is not None:
        fiscal = val(fiscal_view.income_total)
    else:
        fiscal = amounts.get(IncomeSource.FISCAL.value, ZERO)
    parts = {s: amounts.get(s, ZERO) for s in ("general_budget", "gov_fund", "state_capital")}
    words = {"general_budget": "一般公共预算拨款", "gov_fund": "政府性基金预算拨款", "state_capital": "国有资本经营预算拨款"}
    title = f"关于{w.name}{w.y}财政拨款收支预算情况的总体说明"
    if fiscal == 0:
        return title, [sentence(f"{w.name}{w.y}没有财政拨款收支预算")], []
    paragraphs = [sentence(f"{w.name}{w.y}财政拨款收支总预算{w.money(fiscal)}", w.change("fiscal_total", fiscal))]
    present = [s for s, v in parts.items() if v != 0]
    absent = [words[s] for s, v in parts.items() if v == 0]
    if present == ["general_budget"]:
        paragraphs.append(sentence(f"收入全部为一般公共预算拨款，无{'和'.join(absent)}"))
    else:
        stated = [f"{words[s]}{w.money(parts[s])}" for s in present]
        tail = f"无{'和'.join(absent)}" if absent else ""
        paragraphs.append(sentence("其中：" + "，".join(stated), tail))
    return title, paragraphs, []


# ---------------------------------------------------------------- 五 一般公共预算


def _strip_parent(name: str, parent: str) -> str:
    """"行政运行（政府办公厅（室）及相关机构事务）" → "行政运行" (the 款 name repeated in brackets)."""
    for left, right in (("（", "）"), ("(", ")")):
        suffix = f"{left}{parent}{right}"
        if parent and name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def functional_phrase(line: FunctionalLine, table: FunctionalTable) -> str:
    """"一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）"."""
    cls = table.find(line.code[:3])
    sec = table.find(line.code[:5]) if len(line.code) >= 5 else None
    parts = [f"{cls.name if cls else line.name}（类）"]
    if sec is not None and len(line.code) >= 5:
        parts.append(f"{sec.name}（款）")
    if len(line.code) == 7:
        parts.append(f"{_strip_parent(line.name, sec.name if sec else '')}（项）")
    return "".join(parts)


def _general_budget(w: Writer) -> Built:
    view = w.d.views.general_budget
    total = column_total(view, "total")
    title = f"关于{w.name}{w.y}一般公共预算当年拨款情况说明"
    if view is None or total == 0:
        paragraphs = [sentence(join_clauses(f"{w.name}{w.y}未安排一般公共预算拨款",
                                            w.change("general_budget_total", ZERO)))]
        return title, paragraphs, []
    scale = _sub(1, "一般公共预算当年拨款规模变化情况", [sentence(
        f"{w.name}{w.y}一般公共预算当年拨款{w.money(total)}", w.change("general_budget_total", total, "比上年预算数"))])
    structure_lines = []
    for i, ln in enumerate(c for c in classes_of(view) if val(c.total) != 0):
        structure_lines.append(sentence(f"{i + 1}.{ln.name}（类）{w.money(val(ln.total))}",
                                        share_clause(val(ln.total), total)))
    structure = _sub(2, "一般公共预算当年拨款结构情况", structure_lines)
    detail_lines = []
    items = [ln for ln in view.lines if ln.level == Level.ITEM]
    for i, ln in enumerate(items):
        amount = val(ln.total)
        head = f"{i + 1}.{functional_phrase(ln, view)}："
        subject = f"functional:{ln.code}"
        if amount == 0:
            detail_lines.append(head + sentence(join_clauses(f"{w.y}未安排预算",
                                                             w.change(subject, amount, "比上年预算数"))))
            continue
        detail_lines.append(head + sentence(f"{w.y}预算数为{w.money(amount)}",
                                            w.change(subject, amount, "比上年预算数")))
    detail = _sub(3, "一般公共预算当年拨款具体使用情况", detail_lines)
    return title, [], [scale, structure, detail]


# ---------------------------------------------------------------- 六 基本支出


def _basic(w: Writer) -> Built:
    view = w.d.views.general_basic
    title = f"关于{w.name}{w.y}一般公共预算基本支出情况说明"
    total = val(view.total.total) if view and view.total else column_total(w.d.views.general_budget, "basic")
    if view is None and total == 0:
        return title, [sentence(f"{w.name}{w.y}未安排一般公共预算基本支出")], []
    lines = view.lines if view else []
    personnel = val(view.total.personnel) if view and view.total else sum(
        (val(ln.personnel) for ln in lines if ln.level == Level.CLASS), ZERO)
    public = val(view.total.public) if view and view.total else sum(
        (val(ln.public) for ln in lines if ln.level == Level.CLASS), ZERO)
    if total == column_total(w.d.views.expenditure or w.d.views.general_budget, "basic"):
        paragraphs = [f"{w.name}{w.y}一般公共预算基本支出{w.money(total)}，其中："]
    else:
        # other money in 表三's basic column: state only the parts, so no figure can be read as 表三's
        paragraphs = [f"{w.name}{w.y}一般公共预算基本支出由人员经费和公用经费构成，其中："]
    for field, word, value in (("personnel", "人员经费", personnel), ("public", "公用经费", public)):
        names = [ln.name for ln in lines if ln.level == Level.SECTION and val(getattr(ln, field)) != 0]
        subject = f"basic:{field}"
        if value == 0:
            paragraphs.append(sentence(join_clauses(f"{word}未安排", w.change(subject, value))))
            continue
        change = w.change(subject, value)
        head = join_clauses(f"{word}{w.money(value)}", change)
        joiner = "；" if change else "，"
        paragraphs.append(head + (f"{joiner}主要包括：{listing(names)}。" if names else "。"))
    return title, paragraphs, []


# ---------------------------------------------------------------- 七 项目支出


def match_description(name: str, descriptions: list[ProjectDescription]) -> ProjectDescription | None:
    """The project description of a 表七 project, names matched tolerantly."""
    best, score = None, 0.0
    for desc in descriptions:
        s = 1.0 if key(desc.name) == key(name) else similarity(desc.name, name)
        if s > score:
            best, score = desc, s
    return best if score >= 0.75 else None


def _project_fields(w: Writer, project: ProjectLine, desc: ProjectDescription | None) -> list[str]:
    amount = val(project.amount)
    lines = []
    if desc and desc.policy_basis:
        lines.append(f"设立的政策依据：{desc.policy_basis}")
    lines.append(f"预算安排规模：{w.money(amount)}")
    lines.append(f"项目承担单位：{desc.undertaker if desc and desc.undertaker else w.name}")
    if desc and desc.allocation:
        lines.append(f"资金分配情况：{desc.allocation}")
    if desc and desc.period:
        lines.append(f"资金执行时间：{desc.period}")
    sub = desc.subsidy if desc else None
    if sub is not None:
        if sub.funding_source:
            lines.append(f"资金来源：{sub.funding_source}")
        if sub.people is not None:
            lines.append(f"补贴人数：{sub.people}人")
        if sub.standard is not None:
            lines.append(f"补贴标准：{format(sub.standard.value.normalize(), 'f')}{sub.standard.unit}每人")
        for label, text in (("补贴范围", sub.scope), ("补贴方式", sub.method), ("发放程序", sub.procedure),
                            ("受益人群和社会效益", sub.beneficiaries)):
            if text:
                lines.append(f"{label}：{text}")
    return lines


def _projects(w: Writer) -> Built:
    view = w.d.views.general_project
    title = f"关于{w.name}{w.y}一般公共预算项目支出情况说明"
    projects = [p for p in (view.projects if view else []) if val(p.amount) != 0]
    if not projects:
        return title, [sentence(f"{w.name}{w.y}未安排一般公共预算项目支出")], []
    described = [(match_description(p.name, w.d.projects), p) for p in projects]
    order = {id(desc): i for i, desc in enumerate(w.d.projects)}
    # the order of the published descriptions where there are some, then 表七's order
    described.sort(key=lambda pair: order.get(id(pair[0]), len(order)) if pair[0] is not None else len(order))
    paragraphs: list[str] = []
    for i, (desc, project) in enumerate(described):
        paragraphs.append(f"{i + 1}、项目名称：{project.name}")
        paragraphs.extend(_project_fields(w, project, desc))
    return title, paragraphs, []


# ---------------------------------------------------------------- 八 三公


def _three_public(w: Writer) -> Built:
    tp = w.d.views.three_public
    title = f"关于{w.name}{w.y}一般公共预算“三公”经费预算情况说明"
    values = {f: val(getattr(tp, f)) if tp else ZERO for f, _ in THREE_PUBLIC_WORDS}
    total = val(tp.total) if tp and tp.total is not None else sum(values.values(), ZERO)
    if total == 0:
        first = sentence(join_clauses(f"{w.name}{w.y}未安排一般公共预算“三公”经费预算",
                                      w.change("three_public:total", ZERO),
                                      "一般公共预算“三公”经费支出情况表为空表"))
        return title, [first], []
    parts = "，".join(f"{word}{w.money(values[f])}" for f, word in THREE_PUBLIC_WORDS)
    paragraphs = [sentence(f"{w.name}{w.y}一般公共预算“三公”经费预算数为{w.money(total)}，其中：{parts}")]
    if w.prior("three_public:total") is not None or any(w.prior(f"three_public:{f}") is not None
                                                        for f, _ in THREE_PUBLIC_WORDS):
        paragraphs.append(_three_public_changes(w, total, values))
    return title, paragraphs, []


def _three_public_changes(w: Writer, total: Decimal, values: dict[str, Decimal]) -> str:
    prior_total = w.prior("three_public:total")
    if prior_total is None:
        priors = [w.prior(f"three_public:{f}") for f, _ in THREE_PUBLIC_WORDS]
        prior_total = sum((p for p in priors if p is not None), ZERO) if all(p is not None for p in priors) else None
    head = f"{w.y}一般公共预算“三公”经费"
    if prior_total is not None:
        head += w.change("three_public:total", total) if prior_total != total else "与上年持平"
    clauses = []
    for field, word in THREE_PUBLIC_WORDS:
        subject = f"three_public:{field}"
        prior = w.prior(subject)
        current = values[field]
        if prior is None:
            continue
        if current == 0 and prior == 0:
            clauses.append(f"{word}未安排预算，上年也未安排")
        elif current == prior:
            clauses.append(f"{word}与上年持平")
        else:
            clauses.append(f"{word}{w.change(subject, current)}")
    if not clauses:
        return sentence(head)
    return f"{head}；其中：{'；'.join(clauses)}。"


# ---------------------------------------------------------------- 九 政府性基金


def _gov_fund(w: Writer) -> Built:
    view = w.d.views.gov_fund
    total = column_total(view, "total")
    title = f"关于{w.name}{w.y}政府性基金预算拨款情况说明"
    if view is None or total == 0:
        text = f"{w.name}{w.y}没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。"
        return title, [text], []
    classes = [ln.name for ln in classes_of(view) if val(ln.total) != 0]
    text = sentence(f"{w.name}{w.y}政府性基金预算拨款支出{w.money(total)}",
                    f"主要用于{listing(classes)}" if classes else "", w.change("gov_fund", total))
    return title, [text], []


# ---------------------------------------------------------------- 十 其他重要事项


def _other(w: Writer) -> Built:
    subs: list[tuple[str, list[str]]] = []
    subs.append(("机关运行经费情况", _operating_costs(w)))
    subs.append(("政府采购情况", _procurement(w)))
    assets = _assets(w)
    if assets:
        subs.append(("国有资产占用使用情况", assets))
    subs.append(("预算绩效情况", _performance(w)))
    other = w.d.reasons.get("other_matters")
    subs.append(("其他需说明的事项", [sentence(other) if other else "无。"]))
    children = [_sub(i + 1, title, paragraphs) for i, (title, paragraphs) in enumerate(subs)]
    return "其他重要事项的情况说明", [], children


def operating_costs_of(d: Disclosure) -> Amount | None:
    """机关运行经费: as given, else the 公用经费 of 表六 (the glossary's definition)."""
    if d.other.operating_costs is not None:
        return d.other.operating_costs
    basic = d.views.general_basic
    if basic is not None and basic.total is not None and basic.total.public is not None:
        return basic.total.public
    return None


def _operating_costs(w: Writer) -> list[str]:
    amount = operating_costs_of(w.d)
    subordinates = [u for u in w.d.profile.units if u.role == "subordinate"]
    who = f"{w.name}本级及下属{len(subordinates)}家单位" if subordinates else w.name
    if amount is None or amount.value == 0:
        return [sentence(join_clauses(f"{w.y}，{who}未安排机关运行经费财政拨款预算",
                                      w.change("operating_costs", ZERO, "比上年预算")))]
    value = amount.wan
    return [sentence(f"{w.y}，{who}的机关运行经费财政拨款预算{w.money(value)}",
                     w.change("operating_costs", value, "比上年预算"))]


def _procurement(w: Writer) -> list[str]:
    p = w.d.other.procurement
    total = val(p.total) if p else ZERO
    if p is None or total == 0:
        return [sentence(f"{w.y}，{w.name}未安排政府采购预算")]
    parts = [f"政府采购{word}预算{w.money(val(getattr(p, f)))}" for f, word in
             (("goods", "货物"), ("works", "工程"), ("services", "服务"))]
    out = [sentence(f"{w.y}，{w.name}政府采购预算{w.money(total)}，其中：{'，'.join(parts)}")]
    if p.sme_reserved is not None:
        text = f"{w.y}度本{w.scope}面向中小企业预留政府采购项目预算金额{w.money(val(p.sme_reserved))}"
        if p.small_micro_reserved is not None:
            text += f"，其中：面向小微企业预留政府采购项目预算金额{w.money(val(p.small_micro_reserved))}"
        out.append(sentence(text))
    return out


def _assets(w: Writer) -> list[str]:
    a = w.d.other.assets
    if a is None:
        return []
    as_of = f"截至{w.year - 1}年底" if w.year else "截至上年底"
    scope = f"{w.name}及下属各预算单位" if any(u.role == "subordinate" for u in w.d.profile.units) else w.name
    out = [f"{as_of}，{scope}占用使用国有资产总体情况为："]
    items = []
    if a.building_area is not None or a.building_value is not None:
        items.append(join_clauses(f"房屋{format(a.building_area or ZERO, 'f')}平方米",
                                  f"价值{money(val(a.building_value))}"))
    if a.vehicle_count is not None:
        text = join_clauses(f"车辆{a.vehicle_count}辆", f"价值{money(val(a.vehicle_value))}")
        groups = [join_clauses(f"{g.type}{g.count or 0}辆", f"价值{money(val(g.value))}") for g in a.vehicles]
        items.append(text + (f"；其中：{'；'.join(groups)}" if groups else ""))
    if a.furniture_value is not None:
        items.append(f"办公家具价值{money(val(a.furniture_value))}")
    if a.other_value is not None:
        items.append(f"其他资产价值{money(val(a.other_value))}")
    out += [f"{i + 1}.{text}。" for i, text in enumerate(items)]
    if a.equipment_50 is not None or a.equipment_100 is not None:
        # only the counts the document gives: an unknown count is not written as 0 (100 万元以上 of them
        # would then exceed the 50 万元以上 ones they are part of)
        out.append(sentence(*(f"单位价值{t}万元以上大型设备{n}台（套）" for t, n in (("50", a.equipment_50),
                                                                              ("100", a.equipment_100))
                              if n is not None)))
    plan_vehicle = val(a.plan_vehicle_amount)
    vehicle = (f"安排购置车辆经费{money(plan_vehicle)}" if plan_vehicle else "未安排购置车辆经费")
    out.append(sentence(f"{w.y}{w.scope}预算{vehicle}",
                        f"安排购置单位价值50万元以上大型设备{a.plan_equipment_50 or 0}台（套）",
                        f"单位价值100万元以上大型设备{a.plan_equipment_100 or 0}台（套）"))
    return out


def _performance(w: Writer) -> list[str]:
    targets = w.d.performance
    view = w.d.views.general_project
    if not targets:
        if view is None or not view.projects:
            return [sentence(f"{w.y}度，{w.name}无实行绩效目标管理的一般公共预算项目")]
        return [sentence(f"{w.y}度，{w.name}一般公共预算项目暂未编报绩效目标")]
    amount = ZERO
    for t in targets:
        line = _table_project(t.project, view.projects if view else [])
        amount += val(line.amount) if line is not None else (val(t.fiscal) or val(t.total))
    return [f"{w.y}度，实行绩效目标管理的一般公共预算项目{len(targets)}个，涉及预算金额{w.money(amount)}。具体情况见下表："]


def _table_project(name: str, projects: list[ProjectLine]) -> ProjectLine | None:
    best, score = None, 0.0
    for p in projects:
        s = 1.0 if key(p.name) == key(name) else similarity(p.name, name)
        if s > score:
            best, score = p, s
    return best if score >= 0.6 else None
