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
    PerformanceSummary,
    PerformanceTarget,
    Procurement,
    Profile,
    ProjectDescription,
    ReadProblem,
    SourceInfo,
    StaffCount,
    Subsidy,
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
    zero,
)

__all__ = [name for name in dir() if not name.startswith("_")]
