"""The store's commands: import, export, user (serve is exercised by the browser tests)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from yusuan.cli import main
from yusuan.store import Store, reads
from yusuan.store.schema import list_responses
from yusuan.web import prebuild


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def test_import_reports_an_unreadable_file_and_imports_the_rest(db: str, seed_path: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_bytes(seed_path.read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "ignored.png").write_bytes(b"\x89PNG")
    code = main(["import", str(folder), str(tmp_path / "missing.txt"), "--database", db, "--publish"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "missing.txt：文件不存在" in err and "empty.txt：文件为空" in err and "broken.pdf" in err
    assert "已导入 1 份，失败 3 份" in err and "Traceback" not in err
    assert "a.txt → 乌鲁木齐市水磨沟区人民政府办公室 2021 年预算 修订 #1" in out
    store = Store.open(db)
    with store.read() as conn:
        assert reads.counts(conn, public=True)["disclosures"] == 1
        # the explorer's front pages of the year imported were built ahead once, at the end
        ahead = set(conn.execute(select(list_responses.c.address)).scalars())
    assert ahead == {prebuild.CHOICES} | {f"html:{a}" for a in prebuild.list_addresses(store)} and len(ahead) > 10
    assert "/explore?section=three_public&code=total&measure=amount&region=" in "".join(ahead)
    store.close()
    assert main(["import", str(folder / "a.txt"), "--database", db, "-q"]) == 0  # a second revision


def test_export_every_format(db: str, seed_path: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["import", str(seed_path), "--database", db, "-q"]) == 0
    capsysbinary.readouterr()
    assert main(["export", "--database", db]) == 0
    csv_bytes = capsysbinary.readouterr().out
    assert csv_bytes.startswith(b"\xef\xbb\xbf\xe9\x83\xa8\xe9\x97\xa8")  # BOM, then 部门
    assert "2010301,行政运行（政府办公厅（室）及相关机构事务）,20103,合计,309.08".encode() in csv_bytes
    assert main(["export", "--format", "json", "--database", db]) == 0
    exported = json.loads(capsysbinary.readouterr().out)["disclosures"][0]
    assert exported["summary"]["project"] == "131.04" and exported["kind_name"] == "预算"
    assert main(["export", "--format", "xlsx", "-o", str(tmp_path / "x.xlsx"), "--database", db]) == 0
    assert zipfile.is_zipfile(tmp_path / "x.xlsx")
    assert main(["export", "--format", "fdp", "-o", str(tmp_path / "fdp"), "--database", db]) == 0
    package = json.loads((tmp_path / "fdp" / "datapackage.json").read_text("utf-8"))
    assert package["model"]["measures"]["income"]["direction"] == "revenue"
    assert (tmp_path / "fdp" / "data" / "functional.csv").read_text("utf-8").count("\n") == 7  # 6 项 leaves
    assert main(["export", "--format", "fdp", "-o", str(tmp_path / "p.zip"), "--database", db]) == 0
    assert "datapackage.json" in zipfile.ZipFile(tmp_path / "p.zip").namelist()
    assert main(["export", "--format", "xlsx", "--database", db]) == 2  # needs -o
    assert main(["export", "--published", "--database", db]) == 0
    assert capsysbinary.readouterr().out.count(b"\n") == 1  # nothing published: the header only


def test_users(db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a good long password\n"))
    assert main(["user", "add", "liu", "--password-stdin", "--database", db]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["user", "add", "chen", "--password-stdin", "--database", db]) == 2
    assert "至少 8 个字符" in capsys.readouterr().err
    assert main(["user", "list", "--database", db]) == 0
    assert capsys.readouterr().out.startswith("liu\t")
    assert main(["user", "remove", "nobody", "--database", db]) == 2
    assert main(["user", "remove", "liu", "--database", db]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["user", "add", "zhou", "--database", db]) == 2  # no terminal and no --password-stdin
    assert "--password-stdin" in capsys.readouterr().err


def test_a_database_that_cannot_be_opened_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["export", "--database", "postgresql://nobody@127.0.0.1:1/none"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("yusuan：用法错误：无法打开数据库 postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert len(err.strip().splitlines()) == 1


def test_serve_refuses_a_port_in_use_in_one_line(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--database", db]) == 2
    err = capsys.readouterr().err
    assert f"无法在 127.0.0.1:{port} 上监听" in err and len(err.strip().splitlines()) == 1
    assert main(["serve", "--port", "70000", "--database", db]) == 2


def test_import_reads_in_parallel(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from yusuan.generate import generate_text

    for seed in range(3):
        (tmp_path / f"g{seed}.txt").write_text(generate_text(seed), encoding="utf-8")
    assert main(["import", str(tmp_path), "-j", "2", "--database", db]) == 0
    assert capsys.readouterr().out.count("修订 #1") == 3
    assert main(["import", str(tmp_path), "-j", "0", "--database", db]) == 2


def test_import_of_a_document_in_two_files_keeps_both(db: str, seed_path: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    text = seed_path.read_text(encoding="utf-8")
    start = text.index("第二部分", text.index("第四部分"))
    end = text.index("第三部分", start)
    (tmp_path / "说明.txt").write_text(text[:start] + text[end:], encoding="utf-8")
    (tmp_path / "表格.txt").write_text(text[start:end], encoding="utf-8")
    assert main(["import", f"{tmp_path / '说明.txt'}+{tmp_path / '表格.txt'}", "--database", db]) == 0
    assert "错误 12" in capsys.readouterr().out  # the seed's 15 mistakes, 12 causes (consequences under their root)
    store = Store.open(db)
    with store.read() as conn:
        [item] = reads.revisions_of(conn, 1, public=False)
        data, media_type = reads.source_blob(conn, item.source_sha256 or "")
    store.close()
    assert media_type == "application/zip" and item.source_name == "说明+表格.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["表格.txt", "说明.txt"]
        assert archive.read("表格.txt").decode("utf-8") == text[start:end]


def test_search_and_explore_from_the_command_line(db: str, seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(seed_path), "--database", db, "--publish", "-q"]) == 0
    capsys.readouterr()
    assert main(["search", "公务接待费", "--database", db, "--format", "json", "--published"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["words"] == ["公务", "接待费"] and found["counts"]["sentence"] >= 1
    assert main(["search", "'", "--database", db, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"] == []
    assert main(["explore", "--section", "three_public", "--database", db, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["amount"], r["prior"]) for r in rows] == [("23.98", None)] and rows[0]["link"].endswith("#c-表八-0-0")
    assert main(["export", "--database", db, "--region", "别处", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"disclosures": []}
