"""``yusuan export``: stored disclosures as CSV (UTF-8 with BOM), XLSX, JSON or a Fiscal Data Package."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UsageError
from .import_ import add_database, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="导出数据库中的数据 / export stored disclosures",
                       description="导出每份公开文件的最新修订（或 --published：已发布修订）。CSV 为一行一个金额的"
                                   "整洁表（UTF-8 带 BOM，Excel 可直接打开）；XLSX 分表；JSON；fdp 为 Fiscal Data "
                                   "Package（目录，或以 .zip 结尾的文件）。金额单位万元。 / Export the newest (or the "
                                   "published) revision of each stored disclosure.")
    p.add_argument("--format", choices=("csv", "xlsx", "json", "fdp"), default="csv", help="格式 / format")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="输出文件或目录（csv/json 默认标准输出） / output file or directory")
    p.add_argument("--published", action="store_true", help="只导出已发布的修订 / published revisions only")
    p.add_argument("--department", type=int, action="append", metavar="ID", help="部门编号，可重复 / department id")
    p.add_argument("--year", type=int, help="年度 / year")
    p.add_argument("--region", help="地区 / region")
    p.add_argument("--kind", choices=("budget", "final_accounts"), help="预算或决算 / budget or final accounts")
    add_database(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..store import export, fdp, reads

    if args.format in ("xlsx", "fdp") and not args.output:
        raise UsageError(f"--format {args.format} 需要 -o 指定输出位置")
    store = open_store(args)
    try:
        with store.read() as conn:
            items = reads.export_items(conn, public=args.published, department_ids=args.department, year=args.year,
                                       kind=args.kind, region=args.region)
    finally:
        store.close()
    if args.format == "fdp":
        out = Path(args.output)
        if out.suffix.lower() == ".zip":
            _write(out, fdp.to_zip(items))
        else:
            for name, data in fdp.packages(items).items():
                _write(out / name, data)
    else:
        data = {"csv": export.to_csv, "xlsx": export.to_xlsx, "json": export.to_json}[args.format](items)
        if args.output:
            _write(Path(args.output), data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
    print(f"yusuan：已导出 {len(items)} 份公开文件", file=sys.stderr)
    return 0


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"无法写入 {path}：{exc.strerror or exc}") from exc
