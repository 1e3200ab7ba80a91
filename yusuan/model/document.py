"""The disclosure document: profile, tables and views, narrative, projects, targets, glossary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import Amount, Record, SourceRef
from .narrative import Narrative, Paragraph
from .tables import PrintedTable, Views

SCHEMA_VERSION = "1"

Kind = Literal["budget", "final_accounts"]
Scope = Literal["department", "unit"]


class Department(Record):
    name: str = ""
    region: str | None = None
    code: str | None = None  # 单位编码 where printed
    short_name: str | None = None  # the name used in sentences and on the tables (编制部门), when given


class BudgetUnit(Record):
    """A budget unit consolidated into the 部门 budget."""

    name: str
    role: Literal["self", "subordinate"] = "subordinate"  # 本级 / 下属单位
    type: str | None = None  # 行政单位 / 事业单位 / 参公 …


class StaffCount(Record):
    """People of one unit: 编制, 实有, and 在职 / 退休 / 离休 with their changes."""

    unit: str
    authorized: int | None = None  # 编制数
    actual: int | None = None  # 实有人数
    active: int | None = None  # 在职
    active_change: int | None = None
    retired: int | None = None  # 退休
    retired_change: int | None = None
    veteran_retired: int | None = None  # 离休
    veteran_retired_change: int | None = None
    source: SourceRef = SourceRef()


class Profile(Record):
    """Part 1 (概况)."""

    functions: list[str] = []  # 主要职能, numbered duties in order
    internal_sections: list[str] = []  # 内设科室
    units: list[BudgetUnit] = []
    unit_count: int | None = None  # 下属 N 家预算单位 as stated
    admin_units: int | None = None  # 行政单位 N 家
    institution_units: int | None = None  # 事业单位 N 家
    staff: list[StaffCount] = []
    paragraphs: list[Paragraph] = []  # Part 1 text as printed


class Subsidy(Record):
    """A subsidy project's details (补贴)."""

    funding_source: str | None = None  # 资金来源
    people: int | None = None  # 补贴人数
    standard: Amount | None = None  # 补贴标准 (per person)
    standard_text: str | None = None
    scope: str | None = None  # 补贴范围
    method: str | None = None  # 补贴方式
    procedure: str | None = None  # 发放程序
    beneficiaries: str | None = None  # 受益人群和社会效益


class ProjectDescription(Record):
    """A project as described in the narrative (七、项目支出情况说明)."""

    number: str = ""
    name: str
    policy_basis: str | None = None  # 设立的政策依据
    amount: Amount | None = None  # 预算安排规模
    undertaker: str | None = None  # 项目承担单位
    allocation: str | None = None  # 资金分配情况
    period: str | None = None  # 资金执行时间
    subsidy: Subsidy | None = None
    quarters: list[Amount] = []  # 第一季度 … 第四季度用款计划, where the 年度预算安排 is stated by quarter
    fields: dict[str, str] = {}  # every 标签：内容 pair as printed
    source: SourceRef = SourceRef()


class IndicatorTerm(Record):
    op: Literal["=", "≥", "≤", ">", "<", "≠"]
    number: Decimal
    unit: str = ""


class IndicatorValue(Record):
    """A parsed 指标值: comparison terms (joined by &&), a qualitative value, or not applicable."""

    text: str
    terms: list[IndicatorTerm] = []
    qualitative: str | None = None
    not_applicable: bool = False


class Indicator(Record):
    level1: str  # 一级指标
    level2: str  # 二级指标
    name: str  # 三级指标
    value: IndicatorValue
    source: SourceRef = SourceRef()


class PerformanceTarget(Record):
    """One 项目支出绩效目标表."""

    year: int | None = None
    budget_unit: str | None = None
    project: str
    total: Amount | None = None  # 年度资金总额
    fiscal: Amount | None = None  # 其中：财政拨款
    other: Amount | None = None  # 其他资金
    carryover: Amount | None = None  # 上年结转 (a row of its own beside 财政拨款 and 其他资金)
    goal: str | None = None  # 项目总体目标
    indicators: list[Indicator] = []
    table: str | None = None  # PrintedTable.id
    source: SourceRef = SourceRef()


class Procurement(Record):
    total: Amount | None = None
    goods: Amount | None = None
    works: Amount | None = None
    services: Amount | None = None
    sme_reserved: Amount | None = None  # 面向中小企业预留
    small_micro_reserved: Amount | None = None  # 其中：小微企业
    source: SourceRef = SourceRef()


class VehicleGroup(Record):
    type: str  # 一般公务用车 / 执法执勤用车 / 其他车辆 …
    count: int | None = None
    value: Amount | None = None


class Assets(Record):
    as_of: str | None = None  # 截至 2020 年底
    building_area: Decimal | None = None  # 平方米
    building_value: Amount | None = None
    vehicle_count: int | None = None
    vehicle_value: Amount | None = None
    vehicles: list[VehicleGroup] = []
    furniture_value: Amount | None = None
    other_value: Amount | None = None
    equipment_50: int | None = None  # 单位价值 50 万元以上大型设备 台（套）
    equipment_100: int | None = None
    plan_vehicle_amount: Amount | None = None  # 预算安排购置车辆经费
    plan_vehicles: int | None = None
    plan_equipment_50: int | None = None
    plan_equipment_100: int | None = None
    source: SourceRef = SourceRef()


