"""Issue 13, items 5, 10–13 and 15: hostile and clumsy input on every way in (the CLI, the web upload, batch,
the JSON model), each refused in one clear line naming the file (exit 2; 413/415/422 in the web's error
envelope) before it costs the work it would, and nothing partial left behind."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from yusuan import limits
from yusuan.store import Store

from .conftest import api_sign_in, counts, one_line, run_cli

# ---------------------------------------------------------------------------------------------- inputs


@pytest.fixture(scope="module")
def seed_json(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> dict:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("model") / "seed.json"
    done = run_cli("extract", seed_path, "-o", out)
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _first_amount(data: object) -> dict:  # type: ignore[type-arg]
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if set(item) == {"value", "unit"}:
                return item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    raise AssertionError("no amount")


def _model_with(seed_json: dict, value: str, path: Path) -> Path:  # type: ignore[type-arg]
    data = json.loads(json.dumps(seed_json))
    _first_amount(data)["value"] = value
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed_xlsx(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    """The seed as yusuan writes it to Excel (a real workbook to spoil)."""
    out = tmp_path_factory.mktemp("xlsx")
    done = run_cli("render", seed_path, "-o", out, "--format", "xlsx", "--name", "seed")
    assert done.returncode == 0, done.stderr
    return out / "seed.xlsx"


def _spoiled(seed_xlsx: Path, path: Path, **cells: object) -> Path:
    from openpyxl import load_workbook

    book = load_workbook(seed_xlsx)
    for where, value in cells.items():
        sheet, cell = where.split("_")
        book[sheet][cell].value = value
        book[sheet][cell].number_format = "#,##0.00"
    book.save(path)
    return path


def _sheet_xml(cells: int) -> bytes:
    row = "".join(f'<c r="A{i}" t="n"><v>{i}</v></c>' for i in range(1, 101))
    rows = "".join(f'<row r="{r}">{row}</row>' for r in range(1, cells // 100 + 1))
    return (f'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{rows}</sheetData></worksheet>").encode()


def _workbook(sheets: list[bytes]) -> bytes:
    """A minimal XLSX with these sheets' XML (deflated: small on disk, large unpacked)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        names = "".join(f'<sheet name="S{i}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i in range(len(sheets)))
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="r"><sheets>{names}</sheets></workbook>')
        for i, xml in enumerate(sheets):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)
    return buffer.getvalue()


def _upload(client: TestClient, token: str, name: str, data: bytes) -> object:
    return client.post("/api/uploads", files={"file": (name, data)}, headers={"X-CSRF-Token": token})


# ----------------------------------------------------------------------------------- item 5: workbooks


