"""``yusuan template``: the officers' fill-in workbook (library: ``yusuan.workbook.write_template``)."""

from __future__ import annotations

import argparse
import datetime as dt

from .common import warn


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("template", help="生成填报工作簿 / write the officers' fill-in workbook",
                       description="生成中文填报工作簿：填报说明、基本情况、单位人员、功能分类（预置科目树）、经济分类、"
                                   "项目支出、绩效目标、三公经费、其他事项、上年数与原因、名词解释，含下拉列表和数据校验。"
                                   "填好后用 yusuan render 生成公开文件。 / Write the fill-in workbook; fill it, then run "
                                   "yusuan render on it.")
    p.add_argument("-o", "--output", metavar="FILE", default="budget.xlsx", help="输出文件（默认 budget.xlsx）")
    p.add_argument("--year", type=int, metavar="Y", help="预算年度（默认明年） / budget year (default: next year)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..workbook import write_template

    year = args.year or dt.date.today().year + 1
    if not 2000 <= year <= 2100:
        raise UsageError(f"--year {year} 不是合理的预算年度")
    path = write_template(args.output, year)
    warn(f"已生成填报工作簿：{path}（{year} 年）；填好后运行 yusuan render {path} -o 输出目录")
    print(path)
    return 0
