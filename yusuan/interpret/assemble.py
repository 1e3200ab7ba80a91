"""Blocks → Disclosure: the one place where a read document gets its meaning.

Every reader (text, PDF, XLSX, DOCX) ends here, so every layout gets the same model and the same
checks. Stages never raise on bad content: what cannot be read becomes a ``ReadProblem``.
"""

from __future__ import annotations

import re

from ..errors import ReadError
from ..model import (
    Claim,
    Department,
    Disclosure,
    GlossaryEntry,
    Narrative,
    OtherMatters,
    PerformanceTarget,
    Profile,
    ProjectDescription,
    ReadProblem,
    Section,
    SourceRef,
    TableKind,
    TableReading,
    Views,
)
from ..model.problems import MISSING_PART, MISSING_TABLE, TABLE_UNRECOGNIZED, TABLES_ELSEWHERE
from ..normalize import key
from .blocks import RawDocument
from .claims import Context, extract_paragraph
from .consistency import assess
from .continuation import join_parts
from .meta import Meta, read_meta, with_department
from .other import build_other
from .performance import read_performance
from .profile import read_profile
from .projects import name_from_targets, read_glossary, read_project_sections, read_projects
from .stages import Stages
from .structure import ROLE_GLOSSARY, ROLE_PROFILE, ROLE_TABLES, Node, Outline, build_outline, role_of
from .tables import recognize_title
from .units import settle_units
from .views import build_views

_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


def interpret(raw: RawDocument) -> Disclosure:
    """The disclosure read from a reader's blocks.

    The outline (parts, sections, tables as printed) is read first; every later stage runs isolated
    (``Stages``): a stage that fails gives its fallback and a ``stage-failed`` read problem, and the rest of
    the document is still read. The order is the pipeline of docs/architecture.md: continuation parts joined
    → outline → units → views (with the row identities each table's rows bear out) → readings (how far each
    table's figures bear its reading out) → narrative claims → projects, targets, profile, other matters."""
    path = raw.info.path
    stages = Stages(path)
    outline = build_outline(join_parts(raw.blocks), path)
    meta = stages.run("meta", lambda: _meta(outline), Meta())
    stages.run("sections", lambda: _drop_signature(outline.parts, meta.department), None)
    no_notes: list[tuple[str, str, SourceRef]] = []
    tables, unit_notes = stages.run("units", lambda: settle_units(list(outline.tables)), (list(outline.tables), no_notes))
    views, view_notes = stages.run("views", lambda: build_views(tables, meta.year), (Views(), no_notes))
    readings: list[TableReading] = stages.run("readings", lambda: list(assess(views, tables)), [])
    problems = [ReadProblem(code=c, message=m, source=s) for c, m, s in [*raw.problems, *unit_notes, *view_notes]]
    narrative_nodes = [n for p in outline.parts if p.role not in (ROLE_PROFILE, ROLE_TABLES, ROLE_GLOSSARY)
                       for n in ([p] if p.level >= 0 else p.children)]
    sections: list[Section] = stages.run("sections", lambda: [_section(n) for n in narrative_nodes], [])
    claims: list[Claim] = stages.run("claims", lambda: _claims(narrative_nodes, views), [])
    narrative_paragraphs = [para for n in narrative_nodes for node in n.walk() for para in node.paragraphs]
    glossary_paragraphs = [para for p in outline.parts if p.role == ROLE_GLOSSARY for n in p.walk()
                           for para in n.paragraphs]
    performance: list[PerformanceTarget] = stages.run("performance", lambda: [read_performance(t, meta.year) for t in tables
                                                     if t.kind == TableKind.PERFORMANCE], [])
    units_table = [t for t in tables if t.kind == TableKind.UNITS]
    projects: list[ProjectDescription] = stages.run("projects", lambda: read_projects(narrative_paragraphs) + name_from_targets(
        read_project_sections(narrative_nodes), performance), [])
    glossary: list[GlossaryEntry] = stages.run("glossary", lambda: read_glossary(glossary_paragraphs), [])
    disclosure = Disclosure(
        kind=meta.kind,  # type: ignore[arg-type]
        scope=meta.scope,  # type: ignore[arg-type]
        year=meta.year,
        department=Department(name=meta.department, region=meta.region),
        title=meta.title,
        date=meta.date,
        layout=_layout(tables, outline.toc),
        source=raw.info,
        toc=outline.toc,
        profile=stages.run("profile", lambda: read_profile(outline.parts, meta.department, units_table), Profile()),
        tables=tables,
        views=views,
        narrative=Narrative(sections=sections, claims=claims),
        projects=projects,
        performance=performance,
        other=stages.run("other", lambda: build_other(claims), OtherMatters()),
        glossary=glossary,
        problems=problems,
        readings=readings,
    )
    problems += stages.run("completeness", lambda: _completeness(disclosure, outline.toc, path, outline.all_text), [])
    if not _looks_like_disclosure(disclosure, outline.title_lines + outline.all_text[:30]):
        raise ReadError(path, "不是预算或决算公开文件：没有找到可识别的预算表格，也没有预算/决算公开的标题")
    return disclosure.model_copy(update={"problems": problems + stages.problems})


