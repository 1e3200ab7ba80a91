"""The disclosure written in each format (PDF, DOCX, XLSX, HTML, text), built off the request path.

Writing a PDF costs seconds of CPU: a web request never does it. A download of a format that is not
built yet *requests* it (a ``queued`` row) and is told to come back (202, Retry-After); a bounded
background worker (``yusuan.web.render_worker``, one or a few per server) *claims* the oldest queued
revision, writes every requested format of it and stores the bytes here, from where every server
serves them. Publishing a revision requests its formats at once, so they are usually ready before
anyone asks.

- One build per revision at a time: a claim takes all queued formats of one revision whose formats
  nobody is building (claims are serialised: SQLite's write lock, PostgreSQL an advisory lock);
  visitors asking meanwhile wait for that build, they never start another.
- A build that was abandoned (its worker killed) is claimed again after ``STALE``.
- ``renderer`` records the version of the writing code; a newer yusuan rebuilds on request.
- A cache: deleting rows loses nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, and_, delete, exists, select, update
from sqlalchemy.exc import IntegrityError

from .. import __version__
from .schema import renditions
from .types import utcnow

FORMATS = ("text", "html", "docx", "pdf", "xlsx")
#: a build running longer than this is taken to be abandoned (its worker died) and is claimed again
STALE = dt.timedelta(minutes=10)


@lru_cache(maxsize=1)
def renderer_version() -> str:
    """yusuan's version and a hash of the writing code and its templates (``yusuan/render``)."""
    digest = hashlib.sha256(__version__.encode())
    root = Path(__file__).resolve().parent.parent / "render"
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".css", ".jinja", ".html"):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class Rendition:
    revision_id: int
    format: str
    state: str  # queued / building / done / failed
    renderer: str
    error: str
    requested_at: dt.datetime
    started_at: dt.datetime | None

    @property
    def current(self) -> bool:
        return self.renderer == renderer_version()


def lookup(conn: Connection, revision_id: int, fmt: str) -> tuple[Rendition, bytes | None] | None:
    """The rendition of a revision in a format (with its bytes when built), if requested ever."""
    row = conn.execute(select(renditions).where(renditions.c.revision_id == revision_id,
                                                renditions.c.format == fmt)).mappings().first()
    if row is None:
        return None
    return _rendition(row), row["body"]


def _rendition(row: object) -> Rendition:
    return Rendition(revision_id=row["revision_id"], format=row["format"], state=row["state"],  # type: ignore[index]
                     renderer=row["renderer"], error=row["error"], requested_at=row["requested_at"],  # type: ignore[index]
                     started_at=row["started_at"])  # type: ignore[index]


def request(conn: Connection, revision_id: int, formats: tuple[str, ...] | list[str] = FORMATS) -> None:
    """Ask for these formats of a revision: queued unless built (or being built) by the current code."""
    version, now = renderer_version(), utcnow()
    for fmt in formats:
        found = conn.execute(select(renditions.c.state, renditions.c.renderer)
                             .where(renditions.c.revision_id == revision_id, renditions.c.format == fmt)).first()
        if found is not None and found.renderer == version:
            continue  # built, being built, waiting, or failed with this very code
        values = {"renderer": version, "state": "queued", "requested_at": now, "started_at": None,
                  "finished_at": None, "worker": "", "error": "", "body": None}
        if found is not None:
            conn.execute(update(renditions).where(renditions.c.revision_id == revision_id,
                                                  renditions.c.format == fmt).values(**values))
            continue
        try:
            with conn.begin_nested():
                conn.execute(renditions.insert().values(revision_id=revision_id, format=fmt, **values))
        except IntegrityError:
            pass  # requested meanwhile by another visitor: the same row


def claim(conn: Connection, worker: str) -> tuple[int, list[str]] | None:
    """Take the oldest queued revision nobody is building (and any abandoned build): its id and the formats
    to build, now marked ``building`` by ``worker``; None when there is nothing to do. Call it in a write
    transaction (``Store.write``)."""
    now = utcnow()
    if conn.dialect.name == "postgresql":  # claims one after the other (SQLite: the write lock does it)
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('yusuan-render-claim:' || current_schema()))")
    other = renditions.alias("other")
    busy = exists().where(and_(other.c.revision_id == renditions.c.revision_id, other.c.state == "building",
                               other.c.started_at > now - STALE))
    waiting = (renditions.c.state == "queued") | ((renditions.c.state == "building") & (renditions.c.started_at <= now - STALE))
    first = conn.execute(select(renditions.c.revision_id).where(waiting, ~busy)
                         .order_by(renditions.c.requested_at).limit(1)).scalar()
    if first is None:
        return None
    mine = (renditions.c.revision_id == first) & waiting
    formats = [f for (f,) in conn.execute(select(renditions.c.format).where(mine)).all()]
    conn.execute(update(renditions).where(mine).values(state="building", started_at=now, worker=worker[:128]))
    return int(first), sorted(formats, key=_order)


def _order(fmt: str) -> int:
    """The quick formats first: a visitor waiting for the text is not kept behind the PDF."""
    return ("text", "html", "xlsx", "docx", "pdf").index(fmt) if fmt in FORMATS else len(FORMATS)


def finish(conn: Connection, revision_id: int, fmt: str, worker: str, body: bytes | None, error: str = "") -> bool:
    """Store a build's bytes (or why it failed); False when the build was taken over meanwhile."""
    done = conn.execute(update(renditions).where(renditions.c.revision_id == revision_id, renditions.c.format == fmt,
                                                 renditions.c.state == "building", renditions.c.worker == worker[:128])
                        .values(state="done" if body is not None else "failed", body=body, error=error[:2000],
                                finished_at=utcnow()))
    return bool(done.rowcount)


def pending(conn: Connection) -> int:
    """Formats queued or being built (for tests and the benchmark)."""
    from sqlalchemy import func

    return int(conn.execute(select(func.count()).select_from(renditions)
                            .where(renditions.c.state.in_(("queued", "building")))).scalar() or 0)


def forget(conn: Connection, revision_id: int | None = None) -> int:
    """Drop built renditions (all, or a revision's): they are built again when asked for."""
    query = delete(renditions)
    if revision_id is not None:
        query = query.where(renditions.c.revision_id == revision_id)
    return int(conn.execute(query).rowcount or 0)
