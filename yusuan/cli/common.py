"""Options shared by several commands, defined once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help="写入文件（默认标准输出） / write to FILE (default stdout)")


def write_output(text: str, output: str | None) -> None:
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()


def warn(message: str) -> None:
    print(f"yusuan：{message}", file=sys.stderr)
