"""Every limit on input, stated once.

Input enters yusuan through the readers (``yusuan.readers.read`` and ``read_data``: the CLI, the
web upload, ``yusuan batch`` and ``yusuan import`` all go through them) and through the web API's
request bodies. Each limit below is enforced there; a refusal is a ``LimitError`` (a ``ReadError``:
one Chinese line naming the file; exit 2 in the CLI, 413 or 422 on the web). ``docs/readers.md``
lists the same table (a test keeps the two in step).

The figures leave real disclosures a wide margin (the largest seen: ~300 pages, ~30,000 cells,
~1 million characters, amounts below 10^12 元) while bounding the time and memory one hostile file
can cost: every reader is linear in its input, so these bounds are bounds on the work.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from .errors import LimitError
from .model.base import SourceRef

MB = 1024 * 1024

#: (name, value, what it bounds): the table of docs/readers.md
FILE_BYTES = 200 * MB  # any input file (the web's upload limit, YUSUAN_UPLOAD_LIMIT_MB, is smaller)
TEXT_CHARS = 10_000_000  # a text file, a JSON/YAML model, once decoded
PDF_PAGES = 1_000
SHEETS = 100  # sheets of a workbook
CELLS = 250_000  # cells stored in a workbook, all sheets together
DOCX_BODY_BYTES = 64 * MB  # word/document.xml unpacked
OFFICE_UNPACKED_BYTES = 256 * MB  # all members of an XLSX/DOCX unpacked
OFFICE_RATIO = 200  # a member unpacking beyond 16 MB at more than this ratio is a zip bomb
NESTING = 64  # depth of JSON/YAML (a model file, an API request body)
AMOUNT_DIGITS = 15  # every number of the model: absolute value below 10^15
AMOUNT_DECIMALS = 10  # … with at most 10 decimals

TABLE = (
    ("文件大小 / file size", f"{FILE_BYTES // MB} MB", "every input file; web uploads: YUSUAN_UPLOAD_LIMIT_MB (20)"),
    ("文本 / text", f"{TEXT_CHARS:,} characters", "a text file or a JSON/YAML model, decoded"),
    ("PDF 页数 / PDF pages", f"{PDF_PAGES:,}", "pages of a PDF"),
    ("工作表 / sheets", f"{SHEETS}", "sheets of an XLSX workbook"),
    ("单元格 / cells", f"{CELLS:,}", "cells stored in an XLSX workbook, all sheets"),
    ("Word 正文 / DOCX body", f"{DOCX_BODY_BYTES // MB} MB", "word/document.xml unpacked"),
    ("Office 解压 / unpacked", f"{OFFICE_UNPACKED_BYTES // MB} MB", "all members of an XLSX/DOCX unpacked"),
    ("嵌套层数 / nesting", f"{NESTING}", "JSON/YAML model files and API request bodies"),
    ("数值 / numbers", f"|x| < 10^{AMOUNT_DIGITS}, ≤ {AMOUNT_DECIMALS} decimals",
     "every amount, share and count of the model"),
)


# ------------------------------------------------------------------------------- sizes


def check_file_size(path: str, size: int) -> None:
    if size > FILE_BYTES:
        raise LimitError(path, f"文件过大（{size / MB:.0f} MB），超过 {FILE_BYTES // MB} MB 上限", status=413)


def check_text(path: str, text: str, what: str = "文本") -> None:
    if len(text) > TEXT_CHARS:
        raise LimitError(path, f"{what}过长（{len(text):,} 个字符），超过 {TEXT_CHARS:,} 个字符的上限；"
                               "请拆分文件或检查是否误选了文件", status=413)


def check_pages(path: str, pages: int) -> None:
    if pages > PDF_PAGES:
        raise LimitError(path, f"PDF 页数过多（{pages:,} 页），超过 {PDF_PAGES:,} 页上限", status=413)


# ------------------------------------------------------------------------------- nesting

_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_depth(text: str, stop: int = NESTING) -> int:
    """The nesting depth of a JSON text (strings skipped), counted up to ``stop + 1`` at most: linear,
    without building anything, so a hostile file is refused before the parser recurses into it."""
    depth = deepest = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop:
                    return deepest
        elif token in "]}":
            depth -= 1
    return deepest


def check_json_depth(path: str, text: str) -> None:
    if json_depth(text) > NESTING:
        raise LimitError(path, f"JSON 嵌套超过 {NESTING} 层，不是 yusuan 的模型文件", status=422)


def check_yaml(path: str, text: str) -> None:
    """Nesting depth and aliases of a YAML text, from its event stream (no recursion, nothing built):
    an alias (``*name``) can make a small file stand for an exponentially large tree."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                raise LimitError(path, "YAML 中有别名（*…）：yusuan 的模型文件不使用别名，未读取", status=422)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > NESTING:
                    raise LimitError(path, f"YAML 嵌套超过 {NESTING} 层，不是 yusuan 的模型文件", status=422)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: the loader reports it with its line


