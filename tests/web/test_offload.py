"""Uploads are read and checked in worker processes (``yusuan.web.offload``): the same answer as in the server's
own process, a reading error comes back as its one line, and a worker that dies loses nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from yusuan.store import Store
from yusuan.web.app import create_app
from yusuan.web.settings import Settings
from yusuan_testing.faults import CRASH, HANG, environment

from .conftest import sign_in


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    app = create_app(store, Settings(upload_limit=256 * 1024, render_workers=0, read_workers=1))
    with TestClient(app, follow_redirects=False) as c:
        yield c


def _upload(client: TestClient, token: str, name: str, data: bytes):  # type: ignore[no-untyped-def]
    return client.post("/api/uploads", files={"file": (name, data)}, headers={"X-CSRF-Token": token})


def test_an_upload_is_read_and_checked_in_a_worker_process(client: TestClient, store: Store, seed_text: str) -> None:
    token = sign_in(client, store)
    offload = client.app.state.offload  # type: ignore[attr-defined]
    answer = _upload(client, token, "seed.txt", seed_text.encode())
    assert answer.status_code == 201
    assert answer.json()["errors"] == 12 and offload.done == 2  # read, then checked, each by a worker
    refused = _upload(client, token, "note.txt", "这不是预算公开文件。".encode())  # the reader's error, pickled back
    assert refused.status_code == 422 and refused.json()["error"]["message"].startswith("无法读取：note.txt：")


def test_a_worker_that_dies_loses_nothing_and_is_replaced(client: TestClient, store: Store, seed_text: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in environment().items():  # worker processes started from now on carry the fault
        monkeypatch.setenv(name, value)
    token = sign_in(client, store)
    died = _upload(client, token, "broken.txt", CRASH + seed_text.encode())
    assert died.status_code == 503 and "读取进程" in died.json()["error"]["message"]
    again = _upload(client, token, "seed.txt", seed_text.encode())  # a new worker takes the next upload
    assert again.status_code == 201 and again.json()["number"] == 1  # the crashed upload stored nothing


def test_a_read_that_never_ends_is_stopped(store: Store, seed_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in environment().items():
        monkeypatch.setenv(name, value)
    app = create_app(store, Settings(upload_limit=256 * 1024, render_workers=0, read_workers=1, read_timeout=3))
    with TestClient(app, follow_redirects=False) as client:
        token = sign_in(client, store)
        stuck = _upload(client, token, "stuck.txt", HANG + seed_text.encode())
        assert stuck.status_code == 503 and "超过 3 秒" in stuck.json()["error"]["message"]
        again = _upload(client, token, "seed.txt", seed_text.encode())  # a new worker takes the next upload
        assert again.status_code == 201 and again.json()["number"] == 1


def test_reading_errors_cross_processes_whole() -> None:
    import pickle

    from yusuan.errors import LimitError, ReadError

    back = pickle.loads(pickle.dumps(ReadError("a.pdf", "PDF 文件已损坏")))
    assert (type(back), str(back), back.path, back.problem) == (ReadError, "a.pdf：PDF 文件已损坏", "a.pdf", "PDF 文件已损坏")
    limit = pickle.loads(pickle.dumps(LimitError("b.xlsx", "单元格过多", 413)))
    assert (type(limit), limit.status, str(limit)) == (LimitError, 413, "b.xlsx：单元格过多")


def test_a_read_stopped_for_its_time_leaves_the_read_beside_it_alone() -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from yusuan.web.errors import WebError
    from yusuan.web.offload import Offload

    offload = Offload(2, timeout=6)
    with ThreadPoolExecutor(2) as warm:  # both workers started (their start is not what is measured)
        list(warm.map(lambda _: offload.call(time.sleep, 1), range(2)))  # two at once: one in each
    outcome: dict[str, object] = {}

    def stuck() -> None:
        try:
            offload.call(time.sleep, 60)
        except WebError as exc:
            outcome["stuck"] = exc.status

    def beside() -> None:
        time.sleep(2)
        outcome["beside"] = offload.call(time.sleep, 5)  # from 2 s to 7 s: reading when its neighbour is stopped at 6

    threads = [threading.Thread(target=stuck), threading.Thread(target=beside)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert outcome == {"stuck": 503, "beside": None}
        assert offload.call(abs, -2) == 2  # the stopped lane takes a new worker
    finally:
        offload.close()


def test_calls_wait_for_a_free_worker() -> None:
    import os
    from concurrent.futures import ThreadPoolExecutor

    from yusuan.web.offload import Offload

    offload = Offload(1, timeout=60)
    try:
        with ThreadPoolExecutor(4) as threads:
            pids = set(threads.map(lambda _: offload.call(os.getpid), range(4)))
        assert len(pids) == 1 and os.getpid() not in pids and offload.done == 4  # one worker, each in turn
    finally:
        offload.close()
