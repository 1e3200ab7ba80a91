"""Collect the classification codes printed in published disclosures into the packaged catalogue.

    .venv/bin/python scripts/catalog_from_corpus.py [../shared/corpus] [--check]

Every code and name a published government document prints beside each other is a sourced fact:
the script reads each document with yusuan, takes the 类/款/项 lines of its functional tables and
the 类/款 lines of its economic tables, and writes them to
``yusuan/catalog/data/*_published.csv`` with the documents as sources. Codes the reference
catalogue already holds are left to it; a code printed with different names in different
documents takes the spelling most documents print and keeps the others in its note, so that a
reviewer sees the disagreement.
``--check`` only reports whether the files are up to date (exit 1 when not).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yusuan import catalog  # noqa: E402
from yusuan.batch.discover import discover  # noqa: E402
from yusuan.model import Disclosure  # noqa: E402
from yusuan.normalize import key  # noqa: E402
from yusuan.readers import read  # noqa: E402

DATA = ROOT / "yusuan" / "catalog" / "data"
HEADER = ["code", "level", "name", "parent", "status", "sources", "years", "note"]
LEVELS = {3: "class", 5: "section", 7: "item"}


def _clean_name(name: str) -> str:
    """Local tables append the 款 name in brackets: keep the item's own name."""
    name = name.strip()
    if name.endswith(("）", ")")) and ("（" in name or "(" in name):
        depth, cut = 0, None
        for i in range(len(name) - 1, -1, -1):
            ch = name[i]
            if ch in "）)":
                depth += 1
            elif ch in "（(":
                depth -= 1
                if depth == 0:
                    cut = i
                    break
        if cut and not name[cut + 1:-1].isdigit() and name[cut + 1:-1] != "室":
            name = name[:cut]
    return name.strip()


def functional_lines(d: Disclosure) -> list[tuple[str, str]]:
    v = d.views
    out = []
    for view in (v.expenditure, v.income, v.general_budget, v.gov_fund, v.state_capital, v.fiscal_expenditure):
        if view is not None:
            out += [(ln.code, ln.name) for ln in view.lines if ln.code]
    for ov in (v.overview, v.fiscal_overview):
        if ov is not None:
            out += [(ln.code, ln.name) for ln in ov.expenditure if len(ln.code) == 3]
    if v.general_project is not None:
        out += [(ln.code, ln.name) for ln in v.general_project.subtotals if ln.code]
    return out


def economic_lines(d: Disclosure) -> list[tuple[str, str]]:
    out = []
    for view in (d.views.general_basic, d.views.basic_economic):
        if view is not None:
            out += [(ln.code, ln.name) for ln in view.lines if ln.code and len(ln.code) in (3, 5)]
    return out


def collect(folder: Path) -> dict[str, dict[str, dict[str, set]]]:
    """system → code → name → {(source, year)}"""
    seen: dict[str, dict[str, dict[str, set]]] = {"function": defaultdict(lambda: defaultdict(set)),
                                                  "economic": defaultdict(lambda: defaultdict(set))}
    for job in discover([folder]).jobs:
        d = read(*(f.abspath for f in job.files))
        source = "+".join(Path(f.path).name for f in job.files)
        for system, lines in (("function", functional_lines(d)), ("economic", economic_lines(d))):
            for code, name in lines:
                if not code.isdigit() or len(code) not in LEVELS or not name:
                    continue
                seen[system][code][_clean_name(name)].add((source, d.year or 0))
    return seen


def rows_for(system: str, codes: dict[str, dict[str, set]]) -> list[list[str]]:
    reference = catalog.functional() if system == "function" else catalog.economic()
    known = {e.code for e in reference.all() if e.status != "published"}
    rows = []
    for code in sorted(codes):
        if code in known:
            continue
        # the spelling most documents print wins; then the newest; the others are kept in the note
        names = sorted(codes[code].items(),
                       key=lambda kv: (-len({s for s, _ in kv[1]}), -max(y for _, y in kv[1]), key(kv[0])))
        name, where = names[0]
        sources = sorted({s for n, w in names for s, _ in w})
        years = sorted({y for n, w in names for _, y in w if y})
        note = "" if len(names) == 1 else "其他写法：" + "；".join(n for n, _ in names[1:])
        level = LEVELS[len(code)] if system == "function" else ("class" if len(code) == 3 else "section")
        parent = {7: code[:5], 5: code[:3]}.get(len(code), "")
        rows.append([code, level, name, parent, "published", ";".join(sources), ";".join(map(str, years)), note])
    return rows


def render(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    seen = collect(Path(args.folder))
    stale = False
    for system, name in (("function", "function_classification_published.csv"),
                         ("economic", "economic_classification_published.csv")):
        text = render(rows_for(system, seen[system]))
        target = DATA / name
        if args.check:
            stale |= not target.exists() or target.read_text(encoding="utf-8") != text
        else:
            target.write_text(text, encoding="utf-8")
            print(f"{target.relative_to(ROOT)}: {text.count(chr(10)) - 1} codes")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