def test_a_workbook_with_too_many_cells_is_refused_before_it_is_built(tmp_path: Path, client: TestClient,
                                                                      store: Store) -> None:
    """Item 5: an XLSX small enough to pass the zip-bomb check cost 34 s and 1.1 GB (3 sheets of 15 MB XML).
    Its cells are counted as the XML streams out of the archive; beyond ``limits.CELLS`` it is refused."""
    data = _workbook([_sheet_xml(limits.CELLS // 3 + 1000)] * 3)
    assert len(data) < 2 * 1024 * 1024
    path = tmp_path / "cells.xlsx"
    path.write_bytes(data)
    refused = run_cli("extract", path)
    assert refused.returncode == 2 and refused.stdout == ""
    assert f"单元格超过 {limits.CELLS:,} 个的上限" in one_line(refused) and str(path) in one_line(refused)

    token = api_sign_in(client, store)
    before = counts(store)
    answer = _upload(client, token, "cells.xlsx", data)
    assert answer.status_code == 413 and answer.json()["error"]["code"] == "too-large"  # type: ignore[attr-defined]
    assert counts(store) == before


def test_a_workbook_with_too_many_sheets_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sheets.xlsx"
    path.write_bytes(_workbook([_sheet_xml(100)] * (limits.SHEETS + 1)))
    refused = run_cli("check", path)
    assert refused.returncode == 2 and f"超过 {limits.SHEETS} 个的上限" in one_line(refused)


# ------------------------------------------------------------------------- items 10 and 12: the JSON model


@pytest.mark.parametrize("value, problem", [("1E+999999999", "绝对值不小于 10^15"), ("1e15", "绝对值不小于 10^15"),
                                            ("0.00000000001", "小数超过 10 位"), ("NaN", "")])
def test_a_model_with_an_amount_out_of_bounds_is_refused_everywhere(tmp_path: Path, seed_json: dict,  # type: ignore[type-arg]
                                                                    client: TestClient, store: Store, value: str,
                                                                    problem: str) -> None:
    """Item 10: an amount of 1E+999999999 imported and published with 0 errors (then 1 GB text and HTML
    downloads, 15 GB for the PDF). Refused by extract, check, render and import (exit 2, nothing stored,
    nothing written), and by the upload (422)."""
    model = _model_with(seed_json, value, tmp_path / "model.json")
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    out = tmp_path / "out"
    for args in (("extract", model), ("check", model), ("render", model, "-o", out),
                 ("import", model, "--publish", "--database", database)):
        refused = run_cli(*args)
        assert refused.returncode == 2, (args, refused.stderr)
        line = one_line(refused) if args[0] != "import" else refused.stderr.splitlines()[0]  # import: + its tally
        assert "Traceback" not in refused.stderr
        assert str(model) in line and (problem in line if problem else "不合法" in line), line
    assert not out.exists()
    stored = Store.open(database)
    assert sum(counts(stored).values()) == 0
    stored.close()

    token = api_sign_in(client, store)
    before = counts(store)
    answer = _upload(client, token, "model.json", model.read_bytes())
    assert answer.status_code == 422, answer.text  # type: ignore[attr-defined]
    assert answer.json()["error"]["message"].startswith("无法读取")  # type: ignore[attr-defined]
    assert counts(store) == before


def test_a_deeply_nested_model_is_one_line(tmp_path: Path, client: TestClient, store: Store) -> None:
    """Item 12: a 200,000-deep JSON gave a traceback; so did a YAML bomb-to-be (aliases)."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("schema_version: 1\na: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n")
    for path, word in ((deep, "嵌套超过 64 层"), (aliases, "别名")):
        for command in ("extract", "render"):
            refused = run_cli(command, path, *(["-o", tmp_path / "out"] if command == "render" else []))
            assert refused.returncode == 2 and word in one_line(refused), refused.stderr
    assert not (tmp_path / "out").exists()
    token = api_sign_in(client, store)
    answer = client.post("/api/session", content=b"[" * 100_000, headers={"content-type": "application/json"})
    assert answer.status_code == 422 and "嵌套" in answer.json()["error"]["message"]
    renamed = client.post("/api/departments/1/rename", content=b'{"name":' + b"[" * 100_000,
                          headers={"content-type": "application/json", "X-CSRF-Token": token})
    assert renamed.status_code == 422


# ------------------------------------------------------------------------------- items 11 and 12: XLSX


def test_eighteen_digit_numbers_in_a_workbook(tmp_path: Path, seed_xlsx: Path) -> None:
    """Item 11: a number of 1e16 or more (an 18-digit code typed as a number) crashed extract and render with a
    decimal traceback. A code reads as Excel shows it; an amount that large is refused in one line."""
    code = _spoiled(seed_xlsx, tmp_path / "code.xlsx", 表二_A2=110101199001011234)
    read = run_cli("extract", code, "-o", tmp_path / "code.json")
    assert read.returncode == 0 and "Traceback" not in read.stderr, read.stderr
    amount = _spoiled(seed_xlsx, tmp_path / "amount.xlsx", 表二_F9=1.5e16)
    for command in ("extract", "render"):
        refused = run_cli(command, amount, "-o", tmp_path / command)
        assert refused.returncode == 2 and "绝对值不小于 10^15" in one_line(refused)
        assert "表二" in one_line(refused)
    assert not (tmp_path / "render").exists() and not (tmp_path / "extract").exists()


def test_a_broken_sheet_is_one_line(tmp_path: Path, seed_xlsx: Path) -> None:
    """Item 12: a broken sheet XML gave a traceback."""
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(seed_xlsx) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet2.xml" else data)
    for command in ("extract", "render", "check"):
        refused = run_cli(command, broken, *(["-o", tmp_path / "out"] if command == "render" else []))
        assert refused.returncode == 2 and str(broken) in one_line(refused), refused.stderr


def test_output_under_a_file_is_one_line(tmp_path: Path, seed_path: Path) -> None:
    """Item 12: ``-o`` under a path that is a file gave a traceback; now one line naming that path."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for args in (("extract", seed_path, "-o", blocker / "seed.json"), ("render", seed_path, "-o", blocker / "out")):
        refused = run_cli(*args)
        assert refused.returncode == 2, refused.stderr
        assert str(blocker) in one_line(refused) and "文件" in one_line(refused)
    assert blocker.read_text() == "x"


def test_an_unexpected_error_is_one_line_and_debug_keeps_the_traceback(tmp_path: Path, seed_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        capsys: pytest.CaptureFixture[str],
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    """Item 12: every command turns any unexpected exception (a defect) into one line naming the file;
    ``--debug`` keeps the traceback in the log."""
    import logging

    import yusuan.readers
    from yusuan.cli import main

    def defect(*_args: object) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(yusuan.readers, "read_data", defect)
    for command in (["extract", str(seed_path)], ["render", str(seed_path), "-o", str(tmp_path / "out")],
                    ["check", str(seed_path)]):
        code = main(command)
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1 and str(seed_path) in err and "Traceback" not in err, err
        assert "IndexError" in err or "读取时程序出错" in err
    assert not (tmp_path / "out").exists()
    for debug in (["--debug", "extract", str(seed_path)], ["extract", str(seed_path), "--debug"]):
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="yusuan"):
            assert main(debug) == 2
        assert any(r.exc_info and r.exc_info[0] is IndexError for r in caplog.records)  # the traceback, in the log
        assert str(seed_path) in capsys.readouterr().err


# ------------------------------------------------------------------------------- item 13: linear reading


def test_text_beyond_the_limit_is_refused_and_a_long_paragraph_reads(tmp_path: Path) -> None:
    """Item 13: the text reader was quadratic (2 MB in 10 s, 50 MB not in 4 minutes). It is linear now
    (``benchmarks/scale.py`` measures it); text beyond ``limits.TEXT_CHARS`` is refused before it is read."""
    from yusuan.readers.text import read_text_string

    line = "这是一个很长的段落，没有句号的行会与下一行连成一段" * 3
    blocks = read_text_string("\n".join([line] * 40_000)).blocks  # one 3-million-character paragraph
    assert len(blocks) == 1 and len(blocks[0].text) == len(line) * 40_000 and blocks[0].source.end_line == 40_000
    huge = tmp_path / "huge.txt"
    with huge.open("w", encoding="utf-8") as fh:
        fh.write(("甲" * 999 + "\n") * (limits.TEXT_CHARS // 1000 + 1))
    refused = run_cli("extract", huge)
    assert refused.returncode == 2 and f"超过 {limits.TEXT_CHARS:,} 个字符的上限" in one_line(refused)


# ---------------------------------------------------------------------------- item 15: clumsy paths


def test_clumsy_paths_are_said_for_what_they_are(tmp_path: Path) -> None:
    """Item 15: a folder with nothing importable exited 0 silently; random bytes named .pdf were "不是文本文件";
    a symlink loop was "文件不存在"."""
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    (empty / "notes.md").write_text("nothing to import")
    refused = run_cli("import", empty, "--database", database)
    assert refused.returncode == 2 and "没有可导入的文件" in one_line(refused)

    noise = tmp_path / "noise.pdf"
    noise.write_bytes(os.urandom(4096).replace(b"%PDF", b"%PDG"))
    refused = run_cli("extract", noise)
    assert refused.returncode == 2 and "内容不是 PDF" in one_line(refused)

    loop_a, loop_b = tmp_path / "a.txt", tmp_path / "b.txt"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    refused = run_cli("check", loop_a)
    assert refused.returncode == 2 and "循环的符号链接" in one_line(refused)
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "never-there.txt")
    refused = run_cli("extract", dangling)
    assert refused.returncode == 2 and "指向不存在文件的符号链接" in one_line(refused)


def test_batch_refuses_the_same_inputs(tmp_path: Path, seed_json: dict, seed_path: Path) -> None:  # type: ignore[type-arg]
    """The limits hold in ``yusuan batch`` too (the same readers' entry): the file is reported, the rest read."""
    folder = tmp_path / "in"
    folder.mkdir()
    _model_with(seed_json, "1E+999999999", folder / "huge-amount.json")
    (folder / "seed.txt").write_bytes(seed_path.read_bytes())
    done = run_cli("batch", folder, "-o", tmp_path / "out", "--workers", "1", "-q")
    assert done.returncode == 1, done.stderr  # the unreadable document is an error finding of its own
    found = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    by_file = {Path(d["path"]).name: d for d in found["documents"]}
    assert by_file["huge-amount.json"]["status"] == "unreadable"
    assert "绝对值不小于 10^15" in by_file["huge-amount.json"]["problem"]
    assert by_file["seed.txt"]["status"] == "ok"


def test_the_limits_are_stated_once_and_documented() -> None:
    """Every limit of ``yusuan.limits`` is in the table of docs/readers.md with the same value."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "readers.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in docs.splitlines() if line.startswith("| ")}
    for name, value, _ in limits.TABLE:
        assert name in rows, name
        assert value.replace("|", "\\|") in rows[name], (name, value)
