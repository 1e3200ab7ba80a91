"""Uploads: size limit, type check by content, hostile names neutralised, read without touching disk.

A file is accepted when its bytes are a PDF, an XLSX or DOCX workbook/document (a ZIP holding
``xl/`` or ``word/``), or text (UTF-8 / GB18030, including yusuan's own JSON/YAML) and its name's
suffix, when it has one we know, agrees with its content. The name is kept for display only.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..errors import ReadError
from ..model import Disclosure
from ..readers.sniff import decode_text
from .downloads import safe_filename
from .errors import WebError

SUFFIX_KINDS = {".pdf": "pdf", ".xlsx": "xlsx", ".xlsm": "xlsx", ".docx": "docx", ".txt": "text", ".text": "text",
                ".json": "text", ".yaml": "text", ".yml": "text", ".csv": "text"}
KIND_NAMES = {"pdf": "PDF", "xlsx": "XLSX 工作簿", "docx": "DOCX 文档", "text": "文本"}


@dataclass(frozen=True)
class Upload:
    name: str  # safe display name
    data: bytes
    kind: str  # pdf / xlsx / docx / text


def content_kind(data: bytes) -> str | None:
    """What the bytes are, or None when they are none of the accepted kinds."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError):
            return None
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("word/") for n in names):
            return "docx"
        return None
    try:
        decode_text(data, "upload")
    except ReadError:
        return None
    return "text"


def validate(filename: str, data: bytes, limit: int) -> Upload:
    name = safe_filename(filename, "upload.txt")
    if not data:
        raise WebError(400, "上传的文件为空", code="empty-file")
    if len(data) > limit:
        raise WebError(413, f"文件过大：{len(data) / 1024 / 1024:.1f} MB，上限 {limit // 1024 // 1024} MB")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise WebError(415, "这是旧版 Office 文件（.xls/.doc）：请另存为 .xlsx 或 .docx 后上传")
    kind = content_kind(data)
    if kind is None:
        raise WebError(415, "不支持的文件类型：只接受 PDF、XLSX、DOCX 或文本文件（按文件内容判断）")
    claimed = SUFFIX_KINDS.get(PurePosixPath(name).suffix.lower())
    if claimed is not None and claimed != kind:
        raise WebError(415, f"文件名后缀表明是{KIND_NAMES[claimed]}，但内容是{KIND_NAMES[kind]}：请确认文件")
    if claimed is None:
        name = f"{name}.{ {'pdf': 'pdf', 'xlsx': 'xlsx', 'docx': 'docx', 'text': 'txt'}[kind]}"
    return Upload(name=name, data=data, kind=kind)


def read_upload(upload: Upload, *more: Upload) -> Disclosure:
    """The document in the upload, or in several uploads of one document (说明 and 表格 published apart),
    read within ``yusuan.limits``; ``ReadError`` (``LimitError``) with a Chinese line when it cannot be read."""
    from ..readers import read_data

    try:
        return read_data([(one.name, one.data) for one in (upload, *more)])
    except ModuleNotFoundError as exc:
        raise ReadError(upload.name, f"本服务器还不能读取这种文件（缺少读取模块 {exc.name}）") from exc


def source_of(uploads: list[Upload]) -> tuple[bytes, str, str]:
    """What is kept as the source: the file itself, or the files of one document in a ZIP (bytes, name, format)."""
    from ..store.sources import bundle, bundle_name

    if len(uploads) == 1:
        return uploads[0].data, uploads[0].name, uploads[0].kind
    return bundle([(u.name, u.data) for u in uploads]), bundle_name([u.name for u in uploads]), "zip"
