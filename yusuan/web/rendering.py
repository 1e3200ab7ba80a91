"""Downloads of the written disclosure (PDF, DOCX, XLSX, HTML, text): served as built, never built here.

``answer`` serves a built format from the database (``store.renditions``). One that is not built yet
is requested, the background workers are woken, and the visitor gets ``202 Accepted`` with
``Retry-After`` (a page that retries by itself, or JSON for an API client); everyone asking meanwhile
waits for the same build. A format whose writer fails answers 503 in one line; the others still work.

``RenderWorkers`` keeps the server's background workers (``render_worker``): started with the
server, restarted when one dies, woken when something is queued, stopped with the server.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import threading
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..store import Store, renditions
from .errors import WebError

log = logging.getLogger("yusuan.web")

#: seconds a visitor is asked to wait before asking again (most formats take under a second, a PDF a few)
RETRY = {"pdf": 5, "docx": 2}
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "html": "HTML", "text": "文本"}


class RenderWorkers:
    """The background workers of one server process (``count`` of them; 0: none, another server renders)."""

    def __init__(self, store: Store, count: int) -> None:
        self.url = store.engine.url.render_as_string(hide_password=False)
        self.count = count
        self.processes: list[subprocess.Popen[bytes]] = []
        self.lock = threading.Lock()
        self.stopped = False

    def start(self) -> None:
        with self.lock:
            self.stopped = False
            while len(self.processes) < self.count:
                self.processes.append(self._spawn())

    def _spawn(self) -> subprocess.Popen[bytes]:
        env = {**os.environ, "YUSUAN_DATABASE_URL": self.url}
        return subprocess.Popen([sys.executable, "-m", "yusuan.web.render_worker"], stdin=subprocess.PIPE,
                                env=env, close_fds=True)

    def wake(self) -> None:
        """Tell every worker to look at the queue now (a dead one is started again)."""
        with self.lock:
            if self.stopped:
                return
            for i, process in enumerate(self.processes):
                if process.poll() is not None:
                    log.warning("render worker %s ended (%s): started again", process.pid, process.returncode)
                    process = self.processes[i] = self._spawn()
                try:
                    assert process.stdin is not None
                    process.stdin.write(b"\n")
                    process.stdin.flush()
                except (BrokenPipeError, OSError):
                    pass  # ended just now: started again at the next wake-up

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            processes, self.processes = self.processes, []
        for process in processes:
            with contextlib.suppress(OSError):
                if process.stdin is not None:
                    process.stdin.close()  # end of input: the worker finishes its format and leaves
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def answer(request: Request, revision_id: int, fmt: str, filename: str, media_type: str) -> Response:
    """The built format, or 202 while it is being built, or 503 when its writer fails."""
    from .downloads import content_disposition

    store = request.app.state.store
    with store.read() as conn:
        found = renditions.lookup(conn, revision_id, fmt)
    if found is not None and found[0].current:
        rendition, body = found
        if rendition.state == "done" and body is not None:
            return Response(body, media_type=media_type, headers={"content-disposition": content_disposition(filename)})
        if rendition.state == "failed":
            raise WebError(503, f"暂时无法生成{FORMAT_NAMES.get(fmt, fmt)}格式（{rendition.error.splitlines()[0][:120]}）；"
                                "其他格式不受影响", code="render-failed")
        state = rendition.state
    else:
        with store.write() as conn:
            renditions.request(conn, revision_id, [fmt])
        state = "queued"
    workers = getattr(request.app.state, "render_workers", None)
    if workers is not None:
        workers.wake()
    return pending(request, fmt, state)


def pending(request: Request, fmt: str, state: str) -> Response:
    """202 Accepted: the format is being written; ask again after ``Retry-After`` seconds."""
    retry = RETRY.get(fmt, 1)
    name = FORMAT_NAMES.get(fmt, fmt)
    message = f"正在生成{name}文件（{'排队中' if state == 'queued' else '生成中'}），请 {retry} 秒后再试"
    headers = {"retry-after": str(retry), "cache-control": "no-store"}
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"status": state, "message": message, "retry_after": retry}, status_code=202,
                            headers=headers)
    from .render import render_page

    page = render_page(request, "pending.html", {"title": f"正在生成{name}文件", "format_name": name,
                                                 "message": message, "retry": retry})
    return HTMLResponse(page, status_code=202, headers={**headers, "refresh": str(retry)})  # the browser retries


def start(app: Any) -> None:
    """Start the server's render workers (``YUSUAN_RENDER_WORKERS``), and have them look at the queue."""
    settings, store = app.state.settings, app.state.store
    if settings.render_workers > 0:
        workers = RenderWorkers(store, settings.render_workers)
        workers.start()
        app.state.render_workers = workers


def stop(app: Any) -> None:
    workers = getattr(app.state, "render_workers", None)
    if workers is not None:
        workers.stop()
        app.state.render_workers = None
