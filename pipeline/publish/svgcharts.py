"""Two small row charts as inline SVG, written by hand: no plotting library to import or wait for.

``timeline_svg``: one row per label, a dot at each start and a translucent bar to its end, on a date axis.
``ranges_svg``: one row per claim, a bar from low to high, a dot at the value and a note right of the bar,
on a number axis. Both have a title, labels at the left, light vertical grid lines at "nice" ticks, and
``width``/``height``/``viewBox`` so they scale. Every text is XML-escaped; the same data gives the same bytes
(no ids, no dates, coordinates rounded to 0.1 px). Pure Python: nothing here imports pandas or Dagster.
"""
from __future__ import annotations

import datetime as dt
import html
import math
from typing import Callable, Iterator, NamedTuple, Sequence

WIDTH = 800             # px; the page scales the chart down when narrower
FONT = 11               # px, every text but the title
TITLE_FONT = 13
CHAR_PX = 6.2           # estimated text width per character at FONT (sans-serif averages ~0.55 em)
PAD = 8
TITLE_BAND = 32         # above the rows
AXIS_BAND = 30          # below the rows: tick marks and their labels
TICK_GAP = 18           # px at least between two tick labels
MAX_TICKS = 10
TEXT = "#222"
AXIS = "#888"
GRID = "#ddd"
STRIPE = "#f5f5f5"
TIMELINE_COLOR = "#1f77b4"
RANGE_COLOR = "#e8710a"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Tick = tuple[float, str]  # position on the axis, label


class Range(NamedTuple):
    """One claim: a bar from low to high, a dot at value, the note right of the bar; the dot links to ``href``
    (with ``tip`` as its tooltip) when given.
    """

    label: str
    low: float
    value: float
    high: float
    note: str
    href: str = ""
    tip: str = ""


class Point(NamedTuple):
    """One claim about a period: a bar from ``start`` to ``end`` (inclusive days) at the value, a dot in its
    middle, a whisker from low to high; the dot links to ``href`` with ``tip`` as its tooltip.
    """

    start: dt.date
    end: dt.date
    low: float
    value: float
    high: float
    href: str = ""
    tip: str = ""


class Series(NamedTuple):
    """Points of one colour, named in the legend."""

    name: str
    points: Sequence[Point]


PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#7f7f7f")  # Okabe-Ito
PLOT_HEIGHT = 200       # px of the value axis in ``periods_svg``
LEGEND_ROW = 18


# --- text and numbers ------------------------------------------------------------------

def esc(text) -> str:
    """Any value as XML text, also safe inside quoted attributes."""
    return html.escape("" if text is None else str(text), quote=True)


def text_width(text: str, size: float = FONT) -> float:
    """An estimate of the rendered width: no font metrics without a font library."""
    return len(text) * CHAR_PX * size / FONT


