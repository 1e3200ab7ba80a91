"""The worker pool: a hanging, crashing or memory-hungry document costs only itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.batch.pool import Limits, LocalPool
from yusuan_testing import faults


def _task(path: Path) -> dict[str, object]:
    return {"op": "document", "key": str(path), "label": path.name,
            "files": [{"path": path.name, "abspath": str(path), "size": path.stat().st_size}]}


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in faults.environment().items():  # the workers started from here inject the faults
        monkeypatch.setenv(name, value)


def test_hang_is_stopped_at_its_timeout_and_others_go_on(tmp_path: Path, seed_path: Path, hooks: None) -> None:
    hang = tmp_path / "hang.txt"
    hang.write_bytes(faults.HANG)
    tasks = [_task(hang)] + [_task(seed_path)] * 6
    with LocalPool(2, Limits(timeout=2, max_memory_mb=None)) as pool:
        results = list(pool.map(tasks))
    by_status = [r["status"] for r in results]
    assert by_status.count("ok") == 6 and by_status.count("timeout") == 1
    stopped = next(r for r in results if r["status"] == "timeout")
    assert stopped["problem"].startswith("hang.txt：处理超过 2 秒")
    # stopped at its own timeout (a worker's start-up does not count), not at some later moment (the bound is
    # loose: a loaded machine delays the watchdog, and a test must not depend on the machine's speed) ...
    assert 2 <= stopped["seconds"] < 2 + 20
    # ... while the other worker read the six others
    assert {r["worker"] for r in results if r["status"] == "ok"} == {r["worker"] for r in results} - {stopped["worker"]}
    assert by_status[0] == "ok"


def test_crash_is_retried_once_then_reported(tmp_path: Path, seed_path: Path, hooks: None) -> None:
    crash = tmp_path / "crash.txt"
    crash.write_bytes(faults.CRASH)
    with LocalPool(1, Limits(timeout=30)) as pool:
        results = {Path(r["key"]).name: r for r in pool.map([_task(crash), _task(seed_path)])}
        spawned = pool.spawned
    assert results["crash.txt"]["status"] == "crashed"
    assert "已换新进程重试一次" in results["crash.txt"]["problem"]
    assert results[seed_path.name]["status"] == "ok"
    assert spawned == 3  # the first worker, its replacement for the retry, one more after the second crash


def test_memory_hog_is_stopped(tmp_path: Path, hooks: None) -> None:
    hog = tmp_path / "hog.txt"
    hog.write_bytes(faults.MEMORY)
    with LocalPool(1, Limits(timeout=60, max_memory_mb=400)) as pool:
        (result,) = list(pool.map([_task(hog)]))
    assert result["status"] == "memory"
    assert "内存超过 400 MB" in result["problem"]


def test_results_carry_timing_and_memory(seed_path: Path) -> None:
    with LocalPool(1, Limits()) as pool:
        (result,) = list(pool.map([_task(seed_path)]))
    assert result["status"] == "ok" and result["seconds"] > 0 and result["peak_rss_mb"] > 10
    # the pool keeps each worker's peak once the worker is gone
    assert list(pool.peak_rss_mb) == [result["worker"]]
    assert pool.peak_rss_mb[result["worker"]] >= result["peak_rss_mb"]
