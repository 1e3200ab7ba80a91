"""Loaded at start-up by every Python process that has this folder on PYTHONPATH (``yusuan_testing.faults``):
wraps ``yusuan.batch.work._read`` with the faults the batch tests need, and ``yusuan.web.upload.read_upload``
(the portal's upload reader, run in its worker processes) with the crash and the hang. Never on the path of a real run."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any


def _hold(spec: str | None) -> None:
    """``n:folder``: mark this read started; the reads after the n-th wait for ``folder/release``."""
    if not spec:
        return
    count, folder = spec.split(":", 1)
    (Path(folder) / f"started-{os.getpid()}-{time.monotonic_ns()}").touch()
    if len(list(Path(folder).glob("started-*"))) > int(count):
        while not (Path(folder) / "release").exists():
            time.sleep(0.02)


def _install() -> None:
    from yusuan.batch import work

    read = work._read

    def faulty_read(files: list[dict[str, Any]]) -> Any:
        delay = os.environ.get("YUSUAN_TEST_READ_DELAY")
        if delay:
            time.sleep(float(delay))
        _hold(os.environ.get("YUSUAN_TEST_READ_HOLD"))
        head = work._load(files[0])[:64]
        if head.startswith(b"#yusuan-test:hang"):
            time.sleep(10**6)
        elif head.startswith(b"#yusuan-test:crash"):
            os._exit(139)
        elif head.startswith(b"#yusuan-test:memory"):
            hog = [b"\x01" * (64 << 20) for _ in range(10**4)]  # grows until the watchdog stops it
            del hog
        return read(files)

    work._read = faulty_read  # type: ignore[assignment]
    _install_upload()


def _install_upload() -> None:
    from yusuan.web import upload

    read_upload = upload.read_upload

    def faulty_read_upload(first: Any, *more: Any) -> Any:
        if first.data.startswith(b"#yusuan-test:crash"):
            os._exit(139)
        if first.data.startswith(b"#yusuan-test:hang"):
            time.sleep(10**6)
        return read_upload(first, *more)

    upload.read_upload = faulty_read_upload  # type: ignore[assignment]


with contextlib.suppress(ImportError):  # a process of another program (no yusuan): nothing to inject
    _install()
