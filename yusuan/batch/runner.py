"""The batch, step by step: discover → hash → reuse from the manifest → read and check in parallel →
check across documents → reports → import. ``run_batch`` is the one library call of ``yusuan batch``.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import UsageError
from . import crossdoc
from .discover import Discovery, Job, discover, with_hashes
from .manifest import Manifest
from .pool import Limits, LocalPool, default_workers, run_serial
from .results import BatchOutcome, DocumentResult
from .selection import keeper, rule_tokens
from .work import Result, Task, code_fingerprint


@dataclass
class Options:
    """Everything ``yusuan batch`` can be told (see ``yusuan batch --help``)."""

    outdir: Path
    workers: int | None = None  # local worker processes (default: one per core); 0 runs in-process
    dask: str | None = None  # "local" or a scheduler address such as tcp://host:8786
    shared_files: bool = False  # Dask workers read the files from the same path instead of receiving them
    timeout: float | None = 300.0
    max_memory_mb: float | None = 2048.0
    select: list[str] | None = None
    ignore: list[str] | None = None
    pair: bool = True
    force: bool = False  # recompute everything, ignoring the manifest
    reports: bool = True
    do_import: bool = False
    database: str | None = None  # store URL for --import (default: the portal's)
    progress: bool = True
    command: str = ""
    log: Any = field(default=sys.stderr, repr=False)  # where progress and messages go

    @property
    def limits(self) -> Limits:
        return Limits(timeout=self.timeout, max_memory_mb=self.max_memory_mb)

    @property
    def settings(self) -> str:
        """What, besides a document's content, decides its result."""
        return json.dumps({"code": code_fingerprint(), "select": sorted(self.select or []),
                           "ignore": sorted(self.ignore or [])}, sort_keys=True)


class Backend(Protocol):
    def map(self, tasks: Iterable[Task]) -> Iterator[Result]: ...

    def __enter__(self) -> Backend: ...

    def __exit__(self, *exc: object) -> None: ...


def run_batch(paths: Sequence[str | Path], options: Options) -> BatchOutcome:
    """Read and check every document under ``paths``; write the manifest and the reports to OUTDIR."""
    started = time.perf_counter()
    found = _discover(paths, options)
    manifest = Manifest.open(options.outdir)
    store = None
    try:
        if options.do_import:  # opened first: a wrong address must not wait for every document
            from .store_import import open_store

            store = open_store(options.database)
        jobs = _hashed(found.jobs, options)
        run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        manifest.start_run(run_id, options.command)
        outcome = _run(jobs, manifest, options, run_id)
        outcome.ignored = found.ignored
        outcome.seconds = time.perf_counter() - started
        if options.reports:
            from .reports import write_reports

            outcome.reports = write_reports(outcome, options)
        if store is not None:
            from .store_import import import_documents

            bar = _bar(options, len(outcome.documents), "入库")
            outcome.imported, outcome.import_unchanged, outcome.import_problems = import_documents(
                outcome, manifest, store, bar)
            outcome.database = store.url
            store = None  # closed by import_documents
        outcome.seconds = time.perf_counter() - started
        manifest.finish_run(run_id, {"documents": len(jobs), "computed": outcome.computed,
                                     "reused": outcome.reused, **outcome.statuses(), **outcome.counts(),
                                     "seconds": round(outcome.seconds, 2)})
    finally:
        manifest.close()
        if store is not None:
            store.close()
    return outcome


def _run(jobs: list[Job], manifest: Manifest, options: Options, run_id: str) -> BatchOutcome:
    """Read and check what the manifest does not have yet, then check across documents."""
    outcome = BatchOutcome(run_id=run_id, outdir=options.outdir, documents=[])
    todo = _plan(jobs, manifest, options)
    _say(options, _plan_message(jobs, todo, options))
    with _backend(options, len(todo)) as backend:
        other_code = bool(getattr(backend, "worker_codes", set()) - {code_fingerprint()})
        if other_code:
            _say(options, _OTHER_CODE, always=True)
        outcome.computed = _execute(todo, backend, manifest, options, run_id, warned=other_code)
        outcome.documents = _collect(jobs, manifest, {j.key for j in todo})
        _across(outcome.documents, jobs, backend, manifest, options, run_id)
        outcome.peak_rss_mb = dict(getattr(backend, "peak_rss_mb", {}))
    outcome.reused = len(jobs) - outcome.computed
    outcome.workers = _worker_count(options)
    outcome.backend = f"dask {options.dask}" if options.dask else "local"
    return outcome


