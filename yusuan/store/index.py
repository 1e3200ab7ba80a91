"""What is written beside each revision and department spelling for the explorer and the search, the data
version (``data_version``) that lists and searches are cached under, and the version of each (region, year, kind)
scope (``scope_versions``) that the explorer's and the export form's pages are cached under.

Called inside the transaction of each write (``writes``, ``identity``, ``accounts.audit``) and by migration
0008 (which fills the tables from the canonical models already stored: nothing is read again).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Select, Table, bindparam, func, or_, select, update

from ..model import Disclosure
from .figures import decimal, figures
from .search import Entry, revision_entries, terms


def figure_rows(revision_id: int, d: Disclosure, summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"revision_id": revision_id, "section": f.section, "code": f.code, "measure": f.measure,
             "name": f.name[:500], "amount": decimal(f.amount), "anchor": f.anchor[:96]}
            for f in figures(d, summary)]


def entry_rows(revision_id: int, d: Disclosure) -> list[dict[str, Any]]:
    return [e.row(revision_id=revision_id, department_id=None) for e in revision_entries(d)]


def index_revision(conn: Connection, revision_id: int, d: Disclosure, summary: dict[str, Any],
                   tables: tuple[Table, Table] | None = None) -> None:
    """The figures and search entries of a revision (``tables``: the migration's own table objects)."""
    from .schema import figures as figures_table
    from .schema import search_entries

    target_figures, target_entries = tables or (figures_table, search_entries)
    rows = figure_rows(revision_id, d, summary)
    if rows:
        conn.execute(target_figures.insert(), rows)
    entries = entry_rows(revision_id, d)
    if entries:
        conn.execute(target_entries.insert(), entries)


def index_department(conn: Connection, department_id: int, table: Table | None = None) -> None:
    """The search entry of a department: its name, found by every spelling it was stored under and by its
    region's name (written again at each rename; a department merged into another has none)."""
    from .schema import department_aliases, departments, search_entries

    target = table if table is not None else search_entries
    conn.execute(target.delete().where(target.c.department_id == department_id, target.c.kind == "department"))
    row = conn.execute(select(departments.c.name, departments.c.region, departments.c.merged_into_id)
                       .where(departments.c.id == department_id)).first()
    if row is None or row.merged_into_id is not None:
        return
    spellings = [n for n in conn.execute(select(department_aliases.c.name).where(
        department_aliases.c.department_id == department_id).order_by(department_aliases.c.id)).scalars()
        if n != row.name]
    entry = Entry("department", row.name, "、".join(dict.fromkeys(spellings)))
    values = entry.row(revision_id=None, department_id=department_id)
    values["terms"] = terms(" ".join([row.name, *spellings, row.region or ""]))
    conn.execute(target.insert().values(**values))


#: audit actions that change what the public portal shows
CHANGES = {"import", "publish", "unpublish", "restore", "recheck", "rename", "merge"}


Scope = tuple[str, int, str]  # (region, "" for none; year; kind)


def bump(conn: Connection, target: str = "") -> None:
    """A new data version, in the writing transaction (a row lock orders concurrent writers); and a new version
    of each (region, year, kind) scope whose documents the write changed (``target``: ``revision:N``,
    ``disclosure:N`` or ``department:N``, as the audit log names it)."""
    from .schema import data_version

    done = conn.execute(update(data_version).where(data_version.c.id == 1)
                        .values(version=data_version.c.version + 1))
    if not done.rowcount:
        conn.execute(data_version.insert().values(id=1, version=1))
    for scope in sorted(scopes_of(conn, target)):
        _bump_scope(conn, scope)


def scopes_of(conn: Connection, target: str) -> set[Scope]:
    """The scopes a write to ``target`` changes: a revision's or a disclosure's own; for a department (a rename, a
    merge) those of its documents and of the documents of departments merged into it, under its region and
    theirs (a merged department's documents were shown under its region until the merge)."""
    from .schema import departments, disclosures, revisions

    what, _, ident = target.partition(":")
    if not ident.isdigit():
        return set()
    number = int(ident)
    region = func.coalesce(departments.c.region, "")
    joined = disclosures.join(departments, departments.c.id == disclosures.c.department_id)
    if what in ("revision", "disclosure"):
        query = select(region, disclosures.c.year, disclosures.c.kind).select_from(joined)
        if what == "revision":
            query = query.join(revisions, revisions.c.disclosure_id == disclosures.c.id).where(revisions.c.id == number)
        else:
            query = query.where(disclosures.c.id == number)
        return {(r, int(y), k) for r, y, k in conn.execute(query)}
    if what != "department":
        return set()
    family = select(departments.c.id).where(or_(departments.c.id == number, departments.c.merged_into_id == number))
    regions = set(conn.execute(select(region).where(departments.c.id.in_(family))).scalars())
    held = conn.execute(select(disclosures.c.year, disclosures.c.kind)
                        .where(disclosures.c.department_id.in_(family))).all()
    return {(r, int(y), k) for r in regions for y, k in held}


def _bump_scope(conn: Connection, scope: Scope) -> None:
    from .schema import scope_versions as table

    region, year, kind = scope
    where = (table.c.region == region, table.c.year == year, table.c.kind == kind)
    if not conn.execute(update(table).where(*where).values(version=table.c.version + 1)).rowcount:
        conn.execute(table.insert().values(region=region, year=year, kind=kind, version=1))


def version(conn: Connection) -> int:
    return int(conn.execute(_version_query()).scalar() or 0)


@lru_cache(maxsize=1)
def _version_query() -> Select[Any]:
    # built once: read at every list view (building a statement costs more than SQLite takes to run it)
    from .schema import data_version

    return select(data_version.c.version).where(data_version.c.id == 1)


def scope_versions(conn: Connection, region: str | None, years: list[int] | None,
                   kinds: list[str] | None) -> tuple[tuple[str, int, str, int], ...]:
    """The scopes (region, year, kind) with their versions (``None``: every region, year or kind)."""
    params = {"region": region, "years": years or [], "kinds": kinds or []}
    query = _scope_query(region is not None, years is not None, kinds is not None, False)
    return tuple((r, int(y), k, int(v)) for r, y, k, v in conn.execute(query, params))


def scope_stamp(conn: Connection, region: str | None, years: list[int] | None,
                kinds: list[str] | None) -> tuple[int, int]:
    """What a page showing these scopes is fingerprinted by: how many scopes have a row, and the sum of their
    versions. A write raises one version by one or adds a row, and none is ever lowered or removed, so the sum
    grows at every write to any of them: one row back, however many regions and years a page covers."""
    params = {"region": region, "years": years or [], "kinds": kinds or []}
    count, total = conn.execute(_scope_query(region is not None, years is not None, kinds is not None, True),
                                params).one()
    return int(count), int(total or 0)


@lru_cache(maxsize=16)
def _scope_query(region: bool, years: bool, kinds: bool, stamp: bool) -> Select[Any]:
    """The statement of ``scope_versions`` (``stamp``: of ``scope_stamp``) for one combination of filters, built
    once with bound parameters."""
    from .schema import scope_versions as table

    columns: list[Any] = ([func.count(), func.sum(table.c.version)] if stamp
                          else [table.c.region, table.c.year, table.c.kind, table.c.version])
    query: Select[Any] = select(*columns)
    if region:
        query = query.where(table.c.region == bindparam("region"))
    if years:
        query = query.where(table.c.year.in_(bindparam("years", expanding=True)))
    if kinds:
        query = query.where(table.c.kind.in_(bindparam("kinds", expanding=True)))
    return query if stamp else query.order_by(table.c.region, table.c.year, table.c.kind)
