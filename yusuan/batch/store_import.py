"""``--import``: every document read in the batch, with its findings, into the portal's database.

Each document becomes a new revision of its disclosure through ``yusuan.store.Store.import_document``
(the checks are not run again: the batch's findings, including those across documents, are stored).
The manifest remembers what was imported where, so a rerun imports only documents that are new or
whose content or findings changed.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

from .manifest import Manifest
from .results import BatchOutcome, DocumentResult

_DDL = """
CREATE TABLE IF NOT EXISTS imports (
    key TEXT NOT NULL,
    database TEXT NOT NULL,
    fingerprint TEXT NOT NULL,    -- content + findings
    revision_id INTEGER,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (key, database)
)
"""


def open_store(url: str | None) -> Any:
    """The portal's database (``UsageError`` naming it when it cannot be opened): opened before the
    batch starts, so that a wrong address does not wait for every document to be read."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..errors import UsageError
    from ..store import Store
    from ..store.db import database_url, describe

    target = database_url(url)
    try:
        return Store.open(target)
    except (SQLAlchemyError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UsageError(f"无法打开数据库 {describe(target)}：{first}") from exc


def import_documents(outcome: BatchOutcome, manifest: Manifest, store: Any,
                     bar: Any = None) -> tuple[int, int, list[str]]:
    """Store every readable document; returns (documents imported, documents already stored as they
    are, problems as Chinese lines).

    ``bar`` (a tqdm bar over the documents) shows the progress."""
    from ..checks import Finding
    from ..model import Disclosure
    from ..store import CheckResult, StoreError
    from ..store.writes import rules_available

    manifest.db.execute(_DDL)
    imported, unchanged, problems = 0, 0, []
    stored: list[int] = []
    available = rules_available()
    try:
        for doc in outcome.documents:
            if bar is not None:
                bar.update()
            if doc.status != "ok":
                problems.append(f"{doc.path}：{doc.problem or '无法读取'}，未入库")
                continue
            blob = manifest.model(doc.key)
            if blob is None:
                continue
            stamp = _fingerprint(doc, blob)
            if _already(manifest, doc.key, store.url, stamp):
                unchanged += 1
                continue
            d = Disclosure.model_validate_json(zlib.decompress(blob))
            findings = [Finding.model_validate(f) for f in doc.all_findings]
            source, fmt = _source(doc)
            try:
                result = store.import_document(d, source=source, source_name=" + ".join(Path(f).name for f in doc.files),
                                               source_format=fmt or d.source.format,
                                               note=_note(doc), checked=CheckResult(findings, available))
            except StoreError as exc:
                problems.append(f"{doc.path}：{exc}，未入库")
                continue
            _remember(manifest, doc.key, store.url, stamp, result.revision_id)
            imported += 1
            stored.append(result.revision_id)
        from ..web.prebuild import after_import

        after_import(store, stored, bar is not None)  # the portal's explorer pages, as `yusuan import` builds them
    finally:
        store.close()
        if bar is not None:
            bar.close()
    return imported, unchanged, problems


def _fingerprint(doc: DocumentResult, blob: bytes) -> str:
    h = hashlib.sha256(blob)
    h.update(json.dumps(doc.all_findings, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


def _already(manifest: Manifest, key: str, database: str, stamp: str) -> bool:
    row = manifest.db.execute("SELECT fingerprint FROM imports WHERE key = ? AND database = ?",
                              (key, database)).fetchone()
    return bool(row and row[0] == stamp)


def _remember(manifest: Manifest, key: str, database: str, stamp: str, revision_id: int) -> None:
    import datetime as dt

    manifest.db.execute("INSERT OR REPLACE INTO imports VALUES (?, ?, ?, ?, ?)",
                        (key, database, stamp, revision_id, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))


def _source(doc: DocumentResult) -> tuple[bytes | None, str | None]:
    """The published file itself (the first file of a split document: the store keeps one source)."""
    from ..readers.sniff import sniff

    path = (doc.abspaths or doc.files)[0]
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None, None
    fmt = sniff(path, data[:8])
    return data, {"zip": None, "ole": None}.get(fmt, fmt)


def _note(doc: DocumentResult) -> str:
    note = "yusuan batch 导入"
    if len(doc.files) > 1:
        note += f"；本文件由 {len(doc.files)} 个文件组成：{'、'.join(doc.files)}（原文件只保存第一个）"
    return note
