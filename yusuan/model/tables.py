"""Tables as printed, and the semantic views built from them.

A ``PrintedTable`` keeps every cell's text exactly as read (so nothing is lost and any reader or
renderer can reproduce it); the views (``FunctionalTable``, ``EconomicTable`` …) say what the
cells mean: which 功能分类 line, which column is 基本支出, which source of income.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Literal

from .base import Amount, Record, SourceRef


class TableKind(StrEnum):
    """What a table is, recognised from its title and headers (not from its number)."""

    OVERVIEW = "overview"  # 表一 收支总体情况表 / 财务收支预算总表 / 收入支出决算总表
    INCOME = "income"  # 表二 收入总体情况表
    EXPENDITURE = "expenditure"  # 表三 支出总体情况表
    FISCAL_OVERVIEW = "fiscal_overview"  # 表四 财政拨款收支总体情况表
    GENERAL_BUDGET = "general_budget"  # 表五 一般公共预算支出情况表
    GENERAL_BASIC = "general_basic"  # 表六 一般公共预算基本支出情况表 (economic)
    GENERAL_PROJECT = "general_project"  # 表七 一般公共预算项目支出情况表
    THREE_PUBLIC = "three_public"  # 表八 “三公”经费支出情况表
    GOV_FUND = "gov_fund"  # 表九 政府性基金预算支出情况表
    STATE_CAPITAL = "state_capital"  # 国有资本经营预算支出表
    FISCAL_SPECIAL = "fiscal_special"  # 财政专户管理资金支出表 (Jiangsu)
    PROCUREMENT = "procurement"  # 政府采购预算表
    BASIC_ECONOMIC = "basic_economic"  # 部门基本支出预算明细表 (all money, economic)
    PROJECT_LIST = "project_list"  # 项目支出表 (all money)
    FISCAL_EXPENDITURE = "fiscal_expenditure"  # 财政拨款支出预算表 (Jiangsu)
    PERFORMANCE = "performance"  # 项目支出绩效目标表
    OPERATING_COSTS = "operating_costs"  # 一般公共预算机关运行经费支出预算表 (Jiangsu)
    UNITS = "units"  # 部门（决算）单位构成: the list of budget units of Part 1
    OTHER = "other"


#: the nine tables of the standard (seed) layout, in order
STANDARD_NINE: tuple[TableKind, ...] = (
    TableKind.OVERVIEW,
    TableKind.INCOME,
    TableKind.EXPENDITURE,
    TableKind.FISCAL_OVERVIEW,
    TableKind.GENERAL_BUDGET,
    TableKind.GENERAL_BASIC,
    TableKind.GENERAL_PROJECT,
    TableKind.THREE_PUBLIC,
    TableKind.GOV_FUND,
)


class Row(Record):
    """One printed row: the text of each cell, in column order."""

    cells: list[str]
    source: SourceRef = SourceRef()

    def cell(self, index: int) -> str:
        return self.cells[index] if 0 <= index < len(self.cells) else ""


class PrintedTable(Record):
    """A table exactly as printed."""

    id: str  # stable id inside the document: "表一" … or "T3" when unnumbered
    number: int | None = None  # 表一 → 1
    title: str = ""
    kind: TableKind = TableKind.OTHER
    recognized: bool = False
    unit: Literal["元", "万元", "千元"] | None = None  # as printed (千元 cells are read as 元 × 1000)
    compiler: str | None = None  # 编制部门（单位）
    header: list[list[str]] = []  # header rows as printed (multi-row headers kept)
    columns: list[str] = []  # one label per column, built from the header rows
    rows: list[Row] = []  # body rows
    notes: list[str] = []  # 注：… lines printed with the table
    precision: int = 2  # decimals printed in its amounts (tolerance comes from it)
    source: SourceRef = SourceRef()
    parts: list[SourceRef] = []  # continuation parts joined to it (a table printed over several pages)

    @property
    def is_empty(self) -> bool:
        """No figure other than zero in the body."""
        from ..numbers import parse_amount

        for row in self.rows:
            for text in row.cells:
                value = parse_amount(text)
                if value is not None and value != 0:
                    return False
        return True


class Level(StrEnum):
    CLASS = "class"  # 类
    SECTION = "section"  # 款
    ITEM = "item"  # 项
    TOTAL = "total"  # 合计 / 总计


class Identity(Record):
    """A row identity the columns of a table obey: in every row, ``total`` is the sum of ``parts``.

    Roles name columns ("total", "basic", "src:general_budget", "x:…"). Chosen when the table is read
    (interpret/identities.py): among the identities its header allows, the ones its rows bear out;
    ``held`` of ``rows`` (rows with a figure in any of its columns) say how well.
    """

    total: str
    parts: list[str]
    held: int = 0
    rows: int = 0


class FunctionalLine(Record):
    """One 类/款/项 line of a table keyed by the functional classification."""

    code: str  # full code: "201", "20103", "2010301"; "" for the total row
    level: Level
    name: str
    total: Amount | None = None
    basic: Amount | None = None
    project: Amount | None = None
    by_source: dict[str, Amount] = {}  # IncomeSource value → amount
    extra: dict[str, Amount] = {}  # other columns, by canonical key or printed label
    rates: dict[str, Decimal] = {}  # percentage columns ("completion_rate": 完成率 as printed, in %)
    source: SourceRef = SourceRef()

    def ref(self, column: str | None = None) -> SourceRef:
        return self.source.with_(column=column) if column else self.source


class FunctionalTable(Record):
    table: str  # PrintedTable.id
    unit: Literal["元", "万元"] = "万元"
    columns: dict[str, str] = {}  # field / source key → printed column label
    roles: dict[int, str] = {}  # printed column index → what it was taken for ("code", "name", "total", "src:…")
    lines: list[FunctionalLine] = []
    total: FunctionalLine | None = None
    identities: list[Identity] = []  # what its columns add up to, as read (None of them: not known)

    def find(self, code: str) -> FunctionalLine | None:
        for line in self.lines:
            if line.code == code:
                return line
        return None


class IncomeSource(StrEnum):
    """Sources of income, with one canonical key per kind of money."""

    FISCAL = "fiscal"  # 财政拨款（补助）收入, the sum of the three below
    GENERAL_BUDGET = "general_budget"  # 一般公共预算
    GOV_FUND = "gov_fund"  # 政府性基金预算
    STATE_CAPITAL = "state_capital"  # 国有资本经营预算
    SPECIAL_ACCOUNT = "special_account"  # 财政专户管理资金 / 教育收费
    BUSINESS = "business"  # 事业收入
    OPERATING = "operating"  # 事业单位经营收入
    SUPERIOR = "superior"  # 上级补助收入
    SUBORDINATE = "subordinate"  # 附属单位上缴收入
    OTHER = "other"  # 其他收入 / 单位其他资金收入
    CARRYOVER = "carryover"  # 上年结转 / 年初结转和结余
    NON_FISCAL_BALANCE = "non_fiscal_balance"  # 使用非财政拨款结余
    TOTAL = "total"  # 收入总计
    CURRENT_TOTAL = "current_total"  # 本年收入合计
    UNKNOWN = "unknown"


class IncomeLine(Record):
    key: IncomeSource
    label: str
    amount: Amount | None = None
    extra: dict[str, Amount] = {}
    source: SourceRef = SourceRef()
    # a line listed under a heading it is part of: "二、上年结转" / "(一)一般公共预算拨款" is the
    # carry-over's 一般公共预算 part (part_of CARRYOVER), not this year's 一般公共预算 income
    part_of: IncomeSource | None = None


class OverviewTable(Record):
    """表一 / 表四: income by source beside expenditure by class (or by kind)."""

    table: str
    unit: Literal["元", "万元"] = "万元"
    income: list[IncomeLine] = []
    expenditure: list[FunctionalLine] = []  # by 类 (code set) or by kind (code "")
    income_total: Amount | None = None  # 收入总计 (决算: 总计, with carry-over)
    expenditure_total: FunctionalLine | None = None  # 支出总计 (决算: 总计)
    income_total_source: SourceRef = SourceRef()
    # 本年收入合计 / 本年支出合计 where printed apart from the grand totals (决算, Jiangsu 当年…小计)
    income_current_total: Amount | None = None
    expenditure_current_total: FunctionalLine | None = None
    # expenditure by use (基本支出 / 项目支出 / 单位预留机动经费) printed beside the classes (Jiangsu)
    expenditure_by_use: list[FunctionalLine] = []

    def income_of(self, key: IncomeSource, part_of: IncomeSource | None = None) -> IncomeLine | None:
        for line in self.income:
            if line.key == key and line.part_of == part_of:
                return line
        return None


class EconomicItem(Record):
    """A local sub-item under an economic 款 (no code of its own)."""

    name: str
    total: Amount | None = None
    personnel: Amount | None = None
    public: Amount | None = None
    source: SourceRef = SourceRef()


class EconomicLine(Record):
    code: str  # "301", "30101"; "" for the total row
    level: Level
    name: str
    total: Amount | None = None
    personnel: Amount | None = None
    public: Amount | None = None
    extra: dict[str, Amount] = {}
    items: list[EconomicItem] = []
    source: SourceRef = SourceRef()


class EconomicTable(Record):
    table: str
    unit: Literal["元", "万元"] = "万元"
    columns: dict[str, str] = {}
    roles: dict[int, str] = {}  # printed column index → what it was taken for (a table printed in two halves: both)
    lines: list[EconomicLine] = []
    total: EconomicLine | None = None
    identities: list[Identity] = []

    def find(self, code: str) -> EconomicLine | None:
        for line in self.lines:
            if line.code == code:
                return line
        return None


class ProjectLine(Record):
    """One project of the project-expenditure table (表七)."""

    name: str
    function_code: str = ""
    function_name: str = ""
    amount: Amount | None = None
    by_economic: dict[str, Amount] = {}  # economic class label → amount
    unit_name: str | None = None  # 单位名称 where the table lists it
    source: SourceRef = SourceRef()


class ProjectTable(Record):
    table: str
    unit: Literal["元", "万元"] = "万元"
    columns: list[str] = []  # economic column labels
    subtotals: list[FunctionalLine] = []  # 类/款 rows printed between the projects
    projects: list[ProjectLine] = []
    total: Amount | None = None
    total_by_economic: dict[str, Amount] = {}
    total_source: SourceRef = SourceRef()


class ThreePublic(Record):
    """表八: the “三公” expenses and their parts (and 机关运行经费 where printed with them)."""

    table: str
    unit: Literal["元", "万元"] = "万元"
    total: Amount | None = None
    outbound: Amount | None = None  # 因公出国（境）费
    vehicle_total: Amount | None = None  # 公务用车购置及运行费
    vehicle_purchase: Amount | None = None
    vehicle_operation: Amount | None = None
    reception: Amount | None = None  # 公务接待费
    operating_costs: Amount | None = None  # 机关运行经费 (Shanghai prints it here)
    prior: dict[str, Amount] = {}  # 上年 figures where the table prints them
    # 决算: the 预算数 printed beside each 决算数 (the fields above hold the 决算数), same keys
    budget: dict[str, Amount] = {}
    # other columns of the same table: "meetings" 会议费, "training" 培训费 (Jiangsu), "all" its 合计
    extra: dict[str, Amount] = {}
    source: SourceRef = SourceRef()


PARTS_OF_THREE_PUBLIC: tuple[str, ...] = ("outbound", "vehicle_purchase", "vehicle_operation", "reception")


class Views(Record):
    """What the tables mean. Each view names the printed table it was built from."""

    overview: OverviewTable | None = None  # 表一
    income: FunctionalTable | None = None  # 表二 (by source)
    expenditure: FunctionalTable | None = None  # 表三
    fiscal_overview: OverviewTable | None = None  # 表四
    general_budget: FunctionalTable | None = None  # 表五
    general_basic: EconomicTable | None = None  # 表六
    general_project: ProjectTable | None = None  # 表七
    three_public: ThreePublic | None = None  # 表八
    gov_fund: FunctionalTable | None = None  # 表九
    state_capital: FunctionalTable | None = None  # 国有资本经营预算支出表
    basic_economic: EconomicTable | None = None  # all-money basic expenditure by economic class
    fiscal_expenditure: FunctionalTable | None = None  # 财政拨款支出表 (Jiangsu)
    operating_costs: EconomicTable | None = None  # 机关运行经费支出预算表 by economic class (Jiangsu)

    def functional_tables(self) -> list[FunctionalTable]:
        """The tables keyed by the functional code tree (表二, 表三, 表五, 表九 …) that are present."""
        return [t for t in (self.income, self.expenditure, self.general_budget, self.gov_fund, self.state_capital,
                            self.fiscal_expenditure) if t is not None]


def line_amount(line: FunctionalLine | EconomicLine, role: str) -> Amount | None:
    """The amount of a line in a column role ("total", "basic", "personnel", "src:general_budget", "x:…")."""
    if role.startswith("src:"):
        return line.by_source.get(role[4:]) if isinstance(line, FunctionalLine) else line.extra.get(role[4:])
    if role.startswith("x:"):
        return line.extra.get(role[2:])
    if role in ("personnel", "public") and isinstance(line, FunctionalLine):
        return line.extra.get(role)
    return getattr(line, role, None)  # type: ignore[no-any-return]


def zero(unit: Literal["元", "万元"] = "万元") -> Amount:
    return Amount(value=Decimal(0), unit=unit)
