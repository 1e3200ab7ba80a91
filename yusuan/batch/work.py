"""The work done for one task, inside an isolated worker process: read and check a document, or
check it against last year's document of the same department.

Tasks and results are plain dicts (str, numbers, lists, bytes) so that they cross a pipe or a Dask
cluster unchanged. A task never raises: whatever goes wrong becomes the result's ``status`` and a
Chinese ``problem`` naming the file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ReadError

log = logging.getLogger("yusuan.batch")

Task = dict[str, Any]
Result = dict[str, Any]

#: statuses of a result; ``ok`` and ``unreadable`` depend only on the content and the code
STATUSES = ("ok", "unreadable", "failed", "timeout", "memory", "crashed")

# parts of the package whose code decides a result: a change there invalidates stored results
_CODE_PARTS = ("model", "readers", "interpret", "checks", "catalog", "normalize.py", "numbers.py", "summary.py",
               "batch/work.py")

FINGERPRINT_ENV = "YUSUAN_BATCH_FINGERPRINT"


def code_fingerprint() -> str:
    """What identifies the code that produces results: a hash of the yusuan version and of the sources
    of the parts that read and check, or ``$YUSUAN_BATCH_FINGERPRINT`` when set (to keep results
    across a change known not to affect them, and in tests while the code is being edited)."""
    return os.environ.get(FINGERPRINT_ENV) or _source_fingerprint()


@lru_cache(maxsize=1)
def _source_fingerprint() -> str:
    from .. import __version__

    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(__version__.encode())
    for part in _CODE_PARTS:
        target = root / part
        files = sorted(target.rglob("*")) if target.is_dir() else [target]
        for f in files:
            if f.is_file() and f.suffix in (".py", ".csv", ".md", ".json", ".yaml"):
                h.update(str(f.relative_to(root)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def run_task(task: Task) -> Result:
    """Run one task (``op`` is ``document`` or ``cross_year``) and time it."""
    started = time.perf_counter()
    if task.get("op") == "cross_year":
        result = _cross_year(task)
    else:
        result = _document(task)
    result["key"] = task["key"]
    result["seconds"] = round(time.perf_counter() - started, 4)
    result["worker"] = os.getpid()
    result["code"] = code_fingerprint()  # lets the coordinator notice a cluster running other code
    return result


# ---------------------------------------------------------------------------------------- document

def _document(task: Task) -> Result:
    files = task["files"]
    try:
        disclosure = _read(files)
    except ReadError as exc:
        return {"status": "unreadable", "problem": str(exc)}
    except MemoryError:
        return {"status": "memory", "problem": f"{files[0]['path']}：内存不足，无法读取"}
    except RecursionError:
        return {"status": "failed", "problem": f"{files[0]['path']}：文件结构嵌套过深，无法读取"}
    except Exception as exc:  # a reader bug must not stop the batch; it is reported with the file
        log.exception("reading %s failed", files[0]["path"])
        return {"status": "failed", "problem": f"{files[0]['path']}：读取时程序出错（{type(exc).__name__}：{exc}）"}
    return _checked(disclosure, task)


def _checked(disclosure: Any, task: Task) -> Result:
    from ..checks import check

    findings: list[dict[str, Any]]
    try:
        findings = [f.model_dump(mode="json") for f in check(disclosure, select=task.get("select"),
                                                              ignore=task.get("ignore"))]
    except Exception as exc:  # the checks isolate their rules; this is the last line of defence
        log.exception("checking %s failed", getattr(disclosure.source, "path", ""))
        findings = [_batch_finding("check-crashed", f"检查程序出错（{type(exc).__name__}：{exc}），本文件的检查不完整")]
    return {
        "status": "ok",
        "problem": None,
        "document": document_meta(disclosure),
        "findings": findings,
        "model": zlib.compress(disclosure.model_dump_json().encode("utf-8"), 6),
    }


def _read(files: list[dict[str, Any]]) -> Any:
    from ..readers import read_data

    return read_data([(f["path"], _load(f)) for f in files])  # within yusuan.limits, like every reading


def _load(f: dict[str, Any]) -> bytes:
    """The file's bytes: shipped with the task, or read from its (shared) path."""
    if f.get("data") is not None:
        data: bytes = f["data"]
        _check_size(f["path"], len(data))
        return data
    from ..readers import _load as load_file

    try:
        return load_file(Path(f["abspath"]))
    except ReadError as exc:
        raise ReadError(f["path"], exc.problem) from exc


def _check_size(path: str, size: int) -> None:
    from .. import limits

    if size == 0:
        raise ReadError(path, "文件为空")
    limits.check_file_size(path, size)


def document_meta(d: Any) -> dict[str, Any]:
    """What the reports and the cross-document checks need to know of a document."""
    from ..summary import summary

    figures = summary(d)
    return {
        "kind": d.kind,
        "scope": d.scope,
        "year": d.year,
        "department": d.department.name,
        "region": d.department.region,
        "layout": d.layout,
        "title": d.title,
        "units": [{"name": u.name, "role": u.role} for u in d.profile.units],
        "totals": {k: figures[k] for k in ("income_total", "expenditure_total", "basic", "project")},
        "three_public": figures["three_public"],
        "classes": [line for line in figures["functional"] if len(line["code"]) == 3],
        "problems": [p.model_dump(mode="json") for p in d.problems],
    }


# -------------------------------------------------------------------------------------- cross-year

def _cross_year(task: Task) -> Result:
    """All findings of the document checked with its prior-year document (the caller keeps the new ones)."""
    from ..model import Disclosure

    try:
        current = Disclosure.model_validate_json(zlib.decompress(task["model"]))
        prior = Disclosure.model_validate_json(zlib.decompress(task["prior_model"]))
        findings = _with_prior(current, prior, task.get("select"), task.get("ignore"))
    except Exception as exc:  # noqa: BLE001 - reported with the pair, the run goes on
        log.exception("comparing %s with its prior failed", task.get("key"))
        return {"status": "failed", "problem": f"跨年度核对出错（{type(exc).__name__}：{exc}）", "findings": []}
    return {"status": "ok", "problem": None, "prior_key": task["prior_key"],
            "findings": [f.model_dump(mode="json") for f in findings]}


def _with_prior(current: Any, prior: Any, select: list[str] | None, ignore: list[str] | None) -> list[Any]:
    """Findings with the prior-year document: only the rules that need it when the registry says which."""
    from ..checks import check

    try:
        from ..checks.registry import all_rules, resolve
    except ImportError:
        return check(current, prior=prior, select=select, ignore=ignore)
    needing = [r.name for r in all_rules() if getattr(r, "needs_prior", False)]
    if not needing:
        return check(current, prior=prior, select=select, ignore=ignore)
    wanted = resolve(select)
    found = check(current, prior=prior, select=needing, ignore=ignore)
    return [f for f in found if wanted is None or f.code in wanted]


# ------------------------------------------------------------------------------------------ helpers

def _batch_finding(code: str, message: str, severity: str = "error") -> dict[str, Any]:
    return {"code": code, "severity": severity, "rule": "batch", "message": message, "location": {},
            "expected": None, "actual": None, "delta": None, "tolerance": None}
