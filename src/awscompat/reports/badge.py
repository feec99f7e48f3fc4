"""Badges for a run's rating (DESIGN 1.3): a flat SVG like shields.io's and the shields.io endpoint
JSON (https://shields.io/badges/endpoint-badge), so a provider can show its mark either way."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

# Grade -> shields.io named colour, and the hex shields.io draws for it.
GRADE_COLOURS = {"AAA": "brightgreen", "AA": "brightgreen", "A": "green", "BBB": "yellowgreen",
                 "BB": "yellow", "B": "orange", "C": "red"}
HEX = {"brightgreen": "#4c1", "green": "#97ca00", "yellowgreen": "#a4a61d", "yellow": "#dfb317",
       "orange": "#fe7d37", "red": "#e05d44", "lightgrey": "#9f9f9f"}
CACHE_SECONDS = 3600

# Approximate advance widths (px) of Verdana at 11px, the font shields.io measures with.
_NARROW = {**dict.fromkeys("ijlI|!'.,:;", 3.3), **dict.fromkeys("frt()[]{}/\\- ", 4.6)}
_WIDE = {**dict.fromkeys("mwMW%@", 10.5), **dict.fromkeys("✓✗", 8.5)}
_UPPER = 7.6
_DEFAULT = 6.8
_PADDING = 10


def text_width(text: str) -> float:
    """The estimated width of text in the badge's font, from its characters."""
    width = 0.0
    for ch in text:
        if ch in _NARROW:
            width += _NARROW[ch]
        elif ch in _WIDE:
            width += _WIDE[ch]
        elif ch.isupper():
            width += _UPPER
        else:
            width += _DEFAULT
    return width


@dataclass(frozen=True)
class Badge:
    label: str
    message: str
    color: str  # a shields.io colour name

    @property
    def title(self) -> str:
        return f"{self.label}: {self.message}"

    def endpoint_json(self) -> dict:
        return {"schemaVersion": 1, "label": self.label, "message": self.message, "color": self.color,
                "cacheSeconds": CACHE_SECONDS}

    def svg(self) -> str:
        return render_svg(self.label, self.message, HEX.get(self.color, self.color))


def colour_for(grade: str) -> str:
    return GRADE_COLOURS.get(grade, "lightgrey")


NOT_RATED = "not rated"


def badge_for(profile: str, grade: str, score: float | None, compliant: bool, klass: str | None = None) -> Badge:
    """label = profile name (and the provider class when given); message = "<grade> <score>" and
    the mark: compliant (cloud), AWS-compatible emulator (emulator), or not. A `not rated` result
    gets a grey badge that says so and shows no score."""
    label = f"{profile} · {klass}" if klass else profile
    if grade == NOT_RATED or score is None:
        return Badge(label, NOT_RATED, "lightgrey")
    passed = "AWS-compatible emulator" if klass == "emulator" else "compliant"
    mark = f"✓ {passed}" if compliant else "✗ not compliant"
    return Badge(label, f"{grade} {score:.1f} {mark}", colour_for(grade))


def render_svg(label: str, message: str, fill: str) -> str:
    """A flat badge: grey label on the left, coloured message on the right."""
    lw = round(text_width(label) + _PADDING)
    mw = round(text_width(message) + _PADDING)
    width = lw + mw
    title = escape(f"{label}: {message}")
    aria = escape(f"{label}: {message}", {'"': "&quot;"})
    lx, mx = lw * 5, (lw + mw / 2) * 10  # text is drawn at scale(.1)
    ltl, mtl = (lw - _PADDING) * 10, (mw - _PADDING) * 10
    font = "Verdana,Geneva,DejaVu Sans,sans-serif"

    def texts(x: float, length: int, text: str) -> str:
        t = escape(text)
        return (f'<text aria-hidden="true" x="{x:.0f}" y="150" fill="#010101" fill-opacity=".3"'
                f' transform="scale(.1)" textLength="{length}">{t}</text>'
                f'<text x="{x:.0f}" y="140" transform="scale(.1)" fill="#fff" textLength="{length}">{t}</text>')

    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" aria-label="{aria}">'
        f"<title>{title}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/>'
        f'<rect x="{lw}" width="{mw}" height="20" fill="{escape(fill)}"/>'
        f'<rect width="{width}" height="20" fill="url(#s)"/></g>'
        f'<g fill="#fff" text-anchor="middle" font-family="{font}" text-rendering="geometricPrecision"'
        ' font-size="110">'
        f"{texts(lx, ltl, label)}{texts(mx, mtl, message)}"
        "</g></svg>\n"
    )
