"""Classification codes (DOMAIN.md "What must hold" 6): codes and names against the catalogue, tree shape.

The catalogue (``yusuan.catalog``) is partial and cited: a code it does not hold is a warning that
says so, never an error. A known code printed with another name is a warning (local tables append
the 款 name in brackets, which still matches). The tree must be well formed (a 项's 款 and a 款's 类
are printed when the table prints that level) and in code order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import catalog
from ..model import EconomicLine, FunctionalLine, SourceRef
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


def _printed_codes(ctx: Context) -> list[_Printed]:
    v = ctx.d.views
    out: list[_Printed] = []
    for ov in (v.overview, v.fiscal_overview):
        if ov is not None:
            out.extend(_Printed("function", ln.code, ln.name, ov.table, ln.source.with_(table=ov.table), ln)
                       for ln in ov.expenditure if ln.code)
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
            out.extend(_Printed("economic", ln.code, ln.name, e.table, ln.source.with_(table=e.table), ln)
                       for ln in e.lines)
    return out


def _catalog(system: str) -> catalog.Catalog:
    return catalog.functional() if system == "function" else catalog.economic()


SYSTEM_WORDS = {"function": "支出功能分类", "economic": "部门预算支出经济分类"}

UNKNOWN = declare(
    "code-unknown", "warning", "科目编码不在目录中",
    "A code that the packaged catalogue does not hold. The catalogue is partial (see yusuan/catalog/data/README.md): "
    "this is a warning that asks a person to check the code, never an error.",
    "表六“30210 公务用车车辆经费”：编码 30210 不在 yusuan 收录的部门预算支出经济分类目录中（该目录不完整，请人工核对）。",
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
      description="A code the catalogue knows is printed with the name the catalogue gives it for that year "
                  "(a local table may append the 款 name in brackets: 行政运行（政府办公厅（室）及相关机构事务）). "
                  "Also reports (code-unknown) codes the partial catalogue does not hold, and (section-named-after-"
                  "item) a 款 row named after its first sub-item.",
      example="表一“234 抗疫特别国债还本支出”：目录中 234 为“抗疫特别国债安排的支出”。",
      emits=(UNKNOWN, NAMED_AFTER_ITEM, RENUMBERED))
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
    for p in _printed_codes(ctx):
        cat = _catalog(p.system)
        found = cat.lookup(p.code, ctx.d.year)
        item_hint = _named_after_item(p)
        if not found.known:
            if (p.system, p.code) not in seen_unknown:
                seen_unknown.add((p.system, p.code))
                yield None, finding(UNKNOWN, f"{p.table}“{p.code} {p.name}”：编码 {p.code} 不在 yusuan 收录的"
                                             f"{SYSTEM_WORDS[p.system]}目录中（该目录不完整，请人工核对）。", p.where,
                                    actual=p.code)
            if item_hint:
                yield None, finding(NAMED_AFTER_ITEM, item_hint + "。", p.where, actual=p.name)
            continue
        name = _NUMBERING.sub("", p.name).strip()
        if not name or cat.name_matches(p.code, name, ctx.d.year):
            continue
        if (p.system, p.code, key(p.name)) in seen_name:
            continue
        seen_name.add((p.system, p.code, key(p.name)))
        note = f"（{found.note}）" if found.note else ""
        extra = f"；{item_hint}" if item_hint else ""
        yield p, finding("code-name", f"{p.table}“{p.code} {p.name}”：目录中 {p.code} 为“{found.name}”{note}{extra}。",
                         p.where, expected=found.name, actual=p.name)


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
            yield from _order(ov.table, [(ln.code, ln.name, ln.source) for ln in ov.expenditure if ln.code])


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
