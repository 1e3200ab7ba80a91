"""Reading speed of this tree against another tree of yusuan (a baseline commit), in the same run.

    git worktree add /tmp/yusuan-base a63bdd1        # the commit to compare with
    .venv/bin/python benchmarks/reading_speed.py --baseline /tmp/yusuan-base [--rounds 3] [--only corpus]

Each round reads (``yusuan.readers.read``; with ``--check`` also ``yusuan.checks.check``) every PDF of
../shared/corpus and ../shared/corpus-wide once in a fresh process per tree, the two trees
alternating (A B, then B A …) so that a busy machine weighs on both alike; the figure is the CPU time
of the process per page (user + system, imports excluded), the median over rounds. Prints ms per
page for both, and the ratio (this / baseline). Target of issue 11: within 20% (ratio ≤ 1.2).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.labels import shared_dir  # noqa: E402

WORKER = r"""
import json, os, resource, sys
sys.setrecursionlimit(10000)
from yusuan.readers import read
from yusuan.checks import check
paths = json.loads(sys.argv[1])
checking = sys.argv[2] == "1"
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
start = cpu()
pages = 0
for p in paths:
    d = read(p)
    if checking:
        check(d)
    pages += d.source.pages or 1
print(json.dumps({"seconds": cpu() - start, "pages": pages}))
"""


def _documents(only: str | None) -> list[str]:
    shared = shared_dir()
    folders = {"corpus": [shared / "corpus"], "corpus-wide": sorted((shared / "corpus-wide").iterdir())}
    chosen = [only] if only else ["corpus", "corpus-wide"]
    return [str(p) for name in chosen for folder in folders[name] if folder.is_dir()
            for p in sorted(folder.glob("*.pdf"))]


def _run(tree: Path, paths: list[str], checking: bool) -> tuple[float, int]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", WORKER, json.dumps(paths), "1" if checking else "0"],
                         capture_output=True, text=True,
                         env=env, cwd=str(tree), check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return float(data["seconds"]), int(data["pages"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, required=True, help="a worktree of the commit to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=("corpus", "corpus-wide"))
    parser.add_argument("--check", action="store_true", help="read and check (default: read only)")
    args = parser.parse_args()
    paths = _documents(args.only)
    trees = {"this": ROOT, "baseline": args.baseline.resolve()}
    times: dict[str, list[float]] = {name: [] for name in trees}
    pages = 0
    for i in range(args.rounds):
        order = list(trees) if i % 2 == 0 else list(reversed(trees))
        for name in order:
            seconds, pages = _run(trees[name], paths, args.check)
            times[name].append(seconds / pages * 1000)
            print(f"round {i + 1} {name:<8} {seconds:7.1f} s CPU, {times[name][-1]:6.2f} ms/page", flush=True)
    this, base = statistics.median(times["this"]), statistics.median(times["baseline"])
    what = "read + check" if args.check else "read"
    print(f"\n{len(paths)} PDFs, {pages} pages, {what}, CPU per page (median of {args.rounds} rounds)")
    print(f"  this tree   {this:6.2f} ms/page")
    print(f"  baseline    {base:6.2f} ms/page  ({args.baseline})")
    print(f"  ratio       {this / base:6.2f}  (target of issue 11: ≤ 1.20)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
