"""Exports of stored disclosures: tidy CSV (UTF-8 with BOM), XLSX, JSON and a Fiscal Data Package.

All amounts are 万元 exact decimal strings from the digests (tables printed in 元 converted
exactly). The Fiscal Data Package (frictionless FDP 0.3) declares them with ``factor: 10000`` and
``currency: CNY``; 预算 is ``phase: approved`` and 决算 ``phase: executed`` (one package per phase,
since a measure has one phase); the 功能分类 and 经济分类 trees are classification dimensions whose
levels name their ``parent``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from .reads import KIND_NAMES, DisclosureInfo

PHASES = {"budget": "approved", "final_accounts": "executed"}
LEVELS = {3: "类", 5: "款", 7: "项"}

CSV_HEADER = ["部门编号", "部门", "地区", "年度", "类型", "修订", "分类", "编码", "名称", "上级编码", "口径",
              "金额（万元）"]


def _meta(info: DisclosureInfo) -> dict[str, Any]:
    shown = info.shown
    return {"department_id": info.department.id, "department": info.department.name,
            "region": info.department.region or "", "year": info.year, "kind": info.kind,
            "revision": shown.number if shown else None}


def functional_rows(info: DisclosureInfo) -> list[dict[str, Any]]:
    """Every 类/款/项 line, with its level and parent code."""
    lines = (info.digest or {}).get("summary", {}).get("functional", [])
    out = []
    for line in lines:
        code = line["code"]
        if not code:
            continue
        out.append({**_meta(info), "code": code, "level": LEVELS.get(len(code), ""), "name": line["name"],
                    "parent": {7: code[:5], 5: code[:3]}.get(len(code), ""),
                    "total": line["total"], "basic": line["basic"], "project": line["project"]})
    return out


def leaf_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lines that no other line refines (so that amounts add up without double counting)."""
    parents = {r["parent"] for r in rows}
    return [r for r in rows if r["code"] not in parents]


def economic_rows(info: DisclosureInfo) -> list[dict[str, Any]]:
    lines = (info.digest or {}).get("summary", {}).get("economic", [])
    out = []
    for line in lines:
        code = line["code"]
        if not code:
            continue
        base = {**_meta(info), "code": code, "level": "类" if len(code) == 3 else "款", "name": line["name"],
                "parent": code[:3] if len(code) == 5 else "", "item": ""}
        out.append({**base, "total": line["total"], "personnel": line["personnel"], "public": line["public"]})
        for item in line.get("items", []):
            out.append({**base, "level": "明细", "parent": code, "item": item["name"], "total": item["total"],
                        "personnel": item["personnel"], "public": item["public"]})
    return out


def income_rows(info: DisclosureInfo) -> list[dict[str, Any]]:
    return [{**_meta(info), "source": i["key"], "name": i["label"], "amount": i["amount"] or "0"}
            for i in (info.digest or {}).get("income", [])]


def project_rows(info: DisclosureInfo) -> list[dict[str, Any]]:
    return [{**_meta(info), "name": p["name"], "function_code": p["function_code"], "amount": p["amount"]}
            for p in (info.digest or {}).get("summary", {}).get("projects", [])]


THREE_PUBLIC_NAMES = {"total": "“三公”经费合计", "outbound": "因公出国（境）费", "vehicle_purchase": "公务用车购置费",
                      "vehicle_operation": "公务用车运行费", "reception": "公务接待费"}


def three_public_rows(info: DisclosureInfo) -> list[dict[str, Any]]:
    digest = info.digest or {}
    if not digest.get("three_public_present"):
        return []
    values = digest["summary"]["three_public"]
    return [{**_meta(info), "item": k, "name": THREE_PUBLIC_NAMES[k], "amount": values[k]} for k in THREE_PUBLIC_NAMES]


def totals_row(info: DisclosureInfo) -> dict[str, Any]:
    shown = info.shown
    totals = shown.totals if shown else {}
    check = shown.check if shown else None
    digest = info.digest or {}
    return {**_meta(info), **{k: _s(v) for k, v in totals.items()},
            "staff_authorized": digest.get("staff", {}).get("authorized"),
            "staff_actual": digest.get("staff", {}).get("actual"),
            "published": bool(shown and shown.is_published),
            "check_status": check.status if check else "unchecked",
            "errors": check.errors if check else None, "warnings": check.warnings if check else None}


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


# -- CSV -------------------------------------------------------------------------------------

def _tidy(items: Iterable[DisclosureInfo]) -> Iterator[list[Any]]:
    def head(r: dict[str, Any]) -> list[Any]:
        return [r["department_id"], r["department"], r["region"], r["year"], KIND_NAMES[r["kind"]], r["revision"]]

    for info in items:
        t = totals_row(info)
        for key, label in (("income_total", "收入总计"), ("expenditure_total", "支出总计"), ("basic", "基本支出"),
                           ("project", "项目支出"), ("three_public", "“三公”经费"),
                           ("operating_costs", "机关运行经费")):
            if t.get(key) is not None:
                yield [*head(t), "合计", "", label, "", "金额", t[key]]
        for r in income_rows(info):
            yield [*head(r), "收入来源", r["source"], r["name"], "", "金额", r["amount"]]
        for r in functional_rows(info):
            for measure, label in (("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")):
                yield [*head(r), "功能分类", r["code"], r["name"], r["parent"], label, r[measure]]
        for r in economic_rows(info):
            name = r["item"] or r["name"]
            for measure, label in (("total", "合计"), ("personnel", "人员经费"), ("public", "公用经费")):
                yield [*head(r), "经济分类", r["code"], name, r["parent"], label, r[measure]]
        for r in project_rows(info):
            yield [*head(r), "项目", r["function_code"], r["name"], "", "金额", r["amount"]]
        for r in three_public_rows(info):
            yield [*head(r), "三公经费", r["item"], r["name"], "", "金额", r["amount"]]


