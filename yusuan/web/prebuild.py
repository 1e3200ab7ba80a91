"""Visitors' responses built ahead of their first view.

After an import, a publication, a withdrawal, a restore, a re-check, a rename or a merge, what the
public sees of the department may have changed: its page and JSON, and the page and JSON of each of
its published disclosures (a page lists the department's other years). ``refresh`` builds and
stores those that are missing or out of date; the others cost one look-up each. Nothing depends on
it for correctness (a view never serves a response under another fingerprint than the one it
computes, and builds an out-of-date one itself): it only spares the first visitor the wait.

The explorer's front pages and the export forms follow the (region, year, kind) scopes of the documents they show
(``store.index.scope_versions``): ``refresh_lists`` builds those of the scopes a write changed (each front measure
in the scope's region and in all regions, for its year and the next, whose page shows it as last year; the export
form of the region, the year, both and neither; each department's years for the totals, “三公” and its parts and
机关运行经费) and stores them under their canonical address
(``list_responses``); when the regions or years that hold published documents change, every page's form does,
and all are built again (but a department's years, whose form offers no choice). Other explorer views (a 款 or 项,
another column, sort or page, a department's years for a 类 or 款, JSON twins) are built at their first view and
kept in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from starlette.requests import Request

from ..store import NotFound, Store, explore, index, reads, responses
from . import exports, listing, views_disclosure, views_public
from .document import RenderCache
from .explore import View, keyed, page_builder

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
                    revision_id: int | None = None, disclosure_id: int | None = None, app: Any = None) -> None:
    """``refresh`` after a write (run once its answer is sent), and with ``app`` (the portal) ``refresh_lists`` of
    the scopes it changed: a failure is logged, the write stands and the responses are built at their next view."""
    try:
        ids = [*department_ids, *departments_of(store, revision_id=revision_id, disclosure_id=disclosure_id)]
        refresh(store, ids, bodies)
        if app is not None:  # the scopes the write changed (a department's: a rename or a merge)
            targets = [f"department:{i}" for i in department_ids] + \
                      ([f"revision:{revision_id}"] if revision_id else []) + \
                      ([f"disclosure:{disclosure_id}"] if disclosure_id else [])
            with store.read() as conn:
                scopes = {s for target in targets for s in index.scopes_of(conn, target)}
            refresh_lists(app, scopes)
    except Exception:  # noqa: BLE001 - only the first visitor's wait depends on it
        log.exception("building visitors' pages ahead failed (they are built at their next view)")


def _request(app: Any, address: str) -> Request:
    """A visitor's request for ``address`` (no cookie, no host: links are relative or under the public address)."""
    path, _, query = address.partition("?")
    return Request({"type": "http", "method": "GET", "scheme": "http", "server": ("yusuan", 80), "root_path": "",
                    "path": path, "raw_path": path.encode(), "query_string": query.encode(), "headers": [],
                    "app": app, "state": {}})


def list_addresses(store: Store, scopes: Iterable[index.Scope] | None = None) -> list[str]:
    """The canonical addresses of the front pages of these scopes (every scope holding published documents when
    None): each front measure in the scope's region and in all regions for its year and the next, and the export
    forms of the region and the year (when None: of every region and year offered)."""
    with store.read() as conn:
        offered = explore.choices(conn, True)
        addresses: dict[str, None] = {}
        scopes = None if scopes is None else set(scopes)
        if scopes is None:
            scopes = {(region, year, kind) for region, year, kind, _ in index.scope_versions(conn, None, None, None)}
            scopes |= explore.scopes_held(conn, True)
            # every region and year the export form offers, those without documents too (they change only with
            # the choices, which rebuild everything)
            for where in (None, *(r for r in offered["regions"] if r)):
                for when in (None, *offered["years"]):
                    addresses[exports.form_address(where, when, None)] = None
        years = set(offered["years"])
        measures: dict[tuple[int, str], list[explore.Measure]] = {}
        for region, year, kind in sorted(set(scopes)):
            for shown in (year, year + 1):
                if shown not in years:
                    continue
                if (shown, kind) not in measures:
                    measures[shown, kind] = explore.front_measures(conn, shown, kind)
                for where in dict.fromkeys((region or None, None)):
                    for measure in measures[shown, kind]:
                        addresses[View(measure, where, shown, kind).address()] = None
            for where in dict.fromkeys((region or None, None)):
                for when in (year, None):
                    addresses[exports.form_address(where, when, None)] = None
        for department in explore.departments_in(conn, scopes):  # each one's years, for the fixed measures
            for measure in explore.fixed_measures():
                addresses[View(measure, department=department).address()] = None
    return list(addresses)


