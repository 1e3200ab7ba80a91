"""Tables printed over several pages: which table parts are one table.

A reader emits one table block per page. A PDF part at the top of a page right after a table part
carries the reader's ``continues`` hint (the columns it lies under) and is joined to the table above:
the header rows it prints again are dropped, and a row cut by the page break (a name wrapped onto the
next page, no figures) is put back together.
Parts without a hint (other formats, or a page break the geometry could not bridge) are joined later,
in the outline, when they have no caption of their own (``structure._make_table``).
"""

from __future__ import annotations

from ..normalize import key
from ..numbers import parse_amount
from .blocks import Block, TableBlock
from .tables import split_header


def join_parts(blocks: list[Block]) -> list[Block]:
    """Blocks with hinted continuation parts appended to the table they continue."""
    out: list[Block] = []
    blocks = [_copy(b) if isinstance(b, TableBlock) else b for b in blocks]  # the reader's blocks stay as read
    width_map: dict[int, list[int]] = {}  # id(joined block) → columns of its last part in the joined table
    last_part: dict[int, TableBlock] = {}
    for block in blocks:
        previous = out[-1] if out else None
        if isinstance(block, TableBlock) and block.continues is not None and isinstance(previous, TableBlock) \
                and joinable(previous, block, _compose(width_map.get(id(previous)), block.continues)):
            mapping = _compose(width_map.get(id(previous)), block.continues)
            append_part(previous, block, mapping)
            width_map[id(previous)] = [mapping[j] for j in range(len(mapping))]
            last_part[id(previous)] = block
            continue
        out.append(block)
        if isinstance(block, TableBlock):
            width = max((len(r) for r in block.rows), default=0)
            width_map[id(block)] = list(range(width))
    for block in out:
        if isinstance(block, TableBlock):
            drop_empty_columns(block)
    return out


def _copy(block: TableBlock) -> TableBlock:
    return TableBlock(rows=[list(r) for r in block.rows], sources=list(block.sources), source=block.source,
                      title=block.title, unit=block.unit, continues=block.continues, parts=list(block.parts))


def _compose(outer: list[int] | None, inner: list[int]) -> list[int]:
    """Columns of the joined table for each column of a part, through the previous part's placement."""
    if outer is None:
        return list(inner)
    return [outer[j] if j < len(outer) else j for j in inner]


def header_of(rows: list[list[str]]) -> list[list[str]]:
    return rows[:split_header(rows)]


def _norm(row: list[str]) -> tuple[str, ...]:
    return tuple(key(c) for c in row)


def joinable(first: TableBlock, part: TableBlock, mapping: list[int]) -> bool:
    """A hinted part (same column borders at the top of the next page, nothing printed between) is the
    rest of the table: a new table would have a caption between, or its title in its first row."""
    width = max((len(r) for r in first.rows), default=0)
    return bool(part.rows) and all(j < width for j in mapping)


def placed(row: list[str], mapping: list[int], width: int) -> list[str]:
    cells = [""] * width
    for text, j in zip(row, mapping, strict=False):
        if j < width:
            cells[j] = (cells[j] + text) if cells[j] else text
    return cells


def append_part(first: TableBlock, part: TableBlock, mapping: list[int]) -> None:
    """Append a continuation's rows, without the header rows it repeats, mending a row cut by the break."""
    width = max((len(r) for r in first.rows), default=0)
    rows = [placed(r, mapping, width) for r in part.rows]
    sources = list(part.sources)
    n = split_header(part.rows)
    head = {_norm(r) for r in header_of(first.rows)}
    if n and all(_norm(r) in head or not any(r) for r in rows[:n]):
        rows, sources = rows[n:], sources[n:]
    if rows and first.rows and split_row(first.rows[-1], rows[0]):
        first.rows[-1] = [a + b for a, b in zip(first.rows[-1], rows[0], strict=False)]
        rows, sources = rows[1:], sources[1:]
    for cells, src in zip(rows, sources, strict=False):
        first.append(cells, src)
    first.parts.append(part.source)


def split_row(previous: list[str], row: list[str]) -> bool:
    """The rest of a row cut by the page break: only text, in cells the row above has text in."""
    filled = [i for i, c in enumerate(row) if c]
    if not filled or any(parse_amount(row[i]) is not None or row[i].replace(" ", "").isdigit() for i in filled):
        return False
    first = next((c for c in previous if c), "")
    if not first.replace(" ", "").isdigit():  # only code-tree rows ("201 … 一般公共服" / "务支出")
        return False
    return all(i < len(previous) and previous[i] and parse_amount(previous[i]) is None for i in filled)


def drop_empty_columns(block: TableBlock) -> None:
    """Columns with nothing in any row (a grid's spare borders) carry nothing."""
    width = max((len(r) for r in block.rows), default=0)
    keep = [c for c in range(width) if any(c < len(r) and r[c] for r in block.rows)]
    if len(keep) < width:
        block.rows[:] = [[r[c] if c < len(r) else "" for c in keep] for r in block.rows]
