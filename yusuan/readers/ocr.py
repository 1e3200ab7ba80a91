"""Scanned PDFs: no text layer."""

from __future__ import annotations

from pathlib import Path

from ..errors import ReadError
from .pdf_layout import PageContent


def ocr_pages(path: Path, data: bytes, pages: list[PageContent], unreadable: bool = False) -> list[PageContent]:
    if unreadable:
        raise ReadError(str(path), "PDF 的文字层无法识别（字体没有字符映射），无法读取文字")
    raise ReadError(str(path), "PDF 没有文字层（可能是扫描件），无法读取文字")
