"""The catalogue's published-code files match what the corpus prints, and are used by lookups."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from yusuan import catalog

ROOT = Path(__file__).resolve().parent.parent.parent


def test_published_codes_are_known_with_their_sources() -> None:
    found = catalog.functional().lookup("2010399", 2025)
    assert found.known and found.entry is not None and found.entry.status == "published"
    assert any("shanghai_putuo_zhengfu_bangongshi_2025" in s for s in found.entry.sources)
    assert catalog.economic().lookup("30301").name == "离休费"
    # the reference catalogue still wins where it has the code
    assert catalog.functional().lookup("2010301", 2021).entry.status != "published"  # type: ignore[union-attr]


def test_published_files_are_up_to_date(corpus: Path) -> None:
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "catalog_from_corpus.py"), str(corpus), "--check"],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, "run scripts/catalog_from_corpus.py and review the diff\n" + out.stderr
