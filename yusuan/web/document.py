"""The body of a disclosure page (tables as printed, narrative, findings in place, charts), rendered
once per revision and check run and kept in a bounded in-memory cache: a revision never changes,
so its body never goes stale, and each server builds its own cache from the shared database."""

from __future__ import annotations

import hashlib
import json
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__, catalog
from ..checks import Finding
from ..checks.locate import Placement, paragraphs, place, segments
from ..model import Disclosure, Paragraph, PrintedTable, Section, SourceRef
from ..store import reads, writes
from ..store.db import writing
from ..store.figures import paragraph_anchor
from .charts import disclosure_charts
from .printed import paragraph_html, table_html
from .render import environment

FUNCTIONAL_KINDS = {"income", "expenditure", "general_budget", "gov_fund", "general_project", "state_capital",
                    "fiscal_expenditure"}


class RenderCache:
    """A thread-safe LRU of rendered pieces, bounded by their total size."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[Any, ...], tuple[Any, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[Any, ...]) -> Any | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[0]

    def put(self, key: tuple[Any, ...], value: Any, size: int) -> None:
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= old[1]
            self._items[key] = (value, size)
            self._size += size
            while self._size > self.max_bytes and self._items:
                _, (_, dropped) = self._items.popitem(last=False)
                self._size -= dropped


@dataclass(frozen=True)
class Body:
    html: str
    findings: list[dict[str, Any]]
    charts: dict[str, Any]
    findings_json: bytes = b"[]"
    charts_json: bytes = b"{}"


def position(ref: SourceRef) -> tuple[object, ...] | None:
    """Where a row was read (line, page, sheet row), to tie a view's line to its printed row."""
    if ref.line is None and ref.cell is None:
        return None
    digits = "".join(ch for ch in (ref.cell or "") if ch.isdigit())
    return (ref.page, ref.line, ref.sheet, digits or ref.cell)


def code_notes(d: Disclosure) -> dict[tuple[str, int], str]:
    """Printed rows whose classification code the catalogue does not know: (table, row) → note."""
    notes: dict[tuple[str, int], str] = {}
    year = d.year
    by_position: dict[str, dict[object, str]] = {}
    for view in (d.views.income, d.views.expenditure, d.views.general_budget, d.views.gov_fund,
                 d.views.state_capital, d.views.fiscal_expenditure):
        if view is None:
            continue
        codes = by_position.setdefault(view.table, {})
        for line in view.lines:
            where = position(line.source)
            if line.code and where is not None:
                codes[where] = line.code
    for table in d.tables:
        codes = by_position.get(table.id, {})
        for i, row in enumerate(table.rows):
            code = codes.get(position(row.source))
            if not code:
                continue
            found = catalog.functional().lookup(code, year)
            if not found.known:
                notes[(table.id, i)] = f"编码 {code} 不在 yusuan 的科目目录中（目录不完整），未核实"
    return notes


#: a paragraph on the page: its anchor (``figures.paragraph_anchor``) and its text in segments (findings marked)
ParagraphView = tuple[str, list[tuple[str, list[int]]]]


@dataclass
class SectionView:
    number: str
    title: str
    level: int
    anchor: str
    paragraphs: list[ParagraphView]
    children: list[SectionView]


def _section_views(sections: list[Section], placement: Placement, numbers: dict[int, int],
                   prefix: str = "s") -> list[SectionView]:
    out = []
    for i, section in enumerate(sections, start=1):
        anchor = f"{prefix}{i}"
        out.append(SectionView(number=section.number, title=section.title, level=section.level, anchor=anchor,
                               paragraphs=_paragraph_views(section.paragraphs, placement, numbers),
                               children=_section_views(section.children, placement, numbers, anchor + "-")))
    return out


def _paragraph_views(paragraphs: list[Paragraph], placement: Placement, numbers: dict[int, int]) -> list[ParagraphView]:
    """Each paragraph with the anchor the explorer and the search link to (its place in ``locate.paragraphs``)."""
    return [(paragraph_anchor(numbers[id(p)]) if id(p) in numbers else "",
             segments(p.text, placement.spans.get(id(p), []))) for p in paragraphs]


def finding_rows(findings: list[Finding], placement: Placement) -> list[dict[str, Any]]:
    rows = []
    for number, f in enumerate(findings, start=1):
        rows.append({"number": number, "code": f.code, "severity": f.severity, "rule": f.rule, "message": f.message,
                     "where": f.location.describe(), "placed": number in placement.placed, "expected": f.expected,
                     "actual": f.actual, "delta": f.delta, "tolerance": f.tolerance, "unit": f.unit,
                     "location": f.location.model_dump(mode="json")})
    return rows


