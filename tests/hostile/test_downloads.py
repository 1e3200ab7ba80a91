"""Issue 13, item 4: PDF downloads were rendered inside the web process on demand (6 anonymous downloads of
one PDF took 33 s each and slowed every other page to 3 s). Now a request never renders: it answers 202
with Retry-After until a bounded background worker, one build per revision at a time, has stored it."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from yusuan.store import Actor, Store, renditions
from yusuan.web import render_worker
from yusuan.web.app import create_app
from yusuan.web.settings import Settings

STAFF = Actor(name="测试")


@pytest.fixture
def published(store: Store, seed_path: Path) -> int:
    result = store.import_path(seed_path, STAFF)
    store.publish(result.revision_id, STAFF)
    return result.revision_id


def test_no_request_renders(client: TestClient, store: Store, published: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Six visitors at once get 202 + Retry-After (never a render in their request); the worker builds the PDF
    once; then every one gets it."""
    def forbidden(*_args: object) -> bytes:
        raise AssertionError("rendered inside a request")

    monkeypatch.setattr(render_worker, "write", forbidden)
    url = f"/revisions/{published}/download/pdf"
    with ThreadPoolExecutor(6) as pool:
        waiting = list(pool.map(lambda _: client.get(url, headers={"accept": "application/json"}), range(6)))
    assert {w.status_code for w in waiting} == {202}
    assert all(int(w.headers["retry-after"]) >= 1 and w.json()["status"] in ("queued", "building") for w in waiting)
    assert "正在生成PDF文件" in client.get(url).text  # a browser gets a page that retries by itself
    monkeypatch.undo()

    built: list[str] = []
    real = render_worker.write
    monkeypatch.setattr(render_worker, "write", lambda d, fmt: built.append(fmt) or real(d, fmt))
    assert render_worker.drain(store) == 1  # one revision, all its queued formats (publication queued them)
    assert built.count("pdf") == 1
    got = [client.get(url) for _ in range(6)]
    assert {g.status_code for g in got} == {200} and got[0].content.startswith(b"%PDF")
    assert got[0].headers["content-type"] == "application/pdf" and "attachment" in got[0].headers["content-disposition"]


def test_one_build_per_revision_at_a_time(store: Store, published: int) -> None:
    """A second worker finds nothing to claim while the first builds the revision (others wait for it), and an
    abandoned build (its worker killed) is claimed again once stale."""
    with store.write() as conn:
        first = renditions.claim(conn, "worker-a")
    assert first is not None and first[0] == published and set(first[1]) == set(renditions.FORMATS)
    with store.write() as conn:
        assert renditions.claim(conn, "worker-b") is None
        renditions.request(conn, published, ["pdf"])  # asked again meanwhile: still the one build
        assert renditions.claim(conn, "worker-b") is None
    from sqlalchemy import update

    from yusuan.store.schema import renditions as table

    with store.write() as conn:  # worker-a died an hour ago
        conn.execute(update(table).values(started_at=renditions.utcnow() - renditions.STALE * 6))
    with store.write() as conn:
        again = renditions.claim(conn, "worker-b")
        assert again is not None and again[0] == published
        assert not renditions.finish(conn, published, "pdf", "worker-a", b"late")  # the dead one's result is not taken


def test_a_failing_writer_answers_503_and_the_others_work(client: TestClient, store: Store, published: int,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real = render_worker.write

    def broken_pdf(d: object, fmt: str) -> bytes:
        if fmt == "pdf":
            raise RuntimeError("字体缺失")
        return real(d, fmt)  # type: ignore[arg-type]

    monkeypatch.setattr(render_worker, "write", broken_pdf)
    render_worker.drain(store)
    failed = client.get(f"/api/revisions/{published}")  # the page still works
    assert failed.status_code == 200
    answer = client.get(f"/revisions/{published}/download/pdf")
    assert answer.status_code == 503 and "字体缺失" in answer.text
    assert client.get(f"/revisions/{published}/download/docx").status_code == 200


def test_the_server_starts_bounded_workers_that_build_in_the_background(store: Store, published: int) -> None:
    """The real thing: the server's worker process (``YUSUAN_RENDER_WORKERS=1``) builds what publication
    queued; the test waits for the state (every format built), not for a time."""
    app = create_app(store, Settings(render_workers=1))
    with TestClient(app) as client:
        workers = app.state.render_workers
        assert workers is not None and len(workers.processes) == 1
        deadline = time.monotonic() + 300
        while True:
            with store.read() as conn:
                if renditions.pending(conn) == 0:
                    break
            assert time.monotonic() < deadline, "the worker built nothing"
            workers.wake()
            time.sleep(0.2)
        answer = client.get(f"/revisions/{published}/download/pdf")
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
        process = workers.processes[0]
    assert process.poll() is not None  # stopped with the server
