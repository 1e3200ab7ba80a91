"""Generator of consistent budget disclosures, random but realistic.

``generate(seed)`` invents a department (region, kind, 本级 and 下属单位, staff), spends its money
on real functional codes through realistic economic lines (with local sub-items), adds projects with
descriptions and performance targets, 三公, 机关运行经费, 政府采购, 国有资产, and the prior-year
figures and reasons. Everything is computed in whole cents of 万元, so every sum holds exactly. The
document is then written with ``render_text`` (the narrative from the numbers) and read back, so it
has printed tables, views and claims exactly like a published one.

Planting known mistakes into a generated document is test machinery: ``yusuan_testing.mistakes`` (in the
repository, not installed with yusuan).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .model import (
    BudgetUnit,
    Department,
    Disclosure,
    EconomicTable,
    Profile,
    ProjectTable,
    StaffCount,
    ThreePublic,
    Views,
)
from .render import vocab
from .render.build import (
    EconomicRow,
    Ledger,
    ProjectRow,
    economic_table,
    functional_table,
    project_table,
    three_public,
)
from .render.synth import assemble_other, assemble_prior, describe_projects, performance_targets

__all__ = ["Options", "generate", "generate_model", "generate_text"]

Cents = int  # hundredths of 万元 (100 元)


def wan(cents: Cents) -> Decimal:
    return Decimal(cents).scaleb(-2)


@dataclass
class Options:
    """What to generate; ``None`` lets the seed decide."""

    year: int | None = None
    subordinates: int | None = None  # 下属单位 (0 … 3)
    projects: int | None = None  # 一般公共预算 projects (0 … 8)
    other_funds: bool | None = None  # 事业收入 / 其他收入 of subordinate institutions
    gov_fund: bool | None = None  # 政府性基金 money (kinds that have it)
    vehicle_purchase: bool | None = None  # a 公务用车购置 project
    prior: bool = True  # prior-year figures and reasons
    performance: bool = True  # 绩效目标表 for every project
    catalog_only: bool = False  # only codes in yusuan.catalog (no code-unknown warnings)


# ---------------------------------------------------------------- people and basic expenditure

PERSONNEL_SHARES = (  # (economic code, share of personnel cost per person, functional route)
    ("30101", 0.20, "unit"), ("30102", 0.22, "unit"), ("30103", 0.08, "unit"), ("30107", 0.12, "unit"),
    ("30108", 0.10, "2080505"), ("30109", 0.04, "2080506"), ("30110", 0.06, "medical"),
    ("30111", 0.015, "2101103"), ("30112", 0.006, "unit"), ("30113", 0.09, "2210201"), ("30199", 0.03, "unit"),
)
PUBLIC_SHARES = (
    ("30201", 0.15), ("30205", 0.03), ("30206", 0.06), ("30207", 0.05), ("30211", 0.08), ("30213", 0.06),
    ("30215", 0.03), ("30216", 0.04), ("30217", 0.02), ("30228", 0.03), ("30229", 0.05), ("30231", 0.12),
    ("30239", 0.10), ("30299", 0.18),
)
LOCAL_ITEMS = {"30102": ("津贴补贴", "地方补贴", "采暖补贴"), "30299": ("其他商品和服务支出", "工作经费"),
               "30103": ("年终一次性奖金", "考核奖励")}


def _known(code: str, economic: bool = False) -> bool:
    from . import catalog

    return (catalog.economic() if economic else catalog.functional()).lookup(code).known


def _economic_names() -> dict[str, str]:
    from . import catalog

    names = {e.code: e.name for e in catalog.economic().all()}
    names.update({"30302": "退休费", "30305": "生活补助", "30309": "奖励金"})
    return names


class _Builder:
    def __init__(self, seed: int, opts: Options) -> None:
        self.rng = random.Random(seed)
        self.opts = opts
        r = self.rng
        self.year = opts.year or r.randint(2019, 2025)
        self.city, districts = r.choice(vocab.CITIES)
        self.district = r.choice(districts)
        self.kind = r.choice(vocab.KINDS) if not opts.catalog_only else vocab.KINDS[0]
        self.short = f"{self.district}{self.kind.suffix}"
        self.full = f"{self.city}{self.short}"
        n_sub = opts.subordinates if opts.subordinates is not None else r.choice((0, 0, 1, 1, 2, 3))
        self.subordinates = [f"{self.district}{n}" for n in r.sample(self.kind.institutions,
                                                                       min(n_sub, len(self.kind.institutions)))]
        self.ledger = Ledger()
        self.economic: dict[str, dict[str, Cents]] = {}  # code → {item name: cents} (general budget basic)
        self.personnel_codes: set[str] = set()
        self.admin_public: Cents = 0
        self.staff: list[StaffCount] = []
        # (functional item, source, tag, cents, of the 本级 administrative unit): the finest figures,
        # tag = economic code (basic 一般公共预算), "basic:<source>" (other money) or "project:<name>"
        self.leaves: list[tuple[str, str, str, Cents, bool]] = []

    # ------------------------------------------------ basic expenditure by unit
    def people(self) -> None:
        for i, unit in enumerate([self.short, *self.subordinates]):
            r = self.rng
            authorized = r.randint(12, 60) if i == 0 else r.randint(5, 30)
            active = max(1, authorized - r.randint(0, max(1, authorized // 5)))
            retired = r.choice((0, 0, 0, 1, 2, 3, 5))
            # 实有人数 counts everyone the unit pays: 在职 + 退休 + 离休
            self.staff.append(StaffCount(unit=unit, authorized=authorized, actual=active + retired, active=active,
                                         active_change=r.randint(-3, 4), retired=retired,
                                         retired_change=r.randint(-1, 1) if retired else 0,
                                         veteran_retired=0, veteran_retired_change=0))
            self._unit_basic(i == 0, active, retired)

    def _unit_basic(self, admin: bool, people: int, retired: int) -> None:
        r = self.rng
        unit_item = self.kind.admin_item if admin or not self.kind.institution_item else self.kind.institution_item
        per_person = r.randint(1500, 2200)  # cents of 万元 a year: 15–22 万元
        for code, share, route in PERSONNEL_SHARES:
            if code == "30199" and r.random() < 0.5:
                continue
            cents = round(people * per_person * share * r.uniform(0.85, 1.15))
            self._spend(code, cents, route, unit_item, admin, personnel=True)
        if retired:
            self._spend("30302", retired * r.randint(400, 700), "2080501", unit_item, admin, personnel=True)
        self._spend("30305", r.randint(5, 80), "unit", unit_item, admin, personnel=True)
        if r.random() < 0.6:
            self._spend("30309", r.randint(1, 10), "unit", unit_item, admin, personnel=True)
        public_per_person = r.randint(250, 500)
        vehicles = r.random() < 0.8
        for code, share in PUBLIC_SHARES:
            if code == "30231" and not vehicles:
                continue
            if code in ("30215", "30216", "30217") and r.random() < 0.2:
                continue
            cents = max(1, round(people * public_per_person * share * r.uniform(0.7, 1.3)))
            self._spend(code, cents, "unit", unit_item, admin, personnel=False)
            if admin:
                self.admin_public += cents

    def _spend(self, code: str, cents: Cents, route: str, unit_item: str, admin: bool, personnel: bool) -> None:
        if cents <= 0:
            return
        item = {"unit": unit_item, "medical": "2101101" if admin else "2101102"}.get(route, route)
        if self.opts.catalog_only:
            if not _known(item):
                item = "2101101" if item.startswith("21011") else unit_item
            if not _known(code, economic=True):
                return
        self.ledger.add(item, "general_budget", basic=wan(cents))
        self.leaves.append((item, "general_budget", code, cents, admin))
        self.economic.setdefault(code, {}).setdefault(code, 0)
        self.economic[code][code] += cents
        if personnel:
            self.personnel_codes.add(code)

    # ------------------------------------------------ other funds
    def other_funds(self) -> None:
        r = self.rng
        wanted = self.opts.other_funds if self.opts.other_funds is not None else r.random() < 0.3
        if not wanted or not self.subordinates:
            return
        item = self.kind.institution_item or self.kind.admin_item
        for source, low, high, chance in (("business", 500, 5000, 1.0), ("other", 100, 1500, 0.4)):
            if r.random() < chance:
                cents = r.randint(low, high)
                self.ledger.add(item, source, basic=wan(cents))
                self.leaves.append((item, source, f"basic:{source}", cents, False))

    # ------------------------------------------------ projects
    def projects(self) -> list[dict[str, Any]]:
        r = self.rng
        count = self.opts.projects if self.opts.projects is not None else r.choice((0, 2, 3, 3, 4, 5, 6))
        stems = list(self.kind.projects)
        r.shuffle(stems)
        out: list[dict[str, Any]] = []
        items = [c for c in (self.kind.general_item, *self.kind.special_items)
                 if not self.opts.catalog_only or _known(c)]
        for i in range(min(count, len(stems))):
            name = stems[i] if r.random() < 0.6 else f"{self.year}年{stems[i]}"
            code = r.choice(items)
            subsidy = ("补贴" in name or "津贴" in name or "临时聘用" in name or "奖励扶助" in name)
            if subsidy:
                people = r.randint(2, 300)
                standard_yuan = r.choice((1200, 1800, 2400, 3000, 3600, 6000, 12000, 21400))
                cents = people * standard_yuan // 100
                split = {"对个人和家庭的补助": cents} if "临时聘用" not in name else {"商品和服务支出": cents}
                extra = {"people": people, "standard_yuan": standard_yuan}
            else:
                cents = r.choice((r.randint(5, 200) * 100, r.randint(500, 20000)))
                split = {"商品和服务支出": cents}
                if r.random() < 0.2 and cents > 1000:
                    capital = cents // 100 * r.randint(20, 50)
                    split = {"商品和服务支出": cents - capital, "资本性支出": capital}
                extra = {}
            self._project(code, "general_budget", name, cents)
            out.append({"name": name, "code": code, "cents": cents, "split": split, **extra})
        wants_vehicle = (self.opts.vehicle_purchase if self.opts.vehicle_purchase is not None
                         else r.random() < 0.1)
        if wants_vehicle:
            cents = r.choice((1800, 2200, 2500))
            self._project(self.kind.general_item, "general_budget", "公务用车购置经费", cents)
            out.append({"name": "公务用车购置经费", "code": self.kind.general_item, "cents": cents,
                        "split": {"资本性支出": cents}, "vehicle": True})
        return out

    def gov_fund(self) -> Cents:
        r = self.rng
        wanted = self.opts.gov_fund if self.opts.gov_fund is not None else r.random() < 0.3
        if not wanted or not self.kind.fund_item:
            return 0
        cents = r.randint(20, 300) * 100
        self._project(self.kind.fund_item, "gov_fund", "政府性基金项目", cents)
        return cents

    def _project(self, code: str, source: str, name: str, cents: Cents) -> None:
        self.ledger.add(code, source, project=wan(cents))
        self.leaves.append((code, source, f"project:{name}", cents, False))


# ---------------------------------------------------------------- views


def _economic(b: _Builder) -> EconomicTable:
    names = _economic_names()
    r = b.rng
    rows = []
    for code in sorted(b.economic):
        cents = sum(b.economic[code].values())
        personnel = code in b.personnel_codes
        row = EconomicRow(code=code, name=names.get(code, code), personnel=wan(cents) if personnel else wan(0),
                          public=wan(0) if personnel else wan(cents))
        if code in LOCAL_ITEMS and r.random() < 0.5 and cents > 10:
            labels = LOCAL_ITEMS[code]
            cuts = sorted(r.sample(range(1, cents), len(labels) - 1))
            parts = [hi - lo for lo, hi in zip([0, *cuts], [*cuts, cents], strict=True)]
            row.items = [(label, wan(p) if personnel else wan(0), wan(0) if personnel else wan(p))
                         for label, p in zip(labels, parts, strict=True)]
        rows.append(row)
    return economic_table(rows, names)


def _projects_view(projects: list[dict[str, Any]]) -> ProjectTable:
    return project_table([ProjectRow(name=p["name"], code=p["code"], amount=wan(p["cents"]),
                                     split={k: wan(v) for k, v in p["split"].items()}) for p in projects],
                         vocab.FUNCTIONAL_NAMES)


def _three_public(b: _Builder, projects: list[dict[str, Any]]) -> ThreePublic:
    def spent(code: str) -> Cents:
        return sum(b.economic.get(code, {}).values())

    purchase = sum(p["cents"] for p in projects if p.get("vehicle"))
    return three_public(wan(spent("30212")), wan(purchase), wan(spent("30231")), wan(spent("30217")))


def generate_model(seed: int, **options: Any) -> Disclosure:
    """The consistent model (views, profile, projects …) before it is written and read back."""
    opts = Options(**options)
    b = _Builder(seed, opts)
    b.people()
    b.other_funds()
    projects = b.projects()
    b.gov_fund()
    names = vocab.FUNCTIONAL_NAMES
    views = Views(
        income=functional_table("表二", b.ledger, names, None, by_source=True),
        expenditure=functional_table("表三", b.ledger, names, None, by_source=False),
        general_budget=functional_table("表五", b.ledger, names, ("general_budget",), by_source=False),
        gov_fund=(functional_table("表九", b.ledger, names, ("gov_fund",), by_source=False)
                  if b.ledger.total("gov_fund") else None),
        general_basic=_economic(b),
        general_project=_projects_view(projects),
        three_public=_three_public(b, projects),
    )
    units = [BudgetUnit(name=b.short, role="self", type="行政单位"),
             *(BudgetUnit(name=n, role="subordinate", type="事业单位") for n in b.subordinates)]
    sections = b.rng.sample(b.kind.sections, min(len(b.kind.sections), b.rng.randint(4, len(b.kind.sections))))
    profile = Profile(functions=list(b.kind.duties), internal_sections=sections, units=units,
                      unit_count=len(b.subordinates), admin_units=1, institution_units=len(b.subordinates),
                      staff=b.staff)
    d = Disclosure(
        kind="budget", scope="department", year=b.year, layout="yusuan",
        department=Department(name=b.full, region=f"{b.city}{b.district}"),
        title=f"{b.full}{b.year}年部门预算公开",
        date=dt.date(b.year, b.rng.randint(1, 3), b.rng.randint(1, 28)),
        profile=profile, views=views, projects=describe_projects(b, projects),
    )
    d = d.model_copy(update={"other": assemble_other(b, d, projects)})
    if opts.performance:
        d = d.model_copy(update={"performance": performance_targets(b, projects)})
    if opts.prior:
        prior, reasons = assemble_prior(b, d, projects)
        d = d.model_copy(update={"prior": prior, "reasons": reasons})
    return d


def generate(seed: int, **options: Any) -> Disclosure:
    """A random, realistic, consistent disclosure: written as text and read back like a published one."""
    from .readers import read_string
    from .render import render_text

    model = generate_model(seed, **options)
    text = render_text(model, generate=True)
    d = read_string(text, f"generated-{seed}.txt")
    return d.model_copy(update={"prior": model.prior, "reasons": model.reasons, "layout": "yusuan"})


def generate_text(seed: int, **options: Any) -> str:
    """The rendered text of ``generate(seed)`` (what a test writes to a file)."""
    from .render import render_text

    return render_text(generate_model(seed, **options), generate=True)

