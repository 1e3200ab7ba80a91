"""What a PDF page shows, read with pypdfium2: glyphs with their boxes and the ruling lines.

Everything is returned in the *reading frame* of the page: x grows to the right along the text,
y grows downwards from the top, whatever the page's /Rotate and the direction the text was drawn
in (Jiangsu prints its tables on A3 pages rotated by 90°). The dominant direction of the text
decides the frame, so a landscape table drawn on a portrait page reads like any other page.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

#: code points that carry no glyph of their own (layout is rebuilt from positions)
_SKIP = {0, 9, 10, 13, 32, 0xA0, 0x3000, 0xFFFE, 0xFFFF, 0x200B, 0xFEFF, 0x2}
#: an unmapped glyph (no ToUnicode): counted to tell an unreadable text layer
UNMAPPED = "\ufffd"


@dataclass(slots=True)
class Glyph:
    """One character as shown: its text, box and baseline in the reading frame."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float  # baseline y
    size: float  # height of the font box, the unit for every tolerance
    space: bool = False  # a space character was printed just before it

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Rule:
    """An axis-aligned ruling segment (a table border) in the reading frame."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    rotated: bool = False  # the reading frame differs from the page's own frame
    unmapped: int = 0  # glyphs without a Unicode value
    image_share: float = 0.0  # share of the page covered by its largest image
    direction: int = 0  # the reading frame (``Frame``): 0 text advances +x, 1 +y, 2 -x, 3 -y in user space


# ---------------------------------------------------------------- frames


class Frame:
    """Maps PDF user space (y up) to the reading frame (y down) for one text direction."""

    def __init__(self, direction: int, width: float, height: float) -> None:
        # direction: 0 text advances +x, 1 advances +y, 2 advances -x, 3 advances -y
        self.direction = direction
        self.uw, self.uh = width, height

    @property
    def size(self) -> tuple[float, float]:
        return (self.uw, self.uh) if self.direction in (0, 2) else (self.uh, self.uw)

    def point(self, x: float, y: float) -> tuple[float, float]:
        d = self.direction
        if d == 0:
            return x, self.uh - y
        if d == 1:
            return y, x
        if d == 2:
            return self.uw - x, y
        return self.uh - y, self.uw - x

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _direction(samples: list[tuple[float, float, float, float]]) -> int:
    """Dominant advance direction from consecutive glyph centres (x, y, next x, next y)."""
    votes = [0.0, 0.0, 0.0, 0.0]
    for x, y, nx, ny in samples:
        dx, dy = nx - x, ny - y
        if abs(dx) >= abs(dy):
            votes[0 if dx > 0 else 2] += 1
        else:
            votes[1 if dy > 0 else 3] += 1
    best = max(range(4), key=lambda i: votes[i])
    return best if votes[best] > votes[0] * 1.5 else 0


# ---------------------------------------------------------------- glyphs


def _codes(textpage: pdfium.PdfTextPage, count: int) -> list[int]:
    """The Unicode value of every character, read in one call when the text maps one to one."""
    if count:
        buffer = (ctypes.c_ushort * (count + 1))()
        written = pdfium_c.FPDFText_GetText(textpage.raw, 0, count, buffer)
        units = list(buffer[: max(written - 1, 0)])
        if len(units) == count and not any(0xD800 <= u <= 0xDFFF for u in units):
            return units
    get_unicode = pdfium_c.FPDFText_GetUnicode
    return [get_unicode(textpage.raw, i) for i in range(count)]


def _angle_direction(textpage: pdfium.PdfTextPage, codes: list[int]) -> int | None:
    """Advance direction from the glyphs' rotation (a sample of them), or None without glyphs.

    pdfium reports the angle clockwise: 0 for upright text, 3π/2 for text advancing up the page.
    """
    votes = [0, 0, 0, 0]
    step = max(1, len(codes) // 60)
    get_angle = pdfium_c.FPDFText_GetCharAngle
    for i in range(0, len(codes), step):
        if codes[i] in _SKIP:
            continue
        angle = get_angle(textpage.raw, i)
        if angle < 0:
            continue
        quarter = round(angle / (math.pi / 2)) % 4
        votes[{0: 0, 1: 3, 2: 2, 3: 1}[quarter]] += 1
    if not any(votes):
        return None
    return max(range(4), key=lambda i: votes[i])


def _raw_glyphs(textpage: pdfium.PdfTextPage, codes: list[int]) -> list[tuple[str, float, float, float, float, float, float]]:
    """(text, left, bottom, right, top, origin x, origin y) in user space, whitespace dropped."""
    out: list[tuple[str, float, float, float, float, float, float]] = []
    rect = pdfium_c.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    p_rect, p_ox, p_oy = ctypes.byref(rect), ctypes.byref(ox), ctypes.byref(oy)
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_origin = pdfium_c.FPDFText_GetCharOrigin
    raw = textpage.raw
    is_generated = pdfium_c.FPDFText_IsGenerated
    space = False
    for i, code in enumerate(codes):
        if code in _SKIP:
            # a space the document printed (not one pdfium inferred) separates words
            space = space or (code in (32, 0xA0, 0x3000) and not is_generated(raw, i))
            continue
        get_box(raw, i, p_rect)
        get_origin(raw, i, p_ox, p_oy)
        text = UNMAPPED if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else chr(code)
        out.append((" " + text if space else text, rect.left, rect.bottom, rect.right, rect.top, ox.value, oy.value))
        space = False
    return out


def _glyphs(raw: list[tuple[str, float, float, float, float, float, float]], frame: Frame) -> list[Glyph]:
    glyphs: list[Glyph] = []
    append = glyphs.append
    d, uw, uh = frame.direction, frame.uw, frame.uh
    for text, left, bottom, right, top, ox, oy in raw:
        # the frame transform, inlined (this loop runs once per glyph of the document)
        if d == 0:
            x0, x1, y0, y1, base = left, right, uh - top, uh - bottom, uh - oy
        elif d == 1:
            x0, x1, y0, y1, base = bottom, top, left, right, ox
        elif d == 2:
            x0, x1, y0, y1, base = uw - right, uw - left, bottom, top, oy
        else:
            x0, x1, y0, y1, base = uh - top, uh - bottom, uw - right, uw - left, uw - ox
        size = y1 - y0
        if size <= 0.5:  # a degenerate box: keep the glyph on its baseline
            size = max(x1 - x0, 6.0)
            y0, y1 = base - size * 0.8, base + size * 0.2
        if not y0 - size <= base <= y1 + size:
            base = y1 - size * 0.2
        if len(text) == 2 and text[0] == " ":
            append(Glyph(text[1], x0, x1, y0, y1, base, size, True))
        else:
            append(Glyph(text, x0, x1, y0, y1, base, size))
    return glyphs


def _samples(raw: list[tuple[str, float, float, float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    out = []
    for a, b in zip(raw, raw[1:], strict=False):
        ax, ay = (a[1] + a[3]) / 2, (a[2] + a[4]) / 2
        bx, by = (b[1] + b[3]) / 2, (b[2] + b[4]) / 2
        size = max(a[3] - a[1], a[4] - a[2], 1.0)
        if abs(bx - ax) + abs(by - ay) < 2.5 * size:
            out.append((ax, ay, bx, by))
    return out


# ---------------------------------------------------------------- rulings

_MAX_THIN = 3.0  # a filled shape thinner than this is a line
_MIN_LENGTH = 4.0


def _matrix(obj: object) -> tuple[float, float, float, float, float, float]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, float, float, float, float, float]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _user_segments(page: pdfium.PdfPage, images: list[float] | None = None) -> list[tuple[float, float, float, float]]:
    """Axis-aligned segments (x0, y0, x1, y1) in user space from every path on the page.

    ``images`` receives the area of every top-level image (a scanned page, a table pasted as a picture).
    """
    out: list[tuple[float, float, float, float]] = []
    stack: list[tuple[object, tuple[float, ...] | None]] = []
    raw_page = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw_page)):
        stack.append((pdfium_c.FPDFPage_GetObject(raw_page, i), None))
    seen = 0
    while stack and seen < 20000:  # a page drawn from thousands of tiny paths is not a table
        obj, parent = stack.pop()
        seen += 1
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            matrix = _matrix(obj) if parent is None else _compose(_matrix(obj), parent)
            for j in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                stack.append((pdfium_c.FPDFFormObj_GetObject(obj, j), matrix))
            continue
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            _path_segments(obj, parent, out)
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and images is not None and parent is None \
                and pdfium_c.FPDFPageObj_GetBounds(obj, *_BOUND_REFS):
            left, bottom, right, top = (v.value for v in _BOUNDS)
            images.append(max(right - left, 0.0) * max(top - bottom, 0.0))
    return out


_BOUNDS = [ctypes.c_float() for _ in range(4)]
_BOUND_REFS = [ctypes.byref(v) for v in _BOUNDS]


def _path_segments(obj: object, parent: tuple[float, ...] | None, out: list[tuple[float, float, float, float]]) -> None:
    if parent is None and pdfium_c.FPDFPageObj_GetBounds(obj, *_BOUND_REFS):
        left, bottom, right, top = (v.value for v in _BOUNDS)
        w, h = right - left, top - bottom
        if (w <= _MAX_THIN or h <= _MAX_THIN) and max(w, h) >= _MIN_LENGTH:
            out.append((left, bottom, right, top))  # a line or a thin bar: its bounds are the rule
            return
        if max(w, h) < _MIN_LENGTH:
            return
    matrix = _matrix(obj)
    if parent is not None:
        matrix = _compose(matrix, parent)
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke))
    points: list[tuple[int, float, float, bool]] = []
    fx, fy = ctypes.c_float(), ctypes.c_float()
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count > 4000:
        return
    for k in range(count):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(fx), ctypes.byref(fy))
        x, y = _apply(matrix, fx.value, fy.value)
        points.append((pdfium_c.FPDFPathSegment_GetType(seg), x, y, bool(pdfium_c.FPDFPathSegment_GetClose(seg))))
    if not points:
        return
    xs = [p[1] for p in points]
    ys = [p[2] for p in points]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    if fill_mode.value and not stroke.value:
        if (w <= _MAX_THIN or h <= _MAX_THIN) and max(w, h) >= _MIN_LENGTH:
            out.append((min(xs), min(ys), max(xs), max(ys)))
            return
        if _is_white(obj):
            return
    _stroked(points, out)


def _stroked(points: list[tuple[int, float, float, bool]], out: list[tuple[float, float, float, float]]) -> None:
    start: tuple[float, float] | None = None
    last: tuple[float, float] | None = None
    for kind, x, y, close in points:
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = last = (x, y)
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and last is not None:
            _axis_segment(last, (x, y), out)
        last = (x, y)
        if close and start is not None:
            _axis_segment(last, start, out)
            last = start


def _axis_segment(a: tuple[float, float], b: tuple[float, float], out: list[tuple[float, float, float, float]]) -> None:
    (x0, y0), (x1, y1) = a, b
    if abs(x1 - x0) <= 1.0 and abs(y1 - y0) >= _MIN_LENGTH or abs(y1 - y0) <= 1.0 and abs(x1 - x0) >= _MIN_LENGTH:
        out.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))


def _is_white(obj: object) -> bool:
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return False
    return r.value > 240 and g.value > 240 and b.value > 240 or a.value == 0


# ---------------------------------------------------------------- pages


def page_content(page: pdfium.PdfPage, number: int) -> PageContent:
    """Glyphs and rulings of one page in its reading frame."""
    rotation = page.get_rotation()
    width, height = page.get_size()
    if rotation in (90, 270):
        width, height = height, width  # the unrotated user-space size
    textpage = page.get_textpage()
    try:
        codes = _codes(textpage, textpage.count_chars())
        raw = _raw_glyphs(textpage, codes)
        by_angle = _angle_direction(textpage, codes) if raw else None
    finally:
        textpage.close()
    if by_angle is not None:
        direction = by_angle
    elif raw:
        direction = _direction(_samples(raw))
    else:
        direction = {90: 1, 180: 2, 270: 3}.get(rotation, 0)
    frame = Frame(direction, width, height)
    glyphs = _glyphs(raw, frame)
    rules = []
    images: list[float] = []
    for x0, y0, x1, y1 in _user_segments(page, images):
        a0, b0, a1, b1 = frame.box(x0, y0, x1, y1)
        rules.append(Rule(a0, b0, a1, b1))
    fw, fh = frame.size
    return PageContent(number=number, width=fw, height=fh, glyphs=glyphs, rules=rules, rotated=direction != 0,
                       unmapped=sum(1 for g in glyphs if g.text == UNMAPPED),
                       image_share=max(images, default=0.0) / max(width * height, 1.0), direction=direction)
