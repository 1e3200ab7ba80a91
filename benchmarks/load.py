"""Load benchmark (issue 13): page readers while PDFs are being downloaded.

Before, a PDF download was rendered inside the web process: 6 anonymous downloads of one PDF took 33 s
each and raised another page from 6 ms to 3 s. Now a download only reads what a background worker
built (``yusuan.web.render_worker``, niced, one build per revision at a time) and answers 202 with
Retry-After until then. This measures what the readers feel:

1. fills a SQLite database with ``--count`` generated, published disclosures (no download built: the
   publication queue is emptied, so every PDF asked for must be written during the run);
2. starts a real server (``python -m yusuan serve``, one process, ``YUSUAN_RENDER_WORKERS=1``);
3. **quiet**: ``--readers`` clients (keep-alive, one request after another, in their own process)
   read random disclosure pages, JSON twins and department pages for ``--seconds``;
4. **loaded**: the same readers again while ``--downloaders`` clients each download PDFs of
   disclosures not built yet, one after another (following 202 + Retry-After, as a browser does);
5. prints the readers' p50/p99 in both phases and their ratio (target: loaded p99 within 2× quiet),
   and the PDFs delivered with their waiting times.

    .venv/bin/python benchmarks/load.py                   # 6 downloaders + 20 readers, 30 s each phase
    .venv/bin/python benchmarks/load.py --seconds 10      # a quick look
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from portal import _cpu, _free_port, _generate, _import, _percentile, _run_load, _serve  # noqa: E402


def _downloader(port: int, revisions: list[int], stop: threading.Event, got: list[tuple[int, float, int]]) -> None:
    """Download each revision's PDF in turn, as a browser does (202: wait Retry-After, ask again)."""
    import httpx

    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        for revision in revisions:
            started, polls = time.perf_counter(), 0
            while not stop.is_set():
                answer = client.get(f"/revisions/{revision}/download/pdf")
                polls += 1
                if answer.status_code == 200:
                    assert answer.content.startswith(b"%PDF")
                    got.append((revision, time.perf_counter() - started, polls))
                    break
                assert answer.status_code == 202, answer.status_code
                stop.wait(float(answer.headers.get("retry-after", "1")))
            if stop.is_set():
                return


def _line(name: str, result: dict[str, Any], quiet_p99: float | None = None) -> tuple[str, float]:
    lat = [x * 1000 for x in result["latencies"]]
    p50, p99 = _percentile(lat, 0.50), _percentile(lat, 0.99)
    ratio = f"   p99 ×{p99 / quiet_p99:.2f} of quiet" if quiet_p99 else ""
    rate = len(lat) / float(result["elapsed"])
    return (f"{name:<28} n={len(lat):>6}  p50 {p50:6.1f} ms  p99 {p99:7.1f} ms  {rate:5.0f} req/s  "
            f"errors {result['errors']}{ratio}"), p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=60, help="published disclosures")
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--downloaders", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=30, help="length of each phase")
    args = parser.parse_args()
    from yusuan.store import Store, reads, renditions

    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="yusuan-load-")))
        url = f"sqlite:///{folder / 'load.sqlite3'}"
        _import(url, _generate(args.count, folder))
        store = Store.open(url)
        with store.write() as conn:
            renditions.forget(conn)  # nothing built or queued: every PDF asked for is written during the run
        with store.read() as conn:
            items, _ = reads.disclosures_list(conn, public=True, limit=args.count * 2)
        store.close()
        port = _free_port()
        server = _serve(url, port, 1, folder / "server.log", YUSUAN_RENDER_WORKERS="1")
        stack.callback(server.wait, 30)
        stack.callback(server.terminate)
        rng = random.Random(13)
        pages = []
        for _ in range(200_000):
            item = rng.choice(items)
            pages.append(rng.choice((f"/disclosures/{item.id}", f"/api/disclosures/{item.id}",
                                     f"/departments/{item.department.id}")))
        _run_load(port, sorted(set(pages)), 4, 600, folder, server.pid)  # each response built and cached once:
        # the phases then measure reading, not first views
        print(f"server: python -m yusuan serve (1 process) with YUSUAN_RENDER_WORKERS=1; {len(items)} published "
              f"disclosures; {args.readers} readers; machine load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

        quiet = _run_load(port, pages, args.readers, args.seconds, folder, server.pid)
        text, quiet_p99 = _line("readers, quiet", quiet)
        print(text)

        revisions = [i.shown.id for i in items if i.shown is not None]
        rng.shuffle(revisions)
        shares = [revisions[i::args.downloaders] for i in range(args.downloaders)]
        stop, got = threading.Event(), []  # type: ignore[var-annotated]
        threads = [threading.Thread(target=_downloader, args=(port, share, stop, got)) for share in shares]
        cpu_before = _cpu(server.pid)
        for thread in threads:
            thread.start()
        loaded = _run_load(port, pages, args.readers, args.seconds, folder, server.pid)
        stop.set()
        for thread in threads:
            thread.join()
        server_cpu = _cpu(server.pid) - cpu_before
        text, loaded_p99 = _line(f"readers, {args.downloaders} PDF downloads", loaded, quiet_p99)
        print(text)
        waits = sorted(w for _, w, _ in got)
        print(f"PDF downloads: {len(got)} delivered in {args.seconds:.0f} s (each written once by the background "
              f"worker), wait p50 {_percentile(waits, 0.5):.1f} s, max {max(waits, default=0):.1f} s; "
              f"server + worker CPU {server_cpu:.1f} s; machine load {os.getloadavg()[0]:.1f}")
        verdict = "met" if loaded_p99 <= 2 * quiet_p99 else "NOT met"
        print(f"target (loaded p99 ≤ 2 × quiet p99): {verdict} ({loaded_p99:.1f} ms vs {quiet_p99:.1f} ms)")


if __name__ == "__main__":
    main()
