"""Mutation test (a sample; ``benchmarks/mutation.py`` runs every figure): changing one figure that takes
part in an identity always gives a new error finding, in the seed and in a generated budget."""

from __future__ import annotations

from yusuan.checks import check
from yusuan.generate import generate_text
from yusuan.readers import read_string
from yusuan_testing.mutation import changed, detect, figures, mutate


def test_changed_keeps_the_printed_decimals() -> None:
    assert (changed("564.48"), changed("0.06"), changed("6"), changed("30.60")) == ("565.48", "1.06", "7", "31.60")


def _sample(text: str, every: int) -> list[tuple[str, bool]]:
    d = read_string(text, "m.txt")
    figs = [f for f in figures(text, d) if f.identity and f.cell is not None][::every]
    assert figs
    outcomes = detect(text, figs, lambda t: read_string(t, "m.txt"), check)
    return [(f"{o.figure.where} {o.figure.text}", o.detected) for o in outcomes]


def test_every_identity_cell_of_the_seed_is_caught(seed_text: str) -> None:
    missed = [where for where, ok in _sample(seed_text, 9) if not ok]
    assert missed == []


def test_every_identity_cell_of_a_generated_budget_is_caught() -> None:
    missed = [where for where, ok in _sample(generate_text(7), 12) if not ok]
    assert missed == []


def test_narrative_mutation_is_applied_in_place(seed_text: str) -> None:
    d = read_string(seed_text, "s.txt")
    fig = next(f for f in figures(seed_text, d) if f.cell is None and f.text == "79.3")
    assert "比上年增加（减少）80.3 万元" in mutate(seed_text, fig)


def test_a_mutation_that_makes_reading_raise_is_unreadable_never_detected(seed_text: str) -> None:
    d = read_string(seed_text, "s.txt")
    fig = next(f for f in figures(seed_text, d) if f.identity and f.cell is not None)

    def fragile_read(text: str):  # type: ignore[no-untyped-def]
        if text != seed_text:
            raise ValueError("boom")
        return read_string(text, "s.txt")

    [outcome] = detect(seed_text, [fig], fragile_read, check)
    assert (outcome.detected, outcome.codes, outcome.unreadable) == (False, (), "ValueError: boom")
