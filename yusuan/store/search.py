"""Full-text search over department and project names, table lines and narrative sentences.

Chinese is written without spaces between words, so neither SQLite's nor PostgreSQL's own
tokenizers can split it. yusuan segments text into words with **jieba-rs** (through ``rjieba``, its
maintained Python binding on PyPI; the dictionary is built in, no download) before the database sees
it, and both databases then index the same space-separated terms with their ordinary full-text
engines: an FTS5 table (``unicode61`` tokenizer) on SQLite, on PostgreSQL a stored column
``tsv = to_tsvector('simple', terms)`` with a GIN index (a phrase query rechecks candidates against the
stored vector instead of parsing their terms again). The same code builds the terms for both, so a query
finds the same entries on either database.

The terms of a text are jieba's search-mode words (every dictionary word inside a long word too:
``公务用车`` gives ``公务``, ``用车`` and ``公务用车``), then the overlapping pairs of characters of each run of
Chinese characters in order, each run closed by its last character (``公务接待费。经费`` gives ``公务 务接 接待
待费 费 经费 费``), then every Chinese character alone. A query is segmented with jieba too; each of its words
must match: a Chinese word as the phrase of its pairs (``接待费`` is ``接待 待费``; a two-character word is one
pair, one term), so ``接待费`` finds ``公务接待费`` whatever jieba made of either, and never across a punctuation
mark (the run's last character stands between two runs' pairs); a single character as itself. ``办公室 电子政务``
finds entries holding both words in any order. Pairs rather than a phrase of single characters: a character's
list of entries is most of the index (一, 公, 费), so such a phrase read far more of it than one over pairs,
which are rare (the counts of the portal's common searches cost half). Letters and digits are words (matched
as prefixes: ``201`` finds ``2010301``). A query with no letter, digit or Chinese character (``'``, ``%``,
``"``) has no word and matches nothing. Migration 0010 computed the terms of every entry stored before again.

Entries (table ``search_entries``): ``department`` (every spelling of a department, an alias),
``project`` (each project of a revision), ``line`` (each 功能分类 / 经济分类 line and economic sub-item of a
revision), ``sentence`` (each sentence of a revision's narrative). Visitors see only the entries of
published revisions (and departments that have one), staff the newest revision of each disclosure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from ..model import Disclosure
from ..normalize import clean
from .figures import Anchors, cell_anchor, row_anchor

KINDS = {"department": "部门", "project": "项目", "line": "表格科目", "sentence": "说明文字"}
MAX_TEXT = 400  # characters of a sentence kept for display
_SENTENCE_END = re.compile(r"(?<=[。；;！!？?])")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import rjieba

    return rjieba


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", clean(text)).lower()


def terms(text: str) -> str:
    """The indexed terms of a text: jieba's search-mode words, then each run of Chinese characters as its
    overlapping pairs and its last character, then each Chinese character alone."""
    text = _normal(text)
    words = [w for w in _jieba().cut_for_search(text) if _is_word(w)]
    runs = _CJK_RUN.findall(text)
    pairs = [g for run in runs for g in (*_pairs(run), run[-1])]  # the last character parts the runs' pairs
    return " ".join(_split_mixed(words) + pairs + [c for run in runs for c in run])


def _pairs(run: str) -> list[str]:
    """The overlapping pairs of characters of a run of Chinese characters (``接待费``: ``接待``, ``待费``)."""
    return [run[i:i + 2] for i in range(len(run) - 1)]


def _chinese(word: str) -> bool:
    return _CJK_RUN.fullmatch(word) is not None


def _split_mixed(words: list[str]) -> list[str]:
    """Words as the engines' tokenizers will see them (a word mixing letters and punctuation is split there)."""
    out: list[str] = []
    for w in words:
        out.extend(p for p in re.split(r"[^\w]+", w) if p)
    return out


@dataclass(frozen=True)
class Query:
    """A search query as words (each a jieba word of the text typed)."""

    text: str
    words: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.words

    def fts5(self) -> str:
        """FTS5 MATCH syntax: every word, a Chinese word as the phrase of its pairs (a character as itself), a
        word of letters and digits as a prefix (all quoted: nothing the visitor types is read as FTS5 syntax)."""
        parts = []
        for word in self.words:
            if _chinese(word):
                parts.append(_quote(" ".join(_pairs(word)) or word))
            else:
                parts.append(_quote(word) + "*")
        return " AND ".join(parts)

    def tsquery(self) -> str:
        """PostgreSQL ``to_tsquery('simple', …)`` text of the same query (each lexeme quoted)."""
        parts = []
        for word in self.words:
            if _chinese(word):
                pairs = [_lexeme(p) for p in _pairs(word)] or [_lexeme(word)]
                parts.append(pairs[0] if len(pairs) == 1 else "(" + " <-> ".join(pairs) + ")")
            else:
                parts.append(_lexeme(word) + ":*")
        return " & ".join(parts)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _lexeme(text: str) -> str:
    return "'" + text.replace("'", "''").replace("\\", "\\\\") + "'"