def coord(value: float) -> str:
    """A coordinate with one decimal at most: short, and the same bytes every time."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def number_label(value: float) -> str:
    """A tick label when the caller gives no formatter: thousands separators, no trailing zeros."""
    return f"{value:,g}"


def _finite(values) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(float(v))]


# --- nice ticks ---------------------------------------------------------------------------

def _nice_steps(start: float) -> Iterator[float]:
    """1, 2 and 5 times a power of ten, from the first one not below ``start`` upward."""
    exponent = math.floor(math.log10(start))
    while True:
        for mantissa in (1, 2, 5):
            step = mantissa * 10.0 ** exponent
            if step >= start * (1 - 1e-9):
                yield step
        exponent += 1


def number_ticks(low: float, high: float, max_ticks: int = 8) -> list[float]:
    """Evenly spaced round numbers (1, 2, 5 × 10^k apart) from one at or below ``low`` to one at or above
    ``high``: as many as fit in ``max_ticks``.
    """
    if high < low:
        low, high = high, low
    if high - low <= 1e-12 * max(1.0, abs(low), abs(high)):  # one value: widen around it
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    max_ticks = max(2, max_ticks)
    for step in _nice_steps((high - low) / (max_ticks - 1)):
        first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
        if last - first + 1 <= max_ticks:
            digits = max(0, 1 - math.floor(math.log10(step)))
            return [round(k * step, digits) + 0.0 for k in range(first, last + 1)]
    raise AssertionError("unreachable")  # pragma: no cover


def _month(index: int) -> dt.date:
    year, month = divmod(index, 12)
    return dt.date(min(max(year, 1), 9999), month + 1, 1)


def _year(year: int) -> dt.date:
    return dt.date(min(max(year, 1), 9999), 1, 1)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _date_candidates(start: dt.date, end: dt.date) -> Iterator[list[tuple[dt.date, str]]]:
    """Tick lists covering start..end, from the finest to the coarsest: days, months, then years."""
    first, last = start.toordinal(), end.toordinal()
    for days in (1, 2, 7, 14):
        yield [(d, f"{d.day} {MONTHS[d.month - 1]} {d.year}")
               for d in map(dt.date.fromordinal, range(first // days * days or days, _ceil_div(last, days) * days + 1,
                                                       days))]
    month_first = start.year * 12 + start.month - 1
    month_last = end.year * 12 + end.month - 1 + (end.day > 1)
    for months in (1, 2, 3, 6):
        yield [(d, f"{MONTHS[d.month - 1]} {d.year}")
               for d in map(_month, range(month_first // months * months, _ceil_div(month_last, months) * months + 1,
                                          months))]
    year_last = end.year + (end != dt.date(end.year, 1, 1))
    years = 1
    while True:
        for mantissa in (1, 2, 5):
            step = mantissa * years
            yield [(d, str(d.year)) for d in map(_year, range(start.year // step * step,
                                                              _ceil_div(year_last, step) * step + 1, step))]
        years *= 10


def date_ticks(start: dt.date, end: dt.date, max_ticks: int = 8) -> list[tuple[dt.date, str]]:
    """Round dates from one at or before ``start`` to one at or after ``end``, as many as fit in ``max_ticks``:
    days for a short span, the first of every 1, 2, 3 or 6 months for a longer one, else every 1, 2, 5, 10… years.
    """
    if end < start:
        start, end = end, start
    max_ticks = max(2, max_ticks)
    for ticks in _date_candidates(start, end):
        deduped = list(dict.fromkeys(ticks))  # clamped at year 1 or 9999, ticks can repeat
        if len(deduped) <= max_ticks:
            return deduped
    raise AssertionError("unreachable")  # pragma: no cover


def _fitting(ticks_for: Callable[[int], list[Tick]], low: float, high: float, plot_width: float) -> list[Tick]:
    """The most ticks (up to MAX_TICKS) inside low..high whose labels do not touch at this width."""
    def inside(count: int) -> list[Tick]:
        slack = (high - low) * 1e-9
        return [t for t in ticks_for(count) if low - slack <= t[0] <= high + slack]

    for count in range(MAX_TICKS, 2, -1):
        ticks = inside(count)
        if len(ticks) < 2:
            return ticks
        widest = max(text_width(label) for _, label in ticks)
        closest = min(b[0] - a[0] for a, b in zip(ticks, ticks[1:])) / (high - low) * plot_width
        if closest >= widest + TICK_GAP:
            return ticks
    return inside(2)


def padded(low: float, high: float, margin: float) -> tuple[float, float]:
    """low..high widened by ``margin`` of its span on each side (around a single value: by 10 % of it, or 1)."""
    if high < low:
        low, high = high, low
    span = high - low
    if span <= 1e-12 * max(1.0, abs(low), abs(high)):
        pad = abs(low) * 0.1 or 1.0
        return low - pad, high + pad
    return low - span * margin, high + span * margin


# --- the frame both charts share -------------------------------------------------------------

class Frame(NamedTuple):
    parts: list[str]
    x: Callable[[float], float]   # axis value -> px
    row_y: Callable[[int], float]  # row index -> px of its middle
    height: float


def _frame(title: str, labels: Sequence[str], row_height: float, right: float, low: float, high: float,
           ticks_for: Callable[[int], list[Tick]]) -> Frame:
    """The SVG head, title, row stripes and labels, grid and x axis (``low``..``high`` across the plot);
    ``parts`` still needs the marks and </svg>.
    """
    left = max(48.0, math.ceil(max((text_width(label) for label in labels), default=0) + 2 * PAD))
    x0, x1 = left, WIDTH - right
    ticks = _fitting(ticks_for, low, high, x1 - x0)
    span = (high - low) or 1.0
    top = TITLE_BAND
    bottom = top + row_height * len(labels)
    height = math.ceil(bottom + AXIS_BAND)

    def x(value: float) -> float:
        return x0 + (value - low) / span * (x1 - x0)

    def row_y(index: int) -> float:
        return top + row_height * (index + 0.5)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="{FONT}" fill="{TEXT}" role="img" '
             f'aria-label="{esc(title)}">',
             f"<title>{esc(title)}</title>",
             f'<text x="{coord(WIDTH / 2)}" y="{coord(top - 12)}" text-anchor="middle" font-size="{TITLE_FONT}" '
             f'font-weight="bold">{esc(title)}</text>']
    stripes = "".join(f'<rect x="{coord(x0)}" y="{coord(top + row_height * i)}" width="{coord(x1 - x0)}" '
                      f'height="{coord(row_height)}"/>' for i in range(1, len(labels), 2))
    if stripes:
        parts.append(f'<g fill="{STRIPE}">{stripes}</g>')
    grid = "".join(f"M{coord(x(v))} {coord(top)}V{coord(bottom + 4)}" for v, _ in ticks)
    parts.append(f'<path d="{grid}" stroke="{GRID}" fill="none"/>')
    parts.append(f'<path d="M{coord(x0)} {coord(bottom)}H{coord(x1)}" stroke="{AXIS}" fill="none"/>')
    parts.append('<g text-anchor="middle">' + "".join(
        f'<text x="{coord(x(v))}" y="{coord(bottom + 17)}">{esc(label)}</text>' for v, label in ticks) + "</g>")
    parts.append('<g text-anchor="end">' + "".join(
        f'<text x="{coord(x0 - PAD)}" y="{coord(row_y(i) + 4)}">{esc(label)}</text>'
        for i, label in enumerate(labels)) + "</g>")
    return Frame(parts, x, row_y, height)


# --- the charts ------------------------------------------------------------------------------

def timeline_svg(title: str, rows: Sequence[tuple[str, Sequence[tuple[dt.date, dt.date]]]]) -> str:
    """One row per label; for each (start, end) a dot at start and a translucent bar from start to end."""
    spans = [span for _, row in rows for span in row]
    start = min((s for s, _ in spans), default=dt.date(2000, 1, 1))
    end = max((max(s, e) for s, e in spans), default=start)
    low, high = padded(start.toordinal(), end.toordinal(), 0.02)

    def ticks_for(count: int) -> list[Tick]:
        return [(float(d.toordinal()), label) for d, label in date_ticks(start, end, count)]

    frame = _frame(title, [label for label, _ in rows], 24, 36, low, high, ticks_for)
    bars, dots = [], []
    for i, (_, row) in enumerate(rows):
        y = coord(frame.row_y(i))
        seen = set()
        for s, e in row:
            xs = coord(frame.x(s.toordinal()))
            bars.append(f'<path d="M{xs} {y}H{coord(frame.x(max(s, e).toordinal()))}"/>')
            if xs not in seen:  # dots are opaque: one per pixel column is the same picture
                seen.add(xs)
                dots.append(f'<circle cx="{xs}" cy="{y}" r="3"/>')
    frame.parts.append(f'<g stroke="{TIMELINE_COLOR}" stroke-opacity="0.3" stroke-width="8" fill="none">'
                       + "".join(bars) + "</g>")
    frame.parts.append(f'<g fill="{TIMELINE_COLOR}">' + "".join(dots) + "</g>")
    frame.parts.append("</svg>")
    return "\n".join(frame.parts)


def ranges_svg(title: str, rows: Sequence[Range], label: Callable[[float], str] = number_label) -> str:
    """One row per claim: a bar from low to high, a dot at the value, the note right of it; ``label`` formats
    the axis' tick labels.
    """
    values = _finite(v for r in rows for v in (r.low, r.value, r.high))
    low, high = padded(min(values), max(values), 0.06) if values else (0.0, 1.0)

    def ticks_for(count: int) -> list[Tick]:
        return [(v, label(v)) for v in number_ticks(low, high, count)]

    right = max(36.0, math.ceil(max((text_width(r.note) for r in rows), default=0) + 3 * PAD))
    frame = _frame(title, [r.label for r in rows], 22, right, low, high, ticks_for)
    bars, dots, notes = [], [], []
    for i, r in enumerate(rows):
        y = frame.row_y(i)
        ends = _finite((r.low, r.high))
        if len(ends) == 2:
            bars.append(f'<path d="M{coord(frame.x(min(ends)))} {coord(y)}H{coord(frame.x(max(ends)))}"/>')
        if _finite([r.value]):
            dots.append(_linked(f'<circle cx="{coord(frame.x(r.value))}" cy="{coord(y)}" r="4"/>', r.href, r.tip))
        reach = _finite((r.low, r.value, r.high))
        if reach:
            notes.append(f'<text x="{coord(frame.x(max(reach)) + PAD)}" y="{coord(y + 4)}">{esc(r.note)}</text>')
    frame.parts.append(f'<g stroke="{RANGE_COLOR}" stroke-opacity="0.35" stroke-width="8" fill="none">'
                       + "".join(bars) + "</g>")
    frame.parts.append(f'<g fill="{RANGE_COLOR}">' + "".join(dots) + "</g>")
    frame.parts.append("<g>" + "".join(notes) + "</g>")
    frame.parts.append("</svg>")
    return "\n".join(frame.parts)


def _linked(mark: str, href: str, tip: str) -> str:
    """A mark inside a link with a tooltip; out of the tab order (the table under the chart is the way in)."""
    if not href:
        return mark if not tip else mark.replace("/>", f"><title>{esc(tip)}</title></circle>", 1)
    title = f"<title>{esc(tip)}</title>" if tip else ""
    return f'<a href="{esc(href)}" tabindex="-1">{title}{mark}</a>'


def periods_svg(title: str, series: Sequence[Series], unit: str, label: Callable[[float], str] = number_label) -> str:
    """Values against the period they are about: x is time, y the value (from zero when all values have one
    sign), one colour per series with a legend under the axis.
    """
    points = [p for s in series for p in s.points]
    values = _finite(v for p in points for v in (p.low, p.value, p.high)) or [0.0, 1.0]
    vlow, vhigh = min(values), max(values)
    if vlow >= 0:
        vlow = 0.0
    elif vhigh <= 0:
        vhigh = 0.0
    yticks = number_ticks(vlow, vhigh, 6)
    ylow, yhigh = yticks[0], yticks[-1]
    start = min((p.start for p in points), default=dt.date(2000, 1, 1))
    end = max((max(p.start, p.end) for p in points), default=start) + dt.timedelta(days=1)
    low, high = padded(start.toordinal(), end.toordinal(), 0.04)

    def ticks_for(count: int) -> list[Tick]:
        return [(float(d.toordinal()), text) for d, text in date_ticks(start, end, count)]

    left = max(48.0, math.ceil(max(text_width(label(t)) for t in yticks) + 2 * PAD))
    x0, x1 = left, WIDTH - 24
    top = TITLE_BAND + 18
    bottom = top + PLOT_HEIGHT
    xticks = _fitting(ticks_for, low, high, x1 - x0)
    legend_top = bottom + AXIS_BAND + 4
    height = math.ceil(legend_top + LEGEND_ROW * len(series) + PAD)

    def x(value: float) -> float:
        return x0 + (value - low) / ((high - low) or 1.0) * (x1 - x0)

    def y(value: float) -> float:
        return bottom - (value - ylow) / ((yhigh - ylow) or 1.0) * (bottom - top)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="{FONT}" fill="{TEXT}" role="img" '
             f'aria-label="{esc(title)}">',
             f"<title>{esc(title)}</title>",
             f'<text x="{coord(WIDTH / 2)}" y="{coord(TITLE_BAND - 12)}" text-anchor="middle" font-size="{TITLE_FONT}" '
             f'font-weight="bold">{esc(title)}</text>',
             f'<text x="{coord(PAD)}" y="{coord(top - 8)}">{esc(unit)}</text>']
    grid = "".join(f"M{coord(x(v))} {coord(top)}V{coord(bottom + 4)}" for v, _ in xticks)
    grid += "".join(f"M{coord(x0 - 4)} {coord(y(v))}H{coord(x1)}" for v in yticks)
    parts.append(f'<path d="{grid}" stroke="{GRID}" fill="none"/>')
    parts.append(f'<path d="M{coord(x0)} {coord(top)}V{coord(bottom)}H{coord(x1)}" stroke="{AXIS}" fill="none"/>')
    parts.append('<g text-anchor="middle">' + "".join(
        f'<text x="{coord(x(v))}" y="{coord(bottom + 17)}">{esc(text)}</text>' for v, text in xticks) + "</g>")
    parts.append('<g text-anchor="end">' + "".join(
        f'<text x="{coord(x0 - PAD)}" y="{coord(y(v) + 4)}">{esc(label(v))}</text>' for v in yticks) + "</g>")
    for i, s in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        bars, whiskers, dots = [], [], []
        for p in s.points:
            if not _finite([p.value]):
                continue
            xs, xe = x(p.start.toordinal()), x(max(p.start, p.end).toordinal() + 1)
            yv = coord(y(p.value))
            bars.append(f"M{coord(xs)} {yv}H{coord(max(xe, xs + 1))}")
            ends = _finite((p.low, p.high))
            xm = coord((xs + xe) / 2)
            if len(ends) == 2 and min(ends) < max(ends):
                whiskers.append(f"M{xm} {coord(y(min(ends)))}V{coord(y(max(ends)))}")
            dots.append(_linked(f'<circle cx="{xm}" cy="{yv}" r="4"/>', p.href, p.tip))
        parts.append(f'<g stroke="{color}" fill="{color}">'
                     f'<path d="{"".join(bars)}" stroke-opacity="0.45" stroke-width="6" fill="none"/>'
                     + (f'<path d="{"".join(whiskers)}" stroke-width="1.5" fill="none"/>' if whiskers else "")
                     + f'<g stroke="#fff">{"".join(dots)}</g></g>')
        ly = legend_top + LEGEND_ROW * i + LEGEND_ROW / 2
        parts.append(f'<circle cx="{coord(x0 + 5)}" cy="{coord(ly)}" r="5" fill="{color}"/>'
                     f'<text x="{coord(x0 + 16)}" y="{coord(ly + 4)}">{esc(s.name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
