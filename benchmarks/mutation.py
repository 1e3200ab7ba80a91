"""Mutation test of the checks: change one figure at a time (in the seed and in generated budgets) and
print how often a new error finding appears.

    .venv/bin/python benchmarks/mutation.py [--budgets N] [--narrative/--no-narrative] [--limit K]

Every table cell that takes part in an identity must be caught (the script lists those that are
not); narrative figures are reported separately, by kind. Caught means an error finding: a mutation that
makes reading or checking raise is counted as unreadable (listed with its exception), never as caught.
The mutation machinery is ``yusuan_testing/mutation.py`` (in the repository, not installed with yusuan).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERBOSE = False
LOCATED: Counter[str] = Counter()
UNREADABLE: Counter[str] = Counter()
SEED = ROOT.parent / "shared" / "seed" / "shuimogou_zhengfu_bangongshi_2021_yusuan.txt"
sys.path.insert(0, str(ROOT))  # yusuan_testing


def run(name: str, text: str, narrative: bool, limit: int | None) -> tuple[Counter[str], Counter[str], list[str]]:
    from yusuan.checks import check
    from yusuan.readers import read_string
    from yusuan_testing.mutation import detect, figures

    d = read_string(text, name)
    figs = [f for f in figures(text, d) if narrative or f.cell is not None]
    if limit:
        figs = figs[:: max(1, len(figs) // limit)][:limit]
    total: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    located: Counter[str] = Counter()
    missed: list[str] = []
    for outcome in detect(text, figs, lambda t: read_string(t, name), check):
        f = outcome.figure
        group = ("表格·勾稽" if f.identity else "表格·其他") if f.cell is not None else f"说明·{f.kind}"
        total[group] += 1
        caught[group] += outcome.detected
        located[group] += outcome.located
        if outcome.unreadable:  # not caught: an exception is no finding
            UNREADABLE[f"{name}|{group}"] += 1
            print(f"  改后无法读取或检查（不计为检出）：{name} 第 {f.line} 行 {f.where[:50]} {f.text}：{outcome.unreadable}")
        if not outcome.detected and (f.identity and f.cell is not None):
            missed.append(f"{name} 第 {f.line} 行 {f.where} {f.text}")
        elif not outcome.detected and f.cell is None and VERBOSE:
            print(f"  说明中未检出：{name} 第 {f.line} 行 {f.kind} {f.text}：{f.where[:70]}")
    LOCATED.update({f"{name}|{g}": n for g, n in located.items()})
    return total, caught, missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--budgets", type=int, default=2, help="generated budgets to mutate besides the seed")
    parser.add_argument("--no-narrative", dest="narrative", action="store_false")
    parser.add_argument("--limit", type=int, default=None, help="at most K figures per document (evenly spread)")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list narrative figures not caught")
    args = parser.parse_args()
    global VERBOSE
    VERBOSE = args.verbose
    from yusuan.generate import generate_text

    documents = [("seed", SEED.read_text(encoding="utf-8"))]
    documents += [(f"generated-{i}", generate_text(i)) for i in range(args.budgets)]
    started = time.perf_counter()
    all_missed: list[str] = []
    for name, text in documents:
        total, caught, missed = run(name, text, args.narrative, args.limit)
        all_missed += missed
        for group in sorted(total):
            rate = caught[group] / total[group] * 100
            placed = LOCATED[f"{name}|{group}"] / total[group] * 100
            print(f"{name:<14} {group:<12} {caught[group]:>4}/{total[group]:<4} 检出率 {rate:6.2f}%  "
                  f"定位到被改数字所在行 {placed:6.2f}%  无法读取 {UNREADABLE[f'{name}|{group}']}")
    print(f"用时 {time.perf_counter() - started:.1f} s")
    for line in all_missed:
        print("未检出（参与勾稽的表格单元格）：", line)
    return 1 if all_missed else 0


if __name__ == "__main__":
    sys.exit(main())
