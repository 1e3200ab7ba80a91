"""The model survives JSON and YAML round trips (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.model import (
    Amount,
    Claim,
    ClaimKind,
    Department,
    Disclosure,
    FunctionalLine,
    FunctionalTable,
    IndicatorValue,
    Level,
    Narrative,
    PrintedTable,
    Row,
    SourceRef,
    Subject,
    TableKind,
    Views,
)
from yusuan.serialize import dumps, loads

names = st.text(alphabet="一般公共服务支出行政运行事业（）()、“”0123456789 abc", min_size=0, max_size=20)
decimals = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2, allow_nan=False,
                       allow_infinity=False)
amounts = st.builds(Amount, value=decimals, unit=st.sampled_from(["元", "万元"]))
refs = st.builds(SourceRef, file=st.none() | st.just("a.txt"), line=st.none() | st.integers(1, 9999),
                 table=st.none() | st.just("表三"), row=st.none() | names, column=st.none() | names,
                 span=st.none() | st.tuples(st.integers(0, 50), st.integers(50, 99)), ocr=st.booleans())
lines = st.builds(FunctionalLine, code=st.sampled_from(["201", "20103", "2010301", ""]),
                  level=st.sampled_from(list(Level)), name=names, total=st.none() | amounts, basic=st.none() | amounts,
                  project=st.none() | amounts, by_source=st.dictionaries(st.sampled_from(["general_budget", "other"]),
                                                                         amounts, max_size=2), source=refs)
tables = st.builds(PrintedTable, id=st.sampled_from(["表一", "表二", "T3"]), title=names,
                   kind=st.sampled_from(list(TableKind)), unit=st.none() | st.sampled_from(["元", "万元"]),
                   header=st.lists(st.lists(names, max_size=4), max_size=3),
                   rows=st.lists(st.builds(Row, cells=st.lists(names, max_size=5), source=refs), max_size=4))
claims = st.builds(Claim, kind=st.sampled_from(list(ClaimKind)), value=decimals, unit=st.sampled_from(["万元", "%", "人"]),
                   subject=st.builds(Subject, kind=st.sampled_from(["income", "functional", "unknown"]),
                                     key=st.none() | names, label=names),
                   direction=st.none() | st.sampled_from(["increase", "decrease", "flat", "new"]), text=names,
                   sentence=names, span=st.tuples(st.integers(0, 5), st.integers(5, 9)), reason=st.none() | names)
documents = st.builds(
    Disclosure,
    kind=st.sampled_from(["budget", "final_accounts"]),
    scope=st.sampled_from(["department", "unit"]),
    year=st.none() | st.integers(2000, 2100),
    department=st.builds(Department, name=names, region=st.none() | names),
    date=st.none() | st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    tables=st.lists(tables, max_size=3),
    views=st.builds(Views, expenditure=st.none() | st.builds(FunctionalTable, table=st.just("表三"),
                                                              lines=st.lists(lines, max_size=4))),
    narrative=st.builds(Narrative, claims=st.lists(claims, max_size=4)),
    prior=st.dictionaries(st.sampled_from(["expenditure:basic", "operating_costs"]), amounts, max_size=2),
)


@settings(max_examples=60, deadline=None)
@given(documents)
def test_json_round_trip(d: Disclosure) -> None:
    assert loads(dumps(d, "json")) == d


@settings(max_examples=25, deadline=None)
@given(documents)
def test_yaml_round_trip(d: Disclosure) -> None:
    import yaml

    data = yaml.safe_load(dumps(d, "yaml"))
    data.pop("summary")
    assert Disclosure.model_validate(data) == d


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=12))
def test_indicator_values_keep_their_text(text: str) -> None:
    from yusuan.interpret.performance import parse_indicator_value

    value = parse_indicator_value(text)
    assert value.text == text
    assert isinstance(value, IndicatorValue)


def test_seed_round_trip(seed: Disclosure) -> None:
    assert loads(dumps(seed)) == seed


def test_amount_conversion_is_exact() -> None:
    a = Amount(value=Decimal("91016775.35"), unit="元")
    assert a.wan == Decimal("9101.677535")
    assert a.to("万元").to("元") == a
    from yusuan.model import wan_string

    assert wan_string(a) == "9101.677535"
    assert wan_string(Amount(value=Decimal("14820.00"), unit="元")) == "1.482"
    assert wan_string(Amount(value=Decimal("30.60"), unit="万元")) == "30.60"
    assert wan_string(None) == "0"
