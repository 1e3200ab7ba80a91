"""Rendering: the disclosure written from the model, in every format.

``render_text(d)`` writes the seed's text format; ``write_narrative(d)`` writes Part 3 from the
numbers; ``build_document(d)`` lays the whole document out once for every renderer.
"""

from __future__ import annotations

from ..model import Disclosure
from .document import build_document
from .narrative import write_narrative
from .text import render_text


def render_html(d: Disclosure, generate: bool | None = None) -> str:
    """One self-contained HTML page (``generate``: write Part 3 from the numbers)."""
    from .html import render_html as render

    return render(d, generate)


def render_pdf(d: Disclosure, generate: bool | None = None) -> bytes:
    from .pdf import render_pdf as render

    return render(d, generate)


def render_docx(d: Disclosure, generate: bool | None = None) -> bytes:
    from .docx import render_docx as render

    return render(d, generate)


def render_xlsx(d: Disclosure, generate: bool | None = None) -> bytes:
    from .xlsx import render_xlsx as render

    return render(d, generate)


__all__ = ["build_document", "render_docx", "render_html", "render_pdf", "render_text", "render_xlsx",
           "write_narrative"]
