"""``yusuan search`` and ``yusuan explore``: the portal's search and explorer from the command line, on the
stored documents (the same reads as the web, ``store.search`` and ``store.explore``)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from .import_ import add_database, open_store


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("search", help="全文搜索数据库中的公开文件 / search stored disclosures",
                       description="搜索部门与项目名称、表格科目和情况说明中的句子（中文按词切分，每个词都要出现）。"
                                   " / Search department and project names, table lines and narrative sentences.")
    s.add_argument("query", help="检索词 / words to find")
    s.add_argument("--kind", choices=("department", "project", "line", "sentence"), help="只看一类 / one kind")
    s.add_argument("--limit", type=int, default=50, help="最多列出几条（默认 50） / at most this many hits")
    s.add_argument("--published", action="store_true", help="只搜已发布的修订 / published revisions only")
    s.add_argument("--format", choices=("text", "json", "csv"), default="text", help="输出格式 / output format")
    add_database(s)
    s.set_defaults(run=run_search)
    e = sub.add_parser("explore", help="一个指标在各部门之间比较 / one measure across departments",
                       description="一个指标（功能或经济分类的类、款，“三公”经费及其组成，机关运行经费，总额）在各部门"
                                   "之间比较，附上年数；或 --department 看一个部门的历年数。金额单位万元。")
    e.add_argument("--section", default="three_public",
                   choices=("total", "functional", "economic", "three_public", "operating_costs", "income"))
    e.add_argument("--code", help="编码或组成部分，如 201、302、reception、expenditure_total")
    e.add_argument("--measure", help="口径：total / basic / project / personnel / public")
    e.add_argument("--region", help="地区 / region")
    e.add_argument("--year", type=int, help="年度（默认最近一年） / year")
    e.add_argument("--kind", choices=("budget", "final_accounts"), default="budget")
    e.add_argument("--department", type=int, metavar="ID", help="一个部门的历年数 / one department over the years")
    e.add_argument("--sort", default="-amount", help="-amount amount name -change change -share share")
    e.add_argument("--published", action="store_true", help="只用已发布的修订 / published revisions only")
    e.add_argument("--format", choices=("text", "json", "csv"), default="text", help="输出格式 / output format")
    add_database(e)
    e.set_defaults(run=run_explore)


def _emit(fmt: str, header: list[str], rows: list[list[Any]], data: Any) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    else:
        for row in rows:
            sys.stdout.write("\t".join("" if v is None else str(v) for v in row) + "\n")


def run_search(args: argparse.Namespace) -> int:
    from ..store import search

    store = open_store(args)
    query = search.parse(args.query)
    try:
        with store.read() as conn:
            hits, counts = search.find(conn, query, args.published, kind=args.kind, limit=max(1, args.limit))
    finally:
        store.close()
    rows = [[search.KINDS[h["kind"]], h["text"], h["department"], h["year"] or "",
             f"/revisions/{h['revision_id']}#{h['anchor']}" if h["revision_id"] else f"/departments/{h['department_id']}"]
            for h in hits]
    _emit(args.format, ["类别", "文字", "部门", "年度", "地址"], rows, {"words": list(query.words), "counts": counts,
                                                              "hits": hits})
    if args.format == "text":
        print(f"yusuan：检索词 {' + '.join(query.words) or '（无）'}；命中 " +
              "，".join(f"{search.KINDS[k]} {n}" for k, n in counts.items()), file=sys.stderr)
    return 0


def run_explore(args: argparse.Namespace) -> int:
    from ..store import explore

    measure = explore.Measure.parse(args.section, args.code, args.measure)
    store = open_store(args)
    try:
        with store.read() as conn:
            if args.department:
                found = explore.over_years(conn, measure, args.published, args.department)
            else:
                year = args.year or next(iter(explore.choices(conn, args.published)["years"]), None)
                found = explore.across(conn, measure, args.published, year, args.kind, args.region,
                                       args.sort) if year else []
    finally:
        store.close()

    def s(value: Any) -> str | None:
        return None if value is None else format(value, "f")

    rows = [[r.point.department, r.point.year, r.point.kind_name, s(r.point.amount) or "未列出",
             s(r.prior.amount) if r.prior else "无上年文件", s(r.change), r.point.link] for r in found]
    data = [{"department": r.point.department, "department_id": r.point.department_id, "year": r.point.year,
             "kind": r.point.kind, "amount": s(r.point.amount), "prior": s(r.prior.amount) if r.prior else None,
             "change": s(r.change), "link": r.point.link} for r in found]
    _emit(args.format, ["部门", "年度", "类型", "金额（万元）", "上年", "增减", "地址"], rows, data)
    return 0