def refresh_lists(app: Any, scopes: Iterable[index.Scope] | None = None, progress: Any = None) -> int:
    """Build ahead the front pages of these scopes (all when None) that are missing or out of date (``app``: the
    portal whose pages they are; ``progress``: called with the number of addresses, then once per address); how
    many were built."""
    store = app.state.store
    with store.read() as conn:
        signature = _choices_signature(conn)
        if responses.list_etag(conn, CHOICES) != signature:
            scopes = None  # a region or a year appeared or went: every page's form changed
    addresses = list_addresses(store, scopes)
    if progress is not None:
        progress(len(addresses))
    built = 0
    for address in addresses:
        built += _build_one(app, address)
        if progress is not None:
            progress(None)
    with store.write() as conn:
        responses.save_list(conn, CHOICES, signature, b"")
    return built


def refresh_imported(store: Store, revision_ids: Iterable[int], progress: Any = None) -> int:
    """``refresh_lists`` of the scopes of these revisions, once at the end of an import (``yusuan import``,
    ``yusuan batch --import``: a revision stored, even unpublished, raises its scope's version)."""
    ids = list(revision_ids)
    if not ids:
        return 0
    with store.read() as conn:
        scopes = {s for i in ids for s in index.scopes_of(conn, f"revision:{i}")}
    from .app import create_app

    return refresh_lists(create_app(store), scopes, progress)


def after_import(store: Store, revision_ids: list[int], show_progress: bool = True) -> None:
    """``refresh_imported`` at the end of ``yusuan import`` and ``yusuan batch --import``, with a progress bar;
    a failure is one warning line (the documents are stored; the pages are built at their first view)."""
    import sys

    from tqdm import tqdm

    if not revision_ids:
        return
    bar = tqdm(unit="页", desc="预先生成数据浏览页面", disable=not show_progress, file=sys.stderr)

    def progress(total: int | None) -> None:
        if total is None:
            bar.update(1)
        else:
            bar.total = total
            bar.refresh()

    try:
        refresh_imported(store, revision_ids, progress)
    except Exception as exc:  # noqa: BLE001 - only the first visitors' wait depends on it
        log.exception("building the explorer's pages ahead failed")
        print(f"yusuan：数据浏览页面预先生成失败（首次访问时再生成）：{type(exc).__name__}: {exc}", file=sys.stderr)
    finally:
        bar.close()


def _build_one(app: Any, address: str) -> bool:
    """Build one front page or export form ahead unless stored up to date; whether it was built."""
    if len(address) + len("html:") > ADDRESS_LIMIT:  # a very long region name: built at its first view
        return False
    request = _request(app, address)
    params = request.query_params
    if address.startswith("/explore?"):
        department = int(params["department"]) if "department" in params else None
        view = View.parse(params.get("section"), params.get("code"), params.get("measure"), params.get("region"),
                          int(params["year"]) if department is None else None, params.get("kind", "budget"),
                          params["sort"], department)
        return listing.build_ahead(request, page_builder(request, view, "html"), "html", keyed(request, view))
    region, year = params.get("region"), int(params["year"]) if "year" in params else None
    return listing.build_ahead(request, exports.form_builder(request, region, year, None), "html",
                               exports.form_keyed(request, region, year, None))


#: the longest address ``list_responses`` keeps
ADDRESS_LIMIT = 512

#: the row of ``list_responses`` recording the regions and years the pages built ahead offer (not a page)
CHOICES = "choices"


def _choices_signature(conn: Any) -> str:
    import hashlib

    offered = explore.choices(conn, True)
    return hashlib.sha256(repr((offered["years"], offered["regions"])).encode()).hexdigest()[:40]


def refresh_all(store: Store) -> int:
    """Build every visitor's response that is missing or out of date (a database filled by
    ``yusuan batch --import``, or after an upgrade); how many were built."""
    with store.read() as conn:
        items, _ = reads.departments_page(conn, public=True, limit=10**9)
    built = refresh(store, [item.id for item in items])
    from .app import create_app

    return built + refresh_lists(create_app(store))
