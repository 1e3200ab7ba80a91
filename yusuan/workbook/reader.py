"""A filled officers' workbook → the model, and every problem found on the way, with sheet and cell.

Nothing is taken from the workbook's formulas: every total is recomputed from the figures the
officer typed, and the tables are derived from them (``yusuan.render.build``), so they agree by
construction. What cannot agree (the economic lines against the functional basic expenditure, a
project's economic split, 人数 × 标准, the targets' funds …) is checked here and reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import catalog
from ..interpret.performance import parse_indicator_value
from ..model import (
    Amount,
    BudgetUnit,
    GlossaryEntry,
    Indicator,
    PerformanceTarget,
    ProjectDescription,
    ReadProblem,
    SourceRef,
    StaffCount,
    Subsidy,
    VehicleGroup,
)
from ..normalize import clean, key, similarity, to_chinese_number
from ..render.build import (
    EconomicRow,
    Ledger,
    ProjectRow,
)
from ..render.vocab import FUNCTIONAL_NAMES
from . import layout as L

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass
class Problem:
    """Something missing or inconsistent in the workbook, where to find it and what is wrong."""

    severity: str  # error / warning
    sheet: str
    cell: str | None
    message: str

    @property
    def where(self) -> str:
        return f"工作表“{self.sheet}”" + (f"单元格 {self.cell}" if self.cell else "")

    @property
    def severity_word(self) -> str:
        return {"error": "错误", "warning": "警告"}.get(self.severity, "提示")

    def read_problem(self, path: str) -> ReadProblem:
        return ReadProblem(code=f"workbook-{self.severity}", message=f"{self.where}：{self.message}",
                           source=SourceRef(file=path, sheet=self.sheet, cell=self.cell))


@dataclass
class Context:
    problems: list[Problem] = field(default_factory=list)

    def error(self, sheet: str, cell: str | None, message: str) -> None:
        self.problems.append(Problem("error", sheet, cell, message))

    def warning(self, sheet: str, cell: str | None, message: str) -> None:
        self.problems.append(Problem("warning", sheet, cell, message))


class Table:
    """A data sheet: its columns found by header text, rows from ``FIRST_ROW`` on."""

    def __init__(self, ws: Worksheet, columns: tuple[str, ...]) -> None:
        self.ws = ws
        self.name = ws.title
        headers = {clean(str(c.value or "")): c.column for c in ws[L.HEADER_ROW]}
        self.index = {label: headers.get(label) for label in columns}

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        for r, values in enumerate(self.ws.iter_rows(min_row=L.FIRST_ROW, values_only=True), start=L.FIRST_ROW):
            row = {label: values[i - 1] if i and i <= len(values) else None for label, i in self.index.items()}
            if any(v not in (None, "") for v in row.values()):
                yield r, row

    def cell(self, row: int, label: str) -> str:
        column = self.index.get(label)
        return f"{get_column_letter(column)}{row}" if column else f"{row} 行"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value)).strip()


def _code(value: Any) -> str:
    return "".join(ch for ch in _text(value) if ch.isdigit())


def _amount(ctx: Context, sheet: str, cell: str, value: Any, label: str = "金额") -> Decimal:
    """A typed amount in 万元: blank is 0; a number with more than two decimals is rounded, with a warning."""
    if value in (None, ""):
        return ZERO
    try:
        number = Decimal(str(value).replace(",", "").strip()) if not isinstance(value, float) else Decimal(repr(value))
    except InvalidOperation:
        ctx.error(sheet, cell, f"{label}“{value}”不是数字")
        return ZERO
    if number < 0:
        ctx.error(sheet, cell, f"{label}不能为负数（{number}）")
    rounded = number.quantize(CENT)
    if rounded != number:
        ctx.warning(sheet, cell, f"{label} {number} 超过两位小数，按 {rounded} 处理")
    return rounded


def _int(ctx: Context, sheet: str, cell: str, value: Any, label: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        ctx.error(sheet, cell, f"{label}“{value}”不是整数")
        return None
    if number != number.to_integral_value():
        ctx.error(sheet, cell, f"{label}应为整数（{value}）")
    return int(number)


# ---------------------------------------------------------------- sheets


def _sheet(wb: Any, name: str, ctx: Context) -> Worksheet | None:
    if name not in wb.sheetnames:
        ctx.error(name, None, "缺少这张工作表（请用 yusuan template 生成的工作簿填写）")
        return None
    return wb[name]


def _profile(wb: Any, ctx: Context) -> tuple[dict[str, Any], list[str]]:
    ws = _sheet(wb, L.PROFILE, ctx)
    values: dict[str, Any] = {}
    functions: list[str] = []
    if ws is None:
        return values, functions
    labels = {label: field for field, label, _ in L.PROFILE_FIELDS}
    in_functions = False
    for row in ws.iter_rows(min_row=L.FIRST_ROW):
        label = _text(row[0].value)
        value = row[1].value if len(row) > 1 else None
        if label == L.FUNCTIONS_TITLE:
            in_functions = True
            continue
        if in_functions:
            if _text(value):
                functions.append(_text(value))
            continue
        if label in labels:
            values[labels[label]] = (value, f"B{row[0].row}")
    return values, functions


def _units(wb: Any, ctx: Context, department: str) -> tuple[list[BudgetUnit], list[StaffCount]]:
    ws = _sheet(wb, L.UNITS, ctx)
    units: list[BudgetUnit] = []
    staff: list[StaffCount] = []
    if ws is None:
        return units, staff
    t = Table(ws, L.UNIT_COLUMNS)
    for r, row in t.rows():
        name = _text(row["单位名称"])
        if not name:
            if any(row[c] not in (None, "") for c in L.UNIT_COLUMNS[3:]):
                ctx.error(t.name, t.cell(r, "单位名称"), "单位名称为空")
            continue
        role = "self" if _text(row["单位类型"]) == "本级" else "subordinate"
        units.append(BudgetUnit(name=name, role=role, type=_text(row["单位性质"]) or None))

        def n(label: str, r: int = r, row: dict[str, Any] = row) -> int | None:
            return _int(ctx, t.name, t.cell(r, label), row[label], label)

        active, retired, veteran = n("在职人数"), n("退休人数"), n("离休人数")
        actual = sum(x or 0 for x in (active, retired, veteran)) if active is not None else None
        staff.append(StaffCount(unit=name, authorized=n("编制数"), actual=actual, active=active,
                                active_change=n("在职比上年增减"), retired=retired, retired_change=n("退休比上年增减"),
                                veteran_retired=veteran, veteran_retired_change=n("离休比上年增减"),
                                source=SourceRef(sheet=t.name, cell=f"A{r}")))
    if not any(u.role == "self" for u in units):
        ctx.warning(L.UNITS, "B4", "没有“本级”单位一行")
    return units, staff


@dataclass
class Money:
    ledger: Ledger = field(default_factory=Ledger)
    names: dict[str, str] = field(default_factory=dict)
    prior: dict[str, Decimal] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    basic_cells: list[str] = field(default_factory=list)


def _functional(wb: Any, ctx: Context, year: int | None) -> Money:
    money = Money()
    money.names.update(FUNCTIONAL_NAMES)
    for entry in catalog.functional().all(year):
        money.names.setdefault(entry.code, entry.name)
    ws = _sheet(wb, L.FUNCTIONAL, ctx)
    if ws is None:
        return money
    t = Table(ws, L.FUNCTIONAL_COLUMNS)
    for r, row in t.rows():
        code = _code(row["科目编码"])
        name = _text(row["科目名称"])
        if len(code) not in (3, 5, 7):
            if code or any(row[f"基本支出：{label}"] not in (None, "", 0) for _, label in L.SOURCES):
                ctx.error(t.name, t.cell(r, "科目编码"), f"科目编码“{_text(row['科目编码'])}”应为 3、5 或 7 位数字")
            continue
        if name:
            money.names[code] = name
        if len(code) < 7:
            continue
        if not name and code not in money.names:
            ctx.error(t.name, t.cell(r, "科目名称"), f"科目 {code} 的名称为空，且不在分类目录中")
        for source, label in L.SOURCES:
            value = _amount(ctx, t.name, t.cell(r, f"基本支出：{label}"), row[f"基本支出：{label}"])
            if value:
                money.ledger.add(code, source, basic=value)
                if source == "general_budget":
                    money.basic_cells.append(t.cell(r, f"基本支出：{label}"))
        if row["上年一般公共预算数"] not in (None, ""):
            money.prior[f"functional:{code}"] = _amount(ctx, t.name, t.cell(r, "上年一般公共预算数"),
                                                        row["上年一般公共预算数"], "上年数")
        if _text(row["增减原因"]):
            money.reasons[f"functional:{code}"] = _text(row["增减原因"])
    return money


def _economic(wb: Any, ctx: Context) -> list[EconomicRow]:
    ws = _sheet(wb, L.ECONOMIC, ctx)
    if ws is None:
        return []
    t = Table(ws, L.ECONOMIC_COLUMNS)
    rows: dict[str, EconomicRow] = {}
    for r, row in t.rows():
        code = _code(row["科目编码"])
        personnel = _amount(ctx, t.name, t.cell(r, "人员经费"), row["人员经费"])
        public = _amount(ctx, t.name, t.cell(r, "公用经费"), row["公用经费"])
        if not personnel and not public:
            continue
        if len(code) != 5:
            ctx.error(t.name, t.cell(r, "科目编码"), f"经济分类科目编码“{_text(row['科目编码'])}”应为 5 位数字")
            continue
        name = _text(row["科目名称"]) or (catalog.economic().lookup(code).name or "")
        if not name:
            ctx.error(t.name, t.cell(r, "科目名称"), f"经济分类科目 {code} 的名称为空")
        entry = rows.setdefault(code, EconomicRow(code=code, name=name))
        entry.personnel += personnel
        entry.public += public
        detail = _text(row["明细名称"])
        if detail:
            entry.items.append((detail, personnel, public))
        elif entry.items:
            ctx.warning(t.name, t.cell(r, "明细名称"), f"科目 {code} 有多行，但这一行没有明细名称")
    for entry in rows.values():
        if len(entry.items) == 1 and key(entry.items[0][0]) == key(entry.name):
            entry.items = []  # one detail named like its 款 is the 款 itself
    return list(rows.values())


def _projects(wb: Any, ctx: Context, money: Money, department: str) -> tuple[list[ProjectRow], list[ProjectDescription]]:
    ws = _sheet(wb, L.PROJECTS, ctx)
    rows: list[ProjectRow] = []
    descriptions: list[ProjectDescription] = []
    if ws is None:
        return rows, descriptions
    t = Table(ws, L.PROJECT_COLUMNS)
    seen: set[str] = set()
    for r, row in t.rows():
        name = _text(row["项目名称"])
        amount = _amount(ctx, t.name, t.cell(r, "项目金额"), row["项目金额"], "项目金额")
        if not name:
            ctx.error(t.name, t.cell(r, "项目名称"), "项目名称为空")
            continue
        if key(name) in seen:
            ctx.error(t.name, t.cell(r, "项目名称"), f"项目“{name}”重复")
        seen.add(key(name))
        code = _code(row["功能科目编码"])
        if len(code) != 7:
            ctx.error(t.name, t.cell(r, "功能科目编码"), f"项目“{name}”的功能科目编码应为 7 位数字")
            continue
        source = L.SOURCE_BY_LABEL.get(_text(row["资金来源"]) or "一般公共预算")
        if source is None:
            ctx.error(t.name, t.cell(r, "资金来源"), f"资金来源“{_text(row['资金来源'])}”不在下拉列表中")
            continue
        if amount == 0:
            ctx.warning(t.name, t.cell(r, "项目金额"), f"项目“{name}”金额为 0，未列入公开表")
            continue
        split = {label: _amount(ctx, t.name, t.cell(r, label), row[label]) for label in L.PROJECT_ECONOMIC}
        if not any(split.values()):
            ctx.warning(t.name, t.cell(r, "商品和服务支出"), f"项目“{name}”未按经济分类拆分，全部计入商品和服务支出")
            split["商品和服务支出"] = amount
        elif sum(split.values(), ZERO) != amount:
            ctx.error(t.name, t.cell(r, "项目金额"), f"项目“{name}”按经济分类拆分之和 {sum(split.values(), ZERO)} "
                                                     f"不等于项目金额 {amount}")
        money.ledger.add(code, source, project=amount)
        if source == "general_budget":
            rows.append(ProjectRow(name=name, code=code, amount=amount, split=split))
        descriptions.append(_description(ctx, t, r, row, name, amount, department))
    return rows, descriptions


def _description(ctx: Context, t: Table, r: int, row: dict[str, Any], name: str, amount: Decimal,
                 department: str) -> ProjectDescription:
    people = _int(ctx, t.name, t.cell(r, "补贴人数"), row["补贴人数"], "补贴人数")
    standard = _amount(ctx, t.name, t.cell(r, "补贴标准（元/人）"), row["补贴标准（元/人）"], "补贴标准")
    subsidy = None
    if people or standard:
        if people and standard and (people * standard).scaleb(-4) != amount:
            ctx.error(t.name, t.cell(r, "补贴人数"), f"项目“{name}”补贴人数 {people} × 标准 {standard} 元 = "
                                                     f"{(people * standard).scaleb(-4)} 万元，不等于项目金额 {amount} 万元")
        subsidy = Subsidy(funding_source="本级财政", people=people,
                          standard=Amount(value=standard.scaleb(-4), unit="万元") if standard else None,
                          scope=_text(row["补贴范围"]) or None, method=_text(row["补贴方式"]) or None,
                          procedure=_text(row["发放程序"]) or None, beneficiaries=_text(row["受益人群和社会效益"]) or None)
    for label in ("设立的政策依据", "资金执行时间"):
        if not _text(row[label]):
            ctx.warning(t.name, t.cell(r, label), f"项目“{name}”的{label}未填写，情况说明中将省略这一项")
    return ProjectDescription(
        name=name, policy_basis=_text(row["设立的政策依据"]) or None, amount=Amount(value=amount, unit="万元"),
        undertaker=_text(row["项目承担单位"]) or department, allocation=_text(row["资金分配情况"]) or None,
        period=_text(row["资金执行时间"]) or None, subsidy=subsidy, source=SourceRef(sheet=t.name, cell=f"A{r}"),
    )


def _closest_project(ctx: Context, t: Table, group: dict[str, Any], projects: list[ProjectRow],
                     named: set[str]) -> ProjectRow | None:
    """The project a target group's name was meant to be: taken (with a warning) when the names differ only
    slightly ("2025年政务协调工作经费" / "2025 年政务协调工作经费费"); else an error naming the closest one."""
    cell = t.cell(group["row"], "项目名称")
    scored = sorted(((similarity(group["name"], p.name), p) for p in projects), key=lambda sp: -sp[0])
    best = scored[0] if scored else None
    if best is not None and best[0] >= 0.85 and key(group["name"]) not in named:
        ctx.warning(t.name, cell, f"绩效目标的项目“{group['name']}”与“项目支出”表中的“{best[1].name}”写法不同，已按后者处理；"
                                  "请改成一致的名称")
        return best[1]
    hint = f"；最接近的是“{best[1].name}”" if best is not None and best[0] >= 0.5 else ""
    ctx.error(t.name, cell, f"绩效目标的项目“{group['name']}”不在“项目支出”表中{hint}")
    return None


def _targets(wb: Any, ctx: Context, projects: list[ProjectRow], year: int | None,
             budget_unit: str) -> list[PerformanceTarget]:
    ws = _sheet(wb, L.TARGETS, ctx)
    if ws is None:
        return []
    t = Table(ws, L.TARGET_COLUMNS)
    by_name = {key(p.name): p for p in projects}
    groups: dict[str, dict[str, Any]] = {}
    current: str | None = None
    for r, row in t.rows():
        name = _text(row["项目名称"]) or current
        if not name:
            ctx.error(t.name, t.cell(r, "项目名称"), "项目名称为空")
            continue
        current = name
        group = groups.setdefault(key(name), {"name": name, "goal": "", "other": ZERO.quantize(CENT), "indicators": [],
                                               "row": r})
        if _text(row["项目总体目标"]):
            group["goal"] = _text(row["项目总体目标"])
        if row["其他资金"] not in (None, ""):
            group["other"] = _amount(ctx, t.name, t.cell(r, "其他资金"), row["其他资金"], "其他资金")
        if _text(row["三级指标"]) or _text(row["指标值"]):
            for label in ("一级指标", "二级指标", "指标值"):
                if not _text(row[label]):
                    ctx.error(t.name, t.cell(r, label), f"项目“{name}”的{label}未填写")
            group["indicators"].append((r, Indicator(
                level1=_text(row["一级指标"]), level2=_text(row["二级指标"]), name=_text(row["三级指标"]),
                value=parse_indicator_value(_text(row["指标值"]) or "--"), source=SourceRef(sheet=t.name, cell=f"F{r}"))))
    targets = []
    named = {key(p.name) for p in projects}
    for k, group in groups.items():
        project = by_name.get(k) or _closest_project(ctx, t, group, projects, named)
        if project is None:
            continue
        if not group["goal"]:
            ctx.warning(t.name, t.cell(group["row"], "项目总体目标"), f"项目“{group['name']}”的总体目标未填写")
        for r, ind in group["indicators"]:
            terms = ind.value.terms
            if "成本" in ind.level2 and len(terms) == 1 and terms[0].unit == "元" and terms[0].number != project.amount * 10000:
                ctx.error(t.name, t.cell(r, "指标值"), f"成本指标 {ind.value.text} 应等于项目金额 {project.amount} 万元 "
                                                       f"= {format((project.amount * 10000).normalize(), 'f')} 元")
        targets.append(PerformanceTarget(
            year=year, budget_unit=budget_unit, project=project.name, total=Amount(value=project.amount + group["other"]),
            fiscal=Amount(value=project.amount), other=Amount(value=group["other"]), goal=group["goal"] or None,
            indicators=[ind for _, ind in group["indicators"]]))
    covered = {key(x.project) for x in targets}
    for p in projects:
        if key(p.name) not in groups and key(p.name) not in covered:
            ctx.warning(L.TARGETS, None, f"项目“{p.name}”没有填写绩效目标")
    return targets


def _three_public(wb: Any, ctx: Context, money: Money) -> dict[str, Decimal]:
    ws = _sheet(wb, L.THREE_PUBLIC, ctx)
    values = {f: ZERO for f, _ in L.THREE_PUBLIC_ROWS if f != "total"}
    if ws is None:
        return values
    t = Table(ws, L.THREE_PUBLIC_COLUMNS)
    fields = {label: f for f, label in L.THREE_PUBLIC_ROWS}
    for r, row in t.rows():
        f = fields.get(_text(row["项目"]))
        if f is None:
            continue
        if f != "total":
            values[f] = _amount(ctx, t.name, t.cell(r, "本年预算数"), row["本年预算数"])
        if row["上年预算数"] not in (None, ""):
            money.prior[f"three_public:{f}"] = _amount(ctx, t.name, t.cell(r, "上年预算数"), row["上年预算数"])
        if _text(row["增减原因"]):
            money.reasons[f"three_public:{f}"] = _text(row["增减原因"])
    parts = [f"three_public:{f}" for f, _ in L.THREE_PUBLIC_ROWS if f != "total"]
    if all(p in money.prior for p in parts) and "three_public:total" not in money.prior:
        money.prior["three_public:total"] = sum((money.prior[p] for p in parts), ZERO)
    return values


def _other(wb: Any, ctx: Context, money: Money) -> tuple[dict[str, Any], list[VehicleGroup]]:
    ws = _sheet(wb, L.OTHER, ctx)
    values: dict[str, Any] = {}
    vehicles: list[VehicleGroup] = []
    if ws is None:
        return values, vehicles
    labels = {label: f for f, label in L.OTHER_ROWS}
    in_vehicles = False
    for row in ws.iter_rows(min_row=L.FIRST_ROW):
        label = _text(row[0].value)
        cells = [c.value for c in row[1:4]] + [None] * 3
        r = row[0].row
        if label == L.VEHICLE_COLUMNS[0]:
            in_vehicles = True
            continue
        if in_vehicles and label:
            count = _int(ctx, L.OTHER, f"B{r}", cells[0], f"{label}数量")
            value = _amount(ctx, L.OTHER, f"C{r}", cells[1], f"{label}价值")
            if count is not None or value:
                vehicles.append(VehicleGroup(type=label, count=count or 0, value=Amount(value=value)))
            continue
        f = labels.get(label)
        if f is None or cells[0] in (None, "") and f != "operating_costs":
            continue
        if f == "as_of":
            values[f] = _text(cells[0])
        elif f in ("equipment_50", "equipment_100", "plan_vehicles", "plan_equipment_50", "plan_equipment_100"):
            values[f] = _int(ctx, L.OTHER, f"B{r}", cells[0], label)
        elif f == "building_area":
            values[f] = _amount(ctx, L.OTHER, f"B{r}", cells[0], label)
        else:
            values[f] = _amount(ctx, L.OTHER, f"B{r}", cells[0], label) if cells[0] not in (None, "") else None
        if f == "operating_costs":
            if cells[1] not in (None, ""):
                money.prior["operating_costs"] = _amount(ctx, L.OTHER, f"C{r}", cells[1], "上年数")
            if _text(cells[2]):
                money.reasons["operating_costs"] = _text(cells[2])
    return values, vehicles


def _prior(wb: Any, ctx: Context, money: Money) -> None:
    ws = _sheet(wb, L.PRIOR, ctx)
    if ws is None:
        return
    t = Table(ws, L.PRIOR_COLUMNS)
    labels = {label: k for k, label in L.PRIOR_ROWS}
    for r, row in t.rows():
        subject = _text(row["代码"]) or labels.get(_text(row["项目"]), "")
        if not subject:
            continue
        if row["上年预算数"] not in (None, ""):
            money.prior[subject] = _amount(ctx, t.name, t.cell(r, "上年预算数"), row["上年预算数"], "上年预算数")
        if _text(row["增减原因"]):
            money.reasons[subject] = _text(row["增减原因"])


def _glossary(wb: Any) -> list[GlossaryEntry]:
    if L.GLOSSARY not in wb.sheetnames:
        return []
    t = Table(wb[L.GLOSSARY], L.GLOSSARY_COLUMNS)
    entries = [(_text(row["名词"]), _text(row["解释"])) for _, row in t.rows()]
    return [GlossaryEntry(number=to_chinese_number(i + 1), term=term, definition=text)
            for i, (term, text) in enumerate((t, d) for t, d in entries if t and d)]
