"""The store on SQLite and PostgreSQL: identity, revisions, atomicity, publication, restore, users."""

from __future__ import annotations

import json
import zlib
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from yusuan.model import Amount, Department, Disclosure, OverviewTable, Views
from yusuan.store import Actor, NotFound, Store, StoreError, reads, writes
from yusuan.store.accounts import audit_entries, end_session, load_session
from yusuan.store.paths import scrub
from yusuan.store.schema import departments, disclosures, projects, revisions
from yusuan.summary import to_json_dict

STAFF = Actor(name="审核员", user_id=None)


def variant(seed: Disclosure, name: str | None = None, region: str | None = None, year: int | None = None,
            kind: str | None = None) -> Disclosure:
    dept = Department(name=name or seed.department.name, region=region if region is not None else seed.department.region)
    return seed.model_copy(update={"department": dept, "year": year or seed.year, "kind": kind or seed.kind})


def blob_of(store: Store, revision_id: int) -> bytes:
    with store.read() as conn:
        return reads.model_blob(conn, revision_id)


def count(store: Store, table) -> int:  # type: ignore[no-untyped-def]
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_import_stores_model_digest_source_and_findings(store: Store, seed: Disclosure, seed_path) -> None:
    result = store.import_path(seed_path)
    assert (result.number, result.created_department) == (1, True)
    with store.read() as conn:
        info = reads.disclosure(conn, result.disclosure_id, public=False)
        assert info.department.name == "乌鲁木齐市水磨沟区人民政府办公室"
        assert info.department.region == "乌鲁木齐市水磨沟区"
        assert (info.year, info.kind) == (2021, "budget")
        shown = info.shown
        assert shown is not None and shown.totals["basic"] == Decimal("464.04")
        assert shown.totals["three_public"] == Decimal("23.98")
        assert shown.totals["operating_costs"] == Decimal("36.62")
        assert shown.staff_actual == 24
        assert shown.check is not None and shown.check.run_id
        blob, media = reads.source_blob(conn, shown.source_sha256 or "")
        assert blob == seed_path.read_bytes() and media.startswith("text/plain")
        stored = json.loads(zlib.decompress(reads.model_blob(conn, shown.id)))
        assert stored["summary"]["expenditure_total"] == "595.08"
        assert stored["summary"]["functional"][7]["total"] == "30.60"  # printed precision kept
        facts = reads.digest_of(conn, shown.id)
    expected = scrub(to_json_dict(seed))  # files named by their names only: no server path is stored
    expected.pop("summary")
    assert store.model(shown.id) == Disclosure.model_validate(expected)
    assert str(seed_path.parent).encode() not in zlib.decompress(blob_of(store, shown.id))
    assert [s["key"] for s in facts["income"]] == ["general_budget", "gov_fund", "special_account", "business",
                                                    "operating", "other"]
    reasons = {c["subject"]: c["reason"] for c in facts["changes"]}
    assert reasons["functional:2010301"] == "人员增加"
    assert reasons["operating_costs"] == "厉行节约"
    general = [c for c in facts["changes"] if c["subject"] == "income:general_budget"][0]
    assert general["change"] is None  # 增加（减少）: the direction is not guessed


def test_every_import_is_a_new_revision(store: Store, seed: Disclosure) -> None:
    first = store.import_document(seed, STAFF, source=b"first", source_name="a.txt", source_format="text")
    changed = seed.model_copy(update={"title": "第二次导入"})
    second = store.import_document(changed, STAFF, source=b"second", source_name="b.txt", source_format="text")
    assert (first.disclosure_id, first.number, second.number) == (second.disclosure_id, 1, 2)
    assert store.model(first.revision_id).title == seed.title
    assert store.model(second.revision_id).title == "第二次导入"
    with store.read() as conn:
        history = reads.revisions_of(conn, first.disclosure_id, public=False)
    assert [r.number for r in history] == [2, 1]
    assert [r.source_name for r in history] == ["b.txt", "a.txt"]


def test_department_identity_across_spellings_and_regions(store: Store, seed: Disclosure) -> None:
    a = store.import_document(seed, STAFF)
    short = variant(seed, name="水磨沟区人民政府办公室", year=2022)
    spaced = variant(seed, name="乌鲁木齐市水磨沟区 人民政府办公室（ ）".replace("（ ）", ""), year=2023)
    other_region = variant(seed, name="天山区人民政府办公室", region="乌鲁木齐市天山区")
    assert store.import_document(short, STAFF).department_id == a.department_id
    assert store.import_document(spaced, STAFF).department_id == a.department_id
    assert store.import_document(other_region, STAFF).department_id != a.department_id
    assert count(store, departments) == 2


