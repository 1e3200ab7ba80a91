"""其他重要事项 as typed records (机关运行经费, 政府采购, 国有资产, 预算绩效), built from the claims."""

from __future__ import annotations

from ..model import (
    Amount,
    Assets,
    Claim,
    ClaimKind,
    OtherMatters,
    PerformanceSummary,
    Procurement,
    SourceRef,
    VehicleGroup,
)


def _money(claim: Claim) -> Amount | None:
    if claim.unit in ("万元", "元"):
        return Amount(value=claim.value, unit=claim.unit)  # type: ignore[arg-type]
    return None


def _first(claims: list[Claim], kind: str, key: str | None, measure: str | None = None) -> Claim | None:
    levels = (ClaimKind.AMOUNT, ClaimKind.COUNT, ClaimKind.AREA)
    for c in claims:
        if c.subject.kind == kind and c.subject.key == key and c.kind in levels and measure in (None, c.measure):
            return c
    return None


def build_other(claims: list[Claim]) -> OtherMatters:
    op = _first(claims, "operating_costs", None)
    return OtherMatters(
        operating_costs=_money(op) if op else None,
        operating_costs_source=op.source if op else SourceRef(),
        procurement=_procurement(claims),
        assets=_assets(claims),
        performance=_performance(claims),
    )


def _procurement(claims: list[Claim]) -> Procurement | None:
    fields = {"total": "total", "goods": "goods", "works": "works", "services": "services",
              "sme": "sme_reserved", "small_micro": "small_micro_reserved"}
    values: dict[str, object] = {}
    source = None
    for key, name in fields.items():
        c = _first(claims, "procurement", key)
        if c is not None:
            values[name] = _money(c)
            source = source or c.source
    return Procurement(**values, source=source or SourceRef()) if values else None  # type: ignore[arg-type]


def _assets(claims: list[Claim]) -> Assets | None:
    mine = [c for c in claims if c.subject.kind == "assets"]
    if not mine:
        return None
    values: dict[str, object] = {}

    def put(name: str, key: str, measure: str, as_int: bool = False, money: bool = False) -> None:
        c = _first(mine, "assets", key, measure)
        if c is None:
            return
        values[name] = _money(c) if money else (int(c.value) if as_int else c.value)

    put("building_area", "buildings", "area")
    put("building_value", "buildings", "value", money=True)
    put("vehicle_count", "vehicles", "count", as_int=True)
    put("vehicle_value", "vehicles", "value", money=True)
    put("furniture_value", "furniture", "value", money=True)
    put("other_value", "other", "value", money=True)
    planned = [("安排购置" in c.sentence or "拟购置" in c.sentence) for c in mine]  # one pass: `c not in plan`
    plan = [c for c, p in zip(mine, planned, strict=True) if p]  # compared every claim with every other
    stock = [c for c, p in zip(mine, planned, strict=True) if not p]
    for name, key, target in (("equipment_50", "equipment_50", stock), ("equipment_100", "equipment_100", stock),
                              ("plan_equipment_50", "equipment_50", plan),
                              ("plan_equipment_100", "equipment_100", plan)):
        c = _first(target, "assets", key, "count")
        if c is not None:
            values[name] = int(c.value)
    c = _first(mine, "assets", "plan_vehicle_amount", "value")
    if c is not None:
        values["plan_vehicle_amount"] = _money(c)
    c = _first(plan, "assets", "vehicles", "count")
    if c is not None:
        values["plan_vehicles"] = int(c.value)
        if values.get("vehicle_count") == int(c.value) and _first(stock, "assets", "vehicles", "count") is None:
            values.pop("vehicle_count")
    groups: dict[str, VehicleGroup] = {}
    for c in stock:
        key = c.subject.key or ""
        if not key.startswith("vehicles:"):
            continue
        name = key.split(":", 1)[1]
        group = groups.get(name, VehicleGroup(type=name))
        if c.measure == "count" and group.count is None:
            group = group.model_copy(update={"count": int(c.value)})
        elif c.measure == "value" and group.value is None:
            group = group.model_copy(update={"value": _money(c)})
        groups[name] = group
    values["vehicles"] = list(groups.values())
    as_of = next((c.sentence for c in mine if "截至" in c.sentence), None)
    if as_of:
        values["as_of"] = as_of.split("，")[0][:30]
    return Assets(**values, source=mine[0].source)  # type: ignore[arg-type]


def _performance(claims: list[Claim]) -> PerformanceSummary | None:
    count = _first(claims, "performance", "projects", "count")
    amount = _first(claims, "performance", "amount", "amount")
    if count is None and amount is None:
        return None
    return PerformanceSummary(
        projects=int(count.value) if count else None,
        amount=_money(amount) if amount else None,
        source=(count or amount).source,  # type: ignore[union-attr]
    )
