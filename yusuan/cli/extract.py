"""``yusuan extract``: the canonical model of a document (JSON or YAML), or what one reading stage
produced (``--stage``), or a PDF page with the tables found drawn over it (``--overlay``)."""

from __future__ import annotations

import argparse

from .common import add_output, warn, write_output


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="读取为标准模型 / read a document into the canonical model",
                       description="读取公开文件（文本、PDF、XLSX、DOCX、JSON），输出标准模型（含 summary）。"
                                   "江苏等叙述与表格分开发布时，可同时给出两个文件。 / Read a disclosure "
                                   "(text, PDF, XLSX, DOCX, JSON) and print the canonical model with its summary.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件；同一文件的说明与表格可分两个文件给出")
    p.add_argument("--format", choices=("json", "yaml", "text"), default=None,
                   help="输出格式：json（默认）、yaml；--stage 默认 text / output format")
    p.add_argument("--stage", choices=STAGES, default=None,
                   help="只输出某一读取阶段的结果：blocks 文本块、tables 表格原样、roles 各列含义、views 表格含义、"
                        "readings 勾稽核对 / print what one reading stage produced")
    p.add_argument("--overlay", type=int, metavar="PAGE", default=None,
                   help="PDF：把第 PAGE 页识别出的表格、行列与各列含义画在页面上，存为 PNG（-o 指定文件）"
                        " / draw the tables, rows, columns and column roles found on a PDF page")
    add_output(p)
    p.set_defaults(run=run)


STAGES = ("blocks", "tables", "roles", "views", "readings")


def run(args: argparse.Namespace) -> int:
    from ..model.problems import PROBLEMS
    from ..readers import document_files, read
    from ..serialize import dumps

    # "说明.pdf+表格.pdf" or two paths: one document in two files, as check and render take it
    files = [f for path in args.paths for f in document_files(path)]
    disclosure = read(*files)
    if args.overlay is not None:
        return _overlay(args, files, disclosure)
    if args.stage is not None:
        write_output(_stage(args, files, disclosure), args.output)
        return 0
    if args.format == "text":
        raise SystemExit("yusuan extract：--format text 只用于 --stage")
    write_output(dumps(disclosure, args.format or "json"), args.output)
    # a part missing (the file may be cut off) is said on stderr after writing what was read; only input
    # that cannot be read at all exits 2 (yusuan check reports the missing part)
    incomplete = [p for p in disclosure.problems if (kind := PROBLEMS.get(p.code)) is not None and kind.incomplete]
    if incomplete:  # said, never a reason to stop: what was read is written, and check reports it
        warn(f"{args.paths[0]}：可能不完整：" + "；".join(p.message for p in incomplete[:3]))
    return 0


def _stage(args: argparse.Namespace, files: list[str], disclosure: object) -> str:
    import json

    import yaml

    from ..interpret.blocks import RawDocument
    from ..interpret.inspect import stage_data, stage_text
    from ..readers import read_raw

    raw = None
    if args.stage == "blocks":
        first = read_raw(files[0])
        raw = first if isinstance(first, RawDocument) else None
    fmt = args.format or "text"
    if fmt == "text":
        return stage_text(args.stage, disclosure, raw)  # type: ignore[arg-type]
    data = stage_data(args.stage, disclosure, raw)  # type: ignore[arg-type]
    if fmt == "yaml":
        return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return json.dumps(data, ensure_ascii=False, indent=1)


def _overlay(args: argparse.Namespace, files: list[str], disclosure: object) -> int:
    from pathlib import Path

    from ..interpret.inspect import column_roles
    from ..model import Disclosure
    from ..readers.pdf_overlay import overlay

    assert isinstance(disclosure, Disclosure)
    pdf = next((f for f in files if f.lower().endswith(".pdf")), None)
    if pdf is None:
        warn(f"{args.paths[0]}：--overlay 只用于 PDF 文件")
        return 2
    page = args.overlay
    out = args.output or f"{Path(pdf).stem}-p{page}.png"
    # the tables printed on that page, top to bottom, with what each column was taken for
    on_page = [t for t in disclosure.tables if any(r.source.page == page for r in t.rows)]
    roles = [(len(t.columns), column_roles(t, disclosure)) for t in on_page]
    overlay(pdf, page, roles, out)
    warn(f"第 {page} 页已画出：{out}（红框：有框线的表格；蓝框：无框线的表格；列标“序号:含义”）")
    return 0

