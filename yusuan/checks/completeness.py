"""Completeness (DOMAIN.md "What must hold" 7): required tables and sections, empty-table statements.

Every table the table of contents lists is printed; an empty table is still published (没有数据的
表格应当列出空表并说明) and the text says it is empty; a table the text says is empty holds no
figures. Required tables and sections are those of ``catalog/data/disclosure_requirements.md``
(2.1–2.8, 3.3–3.8). What the reader could not read (``d.problems``) is surfaced here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..interpret.tables import recognize_title
from ..interpret.units import MONEY_KINDS
from ..model import PrintedTable, SourceRef, TableKind
from ..normalize import key
from .finding import Finding
from .registry import Context, declare, finding, rule

REQUIRED_TABLES: tuple[tuple[TableKind, str], ...] = (
    (TableKind.OVERVIEW, "收支总体情况表"),
    (TableKind.INCOME, "收入总体情况表"),
    (TableKind.EXPENDITURE, "支出总体情况表"),
    (TableKind.FISCAL_OVERVIEW, "财政拨款收支总体情况表"),
    (TableKind.GENERAL_BUDGET, "一般公共预算支出情况表"),
    (TableKind.GENERAL_BASIC, "一般公共预算基本支出情况表"),
    (TableKind.THREE_PUBLIC, "一般公共预算“三公”经费支出情况表"),
    (TableKind.GOV_FUND, "政府性基金预算支出情况表"),
)
_STANDARD = {k for k, _ in REQUIRED_TABLES} | {TableKind.GENERAL_PROJECT}

_EMPTY_TABLE = re.compile(r"([^，。；：:,]{2,40}?表)[^，。；]{0,8}?(?:为|是|系|均为)?空表")
_NO_MONEY = re.compile(
    r"(?:没有|无|未)(?:使用|安排)?(政府性基金|国有资本经营|项目支出|一般公共预算项目)(?:预算)?(?:拨款)?(?:安排的)?(?:支出|收入|预算)?"
    r"|(政府性基金|国有资本经营|项目支出)(?:预算)?(?:拨款)?(?:支出)?(?:均)?(?:未安排|为零|为0)")
_NO_MONEY_KIND = {"政府性基金": TableKind.GOV_FUND, "国有资本经营": TableKind.STATE_CAPITAL,
                  "项目支出": TableKind.GENERAL_PROJECT, "一般公共预算项目": TableKind.GENERAL_PROJECT}


@dataclass(frozen=True)
class _Said:
    kind: TableKind
    text: str  # the words that say so
    where: SourceRef


def said_empty(ctx: Context) -> list[_Said]:
    """Tables the text says are empty (一般为“…情况表为空表”, or a note under the table)."""
    return ctx.memo("said-empty", lambda: _said_empty(ctx))  # type: ignore[no-any-return]


def _said_empty(ctx: Context) -> list[_Said]:
    out: list[_Said] = []
    for section in ctx.d.narrative.all_sections():
        for para in section.paragraphs:
            for m in _EMPTY_TABLE.finditer(para.text):
                kind = recognize_title(m.group(1))
                if kind is not None:
                    out.append(_Said(kind, m.group(0), para.source.with_(sentence=_sentence(para.text, m.start()))))
            for m in _NO_MONEY.finditer(para.text):
                kind = _NO_MONEY_KIND[m.group(1) or m.group(2)]
                out.append(_Said(kind, m.group(0), para.source.with_(sentence=_sentence(para.text, m.start()))))
    for t in ctx.d.tables:
        for note in t.notes:
            if "空表" in note or "无数据" in note:
                out.append(_Said(t.kind, note, t.source))
    return out


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind("。", 0, pos) + 1, 0)
    end = text.find("。", pos)
    return text[start:end + 1 if end >= 0 else len(text)]


def _toc_tables(ctx: Context) -> list[tuple[TableKind, str]]:
    out: list[tuple[TableKind, str]] = []
    for entry in ctx.d.toc:
        kind = recognize_title(entry)
        if kind is not None and kind != TableKind.PERFORMANCE:
            out.append((kind, entry))
    return out


def _toc_where(ctx: Context, entry: str = "") -> SourceRef:
    m = re.match(r"^([一二三四五六七八九十]+)[、.．]", entry)
    return SourceRef(file=ctx.d.source.path or None, section="目录", table=f"表{m.group(1)}" if m else None,
                     sentence=entry or None)


EMPTY_MISSING = declare(
    "empty-table-missing", "error", "空表未公开",
    "The text says a table is empty (…情况表为空表) but the table is not printed: an empty table must still be "
    "published, with the statement.",
    "目录列出“九、政府性基金预算支出情况表”，说明称“政府性基金预算支出情况表为空表”，但正文未公开该表；空表也应列出。",
    family="completeness")


@rule("table-missing", "error", tags=("completeness", "table"), title="应公开的表格缺失",
      description="Every table the table of contents lists is printed (error); for a budget disclosure in the "
                  "standard layout, each required table (收支总体、收入总体、支出总体、财政拨款收支总体、一般公共预算"
                  "支出、一般公共预算基本支出、“三公”经费、政府性基金预算支出) is present (warning when the contents "
                  "do not list it either). A table said to be empty but not printed is reported as "
                  "empty-table-missing.",
      example="目录列出的“七、一般公共预算项目支出情况表”在正文中没有找到。",
      emits=(EMPTY_MISSING,))
def missing_tables(ctx: Context) -> Iterator[Finding]:
    present = {t.kind for t in ctx.d.tables}
    empty: dict[TableKind, _Said] = {}
    for s in said_empty(ctx):
        if s.kind not in empty or "空表" in s.text and "空表" not in empty[s.kind].text:
            empty[s.kind] = s
    listed = _toc_tables(ctx)
    reported: set[TableKind] = set()
    if not ctx.d.tables and listed:
        # a narrative published without its tables (Jiangsu prints them in a separate file): say so once
        yield finding("table-missing", f"本文件没有表格，而目录列出 {len(listed)} 张表；如表格另行发布，请同时检查"
                                       f"（yusuan check 说明.pdf+表格.pdf）。", _toc_where(ctx),
                      expected=f"{len(listed)} 张表", actual="0", severity="warning")
        return
    for kind, entry in listed:
        if kind in present or kind in reported:
            continue
        reported.add(kind)
        said = empty.get(kind)
        if said is not None:
            yield finding(EMPTY_MISSING, f"目录列出“{entry}”，说明称“{said.text}”，但正文未公开该表；空表也应列出。",
                          _toc_where(ctx, entry), expected=entry, actual="（未公开）", compared=[said.where])
        else:
            yield finding("table-missing", f"目录列出的“{entry}”在正文中没有找到。", _toc_where(ctx, entry),
                          expected=entry, actual="（未公开）")
    standard = [t for t in ctx.d.tables if t.kind in _STANDARD]
    if ctx.d.kind != "budget" or len({t.kind for t in standard}) < 4:
        return
    for kind, title in REQUIRED_TABLES:
        if kind in present or kind in reported:
            continue
        said = empty.get(kind)
        code = EMPTY_MISSING if said is not None else "table-missing"
        text = f"，说明称“{said.text}”，但空表也应列出" if said is not None else ""
        yield finding(code, f"未找到应公开的“{title}”{text}。", _toc_where(ctx), expected=title, actual="（未公开）",
                      severity="warning")


# ---------------------------------------------------------------- empty tables and what the text says


# money the text may say there is none of, and the tables that then hold nothing
_NONE_OF: tuple[tuple[str, tuple[TableKind, ...]], ...] = (
    ("政府性基金", (TableKind.GOV_FUND,)),
    ("国有资本经营", (TableKind.STATE_CAPITAL,)),
    ("三公", (TableKind.THREE_PUBLIC,)),
    ("机关运行经费", (TableKind.OPERATING_COSTS,)),
    ("政府采购", (TableKind.PROCUREMENT,)),
    ("一般公共预算", (TableKind.GENERAL_BUDGET, TableKind.GENERAL_BASIC, TableKind.GENERAL_PROJECT)),
    ("基本支出", (TableKind.GENERAL_BASIC,)),
    ("项目支出", (TableKind.GENERAL_PROJECT,)),
    ("财政专户", (TableKind.FISCAL_SPECIAL,)),
)
_SUBJECT = re.compile("|".join(w for w, _ in _NONE_OF))
# after the subject, within the clause: "…支出预算为0" / "…0万元" / "…未安排" / "…无" (not a change of 0)
_NOTHING_AFTER = re.compile(r"^[^，。；,;：:]{0,16}?(?:(?<!增加)(?<!减少)(?<!增长)(?<!下降)(?:为|是|共|计)?\s*"
                            r"(?<![\d.])(?:0|0\.0+|零)(?![\d.])\s*(?:万元|元)?(?![\d.%])|未安排|不安排|无|没有|为空)")
_NOTHING_BEFORE = re.compile(r"(?:没有|无|未|不涉及|不存在)(?:使用|安排|发生)?[^，。；,;]{0,6}$")
_NOTE_EMPTY = re.compile(r"空表|无数据|无发生额|无此项|无该项|本表无|不涉及|没有|未安排|为0|为零")


def explained_empty(ctx: Context) -> set[TableKind]:
    """Tables the text explains are empty: said to be (``said_empty``), a note under the table (“本表本年无
    发生额”, “本部门无该项目”), or the narrative saying there is no such money (“政府性基金拨款支出预算为0”,
    “本单位无机关运行经费”, ““三公”经费预算数为0.00万元”)."""
    return ctx.memo("explained-empty", lambda: _explained_empty(ctx))  # type: ignore[no-any-return]


def _explained_empty(ctx: Context) -> set[TableKind]:
    kinds = {s.kind for s in said_empty(ctx)}
    for t in ctx.d.tables:
        if any(_NOTE_EMPTY.search(n) for n in t.notes):
            kinds.add(t.kind)
    words = dict(_NONE_OF)
    for section in ctx.d.narrative.all_sections():
        for para in section.paragraphs:
            for m in _SUBJECT.finditer(para.text):
                if _NOTHING_AFTER.match(para.text[m.end():]) or _NOTHING_BEFORE.search(para.text[:m.start()]):
                    kinds.update(words[m.group(0)])
    return kinds


# tables that list names (budget units) rather than amounts: never "empty"
_NOT_AMOUNTS = (TableKind.OTHER, TableKind.PERFORMANCE, TableKind.UNITS)


@rule("empty-table-unstated", "warning", tags=("completeness", "table"), title="空表未作说明",
      description="A published table of amounts that holds no figure (all blank or zero) is explained: the text "
                  "says it is empty (…情况表为空表), a note under it says so (注：本表本年无发生额 / 本部门无该项目), or "
                  "the narrative says there is no such money (政府性基金拨款支出预算为0, “三公”经费预算数为0.00万元, "
                  "本单位无机关运行经费). Tables that list names (the budget units of Part 1) are not tables of amounts.",
      example="表九“政府性基金预算支出情况表”没有数据，但说明中未说明其为空表。")
def empty_unstated(ctx: Context) -> Iterator[Finding]:
    explained = explained_empty(ctx)
    for t in ctx.d.tables:
        if t.kind in _NOT_AMOUNTS or not t.is_empty:
            continue
        if t.kind in explained:
            continue
        yield finding("empty-table-unstated", f"{t.id}“{t.title}”没有数据，但说明中未说明其为空表。", t.source,
                      actual="（空表）")


@rule("empty-table-has-figures", "error", tags=("completeness", "table"), title="说明为空表的表格有数据",
      description="A table the text says is empty (or money the text says there is none of: 没有使用政府性基金预算"
                  "拨款安排的支出) holds no figures, in its own table and in the matching column of the other tables.",
      example="说明称“政府性基金预算支出情况表为空表”，但表九列有数据（合计 12.00 万元）。")
def stated_empty_has_figures(ctx: Context) -> Iterator[Finding]:
    v = ctx.d.views
    for s in said_empty(ctx):
        # the table the statement is printed under, else the first of its kind; a table of targets holds
        # indicator values, not money (its note speaks of the funds it would list)
        table = ctx.d.table(s.where.table) if s.where.table else None
        table = table or ctx.d.table_of_kind(s.kind)
        if table is not None and table.kind not in MONEY_KINDS:
            continue
        if table is not None and not table.is_empty:
            total = _table_total_text(table)
            yield finding("empty-table-has-figures", f"说明称“{s.text}”，但{table.id}“{table.title}”列有数据{total}。",
                          s.where, expected="0", actual=total.strip("（）") or "有数据", compared=[table.source])
            continue
        source = {TableKind.GOV_FUND: "gov_fund", TableKind.STATE_CAPITAL: "state_capital"}.get(s.kind)
        if source is None:
            continue
        for view in (v.income, v.fiscal_overview):
            if view is None:
                continue
            line = view.total if hasattr(view, "total") else None
            if line is None and hasattr(view, "expenditure_total"):
                line = view.expenditure_total  # type: ignore[union-attr]
            if line is None:
                continue
            amount = line.by_source.get(source)
            if amount is not None and amount.value:
                table_id = view.table
                yield finding("empty-table-has-figures",
                              f"说明称“{s.text}”，但{table_id}“合计”行的{_SOURCE_WORD[source]}列为 {amount.value} {amount.unit}。",
                              s.where, expected="0", actual=amount.value, unit=amount.unit,
                              compared=[line.source.with_(table=table_id)])
                break


_SOURCE_WORD = {"gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算"}


def _table_total_text(table: PrintedTable) -> str:
    from ..numbers import parse_amount

    values = [parse_amount(c) for r in table.rows for c in r.cells]
    nonzero = [v for v in values if v]
    return f"（如 {nonzero[0]} {table.unit or '万元'}）" if nonzero else ""


# ---------------------------------------------------------------- required sections

REQUIRED_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("机关运行经费", ("机关运行经费",)),
    ("“三公”经费", ("三公",)),
    ("政府采购", ("政府采购",)),
    ("国有资产占用", ("国有资产", "资产占用")),
    ("预算绩效", ("绩效",)),
)


@rule("section-missing", "warning", tags=("completeness", "narrative"), title="应说明的事项缺失",
      description="A budget disclosure with a narrative explains 机关运行经费, “三公”经费, 政府采购, 国有资产占用 and "
                  "预算绩效 (disclosure_requirements.md 3.3–3.7), and has a 名词解释 (3.8).",
      example="情况说明中没有“政府采购”情况的说明。")
def missing_sections(ctx: Context) -> Iterator[Finding]:
    d = ctx.d
    if d.kind != "budget" or not d.narrative.sections or len(d.tables) < 3:
        return  # a notice or a 说明 published alone is not the whole disclosure
    titles = "".join(key(s.title) for s in d.narrative.all_sections())
    text = titles + "".join(p.text for s in d.narrative.all_sections() for p in s.paragraphs)
    where = SourceRef(file=d.source.path or None)
    for name, words in REQUIRED_SECTIONS:
        if not any(w in text for w in words) and not (name == "“三公”经费" and d.views.three_public is not None):
            yield finding("section-missing", f"情况说明中没有{name}情况的说明。", where, expected=name)
    if not d.glossary and not any("名词解释" in key(e) for e in d.toc) and len(d.tables) >= 4:
        yield finding("section-missing", "文件没有“名词解释”部分。", where, expected="名词解释")


# ---------------------------------------------------------------- what the reader could not read

# a table yusuan cannot recognise is kept as printed and listed, but says nothing against the document (a required
# table that is missing is table-missing): info
_PROBLEM_SEVERITY = {"missing-part": "error", "truncated": "error", "header-garbled": "info",
                     "table-unrecognized": "info", "unit-assumed": "info", "unit-unknown": "warning"}


@rule("read-problem", "warning", tags=("completeness", "reader"), title="读取时发现的问题",
      description="What the reader could not read or found missing (a part listed in the contents but absent, a "
                  "table it could not recognise, a header garbled by the PDF conversion) is reported: a missing "
                  "part as an error, a page printed as a picture as a warning, an unrecognised table (kept as "
                  "printed, not checked: a table of key projects without a title inside the narrative is normal) "
                  "and a header read by the standard column order as info. (Tables listed in the contents but "
                  "absent are table-missing.)",
      example="目录列出的“第四部分 名词解释”在正文中没有找到（文件可能不完整）。")
def read_problems(ctx: Context) -> Iterator[Finding]:
    for p in ctx.d.problems:
        if p.code == "missing-table":
            continue
        severity = _PROBLEM_SEVERITY.get(p.code, "warning")
        message = p.message + ("（文件可能不完整）" if p.code in ("missing-part", "truncated") else "")
        if p.code == "missing-part" and not ctx.d.tables and "表" in p.message:
            severity, message = "warning", p.message + "（表格可能另行发布）"
        yield finding("read-problem", message if message.endswith("。") else message + "。", p.source,
                      actual=p.code, severity=severity)  # type: ignore[arg-type]
