"""Charts of the trends, built from frames already aggregated by week: DataFrame → altair.Chart.

No streamlit here. Every chart keeps only the columns it draws, has titled axes and tooltips,
stretches to the width of its container (a 390 px phone included) and uses the Okabe–Ito
palette, which stays distinguishable with the common colour-vision deficiencies. Colour is never
the only cue: the target is a dashed line, the status of each week is in its tooltip and, in a
short history, written above its bar; the page gives every chart a text alternative.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from hamtrack.adherence import WeekStatus
from hamtrack.models import BAND_LEVELS
from hamtrack.safety import SEVERE_PAIN

# Okabe & Ito (2008), "Color Universal Design".
BLUE = "#0072B2"
SKY = "#56B4E9"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
GREEN = "#009E73"
GREY = "#999999"
BLACK = "#000000"

OUTLINE = "#6B6F76"
"""The edge of every bar: 3:1 or more against both the light and the dark background, so a
pale bar (a light band, a week in progress) still stands out in either theme."""
TARGET = "#7A7A7A"
"""The weekly target's dashed line: a mid grey, 4.3:1 against white and against the dark
theme's background (black would vanish in the dark theme)."""

LIGHT_TEXT = "#31333F"
DARK_TEXT = "#FAFAFA"
"""The words of a chart (axes, legend, numbers on marks) in the light and the dark theme: each
the theme's own body text, 12:1 or more against its background."""
CHART_TEXT_CSS = f"""<style>
[data-testid="stVegaLiteChart"] :is(.role-axis-label, .role-axis-title, .role-legend-label,
  .role-legend-title, .mark-text.role-mark) text {{
  fill: light-dark({LIGHT_TEXT}, {DARK_TEXT}) !important;
}}
</style>"""
"""Streamlit draws chart words in a light grey (3.9:1 on white, under AA's 4.5:1) and a spec
cannot know the theme; `light-dark()` follows the colour scheme Streamlit sets on the app, so a
page that adds this (with `st.html`) has chart words readable in either theme."""

HEIGHT = 240
DATE_FORMAT = "%d %b %Y"
AXIS_DATE_FORMAT = "%d %b"
AXIS_FONT = 14
"""Axis and legend text, in pixels. Its colour is left to the page (`CHART_TEXT_CSS`)."""

SHORT_WEEKS = 4
"""Up to this many weeks shown, bars are drawn narrow with their numbers written above them: a
single week drawn edge to edge reads as a wall, not a bar."""
SHORT_BAR_WIDTH = 36
LINE_HEIGHT = 16
AXIS_LABELS_MAX = 13
"""The most week labels an axis carries (more are thinned to every n-th week); Vega-Lite
hides any that would still overlap on a narrow phone."""
MID_WEEK = pd.Timedelta(days=3, hours=12)
"""Thursday noon: the middle of a Monday-to-Sunday week, where its bar, point and label sit."""

STATUS_LABELS = {
    WeekStatus.MET: "Target met",
    WeekStatus.MISSED: "Below target",
    WeekStatus.IN_PROGRESS: "This week so far",
    WeekStatus.PAUSED: "Paused",
}
STATUS_COLOURS = {
    WeekStatus.MET: BLUE,
    WeekStatus.MISSED: ORANGE,
    WeekStatus.IN_PROGRESS: SKY,
    WeekStatus.PAUSED: GREY,
}


Span = tuple[dt.date, dt.date]
"""The first day and the day after the last of the weeks shown: every chart's time axis."""


ChartFrames = Mapping[str, Any]
"""A chart's frames by their role in it ("weeks", "pauses"…): DataFrames, or altair's
NamedData standing in for them when only the layout is wanted."""


@dataclass(frozen=True, slots=True)
class ChartParts:
    """A chart as the frames it draws and a layout that places them.

    The layout is a function of `shape` (the span, the axis's top, which statuses appear…) and
    of the frames only as data to refer to, never of their rows: after a save a page lays out
    the same shape again with new rows, so what the layout makes can be kept per shape and
    only the rows change (hamtrack_ui.altair_chart). `chart()` is the whole altair chart.
    """

    layout: Callable[[Hashable, ChartFrames], alt.TopLevelMixin]
    shape: Hashable
    frames: Mapping[str, pd.DataFrame]

    def chart(self) -> alt.TopLevelMixin:
        return self.layout(self.shape, self.frames)


