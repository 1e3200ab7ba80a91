"""``yusuan schema``: the JSON Schema of the canonical model."""

from __future__ import annotations

import argparse

from .common import add_output, write_output


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="输出模型的 JSON Schema / print the model's JSON Schema")
    add_output(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json

    from ..serialize import json_schema

    write_output(json.dumps(json_schema(), ensure_ascii=False, indent=2), args.output)
    return 0
