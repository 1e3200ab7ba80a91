"""The search's terms and queries (``yusuan.store.search``): Chinese runs indexed as pairs of characters and
single characters, a query word as the phrase of its pairs; what each reader may see."""

from __future__ import annotations

from yusuan.model import Department, Disclosure
from yusuan.store import Actor, Store, search


def test_a_run_gives_its_pairs_and_its_last_character() -> None:
    grams = search.terms("公务接待费。经费").split()
    assert grams[-14:] == ["公务", "务接", "接待", "待费", "费", "经费", "费", "公", "务", "接", "待", "费", "经", "费"]
    assert "费。经" not in search.terms("公务接待费。经费")  # no pair across a punctuation mark
    assert {"2021", "年"} <= set(search.terms("2021年").split())


def test_a_query_word_is_the_phrase_of_its_pairs() -> None:
    query = search.parse("接待费")
    assert query.words == ("接待费",)
    assert query.fts5() == '"接待 待费"'
    assert query.tsquery() == "('接待' <-> '待费')"
    assert search.parse("经费").fts5() == '"经费"' and search.parse("经费").tsquery() == "'经费'"


def test_a_single_character_is_itself_a_code_a_prefix() -> None:
    assert search.parse("费").fts5() == '"费"' and search.parse("费").tsquery() == "'费'"
    assert search.parse("201").fts5() == '"201"*'
    both = search.parse("办公室 201")
    assert both.fts5() == '"办公 公室" AND "201"*' and both.tsquery() == "('办公' <-> '公室') & '201':*"


def test_counts_and_hits_follow_what_each_reader_may_see(db_url: str, seed: Disclosure) -> None:
    """The public counts and sees the published revision of each disclosure and the departments with a published
    document (not merged away); staff the newest revision of each and every department not merged away."""
    store = Store.open(db_url)
    actor = Actor(name="测试")
    first = store.import_document(seed, actor, source=b"a", source_name="a.txt")
    store.publish(first.revision_id, actor)
    renamed = seed.model_copy(update={"department": Department(name="未发布的档案局", region=seed.department.region),
                                      "year": (seed.year or 2021) - 1})
    other = store.import_document(renamed, actor, source=b"b", source_name="b.txt")
    newer = store.import_document(seed.model_copy(update={"title": (seed.title or "") + "（修订）"}), actor,
                                  source=b"c", source_name="c.txt")
    assert newer.disclosure_id == first.disclosure_id and newer.revision_id != first.revision_id

    def seen(words: str, public: bool) -> tuple[dict[str, int], set[int]]:
        with store.read() as conn:
            hits, counts = search.find(conn, search.parse(words), public, limit=200)
        return counts, {h["revision_id"] for h in hits if h["revision_id"] is not None}

    counts, revisions = seen("公用经费", public=True)
    assert counts["sentence"] >= 1 and revisions == {first.revision_id}
    counts, revisions = seen("公用经费", public=False)
    assert counts["sentence"] >= 1 and revisions == {newer.revision_id, other.revision_id}
    assert seen("档案局", public=True)[0]["department"] == 0 and seen("档案局", public=False)[0]["department"] == 1
    store.merge_departments(first.department_id, other.department_id, actor)
    with store.read() as conn:  # merged away: its name is now a spelling of the department it was merged into
        hits, _ = search.find(conn, search.parse("档案局"), False, kind="department")
    assert [h["department_id"] for h in hits] == [first.department_id]
    store.close()
