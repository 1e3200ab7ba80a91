"""The local worker pool: N isolated worker processes and a watchdog.

Each task runs in a worker process of its own (``child.Child``). A worker first imports the readers
and says it is ready (so that its start-up never counts against a document's timeout); the pool hands
tasks out as workers become free and watches them: a task that runs past its timeout, or a worker whose memory grows past
the limit, is killed and replaced by a fresh worker; a worker that dies is replaced and its task
tried once more on a fresh worker. Results come back in the order they finish.
"""

from __future__ import annotations

import os
import selectors
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from .child import Child, WorkerDied
from .work import Result, Task

#: how often the watchdog looks at the workers' memory (seconds)
POLL = 0.25
#: how long a new worker may take to import the readers and say it is ready (seconds)
START_TIMEOUT = 120.0


@dataclass(frozen=True)
class Limits:
    """What one document may cost before its worker is stopped."""

    timeout: float | None = 300.0  # seconds per document
    max_memory_mb: float | None = 2048.0  # resident memory of a worker
    recycle_after: int = 500  # tasks before a worker is replaced (bounds slow leaks)


def stopped_result(task: Task, status: str, problem: str, seconds: float, worker: int | None) -> Result:
    """The result of a task that did not finish (timeout, memory, crash)."""
    return {"key": task["key"], "status": status, "problem": problem, "seconds": round(seconds, 4),
            "worker": worker, **({"prior_key": task["prior_key"]} if "prior_key" in task else {})}


def timeout_problem(task: Task, limits: Limits) -> str:
    return f"{task.get('label', task['key'])}：处理超过 {limits.timeout:g} 秒仍未完成，已停止（文件可能过大、损坏或结构异常）"


def memory_problem(task: Task, limits: Limits) -> str:
    return f"{task.get('label', task['key'])}：处理时内存超过 {limits.max_memory_mb:g} MB 上限，已停止"


def crash_problem(task: Task, reason: str) -> str:
    return f"{task.get('label', task['key'])}：{reason}（已换新进程重试一次，仍然失败）"


@dataclass
class _Running:
    task: Task
    started: float
    deadline: float | None


