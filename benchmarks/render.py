"""Render benchmark: the full package for the seed, each format timed; the generator's rate.

Run: .venv/bin/python benchmarks/render.py [--repeat N]
Prints wall-clock and CPU seconds per format (median of N runs, after one warm-up run that loads
fonts and imports), the total for the four formats, and documents generated per second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "shuimogou_zhengfu_bangongshi_2021_yusuan.txt"
if not SEED.exists():
    SEED = ROOT / "tests" / "fixtures" / "seed.txt"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from yusuan.readers import read
    from yusuan.render.document import build_document
    from yusuan.render.package import FORMATS, prepare, write_format

    seed = read(SEED)
    out = Path(tempfile.mkdtemp())
    timings: dict[str, list[tuple[float, float]]] = {f: [] for f in ("layout", *FORMATS)}
    for run in range(args.repeat + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        model, _ = prepare(seed)
        doc = build_document(model, generate=True)
        layout = (time.perf_counter() - wall, time.process_time() - cpu)
        results = {"layout": layout}
        for fmt in FORMATS:
            wall, cpu = time.perf_counter(), time.process_time()
            write_format(doc, fmt, out / f"seed.{fmt}")
            results[fmt] = (time.perf_counter() - wall, time.process_time() - cpu)
        if run:  # the first run loads fonts, templates and imports
            for k, v in results.items():
                timings[k].append(v)
    print(f"seed package ({args.repeat} runs after a warm-up; median wall / CPU seconds)")
    total_wall = total_cpu = 0.0
    for k, runs in timings.items():
        w = statistics.median(r[0] for r in runs)
        c = statistics.median(r[1] for r in runs)
        total_wall += w
        total_cpu += c
        print(f"  {k:7s} {w:6.2f} s wall  {c:6.2f} s CPU")
    print(f"  total   {total_wall:6.2f} s wall  {total_cpu:6.2f} s CPU   (target: all four under 3 s)")

    from yusuan.render.package import render_package

    walls = []
    for _ in range(args.repeat):
        wall = time.perf_counter()
        render_package(seed, out / "cli", parallel=True)
        walls.append(time.perf_counter() - wall)
    print(f"yusuan render seed.txt (all four + changes.html + self-check, PDF in parallel): "
          f"median {statistics.median(walls):.2f} s wall")

    from yusuan.generate import generate

    start = time.perf_counter()
    n = 40
    for i in range(n):
        generate(i)
    rate = n / (time.perf_counter() - start)
    print(f"generator: {rate:.1f} documents/s (generate(seed): model, text, read back)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
