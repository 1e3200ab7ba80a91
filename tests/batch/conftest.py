"""Folders of documents for the batch tests, made from the seed (the text reader alone reads them)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from yusuan.batch import Options, run_batch
from yusuan.batch.results import BatchOutcome

NAMES = ("水磨沟区人民政府办公室", "水磨沟区财政局", "水磨沟区审计局", "水磨沟区教育局", "水磨沟区民政局",
         "水磨沟区商务局", "水磨沟区司法局", "水磨沟区统计局", "水磨沟区科技局", "水磨沟区档案局")


def seed_variant(seed_text: str, name: str, year: int = 2021) -> str:
    """The seed as if published by another department (and year)."""
    text = seed_text.replace("水磨沟区人民政府办公室", name)
    return text.replace("2021", str(year)) if year != 2021 else text


@pytest.fixture(autouse=True)
def fixed_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other people edit the code while these tests run: results are reused across runs of one test
    whatever they change meanwhile (the fingerprint itself is tested in test_manifest)."""
    monkeypatch.setenv("YUSUAN_BATCH_FINGERPRINT", "tests")


@pytest.fixture
def make_docs(seed_text: str) -> Callable[..., list[Path]]:
    """``make_docs(folder, n)``: n seed variants of different departments, as text files."""

    def make(folder: Path, n: int, year: int = 2021, start: int = 0) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for i in range(start, start + n):
            name = NAMES[i % len(NAMES)] + (str(i // len(NAMES)) if i >= len(NAMES) else "")
            path = folder / f"doc{i:03d}_{year}.txt"
            path.write_text(seed_variant(seed_text, name, year), encoding="utf-8")
            paths.append(path)
        return paths

    return make


@pytest.fixture
def batch(tmp_path: Path) -> Callable[..., BatchOutcome]:
    """``batch(paths, **options)`` runs a batch quietly into tmp_path/out (or ``outdir=``)."""

    def run(paths: list[Path | str], **options: Any) -> BatchOutcome:
        options.setdefault("outdir", tmp_path / "out")
        options.setdefault("workers", 2)
        options.setdefault("progress", False)
        options.setdefault("log", None)
        return run_batch([str(p) for p in paths], Options(**options))

    return run


def _documents_json(outdir: Path) -> list[dict[str, Any]]:
    return json.loads((outdir / "findings.json").read_text(encoding="utf-8"))["documents"]


@pytest.fixture
def documents_json() -> Callable[[Path], list[dict[str, Any]]]:
    """The documents of findings.json (the part that must not depend on how the run was done)."""
    return _documents_json
