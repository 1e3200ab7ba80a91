"""Parts of a generated budget besides the tables: project descriptions, performance targets,
其他重要事项 (机关运行经费, 政府采购, 国有资产) and the prior-year figures with their reasons.

Used by ``yusuan.generate``; every figure is derived from the builder's ledger in cents of 万元, so
the parts agree with the tables exactly (a 成本指标 in 元 is the project amount × 10 000, a subsidy
is 人数 × 标准, vehicles by type add up to the total, the prior-year figures add up like this year's).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..interpret.performance import parse_indicator_value
from ..model import (
    Amount,
    Assets,
    Disclosure,
    Indicator,
    OtherMatters,
    PerformanceTarget,
    Procurement,
    ProjectDescription,
    Subsidy,
    VehicleGroup,
)
from . import vocab

Cents = int


def _amt(cents: Cents) -> Amount:
    return Amount(value=Decimal(cents).scaleb(-2), unit="万元")


def describe_projects(b: Any, projects: list[dict[str, Any]]) -> list[ProjectDescription]:
    r = b.rng
    out = []
    for i, p in enumerate(projects):
        doc = r.choice(vocab.POLICY_DOCUMENTS).format(year=b.year)
        abbr = r.choice(vocab.FINANCE_BUREAUS)
        basis = (f"根据{b.year}年{b.district}人民代表大会审议通过的{b.year}年预算以及《{doc}》"
                 f"（{b.district[0]}{abbr}〔{b.year}〕{r.randint(1, 60)}号）文件精神。")
        undertaker = r.choice([b.short, *b.subordinates]) if b.subordinates and r.random() < 0.3 else b.short
        subsidy = None
        if "people" in p:
            subsidy = Subsidy(
                funding_source="本级财政", people=p["people"],
                standard=Amount(value=Decimal(p["standard_yuan"]).scaleb(-4), unit="万元"),
                scope=r.choice(("符合条件的服务对象", "在册工作人员", "辖区内符合政策的人员")),
                method=r.choice(("按月发放", "按季度发放", "按年度一次性发放")),
                procedure="经审核公示后，通过银行代发至个人账户。",
                beneficiaries="保障服务对象基本生活，提高工作积极性。",
            )
        out.append(ProjectDescription(
            number=str(i + 1), name=p["name"], policy_basis=basis, amount=_amt(p["cents"]), undertaker=undertaker,
            allocation=r.choice(("按进度使用", "按项目实施进度拨付", "按合同约定支付")),
            period=f"{b.year}年1月1日-{b.year}年12月31日", subsidy=subsidy,
        ))
    return out


def _indicator(level1: str, level2: str, name: str, value: str) -> Indicator:
    return Indicator(level1=level1, level2=level2, name=name, value=parse_indicator_value(value))


def performance_targets(b: Any, projects: list[dict[str, Any]]) -> list[PerformanceTarget]:
    r = b.rng
    out = []
    for p in projects:
        yuan = p["cents"] * 100
        indicators = [
            _indicator("产出指标", "数量指标", r.choice(vocab.QUANTITY_INDICATORS), f"≥{r.randint(2, 20)}次"),
            _indicator("产出指标", "质量指标", r.choice(vocab.QUALITY_INDICATORS), "=100%"),
            _indicator("产出指标", "时效指标", r.choice(vocab.TIMELINESS_INDICATORS), "=100%"),
            _indicator("产出指标", "成本指标", "项目执行资金", f"={yuan}元"),
            _indicator("效益指标", "社会效益指标", r.choice(vocab.SOCIAL_INDICATORS), r.choice(("效果明显", "有效提升"))),
            _indicator("效益指标", "可持续影响指标", r.choice(vocab.SUSTAIN_INDICATORS), r.choice(("优", "良好"))),
            _indicator("满意度指标", "服务对象满意度指标", r.choice(vocab.SATISFACTION_INDICATORS),
                       f"≥{r.choice((85, 90, 95))}%"),
        ]
        if "people" in p:
            indicators.insert(1, _indicator("产出指标", "数量指标", "补贴人数", f"={p['people']}人"))
        out.append(PerformanceTarget(
            year=b.year, budget_unit=b.short, project=p["name"], total=_amt(p["cents"]), fiscal=_amt(p["cents"]),
            other=_amt(0), goal=r.choice(vocab.GOALS).format(name=p["name"], year=b.year), indicators=indicators,
        ))
    return out


def assemble_other(b: Any, d: Disclosure, projects: list[dict[str, Any]]) -> OtherMatters:
    r = b.rng
    purchase = sum(p["cents"] for p in projects if p.get("vehicle"))
    capital = sum(p["split"].get("资本性支出", 0) for p in projects)
    procurement = None
    if r.random() < 0.8:
        goods = capital + r.randint(0, 500)
        services = r.randint(0, 3000)
        works = r.choice((0, 0, 0, r.randint(100, 2000)))
        total = goods + services + works
        sme = total * r.randint(30, 100) // 100
        procurement = Procurement(total=_amt(total), goods=_amt(goods), works=_amt(works), services=_amt(services),
                                  sme_reserved=_amt(sme), small_micro_reserved=_amt(sme * r.randint(50, 100) // 100))
    counts = [r.randint(0, 6), r.choice((0, 0, r.randint(1, 4))), r.randint(0, 3)]
    values = [c * r.randint(800, 2500) for c in counts]
    vehicles = [VehicleGroup(type=t, count=c, value=_amt(v)) for t, c, v in zip(vocab.VEHICLE_TYPES, counts, values,
                                                                                 strict=True)]
    equipment_50 = r.choice((0, 0, 1, 2, 4))
    assets = Assets(
        as_of=f"截至{b.year - 1}年底", building_area=Decimal(r.randint(30000, 2000000)).scaleb(-2),
        building_value=_amt(r.randint(20000, 900000)), vehicle_count=sum(counts), vehicle_value=_amt(sum(values)),
        vehicles=vehicles, furniture_value=_amt(r.randint(1000, 50000)), other_value=_amt(r.randint(500, 30000)),
        equipment_50=equipment_50, equipment_100=min(equipment_50, r.choice((0, 0, 1))),
        plan_vehicle_amount=_amt(purchase) if purchase else None, plan_vehicles=1 if purchase else 0,
        plan_equipment_50=0, plan_equipment_100=0,
    )
    return OtherMatters(operating_costs=_amt(b.admin_public), procurement=procurement, assets=assets)


def _ratio(r: Any, new_ok: bool) -> float | None:
    """This year / last year for one kind of money: mostly −20 % … +25 %; None for new money."""
    roll = r.random()
    if new_ok and roll < 0.25:
        return None
    if roll < 0.3:
        return 1.0
    return r.uniform(0.8, 1.25)


def assemble_prior(b: Any, d: Disclosure, projects: list[dict[str, Any]]) -> tuple[dict[str, Amount], dict[str, str]]:
    """Prior-year figures at the leaves (item × source × economic line or project), summed exactly as
    this year's figures are, so every stated change adds up."""
    r = b.rng
    ratios: dict[str, float | None] = {}
    leaves = []
    for item, source, tag, cents, admin in b.leaves:
        if tag not in ratios:
            ratios[tag] = _ratio(r, new_ok=tag.startswith("project:"))
        ratio = ratios[tag]
        last_year = 0 if ratio is None else round(cents / ratio)
        leaves.append((item, source, tag, last_year, admin))

    def total(pred: Any) -> Cents:
        return sum(leaf[3] for leaf in leaves if pred(leaf))

    basic = lambda leaf: not leaf[2].startswith("project:")  # noqa: E731
    general = lambda leaf: leaf[1] == "general_budget"  # noqa: E731
    prior: dict[str, Cents] = {
        "total": total(lambda leaf: True),
        "expenditure:basic": total(basic),
        "expenditure:project": total(lambda leaf: not basic(leaf)),
        "fiscal_total": total(lambda leaf: leaf[1] in ("general_budget", "gov_fund", "state_capital")),
        "general_budget_total": total(general),
        "basic:personnel": total(lambda leaf: general(leaf) and leaf[2] in b.personnel_codes),
        "basic:public": total(lambda leaf: general(leaf) and basic(leaf) and leaf[2] not in b.personnel_codes),
        "operating_costs": total(lambda leaf: leaf[4] and basic(leaf) and leaf[2] not in b.personnel_codes),
    }
    for source in {leaf[1] for leaf in leaves}:
        prior[f"income:{source}"] = total(lambda leaf, s=source: leaf[1] == s)
    for code in {leaf[0] for leaf in leaves if general(leaf)}:
        prior[f"functional:{code}"] = total(lambda leaf, c=code: leaf[0] == c and general(leaf))
    if any(leaf[1] == "gov_fund" for leaf in leaves):
        prior["gov_fund"] = total(lambda leaf: leaf[1] == "gov_fund")
    vehicle_tags = {f"project:{p['name']}" for p in projects if p.get("vehicle")}
    parts = {"outbound": total(lambda leaf: leaf[2] == "30212"),
             "vehicle_purchase": total(lambda leaf: leaf[2] in vehicle_tags),
             "vehicle_operation": total(lambda leaf: leaf[2] == "30231"),
             "reception": total(lambda leaf: leaf[2] == "30217")}
    for f, cents in parts.items():
        prior[f"three_public:{f}"] = cents
    prior["three_public:total"] = sum(parts.values())
    reasons = _reasons(r, d, prior, projects)
    return {k: _amt(v) for k, v in prior.items()}, reasons


