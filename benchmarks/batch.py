"""Throughput of ``yusuan batch``: documents per minute with 1 and 2 local workers on the same set, the
speed-up, peak memory per worker, and the same on a Dask LocalCluster.

    .venv/bin/python benchmarks/batch.py [--generated 24] [--repeat 3] [--workdir /tmp/yusuan-bench-batch]

The set is the real corpus (../shared/corpus, 13 PDFs in 11 documents) plus generated budgets rendered
as PDF (``yusuan.generate`` + ``yusuan.render.pdf``; rendered once and kept in the work folder). Each
run starts from an empty OUTDIR (nothing reused), without the reports (their time does not depend on
the number of workers), and is timed from the call to ``run_batch`` to its return: worker start-up
and the cross-year pass included. Target (issue 7): 2 workers at least 1.7× as fast as 1 on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def build_set(workdir: Path, generated: int) -> Path:
    """The benchmark folder: links to the corpus PDFs and the generated PDFs (rendered once)."""
    folder = workdir / "set"
    folder.mkdir(parents=True, exist_ok=True)
    if CORPUS.is_dir():
        for pdf in sorted(CORPUS.glob("*.pdf")):
            link = folder / pdf.name
            if not link.exists():
                link.symlink_to(pdf)
    from yusuan.generate import generate
    from yusuan.render.pdf import render_pdf

    for seed in range(generated):
        target = folder / f"generated_{seed:03d}.pdf"
        if not target.exists():
            target.write_bytes(render_pdf(generate(1000 + seed)))
    return folder


def run_once(folder: Path, workdir: Path, workers: int, dask: str | None = None) -> dict[str, Any]:
    from yusuan.batch import Options, run_batch

    outdir = workdir / f"out-{'dask' if dask else 'local'}-{workers}"
    shutil.rmtree(outdir, ignore_errors=True)
    options = Options(outdir=outdir, workers=workers, dask=dask, reports=False, progress=False, log=None,
                      timeout=600)
    before, system_before, own_before = _children_cpu(), _system_cpu(), time.process_time()
    started = time.perf_counter()
    outcome = run_batch([str(folder)], options)
    seconds = time.perf_counter() - started
    ours = _children_cpu() - before + time.process_time() - own_before
    others = max(0.0, _system_cpu() - system_before - ours)
    statuses = outcome.statuses()
    # CPU of the workers: the local pool's and --dask local's are this process's children; a cluster of
    # worker processes runs them elsewhere (and its CPU then counts as the others')
    return {"seconds": seconds, "documents": len(outcome.documents), "ok": statuses.get("ok", 0),
            "peak": outcome.peak_rss_mb, "work": sum(d.seconds for d in outcome.documents),
            "cpu": _children_cpu() - before, "workers": workers, "others": others / (seconds * CPUS)}


CPUS = os.cpu_count() or 1


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _system_cpu() -> float:
    """CPU seconds spent by every process on the machine (busy time of all CPUs, /proc/stat)."""
    with open("/proc/stat") as fh:
        values = [int(v) for v in fh.readline().split()[1:9]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def wait_idle(limit: float) -> float:
    """Wait (up to ``limit`` seconds) until other jobs use under 10 % of the CPUs for 3 s; the share seen."""
    deadline = time.monotonic() + limit
    while True:
        start = _system_cpu()
        time.sleep(3)
        share = (_system_cpu() - start) / (3 * CPUS)
        if share < 0.10 or time.monotonic() >= deadline:
            return share


def process_cluster(workers: int) -> Any:
    """A LocalCluster of worker processes, as other machines would be (the runs connect by address)."""
    import logging

    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                        silence_logs=logging.ERROR)


def dask_memory(address: str) -> float:
    """Peak resident memory of the cluster's Dask worker processes (besides their isolated workers)."""
    from distributed import Client

    from yusuan.batch.dask_backend import worker_memory

    with Client(address) as client:
        return max(v["dask_worker_mb"] for v in client.run(worker_memory).values())


