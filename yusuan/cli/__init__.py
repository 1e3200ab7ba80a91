"""The ``yusuan`` command: a thin shell over the library.

Each command lives in its own module of this package with ``register(subparsers)`` (defines the
arguments) and ``run(args) -> int`` (one library call, exit code). Modules import heavy libraries
inside ``run`` so that ``yusuan --help`` stays fast.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage errors and unreadable input.
Every error is one line naming the file, an unexpected one (a defect) too; ``--debug`` (or
``YUSUAN_DEBUG=1``) keeps its traceback in the log (standard error).
"""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import ReadError, UsageError

log = logging.getLogger("yusuan.cli")

#: command modules, in the order ``--help`` lists them
COMMANDS = ("extract", "check", "render", "template", "import_", "export", "explore", "serve", "user", "batch",
            "schema", "rules")

DESCRIPTION = """\
yusuan（预算）：部门预算/决算公开文件的读取、检查、生成、入库与发布工具。
yusuan: read, check, render, store and publish Chinese budget disclosures (部门预算/决算公开).

常用 / Examples:
  yusuan extract 预算公开.txt --format json     读取为标准模型 / read into the canonical model
  yusuan check 预算公开.pdf                      检查一致性 / check consistency
  yusuan render budget.xlsx -o out/              生成公开文件 / write the disclosure package
  yusuan serve                                   启动门户网站 / start the web portal
"""


class Parser(argparse.ArgumentParser):
    """argparse with Chinese error lines and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：用法错误 / usage error：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="yusuan", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"yusuan {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMANDS:
        module = _module(name)
        if module is not None:
            module.register(sub)
    _add_debug(parser, top=True)
    return parser


def _add_debug(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """``--debug`` before or after the command name (and its action: ``yusuan user add --debug``)."""
    parser.add_argument("--debug", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="出错时在日志（标准错误）中保留完整的调用栈 / keep the traceback in the log")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                _add_debug(child)


def _module(name: str):  # type: ignore[no-untyped-def]
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{name}":
            return None  # command not built yet
        raise


def _quiet(logger: logging.Logger) -> None:
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers) and not logging.getLogger().handlers:
        logger.addHandler(logging.NullHandler())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    debug = bool(getattr(args, "debug", False)) or os.environ.get("YUSUAN_DEBUG") == "1"
    if debug:
        logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("yusuan").setLevel(logging.DEBUG)
    elif args.command == "serve":  # a server's log is its standard error
        logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    else:  # the tracebacks logged where a defect became one line stay out of the terminal (see --debug)
        _quiet(logging.getLogger("yusuan"))
    try:
        return int(args.run(args) or 0)
    except ReadError as exc:
        log.debug("unreadable input", exc_info=True)
        print(f"yusuan：无法读取 {exc}", file=sys.stderr)
        return 2
    except UsageError as exc:
        log.debug("usage error", exc_info=True)
        print(f"yusuan：用法错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("yusuan：已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a file that cannot be written (or read): named, with the reason in Chinese
        log.debug("file error", exc_info=True)
        where = exc.filename if exc.filename is not None else subject(args)
        print(f"yusuan：无法读写 {where}：{os_reason(exc)}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a defect of yusuan: one line naming the file, never a traceback
        log.debug("unexpected error", exc_info=True)
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        print(f"yusuan：处理 {subject(args)} 时程序出错（{type(exc).__name__}{'：' + first if first else ''}）；"
              f"这是 yusuan 的缺陷，请报告{'' if debug else '（加 --debug 可在日志中看到调用栈）'}", file=sys.stderr)
        return 2


def subject(args: argparse.Namespace) -> str:
    """What a command was working on, for a message: its input files, else the command."""
    for name in ("paths", "input", "path", "name"):
        value = getattr(args, name, None)
        if value:
            return " ".join(map(str, value)) if isinstance(value, list) else str(value)
    return f"yusuan {args.command}"


#: the usual reasons a file cannot be read or written, in Chinese
OS_REASONS = {errno.ENOENT: "文件或目录不存在", errno.ENOTDIR: "路径中有一段是文件而不是目录",
              errno.EISDIR: "是一个目录", errno.EEXIST: "已有同名的文件", errno.EACCES: "没有权限",
              errno.EPERM: "没有权限", errno.ENOSPC: "磁盘空间不足", errno.EROFS: "文件系统只读",
              errno.ELOOP: "符号链接循环", errno.ENAMETOOLONG: "文件名过长"}


def os_reason(exc: OSError) -> str:
    return OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def entry() -> None:
    sys.exit(main())