# ------------------------------------------------------------------------------- numbers


def number_problem(value: Decimal) -> str | None:
    """Why a number of the model is out of bounds, or None. Constant time, whatever its exponent."""
    if not value.is_finite():
        return "不是有限数值"
    if value and value.adjusted() >= AMOUNT_DIGITS:
        return f"绝对值不小于 10^{AMOUNT_DIGITS}"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -AMOUNT_DECIMALS:
        return f"小数超过 {AMOUNT_DECIMALS} 位"
    return None


def _numbers(value: Any, path: str) -> Iterator[tuple[str, Decimal, Any]]:
    """(path, number, nearest record) of every Decimal in a model, depth first."""
    stack: list[tuple[Any, str, Any]] = [(value, path, None)]
    while stack:
        item, where, owner = stack.pop()
        if isinstance(item, Decimal):
            yield where, item, owner
        elif isinstance(item, list | tuple):
            stack.extend((v, f"{where}[{i}]", owner) for i, v in reversed(list(enumerate(item))))
        elif isinstance(item, dict):
            stack.extend((v, f"{where}.{k}", owner) for k, v in reversed(item.items()))
        elif hasattr(item, "__pydantic_fields__"):
            near = item if isinstance(getattr(item, "source", None), SourceRef) else owner
            stack.extend((getattr(item, name), f"{where}.{name}" if where else name, near)
                         for name in reversed(type(item).__pydantic_fields__))


def _shown(value: Decimal) -> str:
    if value.is_finite() and len(value.as_tuple().digits) <= 24 and abs(value.as_tuple().exponent) <= 24:  # type: ignore[arg-type]
        return str(value)
    return f"{value:.6E}" if value.is_finite() else str(value)


_LEAVES = frozenset((str, int, float, bool, type(None), SourceRef))  # SourceRef: texts and line numbers only


def _all_in_bounds(model: Any) -> bool:
    """Whether every number of the model is within bounds: one pass over the records, nothing built."""
    stack = [model]
    pop, append, leaves = stack.pop, stack.append, _LEAVES
    while stack:
        item = pop()
        kind = type(item)
        if kind is Decimal:
            if number_problem(item) is not None:
                return False
        elif kind is list or kind is tuple:
            for v in item:
                if type(v) not in leaves:
                    append(v)
        elif kind is dict or hasattr(kind, "__pydantic_fields__"):
            for v in (item if kind is dict else item.__dict__).values():
                if type(v) not in leaves:
                    append(v)
    return True


def check_numbers(path: str, model: Any) -> None:
    """Refuse a model holding a number out of bounds (an amount of 1E+999999999 would be written out as a
    billion digits by every renderer, and overflows the checks' arithmetic). The line names the smallest
    such number (the printed cell; the sums of it are larger) and how many there are."""
    if _all_in_bounds(model):
        return
    found = [(where, value, owner, problem) for where, value, owner in _numbers(model, "")
             if (problem := number_problem(value)) is not None]
    if not found:
        return
    where, value, owner, problem = min(found, key=_smallest)
    source = getattr(owner, "source", None)
    described = source.with_(file=None).describe() if isinstance(source, SourceRef) else ""
    place = f"{described}；{where}" if described else where
    more = f"，共 {len(found)} 处" if len(found) > 1 else ""
    raise LimitError(path, f"数值 {_shown(value)}（{place}{more}）{problem}，超出 yusuan 接受的范围（绝对值小于 "
                           f"10^{AMOUNT_DIGITS}，最多 {AMOUNT_DECIMALS} 位小数）；请检查文件", status=422)


def _smallest(item: tuple[str, Decimal, Any, str]) -> tuple[int, Decimal]:
    value = item[1]
    return (value.adjusted(), value.copy_abs()) if value.is_finite() else (10**18, Decimal(0))  # no context: no overflow
