"""What is written beside each revision and department spelling for the explorer and the search, and the
data version (``data_version``) that lists, searches and the explorer are cached under.

Called inside the transaction of each write (``writes``, ``identity``, ``accounts.audit``) and by migration
0008 (which fills the tables from the canonical models already stored: nothing is read again).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, select, update

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


def bump(conn: Connection) -> None:
    """A new data version, in the writing transaction (a row lock orders concurrent writers)."""
    from .schema import data_version

    done = conn.execute(update(data_version).where(data_version.c.id == 1)
                        .values(version=data_version.c.version + 1))
    if not done.rowcount:
        conn.execute(data_version.insert().values(id=1, version=1))


def version(conn: Connection) -> int:
    from .schema import data_version

    return int(conn.execute(select(data_version.c.version).where(data_version.c.id == 1)).scalar() or 0)
