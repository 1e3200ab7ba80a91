"""PDF through WeasyPrint from the same HTML, with the Noto CJK fonts embedded (subset)."""

from __future__ import annotations

import logging

from ..model import Disclosure
from .document import build_document
from .grid import RenderedDocument
from .html import document_html


def document_pdf(doc: RenderedDocument) -> bytes:
    from weasyprint import HTML

    # WeasyPrint reports unsupported CSS on its logger; a missing font is not silent (pdffonts test)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    html = document_html(doc, for_print=True)
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def render_pdf(d: Disclosure, generate: bool | None = None) -> bytes:
    return document_pdf(build_document(d, generate=generate))
