"""Part 3 (情况说明): sections, paragraphs and the claims made by every figure in them."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Literal

from .base import Record, SourceRef


class ClaimKind(StrEnum):
    AMOUNT = "amount"  # X 万元 (a level)
    SHARE = "share"  # 占 X%
    CHANGE = "change"  # 比上年增加/减少 X 万元
    RATE = "rate"  # 增长/下降 X%
    COUNT = "count"  # X 人 / 辆 / 个 / 台（套）
    AREA = "area"  # X 平方米
    STANDARD = "standard"  # X 万元每人 (a subsidy standard)
    PERCENT = "percent"  # any other percentage


Direction = Literal["increase", "decrease", "flat", "new"]


class Subject(Record):
    """What a figure speaks of.

    ``kind`` names the family and ``key`` the member, for example:

    - ``total`` / ``income_total`` / ``expenditure_total`` (key None)
    - ``income`` with an IncomeSource key (``general_budget`` …)
    - ``expenditure`` with ``basic`` / ``project``; ``basic`` with ``personnel`` / ``public``
    - ``fiscal`` (财政拨款 total), ``general_budget_total``
    - ``functional`` with a full code ("2010301") and ``label`` the names as written
    - ``three_public`` with ``total`` / ``outbound`` / ``vehicle_total`` / ``vehicle_purchase`` /
      ``vehicle_operation`` / ``reception``
    - ``operating_costs``; ``procurement`` with ``total`` / ``goods`` / ``works`` / ``services`` /
      ``sme`` / ``small_micro``
    - ``assets`` with ``buildings`` / ``vehicles`` / ``vehicles:<type>`` / ``furniture`` /
      ``other`` / ``equipment_50`` / ``equipment_100`` / ``plan_vehicles`` / ``plan_equipment_50`` …
    - ``project_quarter`` with ``1`` … ``4``: a project's 第一季度用款计划 … (Shanghai 年度预算安排)
    - ``performance`` with ``projects``; ``project`` with the project name;
      ``subsidy`` (people, standard); ``staff`` with ``<unit>:<measure>``; ``gov_fund``
    - ``unknown`` when the reader could not tell
    """

    kind: str
    key: str | None = None
    label: str = ""


class Claim(Record):
    """One figure stated in the narrative, and what it claims."""

    kind: ClaimKind
    value: Decimal
    unit: str  # 万元 / 元 / % / 人 / 辆 / 平方米 / 台（套） / 个 …
    subject: Subject
    measure: str | None = None  # for assets: "count" / "value" / "area"; subsidy: "people" …
    direction: Direction | None = None  # for changes and rates
    base: str | None = None  # comparison base as written: "上年预算数", "上年", "2024年预算" …
    of: Subject | None = None  # for shares: the whole the part is a share of
    text: str  # the figure as printed, e.g. "79.3 万元"
    sentence: str  # the whole sentence it sits in
    span: tuple[int, int]  # character span of ``text`` inside ``sentence``
    reason: str | None = None  # 主要原因是 … where stated
    section: str = ""  # section path, e.g. "十、其他重要事项的情况说明 / （一）机关运行经费情况"
    source: SourceRef = SourceRef()
    # why the subject is not sure (None: named in the figure's own clause, right before it): "承前" when
    # taken from an earlier figure or the section, or another name standing between ("委托业务费").
    # Findings never rest on an unsure claim as errors (checks/confidence.py).
    doubt: str | None = None

    @property
    def sure(self) -> bool:
        return self.doubt is None


class Paragraph(Record):
    text: str
    source: SourceRef = SourceRef()


class Section(Record):
    """A numbered section of Part 3 (or of any narrative part), with its sub-sections."""

    number: str = ""  # "一", "（一）", "1"
    title: str = ""
    level: int = 1
    paragraphs: list[Paragraph] = []
    children: list[Section] = []
    source: SourceRef = SourceRef()

    def walk(self) -> list[Section]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


class Narrative(Record):
    sections: list[Section] = []
    claims: list[Claim] = []

    def all_sections(self) -> list[Section]:
        out: list[Section] = []
        for section in self.sections:
            out.extend(section.walk())
        return out
