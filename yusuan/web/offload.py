"""The heavy work of a staff request, in other processes: reading and checking an uploaded document.

A PDF of two hundred pages costs seconds of CPU to read. Inside the server's process it would hold the
interpreter while every visitor's page waits, and a reader brought down by a malformed file (pdfium
is native code) would take the server with it. ``Offload`` runs such work in a few processes
(``YUSUAN_READ_WORKERS`` per server process, default 1, each started when first needed, at a lower CPU
priority than the server); the staff member's request waits for its result, other uploads wait in line.
A worker process that dies, or takes longer than ``YUSUAN_READ_TIMEOUT`` seconds (default 600), is
replaced, and its upload is answered with one line (503), nothing stored; an upload read by another worker
at the same time is not touched (each worker is its own one-process pool). With 0 workers the work runs
in the server's own threads.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from .errors import WebError

log = logging.getLogger("yusuan.web")
T = TypeVar("T")


def _lower_priority() -> None:
    with contextlib.suppress(OSError, AttributeError):
        os.nice(5)


class Offload:
    """Worker processes of one server process, each in its own lane (``workers`` 0: run in the calling thread): a
    call waits for a free lane, and a call not answered within ``timeout`` seconds stops only its own lane's process
    (a read in progress beside it goes on; a new process takes the lane's next call)."""

    def __init__(self, workers: int, timeout: float = 600) -> None:
        self.workers = workers
        self.timeout = timeout
        self.lanes: list[ProcessPoolExecutor | None] = [None] * max(workers, 0)
        self.free: queue.SimpleQueue[int] = queue.SimpleQueue()
        for lane in range(max(workers, 0)):
            self.free.put(lane)
        self.lock = threading.Lock()
        self.done = 0  # calls answered by a worker process

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker process (``fn`` and its arguments must pickle); blocks the calling
        thread until a lane is free and ``fn`` returns (the timeout counts from its start, not the wait). Raises
        what ``fn`` raises, or ``WebError`` 503 when the worker died or did not answer in time."""
        if self.workers <= 0:
            return fn(*args)
        lane = self.free.get()
        try:
            return self._run(lane, fn, *args)
        finally:
            self.free.put(lane)

    def _run(self, lane: int, fn: Callable[..., T], *args: Any) -> T:
        pool = self._pool(lane)
        name = getattr(fn, "__name__", fn)
        try:
            result = pool.submit(fn, *args).result(timeout=self.timeout)
        except BrokenProcessPool as exc:
            self._replace(lane, pool)
            log.error("a reading process died while running %s", name)
            raise WebError(503, "读取进程在处理这个文件时意外退出，未保存任何内容。文件可能已损坏：请检查后重新上传；"
                                "若再次出现，请把文件交给管理员。", code="reader-died") from exc
        except FutureTimeout as exc:
            self._replace(lane, pool, kill=True)
            log.error("a reading process did not finish %s in %s s: stopped", name, self.timeout)
            raise WebError(503, f"读取这个文件超过 {self.timeout:g} 秒仍未完成，已停止，未保存任何内容。"
                                "请把文件交给管理员。", code="reader-timeout") from exc
        with self.lock:
            self.done += 1
        return result

    def _pool(self, lane: int) -> ProcessPoolExecutor:
        with self.lock:
            pool = self.lanes[lane]
            if pool is None:
                # spawn, not fork: the server has threads, and a forked copy of a lock held elsewhere never opens
                pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                           initializer=_lower_priority)
                self.lanes[lane] = pool
            return pool

    def _replace(self, lane: int, broken: ProcessPoolExecutor, kill: bool = False) -> None:
        with self.lock:
            if self.lanes[lane] is broken:
                self.lanes[lane] = None
        if kill:  # a process stuck in native code never returns to take a shutdown: end it
            for process in list((getattr(broken, "_processes", None) or {}).values()):
                with contextlib.suppress(Exception):
                    process.kill()
        broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self.lock:
            pools, self.lanes = [p for p in self.lanes if p is not None], [None] * len(self.lanes)
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
