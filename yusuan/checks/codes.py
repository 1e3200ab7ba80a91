"""Classification codes (DOMAIN.md "What must hold" 6): codes and names against the catalogue, tree shape.

The catalogue (``yusuan.catalog``) is partial and cited, and names change between years: a printed
name is checked against the names the catalogue knows *for the document's year* (the reference
edition of that year, or what other published documents of that year print; the document itself
never counts). A name the catalogue of that year contradicts is a warning (a name of another year
is named as such); where the catalogue does not know the year, a different name is only info. A
code the catalogue does not hold is info when it is well formed and its 类/款 exist ("目录未收录，已
按结构核对"), a warning (code-malformed) when it is not. Codes a table does not print (an overview
class named "二十、…" whose code the reader inferred) and local sub-items printed under a 款 with the
款's code are not catalogue lines. The tree must be well formed and in code order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import catalog
from ..model import Disclosure, EconomicLine, FunctionalLine, SourceRef
from ..normalize import key
from .finding import Finding
from .registry import Context, declare, finding, rule


@dataclass(frozen=True)
class _Printed:
    system: str  # function / economic
    code: str
    name: str
    table: str
    where: SourceRef
    line: FunctionalLine | EconomicLine | None = None


_TOKEN = re.compile(r"(?<![\d.,])\d{3,9}(?![\d.,])")


def overview_code_printed(ctx: Context, table_id: str, code: str) -> bool:
    """Is the code of an overview class printed in its table (not inferred from the class name)?"""
    tokens = ctx.memo(f"printed-tokens:{table_id}", lambda: _tokens(ctx.d, table_id))
    return tokens is None or code in tokens


def _tokens(d: Disclosure, table_id: str) -> frozenset[str] | None:
    """The code-like numbers printed in a table (None: no such table)."""
    table = d.table(table_id)
    if table is None:
        return None
    return frozenset(m.group(0) for row in table.rows for cell in row.cells for m in _TOKEN.finditer(cell))


def economic_sub_items(lines: list[EconomicLine]) -> list[EconomicLine]:
    """Local sub-items printed as lines of their own under a 款 with the 款's code (Chongqing prints
    3010201 规范性津补贴 under 30102 津贴补贴): every line after the first of a code."""
    seen: set[str] = set()
    out = []
    for ln in lines:
        if ln.code and ln.code in seen:
            out.append(ln)
        seen.add(ln.code)
    return out


def _printed_codes(ctx: Context) -> list[_Printed]:
    v = ctx.d.views
    out: list[_Printed] = []
    for ov in (v.overview, v.fiscal_overview):
        if ov is not None:
            out.extend(_Printed("function", ln.code, ln.name, ov.table, ln.source.with_(table=ov.table), ln)
                       for ln in ov.expenditure if ln.code and overview_code_printed(ctx, ov.table, ln.code))
    for t in v.functional_tables():
        out.extend(_Printed("function", ln.code, ln.name, t.table, ln.source.with_(table=t.table), ln)
                   for ln in t.lines)
    if v.general_project is not None:
        pt = v.general_project
        out.extend(_Printed("function", s.code, s.name, pt.table, s.source.with_(table=pt.table), s)
                   for s in pt.subtotals)
        out.extend(_Printed("function", p.function_code, p.function_name, pt.table, p.source)
                   for p in pt.projects if p.function_code)
    for e in (v.general_basic, v.basic_economic):
        if e is not None:
            items = {id(ln) for ln in economic_sub_items(e.lines)}
            out.extend(_Printed("economic", ln.code, ln.name, e.table, ln.source.with_(table=e.table), ln)
                       for ln in e.lines if id(ln) not in items)
    return out


def _catalog(system: str) -> catalog.Catalog:
    return catalog.functional() if system == "function" else catalog.economic()


SYSTEM_WORDS = {"function": "支出功能分类", "economic": "部门预算支出经济分类"}

UNKNOWN = declare(
    "code-unknown", "info", "目录未收录的科目编码（已按结构核对）",
    "A code that neither the packaged catalogue holds nor another published document prints, but that is well "
    "formed (3/5/7 digits for 功能分类, 3/5 for 经济分类) and whose 类 (and 款, for a 项) the catalogue knows or the "
    "document prints: the catalogue is partial (see yusuan/catalog/data/README.md), so this is info, never a "
    "warning.",
    "表三“2013899 其他市场监督管理事务”：编码 2013899 目录未收录，已按结构核对（所属的类 201、款 20138 均存在）。",
    family="codes")
MALFORMED = declare(
    "code-malformed", "warning", "科目编码格式不对或与上级不符",
    "A code the catalogue does not know that is not well formed (not 3/5/7 digits for 功能分类, 3/5 for 经济分类), "
    "a 功能分类 类 the catalogue does not hold (it holds all of them), or a code whose 类 (or 款) neither the "
    "catalogue nor the document knows.",
    "表三“20899 其他社会保障和就业支出”：编码 20899 的类“208”……；表六“3021 办公费”：编码 3021 不是 3 位或 5 位数字。",
    family="codes")
NAMED_AFTER_ITEM = declare(
    "section-named-after-item", "warning", "款名称取自其第一个明细项",
    "In the basic-expenditure table, a 款 row carries the name of its first local sub-item although it holds "
    "several sub-items (a name copied from the wrong row).",
    "表六“30399”款行的名称“2020 年“访惠聚”工作补助（半年）（第十次财经会）”与其第一个明细项相同，而该款含 2 个明细项、"
    "合计 3.00 万元。", family="codes")


RENUMBERED = declare(
    "code-renumbered", "warning", "科目编码被重新编号",
    "Three or more 款 (or 项) under one parent printed with codes that the catalogue gives to other lines of that "
    "parent, each name being the catalogue's name of another code: the table numbered its lines 01, 02, 03 … "
    "instead of using the codes. One finding for the table and parent instead of one code-name per line.",
    "T8 302 下有 7 个科目的名称是同一类下其他编码的名称，像是按顺序重新编号而没有使用目录编码：咨询费印作 30202（目录为 30203）、"
    "水费印作 30203（目录为 30205）、电费印作 30204（目录为 30206）等；另有 3 个名称不在目录中：30206 办公设备购置费……",
    family="codes")


@rule("code-name", "warning", tags=("codes", "catalogue"), title="科目名称与目录不符",
      description="A code the catalogue knows is printed with a name the catalogue gives it for the document's "
                  "year: the reference edition when it is that year's (经济分类: any year since 2018), else the names "
                  "other published documents of that year print (yusuan/catalog/data/PUBLISHED.md; the document "
                  "itself never counts). A name of another year is named as such. Where the catalogue knows no "
                  "name for that year, a name that none of its years prints is info only. A local table may append "
                  "the 款 name in brackets (行政运行（政府办公厅（室）及相关机构事务）). Also reports (code-unknown, "
                  "code-malformed) codes the catalogue does not hold, and (section-named-after-item) a 款 row named "
                  "after its first sub-item. Codes not printed (inferred from an overview class name) and local "
                  "sub-items printed with their 款's code are left out.",
      example="表七“20805 行政事业单位养老支出”：2019 年的公开文件中 20805 为“行政事业单位离退休”（2 份文件）；"
              "“行政事业单位养老支出”是 2021 年目录的名称。",
      emits=(UNKNOWN, MALFORMED, NAMED_AFTER_ITEM, RENUMBERED))
def code_names(ctx: Context) -> Iterator[Finding]:
    mismatches: list[tuple[_Printed, Finding]] = []
    for printed, f in _code_names(ctx):
        if printed is None:
            yield f
        else:
            mismatches.append((printed, f))
    yield from _renumbered_or_each(ctx, mismatches)


def _renumbered_or_each(ctx: Context, mismatches: list[tuple[_Printed, Finding]]) -> Iterator[Finding]:
    """Name mismatches, with those of a table renumbering a parent's lines told once."""
    groups: dict[tuple[str, str, str], list[tuple[_Printed, str | None]]] = {}
    for p, _ in mismatches:
        cat = _catalog(p.system)
        parent = p.code[:-2] if len(p.code) > 3 else ""
        if not parent:
            continue
        home = next((e.code for e in cat.children(parent, ctx.d.year) if e.code != p.code
                     and cat.name_matches(e.code, _NUMBERING.sub("", p.name).strip(), ctx.d.year)), None)
        groups.setdefault((p.system, p.table, parent), []).append((p, home))
    told: set[str] = set()
    for (_, table, parent), lines in groups.items():
        moved = [(p, home) for p, home in lines if home is not None]
        if len(moved) < 3:
            continue
        told.update(p.code + p.table for p, _ in lines)
        listed = "、".join(f"{p.name}印作 {p.code}（目录为 {home}）" for p, home in moved[:3])
        rest = [p for p, home in lines if home is None]
        others = f"；另有 {len(rest)} 个名称不在目录中：" + "、".join(f"{p.code} {p.name}" for p in rest) if rest else ""
        first = lines[0][0]
        yield finding(RENUMBERED, f"{table} {parent} 下有 {len(moved)} 个科目的名称是同一类下其他编码的名称，像是按顺序"
                                  f"重新编号而没有使用目录编码：{listed}{'等' if len(moved) > 3 else ''}{others}。",
                      first.where, expected=moved[0][1], actual=moved[0][0].code,
                      compared=[p.where for p, _ in lines if p is not first])
    for p, f in mismatches:
        if p.code + p.table not in told:
            yield f


