"""The Dask backend: the same tasks on a Dask distributed cluster (or a local one).

Each Dask task runs the document in an isolated worker process of its own, started and watched by
the Dask worker exactly as the local pool does (``child.Child``: timeout, memory limit, one retry
after a crash), so results are identical to a local run. By default the file contents travel with
the task (the workers need no access to the files); with ``shared_files`` only the paths travel and
every worker must see the files at the same absolute path. Results come back to the coordinating
process, which alone writes the manifest and the reports.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import UsageError
from .child import Child, WorkerDied
from .pool import Limits, crash_problem, memory_problem, stopped_result, timeout_problem
from .work import Result, Task

_local = threading.local()
# every isolated worker started in this process and still running: when the cluster runs in this
# process (``--dask local``) they are stopped and reaped with it, not left to die with their threads
_started: set[Child] = set()
_started_lock = threading.Lock()


def run_isolated(task: Task, limits: Limits) -> Result:
    """Run one task in this Dask worker's isolated process (one per worker thread)."""
    started = time.monotonic()
    for attempt in range(2):
        child = _child()
        try:
            return child.call(task, limits.timeout, limits.max_memory_mb)
        except TimeoutError:
            _drop(child)
            return stopped_result(task, "timeout", timeout_problem(task, limits), time.monotonic() - started, child.pid)
        except MemoryError:
            _drop(child)
            return stopped_result(task, "memory", memory_problem(task, limits), time.monotonic() - started, child.pid)
        except WorkerDied as exc:
            _drop(child)
            if attempt:
                return stopped_result(task, "crashed", crash_problem(task, str(exc)), time.monotonic() - started,
                                      child.pid)
    raise AssertionError("unreachable")


def _child() -> Child:
    child: Child | None = getattr(_local, "child", None)
    if child is None or not child.alive():
        child = Child()
        with _started_lock:
            _started.add(child)
        child.wait_ready()  # its start-up does not count against the document's timeout
        _local.child = child
    return child


def _drop(child: Child) -> None:
    child.kill()
    _local.child = None
    with _started_lock:
        _started.discard(child)


def probe() -> str:
    """Start an isolated yusuan worker here, as a task would, and stop it: the fingerprint of its code."""
    child = Child()
    try:
        hello = child.wait_ready()
    finally:
        child.close()
    return str(hello.get("code") or "")


def worker_memory() -> dict[str, float]:
    """Peak resident memory (MB) of this Dask worker process and of its isolated process."""
    from .worker import peak_rss_mb

    child: Child | None = getattr(_local, "child", None)
    return {"dask_worker_mb": peak_rss_mb(), "isolated_mb": child.peak_rss_mb if child else 0.0}


class DaskRunner:
    """``with DaskRunner("local", 2, limits) as runner: for result in runner.map(tasks): …``"""

    def __init__(self, address: str, workers: int, limits: Limits, shared_files: bool = False) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - dask[distributed] is a dependency
            raise UsageError("未安装 dask[distributed]，无法使用 --dask") from exc
        self.limits = limits
        self.shared_files = shared_files
        self.cluster: Any = None
        self.peak_rss_mb: dict[int, float] = {}
        self.worker_codes: set[str] = set()  # fingerprints of the code the workers run
        if address == "local":
            # threads, not processes: every document already runs in an isolated process of its own,
            # so Dask worker processes would only add their own start-up and memory
            self.cluster = LocalCluster(n_workers=1, threads_per_worker=max(1, workers), processes=False,
                                        dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(address, timeout=30)
            except (OSError, TimeoutError) as exc:
                raise UsageError(f"无法连接 Dask 调度器 {address}（{exc}）") from exc
        self._check_workers(address)
        self.threads = max(1, sum(self.client.nthreads().values()))

    def _check_workers(self, address: str) -> None:
        """Workers are there and can run yusuan (before any document is sent)."""
        try:
            self.client.wait_for_workers(1, timeout=60)
        except (TimeoutError, OSError) as exc:
            self.close()
            raise UsageError(f"Dask 调度器 {address} 上 60 秒内没有可用的工作节点") from exc
        try:
            self.worker_codes = set(self.client.run(probe).values())
        except Exception as exc:  # yusuan missing or broken on a worker: say so before any document is sent
            self.close()
            raise UsageError(f"Dask 工作节点无法启动 yusuan 的处理进程（{type(exc).__name__}：{exc}）；"
                             "请在每个节点安装与本机相同版本的 yusuan") from exc

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()
            with _started_lock:
                children = list(_started)
                _started.clear()
            for child in children:
                child.close()

    def map(self, tasks: Iterable[Task]) -> Iterator[Result]:
        """Submit tasks a few at a time (bounded memory for shipped files); yield results as they finish."""
        from distributed import as_completed

        window = 2 * self.threads
        pending: dict[Any, Task] = {}
        done = as_completed()
        try:
            for number, task in enumerate(tasks):
                future = self.client.submit(run_isolated, self._ship(task), self.limits, pure=False,
                                            key=f"yusuan-batch-{number}-{abs(hash(task['key'])):x}")
                pending[future.key] = task
                done.add(future)
                while done.count() >= window:
                    yield self._collect(next(done), pending)
            for future in done:
                yield self._collect(future, pending)
        finally:
            for key in list(pending):
                with contextlib.suppress(Exception):
                    self.client.cancel(key)

    def _ship(self, task: Task) -> Task:
        if self.shared_files or "files" not in task:
            return task
        files = []
        for f in task["files"]:
            try:
                with open(f["abspath"], "rb") as fh:
                    files.append({**f, "data": fh.read()})
            except OSError:
                files.append(f)  # the worker reports it (as it would locally)
        return {**task, "files": files}

    def _collect(self, future: Any, pending: dict[Any, Task]) -> Result:
        task = pending.pop(future.key)
        try:
            result: Result = future.result()
        except Exception as exc:  # the Dask worker itself was lost
            return stopped_result(task, "crashed", crash_problem(task, f"Dask 工作节点出错（{type(exc).__name__}：{exc}）"),
                                  0.0, None)
        if result.get("worker") is not None and result.get("peak_rss_mb"):
            pid = int(result["worker"])
            self.peak_rss_mb[pid] = max(self.peak_rss_mb.get(pid, 0.0), float(result["peak_rss_mb"]))
        return result

    def worker_memory(self) -> dict[str, dict[str, float]]:
        """Peak memory of every Dask worker and of its isolated process (for the benchmark)."""
        return self.client.run(worker_memory)  # type: ignore[no-any-return]