@dataclass
class LocalPool:
    """``with LocalPool(2, Limits()) as pool: for result in pool.map(tasks): …``"""

    workers: int
    limits: Limits = field(default_factory=Limits)
    log_path: str | None = None  # the workers' stderr (library warnings) is appended here
    env: dict[str, str] | None = None
    peak_rss_mb: dict[int, float] = field(default_factory=dict)  # worker pid → peak resident memory
    spawned: int = 0

    def __post_init__(self) -> None:
        self.workers = max(1, self.workers)
        self._idle: list[Child] = []
        self._busy: dict[Child, _Running] = {}
        self._served: dict[Child, int] = {}
        self._starting: dict[Child, float] = {}  # workers importing the readers, with a deadline
        self._failed_starts = 0
        self._source: Iterator[Task] = iter(())
        self._queue: deque[Task] = deque()
        self._log: IO[bytes] | None = open(self.log_path, "ab") if self.log_path else None  # noqa: SIM115

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown(kill=exc[0] is not None)

    def shutdown(self, kill: bool = False) -> None:
        for child in list(self._busy) + list(self._starting) + self._idle:
            child.kill() if kill or child in self._busy else child.close()
            self._note_peak(child)
        self._busy.clear()
        self._starting.clear()
        self._idle.clear()
        if self._log is not None:
            self._log.close()
            self._log = None

    # ------------------------------------------------------------------------------------------

    def map(self, tasks: Iterable[Task]) -> Iterator[Result]:
        """Run every task; yield each result as soon as it is ready."""
        self._source = iter(tasks)
        self._queue = deque()
        tried: set[str] = set()
        sel = selectors.DefaultSelector()
        try:
            while True:
                self._fill(sel)
                if not self._busy and not self._starting:
                    return
                for key, _ in sel.select(self._wait()):
                    child: Child = key.data
                    if child in self._starting:
                        self._started(child, sel)
                        continue
                    run = self._release(child, sel)
                    try:
                        result = child.receive()
                    except WorkerDied as exc:
                        self._discard(child)
                        if run.task["key"] not in tried:  # the worker may have been killed from outside
                            tried.add(run.task["key"])
                            self._queue.appendleft(run.task)
                            continue
                        yield stopped_result(run.task, "crashed", crash_problem(run.task, str(exc)),
                                             time.monotonic() - run.started, child.pid)
                        continue
                    if result.get("peak_rss_mb"):
                        peak = float(result["peak_rss_mb"])
                        self.peak_rss_mb[child.pid] = max(self.peak_rss_mb.get(child.pid, 0.0), peak)
                    self._served[child] = self._served.get(child, 0) + 1
                    if self._served[child] >= self.limits.recycle_after:
                        self._retire(child)
                    else:
                        self._idle.append(child)
                    yield result
                yield from self._watch(sel)
        finally:
            sel.close()

    def _waiting(self, wanted: int) -> int:
        """How many tasks wait (looking ahead at most ``wanted`` into the source)."""
        while len(self._queue) < wanted:
            task = next(self._source, None)
            if task is None:
                break
            self._queue.append(task)
        return len(self._queue)

    def _fill(self, sel: selectors.BaseSelector) -> None:
        """Give waiting tasks to ready workers; start workers (up to ``workers``) for the others."""
        while self._idle and self._waiting(1):
            child = self._idle.pop()
            task = self._queue.popleft()
            try:
                child.send(task)
            except WorkerDied:
                self._discard(child)
                self._queue.appendleft(task)
                continue
            now = time.monotonic()
            deadline = now + self.limits.timeout if self.limits.timeout else None
            self._busy[child] = _Running(task, now, deadline)
            sel.register(child.stdout, selectors.EVENT_READ, child)
        while (len(self._busy) + len(self._starting) < self.workers
               and self._waiting(len(self._starting) + 1) > len(self._starting)):
            child = self._spawn()
            self._starting[child] = time.monotonic() + START_TIMEOUT
            sel.register(child.stdout, selectors.EVENT_READ, child)

    def _started(self, child: Child, sel: selectors.BaseSelector) -> None:
        """A new worker said it is ready (or died trying)."""
        sel.unregister(child.stdout)
        del self._starting[child]
        try:
            child.receive()
        except WorkerDied as exc:
            self._discard(child)
            self._failed_starts += 1
            if self._failed_starts >= 3:
                raise RuntimeError(f"无法启动处理进程（{exc}）；详见 {self.log_path or '标准错误输出'}") from exc
            return
        self._failed_starts = 0
        self._idle.append(child)

    def _wait(self) -> float:
        deadlines = [r.deadline for r in self._busy.values() if r.deadline is not None]
        deadlines += list(self._starting.values())
        wait = POLL if self.limits.max_memory_mb else 3600.0
        if deadlines:
            wait = min(wait, max(0.0, min(deadlines) - time.monotonic()))
        return wait

    def _watch(self, sel: selectors.BaseSelector) -> Iterator[Result]:
        """Stop the tasks past their deadline and the workers past the memory limit."""
        now = time.monotonic()
        for child, deadline in list(self._starting.items()):
            if now >= deadline:  # a worker that cannot even start: replaced on the next round
                sel.unregister(child.stdout)
                del self._starting[child]
                self._discard(child)
        for child, run in list(self._busy.items()):
            if run.deadline is not None and now >= run.deadline:
                status, problem = "timeout", timeout_problem(run.task, self.limits)
            elif self.limits.max_memory_mb and child.rss_mb() > self.limits.max_memory_mb:
                status, problem = "memory", memory_problem(run.task, self.limits)
            else:
                continue
            self._release(child, sel)
            self._discard(child)
            yield stopped_result(run.task, status, problem, now - run.started, child.pid)

    # ------------------------------------------------------------------------------------------

    def _spawn(self) -> Child:
        self.spawned += 1
        return Child(self._log, self.env)

    def _release(self, child: Child, sel: selectors.BaseSelector) -> _Running:
        sel.unregister(child.stdout)
        return self._busy.pop(child)

    def _discard(self, child: Child) -> None:
        self._note_peak(child)
        child.kill()
        self._served.pop(child, None)

    def _retire(self, child: Child) -> None:
        self._note_peak(child)
        child.close()
        self._served.pop(child, None)

    def _note_peak(self, child: Child) -> None:
        peak = max(child.peak_rss_mb, child.rss_mb())
        if peak:
            self.peak_rss_mb[child.pid] = max(self.peak_rss_mb.get(child.pid, 0.0), peak)


def default_workers() -> int:
    """One worker per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def run_serial(tasks: Iterable[Task]) -> Iterator[Result]:
    """Tasks in this process, without isolation (for debugging: ``--workers 0``)."""
    from .work import run_task

    for task in tasks:
        yield run_task(task)


__all__ = ["Limits", "LocalPool", "default_workers", "run_serial", "stopped_result"]
