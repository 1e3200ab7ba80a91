"""What each reading stage produced, for a reviewer or a developer asking why a table was read as it was.

``yusuan extract --stage S`` prints one of these (text, or JSON with ``--format json``):

- ``blocks``: the reader's output, before any meaning: paragraphs and table parts in reading order,
  each with its page (or line), a table part's rows and its ``continues`` hint;
- ``tables``: the tables as printed once continuation parts are joined and units settled: id, kind,
  unit, pages, header, column labels and rows;
- ``roles``: what each column of each table was taken for (code, name, total, basic, a source …)
  and the row identities its rows bear out;
- ``views``: the meaning given to each recognised table (the model's ``views``);
- ``readings``: how far each table's own figures bear its reading out (``TableReading``).

Workbooks and yusuan's own JSON are read straight into the model: they have no blocks, and say so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import Disclosure, PrintedTable
from .blocks import RawDocument, TableBlock, TextBlock

STAGES = ("blocks", "tables", "roles", "views", "readings")


def _where(ref: Any) -> str:
    if ref is None:
        return ""
    if getattr(ref, "page", None):
        return f"第{ref.page}页"
    if getattr(ref, "line", None):
        return f"第{ref.line}行"
    if getattr(ref, "sheet", None):
        return f"工作表{ref.sheet}"
    return ""


# ------------------------------------------------------------------------------------------ data


def blocks_data(raw: RawDocument | None) -> list[dict[str, Any]]:
    if raw is None:
        return []
    out: list[dict[str, Any]] = []
    for block in raw.blocks:
        if isinstance(block, TextBlock):
            out.append({"type": "text", "where": _where(block.source), "heading": block.heading, "text": block.text})
        elif isinstance(block, TableBlock):
            out.append({"type": "table", "where": _where(block.source), "title": block.title, "unit": block.unit,
                        "continues": block.continues, "rows": block.rows})
    return out


def tables_data(d: Disclosure) -> list[dict[str, Any]]:
    return [{"id": t.id, "kind": t.kind.value, "recognized": t.recognized, "title": t.title, "unit": t.unit,
             "precision": t.precision, "pages": _pages(t), "header": t.header, "columns": t.columns,
             "notes": t.notes, "rows": [[_where(r.source), *r.cells] for r in t.rows]} for t in d.tables]


def _pages(table: PrintedTable) -> list[int]:
    pages = [r.page for r in (table.source, *table.parts) if r.page]
    pages += [row.source.page for row in table.rows if row.source.page]
    return sorted(set(pages))


def column_roles(table: PrintedTable, d: Disclosure) -> dict[int, str]:
    """Index → what the column was taken for, as the table's view read it. A table read by its rows (收支总表,
    三公), or not given a meaning (a second table of a kind, one not recognised), has none."""
    for name in type(d.views).model_fields:
        view = getattr(d.views, name)
        if view is not None and getattr(view, "table", None) == table.id and getattr(view, "roles", None):
            return dict(view.roles)
    return {}


def roles_data(d: Disclosure) -> list[dict[str, Any]]:
    views = {name: getattr(d.views, name) for name in type(d.views).model_fields}
    identities = {v.table: [i.model_dump() for i in getattr(v, "identities", [])]
                  for v in views.values() if v is not None and getattr(v, "table", None)}
    out = []
    for t in d.tables:
        roles = column_roles(t, d)
        out.append({"table": t.id, "kind": t.kind.value,
                    "columns": [{"index": i, "label": label, "role": roles.get(i, "")} for i, label in
                                enumerate(t.columns)],
                    "read_by": "columns" if roles else "rows", "identities": identities.get(t.id, [])})
    return out


def views_data(d: Disclosure) -> dict[str, Any]:
    return d.views.model_dump(mode="json", exclude_none=True)


def readings_data(d: Disclosure) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") for r in d.readings]


def stage_data(stage: str, d: Disclosure, raw: RawDocument | None) -> Any:
    makers: dict[str, Callable[[], Any]] = {
        "blocks": lambda: blocks_data(raw), "tables": lambda: tables_data(d), "roles": lambda: roles_data(d),
        "views": lambda: views_data(d), "readings": lambda: readings_data(d)}
    return makers[stage]()


# ------------------------------------------------------------------------------------------ text


def stage_text(stage: str, d: Disclosure, raw: RawDocument | None) -> str:
    if stage == "blocks" and raw is None:
        return f"{d.source.format} 格式直接读为标准模型，没有文本块阶段（可查看 tables、roles、views、readings）\n"
    data = stage_data(stage, d, raw)
    if stage == "blocks":
        return "".join(_block_text(b) for b in data)
    if stage == "tables":
        return "".join(_table_text(t) for t in data)
    if stage == "roles":
        return "".join(_roles_text(t) for t in data)
    if stage == "readings":
        return "".join(_reading_text(r) for r in data)
    import json

    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _tsv(cells: list[str]) -> str:
    return "\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells)


def _block_text(b: dict[str, Any]) -> str:
    if b["type"] == "text":
        mark = "标题" if b["heading"] else "段落"
        return f"[{b['where']}] {mark}：{b['text']}\n"
    head = f"[{b['where']}] 表格 {len(b['rows'])} 行"
    if b["title"]:
        head += f"，标题“{b['title']}”"
    if b["unit"]:
        head += f"，单位{b['unit']}"
    if b["continues"] is not None:
        head += f"，接上页表格（各列对应上页第 {b['continues']} 列）"
    return head + "\n" + "".join(f"    {_tsv(r)}\n" for r in b["rows"]) + "\n"


def _table_text(t: dict[str, Any]) -> str:
    pages = "、".join(str(p) for p in t["pages"])
    head = (f"== {t['id']} {t['title'] or '（无标题）'}  类别 {t['kind']}{'' if t['recognized'] else '（未识别）'}"
            f"  单位 {t['unit'] or '未标明'}  小数 {t['precision']} 位" + (f"  第 {pages} 页" if pages else "") + "\n")
    lines = [f"  表头：{_tsv(h)}" for h in t["header"]]
    lines.append("  列：" + " | ".join(f"{i}:{c}" for i, c in enumerate(t["columns"])))
    lines += [f"  注：{n}" for n in t["notes"]]
    lines += [f"  [{r[0]}]\t{_tsv(r[1:])}" for r in t["rows"]]
    return head + "\n".join(lines) + "\n\n"


def _roles_text(t: dict[str, Any]) -> str:
    head = f"== {t['table']}（{t['kind']}）"
    if t["read_by"] == "rows":
        head += "  按行读取，或未用于核对（各列没有固定含义）"
    lines = [f"  {c['index']:>2} {c['label'] or '（无表头）'} → {c['role'] or '—'}" for c in t["columns"]]
    for i in t["identities"]:
        lines.append(f"  行恒等式：{i['total']} = {' + '.join(i['parts'])}（{i['held']}/{i['rows']} 行成立）")
    return head + "\n" + "\n".join(lines) + "\n\n"


def _reading_text(r: dict[str, Any]) -> str:
    state = "可信" if r["confident"] else "存疑"
    pages = "、".join(str(p) for p in r["pages"])
    head = f"== {r['table']}（{r['kind']}）{state}：{r['held']}/{r['checks']} 项勾稽成立" + (
        f"，第 {pages} 页" if pages else "")
    lines = [f"  选择：{c}" for c in r["choices"]]
    if r["suspects"]:
        lines.append("  可疑单元格：" + "、".join(r["suspects"]))
    if r["reason"]:
        lines.append(f"  存疑原因：{r['reason']}")
    return head + "\n" + "\n".join(lines) + "\n\n"
