"""``--import``: every readable document and its findings in the portal's database, once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from yusuan.store import Store, reads


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'portal.sqlite3'}"
        return
    from yusuan.store.testing import temporary_schema

    with temporary_schema(request.getfixturevalue("postgres_url")) as url:
        yield url


def _stored(url: str) -> dict[str, tuple[int, list[str]]]:
    """department name → (revisions, codes of the latest check) in the database."""
    store = Store.open(url)
    try:
        with store.read() as conn:
            items, _ = reads.disclosures_list(conn, public=False, limit=100)
            out = {}
            for info in items:
                assert info.shown is not None and info.shown.check is not None
                codes = [f.code for f in reads.findings_of(conn, info.shown.check.run_id)]
                out[info.department.name] = (info.revision_count, codes)
            return out
    finally:
        store.close()


def test_import_stores_documents_and_findings_once(tmp_path: Path, make_docs, batch, db_url: str) -> None:  # type: ignore[no-untyped-def]
    make_docs(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    url = db_url
    outcome = batch([tmp_path / "in"], do_import=True, database=url)
    assert outcome.imported == 3
    assert len(outcome.import_problems) == 1 and "empty.txt：文件为空，未入库" in outcome.import_problems[0]
    stored = _stored(url)
    by_name = {d.department: d for d in outcome.documents if d.status == "ok"}
    assert sorted(stored) == sorted(by_name)
    for name, (revisions, codes) in stored.items():
        assert revisions == 1
        assert codes == [f["code"] for f in by_name[name].all_findings]

    # what visitors see of the scopes imported into was built ahead, once, at the end (documents not yet
    # published: the export forms, counting none of them)
    from sqlalchemy import select

    from yusuan.store.schema import list_responses
    from yusuan.web import prebuild

    store = Store.open(url)
    with store.read() as conn:
        ahead = set(conn.execute(select(list_responses.c.address)).scalars())
    assert ahead == {prebuild.CHOICES} | {f"html:{a}" for a in prebuild.list_addresses(store)}
    assert any(a.startswith("html:/export?") and "year=" in a for a in ahead)
    store.close()

    again = batch([tmp_path / "in"], do_import=True, database=url)
    assert again.imported == 0 and again.import_unchanged == 3
    assert {name: revs for name, (revs, _) in _stored(url).items()} == {name: 1 for name in stored}
