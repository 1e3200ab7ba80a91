"""``yusuan extract``: the canonical model of a document (JSON or YAML)."""

from __future__ import annotations

import argparse

from .common import add_output, warn, write_output

# problems that may mean the document is cut off: said on stderr after writing what was read (a part
# missing is a finding of ``yusuan check``; only input that cannot be read at all exits 2)
INCOMPLETE = {"missing-part", "truncated"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="读取为标准模型 / read a document into the canonical model",
                       description="读取公开文件（文本、PDF、XLSX、DOCX、JSON），输出标准模型（含 summary）。"
                                   "江苏等叙述与表格分开发布时，可同时给出两个文件。 / Read a disclosure "
                                   "(text, PDF, XLSX, DOCX, JSON) and print the canonical model with its summary.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件；同一文件的说明与表格可分两个文件给出")
    p.add_argument("--format", choices=("json", "yaml"), default="json", help="输出格式 / output format")
    add_output(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..readers import document_files, read
    from ..serialize import dumps

    # "说明.pdf+表格.pdf" or two paths: one document in two files, as check and render take it
    files = [f for path in args.paths for f in document_files(path)]
    disclosure = read(*files)
    write_output(dumps(disclosure, args.format), args.output)
    incomplete = [p for p in disclosure.problems if p.code in INCOMPLETE]
    if incomplete:  # said, never a reason to stop: what was read is written, and check reports it
        warn(f"{args.paths[0]}：可能不完整：" + "；".join(p.message for p in incomplete[:3]))
    return 0