def _table_groups(tables: list[PrintedTable]) -> tuple[list[PrintedTable], list[PrintedTable]]:
    main = [t for t in tables if t.kind != "performance"]
    performance = [t for t in tables if t.kind == "performance"]
    return main, performance


def hit_tables(placement: Placement) -> set[str]:
    return {k[0] for k in placement.cells} | {k[0] for k in placement.rows} | set(placement.tables)


def render_body(d: Disclosure, findings: list[Finding], digest: dict[str, Any], revision_id: int) -> Body:
    placement = place(d, findings)
    numbers = {id(p): i for i, p in enumerate(paragraphs(d))}
    rows = finding_rows(findings, placement)
    charts = disclosure_charts(digest)
    main, performance = _table_groups(d.tables)
    html = environment().get_template("document_body.html").render(
        d=d, findings=rows, placement=placement, charts=charts, digest=digest, revision_id=revision_id,
        main_tables=main, performance_tables=performance, code_notes=code_notes(d), hit_tables=hit_tables(placement),
        performance_names={t.table: t.project for t in d.performance if t.table},
        table_html=table_html, paragraph_html=paragraph_html,
        narrative=_section_views(d.narrative.sections, placement, numbers),
        profile_paragraphs=_paragraph_views(d.profile.paragraphs, placement, numbers))
    return Body(html=html, findings=rows, charts=charts, findings_json=_compact(rows), charts_json=_compact(charts))


def _compact(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _renderer_version() -> str:
    """yusuan's version and a hash of everything that shapes a page body (templates, page code, and the
    classification catalogue, which says which codes are badged 编码未核实)."""
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    from ..checks import locate

    listing = Path(catalog.__file__).parent
    for path in sorted([*here.glob("templates/*.html"), Path(locate.__file__), *(here / n for n in (
            "document.py", "printed.py", "charts.py", "render.py")), Path(catalog.__file__), here.parent / "store" / "figures.py",
            *listing.glob("data/*.csv")]):
        digest.update(path.read_bytes())
    return f"{__version__}:{digest.hexdigest()[:16]}"


RENDERER = _renderer_version()


def _pack(body: Body) -> bytes:
    return zlib.compress(b"".join((b'{"html":', json.dumps(body.html, ensure_ascii=False).encode("utf-8"),
                                   b',"findings":', body.findings_json, b',"charts":', body.charts_json, b"}")), 6)


def _unpack(blob: bytes) -> Body:
    data = json.loads(zlib.decompress(blob))
    return Body(html=data["html"], findings=data["findings"], charts=data["charts"],
                findings_json=_compact(data["findings"]), charts_json=_compact(data["charts"]))


def build_body(conn: Any, revision_id: int, check_run_id: int | None) -> Body:
    d = writes.unpack_model(reads.model_blob(conn, revision_id))
    findings = reads.findings_of(conn, check_run_id) if check_run_id else []
    return render_body(d, findings, reads.digest_of(conn, revision_id), revision_id)


def body_for(cache: RenderCache, conn: Any, revision_id: int, check_run_id: int | None) -> Body:
    """The page body: from memory, else from the database (rendered by any server), else rendered now."""
    key = ("body", revision_id, check_run_id)
    cached = cache.get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    stored = reads.rendered_page(conn, check_run_id, RENDERER) if check_run_id else None
    if stored is not None:
        body = _unpack(stored)
    else:
        body = build_body(conn, revision_id, check_run_id)
        if check_run_id:
            with writing(conn.engine) as writer:
                writes.save_rendered_page(writer, check_run_id, RENDERER, _pack(body))
    cache.put(key, body, len(body.html) * 2 + 2 * (len(body.findings_json) + len(body.charts_json)))
    return body


def prerender(store: Any, revision_id: int) -> None:
    """Render a revision's page body ahead of its first view, and build what visitors get of its department
    (``yusuan import`` calls this after storing, and publishing, each document)."""
    bodies = RenderCache(32 * 1024 * 1024)
    with store.read() as conn:
        info = reads.revision(conn, revision_id, public=False)
        check = info.shown.check if info.shown else None
        if check is not None:
            body_for(bodies, conn, revision_id, check.run_id)  # rendered and stored unless it was
    from .prebuild import refresh

    refresh(store, [info.department.id], bodies)


def document_json(conn: Any, revision_id: int) -> bytes:
    """The canonical JSON of a revision (model + summary), as stored (not kept in memory: the responses
    built from it are)."""
    return writes.unpack_json(reads.model_blob(conn, revision_id))
