"""Base records shared by the whole model: the frozen base class, SourceRef and Amount.

Money is always a ``Decimal`` together with the unit it was printed in (元 or 万元). Conversion to
万元 is exact (``scaleb``), never through floats.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, SerializationInfo, SerializerFunctionWrapHandler, model_serializer

MoneyUnit = Literal["元", "万元"]

#: how many 元 one unit is worth
UNIT_FACTOR: dict[str, int] = {"元": 1, "万元": 10000}


class Record(BaseModel):
    """Base of every model record: immutable, strict about unknown fields on input."""

    model_config = ConfigDict(frozen=True, extra="ignore", ser_json_inf_nan="strings")


class SourceRef(Record):
    """Where a value was read: precise enough for a person to find the cell or sentence.

    Only the fields that apply are set: a text file has ``line``, a PDF ``page``, a workbook
    ``sheet`` and ``cell``; a table value has ``table``, ``row`` and ``column``; a narrative value
    has ``section``, ``sentence`` and ``span`` (character offsets inside ``sentence``).
    """

    file: str | None = None
    page: int | None = None
    line: int | None = None
    end_line: int | None = None
    sheet: str | None = None
    cell: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    section: str | None = None
    sentence: str | None = None
    span: tuple[int, int] | None = None
    ocr: bool = False

    @model_serializer(mode="wrap")
    def _compact(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> dict[str, object]:
        # a location names only what applies; unset fields are left out of the JSON
        data = handler(self)
        return {k: v for k, v in data.items() if v is not None and v is not False}

    def with_(self, **changes: object) -> SourceRef:
        """A copy with some fields replaced (records are frozen)."""
        return self.model_copy(update=changes)

    def describe(self) -> str:
        """Short Chinese description of the location, for messages."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.cell:
            parts.append(f"单元格 {self.cell}")
        if self.page is not None:
            parts.append(f"第 {self.page} 页")
        if self.line is not None:
            parts.append(f"第 {self.line} 行")
        if self.table:
            parts.append(self.table)
        if self.row:
            parts.append(f"行“{self.row}”")
        if self.column:
            parts.append(f"列“{self.column}”")
        if self.section and not self.table:
            parts.append(self.section)
        return "，".join(parts)


class Amount(Record):
    """An amount of money as printed: exact decimal value and its unit."""

    value: Decimal
    unit: MoneyUnit = "万元"

    def to(self, unit: MoneyUnit) -> Amount:
        """The same amount in another unit, converted exactly."""
        if unit == self.unit:
            return self
        exponent = 4 if unit == "元" else -4
        return Amount(value=self.value.scaleb(exponent), unit=unit)

    @property
    def wan(self) -> Decimal:
        """Value in 万元, exact."""
        return self.value if self.unit == "万元" else self.value.scaleb(-4)

    def __str__(self) -> str:
        return f"{self.value}{self.unit}"


def wan_string(amount: Amount | None) -> str:
    """Canonical 万元 string for the summary contract.

    An amount printed in 万元 keeps its printed digits ("30.60"); one printed in 元 is converted
    exactly and written without trailing zeros (91016775.35 元 → "9101.677535"). Blank is "0".
    """
    if amount is None:
        return "0"
    if amount.unit == "万元":
        text = format(amount.value, "f")
    else:
        converted = amount.value.scaleb(-4)
        text = format(converted.normalize(), "f") if converted else "0"
    return "0" if text in ("-0", "") else text


def decimals_of(value: Decimal) -> int:
    """Number of decimals printed in ``value`` (Decimal keeps the printed exponent)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
