"""Rendering: the disclosure written from the model, in every format.

``render_text(d)`` writes the seed's text format; ``write_narrative(d)`` writes Part 3 from the
numbers; ``build_document(d)`` lays the whole document out once for every renderer.
"""

from __future__ import annotations

from .document import build_document
from .narrative import write_narrative
from .text import render_text

__all__ = ["build_document", "render_text", "write_narrative"]