# ------------------------------------------------------------------------------------------ steps

def _discover(paths: Sequence[str | Path], options: Options) -> Discovery:
    if not paths:
        raise UsageError("请给出要检查的文件或文件夹")
    found = discover([str(p) for p in paths], exclude=[options.outdir], pair=options.pair)
    if found.missing:
        raise UsageError("路径不存在：" + "、".join(found.missing))
    if not found.jobs:
        raise UsageError("在给出的路径中没有找到可读取的公开文件（PDF、XLSX、DOCX、文本、JSON）")
    return found


def _hashed(jobs: list[Job], options: Options) -> list[Job]:
    from ..readers import MAX_BYTES

    bar = _bar(options, len(jobs), "计算文件指纹") if len(jobs) > 200 else None
    out = []
    for job in jobs:
        out.append(with_hashes(job, MAX_BYTES))
        if bar is not None:
            bar.update()
    if bar is not None:
        bar.close()
    return out


def _plan(jobs: list[Job], manifest: Manifest, options: Options) -> list[Job]:
    """The jobs whose result cannot be reused."""
    if options.force:
        return list(jobs)
    todo = []
    for job in jobs:
        stored = manifest.stored(job.key)
        if stored is None or not stored.is_final(job.digest, options.settings, options.limits):
            todo.append(job)
    return todo


def _task(job: Job, options: Options) -> Task:
    select, ignore = rule_tokens(options.select, options.ignore)
    return {"op": "document", "key": job.key, "label": job.path, "select": select, "ignore": ignore,
            "files": [{"path": f.path, "abspath": f.abspath, "size": f.size} for f in job.files]}


def _too_large(job: Job) -> Result | None:
    """Files beyond the readers' limit are refused here, without being read or shipped anywhere."""
    from ..readers import MAX_BYTES

    for f in job.files:
        if f.size > MAX_BYTES:
            return {"key": job.key, "status": "unreadable", "seconds": 0.0, "worker": None,
                    "problem": f"{f.path}：文件过大（{f.size // 1024 // 1024} MB），超过 {MAX_BYTES // 1024 // 1024} MB 上限"}
    return None


_OTHER_CODE = "注意：工作节点上的 yusuan 代码与本机不同，结果可能与本机运行不一致（请在各节点安装相同版本，升级后重启工作节点）"


def _execute(todo: list[Job], backend: Backend, manifest: Manifest, options: Options, run_id: str,
             warned: bool = False) -> int:
    """Run the jobs; every result is committed to the manifest the moment it arrives."""
    by_key = {job.key: job for job in todo}
    bar = _bar(options, len(todo), "读取与检查")
    errors = 0
    done = 0

    def tasks() -> Iterator[Task]:
        # largest first: a big document started last would keep one worker busy after the others end
        for job in sorted(todo, key=lambda j: -sum(f.size for f in j.files)):
            refused = _too_large(job)
            if refused is None:
                yield _task(job, options)
            else:
                manifest.save(job, refused, options.settings, options.limits, run_id)
                bar.update()

    try:
        for result in backend.map(tasks()):
            if not warned and result.get("code") not in (None, code_fingerprint()):
                warned = True
                _say(options, _OTHER_CODE, always=True)
            manifest.save(by_key[result["key"]], result, options.settings, options.limits, run_id)
            done += 1
            errors += sum(1 for f in result.get("findings") or [] if f.get("severity") == "error")
            bar.set_postfix_str(f"错误 {errors}", refresh=False)
            bar.update()
    finally:
        bar.close()
    return len(todo)


def _collect(jobs: list[Job], manifest: Manifest, computed: set[str]) -> list[DocumentResult]:
    docs = []
    for job in jobs:
        stored = manifest.stored(job.key)
        if stored is None:  # cannot happen after _execute; kept for a clear error
            raise RuntimeError(f"manifest has no result for {job.key}")
        r = stored.result
        docs.append(DocumentResult(key=job.key, path=job.path, files=[f.path for f in job.files],
                                   status=stored.status, problem=r.get("problem"), meta=r.get("document"),
                                   findings=list(r.get("findings") or []), seconds=float(r.get("seconds") or 0),
                                   reused=job.key not in computed, abspaths=[f.abspath for f in job.files]))
    return docs


