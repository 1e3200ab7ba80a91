"""The officers' fill-in workbook: ``write_template`` writes it, ``read_workbook`` reads a filled one.

``yusuan template`` and ``yusuan render budget.xlsx`` are the command-line faces of these functions;
``yusuan.readers.read`` routes an .xlsx carrying the workbook's marker sheet here.
"""

from __future__ import annotations

from .assemble import is_workbook, read_workbook, read_workbook_report
from .reader import Problem
from .template import build_template, write_template

__all__ = ["Problem", "build_template", "is_workbook", "read_workbook", "read_workbook_report", "write_template"]