def weeks_in(span: Span | None) -> int | None:
    """How many weeks a span covers (None without one)."""
    return None if span is None else max(1, (span[1] - span[0]).days // 7)


def is_short(span: Span | None, rows: int) -> bool:
    """Whether the chart has few enough weeks to draw narrow bars with their numbers."""
    weeks = weeks_in(span)
    return (weeks if weeks is not None else rows) <= SHORT_WEEKS


def week_ticks(span: Span, *, most: int = AXIS_LABELS_MAX) -> list[str]:
    """The axis ticks of a span: the middle of every week (every n-th week on a long span, no
    more than `most`), so each label sits under its week's bar, not between two bars. Local
    date-times, as the browser reads the data's own."""
    weeks = weeks_in(span) or 1
    step = -(-weeks // max(1, most))
    first = pd.Timestamp(span[0]) + MID_WEEK
    return [(first + pd.Timedelta(weeks=n)).isoformat() for n in range(0, weeks, step)]


def _labels_year(span: Span) -> int:
    """The year a week label leaves out: the last week's (its Thursday's, the ISO year)."""
    return (span[1] - dt.timedelta(days=4)).year


def week_label(monday: dt.date, span: Span) -> str:
    """What the tick of the week starting `monday` says: '3 Mar', with the year when it is not
    the year of the last week shown (`_week_label_expr` is the same rule for the browser)."""
    day = f"{monday.day} {monday:%b}"
    return day if monday.year == _labels_year(span) else f"{day} {monday.year}"


def _week_label_expr(span: Span | None) -> str:
    """A tick at a week's middle labelled with its Monday: '3 Mar', with the year when it is
    not the year of the last week shown (as the page writes dates; `week_label` in Python)."""
    monday = f"datum.value - {int(MID_WEEK.total_seconds() * 1000)}"
    if span is None:
        return f"timeFormat({monday}, '%-d %b %Y')"
    this_year = _labels_year(span)
    return (
        f"year({monday}) == {this_year} ? timeFormat({monday}, '%-d %b') "
        f": timeFormat({monday}, '%-d %b %Y')"
    )


def _local(day: dt.date) -> str:
    return pd.Timestamp(day).isoformat()


def _x_time(field: str, title: str = "Week starting", span: Span | None = None) -> alt.X:
    # The browser reads the data's dates as its own local date-times, so the domain and the
    # ticks are written the same way ('2025-03-03T00:00:00': a bare '2025-03-03' would be read
    # as UTC and shift the axis against the bars by the browser's offset).
    if span is None:
        return alt.X(
            field=field,
            type="temporal",
            title=title,
            axis=alt.Axis(
                format=AXIS_DATE_FORMAT, labelOverlap=True, labelAngle=0, grid=False, ticks=True
            ),
        )
    return alt.X(
        field=field,
        type="temporal",
        title=title,
        scale=alt.Scale(domain=[_local(span[0]), _local(span[1])]),
        axis=alt.Axis(
            values=week_ticks(span),
            labelExpr=_week_label_expr(span),
            labelOverlap=True,
            labelAngle=0,
            labelFlush=False,
            grid=False,
            ticks=True,
        ),
    )


FINISH_CONFIG = alt.Config(
    axis=alt.AxisConfig(
        labelFontSize=AXIS_FONT, titleFontSize=AXIS_FONT, labelLimit=140, titlePadding=8
    ),
    legend=alt.LegendConfig(
        orient="bottom",
        labelFontSize=AXIS_FONT,
        titleFontSize=AXIS_FONT,
        direction="horizontal",
        columns=2,
    ),
)
"""Every on-screen chart's axis and legend text (never changed: each chart refers to it)."""

FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
"""Fit the width only: the height stays the plot's own, and a legend adds to it rather than
squeezing the plot (what "fit" does on a narrow phone)."""


def _with_properties(chart: alt.TopLevelMixin, **properties: object) -> alt.TopLevelMixin:
    """`chart.properties(**properties)`, set on `chart` itself: every caller passes a chart it
    has just built and keeps no other reference to. `.properties()` makes a new layered chart,
    which copies every layer whole again, and checks each value against the Vega-Lite schema;
    that was most of the time it took to finish a chart (tests/test_charts.py validates every
    chart function's whole spec instead)."""
    for key, value in properties.items():
        setattr(chart, key, value)
    return chart


def _finish(chart: alt.TopLevelMixin, *, description: str) -> alt.TopLevelMixin:
    return _with_properties(
        chart,
        width="container",
        height=HEIGHT,
        description=description,
        autosize=FIT_WIDTH,
        config=FINISH_CONFIG,
    )


WEEK_FORMAT = "%G-W%V"
"""The ISO week of a week's Monday, as tooltips name it ('2025-W01'): no label column sent."""


def _compact(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as small as Arrow can carry it: whole numbers in the fewest bytes, repeated text
    as a dictionary. What the browser receives grows with the weeks shown, so every byte a row
    saves counts ten-year-fold."""
    frame = frame.reset_index(drop=True)
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_bool_dtype(values):
            continue
        if pd.api.types.is_integer_dtype(values):
            frame[column] = pd.to_numeric(values, downcast="integer")
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            frame[column] = values.astype("category")
    return frame


def _chart_frame(columns: Mapping[str, Any]) -> pd.DataFrame:
    """Columns worked out as arrays or lists, made into one frame as `_compact` makes one:
    whole numbers in the fewest bytes, text as a dictionary. Trends' charts build theirs so
    after a save: a frame changed column by column, then compacted, cost three times as much."""
    made: dict[str, Any] = {}
    for name, values in columns.items():
        if isinstance(values, np.ndarray) and values.dtype.kind == "i":
            made[name] = pd.to_numeric(values, downcast="integer")
        elif isinstance(values, np.ndarray) and values.dtype.kind in "bfmM":
            made[name] = values
        else:
            made[name] = pd.Categorical(values)
    return pd.DataFrame(made)


_NOON = np.timedelta64(12, "h")
_MID_WEEK = MID_WEEK.to_timedelta64()
_SIX_DAYS = np.timedelta64(6, "D")


def _pause_frame(pauses: pd.DataFrame | None) -> pd.DataFrame | None:
    """Paused periods as the pause bands draw them (None when there are none)."""
    if pauses is None or pauses.empty:
        return None
    data = pauses[["start", "end", "label"]].copy()
    data["last_day"] = data["end"] - pd.Timedelta(days=1)
    return data


def _pause_layer(data: Any) -> list[alt.Chart]:
    """Paused periods as grey bands across the chart's height, named in their tooltip."""
    return [
        alt.Chart(data)
        .mark_rect(color=GREY, opacity=0.18)
        .encode(
            x=alt.X(field="start", type="temporal"),
            x2=alt.X2(field="end"),
            tooltip=[
                alt.Tooltip(field="label", type="nominal", title="Pause"),
                alt.Tooltip(field="start", type="temporal", title="From", format=DATE_FORMAT),
                alt.Tooltip(field="last_day", type="temporal", title="To", format=DATE_FORMAT),
            ],
        )
    ]


def _with_pauses(frames: dict[str, pd.DataFrame], pauses: pd.DataFrame | None) -> bool:
    """Add the pause bands' frame to `frames` when there are any; whether there were."""
    data = _pause_frame(pauses)
    if data is not None:
        frames["pauses"] = data
    return data is not None


def _week_bars(starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Monday noon to Sunday noon for each week starting on `starts`: the bar's middle is the
    week's middle, under its label, and whole days apart from the next week's bar. Tooltips
    format only the date, so the noon never shows; in any time zone it stays the same day."""
    return starts + _NOON, starts + _NOON + _SIX_DAYS


STATUS_WORDS = {
    WeekStatus.MET: "met",
    WeekStatus.MISSED: "below",
    WeekStatus.IN_PROGRESS: "so far",
    WeekStatus.PAUSED: "paused",
}
"""The word under a short chart's count: the status in words, not in colour alone."""


def adherence_chart(
    weekly: pd.DataFrame, *, pauses: pd.DataFrame | None = None, span: Span | None = None
) -> alt.Chart:
    """Days with a session per week as bars centred on their week, coloured by how the week
    stands, with the week's target as a dashed line. Up to `SHORT_WEEKS` weeks the bars are
    narrow and each carries its count and status in words ('2 of 3', 'so far').

    `weekly` is `adherence.weekly_adherence` output (the weeks to show).
    """
    return adherence_parts(weekly, pauses=pauses, span=span).chart()


def adherence_parts(
    weekly: pd.DataFrame, *, pauses: pd.DataFrame | None = None, span: Span | None = None
) -> ChartParts:
    """`adherence_chart` as its frames and layout."""
    starts = weekly["week_start"].to_numpy()
    done = weekly["session_days"].to_numpy()
    needed = weekly["sessions_needed"].to_numpy()
    status = weekly["status"].tolist()
    short = is_short(span, len(weekly))
    statuses = tuple(s for s in STATUS_LABELS if s in set(status)) or tuple(STATUS_LABELS)
    bar_start, bar_end = _week_bars(starts)
    columns: dict[str, Any] = {
        "week_start": bar_start,
        "week_end": bar_end,
        "session_days": done,
        "sessions_needed": needed,
        "percent": np.round(weekly["percent"].to_numpy(dtype="float64"), 0),
        "status": [STATUS_LABELS.get(s) for s in status],
        "paused_days": weekly["paused_days"].to_numpy(),
        "habit_score": np.round(weekly["habit_score"].to_numpy(dtype="float64"), 0).astype("int64"),
    }
    if short:
        columns["mid_week"] = starts + _MID_WEEK
        columns["label"] = [
            STATUS_WORDS[WeekStatus.PAUSED]
            if s == WeekStatus.PAUSED
            else f"{days} of {need}\n{STATUS_WORDS.get(s, s)}"
            for days, need, s in zip(done.tolist(), needed.tolist(), status, strict=True)
        ]
    data = _chart_frame(columns)
    top = max(int(data["sessions_needed"].max()), int(data["session_days"].max()), 1)
    frames = {"weeks": data}
    paused = _with_pauses(frames, pauses)
    return ChartParts(_adherence_layout, (short, statuses, top, span, paused), frames)


def _adherence_layout(shape: Hashable, frames: ChartFrames) -> alt.TopLevelMixin:
    short, statuses, top, span, paused = shape  # type: ignore[misc]
    colour = alt.Color(
        field="status",
        type="nominal",
        title=None,
        scale=alt.Scale(
            domain=[STATUS_LABELS[s] for s in statuses],
            range=[STATUS_COLOURS[s] for s in statuses],
        ),
    )
    tooltip = [
        alt.Tooltip(field="week_start", type="temporal", title="Week", format=WEEK_FORMAT),
        alt.Tooltip(field="week_start", type="temporal", title="Starting", format=DATE_FORMAT),
        alt.Tooltip(field="session_days", type="quantitative", title="Days with a session"),
        alt.Tooltip(field="sessions_needed", type="quantitative", title="Target"),
        alt.Tooltip(field="percent", type="quantitative", title="Done (%)"),
        alt.Tooltip(field="status", type="nominal", title="Status"),
        alt.Tooltip(field="paused_days", type="quantitative", title="Paused days"),
        alt.Tooltip(field="habit_score", type="quantitative", title="Habit score"),
    ]
    # A short chart leaves room above the bars for their two lines of words.
    y_scale = alt.Scale(domain=[0, top + (2 if short else 1)], nice=False)
    y = alt.Y(
        field="session_days",
        type="quantitative",
        title="Days with a session",
        scale=y_scale,
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    # The layers share one dataset (sent once) and pick their rows with filters, and the
    # encodings they have in common are given once, on the layer: a chart of fewer parts is
    # quicker to build and to turn into its spec, which is what a save costs Trends.
    week_x = {"x": _x_time("week_start", span=span), "x2": alt.X2(field="week_end")}
    target = (
        alt.Chart()
        .mark_rule(color=TARGET, strokeDash=[5, 3], strokeWidth=2)
        .encode(y=alt.Y(field="sessions_needed", type="quantitative"))
        .transform_filter("datum.sessions_needed > 0")
    )
    if short:
        middle = {"x": _x_time("mid_week", span=span)}
        bars = (
            alt.Chart()
            .mark_bar(size=SHORT_BAR_WIDTH, stroke=OUTLINE, strokeWidth=1)
            .encode(y=y, y2=alt.Y2Datum(0), color=colour, **middle)
        )
        nothing = (
            alt.Chart()
            .mark_tick(orient="horizontal", size=SHORT_BAR_WIDTH, thickness=5)
            .encode(y=alt.YDatum(0), color=colour, **middle)
            .transform_filter("datum.session_days == 0")
        )
        # Two lines above the bar: Vega draws the second below the first, so the first is
        # lifted by a line. Words carry no tooltip of their own.
        words = (
            alt.Chart()
            .mark_text(
                baseline="bottom",
                dy=-6 - LINE_HEIGHT,
                lineBreak="\n",
                lineHeight=LINE_HEIGHT,
                fontSize=AXIS_FONT,
                fontWeight="bold",
            )
            .encode(
                y=alt.Y(field="session_days", type="quantitative"),
                text=alt.Text(field="label", type="nominal"),
                tooltip=alt.TooltipValue(None),
                **middle,
            )
        )
        layers = [bars, nothing, target.encode(**week_x), words]
        shared = {"tooltip": tooltip}
    else:
        bars = (
            alt.Chart()
            .mark_bar(stroke=OUTLINE, strokeWidth=1)
            # From zero: a bar with both x ends given would otherwise lie flat at its value.
            .encode(y=y, y2=alt.Y2Datum(0), color=colour)
        )
        # A week with no session has no bar to see or point at: a thick line on the floor.
        nothing = (
            alt.Chart()
            .mark_rule(strokeWidth=5)
            .encode(y=alt.YDatum(0), color=colour)
            .transform_filter("datum.session_days == 0")
        )
        layers = [bars, nothing, target]
        shared = {**week_x, "tooltip": tooltip}
    return _finish(
        # One level of layers: the pauses bring their own rows and give every shared channel
        # their own value.
        alt.layer(
            *(_pause_layer(frames["pauses"]) if paused else []),
            *layers,
            data=frames["weeks"],
        ).encode(**shared),
        description="Days with an exercise session each week, against the weekly target.",
    )


def pain_chart(
    weekly: pd.DataFrame,
    daily: pd.DataFrame | None = None,
    *,
    pauses: pd.DataFrame | None = None,
    span: Span | None = None,
) -> alt.Chart:
    """Pain over the weeks: each week's mean as a bold line, each day's mean as a faint point
    (or, without days, each week's lowest-to-highest range as a faint band), the severe zone
    (7–10) shaded. Up to `SHORT_WEEKS` weeks each week's mean is also written beside its point.

    `weekly` is `trends.weekly_pain` output; `daily` is `trends.daily_points` output.
    """
    return pain_parts(weekly, daily, pauses=pauses, span=span).chart()


def pain_parts(
    weekly: pd.DataFrame,
    daily: pd.DataFrame | None = None,
    *,
    pauses: pd.DataFrame | None = None,
    span: Span | None = None,
) -> ChartParts:
    """`pain_chart` as its frames and layout."""
    starts = weekly["week_start"].to_numpy()
    short = is_short(span, len(weekly))
    # The week's point sits mid-week (Thursday noon), among that week's daily points.
    data = _chart_frame(
        {
            "week_start": starts,
            "days_logged": weekly["days_logged"].to_numpy(),
            "pain_mean": np.round(weekly["pain_mean"].to_numpy(dtype="float64"), 1),
            "pain_min": weekly["pain_min"].to_numpy(),
            "pain_max": weekly["pain_max"].to_numpy(),
            "morning_pain_mean": np.round(weekly["morning_pain_mean"].to_numpy(dtype="float64"), 1),
            "mid_week": starts + _MID_WEEK,
        }
    )
    frames = {"weeks": data}
    with_days = daily is not None and not daily.empty
    if with_days:
        # At noon, the middle of its day, as the weeks' points sit at the middle of theirs.
        frames["days"] = _chart_frame(
            {
                "day": daily["day"].to_numpy() + _NOON,
                "pain": np.round(daily["pain"].to_numpy(dtype="float64"), 1),
            }
        )
    paused = _with_pauses(frames, pauses)
    return ChartParts(_pain_layout, (short, with_days, span, paused), frames)


def _pain_layout(shape: Hashable, frames: ChartFrames) -> alt.TopLevelMixin:
    short, with_days, span, paused = shape  # type: ignore[misc]
    y = alt.Y(
        field="pain_mean",
        type="quantitative",
        title="Pain (0–10)",
        scale=alt.Scale(domain=[0, 10], nice=False),
    )
    severe = (
        alt.Chart(pd.DataFrame({"low": [SEVERE_PAIN], "high": [10], "zone": ["Severe pain"]}))
        .mark_rect(color=VERMILLION, opacity=0.12)
        .encode(
            y=alt.Y(field="low", type="quantitative", scale=alt.Scale(domain=[0, 10], nice=False)),
            y2=alt.Y2(field="high"),
            tooltip=[alt.Tooltip(field="zone", type="nominal", title="Zone")],
        )
    )
    layers: list[alt.Chart] = [severe, *(_pause_layer(frames["pauses"]) if paused else [])]
    if with_days:
        layers.append(
            alt.Chart(frames["days"])
            .mark_circle(size=22, color=SKY, opacity=0.45)
            .encode(
                x=alt.X(field="day", type="temporal"),
                y=alt.Y(
                    field="pain", type="quantitative", scale=alt.Scale(domain=[0, 10], nice=False)
                ),
                tooltip=[
                    alt.Tooltip(field="day", type="temporal", title="Day", format=DATE_FORMAT),
                    alt.Tooltip(field="pain", type="quantitative", title="Pain that day (mean)"),
                ],
            )
        )
    weekly_layers = []
    if not with_days:
        weekly_layers.append(
            alt.Chart()
            .mark_area(color=SKY, opacity=0.3)
            .encode(
                x=alt.X(field="mid_week", type="temporal"),
                y=alt.Y(
                    field="pain_min",
                    type="quantitative",
                    scale=alt.Scale(domain=[0, 10], nice=False),
                ),
                y2=alt.Y2(field="pain_max"),
            )
            .transform_filter("datum.days_logged > 0")
        )
    tooltip = [
        alt.Tooltip(field="week_start", type="temporal", title="Week", format=WEEK_FORMAT),
        alt.Tooltip(field="week_start", type="temporal", title="Starting", format=DATE_FORMAT),
        alt.Tooltip(field="pain_mean", type="quantitative", title="Mean pain"),
        alt.Tooltip(field="pain_min", type="quantitative", title="Lowest"),
        alt.Tooltip(field="pain_max", type="quantitative", title="Highest"),
        alt.Tooltip(field="morning_pain_mean", type="quantitative", title="Mean morning pain"),
        alt.Tooltip(field="days_logged", type="quantitative", title="Days logged"),
    ]
    weekly_layers.append(
        alt.Chart()
        .mark_line(
            color=BLUE,
            strokeWidth=3,
            point=alt.OverlayMarkDef(color=BLUE, size=50, filled=True),
            invalid="break-paths-show-path-domains",
        )
        .encode(x=_x_time("mid_week", span=span), y=y, tooltip=tooltip)
    )
    if short:
        weekly_layers.append(
            alt.Chart()
            .mark_text(baseline="bottom", dy=-10, fontSize=AXIS_FONT, fontWeight="bold")
            .encode(
                x=alt.X(field="mid_week", type="temporal"),
                y=alt.Y(field="pain_mean", type="quantitative"),
                text=alt.Text(field="pain_mean", type="quantitative", format=".1f"),
            )
            .transform_filter("datum.days_logged > 0")
        )
    # One level of layers, the weeks' rows as the chart's own data (the zone, pauses and days
    # bring theirs): a nested layer is copied whole again when the chart is built.
    return _finish(
        alt.layer(*layers, *weekly_layers, data=frames["weeks"]),
        description="Weekly mean pain as a line, daily pain as faint points, severe zone shaded.",
    )


def questionnaire_chart(
    scores: pd.DataFrame,
    *,
    band: tuple[float, float],
    baseline: float,
    span: Span | None = None,
) -> alt.Chart:
    """Questionnaire scores over time (0–100, lower is better), with the band around the first
    score inside which a change is not yet meaningful (10 points, docs/rules.md §6).

    `scores` is `trends.questionnaire_series` output.
    """
    data = scores[["day", "percent", "band_label", "change", "meaningful"]].copy()
    data["day"] = data["day"] + pd.Timedelta(hours=12)  # the middle of its day
    data["percent"] = data["percent"].astype("float64").round(0).astype("int64")
    data["change"] = data["change"].astype("float64").round(0).astype("int64")
    data["meaningful"] = data["meaningful"].map({True: "Yes", False: "Not yet"})
    data = _compact(data)
    scale = alt.Scale(domain=[0, 100], nice=False)
    band_data = pd.DataFrame(
        {
            "low": [band[0]],
            "high": [band[1]],
            "baseline": [round(baseline)],
            "zone": ["No meaningful change from your first score"],
        }
    )
    zone = (
        alt.Chart(band_data)
        .mark_rect(color=GREEN, opacity=0.15)
        .encode(
            y=alt.Y(field="low", type="quantitative", scale=scale),
            y2=alt.Y2(field="high"),
            tooltip=[
                alt.Tooltip(field="zone", type="nominal", title="Band"),
                alt.Tooltip(field="baseline", type="quantitative", title="First score"),
            ],
        )
    )
    baseline_rule = (
        alt.Chart(band_data)
        .mark_rule(color=GREEN, strokeDash=[5, 3], strokeWidth=2)
        .encode(y=alt.Y(field="baseline", type="quantitative", scale=scale))
    )
    line = (
        alt.Chart(data)
        .mark_line(color=BLUE, strokeWidth=3, point=alt.OverlayMarkDef(color=BLUE, size=60))
        .encode(
            x=_x_time("day", span=span),
            y=alt.Y(
                field="percent",
                type="quantitative",
                title="Score (0–100, lower is better)",
                scale=scale,
            ),
            tooltip=[
                alt.Tooltip(field="day", type="temporal", title="Date", format=DATE_FORMAT),
                alt.Tooltip(field="percent", type="quantitative", title="Score"),
                alt.Tooltip(field="band_label", type="nominal", title="Meaning"),
                alt.Tooltip(field="change", type="quantitative", title="Change since first"),
                alt.Tooltip(field="meaningful", type="nominal", title="Meaningful change"),
            ],
        )
    )
    words = []
    if is_short(span, len(data)):
        words.append(
            alt.Chart(data)
            .mark_text(baseline="bottom", dy=-10, fontSize=AXIS_FONT, fontWeight="bold")
            .encode(
                x=alt.X(field="day", type="temporal"),
                y=alt.Y(field="percent", type="quantitative", scale=scale),
                text=alt.Text(field="percent", type="quantitative"),
            )
        )
    return _finish(
        alt.layer(zone, baseline_rule, line, *words),
        description="Back questionnaire score over time with the band of no meaningful change.",
    )


def volume_chart(volume: pd.DataFrame, *, exercise: str, span: Span | None = None) -> alt.Chart:
    """One exercise's weekly volume (total reps, or seconds held) as bars centred on their
    week, shaded by the heaviest band used that week; up to `SHORT_WEEKS` weeks the bars are
    narrow and carry their amount in numbers.

    `volume` is `trends.exercise_volume` output; only `exercise`'s rows are drawn.
    """
    return volume_parts(volume, exercise=exercise, span=span).chart()


def volume_parts(volume: pd.DataFrame, *, exercise: str, span: Span | None = None) -> ChartParts:
    """`volume_chart` as its frames and layout."""
    mine = volume["exercise"].to_numpy() == exercise

    def column(name: str, dtype: str | None = None) -> np.ndarray:
        return volume[name].to_numpy(dtype=dtype)[mine]

    units = column("unit")
    unit = units[0] if len(units) else "reps"
    starts = column("week_start")
    short = is_short(span, len(starts))
    bar_start, bar_end = _week_bars(starts)
    columns: dict[str, Any] = {
        "week_start": bar_start,
        "times": column("times"),
        "sets": column("sets"),
        "volume": column("volume"),
        "pain_mean": np.round(column("pain_mean", "float64"), 1),
    }
    if short:
        columns["mid_week"] = starts + _MID_WEEK
    columns["week_end"] = bar_end
    columns["band"] = [BAND_LEVELS[int(level)] for level in column("band_max").tolist()]
    data = _chart_frame(columns)
    used = tuple(b for b in BAND_LEVELS if b in set(data["band"].astype(str)))
    return ChartParts(_volume_layout, (short, unit, used, span, exercise), {"weeks": data})


def _volume_layout(shape: Hashable, frames: ChartFrames) -> alt.TopLevelMixin:
    short, unit, used, span, exercise = shape  # type: ignore[misc]
    data = frames["weeks"]
    title = "Seconds held in the week" if unit == "seconds" else "Reps in the week"
    # A light-to-dark blue ramp: heavier bands read as darker, in any colour vision; the bars'
    # outline keeps the palest and the darkest visible on a light and on a dark page.
    ramp = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"]
    y = alt.Y(field="volume", type="quantitative", title=title)
    encoding = {
        "y": y,
        "y2": alt.Y2Datum(0),
        "color": alt.Color(
            field="band",
            type="nominal",
            title="Band used",
            sort=list(used),
            scale=alt.Scale(domain=list(used), range=[ramp[BAND_LEVELS.index(b)] for b in used]),
            # An exercise never done with a band has nothing for a legend to tell.
            legend=None if used == (BAND_LEVELS[0],) else alt.Legend(),
        ),
        "tooltip": [
            alt.Tooltip(field="week_start", type="temporal", title="Week", format=WEEK_FORMAT),
            alt.Tooltip(field="week_start", type="temporal", title="Starting", format=DATE_FORMAT),
            alt.Tooltip(field="times", type="quantitative", title="Days done"),
            alt.Tooltip(field="sets", type="quantitative", title="Sets"),
            alt.Tooltip(field="volume", type="quantitative", title=title),
            alt.Tooltip(field="band", type="nominal", title="Band"),
            alt.Tooltip(field="pain_mean", type="quantitative", title="Mean pain during"),
        ],
    }
    if short:
        middle = alt.Chart(data).encode(x=_x_time("mid_week", span=span))
        bars = middle.mark_bar(size=SHORT_BAR_WIDTH, stroke=OUTLINE, strokeWidth=1).encode(
            **encoding
        )
        words = middle.mark_text(
            baseline="bottom", dy=-6, fontSize=AXIS_FONT, fontWeight="bold"
        ).encode(
            y=alt.Y(field="volume", type="quantitative"),
            text=alt.Text(field="volume", type="quantitative", format=".0f"),
        )
        chart = alt.layer(bars, words)
    else:
        chart = (
            alt.Chart(data)
            .mark_bar(stroke=OUTLINE, strokeWidth=1)
            .encode(x=_x_time("week_start", span=span), x2=alt.X2(field="week_end"), **encoding)
        )
    return _finish(chart, description=f"Weekly volume of {exercise}.")


# =============================================================================================
# Return to sport (docs/rules.md §9): symmetry between the legs over the weeks.


def symmetry_chart(symmetry: pd.DataFrame, *, test: str) -> alt.Chart:
    """One test's symmetry over the weeks, with the line it must reach (90 %, or 10°/10 %).

    `symmetry` is `return_to_sport_view.symmetry_frame` output; only `test`'s rows are drawn.
    For strength and the bridge the index must reach the dashed line from below; for range the
    difference must stay at or under it, so the y axis title says which way is better. Each
    point's tooltip holds the sentence the checklist uses.
    """
    rows = symmetry[symmetry["test"] == test]
    unit = rows["unit"].iloc[0] if len(rows) else "%"
    line = int(rows["line"].iloc[0]) if len(rows) else 90
    index = test in ("strength", "bridge")
    data = rows[["day", "value", "shown", "meets", "text"]].copy()
    data["verdict"] = data.pop("meets").map({True: "Reaches the line", False: "Not yet"})
    data = _compact(data)
    if index:
        title = "Injured ÷ other leg (%), higher is better"
    elif unit == "°":
        title = "Extra deficit of the injured leg (°), lower is better"
    else:
        title = "How much lower the injured leg rises (%), lower is better"
    points = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=70, filled=True), color=BLUE)
        .encode(
            x=_x_time("day", title="Date tested"),
            y=alt.Y(field="value", type="quantitative", title=title, scale=alt.Scale(zero=index)),
            tooltip=[
                alt.Tooltip(field="day", type="temporal", title="Tested", format=DATE_FORMAT),
                alt.Tooltip(field="shown", type="nominal", title="Figure"),
                alt.Tooltip(field="verdict", type="nominal", title="Against the line"),
                alt.Tooltip(field="text", type="nominal", title="Both legs"),
            ],
        )
    )
    target = (
        alt.Chart(pd.DataFrame({"line": [line]}))
        .mark_rule(color=VERMILLION, strokeDash=[6, 4], size=2)
        .encode(
            y=alt.Y(field="line", type="quantitative"),
            tooltip=[alt.Tooltip(field="line", type="quantitative", title=f"Line ({unit})")],
        )
    )
    return _finish(
        alt.layer(target, points),
        description=f"The {test} symmetry by date tested, with the line at {line}{unit.strip()}.",
    )
