"""The resumable manifest of a batch: every document's content hash and result, in OUTDIR.

A SQLite file (``manifest.sqlite``) written by the coordinating process only, one committed
transaction per result, so an interruption (Ctrl-C, a killed run, a killed worker) loses nothing that
had finished. A rerun reuses a stored result when the document's content, the code that produced the
result and the selection of rules are unchanged, and the result was final (see ``is_final``).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .discover import Job
from .pool import Limits
from .work import Result

FILE_NAME = "manifest.sqlite"
SCHEMA = 2  # a manifest of another schema is started afresh (results are recomputed, never misread)

_DDL = """
CREATE TABLE IF NOT EXISTS info (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    key TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    files TEXT NOT NULL,          -- JSON: [{path, abspath, size, sha256}]
    digest TEXT NOT NULL,         -- hash of the content of every file
    settings TEXT NOT NULL,       -- code fingerprint + rule selection
    status TEXT NOT NULL,
    problem TEXT,
    result BLOB NOT NULL,         -- zlib(JSON): document meta, findings, timing
    model BLOB,                   -- zlib(canonical model JSON) when read
    limits TEXT NOT NULL,         -- JSON: timeout and memory limit in force
    run_id TEXT NOT NULL,
    finished_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cross_year (
    key TEXT NOT NULL,
    prior_key TEXT NOT NULL,
    digest TEXT NOT NULL,         -- both documents' digests
    settings TEXT NOT NULL,
    status TEXT NOT NULL,
    result BLOB NOT NULL,         -- zlib(JSON)
    run_id TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    PRIMARY KEY (key, prior_key)
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    command TEXT,
    counts TEXT
);
"""


def _lock(outdir: Path) -> IO[bytes]:
    """An exclusive lock on OUTDIR: two runs writing one manifest would compute everything twice."""
    import fcntl

    handle = open(outdir / ".lock", "wb")  # noqa: SIM115 - held for the whole run, closed in close()
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        handle.close()
        from ..errors import UsageError

        raise UsageError(f"{outdir} 正被另一个 yusuan batch 使用，请等它结束或换一个输出文件夹") from exc
    return handle


def _pack(data: dict[str, Any]) -> bytes:
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 6)


def _unpack(blob: bytes) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(zlib.decompress(blob))
    return data


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Stored:
    """A stored result of one document."""

    key: str
    digest: str
    settings: str
    status: str
    result: dict[str, Any]
    limits: dict[str, Any]
    run_id: str
    finished_at: str

    def is_final(self, digest: str, settings: str, limits: Limits) -> bool:
        """Reusable for a document with this content, under these settings and limits.

        ``ok``, ``unreadable`` and ``failed`` depend only on the content and the code; a timeout or a
        memory stop is final unless the limit was raised; a crashed worker is always retried.
        """
        if digest != self.digest or settings != self.settings:
            return False
        if self.status == "timeout":
            return _within(limits.timeout, self.limits.get("timeout"))
        if self.status == "memory":
            return _within(limits.max_memory_mb, self.limits.get("max_memory_mb"))
        return self.status in ("ok", "unreadable", "failed")


def _within(now: float | None, then: float | None) -> bool:
    """The current limit is no larger than the one the document already failed under."""
    if now is None:
        return then is None
    return then is None or now <= then


class Manifest:
    """``Manifest.open(outdir)``; one writer (the coordinating process)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock: IO[bytes] | None = None
        self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._upgrade()
        self.db.executescript(_DDL)
        self.db.execute("INSERT OR IGNORE INTO info VALUES ('schema', ?)", (str(SCHEMA),))

    def _upgrade(self) -> None:
        """Drop the tables of a manifest written by another version of this module."""
        try:
            row = self.db.execute("SELECT value FROM info WHERE name = 'schema'").fetchone()
        except sqlite3.OperationalError:  # a new manifest
            return
        if row is not None and row[0] != str(SCHEMA):
            for table in ("documents", "cross_year", "info"):
                self.db.execute(f"DROP TABLE IF EXISTS {table}")

    @classmethod
    def open(cls, outdir: Path) -> Manifest:
        """The manifest of OUTDIR, locked for this run (``UsageError`` when another run holds it)."""
        outdir.mkdir(parents=True, exist_ok=True)
        lock = _lock(outdir)
        try:
            manifest = cls(outdir / FILE_NAME)
        except BaseException:
            lock.close()
            raise
        manifest._lock = lock
        return manifest

    def close(self) -> None:
        self.db.close()
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    # ---------------------------------------------------------------------------------- runs

    def start_run(self, run_id: str, command: str) -> None:
        self.db.execute("INSERT INTO runs (run_id, started_at, command) VALUES (?, ?, ?)", (run_id, _now(), command))

    def finish_run(self, run_id: str, counts: dict[str, Any]) -> None:
        self.db.execute("UPDATE runs SET finished_at = ?, counts = ? WHERE run_id = ?",
                        (_now(), json.dumps(counts, ensure_ascii=False), run_id))

    # ----------------------------------------------------------------------------- documents

    def stored(self, key: str) -> Stored | None:
        row = self.db.execute("SELECT key, digest, settings, status, result, limits, run_id, finished_at "
                              "FROM documents WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return Stored(row[0], row[1], row[2], row[3], _unpack(row[4]), json.loads(row[5]), row[6], row[7])

    def save(self, job: Job, result: Result, settings: str, limits: Limits, run_id: str) -> None:
        """Store one result (its own committed transaction)."""
        model = result.get("model")
        public = {k: v for k, v in result.items() if k != "model"}
        files = [{"path": f.path, "abspath": f.abspath, "size": f.size, "sha256": f.sha256} for f in job.files]
        self.db.execute(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (job.key, job.path, json.dumps(files, ensure_ascii=False), job.digest, settings, result["status"],
             result.get("problem"), _pack(public), model,
             json.dumps({"timeout": limits.timeout, "max_memory_mb": limits.max_memory_mb}), run_id, _now()),
        )

    def model(self, key: str) -> bytes | None:
        row = self.db.execute("SELECT model FROM documents WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def keys(self) -> Iterator[str]:
        for (key,) in self.db.execute("SELECT key FROM documents ORDER BY key"):
            yield key

    # ---------------------------------------------------------------------------- cross-year

    def stored_cross(self, key: str, prior_key: str, digest: str, settings: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT result FROM cross_year WHERE key = ? AND prior_key = ? AND digest = ? "
                              "AND settings = ? AND status = 'ok'", (key, prior_key, digest, settings)).fetchone()
        return _unpack(row[0]) if row else None

    def save_cross(self, result: Result, digest: str, settings: str, run_id: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO cross_year VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (result["key"], result["prior_key"], digest, settings, result["status"],
                         _pack(result), run_id, _now()))
