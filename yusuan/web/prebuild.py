"""Visitors' responses built ahead of their first view.

After an import, a publication, a withdrawal, a restore, a re-check, a rename or a merge, what the
public sees of the department may have changed: its page and JSON, and the page and JSON of each of
its published disclosures (a page lists the department's other years). ``refresh`` builds and
stores those that are missing or out of date; the others cost one look-up each. Nothing depends on
it for correctness (a view never serves a response under another fingerprint than the one it
computes, and builds an out-of-date one itself): it only spares the first visitor the wait.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from ..store import NotFound, Store, reads
from . import views_disclosure, views_public
from .document import RenderCache

log = logging.getLogger("yusuan.web")
FORMATS = ("html", "json")


def refresh(store: Store, department_ids: Iterable[int], bodies: RenderCache | None = None) -> int:
    """Build every visitor's response of these departments that is missing or out of date; how many."""
    bodies = bodies if bodies is not None else RenderCache(32 * 1024 * 1024)
    built = 0
    for department_id in dict.fromkeys(department_ids):
        with store.read() as conn:  # the look-ups of the views themselves, so that the fingerprints agree
            try:
                seen = {fmt: reads.public_department(conn, department_id, fmt) for fmt in FORMATS}
            except NotFound:
                continue  # nothing of it is public
            if seen["html"][0]["merged_into_id"] is not None:
                continue  # its address redirects
            held = reads.department_disclosures(conn, department_id, public=True, with_digest=False)
            stale = [fmt for fmt, (dept, stored) in seen.items()
                     if stored != views_public.department_etag(dept, held, fmt)]
            pages = []
            for item in held:
                for fmt in FORMATS:
                    info, others, stored = reads.public_disclosure(conn, fmt, disclosure_id=item.id,
                                                                   with_others=fmt == "html")
                    if stored != views_disclosure.etag(info, others, fmt):
                        pages.append((info, others, fmt))
        for info, others, fmt in pages:
            views_disclosure.build(store, bodies, info, others, fmt)
        for fmt in stale:
            views_public.build_department(store, department_id, fmt)
        built += len(pages) + len(stale)
    return built


def departments_of(store: Store, *, revision_id: int | None = None, disclosure_id: int | None = None) -> list[int]:
    """The department of a revision or a disclosure (none when it does not exist)."""
    with store.read() as conn:
        try:
            if revision_id is not None:
                return [reads.revision(conn, revision_id, public=False).department.id]
            if disclosure_id is not None:
                return [reads.disclosure(conn, disclosure_id, public=False).department.id]
        except NotFound:
            pass
    return []


def refresh_quietly(store: Store, bodies: RenderCache | None = None, department_ids: Iterable[int] = (), *,
                    revision_id: int | None = None, disclosure_id: int | None = None) -> None:
    """``refresh`` after a write (run once its answer is sent): a failure is logged, the write stands and
    the responses are built at their next view."""
    try:
        ids = [*department_ids, *departments_of(store, revision_id=revision_id, disclosure_id=disclosure_id)]
        refresh(store, ids, bodies)
    except Exception:  # noqa: BLE001 - only the first visitor's wait depends on it
        log.exception("building visitors' pages ahead failed (they are built at their next view)")


def refresh_all(store: Store) -> int:
    """Build every visitor's response that is missing or out of date (a database filled by
    ``yusuan batch --import``, or after an upgrade); how many were built."""
    with store.read() as conn:
        items, _ = reads.departments_page(conn, public=True, limit=10**9)
    return refresh(store, [item.id for item in items])
