"""The isolated worker process (``python -m yusuan.batch.worker``): imports the readers and checks,
says it is ready, then reads tasks from stdin and answers on stdout, one at a time, until its input
ends. See ``child`` for the parent's side."""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import signal
import sys
from typing import IO, Any

from .child import HEADER, read_exactly


def _die_with_parent() -> None:
    """Linux: be killed when the parent dies, so a hanging worker never outlives a killed run."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _preload() -> None:
    """Import the readers and checks once, before the first task, so that no task pays for it."""
    import importlib

    for name in ("yusuan.readers", "yusuan.interpret.assemble", "yusuan.checks", "yusuan.summary",
                 "yusuan.readers.pdf", "yusuan.checks.registry"):
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    with contextlib.suppress(Exception):
        importlib.import_module("yusuan.checks.registry").load()
    from .work import code_fingerprint

    code_fingerprint()  # of the code just imported, which is what this worker will run (cached)


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started (VmHWM: ru_maxrss would also count the
    memory of the process that started it, which Linux carries over across fork and exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError):
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    protocol_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to the log, never into the protocol
    sys.stdout = sys.stderr
    protocol_in = sys.stdin.buffer
    from .work import run_task

    _preload()
    from .work import code_fingerprint

    _send(protocol_out, {"ready": True, "pid": os.getpid(), "code": code_fingerprint()})
    while True:
        header = read_exactly(protocol_in, HEADER)
        if header is None:
            return
        payload = read_exactly(protocol_in, int.from_bytes(header, "big"))
        if payload is None:
            return
        result = run_task(pickle.loads(payload))
        result["peak_rss_mb"] = peak_rss_mb()
        _send(protocol_out, result)


def _send(stream: IO[bytes], message: dict[str, Any]) -> None:
    out = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(out).to_bytes(HEADER, "big") + out)
    stream.flush()


if __name__ == "__main__":
    main()
