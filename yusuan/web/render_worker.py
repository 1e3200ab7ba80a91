"""The background worker that writes downloads (PDF, DOCX, XLSX, HTML, text): ``python -m yusuan.web.render_worker``.

A server starts a few of these (``YUSUAN_RENDER_WORKERS``, default 1 per server process, see
``rendering.RenderWorkers``); each claims a queued revision (``store.renditions.claim``), writes its
requested formats one after the other and stores them, then the next. Between jobs it waits for a
wake-up line on its standard input (the server writes one when a visitor queues something) or polls
every ``POLL`` seconds (another server may have queued it). It runs at a lower CPU priority than the
server, so pages stay quick while a PDF is written, dies with its server (``PR_SET_PDEATHSIG``, and
the end of its standard input), and gives up on one format after ``TIMEOUT`` seconds.

The database URL comes in ``YUSUAN_DATABASE_URL`` (never on the command line, where ``ps`` shows it).
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import socket
import sys
from collections.abc import Callable
from typing import Any

from ..model import Disclosure
from ..store import Store, renditions

log = logging.getLogger("yusuan.web.render")

POLL = 5.0
TIMEOUT = 600
NICE = 10


class Timeout(Exception):
    pass


def writer(fmt: str) -> Callable[[Disclosure], str | bytes] | None:
    """The renderer of a format (``yusuan.render.render_<format>``), None when it is not installed."""
    try:
        import yusuan.render as render
    except Exception:  # noqa: BLE001 - a renderer that cannot load is reported per format
        log.exception("the writers (yusuan.render) cannot be loaded")
        return None
    func = getattr(render, f"render_{fmt}", None)
    return func if callable(func) else None


def write(d: Disclosure, fmt: str) -> bytes:
    func = writer(fmt)
    if func is None:
        raise RuntimeError(f"本服务器未安装 {fmt} 格式的生成组件")
    result = func(d)
    return result.encode("utf-8") if isinstance(result, str) else result


def build(store: Store, revision_id: int, formats: list[str], worker: str, timeout: int = TIMEOUT) -> None:
    """Write the claimed formats of a revision and store each as soon as it is written."""
    model = store.model(revision_id)
    for fmt in formats:
        body, error = None, ""
        try:
            with _deadline(timeout):
                body = write(model, fmt)
        except Timeout:
            error = f"生成超过 {timeout} 秒，已停止"
        except Exception as exc:  # noqa: BLE001 - one format failing leaves the others and the worker alive
            log.exception("writing %s of revision %s failed", fmt, revision_id)
            error = f"{type(exc).__name__}: {exc}"
        with store.write() as conn:
            renditions.finish(conn, revision_id, fmt, worker, body, error)


@contextlib.contextmanager
def _deadline(seconds: int) -> Any:
    def expired(_signum: int, _frame: object) -> None:
        raise Timeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def work_once(store: Store, worker: str, timeout: int = TIMEOUT) -> bool:
    """Claim and build one queued revision; whether there was one."""
    with store.write() as conn:
        job = renditions.claim(conn, worker)
    if job is None:
        return False
    build(store, job[0], job[1], worker, timeout)
    return True


def drain(store: Store, worker: str = "", timeout: int = TIMEOUT) -> int:
    """Build everything queued, in this process (tests, ``yusuan serve`` with no worker); how many revisions."""
    worker = worker or f"{socket.gethostname()}:{os.getpid()}:drain"
    done = 0
    while work_once(store, worker, timeout):
        done += 1
    return done


def _wait(stdin: Any, seconds: float) -> bool:
    """Wait for a wake-up line or ``seconds``; False when the server has gone (end of input)."""
    ready, _, _ = select.select([stdin], [], [], seconds)
    if ready:
        return bool(os.read(stdin.fileno(), 4096))
    return True


def _die_with_parent() -> None:
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def main() -> int:
    _die_with_parent()
    with contextlib.suppress(OSError):
        os.nice(NICE)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when we stop
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="yusuan render worker: %(message)s")
    store = Store.open(os.environ.get("YUSUAN_DATABASE_URL"), upgrade=False, pool_size=1, max_overflow=1)
    worker = f"{socket.gethostname()}:{os.getpid()}"
    try:
        while True:
            if work_once(store, worker):
                continue
            if not _wait(sys.stdin, POLL):
                return 0
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
