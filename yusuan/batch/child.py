"""An isolated worker process and its handle.

The worker is a plain subprocess (``python -m yusuan.batch.worker``), not a ``multiprocessing``
child, so that it can also be started from inside a daemonic Dask worker. Parent and worker speak
length-prefixed pickles over the worker's stdin/stdout; everything the libraries print goes to the
worker's log. The parent can kill a worker at any moment (timeout, memory) and start a fresh one:
a hostile file costs at most its own timeout.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
import time
from typing import IO, Any

HEADER = 8


class WorkerDied(Exception):
    """The worker process ended without answering (killed, crashed, out of memory)."""

    def __init__(self, returncode: int | None) -> None:
        super().__init__(describe_exit(returncode))
        self.returncode = returncode


def describe_exit(returncode: int | None) -> str:
    if returncode is None:
        return "处理进程没有响应"
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = str(-returncode)
        return f"处理进程被信号 {name} 终止"
    return f"处理进程异常退出（退出码 {returncode}）"


class Child:
    """Handle of one worker process."""

    def __init__(self, log: IO[bytes] | int | None = None, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "yusuan.batch.worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log if log is not None else subprocess.DEVNULL,
            env={**os.environ, **(env or {})}, start_new_session=True,  # Ctrl-C is for the parent to handle
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin = self.proc.stdin
        self.stdout = self.proc.stdout
        self.started = time.monotonic()
        self.peak_rss_mb = 0.0

    @property
    def pid(self) -> int:
        return self.proc.pid

    def fileno(self) -> int:
        return self.stdout.fileno()

    def send(self, task: dict[str, Any]) -> None:
        payload = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.stdin.write(len(payload).to_bytes(HEADER, "big") + payload)
            self.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise WorkerDied(self.proc.poll()) from exc

    def receive(self) -> dict[str, Any]:
        """The answer to the last task (blocks; call when the pipe is readable)."""
        header = read_exactly(self.stdout, HEADER)
        if header is None:
            raise WorkerDied(self._wait_exit())
        payload = read_exactly(self.stdout, int.from_bytes(header, "big"))
        if payload is None:
            raise WorkerDied(self._wait_exit())
        result: dict[str, Any] = pickle.loads(payload)
        self.peak_rss_mb = max(self.peak_rss_mb, float(result.get("peak_rss_mb") or 0))
        return result

    def wait_ready(self, timeout: float = 120.0) -> dict[str, Any]:
        """Block until the worker has imported the readers (``WorkerDied`` if it cannot start); its
        hello (``pid``, ``code``: the fingerprint of the code it runs)."""
        import selectors

        with selectors.DefaultSelector() as sel:
            sel.register(self.stdout, selectors.EVENT_READ)
            if not sel.select(timeout):
                self.kill()
                raise WorkerDied(None)
        return self.receive()

    def call(self, task: dict[str, Any], timeout: float | None, max_memory_mb: float | None = None,
             poll: float = 0.25) -> dict[str, Any]:
        """Send a task and wait for its answer.

        Raises ``TimeoutError`` after ``timeout`` seconds, ``MemoryError`` when the worker's memory
        passes ``max_memory_mb``, ``WorkerDied`` when it ends; the caller then kills the worker.
        """
        import selectors

        self.send(task)
        deadline = time.monotonic() + timeout if timeout else None
        with selectors.DefaultSelector() as sel:
            sel.register(self.stdout, selectors.EVENT_READ)
            while True:
                wait = poll if max_memory_mb else None
                if deadline is not None:
                    left = max(0.0, deadline - time.monotonic())
                    wait = left if wait is None else min(wait, left)
                if sel.select(wait):
                    return self.receive()
                if deadline is not None and time.monotonic() >= deadline:
                    raise TimeoutError
                if max_memory_mb and self.rss_mb() > max_memory_mb:
                    raise MemoryError

    def rss_mb(self) -> float:
        """Current resident memory of the worker (0 when unknown)."""
        try:
            with open(f"/proc/{self.proc.pid}/statm", "rb") as fh:
                pages = int(fh.read().split()[1])
            return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
        except (OSError, ValueError, IndexError):
            return 0.0

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        self._close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)

    def close(self) -> None:
        """Ask the worker to stop (end of input); kill it if it does not."""
        self._close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()

    def _close(self) -> None:
        for stream in (self.stdin, self.stdout):
            with contextlib.suppress(OSError):
                stream.close()

    def _wait_exit(self) -> int | None:
        try:
            return self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return None


def read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
