"""Fiscal Data Package (frictionless FDP 0.3) of stored disclosures.

One package per budget phase (预算 → ``approved``, 决算 → ``executed``), because a measure has a
single phase. Amounts are 万元, declared with ``factor: 10000`` and ``currency: CNY``. Resources:

- ``functional``: the leaf lines of the 功能分类 tree (类 3 digits / 款 5 / 项 7), with the codes and
  names of every level (a classification dimension, each level's code names its ``parent``);
- ``economic``: the 经济分类 lines of the basic-expenditure table (类 / 款 / local sub-item);
- ``income``: income by source (direction ``revenue``); ``projects``: projects (an activity).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from .. import __version__
from .export import PHASES, economic_rows, functional_rows, income_rows, leaf_rows, project_rows
from .reads import KIND_NAMES, DisclosureInfo

ENTITY = [("department_id", "integer"), ("department", "string"), ("region", "string"), ("year", "integer"),
          ("revision", "integer")]

FUNCTIONAL_FIELDS = ENTITY + [("class_code", "string"), ("class_name", "string"), ("section_code", "string"),
                              ("section_name", "string"), ("item_code", "string"), ("item_name", "string"),
                              ("total", "number"), ("basic", "number"), ("project", "number")]
ECONOMIC_FIELDS = ENTITY + [("class_code", "string"), ("class_name", "string"), ("section_code", "string"),
                            ("section_name", "string"), ("detail_name", "string"), ("total", "number"),
                            ("personnel", "number"), ("public", "number")]
INCOME_FIELDS = ENTITY + [("source", "string"), ("source_name", "string"), ("amount", "number")]
PROJECT_FIELDS = ENTITY + [("function_code", "string"), ("project", "string"), ("amount", "number")]


def _entity(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k, _ in ENTITY}


def _functional(items: list[DisclosureInfo]) -> list[dict[str, Any]]:
    out = []
    for info in items:
        rows = functional_rows(info)
        names = {r["code"]: r["name"] for r in rows}
        for r in leaf_rows(rows):
            code = r["code"]
            out.append({**_entity(r), "class_code": code[:3], "class_name": names.get(code[:3], ""),
                        "section_code": code[:5] if len(code) >= 5 else "",
                        "section_name": names.get(code[:5], "") if len(code) >= 5 else "",
                        "item_code": code if len(code) == 7 else "", "item_name": r["name"] if len(code) == 7 else "",
                        "total": r["total"], "basic": r["basic"], "project": r["project"]})
    return out


def _economic(items: list[DisclosureInfo]) -> list[dict[str, Any]]:
    out = []
    for info in items:
        rows = economic_rows(info)
        names = {r["code"]: r["name"] for r in rows if not r["item"]}
        refined = {r["parent"] for r in rows}
        for r in rows:
            key = r["code"] if not r["item"] else None
            if key is not None and key in refined:
                continue  # a 类 or 款 refined by lines below it
            code = r["code"]
            out.append({**_entity(r), "class_code": code[:3], "class_name": names.get(code[:3], ""),
                        "section_code": code if len(code) == 5 else "",
                        "section_name": names.get(code, "") if len(code) == 5 else "",
                        "detail_name": r["item"], "total": r["total"], "personnel": r["personnel"],
                        "public": r["public"]})
    return out


def _income(items: list[DisclosureInfo]) -> list[dict[str, Any]]:
    return [{**_entity(r), "source": r["source"], "source_name": r["name"], "amount": r["amount"]}
            for info in items for r in income_rows(info)]


def _projects(items: list[DisclosureInfo]) -> list[dict[str, Any]]:
    return [{**_entity(r), "function_code": r["function_code"], "project": r["name"], "amount": r["amount"]}
            for info in items for r in project_rows(info)]


def _csv(fields: list[tuple[str, str]], rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _ in fields])
    for row in rows:
        writer.writerow(["" if row.get(name) is None else row.get(name) for name, _ in fields])
    return buffer.getvalue().encode("utf-8")


def _resource(name: str, fields: list[tuple[str, str]], title: str) -> dict[str, Any]:
    return {"name": name, "title": title, "path": f"data/{name}.csv", "format": "csv", "encoding": "utf-8",
            "mediatype": "text/csv", "profile": "tabular-data-resource",
            "schema": {"fields": [{"name": n, "type": t} for n, t in fields]}}


def _measure(resource: str, source: str, phase: str, direction: str, title: str) -> dict[str, Any]:
    return {"source": source, "resource": resource, "currency": "CNY", "factor": 10000, "phase": phase,
            "direction": direction, "title": title}


def _entity_dimensions(resource: str) -> dict[str, Any]:
    return {
        f"{resource}-department": {
            "dimensionType": "entity", "primaryKey": ["department_id"],
            "attributes": {"department_id": {"source": "department_id", "resource": resource},
                           "department": {"source": "department", "resource": resource, "labelfor": "department_id"},
                           "region": {"source": "region", "resource": resource}}},
        f"{resource}-year": {"dimensionType": "datetime", "primaryKey": ["year"],
                             "attributes": {"year": {"source": "year", "resource": resource}}},
    }


def _level_attributes(resource: str, levels: list[tuple[str, str | None]]) -> dict[str, Any]:
    """Code attributes of a classification tree (each naming its parent) and their labels."""
    attributes: dict[str, Any] = {}
    for code, parent in levels:
        attributes[code] = {"source": code, "resource": resource}
        if parent:
            attributes[code]["parent"] = parent
        label = code.replace("_code", "_name")
        attributes[label] = {"source": label, "resource": resource, "labelfor": code}
    return attributes


def model(phase: str) -> dict[str, Any]:
    functional = _level_attributes("functional", [("class_code", None), ("section_code", "class_code"),
                                                  ("item_code", "section_code")])
    economic = _level_attributes("economic", [("class_code", None), ("section_code", "class_code")])
    economic["detail_name"] = {"source": "detail_name", "resource": "economic", "parent": "section_code"}
    dimensions: dict[str, Any] = {
        "functional-classification": {"dimensionType": "classification", "classificationType": "functional",
                                      "primaryKey": ["class_code", "section_code", "item_code"],
                                      "attributes": functional},
        "economic-classification": {"dimensionType": "classification", "classificationType": "economic",
                                    "primaryKey": ["class_code", "section_code", "detail_name"],
                                    "attributes": economic},
        "income-source": {"dimensionType": "classification", "primaryKey": ["source"],
                          "attributes": {"source": {"source": "source", "resource": "income"},
                                         "source_name": {"source": "source_name", "resource": "income",
                                                         "labelfor": "source"}}},
        "project": {"dimensionType": "activity", "primaryKey": ["project"],
                    "attributes": {"project": {"source": "project", "resource": "projects"},
                                   "function_code": {"source": "function_code", "resource": "projects"}}},
    }
    for resource in ("functional", "economic", "income", "projects"):
        dimensions.update(_entity_dimensions(resource))
    measures = {
        "total": _measure("functional", "total", phase, "expenditure", "支出合计"),
        "basic": _measure("functional", "basic", phase, "expenditure", "基本支出"),
        "project": _measure("functional", "project", phase, "expenditure", "项目支出"),
        "economic_total": _measure("economic", "total", phase, "expenditure", "一般公共预算基本支出合计"),
        "personnel": _measure("economic", "personnel", phase, "expenditure", "人员经费"),
        "public": _measure("economic", "public", phase, "expenditure", "公用经费"),
        "income": _measure("income", "amount", phase, "revenue", "收入"),
        "project_amount": _measure("projects", "amount", phase, "expenditure", "项目支出金额"),
    }
    return {"measures": measures, "dimensions": dimensions}


def descriptor(kind: str, years: list[int]) -> dict[str, Any]:
    """``datapackage.json`` of the package of one kind of document covering ``years``."""
    phase = PHASES[kind]
    described: dict[str, Any] = {
        "name": f"yusuan-{kind.replace('_', '-')}", "title": f"部门{KIND_NAMES[kind]}公开数据（{_span(years)}）",
        "profile": "fiscal-data-package", "profiles": {"fiscal": "*", "tabular": "*"},
        "countryCode": "CN", "granularity": "aggregated", "version": "1.0.0",
        "description": "由 yusuan 从部门预算/决算公开文件读取；金额单位万元（factor 10000），按原表精确换算。",
        "sources": [{"title": f"yusuan {__version__}"}],
        "resources": [_resource("functional", FUNCTIONAL_FIELDS, "支出功能分类（末级科目）"),
                      _resource("economic", ECONOMIC_FIELDS, "一般公共预算基本支出经济分类"),
                      _resource("income", INCOME_FIELDS, "收入来源"),
                      _resource("projects", PROJECT_FIELDS, "项目支出")],
        "model": model(phase),
    }
    if years:
        described["fiscalPeriod"] = {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"}
    return described


#: the data files of a package: name, fields, rows of a list of disclosures
RESOURCES = (("data/functional.csv", FUNCTIONAL_FIELDS, lambda items: _functional(items)),
             ("data/economic.csv", ECONOMIC_FIELDS, lambda items: _economic(items)),
             ("data/income.csv", INCOME_FIELDS, lambda items: _income(items)),
             ("data/projects.csv", PROJECT_FIELDS, lambda items: _projects(items)))


def package_files(items: list[DisclosureInfo], kind: str) -> dict[str, bytes]:
    """The files of one package (``datapackage.json`` and ``data/*.csv``) for one kind of document."""
    chosen = [i for i in items if i.kind == kind]
    years = sorted({i.year for i in chosen})
    return {
        "datapackage.json": json.dumps(descriptor(kind, years), ensure_ascii=False, indent=2).encode("utf-8"),
        "data/functional.csv": _csv(FUNCTIONAL_FIELDS, _functional(chosen)),
        "data/economic.csv": _csv(ECONOMIC_FIELDS, _economic(chosen)),
        "data/income.csv": _csv(INCOME_FIELDS, _income(chosen)),
        "data/projects.csv": _csv(PROJECT_FIELDS, _projects(chosen)),
    }


def _span(years: list[int]) -> str:
    if not years:
        return "无数据"
    return f"{years[0]} 年" if years[0] == years[-1] else f"{years[0]}–{years[-1]} 年"


def packages(items: list[DisclosureInfo]) -> dict[str, bytes]:
    """Every file, prefixed by ``budget/`` or ``final_accounts/`` when both kinds are present."""
    kinds = [k for k in PHASES if any(i.kind == k for i in items)] or ["budget"]
    files: dict[str, bytes] = {}
    for kind in kinds:
        prefix = f"{kind}/" if len(kinds) > 1 else ""
        files.update({prefix + name: data for name, data in package_files(items, kind).items()})
    return files


class _Sink(io.RawIOBase):
    """A write-only stream handing out what was written (``zipfile`` writes to it as to an unseekable file)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.parts.append(chunk)
        self.position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self.position

    def seek(self, *_: Any) -> int:
        raise OSError("not seekable")

    def take(self) -> bytes:
        out = b"".join(self.parts)
        self.parts.clear()
        return out


def stream_zip(selection: list[tuple[int, int, str]], batches: Callable[[list[int]], Iterator[list[DisclosureInfo]]],
               ) -> Iterator[bytes]:
    """The packages of ``selection`` ((disclosure id, year, kind), as ``reads.export_ids`` gives it) as one ZIP,
    streamed: each resource is written a batch of disclosures at a time (``batches(ids)`` reads their digests),
    so memory holds one batch whatever the number of documents."""
    kinds = [k for k in PHASES if any(kind == k for _, _, kind in selection)] or ["budget"]
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind in kinds:
            prefix = f"{kind}/" if len(kinds) > 1 else ""
            ids = [i for i, _, k in selection if k == kind]
            years = sorted({y for _, y, k in selection if k == kind})
            archive.writestr(prefix + "datapackage.json",
                             json.dumps(descriptor(kind, years), ensure_ascii=False, indent=2).encode("utf-8"))
            yield sink.take()
            for name, fields, produce in RESOURCES:
                with archive.open(prefix + name, "w", force_zip64=True) as member:
                    member.write(_csv(fields, []))
                    for items in batches(ids):
                        member.write(_csv_body(fields, produce(items)))
                        yield sink.take()
    yield sink.take()


def _csv_body(fields: list[tuple[str, str]], rows: list[dict[str, Any]]) -> bytes:
    return _csv(fields, rows).split(b"\r\n", 1)[1]


def to_zip(items: list[DisclosureInfo]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in packages(items).items():
            archive.writestr(name, data)
    return buffer.getvalue()
