"""Writes: import a document as a new revision, check it, publish, unpublish, restore.

Every write runs in one transaction: a failed import leaves nothing behind, and a revision once
written is never changed (only ``published_at`` is set the first time it is published).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import zlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlalchemy.exc import IntegrityError

from .. import __version__
from ..checks import SEVERITY_ORDER, Finding
from ..model import Disclosure
from ..normalize import key
from ..summary import to_json_dict
from . import renditions
from .accounts import audit
from .digest import decimal_or_none, digest
from .errors import NotFound, StoreError
from .identity import Actor, resolve
from .index import index_revision
from .paths import scrub
from .schema import blobs, check_runs, disclosures, findings, projects, rendered_pages, revisions
from .types import utcnow

log = logging.getLogger("yusuan.store")

MEDIA_TYPES = {"pdf": "application/pdf", "text": "text/plain; charset=utf-8", "json": "application/json",
               "yaml": "application/yaml",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "zip": "application/zip"}  # a document in several files (``sources.bundle``)


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding]
    rules_available: bool


@dataclass(frozen=True)
class ImportResult:
    department_id: int
    disclosure_id: int
    revision_id: int
    number: int
    created_department: bool
    errors: int
    warnings: int
    infos: int


def pack_model(d: Disclosure) -> tuple[bytes, dict[str, Any]]:
    """zlib(canonical JSON) of a disclosure (files named by their names only: ``paths``), and the
    canonical dict's summary."""
    data = scrub(to_json_dict(d))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 6), data["summary"]


def unpack_json(blob: bytes) -> bytes:
    return zlib.decompress(blob)


def unpack_model(blob: bytes) -> Disclosure:
    data = json.loads(zlib.decompress(blob))
    data.pop("summary", None)
    return Disclosure.model_validate(data)


def rules_available() -> bool:
    return importlib.util.find_spec("yusuan.checks.registry") is not None


def run_checks(d: Disclosure, prior: Disclosure | None = None) -> CheckResult:
    """The findings of every rule (a rule engine that fails outright is reported, not raised)."""
    from ..checks import check

    available = rules_available()
    try:
        found = check(d, prior=prior)
    except Exception as exc:  # noqa: BLE001 - the import must go on; the failure is recorded
        log.exception("checking %s failed", d.source.path)
        found = [Finding(code="check-failed", severity="error", rule="yusuan.checks",
                         message=f"检查程序出错，结果不完整：{type(exc).__name__}: {exc}")]
    return CheckResult(findings=list(found), rules_available=available)


def _store_blob(conn: Connection, data: bytes, fmt: str) -> str:
    sha = hashlib.sha256(data).hexdigest()
    exists = conn.execute(select(blobs.c.sha256).where(blobs.c.sha256 == sha)).first()
    if exists is None:
        try:
            with conn.begin_nested():
                conn.execute(blobs.insert().values(sha256=sha, size=len(data), content=data, created_at=utcnow(),
                                                   media_type=MEDIA_TYPES.get(fmt, "application/octet-stream")))
        except IntegrityError:
            pass  # stored meanwhile by another import of the same bytes
    return sha


def _disclosure_id(conn: Connection, department_id: int, year: int, kind: str) -> int:
    where = (disclosures.c.department_id == department_id, disclosures.c.year == year, disclosures.c.kind == kind)
    found = conn.execute(select(disclosures.c.id).where(*where)).scalar()
    if found is not None:
        return int(found)
    try:
        with conn.begin_nested():
            return int(conn.execute(disclosures.insert().values(
                department_id=department_id, year=year, kind=kind, created_at=utcnow())).inserted_primary_key[0])  # type: ignore[index]
    except IntegrityError:
        return int(conn.execute(select(disclosures.c.id).where(*where)).scalar_one())


def _next_number(conn: Connection, disclosure_id: int) -> int:
    """The next revision number of a disclosure. Its row is locked first (PostgreSQL: ``FOR UPDATE``, held
    to the end of the transaction; SQLite's write transactions hold the database's write lock already), so
    concurrent imports of one document are numbered one after the other, never twice the same."""
    conn.execute(select(disclosures.c.id).where(disclosures.c.id == disclosure_id).with_for_update())
    current = conn.execute(select(func.max(revisions.c.number)).where(revisions.c.disclosure_id == disclosure_id)).scalar()
    return int(current or 0) + 1


