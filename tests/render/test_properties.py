"""Property tests: any generated budget survives the text round trip and adds up."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yusuan.generate import generate_model
from yusuan.readers import read_string
from yusuan.render import render_text
from yusuan.summary import summary

OPTIONS = st.fixed_dictionaries({
    "subordinates": st.integers(0, 3), "projects": st.integers(0, 6), "other_funds": st.booleans(),
    "gov_fund": st.booleans(), "vehicle_purchase": st.booleans(), "prior": st.booleans(),
})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), options=OPTIONS)
def test_text_round_trip_is_a_fixed_point(seed: int, options: dict) -> None:  # type: ignore[type-arg]
    model = generate_model(seed, **options)
    text = render_text(model, generate=True)
    d = read_string(text)
    assert d.problems == []
    again = render_text(d.model_copy(update={"prior": model.prior, "reasons": model.reasons}), generate=True)
    assert again == text  # reading what yusuan wrote and writing it again changes nothing
    s = summary(d)
    assert s["income_total"] == s["expenditure_total"]
    total = sum(float(ln["total"]) for ln in s["functional"] if len(ln["code"]) == 3)
    assert abs(total - float(s["expenditure_total"])) < 0.005
