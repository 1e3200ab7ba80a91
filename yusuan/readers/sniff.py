"""Recognise what a file is (by content first, then by name) and decode text."""

from __future__ import annotations

from pathlib import Path

from .. import limits
from ..errors import LimitError, ReadError

FORMATS = ("text", "pdf", "xlsx", "docx", "json", "yaml")


def sniff(path: str | Path, head: bytes) -> str:
    """The format of a file from its first bytes (and its suffix where bytes cannot tell)."""
    suffix = Path(path).suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if suffix in (".xlsx", ".xlsm"):
            return "xlsx"
        if suffix == ".docx":
            return "docx"
        return "zip"  # decided by looking inside (see readers.read)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"  # legacy .xls / .doc
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix in (".json",) or stripped.startswith(b"{"):
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return "text"


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM) or GB18030; refuse binary data."""
    if not data.strip():
        raise ReadError(path, "文件为空")
    if b"\x00" in data[:4096]:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return data.decode("utf-16"), "utf-16"
            except UnicodeDecodeError:
                pass
        raise ReadError(path, "不是文本文件（含二进制数据），无法读取")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_control(text):
            break
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise ReadError(path, "无法识别文本编码（既不是 UTF-8 也不是 GB18030），或文件不是文本")


def _mostly_control(text: str) -> bool:
    sample = text[:4096]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad > max(8, len(sample) // 50)


#: what the members of an XLSX or DOCX may hold when unpacked: a real disclosure holds a few MB
MAX_UNPACKED = limits.OFFICE_UNPACKED_BYTES
MAX_RATIO = limits.OFFICE_RATIO  # a member packed more than 200-fold that unpacks beyond 16 MB is a bomb


def check_zip(data: bytes, path: str, what: str) -> None:
    """Refuse an Office file whose members would unpack to more than ``MAX_UNPACKED`` (a "zip bomb"),
    from the sizes its directory declares, before anything is unpacked."""
    import io
    import zipfile

    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ReadError(path, f"{what}已损坏或格式无法识别，无法读取") from exc
    total = sum(m.file_size for m in members)
    bomb = any(m.file_size > 16 * 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members)
    if total > MAX_UNPACKED or bomb:
        raise LimitError(path, f"{what}解压后达 {total / 1024 / 1024:.0f} MB，远超正常公开文件，疑似压缩炸弹，未读取", status=413)
