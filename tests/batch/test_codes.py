"""Every code the batch writes into its findings is declared (yusuan.batch.codes) and documented."""

from __future__ import annotations

import re
from pathlib import Path

from yusuan.batch.codes import BATCH_CODES
from yusuan.checks.registry import CODES

BATCH = Path(__file__).resolve().parents[2] / "yusuan" / "batch"


def test_every_code_the_batch_emits_is_declared_and_documented() -> None:
    emitted = set()
    for path in BATCH.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        emitted |= set(re.findall(r'(?:batch_finding|_batch_finding)\(\s*"([a-z-]+)"', text))
        emitted |= set(re.findall(r'"code": "([a-z]+-[a-z-]+)"', text))
    from yusuan.batch.results import STATUS_CODES

    emitted |= {code for code, _ in STATUS_CODES.values()}
    assert emitted and emitted <= set(BATCH_CODES), sorted(emitted - set(BATCH_CODES))
    assert not set(BATCH_CODES) & set(CODES)  # never the same code as a per-document rule's
    rules = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert all(f"`{code}`" in rules for code in BATCH_CODES)
