"""The clinician summary's charts, laid out for paper: DataFrame → Figure → SVG or PDF drawing.

Each chart is laid out once as a `Figure`: its size in CSS pixels and a list of plain shapes
(rectangles, lines, areas, circles, text) placed in those pixels, axes, gridlines and titles
included. `svg` writes a figure as SVG text for the HTML page; hamtrack.summary_pdf draws the
same figure with the PDF's own vector operators, so the paper and the page show the same marks.

The charts draw what a reader can see at the printed size (never more than a mark every few
pixels, `SUMMARY_MARK_PIXELS`), so ten years stay a few kilobytes. Colours are the app's
(hamtrack.charts, the Okabe–Ito palette, told apart with the common colour-vision
deficiencies); targets and baselines are dashed lines, not colours alone. Nothing typed by the
person goes into a chart: its words are axis titles, dates, numbers and the legend's statuses.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import pairwise
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pandas as pd

from hamtrack import charts
from hamtrack.adherence import WeekStatus
from hamtrack.safety import SEVERE_PAIN

FONT_FILE = Path(__file__).parent / "data" / "fonts" / "DejaVuSans.ttf"
BOLD_FONT_FILE = FONT_FILE.with_name("DejaVuSans-Bold.ttf")
FONT_FAMILY = "'DejaVu Sans', Verdana, Geneva, sans-serif"
"""The PDF draws chart words in DejaVu Sans; a browser without it falls back to Verdana, whose
letters are as wide, so labels measured here still fit."""
FONT_SIZE = 10.0
"""Axis labels and titles, in CSS pixels (7.5 pt on paper at the summary's sizes)."""

TEXT = "#222222"
AXIS = "#888888"
GRID = "#DDDDDD"
FRAME = "#DDDDDD"
PAPER = "#FFFFFF"

SUMMARY_MARK_PIXELS = 4
"""The narrowest bar or marker a reader can tell apart on paper, in CSS pixels."""
POINT_RADIUS = 3.1
"""A weekly mean's or a score's marker (about 30 square pixels, as on screen)."""
DAY_RADIUS = 2.1
"""A day's faint pain point."""
FEW_WEEKS = 60
"""Up to this many weeks the weekly mean pain line is drawn thicker, with a marker per week."""
DAY = pd.Timedelta(days=1)


class Anchor(StrEnum):
    """Which point of a text its position gives."""

    START = "start"
    MIDDLE = "middle"
    END = "end"


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in CSS pixels, y downwards."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    opacity: float = 1.0


@dataclass(frozen=True, slots=True)
class Line:
    """An open line through its points, solid or dashed (dash and gap lengths)."""

    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float
    dash: tuple[float, float] | None = None
    opacity: float = 1.0


@dataclass(frozen=True, slots=True)
class Area:
    """A filled polygon (a band between a low and a high line)."""

    points: tuple[tuple[float, float], ...]
    fill: str
    opacity: float = 1.0


@dataclass(frozen=True, slots=True)
class Circle:
    x: float
    y: float
    r: float
    fill: str
    opacity: float = 1.0


@dataclass(frozen=True, slots=True)
class Text:
    """A line of text on its baseline at (x, y); `upright` turns it a quarter anticlockwise
    around that point (a y axis title)."""

    x: float
    y: float
    text: str
    size: float = FONT_SIZE
    anchor: Anchor = Anchor.START
    bold: bool = False
    fill: str = TEXT
    upright: bool = False


Shape = Rect | Line | Area | Circle | Text


@dataclass(frozen=True, slots=True)
class Figure:
    """One chart laid out: `width` × `height` CSS pixels of shapes, drawn in order."""

    width: float
    height: float
    description: str
    """What the chart shows, in a sentence: the SVG's title and label."""
    plot: Box
    """Where the marks are drawn: inside the axes."""
    shapes: tuple[Shape, ...]
    """The first is the white paper under the whole chart."""


# ---------------------------------------------------------------------------------------------
# Text measure.


@cache
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """Each character's advance width in ems, and a fallback for the rest."""
    from fontTools.ttLib import TTFont

    with TTFont(BOLD_FONT_FILE if bold else FONT_FILE, lazy=True) as font:
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        widths = {
            code: metrics[name][0] / per_em
            for code, name in font.getBestCmap().items()
            if code < 0x2100 and name in metrics
        }
    return widths, widths[ord("0")]


def text_width(text: str, size: float = FONT_SIZE, *, bold: bool = False) -> float:
    """How wide `text` is set in DejaVu Sans at `size` pixels."""
    widths, fallback = _advances(bold)
    return sum(widths.get(ord(c), fallback) for c in text) * size


# ---------------------------------------------------------------------------------------------
# Axes.

Tick = tuple[float, str]
"""A tick: where on its axis (a day count from the span's start, or a value) and its label."""


def summary_block(weeks: int, width: int) -> str:
    """The calendar block a bar stands for: a week while weeks fit, else a month or a quarter."""
    fits = width // SUMMARY_MARK_PIXELS
    if weeks <= fits:
        return "week"
    return "month" if weeks * 12 / 52 <= fits else "quarter"


def _days(span: charts.Span, when: pd.Timestamp | dt.date) -> float:
    return (pd.Timestamp(when) - pd.Timestamp(span[0])) / DAY


def time_ticks(span: charts.Span, room: float, size: float = FONT_SIZE) -> list[Tick]:
    """The time axis's ticks, labelled to suit the span: within a year and a bit, the middle of
    weeks labelled with their Monday (the app's rule, hamtrack.charts); within three years,
    every third or sixth month ('Jan 2025'); beyond, years ('2025'), never more than ten.
    Thinned until the labels, `room` pixels of axis wide, stand apart."""
    first, last = span
    years = (last - first).days / 365.25
    ticks: list[Tick] = []
    if years > 3:
        step = max(1, math.ceil(years / 10))
        ticks = [
            (_days(span, dt.date(year, 1, 1)), str(year))
            for year in range(first.year, last.year + 1)
            if year % step == 0
        ]
    elif years > 1.1:
        step = 6 if years > 2 else 3
        month = dt.date(first.year, 1, 1)
        while month < last:
            if month.month % step == 1 % step:
                ticks.append((_days(span, month), f"{month:%b %Y}"))
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    else:
        for tick in charts.week_ticks(span):
            middle = pd.Timestamp(tick)
            monday = (middle - charts.MID_WEEK).date()
            ticks.append((_days(span, middle), charts.week_label(monday, span)))
    whole = (last - first).days
    ticks = [t for t in ticks if 0 <= t[0] <= whole]
    scale = room / whole if whole else 0.0
    every = 1
    while len(ticks[::every]) > 1 and _crowded(ticks[::every], scale, size):
        every += 1
    return ticks[::every]


LABEL_GAP = 0.8
"""The least space between two time labels, in ems: a reader tells '2019 2020' apart at once."""


def _crowded(ticks: Sequence[Tick], scale: float, size: float) -> bool:
    """Whether two neighbouring centred labels come closer than `LABEL_GAP` of the size."""
    gap = LABEL_GAP * size
    for (a, left), (b, right) in pairwise(ticks):
        if (b - a) * scale < (text_width(left, size) + text_width(right, size)) / 2 + gap:
            return True
    return False


NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


def value_ticks(top: float, room: float, *, least_gap: float = 25.0) -> list[float]:
    """Round values from 0 to `top`, at least `least_gap` pixels apart over `room` pixels."""
    most = max(1, int(room // least_gap))
    step = next((s for s in NICE_STEPS if top / s <= most), NICE_STEPS[-1])
    return [float(v) for v in range(0, int(top + 1e-9) + 1, step)]


def _fitted(text: str, room: float, *, bold: bool = True) -> float:
    """The font size, at most FONT_SIZE, at which `text` fits `room` pixels."""
    width = text_width(text, FONT_SIZE, bold=bold)
    return FONT_SIZE if width <= room else max(7.0, FONT_SIZE * room / width)


@dataclass(frozen=True, slots=True)
class _Frame:
    """A chart's plot area with its scales: days from the span's start across, values up."""

    plot: Box
    span: charts.Span
    top: float

    def x(self, days: float) -> float:
        whole = (self.span[1] - self.span[0]).days or 1
        return self.plot.left + min(max(days, 0.0), whole) * self.plot.width / whole

    def y(self, value: float) -> float:
        share = min(max(value / self.top, 0.0), 1.0) if self.top else 0.0
        return self.plot.bottom - share * self.plot.height


def _frame(
    size: tuple[int, int],
    span: charts.Span,
    *,
    top: float,
    y_title: str,
    x_title: str,
    y_ticks: Sequence[float] | None = None,
    right: float = 0.0,
) -> tuple[_Frame, list[Shape], list[Shape]]:
    """The plot area left inside `size` by the axes (and `right` pixels kept for a legend),
    with what is drawn under the marks (gridlines at the value ticks) and over them (the axes,
    their ticks, labels and titles)."""
    width, height = size
    bottom_room = 4 + 2 + FONT_SIZE + 3 + (FONT_SIZE + 5 if x_title else 0)
    plot_top = 6.0
    plot_bottom = height - bottom_room
    values = (
        list(y_ticks)
        if y_ticks is not None
        else value_ticks(top, plot_bottom - plot_top, least_gap=25.0)
    )
    labels = [_number(v) for v in values]
    label_room = max(text_width(label) for label in labels)
    plot_left = 2 + FONT_SIZE + 6 + label_room + 6
    whole = (span[1] - span[0]).days
    plot_right = width - right - 4
    ticks = time_ticks(span, plot_right - plot_left)
    if ticks:
        # The last label is centred on its tick: keep room for its right half.
        last = plot_left + ticks[-1][0] / (whole or 1) * (plot_right - plot_left)
        overhang = last + text_width(ticks[-1][1]) / 2 + 2 - (width - right)
        if overhang > 0:
            plot_right -= overhang
            ticks = time_ticks(span, plot_right - plot_left)
    plot = Box(plot_left, plot_top, plot_right, plot_bottom)
    frame = _Frame(plot, span, top)
    grid: list[Shape] = [Rect(0.0, 0.0, float(width), float(height), PAPER)]
    shapes: list[Shape] = []
    for value, label in zip(values, labels, strict=True):
        y = frame.y(value)
        if 0 < value < top:
            grid.append(Line(((plot.left, y), (plot.right, y)), GRID, 1.0))
        shapes.append(Line(((plot.left - 4, y), (plot.left, y)), AXIS, 1.0))
        shapes.append(Text(plot.left - 6, y + FONT_SIZE * 0.35, label, anchor=Anchor.END))
    # The plot's frame: the axes in a mid grey, the top and right edges faint.
    shapes.append(Line(((plot.left, plot.top), (plot.right, plot.top)), FRAME, 1.0))
    shapes.append(Line(((plot.right, plot.top), (plot.right, plot.bottom)), FRAME, 1.0))
    shapes.append(Line(((plot.left, plot.top), (plot.left, plot.bottom)), AXIS, 1.0))
    shapes.append(Line(((plot.left, plot.bottom), (plot.right, plot.bottom)), AXIS, 1.0))
    label_base = plot.bottom + 4 + 2 + FONT_SIZE * 0.8
    for days, label in ticks:
        x = frame.x(days)
        shapes.append(Line(((x, plot.bottom), (x, plot.bottom + 4)), AXIS, 1.0))
        shapes.append(Text(x, label_base, label, anchor=Anchor.MIDDLE))
    if x_title:
        size_x = _fitted(x_title, plot.width)
        shapes.append(
            Text(
                (plot.left + plot.right) / 2,
                label_base + 3 + FONT_SIZE,
                x_title,
                size=size_x,
                anchor=Anchor.MIDDLE,
                bold=True,
            )
        )
    size_y = _fitted(y_title, plot.height + plot_top)
    shapes.append(
        Text(
            2 + size_y * 0.8,
            (plot.top + plot.bottom) / 2,
            y_title,
            size=size_y,
            anchor=Anchor.MIDDLE,
            bold=True,
            upright=True,
        )
    )
    return frame, grid, shapes


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _day_counts(span: charts.Span, values: pd.Series) -> list[float]:
    """Each date-time of `values` as days from the span's start."""
    return ((pd.to_datetime(values) - pd.Timestamp(span[0])) / DAY).astype("float64").tolist()


def _pause_bands(
    frame: _Frame, pauses: pd.DataFrame | None, *, opacity: float = 0.18
) -> list[Shape]:
    """Paused periods as grey bands across the plot's height."""
    if pauses is None or pauses.empty:
        return []
    shapes: list[Shape] = []
    starts = _day_counts(frame.span, pauses["start"])
    ends = _day_counts(frame.span, pauses["end"])
    for start, end in zip(starts, ends, strict=True):
        left, right = frame.x(start), frame.x(end)
        if right > left:
            plot = frame.plot
            shapes.append(Rect(left, plot.top, right - left, plot.height, charts.GREY, opacity))
    return shapes


def _band(frame: _Frame, low: float, high: float, colour: str, opacity: float) -> Rect:
    """A band across the plot between two values."""
    top, bottom = frame.y(high), frame.y(low)
    return Rect(frame.plot.left, top, frame.plot.width, bottom - top, colour, opacity)


# ---------------------------------------------------------------------------------------------
# The three charts.


def adherence_blocks(weekly: pd.DataFrame, block: str) -> pd.DataFrame:
    """The bars of the adherence chart: one a week (with its status), or one a month or quarter
    holding its weeks' mean days with a session and mean target (paused weeks left out).
    Columns: start, end (the day after the block), session_days, sessions_needed, status."""
    if block == "week":
        data = weekly[["week_start", "session_days", "sessions_needed", "status"]].copy()
        data = data.rename(columns={"week_start": "start"})
        data["end"] = data["start"] + pd.Timedelta(days=7)
        return data
    counted = weekly[weekly["status"] != WeekStatus.PAUSED]
    key = counted["week_start"].dt.to_period("M" if block == "month" else "Q").dt.start_time
    grouped = counted.groupby(key)
    data = pd.DataFrame(
        {
            "session_days": grouped["session_days"].mean().round(1),
            "sessions_needed": grouped["sessions_needed"].mean().round(1),
        }
    ).reset_index(names="start")
    data["end"] = data["start"] + pd.DateOffset(months=1 if block == "month" else 3)
    data["status"] = None
    return data


LEGEND_SWATCH = 10.0

NO_SESSION_MARK = 3.0
"""Height of the mark on the floor of a week with no session."""


def adherence_figure(
    weekly: pd.DataFrame, *, pauses: pd.DataFrame | None, span: charts.Span, size: tuple[int, int]
) -> Figure:
    """Days with a session against the target: a bar a week while the weeks fit the width
    (coloured by how the week stands, named in a legend), else a bar a month or quarter showing
    its weeks' mean, with the (mean) target as a dashed line.

    `weekly` is `adherence.weekly_adherence` output (the weeks of the period)."""
    block = summary_block(len(weekly), size[0])
    data = adherence_blocks(weekly, block)
    top = max(float(data["sessions_needed"].max()), float(data["session_days"].max()), 1.0) + 1
    statuses = [s for s in charts.STATUS_LABELS if s in set(data["status"])]
    legend = 0.0
    if block == "week":
        legend = 12 + LEGEND_SWATCH + 5 + max(text_width(charts.STATUS_LABELS[s]) for s in statuses)
    title = "Days with a session" if block == "week" else f"Days a week ({block}ly mean)"
    frame, grid, axes = _frame(
        size,
        span,
        top=top,
        y_title=title,
        x_title="Week starting" if _weekly_ticks(span) else block.capitalize(),
        right=legend,
    )
    plot = frame.plot
    shapes: list[Shape] = grid
    if block == "week":
        shapes += _pause_bands(frame, pauses)
    starts = _day_counts(span, data["start"])
    ends = _day_counts(span, data["end"])
    bars: list[Shape] = []
    targets: list[tuple[float, float, float]] = []
    for start, end, days, needed, status in zip(
        starts,
        ends,
        data["session_days"].astype("float64"),
        data["sessions_needed"].astype("float64"),
        data["status"],
        strict=True,
    ):
        left, right = frame.x(start), frame.x(end)
        # Half a day of space on each side (at least half a pixel), as the app's week bars.
        inset = max(0.5, min((right - left) / 14, 3.0)) if right - left > 2 else 0.0
        left, right = left + inset, right - inset
        colour = charts.STATUS_COLOURS.get(status, charts.BLUE)
        if right > left and days > 0:
            y = frame.y(days)
            bars.append(Rect(left, y, right - left, plot.bottom - y, colour))
        elif right > left and status is not None:
            # A week without a session has no bar to see: a thick mark on the floor in its
            # status's colour, as in the app, so a missed week never reads as a week not shown.
            bars.append(
                Rect(left, plot.bottom - NO_SESSION_MARK, right - left, NO_SESSION_MARK, colour)
            )
        if needed > 0 and right > left:
            targets.append((left - inset, right + inset, float(needed)))
    shapes += bars
    shapes += _target_lines(frame, targets)
    shapes += axes
    if block == "week":
        shapes += _legend(
            plot, [(charts.STATUS_LABELS[s], charts.STATUS_COLOURS[s]) for s in statuses], size[0]
        )
    return Figure(
        float(size[0]),
        float(size[1]),
        "Days with a session against the weekly target.",
        plot,
        tuple(shapes),
    )


def _target_lines(frame: _Frame, targets: Iterable[tuple[float, float, float]]) -> list[Shape]:
    """The target as dashed lines, one per run of neighbouring bars with the same target."""
    runs: list[list[float]] = []
    for left, right, needed in targets:
        if runs and runs[-1][2] == needed and abs(runs[-1][1] - left) < 0.5:
            runs[-1][1] = right
        else:
            runs.append([left, right, needed])
    return [
        Line(((left, frame.y(needed)), (right, frame.y(needed))), charts.BLACK, 1.5, (4.0, 3.0))
        for left, right, needed in runs
    ]


def _legend(plot: Box, items: Sequence[tuple[str, str]], width: float) -> list[Shape]:
    """Coloured squares with their names, right of the plot."""
    shapes: list[Shape] = []
    left = plot.right + 12
    for index, (label, colour) in enumerate(items):
        top = plot.top + index * (LEGEND_SWATCH + 6)
        shapes.append(Rect(left, top, LEGEND_SWATCH, LEGEND_SWATCH, colour))
        shapes.append(Text(left + LEGEND_SWATCH + 5, top + LEGEND_SWATCH * 0.85, label))
    return shapes


def _weekly_ticks(span: charts.Span) -> bool:
    """Whether the time axis is labelled by week (the Monday of each week ticked)."""
    return (span[1] - span[0]).days / 365.25 <= 1.1


def pain_figure(
    weekly: pd.DataFrame,
    daily: pd.DataFrame | None,
    *,
    pauses: pd.DataFrame | None,
    span: charts.Span,
    size: tuple[int, int],
) -> Figure:
    """Weekly mean pain as a line, each day as a faint point when there are days to show
    (else each week's lowest-to-highest band), pauses grey and the severe zone shaded.

    `weekly` is `trends.weekly_pain` output, `daily` `trends.daily_points` output (or empty)."""
    few = (span[1] - span[0]).days // 7 <= FEW_WEEKS
    frame, grid, axes = _frame(
        size,
        span,
        top=10.0,
        y_title="Pain (0–10)",
        x_title="Week starting" if _weekly_ticks(span) else ("Week" if few else ""),
    )
    shapes: list[Shape] = [*grid, _band(frame, SEVERE_PAIN, 10, charts.VERMILLION, 0.12)]
    shapes += _pause_bands(frame, pauses)
    logged = weekly[weekly["days_logged"] > 0]
    middles = [d + 3.5 for d in _day_counts(span, logged["week_start"])]
    xs = [frame.x(d) for d in middles]
    means = [frame.y(v) for v in logged["pain_mean"].astype("float64")]
    if daily is not None and not daily.empty:
        # Each day at its noon, inside its own day.
        days = [d + 0.5 for d in _day_counts(span, daily["day"])]
        shapes += [
            Circle(frame.x(d), frame.y(v), DAY_RADIUS, charts.SKY, 0.45)
            for d, v in zip(days, daily["pain"].astype("float64"), strict=True)
            if not math.isnan(v)
        ]
    elif xs:
        highs = [frame.y(v) for v in logged["pain_max"].astype("float64")]
        lows = [frame.y(v) for v in logged["pain_min"].astype("float64")]
        if len(xs) == 1:
            # One week has no width of its own: a short bar shows its range.
            half = min(6.0, frame.plot.width / 2)
            shapes.append(
                Rect(xs[0] - half, highs[0], 2 * half, lows[0] - highs[0], charts.SKY, 0.35)
            )
        else:
            outline = list(zip(xs, highs, strict=True)) + list(
                zip(xs[::-1], lows[::-1], strict=True)
            )
            shapes.append(Area(tuple(outline), charts.SKY, 0.35))
    if xs:
        shapes += _line(tuple(zip(xs, means, strict=True)), markers=few, width=2.5)
    return Figure(
        float(size[0]),
        float(size[1]),
        "Weekly mean pain as a line over each week's range; severe zone shaded.",
        frame.plot,
        tuple(shapes + axes),
    )


def _line(points: tuple[tuple[float, float], ...], *, markers: bool, width: float) -> list[Shape]:
    """A series as a blue line (`width` wide with markers, thinner without), a marker on each
    point while they fit the width, and a lone point always marked."""
    shapes: list[Shape] = []
    if len(points) > 1:
        shapes.append(Line(points, charts.BLUE, width if markers else 1.5))
    if markers or len(points) == 1:
        shapes += [Circle(x, y, POINT_RADIUS, charts.BLUE) for x, y in points]
    return shapes


def questionnaire_figure(
    scores: pd.DataFrame,
    *,
    band: tuple[float, float],
    baseline: float,
    span: charts.Span,
    size: tuple[int, int],
) -> Figure:
    """Questionnaire scores (0–100, lower is better) as a line, with markers while they fit
    the width, over the band of no meaningful change around the baseline (docs/rules.md §6),
    the baseline a dashed line."""
    frame, grid, axes = _frame(
        size,
        span,
        top=100.0,
        y_title="Score (0–100, lower is better)",
        x_title="Week starting" if _weekly_ticks(span) else "Date",
    )
    shapes: list[Shape] = [*grid, _band(frame, band[0], band[1], charts.GREEN, 0.15)]
    level = frame.y(round(baseline))
    shapes.append(
        Line(((frame.plot.left, level), (frame.plot.right, level)), charts.GREEN, 1.5, (5.0, 3.0))
    )
    # Each score at the noon of its day.
    xs = [frame.x(d + 0.5) for d in _day_counts(span, scores["day"])]
    ys = [frame.y(v) for v in scores["percent"].astype("float64")]
    points = tuple(zip(xs, ys, strict=True))
    shapes += _line(points, markers=len(points) <= size[0] // SUMMARY_MARK_PIXELS // 2, width=2.0)
    return Figure(
        float(size[0]),
        float(size[1]),
        "Back questionnaire scores with the band of no meaningful change.",
        frame.plot,
        tuple(shapes + axes),
    )


# ---------------------------------------------------------------------------------------------
# SVG.


def _n(value: float) -> str:
    """A coordinate to a hundredth of a pixel, without trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _opacity(name: str, value: float) -> str:
    return "" if value >= 1 else f' {name}="{_n(value)}"'


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Rect):
        return (
            f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.width)}" '
            f'height="{_n(shape.height)}" fill="{shape.fill}"'
            f"{_opacity('fill-opacity', shape.opacity)}/>"
        )
    if isinstance(shape, Line):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points)
        dash = (
            ""
            if shape.dash is None
            else f' stroke-dasharray="{_n(shape.dash[0])},{_n(shape.dash[1])}"'
        )
        return (
            f'<polyline points="{points}" fill="none" stroke="{shape.stroke}" '
            f'stroke-width="{_n(shape.width)}"{dash}'
            f'{_opacity("stroke-opacity", shape.opacity)} stroke-linejoin="round"/>'
        )
    if isinstance(shape, Area):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points)
        return (
            f'<polygon points="{points}" fill="{shape.fill}"'
            f"{_opacity('fill-opacity', shape.opacity)}/>"
        )
    if isinstance(shape, Circle):
        return (
            f'<circle cx="{_n(shape.x)}" cy="{_n(shape.y)}" r="{_n(shape.r)}" '
            f'fill="{shape.fill}"{_opacity("fill-opacity", shape.opacity)}/>'
        )
    turn = f' transform="rotate(-90 {_n(shape.x)} {_n(shape.y)})"' if shape.upright else ""
    weight = ' font-weight="bold"' if shape.bold else ""
    return (
        f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}" '
        f'text-anchor="{shape.anchor.value}" fill="{shape.fill}"{weight}{turn}>'
        f"{escape(shape.text)}</text>"
    )


def svg(figure: Figure) -> str:
    """The figure as a self-contained SVG document, labelled with what it shows."""
    body = "\n".join(_svg_shape(shape) for shape in figure.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(figure.width)}" '
        f'height="{_n(figure.height)}" viewBox="0 0 {_n(figure.width)} {_n(figure.height)}" '
        f'role="img" aria-label={quoteattr(figure.description)} '
        f'font-family="{FONT_FAMILY}">\n'
        f"<title>{escape(figure.description)}</title>\n"
        f"{body}\n</svg>\n"
    )
