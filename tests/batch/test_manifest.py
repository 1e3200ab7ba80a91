"""What a rerun reuses: unchanged content under unchanged code and rules, final results only."""

from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.batch.manifest import Stored
from yusuan.batch.pool import Limits
from yusuan.batch.work import code_fingerprint


def _stored(status: str, **limits: float | None) -> Stored:
    return Stored("k", "d1", "s1", status, {}, {"timeout": 300.0, "max_memory_mb": 2048.0, **limits}, "run", "now")


@pytest.mark.parametrize("status, limits, final", [
    ("ok", Limits(), True),
    ("unreadable", Limits(), True),
    ("failed", Limits(), True),
    ("crashed", Limits(), False),  # a killed worker's document is always read again
    ("timeout", Limits(timeout=300), True),
    ("timeout", Limits(timeout=100), True),
    ("timeout", Limits(timeout=600), False),  # given more time, it is tried again
    ("timeout", Limits(timeout=None), False),
    ("memory", Limits(max_memory_mb=2048), True),
    ("memory", Limits(max_memory_mb=4096), False),
])
def test_which_results_are_final(status: str, limits: Limits, final: bool) -> None:
    assert _stored(status).is_final("d1", "s1", limits) is final


def test_changed_content_or_settings_are_not_reused() -> None:
    assert not _stored("ok").is_final("d2", "s1", Limits())
    assert not _stored("ok").is_final("d1", "s2", Limits())


def test_code_change_recomputes(tmp_path: Path, make_docs, batch, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    make_docs(tmp_path / "in", 2)
    assert batch([tmp_path / "in"]).computed == 2
    assert batch([tmp_path / "in"]).computed == 0
    monkeypatch.setenv("YUSUAN_BATCH_FINGERPRINT", "other code")
    assert batch([tmp_path / "in"]).computed == 2
    assert batch([tmp_path / "in"], select=["arithmetic"]).computed == 2  # another selection of rules


def test_fingerprint_follows_the_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("YUSUAN_BATCH_FINGERPRINT", raising=False)
    real = code_fingerprint()
    assert len(real) == 16 and real != "tests"
    monkeypatch.setenv("YUSUAN_BATCH_FINGERPRINT", "pinned")
    assert code_fingerprint() == "pinned"


def test_one_run_at_a_time_per_outdir(tmp_path: Path) -> None:
    from yusuan.batch.manifest import Manifest
    from yusuan.errors import UsageError

    first = Manifest.open(tmp_path)
    with pytest.raises(UsageError, match="正被另一个 yusuan batch 使用"):
        Manifest.open(tmp_path)
    first.close()
    Manifest.open(tmp_path).close()
