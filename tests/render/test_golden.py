"""Golden HTML of the seed's rendering (``yusuan render seed.txt``: tables kept, Part 3 rewritten).

Regenerate with ``pytest tests/render/test_golden.py --regen-golden`` and review the diff; a missing golden
file fails (``--regen-golden`` is the only writer).
"""

from __future__ import annotations

from pathlib import Path

from yusuan.render.document import build_document
from yusuan.render.html import document_html
from yusuan.render.package import prepare

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "seed_render.html"


def test_seed_html_matches_golden(seed, regen_golden: bool) -> None:  # type: ignore[no-untyped-def]
    model, _ = prepare(seed)
    html = document_html(build_document(model, generate=True))
    if regen_golden:
        GOLDEN.write_text(html, encoding="utf-8")
    assert GOLDEN.exists(), f"{GOLDEN} is missing: write it with --regen-golden and review it"
    assert html == GOLDEN.read_text(encoding="utf-8"), "rendering changed: review, then --regen-golden"
