"""Finding the documents of a batch: folders, formats, split documents paired, the output folder skipped."""

from __future__ import annotations

from pathlib import Path

from yusuan.batch.discover import discover, split_part, with_hashes


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")


def test_split_documents_are_paired(tmp_path: Path) -> None:
    _touch(tmp_path, "js_renda_2019_yusuan_text.pdf", "js_renda_2019_yusuan_tables.pdf", "js_jcy_2019_yusuan.pdf",
           "alone_text.pdf", "部门预算说明.pdf", "部门预算公开表.pdf")
    jobs = discover([tmp_path]).jobs
    files = sorted([Path(f.path).name for f in j.files] for j in jobs)
    assert files == [["alone_text.pdf"], ["js_jcy_2019_yusuan.pdf"],
                     ["js_renda_2019_yusuan_text.pdf", "js_renda_2019_yusuan_tables.pdf"],
                     ["部门预算说明.pdf", "部门预算公开表.pdf"]]


def test_pairing_can_be_turned_off(tmp_path: Path) -> None:
    _touch(tmp_path, "a_text.pdf", "a_tables.pdf")
    assert len(discover([tmp_path], pair=False).jobs) == 2


def test_pairs_only_within_one_folder_and_suffix(tmp_path: Path) -> None:
    _touch(tmp_path, "x/a_text.pdf", "y/a_tables.pdf", "b_text.pdf", "b_tables.xlsx")
    assert all(len(j.files) == 1 for j in discover([tmp_path]).jobs)
    assert split_part("dir/a_tables.pdf") == ("dir/a.pdf", "tables")
    assert split_part("dir/text.pdf") is None


def test_formats_hidden_files_and_outdir(tmp_path: Path) -> None:
    _touch(tmp_path, "a.pdf", "b.xlsx", "c.docx", "d.txt", "e.json", "f.xls", "README.md", "logo.png",
           ".hidden.pdf", "~$b.xlsx", ".git/x.pdf", "out/findings.json", "sub/g.PDF")
    found = discover([tmp_path], exclude=[tmp_path / "out"])
    names = sorted(Path(j.files[0].path).name for j in found.jobs)
    assert names == ["a.pdf", "b.xlsx", "c.docx", "d.txt", "e.json", "f.xls", "g.PDF"]
    assert sorted(Path(p).name for p in found.ignored) == ["README.md", "logo.png"]


def test_files_named_are_taken_whatever_their_suffix(tmp_path: Path) -> None:
    _touch(tmp_path, "notes.md")
    found = discover([tmp_path / "notes.md", tmp_path / "missing.pdf"])
    assert [Path(j.files[0].path).name for j in found.jobs] == ["notes.md"]
    assert found.missing == [str(tmp_path / "missing.pdf")]


def test_same_file_twice_is_one_job(tmp_path: Path) -> None:
    _touch(tmp_path, "a.pdf")
    assert len(discover([tmp_path, tmp_path / "a.pdf"]).jobs) == 1


def test_digest_follows_content(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one")
    first = with_hashes(discover([tmp_path]).jobs[0])
    (tmp_path / "a.txt").write_text("two")
    second = with_hashes(discover([tmp_path]).jobs[0])
    assert first.key == second.key and first.digest != second.digest