def _line(label: str, runs: list[dict[str, Any]]) -> tuple[str, float]:
    rates = [r["documents"] / r["seconds"] * 60 for r in runs]
    secs = [r["seconds"] for r in runs]
    peak = max((max(r["peak"].values()) for r in runs if r["peak"]), default=0.0)
    median = statistics.median(rates)
    text = (f"{label:<26} {median:7.1f} docs/min  (runs {', '.join(f'{x:.1f}' for x in rates)};"
            f" {statistics.median(secs):6.1f} s; peak RSS per worker {peak:6.1f} MB)")
    others = ", ".join(f"{r['others']:.0%}" for r in runs)
    text += f"\n{'':<26} CPU used by other jobs meanwhile: {others}"
    if any(r["cpu"] for r in runs):
        per_doc = statistics.median(r["cpu"] for r in runs) / runs[0]["documents"]
        text += f"; worker CPU {per_doc:.2f} s/doc"
    return text, median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generated", type=int, default=24, help="generated PDF budgets added to the corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/yusuan-bench-batch"))
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--wait-idle", type=float, default=0.0, metavar="S",
                        help="before each run, wait up to S seconds for the other jobs on the machine to pause")
    args = parser.parse_args()
    os.environ.setdefault("YUSUAN_BATCH_FINGERPRINT", "benchmark")

    folder = build_set(args.workdir, args.generated)
    files = len(list(folder.glob("*.pdf")))
    print(f"set: {files} PDF files ({'corpus + ' if CORPUS.is_dir() else ''}{args.generated} generated), "
          f"{sum(p.stat().st_size for p in folder.glob('*.pdf')) / 2**20:.1f} MB; load before: "
          f"{os.getloadavg()[0]:.2f}; cpus: {os.cpu_count()}")
    run_once(folder, args.workdir, 2)  # warm the page cache and the imports
    results: dict[str, list[dict[str, Any]]] = {"1": [], "2": [], "dask": [], "dask-processes": []}
    cluster = None if args.no_dask else process_cluster(2)
    settings: list[tuple[str, int, str | None]] = [("1", 1, None), ("2", 2, None)]
    if cluster is not None:
        settings += [("dask", 2, "local"), ("dask-processes", 2, cluster.scheduler_address)]
    for _ in range(args.repeat):  # interleaved, so that a burst of other jobs hits every setting alike
        for name, workers, dask in settings:
            if args.wait_idle:
                wait_idle(args.wait_idle)
            results[name].append(run_once(folder, args.workdir, workers, dask=dask))
    docs = results["1"][0]["documents"]
    ok = results["1"][0]["ok"]
    print(f"documents: {docs} ({ok} read), work per document (1 worker): "
          f"{statistics.median(r['work'] for r in results['1']) / docs:.2f} s")
    one, r1 = _line("local, 1 worker", results["1"])
    two, r2 = _line("local, 2 workers", results["2"])
    print(one)
    print(two)
    ratios = [b["documents"] / b["seconds"] / (a["documents"] / a["seconds"]) for a, b in zip(results["1"], results["2"],
                                                                                                strict=True)]
    print(f"speed-up 2 vs 1 workers      {r2 / r1:5.2f}x  (per repeat {', '.join(f'{x:.2f}' for x in ratios)};"
          f" target >= 1.7x)")
    quiet = [x for x, a, b in zip(ratios, results["1"], results["2"], strict=True) if max(a["others"], b["others"]) < 0.1]
    if quiet:
        print(f"  of repeats where other jobs took under 10 % of the CPUs: {', '.join(f'{x:.2f}' for x in quiet)}")
    if cluster is not None:
        line, rd = _line("--dask local (2 threads)", results["dask"])
        print(line + f"  = {rd / r2:.2f}x the local pool")
        line, rp = _line("Dask, 2 worker processes", results["dask-processes"])
        print(line + f"  = {rp / r2:.2f}x the local pool (cluster start-up not timed; its workers count as other jobs)")
        print(f"Dask worker process peak RSS {dask_memory(cluster.scheduler_address):6.1f} MB (besides its isolated worker)")
        cluster.close()
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    sys.exit(main())
