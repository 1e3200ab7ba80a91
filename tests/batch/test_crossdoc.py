"""Checks across the documents of a run: 部门 = Σ 单位, duplicates, and which years are paired."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from yusuan.batch.crossdoc import Doc, cross_year_pairs, new_findings
from yusuan.model import Department, Disclosure


def _scaled(data: Any, factor: int) -> Any:
    """Every amount of a dumped model multiplied by ``factor``."""
    if isinstance(data, dict):
        if set(data) == {"value", "unit"} and data["unit"] in ("元", "万元"):
            return {"value": str(Decimal(data["value"]) * factor), "unit": data["unit"]}
        return {k: _scaled(v, factor) for k, v in data.items()}
    if isinstance(data, list):
        return [_scaled(v, factor) for v in data]
    return data


def _write(path: Path, d: Disclosure, factor: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_scaled(d.model_dump(mode="json"), factor), ensure_ascii=False), encoding="utf-8")
    return path


def _units(seed: Disclosure) -> tuple[Disclosure, Disclosure]:
    """The seed's two budget units (本级 and 电子政务中心), each as a 单位 document with the seed's figures."""
    self_unit, sub = (u.name for u in seed.profile.units)
    as_unit = {"scope": "unit"}
    return (seed.model_copy(update={**as_unit, "department": Department(name=self_unit)}),
            seed.model_copy(update={**as_unit, "department": Department(name=sub)}))


def test_department_equal_to_its_units(tmp_path: Path, seed: Disclosure, batch) -> None:  # type: ignore[no-untyped-def]
    own, sub = _units(seed)
    _write(tmp_path / "in" / "dept.json", seed, factor=2)  # 部门 = 2 × seed = 本级 + 下属 (each = seed)
    _write(tmp_path / "in" / "unit_self.json", own)
    _write(tmp_path / "in" / "unit_sub.json", sub)
    outcome = batch([tmp_path / "in"])
    dept = next(d for d in outcome.documents if d.path.endswith("dept.json"))
    assert [f["code"] for f in dept.cross] == []


def test_department_unequal_to_its_units(tmp_path: Path, seed: Disclosure, batch) -> None:  # type: ignore[no-untyped-def]
    own, sub = _units(seed)
    _write(tmp_path / "in" / "dept.json", seed)  # 595.08, while the units add up to 1190.16
    _write(tmp_path / "in" / "unit_self.json", own)
    _write(tmp_path / "in" / "unit_sub.json", sub)
    outcome = batch([tmp_path / "in"])
    dept = next(d for d in outcome.documents if d.path.endswith("dept.json"))
    sums = [f for f in dept.cross if f["code"] == "department-units"]
    assert sums and sums[0]["severity"] == "error"
    assert (sums[0]["expected"], sums[0]["actual"]) == ("1190.16", "595.08")
    assert all(not d.cross for d in outcome.documents if d is not dept)


def test_department_with_a_unit_missing(tmp_path: Path, seed: Disclosure, batch) -> None:  # type: ignore[no-untyped-def]
    _, sub = _units(seed)
    _write(tmp_path / "in" / "dept.json", seed)
    _write(tmp_path / "in" / "unit_sub.json", sub)
    outcome = batch([tmp_path / "in"], ignore=None)
    dept = next(d for d in outcome.documents if d.path.endswith("dept.json"))
    assert [(f["code"], f["severity"]) for f in dept.cross] == [("department-units-partial", "info")]
    assert seed.profile.units[0].name in dept.cross[0]["message"]
    ignored = batch([tmp_path / "in"], ignore=["department-units-partial"], outdir=tmp_path / "out2")
    assert all(not d.cross for d in ignored.documents)


def test_same_department_twice_in_a_year(tmp_path: Path, seed: Disclosure, batch) -> None:  # type: ignore[no-untyped-def]
    _write(tmp_path / "in" / "a.json", seed)
    _write(tmp_path / "in" / "b.json", seed)
    outcome = batch([tmp_path / "in"])
    assert [[f["code"] for f in d.cross] for d in outcome.documents] == [["duplicate-document"]] * 2


def _doc(key: str, name: str, year: int, kind: str = "budget", scope: str = "department") -> Doc:
    return Doc(key, key, {"department": name, "year": year, "kind": kind, "scope": scope})


def test_only_the_year_before_of_the_same_department_kind_and_scope_is_paired() -> None:
    docs = [_doc("a21", "甲局", 2021), _doc("a22", "甲 局", 2022), _doc("a24", "甲局", 2024),
            _doc("f22", "甲局", 2022, kind="final_accounts"), _doc("u22", "甲局", 2022, scope="unit"),
            _doc("b22", "乙局", 2022), _doc("x22", "", 2022)]
    assert [(a.key, b.key) for a, b in cross_year_pairs(docs)] == [("a22", "a21")]


def test_new_findings_are_those_the_prior_year_added() -> None:
    base = [{"code": "x", "location": {"row": "1"}, "message": "m"}] * 2
    extra = {"code": "prior-figure", "location": {}, "message": "上年"}
    assert new_findings(base, [*base, extra]) == [extra]
    assert new_findings(base, base[:1] + [extra]) == [extra]
