"""Readers while staff upload PDFs: the upload read in the server's process against a worker process.

A staff upload is read and checked before its answer. Read in the server's own process (threads), a
long PDF holds the interpreter for seconds and every visitor's page waits; read by ``yusuan.web.offload``
in a worker process (``YUSUAN_READ_WORKERS``, niced) the server only waits for the result. For each
setting, in the same run, this starts a real server (``python -m yusuan serve``, one process) over
``--count`` generated published disclosures, measures ``--readers`` clients reading random pages
(quiet), then the same while ``--uploaders`` signed-in staff upload the largest PDF of
../shared/corpus-wide (under the upload limit) one after another, and prints the readers' p50/p99,
the loaded p99 against the quiet one, and the uploads answered.

    .venv/bin/python benchmarks/uploads.py                    # 2 uploaders + 20 readers, 20 s each phase
    .venv/bin/python benchmarks/uploads.py --seconds 10
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from load import _line  # noqa: E402
from portal import _free_port, _generate, _import, _run_load, _serve  # noqa: E402

from tests.labels import shared_dir  # noqa: E402

PASSWORD = "correct horse battery staple 42"
LIMIT = 20 * 1024 * 1024


def _uploader(port: int, name: str, pdf: Path, stop: threading.Event, got: list[tuple[int, float]]) -> None:
    """Sign in as ``name`` and upload ``pdf`` again and again until stopped."""
    import httpx

    data = pdf.read_bytes()
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
        answer = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token, "next": "/admin"})
        assert answer.status_code == 303, answer.text
        csrf = client.get("/api/session").json()["csrf_token"]
        while not stop.is_set():
            started = time.perf_counter()
            answer = client.post("/api/uploads", files={"file": (pdf.name, data)}, headers={"X-CSRF-Token": csrf})
            got.append((answer.status_code, time.perf_counter() - started))


def _largest_pdf() -> Path:
    pdfs = [p for p in (shared_dir() / "corpus-wide").rglob("*.pdf") if p.stat().st_size <= LIMIT]
    return max(pdfs, key=lambda p: (p.stat().st_size, p.name))


def _measure(url: str, pages: list[str], args: argparse.Namespace, workers: int, pdf: Path, folder: Path) -> None:
    port = _free_port()
    with ExitStack() as stack:
        server = _serve(url, port, 1, folder / f"server-{workers}.log", YUSUAN_RENDER_WORKERS="0",
                        YUSUAN_READ_WORKERS=str(workers))
        stack.callback(server.wait, 30)
        stack.callback(server.terminate)
        _run_load(port, sorted(set(pages)), 4, 600, folder, server.pid)  # every response built once: reading
        quiet = _run_load(port, pages, args.readers, args.seconds, folder, server.pid)
        label = f"YUSUAN_READ_WORKERS={workers}"
        text, quiet_p99 = _line(f"{label}: readers, quiet", quiet)
        print(text)
        stop, got = threading.Event(), []  # type: ignore[var-annotated]
        threads = [threading.Thread(target=_uploader, args=(port, f"staff{i}", pdf, stop, got))
                   for i in range(args.uploaders)]
        for thread in threads:
            thread.start()
        loaded = _run_load(port, pages, args.readers, args.seconds, folder, server.pid)
        stop.set()
        for thread in threads:
            thread.join()
        text, _ = _line(f"{label}: readers, {args.uploaders} uploading", loaded, quiet_p99)
        print(text)
        times = sorted(t for _, t in got)
        statuses = sorted({s for s, _ in got})
        print(f"{label}: {len(got)} uploads answered (status {statuses}), each {times[len(times) // 2]:.1f} s "
              f"median" if times else f"{label}: no upload answered")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=60, help="published disclosures")
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--uploaders", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20, help="length of each phase")
    args = parser.parse_args()
    from yusuan.store import Store, reads

    pdf = _largest_pdf()
    with tempfile.TemporaryDirectory(prefix="yusuan-uploads-") as name:
        folder = Path(os.environ.get("YUSUAN_BENCH_DIR") or name)
        url = f"sqlite:///{folder / 'uploads.sqlite3'}"
        _import(url, _generate(args.count, folder))
        store = Store.open(url)
        for i in range(args.uploaders):
            store.add_user(f"staff{i}", PASSWORD)
        with store.read() as conn:
            items, _ = reads.disclosures_list(conn, public=True, limit=args.count * 2)
        store.close()
        rng = random.Random(13)
        pages = [rng.choice((f"/disclosures/{i.id}", f"/api/disclosures/{i.id}", f"/departments/{i.department.id}"))
                 for i in (rng.choice(items) for _ in range(200_000))]
        print(f"{len(items)} published disclosures; {args.readers} readers; uploaded: {pdf.name} "
              f"({pdf.stat().st_size / 1e6:.1f} MB); machine load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for workers in (0, 1):
            _measure(url, pages, args, workers, pdf, folder)


if __name__ == "__main__":
    main()
