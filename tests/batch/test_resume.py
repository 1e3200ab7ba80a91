"""Interrupted and resumed: Ctrl-C, a killed run or a killed worker lose no finished result, and a
rerun computes only what had not finished."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from yusuan_testing import faults

N = 6


def _start(folder: Path, out: Path, gate: Path, hold_after: int) -> subprocess.Popen[str]:
    """A batch run whose documents after the ``hold_after``-th wait for ``gate/release``: the test decides
    when the run may go on (a state, not a delay), so a loaded machine cannot let it finish early."""
    gate.mkdir(exist_ok=True)
    env = {**os.environ, **faults.environment(hold=(hold_after, gate))}
    return subprocess.Popen([sys.executable, "-m", "yusuan", "batch", str(folder), "-o", str(out), "--workers", "1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _started(gate: Path) -> int:
    return len(list(gate.glob("started-*")))


def _finished(out: Path) -> dict[str, tuple[str, str]]:
    """key → (run_id, finished_at) of every stored result."""
    db = out / "manifest.sqlite"
    if not db.exists():
        return {}
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return {k: (r, f) for k, r, f in conn.execute("SELECT key, run_id, finished_at FROM documents")}
    except sqlite3.OperationalError:  # the table is being created
        return {}


def _wait_for(out: Path, count: int, proc: subprocess.Popen[str], gate: Path, limit: float = 120) -> None:
    """Until ``count`` results are stored and the next document is held at the gate."""
    deadline = time.monotonic() + limit
    while len(_finished(out)) < count or _started(gate) <= count:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.05)


def _rerun(folder: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "yusuan", "batch", str(folder), "-o", str(out), "-q"],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "killed"])
def test_interrupted_run_resumes_without_recomputing(tmp_path: Path, make_docs, how: signal.Signals) -> None:  # type: ignore[no-untyped-def]
    folder, out, gate = tmp_path / "in", tmp_path / "out", tmp_path / "gate"
    make_docs(folder, N)
    proc = _start(folder, out, gate, hold_after=2)
    _wait_for(out, 2, proc, gate)  # two results stored, the third document held: the run cannot end by itself
    workers = _children(proc.pid)
    proc.send_signal(how)
    _, err = proc.communicate(timeout=30)
    if how == signal.SIGINT:
        assert proc.returncode == 130
        assert "已中断" in err and "再次运行同一命令即可从中断处继续" in err and "Traceback" not in err
    else:
        assert proc.returncode == -signal.SIGKILL
    kept = _finished(out)
    assert len(kept) == 2
    # no worker outlives the interrupted run
    deadline = time.monotonic() + 5
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers and not any(_alive(w) for w in workers)

    again = _rerun(folder, out)
    assert again.returncode in (0, 1), again.stderr
    assert f"本次处理 {N - len(kept)} 份，沿用上次结果 {len(kept)} 份" in again.stdout
    after = _finished(out)
    assert len(after) == N
    assert {k: after[k] for k in kept} == kept  # finished results were kept as they were, not recomputed


def test_killed_worker_loses_nothing(tmp_path: Path, make_docs) -> None:  # type: ignore[no-untyped-def]
    folder, out, gate = tmp_path / "in", tmp_path / "out", tmp_path / "gate"
    make_docs(folder, 3)
    proc = _start(folder, out, gate, hold_after=1)
    _wait_for(out, 1, proc, gate)  # one result stored, the worker held on the second document
    workers = _children(proc.pid)
    assert workers, "no worker process found"
    os.kill(workers[0], signal.SIGKILL)
    (gate / "release").touch()  # the fresh worker that reads the second document again may go on
    stdout, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 1), err
    assert "已检查 3 份" in stdout  # the document of the killed worker was read again by a fresh one
    with sqlite3.connect(out / "manifest.sqlite") as conn:
        pids = {json.loads(zlib.decompress(r))["worker"] for (r,) in conn.execute("SELECT result FROM documents")}
    assert workers[0] in pids and len(pids) == 2  # the killed worker read the first, its replacement the rest


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(p) for p in text)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