def _revision_values(d: Disclosure, model: bytes, summary: dict[str, Any]) -> dict[str, Any]:
    facts = digest(d, summary)
    tp = facts["summary"]["three_public"]["total"] if facts["three_public_present"] else None
    return {
        "title": d.title, "scope": d.scope, "layout": d.layout, "model": model,
        "digest": json.dumps(facts, ensure_ascii=False, separators=(",", ":")),
        "income_total": decimal_or_none(summary["income_total"]),
        "expenditure_total": decimal_or_none(summary["expenditure_total"]),
        "basic": decimal_or_none(summary["basic"]), "project": decimal_or_none(summary["project"]),
        "three_public": decimal_or_none(tp), "operating_costs": decimal_or_none(facts["operating_costs"]),
        "staff_authorized": facts["staff"]["authorized"], "staff_actual": facts["staff"]["actual"],
    }


def _insert_projects(conn: Connection, revision_id: int, summary: dict[str, Any]) -> None:
    rows = [{"revision_id": revision_id, "name": p["name"], "name_key": key(p["name"]),
             "function_code": p.get("function_code") or "", "amount": Decimal(p["amount"])}
            for p in summary["projects"]]
    if rows:
        conn.execute(projects.insert(), rows)


def record_check(conn: Connection, revision_id: int, result: CheckResult, actor: Actor) -> int:
    counts = {s: sum(1 for f in result.findings if f.severity == s) for s in ("error", "warning", "info")}
    run_id = int(conn.execute(check_runs.insert().values(
        revision_id=revision_id, created_at=utcnow(), actor=actor.name, checker=f"yusuan {__version__}",
        rules_available=result.rules_available, errors=counts["error"], warnings=counts["warning"],
        infos=counts["info"])).inserted_primary_key[0])  # type: ignore[index]
    rows = [{"check_run_id": run_id, "seq": i, "code": f.code, "severity": f.severity, "rule": f.rule,
             "message": f.message, "location": json.dumps(scrub(f.location.model_dump(mode="json")), ensure_ascii=False),
             "expected": _short(f.expected), "actual": _short(f.actual), "delta": _short(f.delta),
             "tolerance": _short(f.tolerance), "unit": f.unit,
             "related": _places_and_consequences(f)}
            for i, f in enumerate(sorted(result.findings, key=lambda f: -SEVERITY_ORDER.get(f.severity, 0)))]
    if rows:
        conn.execute(findings.insert(), rows)
    return run_id


def _short(text: str | None) -> str | None:
    return None if text is None else text[:128]


def import_document(conn: Connection, d: Disclosure, checked: CheckResult, actor: Actor, *, source: bytes | None,
                    source_name: str, source_format: str, note: str = "") -> ImportResult:
    """Store a read document as a new revision of its disclosure (inside the caller's transaction)."""
    if d.year is None:
        raise StoreError("无法识别年度，不能入库")
    department_id, created = resolve(conn, d.department.name, d.department.region)
    disclosure_id = _disclosure_id(conn, department_id, d.year, d.kind)
    sha = _store_blob(conn, source, source_format) if source else None
    model, summary = pack_model(d)
    values = _revision_values(d, model, summary)
    number = _next_number(conn, disclosure_id)
    revision_id = int(conn.execute(revisions.insert().values(
        disclosure_id=disclosure_id, number=number, created_at=utcnow(), actor=actor.name, user_id=actor.user_id,
        source_sha256=sha, source_name=source_name[:255], source_format=source_format[:16], note=note,
        **values)).inserted_primary_key[0])  # type: ignore[index]
    _insert_projects(conn, revision_id, summary)
    index_revision(conn, revision_id, d, summary)
    record_check(conn, revision_id, checked, actor)
    audit(conn, actor, "import", f"revision:{revision_id}",
          {"department": d.department.name, "year": d.year, "kind": d.kind, "number": number, "file": source_name})
    counts = {s: sum(1 for f in checked.findings if f.severity == s) for s in ("error", "warning", "info")}
    return ImportResult(department_id=department_id, disclosure_id=disclosure_id, revision_id=revision_id,
                        number=number, created_department=created, errors=counts["error"],
                        warnings=counts["warning"], infos=counts["info"])


