"""Migrations: the packaged Alembic scripts build the schema of ``schema.py``, and go down and up again
on a database holding data (the project index is rebuilt from the stored models)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from yusuan.model import Disclosure
from yusuan.store import Actor, Store, reads
from yusuan.store.db import current_revision, downgrade, head_revision, migrate, open_engine
from yusuan.store.schema import metadata


def test_migrations_build_the_declared_schema(db_url: str) -> None:
    engine = open_engine(db_url)
    migrate(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    engine.dispose()
    assert differences == []


def test_down_and_up_with_data(db_url: str, seed: Disclosure) -> None:
    store = Store.open(db_url)
    actor = Actor(name="测试")
    first = store.import_document(seed, actor, source=b"seed", source_name="seed.txt")
    store.publish(first.revision_id, actor)
    assert current_revision(store.engine) == head_revision() == "0007"

    downgrade(store.engine, "0001")
    assert "projects" not in inspect(store.engine).get_table_names()
    with store.read() as conn:  # the documents survive the downgrade
        assert reads.disclosure(conn, first.disclosure_id, public=True).shown.id == first.revision_id  # type: ignore[union-attr]

    migrate(store.engine)
    with store.read() as conn:  # the index is filled again from the stored canonical models
        found, total = reads.search_projects(conn, "临时聘用", public=True)
    assert total == 1 and found[0]["name"] == "2021年临时聘用人员经费"
    second = store.import_document(seed, actor)
    assert second.number == 2

    downgrade(store.engine, "base")
    assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
    store.close()
