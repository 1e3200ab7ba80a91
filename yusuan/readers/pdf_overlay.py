"""A page of a PDF with what the reader found drawn over it (as pdfplumber's debug images do).

Each table the reader found on the page is outlined (red: ruled, drawn from its borders; blue:
borderless, found from the alignment of its columns), its rows and columns are drawn thin, and each
column is labelled with its index and what the interpretation took it for (``code:类``, ``name``,
``total``, ``basic``, ``src:…``; ``—`` nothing; the index alone when the part on this page has other
columns than the table as read, or the table is read by its rows). Lines of running text are underlined grey. The page
is drawn as a viewer shows it; the reader works in the page's reading frame (``pdf_layout``), and
every box is mapped back.

``yusuan extract FILE.pdf --overlay PAGE -o page.png``; needs Pillow (a dependency of yusuan).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from ..errors import ReadError
from .pdf import PDFIUM, _layout_page, open_pdf
from .pdf_layout import PageContent, page_content

SCALE = 2.0  # pixels per point
_FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
          "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")

Point = Callable[[float, float], tuple[float, float]]
Roles = list[tuple[int, dict[int, str]]]  # per table on the page, top to bottom: (its columns, index → role)


def _to_displayed(direction: int, rotation: int, uw: float, uh: float) -> Point:
    """Reading frame (``pdf_layout.Frame``) → pixels of the page as rendered (its /Rotate applied)."""

    def user(a: float, b: float) -> tuple[float, float]:  # reading frame → user space, y down
        if direction == 0:
            return a, b
        if direction == 1:
            return b, uh - a
        if direction == 2:
            return uw - a, uh - b
        return uw - b, a

    def shown(a: float, b: float) -> tuple[float, float]:
        x, y = user(a, b)
        if rotation == 90:
            x, y = uh - y, x
        elif rotation == 180:
            x, y = uw - x, uh - y
        elif rotation == 270:
            x, y = y, uw - x
        return x * SCALE, y * SCALE

    return shown


def overlay(path: str | Path, page_number: int, roles: Roles, out: str | Path, data: bytes | None = None) -> None:
    """Draw page ``page_number`` (from 1) of the PDF with its tables, rows, columns and ``roles``."""
    from PIL import ImageDraw, ImageFont

    path = Path(path)
    with PDFIUM:
        content, rotation, uw, uh, image = _drawn_page(path, data, page_number)
    at = _to_displayed(content.direction, rotation, uw, uh)
    draw = ImageDraw.Draw(image, "RGBA")
    font = next((ImageFont.truetype(f, 16) for f in _FONTS if Path(f).exists()), ImageFont.load_default())
    laid = _layout_page(content)
    grids = [it.grid for it in laid.items if it.grid is not None]
    for index, grid in enumerate(grids):
        colour = (30, 90, 220) if grid.spans else (220, 30, 30)
        _box(draw, at, grid.x0, grid.top, grid.x1, grid.bottom, colour, 3)
        for top in grid.row_tops[1:]:
            _line(draw, at, grid.x0, top, grid.x1, top, (*colour, 110))
        edges = [a for a, _ in grid.spans] if grid.spans else grid.columns
        for x in edges[1:]:
            _line(draw, at, x, grid.top, x, grid.bottom, (*colour, 110))
        width, labels = roles[index] if index < len(roles) else (0, {})
        if width != len(edges):  # the page's part has other columns than the table read (merged, joined)
            labels = {}
        for column, x in enumerate(edges):
            text = f"{column}:{labels.get(column, '—')}" if labels else str(column)
            px, py = at(x + 2, grid.top - 2)
            box = draw.textbbox((px, py - 18), text, font=font)
            draw.rectangle(box, fill=(255, 255, 255, 220))
            draw.text((px, py - 18), text, fill=colour, font=font)
    for item in laid.items:
        if item.line is not None:
            ln = item.line
            _line(draw, at, ln.x0, ln.bottom, ln.x1, ln.bottom, (120, 120, 120, 160))
    image.save(str(out), "PNG")


def _box(draw: object, at: Point, x0: float, y0: float, x1: float, y1: float, colour: tuple[int, ...],
         width: int) -> None:
    corners = [at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]
    draw.line(corners, fill=colour, width=width)  # type: ignore[attr-defined]


def _line(draw: object, at: Point, x0: float, y0: float, x1: float, y1: float, colour: tuple[int, ...]) -> None:
    draw.line([at(x0, y0), at(x1, y1)], fill=colour, width=1)  # type: ignore[attr-defined]


def _drawn_page(path: Path, data: bytes | None, page_number: int) -> tuple[PageContent, int, float, float, Any]:
    """The page's content, rotation, displayed size and its image, read under the pdfium lock."""
    pdf = open_pdf(path, data if data is not None else path.read_bytes())
    try:
        if not 1 <= page_number <= len(pdf):
            raise ReadError(str(path), f"没有第 {page_number} 页（共 {len(pdf)} 页）")
        page = pdf[page_number - 1]
        content = page_content(page, page_number)
        rotation = page.get_rotation()
        uw, uh = page.get_size()
        if rotation in (90, 270):
            uw, uh = uh, uw
        image = page.render(scale=SCALE).to_pil().convert("RGB")
    except pdfium.PdfiumError as exc:
        raise ReadError(str(path), f"第 {page_number} 页无法绘制") from exc
    finally:
        pdf.close()
    return content, rotation, uw, uh, image