def parse(text: str, limit: int = 12) -> Query:
    """The words of a query (at most ``limit``), with punctuation and spaces left out."""
    text = _normal(text)[:100]
    words: list[str] = []
    for token in _jieba().cut(text):
        for word in _split_mixed([token]) if _is_word(token) else []:
            if word not in words:
                words.append(word)
    return Query(text=text, words=tuple(words[:limit]))


# -- what is indexed -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    kind: str
    text: str
    detail: str = ""  # a code, the section a sentence is in, a project's function code
    anchor: str = ""

    def row(self, **ids: Any) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text[:MAX_TEXT], "detail": self.detail[:255],
                "anchor": self.anchor[:96], "terms": terms(self.text + " " + self.detail), **ids}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) >= 4]


def revision_entries(d: Disclosure) -> list[Entry]:
    """The projects, table lines and narrative sentences of a document, each with where it is printed."""
    from ..checks.locate import cell_of

    anchors = Anchors(d)
    out: list[Entry] = []

    def line_anchor(table: str, source: Any, label: str) -> str:
        ref = source.with_(table=source.table or table, row=source.row or label)
        try:
            cell = cell_of(d, ref)
        except Exception:  # noqa: BLE001 - the entry is kept without its place
            cell = None
        if cell is None:
            return f"t-{table}"
        return (cell_anchor(cell.table.id, cell.row, cell.label) if cell.label is not None
                else row_anchor(cell.table.id, cell.row))

    v = d.views
    project_view = v.general_project
    if project_view is not None:
        for p in project_view.projects:
            out.append(Entry("project", p.name, p.function_code, line_anchor(project_view.table, p.source, p.name)))
    seen: set[tuple[str, str]] = set()
    for view in v.functional_tables():
        for line in view.lines:
            if line.code and (line.code, line.name) not in seen:
                seen.add((line.code, line.name))
                out.append(Entry("line", line.name, line.code, line_anchor(view.table, line.source, line.code)))
    for econ in (v.general_basic, v.basic_economic):
        if econ is None:
            continue
        for eline in econ.lines:
            if eline.code and (eline.code, eline.name) not in seen:
                seen.add((eline.code, eline.name))
                out.append(Entry("line", eline.name, eline.code, line_anchor(econ.table, eline.source, eline.code)))
            for item in eline.items:
                if (eline.code, item.name) not in seen:
                    seen.add((eline.code, item.name))
                    out.append(Entry("line", item.name, eline.code, line_anchor(econ.table, item.source, item.name)))
    titles = {id(p): "概况" for p in d.profile.paragraphs}
    for section in d.narrative.all_sections():
        titles.update({id(p): section.title for p in section.paragraphs})
    for index, paragraph in enumerate(anchors.paragraphs):
        title = titles.get(id(paragraph)) or (paragraph.source.section or "").split(" / ")[-1]
        for sentence in sentences(paragraph.text):
            out.append(Entry("sentence", sentence, title, anchors.paragraph(index)))
    return out


# -- the matched text, highlighted -------------------------------------------------------------------