def _code_names(ctx: Context) -> Iterator[tuple[_Printed | None, Finding]]:
    """Findings of printed codes; a name mismatch comes with its line (for ``_renumbered_or_each``)."""
    seen_unknown: set[tuple[str, str]] = set()
    seen_name: set[tuple[str, str, str]] = set()
    d = ctx.d
    exclude = catalog.documents_of(d.department.name, d.year, d.kind)
    printed = _all_codes(ctx)
    for p in _printed_codes(ctx):
        if p.system == "economic" and p.code[:1] not in ("3", "5"):
            continue  # not an economic code at all (a functional line in a view read as economic): a reading matter
        cat = _catalog(p.system)
        item_hint = _named_after_item(p)
        if not cat.knows(p.code, exclude):
            if _ORGANISATION.search(_NUMBERING.sub("", p.name).strip()):
                continue  # a budget unit listed with its unit code (收入总表 by unit): not a classification line
            if (p.system, p.code) not in seen_unknown:
                seen_unknown.add((p.system, p.code))
                yield None, _unknown(p, cat, exclude, printed[p.system])
            if item_hint:
                yield None, finding(NAMED_AFTER_ITEM, item_hint + "。", p.where, actual=p.name)
            continue
        name = _NUMBERING.sub("", p.name).strip()
        if not name:
            continue
        names = cat.names(p.code, d.year, exclude)
        if any(_same_name(name, n) for n in names.year_names):
            continue
        other = next((n for n in names.other_years if _same_name(name, n)), None)
        if not names.covered and (other is not None or any(_same_name(name, n) for n in names.this_year)):
            continue  # the catalogue does not know this year's name; the name is one of another year
        if (p.system, p.code, key(p.name)) in seen_name:
            continue
        seen_name.add((p.system, p.code, key(p.name)))
        extra = f"；{item_hint}" if item_hint else ""
        yield p, _name_finding(p, names, other, extra, _sibling_named(cat, p, name, d.year, exclude))


