"""docs/rules.md is generated from the registry: it lists every code and is up to date."""

from __future__ import annotations

from pathlib import Path

from yusuan.checks import catalogue
from yusuan.checks.registry import CODES, load

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_every_code_is_documented() -> None:
    load()
    text = DOC.read_text(encoding="utf-8")
    missing = [code for code in CODES if f'<a id="{code}"></a>`{code}`' not in text]
    assert missing == [], "undocumented rules: run `yusuan rules --markdown -o docs/rules.md`"


def test_rules_md_is_not_stale() -> None:
    assert DOC.read_text(encoding="utf-8") == catalogue.markdown(), \
        "docs/rules.md is stale: run `yusuan rules --markdown -o docs/rules.md` and review the diff"


def test_read_problems_are_documented_from_their_catalogue() -> None:
    from yusuan.model.problems import markdown

    text = (Path(__file__).resolve().parents[2] / "docs" / "readers.md").read_text(encoding="utf-8")
    between = text.split("<!-- problems -->\n", 1)[1].split("<!-- /problems -->", 1)[0]
    assert between == markdown(), "docs/readers.md's read problems are stale: regenerate them from the catalogue"
