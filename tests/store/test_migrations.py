"""Migrations: the packaged Alembic scripts build the schema of ``schema.py``, and go down and up again
on a database holding data (the project index is rebuilt from the stored models)."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from yusuan.model import Disclosure
from yusuan.store import Actor, Store, explore, reads, search
from yusuan.store.db import current_revision, downgrade, head_revision, migrate, open_engine
from yusuan.store.schema import metadata


def test_migrations_build_the_declared_schema(db_url: str) -> None:
    engine = open_engine(db_url)
    migrate(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    engine.dispose()
    # the full-text index is built by the migration only: on SQLite the FTS5 table search_fts (and its shadow
    # tables), on PostgreSQL a partial GIN index a kind over the stored vector
    differences = [d for d in differences if not (d[0] == "remove_table" and d[1].name.startswith("search_fts"))
                   and not (d[0] == "remove_index" and d[1].name.startswith(("ix_search_entries_tsv",
                                                                             "ix_search_entries_kind")))
                   and not (d[0] == "remove_column" and d[3].name == "tsv")]
    assert differences == []


def test_down_and_up_with_data(db_url: str, seed: Disclosure) -> None:
    store = Store.open(db_url)
    actor = Actor(name="测试")
    first = store.import_document(seed, actor, source=b"seed", source_name="seed.txt")
    store.publish(first.revision_id, actor)
    assert current_revision(store.engine) == head_revision() == "0010"

    downgrade(store.engine, "0001")
    assert "projects" not in inspect(store.engine).get_table_names()
    with store.read() as conn:  # the documents survive the downgrade
        assert reads.disclosure(conn, first.disclosure_id, public=True).shown.id == first.revision_id  # type: ignore[union-attr]

    migrate(store.engine)
    with store.read() as conn:  # the indexes are filled again from the stored canonical models
        found, total = reads.search_projects(conn, "临时聘用", public=True)
        hits, counts = search.find(conn, search.parse("临时聘用"), public=True)
        figures = explore.across(conn, explore.Measure.parse("three_public", "total", None), True, seed.year or 0,
                                 seed.kind)
    assert total == 1 and found[0]["name"] == "2021年临时聘用人员经费"
    assert counts["project"] == 1 and hits[0]["text"] == "2021年临时聘用人员经费"
    assert [str(r.point.amount) for r in figures] == ["23.98"] and figures[0].point.anchor
    second = store.import_document(seed, actor)
    assert second.number == 2

    downgrade(store.engine, "base")
    assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
    store.close()


def test_search_terms_recomputed_down_and_up(db_url: str, seed: Disclosure) -> None:
    """Migration 0010 gives every stored entry the terms an import gives it now (pairs of characters), those
    of a sentence stored cut at the length limit too; its downgrade the single characters of before."""
    from sqlalchemy import select

    from yusuan.store.schema import search_entries

    store = Store.open(db_url)
    actor = Actor(name="测试")
    data = seed.model_dump(mode="json")
    paragraph = _first_paragraph(data["narrative"])
    paragraph["text"] += "本部门" + "统筹安排各项支出" * 60 + "并试点量子计算机应用。"  # one sentence past the limit
    doc = Disclosure.model_validate(data)
    store.publish(store.import_document(doc, actor, source=b"seed", source_name="seed.txt").revision_id, actor)

    def stored() -> list[tuple[str, str, str]]:
        with store.read() as conn:
            e = search_entries
            return sorted((r.kind, r.text, r.terms) for r in conn.execute(select(e.c.kind, e.c.text, e.c.terms)))

    fresh = stored()
    assert any(len(text) >= search.MAX_TEXT for _, text, _ in fresh)  # the seed has a sentence stored cut
    downgrade(store.engine, "0009")
    older = stored()
    assert older != fresh and all("接待费" not in terms for _, _, terms in older if "公务接待费" in terms)
    migrate(store.engine)
    assert stored() == fresh
    with store.read() as conn:
        _, counts = search.find(conn, search.parse("接待费"), public=True)
        _, beyond = search.find(conn, search.parse("量子计算机"), public=True)
    assert counts["sentence"] >= 1
    assert beyond["sentence"] == 1  # found by the words past the stored text's end
    store.close()


def _first_paragraph(node: Any) -> dict[str, Any]:
    """The first paragraph (a mapping with a text) of the narrative's data."""
    if isinstance(node, dict):
        if node.get("paragraphs"):
            return node["paragraphs"][0]  # type: ignore[no-any-return]
        node = list(node.values())
    for child in node if isinstance(node, list) else []:
        if isinstance(child, dict | list):
            try:
                return _first_paragraph(child)
            except LookupError:
                continue
    raise LookupError("no paragraph")


def test_postgresql_has_a_search_index_a_kind(db_url: str) -> None:
    """On PostgreSQL every search asks for one kind, and each kind has its own GIN index (migration 0010)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    engine = open_engine(db_url)
    migrate(engine)
    names = {i["name"] for i in inspect(engine).get_indexes("search_entries")}
    engine.dispose()
    assert {f"ix_search_entries_tsv_{k}" for k in search.KINDS} <= names and "ix_search_entries_tsv" not in names
