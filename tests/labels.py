"""Hand-made labels of real documents (tests/fixtures/labels/), shared by the tests and benchmarks/sweep.py.

- ``corpus_wide_totals.json``: for documents of ../shared/corpus-wide, the totals printed on the page
  (收入总计, 支出总计, 基本支出, 项目支出), in the unit printed, with the page each was read on.
- ``corpus_wide_findings.json``: error findings yusuan gave on real documents, each labelled true (the
  document is wrong there) or false (yusuan misread), with the page and the reason.
- ``tests/golden/corpus/*.json`` and ``tests/golden/seed_summary.json``: the summary of a real document, every
  figure checked by hand on the page, with where each was read (``load_checked``). Never written by a test.

A finding is matched to its label by ``finding_key``: its code and where it points (table, row, column,
or the sentence), never its message, so that rewording a message keeps its label.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

LABELS = Path(__file__).resolve().parent / "fixtures" / "labels"
TOTAL_FIELDS = ("income_total", "expenditure_total", "basic", "project")


def shared_dir() -> Path:
    """../shared beside the checkout, or $YUSUAN_SHARED, or /work/shared (a clone elsewhere on this machine)."""
    for candidate in (os.environ.get("YUSUAN_SHARED"), Path(__file__).resolve().parent.parent.parent / "shared",
                      "/work/shared"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path(__file__).resolve().parent.parent.parent / "shared"


def wan(printed: str, unit: str) -> Decimal:
    """A printed amount in 万元 (exact)."""
    value = Decimal(printed.replace(",", ""))
    return value.scaleb(-4) if unit == "元" else value


@cache
def load_totals() -> dict[str, dict[str, Any]]:
    path = LABELS / "corpus_wide_totals.json"
    if not path.exists():
        return {}
    data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["documents"]
    return data


def finding_key(f: dict[str, Any]) -> str:
    """Code and place of a finding (a JSON finding), stable across rewordings."""
    loc = f.get("location") or {}
    if loc.get("table"):
        place = f"{loc.get('table')}|{loc.get('row') or ''}|{loc.get('column') or ''}"
    elif loc.get("sentence"):
        span = loc.get("span") or (0, 0)
        sentence = loc["sentence"]
        place = f"{sentence[max(0, span[0] - 12):span[1] + 12]}"
    else:
        place = f"{loc.get('section') or ''}|{loc.get('page') or ''}"
    return f"{f['code']}|{place}"


@cache
def load_finding_labels() -> dict[str, dict[str, bool]]:
    """document ("corpus-wide/city/file.pdf") → finding key → verdict; every labelled document is listed,
    also those whose findings were all labelled away."""
    path = LABELS / "corpus_wide_findings.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, dict[str, bool]] = {}
    for doc, entry in data["documents"].items():
        out[doc] = {item["key"]: bool(item["verdict"]) for item in entry.get("findings", [])}
    return out


PLACE_KEYS = ("page", "line")  # where a line of a checked golden was read: the page of a PDF, the line of a text
WHERE_FIELDS = ("income_total", "expenditure_total", "basic", "project", "functional", "economic", "projects",
                "three_public")


def load_checked(path: Path) -> dict[str, Any]:
    """The summary a golden of a real document holds, without the places its figures were read (after asserting
    that it says where each was read). A missing file fails: these files are written by hand after reading the
    page, never by ``--regen-golden``."""
    assert path.exists(), f"{path} is missing: a golden of a real document is written by hand from the page"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {"about", "document", "where", "summary"} <= set(data), f"{path.name}: not a checked golden"
    missing = [f for f in WHERE_FIELDS if not data["where"].get(f)]
    assert not missing, f"{path.name}: where were {missing} read?"
    summary: dict[str, Any] = data["summary"]
    return {**summary, **{f: _unplaced(summary[f], path.name) for f in ("functional", "economic", "projects")}}


def _unplaced(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    out = []
    for r in records:
        assert any(r.get(k) for k in PLACE_KEYS), f"{name}: no page or line for {r}"
        plain = {k: v for k, v in r.items() if k not in PLACE_KEYS}
        if "items" in plain:
            plain["items"] = _unplaced(plain["items"], name)
        out.append(plain)
    return out
