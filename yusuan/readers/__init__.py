"""Readers: one module per input format, all ending in ``interpret`` (blocks → Disclosure).

``read(path)`` recognises the format from the content (then the suffix) and returns the model;
``read(text_pdf, tables_pdf)`` reads two files of one document (Jiangsu publishes the narrative
and the tables separately). Input that cannot be read raises ``ReadError`` with one Chinese line.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..errors import ReadError
from ..interpret.assemble import interpret
from ..interpret.blocks import RawDocument
from ..model import Disclosure
from .sniff import sniff

MAX_BYTES = 200 * 1024 * 1024


def _load(path: Path) -> bytes:
    if not path.exists():
        raise ReadError(str(path), "文件不存在")
    if path.is_dir():
        raise ReadError(str(path), "是一个目录，不是文件")
    size = path.stat().st_size
    if size == 0:
        raise ReadError(str(path), "文件为空")
    if size > MAX_BYTES:
        raise ReadError(str(path), f"文件过大（{size // 1024 // 1024} MB），超过 {MAX_BYTES // 1024 // 1024} MB 上限")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"无法读取文件（{exc.strerror or exc}）") from exc


def read_raw(path: str | os.PathLike[str], data: bytes | None = None) -> RawDocument | Disclosure:
    """Blocks of a document, or the finished model for yusuan's own JSON/YAML."""
    p = Path(path)
    data = _load(p) if data is None else data
    fmt = sniff(p, data[:8])
    if fmt == "zip":
        fmt = _zip_kind(p, data)
    if fmt == "pdf":
        from .pdf import read_pdf

        raw: RawDocument | Disclosure = read_pdf(p, data)
    elif fmt == "xlsx":
        from ..workbook import is_workbook

        if is_workbook(p, data):  # yusuan's officers' workbook (marker sheet): read by yusuan.workbook
            from ..workbook import read_workbook

            return read_workbook(p, data)
        from .xlsx import read_xlsx

        raw = read_xlsx(p, data)
    elif fmt == "docx":
        from .docx import read_docx

        raw = read_docx(p, data)
    elif fmt in ("json", "yaml"):
        from .jsonfile import read_model

        return read_model(p, data, fmt)
    elif fmt == "ole":
        raise ReadError(str(p), "是旧版 Office 格式（.xls/.doc），请另存为 .xlsx 或 .docx 后再读取")
    else:
        from .text import read_text

        raw = read_text(p, data)
    if isinstance(raw, RawDocument):
        raw.info = raw.info.model_copy(update={"sha256": hashlib.sha256(data).hexdigest()})
    return raw


def _zip_kind(path: Path, data: bytes) -> str:
    import io
    import zipfile

    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile as exc:
        raise ReadError(str(path), "压缩包已损坏，无法作为 XLSX/DOCX 读取") from exc
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    raise ReadError(str(path), "是 ZIP 压缩包，但不是 XLSX 或 DOCX 文件")


def document_files(path: str | os.PathLike[str]) -> list[str]:
    """The files of one document named on a command line: the path itself, or the parts of
    "说明.pdf+表格.pdf" (Jiangsu prints the narrative and the tables separately) when they all exist
    and no file has that whole name."""
    text = os.fspath(path)
    parts = text.split("+")
    if len(parts) > 1 and not os.path.exists(text) and all(os.path.exists(p) for p in parts):
        return parts
    return [text]


def read(path: str | os.PathLike[str], *more: str | os.PathLike[str]) -> Disclosure:
    """Read one document (from one file, or from several files of the same document)."""
    first = read_raw(path)
    if isinstance(first, Disclosure) and not more:
        return first
    if isinstance(first, Disclosure):
        raise ReadError(str(path), "JSON/YAML 模型文件不能与其他文件合并读取")
    raws = [first]
    for extra in more:
        r = read_raw(extra)
        if isinstance(r, Disclosure):
            raise ReadError(str(extra), "JSON/YAML 模型文件不能与其他文件合并读取")
        raws.append(r)
    return interpret(merge(raws) if len(raws) > 1 else raws[0])


def merge(raws: list[RawDocument]) -> RawDocument:
    """Several files of one document, read as one: narrative first, then the tables.

    When the narrative has a part for the tables ("第二部分 2019年度部门预算表 … 附后"), the tables
    file is read in its place, so that the tables sit in that part and not under the glossary.
    """
    ordered = sorted(raws, key=lambda r: _table_share(r))
    blocks = list(ordered[0].blocks)
    for more in ordered[1:]:
        at = _tables_part_end(blocks)
        blocks[at:at] = more.blocks
    info = ordered[0].info.model_copy(update={"files": [f for r in ordered for f in (r.info.files or [r.info.path])],
                                              "pages": sum(r.info.pages or 0 for r in ordered) or None,
                                              "page_facts": [f for r in ordered for f in r.info.page_facts]})
    problems = [p for r in ordered for p in r.problems]
    return RawDocument(blocks=blocks, info=info, problems=problems)


def _tables_part_end(blocks: list) -> int:  # type: ignore[type-arg]
    """Index just after the narrative's (empty) tables part, or the end.

    The last heading of that part is taken: the first one is its entry in the table of contents.
    """
    from ..interpret.blocks import TextBlock
    from ..interpret.structure import ROLE_TABLES, heading_of, role_of

    parts = [(i, head) for i, b in enumerate(blocks) if isinstance(b, TextBlock)
             and (head := heading_of(b.text)) is not None and head[0] == 0]
    starts = [n for n, (_, head) in enumerate(parts) if role_of(head[2]) == ROLE_TABLES]
    if not starts:
        return len(blocks)
    n = starts[-1]
    return parts[n + 1][0] if n + 1 < len(parts) else len(blocks)


def _table_share(raw: RawDocument) -> float:
    from ..interpret.blocks import TableBlock

    if not raw.blocks:
        return 0.0
    return sum(1 for b in raw.blocks if isinstance(b, TableBlock)) / len(raw.blocks)


def read_string(text: str, name: str = "<text>") -> Disclosure:
    """A document in the seed's text format, given as a string."""
    from .text import read_text_string

    return interpret(read_text_string(text, name))


__all__ = ["ReadError", "document_files", "read", "read_raw", "read_string", "merge"]
