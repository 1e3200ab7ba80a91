"""search terms as pairs of Chinese characters

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

``yusuan.store.search.terms`` now indexes each run of Chinese characters as its overlapping pairs (closed by its
last character) besides each character alone; the terms of every stored entry are computed again:

- an entry whose text and detail were stored whole (shorter than the limits of ``search.Entry.row``) from them;
- the entries of a revision with a text cut at the limit, from the revision's stored model (its entries are
  written again, as at import);
- a department's entry by ``index.index_department`` (its terms hold its other spellings and its region).

On SQLite the FTS5 index is rebuilt once at the end (the update trigger is set aside meanwhile: updating each
row through it would index every entry twice). On PostgreSQL the GIN index over the terms becomes one partial index
a kind (every search asks for one kind: with the kind's own index the planner reads the index for a common word
instead of scanning the table and testing each row's vector until it has enough, 25 → 8 ms for 经费's count). The downgrade computes the terms of single characters again
(from the stored text: a sentence cut at the limit loses the terms of its end).
"""

from __future__ import annotations

import json
import re
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from tqdm import tqdm

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BATCH = 2000
UPDATE_TRIGGER = (
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, kind, terms) VALUES ('delete', old.id, old.kind, old.terms); "
    "INSERT INTO search_fts(rowid, kind, terms) VALUES (new.id, new.kind, new.terms); END")



def _entries() -> sa.Table:
    """The table as it is at this revision (reflected: the packaged schema may have moved on)."""
    return sa.Table("search_entries", sa.MetaData(), autoload_with=op.get_bind())


KINDS = ("department", "project", "line", "sentence")


def upgrade() -> None:
    from yusuan.store.search import MAX_TEXT, terms

    cut = _cut_revisions(MAX_TEXT)
    _reindex_revisions(cut)
    _departments()
    _recompute(terms, lambda row: row.revision_id is not None and row.revision_id not in cut)
    if op.get_bind().dialect.name == "postgresql":
        for kind in KINDS:
            op.execute(f"CREATE INDEX IF NOT EXISTS ix_search_entries_tsv_{kind} ON search_entries USING gin (tsv) "
                       f"WHERE kind = '{kind}'")
        op.execute("DROP INDEX IF EXISTS ix_search_entries_tsv")
        op.execute("ANALYZE search_entries")  # the planner's figures of the new indexes (a VACUUM, which cannot run
        # in the migration's transaction, is left to autovacuum: every row was written again)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX IF NOT EXISTS ix_search_entries_tsv ON search_entries USING gin (tsv)")
        for kind in KINDS:
            op.execute(f"DROP INDEX IF EXISTS ix_search_entries_tsv_{kind}")
    _recompute(_single_character_terms, lambda row: row.revision_id is not None)
    _department_terms(_single_character_terms)


def _cut_revisions(limit: int) -> set[int]:
    """Revisions with an entry whose text or detail was stored cut (its terms cannot be computed from it)."""
    bind = op.get_bind()
    entries = _entries()
    long_text = sa.or_(sa.func.length(entries.c.text) >= limit, sa.func.length(entries.c.detail) >= 255)
    query = sa.select(entries.c.revision_id).where(entries.c.revision_id.is_not(None), long_text).distinct()
    return {r for (r,) in bind.execute(query)}


def _reindex_revisions(ids: set[int]) -> None:
    from yusuan.model import Disclosure
    from yusuan.store.index import entry_rows

    bind = op.get_bind()
    entries = _entries()
    revisions = sa.table("revisions", sa.column("id", sa.Integer), sa.column("model", sa.LargeBinary))
    for revision_id in sorted(ids):
        model = bind.execute(sa.select(revisions.c.model).where(revisions.c.id == revision_id)).scalar_one()
        data = json.loads(zlib.decompress(model))
        data.pop("summary", None)
        bind.execute(entries.delete().where(entries.c.revision_id == revision_id))
        rows = entry_rows(revision_id, Disclosure.model_validate(data))
        if rows:
            bind.execute(entries.insert(), rows)


def _departments() -> None:
    """Each department's entry written again, as at a rename."""
    from yusuan.store.index import index_department

    bind = op.get_bind()
    entries = _entries()
    departments = sa.table("departments", sa.column("id", sa.Integer), sa.column("merged_into_id", sa.Integer))
    for (department_id,) in bind.execute(sa.select(departments.c.id).where(departments.c.merged_into_id.is_(None))):
        index_department(bind, department_id, table=entries)


def _department_terms(compute: Callable[[str], str]) -> None:
    """The terms of each department's entry computed again from its name, other spellings and region."""
    bind = op.get_bind()
    entries = _entries()
    departments = sa.table("departments", sa.column("id", sa.Integer), sa.column("name", sa.String),
                           sa.column("region", sa.String))
    aliases = sa.table("department_aliases", sa.column("department_id", sa.Integer), sa.column("name", sa.String))
    query = (sa.select(entries.c.id, departments.c.id.label("department_id"), departments.c.name, departments.c.region)
             .select_from(entries.join(departments, departments.c.id == entries.c.department_id)))
    for row in bind.execute(query).all():
        spellings = [n for (n,) in bind.execute(sa.select(aliases.c.name).where(
            aliases.c.department_id == row.department_id)) if n != row.name]
        bind.execute(entries.update().where(entries.c.id == row.id).values(
            terms=compute(" ".join([row.name, *spellings, row.region or ""]))))


def _recompute(compute: Callable[[str], str], wanted: Callable[[Any], bool]) -> None:
    """The terms of the wanted revision entries computed again from their text and detail, in batches."""
    bind = op.get_bind()
    entries = _entries()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS search_entries_au")
    change = (entries.update().where(entries.c.id == sa.bindparam("entry_id"))
              .values(terms=sa.bindparam("new_terms")))
    total = bind.execute(sa.select(sa.func.count()).select_from(entries)).scalar_one()
    # a bar on a terminal (a national database holds millions of entries: minutes of work)
    with tqdm(total=total, unit="条", desc="升级搜索索引", file=sys.stderr, disable=None, leave=False) as bar:
        for batch in _batches(entries):
            rows = [{"entry_id": r.id, "new_terms": compute(r.text + " " + r.detail)} for r in batch if wanted(r)]
            if rows:
                bind.execute(change, rows)
            bar.update(len(batch))
    if sqlite:
        op.execute(UPDATE_TRIGGER)
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


def _batches(entries: sa.Table) -> Iterator[Sequence[Any]]:
    bind = op.get_bind()
    last = 0
    while True:
        batch = bind.execute(sa.select(entries.c.id, entries.c.text, entries.c.detail, entries.c.revision_id)
                             .where(entries.c.id > last).order_by(entries.c.id).limit(BATCH)).all()
        if not batch:
            return
        yield batch
        last = batch[-1].id


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _single_character_terms(text: str) -> str:
    """The terms of migration 0008: jieba's search-mode words, then each Chinese character in order."""
    from yusuan.store.search import _is_word, _jieba, _normal, _split_mixed

    text = _normal(text)
    words = [w for w in _jieba().cut_for_search(text) if _is_word(w)]
    return " ".join(_split_mixed(words) + _CJK.findall(text))