def test_failed_import_leaves_nothing(store: Store, seed: Disclosure, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(writes, "record_check", broken)
    with pytest.raises(RuntimeError):
        store.import_document(seed, STAFF, source=b"x", source_name="x.txt")
    assert (count(store, departments), count(store, disclosures), count(store, revisions)) == (0, 0, 0)
    with pytest.raises(StoreError, match="年度"):
        store.import_document(seed.model_copy(update={"year": None}), STAFF)
    with pytest.raises(StoreError, match="部门名称"):
        store.import_document(variant(seed, name="  "), STAFF)
    assert count(store, departments) == 0


def test_public_sees_published_revisions_only(store: Store, seed: Disclosure) -> None:
    first = store.import_document(seed, STAFF)
    with store.read() as conn:
        with pytest.raises(NotFound):
            reads.disclosure(conn, first.disclosure_id, public=True)
        assert reads.counts(conn, public=True) == {"departments": 0, "disclosures": 0}
        assert reads.departments_page(conn, public=True) == ([], 0)
        assert reads.search_projects(conn, "政务", public=True) == ([], 0)
    store.publish(first.revision_id, STAFF)
    second = store.import_document(seed.model_copy(update={"title": "新"}), STAFF)
    with store.read() as conn:
        assert reads.disclosure(conn, first.disclosure_id, public=True).shown.id == first.revision_id  # type: ignore[union-attr]
        assert reads.disclosure(conn, first.disclosure_id, public=False).shown.id == second.revision_id  # type: ignore[union-attr]
        with pytest.raises(NotFound):
            reads.revision(conn, second.revision_id, public=True)
        assert [r.id for r in reads.revisions_of(conn, first.disclosure_id, public=True)] == [first.revision_id]
        found, total = reads.search_projects(conn, "电子政务", public=True)
        assert total == 1 and found[0]["revision_id"] == first.revision_id
    store.unpublish(first.disclosure_id, STAFF)
    with store.read() as conn, pytest.raises(NotFound):
        reads.disclosure(conn, first.disclosure_id, public=True)


def test_restore_makes_a_new_revision_with_old_content(store: Store, seed: Disclosure) -> None:
    first = store.import_document(seed, STAFF, source=b"v1", source_name="v1.txt")
    store.import_document(seed.model_copy(update={"title": "改坏了"}), STAFF, source=b"v2", source_name="v2.txt")
    restored = store.restore(first.revision_id, STAFF)
    assert restored.number == 3
    with store.read() as conn:
        assert reads.model_blob(conn, restored.revision_id) == reads.model_blob(conn, first.revision_id)
        info = reads.revision(conn, restored.revision_id, public=False).shown
        assert info is not None and info.restored_from_id == first.revision_id and info.source_name == "v1.txt"
        assert reads.search_projects(conn, "包联", public=False)[1] == 1  # the shown revision only
        indexed = select(func.count()).select_from(projects).where(projects.c.name == "包联工作经费")
        assert conn.execute(indexed).scalar_one() == 3  # every revision indexed
    assert store.model(restored.revision_id).title == seed.title


def test_rename_and_merge_recorded_by_hand(store: Store, seed: Disclosure) -> None:
    a = store.import_document(seed, STAFF)
    b = store.import_document(variant(seed, name="水磨沟区政府办", year=2022), STAFF)
    assert a.department_id != b.department_id
    store.merge_departments(a.department_id, b.department_id, STAFF, note="同一部门的简称")
    # the absorbed name now finds the surviving department
    c = store.import_document(variant(seed, name="水磨沟区政府办", year=2023), STAFF)
    assert c.department_id == a.department_id
    clash = store.import_document(variant(seed, name="另一个办公室", year=2021), STAFF)
    with pytest.raises(StoreError, match="2021 年预算"):
        store.merge_departments(a.department_id, clash.department_id, STAFF)
    store.rename_department(a.department_id, "乌鲁木齐市水磨沟区人民政府办公室（政务服务中心）", STAFF, year=2024)
    d = store.import_document(variant(seed, name="水磨沟区人民政府办公室（政务服务中心）", year=2024), STAFF)
    assert d.department_id == a.department_id
    with pytest.raises(StoreError, match="另一个部门"):
        store.rename_department(a.department_id, "另一个办公室", STAFF)
    with store.read() as conn:
        dept = reads.department(conn, a.department_id, public=False)
        assert [e["kind"] for e in dept["events"]] == ["merge", "rename"]
        assert dept["name"].endswith("（政务服务中心）")
        years = [i.year for i in reads.department_disclosures(conn, a.department_id, public=False)]
        assert years == [2021, 2022, 2023, 2024]
        entries, total = audit_entries(conn)
    assert {"import", "merge", "rename"} <= {e["action"] for e in entries}


def test_amounts_in_yuan_are_exact(store: Store) -> None:
    d = Disclosure(year=2022, department=Department(name="某局", region="某市"),
                   views=Views(overview=OverviewTable(table="表一", unit="元",
                                                      income_total=Amount(value=Decimal("91016775.35"), unit="元"))))
    result = store.import_document(d, STAFF)
    with store.read() as conn:
        shown = reads.disclosure(conn, result.disclosure_id, public=False).shown
    assert shown is not None and shown.totals["income_total"] == Decimal("9101.677535")
    assert shown.totals["three_public"] is None  # no 三公 table: not a zero


def test_users_sessions_and_lockout(store: Store) -> None:
    user = store.add_user("zhang", "correct horse")
    with pytest.raises(StoreError, match="已存在"):
        store.add_user("zhang", "another password")
    with pytest.raises(StoreError, match="至少"):
        store.add_user("li", "short")
    assert store.sign_in("zhang", "wrong password").session is None
    assert store.sign_in("nobody", "correct horse").session is None
    signed = store.sign_in("zhang", "correct horse")
    assert signed.user == user and signed.session is not None
    token, session = signed.token, signed.session
    with store.read() as conn:
        loaded = load_session(conn, token)
        assert loaded is not None and loaded.user.name == "zhang" and loaded.csrf_token == session.csrf_token
        assert load_session(conn, token + "x") is None
    for _ in range(10):
        assert store.sign_in("zhang", "wrong password").session is None
    locked = store.sign_in("zhang", "correct horse")  # locked for a while
    assert locked.session is None and locked.lock is not None and locked.lock.scope == "name"
    assert store.unlock("name", "zhang")
    assert store.sign_in("zhang", "correct horse").session is not None
    with store.write() as conn:
        end_session(conn, token)
        assert load_session(conn, token) is None
    store.remove_user("zhang")
    assert store.list_users() == []
