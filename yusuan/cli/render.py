"""``yusuan render``: the complete disclosure package (library: ``yusuan.render.package.render_package``)."""

from __future__ import annotations

import argparse
import sys

from ..errors import UsageError
from .common import warn

EPILOG = """\
输入 / input:
  填好的填报工作簿（yusuan template 生成）：先报告缺项和不一致之处（工作表、单元格），没有错误才生成；
  已公开的文件（文本、PDF、DOCX、XLSX、JSON）：保留原表格，按表格数字重写情况说明，并生成 changes.html，
    逐句列出与原文不同之处及原因（更正模式）。
  a filled officers' workbook (yusuan template): missing and inconsistent cells are reported first;
  a published document: the tables are kept, Part 3 is rewritten from them, changes.html lists the edits.

示例 / examples:
  yusuan render budget.xlsx -o out/
  yusuan render 预算公开.txt -o out/ --format pdf,docx

写出前核对 / before writing: 已公开文件的表格须读取可靠才按其数字重写情况说明；否则不生成，列出未能识别的表格
  （--force 则照录原文并标注“未经核验”）；生成结果经检查出现原文没有的错误时也不生成。
  a published document is rewritten only from tables read with confidence; a package whose own check
  finds errors the source did not have is not written (--force: written, marked 未经核验).

退出码 / exit codes: 0 已生成 / written; 1 工作簿有错误，未生成 / workbook errors, nothing written;
  2 用法错误、无法读取，或表格未能可靠识别、生成结果有新错误（未生成） / usage error, unreadable input,
  tables read in doubt or new errors in the result (nothing written).
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("render", help="生成公开文件 / write the disclosure package (DOCX, PDF, XLSX, HTML)",
                       description="由填报工作簿、标准模型（JSON/YAML）或已公开的文件生成完整的预算公开文件："
                                   "概况、九张公开表、情况说明（按数字生成）、绩效目标表、名词解释。 / Write the "
                                   "complete disclosure in the standard layout.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input", metavar="INPUT", help="工作簿、JSON/YAML 模型或已公开的文件 / workbook, model or document")
    p.add_argument("-o", "--output", metavar="DIR", default=".", help="输出目录（默认当前目录） / output directory")
    p.add_argument("--format", default="html,pdf,docx,xlsx", metavar="LIST",
                   help="逗号分隔：html,pdf,docx,xlsx（另有 txt,json） / comma-separated formats")
    p.add_argument("--keep-narrative", action="store_true",
                   help="照录原文的情况说明，不重新生成 / print the published narrative as it is")
    p.add_argument("--force", action="store_true",
                   help="工作簿有错误、表格未能可靠识别或生成结果有新错误时仍然生成（标注未经核验） / write anyway "
                        "(workbook errors, tables read in doubt, new errors in the result)")
    p.add_argument("--name", metavar="STEM", help="输出文件名（不含扩展名） / file name stem")
    p.set_defaults(run=run)


def _formats(text: str) -> list[str]:
    from ..render.package import EXTRA_FORMATS, FORMATS

    wanted = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS + EXTRA_FORMATS]
    if unknown or not wanted:
        raise UsageError(f"--format 不认识 {', '.join(unknown) or '（空）'}；可选：{', '.join(FORMATS + EXTRA_FORMATS)}")
    return wanted


def run(args: argparse.Namespace) -> int:
    from ..render.package import NewErrors, ReadingInDoubt, render_package

    formats = _formats(args.format)
    d = _read(args)
    if d is None:
        return 1
    try:
        package = render_package(d, args.output, formats, keep_narrative=args.keep_narrative, stem=args.name,
                                 parallel=True, force=args.force,
                                 progress=lambda line: print(f"yusuan：{line}", file=sys.stderr, flush=True))
    except (ReadingInDoubt, NewErrors) as exc:
        warn(f"{args.input}：{exc}")
        return 2
    for fmt, path in package.files.items():
        print(f"{fmt}\t{path}")
    if package.changes is not None:
        print(f"changes\t{package.changes}")
    verdict = f"检查结果：{package.errors} 个错误，{package.warnings} 个警告"
    warn(verdict if package.errors == 0 else verdict + "（请用 yusuan check 查看详情）")
    return 0


def _read(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The model to render; a workbook is checked first and its problems printed with sheet and cell."""
    from pathlib import Path

    from ..readers import document_files, read

    path = Path(args.input)
    if path.suffix.lower() in (".xlsx", ".xlsm") and path.exists():
        from ..workbook import is_workbook, read_workbook_report

        if is_workbook(path):
            d, problems = read_workbook_report(path)
            errors = [p for p in problems if p.severity == "error"]
            for p in problems:
                print(f"{p.severity_word}：{p.where}：{p.message}", file=sys.stderr)
            if errors and not args.force:
                warn(f"{path}：工作簿有 {len(errors)} 处错误，未生成文件；改正后重试，或用 --force 强制生成")
                return None
            return d
    return read(*document_files(args.input))  # 说明.pdf+表格.pdf: one document in two files
