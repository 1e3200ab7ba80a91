"""Time to read the seed in-process, and the import time of the CLI.

    .venv/bin/python benchmarks/extract.py [--runs 50]

Targets (issue 2): reading the seed under 50 ms median; the CLI starts fast (imports light).
The baseline in the same run is json.loads of the seed's canonical JSON (the cheapest way to get
the same model back), so the ratio says how much the text reading costs beyond deserialising.
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
if not SEED.exists():
    SEED = ROOT / "tests" / "fixtures" / "seed.txt"


def _time(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _import_ms(module: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    from yusuan.readers import read
    from yusuan.serialize import dumps, loads

    read(SEED)  # warm caches and imports
    text_ms = _time(lambda: read(SEED), args.runs)
    canonical = dumps(read(SEED))
    json_ms = _time(lambda: loads(canonical), args.runs)
    bare = _import_ms("sys")
    cli = _import_ms("yusuan.cli")
    help_start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "yusuan", "--help"], check=True, capture_output=True)
    help_ms = (time.perf_counter() - help_start) * 1000
    print(f"read seed (text reader)      median {statistics.median(text_ms):7.1f} ms   p90 "
          f"{sorted(text_ms)[int(len(text_ms) * 0.9) - 1]:7.1f} ms   (target < 50 ms)")
    print(f"baseline: load canonical JSON median {statistics.median(json_ms):7.1f} ms   "
          f"ratio text/json {statistics.median(text_ms) / statistics.median(json_ms):5.2f}x")
    print(f"python startup                {bare:7.1f} ms")
    print(f"import yusuan.cli             {cli:7.1f} ms   (+{cli - bare:.1f} ms over a bare interpreter)")
    print(f"yusuan --help (whole process) {help_ms:7.1f} ms")


if __name__ == "__main__":
    main()
