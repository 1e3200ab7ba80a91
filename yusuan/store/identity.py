"""Departments with a stable identity across years.

A department is found by the key of its name (``normalize.key``) within its region: the key
leaves out the region when the name repeats it ("乌鲁木齐市水磨沟区人民政府办公室" and
"水磨沟区人民政府办公室" in region 乌鲁木齐市水磨沟区 are one department). Everything else (a
rename, two departments merged) is recorded by hand with ``rename`` and ``merge``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select, update
from sqlalchemy.exc import IntegrityError

from ..normalize import clean, key
from .errors import StoreError
from .schema import department_aliases, department_events, departments, disclosures
from .types import utcnow


@dataclass(frozen=True)
class Actor:
    """Who does a write: a signed-in user, or the command line."""

    name: str
    user_id: int | None = None


def region_key(region: str | None) -> str:
    return key(region or "")


def name_key(name: str, region: str | None) -> str:
    """The key of a department name inside its region (the region's words left out)."""
    nk, rk = key(name), region_key(region)
    for start in range(len(rk)):
        tail = rk[start:]
        if len(tail) >= 2 and nk.startswith(tail) and len(nk) > len(tail):
            return nk[len(tail):]
    return nk


def find(conn: Connection, name: str, region: str | None) -> int | None:
    row = conn.execute(
        select(department_aliases.c.department_id).where(
            department_aliases.c.region_key == region_key(region),
            department_aliases.c.name_key == name_key(name, region),
        )
    ).first()
    return None if row is None else _surviving(conn, row[0])


def _surviving(conn: Connection, department_id: int) -> int:
    seen = set()
    while department_id not in seen:
        seen.add(department_id)
        merged = conn.execute(select(departments.c.merged_into_id).where(departments.c.id == department_id)).scalar()
        if merged is None:
            return department_id
        department_id = merged
    return department_id


def resolve(conn: Connection, name: str, region: str | None) -> tuple[int, bool]:
    """The department of this name (created when new) and whether it was created."""
    name, region = clean(name), clean(region or "") or None
    if not key(name):
        raise StoreError("无法识别部门名称，不能入库")
    found = find(conn, name, region)
    if found is not None:
        return found, False
    try:
        with conn.begin_nested():  # another import may create the same department at the same moment
            department_id = conn.execute(
                departments.insert().values(name=name, region=region, created_at=utcnow())
            ).inserted_primary_key[0]  # type: ignore[index]
            _add_alias(conn, department_id, name, region)
    except IntegrityError:  # it did (its alias is unique): file under that one
        found = find(conn, name, region)
        if found is None:
            raise
        return found, False
    return department_id, True


def _add_alias(conn: Connection, department_id: int, name: str, region: str | None) -> None:
    from .index import index_department

    conn.execute(department_aliases.insert().values(
        department_id=department_id, name=name, name_key=name_key(name, region), region_key=region_key(region),
        created_at=utcnow()))
    index_department(conn, department_id)


def _department(conn: Connection, department_id: int) -> dict[str, object]:
    row = conn.execute(select(departments).where(departments.c.id == department_id)).mappings().first()
    if row is None:
        raise StoreError(f"部门 {department_id} 不存在")
    if row["merged_into_id"] is not None:
        raise StoreError(f"部门“{row['name']}”已并入其他部门")
    return dict(row)


def rename(conn: Connection, department_id: int, new_name: str, actor: Actor, year: int | None = None,
           note: str = "") -> None:
    """Record that a department took a new name (the old one stays an alias of it)."""
    dept = _department(conn, department_id)
    new_name = clean(new_name)
    if not key(new_name):
        raise StoreError("新名称不能为空")
    region = dept["region"]  # type: ignore[assignment]
    other = find(conn, new_name, region)  # type: ignore[arg-type]
    if other is not None and other != department_id:
        raise StoreError(f"名称“{new_name}”已属于另一个部门（编号 {other}），请改用合并")
    if other is None:
        _add_alias(conn, department_id, new_name, region)  # type: ignore[arg-type]
    conn.execute(update(departments).where(departments.c.id == department_id).values(name=new_name))
    conn.execute(department_events.insert().values(
        kind="rename", department_id=department_id, old_name=dept["name"], new_name=new_name, year=year,
        note=note, actor=actor.name, at=utcnow()))
    from .index import index_department

    index_department(conn, department_id)


def merge(conn: Connection, keep_id: int, absorb_id: int, actor: Actor, year: int | None = None,
          note: str = "") -> None:
    """Record that department ``absorb_id`` is the same as (or became part of) ``keep_id``.

    Its disclosures and names move to ``keep_id``; a year and kind held by both is refused,
    because two documents for one department, year and kind cannot both be right.
    """
    if keep_id == absorb_id:
        raise StoreError("不能把部门与自身合并")
    keep, absorb = _department(conn, keep_id), _department(conn, absorb_id)
    both = conn.execute(
        select(disclosures.c.year, disclosures.c.kind)
        .where(disclosures.c.department_id == absorb_id)
        .intersect(select(disclosures.c.year, disclosures.c.kind).where(disclosures.c.department_id == keep_id))
    ).all()
    if both:
        years = "、".join(f"{y} 年{'预算' if k == 'budget' else '决算'}" for y, k in sorted(both))
        raise StoreError(f"两个部门都有 {years}，不能合并；请先确认哪一份属于哪个部门")
    conn.execute(update(disclosures).where(disclosures.c.department_id == absorb_id).values(department_id=keep_id))
    conn.execute(update(department_aliases).where(department_aliases.c.department_id == absorb_id)
                 .values(department_id=keep_id))
    conn.execute(update(departments).where(departments.c.id == absorb_id).values(merged_into_id=keep_id))
    conn.execute(department_events.insert().values(
        kind="merge", department_id=keep_id, other_department_id=absorb_id, old_name=absorb["name"],
        new_name=keep["name"], year=year, note=note, actor=actor.name, at=utcnow()))
    from .index import index_department

    index_department(conn, keep_id)
    index_department(conn, absorb_id)  # merged: its entry goes


def alias_count(conn: Connection, department_id: int) -> int:
    return int(conn.execute(select(func.count()).select_from(department_aliases)
                            .where(department_aliases.c.department_id == department_id)).scalar() or 0)