def _across(docs: list[DocumentResult], jobs: list[Job], backend: Backend, manifest: Manifest, options: Options,
            run_id: str) -> None:
    """Checks across documents: consecutive years (in the workers), 部门 = Σ 单位, duplicates."""
    digests = {job.key: job.digest for job in jobs}
    by_key = {doc.key: doc for doc in docs}
    readable = [crossdoc.Doc(d.key, d.path, d.meta) for d in docs if d.status == "ok" and d.meta]
    todo: list[Task] = []
    for current, prior in crossdoc.cross_year_pairs(readable):
        digest = digests[current.key] + digests[prior.key]
        stored = None if options.force else manifest.stored_cross(current.key, prior.key, digest, options.settings)
        if stored is not None:
            _add_cross(by_key[current.key], stored)
        else:
            select, ignore = rule_tokens(options.select, options.ignore)
            todo.append({"op": "cross_year", "key": current.key, "prior_key": prior.key,
                         "label": f"{current.path}（与 {prior.path} 跨年度核对）", "select": select,
                         "ignore": ignore, "model": manifest.model(current.key),
                         "prior_model": manifest.model(prior.key), "digest": digest})
    if todo:
        bar = _bar(options, len(todo), "跨年度核对")
        digest_of = {t["key"]: t["digest"] for t in todo}
        try:
            for result in backend.map(todo):
                manifest.save_cross(result, digest_of[result["key"]], options.settings, run_id)
                _add_cross(by_key[result["key"]], result)
                bar.update()
        finally:
            bar.close()
    def load(key: str) -> Any:
        from ..model import Disclosure

        return Disclosure.model_validate_json(zlib.decompress(manifest.model(key) or b""))

    keep = keeper(options.select, options.ignore)
    for findings in (crossdoc.department_units(readable, load), crossdoc.duplicates(readable)):
        for key, extra in findings.items():
            by_key[key].cross.extend(f for f in extra if keep(f["code"]))


def _add_cross(doc: DocumentResult, result: dict[str, Any]) -> None:
    if result.get("status") == "ok":
        doc.cross.extend(crossdoc.new_findings(doc.findings, result.get("findings") or []))
    else:
        doc.cross.append({"code": "cross-year-failed", "severity": "warning", "rule": "batch",
                          "message": result.get("problem") or "跨年度核对未完成", "location": {"file": doc.path},
                          "expected": None, "actual": None, "delta": None, "tolerance": None})


# ---------------------------------------------------------------------------------------- helpers

class _Serial:
    peak_rss_mb: dict[int, float] = {}

    def map(self, tasks: Iterable[Task]) -> Iterator[Result]:
        return run_serial(tasks)

    def __enter__(self) -> _Serial:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _worker_count(options: Options) -> int:
    return default_workers() if options.workers is None else options.workers


def _backend(options: Options, jobs: int) -> Backend:
    workers = _worker_count(options)
    if options.dask:
        from .dask_backend import DaskRunner

        return DaskRunner(options.dask, workers or default_workers(), options.limits, options.shared_files)
    if workers == 0:
        return _Serial()
    return LocalPool(workers=max(1, min(workers, jobs or 1)), limits=options.limits,
                     log_path=str(options.outdir / "workers.log"))


def _plan_message(jobs: list[Job], todo: list[Job], options: Options) -> str:
    split = sum(1 for j in jobs if len(j.files) > 1)
    parts = [f"找到 {len(jobs)} 份公开文件"]
    if split:
        parts.append(f"其中 {split} 份由说明和表格两个文件配对而成")
    reused = len(jobs) - len(todo)
    if reused:
        parts.append(f"{reused} 份未变化，沿用上次结果")
    where = f"Dask（{options.dask}）" if options.dask else f"{_worker_count(options) or 1} 个进程"
    parts.append(f"需要处理 {len(todo)} 份，使用 {where}")
    return "，".join(parts)


def _say(options: Options, message: str, always: bool = False) -> None:
    if (options.progress or always) and options.log is not None:
        print(f"yusuan：{message}", file=options.log, flush=True)


def _bar(options: Options, total: int, desc: str) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="份", file=options.log, disable=not options.progress or total == 0,
                dynamic_ncols=True, smoothing=0.1)
