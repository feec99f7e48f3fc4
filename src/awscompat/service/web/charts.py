"""Inline SVG charts (no script, no external file): a score history and an outcome bar. Each has
a <title> and <desc> for screen readers, and the pages also show the numbers as a table."""

from __future__ import annotations

import datetime as dt
from html import escape

from markupsafe import Markup

OUTCOMES = ("pass", "fail", "unsupported", "error", "skip")
COLOUR = {"pass": "#1a7f37", "fail": "#cf222e", "unsupported": "#8250df", "error": "#9a6700", "skip": "#6e7781"}
SERIES = ("#0969da", "#bc4c00", "#1a7f37", "#8250df", "#cf222e", "#116329", "#953800", "#6639ba")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "3 6")  # told apart without colour too


def history_chart(series: dict[str, list[tuple[dt.datetime, float]]], chart_id: str = "history",
                  width: int = 720, height: int = 260) -> Markup:
    """Score (0-100) over time, one line per profile."""
    points = [p for pts in series.values() for p in pts]
    title = "Score history by profile"
    if not points:
        return Markup(f'<p class="muted" id="{chart_id}">No ratings yet.</p>')
    left, right, top, bottom = 44, 16, 12, 40
    legend_h = 20 * ((len(series) + 2) // 3)
    plot_w, plot_h = width - left - right, height - top - bottom
    t0 = min(p[0] for p in points).timestamp()
    t1 = max(p[0] for p in points).timestamp()
    span = max(t1 - t0, 1.0)

    def x(t: dt.datetime) -> float:
        return left + (plot_w * (t.timestamp() - t0) / span if t1 > t0 else plot_w / 2)

    def y(score: float) -> float:
        return top + plot_h * (1 - max(0.0, min(100.0, score)) / 100)

    desc = "; ".join(f"{name}: latest {pts[-1][1]:.1f} of {len(pts)} rating(s)" for name, pts in series.items() if pts)
    out = [f'<svg id="{chart_id}" class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d"'
           f' viewBox="0 0 {width} {height + legend_h}" width="{width}" height="{height + legend_h}"'
           ' xmlns="http://www.w3.org/2000/svg">'
           f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>']
    for tick in (0, 25, 50, 75, 90, 100):
        ty = y(tick)
        dashed = ' stroke-dasharray="3 3"' if tick == 90 else ""
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#d0d7de"{dashed}/>'
                   f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="11" fill="#57606a">{tick}</text>')
    out.append(f'<text x="{left}" y="{height - 8}" font-size="11" fill="#57606a">'
               f'{escape(min(p[0] for p in points).strftime("%Y-%m-%d %H:%M"))}</text>'
               f'<text x="{left + plot_w}" y="{height - 8}" font-size="11" fill="#57606a" text-anchor="end">'
               f'{escape(max(p[0] for p in points).strftime("%Y-%m-%d %H:%M"))}</text>')
    for i, (name, pts) in enumerate(sorted(series.items())):
        colour, dash = SERIES[i % len(SERIES)], DASHES[i % len(DASHES)]
        path = " ".join(f"{'M' if j == 0 else 'L'}{x(t):.1f},{y(v):.1f}" for j, (t, v) in enumerate(pts))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        for t, v in pts:
            out.append(f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                       f'<title>{escape(name)} {v:.1f} at {escape(t.strftime("%Y-%m-%d %H:%M"))}</title></circle>')
        lx, ly = left + (i % 3) * (plot_w // 3), height + 14 + 20 * (i // 3)
        out.append(f'<line x1="{lx}" x2="{lx + 24}" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" stroke-width="2"'
                   f'{dash_attr}/><text x="{lx + 30}" y="{ly}" font-size="12">{escape(name)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def outcome_bar(counts: dict[str, int], chart_id: str = "outcomes", width: int = 720) -> Markup:
    """One stacked bar of the outcomes, with a legend under it."""
    total = sum(counts.get(o, 0) for o in OUTCOMES)
    desc = ", ".join(f"{counts.get(o, 0)} {o}" for o in OUTCOMES)
    out = [f'<svg id="{chart_id}" class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d"'
           f' viewBox="0 0 {width} 64" width="{width}" height="64" xmlns="http://www.w3.org/2000/svg">'
           f'<title id="{chart_id}-t">Results by outcome</title><desc id="{chart_id}-d">{escape(desc)}</desc>'
           f'<rect x="0" y="0" width="{width}" height="24" fill="#eaeef2" stroke="#8c959f"/>']
    x = 0.0
    for o in OUTCOMES:
        n = counts.get(o, 0)
        if not n or not total:
            continue
        w = width * n / total
        out.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="24" fill="{COLOUR[o]}"><title>{n} {o}</title></rect>')
        x += w
    for i, o in enumerate(OUTCOMES):
        lx = i * (width // len(OUTCOMES))
        out.append(f'<rect x="{lx}" y="38" width="12" height="12" fill="{COLOUR[o]}"/>'
                   f'<text x="{lx + 18}" y="49" font-size="12">{o} {counts.get(o, 0)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def rate_bar(rate: float | None, width: int = 120) -> Markup:
    """A small pass-rate bar (decorative: the number is next to it)."""
    if rate is None:
        return Markup("")
    w = width * max(0.0, min(100.0, rate)) / 100
    return Markup(f'<svg class="rate" aria-hidden="true" width="{width}" height="10" viewBox="0 0 {width} 10">'
                  f'<rect width="{width}" height="10" fill="#eaeef2"/><rect width="{w:.1f}" height="10" fill="#1a7f37"/></svg>')