def _same_name(printed: str, known: str) -> bool:
    given, wanted = key(printed), key(known)
    # local tables often append the 款 name in brackets: 行政运行（政府办公厅（室）及相关机构事务）
    return given == wanted or given.startswith(wanted + "(") or wanted.startswith(given)


def _sibling_named(cat: catalog.Catalog, p: _Printed, name: str, year: int | None,
                   exclude: frozenset[str]) -> str | None:
    """Another code under the same parent whose name (in any year) is the printed name: the name belongs there."""
    parent = cat.parent_of(p.code)
    if parent is None:
        return None
    for entry in cat.children(parent, year):
        if entry.code == p.code:
            continue
        known = cat.names(entry.code, year, exclude)
        if any(_same_name(name, n) and key(name) == key(n) for n in [*known.year_names, *known.other_years]):
            return entry.code
    return None


def _name_finding(p: _Printed, names: catalog.Names, other: str | None, extra: str, sibling: str | None) -> Finding:
    year = f"{names.year} 年" if names.year else ""
    if sibling is not None:
        wanted = (names.year_names or [*names.other_years] or [""])[0]
        return finding("code-name", f"{p.table}“{p.code} {p.name}”：“{p.name}”是同一上级下科目 {sibling} 的名称"
                                    f"{f'，{p.code} 为“{wanted}”' if wanted else ''}{extra}。", p.where,
                       expected=wanted or None, actual=p.name)
    if names.covered:
        wanted = names.year_names[0]
        said = f"{names.basis}中 {p.code} 为“{wanted}”"
        if other is not None:
            years = "、".join(str(y) for y in names.other_years[other] if y)
            said += f"；“{other}”是{years + ' 年' if years else '其他年份'}的名称"
        return finding("code-name", f"{p.table}“{p.code} {p.name}”：{said}{extra}。", p.where,
                       expected=wanted, actual=p.name)
    known = "、".join(f"“{n}”" for n in [*names.this_year, *names.other_years][:3])
    return finding("code-name", f"{p.table}“{p.code} {p.name}”：目录未收录 {year}的名称，其他年份为{known}，请核对"
                                f"{extra}。", p.where, expected=known.strip("“”"), actual=p.name, severity="info")


def _all_codes(ctx: Context) -> dict[str, set[str]]:
    """Every code the document prints, by system (a 项's 款 may be printed in another table)."""
    out: dict[str, set[str]] = {"function": set(), "economic": set()}
    for p in _printed_codes(ctx):
        out[p.system].add(p.code)
    return out


