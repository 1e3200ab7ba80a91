"""Hand-made labels of real documents (tests/fixtures/labels/), shared by the tests and benchmarks/sweep.py.

- ``corpus_wide_totals.json``: for documents of ../shared/corpus-wide, the totals printed on the page
  (收入总计, 支出总计, 基本支出, 项目支出), in the unit printed, with the page each was read on.
- ``corpus_wide_findings.json``: error findings yusuan gave on real documents, each labelled true (the
  document is wrong there) or false (yusuan misread), with the page and the reason.

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
