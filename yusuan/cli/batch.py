"""``yusuan batch``: read and check every document of a region in one run (resumable, parallel,
locally or on a Dask cluster), with the reports in OUTDIR."""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
from pathlib import Path

from ..errors import UsageError

EPILOG = """\
报告 / reports (OUTDIR):
  summary.html   部门排名、各类问题数量与图表（单个文件，离线可看）
  review.xlsx    审查表：每份文件每项要求一行（符合/不符合、问题、位置）
  findings.json  全部问题（与 yusuan check --format json 相同的结构）
  findings.csv   全部问题（UTF-8 带 BOM，Excel 可直接打开）
  manifest.sqlite  每个文件的指纹与结果；再次运行时跳过未变化的文件，中断后从断点继续

退出码 / exit codes: 0 没有达到 --fail-on 级别的问题；1 有；2 用法错误；130 被中断（已完成的结果已保存）。

例 / examples:
  yusuan batch 公开文件/ -o 检查结果/
  yusuan batch 公开文件/ -o 检查结果/ --workers 2 --timeout 120
  yusuan batch 公开文件/ -o 检查结果/ --dask tcp://10.0.0.5:8786
  yusuan batch 公开文件/ -o 检查结果/ --import
"""


def register(sub: argparse._SubParsersAction) -> None:
    from .import_ import add_database

    p = sub.add_parser(
        "batch", help="批量检查一个地区的公开文件 / check many documents at once",
        description="递归查找 PATH 中的公开文件（PDF、XLSX、DOCX、文本、JSON；说明与表格分开的文件自动配对），"
                    "并行读取与检查，跨文件核对（同一部门相邻年度、部门与所属单位），在 OUTDIR 写出报告。"
                    "可中断、可续跑。 / Read and check every document under PATH in parallel (locally or on "
                    "Dask), resumably, and write the reports to OUTDIR.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件或文件夹 / files or folders")
    p.add_argument("-o", "--output", "--outdir", dest="outdir", required=True, metavar="OUTDIR",
                   help="报告与清单所在的文件夹 / folder for the reports and the manifest")
    p.add_argument("--workers", "-j", type=int, metavar="N",
                   help="本机并行进程数（默认每个 CPU 核一个；0 在本进程内运行，无隔离，仅供调试） / local worker "
                        "processes (default: one per core; 0: in this process, without isolation)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="在 Dask 集群上运行：调度器地址（如 tcp://host:8786），或 local 启动本机集群 / "
                        "run on a Dask cluster (scheduler address, or 'local')")
    p.add_argument("--dask-shared-files", action="store_true",
                   help="Dask 工作节点按相同绝对路径读取文件（默认随任务发送文件内容） / Dask workers read the files "
                        "from the same path instead of receiving their bytes")
    p.add_argument("--timeout", type=_positive, default=300.0, metavar="S",
                   help="每份文件的处理时限，秒（默认 300；0 为不限） / seconds per document (0: no limit)")
    p.add_argument("--max-memory", type=_positive, default=2048.0, metavar="MB",
                   help="每个处理进程的内存上限，MB（默认 2048；0 为不限） / memory limit per worker")
    p.add_argument("--select", action="append", metavar="CODES",
                   help="只运行这些规则（代码、类别或标签，逗号分隔） / only these rules (codes, families, tags)")
    p.add_argument("--ignore", action="append", metavar="CODES", help="不运行这些规则 / skip these rules")
    p.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default="error",
                   help="达到该级别的问题时退出码为 1（默认 error） / exit 1 at this severity")
    p.add_argument("--import", dest="do_import", action="store_true",
                   help="把每份文件及其问题存入门户数据库 / store every document and its findings in the database")
    add_database(p)
    p.add_argument("--force", action="store_true", help="忽略清单，全部重新处理 / recompute everything")
    p.add_argument("--no-pair", dest="pair", action="store_false",
                   help="不把 *_text 与 *_tables 文件配对 / do not pair split documents")
    p.add_argument("-q", "--quiet", action="store_true", help="不显示进度 / no progress bar")
    p.set_defaults(run=run)


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"不是数字：{text}") from exc
    if value < 0:
        raise argparse.ArgumentTypeError(f"不能为负数：{text}")
    return value


def run(args: argparse.Namespace) -> int:
    from ..batch import Options, run_batch

    if args.workers is not None and args.workers < 0:
        raise UsageError("--workers 不能为负数")
    if args.dask_shared_files and not args.dask:
        raise UsageError("--dask-shared-files 只能与 --dask 一起使用")
    outdir = Path(args.outdir)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"{outdir} 不是文件夹")
    options = Options(
        outdir=outdir, workers=args.workers, dask=args.dask, shared_files=args.dask_shared_files,
        timeout=args.timeout or None, max_memory_mb=args.max_memory or None,
        select=_tokens(args.select), ignore=_tokens(args.ignore), pair=args.pair, force=args.force,
        do_import=args.do_import, database=args.database, progress=not args.quiet,
        command=shlex.join(["yusuan", *sys.argv[1:]]),
    )
    _validate_selection(options)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as cleanly as Ctrl-C
    try:
        outcome = run_batch(args.paths, options)
    except KeyboardInterrupt:
        print(f"yusuan：已中断。已完成的结果都已保存在 {outdir / 'manifest.sqlite'}；"
              "再次运行同一命令即可从中断处继续。", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    _print_outcome(outcome)
    return outcome.exit_code(args.fail_on)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _tokens(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [t.strip() for v in values for t in v.split(",") if t.strip()] or None


def _validate_selection(options: object) -> None:
    """Unknown rule codes are a usage error before any work starts (not once per document)."""
    from ..batch.selection import validate

    validate(getattr(options, "select", None), getattr(options, "ignore", None))


def _print_outcome(outcome: object) -> None:
    from ..batch.reports.common import rank_departments
    from ..batch.results import STATUS_NAMES, BatchOutcome

    assert isinstance(outcome, BatchOutcome)
    counts = outcome.counts()
    statuses = outcome.statuses()
    parts = [f"{STATUS_NAMES.get(s, s)} {n} 份" for s, n in sorted(statuses.items(), key=lambda kv: kv[0] != "ok")]
    print(f"共 {len(outcome.documents)} 份文件（本次处理 {outcome.computed} 份，沿用上次结果 {outcome.reused} 份，"
          f"用时 {outcome.seconds:.1f} 秒）：{'，'.join(parts)}")
    print(f"问题：错误 {counts.get('error', 0)} 条，警告 {counts.get('warning', 0)} 条，提示 {counts.get('info', 0)} 条")
    worst = [r for r in rank_departments(outcome) if r.errors][:5]
    if worst:
        print("错误最多的部门：" + "；".join(f"{r.name}（错误 {r.errors}，警告 {r.warnings}）" for r in worst))
    if outcome.reports:
        print("报告：" + "、".join(str(p) for p in outcome.reports.values()))
    if outcome.database:
        print(f"入库（{outcome.database}）：新存入 {outcome.imported} 份，已在库中且未变化 {outcome.import_unchanged} 份，"
              f"未入库 {len(outcome.import_problems)} 份")
        for line in outcome.import_problems[:20]:
            print(f"  {line}")
        if len(outcome.import_problems) > 20:
            print(f"  ……另有 {len(outcome.import_problems) - 20} 份，见 summary.html")
