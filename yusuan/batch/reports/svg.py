"""Small inline SVG charts for the self-contained summary page (no script, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

COLORS = {"error": "#c0392b", "warning": "#e0a526", "info": "#7f8c8d", "ok": "#2e8b57"}


@dataclass(frozen=True)
class Bar:
    label: str
    parts: tuple[tuple[str, int], ...]  # (series, value) stacked left to right
    title: str = ""  # tooltip

    @property
    def total(self) -> int:
        return sum(v for _, v in self.parts)


def stacked_bars(bars: list[Bar], width: int = 760, label_width: int = 260, row: int = 22,
                 caption: str = "") -> str:
    """Horizontal stacked bars with their labels and totals; empty string when there is nothing to draw."""
    if not bars:
        return ""
    top = 24 if caption else 6
    height = top + row * len(bars) + 8
    scale_max = max(max(b.total for b in bars), 1)
    plot = width - label_width - 60
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
           f'role="img" aria-label="{escape(caption)}" font-family="sans-serif" font-size="12">']
    if caption:
        out.append(f'<text x="0" y="15" font-weight="bold">{escape(caption)}</text>')
    for i, bar in enumerate(bars):
        y = top + i * row
        label = bar.label if len(bar.label) <= 22 else bar.label[:21] + "…"
        out.append(f'<text x="{label_width - 6}" y="{y + row * 0.65:.1f}" text-anchor="end">'
                   f'<title>{escape(bar.title or bar.label)}</title>{escape(label)}</text>')
        x = float(label_width)
        for series, value in bar.parts:
            if value <= 0:
                continue
            w = plot * value / scale_max
            out.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row - 6}" '
                       f'fill="{COLORS.get(series, "#5b7db1")}"><title>{escape(bar.label)}：{value}</title></rect>')
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + row * 0.65:.1f}">{bar.total}</text>')
    out.append("</svg>")
    return "".join(out)


def legend(series: list[tuple[str, str]]) -> str:
    """A one-line legend: [(series, label)]."""
    items = "".join(f'<span class="key"><i style="background:{COLORS.get(s, "#5b7db1")}"></i>{escape(label)}</span>'
                    for s, label in series)
    return f'<div class="legend">{items}</div>'


def donut(parts: list[tuple[str, str, int]], size: int = 160) -> str:
    """A donut of (series, label, value) with the total in the middle."""
    total = sum(v for _, _, v in parts)
    if not total:
        return ""
    r, c = 60, size / 2
    circumference = 2 * 3.141592653589793 * r
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
           f'font-family="sans-serif">']
    offset = 0.0
    for series, label, value in parts:
        if value <= 0:
            continue
        length = circumference * value / total
        out.append(f'<circle cx="{c}" cy="{c}" r="{r}" fill="none" stroke="{COLORS.get(series, "#5b7db1")}" '
                   f'stroke-width="22" stroke-dasharray="{length:.2f} {circumference - length:.2f}" '
                   f'stroke-dashoffset="{-offset:.2f}" transform="rotate(-90 {c} {c})">'
                   f'<title>{escape(label)}：{value}</title></circle>')
        offset += length
    out.append(f'<text x="{c}" y="{c + 6}" text-anchor="middle" font-size="20" font-weight="bold">{total}</text>')
    out.append("</svg>")
    return "".join(out)
