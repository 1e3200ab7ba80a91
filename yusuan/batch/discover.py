"""Finding the documents of a batch: folders walked, files recognised, split documents paired.

A *job* is one document: usually one file, sometimes two (Jiangsu publishes the narrative and the
tables of one disclosure as ``…_text.pdf`` and ``…_tables.pdf``; they are read together). Files
named on the command line are always taken; inside folders only the formats yusuan reads are taken
(plus legacy ``.xls``/``.doc`` so that the report can say why they were not read).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: suffixes taken when walking a folder
DOCUMENT_SUFFIXES = frozenset({".pdf", ".xlsx", ".xlsm", ".docx", ".txt", ".text", ".json", ".yaml", ".yml",
                               ".xls", ".doc"})

# the two halves of a split document: the narrative and the tables (stem tags, matched at the end)
_TEXT_TAGS = ("text", "narrative", "说明", "文字", "正文")
_TABLE_TAGS = ("tables", "table", "公开表", "表格", "报表")
_SPLIT = re.compile(
    r"^(?P<base>.+?)[ _\-.]?(?P<tag>" + "|".join(map(re.escape, _TEXT_TAGS + _TABLE_TAGS)) + r")$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FileRef:
    """One input file: the path as shown to people, the absolute path, its size and content hash."""

    path: str
    abspath: str
    size: int
    sha256: str = ""


@dataclass(frozen=True)
class Job:
    """One document to read and check, from one file or from the two halves of a split document."""

    key: str  # stable identity inside a run: the absolute path(s)
    files: tuple[FileRef, ...]

    @property
    def path(self) -> str:
        """The display path (both halves joined with " + " for a split document)."""
        return " + ".join(f.path for f in self.files)

    @property
    def digest(self) -> str:
        """Hash of the content of every file of the document."""
        h = hashlib.sha256()
        for f in self.files:
            h.update(f.sha256.encode())
        return h.hexdigest()


@dataclass
class Discovery:
    jobs: list[Job] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files in folders that are not documents
    missing: list[str] = field(default_factory=list)  # paths given that do not exist


def discover(paths: Sequence[str | os.PathLike[str]], exclude: Iterable[str | os.PathLike[str]] = (),
             pair: bool = True) -> Discovery:
    """Every document under ``paths`` (files taken as given, folders walked), as sorted jobs."""
    excluded = {os.path.realpath(p) for p in exclude}
    found: dict[str, str] = {}  # realpath → display path
    result = Discovery()
    for given in paths:
        text = os.fspath(given)
        if not os.path.exists(text):
            result.missing.append(text)
        elif os.path.isdir(text):
            for display in _walk(text, excluded, result.ignored):
                found.setdefault(os.path.realpath(display), display)
        else:
            found.setdefault(os.path.realpath(text), text)
    groups = _pair(found) if pair else [[p] for p in sorted(found)]
    result.jobs = [_job(group, found) for group in groups]
    result.jobs.sort(key=lambda j: j.key)
    return result


def _walk(folder: str, excluded: set[str], ignored: list[str]) -> Iterable[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and os.path.realpath(os.path.join(root, d))
                         not in excluded)
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.startswith((".", "~$")):
                continue
            if Path(name).suffix.lower() in DOCUMENT_SUFFIXES:
                yield path
            else:
                ignored.append(path)


def split_part(path: str) -> tuple[str, str] | None:
    """("dir/base", "text"|"tables") when the file name marks one half of a split document."""
    p = Path(path)
    m = _SPLIT.match(p.stem)
    if not m or not m.group("base").strip(" _-."):
        return None
    tag = m.group("tag").lower()
    half = "text" if tag in _TEXT_TAGS else "tables"
    return (str(p.parent / m.group("base").rstrip(" _-.")) + p.suffix.lower(), half)


def _pair(found: dict[str, str]) -> list[list[str]]:
    halves: dict[str, dict[str, str]] = {}
    for real in found:
        part = split_part(real)
        if part:
            halves.setdefault(part[0], {})[part[1]] = real
    paired: set[str] = set()
    groups: list[list[str]] = []
    for parts in halves.values():
        if "text" in parts and "tables" in parts:
            groups.append([parts["text"], parts["tables"]])
            paired.update(parts.values())
    groups.extend([real] for real in found if real not in paired)
    return groups


def _job(group: list[str], found: dict[str, str]) -> Job:
    files = tuple(FileRef(path=found[real], abspath=real, size=_size(real)) for real in group)
    return Job(key=" + ".join(group), files=files)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def hash_file(path: str, limit: int | None = None) -> str:
    """SHA-256 of a file's content; "" when it cannot be read; size and mtime beyond ``limit``
    (such a file is refused by the readers, so hashing gigabytes would be wasted)."""
    h = hashlib.sha256()
    try:
        st = os.stat(path)
        if limit is not None and st.st_size > limit:
            return f"stat:{st.st_size}:{st.st_mtime_ns}"
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return ""
    return h.hexdigest()


def with_hashes(job: Job, limit: int | None = None) -> Job:
    """The job with the content hash of each of its files filled in."""
    files = tuple(FileRef(f.path, f.abspath, f.size, hash_file(f.abspath, limit)) for f in job.files)
    return Job(key=job.key, files=files)