def batches(read: Any, public: bool, ids: list[int], size: int = 50) -> Iterator[list[DisclosureInfo]]:
    """The disclosures ``ids`` with their digests, ``size`` at a time (``read``: ``Store.read``), in the order given:
    an export of thousands of documents never holds more than one batch of digests."""
    from .reads import export_items

    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        with read() as conn:
            found = {i.id: i for i in export_items(conn, public, disclosure_ids=chunk)}
        yield [found[i] for i in chunk if i in found]


def csv_rows(items: Iterable[DisclosureInfo]) -> Iterator[list[Any]]:
    """The rows of the tidy CSV (``CSV_HEADER``), one amount per row."""
    return _tidy(items)


def json_entry(info: DisclosureInfo) -> dict[str, Any]:
    digest = info.digest or {}
    return {**totals_row(info), "kind_name": KIND_NAMES[info.kind], "summary": digest.get("summary"),
            "income": digest.get("income"), "staff": digest.get("staff"), "stated_changes": digest.get("changes")}


def to_csv(items: list[DisclosureInfo]) -> bytes:
    """One tidy table (one amount per row), UTF-8 with BOM so that Excel reads the Chinese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(_tidy(items))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# -- JSON ------------------------------------------------------------------------------------

def to_json(items: list[DisclosureInfo]) -> bytes:
    out = [json_entry(info) for info in items]
    return json.dumps({"disclosures": out}, ensure_ascii=False, indent=2).encode("utf-8")


# -- XLSX ------------------------------------------------------------------------------------

XLSX_SHEETS: tuple[tuple[str, list[tuple[str, str]]], ...] = (
    ("公开文件", [("department", "部门"), ("region", "地区"), ("year", "年度"), ("kind", "类型"), ("revision", "修订"),
              ("income_total", "收入总计"), ("expenditure_total", "支出总计"), ("basic", "基本支出"),
              ("project", "项目支出"), ("three_public", "“三公”经费"), ("operating_costs", "机关运行经费"),
              ("staff_authorized", "编制数"), ("staff_actual", "实有人数"), ("check_status", "检查状态"),
              ("errors", "错误"), ("warnings", "警告")]),
    ("功能分类", [("department", "部门"), ("year", "年度"), ("kind", "类型"), ("code", "编码"), ("level", "级次"),
              ("name", "名称"), ("parent", "上级编码"), ("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")]),
    ("经济分类", [("department", "部门"), ("year", "年度"), ("kind", "类型"), ("code", "编码"), ("level", "级次"),
              ("name", "名称"), ("item", "明细"), ("parent", "上级编码"), ("total", "合计"), ("personnel", "人员经费"),
              ("public", "公用经费")]),
    ("收入来源", [("department", "部门"), ("year", "年度"), ("kind", "类型"), ("source", "来源"), ("name", "名称"),
              ("amount", "金额")]),
    ("项目", [("department", "部门"), ("year", "年度"), ("kind", "类型"), ("function_code", "功能分类编码"),
            ("name", "项目名称"), ("amount", "金额")]),
    ("三公经费", [("department", "部门"), ("year", "年度"), ("kind", "类型"), ("name", "项目"), ("amount", "金额")]),
)
AMOUNT_FIELDS = {"income_total", "expenditure_total", "basic", "project", "three_public", "operating_costs", "total",
                 "personnel", "public", "amount"}


def to_xlsx(items: list[DisclosureInfo]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    producers = {"公开文件": lambda i: [totals_row(i)], "功能分类": functional_rows, "经济分类": economic_rows,
                 "收入来源": income_rows, "项目": project_rows, "三公经费": three_public_rows}
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, columns in XLSX_SHEETS:
        sheet = book.create_sheet(title)
        sheet.append([label + ("（万元）" if key in AMOUNT_FIELDS else "") for key, label in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for info in items:
            for row in producers[title](info):
                sheet.append([_cell(key, row.get(key)) for key, _ in columns])
        for key_index, (key, _) in enumerate(columns, start=1):
            if key in AMOUNT_FIELDS:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=key_index, max_col=key_index):
                    cell.number_format = "#,##0.00####"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(key: str, value: Any) -> Any:
    if key == "kind":
        return KIND_NAMES.get(value, value)
    if key in AMOUNT_FIELDS and isinstance(value, str) and value:
        return Decimal(value)
    if key == "check_status":
        return {"ok": "通过", "warning": "有警告", "error": "有错误", "unchecked": "未检查"}.get(value, value)
    return value
