"""The disclosure package: every format written from one laid-out document, plus changes.html.

``render_package(d, out_dir)`` regenerates Part 3 from the numbers. When ``d`` is a published
document (it has a narrative of its own), the published tables are kept, the prior-year figures are
recovered from its stated changes (see ``correct``) and ``changes.html`` lists every sentence that
differs and why. The rendered text is read back and checked, so the caller learns at once whether
the package is check-clean.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Disclosure, GlossaryEntry
from .correct import Note, correct
from .document import build_document
from .glossary import DEFAULT_GLOSSARY
from .grid import RenderedDocument

FORMATS: tuple[str, ...] = ("html", "pdf", "docx", "xlsx")
EXTRA_FORMATS: tuple[str, ...] = ("txt", "json")


class ReadingInDoubt(Exception):
    """A published document whose tables were not all read with confidence: its narrative is not rewritten."""

    def __init__(self, tables: list[str], reasons: list[str]) -> None:
        self.tables = tables
        names = "、".join(tables)
        super().__init__(f"以下表格未能可靠识别，未按其数字重写情况说明：{names}（{reasons[0] if reasons else ''}）；"
                         "请核对这些表格，或用 --force 照录原文生成（文件将标注“未经核验”）")


class NewErrors(Exception):
    """The package written from the model would have errors of its own that the source did not have."""

    def __init__(self, findings: list[Any]) -> None:
        self.findings = findings
        shown = "；".join(f.message for f in findings[:2])
        super().__init__(f"生成的文件经检查有 {len(findings)} 项原文没有的错误，未生成（{shown}）；"
                         "请先用 yusuan check 核对原文，或用 --force 强制生成")


@dataclass
class Package:
    """What was written, how long each format took, and what the check says of the result."""

    files: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    changes: Path | None = None
    changed_sentences: int = 0
    errors: int = 0
    warnings: int = 0
    findings: list = field(default_factory=list)  # type: ignore[type-arg]
    unverified: list[str] = field(default_factory=list)  # tables read in doubt (written with --force)


def stem_for(d: Disclosure) -> str:
    name = d.department.name or "部门"
    kind = "决算" if d.kind == "final_accounts" else "预算"
    year = f"{d.year}年" if d.year else ""
    return re.sub(r'[\\/:*?"<>|\s]+', "", f"{name}{year}{d.unit_word}{kind}公开")


def _fix_glossary(d: Disclosure) -> tuple[list[GlossaryEntry], list[Note]]:
    """Published glossary entries that were cut off are completed with the standard wording."""
    standard = dict(DEFAULT_GLOSSARY)
    out, notes = [], []
    for entry in d.glossary:
        definition = entry.definition.strip()
        cut = len(definition) < 15 and definition.endswith("。") and any(
            definition.rstrip("。").endswith(w) for w in ("由", "指由", "包括", "指", "一般公共预算", "和", "及"))
        if entry.term in standard and cut:
            notes.append(Note("glossary", f"名词解释“{entry.term}”原文不完整（“{definition}”），按标准表述补全。"))
            entry = entry.model_copy(update={"definition": standard[entry.term]})
        out.append(entry)
    return out, notes


def prepare(d: Disclosure, keep_narrative: bool = False) -> tuple[Disclosure, list[Note]]:
    """The model to render: a published document corrected (prior figures recovered), else as given."""
    if keep_narrative or not d.narrative.sections:
        return d, []
    fixed, notes = correct(d)
    glossary, glossary_notes = _fix_glossary(fixed)
    return fixed.model_copy(update={"glossary": glossary}), notes + glossary_notes


def write_format(doc: RenderedDocument, fmt: str, path: Path, model: Disclosure | None = None) -> None:
    if fmt == "html":
        from .html import document_html

        path.write_text(document_html(doc), encoding="utf-8")
    elif fmt == "pdf":
        from .pdf import document_pdf

        path.write_bytes(document_pdf(doc))
    elif fmt == "docx":
        from .docx import document_docx

        path.write_bytes(document_docx(doc))
    elif fmt == "xlsx":
        from .xlsx import document_xlsx

        path.write_bytes(document_xlsx(doc))
    elif fmt == "txt":
        from .text import document_text

        path.write_text(document_text(doc), encoding="utf-8")
    elif fmt == "json":
        from ..serialize import dumps

        assert model is not None
        path.write_text(dumps(model), encoding="utf-8")
    else:
        raise ValueError(fmt)


def _start_pdf(doc: RenderedDocument, path: Path) -> tuple[Any, float] | None:
    """The PDF (the slowest format) in a forked process, while the parent writes the others."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    process = multiprocessing.get_context("fork").Process(target=write_format, args=(doc, "pdf", path), daemon=True)
    started = time.perf_counter()
    process.start()
    return process, started


