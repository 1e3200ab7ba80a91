"""The same batch on a Dask LocalCluster gives the same results as the local pool."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.slow
def test_dask_local_cluster_equals_local_run(tmp_path: Path, make_docs, batch, documents_json,  # type: ignore[no-untyped-def]
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from yusuan_testing import faults

    for name, value in faults.environment().items():  # the isolated workers started from here inject faults
        monkeypatch.setenv(name, value)
    folder = tmp_path / "in"
    make_docs(folder, 2, year=2021)
    make_docs(folder, 1, year=2022)  # a cross-year pair, checked in the workers too
    (folder / "empty.txt").write_bytes(b"")
    (folder / "hang.txt").write_bytes(faults.HANG)

    local = batch([folder], outdir=tmp_path / "local", timeout=1)
    on_dask = batch([folder], outdir=tmp_path / "dask", dask="local", workers=2, timeout=1)

    assert on_dask.backend == "dask local" and on_dask.computed == local.computed == 5
    assert documents_json(tmp_path / "dask") == documents_json(tmp_path / "local")
    statuses = {Path(d.path).name: d.status for d in on_dask.documents}
    assert statuses["hang.txt"] == "timeout" and statuses["empty.txt"] == "unreadable"
    assert on_dask.peak_rss_mb and all(v > 10 for v in on_dask.peak_rss_mb.values())
    from yusuan.batch import dask_backend

    assert not dask_backend._started  # the isolated workers of --dask local stopped with the cluster


@pytest.mark.slow
def test_dask_scheduler_address_with_shared_files(tmp_path: Path, make_docs, batch, documents_json) -> None:  # type: ignore[no-untyped-def]
    from distributed import LocalCluster

    folder = tmp_path / "in"
    make_docs(folder, 3)
    local = batch([folder], outdir=tmp_path / "local")
    # worker processes, as on other machines: tasks and results cross process boundaries
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = batch([folder], outdir=tmp_path / "dask", dask=cluster.scheduler_address, shared_files=True)
    assert remote.backend == f"dask {cluster.scheduler_address}" and remote.computed == 3
    assert documents_json(tmp_path / "dask") == documents_json(tmp_path / "local") != []
    assert all(d.status == "ok" for d in local.documents)


def test_a_worker_without_the_files_reads_the_shipped_bytes(seed_path: Path) -> None:
    from yusuan.batch.work import run_task

    task = {"op": "document", "key": "k", "label": "区县/seed.txt",
            "files": [{"path": "区县/seed.txt", "abspath": str(seed_path), "size": seed_path.stat().st_size}]}
    shipped = _ship(task)  # what the coordinator sends: the bytes travel with the task
    assert shipped["files"][0]["data"] == seed_path.read_bytes()
    shipped["files"][0]["abspath"] = "/nonexistent/on/this/worker/seed.txt"
    result = run_task(shipped)
    assert result["status"] == "ok" and result["document"]["department"] == "乌鲁木齐市水磨沟区人民政府办公室"
    assert all(f["location"].get("file") in (None, "区县/seed.txt") for f in result["findings"])


def _ship(task: dict) -> dict:  # type: ignore[type-arg]
    from yusuan.batch.dask_backend import DaskRunner

    runner = DaskRunner.__new__(DaskRunner)
    runner.shared_files = False
    return runner._ship(task)
