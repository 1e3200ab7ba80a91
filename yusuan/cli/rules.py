"""``yusuan rules``: the rule catalogue (docs/rules.md is generated with ``--markdown``)."""

from __future__ import annotations

import argparse

from .common import add_output, write_output


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rules", help="列出全部检查规则 / list the check rules",
                       description="列出 yusuan check 的全部规则代码、级别与说明。docs/rules.md 由 "
                                   "`yusuan rules --markdown -o docs/rules.md` 生成。 / The rule catalogue.")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--markdown", action="store_true", help="输出 Markdown（docs/rules.md） / Markdown")
    fmt.add_argument("--json", action="store_true", help="输出 JSON / JSON")
    add_output(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..checks import catalogue

    if args.markdown:
        text = catalogue.markdown()
    elif args.json:
        text = catalogue.as_json()
    else:
        text = catalogue.text()
    write_output(text, args.output)
    return 0
