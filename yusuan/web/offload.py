"""The heavy work of a staff request, in other processes: reading and checking an uploaded document.

A PDF of two hundred pages costs seconds of CPU to read. Inside the server's process it would hold the
interpreter while every visitor's page waits, and a reader brought down by a malformed file (pdfium
is native code) would take the server with it. ``Offload`` runs such work in a small pool of processes
(``YUSUAN_READ_WORKERS`` per server process, default 1, started when first needed, at a lower CPU
priority than the server); the staff member's request waits for its result, other uploads wait in line.
A worker process that dies, or takes longer than ``YUSUAN_READ_TIMEOUT`` seconds (default 600), is
replaced, and its upload is answered with one line (503), nothing stored. With 0 workers the work runs
in the server's own threads.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, ProcessPoolExecutor
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
    """A bounded pool of worker processes of one server process (``workers`` 0: run in the calling thread);
    a call not answered within ``timeout`` seconds stops the pool's processes (a new pool takes the next)."""

    def __init__(self, workers: int, timeout: float = 600) -> None:
        self.workers = workers
        self.timeout = timeout
        self.pool: ProcessPoolExecutor | None = None
        self.lock = threading.Lock()
        self.done = 0  # calls answered by a worker process

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker process (``fn`` and its arguments must pickle); blocks the calling
        thread until it returns. Raises what ``fn`` raises, or ``WebError`` 503 when the worker died or
        did not answer in time."""
        if self.workers <= 0:
            return fn(*args)
        pool = self._pool()
        name = getattr(fn, "__name__", fn)
        try:
            result = pool.submit(fn, *args).result(timeout=self.timeout)
        except CancelledError:  # waiting in line when the pool was replaced: never started, so ask the new one
            with self.lock:
                if self.pool is pool:
                    self.pool = None
            return self.call(fn, *args)
        except BrokenProcessPool as exc:
            self._replace(pool)
            log.error("a reading process died while running %s", name)
            raise WebError(503, "读取进程在处理这个文件时意外退出，未保存任何内容。文件可能已损坏：请检查后重新上传；"
                                "若再次出现，请把文件交给管理员。", code="reader-died") from exc
        except FutureTimeout as exc:
            self._replace(pool, kill=True)
            log.error("a reading process did not finish %s in %s s: stopped", name, self.timeout)
            raise WebError(503, f"读取这个文件超过 {self.timeout:g} 秒仍未完成，已停止，未保存任何内容。"
                                "请把文件交给管理员。", code="reader-timeout") from exc
        with self.lock:
            self.done += 1
        return result

    def _pool(self) -> ProcessPoolExecutor:
        with self.lock:
            if self.pool is None:
                # spawn, not fork: the server has threads, and a forked copy of a lock held elsewhere never opens
                self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                initializer=_lower_priority)
            return self.pool

    def _replace(self, broken: ProcessPoolExecutor, kill: bool = False) -> None:
        with self.lock:
            if self.pool is broken:
                self.pool = None
        if kill:  # a process stuck in native code never returns to take a shutdown: end it
            for process in list((getattr(broken, "_processes", None) or {}).values()):
                with contextlib.suppress(Exception):
                    process.kill()
        broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self.lock:
            pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
