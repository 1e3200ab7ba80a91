"""Reads: what pages and exports need, each in one or two queries (no query per row).

``public=True`` restricts every read to published revisions: the public never sees a revision
that staff have not published. Staff reads show the newest revision of each disclosure.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    and_,
    bindparam,
    cast,
    func,
    literal_column,
    or_,
    select,
)

from ..checks import SEVERITY_ORDER, Finding
from ..model import SourceRef
from ..normalize import key
from .errors import NotFound
from .schema import (
    blobs,
    check_runs,
    department_aliases,
    department_events,
    departments,
    disclosures,
    findings,
    projects,
    public_responses,
    rendered_pages,
    revisions,
)

KIND_NAMES = {"budget": "预算", "final_accounts": "决算"}


@dataclass(frozen=True)
class DepartmentRef:
    id: int
    name: str
    region: str | None


@dataclass(frozen=True)
class CheckInfo:
    run_id: int
    created_at: dt.datetime
    checker: str
    rules_available: bool
    errors: int
    warnings: int
    infos: int

    @property
    def status(self) -> str:
        """ok / warning / error / unchecked (the rules were not available when it was checked)."""
        if not self.rules_available:
            return "unchecked"
        return "error" if self.errors else "warning" if self.warnings else "ok"


@dataclass(frozen=True)
class RevisionInfo:
    id: int
    disclosure_id: int
    number: int
    created_at: dt.datetime
    actor: str
    source_name: str
    source_format: str
    source_sha256: str | None
    title: str
    note: str
    restored_from_id: int | None
    published_at: dt.datetime | None
    is_published: bool
    totals: dict[str, Decimal | None]
    staff_actual: int | None
    check: CheckInfo | None


@dataclass(frozen=True)
class DisclosureInfo:
    id: int
    department: DepartmentRef
    year: int
    kind: str
    published_revision_id: int | None
    revision_count: int
    shown: RevisionInfo | None
    digest: dict[str, Any] | None = None

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)


@dataclass(frozen=True)
class DepartmentItem:
    id: int
    name: str
    region: str | None
    disclosures: list[tuple[int, str, int]] = field(default_factory=list)  # (year, kind, disclosure id)


TOTAL_COLUMNS = ("income_total", "expenditure_total", "basic", "project", "three_public", "operating_costs")


def _latest_check() -> Any:
    return (select(func.max(check_runs.c.id)).where(check_runs.c.revision_id == revisions.c.id)
            .correlate(revisions).scalar_subquery())


def _is_latest_check() -> ColumnElement[bool]:
    """The join condition of a revision's latest check run. Naming the revision as well lets PostgreSQL look
    the run up by its index (with the run's id alone, a list of disclosures scanned every check run)."""
    return and_(check_runs.c.revision_id == revisions.c.id, check_runs.c.id == _latest_check())


def _shown_revision(public: bool) -> ColumnElement[Any]:
    if public:
        return disclosures.c.published_revision_id
    latest = (select(func.max(revisions.c.id)).where(revisions.c.disclosure_id == disclosures.c.id)
              .correlate(disclosures).scalar_subquery())
    return latest  # type: ignore[return-value]


def _revision_columns() -> list[Any]:
    return [revisions.c.id.label("r_id"), revisions.c.disclosure_id.label("r_disclosure_id"),
            revisions.c.number, revisions.c.created_at.label("r_created_at"), revisions.c.actor,
            revisions.c.source_name, revisions.c.source_format, revisions.c.source_sha256, revisions.c.title,
            revisions.c.note, revisions.c.restored_from_id, revisions.c.published_at, revisions.c.staff_actual,
            *[revisions.c[c] for c in TOTAL_COLUMNS],
            check_runs.c.id.label("c_id"), check_runs.c.created_at.label("c_created_at"), check_runs.c.checker,
            check_runs.c.rules_available, check_runs.c.errors, check_runs.c.warnings, check_runs.c.infos]


def _revision_info(row: Any, published_id: int | None) -> RevisionInfo | None:
    if row.r_id is None:
        return None
    check = None
    if row.c_id is not None:
        check = CheckInfo(run_id=row.c_id, created_at=row.c_created_at, checker=row.checker,
                          rules_available=bool(row.rules_available), errors=row.errors, warnings=row.warnings,
                          infos=row.infos)
    return RevisionInfo(
        id=row.r_id, disclosure_id=row.r_disclosure_id, number=row.number, created_at=row.r_created_at,
        actor=row.actor, source_name=row.source_name, source_format=row.source_format,
        source_sha256=row.source_sha256, title=row.title, note=row.note, restored_from_id=row.restored_from_id,
        published_at=row.published_at, is_published=row.r_id == published_id,
        totals={c: getattr(row, c) for c in TOTAL_COLUMNS}, staff_actual=row.staff_actual, check=check)


def _disclosure_select(public: bool, with_digest: bool = False) -> Select[Any]:
    shown = _shown_revision(public)
    revision_count = (select(func.count()).where(revisions.c.disclosure_id == disclosures.c.id)
                      .correlate(disclosures).scalar_subquery())
    columns = [disclosures.c.id, disclosures.c.year, disclosures.c.kind, disclosures.c.published_revision_id,
               departments.c.id.label("d_id"), departments.c.name.label("d_name"),
               departments.c.region.label("d_region"), revision_count.label("revision_count"),
               *_revision_columns()]
    if with_digest:
        columns.append(revisions.c.digest)
    query = (select(*columns)
             .join(departments, departments.c.id == disclosures.c.department_id)
             .outerjoin(revisions, revisions.c.id == shown)
             .outerjoin(check_runs, _is_latest_check()))
    if public:
        query = query.where(disclosures.c.published_revision_id.is_not(None))
    return query


def _disclosure_info(row: Any, with_digest: bool = False) -> DisclosureInfo:
    return DisclosureInfo(
        id=row.id, department=DepartmentRef(id=row.d_id, name=row.d_name, region=row.d_region), year=row.year,
        kind=row.kind, published_revision_id=row.published_revision_id, revision_count=row.revision_count,
        shown=_revision_info(row, row.published_revision_id),
        digest=json.loads(row.digest) if with_digest and row.digest else None)


@lru_cache(maxsize=4)
def _disclosure_by_id(public: bool) -> Select[Any]:
    # built once: constructing a statement costs more than running it (hot path of every page view)
    return _disclosure_select(public).where(disclosures.c.id == bindparam("disclosure_id"))


@lru_cache(maxsize=4)
def _revision_by_id() -> Select[Any]:
    shown_columns = _disclosure_select(False)
    return (select(*[c for c in shown_columns.selected_columns])
            .join(departments, departments.c.id == disclosures.c.department_id)
            .join(revisions, revisions.c.disclosure_id == disclosures.c.id)
            .outerjoin(check_runs, _is_latest_check())
            .where(revisions.c.id == bindparam("revision_id")))


@lru_cache(maxsize=4)
def _department_index(public: bool) -> Select[Any]:
    query = select(disclosures.c.year, disclosures.c.kind, disclosures.c.id).where(
        disclosures.c.department_id == bindparam("department_id"))
    if public:
        query = query.where(disclosures.c.published_revision_id.is_not(None))
    return query.order_by(disclosures.c.year, disclosures.c.kind)


def disclosure(conn: Connection, disclosure_id: int, public: bool) -> DisclosureInfo:
    row = conn.execute(_disclosure_by_id(public), {"disclosure_id": disclosure_id}).first()
    if row is None:
        raise NotFound("没有这份公开文件，或它尚未发布")
    return _disclosure_info(row)


def revision(conn: Connection, revision_id: int, public: bool) -> DisclosureInfo:
    """The disclosure of a revision, showing that revision (public: only the published one)."""
    row = conn.execute(_revision_by_id(), {"revision_id": revision_id}).first()
    if row is None or (public and row.published_revision_id != revision_id):
        raise NotFound("没有这个修订，或它尚未发布")
    return _disclosure_info(row)


@lru_cache(maxsize=4)
def _department_disclosures(public: bool, with_digest: bool) -> Select[Any]:
    return (_disclosure_select(public, with_digest=with_digest)
            .where(disclosures.c.department_id == bindparam("department_id"))
            .order_by(disclosures.c.year, disclosures.c.kind))


def department_disclosures(conn: Connection, department_id: int, public: bool,
                           with_digest: bool = True) -> list[DisclosureInfo]:
    """A department's disclosures in the revision each shows (``with_digest=False``: without the digests,
    which are fixed per revision, for a cheap look at what changed)."""
    rows = conn.execute(_department_disclosures(public, with_digest), {"department_id": department_id}).all()
    return [_disclosure_info(r, with_digest=with_digest) for r in rows]


def department_index(conn: Connection, department_id: int, public: bool) -> list[tuple[int, str, int]]:
    """(year, kind, disclosure id) of a department's disclosures: a light query for navigation."""
    rows = conn.execute(_department_index(public), {"department_id": department_id})
    return [(r.year, r.kind, r.id) for r in rows]


def disclosures_list(conn: Connection, public: bool, offset: int = 0, limit: int = 50,
                     unpublished_only: bool = False) -> tuple[list[DisclosureInfo], int]:
    query = _disclosure_select(public)
    if unpublished_only:
        query = query.where(or_(disclosures.c.published_revision_id.is_(None),
                                disclosures.c.published_revision_id != revisions.c.id))
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar() or 0
    rows = conn.execute(query.order_by(revisions.c.created_at.desc(), disclosures.c.id.desc())
                        .offset(offset).limit(limit)).all()
    return [_disclosure_info(r) for r in rows], int(total)


def revisions_of(conn: Connection, disclosure_id: int, public: bool) -> list[RevisionInfo]:
    published = conn.execute(select(disclosures.c.published_revision_id)
                             .where(disclosures.c.id == disclosure_id)).scalar()
    query = (select(*_revision_columns()).select_from(revisions)
             .outerjoin(check_runs, _is_latest_check())
             .where(revisions.c.disclosure_id == disclosure_id).order_by(revisions.c.number.desc()))
    if public:
        query = query.where(revisions.c.id == published)
    return [r for r in (_revision_info(row, published) for row in conn.execute(query)) if r is not None]


def model_blob(conn: Connection, revision_id: int) -> bytes:
    blob = conn.execute(select(revisions.c.model).where(revisions.c.id == revision_id)).scalar()
    if blob is None:
        raise NotFound(f"修订 {revision_id} 不存在")
    return bytes(blob)


def digest_of(conn: Connection, revision_id: int) -> dict[str, Any]:
    text = conn.execute(select(revisions.c.digest).where(revisions.c.id == revision_id)).scalar()
    if text is None:
        raise NotFound(f"修订 {revision_id} 不存在")
    return dict(json.loads(text))


def findings_of(conn: Connection, check_run_id: int) -> list[Finding]:
    """The findings of a check run: 错误, 警告, 提示 in that order, each in the order the rules gave them."""
    rows = conn.execute(select(findings).where(findings.c.check_run_id == check_run_id)
                        .order_by(findings.c.seq)).mappings().all()
    rows = sorted(rows, key=lambda r: -SEVERITY_ORDER.get(r["severity"], 0))
    return [Finding(code=r["code"], severity=r["severity"], rule=r["rule"], message=r["message"],
                    location=SourceRef.model_validate(json.loads(r["location"] or "{}")), expected=r["expected"],
                    actual=r["actual"], delta=r["delta"], tolerance=r["tolerance"], unit=r["unit"],
                    **_places_and_consequences(r["related"])) for r in rows]


def _places_and_consequences(text: str | None) -> dict[str, Any]:
    """``compared`` and ``related`` from the ``related`` column (a plain list: places, as first written)."""
    data = json.loads(text or "[]")
    if isinstance(data, list):
        return {"compared": [SourceRef.model_validate(x) for x in data]}
    return {"compared": [SourceRef.model_validate(x) for x in data.get("compared", [])],
            "related": [Finding.model_validate(x) for x in data.get("related", [])]}


def source_blob(conn: Connection, sha256: str) -> tuple[bytes, str]:
    row = conn.execute(select(blobs.c.content, blobs.c.media_type).where(blobs.c.sha256 == sha256)).first()
    if row is None:
        raise NotFound("原始文件不存在")
    return bytes(row.content), row.media_type


def _department_filter(public: bool) -> ColumnElement[bool]:
    if not public:
        return departments.c.merged_into_id.is_(None)
    published = select(disclosures.c.id).where(disclosures.c.department_id == departments.c.id,
                                               disclosures.c.published_revision_id.is_not(None))
    return and_(departments.c.merged_into_id.is_(None), published.exists())


@lru_cache(maxsize=1)
def _department_statements() -> dict[str, Select[Any]]:
    wanted: Any = bindparam("department_id")
    return {
        "row": select(departments).where(departments.c.id == wanted),
        "public": select(departments.c.id).where(departments.c.id == wanted, _department_filter(True)),
        "aliases": select(department_aliases.c.name).where(department_aliases.c.department_id == wanted)
        .order_by(department_aliases.c.id),
        "events": select(department_events).where(or_(department_events.c.department_id == wanted,
                                                      department_events.c.other_department_id == wanted))
        .order_by(department_events.c.id),
    }


def department(conn: Connection, department_id: int, public: bool) -> dict[str, Any]:
    statements = _department_statements()
    params = {"department_id": department_id}
    row = conn.execute(statements["row"], params).mappings().first()
    if row is None:
        raise NotFound("没有这个部门")
    if public and row["merged_into_id"] is None and not conn.execute(statements["public"], params).first():
        raise NotFound("没有这个部门，或它还没有已发布的公开文件")
    aliases = conn.execute(statements["aliases"], params).scalars().all()
    events = conn.execute(statements["events"], params).mappings().all()
    return {**dict(row), "aliases": list(aliases), "events": [dict(e) for e in events]}


def departments_page(conn: Connection, public: bool, region: str | None = None, year: int | None = None,
                     q: str | None = None, offset: int = 0, limit: int = 50) -> tuple[list[DepartmentItem], int]:
    query = select(departments.c.id, departments.c.name, departments.c.region).where(_department_filter(public))
    if region is not None:
        query = query.where(departments.c.region == region) if region else query.where(departments.c.region.is_(None))
    if year is not None:
        has_year = select(disclosures.c.id).where(disclosures.c.department_id == departments.c.id,
                                                  disclosures.c.year == year)
        if public:
            has_year = has_year.where(disclosures.c.published_revision_id.is_not(None))
        query = query.where(has_year.exists())
    if q is not None and not key(q):
        return [], 0  # a name of punctuation only (``'``) names nothing, it does not match everything
    if q:
        like = f"%{_escape_like(key(q))}%"
        matching = select(department_aliases.c.department_id).where(
            department_aliases.c.name_key.like(like, escape="\\"))
        query = query.where(departments.c.id.in_(matching))
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar() or 0
    rows = conn.execute(query.order_by(departments.c.region, departments.c.name).offset(offset).limit(limit)).all()
    ids = [r.id for r in rows]
    held: dict[int, list[tuple[int, str, int]]] = {i: [] for i in ids}
    if ids:
        dq = select(disclosures.c.department_id, disclosures.c.year, disclosures.c.kind, disclosures.c.id).where(
            disclosures.c.department_id.in_(ids))
        if public:
            dq = dq.where(disclosures.c.published_revision_id.is_not(None))
        for r in conn.execute(dq.order_by(disclosures.c.year, disclosures.c.kind)):
            held[r.department_id].append((r.year, r.kind, r.id))
    return [DepartmentItem(id=r.id, name=r.name, region=r.region, disclosures=held[r.id]) for r in rows], int(total)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def regions(conn: Connection, public: bool) -> list[tuple[str | None, int]]:
    rows = conn.execute(select(departments.c.region, func.count()).where(_department_filter(public))
                        .group_by(departments.c.region).order_by(departments.c.region)).all()
    return [(r[0], int(r[1])) for r in rows]


def years(conn: Connection, public: bool) -> list[tuple[int, str, int]]:
    query = select(disclosures.c.year, disclosures.c.kind, func.count()).group_by(disclosures.c.year, disclosures.c.kind)
    if public:
        query = query.where(disclosures.c.published_revision_id.is_not(None))
    return [(r[0], r[1], int(r[2])) for r in conn.execute(query.order_by(disclosures.c.year.desc(), disclosures.c.kind))]


def counts(conn: Connection, public: bool) -> dict[str, int]:
    dq = select(func.count()).select_from(disclosures)
    if public:
        dq = dq.where(disclosures.c.published_revision_id.is_not(None))
    dep = select(func.count()).select_from(departments).where(_department_filter(public))
    return {"departments": int(conn.execute(dep).scalar() or 0), "disclosures": int(conn.execute(dq).scalar() or 0)}


def search_projects(conn: Connection, q: str, public: bool, offset: int = 0,
                    limit: int = 50) -> tuple[list[dict[str, Any]], int]:
    """Projects whose name contains ``q``, in the revision each disclosure shows."""
    if not key(q):
        return [], 0
    like = f"%{_escape_like(key(q))}%"
    shown = _shown_revision(public)
    query = (select(projects.c.name, projects.c.function_code, projects.c.amount, disclosures.c.id.label("disclosure_id"),
                    disclosures.c.year, disclosures.c.kind, departments.c.id.label("department_id"),
                    departments.c.name.label("department"), revisions.c.id.label("revision_id"))
             .join(revisions, revisions.c.id == projects.c.revision_id)
             .join(disclosures, and_(disclosures.c.id == revisions.c.disclosure_id, revisions.c.id == shown))
             .join(departments, departments.c.id == disclosures.c.department_id)
             .where(projects.c.name_key.like(like, escape="\\")))
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar() or 0
    rows = conn.execute(query.order_by(disclosures.c.year.desc(), departments.c.name, projects.c.id)
                        .offset(offset).limit(limit)).mappings().all()
    return [dict(r) for r in rows], int(total)


def latest_model_of(conn: Connection, department_id: int, year: int, kind: str) -> bytes | None:
    """The newest revision's model of a department's disclosure (for cross-year checks)."""
    row = conn.execute(
        select(revisions.c.model).join(disclosures, disclosures.c.id == revisions.c.disclosure_id)
        .where(disclosures.c.department_id == department_id, disclosures.c.year == year, disclosures.c.kind == kind)
        .order_by(revisions.c.id.desc()).limit(1)).first()
    return None if row is None else bytes(row[0])


def _export_filter(query: Select[Any], department_ids: list[int] | None, year: int | None, kind: str | None,
                   region: str | None, disclosure_ids: list[int] | None) -> Select[Any]:
    if department_ids is not None:
        query = query.where(disclosures.c.department_id.in_(department_ids))
    if year is not None:
        query = query.where(disclosures.c.year == year)
    if kind is not None:
        query = query.where(disclosures.c.kind == kind)
    if region is not None:
        query = query.where(departments.c.region == region) if region else query.where(departments.c.region.is_(None))
    if disclosure_ids is not None:
        query = query.where(disclosures.c.id.in_(disclosure_ids))
    return query.order_by(departments.c.region, departments.c.name, disclosures.c.year, disclosures.c.kind)


def export_items(conn: Connection, public: bool, department_ids: list[int] | None = None, year: int | None = None,
                 kind: str | None = None, region: str | None = None,
                 disclosure_ids: list[int] | None = None) -> list[DisclosureInfo]:
    """Disclosures with the digest of the revision they show, for exports and comparisons (``region`` "":
    departments without a region)."""
    query = _disclosure_select(public, with_digest=True).where(revisions.c.id.is_not(None))
    rows = conn.execute(_export_filter(query, department_ids, year, kind, region, disclosure_ids)).all()
    return [_disclosure_info(r, with_digest=True) for r in rows]


def export_count(conn: Connection, public: bool, year: int | None = None, kind: str | None = None,
                 region: str | None = None) -> int:
    """How many disclosures ``export_ids`` would give."""
    query = (select(func.count()).select_from(disclosures)
             .join(departments, departments.c.id == disclosures.c.department_id)
             .where(_shown_revision(public).is_not(None)))
    query = _export_filter(query, None, year, kind, region, None).order_by(None)
    return int(conn.execute(query).scalar() or 0)


def export_ids(conn: Connection, public: bool, department_ids: list[int] | None = None, year: int | None = None,
               kind: str | None = None, region: str | None = None) -> list[tuple[int, int, str]]:
    """(disclosure id, year, kind) of what ``export_items`` would give, in its order, without the digests: a
    long export then reads the digests a batch at a time (``export.batches``)."""
    query = (select(disclosures.c.id, disclosures.c.year, disclosures.c.kind)
             .join(departments, departments.c.id == disclosures.c.department_id)
             .where(_shown_revision(public).is_not(None)))
    rows = conn.execute(_export_filter(query, department_ids, year, kind, region, None)).all()
    return [(r.id, r.year, r.kind) for r in rows]


def rendered_page(conn: Connection, check_run_id: int, renderer: str) -> bytes | None:
    row = conn.execute(select(rendered_pages.c.body).where(rendered_pages.c.check_run_id == check_run_id,
                                                           rendered_pages.c.renderer == renderer)).first()
    return None if row is None else bytes(row[0])


# -- what the public sees, with the response stored for it, in as few round trips as possible ------------

def _stored_join(scope: str, object_id: Any) -> ColumnElement[bool]:
    return and_(public_responses.c.scope == scope, public_responses.c.object_id == object_id,
                public_responses.c.format == bindparam("format"))


@lru_cache(maxsize=16)
def _public_disclosure(dialect: str, by_revision: bool, with_others: bool) -> Select[Any]:
    query = _disclosure_select(True).add_columns(public_responses.c.etag.label("stored_etag"))
    if with_others:
        sibling = disclosures.alias("sibling")
        entry = cast(sibling.c.year, String) + ":" + sibling.c.kind + ":" + cast(sibling.c.id, String)
        # the separator written into the statement (``aggregate_strings`` binds it anew at each execution)
        joined = (func.string_agg(entry, literal_column("','")) if dialect == "postgresql"
                  else func.group_concat(entry, literal_column("','")))
        query = query.add_columns(select(joined).where(
            sibling.c.department_id == disclosures.c.department_id, sibling.c.published_revision_id.is_not(None))
            .scalar_subquery().label("others"))
    query = query.outerjoin(public_responses, _stored_join("revision", revisions.c.id))
    if by_revision:
        wanted = revisions.alias("wanted")
        owner = select(wanted.c.disclosure_id).where(wanted.c.id == bindparam("revision_id")).scalar_subquery()
        return query.where(disclosures.c.id == owner, disclosures.c.published_revision_id == bindparam("revision_id"))
    return query.where(disclosures.c.id == bindparam("disclosure_id"))


def _others(text: str | None) -> list[tuple[int, str, int]]:
    entries = (part.split(":") for part in (text or "").split(",") if part)
    return sorted((int(year), kind, int(other)) for year, kind, other in entries)  # as ``department_index``


def public_disclosure(conn: Connection, fmt: str, *, disclosure_id: int | None = None, revision_id: int | None = None,
                      with_others: bool = False) -> tuple[DisclosureInfo, list[tuple[int, str, int]], str | None]:
    """A published disclosure as ``disclosure(conn, id, public=True)`` gives it (or the disclosure of a published
    revision, as ``revision(conn, id, public=True)``), the department's published years as ``department_index``
    gives them (``with_others``), and the fingerprint its response in ``fmt`` is stored under (``responses``;
    not the bytes: they are often in memory already, and on PostgreSQL cost more than the rest): one query."""
    params = {"format": fmt, "disclosure_id": disclosure_id, "revision_id": revision_id}
    row = conn.execute(_public_disclosure(conn.dialect.name, revision_id is not None, with_others), params).first()
    if row is None:
        raise NotFound("没有这份公开文件，或它尚未发布" if revision_id is None else "没有这个修订，或它尚未发布")
    return _disclosure_info(row), _others(row.others) if with_others else [], row.stored_etag


@lru_cache(maxsize=4)
def _public_department(dialect: str) -> Select[Any]:
    wanted: Any = bindparam("department_id")
    pair = (func.json_build_array if dialect == "postgresql" else func.json_array)(
        department_aliases.c.id, department_aliases.c.name)
    aliases = select((func.json_agg if dialect == "postgresql" else func.json_group_array)(pair)).where(
        department_aliases.c.department_id == departments.c.id).scalar_subquery()
    events = select(func.count()).where(or_(department_events.c.department_id == departments.c.id,
                                            department_events.c.other_department_id == departments.c.id))
    published = select(disclosures.c.id).where(disclosures.c.department_id == departments.c.id,
                                               disclosures.c.published_revision_id.is_not(None)).exists()
    return (select(departments, published.label("has_published"), aliases.label("alias_pairs"),
                   events.scalar_subquery().label("event_count"), public_responses.c.etag.label("stored_etag"))
            .outerjoin(public_responses, _stored_join("department", departments.c.id))
            .where(departments.c.id == wanted))


def public_department(conn: Connection, department_id: int, fmt: str) -> tuple[dict[str, Any], str | None]:
    """A department as ``department(conn, id, public=True)`` gives it, and the fingerprint its response in ``fmt``
    is stored under: one query (two when events are recorded for it)."""
    params = {"department_id": department_id, "format": fmt}
    row = conn.execute(_public_department(conn.dialect.name), params).first()
    if row is None:
        raise NotFound("没有这个部门")
    if row.merged_into_id is None and not row.has_published:
        raise NotFound("没有这个部门，或它还没有已发布的公开文件")
    pairs = row.alias_pairs
    pairs = json.loads(pairs) if isinstance(pairs, str) else pairs or []
    events = (conn.execute(_department_statements()["events"], params).mappings().all() if row.event_count else [])
    dept = {c.name: row._mapping[c] for c in departments.c}
    return {**dept, "aliases": [name for _, name in sorted(pairs)], "events": [dict(e) for e in events]}, row.stored_etag
