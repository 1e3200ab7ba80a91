"""ECharts options built from the stored digests (the browser only draws them: static/app.js).

Values reach the chart as numbers for drawing only; every figure the page states in text comes
from the exact decimal strings. Absent values are gaps, never zeros, and a figure derived from a
stated change (last year = this year − the change) is drawn apart and labelled as derived.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

PALETTE = ["#2f6db5", "#e08a2e", "#3a9d5d", "#c2413b", "#7e57c2", "#1b9aaa", "#b58b00", "#8d6e63", "#d81b60",
           "#546e7a"]
TEXT = {"fontFamily": "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"}


def _n(text: str | None) -> float | None:
    if text in (None, ""):
        return None
    return float(Decimal(text))


def _base(title: str, subtitle: str = "") -> dict[str, Any]:
    return {"title": {"text": title, "subtext": subtitle, "left": "center", "top": 4, "itemGap": 4,
                      "textStyle": {"fontSize": 15}, "subtextStyle": {"fontSize": 11}},
            "color": PALETTE, "textStyle": TEXT, "animation": False,
            "tooltip": {"trigger": "item", "valueFormatter": None}}


def income_sources(digest: dict[str, Any]) -> dict[str, Any] | None:
    data = [{"name": i["label"], "value": _n(i["amount"])} for i in digest.get("income", []) if _n(i["amount"])]
    if not data:
        return None
    option = _base("收入来源", "单位：万元（表一）")
    option["tooltip"] = {"trigger": "item", "formatter": "{b}<br/>{c} 万元（{d}%）"}
    option["series"] = [{"type": "pie", "radius": ["35%", "65%"], "center": ["50%", "58%"], "data": data,
                         "label": {"formatter": "{b}\n{d}%", "overflow": "break", "width": 90}}]
    return option


def function_tree(functional: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """类 → 款 → 项 nodes (a level missing in the table is simply absent)."""
    nodes: dict[str, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for line in functional:
        code = line["code"]
        if not code or len(code) not in (3, 5, 7):
            continue
        node: dict[str, Any] = {"name": f"{code} {line['name']}", "value": _n(line["total"]), "children": []}
        nodes[code] = node
        parent = nodes.get(code[:5] if len(code) == 7 else code[:3] if len(code) == 5 else "")
        (parent["children"] if parent else roots).append(node)
    for node in nodes.values():
        if not node["children"]:
            del node["children"]
    return roots


def functional(digest: dict[str, Any]) -> dict[str, Any] | None:
    tree = function_tree(digest.get("summary", {}).get("functional", []))
    if not tree:
        return None
    option = _base("支出功能分类（类／款／项）", "单位：万元（表三）；点击可展开")
    option["tooltip"] = {"trigger": "item", "formatter": "{b}<br/>{c} 万元"}
    option["series"] = [{"type": "sunburst", "data": tree, "radius": ["10%", "78%"], "center": ["50%", "60%"],
                         "sort": None, "nodeClick": "rootToNode",
                         "label": {"rotate": "radial", "minAngle": 8, "overflow": "truncate", "width": 90},
                         "levels": [{}, {"r0": "10%", "r": "36%", "label": {"rotate": 0}}, {"r0": "36%", "r": "60%"},
                                    {"r0": "60%", "r": "78%", "label": {"show": False}}]}]
    return option


def basic_project(digest: dict[str, Any]) -> dict[str, Any] | None:
    summary = digest.get("summary", {})
    data = [{"name": "基本支出", "value": _n(summary.get("basic"))},
            {"name": "项目支出", "value": _n(summary.get("project"))}]
    if not any(d["value"] for d in data):
        return None
    option = _base("基本支出与项目支出", "单位：万元（表三）")
    option["tooltip"] = {"trigger": "item", "formatter": "{b}<br/>{c} 万元（{d}%）"}
    option["series"] = [{"type": "pie", "radius": ["35%", "65%"], "center": ["50%", "58%"], "data": data,
                         "label": {"formatter": "{b}\n{c} 万元\n{d}%", "overflow": "break", "width": 90}}]
    return option


def economic(digest: dict[str, Any]) -> dict[str, Any] | None:
    lines = digest.get("summary", {}).get("economic", [])
    classes: dict[str, dict[str, Any]] = {}
    for line in lines:
        code = line["code"]
        if len(code) == 3:
            classes[code] = {"name": f"{code} {line['name']}", "value": _n(line["total"]), "children": []}
    for line in lines:
        code = line["code"]
        if len(code) == 5 and code[:3] in classes and _n(line["total"]):
            classes[code[:3]]["children"].append({"name": line["name"], "value": _n(line["total"])})
    data = [c for c in classes.values() if c["value"]]
    if not data:
        return None
    for c in data:
        if not c["children"]:
            del c["children"]
    option = _base("基本支出经济分类构成", "单位：万元（表六）")
    option["tooltip"] = {"trigger": "item", "formatter": "{b}<br/>{c} 万元"}
    option["series"] = [{"type": "treemap", "data": data, "top": 60, "bottom": 10, "roam": False,
                         "leafDepth": 2, "breadcrumb": {"show": False},
                         "label": {"formatter": "{b}\n{c}"}, "upperLabel": {"show": True, "height": 22},
                         "levels": [{"itemStyle": {"borderColor": "#fff", "borderWidth": 2, "gapWidth": 2}},
                                    {"colorSaturation": [0.35, 0.6],
                                     "itemStyle": {"borderColorSaturation": 0.7, "gapWidth": 1}}]}]
    return option


def _short(text: str | None, limit: int = 26) -> str:
    if not text:
        return "（未说明原因）"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _labels_above(names: list[str]) -> dict[str, Any]:
    """A category axis whose names are written above their bars, across the whole width (the browser fits the
    width to the chart, ``static/app.js``): on a phone no column of names eats the room of the bars."""
    return {"type": "category", "data": names, "axisTick": {"show": False}, "axisLine": {"show": False},
            "axisLabel": {"inside": True, "verticalAlign": "bottom", "padding": [0, 0, 9, 0], "fontSize": 12,
                          "color": "#1f2933", "overflow": "truncate", "width": 320, "fill_width": True},
            "z": 10}


def stated_changes(digest: dict[str, Any]) -> dict[str, Any] | None:
    """Each line's change as the narrative states it: the line, the change and the stated reason written above
    its bar (red an increase, green a decrease, grey when the text does not say which)."""
    seen: set[str] = set()
    rows = []
    for change in digest.get("changes", []):
        if change["unit"] != "万元" or change["subject"] in seen:
            continue
        seen.add(change["subject"])
        rows.append(change)
    if not rows:
        return None
    rows.reverse()  # ECharts draws the first category at the bottom
    data, names = [], []
    for c in rows:
        signed = _n(c["change"])
        unknown = signed is None
        value = _n(c["amount"]) if unknown else signed
        amount = c["amount"] if unknown else (c["change"] if c["change"].startswith("-") else "+" + c["change"])
        names.append(f"{_short(c['name'], 14)}  {amount}{'（方向未写明）' if unknown else ''}｜{_short(c['reason'], 40)}")
        negative = value is not None and value < 0
        data.append({"value": value, "reason": c["reason"] or "", "direction": c["direction"],
                     "itemStyle": {"color": "#9e9e9e" if unknown else ("#3a9d5d" if negative else "#c2413b")}})
    option = _base("比上年增减及说明的原因", "单位：万元；数据来自情况说明")
    option["note"] = "红色为增加，绿色为减少，灰色为说明未写明是增加还是减少；条上文字为科目、增减额和说明所述主要原因。"
    option["tooltip"] = {"trigger": "item", "formatter": "{b}<br/>{c} 万元", "confine": True}
    option["grid"] = {"left": 8, "right": 12, "top": 62, "bottom": 24, "containLabel": True}
    option["xAxis"] = {"type": "value", "name": "万元", "splitNumber": 3, "axisLabel": {"hideOverlap": True}}
    option["yAxis"] = _labels_above(names)
    option["series"] = [{"type": "bar", "data": data, "barWidth": 12}]
    option["height_px"] = max(260, 90 + 44 * len(rows))
    return option


def over_years(title: str, subtitle: str, years: list[int], series: list[tuple[str, list[float | None]]],
               derived: list[tuple[str, list[float | None]]] | None = None, kind: str = "bar") -> dict[str, Any]:
    """Values by year; a year without a document is a gap, derived values are drawn hatched and named so."""
    option = _base(title, subtitle)
    option["tooltip"] = {"trigger": "axis"}
    option["legend"] = {"top": 58, "type": "scroll"}
    option["grid"] = {"left": 8, "right": 16, "top": 118, "bottom": 16, "containLabel": True}
    option["xAxis"] = {"type": "category", "data": [f"{y}年" for y in years], "axisLabel": {"hideOverlap": True}}
    option["yAxis"] = {"type": "value", "name": "万元", "splitNumber": 3}
    option["series"] = [{"name": name, "type": kind, "data": values, "connectNulls": False, "barMaxWidth": 34}
                        for name, values in series]
    for name, values in derived or []:
        option["series"].append({"name": name, "type": "bar", "data": values, "barMaxWidth": 34,
                                 "itemStyle": {"color": "#ffffff", "borderColor": "#7e57c2", "borderType": "dashed",
                                               "borderWidth": 2, "decal": {"symbol": "rect", "dashArrayX": [1, 0],
                                                                           "dashArrayY": [2, 5], "rotation": 0.8,
                                                                           "color": "rgba(126,87,194,0.35)"}}})
    return option


def compare_bars(title: str, subtitle: str, names: list[str], series: list[tuple[str, list[float | None]]],
                 unit: str = "万元") -> dict[str, Any]:
    option = _base(title, subtitle)
    option["tooltip"] = {"trigger": "axis"}
    option["legend"] = {"top": 58}
    option["grid"] = {"left": 8, "right": 16, "top": 118, "bottom": 16, "containLabel": True}
    option["xAxis"] = {"type": "category", "data": names, "axisLabel": {"interval": 0, "width": 120,
                                                                         "overflow": "break"}}
    option["yAxis"] = {"type": "value", "name": unit, "splitNumber": 3}
    option["series"] = [{"name": n, "type": "bar", "data": v, "barMaxWidth": 40,
                         "label": {"show": True, "position": "top", "fontSize": 10}} for n, v in series]
    return option


def disclosure_charts(digest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    builders = {"income": income_sources, "functional": functional, "basic_project": basic_project,
                "economic": economic, "changes": stated_changes}
    out = {}
    for name, build in builders.items():
        option = build(digest)
        if option is not None:
            out[name] = option
    return out


def ranked_bars(label: str, rows: list[Any], more: int = 0) -> dict[str, Any]:
    """Horizontal bars, largest first, each department's name and figure written above its bar (it reads on a
    phone); few value ticks; a bar opens its figure in the document (``link``)."""
    rows = list(reversed(rows))  # ECharts draws the first category at the bottom
    option = _base(label, "单位：万元" + (f"；另有 {more} 个部门未画出，见下表" if more else "") + "；点击条形看原文")
    option["tooltip"] = {"trigger": "item", "formatter": "{b}", "confine": True}
    option["grid"] = {"left": 8, "right": 12, "top": 62, "bottom": 24, "containLabel": True}
    option["xAxis"] = {"type": "value", "splitNumber": 3, "axisLabel": {"hideOverlap": True}}
    option["yAxis"] = _labels_above([f"{r.point.department}  {r.point.amount:,f}" for r in rows])
    option["series"] = [{"type": "bar", "barWidth": 12, "cursor": "pointer",
                         "data": [{"value": float(r.point.amount), "link": r.point.link} for r in rows]}]
    option["height_px"] = max(220, 90 + 44 * len(rows))
    return option


def yearly_bars(label: str, rows: list[Any]) -> dict[str, Any]:
    """One department's figure by year (预算 and 决算 apart); a year without the figure is a gap."""
    years = sorted({r.point.year for r in rows})
    option = _base(label, "单位：万元")
    option["tooltip"] = {"trigger": "axis"}
    option["legend"] = {"top": 52}
    option["grid"] = {"left": 8, "right": 16, "top": 90, "bottom": 24, "containLabel": True}
    option["xAxis"] = {"type": "category", "data": [f"{y}年" for y in years]}
    option["yAxis"] = {"type": "value", "splitNumber": 3}
    series = []
    for kind, name in (("budget", "预算"), ("final_accounts", "决算")):
        by_year = {r.point.year: r.point.amount for r in rows if r.point.kind == kind}
        if by_year:
            series.append({"name": name, "type": "bar", "barMaxWidth": 34, "label": {"show": True, "position": "top"},
                           "data": [None if by_year.get(y) is None else float(by_year[y]) for y in years]})
    option["series"] = series
    return option