AGGREGATES = ("total", "income:general_budget", "fiscal_total", "general_budget_total")


def _reasons(r: Any, d: Disclosure, prior: dict[str, Cents], projects: list[dict[str, Any]]) -> dict[str, str]:
    """A reason for every changed figure; the totals give the reason of their largest component, so
    one change is never explained two ways."""
    from .figures import current_figures

    current = {k: int(v * 100) for k, v in current_figures(d).items()}
    view = d.views.general_budget
    project_items = {ln.code for ln in (view.lines if view else []) if ln.project and ln.basic is not None
                     and ln.project.value > ln.basic.value}
    reasons: dict[str, str] = {}
    for key, cents in prior.items():
        now = current.get(key)
        if now is None or now == cents or key in AGGREGATES:
            continue
        up = now > cents
        item = key.split(":", 1)[1] if key.startswith("functional:") else ""
        here = [p["name"] for p in projects if p["code"] == item] or [p["name"] for p in projects]
        pool: tuple[str, ...]
        if key.startswith("three_public:") or key == "operating_costs":
            pool = vocab.REASONS_THREE_PUBLIC_UP if up else vocab.REASONS_THREE_PUBLIC_DOWN
        elif key in ("expenditure:project", "gov_fund") or item in project_items:
            pool = vocab.REASONS_PROJECT_UP if up else vocab.REASONS_PROJECT_DOWN
        else:
            pool = vocab.REASONS_BASIC_UP if up else vocab.REASONS_BASIC_DOWN
        reasons[key] = r.choice(pool).format(project=r.choice(here or ["专项工作经费"]))
    changes = {k: current.get(k, 0) - prior.get(k, 0) for k in ("expenditure:basic", "expenditure:project")}
    main = max(changes, key=lambda k: abs(changes[k]))
    for key in AGGREGATES:
        if key in prior and current.get(key) != prior[key] and main in reasons:
            reasons[key] = reasons[main]
    return reasons
