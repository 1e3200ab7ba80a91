"""``yusuan check``: every consistency rule on one or more documents (library: ``yusuan.checks.check_files``)."""

from __future__ import annotations

import argparse
import sys

from .common import add_output, warn, write_output

EPILOG = """\
退出码 / exit codes:
  0  没有达到 --fail-on 级别的问题 / no finding at or above --fail-on
  1  有达到 --fail-on 级别的问题 / findings at or above --fail-on (default: error)
  2  用法错误，或有文件无法读取（且没有退出码 1 的问题）/ usage error, or an unreadable input when no
     finding already gives exit code 1. 多个文件时，无法读取的文件在报告中单独列出，其余文件照常检查。

--select / --ignore 可用规则代码、类别或标签（逗号分隔，可重复）/ take codes, families or tags:
  yusuan check a.pdf --select arithmetic,cross_table      只做表内和表间运算
  yusuan check a.pdf --ignore code-unknown,rounding      不报告目录外编码与尾差
  yusuan rules                                           查看全部规则
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="检查一致性 / check a disclosure's consistency",
                       description="检查预算/决算公开文件：表内运算、表间勾稽、说明与表格、项目与绩效目标、科目编码、"
                                   "完整性、文字质量，以及（--prior）与上年文件的比对。 / Check disclosures against "
                                   "every rule of DOMAIN.md.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="要检查的文件（可多个；说明与表格分开发布时写作 说明.pdf+表格.pdf） / documents to check "
                        "(a document in two files: text.pdf+tables.pdf)")
    p.add_argument("--format", choices=("text", "json", "html"), default="text", help="输出格式 / output format")
    p.add_argument("--fail-on", choices=("error", "warning"), default="error",
                   help="哪一级问题使退出码为 1（默认 error） / severity that makes the exit code 1")
    p.add_argument("--select", action="append", metavar="CODES", help="只运行这些规则 / only these rules")
    p.add_argument("--ignore", action="append", metavar="CODES", help="不运行这些规则 / skip these rules")
    p.add_argument("--prior", metavar="PATH", help="同一部门上一年度的公开文件 / last year's document")
    add_output(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..checks import check_files

    report = check_files(args.paths, prior=args.prior, select=args.select, ignore=args.ignore)
    unreadable = [doc for doc in report.documents if doc.error]
    all_unreadable = len(unreadable) == len(report.documents)
    to_terminal = args.output is None and args.format == "text"
    if args.format == "json":
        write_output(report.to_json(), args.output)
    elif args.format == "html":
        write_output(report.to_html(), args.output)
    elif not all_unreadable:
        color = to_terminal and sys.stdout.isatty()
        write_output(report.to_text(color=color), args.output)
    if all_unreadable or not to_terminal:
        for doc in unreadable:
            warn(f"无法读取 {doc.error}")
    return report.exit_code(args.fail_on)