def _revision(conn: Connection, revision_id: int) -> dict[str, Any]:
    row = conn.execute(select(revisions).where(revisions.c.id == revision_id)).mappings().first()
    if row is None:
        raise NotFound(f"修订 {revision_id} 不存在")
    return dict(row)


def publish(conn: Connection, revision_id: int, actor: Actor) -> None:
    rev = _revision(conn, revision_id)
    conn.execute(update(disclosures).where(disclosures.c.id == rev["disclosure_id"])
                 .values(published_revision_id=revision_id))
    if rev["published_at"] is None:
        conn.execute(update(revisions).where(revisions.c.id == revision_id).values(published_at=utcnow()))
    renditions.request(conn, revision_id)  # its PDF, DOCX … built in the background before anyone asks
    audit(conn, actor, "publish", f"revision:{revision_id}", {"disclosure": rev["disclosure_id"],
                                                                 "number": rev["number"]})


def unpublish(conn: Connection, disclosure_id: int, actor: Actor) -> None:
    found = conn.execute(select(disclosures.c.published_revision_id).where(disclosures.c.id == disclosure_id)).first()
    if found is None:
        raise NotFound(f"公开文件 {disclosure_id} 不存在")
    conn.execute(update(disclosures).where(disclosures.c.id == disclosure_id).values(published_revision_id=None))
    audit(conn, actor, "unpublish", f"disclosure:{disclosure_id}", {"revision": found[0]})


def restore(conn: Connection, revision_id: int, checked: CheckResult, actor: Actor) -> ImportResult:
    """A new revision with the content of an older one (the history is kept, nothing overwritten)."""
    old = _revision(conn, revision_id)
    number = _next_number(conn, old["disclosure_id"])
    keep = ("title", "scope", "layout", "model", "digest", "income_total", "expenditure_total", "basic", "project",
            "three_public", "operating_costs", "staff_authorized", "staff_actual", "source_sha256", "source_name",
            "source_format")
    new_id = int(conn.execute(revisions.insert().values(
        disclosure_id=old["disclosure_id"], number=number, created_at=utcnow(), actor=actor.name,
        user_id=actor.user_id, restored_from_id=revision_id, note=f"恢复自修订 #{old['number']}",
        **{k: old[k] for k in keep})).inserted_primary_key[0])  # type: ignore[index]
    summary = json.loads(old["digest"])["summary"]
    _insert_projects(conn, new_id, summary)
    index_revision(conn, new_id, unpack_model(old["model"]), summary)
    record_check(conn, new_id, checked, actor)
    audit(conn, actor, "restore", f"revision:{new_id}", {"from": revision_id, "number": number})
    department_id = conn.execute(select(disclosures.c.department_id)
                                 .where(disclosures.c.id == old["disclosure_id"])).scalar_one()
    counts = {s: sum(1 for f in checked.findings if f.severity == s) for s in ("error", "warning", "info")}
    return ImportResult(department_id=department_id, disclosure_id=old["disclosure_id"], revision_id=new_id,
                        number=number, created_department=False, errors=counts["error"], warnings=counts["warning"],
                        infos=counts["info"])


def save_rendered_page(conn: Connection, check_run_id: int, renderer: str, body: bytes) -> None:
    """Keep a rendered page body (another server may have stored the same one meanwhile: fine)."""
    try:
        with conn.begin_nested():
            conn.execute(rendered_pages.insert().values(check_run_id=check_run_id, renderer=renderer, body=body,
                                                        created_at=utcnow()))
    except IntegrityError:
        pass


def _places_and_consequences(f: Finding) -> str:
    """The ``related`` column: the places a finding compares with, and the findings that follow from it
    ({"compared": [...], "related": [...]}; rows written before consequences existed hold a list)."""
    return json.dumps(scrub({"compared": [r.model_dump(mode="json") for r in f.compared],
                             "related": [r.model_dump(mode="json") for r in f.related]}), ensure_ascii=False)
