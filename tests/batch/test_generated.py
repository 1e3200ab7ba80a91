"""A batch over generated budgets with known mistakes, one per budget: every planted mistake is reported
(an error of one of its codes), and no error is reported that the planted mistake does not explain
(a clean budget gets none). Whether each report points at the planted cell or sentence is the checks'
own test (tests/checks/test_generated.py); here the batch must neither lose nor invent anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yusuan.checks.finding import SEVERITY_ORDER
from yusuan.generate import generate_model, generate_text
from yusuan.normalize import key
from yusuan.render.mistakes import MISTAKE_KINDS, PlantedMistake, plant_mistakes


def _places(f: dict[str, Any]) -> set[tuple[str, str]]:
    """Where a finding points: tables, and sections of the narrative."""
    out = set()
    for loc in [f.get("location") or {}, *(f.get("compared") or [])]:
        if loc.get("table"):
            out.add(("table", loc["table"]))
        elif loc.get("section"):
            out.add(("section", key(loc["section"])))
        if loc.get("sentence"):
            out.add(("sentence", key(loc["sentence"])))
    return out


def _walk(f: dict[str, Any]) -> list[dict[str, Any]]:
    """A root finding and those listed under it (``related``)."""
    return [f, *(m for r in f.get("related", []) for m in _walk(r))]


def _planted_places(m: PlantedMistake) -> set[tuple[str, str]]:
    return _places({"location": m.location.model_dump(mode="json")})


def _unexplained(errors: list[dict[str, Any]], planted: list[PlantedMistake]) -> list[dict[str, Any]]:
    """Errors neither of a planted mistake's codes nor connected to one through the tables, sections
    and sentences they point at (a changed cell also breaks the sums and sentences that use it)."""
    codes = {c for m in planted for c in m.expected}
    reached = set().union(*(_planted_places(m) for m in planted), *(_places(f) for f in errors if f["code"] in codes))
    left = [f for f in errors if f["code"] not in codes]
    grew = True
    while grew:
        grew = False
        for f in list(left):
            places = _places(f)
            if places & reached:
                reached |= places
                left.remove(f)
                grew = True
    return left


def _budgets(count: int) -> list[tuple[int, str, str, int]]:
    """(seed, text, department, year) of generated budgets, no two of one department in neighbouring
    years (which the batch would rightly compare with each other)."""
    out: list[tuple[int, str, str, int]] = []
    seed = 100
    while len(out) < count:
        model = generate_model(seed)
        dept, year = key(model.department.name), model.year or 0
        if not any(o[2] == dept and abs(o[3] - year) <= 1 for o in out):
            out.append((seed, generate_text(seed), dept, year))
        seed += 1
    return out


def test_planted_mistakes_are_reported_and_nothing_else(tmp_path: Path, batch) -> None:  # type: ignore[no-untyped-def]
    kinds = list(MISTAKE_KINDS)
    budgets = _budgets(len(kinds) + 1)
    folder = tmp_path / "in"
    folder.mkdir()
    planted: dict[str, list[PlantedMistake]] = {}
    for (seed, text, _, _), kind in zip(budgets, [*kinds, None], strict=True):
        changed, mistakes = plant_mistakes(text, seed, kinds=[kind]) if kind else (text, [])
        path = folder / f"budget{seed}_{kind or 'clean'}.txt"
        path.write_text(changed, encoding="utf-8")
        planted[str(path)] = mistakes
    assert sum(len(m) for m in planted.values()) >= len(kinds) - 2  # a kind may not apply to its budget

    outcome = batch([folder])
    missed, extra = [], []
    for doc in outcome.documents:
        assert doc.status == "ok", doc.problem
        errors = [m for f in doc.all_findings if f["severity"] == "error" for m in _walk(f)]
        for m in planted[doc.path]:
            reported = [f for f in doc.all_findings if SEVERITY_ORDER[f["severity"]] >= SEVERITY_ORDER[m.severity]]
            if not any(f["code"] in m.expected for f in reported):
                missed.append((m.kind, m.description, Path(doc.path).name))
        extra += [(Path(doc.path).name, f["code"], f["message"]) for f in _unexplained(errors, planted[doc.path])]
    assert missed == []
    assert extra == []
    clean = [d for d in outcome.documents if not planted[d.path]]
    assert clean and all(not [f for f in d.all_findings if f["severity"] == "error"] for d in clean)