def render_package(d: Disclosure, out_dir: str | Path, formats: Iterable[str] = FORMATS, *,
                   keep_narrative: bool = False, stem: str | None = None,
                   progress: Callable[[str], None] | None = None, parallel: bool = False,
                   force: bool = False) -> Package:
    """Write the package into ``out_dir``; ``progress`` receives one Chinese line per step.
    ``parallel``: write the PDF in a forked process while the other formats are written (CLI use;
    leave it off inside a threaded server).

    Writing follows reading: a published document whose tables were not all read with confidence is not
    rewritten (``ReadingInDoubt``); with ``force`` its own narrative is kept as published and the package
    is marked 未经核验. A package whose own check finds errors the source did not have is not written
    (``NewErrors``) unless ``force``."""
    from ..checks import check
    from ..readers import read_string
    from .text import document_text

    say = progress or (lambda _line: None)
    if d.kind == "final_accounts" and d.narrative.sections and not keep_narrative:
        keep_narrative = True  # the narrative writer speaks of budgets: a 决算's own words are kept
        say("决算文件：情况说明照录原文（按数字重写情况说明目前只支持部门预算）")
    doubtful = [r for r in d.readings if not r.confident]
    package = Package()
    if doubtful and d.narrative.sections:
        if not force:
            raise ReadingInDoubt([r.table for r in doubtful], [r.reason or "" for r in doubtful])
        keep_narrative = True
        package.unverified = [r.table for r in doubtful]
        say(f"以下表格未能可靠识别：{'、'.join(package.unverified)}；情况说明照录原文，文件标注“未经核验”")
    out = Path(out_dir)
    stem = stem or stem_for(d)
    started = time.perf_counter()
    model, package.notes = prepare(d, keep_narrative)
    doc = build_document(model, generate=not keep_narrative)
    if package.unverified:
        doc.title_lines = [*doc.title_lines, f"（未经核验：{'、'.join(package.unverified)}未能可靠识别，本文件照录原文）"]
    text = document_text(doc)
    rendered = read_string(text, f"{stem}.txt")
    rendered = rendered.model_copy(update={"prior": model.prior, "reasons": model.reasons})
    package.findings = check(rendered)
    new = _new_errors(check(d), package.findings) if d.narrative.sections else []
    if new and not force:
        raise NewErrors(new)
    out.mkdir(parents=True, exist_ok=True)
    package.seconds["layout"] = time.perf_counter() - started
    formats = list(formats)
    pdf_job = _start_pdf(doc, out / f"{stem}.pdf") if parallel and "pdf" in formats and len(formats) > 1 else None
    for fmt in formats:
        if fmt == "pdf" and pdf_job is not None:
            continue
        t = time.perf_counter()
        path = out / f"{stem}.{fmt}"
        write_format(doc, fmt, path, rendered)
        package.files[fmt] = path
        package.seconds[fmt] = time.perf_counter() - t
        say(f"已生成 {fmt.upper()}：{path}（{package.seconds[fmt]:.2f} 秒）")
    if pdf_job is not None:
        process, t = pdf_job
        path = out / f"{stem}.pdf"
        process.join()
        if process.exitcode != 0:  # the child failed: write it here, where an error is visible
            write_format(doc, "pdf", path)
        package.files["pdf"] = path
        package.seconds["pdf"] = time.perf_counter() - t
        say(f"已生成 PDF：{path}（{package.seconds['pdf']:.2f} 秒，与其他格式同时生成）")
    if d.narrative.sections and not keep_narrative:
        from .changes import changes_html, compare

        findings = check(d)
        published_findings = [(f.location.sentence, f.message) for f in findings if f.location.sentence]
        table_problems = [f"{'错误' if f.severity == 'error' else '警告'}：{f.message}" for f in findings
                          if f.location.table and not f.location.sentence and f.severity in ("error", "warning")]
        changes = compare(d, rendered, package.notes, published_findings)
        package.changes = out / "changes.html"
        package.changes.write_text(changes_html(changes, d.title or stem, package.notes, table_problems),
                                   encoding="utf-8")
        package.changed_sentences = len(changes)
        say(f"已生成修改对照：{package.changes}（{len(changes)} 处不同）")
    package.errors = sum(1 for f in package.findings if f.severity == "error")
    package.warnings = sum(1 for f in package.findings if f.severity == "warning")
    return package


def _new_errors(source: list[Any], rendered: list[Any]) -> list[Any]:
    """Errors of the rendered package that the source did not have (by code and the row and column or
    figure they point at; table numbers may differ between the two)."""
    from ..report import flat

    def place(f: Any) -> tuple[Any, ...]:
        where = flat(f)
        return (f.code, where[1], where[2])

    had = {place(f) for f in source if f.severity == "error"}
    return [f for f in rendered if f.severity == "error" and place(f) not in had]
