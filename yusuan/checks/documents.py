"""Check files: read each document, run the rules, build the ``Report`` (the library call behind
``yusuan check``). An unreadable file becomes an entry with its one-line reason; the others are
still checked. With several documents, a department is also compared with its units.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Sequence

from ..errors import ReadError
from ..model import Disclosure
from ..report import DocumentReport, Report

log = logging.getLogger("yusuan.checks")

PathLike = str | os.PathLike[str]


def check_files(paths: Sequence[PathLike | Sequence[PathLike]], prior: PathLike | Disclosure | None = None,
                select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                progress: bool | None = None) -> Report:
    """One report entry per document. A document may be given as several files (narrative and tables).

    ``prior`` (a path or a read document) is last year's document of the same department; an
    unreadable prior raises ``ReadError`` (it is a usage problem, not a finding).
    """
    from ..readers import read
    from . import check
    from .registry import resolve

    select = list(select) if select is not None else None
    ignore = list(ignore) if ignore is not None else None
    resolve(select)  # an unknown code is a usage error before any reading
    resolve(ignore)
    prior_doc = read(prior) if prior is not None and not isinstance(prior, Disclosure) else prior
    report = Report()
    items = list(paths)
    for item in _progress(items, progress):
        files = _files_of(item)
        name = " + ".join(str(f) for f in files)
        try:
            d = read(*files)
        except ReadError as exc:
            report.documents.append(DocumentReport(path=name, error=str(exc)))
            continue
        except Exception as exc:  # a reader defect must not stop the other documents
            log.exception("reading %s failed", name)
            report.documents.append(DocumentReport(path=name, error=f"{name}：读取时程序出错（{type(exc).__name__}：{exc}）"))
            continue
        findings = check(d, prior=prior_doc, select=select, ignore=ignore)
        report.documents.append(DocumentReport(path=name, disclosure=d, findings=findings))
    _consolidate(report, select, ignore)
    return report


def _files_of(item: PathLike | Sequence[PathLike]) -> list[PathLike]:
    """The files of one document: a path, a sequence of paths, or "说明.pdf+表格.pdf" (Jiangsu prints the
    narrative and the tables separately)."""
    from ..readers import document_files

    if not isinstance(item, (str, os.PathLike)):
        return list(item)
    files = document_files(item)
    return list(files) if len(files) > 1 else [item]


def _consolidate(report: Report, select: list[str] | None, ignore: list[str] | None) -> None:
    from .across import CONSOLIDATION, consolidation
    from .registry import resolve

    docs = [doc for doc in report.documents if doc.disclosure is not None]
    if len(docs) < 2:
        return
    wanted, dropped = resolve(select), resolve(ignore) or set()
    if (wanted is not None and CONSOLIDATION not in wanted) or CONSOLIDATION in dropped:
        return
    by_id = {id(doc.disclosure): doc for doc in docs}
    for f in consolidation([doc.disclosure for doc in docs if doc.disclosure is not None]):
        target = next((doc for doc in docs if doc.disclosure is not None
                       and (doc.disclosure.source.path or None) == f.location.file), None)
        (target or next(iter(by_id.values()))).findings.append(f)


def _progress(items: list[PathLike | Sequence[PathLike]], progress: bool | None) -> Iterable[
        PathLike | Sequence[PathLike]]:
    show = progress if progress is not None else (len(items) > 1 and sys.stderr.isatty())
    if not show:
        return items
    from tqdm import tqdm

    return tqdm(items, desc="检查", unit="个文件", file=sys.stderr, leave=False)
