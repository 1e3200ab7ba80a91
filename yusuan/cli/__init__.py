"""The ``yusuan`` command: a thin shell over the library.

Each command lives in its own module of this package with ``register(subparsers)`` (defines the
arguments) and ``run(args) -> int`` (one library call, exit code). Modules import heavy libraries
inside ``run`` so that ``yusuan --help`` stays fast.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage errors and unreadable input.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import ReadError, UsageError

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
    return parser


def _module(name: str):  # type: ignore[no-untyped-def]
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{name}":
            return None  # command not built yet
        raise


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except ReadError as exc:
        print(f"yusuan：无法读取 {exc}", file=sys.stderr)
        return 2
    except UsageError as exc:
        print(f"yusuan：用法错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("yusuan：已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def entry() -> None:
    sys.exit(main())