def _meta(outline: Outline) -> Meta:
    meta = read_meta(outline.title_lines, outline.all_text)
    if not meta.department:  # a cover printed as an image: the tables name the department
        meta = with_department(meta, [t.compiler or "" for t in outline.tables])
    return meta


def _looks_like_disclosure(d: Disclosure, head: list[str]) -> bool:
    """A recognised table, or a 预算/决算 title with a narrative that states figures."""
    if any(t.recognized for t in d.tables):
        return True
    titled = any(("预算" in t or "决算" in t) for t in head)
    return titled and bool(d.narrative.claims)


def _section(node: Node) -> Section:
    return Section(
        number=node.number, title=node.title, level=max(node.level, 0), paragraphs=node.paragraphs,
        children=[_section(c) for c in node.children], source=node.source,
    )


def _claims(nodes: list[Node], views) -> list:  # type: ignore[no-untyped-def]
    ctx = Context()
    out = []

    def walk(node: Node, path: list[Node]) -> None:
        here = [*path, node]
        ctx.section = " / ".join(n.heading for n in here if n.title)
        ctx.section_words = "".join(n.title for n in here)
        ctx.last_total = None
        if not any(w in ctx.section_words for w in ("项目",)):
            ctx.project = None
        for para in node.paragraphs:
            out.extend(extract_paragraph(para.text, para.source, ctx, views))
        for child in node.children:
            walk(child, here)

    for node in nodes:
        walk(node, [])
    return out


def _drop_signature(parts: list[Node], department: str) -> None:
    """Remove the closing signature (department name, date) from the last section's paragraphs."""
    if not parts:
        return
    last = parts[-1]
    while last.children:
        last = last.children[-1]
    paras = last.paragraphs
    dept_key = key(department)
    while paras and (_DATE_LINE.match(paras[-1].text) or (dept_key and key(paras[-1].text) in dept_key)
                     or key(paras[-1].text) in dept_key):
        paras.pop()


def _layout(tables, toc: list[str]) -> str:  # type: ignore[no-untyped-def]
    titles = "".join(key(t.title) for t in tables)
    if "收入支出决算总表" in titles:
        return "national-final"
    if "财务收支预算总表" in titles or "三公经费和机关运行经费" in titles:
        return "shanghai"
    if "收支预算总表" in titles and ("(功能科目)" in titles or "(经济科目)" in titles or "会议费" in titles):
        return "jiangsu-2019"
    if "部门(单位)" in titles or any(t.id.startswith("表") and not t.id[1:2].isdigit() for t in tables):
        return "xinjiang"
    if "收支预算总表" in titles:
        return "jiangsu-2019"
    return "generic"


def _completeness(d: Disclosure, toc: list[str], path: str, texts: list[str]) -> list[ReadProblem]:
    """What the document announces but does not contain (a cut-off file shows here)."""
    problems: list[ReadProblem] = []
    present_kinds = {t.kind for t in d.tables}
    elsewhere = not d.tables and any(role_of(entry) == ROLE_TABLES for entry in toc) and any(
        "附后" in text or "另行公开" in text for text in texts)
    if elsewhere:
        # Jiangsu publishes the tables in a second file: read both as one document
        return [ReadProblem(code=TABLES_ELSEWHERE,
                            message="本文件只有文字部分，公开表格另行发布（“附后”）；请将表格文件一并给出："
                                    "yusuan extract 文字.pdf 表格.pdf", source=SourceRef(file=path))]
    for entry in toc:
        kind = recognize_title(entry)
        if kind is not None and kind not in present_kinds and kind != TableKind.PERFORMANCE:
            problems.append(ReadProblem(code=MISSING_TABLE, message=f"目录列出的“{entry}”在正文中没有找到",
                                        source=SourceRef(file=path, section="目录")))
        m = re.match(r"^第([一二三四五六七八九十]+)部分", entry)
        if m and not _has_part(d, entry):
            problems.append(ReadProblem(code=MISSING_PART, message=f"目录列出的“{entry}”在正文中没有找到",
                                        source=SourceRef(file=path, section="目录")))
    for t in d.tables:
        if not t.recognized:
            problems.append(ReadProblem(code=TABLE_UNRECOGNIZED,
                                        message=f"{t.id}“{t.title or '（无标题）'}”未能识别为已知的公开表",
                                        source=t.source))
    return problems


def _has_part(d: Disclosure, entry: str) -> bool:
    role = role_of(entry)
    if role == ROLE_TABLES:
        return bool(d.tables)
    if role == ROLE_GLOSSARY:
        return bool(d.glossary)
    if role == ROLE_PROFILE:
        return bool(d.profile.paragraphs)
    return bool(d.narrative.sections)

