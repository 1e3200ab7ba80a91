"""Planted mistakes: every kind of ``yusuan_testing.mistakes`` (in the repository, not installed) planted, one at a time, into generated budgets;
prints per kind how many were planted, found (a finding of an expected code, at least as severe as the
kind's: an error, or a warning for the kinds of the printed page and wording), and found where planted
(the planted table, row or sentence among the finding's places).

    .venv/bin/python benchmarks/planted.py [--budgets N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # yusuan_testing


def _at(f, loc) -> bool:  # type: ignore[no-untyped-def]
    from yusuan.normalize import key

    places = [f.location, *f.compared]
    if loc.sentence:
        wanted = key(loc.sentence)
        return any(p.sentence and (key(p.sentence) in wanted or wanted in key(p.sentence)) for p in places)
    if loc.row and not (loc.table or "").startswith("表"):
        return any(p.row and key(p.row) == key(loc.row) for p in places)
    return any(p.table == loc.table for p in places)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budgets", type=int, default=40, help="generated budgets (seeds 0 … N-1)")
    args = parser.parse_args()
    from yusuan.checks import check, walk
    from yusuan.generate import generate_text
    from yusuan.readers import read_string
    from yusuan_testing.mistakes import MISTAKE_KINDS, plant_mistakes

    planted: Counter[str] = Counter()
    found: Counter[str] = Counter()
    placed: Counter[str] = Counter()
    misses: list[str] = []
    start = time.perf_counter()
    for budget in range(args.budgets):
        text = generate_text(budget)
        for kind in MISTAKE_KINDS:
            changed, mistakes = plant_mistakes(text, budget, kinds=[kind])
            for m in mistakes:
                planted[kind] += 1
                # a root and the findings that follow from it count as reporting the mistake
                found_now = [x for f in check(read_string(changed, "planted.txt")) if f.at_least(m.severity)
                             for x in walk([f])]
                hits = [f for f in found_now if f.code in m.expected]
                found[kind] += bool(hits)
                placed[kind] += any(_at(f, m.location) for f in hits)
                if not hits:
                    misses.append(f"budget {budget} {kind}: {m.location.sentence or m.location.table}")
    print(f"{args.budgets} generated budgets, {sum(planted.values())} planted mistakes "
          f"({time.perf_counter() - start:.1f} s)")
    print(f"{'kind':28} {'planted':>8} {'found':>8} {'in place':>9}")
    for kind in MISTAKE_KINDS:
        print(f"{kind:28} {planted[kind]:8d} {found[kind]:8d} {placed[kind]:9d}")
    print(f"{'total':28} {sum(planted.values()):8d} {sum(found.values()):8d} {sum(placed.values()):9d}")
    for line in misses:
        print("missed:", line)


if __name__ == "__main__":
    main()
