"""A folder with broken files: every one is reported with its problem, the good ones are checked."""

from __future__ import annotations

import importlib.util
import io
import os
from pathlib import Path

import pytest

from yusuan.readers import MAX_BYTES
from yusuan_testing import faults


def _pdf_bytes() -> bytes:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    for _ in range(3):
        doc.new_page(595, 842)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _broken_folder(folder: Path) -> dict[str, str]:
    """Broken files and the status each must end with."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = _pdf_bytes()
    files = {
        "empty.txt": (b"", "unreadable"),
        "garbage.bin.txt": (os.urandom(4096), "unreadable"),
        "garbage.pdf": (b"%PDF-1.7\n" + os.urandom(4096), "unreadable"),
        "truncated.pdf": (pdf[: len(pdf) // 2], "unreadable"),
        "old.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "unreadable"),
        "broken.xlsx": (b"PK\x03\x04" + os.urandom(300), "unreadable"),
        "bad.json": (b"{not json", "unreadable"),
        "hang.txt": (faults.HANG, "timeout"),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    with open(folder / "huge.pdf", "wb") as fh:  # sparse: beyond the readers' limit without using the disk
        fh.truncate(MAX_BYTES + 1)
    expected = {name: status for name, (_, status) in files.items()}
    if importlib.util.find_spec("yusuan.readers.xlsx") is None:  # the XLSX reader is not built yet:
        expected["broken.xlsx"] = "failed"  # still reported with the file's name, as a program error
    expected["huge.pdf"] = "unreadable"
    return expected


def test_broken_files_are_reported_and_the_rest_checked(tmp_path: Path, make_docs, batch,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in faults.environment().items():  # the workers started from here inject the faults
        monkeypatch.setenv(name, value)
    folder = tmp_path / "in"
    expected = _broken_folder(folder)
    good = make_docs(folder, 3)
    outcome = batch([folder], timeout=2)
    status = {Path(d.path).name: d for d in outcome.documents}
    assert {name: status[name].status for name in expected} == expected
    assert all(status[p.name].status == "ok" and status[p.name].findings for p in good)
    for name in expected:
        problem = status[name].problem or ""
        assert problem.startswith(str(folder / name) + "："), problem
        assert "Traceback" not in problem and any("\u4e00" <= ch <= "\u9fff" for ch in problem)
    assert "文件为空" in status["empty.txt"].problem
    assert "旧版 Office" in status["old.xls"].problem
    assert "文件过大" in status["huge.pdf"].problem
    assert "处理超过 2 秒" in status["hang.txt"].problem
    # the hang cost its own timeout and nothing more (the other worker read everything else meanwhile); the
    # upper bound is loose so that a loaded machine, which delays the watchdog, cannot fail the test
    assert 2 <= status["hang.txt"].seconds < 2 + 20
    # each broken file is one error finding in the reports, named after its problem
    findings = {Path(d.path).name: d.all_findings for d in outcome.documents}
    assert findings["hang.txt"][0]["code"] == "document-timeout"
    assert findings["bad.json"][0]["code"] == "document-unreadable"
    assert outcome.exit_code("error") == 1