class PerformanceSummary(Record):
    """预算绩效情况: the count and amount of projects under performance management."""

    projects: int | None = None
    amount: Amount | None = None
    source: SourceRef = SourceRef()


class OtherMatters(Record):
    """十、其他重要事项: typed values read from the narrative."""

    operating_costs: Amount | None = None  # 机关运行经费
    operating_costs_source: SourceRef = SourceRef()
    procurement: Procurement | None = None
    assets: Assets | None = None
    performance: PerformanceSummary | None = None


class GlossaryEntry(Record):
    number: str = ""
    term: str
    definition: str
    source: SourceRef = SourceRef()


class ReadProblem(Record):
    """Something the reader could not read or found missing; it never stops the read."""

    code: str  # kebab-case, e.g. "missing-part", "table-unrecognized"
    message: str  # Chinese
    source: SourceRef = SourceRef()


class TableReading(Record):
    """How one printed table was read, and how far its own figures bear that reading out.

    ``checks`` identities of the table were tried (each row's total against its columns, each 类/款
    against its lines, the total row against the 类); ``held`` of them hold. ``suspects`` are the fewest
    printed cells whose misprint would explain every failure. A table is read ``confident``ly when its
    failures are explained by a few cells (a mistake in the document); otherwise the reading itself is in
    doubt (a header or a layout not understood) and no error is built on it (``reason`` says why).
    """

    table: str
    kind: str = ""
    pages: list[int] = []
    choices: list[str] = []  # what the reader chose for this table and why (Chinese)
    checks: int = 0
    held: int = 0
    suspects: list[str] = []  # "201|基本支出": row and column of each suspect cell
    confident: bool = True
    reason: str | None = None  # why the reading is in doubt (Chinese)


class PageFacts(Record):
    """What one printed page of a PDF holds, as the reader saw it (for the checks of the printed page).

    ``glyphs`` counts every printed character, ``unreadable`` those that map to nothing, to a private-use
    code point, a control character or a script no disclosure is written in (mojibake); ``text_chars``
    counts the characters of its running text (outside tables, without page numbers and running
    headers); ``repeats`` names the earlier pages whose running text this page prints again and
    ``repeated_share`` how much of its own text that is.
    """

    number: int
    file: str | None = None
    glyphs: int = 0
    unreadable: int = 0
    offpage: int = 0  # characters placed outside the page (in the text layer, never printed)
    text_chars: int = 0
    ruled: bool = False  # the page draws table borders
    image_share: float = 0.0  # share of the page covered by its largest image
    repeats: list[int] = []
    repeated_share: float = 0.0
    sample: str = ""  # the first characters of the page as read (for messages)


class SourceInfo(Record):
    path: str = ""
    format: str = ""  # text / pdf / xlsx / docx / json / yaml
    encoding: str | None = None
    files: list[str] = []  # all files read into this document (Jiangsu: text + tables)
    sha256: str | None = None
    pages: int | None = None
    lines: int | None = None
    page_facts: list[PageFacts] = []  # PDF input: one per page


class Disclosure(Record):
    """One published disclosure (部门预算公开 or 部门决算公开) of one department or unit."""

    schema_version: str = SCHEMA_VERSION
    kind: Kind = "budget"
    scope: Scope = "department"
    year: int | None = None
    department: Department = Department()
    title: str = ""
    date: dt.date | None = None
    layout: str = "generic"  # xinjiang / shanghai / jiangsu-2019 / national-final / generic / yusuan
    source: SourceInfo = SourceInfo()
    toc: list[str] = []
    profile: Profile = Profile()
    tables: list[PrintedTable] = []
    views: Views = Views()
    narrative: Narrative = Narrative()
    projects: list[ProjectDescription] = []
    performance: list[PerformanceTarget] = []
    other: OtherMatters = OtherMatters()
    glossary: list[GlossaryEntry] = []
    problems: list[ReadProblem] = []
    readings: list[TableReading] = []  # how each table was read (interpret/consistency.py)
    # prior-year figures and reasons for changes, keyed by subject ("kind" or "kind:key", e.g.
    # "expenditure:basic", "functional:2010301", "three_public:reception", "operating_costs"):
    # read from the stated changes, or given by an officer in the workbook
    prior: dict[str, Amount] = Field(default_factory=dict)
    reasons: dict[str, str] = Field(default_factory=dict)

    def table(self, table_id: str) -> PrintedTable | None:
        for table in self.tables:
            if table.id == table_id:
                return table
        return None

    def reading(self, table_id: str | None) -> TableReading | None:
        for r in self.readings:
            if r.table == table_id:
                return r
        return None

    def table_of_kind(self, kind: str) -> PrintedTable | None:
        for table in self.tables:
            if table.kind == kind:
                return table
        return None

    @property
    def unit_word(self) -> str:
        return "部门" if self.scope == "department" else "单位"
