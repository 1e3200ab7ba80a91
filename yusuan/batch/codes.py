"""The codes of the findings the batch makes itself (a document it could not check, checks across the
documents of a run), typed as the checks' codes are (``checks.registry.Code``) and listed in
docs/rules.md with them. Kept apart from ``checks.registry.CODES``: no per-document rule emits them."""

from __future__ import annotations

from ..checks.registry import Code

_CODES = [
    Code("document-unreadable", "error", "文件无法读取",
         "The document could not be read at all (a broken, encrypted or empty file, a format yusuan does not "
         "read); the reader's one line says why.", "某局.pdf：PDF 文件已损坏或不是有效的 PDF，无法读取", "batch"),
    Code("document-failed", "error", "读取时程序出错",
         "Reading raised an unexpected exception (a defect of yusuan); the traceback is in the log.",
         "某局.pdf：读取时程序出错（ValueError：…）", "batch"),
    Code("document-timeout", "error", "处理超时",
         "Reading and checking the document took longer than the run's --timeout; its worker was stopped.",
         "某局.pdf：处理超过 120 秒，已停止", "batch"),
    Code("document-memory", "error", "处理时内存超限",
         "The document's worker used more memory than --max-memory allows and was stopped.",
         "某局.pdf：处理时内存超过 2048 MB，已停止", "batch"),
    Code("document-crashed", "error", "处理进程崩溃",
         "The worker process died while reading the document (a crash of a native library, a kill).",
         "某局.pdf：处理进程意外退出（信号 11）", "batch"),
    Code("check-crashed", "error", "检查程序出错",
         "Checking the read document raised past the rules' own isolation; the document's checks are "
         "incomplete.", "检查程序出错（KeyError：…），本文件的检查不完整", "batch"),
    Code("cross-year-failed", "warning", "跨年度核对出错",
         "Comparing a document with its prior year's raised; that comparison is missing.",
         "跨年度核对出错（ValueError：…）", "batch"),
    Code("duplicate-document", "warning", "同一部门同一年度有多份同类文件",
         "Two documents of the run have the same department, kind, scope and year.",
         "某局 2024 年预算在本次检查中有 2 份文件：a.pdf、b.pdf", "batch"),
    Code("department-units-partial", "info", "部门所属单位的公开文件不全，未核对部门与单位之和",
         "A department's consolidated document and its units' documents could not all be found in the run, "
         "so their sums were not compared.", "某局所属单位的公开文件不全（缺 2 个），未核对部门与单位之和", "batch"),
]
BATCH_CODES: dict[str, Code] = {c.code: c for c in _CODES}


def title(code: str) -> str:
    return BATCH_CODES[code].title
