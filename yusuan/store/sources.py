"""The source of a document published in several files (Jiangsu: 说明.pdf + 表格.pdf), kept as one ZIP.

The archive is deterministic (fixed timestamps, the files in the order given), so that importing the
same pair again stores no second copy; the original bytes and names are inside, unchanged.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

_EPOCH = (1980, 1, 1, 0, 0, 0)


def bundle(files: list[tuple[str, bytes]]) -> bytes:
    """A ZIP of ``(name, bytes)`` files, names reduced to their last component (two equal names numbered)."""
    out = io.BytesIO()
    seen: set[str] = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, data) in enumerate(files, start=1):
            base = PurePosixPath(name.replace("\\", "/")).name or f"file{i}"
            if base in seen:
                base = f"{i}-{base}"
            seen.add(base)
            info = zipfile.ZipInfo(base, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


def bundle_name(names: list[str]) -> str:
    """"a.pdf" + "b.pdf" → "a+b.zip"."""
    stems = [PurePosixPath(n.replace("\\", "/")).stem or f"file{i}" for i, n in enumerate(names, start=1)]
    return "+".join(stems) + ".zip"
