"""Borderless tables: columns found from the alignment of text on consecutive lines."""

from __future__ import annotations

from .pdf_grid import Grid
from .pdf_lines import Line


def stream_grids(lines: list[Line], page_width: float) -> tuple[list[Grid], list[Line]]:
    """Tables without borders among ``lines``, and the lines that are not part of one."""
    return [], lines
