"""A disclosure laid out in the standard (seed) order: the ``RenderedDocument`` every format draws.

Part 1 from the profile, Part 2 the nine tables, Part 3 the narrative (kept as read, or written by
``narrative.write_narrative``) with the performance-target tables after the 预算绩效 section,
Part 4 the glossary, then the signature.
"""

from __future__ import annotations

from typing import Literal

from ..model import Disclosure, Section
from .derive import display_name
from .glossary import default_glossary
from .grid import Grid, Heading, Para, RenderedDocument, TableRef
from .narrative import write_narrative
from .profile import profile_sections
from .tables import performance_grid, standard_grids

PART_NUMBERS = "一二三四"


def narrative_sections(d: Disclosure) -> list[Section]:
    """The numbered sections of Part 3 as read (the Part heading itself unwrapped)."""
    out: list[Section] = []
    for section in d.narrative.sections:
        if section.level == 0:
            if section.paragraphs:
                out.append(Section(number="", title="", level=1, paragraphs=section.paragraphs))
            out.extend(section.children)
        else:
            out.append(section)
    return out


def build_document(d: Disclosure, generate: bool | None = None) -> RenderedDocument:
    """The document in reading order. ``generate``: write Part 3 from the numbers (default: only
    when the model has no narrative of its own)."""
    if generate is None:
        generate = not d.narrative.sections
    sections = write_narrative(d) if generate else narrative_sections(d)
    name = display_name(d)
    year = f"{d.year}年" if d.year else ""
    word = d.unit_word
    kind = "决算" if d.kind == "final_accounts" else "预算"
    full = d.department.name or name
    blocks: list[Heading | Para | TableRef] = []
    toc: list[tuple[int, str]] = []

    def part(n: int, title: str) -> None:
        text = f"第{PART_NUMBERS[n]}部分 {title}"
        toc.append((1, text))
        blocks.append(Heading(level=1, text=text))

    part(0, f"{name}概况")
    for i, (title, paragraphs) in enumerate(profile_sections(d)):
        if title:
            heading = f"{PART_NUMBERS[i] if i < 4 else i + 1}、{title}"
            toc.append((2, heading))
            blocks.append(Heading(level=2, text=heading))
        blocks.extend(Para(text=t, style="item" if t.startswith("（") else "body") for t in paragraphs)
    part(1, f"{year}{word}{kind}公开表")
    grids = standard_grids(d)
    for grid in grids:
        toc.append((2, f"{grid.id[1:]}、{grid.title}"))
        blocks.append(TableRef(grid=grid))
    part(2, f"{year}{word}{kind}情况说明")
    performance = [performance_grid(t, i + 1, d.year) for i, t in enumerate(d.performance)]
    placed = False
    for section in sections:
        if section.title:
            toc.append((2, _heading(section)))
        placed = _section_blocks(section, blocks, performance) or placed
    if performance and not placed:
        blocks.extend(TableRef(grid=g) for g in performance)
    part(3, "名词解释")
    glossary = d.glossary or default_glossary()
    blocks.extend(Para(text=f"{e.number}、{e.term}：{_end(e.definition)}" if e.number else f"{e.term}：{_end(e.definition)}")
                  for e in glossary)
    signature = [full]
    if d.date:
        signature.append(f"{d.date.year}年{d.date.month}月{d.date.day}日")
    return RenderedDocument(title_lines=[f"{full}{year}", f"{word}{kind}公开"], toc=toc, blocks=blocks,
                            department=full, year=d.year, signature=signature)


def _heading(section: Section) -> str:
    if section.level <= 1:
        return f"{section.number}、{section.title}" if section.number else section.title
    return f"（{section.number}）{section.title}" if section.number else section.title


def _section_blocks(section: Section, blocks: list[Heading | Para | TableRef], performance: list[Grid]) -> bool:
    """Blocks of one section; the performance tables go after the 预算绩效 section's text."""
    if section.title:
        blocks.append(Heading(level=2 if section.level <= 1 else 3, text=_heading(section)))
    blocks.extend(Para(text=p.text, style=_para_style(p.text)) for p in section.paragraphs)
    placed = False
    if performance and "绩效" in section.title and not section.children:
        blocks.extend(TableRef(grid=g) for g in performance)
        placed = True
    for child in section.children:
        placed = _section_blocks(child, blocks, performance) or placed
    return placed


def _para_style(text: str) -> Literal["body", "field"]:
    head = text.split("：", 1)[0]
    if "：" in text and len(head) <= 10 and not text.endswith("："):
        return "field"
    return "body"


def _end(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "；", "！", "）")) else text + "。"
