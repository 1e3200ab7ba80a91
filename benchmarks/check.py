"""Benchmark of ``yusuan check`` on the seed, in-process: read + check median, and import time.

    .venv/bin/python benchmarks/check.py [--repeat N]

Prints the medians of: reading the seed (the baseline), checking the read document, and both
together (the target is under 100 ms), the ratio of checking to reading, the slowest rules, and
the import time of the library against a bare interpreter start measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "shuimogou_zhengfu_bangongshi_2021_yusuan.txt"


def median_ms(func, repeat: int, clock=time.perf_counter) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = clock()
        func()
        times.append((clock() - started) * 1000)
    return statistics.median(times)


def startup_ms(code: str, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    from yusuan.checks import check
    from yusuan.checks.registry import Context, all_rules
    from yusuan.readers import read

    d = read(SEED)
    check(d)  # warm caches (catalogue, regexes)
    read_ms = median_ms(lambda: read(SEED), args.repeat)
    check_ms = median_ms(lambda: check(d), args.repeat)
    both_ms = median_ms(lambda: check(read(SEED)), args.repeat)
    cpu_read = median_ms(lambda: read(SEED), args.repeat, time.process_time)
    cpu_both = median_ms(lambda: check(read(SEED)), args.repeat, time.process_time)
    print(f"seed: read {read_ms:.1f} ms (baseline) · check {check_ms:.1f} ms · read + check {both_ms:.1f} ms "
          f"(target < 100 ms) · check/read {check_ms / read_ms:.2f}×")
    print(f"seed, CPU time (less sensitive to other load): read {cpu_read:.1f} ms · read + check {cpu_both:.1f} ms "
          f"· (read + check)/read {cpu_both / cpu_read:.2f}×")
    per_rule = []
    for r in all_rules():
        per_rule.append((median_ms(lambda r=r: list(r.func(Context(d))), 5), r.name))
    slow = sorted(per_rule, reverse=True)[:5]
    print("slowest rules: " + ", ".join(f"{name} {ms:.2f} ms" for ms, name in slow))
    bare = startup_ms("pass")
    lib = startup_ms("import yusuan.readers, yusuan.checks; from yusuan.checks.registry import load; load()")
    print(f"import: interpreter {bare:.0f} ms (baseline) · interpreter + yusuan.readers + checks {lib:.0f} ms "
          f"(+{lib - bare:.0f} ms, {lib / bare:.1f}×)")
    return 0 if both_ms < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
