"""The explorer's reads: one measure across departments (by region, year and kind), and one department's
measure over the years. Every figure comes from the ``figures`` table (written at import), with the revision
it was read from and its place on the disclosure page; nothing is re-read from a model or a source.

A department whose document (of the year and kind asked) does not print the measure is listed with no
figure (the page says 未列出), never dropped and never counted as 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, func, select

from .figures import ECONOMIC_MEASURES, FUNCTIONAL_MEASURES, SECTIONS, THREE_PUBLIC_NAMES, TOTAL_NAMES
from .reads import KIND_NAMES, _shown_revision
from .schema import departments, disclosures, figures, revisions

MEASURE_NAMES = {"amount": "金额", **FUNCTIONAL_MEASURES, **ECONOMIC_MEASURES}


@dataclass(frozen=True)
class Measure:
    """What is compared: a section, a code inside it (a 类/款 code, a 三公 part, a total) and a column."""

    section: str
    code: str
    measure: str

    @classmethod
    def parse(cls, section: str | None, code: str | None, measure: str | None) -> Measure:
        section = section if section in SECTIONS else "three_public"
        code = (code or "").strip()
        if section == "total":
            code = code if code in TOTAL_NAMES else "expenditure_total"
            measure = "amount"
        elif section == "three_public":
            code = code if code in THREE_PUBLIC_NAMES else "total"
            measure = "amount"
        elif section == "operating_costs":
            code, measure = "", "amount"
        elif section == "income":
            code = code or "general_budget"
            measure = "amount"
        elif section == "functional":
            code = code if code.isdigit() and len(code) in (3, 5, 7) else "201"
            measure = measure if measure in FUNCTIONAL_MEASURES else "total"
        else:  # economic
            code = code if code.isdigit() and len(code) in (3, 5) else "302"
            measure = measure if measure in ECONOMIC_MEASURES else "total"
        return cls(section, code, measure or "amount")

    def label(self, name: str | None = None) -> str:
        """The measure in words: ``“三公”经费合计``, ``201 一般公共服务支出（合计）`` …"""
        if self.section == "total":
            return TOTAL_NAMES[self.code]
        if self.section == "three_public":
            return THREE_PUBLIC_NAMES[self.code]
        if self.section == "operating_costs":
            return "机关运行经费"
        if self.section == "income":
            return f"收入：{name or self.code}"
        what = f"{self.code} {name}" if name else self.code
        return f"{what}（{MEASURE_NAMES.get(self.measure, self.measure)}）"


@dataclass(frozen=True)
class Point:
    """One document's figure (``amount`` None: the document does not print it)."""

    department_id: int
    department: str
    region: str | None
    disclosure_id: int
    year: int
    kind: str
    revision_id: int
    revision: int
    amount: Decimal | None
    name: str | None
    anchor: str
    expenditure_total: Decimal | None

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)

    @property
    def link(self) -> str:
        """The figure on its document's page (the revision shown, at its cell)."""
        return f"/revisions/{self.revision_id}" + (f"#{self.anchor}" if self.anchor else "")

    @property
    def share(self) -> Decimal | None:
        """Per cent of the document's 支出总计."""
        if self.amount is None or not self.expenditure_total:
            return None
        return (self.amount / self.expenditure_total * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _points(conn: Connection, measure: Measure, public: bool, *, region: str | None = None,
            years: list[int] | None = None, kind: str | None = None, department_id: int | None = None,
            limit: int = 20000) -> list[Point]:
    region_mode = "any" if region is None else ("value" if region else "none")
    query = _points_query(public, region_mode, bool(years), bool(kind), department_id is not None, limit)
    params = {"section": measure.section, "code": measure.code, "measure": measure.measure, "region": region,
              "years": years or [], "kind": kind, "department_id": department_id}
    seen: set[int] = set()
    out = []
    for r in conn.execute(query, params):
        if r.disclosure_id in seen:  # a figure stored twice for one revision: the first
            continue
        seen.add(r.disclosure_id)
        out.append(Point(r.department_id, r.department, r.region, r.disclosure_id, r.year, r.kind, r.revision_id,
                         r.number, r.amount, r.name, r.anchor or "", r.expenditure_total))
    return out


@lru_cache(maxsize=64)
def _points_query(public: bool, region_mode: str, years: bool, kind: bool, department: bool, limit: int) -> Select:
    """The statement of ``_points`` for one combination of filters, built once with bound parameters (building
    it again at each view cost several times what SQLite takes to run it)."""
    shown = _shown_revision(public)
    # 支出总计 from the figures too: a revision row's columns after its model are slow to reach on SQLite
    whole = figures.alias("whole")
    query = (select(departments.c.id.label("department_id"), departments.c.name.label("department"),
                    departments.c.region, disclosures.c.id.label("disclosure_id"), disclosures.c.year,
                    disclosures.c.kind, revisions.c.id.label("revision_id"), revisions.c.number,
                    whole.c.amount.label("expenditure_total"), figures.c.amount, figures.c.name, figures.c.anchor,
                    figures.c.id.label("figure_id"))
             .select_from(disclosures)
             .join(departments, departments.c.id == disclosures.c.department_id)
             .join(revisions, revisions.c.id == shown)
             .outerjoin(figures, and_(figures.c.section == bindparam("section"), figures.c.code == bindparam("code"),
                                      figures.c.measure == bindparam("measure"),
                                      figures.c.revision_id == revisions.c.id))
             .outerjoin(whole, and_(whole.c.section == "total", whole.c.code == "expenditure_total",
                                    whole.c.measure == "amount", whole.c.revision_id == revisions.c.id))
             .where(departments.c.merged_into_id.is_(None)))
    if region_mode == "value":
        query = query.where(departments.c.region == bindparam("region"))
    elif region_mode == "none":
        query = query.where(departments.c.region.is_(None))
    if years:
        query = query.where(disclosures.c.year.in_(bindparam("years", expanding=True)))
    if kind:
        query = query.where(disclosures.c.kind == bindparam("kind"))
    if department:
        query = query.where(disclosures.c.department_id == bindparam("department_id"))
    return query.order_by(disclosures.c.id, figures.c.id, whole.c.id).limit(limit)


@dataclass(frozen=True)
class Row:
    point: Point
    prior: Point | None  # the department's document of the year before (same kind), where stored

    @property
    def change(self) -> Decimal | None:
        if self.prior is None or self.prior.amount is None or self.point.amount is None:
            return None
        return self.point.amount - self.prior.amount

    @property
    def rate(self) -> Decimal | None:
        """Per cent change on the year before (None when last year's figure is absent or zero)."""
        change = self.change
        if change is None or not self.prior or not self.prior.amount:
            return None
        return (change / self.prior.amount * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


SORTS = ("-amount", "amount", "name", "-change", "change", "-share", "share")


def _sort_key(sort: str) -> Any:
    field = sort.lstrip("-")

    def key(row: Row) -> tuple[int, Any]:
        if field == "name":
            return (0, row.point.department)
        value = {"amount": row.point.amount, "change": row.change, "share": row.point.share}[field]
        if value is None:  # absent figures last, whichever the direction
            return (1, Decimal(0))
        return (0, -value if sort.startswith("-") else value)

    return key


def across(conn: Connection, measure: Measure, public: bool, year: int, kind: str, region: str | None = None,
           sort: str = "-amount") -> list[Row]:
    """Every department's figure for ``measure`` in its document of ``year`` and ``kind`` (in ``region``), with
    last year's figure of the same department beside it."""
    points = _points(conn, measure, public, region=region, years=[year - 1, year], kind=kind)
    prior = {p.department_id: p for p in points if p.year == year - 1}
    rows = [Row(p, prior.get(p.department_id)) for p in points if p.year == year]
    return sorted(rows, key=_sort_key(sort if sort in SORTS else "-amount"))


def over_years(conn: Connection, measure: Measure, public: bool, department_id: int,
               kind: str | None = None) -> list[Row]:
    """One department's figure for ``measure`` in each of its documents, oldest first, each beside the year
    before's (same kind)."""
    points = sorted(_points(conn, measure, public, kind=kind, department_id=department_id),
                    key=lambda p: (p.kind, p.year))
    by_year = {(p.kind, p.year): p for p in points}
    return [Row(p, by_year.get((p.kind, p.year - 1))) for p in points]


def choices(conn: Connection, public: bool) -> dict[str, Any]:
    """What the explorer's form offers: regions, years and kinds that hold documents."""
    held = scopes_held(conn, public)
    return {"years": sorted({year for _, year, _ in held}, reverse=True), "kinds": sorted({k for _, _, k in held}),
            "regions": sorted({region for region, _, _ in held})}


def scopes_held(conn: Connection, public: bool) -> set[tuple[str, int, str]]:
    """The (region, "" for none; year; kind) of every document of a department not merged (published only, for
    the public)."""
    query = (select(departments.c.region, disclosures.c.year, disclosures.c.kind).distinct()
             .join(departments, departments.c.id == disclosures.c.department_id)
             .where(departments.c.merged_into_id.is_(None)))
    if public:
        query = query.where(disclosures.c.published_revision_id.is_not(None))
    return {(region or "", int(year), kind) for region, year, kind in conn.execute(query)}


def front_measures(conn: Connection, year: int, kind: str) -> list[Measure]:
    """The measures of the explorer's front pages for a year and kind (built ahead after each write): the totals,
    “三公” and each part, 机关运行经费, and each functional and economic 类 some document of that year and kind
    prints (in its default column)."""
    printed = conn.execute(
        select(figures.c.section, figures.c.code).distinct()
        .join(revisions, revisions.c.id == figures.c.revision_id)
        .join(disclosures, disclosures.c.id == revisions.c.disclosure_id)
        .where(disclosures.c.year == year, disclosures.c.kind == kind,
               figures.c.section.in_(("functional", "economic")), func.length(figures.c.code) == 3)
        .order_by(figures.c.section, figures.c.code)).all()
    return fixed_measures() + [Measure.parse(section, code, None) for section, code in printed]


def fixed_measures() -> list[Measure]:
    """The totals, “三公” and each part, and 机关运行经费: the measures every year's front pages show, and those a
    department's years are built ahead for."""
    return ([Measure("total", code, "amount") for code in TOTAL_NAMES]
            + [Measure("three_public", code, "amount") for code in THREE_PUBLIC_NAMES]
            + [Measure("operating_costs", "", "amount")])


def departments_in(conn: Connection, scopes: set[tuple[str, int, str]] | None) -> list[int]:
    """The departments (not merged) with a published document in one of these scopes (any when None)."""
    query = (select(departments.c.id, func.coalesce(departments.c.region, ""), disclosures.c.year, disclosures.c.kind)
             .join(disclosures, disclosures.c.department_id == departments.c.id)
             .where(departments.c.merged_into_id.is_(None), disclosures.c.published_revision_id.is_not(None)))
    found = {i for i, region, year, kind in conn.execute(query) if scopes is None or (region, year, kind) in scopes}
    return sorted(found)
