"""The disclosure model: typed, frozen records with no I/O.

``Disclosure`` is the root; see ``document.py`` for its parts, ``tables.py`` for tables as printed
and their semantic views, ``narrative.py`` for sections and claims.
"""

from .base import UNIT_FACTOR, Amount, MoneyUnit, Record, SourceRef, decimals_of, wan_string
from .document import (
    SCHEMA_VERSION,
    Assets,
    BudgetUnit,
    Department,
    Disclosure,
    GlossaryEntry,
    Indicator,
    IndicatorTerm,
    IndicatorValue,
    OtherMatters,
    PageFacts,
    PerformanceSummary,
    PerformanceTarget,
    Procurement,
    Profile,
    ProjectDescription,
    ReadProblem,
    SourceInfo,
    StaffCount,
    Subsidy,
    TableReading,
    VehicleGroup,
)
from .narrative import Claim, ClaimKind, Narrative, Paragraph, Section, Subject
from .tables import (
    PARTS_OF_THREE_PUBLIC,
    STANDARD_NINE,
    EconomicItem,
    EconomicLine,
    EconomicTable,
    FunctionalLine,
    FunctionalTable,
    Identity,
    IncomeLine,
    IncomeSource,
    Level,
    OverviewTable,
    PrintedTable,
    ProjectLine,
    ProjectTable,
    Row,
    TableKind,
    ThreePublic,
    Views,
    line_amount,
    zero,
)

__all__ = [
    "PARTS_OF_THREE_PUBLIC", "SCHEMA_VERSION", "STANDARD_NINE", "UNIT_FACTOR", "Amount", "Assets", "BudgetUnit",
    "Claim", "ClaimKind", "Department", "Disclosure", "EconomicItem", "EconomicLine", "EconomicTable",
    "FunctionalLine", "FunctionalTable", "GlossaryEntry", "Identity", "IncomeLine", "IncomeSource", "Indicator",
    "IndicatorTerm", "IndicatorValue", "Level", "MoneyUnit", "Narrative", "OtherMatters", "OverviewTable",
    "PageFacts", "Paragraph", "PerformanceSummary", "PerformanceTarget", "PrintedTable", "Procurement", "Profile",
    "ProjectDescription", "ProjectLine", "ProjectTable", "ReadProblem", "Record", "Row", "Section",
    "SourceInfo", "SourceRef", "StaffCount", "Subject", "Subsidy", "TableKind", "TableReading", "ThreePublic", "VehicleGroup",
    "Views", "decimals_of", "line_amount", "wan_string", "zero",
]
