"""``yusuan import``: read, check and store documents (each import a new revision).

Also defines ``--database``, shared by the commands that use the store (import, export, serve,
user), and ``open_store`` which turns a database that cannot be opened into one Chinese line.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ReadError, UsageError
from .common import warn

log = logging.getLogger("yusuan.cli")

if TYPE_CHECKING:
    from ..model import Disclosure
    from ..store import Store

SUFFIXES = {".txt", ".text", ".pdf", ".xlsx", ".xlsm", ".docx", ".json", ".yaml", ".yml"}


def add_database(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", metavar="URL",
                        help="数据库（默认 $YUSUAN_DATABASE_URL，否则用户数据目录下的 SQLite 文件） / database URL")


def open_store(args: argparse.Namespace) -> Store:
    from sqlalchemy.exc import SQLAlchemyError

    from ..store import Store
    from ..store.db import database_url, describe

    url = database_url(getattr(args, "database", None))
    try:
        return Store.open(url)
    except (SQLAlchemyError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UsageError(f"无法打开数据库 {describe(url)}：{first}") from exc


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="读取、检查并入库 / read, check and store documents",
                       description="读取公开文件，检查后存入数据库；每次导入都是一个新修订，从不覆盖。"
                                   "目录会被递归查找；说明与表格分两个文件时写作 说明.pdf+表格.pdf。"
                                   "无法读取的文件会被报告，其余照常导入（此时退出码为 2）。 / Read, check and "
                                   "store documents; every import is a new revision.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件或目录 / files or directories")
    p.add_argument("--publish", action="store_true", help="导入后立即发布 / publish each imported revision")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="并行读取的进程数（默认 1） / processes reading in parallel")
    p.add_argument("-q", "--quiet", action="store_true", help="只报告问题 / report problems only")
    add_database(p)
    p.set_defaults(run=run)


def expand(paths: list[str]) -> Iterator[list[Path]]:
    """Each document as the list of its files (directories searched for known suffixes; a directory
    holding none is a usage error, not a silent success)."""
    from ..readers import document_files

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [f for f in sorted(path.rglob("*"))
                     if f.suffix.lower() in SUFFIXES and not f.name.startswith(".") and f.is_file()]
            if not found:
                raise UsageError(f"目录 {path} 中没有可导入的文件（{'、'.join(sorted(SUFFIXES))}）")
            yield from ([f] for f in found)
        else:
            yield [Path(p) for p in document_files(raw)]


def _read(files: list[Path]) -> tuple[list[Path], Disclosure | None, str | None]:
    from ..readers import read

    try:
        return files, read(*files), None
    except ReadError as exc:
        return files, None, str(exc)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        log.exception("reading %s failed", files[0])
        return files, None, f"{files[0]}：读取时出错（{type(exc).__name__}: {exc}）"


def _documents(groups: list[list[Path]], jobs: int) -> Iterator[tuple[list[Path], Disclosure | None, str | None]]:
    if jobs <= 1 or len(groups) <= 1:
        yield from map(_read, groups)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_read, groups, chunksize=1)


def _prerender(store: Store, revision_id: int, bar: object) -> None:
    """Render the portal page now, so that its first visitor does not wait (a failure is only a warning)."""
    try:
        from ..web.document import prerender

        prerender(store, revision_id)
    except Exception as exc:  # noqa: BLE001 - the document is stored; the page renders on first view
        log.exception("prerendering revision %s failed", revision_id)
        print(f"yusuan：修订 {revision_id} 的网页预先生成失败（首次访问时再生成）：{type(exc).__name__}: {exc}",
              file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from ..store import StoreError, cli_actor
    from ..store.sources import bundle, bundle_name

    if args.jobs < 1:
        raise UsageError("--jobs 至少为 1")
    groups = list(expand(args.paths))
    store = open_store(args)
    actor = cli_actor()
    imported, failed = 0, 0
    touched: list[int] = []
    bar = tqdm(total=len(groups), unit="份", desc="导入", disable=args.quiet or len(groups) < 2, file=sys.stderr)
    try:
        for files, document, problem in _documents(groups, args.jobs):
            bar.update(1)
            if document is None:
                failed += 1
                bar.write(f"yusuan：无法读取 {problem}", file=sys.stderr)
                continue
            try:
                if len(files) == 1:
                    source, name, fmt = files[0].read_bytes(), files[0].name, document.source.format
                else:  # 说明.pdf+表格.pdf: both files kept, in one ZIP
                    source = bundle([(f.name, f.read_bytes()) for f in files])
                    name, fmt = bundle_name([f.name for f in files]), "zip"
                result = store.import_document(document, actor, source=source, source_name=name, source_format=fmt)
                if args.publish:
                    store.publish(result.revision_id, actor)
                _prerender(store, result.revision_id, bar)
            except (StoreError, OSError) as exc:
                failed += 1
                bar.write(f"yusuan：无法入库 {files[0]}：{exc}", file=sys.stderr)
                continue
            imported += 1
            touched.append(result.revision_id)
            if not args.quiet:
                kind = "预算" if document.kind == "budget" else "决算"
                status = f"错误 {result.errors}，警告 {result.warnings}"
                bar.write(f"{files[0]} → {document.department.name} {document.year} 年{kind} 修订 #{result.number}"
                          f"（{status}{'，已发布' if args.publish else ''}）")
        bar.close()
        from ..web.prebuild import after_import

        after_import(store, touched, not args.quiet)  # the explorer's pages of what was imported
    finally:
        bar.close()
        store.close()
    if len(groups) > 1 or failed:
        warn(f"已导入 {imported} 份，失败 {failed} 份；数据库：{store.url}")
    return 2 if failed else 0