def highlight(text: str, query: Query) -> Markup:
    """``text`` escaped, with every occurrence of a query word marked (``<mark>``)."""
    if not text:
        return Markup("")
    folded = unicodedata.normalize("NFKC", text).lower()
    if len(folded) != len(text):  # NFKC changed the length: positions would not line up; match on the text
        folded = text.lower()
    spans: list[tuple[int, int]] = []
    for word in sorted(query.words, key=len, reverse=True):
        start = folded.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out.append(str(escape(text[at:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


def excerpt(text: str, query: Query, width: int = 80) -> str:
    """A window of a long sentence around its first match."""
    if len(text) <= width:
        return text
    folded = text.lower()
    first = min((i for i in (folded.find(w) for w in query.words) if i >= 0), default=0)
    start = max(0, min(first - width // 3, len(text) - width))
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


def iter_batches(rows: list[dict[str, Any]], size: int = 500) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


# -- the query ------------------------------------------------------------------------------------------

KIND_ORDER = ("department", "project", "line", "sentence")


#: matches counted (and paged through) per kind: beyond it the page says "more than" (a common word matches tens of
#: thousands of sentences; counting them all would cost every search the time of the commonest)
CAP = 1000


def count(conn: Any, query: Query, public: bool) -> dict[str, int]:
    """The number of matches of each kind the reader may see, at most ``CAP`` (+1 when there are more)."""
    if query.empty:
        return dict.fromkeys(KIND_ORDER, 0)
    return {k: _count(conn, query, public, k) for k in KIND_ORDER}


def find(conn: Any, query: Query, public: bool, kind: str | None = None, offset: int = 0,
         limit: int = 50, counts: dict[str, int] | None = None) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One page of the entries matching ``query`` that the reader may see (for the public: of published
    revisions and of departments with a published document): departments first, then projects, table lines,
    sentences, each kind newest first; and the number of matches of each kind (``count``; given as ``counts``
    when known already, as for the next page of the same query)."""
    if query.empty:
        return [], dict.fromkeys(KIND_ORDER, 0)
    counts = counts if counts is not None else count(conn, query, public)
    rows: list[dict[str, Any]] = []
    skip = offset
    for k in ([kind] if kind in KIND_ORDER else KIND_ORDER):
        available = min(counts[k], CAP)
        if skip >= available:
            skip -= available
            continue
        want = min(limit - len(rows), available - skip)
        rows.extend(_page(conn, query, public, k, skip, want))
        skip = 0
        if len(rows) >= limit:
            break
    return rows, counts


def capped(counts: dict[str, int]) -> dict[str, bool]:
    """Which kinds have more matches than were counted."""
    return {k: n > CAP for k, n in counts.items()}


def _params(dialect: str, query: Query, kind: str) -> dict[str, Any]:
    if dialect == "sqlite":
        return {"fts": f"kind : {kind} AND terms : ({query.fts5()})"}
    return {"tsq": query.tsquery(), "kind": kind}


@lru_cache(maxsize=16)
def _matches(dialect: str, public: bool, what: str) -> Any:
    """The statement of the entries of one kind matching a query that the reader may see, newest first (``what``:
    ``count``, capped, or ``page``, with ``offset`` and ``limit``), built once with bound parameters (``_params``).
    On SQLite the FTS5 table drives (its ``kind`` column narrows the match inside the index); on PostgreSQL the GIN
    index of the kind (migration 0010: one partial index a kind, the kind written into the statement so that the
    planner can choose it). The matches are filtered by ``_visible``; a page joins only its own rows to their
    revision, disclosure and department."""
    from sqlalchemy import and_, bindparam, column, func, literal, literal_column, select, table

    from .schema import departments, disclosures, revisions, search_entries

    e = search_entries
    if dialect == "sqlite":
        fts = table("search_fts", column("rowid"))
        source: Any = fts.join(e, e.c.id == fts.c.rowid)
        condition: Any = literal_column("search_fts").op("MATCH")(bindparam("fts"))
        newest = fts.c.rowid.desc()
    else:
        source = e
        vector: Any = literal_column("search_entries.tsv")  # to_tsvector('simple', terms), stored (migration 0008)
        wanted = func.to_tsquery(literal_column("'simple'::regconfig"), bindparam("tsq"))
        condition = and_(vector.op("@@")(wanted), e.c.kind == bindparam("kind", literal_execute=True))
        newest = e.c.id.desc()
    matching = select(literal(1).label("one") if what == "count" else e.c.id).select_from(source).where(
        condition, _visible(public))
    if what == "count":
        return select(func.count()).select_from(matching.limit(CAP + 1).subquery())
    page = matching.order_by(newest).offset(bindparam("offset")).limit(bindparam("limit")).subquery()
    joined = (page.join(e, e.c.id == page.c.id)
              .outerjoin(revisions, revisions.c.id == e.c.revision_id)
              .outerjoin(disclosures, disclosures.c.id == revisions.c.disclosure_id)
              .join(departments, departments.c.id == func.coalesce(disclosures.c.department_id, e.c.department_id)))
    columns = [e.c.id, e.c.kind, e.c.text, e.c.detail, e.c.anchor, e.c.revision_id,
               departments.c.id.label("department_id"), departments.c.name.label("department"), departments.c.region,
               disclosures.c.id.label("disclosure_id"), disclosures.c.year, disclosures.c.kind.label("disclosure_kind")]
    return select(*columns).select_from(joined).order_by(e.c.id.desc())


def _visible(public: bool) -> Any:
    """The entries the reader may see, as membership in two sets (each built once per statement: cheaper than
    joining every match to its revision, disclosure and department): the revisions shown (for the public the
    published ones, for staff the newest of each disclosure) and the departments listed (not merged into another;
    for the public, with a published document)."""
    from sqlalchemy import func, or_, select

    from .schema import departments, disclosures, revisions, search_entries

    e = search_entries
    listed: Any = departments.c.merged_into_id.is_(None)
    if public:
        shown: Any = select(disclosures.c.published_revision_id).where(disclosures.c.published_revision_id.is_not(None))
        published = select(disclosures.c.id).where(disclosures.c.department_id == departments.c.id,
                                                   disclosures.c.published_revision_id.is_not(None))
        listed = listed & published.correlate(departments).exists()
    else:
        shown = select(func.max(revisions.c.id)).group_by(revisions.c.disclosure_id)
    return or_(e.c.revision_id.in_(shown), e.c.department_id.in_(select(departments.c.id).where(listed)))


def _count(conn: Any, query: Query, public: bool, kind: str) -> int:
    dialect = conn.dialect.name
    return int(conn.execute(_matches(dialect, public, "count"), _params(dialect, query, kind)).scalar() or 0)


def _page(conn: Any, query: Query, public: bool, kind: str, offset: int, limit: int) -> list[dict[str, Any]]:
    dialect = conn.dialect.name
    params = {**_params(dialect, query, kind), "offset": offset, "limit": limit}
    return [dict(r) for r in conn.execute(_matches(dialect, public, "page"), params).mappings()]
