"""Fault injection for the batch tests, from outside the runtime package.

yusuan's batch has no fault code paths. A test that needs a worker to hang, crash, eat memory or read
slowly starts its processes with ``environment()``: the folder ``site/`` goes first on ``PYTHONPATH``, so
every Python process started from then on (the isolated workers, a ``yusuan batch`` subprocess, Dask
workers) imports ``site/sitecustomize.py``, which wraps ``yusuan.batch.work._read``. The wrapper acts on
the first bytes of the task's first file:

- ``#yusuan-test:hang``: sleeps for ever (the timeout must stop it; in an upload too);
- ``#yusuan-test:crash``: ends the process with exit code 139 (as a segmentation fault would); also when
  it begins an upload read by the portal's worker processes (``yusuan.web.offload``);
- ``#yusuan-test:memory``: allocates until the memory watchdog stops it;

and, with ``delay``, sleeps that many seconds before every read; with ``hold=(n, folder)``, every read
leaves a ``started-*`` mark in ``folder`` and the reads after the n-th wait until ``folder/release``
exists (to interrupt a run in a known state, not after a delay).
"""

from __future__ import annotations

import os
from pathlib import Path

SITE = Path(__file__).resolve().parent / "site"
DELAY_ENV = "YUSUAN_TEST_READ_DELAY"
HOLD_ENV = "YUSUAN_TEST_READ_HOLD"
HANG, CRASH, MEMORY = b"#yusuan-test:hang\n", b"#yusuan-test:crash\n", b"#yusuan-test:memory\n"


def environment(delay: float | None = None, hold: tuple[int, Path] | None = None) -> dict[str, str]:
    """Environment variables that make processes started with them inject the faults."""
    path = os.environ.get("PYTHONPATH")
    env = {"PYTHONPATH": str(SITE) + (os.pathsep + path if path else "")}
    if delay is not None:
        env[DELAY_ENV] = str(delay)
    if hold is not None:
        env[HOLD_ENV] = f"{hold[0]}:{hold[1]}"
    return env