def _unknown(p: _Printed, cat: catalog.Catalog, exclude: frozenset[str], printed: set[str]) -> Finding:
    """A code the catalogue does not know: info when its structure holds, else code-malformed."""
    lengths = (3, 5, 7) if p.system == "function" else (3, 5)
    label = f"{p.table}“{p.code} {p.name}”"
    if not p.code.isdigit() or len(p.code) not in lengths:
        digits = "3、5 或 7" if p.system == "function" else "3 或 5"
        return finding(MALFORMED, f"{label}：编码 {p.code} 不是 {digits} 位数字，不是有效的{SYSTEM_WORDS[p.system]}"
                                  f"科目编码。", p.where, actual=p.code)
    if p.system == "function" and len(p.code) == 3:
        return finding(MALFORMED, f"{label}：{p.code} 不是支出功能分类的类级科目（目录收录了全部的类），请核对编码。", p.where,
                       actual=p.code)
    parents = [p.code[:n] for n in (3, 5) if n < len(p.code)]
    missing = [c for c in parents if not cat.knows(c, exclude) and c not in printed]
    if missing:
        level = "类" if len(missing[0]) == 3 else "款"
        return finding(MALFORMED, f"{label}：编码 {p.code} 不在 yusuan 收录的{SYSTEM_WORDS[p.system]}目录中，其所属的"
                                  f"{level}“{missing[0]}”在目录和本文件中都没有，请核对编码。", p.where,
                       expected=missing[0], actual=p.code)
    levels = "、".join(f"{'类' if len(c) == 3 else '款'} {c}" for c in parents)
    structure = f"（所属的{levels} 均存在）" if parents else ""
    return finding(UNKNOWN, f"{label}：编码 {p.code} 目录未收录，已按结构核对{structure}。", p.where, actual=p.code)


# the name of an organisation, not of a 科目 (no 支出功能分类 or 经济分类 name ends so)
_ORGANISATION = re.compile(r"(?:局|委员会|中心|研究院|研究所|办公室|办公厅|学校|学院|医院|集团|公司|支队|总队|大队)(?:（[^）]*）)?$")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])\s*")


def _named_after_item(p: _Printed) -> str:
    line = p.line
    if not isinstance(line, EconomicLine) or len(line.items) < 2:
        return ""
    first = line.items[0]
    if key(first.name) != key(line.name):
        return ""
    total = line.total.value if line.total is not None else ""
    return (f"{p.table}“{p.code}”款行的名称“{line.name}”与其第一个明细项相同，而该款含 {len(line.items)} 个明细项、"
            f"合计 {total} 万元")


# ---------------------------------------------------------------- tree shape and order

ORDER = declare(
    "code-order", "warning", "科目排列顺序错误",
    "Lines of a table keyed by codes appear in ascending code order (a class listed after a later class is "
    "easy to miss when adding up).",
    "表一中“209 社会保险基金支出”排在“210 卫生健康支出”之后。", family="codes")


@rule("code-tree", "warning", tags=("codes",), title="科目层级不完整",
      description="The code tree is well formed: when a table prints 款 rows, every 项 has its 款 printed above it, "
                  "and every 款 its 类; a 项 printed under a 款 belongs to it (same leading digits). Also reports "
                  "(code-order) lines out of ascending code order.",
      example="表三“2080208 基层政权建设和社区治理”：其所属的款“20802”未在表中列出。",
      emits=(ORDER,))
def code_tree(ctx: Context) -> Iterator[Finding]:
    for t in ctx.d.views.functional_tables():
        codes = {ln.code for ln in t.lines}
        has_sections = any(len(c) == 5 for c in codes)
        for ln in t.lines:
            parent = {7: ln.code[:5], 5: ln.code[:3]}.get(len(ln.code))
            if parent is None or parent in codes or (len(ln.code) == 7 and not has_sections):
                continue
            level = "款" if len(parent) == 5 else "类"
            yield finding("code-tree", f"{t.table}“{ln.code} {ln.name}”：其所属的{level}“{parent}”未在表中列出。",
                          ln.source.with_(table=t.table), expected=parent)
        yield from _order(t.table, [(ln.code, ln.name, ln.source) for ln in t.lines])
    for ov in (ctx.d.views.overview, ctx.d.views.fiscal_overview):
        if ov is not None:
            yield from _order(ov.table, [(ln.code, ln.name, ln.source) for ln in ov.expenditure
                                         if ln.code and overview_code_printed(ctx, ov.table, ln.code)])


def _order(table: str, lines: list[tuple[str, str, SourceRef]]) -> Iterator[Finding]:
    previous: tuple[str, str] | None = None
    for code, name, source in lines:
        if previous is not None and code and _before(code, previous[0]):
            yield finding(ORDER, f"{table}中“{code} {name}”排在“{previous[0]} {previous[1]}”之后。",
                          source.with_(table=table), expected=f"{code} 在 {previous[0]} 之前", actual=code)
        if code:
            previous = (code, name)


def _before(code: str, previous: str) -> bool:
    """Is ``code`` a line that should come before ``previous`` (comparing at the shorter length)?"""
    n = min(len(code), len(previous))
    return code[:n] < previous[:n]
